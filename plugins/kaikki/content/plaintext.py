"""Plain text: what a card's text field or a registry label may contain, character by character.

A title, a summary, a contact's name or a vocabulary label is one line of text a reader sees. It must not
hide anything: no control characters, no bidirectional overrides or isolates (which make a text read
differently from how it is stored, "Trojan Source"), no zero-width or other invisible formatting, no line
or paragraph separators, no surrogates or private-use characters. A zero-width joiner is allowed only
between two symbols, where it joins an emoji sequence (👩‍👧).

Registry labels are labels, not prose: they additionally hold no markup — no ``<`` or ``>`` and no
character reference such as ``&lt;`` or ``&#60;``. Card text may contain ``<`` and ``&`` ("alle 3 v. &
vanhemmat"); pages escape it when they print it.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["describe_character", "hidden_character", "markup_in_label"]

_ZWJ = "\u200d"
# Unicode categories nobody types into a line of text: controls, invisible formatting, line and
# paragraph separators, surrogates (YAML's "\ud800" escape makes one) and private use.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co"})
_REFERENCE = re.compile(r"&#?[A-Za-z0-9]*;?")


def hidden_character(text: str) -> tuple[int, str] | None:
    """The first character of ``text`` a reader cannot see or that turns text around, with its index.

    A trailing newline (what a YAML block scalar ends with) is not counted.
    """
    text = text.rstrip("\n")
    # ``isprintable`` is false for every character of the Other and Separator categories but the space,
    # so a printable text holds none of the hidden ones; it runs in C, and almost every text passes.
    if text.isprintable():
        return None
    for index, ch in enumerate(text):
        if unicodedata.category(ch) not in _HIDDEN_CATEGORIES:
            continue
        if ch == _ZWJ and _joins_symbols(text, index):
            continue
        return index, ch
    return None


def markup_in_label(text: str) -> str | None:
    """The first piece of markup in a label: ``<``, ``>`` or a character reference (``&lt;``)."""
    for index, ch in enumerate(text):
        if ch in "<>":
            return ch
        # What a browser would decode is a reference, with or without ";" (``&lt``): "R&D" is not one.
        if ch == "&" and html.unescape(text[index : index + 40]) != text[index : index + 40]:
            reference = _REFERENCE.match(text, index)
            return reference.group(0) if reference else ch
    return None


def describe_character(ch: str) -> str:
    """``U+202E`` for one character, as messages name an invisible one."""
    return f"U+{ord(ch):04X}"


def _joins_symbols(text: str, index: int) -> bool:
    if index == 0 or index == len(text) - 1:
        return False
    before, after = text[index - 1], text[index + 1]
    return all(unicodedata.category(ch) in {"So", "Sk", "Mn"} for ch in (before, after))
