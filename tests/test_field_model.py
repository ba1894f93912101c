"""The field model (kaikki.content.schema + kaikki.content.fields): a field added to the table is checked,
described in the JSON Schema, shown in the facts panel, offered by the scaffold and asked by the issue
forms, with no other edit; and a checked bundle is read downstream as a typed Card."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from conftest import copy_materials
from kaikki.catalogues import flat, load
from kaikki.checks import check_library
from kaikki.content import load_library, schema
from kaikki.content.card import card_of
from kaikki.content.fields import KINDS, redirect_path
from kaikki.content.model import LANGUAGES
from kaikki.content.registries import load_municipalities, load_vocabulary
from kaikki.content.schema import FIELDS, PRACTICES, TOOLS, Field
from kaikki.jsonschema import collection_schema
from kaikki.scaffold import render_document
from kaikki.site import build_site

ROOT = Path(__file__).resolve().parents[1]
NAME = "fixture_focus"
GROUP = "age_groups"  # an existing vocabulary, so the fixture needs no vocabulary file of its own
LABELS = {"fi": "Kokeilukenttä", "sv": "Testfält"}
DESCRIPTIONS = {"fi": "Kokeilukentän kuvaus suomeksi.", "sv": "Testfältets beskrivning på svenska."}


def _forms_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_issue_forms", ROOT / "scripts" / "make_issue_forms.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def fixture_model(monkeypatch: pytest.MonkeyPatch) -> Field:
    """A copy of the table with one more field after ``audiences``, and its texts in both catalogues."""
    field = Field(
        NAME,
        "vocab-list",
        collections=frozenset({PRACTICES, TOOLS}),
        group=GROUP,
        fact=True,
        form=frozenset({PRACTICES}),
    )
    names = [f.name for f in FIELDS]
    at = names.index("audiences") + 1
    monkeypatch.setattr(schema, "FIELDS", (*FIELDS[:at], field, *FIELDS[at:]))
    monkeypatch.setitem(schema.FIELDS_BY_NAME, NAME, field)
    for lang in LANGUAGES:
        monkeypatch.setitem(load("messages", lang)["fields"], NAME, DESCRIPTIONS[lang])
        monkeypatch.setitem(flat("ui", lang), f"facts.{NAME}", LABELS[lang])
    return field


PRACTICE = """---
title: "Kokeilukortti"
summary: "Kortti, jolla kokeillaan taulukkoon lisättyä kenttää."
municipalities:
  - liperi
themes:
  - inclusive-culture
{extra}published: "2024-05-02"
---

## Tausta

