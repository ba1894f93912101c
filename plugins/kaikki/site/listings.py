"""The site's listings as data: one row of :data:`LISTINGS` per listing, the pages derived from the table.

A *listing* gathers the cards that share a value of a field: the cards of a collection, of a theme, of a
municipality. Each :class:`ListingSpec` says which front-matter fields it lists, the URL folder of its
pages, the catalogue keys of its title and introduction, how its index page orders the values, and whether
it belongs in the navigation and in the search page's browse list. :mod:`kaikki.site.derive` makes every
page from this table (one page a value, ``<folder>/<value>/``, and an index page ``<folder>/``), the
navigation and the search page's browse list come from it in table order, and the facts panel of a card
links a value to its listing with :func:`listing_uri`. Nothing else knows the URLs.

How to add a listing of a vocabulary field (e.g. ``evidence``):

1. Mark its row of the field table ``listing=True`` (:data:`kaikki.content.schema.FIELDS`).
2. Add ``listing.evidence`` and ``listing.evidence.intro`` to both UI catalogues
   (``plugins/kaikki/locales/ui.fi.yml``, ``ui.sv.yml``).

Listings of another source (collections, municipalities) are rows of :data:`LISTINGS` themselves.

That is all: the term pages, the index page, its entry in the navigation and on the search page, and the
links from the facts panel of every card that names a term follow. A value's own page is titled by its
source (the vocabulary's label, the municipality's name, the catalogue's ``collection.<name>``) and
introduced by the term's description or the municipality's region.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kaikki.content.model import COLLECTIONS
from kaikki.content.schema import FIELDS, Field

SOURCE_COLLECTIONS = "collections"
"""Values are the collections (:data:`kaikki.content.model.COLLECTIONS`), titled ``collection.<name>``."""
SOURCE_VOCABULARY = "vocabulary"
"""Values are the terms of ``vocabulary_group`` in ``materials/vocabulary.yml``, in the vocabulary's order."""
SOURCE_MUNICIPALITIES = "municipalities"
"""Values are the municipalities some card names; the index groups them by region, alphabetically."""

SOURCES = (SOURCE_COLLECTIONS, SOURCE_VOCABULARY, SOURCE_MUNICIPALITIES)


@dataclass(frozen=True, slots=True)
class ListingSpec:
    """One listing: the cards sharing a value of one of ``fields``.

    Attributes:
        name: The listing's id (used in tests and messages).
        fields: Front-matter fields whose values it lists; ``collection`` means the bundle's collection.
            A card is listed under every value of every field (a meeting under its host municipality).
        folder: URL folder of the pages: ``<folder>/<value>/`` and the index ``<folder>/``; ``""`` puts
            each value's page at the top (``practices/``) and has no index page.
        source: Where the values, their titles and introductions come from (one of :data:`SOURCES`).
        vocabulary_group: The vocabulary group of a :data:`SOURCE_VOCABULARY` listing.
        title_key: UI catalogue key of the index page's title (and its navigation and browse entry).
        intro_key: UI catalogue key of the index page's introduction.
        index_page: Whether the listing has an index page of its values; without one, each value's page
            stands for the listing in the navigation and the browse list.
        all_values: Pages for every value, also those no card has (a theme nobody uses yet); otherwise
            only for the values cards name (of 300 municipalities, those with cards).
        in_nav: In the site's navigation (the index page, or every value's page without one).
        in_browse: In the search page's list of listings (offered when the search cannot run).
    """

    name: str
    fields: tuple[str, ...]
    folder: str
    source: str
    vocabulary_group: str = ""
    title_key: str = ""
    intro_key: str = ""
    index_page: bool = True
    all_values: bool = True
    in_nav: bool = True
    in_browse: bool = True

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"listing {self.name}: unknown source {self.source!r}")
        if self.index_page and not (self.folder and self.title_key):
            raise ValueError(f"listing {self.name}: an index page needs a folder and a title_key")
        if self.source == SOURCE_VOCABULARY and not self.vocabulary_group:
            raise ValueError(f"listing {self.name}: a vocabulary listing needs its vocabulary_group")

    @property
    def index_uri(self) -> str:
        """Source URI of the index page (``themes/index.md``); ``""`` without one."""
        return f"{self.folder}/index.md" if self.index_page else ""

    def value_uri(self, value: str) -> str:
        """Source URI of one value's page: ``themes/play/index.md``, ``practices/index.md``."""
        return f"{self.folder}/{value}/index.md" if self.folder else f"{value}/index.md"


