"""The page cache (:mod:`kaikki.mkdocs.pagecache`) is correct: a rebuild that reuses stored pages gives the
same site, byte for byte apart from build dates, as a build with the cache emptied.

A small fixture site is built once with ``mkdocs build --strict``, which fills the cache: a Finnish-only
practice that names a tool as related and links to it, the tool in both languages with a PDF (its
Finnish text links to a heading of the practice) and a Swedish-only practice. Each test copies that
repository with its cache, changes one kind of input, rebuilds with the warm cache and then once more
with the cache emptied, and compares the two sites. The stats each language build writes
(``.cache/kaikki/pages/stats-<lang>.json``) show that pages were reused (so the comparison is not
between two cold builds) and that the change was rendered where it shows.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import pdf_bytes  # tests/conftest.py: builds a small valid PDF
from kaikki.content import LANGUAGES
from test_site_build import PRACTICE_FI, PRACTICE_SV, TOOL_FI, TOOL_SV, mkdocs_build, site_copy, write_card

pytestmark = pytest.mark.build

REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(".cache") / "kaikki"
PAGES = CACHE / "pages"

PRACTICE = "practices/vain-suomeksi"
TOOL = "tools/lomakepohja"
TOOL_TITLE = "Lomakepohja tuen suunnitteluun"

# Build dates: the sitemap's lastmod, timestamps of feeds and calendars. Nothing else may differ.
BUILD_DATES = [
    re.compile(rb"<lastmod>[^<]*</lastmod>"),
    re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?"),
    re.compile(rb"DTSTAMP:\d{8}T\d{6}Z?"),
]


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fixture repository built once: its ``.cache/kaikki`` holds every generated page."""
    root = tmp_path_factory.mktemp("page-cache") / "repo"
    root.mkdir()
    site_copy(root)
    config = root / "mkdocs.yml"
    # No Pagefind: the index is made from the pages compared here, and it would double each build's time.
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - kaikki/library:\n", "  - kaikki/library:\n      search: none\n"
        ),
        encoding="utf-8",
    )
    front = PRACTICE_FI.replace("published:", "related: [tools/lomakepohja]\npublished:")
    write_card(
        root, PRACTICE, "fi", front, "## Tausta\n\nKatso [lomakepohja](../../tools/lomakepohja/index.md).\n"
    )
    write_card(root, "practices/bara-svenska", "sv", PRACTICE_SV, "## Bakgrund\n\nText.\n")
    body = "## Käyttö\n\nKatso [lomake](lomake.pdf) "
    body += "ja [käytäntö](../../practices/vain-suomeksi/index.md#tausta).\n"
    write_card(root, TOOL, "fi", TOOL_FI, body)
    write_card(root, TOOL, "sv", TOOL_SV, "## Användning\n\nSe [blanketten](lomake.pdf).\n")
    (root / "materials" / TOOL / "lomake.pdf").write_bytes(pdf_bytes("Lomakepohja"))
    build(root, root.parent / "site")
    stats = read_stats(root)
    assert all(s["rendered"] == s["stored"] > 20 for s in stats.values()), stats
    return root


