"""The accessibility statement (law 306/2019, 17 §) in both languages: compliance status, known gaps,
a feedback channel without a GitHub account (the e-mail of mkdocs.yml's `extra`), the supervising
authority's contact and the date; the built page shows the address from mkdocs.yml."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PAGES = {"fi": ROOT / "docs/accessibility/index.md", "sv": ROOT / "docs/accessibility/index.sv.md"}
PARTS = {
    "fi": ("osittain", "## Tiedossa olevat puutteet", "## Valvontaviranomainen", "Lupa- ja valvontavirasto"),
    "sv": ("delvis", "## Kända brister", "## Tillsynsmyndighet", "Tillstånds- och tillsynsverket"),
}


class _Loader(yaml.SafeLoader):
    """mkdocs.yml has !!python/name tags in some setups; only `extra` is read here."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def _email() -> str:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    return str(config["extra"]["accessibility_email"])


def _front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n", 2)[1])


def test_the_feedback_address_is_set_in_mkdocs_yml() -> None:
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", _email())


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_statement_has_the_parts_the_law_requires(lang: str) -> None:
    text = PAGES[lang].read_text(encoding="utf-8")
    meta = _front_matter(text)
    assert meta["template"] == "accessibility.html"  # renders extra.accessibility_email
    assert meta["feedback_heading"] and "GitHub" in meta["feedback_text"]
    for part in PARTS[lang]:
        assert part in text, part
    for contact in ("saavutettavuus@avi.fi", "0295 016 000"):
        assert contact in text
    assert ("saavutettavuusvaatimukset.fi" if lang == "fi" else "webbtillganglighet.fi") in text
    assert re.search(r"\b\d{1,2}\.\d{1,2}\.20\d\d\b", text)  # the date
    assert _email() not in text  # one place for the address: mkdocs.yml


@pytest.mark.build
def test_built_statement_shows_the_address_from_mkdocs_yml(tmp_path: Path) -> None:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for page, heading in (("accessibility", "Anna palautetta"), ("sv/accessibility", "Ge respons")):
        html = (tmp_path / "site" / page / "index.html").read_text(encoding="utf-8")
        assert f'href="mailto:{_email()}"' in html
        assert heading in html
