"""The facet index: what the faceted browser of the search and collection pages reads, one JSON per language.

Pagefind 1.5.2 downloads every word-index chunk of a language for a search without a term (4 MB at 3,000
cards; ``/work/shared/pagefind-notes.md``), so browsing by facets does not go through Pagefind: the build
writes a small index of its own, ``search/facets.json`` in each language's tree, and
``docs/assets/javascripts/kaikki-facets.js`` filters it in the browser (AND across facets, OR within one,
with counts). Pagefind's filters (the same keys and value ids, marked on each card page by
:func:`card_filters`) are used only together with a search term.

The JSON is compact: the facets with their values as ``[id, label]`` pairs in display order, and per card
its URL (relative to the language's root), title, summary and, for each facet, the positions of its values
in that facet's list (a municipality's value also carries its names in the other language)::

    {"lang": "fi",
     "facets": [{"key": "theme", "label": "Teemat", "values": [["transitions", "Nivelvaiheet"], …]}, …],
     "cards": [{"u": "practices/x/", "t": "…", "s": "…", "f": [[0], [3, 5], [], …]}, …]}

``lang`` on a card (``"l": "sv"``) says its words are the other language's (a missing twin).

The same module chooses the home page's newest cards (:meth:`FacetIndex.newest`).
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kaikki.content.card import card_of
from kaikki.content.model import COLLECTIONS, LANGUAGES, Bundle, Library
from kaikki.site.listings import LISTINGS, SOURCE_MUNICIPALITIES
from kaikki.site.model import Entry
from kaikki.site.strings import ui
from kaikki.site.text import collation_key

FACET_FILE = "search/facets.json"
"""Where the index of a language is written, relative to that language's root (``sv/search/…``)."""
NEWEST = 6
"""How many cards the home page's "newest" section shows."""

MUNICIPALITY_FIELDS = next(spec.fields for spec in LISTINGS if spec.source == SOURCE_MUNICIPALITIES)


@dataclass(frozen=True, slots=True)
class Facet:
    """One group of the faceted browser.

    Attributes:
        key: The URL parameter (``?theme=…``) and the Pagefind filter key.
        label_key: UI catalogue key of the group's legend.
        fields: Front-matter fields whose values it offers (``collection``: the bundle's collection).
        group: The vocabulary group that titles and orders the values; ``""`` for the others.
    """

    key: str
    label_key: str
    fields: tuple[str, ...] = ()
    group: str = ""


FACETS: tuple[Facet, ...] = (
    Facet("collection", "facet.collection", ("collection",)),
    Facet("theme", "facet.theme", ("themes",), "themes"),
    Facet("support", "facet.support", ("support_levels",), "support_levels"),
    Facet("age", "facet.age", ("age_groups",), "age_groups"),
    Facet("audience", "facet.audience", ("audiences",), "audiences"),
    Facet("municipality", "facet.municipality", MUNICIPALITY_FIELDS),
    Facet("region", "facet.region"),
    Facet("network", "facet.network", ("network",)),
    Facet("status", "facet.status", ("status",), "statuses"),
    Facet("language", "facet.language", (), "languages"),
)
"""The facets, in the order of the filter panel."""


