"""The one strict catalogue loader: a missing text raises (in code and in templates), the Finnish and
Swedish catalogues have the same keys at every depth and the same placeholders, and language-neutral
parameters reach a reader in the reader's language."""

from __future__ import annotations

import jinja2
import pytest

from kaikki import catalogues
from kaikki.catalogues import LANGUAGES, MissingText, compare, differences, lookup
from kaikki.content.model import LANGUAGES as CONTENT_LANGUAGES
from kaikki.content.model import problem
from kaikki.messages import hint, message
from kaikki.site.strings import ui, ui_strings


def test_one_loader_one_folder() -> None:
    import kaikki.messages
    import kaikki.site.strings

    assert LANGUAGES == CONTENT_LANGUAGES
    for module in (kaikki.messages, kaikki.site.strings):
        assert not hasattr(module, "LOCALES_DIR"), module
    assert sorted(p.name for p in catalogues.LOCALES_DIR.glob("*.yml")) == [
        "fi.yml",
        "sv.yml",
        "ui.fi.yml",
        "ui.sv.yml",
    ]


@pytest.mark.parametrize("name", ["messages", "ui"])
def test_both_languages_have_the_same_keys_and_placeholders(name: str) -> None:
    assert differences(name) == []


def test_compare_finds_a_nested_key_in_one_language_and_a_differing_placeholder() -> None:
    fi = {"codes": {"E1": {"message": "{a} ja {b}", "params": {"reason": {"x": "X", "y": "Y"}}}}}
    sv = {"codes": {"E1": {"message": "{a} och {c}", "params": {"reason": {"x": "X"}}}}, "extra": "E"}
    assert compare({"fi": fi, "sv": sv}) == [
        "codes.E1.params.reason.y: in fi, not in sv",
        "extra: in sv, not in fi",
        "codes.E1.message: placeholders ['a', 'b'] in fi, ['a', 'c'] in sv",
    ]
    assert compare({"fi": fi, "sv": fi}) == []


def test_a_missing_ui_string_raises_instead_of_showing_the_key() -> None:
    assert ui("fi", "listing.themes") == "Teemat"
    with pytest.raises(MissingText, match=r"ui\.sv\.yml has no text 'listing\.no-such-key'"):
        ui("sv", "listing.no-such-key")


def test_a_missing_ui_string_fails_a_template_instead_of_printing_nothing() -> None:
    env = jinja2.Environment(autoescape=True)
    strings = ui_strings("fi")
    assert env.from_string("{{ ui['listing.themes'] }}").render(ui=strings) == "Teemat"
    with pytest.raises(MissingText):
        env.from_string("{{ ui['ei.ole'] }}").render(ui=strings)


def test_a_missing_message_raises() -> None:
    with pytest.raises(MissingText):
        message(problem("x", 1, "E999"), "fi")
    with pytest.raises(MissingText):
        lookup("messages", "sv", "text", "no_such_text")


@pytest.mark.parametrize(
    ("code", "params", "fi", "sv"),
    [
        ("E508", {"reason": "corrupt"}, "tiedosto on vioittunut", "filen är skadad"),
        ("E118", {"reason": "columns", "count": "7"}, "pitää olla 7 saraketta", "ska ha 7 kolumner"),
        ("E118", {"reason": "missing"}, "tiedostoa ei ole", "filen finns inte"),
    ],
)
def test_a_reason_is_worded_in_the_readers_language(code: str, params: dict, fi: str, sv: str) -> None:
    found = problem("materials/municipalities.csv", 3, code, **params)
    assert fi in message(found, "fi")
    assert sv in message(found, "sv")
    assert found.params["reason"] == params["reason"]  # the JSON report keeps the neutral value


def test_a_format_example_is_in_the_readers_language() -> None:
    found = problem("x", 4, "E212", field="contacts.0.email", value="x", format="email")
    assert "nimi@organisaatio.fi" in hint(found, "fi")
    assert "namn@organisation.fi" in hint(found, "sv")
    assert "nimi@" not in hint(found, "sv")
    period = problem("x", 4, "E212", field="period", value="2024", format="period")
    assert "VVVV-VVVV" in hint(period, "fi") and "ÅÅÅÅ-ÅÅÅÅ" in hint(period, "sv")


def test_every_format_and_reason_the_code_gives_is_worded() -> None:
    """The values the checks and the loaders pass exist in both catalogues."""
    from kaikki.content.extract import REASONS

    limits = {"too-large-uncompressed", "too-many-members", "too-deep"}  # E510–E512 say these themselves
    for lang in LANGUAGES:
        assert set(lookup("messages", lang, "codes", "E508", "params", "reason")) == REASONS - limits
        formats = lookup("messages", lang, "codes", "E212", "params", "format")
        assert {"time-range", "period", "email", "ref", "old-path", "file-name"} <= set(formats)
