"""Reporters: the same problems as terminal text, GitHub workflow annotations or JSON.

The GitHub reporter prints ``::error``/``::notice`` lines (shown on the changed lines of a pull request)
and, when ``GITHUB_STEP_SUMMARY`` names a file, appends a table in Finnish and Swedish to the job summary.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from kaikki.content.model import Problem
from kaikki.messages import MESSAGE_LANGUAGES, format_problem, hint, location, message, text


def summary_line(problems: Sequence[Problem], bundles: int, lang: str) -> str:
    errors = sum(p.is_error for p in problems)
    notices = len(problems) - errors
    if errors:
        return text("summary_errors", lang, errors=errors, notices=notices, bundles=bundles)
    return text("summary_clean", lang, notices=notices, bundles=bundles)


def report_text(problems: Sequence[Problem], bundles: int, lang: str, out: TextIO) -> None:
    for item in problems:
        out.write(format_problem(item, lang) + "\n")
    out.write(summary_line(problems, bundles, lang) + "\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def report_github(problems: Sequence[Problem], bundles: int, lang: str, out: TextIO) -> None:
    """Workflow commands, one a problem, with the message and hint in both languages."""
    for item in problems:
        level = "error" if item.is_error else "notice"
        props = [f"file={_escape_property(item.path)}"]
        if item.line:
            props.append(f"line={item.line}")
        props.append(f"title={_escape_property(item.code + ' ' + message(item, lang))}")
        body = "\n".join(f"{message(item, lg)} {hint(item, lg)}" for lg in _languages_first(lang))
        out.write(f"::{level} {','.join(props)}::{_escape_data(body)}\n")
    out.write(summary_line(problems, bundles, lang) + "\n")


def github_summary(problems: Sequence[Problem], bundles: int, lang: str) -> str:
    """A Markdown job summary: a heading and a table per language."""
    parts: list[str] = []
    for lg in _languages_first(lang):
        parts.append(f"## {text('github_summary_title', lg)}\n\n{summary_line(problems, bundles, lg)}\n")
        if problems:
            parts.append("| | | |\n|---|---|---|")
            for item in problems:
                cell = f"{message(item, lg)}<br>{hint(item, lg)}".replace("|", "\\|")
                parts.append(f"| `{location(item)}` | {item.code} | {cell} |")
            parts.append("")
    return "\n".join(parts) + "\n"


def report_json(problems: Sequence[Problem], bundles: int, lang: str, out: TextIO) -> None:
    errors = sum(p.is_error for p in problems)
    data = {
        "bundles": bundles,
        "errors": errors,
        "notices": len(problems) - errors,
        "problems": [
            {
                "path": item.path,
                "line": item.line,
                "code": item.code,
                "severity": "error" if item.is_error else "notice",
                "params": item.params,
                "message": {lg: message(item, lg) for lg in MESSAGE_LANGUAGES},
                "hint": {lg: hint(item, lg) for lg in MESSAGE_LANGUAGES},
            }
            for item in problems
        ],
    }
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _languages_first(lang: str) -> list[str]:
    return [lang, *(lg for lg in MESSAGE_LANGUAGES if lg != lang)]


REPORTERS = {"text": report_text, "github": report_github, "json": report_json}
