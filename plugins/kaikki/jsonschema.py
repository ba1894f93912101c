"""``kaikki schema``: JSON Schema of each collection's front matter, for editors.

Generated from :mod:`kaikki.content.schema` (the same table the checks use; each field's kind in
:mod:`kaikki.content.fields` gives its schema) and the registries,
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
from kaikki.content.schema import Field, fields_for
from kaikki.messages import MESSAGE_LANGUAGES, catalogue


def _description(name: str, lang: str) -> str:
    order = [lang, *(lg for lg in MESSAGE_LANGUAGES if lg != lang)]
    return "\n\n".join(catalogue(lg)["fields"][name] for lg in order)


def field_schema(
    spec: Field, lang: str, vocabulary: Vocabulary, municipalities: Municipalities
) -> dict[str, Any]:
    """The JSON Schema of one field: its kind's, with the default and the description."""
    schema = spec.type.json_schema(spec, vocabulary, municipalities)
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
