"""A vocabulary value written as its Finnish or Swedish label gets the id as the suggestion (E207)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("written", "lang", "hint"),
    [
        ("Monialainen yhteistyö", "fi", "Lähin sallittu tunniste: multiprofessional."),
        ("mångprofessionellt  samarbete", "sv", "multiprofessional"),
        ("Monialainen yhteistyo", "fi", "multiprofessional"),
    ],
)
def test_label_suggests_its_id(repo: Path, run_kaikki, written: str, lang: str, hint: str) -> None:
    card = repo / "materials/practices/kunnalliset-tukitiimit/index.fi.md"
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("  - evaluation\n", f'  - "{written}"\n', 1), encoding="utf-8")
    assert f'"{written}"' in card.read_text(encoding="utf-8")
    result = run_kaikki(["check", "--lang", lang, "materials/practices/kunnalliset-tukitiimit"], repo)
    assert result.code == 1
    assert " E207 " in result.out
    hint_line = result.out.split(" E207 ", 1)[1].splitlines()[1]
    assert hint in hint_line, hint_line
