"""Derives the site from a loaded library: card pages, listings, assets and redirects, per language.

``build_site(library)`` is the one entry point. It runs once per build and is pure: no files are written
and nothing here imports MkDocs. Every card is generated in both languages; a missing twin shows the
other language's text (``fallback``), so a Finnish-only card exists in the Swedish tree and a
Swedish-only card in the Finnish tree.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kaikki.content.model import COLLECTIONS, LANGUAGES, Bundle, Document, Library
from kaikki.content.schema import ALLOWED_ATTACHMENT_TYPES
from kaikki.content.urls import check_url
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

THEMES_URI = "themes/index.md"
SUPPORT_LEVELS_URI = "support-levels/index.md"
MUNICIPALITIES_URI = "municipalities/index.md"
UNTRANSLATED_URI = "untranslated/index.md"
SEARCH_URI = "search/index.md"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
PAGE_SIZE = 100
"""Entries on one page of a listing; longer listings continue at ``<listing>/2/``, ``3/``…"""

# Vocabulary facts shown on a card, in the order of the panel: (front-matter field, group, listing dir).
_VOCAB_FACTS: tuple[tuple[str, str, str], ...] = (
    ("themes", "themes", "themes"),
    ("support_levels", "support_levels", "support-levels"),
    ("support_forms", "support_forms", ""),
    ("age_groups", "age_groups", ""),
    ("audiences", "audiences", ""),
)


def card_uri(key: str) -> str:
    """The source URI of a bundle's page: ``practices/x`` → ``practices/x/index.md``."""
    return f"{key}/index.md"


def collection_uri(collection: str) -> str:
    return f"{collection}/index.md"


def theme_uri(theme: str) -> str:
    return f"themes/{theme}/index.md"


def support_level_uri(level: str) -> str:
    return f"support-levels/{level}/index.md"


def municipality_uri(slug: str) -> str:
    return f"municipalities/{slug}/index.md"


def build_site(library: Library, outdated: Mapping[str, str] | None = None) -> SiteModel:
    """Derives every generated page of the site from ``library``.

    Args:
        library: A loaded library; bundles with errors should have been left out by the caller.
        outdated: Bundle key → the language whose twin is older than the other's last change (from git
            history, :func:`kaikki.history.translation_status`), listed on the translation status page.
    """
    return _Deriver(library, outdated or {}).run()


