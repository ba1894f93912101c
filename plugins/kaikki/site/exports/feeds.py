"""The feeds of new and updated cards, Atom and RSS 2.0, per language, with ``feedgen``. No MkDocs here.

``atom.xml`` and ``rss.xml`` of the Finnish site and ``atom.sv.xml``, ``rss.sv.xml`` of the Swedish one,
all at the root of the built site (:func:`feed_path`). Not in ``sv/``: the theme's script fetches
``sitemap.xml`` beside every ``<link rel="alternate">`` of a page (the autodiscovery link too), and only
the root has one, so a feed in ``sv/`` would cost every Swedish page a request that fails.

An entry is a card in the reader's language: its title, summary, page address and collection, ``published``
its ``published`` date and ``updated`` its ``updated`` date (or ``published``), newest first, at most
:data:`MAX_ENTRIES`. The entry id is a ``tag:`` URI of the bundle key and language (it survives a move of
the site) and every time comes from the cards, none from the clock: one commit gives the same feed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time

from feedgen.feed import FeedGenerator

from kaikki.content.card import Card, card_of
from kaikki.content.fields import is_date
from kaikki.content.model import LANGUAGES, Library
from kaikki.site.exports import ID_DOMAIN, SiteUrls
from kaikki.site.strings import ui

MAX_ENTRIES = 50
"""The newest cards a feed carries; readers poll it, so older ones are already theirs."""
FEED_KINDS = ("atom", "rss")
MEDIA_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}
_TAG_DATE = "2025"
"""The date of the ``tag:`` URIs' authority (RFC 4151): fixed for ever, like the ids it makes."""


def feed_path(kind: str, lang: str, default_lang: str = LANGUAGES[0]) -> str:
    """Where a feed is in the built site: ``atom.xml`` (default language) or ``atom.sv.xml``."""
    return f"{kind}.xml" if lang == default_lang else f"{kind}.{lang}.xml"


def entry_id(key: str, lang: str) -> str:
    """``tag:kaikki-mukaan.example,2025:fi/practices/x``."""
    return f"tag:{ID_DOMAIN},{_TAG_DATE}:{lang}/{key}"


def card_times(card: Card) -> tuple[datetime, datetime] | None:
    """``(published, updated)`` as times (midnight UTC of each day), or ``None`` without a valid date."""
    if not is_date(card.published):
        return None
    published = _day(card.published)
    updated = _day(card.updated) if is_date(card.updated) else published
    return published, max(published, updated)


def feed_files(
    library: Library, urls: SiteUrls, site_names: Mapping[str, str] | None = None
) -> dict[str, bytes]:
    """The Atom and RSS feeds of both languages, ``{site path: bytes}``."""
    files: dict[str, bytes] = {}
    for lang in LANGUAGES:
        dated = []
        for bundle in library.bundles.values():
            card = card_of(bundle, lang)
            times = card_times(card)
            if times is not None:
                dated.append((times, card))
        # Newest change first; the key breaks ties so that the order never depends on loading.
        dated.sort(key=lambda pair: (pair[0][1], pair[0][0], pair[1].key), reverse=True)
        newest = dated[:MAX_ENTRIES]
        name = (site_names or {}).get(lang) or ui(lang, "site.name")
        for kind in FEED_KINDS:
            feed = _feed(kind, lang, name, urls, newest)
            data = feed.atom_str(pretty=True) if kind == "atom" else feed.rss_str(pretty=True)
            files[feed_path(kind, lang, urls.default_lang)] = data
    return files


def _feed(
    kind: str,
    lang: str,
    name: str,
    urls: SiteUrls,
    entries: list[tuple[tuple[datetime, datetime], Card]],
) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(f"tag:{ID_DOMAIN},{_TAG_DATE}:{lang}/feed")
    feed.title(ui(lang, "feed.title", site=name))
    feed.subtitle(ui(lang, "feed.subtitle"))
    feed.language(lang)
    feed.author({"name": name})
    feed.generator("kaikki-mukaan")
    # feedgen writes the last link as the channel's <link> in RSS: the home page there, the feed itself
    # (rel="self") in Atom.
    self_url = urls.file(urls.default_lang, feed_path(kind, lang, urls.default_lang))  # all at the root
    feed.link(href=self_url, rel="self", type=MEDIA_TYPES[kind])
    feed.link(href=urls.root(lang), rel="alternate", type="text/html")
    newest = entries[0][0][1] if entries else datetime(2020, 1, 1, tzinfo=UTC)
    feed.updated(newest)
    feed.lastBuildDate(newest)  # feedgen's default is the clock
    for (published, updated), card in reversed(entries):  # feedgen puts each new entry first
        entry = feed.add_entry()
        entry.id(entry_id(card.key, lang))
        entry.guid(entry_id(card.key, lang), permalink=False)
        entry.title(card.title or card.slug)
        entry.link(href=urls.page(lang, card.key), rel="alternate", type="text/html")
        if card.summary:
            entry.summary(card.summary)  # also RSS's description
        entry.published(published)
        entry.updated(updated)
        entry.category(term=card.collection, label=ui(lang, f"collection.one.{card.collection}"))
    return feed


def _day(value: str) -> datetime:
    return datetime.combine(date.fromisoformat(value), time(0), UTC)
