"""The one loader of the text catalogues: every word a contributor or a reader sees, in Finnish and Swedish.

Two catalogues, each a pair of YAML files under ``kaikki/locales/``:

- ``messages`` (``fi.yml``, ``sv.yml``): problem codes' messages and hints, the command line's texts, the
  field descriptions and the check families (read by :mod:`kaikki.messages`);
- ``ui`` (``ui.fi.yml``, ``ui.sv.yml``): the site's interface strings, flat dotted keys (read by
  :mod:`kaikki.site.strings` and the templates).

Lookups are strict: a missing key raises :class:`MissingText` naming the catalogue, the language and the
key, instead of showing the key (or nothing) to a reader. :func:`differences` lists the keys one language
has and the other lacks, and the placeholders that differ; the tests require it to be empty, so a text is
always added in both languages at once.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES: tuple[str, ...] = ("fi", "sv")
"""The catalogues' languages; :data:`kaikki.content.model.LANGUAGES` names the same two (a test says so)."""

FILES: dict[str, str] = {"messages": "{lang}.yml", "ui": "ui.{lang}.yml"}
"""Each catalogue's file name pattern under :data:`LOCALES_DIR`."""


class MissingText(RuntimeError):
    """A key a catalogue does not have: a bug of the package, never a reader's or contributor's mistake.

    Not a ``LookupError`` on purpose: Jinja turns a ``LookupError`` from ``ui['key']`` into an empty
    string, and a missing text must fail the build instead.
    """

    def __init__(self, name: str, lang: str, key: str) -> None:
        super().__init__(f"locales/{FILES[name].format(lang=lang)} has no text {key!r}")
        self.name, self.lang, self.key = name, lang, key


class Texts(dict):  # type: ignore[type-arg]
    """A flat catalogue as a mapping whose missing key raises :class:`MissingText` (templates use it)."""

    def __init__(self, name: str, lang: str, data: Mapping[str, str]) -> None:
        super().__init__(data)
        self.name, self.lang = name, lang

    def __missing__(self, key: str) -> str:
        raise MissingText(self.name, self.lang, key)


@cache
def load(name: str, lang: str) -> Any:
    """The parsed catalogue ``name`` (``messages`` or ``ui``) of ``lang``, as written."""
    if name not in FILES:
        raise ValueError(f"unknown catalogue {name!r}")
    if lang not in LANGUAGES:
        raise ValueError(f"unknown catalogue language {lang!r}")
    with open(LOCALES_DIR / FILES[name].format(lang=lang), encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def lookup(name: str, lang: str, *path: str) -> Any:
    """The value at ``path`` (``"codes", "E201", "message"``) of a catalogue.

    Raises:
        MissingText: When the catalogue has no such key.
    """
    value = load(name, lang)
    for key in path:
        if not isinstance(value, dict) or key not in value:
            raise MissingText(name, lang, ".".join(path))
        value = value[key]
    return value


@cache
def flat(name: str, lang: str) -> Texts:
    """A catalogue of flat keys (``ui``) as :class:`Texts`, every value text."""
    return Texts(name, lang, {str(k): str(v) for k, v in load(name, lang).items()})


def placeholders(template: str) -> set[str]:
    """The ``{name}`` fields of a template (``{{`` and ``}}`` are literal braces)."""
    return {
        field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(template) if field
    }


def leaves(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every leaf of a catalogue with its dotted path (``codes.E201.message``); lists by index."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, f"{prefix}.{index}")
    else:
        yield prefix, value


def differences(name: str) -> list[str]:
    """What keeps the languages of catalogue ``name`` from being the same texts in other words.

    Returns:
        One line per key present in one language only (at any depth) and per text whose placeholders
        differ between the languages; empty when the catalogues agree.
    """
    return compare({lang: load(name, lang) for lang in LANGUAGES})


def compare(catalogues: Mapping[str, Any]) -> list[str]:
    """:func:`differences` of catalogues given as ``{lang: parsed YAML}``, the first language as reference."""
    found: list[str] = []
    trees = {lang: dict(leaves(data)) for lang, data in catalogues.items()}
    first, *others = trees
    for other in others:
        for key in sorted(trees[first].keys() - trees[other].keys()):
            found.append(f"{key}: in {first}, not in {other}")
        for key in sorted(trees[other].keys() - trees[first].keys()):
            found.append(f"{key}: in {other}, not in {first}")
        for key in sorted(trees[first].keys() & trees[other].keys()):
            a, b = trees[first][key], trees[other][key]
            if isinstance(a, str) and isinstance(b, str) and placeholders(a) != placeholders(b):
                mine, theirs = sorted(placeholders(a)), sorted(placeholders(b))
                found.append(f"{key}: placeholders {mine} in {first}, {theirs} in {other}")
    return found
