"""One judge for every web address a card contains: front-matter URL fields and links in bodies.

A value is parsed, not pattern-matched: first normalised the way a browser reads an ``href`` (HTML
character references decoded, leading and trailing controls and spaces stripped, tabs and newlines inside
removed), so ``java&#x09;script:`` and ``\\x01javascript:`` are recognised for what they are; then split
with :func:`urllib.parse.urlsplit`, and its host checked label by label as an internationalised domain
name. Only ``https:`` is allowed, and ``mailto:`` where the caller's contract allows it.

Codes (the same for a field and a body link, so the fi/sv messages are the same everywhere):

- ``E403`` scheme not allowed (``http:``, ``javascript:``, ``data:``, ``//host``…); params ``target``,
  ``scheme``.
- ``E212`` no scheme at all (``www.kunta.fi``): a field's "wrong format"; params ``value``, ``format``,
  and the caller adds ``field``. A body link without a scheme is a relative link, which the caller resolves
  itself and never passes here.
- ``E412`` user name or password in the address; params ``target``.
- ``E413`` host name mixes scripts (IDN homograph); params ``target``, ``host``.
- ``E414`` a character that has no place in an address (control, space, quote, backslash, angle bracket,
  invisible or bidi formatting character); params ``target``, ``char``.
- ``E415`` host or e-mail address invalid (empty, no dot, IP address, bad IDN, port); params ``target``,
  ``host``.

:func:`is_address` tells an address (a scheme, or ``//host``) from a relative path or a file name, read
the same way, for callers that accept both.

No MkDocs import here: the check, the build and the scripts share it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import urlsplit

__all__ = ["UrlProblem", "check_url", "display_url", "is_address"]

PROBLEM_CODES = {"fields": ("E212",), "links": ("E403", "E412", "E413", "E414", "E415")}
"""The codes this module reports, by family (registered in :mod:`kaikki.checks.registry`)."""

URL_FORMAT = "https://…"
"""The format a URL field is told to follow (E212's ``format``)."""


@dataclass(frozen=True, slots=True)
class UrlProblem:
    """What is wrong with an address: a problem code and the parameters of its message.

    Callers turn it into a :class:`~kaikki.content.model.Problem` with their own file and line:
    ``problem(path, line, found.code, field=key, **found.params)``.
    """

    code: str
    params: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


# WHATWG URL: a scheme is an ASCII letter, then letters, digits, "+", "-" or "." up to the first ":".
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# What a browser strips from both ends (C0 controls and space) and removes inside (tab, LF, CR).
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")
# "//host" and its backslash spellings, which browsers read alike: another host, with the page's scheme.
_NETWORK_PATH = ("//", "\\\\", "/\\", "\\/")
# Characters that would let an address break out of an attribute or a Markdown link, or hide what it is.
_FORBIDDEN_ASCII = frozenset("\"'<>\\`")
_MAX_DISPLAY = 80
_MAILTO_LOCAL = re.compile(r"^[A-Za-z0-9._%+-]+$")
# UTS 39 "highly restrictive": the only script mixes a label may have (besides Common and Inherited).
_ALLOWED_MIXES = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)
# Unicode character names whose first word is not the script's name.
_SCRIPT_ALIASES = {"CJK": "HAN", "IDEOGRAPHIC": "HAN"}
# Whole-script confusables: a label written only in these Cyrillic or Greek letters reads as Latin
# ("аррӏе" is Cyrillic). Under a Latin top-level domain such a label is a homograph, as in Chromium's rule.
_LOOKS_LATIN = frozenset("асԁеһіјӏорԛѕԝхуъьҽпгѵѡԍүαικνορτυχϲϳ")


def check_url(value: str, *, mailto: bool = False) -> UrlProblem | None:
    """Judges one address from a card.

    Args:
        value: The address as written (a field's value or a link's target, entities not yet decoded).
        mailto: Whether ``mailto:`` addresses are allowed (body links) or not (URL fields).

    Returns:
        ``None`` for an acceptable ``https:`` (or ``mailto:``) address, otherwise the first problem found,
        in the order a contributor should fix them: scheme, characters, credentials, host.
    """
    target = display_url(value)
    # A browser decodes character references in an attribute before it reads the URL.
    decoded = html.unescape(value)
    normal = _browser_normal(decoded)
    scheme_match = _SCHEME.match(normal)
    if scheme_match is None:
        if normal.startswith(_NETWORK_PATH):
            return UrlProblem("E403", _params(target=target, scheme="//"))
        return UrlProblem("E212", _params(value=target, format=URL_FORMAT))
    scheme = scheme_match.group(1).lower()
    allowed = {"https", "mailto"} if mailto else {"https"}
    if scheme not in allowed:
        return UrlProblem("E403", _params(target=target, scheme=scheme))
    for text in (value, decoded):
        bad = _forbidden_character(text)
        if bad is not None:
            return UrlProblem("E414", _params(target=target, char=_describe(bad)))
    # Past the character check, ``decoded`` has nothing for a browser to strip: it is what gets fetched.
    rest = decoded[len(scheme_match.group(0)) :]
    if scheme == "mailto":
        return _check_mailto(rest, target)
    return _check_https(rest, target)


def is_address(value: str) -> bool:
    """Whether a browser reads ``value`` as an address of its own (a scheme, or ``//host``), not a path.

    This decides between "a file of the card" and "an address to judge with :func:`check_url`".
    """
    normal = _browser_normal(html.unescape(value))
    return bool(_SCHEME.match(normal)) or normal.startswith(_NETWORK_PATH)