def vocabulary_listings(fields: Iterable[Field] = FIELDS) -> tuple[ListingSpec, ...]:
    """A listing for every vocabulary field the field table marks ``listing=True``, in the table's order:
    ``themes`` → ``themes/<id>/`` and ``themes/``, titled by ``listing.themes`` (``support_levels`` →
    ``support-levels/``)."""
    return tuple(
        ListingSpec(
            name=spec.name,
            fields=(spec.name,),
            folder=spec.name.replace("_", "-"),
            source=SOURCE_VOCABULARY,
            vocabulary_group=spec.group,
            title_key=f"listing.{spec.name}",
            intro_key=f"listing.{spec.name}.intro",
        )
        for spec in fields
        if spec.listing
    )


LISTINGS: tuple[ListingSpec, ...] = (
    ListingSpec(
        name="collections",
        fields=("collection",),
        folder="",
        source=SOURCE_COLLECTIONS,
        index_page=False,
    ),
    *vocabulary_listings(),
    ListingSpec(
        name="municipalities",
        fields=("host", "lead", "municipalities", "adopted_by"),
        folder="municipalities",
        source=SOURCE_MUNICIPALITIES,
        title_key="listing.municipalities",
        intro_key="listing.municipalities.intro",
        all_values=False,
    ),
)
"""Every listing of the site, in the order of the navigation and of the search page's browse list."""


def listing_for(field_name: str, listings: tuple[ListingSpec, ...] = LISTINGS) -> ListingSpec | None:
    """The listing of a front-matter field's values, or ``None`` when the field has none."""
    for spec in listings:
        if field_name in spec.fields:
            return spec
    return None


def listing_uri(field_name: str, value: str, listings: tuple[ListingSpec, ...] = LISTINGS) -> str:
    """Source URI of the listing page of ``value`` of ``field_name``; ``""`` when the field has no listing.

    ``listing_uri("themes", "play")`` → ``themes/play/index.md``; ``listing_uri("host", "liperi")`` →
    ``municipalities/liperi/index.md``; ``listing_uri("collection", "tools")`` → ``tools/index.md``;
    ``listing_uri("age_groups", "0-3")`` → ``""``. The facts panel links a value with it.
    """
    spec = listing_for(field_name, listings)
    if spec is None or not value:
        return ""
    return spec.value_uri(value)


def collection_uri(collection: str) -> str:
    """Source URI of a collection's listing: ``practices`` → ``practices/index.md``."""
    return listing_uri("collection", collection)


def municipality_uri(slug: str) -> str:
    """Source URI of a municipality's listing: ``liperi`` → ``municipalities/liperi/index.md``."""
    return listing_uri("municipalities", slug)


def _check_table(listings: tuple[ListingSpec, ...]) -> None:
    """Refuses a table where two listings claim one field or one folder (their pages would clash)."""
    seen_fields: dict[str, str] = {}
    seen_folders: dict[str, str] = {}
    for spec in listings:
        for name in spec.fields:
            if name in seen_fields:
                raise ValueError(f"field {name} in listings {seen_fields[name]} and {spec.name}")
            seen_fields[name] = spec.name
        if spec.folder in seen_folders or spec.folder in COLLECTIONS:
            raise ValueError(f"listing {spec.name}: folder {spec.folder!r} is taken")
        seen_folders[spec.folder] = spec.name


_check_table(LISTINGS)

__all__ = [
    "LISTINGS",
    "SOURCES",
    "SOURCE_COLLECTIONS",
    "SOURCE_MUNICIPALITIES",
    "SOURCE_VOCABULARY",
    "ListingSpec",
    "collection_uri",
    "listing_for",
    "listing_uri",
    "municipality_uri",
]
