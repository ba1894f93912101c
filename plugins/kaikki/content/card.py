"""A checked bundle as the site reads it: a :class:`Card` a language, its fields as typed attributes.

The front matter of a :class:`~kaikki.content.model.Document` is the YAML as written; once the checks
have passed, each field's kind (:meth:`kaikki.content.fields.Kind.parse`) turns it into the value the
site uses: stripped text, a list of texts, a bool, a list of objects with every key of the table. Facts
come from either twin, words (and objects that carry words) from the language's own file, or from the
other one when the twin is missing. Downstream code reads ``card.title``, ``card.themes``,
``card.redirect_from``, never the raw dict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kaikki.content import schema
from kaikki.content.model import Bundle, Document

__all__ = ["ADOPTABLE", "Adoption", "Card", "card_of"]


ADOPTABLE = ("practices", "tools")
"""What municipalities develop and adopt: ``municipalities`` names the developers, ``adopted_by`` the
adopters. Elsewhere ``municipalities`` means a meeting's or a network's municipalities."""


@dataclass(frozen=True, slots=True)
class Adoption:
    """A municipality that has taken a practice or tool into use, and the year (``adopted_by``)."""

    municipality: str
    year: int


@dataclass(frozen=True, slots=True)
class Card:
    """One bundle in one reader's language.

    Every field of the table is an attribute (``card.themes``), with its kind's empty value when the
    card leaves it out or its collection has no such field. A value is parsed when it is first read and
    kept: a page reads a few fields of many cards.

    Attributes:
        key: ``collection/slug``.
        collection, slug, path: Where the bundle lives.
        lang: The reader's language.
        doc: The language file the words come from (the other language's when the twin is missing).
        bundle: The bundle, for its facts (from either twin).
    """

    key: str
    collection: str
    slug: str
    path: str
    lang: str
    doc: Document
    bundle: Bundle
    _values: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def text_lang(self) -> str:
        """The language the words are written in."""
        return self.doc.lang

    @property
    def developers(self) -> list[str]:
        """The municipalities that developed a practice or tool (``municipalities``); none for others,
        where ``municipalities`` names a meeting's or a network's municipalities."""
        return list(self.municipalities) if self.collection in ADOPTABLE else []

    @property
    def adopters(self) -> list[Adoption]:
        """The municipalities that have taken a practice or tool into use (``adopted_by``), in card order."""
        return [Adoption(item["municipality"], int(item["year"])) for item in self.adopted_by]

    @property
    def fallback(self) -> bool:
        """True when the reader's language has no file and the other language's words are shown."""
        return self.doc.lang != self.lang

    def __getattr__(self, name: str) -> Any:
        # Only reached for names that are not the dataclass' own: the fields of the table. (Never for a
        # private name, so a copy or unpickling that asks before ``_values`` is set cannot recurse.)
        if name.startswith("_"):
            raise AttributeError(name)
        values = self._values
        if name in values:
            return values[name]
        spec = _table().get(name)
        if spec is None:
            raise AttributeError(name)
        kind = spec.type
        raw = None
        if self.collection in spec.collections:
            raw = self.doc.meta.get(name) if spec.words or kind.per_language else self.bundle.fact(name)
        value = values[name] = kind.empty() if raw is None else kind.parse(spec, raw)
        return value


_TABLE: list[Any] = [None, {}]


def _table() -> dict[str, schema.Field]:
    """The table's fields by name, made again when :data:`kaikki.content.schema.FIELDS` is another table."""
    if _TABLE[0] is not schema.FIELDS:
        _TABLE[:] = [schema.FIELDS, {spec.name: spec for spec in schema.FIELDS}]
    return _TABLE[1]


def card_of(bundle: Bundle, lang: str) -> Card:
    """The card of ``bundle`` for a reader of ``lang``.

    Raises:
        ValueError: When the bundle has no readable document (such a bundle never reaches the site).
    """
    doc = bundle.doc(lang)
    if doc is None:
        raise ValueError(f"{bundle.path} has no readable document")
    return Card(bundle.key, bundle.collection, bundle.slug, bundle.path, lang, doc, bundle)
