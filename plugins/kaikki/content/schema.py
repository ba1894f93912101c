"""The front-matter schema: one declarative table of every field, per collection.

A row of :data:`FIELDS` is all that a field needs: its kind (:mod:`kaikki.content.fields` owns what a kind
means: its checks, its JSON Schema, its display in the facts panel, its scaffold example and its issue-form
element), where it may and must appear, and whether it is a fact twins share or words of one language.
Contributor-facing texts of a field live in the catalogues: its description in ``locales/<lang>.yml``
(``fields.<name>``), its label in ``locales/ui.<lang>.yml`` (``facts.<name>``).

How to add a field: a row here (and, for a vocabulary, its terms in ``materials/vocabulary.yml``), then
``fields.<name>`` and ``facts.<name>`` in both languages; regenerate the issue forms
(``scripts/make_issue_forms.py``) and the contributor guide's field reference
(``scripts/make_field_reference.py``). The row's position is the field's place in the facts panel, the
scaffold's examples, the JSON Schema and the issue forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kaikki.content.fields import KINDS, Kind
from kaikki.content.model import COLLECTIONS

PRACTICES, TOOLS, MEETINGS, NETWORKS = COLLECTIONS
ALL = frozenset(COLLECTIONS)
_PT = frozenset({PRACTICES, TOOLS})
_PTM = frozenset({PRACTICES, TOOLS, MEETINGS})
_M = frozenset({MEETINGS})
_N = frozenset({NETWORKS})


@dataclass(frozen=True, slots=True)
class Field:
    """One front-matter field.

    Attributes:
        name: The key.
        kind: The name of its kind in :data:`kaikki.content.fields.KINDS`: ``text``, ``date``,
            ``meeting-date``, ``time-range``, ``deadline``, ``period``, ``https-url``, ``bool``,
            ``municipality``, ``municipalities``, ``network``, ``vocab``, ``license``, ``vocab-list``,
            ``text-list``, ``refs``, ``paths``, ``contacts``, ``attachments``, ``agenda``.
        collections: Where the field may appear.
        required: Where it must appear (in either twin for facts, in each twin for words).
        words: True for text that belongs to each language; False for facts that twins share.
        group: The vocabulary group for ``vocab``, ``license`` and ``vocab-list``.
        min_len, max_len: Characters of a text, or items of a list.
        default: The value the site assumes when the field is left out.
        fact: Shown in the card's facts panel (labelled ``facts.<name>``).
        form: The collections whose issue form asks for it.
        link: For ``bool``: the field whose address the facts panel links (``online`` → ``online_url``).
        listing: For a vocabulary field: the site lists the cards of each term (``themes/<id>/`` and an
            index page, titled by the UI catalogue's ``listing.<name>`` and ``listing.<name>.intro``), and
            the facts panel links the terms there (:mod:`kaikki.site.listings`).
    """

    name: str
    kind: str
    collections: frozenset[str] = ALL
    required: frozenset[str] = frozenset()
    words: bool = False
    group: str = ""
    min_len: int | None = None
    max_len: int | None = None
    default: str | None = None
    fact: bool = False
    form: frozenset[str] = frozenset()
    link: str = ""
    listing: bool = False
    type: Kind = field(init=False, repr=False, compare=False)
    """The kind's object (checks, JSON Schema, display, example and form element), looked up once."""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"field {self.name}: unknown kind {self.kind!r}")
        if self.listing and not self.group:
            raise ValueError(f"field {self.name}: a listing needs a vocabulary group")
        object.__setattr__(self, "type", KINDS[self.kind])

    @property
    def subfields(self) -> tuple[SubField, ...]:
        """The keys of the objects of ``contacts``, ``attachments`` and ``agenda``; none for others."""
        return SUBFIELDS.get(self.name, ())


@dataclass(frozen=True, slots=True)
class SubField:
    """A key of the objects in ``contacts``, ``attachments`` and ``agenda``.

    Its kind is one of a text (``text``, ``email``, ``vocab``…) or a list (``presented-refs``: an agenda
    item's ``presents``), whose ``min_len`` and ``max_len`` count items.
    """

    name: str
    kind: str
    required: bool = False
    words: bool = False
    max_len: int | None = None
    group: str = ""
    min_len: int | None = None


FIELDS: tuple[Field, ...] = (
    Field("title", "text", required=ALL, words=True, min_len=3, max_len=120, form=_PTM),
    Field("summary", "text", required=ALL, words=True, min_len=20, max_len=300, form=_PTM),
    # Meetings
    Field("date", "meeting-date", collections=_M, required=_M, fact=True, form=_M),
    Field("time", "time-range", collections=_M, fact=True, form=_M),
    # Not ``status``: that field's vocabulary and default (``established``) are a practice's life cycle.
    Field("meeting_status", "vocab", collections=_M, group="meeting_statuses", fact=True, form=_M),
    Field("host", "municipality", collections=_M, required=_M, fact=True, form=_M),
    Field("location", "text", collections=_M, words=True, max_len=200, fact=True, form=_M),
    Field("online", "bool", collections=_M, fact=True, link="online_url"),
    Field("online_url", "https-url", collections=_M, form=_M),
    Field("registration_url", "https-url", collections=_M, fact=True, form=_M),
    Field("registration_deadline", "deadline", collections=_M, fact=True, form=_M),
    # Networks
    Field("lead", "municipality", collections=_N, required=_N, fact=True),
    Field("period", "period", collections=_N, fact=True),
    Field("funding", "text", collections=_N, words=True, max_len=200, fact=True),
    Field("website", "https-url", collections=_N, fact=True),
    # Every collection
    Field(
        "municipalities",
        "municipalities",
        required=frozenset({PRACTICES, TOOLS, NETWORKS}),
        min_len=1,
        fact=True,
        form=_PTM,
    ),
    # Practices and tools: where they have spread (``municipalities`` says who developed them)
    Field("adopted_by", "adoptions", collections=_PT, max_len=400, fact=True),
    Field("network", "network", fact=True),
    Field(
        "themes",
        "vocab-list",
        required=_PT,
        group="themes",
        min_len=1,
        max_len=3,
        fact=True,
        form=_PTM,
        listing=True,
    ),
    Field("support_levels", "vocab-list", group="support_levels", fact=True, form=_PT, listing=True),
    Field("support_forms", "vocab-list", group="support_forms", fact=True, form=_PT),
    Field("age_groups", "vocab-list", group="age_groups", fact=True, form=_PT, listing=True),
    Field("audiences", "vocab-list", group="audiences", fact=True, form=_PT, listing=True),
    Field("evidence", "vocab-list", collections=_PT, group="evidence", fact=True, form=_PT, listing=True),
    Field("keywords", "text-list", words=True, max_len=20, form=_PT),
    Field("status", "vocab", group="statuses", default="established", fact=True, form=frozenset({PRACTICES})),
    Field("published", "date", required=ALL, fact=True),
    Field("updated", "date", fact=True),
    Field("contacts", "contacts", max_len=10, form=_PTM),
    Field("license", "license", group="licenses", default="CC-BY-4.0", fact=True, form=_PTM),
    Field("attachments", "attachments", required=frozenset({TOOLS}), max_len=50, form=_PTM),
    Field("related", "refs", max_len=30),
    Field("redirect_from", "paths", max_len=30),
    # Meetings
    Field("agenda", "agenda", collections=_M, max_len=40, form=_M),
)

FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}