def _browser_normal(value: str) -> str:
    return value.strip(_C0_AND_SPACE).translate(_TAB_NEWLINE)


def display_url(value: str) -> str:
    """``value`` made safe to print in a message: invisible characters spelled out, long ones cut."""
    shown = "".join(ch if ch == " " else _describe(ch) for ch in value[: _MAX_DISPLAY + 1])
    return shown if len(value) <= _MAX_DISPLAY else shown[:_MAX_DISPLAY] + "…"


def _params(**params: str) -> Mapping[str, str]:
    return MappingProxyType(params)


def _check_https(rest: str, target: str) -> UrlProblem | None:
    """``rest`` is what follows ``https:``."""
    if not rest.startswith("//"):
        return UrlProblem("E415", _params(target=target, host="-"))
    try:
        netloc = urlsplit("https:" + rest).netloc
    except ValueError:  # an unbalanced "[" of an IPv6 literal
        return UrlProblem("E415", _params(target=target, host=display_url(rest[2:].split("/")[0])))
    if "@" in netloc:
        return UrlProblem("E412", _params(target=target))
    host, colon, port = netloc.partition(":")
    if colon and port != "443":
        return UrlProblem("E415", _params(target=target, host=display_url(netloc)))
    return _check_host(host, target, display_url(netloc) or "-")


def _check_mailto(rest: str, target: str) -> UrlProblem | None:
    """``rest`` is what follows ``mailto:``: one address, optionally ``?subject=…``."""
    mailbox = rest.split("?", 1)[0]
    local, at, domain = mailbox.rpartition("@")
    if not at or not _MAILTO_LOCAL.match(local):
        return UrlProblem("E415", _params(target=target, host=display_url(mailbox) or "-"))
    return _check_host(domain, target, display_url(mailbox))


def _check_host(host: str, target: str, shown: str) -> UrlProblem | None:
    """A host name: dotted labels of letters, digits and hyphens in any one script; no IP address."""
    invalid = UrlProblem("E415", _params(target=target, host=shown))
    labels = host.lower().split(".")
    if len(labels) < 2 or not all(labels):
        return invalid
    unicode_labels: list[str] = []
    for label in labels:
        readable = _decode_label(label)
        if readable is None or not _valid_label(readable):
            return invalid
        unicode_labels.append(readable)
    top = unicode_labels[-1]
    # WHATWG parses a host whose last label is numeric (or 0x…) as an IPv4 address.
    if top.isdigit() or top.startswith("0x") or not any(ch.isalpha() for ch in top):
        return invalid
    homograph = UrlProblem("E413", _params(target=target, host=shown))
    latin_top = _scripts(top) <= {"LATIN"}
    for label in unicode_labels:
        scripts = _scripts(label)
        if len(scripts) > 1 and not any(scripts <= mix for mix in _ALLOWED_MIXES):
            return homograph
        letters = {ch for ch in label if ch.isalpha()}
        if latin_top and letters and scripts != {"LATIN"} and letters <= _LOOKS_LATIN:
            return homograph
    return None


def _decode_label(label: str) -> str | None:
    """The Unicode form of one label (``xn--`` punycode decoded), or ``None`` when it cannot be one."""
    if not label.startswith("xn--"):
        return label
    try:
        readable = label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return None
    # A punycode label must stand for something that needed it, written in its canonical form.
    if readable.isascii() or readable != readable.lower():
        return None
    return readable


def _valid_label(label: str) -> bool:
    if len(label) > 63 or label.startswith("-") or label.endswith("-"):
        return False
    if label[2:4] == "--" and not label.isascii():
        return False
    # Browsers map compatibility forms (fullwidth letters, ligatures) to others: only canonical text.
    if unicodedata.normalize("NFKC", label) != label:
        return False
    for ch in label:
        if ch.isascii():
            if not (ch.isalnum() or ch == "-"):
                return False
        elif unicodedata.category(ch) not in {"Ll", "Lo", "Lm", "Mn", "Mc"}:
            return False
    try:
        encoded = label.encode("punycode") if not label.isascii() else label.encode("ascii")
    except UnicodeError:
        return False
    return len(encoded) + (4 if not label.isascii() else 0) <= 63


def _scripts(label: str) -> set[str]:
    """The scripts of the letters in ``label``; digits, hyphens and combining marks belong to none."""
    found: set[str] = set()
    for ch in label:
        if not ch.isalpha():
            continue
        word = unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
        found.add(_SCRIPT_ALIASES.get(word, word))
    return found


def _forbidden_character(text: str) -> str | None:
    for ch in text:
        if ch in _FORBIDDEN_ASCII or ch.isspace() or _is_format(ch) or not ch.isprintable():
            return ch
    return None


def _is_format(ch: str) -> bool:
    """Invisible formatting (zero-width, bidi controls, soft hyphen…): Unicode category Cf."""
    return unicodedata.category(ch) == "Cf"


def _describe(ch: str) -> str:
    """A visible character as itself; an invisible one (space, control, format) by its code point."""
    return ch if ch.isprintable() and not ch.isspace() and not _is_format(ch) else _codepoint(ch)


def _codepoint(ch: str) -> str:
    return f"U+{ord(ch):04X}"
