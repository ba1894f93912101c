"""E605 shows the placeholder as the contributor wrote it: no stray closing quote of the YAML value."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_placeholder_is_shown_without_the_closing_quote(repo: Path, run_kaikki, lang: str) -> None:
    card = repo / "materials/practices/kunnalliset-tukitiimit/index.fi.md"
    text = card.read_text(encoding="utf-8")
    start = text.index("summary: ")
    end = text.index("\n", start)
    placeholder = "✎ Kirjoita tiivistelmä tähän, 20–300 merkkiä."
    card.write_text(text[:start] + f'summary: "{placeholder}"' + text[end:], encoding="utf-8")
    result = run_kaikki(["check", "--lang", lang, "materials/practices/kunnalliset-tukitiimit"], repo)
    assert result.code == 1
    line = next(row for row in result.out.splitlines() if " E605 " in row)
    assert line.endswith(placeholder), line