SUBFIELDS: dict[str, tuple[SubField, ...]] = {
    "adopted_by": (
        SubField("municipality", "municipality", required=True),
        SubField("year", "year", required=True),
    ),
    "contacts": (
        SubField("name", "text", required=True, max_len=120),
        SubField("role", "text", words=True, max_len=120),
        SubField("organisation", "text", words=True, max_len=160),
        SubField("email", "email"),
    ),
    "attachments": (
        SubField("file", "bundle-file"),
        SubField("url", "https-url"),
        SubField("title", "text", required=True, words=True, max_len=200),
        SubField("lang", "vocab", group="languages"),
        SubField("kind", "vocab", group="attachment_kinds"),
    ),
    "agenda": (
        SubField("time", "time-or-range"),
        SubField("title", "text", required=True, words=True, max_len=200),
        SubField("presenter", "presenter", words=True, max_len=160),
        SubField("slides", "file-or-url"),
        SubField("presents", "presented-refs", max_len=10),
    ),
}


_FIELDS_FOR: dict[str, tuple[tuple[Field, ...], list[Field]]] = {}


def fields_for(collection: str) -> list[Field]:
    """The fields a bundle of ``collection`` may have, in the order of the table.

    Read for every file checked and every card built, so it is kept per collection (and made again when
    :data:`FIELDS` is another table, as in a test's fixture model). Do not change the list returned.
    """
    table = FIELDS
    found = _FIELDS_FOR.get(collection)
    if found is None or found[0] is not table:
        found = _FIELDS_FOR[collection] = (table, [f for f in table if collection in f.collections])
    return found[1]


SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{1,78})[a-z0-9]$"
"""Slugs: lowercase ASCII letters, digits and hyphens, 3–80 characters, no hyphen at either end."""

MEETING_SLUG_PATTERN = r"^(?:\d{4}-\d{2}-\d{2}|\d{4}-(?:spring|autumn))-"

ALLOWED_ATTACHMENT_TYPES: dict[str, str] = {
    "pdf": "PDF",
    "docx": "Word",
    "pptx": "PowerPoint",
    "xlsx": "Excel",
    "odt": "OpenDocument",
    "odp": "OpenDocument",
    "ods": "OpenDocument",
    "png": "PNG",
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "webp": "WebP",
}
IMAGE_TYPES = frozenset({"png", "jpg", "jpeg", "webp"})
PLACEHOLDER_MARK = "✎"
"""The scaffold starts every text a contributor must replace with this mark; the checks reject it (E605)."""

# The size limits (files, bundles, attachments' packages) are in kaikki.content.limits.