def copy_repo(warm: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(warm, root, symlinks=True)
    return root


def build(root: Path, site: Path) -> str:
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    return result.stderr


def read_stats(root: Path) -> dict[str, dict[str, int]]:
    return {lang: json.loads((root / PAGES / f"stats-{lang}.json").read_text()) for lang in LANGUAGES}


def site_files(site: Path) -> dict[str, bytes]:
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            for pattern in BUILD_DATES:
                data = pattern.sub(b"<build date>", data)
            found[path.relative_to(site).as_posix()] = data
    return found


def warm_and_cold(root: Path, tmp_path: Path) -> tuple[dict[str, dict[str, int]], dict[str, bytes]]:
    """Rebuilds ``root`` with its cache, then with the cache emptied, and checks that both sites are the
    same; returns the warm build's cache stats (with ``entries``, the pages stored after it) and files."""
    build(root, tmp_path / "warm-site")
    stats = read_stats(root)
    for lang in LANGUAGES:
        stats[lang]["entries"] = len(list((root / PAGES).glob(f"*/{lang}/*.page")))
    shutil.rmtree(root / CACHE)
    build(root, tmp_path / "cold-site")
    warm_files, cold_files = site_files(tmp_path / "warm-site"), site_files(tmp_path / "cold-site")
    assert warm_files.keys() == cold_files.keys()
    different = [name for name in warm_files if warm_files[name] != cold_files[name]]
    assert not different, f"the warm build differs from a cold one in {different}"
    return stats, warm_files


def page(files: dict[str, bytes], path: str) -> str:
    return files[path].decode("utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_no_change_reuses_every_page(warm: Path, tmp_path: Path) -> None:
    root = copy_repo(warm, tmp_path)
    stats, _ = warm_and_cold(root, tmp_path)
    for lang, counts in stats.items():
        assert counts["pages"] > 20 and counts["reused"] == counts["pages"], (lang, counts)
        assert counts["rendered"] == counts["damaged"] == 0, (lang, counts)


def test_card_body(warm: Path, tmp_path: Path) -> None:
    root = copy_repo(warm, tmp_path)
    edit(root / "materials" / TOOL / "index.fi.md", "Katso [lomake]", "Uusi lause. Katso [lomake]")
    stats, files = warm_and_cold(root, tmp_path)
    assert "Uusi lause." in page(files, f"{TOOL}/index.html")
    # Only the tool's Finnish page (and the Swedish pages showing its Finnish text, none here) changed.
    assert stats["fi"]["rendered"] == 1 and stats["fi"]["reused"] == stats["fi"]["pages"] - 1
    assert stats["sv"]["rendered"] == 0


def test_title_seen_on_other_pages(warm: Path, tmp_path: Path) -> None:
    root = copy_repo(warm, tmp_path)
    edit(root / "materials" / TOOL / "index.fi.md", TOOL_TITLE, "Uudelleen nimetty lomakepohja")
    stats, files = warm_and_cold(root, tmp_path)
    # Its related card, the listings and the practice it links back to show the new title.
    assert "Uudelleen nimetty lomakepohja" in page(files, f"{PRACTICE}/index.html")
    assert "Uudelleen nimetty lomakepohja" in page(files, "tools/index.html")
    assert TOOL_TITLE not in page(files, f"{PRACTICE}/index.html")
    assert 0 < stats["fi"]["rendered"] < stats["fi"]["pages"]


def test_vocabulary_label(warm: Path, tmp_path: Path) -> None:
    root = copy_repo(warm, tmp_path)
    edit(root / "materials/vocabulary.yml", "fi: Nivelvaiheet", "fi: Siirtymät ja nivelvaiheet")
    stats, files = warm_and_cold(root, tmp_path)
    assert "Siirtymät ja nivelvaiheet" in page(files, f"{PRACTICE}/index.html")
    assert stats["fi"]["rendered"] > 0


def test_municipality_name(warm: Path, tmp_path: Path) -> None:
    root = copy_repo(warm, tmp_path)
    edit(
        root / "materials/municipalities.csv",
        "426,liperi,Liperi,Libelits",
        "426,liperi,Liperin kunta,Libelits",
    )
    stats, files = warm_and_cold(root, tmp_path)
    assert "Liperin kunta" in page(files, f"{TOOL}/index.html")
    assert stats["fi"]["rendered"] > 0


def test_template(warm: Path, tmp_path: Path) -> None:
    """A template of the site's own (``docs/overrides``) that overrides the plugin's."""
    root = copy_repo(warm, tmp_path)
    override = root / "docs/overrides/kaikki/card.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO_ROOT / "plugins/kaikki/templates/kaikki/card.html", override)
    text = override.read_text(encoding="utf-8")
    assert "{% block content %}" in text
    override.write_text(text.replace("{% block content %}", "{% block content %}<p>Ohitettu pohja</p>", 1))
    stats, files = warm_and_cold(root, tmp_path)
    assert "Ohitettu pohja" in page(files, f"{TOOL}/index.html")
    assert "Ohitettu pohja" in page(files, f"sv/{TOOL}/index.html")
    assert stats["fi"]["reused"] == 0 and stats["sv"]["reused"] == 0


def test_attachment(warm: Path, tmp_path: Path) -> None:
    root = copy_repo(warm, tmp_path)
    pdf = root / "materials" / TOOL / "lomake.pdf"
    pdf.write_bytes(pdf_bytes("Lomakepohja, toinen painos, jossa on enemmän tekstiä"))
    stats, files = warm_and_cold(root, tmp_path)
    assert files[f"{TOOL}/lomake.pdf"] == pdf.read_bytes()
    # The tool's pages in both languages list the file (its size): rendered again, nothing else.
    assert stats["fi"]["rendered"] == 1 and stats["sv"]["rendered"] == 1


def test_broken_anchor_in_a_reused_page_still_fails(warm: Path, tmp_path: Path) -> None:
    """The tool's Finnish text links to the practice's heading ``#tausta``. Renaming that heading, without
    the check (which would report it first), leaves the tool's page reused, and MkDocs still warns about
    its link under ``--strict``."""
    root = copy_repo(warm, tmp_path)
    config = root / "mkdocs.yml"
    edit(config, "      search: none\n", "      search: none\n      check: false\n")
    build(root, tmp_path / "site-before")  # the configuration changed: every page is stored again
    edit(root / "materials" / PRACTICE / "index.fi.md", "## Tausta", "## Taustaa")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode != 0
    assert f"Doc file '{TOOL}/index.md' contains a link" in result.stderr
    assert f"the doc '{PRACTICE}/index.md' does not contain an anchor '#tausta'" in result.stderr
    stats = read_stats(root)
    assert stats["fi"]["reused"] == stats["fi"]["pages"] - 1  # only the practice's page was rendered


def test_damaged_entry_is_rendered_again(warm: Path, tmp_path: Path) -> None:
    root = copy_repo(warm, tmp_path)
    entries = sorted((root / PAGES).glob("*/fi/*.page"))
    assert entries
    for entry in entries[:3]:
        data = entry.read_bytes()
        entry.write_bytes(data[:-40] + b"X" * 40)  # the HTML no longer matches its digest
    entries[3].write_bytes(b"{not json\n<html>")
    stats, _ = warm_and_cold(root, tmp_path)
    assert stats["fi"]["damaged"] == 4 and stats["fi"]["rendered"] == 4


def test_removed_card_leaves_no_page_and_no_entry(warm: Path, tmp_path: Path) -> None:
    root = copy_repo(warm, tmp_path)
    before = len(list((root / PAGES).glob("*/fi/*.page")))
    shutil.rmtree(root / "materials/practices/bara-svenska")
    stats, files = warm_and_cold(root, tmp_path)
    assert not any("bara-svenska" in name for name in files)
    for lang in LANGUAGES:  # its page and the listing of its only municipality
        removed = stats[lang]["removed"]
        assert removed >= 1 and stats[lang]["entries"] == before - removed, stats
