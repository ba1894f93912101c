"""Open data: every card as a row, per language, in ``data/cards.csv`` and ``data/cards.json``, described by
a Frictionless data package ``data/datapackage.json`` (Table Schema, licence, sources). No MkDocs here.

One row a card, in the reader's language (a card without its twin gives the other language's words and
says so in ``text_lang``). The columns follow the table of fields (:data:`kaikki.content.schema.FIELDS`)
by kind, so a new field of a known kind is exported without an edit here:

- vocabulary fields: the ids (``themes``) and the labels in the row's language (``themes_labels``);
- municipality fields: Statistics Finland's codes from the registry (``municipalities_codes``) and the
  names (``municipalities_names``);
- dates, texts, addresses, references and keywords as they are; in the CSV a list is joined with
  :data:`LIST_SEPARATOR`, in the JSON it is a list.

The municipalities that adopted a practice or tool (``adopted_by``) give three lists in one order: codes,
names and years. Left out: contacts (people: no personal data in open data), attachments and agendas
(objects; on the card's page), old addresses.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kaikki.catalogues import lookup
from kaikki.content import schema
from kaikki.content.card import Card, card_of
from kaikki.content.model import LANGUAGES, Library
from kaikki.content.registries import Municipalities, Vocabulary
from kaikki.site.exports import SiteUrls
from kaikki.site.strings import ui

DATA_DIR = "data"
CSV_FILE = "cards.csv"
JSON_FILE = "cards.json"
PACKAGE_FILE = "datapackage.json"
LIST_SEPARATOR = ";"
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
"""The licence of the data (the cards' own texts name theirs in the ``license`` column)."""
REGISTRY_SOURCE = {
    "title": "Tilastokeskus / Statistikcentralen: kuntaluokitus / kommunindelning (CC BY 4.0)",
    "path": "https://stat.fi/fi/luokitukset/kunta/",
}

_VOCAB_KINDS = frozenset({"vocab", "license", "vocab-list"})
_PLAIN_KINDS = frozenset(
    {
        "text",
        "date",
        "meeting-date",
        "time-range",
        "period",
        "https-url",
        "bool",
        "network",
        "text-list",
        "refs",
    }
)
"""Kinds exported as they are. Others (contacts, attachments, agendas, old addresses, kinds added later) are
left out until someone decides how they should look as data."""


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its name, Table Schema type, whether it holds a list, and how a card fills it."""

    name: str
    type: str
    description_key: str
    is_list: bool = False
    field: str = ""
    part: str = ""
    """For a field of two columns: ``ids``/``labels`` or ``codes``/``names``."""


_BASE = (
    Column("key", "string", "data.column.key"),
    Column("collection", "string", "data.column.collection"),
    Column("url", "string", "data.column.url"),
    Column("lang", "string", "data.column.lang"),
    Column("text_lang", "string", "data.column.text_lang"),
)


def columns() -> list[Column]:
    """The columns, in order: the card's identity, then its fields in the table's order."""
    found = list(_BASE)
    for spec in schema.FIELDS:
        kind = spec.kind
        if kind == "adoptions":  # adopted_by: the adopters' codes and names, and the years, in one order
            found.append(
                Column(
                    f"{spec.name}_codes", "string", f"fields.{spec.name}", True, spec.name, "adopter_codes"
                )
            )
            found.append(
                Column(f"{spec.name}_names", "string", "data.column.names", True, spec.name, "adopter_names")
            )
            found.append(
                Column(f"{spec.name}_years", "string", "data.column.years", True, spec.name, "adopter_years")
            )
            continue
        if kind not in _PLAIN_KINDS | _VOCAB_KINDS | {"municipality", "municipalities"}:
            continue
        many = kind in ("vocab-list", "municipalities", "text-list", "refs")
        described = f"fields.{spec.name}"
        if kind in _VOCAB_KINDS:
            found.append(Column(spec.name, "string", described, many, spec.name, "ids"))
            found.append(
                Column(f"{spec.name}_labels", "string", "data.column.labels", many, spec.name, "labels")
            )
        elif kind in ("municipality", "municipalities"):
            suffix = "s" if many else ""
            found.append(Column(f"{spec.name}_code{suffix}", "string", described, many, spec.name, "codes"))
            found.append(
                Column(f"{spec.name}_name{suffix}", "string", "data.column.names", many, spec.name, "names")
            )
        elif kind == "date":
            found.append(Column(spec.name, "date", described, False, spec.name))
        elif kind == "bool":
            found.append(Column(spec.name, "boolean", described, False, spec.name))
        else:
            found.append(Column(spec.name, "string", described, many, spec.name))
    return found


def card_row(
    card: Card, urls: SiteUrls, vocabulary: Vocabulary, municipalities: Municipalities, cols: list[Column]
) -> dict[str, Any]:
    """The row of one card (lists as lists, a missing value as ``None``)."""
    row: dict[str, Any] = {
        "key": card.key,
        "collection": card.collection,
        "url": urls.page(card.lang, card.key),
        "lang": card.lang,
        "text_lang": card.text_lang,
    }
    specs = schema.FIELDS_BY_NAME
    for col in cols[len(_BASE) :]:
        spec = specs[col.field]
        applies = card.collection in spec.collections
        value = getattr(card, col.field) if applies else None
        if applies and not value and spec.kind == "license":  # a card without one has the default
            value = spec.default
        if col.part.startswith("adopter_"):
            adopters = (
                [(municipalities.get(a.municipality), a.year) for a in card.adopters] if applies else []
            )
            if col.part == "adopter_years":
                row[col.name] = [str(year) for m, year in adopters if m is not None] if applies else None
            else:
                names = [
                    m.code if col.part == "adopter_codes" else m.name(card.lang) for m, _ in adopters if m
                ]
                row[col.name] = names if applies else None
            continue
        if col.type == "boolean":
            row[col.name] = bool(value) if applies else None
            continue
        values = [] if not value else [value] if isinstance(value, str) else list(value)
        if col.part == "labels":
            values = [vocabulary.label(spec.group, v, card.lang) for v in values]
        elif col.part in ("codes", "names"):
            found = [municipalities.get(v) for v in values]
            if col.part == "codes":
                values = [m.code for m in found if m is not None]
            else:
                values = [m.name(card.lang) for m in found if m is not None]
        if col.is_list:
            row[col.name] = values if applies else None
        else:
            row[col.name] = (values[0] if values else None) if applies else None
    return row


def open_data_files(
    library: Library, urls: SiteUrls, site_names: Mapping[str, str] | None = None
) -> dict[str, bytes]:
    """``data/cards.csv``, ``data/cards.json`` and ``data/datapackage.json`` in both languages."""
    cols = columns()
    files: dict[str, bytes] = {}
    bundles = sorted(library.bundles.values(), key=lambda b: b.key)
    for lang in LANGUAGES:
        rows = [
            card_row(card_of(b, lang), urls, library.vocabulary, library.municipalities, cols)
            for b in bundles
        ]
        folder = f"{urls.tree(lang)}{DATA_DIR}/"
        csv_data = _csv(rows, cols)
        # One card a line: readable, and json's fast encoder (an indent makes it use the slow one).
        json_data = ("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n]\n").encode()
        name = (site_names or {}).get(lang) or ui(lang, "site.name")
        package = _package(lang, name, urls, cols, csv_data, json_data)
        files[folder + CSV_FILE] = csv_data
        files[folder + JSON_FILE] = json_data
        files[folder + PACKAGE_FILE] = (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode(
            "utf-8"
        )
    return files


def _csv(rows: list[dict[str, Any]], cols: list[Column]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in cols])
    for row in rows:
        writer.writerow([_cell(row[c.name]) for c in cols])
    return out.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


def _package(
    lang: str, name: str, urls: SiteUrls, cols: list[Column], csv_data: bytes, json_data: bytes
) -> dict[str, Any]:
    fields = []
    for col in cols:
        description = _description(col, lang)
        if col.is_list:
            description += " " + ui(lang, "data.list", separator=LIST_SEPARATOR)
        fields.append({"name": col.name, "type": col.type, "description": description})
    return {
        "name": f"kaikki-mukaan-cards-{lang}",
        "title": ui(lang, "data.title", site=name),
        "description": ui(lang, "data.description"),
        "homepage": urls.root(lang),
        "licenses": [LICENCE],
        "sources": [{"title": name, "path": urls.root(lang)}, REGISTRY_SOURCE],
        "resources": [
            {
                "name": "cards",
                "path": CSV_FILE,
                "title": ui(lang, "data.cards_csv"),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(csv_data),
                "hash": "sha256:" + hashlib.sha256(csv_data).hexdigest(),
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": {"fields": fields, "primaryKey": ["key"]},
            },
            {
                "name": "cards-json",
                "path": JSON_FILE,
                "title": ui(lang, "data.cards_json"),
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "bytes": len(json_data),
                "hash": "sha256:" + hashlib.sha256(json_data).hexdigest(),
            },
        ],
    }


def _description(col: Column, lang: str) -> str:
    """A column's description in ``lang``: the field's own (the contributor guide's), or the catalogue's
    words for the identity columns and the second column of a field (labels, names)."""
    if col.description_key.startswith("fields."):
        return str(lookup("messages", lang, "fields", col.field))
    return ui(lang, col.description_key, field=col.field)
