"""Message catalogues: every problem code's message and hint, in Finnish and Swedish.

The texts are in ``locales/fi.yml`` and ``locales/sv.yml``, read by :mod:`kaikki.catalogues`; this module
only looks them up and fills in their parameters, so the CLI, the MkDocs build and CI say the same words.

A problem's parameters are language-neutral (``reason=corrupt``, ``format=email``) so that the JSON report
and the corpus can compare them; a code's ``params`` section in the catalogue turns such a value into the
reader's words (``params.reason.corrupt: "tiedosto on vioittunut"``) before it is put into the message.
"""

from __future__ import annotations

import string
from typing import Any

from kaikki.catalogues import LANGUAGES, load, lookup
from kaikki.content.model import Problem

MESSAGE_LANGUAGES = LANGUAGES


class _Lenient(dict):  # type: ignore[type-arg]
    """Leaves an unknown ``{name}`` in place instead of failing: a message never crashes the report."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def catalogue(lang: str) -> dict[str, Any]:
    """The message catalogue of ``lang`` (``fi`` or ``sv``), as written."""
    return load("messages", lang)


def _fill(template: str, params: dict[str, str]) -> str:
    return string.Formatter().vformat(template, (), _Lenient(params))


def _entry(problem: Problem, lang: str) -> dict[str, Any]:
    """The catalogue entry of the problem's code; :class:`~kaikki.catalogues.MissingText` if there is none."""
    return lookup("messages", lang, "codes", problem.code)


def _params(entry: dict[str, Any], problem: Problem) -> dict[str, str]:
    """The problem's parameters, each language-neutral value the entry words (``params``) in its words."""
    params = problem.params
    for name, words in entry.get("params", {}).items():
        value = params.get(name)
        if value in words:
            params[name] = _fill(words[value], params)
    return params


def message(problem: Problem, lang: str) -> str:
    """The problem's message in ``lang``."""
    entry = _entry(problem, lang)
    return _fill(entry["message"], _params(entry, problem))


def hint(problem: Problem, lang: str) -> str:
    """How to fix the problem, in ``lang``."""
    entry = _entry(problem, lang)
    params = _params(entry, problem)
    if problem.params.get("suggestion") in ("", "-") and "hint_plain" in entry:
        return _fill(entry["hint_plain"], params)
    return _fill(entry["hint"], params)


def text(key: str, lang: str, **params: object) -> str:
    """A fixed text of the command line and the build (``text.<key>``) in ``lang``."""
    return _fill(lookup("messages", lang, "text", key), {k: str(v) for k, v in params.items()})


def location(problem: Problem) -> str:
    """``path:line`` (or just ``path``) as editors and terminals link it."""
    return f"{problem.path}:{problem.line}" if problem.line else problem.path


def format_problem(problem: Problem, lang: str) -> str:
    """One problem as the CLI and the build print it: ``path:line: CODE message`` and the hint."""
    return (
        f"{location(problem)}: {problem.code} {message(problem, lang)}\n"
        f"    {text('hint_prefix', lang)}: {hint(problem, lang)}"
    )
