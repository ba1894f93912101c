"""Derives the site from a loaded library: card pages, listings, assets and redirects, per language.

``build_site(library)`` is the one entry point. It runs once per build and is pure: no files are written
and nothing here imports MkDocs. Every card is generated in both languages; a missing twin shows the
other language's text (``fallback``), so a Finnish-only card exists in the Swedish tree and a
Swedish-only card in the Finnish tree.

Meetings are ordered for organisers: upcoming first (from "today" at build time, injectable as ``today``
or by ``SOURCE_DATE_EPOCH``, so a build is reproducible), soonest first, then past meetings by term, newest
first; a collection page, a network page and the home pages (:attr:`SiteModel.meetings`) show that order.
An agenda item's ``presents`` links the practices and tools it presented, and each of those cards shows
the meetings that presented it.

The listings, their place in the navigation and on the search page, and the facts panel's links to them
come from the table in :mod:`kaikki.site.listings`. The work is linear in the number of cards: one pass
(:meth:`_Deriver._index`) records which cards name each value of each listed field, each network and each
card, and every listing and backlink reads those indexes.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kaikki.content import schema
from kaikki.content.card import ADOPTABLE, Card, card_of
from kaikki.content.model import COLLECTIONS, LANGUAGES, Bundle, Document, Library
from kaikki.content.schema import ALLOWED_ATTACHMENT_TYPES
from kaikki.content.urls import check_url, is_address
from kaikki.site.listings import (
    LISTINGS,
    SOURCE_COLLECTIONS,
    SOURCE_MUNICIPALITIES,
    SOURCE_VOCABULARY,
    ListingSpec,
    collection_uri,
    listing_uri,
    municipality_uri,
)
from kaikki.site.model import (
    PAGE_CARD,
    PAGE_LISTING,
    PAGE_SEARCH,
    Asset,
    Attachment,
    Entry,
    Fact,
    Group,
    Link,
    PageView,
    Redirect,
    SiteModel,
    SitePage,
)
from kaikki.site.strings import ui
from kaikki.site.text import (
    body_links,
    collation_key,
    date_sort_value,
    format_date,
    format_size,
    format_time,
    rewrite_body,
)

CARD_TEMPLATE = "kaikki/card.html"
LISTING_TEMPLATE = "kaikki/listing.html"
SEARCH_TEMPLATE = "kaikki/search.html"

UNTRANSLATED_URI = "untranslated/index.md"
SEARCH_URI = "search/index.md"
PAGE_SIZE = 100
"""Entries on one page of a listing; longer listings continue at ``<listing>/2/``, ``3/``…"""


HELSINKI = ZoneInfo("Europe/Helsinki")
"""The site's one time zone: a meeting's day and times, and "today"."""
HOME_MEETINGS = 5
"""How many meetings the home page lists (upcoming first, then the latest past ones)."""
MEMBERS_ON_CARD = 10
"""How many of a network's cards its own page lists; a network with more has a listing of them all at
``networks/<slug>/members/`` (paginated like any listing), linked below the first ones, so that a card page
stays small however many cards a network gathers (issue 12: under 25 KB)."""


def build_day(environ: Mapping[str, str] | None = None) -> date:
    """Today in Helsinki, or the day of ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when set.

    What is "upcoming" depends on it; tests and reproducible builds fix it.
    """
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    now = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return now.astimezone(HELSINKI).date()


def meeting_last_day(value: str) -> str:
    """The last day a meeting's ``date`` may mean: the day itself, or a term's end (spring ends in July)."""
    if value.endswith("-spring"):
        return value[:4] + "-07-31"
    if value.endswith("-autumn"):
        return value[:4] + "-12-31"
    return value


def meeting_term(value: str) -> str:
    """The term of a meeting's ``date``: ``2022-10-13`` → ``2022-autumn`` (August to December)."""
    if value.endswith(("-spring", "-autumn")):
        return value
    return f"{value[:4]}-{'autumn' if value[5:7] >= '08' else 'spring'}" if len(value) >= 7 else value


def card_uri(key: str) -> str:
    """The source URI of a bundle's page: ``practices/x`` → ``practices/x/index.md``."""
    return f"{key}/index.md"


