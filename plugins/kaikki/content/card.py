"""A checked bundle as the site reads it: a :class:`Card` a language, its fields as typed attributes.

The front matter of a :class:`~kaikki.content.model.Document` is the YAML as written; once the checks
have passed, each field's kind (:meth:`kaikki.content.fields.Kind.parse`) turns it into the value the
site uses: stripped text, a list of texts, a bool, a list of objects with every key of the table. Facts
come from either twin, words (and objects that carry words) from the language's own file, or from the
other one when the twin is missing. Downstream code reads ``card.title``, ``card.themes``,
``card.redirect_from``, never the raw dict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kaikki.content import schema
from kaikki.content.model import Bundle, Document

__all__ = ["Card", "card_of"]


@dataclass(frozen=True, slots=True)
class Card:
    """One bundle in one reader's language.

    Every field of the table is an attribute (``card.themes``), with its kind's empty value when the
    card leaves it out or its collection has no such field.

    Attributes:
        key: ``collection/slug``.
        collection, slug, path: Where the bundle lives.
        lang: The reader's language.
        doc: The language file the words come from (the other language's when the twin is missing).
        values: Field name → parsed value.
    """

    key: str
    collection: str
    slug: str
    path: str
    lang: str
    doc: Document
    values: Mapping[str, Any]

    @property
    def text_lang(self) -> str:
        """The language the words are written in."""
        return self.doc.lang

    @property
    def fallback(self) -> bool:
        """True when the reader's language has no file and the other language's words are shown."""
        return self.doc.lang != self.lang

    def __getattr__(self, name: str) -> Any:
        # Only reached for names that are not the dataclass' own: the fields of the table.
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


def card_of(bundle: Bundle, lang: str) -> Card:
    """The card of ``bundle`` for a reader of ``lang``.

    Raises:
        ValueError: When the bundle has no readable document (such a bundle never reaches the site).
    """
    doc = bundle.doc(lang)
    if doc is None:
        raise ValueError(f"{bundle.path} has no readable document")
    allowed = {spec.name for spec in schema.fields_for(bundle.collection)}
    values: dict[str, Any] = {}
    for spec in schema.FIELDS:
        kind = spec.type
        if spec.name not in allowed:
            values[spec.name] = kind.empty()
            continue
        raw = doc.meta.get(spec.name) if spec.words or kind.per_language else bundle.fact(spec.name)
        values[spec.name] = kind.empty() if raw is None else kind.parse(spec, raw)
    return Card(bundle.key, bundle.collection, bundle.slug, bundle.path, lang, doc, values)
