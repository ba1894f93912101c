"""The check and the build agree on body links: what `kaikki check` accepts, `mkdocs build --strict` builds.

The fixed versions of the link cases of the corpus (footnotes, a page of ``docs/``, a card's page, an
image whose name has parentheses, ``mailto:``) go into one small site, which must build strictly and link
where MkDocs resolves them; a broken case (a link to ``materials/municipalities.csv``, which the site does
not publish) must stop the build with the check's own Finnish message, not MkDocs' English warning.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import copy_materials
from test_corpus import build_case
from test_site_build import mkdocs_build, read, site_copy

pytestmark = pytest.mark.build

VALID_CASES = ("e403-entity-javascript-link", "e410-remote-image", "e416-unpublished-target")


def _site_with(tmp: Path, stage: str, cases: tuple[str, ...]) -> Path:
    """The repository's configuration, docs and real bundles, plus the cases' bundles."""
    tmp.mkdir(parents=True)
    root = site_copy(tmp)
    shutil.rmtree(root / "materials")
    copy_materials(root, full=True)
    for case in cases:
        build_case(case, root, stage)
    return root


@pytest.fixture(scope="module")
def fixed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("links-fixed")
    root = _site_with(tmp / "repo", "fixed", VALID_CASES)
    site = tmp / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def test_links_the_check_accepts_build_strictly_and_resolve(fixed_site: Path) -> None:
    page = read(fixed_site, "practices/e416-unpublished-target/index.html")
    assert 'href="../../contributing/"' in page  # ../../../docs/contributing/index.md, as MkDocs resolves it
    assert 'href="../kunnalliset-tukitiimit/"' in page
    assert 'href="#fn:1"' in page and 'id="fn:1"' in page
    image_page = read(fixed_site, "practices/e410-remote-image/index.html")
    # MkDocs quotes the parentheses of the file name
    assert re.findall(r'<img [^>]*src="([^"]*)"', image_page) == ["kaavio%281%29.png"]
    assert (fixed_site / "practices/e410-remote-image/kaavio(1).png").is_file()


def test_a_link_to_an_unpublished_file_stops_the_build_in_finnish(tmp_path: Path) -> None:
    root = _site_with(tmp_path / "repo", "broken", ("e416-unpublished-target",))
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode != 0
    assert "E416" in result.stderr
    assert "ei ole sivuston sivu" in result.stderr
    assert "not found among documentation files" not in result.stderr
    assert "unrecognized relative link" not in result.stderr
