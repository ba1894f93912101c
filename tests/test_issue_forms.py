"""The issue forms: generated from the vocabularies, equal to what is committed, readable back to ids."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import make_issue_forms  # scripts/ is on pytest's pythonpath (pyproject.toml)
from kaikki.intake import forms

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"

# A small vocabulary and registry of the real files' shape, so the generator's rules are tested
# independently of the content.
VOCABULARY: dict[str, Any] = {
    "themes": {
        "inclusive-culture": {
            "fi": "Inklusiivinen toimintakulttuuri",
            "sv": "Inkluderande verksamhetskultur",
        },
        "transitions": {"fi": "Nivelvaiheet", "sv": "Övergångar"},
    },
    "support_levels": {
        "general": {
            "fi": "Yleinen tuki",
            "sv": "Allmänt stöd",
            "description": {"fi": "Tukea arjessa.", "sv": "Stöd i vardagen."},
        },
        "special": {
            "fi": "Erityinen tuki",
            "sv": "Särskilt stöd",
            "description": {"fi": "Päätös tehdään.", "sv": "Beslut fattas."},
        },
    },
    "support_forms": {"pedagogical": {"fi": "Pedagogiset tukimuodot", "sv": "Pedagogiska stödformer"}},
    "age_groups": {"preprimary": {"fi": "Esiopetus", "sv": "Förskoleundervisning"}},
    "audiences": {"guardians": {"fi": "Huoltajat", "sv": "Vårdnadshavare"}},
    "statuses": {
        "pilot": {"fi": "Kokeilu", "sv": "Försök"},
        "established": {"fi": "Vakiintunut", "sv": "Etablerad"},
    },
    "licenses": {
        "CC0-1.0": {"fi": "CC0 1.0", "sv": "CC0 1.0"},
        "CC-BY-4.0": {"fi": "Creative Commons Nimeä 4.0", "sv": "Creative Commons Erkännande 4.0"},
    },
}
# A vocabulary the field table adds later (its forms ask for it) gets one real term here, so that a field
# added to the table needs no edit of this test.
_REAL_VOCABULARY = forms.load_vocabulary()
for _group, _multiple, _default in forms.vocabulary_fields().values():
    VOCABULARY.setdefault(_group, dict(list(_REAL_VOCABULARY[_group].items())[:1]))
MUNICIPALITIES = [
    forms.Municipality("vantaa", "Vantaa", "Vanda"),
    forms.Municipality("turku", "Turku", "Åbo"),
    forms.Municipality("aanekoski", "Äänekoski", "Äänekoski"),
    forms.Municipality("liperi", "Liperi", "Libelits"),
    forms.Municipality("ahtari", "Ähtäri", "Etseri"),
    forms.Municipality("oulu", "Oulu", "Uleåborg"),
]


@pytest.fixture
def catalogue() -> dict[str, Any]:
    return forms.load_catalogue()


def _body(form: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {element["id"]: element for element in form["body"] if "id" in element}


# --- the committed files ------------------------------------------------------------------------


def test_committed_forms_are_what_the_generator_writes() -> None:
    expected = forms.render_all()
    committed = {path.name: path.read_text(encoding="utf-8") for path in TEMPLATES.glob("*.yml")}
    assert sorted(committed) == sorted(expected), "run: python scripts/make_issue_forms.py"
    for name, text in expected.items():
        assert committed[name] == text, f"{name} is out of date: run python scripts/make_issue_forms.py"


def test_check_option_tells_when_forms_are_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert make_issue_forms.main(["--output", str(tmp_path)]) == 0
    assert make_issue_forms.main(["--check", "--output", str(tmp_path)]) == 0
    (tmp_path / "tool-sv.yml").write_text("name: old\n", encoding="utf-8")
    assert make_issue_forms.main(["--check", "--output", str(tmp_path)]) == 1
    assert "tool-sv.yml is out of date" in capsys.readouterr().err


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("*-*.yml")), ids=lambda p: p.name)
def test_committed_form_is_valid(path: Path) -> None:
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert {"name", "description", "body"} <= set(form)
    ids = [element["id"] for element in form["body"] if "id" in element]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", field) for field in ids)
    labels = [element["attributes"]["label"] for element in form["body"] if element["type"] != "markdown"]
    assert len(labels) == len(set(labels))
    assert any(element["type"] != "markdown" for element in form["body"])
    for element in form["body"]:
        assert element["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if element["type"] == "dropdown":
            options = element["attributes"]["options"]
            assert options and len(options) == len(set(options))
            assert "None" not in options
            default = element["attributes"].get("default")
            assert default is None or 0 <= default < len(options)


def test_fi_and_sv_forms_share_their_field_ids() -> None:
    for collection in forms.COLLECTIONS:
        fi = yaml.safe_load((TEMPLATES / f"{collection}-fi.yml").read_text(encoding="utf-8"))
        sv = yaml.safe_load((TEMPLATES / f"{collection}-sv.yml").read_text(encoding="utf-8"))
        assert list(_body(fi)) == list(_body(sv))
        for field, element in _body(fi).items():
            other = _body(sv)[field]
            assert element["type"] == other["type"]
            assert element.get("validations") == other.get("validations")
            if element["type"] == "dropdown":
                assert len(element["attributes"]["options"]) == len(other["attributes"]["options"])
                assert element["attributes"].get("default") == other["attributes"].get("default")


def test_every_vocabulary_label_and_municipality_is_offered() -> None:
    vocabulary = forms.load_vocabulary()
    municipalities = forms.load_municipalities()
    practice = _body(yaml.safe_load((TEMPLATES / "practice-sv.yml").read_text(encoding="utf-8")))
    assert practice["themes"]["attributes"]["options"] == [
        entry["sv"] for entry in vocabulary["themes"].values()
    ]
    assert len(practice["municipalities"]["attributes"]["options"]) == len(municipalities) > 250
    assert (
        practice["license"]["attributes"]["options"][practice["license"]["attributes"]["default"]]
        == (vocabulary["licenses"]["CC-BY-4.0"]["sv"])
    )


def test_config_turns_blank_issues_off() -> None:
    config = yaml.safe_load((TEMPLATES / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is False


# --- the generator's rules, on a small vocabulary ----------------------------------------------


def test_options_are_labels_in_the_form_language(catalogue: dict[str, Any]) -> None:
    form = forms.build_form("practice", "sv", catalogue, VOCABULARY, MUNICIPALITIES)
    body = _body(form)
    assert body["themes"]["attributes"]["options"] == ["Inkluderande verksamhetskultur", "Övergångar"]
    assert body["themes"]["attributes"]["multiple"] is True
    assert body["status"]["attributes"]["default"] == 1  # established
    assert body["license"]["attributes"]["default"] == 1  # CC-BY-4.0
    assert "- **Särskilt stöd**: Beslut fattas." in body["support_levels"]["attributes"]["description"]
    assert "- **" not in body["themes"]["attributes"].get("description", "")
    assert body["confirmations"]["type"] == "checkboxes"
    assert all(option["required"] for option in body["confirmations"]["attributes"]["options"])


def test_municipalities_in_finnish_and_swedish_alphabetical_order(catalogue: dict[str, Any]) -> None:
    fi = _body(forms.build_form("tool", "fi", catalogue, VOCABULARY, MUNICIPALITIES))
    sv = _body(forms.build_form("tool", "sv", catalogue, VOCABULARY, MUNICIPALITIES))
    assert fi["municipalities"]["attributes"]["options"] == [
        "Liperi",
        "Oulu",
        "Turku",
        "Vantaa",
        "Ähtäri",
        "Äänekoski",
    ]
    assert sv["municipalities"]["attributes"]["options"] == [
        "Etseri",
        "Libelits",
        "Uleåborg",
        "Vanda",
        "Åbo",
        "Äänekoski",
    ]


def test_meeting_host_is_a_single_municipality(catalogue: dict[str, Any]) -> None:
    body = _body(forms.build_form("meeting", "fi", catalogue, VOCABULARY, MUNICIPALITIES))
    assert body["host"]["attributes"]["multiple"] is False
    assert body["host"]["validations"] == {"required": True}
    assert body["date"]["type"] == "input"


def test_option_texts_map_back_to_ids() -> None:
    ids = forms.option_ids(VOCABULARY, MUNICIPALITIES, "sv")
    assert ids["municipalities"]["Åbo"] == "turku"
    assert ids["themes"]["Övergångar"] == "transitions"
    assert ids["license"]["Creative Commons Erkännande 4.0"] == "CC-BY-4.0"


def test_field_labels_name_each_form_apart(catalogue: dict[str, Any]) -> None:
    labels = forms.field_labels(catalogue, "practice", "fi")
    assert labels["background"] == "Tausta"
    assert labels["results"] == "Tulokset ja arviointi"
    assert forms.field_labels(catalogue, "practice", "sv")["resources"] == "Förutsättningar och resurser"
    titles = {
        forms.field_labels(catalogue, c, lang)["title"] for c in forms.COLLECTIONS for lang in forms.LANGUAGES
    }
    assert len(titles) == 6


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("Nivelvaiheet", "have the same label"),
        ("Tuki, ohjaus", "contains ', '"),
        ("None", "GitHub keeps for an empty choice"),
        ("", "has no label"),
    ],
)
def test_unusable_labels_are_refused(catalogue: dict[str, Any], label: str, message: str) -> None:
    vocabulary = copy.deepcopy(VOCABULARY)
    vocabulary["themes"]["new-theme"] = {"fi": label, "sv": "Nytt tema"}
    with pytest.raises(forms.FormError, match=message):
        forms.build_form("practice", "fi", catalogue, vocabulary, MUNICIPALITIES)


def test_missing_vocabulary_is_refused(catalogue: dict[str, Any]) -> None:
    vocabulary = {key: value for key, value in VOCABULARY.items() if key != "audiences"}
    with pytest.raises(forms.FormError, match="no 'audiences' vocabulary"):
        forms.build_form("tool", "sv", catalogue, vocabulary, MUNICIPALITIES)


def test_contact_links_once_the_repository_is_known(catalogue: dict[str, Any]) -> None:
    assert "contact_links" not in forms.build_config(catalogue | {"repository": None})
    config = forms.build_config(catalogue | {"repository": "kaikki-mukaan/kirjasto"})
    assert (
        config["contact_links"][0]["url"]
        == "https://github.com/kaikki-mukaan/kirjasto/blob/main/CONTRIBUTING.md"
    )


def test_a_vocabulary_change_makes_the_committed_forms_stale() -> None:
    vocabulary = copy.deepcopy(forms.load_vocabulary())
    vocabulary["themes"]["new-theme"] = {"fi": "Uusi teema", "sv": "Nytt tema"}
    changed = forms.render_all(vocabulary=vocabulary)
    committed = (TEMPLATES / "practice-fi.yml").read_text(encoding="utf-8")
    assert changed["practice-fi.yml"] != committed
    assert "- Uusi teema" in changed["practice-fi.yml"]