Teksti.
"""


def _library_with(tmp_path: Path, extra: str):
    root = copy_materials(tmp_path, full=False)
    folder = root / "materials" / "practices" / "kokeilukortti"
    folder.mkdir(parents=True)
    (folder / "index.fi.md").write_text(PRACTICE.format(extra=extra), encoding="utf-8")
    library = load_library(root)
    # The card has no Swedish twin: that notice (N301) is not what these tests are about.
    found = check_library(library)
    return library, [
        p for p in found if p.path.startswith("materials/practices/kokeilukortti") and p.code != "N301"
    ]


def test_a_field_added_to_the_table_is_checked(fixture_model: Field, tmp_path: Path) -> None:
    _library, problems = _library_with(tmp_path, f"{NAME}:\n  - age-3-5\n  - ikä-9\n  - age-3-5\n")
    found = {(p.code, p.line, p.params.get("field")) for p in problems}
    assert ("E207", 10, NAME) in found  # not in the vocabulary, at its line
    assert ("E210", 11, NAME) in found  # twice
    _library, problems = _library_with(tmp_path / "ok", f"{NAME}:\n  - age-3-5\n")
    assert [p.code for p in problems] == []


def test_the_same_field_is_unknown_without_the_table_row(tmp_path: Path) -> None:
    _library, problems = _library_with(tmp_path, f"{NAME}:\n  - age-3-5\n")
    assert [(p.code, p.params["field"]) for p in problems] == [("E206", NAME)]


def test_a_field_added_to_the_table_is_in_the_json_schema(fixture_model: Field) -> None:
    vocabulary, municipalities = load_vocabulary(ROOT), load_municipalities(ROOT)
    found = collection_schema("practices", "sv", vocabulary, municipalities)["properties"][NAME]
    assert found["type"] == "array" and found["uniqueItems"] is True
    assert found["items"]["enum"] == vocabulary.ids(GROUP)
    assert found["description"] == f"{DESCRIPTIONS['sv']}\n\n{DESCRIPTIONS['fi']}"
    assert NAME not in collection_schema("meetings", "fi", vocabulary, municipalities)["properties"]


def test_a_field_added_to_the_table_is_in_the_facts_panel(fixture_model: Field, tmp_path: Path) -> None:
    library, problems = _library_with(tmp_path, f"{NAME}:\n  - preprimary\n")
    assert problems == []
    page = build_site(library).pages["practices/kokeilukortti/index.md"]
    for lang in LANGUAGES:
        facts = {fact.key: fact for fact in page.views[lang].context["facts"]}
        assert facts[NAME].label == LABELS[lang]
        assert [link.text for link in facts[NAME].values] == [
            library.vocabulary.label(GROUP, "preprimary", lang)
        ]
        keys = list(facts)
        assert keys.index("audiences" if "audiences" in facts else "themes") < keys.index(NAME)
        assert keys.index(NAME) < keys.index("published")


def test_a_field_added_to_the_table_is_in_the_scaffold(fixture_model: Field) -> None:
    vocabulary = load_vocabulary(ROOT)
    for lang in LANGUAGES:
        text = render_document(ROOT, "practices", "uusi-kortti", lang, ["liperi"], "2025-01-02")
        lines = text.split("\n")
        at = lines.index(f"# {NAME}:")
        assert lines[at + 1] == f'#   - "{vocabulary.ids(GROUP)[0]}"'
        assert f"## {DESCRIPTIONS[lang]}" in lines[at - 2 : at]
        assert f"##   preprimary: {vocabulary.label(GROUP, 'preprimary', lang)}" in lines[at:]
        assert lines.index("# audiences:") < at < lines.index("# keywords:")
    assert f"# {NAME}:" not in render_document(ROOT, "meetings", "2025-05-02-x", "fi", [], "2025-01-02")


def test_a_field_added_to_the_table_is_asked_by_the_issue_form(fixture_model: Field) -> None:
    forms = _forms_script()
    catalogue = forms.load_catalogue()
    vocabulary, municipalities = forms.load_vocabulary(), forms.load_municipalities()
    for lang in LANGUAGES:
        body = forms.build_form("practice", lang, catalogue, vocabulary, municipalities)["body"]
        ids = [element.get("id") for element in body]
        element = body[ids.index(NAME)]
        assert ids.index(NAME) == ids.index("audiences") + 1
        assert element["type"] == "dropdown"
        assert element["attributes"]["multiple"] is True
        assert element["attributes"]["label"] == LABELS[lang]
        assert element["attributes"]["description"].startswith(DESCRIPTIONS[lang])
        assert element["attributes"]["options"] == [vocabulary[GROUP][i][lang] for i in vocabulary[GROUP]]
        assert element["validations"] == {"required": False}
        assert (
            forms.option_ids(vocabulary, municipalities, lang)[NAME][
                "Esiopetus" if lang == "fi" else "Förskoleundervisning"
            ]
            == "preprimary"
        )
    # The tool form does not ask for it (the row's ``form`` names practices only).
    tool = forms.build_form("tool", "fi", catalogue, vocabulary, municipalities)["body"]
    assert NAME not in [element.get("id") for element in tool]


def test_every_field_has_its_texts_and_every_asked_field_an_element() -> None:
    for spec in FIELDS:
        assert spec.kind in KINDS
        for lang in LANGUAGES:
            assert load("messages", lang)["fields"][spec.name].strip(), (spec.name, lang)
            if spec.fact:
                assert flat("ui", lang)[f"facts.{spec.name}"].strip(), (spec.name, lang)
        if spec.form:
            assert spec.type.form(spec) is not None, spec.name


# --- the Card ------------------------------------------------------------------------------------------


def test_a_card_reads_facts_from_either_twin_and_words_from_its_language() -> None:
    library = load_library(ROOT)
    bundle = next(b for b in library.bundles.values() if b.collection == "meetings" and len(b.docs) == 2)
    for lang in LANGUAGES:
        card = card_of(bundle, lang)
        doc = bundle.docs[lang]
        assert card.title == doc.meta["title"].strip()
        assert card.date == bundle.fact("date")
        assert card.themes == [t for t in bundle.fact("themes") or []]
        assert not card.fallback and card.text_lang == lang
        assert card.lead == "" and card.website == ""  # another collection's fields: empty
    with pytest.raises(AttributeError):
        card_of(bundle, "fi").no_such_field  # noqa: B018


def test_a_card_of_a_missing_twin_falls_back_and_mistyped_values_read_empty(tmp_path: Path) -> None:
    library, _problems = _library_with(
        tmp_path,
        "keywords: tukitiimi\nrelated:\n  - [tools/y]\n  - tools/x\n"
        "redirect_from:\n  - /practices/vanha/index.md\n"
        "contacts:\n  - name: Maija\n    email: [maija@liperi.fi]\n  - just text\n",
    )
    card = card_of(library.bundles["practices/kokeilukortti"], "sv")
    assert card.fallback and card.text_lang == "fi" and card.lang == "sv"
    assert card.keywords == []  # a text where a list belongs
    assert card.related == ["tools/x"]
    assert card.redirect_from == ["practices/vanha"]
    assert card.contacts == [{"name": "Maija", "role": "", "organisation": "", "email": ""}]
    assert card.online is False and card.status == ""
    assert dataclasses.is_dataclass(card)


@pytest.mark.parametrize(
    ("written", "served"),
    [
        ("practices/vanha", "practices/vanha"),
        ("/practices/vanha/", "practices/vanha"),
        ("practices/vanha/index.md", "practices/vanha"),
        ("/practices/vanha/index.html", "practices/vanha"),
    ],
)
def test_redirect_paths_are_read_in_one_place(written: str, served: str) -> None:
    assert redirect_path(written) == served


# --- the field that proves it: evidence -----------------------------------------------------------------


def test_evidence_is_checked(tmp_path: Path) -> None:
    _library, problems = _library_with(tmp_path, "evidence:\n  - tutkimus\n  - practice-experience\n")
    assert [(p.code, p.line, p.params["value"], p.params["suggestion"]) for p in problems] == [
        ("E207", 9, "tutkimus", "-")
    ]
    assert "research-based" in problems[0].params["allowed"]
    _library, problems = _library_with(
        tmp_path / "ok", "evidence:\n  - research-based\n  - evaluated-locally\n"
    )
    assert problems == []


def test_evidence_in_schema_scaffold_and_issue_forms() -> None:
    vocabulary, municipalities = load_vocabulary(ROOT), load_municipalities(ROOT)
    ids = ["research-based", "evaluated-locally", "practice-experience"]
    for collection in ("practices", "tools"):
        found = collection_schema(collection, "fi", vocabulary, municipalities)["properties"]["evidence"]
        assert found["items"]["enum"] == ids
        text = render_document(ROOT, collection, "uusi-kortti", "sv", ["liperi"], "2025-01-02")
        assert '# evidence:\n#   - "research-based"\n' in text
        assert "##   evaluated-locally: Utvärderad i kommunen" in text
    for collection in ("meetings", "networks"):
        assert "evidence" not in collection_schema(collection, "fi", vocabulary, municipalities)["properties"]
    for name in ("practice-fi", "practice-sv", "tool-fi", "tool-sv"):
        form = yaml.safe_load(
            (ROOT / ".github" / "ISSUE_TEMPLATE" / f"{name}.yml").read_text(encoding="utf-8")
        )
        element = next(e for e in form["body"] if e.get("id") == "evidence")
        lang = name[-2:]
        assert element["type"] == "dropdown" and element["attributes"]["multiple"] is True
        assert element["attributes"]["options"] == [vocabulary.label("evidence", i, lang) for i in ids]


def test_evidence_in_the_facts_panel_and_as_a_listing(tmp_path: Path) -> None:
    library, problems = _library_with(tmp_path, "evidence:\n  - practice-experience\n  - research-based\n")
    assert problems == []
    model = build_site(library)
    card = model.pages["practices/kokeilukortti/index.md"]
    for lang in LANGUAGES:
        facts = {fact.key: fact for fact in card.views[lang].context["facts"]}
        assert [(link.text, link.uri) for link in facts["evidence"].values] == [
            (
                library.vocabulary.label("evidence", "practice-experience", lang),
                "evidence/practice-experience/index.md",
            ),
            (
                library.vocabulary.label("evidence", "research-based", lang),
                "evidence/research-based/index.md",
            ),
        ]
        listed = model.pages["evidence/research-based/index.md"].views[lang]
        assert [entry.uri for entry in listed.context["entries"]] == ["practices/kokeilukortti/index.md"]
        assert listed.title == library.vocabulary.label("evidence", "research-based", lang)
        assert model.pages["evidence/evaluated-locally/index.md"].views[lang].context["entries"] == []
    assert "evidence/index.md" in model.nav
