"""The contributor guide's field reference (scripts/make_field_reference.py): generated from the field table
and the catalogues, current on both pages, and stale as soon as the table changes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kaikki.catalogues import load
from kaikki.content import schema
from kaikki.content.model import COLLECTIONS, LANGUAGES
from kaikki.content.schema import FIELDS, TOOLS, Field, fields_for

ROOT = Path(__file__).resolve().parents[1]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_field_reference", ROOT / "scripts" / "make_field_reference.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


reference = _load()


def test_field_reference_is_up_to_date() -> None:
    assert reference.main(["--check"]) == 0, "run: python scripts/make_field_reference.py"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_field_of_every_collection_is_on_the_page(lang: str) -> None:
    page = reference.PAGES[lang].read_text(encoding="utf-8")
    part = page[page.index(reference.START) : page.index(reference.END)]
    texts = load("messages", lang)["field_reference"]
    sections = part.split("\n### ")[1:]
    assert len(sections) == len(COLLECTIONS)
    for collection, section in zip(COLLECTIONS, sections, strict=True):
        rows = [line for line in section.split("\n") if line.startswith("| `")]
        assert [row.split("`")[1] for row in rows] == [f.name for f in fields_for(collection)]
        for row, spec in zip(rows, fields_for(collection), strict=True):
            required = texts["yes"] if collection in spec.required else texts["no"]
            assert row.startswith(f"| `{spec.name}` | {required} | ")
    assert "| `host` | " + texts["yes"] in part and "| `lead` | " + texts["yes"] in part


def test_a_field_added_to_the_table_makes_the_pages_stale(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    added = Field("fixture_focus", "vocab-list", collections=frozenset({TOOLS}), group="age_groups")
    monkeypatch.setattr(schema, "FIELDS", (*FIELDS, added))
    for lang in LANGUAGES:
        monkeypatch.setitem(load("messages", lang)["fields"], added.name, f"Kuvaus | {lang} *tähti*")
    assert reference.main(["--check"]) == 1
    assert "make_field_reference.py" in capsys.readouterr().err
    tools = reference.render_reference("fi").split("### ")[2]
    assert tools.rstrip().endswith(r"| `fixture_focus` | ei | Kuvaus \| fi \*tähti\* |")


def test_a_page_without_its_markers_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="markers"):
        reference.updated_page("# Otsikko\n", "fi")