def build_site(
    library: Library,
    outdated: Mapping[str, str] | None = None,
    listings: Sequence[ListingSpec] = LISTINGS,
    today: date | None = None,
) -> SiteModel:
    """Derives every generated page of the site from ``library``.

    Args:
        library: A loaded library; bundles with errors should have been left out by the caller.
        outdated: Bundle key → the language whose twin is older than the other's last change (from git
            history, :func:`kaikki.history.translation_status`), listed on the translation status page.
        listings: The table of listings (:data:`kaikki.site.listings.LISTINGS`; tests pass their own).
        today: The day that divides upcoming from past meetings; by default :func:`build_day`.
    """
    return _Deriver(library, outdated or {}, tuple(listings), today or build_day()).run()


class _Deriver:
    def __init__(
        self,
        library: Library,
        outdated: Mapping[str, str],
        listings: tuple[ListingSpec, ...],
        today: date,
    ) -> None:
        self.library = library
        self.today = today.isoformat()
        self.outdated = outdated
        self.listings = listings
        self.bundles = dict(sorted(library.bundles.items()))
        self.backlinks: dict[str, set[str]] = defaultdict(set)
        self.members_of: dict[str, list[str]] = defaultdict(list)
        """Network slug → keys of the cards whose ``network`` names it, in key order."""
        self.presented_at: dict[str, list[str]] = defaultdict(list)
        """Practice or tool → keys of the meetings whose agenda presents it, in key order."""
        self.listed: dict[str, dict[str, list[str]]] = {spec.name: {} for spec in listings}
        """Listing name → value → keys of the cards that name it, in key order; values in first-seen order."""
        self.claims: dict[str, list[tuple[str, str]]] = defaultdict(list)
        """Municipality → (card key, field) for every field of the municipality listing that names it: a
        municipality's page groups its cards by what the card says of it (developed, adopted, hosted…)."""
        self.pages: dict[str, SitePage] = {}
        self.assets: list[Asset] = []
        self.redirects: list[Redirect] = []
        self.entries: dict[tuple[str, str], Entry] = {}
        self.cards: dict[tuple[str, str], Card] = {}

    # -- the whole site ----------------------------------------------------------------------------

    def run(self) -> SiteModel:
        self._index()
        for lang in LANGUAGES:
            for key, bundle in self.bundles.items():
                self.entries[(key, lang)] = self._entry(bundle, lang)
        for bundle in self.bundles.values():
            self._add_card(bundle)
            self._collect_assets_and_redirects(bundle)
        nav: list[str] = []
        browse: list[tuple[str, Callable[[str], str]]] = []
        for spec in self.listings:
            # A listing stands in the navigation and the browse list by its index page, or, without one,
            # by the page of each value (the collections).
            for uri, title in self._add_spec(spec):
                if spec.in_nav:
                    nav.append(uri)
                if spec.in_browse:
                    browse.append((uri, title))
        self._add_untranslated()
        self._add_search(browse)
        return SiteModel(self.pages, self.assets, self.redirects, nav, self._home_meetings())

    def _home_meetings(self) -> dict[str, dict[str, Any]]:
        """The home page's meetings per language: the upcoming ones, then the latest past ones by term, at
        most :data:`HOME_MEETINGS` in all."""
        keys = [k for k, b in self.bundles.items() if b.collection == "meetings"]
        found = {}
        for lang in LANGUAGES:
            meetings = self.meetings(keys, lang)
            room = max(0, HOME_MEETINGS - len(meetings["upcoming"]))
            past = []
            for group in meetings["past"]:
                if room <= 0:
                    break
                entries = group.entries[:room]
                room -= len(entries)
                past.append(Group(group.title, entries=entries, count=len(entries)))
            found[lang] = {"upcoming": meetings["upcoming"][:HOME_MEETINGS], "past": past, "all": bool(keys)}
        return found

    def _index(self) -> None:
        """One pass over the cards: backlinks, network members and the cards of every listed value."""
        for key, bundle in self.bundles.items():
            self._index_backlinks(key, bundle)
            network = bundle.fact("network")
            if isinstance(network, str):
                self.members_of[network].append(key)
            if bundle.collection == "meetings":
                for target in self._presented(bundle):
                    self.presented_at[target].append(key)
            for spec in self.listings:
                listed = self.listed[spec.name]
                for value in _listed_values(bundle, spec):
                    listed.setdefault(value, []).append(key)
                if spec.source == SOURCE_MUNICIPALITIES:
                    for name in spec.fields:
                        for value in _listed_values(bundle, spec, (name,)):
                            self.claims[value].append((key, name))

    # -- cards ---------------------------------------------------------------------------------------

    def _index_backlinks(self, key: str, bundle: Bundle) -> None:
        targets: set[str] = set()
        related = bundle.fact("related") or []
        targets.update(r for r in related if isinstance(r, str))
        for doc in bundle.docs.values():
            for _target, uri, _anchor in body_links(bundle.path, doc.body, doc.scan):
                if uri.endswith("/index.md"):
                    targets.add(uri[: -len("/index.md")])
        for target in targets:
            if target != key and target in self.bundles:
                self.backlinks[target].add(key)

    def _card(self, bundle: Bundle, lang: str) -> Card:
        """The bundle's checked fields for a reader of ``lang``, parsed once (:mod:`kaikki.content.card`)."""
        found = self.cards.get((bundle.key, lang))
        if found is None:
            found = self.cards[(bundle.key, lang)] = card_of(bundle, lang)
        return found

    def _entry(self, bundle: Bundle, lang: str) -> Entry:
        card = self._card(bundle, lang)
        title = card.title or bundle.slug
        meta_parts: list[str] = []
        if bundle.collection == "meetings":
            day = card.date
            if day:
                meta_parts.append(format_date(day, lang))
            if card.meeting_status == "cancelled":
                meta_parts.append(self.library.vocabulary.label("meeting_statuses", "cancelled", lang))
            # Upcoming meetings first, the soonest first; then past ones, the newest first.
            if self._upcoming(card):
                sort: tuple[Any, ...] = (0, date_sort_value(day), collation_key(title))
            else:
                sort = (1, _negate(date_sort_value(day)), collation_key(title))
        else:
            sort = (collation_key(title),)
        places = self._municipality_names(bundle, lang)
        if places:
            meta_parts.append(", ".join(places))
        return Entry(
            uri=card_uri(bundle.key),
            title=title,
            summary=card.summary,
            collection=bundle.collection,
            collection_label=ui(lang, f"collection.one.{bundle.collection}"),
            text_lang=card.text_lang,
            fallback=card.fallback,
            meta=" · ".join(meta_parts),
            sort_key=sort,
        )

    def _upcoming(self, card: Card) -> bool:
        """Whether a meeting is still to come: its day (a term's last day) is today or later."""
        return bool(card.date) and meeting_last_day(card.date) >= self.today

    def _presented(self, bundle: Bundle) -> list[str]:
        """The practices and tools a meeting's agenda presents, in either language, each once."""
        found: dict[str, None] = {}
        for lang in LANGUAGES:
            for item in self._card(bundle, lang).agenda:
                for target in item["presents"]:
                    if target in self.bundles and target != bundle.key:
                        found[target] = None
        return list(found)

    def meetings(self, keys: Iterable[str], lang: str) -> dict[str, Any]:
        """Meetings as organisers read them: ``upcoming`` entries (soonest first) and ``past`` groups, one a
        term (``Syksy 2022``), newest first."""
        upcoming: list[Entry] = []
        past: dict[str, list[Entry]] = {}
        for entry in self._sorted_entries(keys, lang):
            card = self._card(self.bundles[entry.uri.removesuffix("/index.md")], lang)
            if self._upcoming(card):
                upcoming.append(entry)
            else:
                past.setdefault(meeting_term(card.date), []).append(entry)
        groups = []
        for term, entries in past.items():
            title = format_date(term, lang) if term else ui(lang, "meetings.past")
            groups.append(Group(title[:1].upper() + title[1:], entries=entries, count=len(entries)))
        return {"upcoming": upcoming, "past": groups}

    def _municipality_names(self, bundle: Bundle, lang: str) -> list[str]:
        names = []
        for slug in _municipality_slugs(bundle):
            found = self.library.municipalities.get(slug)
            names.append(found.name(lang) if found else slug)
        return names

    def _add_card(self, bundle: Bundle) -> None:
        views: dict[str, PageView] = {}
        page_dir = bundle.key
        # Each card is listed once below a card: a network's own cards under "members", the cards it names
        # in ``related`` next, and only the rest of the cards that link to it under "backlinks".
        members = self._member_keys(bundle)
        related_keys = self._card(bundle, LANGUAGES[0]).related
        related = [k for k in dict.fromkeys(related_keys) if k not in members]
        # A network's meetings have their own section (upcoming first); a practice's meetings are listed
        # under "presented at", not again among the cards that link to it.
        meeting_keys = [k for k in members if k.startswith("meetings/")]
        members = [k for k in members if k not in meeting_keys]
        members_uri = self._add_members_listing(bundle, members) if len(members) > MEMBERS_ON_CARD else ""
        presented_at = self.presented_at.get(bundle.key, [])
        backlinks = sorted(
            self.backlinks.get(bundle.key, set())
            - set(members)
            - set(meeting_keys)
            - set(related)
            - set(presented_at)
        )
        for lang in LANGUAGES:
            card = self._card(bundle, lang)
            doc = card.doc
            title = card.title or bundle.slug
            summary = card.summary
            context: dict[str, Any] = {
                "collection": bundle.collection,
                "collection_label": ui(lang, f"collection.one.{bundle.collection}"),
                "collection_uri": collection_uri(bundle.collection),
                "summary": summary,
                "facts": self._facts(card, lang),
                "contacts": [dict(contact) for contact in card.contacts],
                "attachments": self._attachments(card, lang),
                "agenda": self._agenda(card, lang),
                "meeting": self._meeting_notes(card),
                "meetings": self.meetings(meeting_keys, lang) if meeting_keys else {},
                "presented_at": self._sorted_entries(presented_at, lang),
                "related": self._links(related, lang),
                "backlinks": self._links(backlinks, lang),
                "members": [self._link(e) for e in self._members(members, lang)[:MEMBERS_ON_CARD]],
                "members_all": {"uri": members_uri, "count": len(members)} if members_uri else {},
                "keywords": list(card.keywords),
            }
            views[lang] = PageView(
                lang=lang,
                title=title,
                template=CARD_TEMPLATE,
                markdown=rewrite_body(bundle.path, page_dir, doc.body, doc.scan),
                description=summary,
                text_lang=doc.lang,
                fallback=doc.lang != lang,
                edit_path=doc.path,
                new_file_path=f"{bundle.path}/index.{lang}.md" if doc.lang != lang else "",
                new_file_text=_new_twin_text(doc, lang) if doc.lang != lang else "",
                context=context,
            )
        uri = card_uri(bundle.key)
        self._add_page(SitePage(uri, PAGE_CARD, views, bundle_key=bundle.key))

    def _facts(self, card: Card, lang: str) -> list[Fact]:
        """The facts panel: the collection, then every field of the table marked ``fact``, in table order,
        each shown by its kind (:meth:`kaikki.content.fields.Kind.display`)."""
        view = _FactView(self)
        facts: list[Fact] = []

        def add(key: str, values: list[Link]) -> None:
            if values:
                # Of a practice or tool, ``municipalities`` are its developers (``adopted_by`` follows).
                label = "developers" if key == "municipalities" and card.collection in ADOPTABLE else key
                facts.append(Fact(key, ui(lang, f"facts.{label}"), values))

        collection = card.collection
        add(
            "collection",
            [Link(ui(lang, f"collection.one.{collection}"), uri=self._listing_uri("collection", collection))],
        )
        for spec in schema.fields_for(collection):
            if spec.fact:
                add(spec.name, spec.type.display(spec, getattr(card, spec.name), lang, view, card))
        return facts

    def _municipality_links(
        self, slugs: Iterable[str], lang: str, field_name: str, notes: Sequence[str] = ()
    ) -> list[Link]:
        """Municipalities linked to their pages; ``notes`` (an adoption's year) go with them in order."""
        links = []
        for index, slug in enumerate(slugs):
            if not slug:
                continue
            found = self.library.municipalities.get(slug)
            uri = self._listing_uri(field_name, slug)
            note = notes[index] if index < len(notes) else ""
            links.append(Link(found.name(lang) if found else slug, uri=uri, note=note))
        return links

    def _listing_uri(self, field_name: str, value: str) -> str:
        """The listing page of ``value`` of ``field_name`` in this build's table; ``""`` if none."""
        return listing_uri(field_name, value, self.listings)

    def _links(self, keys: Iterable[str], lang: str) -> list[Link]:
        return [self._link(self.entries[(key, lang)]) for key in keys if key in self.bundles]

    @staticmethod
    def _link(entry: Entry) -> Link:
        """A card named below another: its title, linked, and its type."""
        lang = entry.text_lang if entry.fallback else ""
        return Link(entry.title, uri=entry.uri, lang=lang, note=entry.collection_label)

    def _member_keys(self, bundle: Bundle) -> list[str]:
        """The cards of a network (those whose ``network`` names it); none for other cards."""
        if bundle.collection != "networks":
            return []
        return [k for k in self.members_of.get(bundle.slug, []) if k != bundle.key]

    def _members(self, keys: list[str], lang: str) -> list[Entry]:
        return self._sorted_entries(keys, lang)

    def _add_members_listing(self, bundle: Bundle, keys: list[str]) -> str:
        """A listing of every card of a network, below its page; returns its URI."""
        uri = f"{bundle.key}/members/index.md"

        def network(lang: str) -> str:
            return self._card(bundle, lang).title or bundle.slug

        self._add_listing(
            uri,
            title=lambda lang: ui(lang, "card.members.title", network=network(lang)),
            entries=lambda lang: self._members(keys, lang),
            intro=lambda lang: ui(lang, "card.members.intro", network=network(lang)),
        )
        return uri

    def _attachments(self, card: Card, lang: str) -> list[Attachment]:
        found: list[Attachment] = []
        for item in card.attachments:
            title, att_lang = item["title"], item["lang"]
            lang_label = self.library.vocabulary.label("languages", att_lang, lang) if att_lang else ""
            kind = item["kind"]
            role = self.library.vocabulary.label("attachment_kinds", kind, lang) if kind else ""
            if item["file"]:
                name = item["file"]
                ext = name.rpartition(".")[2].lower()
                path = self.library.root / card.path / name
                size = format_size(path.stat().st_size, lang) if path.is_file() else ""
                found.append(
                    Attachment(
                        title or name,
                        f"{card.key}/{name}",
                        ALLOWED_ATTACHMENT_TYPES.get(ext, ext.upper()),
                        size,
                        att_lang,
                        lang_label,
                        role=role,
                    )
                )
            elif _outside_href(item["url"]):
                url = item["url"]
                found.append(
                    Attachment(title or url, url, "", "", att_lang, lang_label, external=True, role=role)
                )
        return found

    def _meeting_notes(self, card: Card) -> dict[str, bool]:
        """What a meeting page says of itself in the reader's language: cancelled, only a term known, no
        agenda recorded. Empty for other cards."""
        if card.collection != "meetings":
            return {}
        return {
            "cancelled": card.meeting_status == "cancelled",
            "term_only": bool(card.date) and not card.date[-1].isdigit(),
            "no_agenda": not card.agenda,
        }

    def _agenda(self, card: Card, lang: str) -> list[dict[str, Any]]:
        rows = []
        for item in card.agenda:
            slides = item["slides"]
            # The same test as the checks' (kaikki.content.urls): an address is judged, never made a path.
            if is_address(slides):
                href = _outside_href(slides)
            else:
                href = f"{card.key}/{slides}" if slides and "/" not in slides else ""
            rows.append(
                {
                    "time": format_time(item["time"]) if item["time"] else "",
                    "title": item["title"],
                    "presenter": item["presenter"],
                    "slides": href,
                    "slides_external": is_address(href),
                    "presents": self._links(item["presents"], lang),
                }
            )
        return rows

    def _collect_assets_and_redirects(self, bundle: Bundle) -> None:
        for name in bundle.files:
            self.assets.append(Asset(f"{bundle.key}/{name}", f"{bundle.path}/{name}"))
        olds: set[str] = set()
        for lang in LANGUAGES:
            olds.update(self._card(bundle, lang).redirect_from)
        for old in sorted(olds):
            self.redirects.append(Redirect(old, card_uri(bundle.key)))

    # -- listings ------------------------------------------------------------------------------------

    def _sorted_entries(self, keys: Iterable[str], lang: str) -> list[Entry]:
        """The entries of ``keys`` in listing order: by collection, then each card's own order."""
        found = [self.entries[(key, lang)] for key in keys]
        return sorted(found, key=lambda e: (COLLECTIONS.index(e.collection), *e.sort_key))

    def _add_listing(
        self,
        uri: str,
        *,
        title: Callable[[str], str],
        entries: Callable[[str], list[Entry]] | None = None,
        groups: Callable[[str], list[Group]] | None = None,
        intro: Callable[[str], str] | None = None,
        in_nav: bool = False,
        kind: str = PAGE_LISTING,
        template: str = LISTING_TEMPLATE,
    ) -> None:
        listed = {lang: entries(lang) if entries else [] for lang in LANGUAGES}
        count = max(len(found) for found in listed.values())
        chunks = max(1, -(-count // PAGE_SIZE))
        uris = [uri] + [f"{uri.removesuffix('index.md')}{n}/index.md" for n in range(2, chunks + 1)]
        for number, page_uri in enumerate(uris, start=1):
            views = {}
            for lang in LANGUAGES:
                views[lang] = PageView(
                    lang=lang,
                    title=title(lang) if number == 1 else f"{title(lang)} ({number}/{chunks})",
                    template=template,
                    text_lang=lang,
                    description=intro(lang) if intro else "",
                    context={
                        "intro": intro(lang) if intro else "",
                        "entries": listed[lang][(number - 1) * PAGE_SIZE : number * PAGE_SIZE],
                        "groups": groups(lang) if groups and number == 1 else [],
                        "pagination": _pagination(uris, number),
                    },
                )
            self._add_page(SitePage(page_uri, kind, views, in_nav=in_nav and number == 1))

    def _add_page(self, page: SitePage) -> None:
        if page.uri in self.pages:  # e.g. a card slugged like a listing page
            raise ValueError(f"two generated pages at {page.uri}")
        self.pages[page.uri] = page

    def _add_spec(self, spec: ListingSpec) -> list[tuple[str, Callable[[str], str]]]:
        """Adds the pages of one listing; returns what stands for it in the navigation: (URI, title)."""
        listed = self.listed[spec.name]
        values = self._values(spec, listed)
        grouped = spec.source == SOURCE_MUNICIPALITIES  # a municipality's page groups its cards
        for value in values:

            def entries(lang: str, v: str = value) -> list[Entry]:
                return [] if grouped else self._sorted_entries(listed.get(v, ()), lang)

            def groups(lang: str, v: str = value) -> list[Group]:
                return self._municipality_groups(v, lang) if grouped else []

            self._add_listing(
                spec.value_uri(value),
                in_nav=spec.in_nav and not spec.index_page,
                title=lambda lang, v=value: self._value_title(spec, v, lang),
                intro=lambda lang, v=value: self._value_intro(spec, v, lang),
                entries=entries,
                groups=groups,
            )
        if not spec.index_page:
            return [(spec.value_uri(v), lambda lang, v=v: self._value_title(spec, v, lang)) for v in values]

        def index_groups(lang: str) -> list[Group]:
            if spec.source == SOURCE_MUNICIPALITIES:
                return self._region_groups(spec, values, lang)
            return [
                Group(
                    self._value_title(spec, value, lang),
                    uri=spec.value_uri(value),
                    count=len(listed.get(value, ())),
                    note=self._value_intro(spec, value, lang),
                )
                for value in values
            ]

        def title(lang: str) -> str:
            return ui(lang, spec.title_key)

        self._add_listing(
            spec.index_uri,
            in_nav=spec.in_nav,
            title=title,
            intro=lambda lang: ui(lang, spec.intro_key) if spec.intro_key else "",
            groups=index_groups,
        )
        return [(spec.index_uri, title)]

    def _values(self, spec: ListingSpec, listed: Mapping[str, list[str]]) -> list[str]:
        """The values that get a page: all the source knows, or only those cards name."""
        if spec.source == SOURCE_COLLECTIONS:
            known = list(COLLECTIONS)
        elif spec.source == SOURCE_VOCABULARY:
            known = self.library.vocabulary.ids(spec.vocabulary_group)
        else:
            # Municipalities in the order cards first name them; the index page sorts them by region.
            known = list(listed) + [m for m in self.library.municipalities.by_slug if m not in listed]
        return known if spec.all_values else [v for v in known if v in listed]

    def _value_title(self, spec: ListingSpec, value: str, lang: str) -> str:
        if spec.source == SOURCE_COLLECTIONS:
            return ui(lang, f"collection.{value}")
        if spec.source == SOURCE_VOCABULARY:
            return self.library.vocabulary.label(spec.vocabulary_group, value, lang)
        found = self.library.municipalities.get(value)
        return found.name(lang) if found else value

    def _value_intro(self, spec: ListingSpec, value: str, lang: str) -> str:
        if spec.source == SOURCE_VOCABULARY:
            return _description(self.library.vocabulary, spec.vocabulary_group, value, lang)
        if spec.source == SOURCE_MUNICIPALITIES:
            found = self.library.municipalities.get(value)
            return f"{ui(lang, 'listing.region')}: {found.region(lang)}" if found else ""
        return ""

    def _municipality_groups(self, slug: str, lang: str) -> list[Group]:
        """A municipality's page: the practices and tools developed there (``municipalities``), those
        adopted there (``adopted_by``, with the year) and its meetings and networks (hosted, led or named),
        each group only when it has cards. A card both developed and adopted there is in both."""
        developed: list[str] = []
        adopted: list[str] = []
        other: list[str] = []
        for key, name in self.claims.get(slug, ()):
            collection = key.partition("/")[0]
            if name == "adopted_by":
                adopted.append(key)
            elif name == "municipalities" and collection in ADOPTABLE:
                developed.append(key)
            else:
                other.append(key)
        groups = []
        for group, keys in (("developed", developed), ("adopted", adopted), ("other", other)):
            entries = self._sorted_entries(dict.fromkeys(keys), lang)
            if group == "adopted":
                entries = [self._with_adoption_year(entry, slug, lang) for entry in entries]
            if entries:
                title = ui(lang, f"listing.municipality.{group}")
                groups.append(Group(title, entries=entries, count=len(entries)))
        return groups

    def _with_adoption_year(self, entry: Entry, slug: str, lang: str) -> Entry:
        key = entry.uri.removesuffix("/index.md")
        card = self._card(self.bundles[key], lang)
        year = next((a.year for a in card.adopters if a.municipality == slug), None)
        if year is None:
            return entry
        adopted = ui(lang, "listing.municipality.adopted_year", year=year)
        return dataclasses.replace(entry, meta=" · ".join(filter(None, [entry.meta, adopted])))

    def _region_groups(self, spec: ListingSpec, values: list[str], lang: str) -> list[Group]:
        """The municipalities of the index page, by region; a region counts each of its cards once."""
        listed = self.listed[spec.name]
        registry = self.library.municipalities
        by_region: dict[str, list[Group]] = defaultdict(list)
        cards_in_region: dict[str, set[str]] = defaultdict(set)
        for slug in values:
            keys = listed.get(slug, [])
            found = registry.get(slug)
            name = found.name(lang) if found else slug
            region = found.region(lang) if found else ""
            by_region[region].append(Group(name, uri=spec.value_uri(slug), count=len(keys)))
            cards_in_region[region].update(keys)
        result = []
        for region in sorted(by_region, key=collation_key):
            members = sorted(by_region[region], key=lambda g: collation_key(g.title))
            result.append(Group(region, count=len(cards_in_region[region]), children=members))
        return result

    def _add_untranslated(self) -> None:
        # A group a language: first the cards with no text in it, then those whose text in it is older.
        missing = {
            language: [k for k, b in self.bundles.items() if language not in b.docs] for language in LANGUAGES
        }
        outdated = {
            language: [k for k, stale in self.outdated.items() if stale == language and k in self.bundles]
            for language in LANGUAGES
        }

        def groups(lang: str) -> list[Group]:
            result = []
            for which, keys_by_language in (("missing", missing), ("outdated", outdated)):
                for language, keys in keys_by_language.items():
                    entries = self._sorted_entries(keys, lang)
                    label = self.library.vocabulary.label("languages", language, lang)
                    title = f"{ui(lang, f'listing.untranslated.{which}')}: {label}"
                    result.append(Group(title, entries=entries, count=len(entries)))
            return result

        self._add_listing(
            UNTRANSLATED_URI,
            title=lambda lang: ui(lang, "listing.untranslated"),
            intro=lambda lang: ui(lang, "listing.untranslated.intro"),
            groups=groups,
        )

    def _add_search(self, browse: list[tuple[str, Callable[[str], str]]]) -> None:
        """The search page; its browse list (the listings, for when search cannot run) is ``browse``."""

        def strings(lang: str) -> str:
            return ui(lang, "search.intro")

        self._add_listing(
            SEARCH_URI,
            kind=PAGE_SEARCH,
            template=SEARCH_TEMPLATE,
            title=lambda lang: ui(lang, "listing.search"),
            intro=strings,
        )
        for lang in LANGUAGES:
            view = self.pages[SEARCH_URI].views[lang]
            view.context["browse"] = [Link(title(lang), uri=uri) for uri, title in browse]
            view.context["pagefind_translations"] = _pagefind_translations(lang)


class _FactView:
    """How the facts panel shows a kind's values (:class:`kaikki.content.fields.FactView`): links to
    listings, cards and municipalities of this build, dates and labels in the reader's language."""

    def __init__(self, deriver: _Deriver) -> None:
        self.deriver = deriver
        self.vocabulary = deriver.library.vocabulary

    def plain(self, text: str, *, href: str = "", note: str = "") -> Link:
        return Link(text, href=href, note=note)

    def date(self, value: str, lang: str) -> str:
        return format_date(value, lang)

    def time(self, value: str) -> str:
        return format_time(value)

    def ui(self, lang: str, key: str) -> str:
        return ui(lang, key)

    def label(self, group: str, term: str, lang: str) -> str:
        return self.vocabulary.label(group, term, lang)

    def outside_href(self, value: str) -> str:
        return _outside_href(value)

    def terms(self, field_name: str, group: str, ids: Sequence[str], lang: str) -> list[Link]:
        """Vocabulary labels, each linked to its listing when the field has one."""
        listing = self.deriver._listing_uri
        return [Link(self.label(group, term, lang), uri=listing(field_name, term)) for term in ids]

    def municipalities(
        self, slugs: Sequence[str], lang: str, field_name: str, notes: Sequence[str] = ()
    ) -> list[Link]:
        return self.deriver._municipality_links(slugs, lang, field_name, notes)

    def cards(self, keys: Sequence[str], lang: str) -> list[Link]:
        return self.deriver._links(keys, lang)


def _pagination(uris: list[str], number: int) -> list[Link]:
    """Links to every page of a long listing (empty for a listing of one page); ``note`` marks the current.

    Page folders are numbers (``practices/2/``); slugs have at least three characters, so they cannot
    collide below page 100 (10,000 items in one listing), and :meth:`_Deriver._add_page` refuses a clash.
    """
    if len(uris) == 1:
        return []
    return [Link(str(n), uri=u, note="current" if n == number else "") for n, u in enumerate(uris, start=1)]


def _pagefind_translations(lang: str) -> dict[str, str]:
    """Pagefind UI's strings, from our catalogue (its own Finnish and Swedish are close but not ours)."""
    return {
        "placeholder": ui(lang, "search.placeholder"),
        "clear_search": ui(lang, "search.ui.clear"),
        "load_more": ui(lang, "search.ui.load_more"),
        "search_label": ui(lang, "search.label"),
        "filters_label": ui(lang, "search.ui.filters"),
        "zero_results": ui(lang, "search.ui.zero"),
        "many_results": ui(lang, "search.ui.many"),
        "one_result": ui(lang, "search.ui.one"),
        "searching": ui(lang, "search.ui.searching"),
    }


def _new_twin_text(doc: Document, lang: str) -> str:
    """The start of a missing twin in ``lang``: the words to write, each marked ✎ for the checks (E605).

    Facts (municipalities, themes, dates…) are read from either twin, so the new file needs only its own
    words and the translated text; kept short, as it travels in the address of GitHub's new-file page.
    """
    source = doc.path.rpartition("/")[2]
    return (
        "---\n"
        f"title: {json.dumps(ui(lang, 'translate.title'), ensure_ascii=False)}\n"
        f"summary: {json.dumps(ui(lang, 'translate.summary'), ensure_ascii=False)}\n"
        "---\n\n"
        f"{ui(lang, 'translate.body', file=source)}\n"
    )


def _description(vocab: Any, group: str, term_id: str, lang: str) -> str:
    term = vocab.term(group, term_id)
    return term.descriptions.get(lang, "") if term else ""


def _listed_values(bundle: Bundle, spec: ListingSpec, fields: Sequence[str] = ()) -> list[str]:
    """The values of ``spec``'s fields (or of ``fields``) on ``bundle``, each once, in the order of the
    fields; of a list of objects (``adopted_by``), their municipalities."""
    values: list[str] = []
    for name in fields or spec.fields:
        value = bundle.collection if name == "collection" else bundle.fact(name)
        for item in [_text(value)] if isinstance(value, str) else _strings(value) + _municipalities_of(value):
            if item and item not in values:
                values.append(item)
    return values


def _municipalities_of(value: object) -> list[str]:
    """The municipalities of a list of objects such as ``adopted_by``'s rows."""
    if not isinstance(value, list):
        return []
    return [_text(item.get("municipality")) for item in value if isinstance(item, dict)]


def _municipality_slugs(bundle: Bundle) -> list[str]:
    """The municipalities a card is from (host, lead, then ``municipalities``), each once; not those that
    adopted it, which its entry in a listing does not name."""
    spec = next(spec for spec in LISTINGS if spec.source == SOURCE_MUNICIPALITIES)
    return _listed_values(bundle, spec, [name for name in spec.fields if name != "adopted_by"])


def _outside_href(value: object) -> str:
    """A card's web address as a link target, or ``""`` when the checks would refuse it.

    The checks stop such a card first; this is the second line, for a build with the checks off or a rule
    that lets something through: no ``javascript:`` or quote-breaking value ever becomes an ``href``.
    """
    text = _text(value)
    return text if text and check_url(text) is None else ""


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _negate(text: str) -> tuple[int, ...]:
    """Sorts text descending inside an ascending sort (newest meeting first)."""
    return (*tuple(-ord(c) for c in text), 0)


__all__ = ["build_site", "card_uri", "collection_uri", "municipality_uri"]
