"""The contributor guide (docs/contributing/): its code table is current, it names every check code, its
example cards pass the checks, and its links resolve."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import make_check_table as table  # scripts/ is on pytest's pythonpath
from kaikki.checks import check_library
from kaikki.content import load_library
from kaikki.content.markdown_scan import scan_body
from kaikki.messages import catalogue

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "contributing"
PAGES = {"fi": GUIDE / "index.md", "sv": GUIDE / "index.sv.md"}
# Pages the kaikki/library plugin generates at build time (not files in docs/).
GENERATED = {"untranslated/index.md"}
# "Tiedosto `materials/<collection>/<slug>/index.fi.md`:" followed by a fenced Markdown block.
_EXAMPLE = re.compile(
    r"`(materials/[a-z]+/[a-z0-9-]+/index\.(?:fi|sv)\.md)`:\n\n(`{3,})markdown\n(.*?)\n\2\n", re.DOTALL
)


def _page(lang: str) -> str:
    return PAGES[lang].read_text(encoding="utf-8")


def test_code_table_is_up_to_date() -> None:
    assert table.main(["--check"]) == 0, "run: python scripts/make_check_table.py"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_code_appears_on_the_page(lang: str) -> None:
    page = _page(lang)
    codes = catalogue(lang)["codes"]
    missing = [code for code in codes if f"**{code}**" not in page]
    assert missing == []
    assert "E411" in codes and "E603" in codes


def test_generated_cell_is_literal_markdown() -> None:
    row = next(line for line in _page("fi").split("\n") if line.startswith("| **E601**"))
    assert r"\!\[kuvan kuvaus\]\(kuva.png\)" in row  # not an image the build would try to load
    assert "{" not in row


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_never_publish_section(lang: str) -> None:
    page = _page(lang).casefold()
    words = {
        "fi": [
            "henkilötunnu",
            "lasten nimet",
            "terveystiedot",
            "kuvat",
            "sijaintitiedot",
            "versiohistoria",
            "varhaiskasvatuslaki",
            "varhaiskasvatussuunnitelma",
            "tietosuoja",
        ],
        "sv": [
            "personbeteckning",
            "barns namn",
            "hälsouppgifter",
            "bilder",
            "platsuppgifter",
            "versionshistorik",
            "lagen om småbarnspedagogik",
            "plan för småbarnspedagogik",
            "dataskydd",
        ],
    }[lang]
    assert [w for w in words if w not in page] == []


def _examples(lang: str) -> dict[str, str]:
    found = {path: text for path, _fence, text in _EXAMPLE.findall(_page(lang))}
    assert all(path.endswith(f".{lang}.md") for path in found)
    return found


def test_each_collection_has_an_example_in_both_languages() -> None:
    for lang in ("fi", "sv"):
        collections = sorted(path.split("/")[1] for path in _examples(lang))
        assert collections == ["meetings", "networks", "practices", "tools"], lang
    stems = {lang: {path.rsplit("/", 1)[0] for path in _examples(lang)} for lang in ("fi", "sv")}
    assert stems["fi"] == stems["sv"]  # twins: the same bundles in both pages


def test_examples_pass_the_checks_as_twins(tmp_path: Path) -> None:
    (tmp_path / "materials").mkdir()
    for name in ("vocabulary.yml", "municipalities.csv"):
        shutil.copy(ROOT / "materials" / name, tmp_path / "materials" / name)
    for lang in ("fi", "sv"):
        for path, text in _examples(lang).items():
            target = tmp_path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text + "\n", encoding="utf-8")
    library = load_library(tmp_path)
    assert len(library.bundles) == 4
    problems = check_library(library)
    assert [(p.path, p.line, p.code, p.params) for p in problems] == []


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_relative_links_resolve(lang: str) -> None:
    text = _page(lang).split("---\n", 2)[2]
    anchors = scan_body(text, 1).anchors
    for link in scan_body(text, 1).links:
        target = link.target
        if re.match(r"^[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        if not path:
            assert anchor in anchors, f"#{anchor} is not a heading of {PAGES[lang].name}"
            continue
        resolved = (GUIDE / path).resolve()
        relative = resolved.relative_to((ROOT / "docs").resolve()).as_posix()
        assert resolved.is_file() or relative in GENERATED, target


def test_contributing_md_points_to_both_pages() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "(docs/contributing/index.md)" in text
    assert "(docs/contributing/index.sv.md)" in text
