"""Message catalogues: every problem code's message and hint, in Finnish and Swedish.

The catalogues are ``locales/fi.yml`` and ``locales/sv.yml``; this module only looks texts up and fills
in their parameters, so the CLI, the MkDocs build and CI say the same words.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kaikki.content.model import Problem

LOCALES_DIR = Path(__file__).parent / "locales"
MESSAGE_LANGUAGES = ("fi", "sv")


class _Lenient(dict):  # type: ignore[type-arg]
    """Leaves an unknown ``{name}`` in place instead of failing: a message never crashes the report."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@cache
def catalogue(lang: str) -> dict[str, Any]:
    """The catalogue of ``lang`` (``fi`` or ``sv``)."""
    if lang not in MESSAGE_LANGUAGES:
        raise ValueError(f"unknown message language {lang!r}")
    with open(LOCALES_DIR / f"{lang}.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _fill(template: str, params: dict[str, str]) -> str:
    return string.Formatter().vformat(template, (), _Lenient(params))


def message(problem: Problem, lang: str) -> str:
    """The problem's message in ``lang``."""
    entry = catalogue(lang)["codes"].get(problem.code, {"message": problem.code})
    return _fill(entry["message"], problem.params)


def hint(problem: Problem, lang: str) -> str:
    """How to fix the problem, in ``lang``."""
    entry = catalogue(lang)["codes"].get(problem.code, {"hint": ""})
    params = problem.params
    if params.get("suggestion") in ("", "-") and "hint_plain" in entry:
        return _fill(entry["hint_plain"], params)
    return _fill(entry.get("hint", ""), params)


def text(key: str, lang: str, **params: object) -> str:
    """A fixed text of the command line (``text.<key>``) in ``lang``."""
    return _fill(catalogue(lang)["text"][key], {k: str(v) for k, v in params.items()})


def location(problem: Problem) -> str:
    """``path:line`` (or just ``path``) as editors and terminals link it."""
    return f"{problem.path}:{problem.line}" if problem.line else problem.path


def format_problem(problem: Problem, lang: str) -> str:
    """One problem as the CLI and the build print it: ``path:line: CODE message`` and the hint."""
    return (
        f"{location(problem)}: {problem.code} {message(problem, lang)}\n"
        f"    {text('hint_prefix', lang)}: {hint(problem, lang)}"
    )