class _Deriver:
    def __init__(self, library: Library, outdated: Mapping[str, str]) -> None:
        self.library = library
        self.outdated = outdated
        self.bundles = dict(sorted(library.bundles.items()))
        self.backlinks: dict[str, set[str]] = defaultdict(set)
        self.pages: dict[str, SitePage] = {}
        self.assets: list[Asset] = []
        self.redirects: list[Redirect] = []
        self.entries: dict[tuple[str, str], Entry] = {}

    # -- the whole site ----------------------------------------------------------------------------

    def run(self) -> SiteModel:
        self._collect_backlinks()
        for lang in LANGUAGES:
            for key, bundle in self.bundles.items():
                self.entries[(key, lang)] = self._entry(bundle, lang)
        for bundle in self.bundles.values():
            self._add_card(bundle)
            self._collect_assets_and_redirects(bundle)
        nav = [collection_uri(c) for c in COLLECTIONS]
        for collection in COLLECTIONS:
            self._add_listing(
                collection_uri(collection),
                in_nav=True,
                title=lambda lang, c=collection: ui(lang, f"collection.{c}"),
                entries=lambda lang, c=collection: self._entries_where(lang, lambda b: b.collection == c),
            )
        self._add_vocabulary_listings("themes", "themes", THEMES_URI, theme_uri)
        self._add_vocabulary_listings(
            "support_levels", "support_levels", SUPPORT_LEVELS_URI, support_level_uri
        )
        self._add_municipality_listings()
        self._add_untranslated()
        self._add_search()
        nav += [THEMES_URI, SUPPORT_LEVELS_URI, MUNICIPALITIES_URI]
        return SiteModel(self.pages, self.assets, self.redirects, nav)

    # -- cards ---------------------------------------------------------------------------------------

    def _collect_backlinks(self) -> None:
        for key, bundle in self.bundles.items():
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

    def _entry(self, bundle: Bundle, lang: str) -> Entry:
        doc = _doc(bundle, lang)
        title = _text(doc.meta.get("title")) or bundle.slug
        meta_parts: list[str] = []
        if bundle.collection == "meetings":
            date = _text(bundle.fact("date"))
            if date:
                meta_parts.append(format_date(date, lang))
            sort: tuple[Any, ...] = (_negate(date_sort_value(date)), collation_key(title))
        else:
            sort = (collation_key(title),)
        places = self._municipality_names(bundle, lang)
        if places:
            meta_parts.append(", ".join(places))
        return Entry(
            uri=card_uri(bundle.key),
            title=title,
            summary=_text(doc.meta.get("summary")),
            collection=bundle.collection,
            collection_label=ui(lang, f"collection.one.{bundle.collection}"),
            text_lang=doc.lang,
            fallback=doc.lang != lang,
            meta=" · ".join(meta_parts),
            sort_key=sort,
        )

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
        related = [k for k in dict.fromkeys(_strings(bundle.fact("related"))) if k not in members]
        backlinks = sorted(self.backlinks.get(bundle.key, set()) - set(members) - set(related))
        for lang in LANGUAGES:
            doc = _doc(bundle, lang)
            title = _text(doc.meta.get("title")) or bundle.slug
            summary = _text(doc.meta.get("summary"))
            context: dict[str, Any] = {
                "collection": bundle.collection,
                "collection_label": ui(lang, f"collection.one.{bundle.collection}"),
                "collection_uri": collection_uri(bundle.collection),
                "summary": summary,
                "facts": self._facts(bundle, doc, lang),
                "contacts": _contacts(doc),
                "attachments": self._attachments(bundle, doc, lang),
                "agenda": self._agenda(bundle, doc),
                "related": self._links(related, lang),
                "backlinks": self._links(backlinks, lang),
                "members": self._members(members, lang),
                "keywords": _strings(doc.meta.get("keywords")),
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

    def _facts(self, bundle: Bundle, doc: Document, lang: str) -> list[Fact]:
        vocab = self.library.vocabulary
        facts: list[Fact] = []

        def add(key: str, values: list[Link]) -> None:
            if values:
                facts.append(Fact(key, ui(lang, f"facts.{key}"), values))

        add(
            "collection",
            [Link(ui(lang, f"collection.one.{bundle.collection}"), uri=collection_uri(bundle.collection))],
        )
        if bundle.collection == "meetings":
            date = _text(bundle.fact("date"))
            add("date", [Link(format_date(date, lang))] if date else [])
            time = _text(bundle.fact("time"))
            add("time", [Link(format_time(time))] if time else [])
            add("host", self._municipality_links([_text(bundle.fact("host"))], lang))
            location = _text(doc.meta.get("location"))
            add("location", [Link(location)] if location else [])
            if bundle.fact("online") in (True, "true"):
                online_url = _outside_href(bundle.fact("online_url"))
                add("online", [Link(ui(lang, "facts.online.yes"), href=online_url)])
        if bundle.collection == "networks":
            add("lead", self._municipality_links([_text(bundle.fact("lead"))], lang))
            period = _text(bundle.fact("period"))
            add("period", [Link(period.replace("-", "–"))] if period else [])
            funding = _text(doc.meta.get("funding"))
            add("funding", [Link(funding)] if funding else [])
            website = _text(bundle.fact("website"))
            add("website", [Link(website, href=_outside_href(website))] if website else [])
        add("municipalities", self._municipality_links(_strings(bundle.fact("municipalities")), lang))
        network = _text(bundle.fact("network"))
        if network:
            add("network", self._links([f"networks/{network}"], lang))
        for field_name, group, listing in _VOCAB_FACTS:
            ids = _strings(bundle.fact(field_name))
            links = []
            for term in ids:
                label = vocab.label(group, term, lang)
                uri = f"{listing}/{term}/index.md" if listing else ""
                links.append(Link(label, uri=uri))
            add(field_name, links)
        # Only what the card says: a card without ``status`` has no status row (no assumed "established").
        status = _text(bundle.fact("status"))
        add("status", [Link(vocab.label("statuses", status, lang))] if status else [])
        published = _text(bundle.fact("published"))
        add("published", [Link(format_date(published, lang))] if published else [])
        updated = _text(bundle.fact("updated"))
        add("updated", [Link(format_date(updated, lang))] if updated else [])
        license_id = _text(bundle.fact("license")) or "CC-BY-4.0"
        add("license", [Link(vocab.label("licenses", license_id, lang), note=license_id)])
        return facts

    def _municipality_links(self, slugs: Iterable[str], lang: str) -> list[Link]:
        links = []
        for slug in slugs:
            if not slug:
                continue
            found = self.library.municipalities.get(slug)
            links.append(Link(found.name(lang) if found else slug, uri=municipality_uri(slug)))
        return links

    def _links(self, keys: Iterable[str], lang: str) -> list[Link]:
        links = []
        for key in keys:
            if key not in self.bundles:
                continue
            entry = self.entries[(key, lang)]
            links.append(
                Link(
                    entry.title,
                    uri=entry.uri,
                    lang=entry.text_lang if entry.fallback else "",
                    note=entry.collection_label,
                )
            )
        return links

    def _member_keys(self, bundle: Bundle) -> list[str]:
        """The cards of a network (those whose ``network`` names it); none for other cards."""
        if bundle.collection != "networks":
            return []
        return [k for k, b in self.bundles.items() if b.fact("network") == bundle.slug and k != bundle.key]

    def _members(self, keys: list[str], lang: str) -> list[Entry]:
        wanted = set(keys)
        return self._entries_where(lang, lambda b: b.key in wanted)

    def _attachments(self, bundle: Bundle, doc: Document, lang: str) -> list[Attachment]:
        found: list[Attachment] = []
        for item in doc.meta.get("attachments") or []:
            if not isinstance(item, dict):
                continue
            title = _text(item.get("title"))
            att_lang = _text(item.get("lang"))
            lang_label = self.library.vocabulary.label("languages", att_lang, lang) if att_lang else ""
            if item.get("file"):
                name = _text(item["file"])
                ext = name.rpartition(".")[2].lower()
                path = self.library.root / bundle.path / name
                size = format_size(path.stat().st_size, lang) if path.is_file() else ""
                found.append(
                    Attachment(
                        title or name,
                        f"{bundle.key}/{name}",
                        ALLOWED_ATTACHMENT_TYPES.get(ext, ext.upper()),
                        size,
                        att_lang,
                        lang_label,
                    )
                )
            elif _outside_href(item.get("url")):
                url = _text(item["url"])
                found.append(Attachment(title or url, url, "", "", att_lang, lang_label, external=True))
        return found

    def _agenda(self, bundle: Bundle, doc: Document) -> list[dict[str, Any]]:
        rows = []
        for item in doc.meta.get("agenda") or []:
            if not isinstance(item, dict):
                continue
            slides = _text(item.get("slides"))
            if _SCHEME.match(slides) or slides.startswith("//"):
                href = _outside_href(slides)
            else:
                href = f"{bundle.key}/{slides}" if slides and "/" not in slides else ""
            rows.append(
                {
                    "time": format_time(_text(item.get("time"))) if item.get("time") else "",
                    "title": _text(item.get("title")),
                    "presenter": _text(item.get("presenter")),
                    "slides": href,
                    "slides_external": bool(_SCHEME.match(href)),
                }
            )
        return rows

    def _collect_assets_and_redirects(self, bundle: Bundle) -> None:
        for name in bundle.files:
            self.assets.append(Asset(f"{bundle.key}/{name}", f"{bundle.path}/{name}"))
        olds: set[str] = set()
        for doc in bundle.docs.values():
            olds.update(value.strip("/") for value in _strings(doc.meta.get("redirect_from")))
        for old in sorted(olds):
            old = old.removesuffix("/index.md").removesuffix("/index.html")
            self.redirects.append(Redirect(old, card_uri(bundle.key)))

    # -- listings ------------------------------------------------------------------------------------

    def _entries_where(self, lang: str, keep: Callable[[Bundle], bool]) -> list[Entry]:
        found = [self.entries[(key, lang)] for key, bundle in self.bundles.items() if keep(bundle)]
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

    def _add_vocabulary_listings(
        self, field_name: str, group: str, index_uri: str, term_uri: Callable[[str], str]
    ) -> None:
        vocab = self.library.vocabulary

        def has(term: str) -> Callable[[Bundle], bool]:
            return lambda b: term in _strings(b.fact(field_name))

        for term in vocab.ids(group):
            self._add_listing(
                term_uri(term),
                title=lambda lang, t=term: vocab.label(group, t, lang),
                intro=lambda lang, t=term: _description(vocab, group, t, lang),
                entries=lambda lang, t=term: self._entries_where(lang, has(t)),
            )

        def index_groups(lang: str) -> list[Group]:
            result = []
            for term in vocab.ids(group):
                count = sum(1 for b in self.bundles.values() if term in _strings(b.fact(field_name)))
                result.append(
                    Group(
                        vocab.label(group, term, lang),
                        uri=term_uri(term),
                        count=count,
                        note=_description(vocab, group, term, lang),
                    )
                )
            return result

        self._add_listing(
            index_uri,
            in_nav=True,
            title=lambda lang: ui(lang, f"listing.{group}"),
            intro=lambda lang: ui(lang, f"listing.{group}.intro"),
            groups=index_groups,
        )

    def _add_municipality_listings(self) -> None:
        used: dict[str, list[str]] = defaultdict(list)
        for key, bundle in self.bundles.items():
            for slug in _municipality_slugs(bundle):
                if key not in used[slug]:
                    used[slug].append(key)
        registry = self.library.municipalities
        for slug, keys in used.items():
            found = registry.get(slug)
            self._add_listing(
                municipality_uri(slug),
                title=lambda lang, m=found, s=slug: m.name(lang) if m else s,
                intro=lambda lang, m=found: f"{ui(lang, 'listing.region')}: {m.region(lang)}" if m else "",
                entries=lambda lang, ks=tuple(keys): self._entries_where(lang, lambda b: b.key in ks),
            )

        def index_groups(lang: str) -> list[Group]:
            by_region: dict[str, list[Group]] = defaultdict(list)
            # A card of several municipalities of one region counts once for the region.
            cards_in_region: dict[str, set[str]] = defaultdict(set)
            for slug, keys in used.items():
                found = registry.get(slug)
                name = found.name(lang) if found else slug
                region = found.region(lang) if found else ""
                by_region[region].append(Group(name, uri=municipality_uri(slug), count=len(keys)))
                cards_in_region[region].update(keys)
            result = []
            for region in sorted(by_region, key=collation_key):
                members = sorted(by_region[region], key=lambda g: collation_key(g.title))
                result.append(Group(region, count=len(cards_in_region[region]), children=members))
            return result

        self._add_listing(
            MUNICIPALITIES_URI,
            in_nav=True,
            title=lambda lang: ui(lang, "listing.municipalities"),
            intro=lambda lang: ui(lang, "listing.municipalities.intro"),
            groups=index_groups,
        )

    def _add_untranslated(self) -> None:
        def groups(lang: str) -> list[Group]:
            result = []
            for missing in LANGUAGES:
                keys = [k for k, b in self.bundles.items() if missing not in b.docs]
                entries = sorted(
                    (self.entries[(k, lang)] for k in keys),
                    key=lambda e: (COLLECTIONS.index(e.collection), *e.sort_key),
                )
                label = self.library.vocabulary.label("languages", missing, lang)
                result.append(
                    Group(
                        f"{ui(lang, 'listing.untranslated.missing')}: {label}",
                        entries=entries,
                        count=len(entries),
                    )
                )
            for older in LANGUAGES:
                keys = [k for k, stale in self.outdated.items() if stale == older and k in self.bundles]
                entries = sorted(
                    (self.entries[(k, lang)] for k in keys),
                    key=lambda e: (COLLECTIONS.index(e.collection), *e.sort_key),
                )
                label = self.library.vocabulary.label("languages", older, lang)
                result.append(
                    Group(
                        f"{ui(lang, 'listing.untranslated.outdated')}: {label}",
                        entries=entries,
                        count=len(entries),
                    )
                )
            return result

        self._add_listing(
            UNTRANSLATED_URI,
            title=lambda lang: ui(lang, "listing.untranslated"),
            intro=lambda lang: ui(lang, "listing.untranslated.intro"),
            groups=groups,
        )

    def _add_search(self) -> None:
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
            view.context["browse"] = [
                Link(ui(lang, f"collection.{c}"), uri=collection_uri(c)) for c in COLLECTIONS
            ]
            view.context["browse"] += [
                Link(ui(lang, "listing.themes"), uri=THEMES_URI),
                Link(ui(lang, "listing.support_levels"), uri=SUPPORT_LEVELS_URI),
                Link(ui(lang, "listing.municipalities"), uri=MUNICIPALITIES_URI),
            ]
            view.context["pagefind_translations"] = _pagefind_translations(lang)


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


def _municipality_slugs(bundle: Bundle) -> list[str]:
    slugs: list[str] = []
    for name in ("host", "lead"):
        value = _text(bundle.fact(name))
        if value:
            slugs.append(value)
    for value in _strings(bundle.fact("municipalities")):
        if value not in slugs:
            slugs.append(value)
    return slugs


def _doc(bundle: Bundle, lang: str) -> Document:
    doc = bundle.doc(lang)
    if doc is None:  # a bundle without any readable document is never passed here
        raise ValueError(f"{bundle.path} has no readable document")
    return doc


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


def _contacts(doc: Document) -> list[dict[str, str]]:
    return [
        {key: _text(item.get(key)) for key in ("name", "role", "organisation", "email")}
        for item in doc.meta.get("contacts") or []
        if isinstance(item, dict)
    ]


def _negate(text: str) -> tuple[int, ...]:
    """Sorts text descending inside an ascending sort (newest meeting first)."""
    return (*tuple(-ord(c) for c in text), 0)


__all__ = ["build_site", "card_uri", "collection_uri", "municipality_uri", "support_level_uri", "theme_uri"]
