"""``kaikki schema``: JSON Schema of each collection's front matter, for editors.

Generated from :mod:`kaikki.content.schema` (the same description the checks use) and the registries,
with every field described in Finnish and Swedish from the message catalogues. The schemas help while
typing; ``kaikki check`` stays the authority (twins may share facts, which a one-file schema cannot see,
so only the per-language words are required here).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kaikki.content.model import COLLECTIONS
from kaikki.content.registries import Municipalities, Vocabulary, load_municipalities, load_vocabulary
from kaikki.content.schema import SLUG_PATTERN, SUBFIELDS, Field, SubField, fields_for
from kaikki.messages import MESSAGE_LANGUAGES, catalogue

_DATE = r"^\d{4}-\d{2}-\d{2}$"
_HTTPS = r"^https://"


def _description(name: str, lang: str) -> str:
    order = [lang, *(lg for lg in MESSAGE_LANGUAGES if lg != lang)]
    return "\n\n".join(catalogue(lg)["fields"][name] for lg in order)


def _scalar(kind: str, group: str, vocabulary: Vocabulary, municipalities: Municipalities) -> dict[str, Any]:
    if kind in ("vocab",):
        return {"type": "string", "enum": vocabulary.ids(group)}
    if kind == "municipality":
        return {"type": "string", "enum": sorted(municipalities.by_slug)}
    if kind == "date":
        return {"type": "string", "pattern": _DATE}
    if kind == "meeting-date":
        return {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{4}-(spring|autumn))$"}
    if kind in ("time-range", "time-or-range"):
        return {"type": "string", "pattern": r"^\d{2}:\d{2}(-\d{2}:\d{2})?$"}
    if kind == "period":
        return {"type": "string", "pattern": r"^\d{4}-\d{4}$"}
    if kind == "https-url":
        return {"type": "string", "format": "uri", "pattern": _HTTPS}
    if kind == "email":
        return {"type": "string", "format": "email"}
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "network":
        return {"type": "string", "pattern": SLUG_PATTERN}
    return {"type": "string"}


def _object(
    name: str, subfields: tuple[SubField, ...], vocabulary: Vocabulary, m: Municipalities
) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for sub in subfields:
        prop = _scalar(sub.kind, sub.group, vocabulary, m)
        if sub.max_len:
            prop["maxLength"] = sub.max_len
        properties[sub.name] = prop
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "required": [s.name for s in subfields if s.required],
    }
    if name == "attachments":
        schema["oneOf"] = [{"required": ["file"]}, {"required": ["url"]}]
    return schema


def field_schema(
    spec: Field, lang: str, vocabulary: Vocabulary, municipalities: Municipalities
) -> dict[str, Any]:
    """The JSON Schema of one field."""
    kind = spec.kind
    if kind in ("contacts", "attachments", "agenda"):
        schema: dict[str, Any] = {
            "type": "array",
            "items": _object(kind, SUBFIELDS[kind], vocabulary, municipalities),
        }
    elif kind in ("municipalities", "vocab-list", "text-list", "refs", "paths"):
        item_kind = {"municipalities": "municipality", "vocab-list": "vocab"}.get(kind, "text")
        items = _scalar(item_kind, spec.group, vocabulary, municipalities)
        if kind == "refs":
            items = {"type": "string", "pattern": rf"^({'|'.join(COLLECTIONS)})/[a-z0-9-]+$"}
        schema = {"type": "array", "items": items, "uniqueItems": True}
    else:
        schema = _scalar(kind, spec.group, vocabulary, municipalities)
    if schema.get("type") == "array":
        if spec.min_len:
            schema["minItems"] = spec.min_len
        if spec.max_len:
            schema["maxItems"] = spec.max_len
    elif kind == "text":
        if spec.min_len:
            schema["minLength"] = spec.min_len
        if spec.max_len:
            schema["maxLength"] = spec.max_len
    if spec.default is not None:
        schema["default"] = spec.default
    schema["description"] = _description(spec.name, lang)
    return schema


def collection_schema(
    collection: str, lang: str, vocabulary: Vocabulary, m: Municipalities
) -> dict[str, Any]:
    """The JSON Schema of the front matter of one language file of ``collection``."""
    fields = fields_for(collection)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://kaikki-mukaan.example/schemas/{collection}.schema.json",
        "title": f"{collection}: index.fi.md / index.sv.md",
        "type": "object",
        "additionalProperties": False,
        "properties": {f.name: field_schema(f, lang, vocabulary, m) for f in fields},
        "required": [f.name for f in fields if f.words and collection in f.required],
    }


def write_schemas(out: Path, root: Path | None = None, lang: str = "fi") -> list[Path]:
    """Writes ``<collection>.schema.json`` for every collection into ``out``; returns the paths."""
    base = root or Path.cwd()
    vocabulary, municipalities = load_vocabulary(base), load_municipalities(base)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for collection in COLLECTIONS:
        path = out / f"{collection}.schema.json"
        schema = collection_schema(collection, lang, vocabulary, municipalities)
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