@dataclass(slots=True)
class FacetIndex:
    """The facet values of every card, for both languages: the JSON, Pagefind's filters, the newest."""

    library: Library
    values: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """Bundle key → facet key → value ids, in the order the card gives them."""

    @classmethod
    def build(cls, library: Library) -> FacetIndex:
        index = cls(library)
        for key, bundle in sorted(library.bundles.items()):
            index.values[key] = _card_values(library, bundle)
        return index

    # -- per card -----------------------------------------------------------------------------------

    def card_filters(self, key: str) -> list[tuple[str, str]]:
        """``(facet key, value id)`` of a card, for ``data-pagefind-filter`` on its page."""
        found = self.values.get(key, {})
        return [(facet.key, value) for facet in FACETS for value in found.get(facet.key, [])]

    def municipality_names(self, key: str, lang: str) -> list[str]:
        """The names of a card's municipalities in ``lang`` (its Pagefind meta)."""
        return [
            self._label("municipality", slug, lang)
            for slug in self.values.get(key, {}).get("municipality", [])
        ]

    # -- the JSON ------------------------------------------------------------------------------------

    def document(self, lang: str, url: Callable[[str], str]) -> dict[str, object]:
        """The index of ``lang`` as plain data; ``url(key)``: a card's URL relative to the language root."""
        ordered = {facet.key: self._ordered_values(facet, lang) for facet in FACETS}
        positions = {k: {value: n for n, value in enumerate(values)} for k, values in ordered.items()}
        facets = [
            {
                "key": facet.key,
                "label": ui(lang, facet.label_key),
                "values": [self._value(facet.key, value, lang) for value in ordered[facet.key]],
            }
            for facet in FACETS
        ]
        cards = []
        for key, bundle in sorted(self.library.bundles.items()):
            card = card_of(bundle, lang)
            item: dict[str, object] = {
                "u": url(key),
                "t": card.title or bundle.slug,
                "s": card.summary,
                "f": [[positions[f.key][v] for v in self.values[key].get(f.key, [])] for f in FACETS],
            }
            if card.fallback:
                item["l"] = card.text_lang
            cards.append(item)
        types = {c: ui(lang, f"collection.one.{c}") for c in COLLECTIONS}
        return {"lang": lang, "types": types, "facets": facets, "cards": cards}

    def json_bytes(self, lang: str, url: Callable[[str], str]) -> bytes:
        return json.dumps(self.document(lang, url), ensure_ascii=False, separators=(",", ":")).encode()

    # -- the home page ---------------------------------------------------------------------------------

    def newest(self, lang: str, count: int = NEWEST) -> list[Entry]:
        """The ``count`` most recently published cards (``published``, then ``updated``), for ``lang``."""

        def when(bundle: Bundle) -> str:
            return str(bundle.fact("published") or "")

        bundles = sorted(self.library.bundles.values(), key=lambda b: (when(b), b.key), reverse=True)
        entries = []
        for bundle in bundles[:count]:
            card = card_of(bundle, lang)
            entries.append(
                Entry(
                    uri=f"{bundle.key}/index.md",
                    title=card.title or bundle.slug,
                    summary=card.summary,
                    collection=bundle.collection,
                    collection_label=ui(lang, f"collection.one.{bundle.collection}"),
                    text_lang=card.text_lang,
                    fallback=card.fallback,
                    meta=", ".join(self.municipality_names(bundle.key, lang)),
                )
            )
        return entries

    # -- values and labels ---------------------------------------------------------------------------

    def _ordered_values(self, facet: Facet, lang: str) -> list[str]:
        """The values some card has, in display order: the vocabulary's, the collections', or by label."""
        used = {value for found in self.values.values() for value in found.get(facet.key, [])}
        if facet.key == "collection":
            return [c for c in COLLECTIONS if c in used]
        if facet.group and facet.key != "language":
            known = self.library.vocabulary.ids(facet.group)
            return [v for v in known if v in used] + sorted(used - set(known))
        if facet.key == "language":
            return [v for v in LANGUAGES if v in used]
        return sorted(used, key=lambda v: (collation_key(self._label(facet.key, v, lang)), v))

    def _value(self, facet_key: str, value: str, lang: str) -> list[str]:
        """``[id, label]``; a municipality also has its name in the other languages (``Närpes`` beside
        ``Närpiö``), so that a search for either name finds it."""
        label = self._label(facet_key, value, lang)
        if facet_key != "municipality":
            return [value, label]
        others = [self._label(facet_key, value, other) for other in LANGUAGES if other != lang]
        return [value, label, *dict.fromkeys(name for name in others if name != label)]

    def _label(self, facet_key: str, value: str, lang: str) -> str:
        library = self.library
        if facet_key == "collection":
            return ui(lang, f"collection.{value}")
        if facet_key == "municipality":
            found = library.municipalities.get(value)
            return found.name(lang) if found else value
        if facet_key == "region":
            return self._region_names(lang).get(value, value)
        if facet_key == "network":
            bundle = library.bundles.get(f"networks/{value}")
            return (card_of(bundle, lang).title or value) if bundle is not None else value
        facet = next(f for f in FACETS if f.key == facet_key)
        return library.vocabulary.label(facet.group, value, lang) or value

    def _region_names(self, lang: str) -> dict[str, str]:
        return {region_id(m.region_fi): m.region(lang) for m in self.library.municipalities.by_slug.values()}


def region_id(name: str) -> str:
    """A region's id from its Finnish name: ``Etelä-Pohjanmaa`` → ``etela-pohjanmaa``."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in folded if not unicodedata.combining(c))
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def _card_values(library: Library, bundle: Bundle) -> dict[str, list[str]]:
    """Facet key → the card's value ids (each once), read from its front matter as the checks left it."""
    found: dict[str, list[str]] = {}
    for facet in FACETS:
        values: list[str] = []
        for name in facet.fields:
            raw = bundle.collection if name == "collection" else bundle.fact(name)
            values.extend(_strings(raw))
        found[facet.key] = list(dict.fromkeys(values))
    regions = []
    for slug in found["municipality"]:
        municipality = library.municipalities.get(slug)
        if municipality is not None and municipality.region_fi:
            regions.append(region_id(municipality.region_fi))
    found["region"] = list(dict.fromkeys(regions))
    found["language"] = [lang for lang in LANGUAGES if lang in bundle.docs]
    return found


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    return []


def page_context(index: FacetIndex, lang: str, src_uri: str, card: bool, home: bool) -> dict[str, object]:
    """What a page's template needs of the index: a card's Pagefind filters and municipality names, the
    home page's newest cards. ``src_uri`` is the page's source (``practices/x/index.sv.md``)."""
    context: dict[str, object] = {}
    if card:
        key = src_uri.rpartition("/")[0]
        context["kaikki_filters"] = index.card_filters(key)
        context["kaikki_places"] = ", ".join(index.municipality_names(key, lang))
    if home:
        context["kaikki_newest"] = index.newest(lang)
    # A collection's own page (practices/index.md, practices/index.sv.md) gets the faceted browser.
    folder, _, name = src_uri.partition("/")
    if folder in COLLECTIONS and name.startswith("index.") and name.count(".") <= 2:
        context["kaikki_browse_collection"] = folder
    return context


def card_url(key: str) -> str:
    """A card's URL relative to its language's root: ``practices/x`` → ``practices/x/``."""
    return f"{key}/"


def write_facet_indexes(
    site_dir: Path, index: FacetIndex, languages: Iterable[str], default_language: str
) -> dict[str, int]:
    """Writes ``search/facets.json`` into each language's tree; returns each file's gzipped size."""
    sizes = {}
    for lang in languages:
        root = site_dir if lang == default_language else site_dir / lang
        target = root / FACET_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        data = index.json_bytes(lang, card_url)
        target.write_bytes(data)
        sizes[lang] = len(gzip.compress(data, 6))
    return sizes


__all__ = [
    "FACETS",
    "FACET_FILE",
    "NEWEST",
    "Facet",
    "FacetIndex",
    "card_url",
    "page_context",
    "region_id",
    "write_facet_indexes",
]
