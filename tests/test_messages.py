"""The message catalogues: every code the checks can report has a message and a hint in Finnish and Swedish,
and the two catalogues agree on codes, keys and placeholders."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml

from kaikki.catalogues import differences
from kaikki.checks.registry import codes
from kaikki.content.model import problem
from kaikki.messages import MESSAGE_LANGUAGES, catalogue, format_problem, hint, message

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "kaikki"
LOCALES = PACKAGE / "locales"


def raw(lang: str) -> dict:
    with open(LOCALES / f"{lang}.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_registry_has_codes() -> None:
    registered = codes()
    assert len(registered) >= 70
    assert {"E101", "E411", "E603", "N301"} <= set(registered)


@pytest.mark.parametrize("lang", MESSAGE_LANGUAGES)
def test_every_registered_code_has_a_message_and_a_hint(lang: str) -> None:
    texts = catalogue(lang)["codes"]
    missing = sorted(code for code in codes() if code not in texts)
    assert not missing
    for code in codes():
        assert texts[code]["message"].strip(), code
        assert texts[code]["hint"].strip(), code


def test_catalogues_have_the_same_codes_keys_and_placeholders() -> None:
    """Nested keys included (a code's ``params``): a text is added in both languages or the test fails."""
    assert differences("messages") == []
    assert set(raw("fi")["codes"]) == set(raw("sv")["codes"])


def test_no_catalogue_text_is_empty() -> None:
    def walk(value: object, where: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}.{index}")
        else:
            assert isinstance(value, str) and value.strip(), where

    for lang in MESSAGE_LANGUAGES:
        walk(raw(lang), lang)


def test_catalogue_codes_are_real_codes() -> None:
    """No stale entries: every catalogued code is one a registered rule reports."""
    assert set(raw("fi")["codes"]) == set(codes())


def test_hint_plain_only_where_the_hint_has_a_suggestion() -> None:
    for lang in MESSAGE_LANGUAGES:
        for code, entry in raw(lang)["codes"].items():
            if "hint_plain" in entry:
                assert "suggestion" in placeholders(entry["hint"]), (lang, code)
                assert "suggestion" not in placeholders(entry["hint_plain"]), (lang, code)


def test_messages_are_filled_and_differ_by_language() -> None:
    found = problem("materials/practices/x/index.fi.md", 5, "E208", value="liperii", suggestion="liperi")
    assert message(found, "fi") == "Kuntaa liperii ei löydy kuntaluettelosta."
    assert message(found, "sv") == "Kommunen liperii finns inte i kommunförteckningen."
    assert "liperi?" in hint(found, "fi") and "liperi?" in hint(found, "sv")
    plain = problem("x", 5, "E208", value="xyz", suggestion="-")
    assert "tarkoititko" not in hint(plain, "fi") and "menade du" not in hint(plain, "sv")
    assert format_problem(found, "fi").startswith("materials/practices/x/index.fi.md:5: E208 Kuntaa")
    assert format_problem(found, "sv").split("\n")[1].startswith("    Åtgärd: ")


def test_a_missing_parameter_never_crashes_a_message() -> None:
    assert message(problem("x", 1, "E208"), "fi") == "Kuntaa {value} ei löydy kuntaluettelosta."
