"""``kaikki schema``: four JSON Schemas, well-formed, described in Finnish and Swedish on every property,
and satisfied by the real content's front matter.

``jsonschema`` is not a dependency, so the structure is checked by hand against the keywords the
generator uses, and a small validator for exactly those keywords checks the real content. If
``jsonschema`` happens to be installed, it checks both as well.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kaikki.cli import main
from kaikki.content import COLLECTIONS, load_library
from kaikki.messages import catalogue

ROOT = Path(__file__).resolve().parents[1]
DRAFT = "https://json-schema.org/draft/2020-12/schema"
TYPES = {"object", "array", "string", "boolean", "integer", "number", "null"}
KEYWORDS = {
    "$schema",
    "$id",
    "title",
    "description",
    "default",
    "type",
    "enum",
    "pattern",
    "format",
    "minLength",
    "maxLength",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "properties",
    "additionalProperties",
    "required",
    "oneOf",
}


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("schemas")
    assert main(["schema", "--out", str(out), "--root", str(ROOT)]) == 0
    files = sorted(out.iterdir())
    assert [f.name for f in files] == sorted(f"{c}.schema.json" for c in COLLECTIONS)
    return {f.name.split(".")[0]: json.loads(f.read_text(encoding="utf-8")) for f in files}


def _walk(schema: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    yield where, schema
    for name, sub in schema.get("properties", {}).items():
        yield from _walk(sub, f"{where}.{name}")
    if isinstance(schema.get("items"), dict):
        yield from _walk(schema["items"], f"{where}[]")
    for number, sub in enumerate(schema.get("oneOf", [])):
        yield from _walk(sub, f"{where}.oneOf{number}")


def test_every_schema_is_well_formed(schemas: dict[str, dict[str, Any]]) -> None:
    for collection, schema in schemas.items():
        assert schema["$schema"] == DRAFT
        assert schema["type"] == "object" and schema["additionalProperties"] is False
        for where, sub in _walk(schema, collection):
            unknown = set(sub) - KEYWORDS
            assert not unknown, f"{where}: unknown keywords {unknown}"
            if "type" in sub:
                assert sub["type"] in TYPES, where
            if "enum" in sub:
                assert isinstance(sub["enum"], list) and sub["enum"], where
                assert len(set(sub["enum"])) == len(sub["enum"]), where
            if "pattern" in sub:
                re.compile(sub["pattern"])
            for key in ("minLength", "maxLength", "minItems", "maxItems"):
                if key in sub:
                    assert isinstance(sub[key], int) and sub[key] >= 0, where
            if "required" in sub and "properties" in sub:
                assert set(sub["required"]) <= set(sub["properties"]), where
            if "properties" in sub:
                assert sub.get("type") == "object", where
            if "items" in sub:
                assert sub.get("type") == "array", where


def test_jsonschema_accepts_the_schemas(schemas: dict[str, dict[str, Any]]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_every_property_is_described_in_finnish_and_swedish(schemas: dict[str, dict[str, Any]]) -> None:
    fi, sv = catalogue("fi")["fields"], catalogue("sv")["fields"]
    for collection, schema in schemas.items():
        assert schema["properties"], collection
        for name, prop in schema["properties"].items():
            description = prop.get("description", "")
            assert fi[name] in description, f"{collection}.{name}: no Finnish description"
            assert sv[name] in description, f"{collection}.{name}: no Swedish description"


def test_swedish_first_with_lang_sv(tmp_path: Path) -> None:
    assert main(["schema", "--out", str(tmp_path), "--root", str(ROOT), "--lang", "sv"]) == 0
    schema = json.loads((tmp_path / "practices.schema.json").read_text(encoding="utf-8"))
    description = schema["properties"]["title"]["description"]
    assert description.startswith(catalogue("sv")["fields"]["title"])


# --- the real content validates ------------------------------------------------------------------

_JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def validate(value: Any, schema: dict[str, Any], where: str = "") -> list[str]:
    """The errors of ``value`` against the keywords the generator uses (format is an annotation)."""
    errors: list[str] = []
    kind = schema.get("type")
    if kind and not isinstance(value, _JSON_TYPES[kind]):
        return [f"{where}: expected {kind}, got {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} not in enum")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{where}: {value!r} does not match {schema['pattern']}")
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
            errors.append(f"{where}: length {len(value)}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", len(value)):
            errors.append(f"{where}: {len(value)} items")
        if schema.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) != len(value):
            errors.append(f"{where}: items not unique")
        for number, item in enumerate(value):
            errors.extend(validate(item, schema.get("items", {}), f"{where}[{number}]"))
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        errors.extend(f"{where}: missing {key}" for key in schema.get("required", []) if key not in value)
        if schema.get("additionalProperties") is False:
            errors.extend(f"{where}: unknown {key}" for key in value if key not in properties)
        for key, item in value.items():
            if key in properties:
                errors.extend(validate(item, properties[key], f"{where}.{key}"))
    if "oneOf" in schema:
        matches = sum(not validate(value, option, where) for option in schema["oneOf"])
        if matches != 1:
            errors.append(f"{where}: matches {matches} of oneOf")
    return errors


def test_small_validator_finds_errors(schemas: dict[str, dict[str, Any]]) -> None:
    schema = schemas["practices"]
    bad = {"title": "x" * 200, "summary": "lyhyt", "themes": ["no-such-theme"], "typo": 1}
    errors = validate(bad, schema)
    assert any(".title: length" in e for e in errors)
    assert any(".summary: length" in e for e in errors)
    assert any("not in enum" in e for e in errors)
    assert any("unknown typo" in e for e in errors)


def test_real_front_matter_validates(schemas: dict[str, dict[str, Any]]) -> None:
    library = load_library(ROOT)
    checked = 0
    for bundle in library.bundles.values():
        for doc in bundle.docs.values():
            assert validate(doc.meta, schemas[bundle.collection], doc.path) == []
            checked += 1
    assert checked >= 10


def test_real_front_matter_validates_with_jsonschema(schemas: dict[str, dict[str, Any]]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    library = load_library(ROOT)
    for bundle in library.bundles.values():
        for doc in bundle.docs.values():
            jsonschema.validate(doc.meta, schemas[bundle.collection], cls=jsonschema.Draft202012Validator)
