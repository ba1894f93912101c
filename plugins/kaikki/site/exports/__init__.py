"""Exports: the site's content as data for others — calendars, feeds, open data and JSON-LD. No MkDocs here.

Derived data like the pages: pure functions of the library's :class:`~kaikki.content.card.Card`s, computed
once a build. :func:`build_exports` returns every file as ``{site path: bytes}`` (paths in the built site,
the Swedish ones under ``sv/``); the MkDocs adapter writes them into the building folder before the audit
and the atomic swap (:mod:`kaikki.mkdocs.postbuild`). JSON-LD is not a file: the adapter puts
:func:`kaikki.site.exports.jsonld.card_jsonld` into each card page.

- :mod:`.calendar`: ``meetings/calendar.ics`` (every meeting), ``networks/<slug>/calendar.ics`` and a
  single-event ``meetings/<slug>/<slug>.ics`` beside each dated meeting's page;
- :mod:`.feeds`: ``atom.xml`` and ``rss.xml`` of new and updated cards;
- :mod:`.opendata`: ``data/cards.json``, ``data/cards.csv`` and the Frictionless ``data/datapackage.json``.

Absolute addresses come from ``site_url`` (:class:`SiteUrls`). Identifiers that must outlive a move of
the site (calendar UIDs, feed entry ids) use the fixed :data:`ID_DOMAIN` instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kaikki.content.model import LANGUAGES, Library

ID_DOMAIN = "kaikki-mukaan.example"
"""The domain of calendar UIDs and feed ids: fixed, not ``site_url``'s host, so that they survive a move of
the site (a subscriber's calendar would otherwise see every meeting deleted and added again). PLACEHOLDER
like ``site_url``: a maintainer may change it once, before the site is announced, never after."""


@dataclass(frozen=True, slots=True)
class SiteUrls:
    """Absolute addresses of the built site.

    Attributes:
        site_url: ``site_url`` of ``mkdocs.yml`` (``https://host/path/``).
        default_lang: The language at the root; the others are in ``<lang>/``.
        directory_urls: MkDocs' ``use_directory_urls`` (``x/`` rather than ``x/index.html``).
    """

    site_url: str
    default_lang: str = LANGUAGES[0]
    directory_urls: bool = True

    def tree(self, lang: str) -> str:
        """The folder of a language's pages in the site: ``""`` or ``sv/``."""
        return "" if lang == self.default_lang else f"{lang}/"

    def file(self, lang: str, path: str) -> str:
        """The address of ``path`` (``data/cards.csv``) in the tree of ``lang``."""
        return f"{self.site_url.rstrip('/')}/{self.tree(lang)}{path}"

    def page(self, lang: str, key: str) -> str:
        """The address of a card's page (``practices/x``) in ``lang``."""
        return self.file(lang, f"{key}/" if self.directory_urls else f"{key}/index.html")

    def root(self, lang: str) -> str:
        """The address of a language's home page."""
        return self.file(lang, "")


def build_exports(
    library: Library,
    urls: SiteUrls,
    changed: Mapping[str, int] | None = None,
    site_names: Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """Every export file of the site, ``{site path: bytes}``, in both languages.

    Args:
        library: The checked library the site is built from.
        urls: The site's addresses.
        changed: Bundle key → Unix seconds of the last commit that touched its language files (from git;
            empty outside a checkout): the calendars' ``SEQUENCE`` and ``DTSTAMP``.
        site_names: The site's name per language (feed and calendar titles); the UI catalogue's otherwise.
    """
    from kaikki.site.exports import calendar, feeds, opendata

    files: dict[str, bytes] = {}
    files.update(calendar.calendar_files(library, urls, changed or {}))
    files.update(feeds.feed_files(library, urls, site_names))
    files.update(opendata.open_data_files(library, urls, site_names))
    return files


def page_exports(library: Library, urls: SiteUrls, lang: str, key: str = "") -> dict[str, str]:
    """What a page of ``lang`` links or embeds of the exports, for its template.

    Every page: ``feed``, the site path of its language's Atom feed (the head's autodiscovery link). A card
    page (``key``) also: ``jsonld``, the text of its ``<script type="application/ld+json">`` (escaped, see
    :func:`kaikki.site.exports.jsonld.script_text`); a dated meeting ``calendar``, the name of its
    single-event file beside the page; a network ``subscribe``, its calendar's name beside the page.
    """
    from kaikki.content.card import card_of
    from kaikki.site.exports import calendar, feeds, jsonld

    found = {"feed": feeds.feed_path("atom", lang, urls.default_lang)}
    bundle = library.bundles.get(key) if key else None
    if bundle is None:
        return found
    card = card_of(bundle, lang)
    found["jsonld"] = jsonld.script_text(jsonld.card_jsonld(card, library, urls))
    single = calendar.single_event_file(card)
    if single:
        found["calendar"] = single
    if card.collection == "networks":
        found["subscribe"] = calendar.NETWORK_CALENDAR
    return found


__all__ = ["ID_DOMAIN", "SiteUrls", "build_exports", "page_exports"]
