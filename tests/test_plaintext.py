"""kaikki.content.plaintext: what a line of card text or a registry label may contain."""

from __future__ import annotations

import html
import unicodedata

import pytest

from kaikki.content.plaintext import describe_character, hidden_character, markup_in_label

try:
    from hypothesis import given
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - the test extra installs it
    given = None


@pytest.mark.parametrize(
    "text",
    [
        "Leikkipihan yhteinen suunnittelu",
        "alle 3 v. & vanhemmat",  # card text may hold & and <, pages escape them
        "lapset < 3 v.",
        "Åbo – Turku",
        "perhe 👩\u200d👧",  # a zero-width joiner inside an emoji sequence
        "❤\ufe0f\u200d🔥",
        "Rivinvaihto lopussa\n",  # what a YAML block scalar ends with
        "عربي",
        "",
    ],
)
def test_visible_text_passes(text: str) -> None:
    assert hidden_character(text) is None


@pytest.mark.parametrize(
    ("text", "index", "char"),
    [
        ("abc\u202edef", 3, "\u202e"),  # right-to-left override
        ("\u202aabc", 0, "\u202a"),
        ("abc\u2066", 3, "\u2066"),  # left-to-right isolate
        ("abc\u2069", 3, "\u2069"),
        ("a\u200bb", 1, "\u200b"),  # zero-width space
        ("a\u200db", 1, "\u200d"),  # a joiner between letters joins nothing
        ("\u200d👧", 0, "\u200d"),
        ("a\u00adb", 1, "\u00ad"),  # soft hyphen
        ("\ufeffa", 0, "\ufeff"),
        ("a\u2028b", 1, "\u2028"),  # line separator
        ("a\u2029b", 1, "\u2029"),
        ("a\x00b", 1, "\x00"),
        ("a\tb", 1, "\t"),
        ("a\nb", 1, "\n"),
        ("a\x1bb", 1, "\x1b"),
        ("a\x85b", 1, "\x85"),
        ("a\ud800b", 1, "\ud800"),  # a lone surrogate, from YAML's "\ud800"
        ("a\ue000b", 1, "\ue000"),  # private use
    ],
)
def test_hidden_characters_are_found(text: str, index: int, char: str) -> None:
    assert hidden_character(text) == (index, char)


@pytest.mark.parametrize(
    ("label", "found"),
    [
        ("Johtaminen", None),
        ("Arviointi & tuki", None),
        ("R&D", None),
        ("<b>Johtaminen</b>", "<"),
        ("Johtaminen >", ">"),
        ("Tuki &amp; arviointi", "&amp;"),
        ("&lt;script&gt;", "&lt;"),
        ("&#60;script", "&#60;"),
        ("&#x3c;script", "&#x3c;"),
        ("Tuki &amp arviointi", "&amp"),  # a browser decodes it without the semicolon too
    ],
)
def test_markup_in_labels(label: str, found: str | None) -> None:
    assert markup_in_label(label) == found


def test_no_printable_character_is_of_a_hidden_category() -> None:
    # hidden_character passes a text str.isprintable accepts without looking at each character.
    hidden = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co"}
    printable_hidden = [
        f"U+{cp:04X}"
        for cp in range(0x110000)
        if chr(cp).isprintable() and unicodedata.category(chr(cp)) in hidden
    ]
    assert printable_hidden == []


def test_describe_character() -> None:
    assert describe_character("\u202e") == "U+202E"
    assert describe_character("\x00") == "U+0000"


if given is not None:

    @given(st.text())
    def test_what_passes_holds_nothing_hidden(text: str) -> None:
        if hidden_character(text) is None:
            body = text.rstrip("\n")
            for index, ch in enumerate(body):
                category = unicodedata.category(ch)
                assert category not in {"Cc", "Zl", "Zp", "Cs", "Co"}, repr(text)
                assert category != "Cf" or (ch == "\u200d" and 0 < index < len(body) - 1), repr(text)

    @given(st.text())
    def test_a_label_without_markup_unescapes_to_itself(text: str) -> None:
        if markup_in_label(text) is None:
            assert "<" not in text and ">" not in text
            assert html.unescape(text) == text
