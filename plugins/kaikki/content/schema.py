"""The front-matter schema: one declarative description of every field, per collection.

The checks (:mod:`kaikki.checks.schema`) validate against it, the twin check reads which fields are facts
and which are words, and ``kaikki schema`` turns it into JSON Schema. Contributor-facing descriptions of
the fields live in the message catalogues (``fields.<name>``), not here.
"""

from __future__ import annotations

from dataclasses import dataclass

from kaikki.content.model import COLLECTIONS

PRACTICES, TOOLS, MEETINGS, NETWORKS = COLLECTIONS
ALL = frozenset(COLLECTIONS)


@dataclass(frozen=True, slots=True)
class Field:
    """One front-matter field.

    Attributes:
        name: The key.
        kind: How the value is read: ``text``, ``date``, ``meeting-date``, ``time-range``, ``period``,
            ``https-url``, ``bool``, ``municipality``, ``municipalities``, ``network``, ``vocab``,
            ``vocab-list``, ``text-list``, ``refs``, ``paths``, ``contacts``, ``attachments``, ``agenda``.
        collections: Where the field may appear.
        required: Where it must appear (in either twin for facts, in each twin for words).
        words: True for text that belongs to each language; False for facts that twins share.
        group: The vocabulary group for ``vocab`` and ``vocab-list``.
        min_len, max_len: Characters of a text, or items of a list.
        default: The value the site assumes when the field is left out.
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


@dataclass(frozen=True, slots=True)
class SubField:
    """A key of the objects in ``contacts``, ``attachments`` and ``agenda``."""

    name: str
    kind: str
    required: bool = False
    words: bool = False
    max_len: int | None = None
    group: str = ""


FIELDS: tuple[Field, ...] = (
    Field("title", "text", required=ALL, words=True, min_len=3, max_len=120),
    Field("summary", "text", required=ALL, words=True, min_len=20, max_len=300),
    Field("municipalities", "municipalities", required=frozenset({PRACTICES, TOOLS, NETWORKS}), min_len=1),
    Field("network", "network"),
    Field(
        "themes", "vocab-list", required=frozenset({PRACTICES, TOOLS}), group="themes", min_len=1, max_len=3
    ),
    Field("support_levels", "vocab-list", group="support_levels"),
    Field("support_forms", "vocab-list", group="support_forms"),
    Field("age_groups", "vocab-list", group="age_groups"),
    Field("audiences", "vocab-list", group="audiences"),
    Field("keywords", "text-list", words=True, max_len=20),
    Field("status", "vocab", group="statuses", default="established"),
    Field("published", "date", required=ALL),
    Field("updated", "date"),
    Field("contacts", "contacts", max_len=10),
    Field("license", "vocab", group="licenses", default="CC-BY-4.0"),
    Field("attachments", "attachments", required=frozenset({TOOLS}), max_len=50),
    Field("related", "refs", max_len=30),
    Field("redirect_from", "paths", max_len=30),
    # Meetings
    Field("date", "meeting-date", collections=frozenset({MEETINGS}), required=frozenset({MEETINGS})),
    Field("time", "time-range", collections=frozenset({MEETINGS})),
    Field("host", "municipality", collections=frozenset({MEETINGS}), required=frozenset({MEETINGS})),
    Field("location", "text", collections=frozenset({MEETINGS}), words=True, max_len=200),
    Field("online", "bool", collections=frozenset({MEETINGS})),
    Field("online_url", "https-url", collections=frozenset({MEETINGS})),
    Field("agenda", "agenda", collections=frozenset({MEETINGS}), max_len=40),
    # Networks
    Field("lead", "municipality", collections=frozenset({NETWORKS}), required=frozenset({NETWORKS})),
    Field("period", "period", collections=frozenset({NETWORKS})),
    Field("funding", "text", collections=frozenset({NETWORKS}), words=True, max_len=200),
    Field("website", "https-url", collections=frozenset({NETWORKS})),
)

FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}

SUBFIELDS: dict[str, tuple[SubField, ...]] = {
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
    ),
    "agenda": (
        SubField("time", "time-or-range"),
        SubField("title", "text", required=True, words=True, max_len=200),
        SubField("presenter", "text", max_len=160),
        SubField("slides", "file-or-url"),
    ),
}


def fields_for(collection: str) -> list[Field]:
    """The fields a bundle of ``collection`` may have, in the order of the contract."""
    return [f for f in FIELDS if collection in f.collections]


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
