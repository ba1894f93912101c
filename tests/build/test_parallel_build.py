"""Parallel languages (:mod:`kaikki.mkdocs.languages`): a cold ``mkdocs build --strict`` renders the Swedish
pages in a forked process beside the Finnish ones and runs Pagefind once per language at the same time.

The fixture site of ``test_site_build`` (built there with the option's default, on) is built again with
``parallel_languages: false``: every file is the same, byte for byte, apart from the build's dates and
Pagefind's filter and metadata files, whose names and bytes differ between any two runs of Pagefind.
A warning only the Swedish process logs, and a Swedish process killed half-way, fail the whole build
with one message and leave the published site and no work folder behind.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from kaikki.mkdocs import languages
from test_publish import leftovers, snapshot
from test_site_build import fixture_site, mkdocs_build  # noqa: F401 (fixture_site: a pytest fixture)

pytestmark = [
    pytest.mark.build,
    pytest.mark.skipif(not languages.available(), reason="parallel languages need fork and two cores"),
]

PAGEFIND_RUN_FILES = re.compile(r"^pagefind/(filter/.*\.pf_filter|pagefind\.[a-z]+_[0-9a-f]+\.pf_meta)$")
BUILD_DATES = (
    re.compile(rb"<lastmod>[^<]*</lastmod>"),  # sitemap
    re.compile(rb"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?"),  # feeds, open data
    re.compile(rb"\b\d{8}T\d{6}Z?\b"),  # calendars' DTSTAMP
    re.compile(rb"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}"),  # RSS
)
DATED = (".xml", ".xml.gz", ".ics", ".json")


def _copy_project(site: Path, target: Path) -> Path:
    """A copy of the fixture project of ``site`` without its site and caches (nothing rendered is reused)."""
    shutil.copytree(site.parent, target, symlinks=True, ignore=shutil.ignore_patterns("site", ".*"))
    return target


def _set_option(root: Path, line: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - kaikki/library:\n" in text
    config.write_text(text.replace("  - kaikki/library:\n", f"  - kaikki/library:\n      {line}\n"), "utf-8")


def _normalised(name: str, data: bytes) -> bytes:
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    for pattern in BUILD_DATES:
        data = pattern.sub(b"DATE", data)
    return data


@pytest.fixture(scope="module")
def sequential_site(fixture_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    root = _copy_project(fixture_site, tmp_path_factory.mktemp("sequential") / "project")
    _set_option(root, "parallel_languages: false")
    site = root / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    assert ".language-sv" not in result.stderr  # one process: static-i18n's nested build
    return site


def test_parallel_and_sequential_builds_write_the_same_site(
    fixture_site: Path,  # noqa: F811
    sequential_site: Path,
) -> None:
    parallel, sequential = snapshot(fixture_site), snapshot(sequential_site)
    assert sorted(k for k in parallel if not PAGEFIND_RUN_FILES.match(k)) == sorted(
        k for k in sequential if not PAGEFIND_RUN_FILES.match(k)
    )
    different = []
    for name, data in parallel.items():
        if PAGEFIND_RUN_FILES.match(name) or name == "pagefind/pagefind-entry.json":
            continue
        other = sequential[name]
        if data == other:
            continue
        assert data is not None and other is not None, name
        if not name.endswith(DATED) or _normalised(name, data) != _normalised(name, other):
            different.append(name)
    assert different == []
    # The language switcher of the Swedish 404 page and the Finnish feed's site name (both wrong once
    # in the sequential build) are the same as well: checked above; here that they are right.
    assert 'href="/sv/" hreflang="sv"' in (fixture_site / "sv/404.html").read_text(encoding="utf-8")
    assert "praxisbibliotek" not in (fixture_site / "atom.xml").read_text(encoding="utf-8")


def test_the_sitemap_lists_both_languages_finnish_first(fixture_site: Path) -> None:  # noqa: F811
    sitemap = (fixture_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    swedish = [i for i, loc in enumerate(locs) if "/sv/" in loc]
    assert swedish and len(swedish) * 2 == len(locs)
    assert swedish == list(range(len(locs) - len(swedish), len(locs)))  # all after the Finnish ones
    assert gzip.decompress((fixture_site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap


def test_the_search_bundle_holds_both_languages_as_one_run_does(
    fixture_site: Path,  # noqa: F811
    sequential_site: Path,
) -> None:
    entry = json.loads((fixture_site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    alone = json.loads((sequential_site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["fi", "sv"] == sorted(alone["languages"])  # a map: order is free
    for lang, index in entry["languages"].items():
        assert index["page_count"] == alone["languages"][lang]["page_count"] > 0
        assert (fixture_site / f"pagefind/pagefind.{index['hash']}.pf_meta").is_file()
        assert (fixture_site / f"pagefind/wasm.{lang}.pagefind").is_file()
    assert not [p.name for p in fixture_site.iterdir() if p.name.startswith(".")]


@pytest.fixture
def project(fixture_site: Path, tmp_path: Path) -> Path:  # noqa: F811
    """A copy of the fixture project with its published site."""
    root = _copy_project(fixture_site, tmp_path / "project")
    shutil.copytree(fixture_site, root / "site", symlinks=True)
    return root


def test_a_warning_only_in_the_swedish_process_fails_the_build_and_leaves_the_site(project: Path) -> None:
    (project / "docs/vain-ruotsiksi.sv.md").write_text("# Bara på svenska\n\n[Saknas](saknas.md)\n", "utf-8")
    before = snapshot(project / "site")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 1
    assert ".language-sv" in result.stderr  # the warning came from the Swedish process
    assert result.stderr.count("contains a link 'saknas.md', but the target is not found") == 1
    assert result.stderr.count("Kieliversion sv kooste epäonnistui") == 1
    assert "Traceback" not in result.stderr
    assert snapshot(project / "site") == before
    assert leftovers(project / "site") == []


KILL_HOOK = """
import os
import signal

_pages = []


def on_post_page(output, page, config):
    if getattr(config.plugins.get("i18n"), "current_language", None) == "sv":
        _pages.append(page)
        if len(_pages) > 5:
            os.kill(os.getpid(), signal.SIGKILL)
    return output
"""


def test_a_swedish_process_killed_half_way_fails_the_build_cleanly(project: Path) -> None:
    (project / "kill_hook.py").write_text(KILL_HOOK, encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - kill_hook.py\n")
    before = snapshot(project / "site")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 1
    assert "Kieliversion sv kooste keskeytyi, koska sen prosessi lopetettiin (SIGKILL)." in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "site") == before
    assert leftovers(project / "site") == []
