"""The facet index (``search/facets.json``) and what card pages give Pagefind, read from a strict build of
the repository: compact, one per language, every card with its facet values, and small enough at national
scale (``scripts/bench_site.py`` reports the size at 3,000 cards)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from kaikki.content import load_library
from kaikki.site.facets import FACETS, FacetIndex, card_url

pytestmark = pytest.mark.build

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from test_site_build import mkdocs_build  # tests/build/test_site_build.py

    site = tmp_path_factory.mktemp("facets") / "site"
    result = mkdocs_build(REPO_ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


def _library():
    found = load_library(REPO_ROOT)
    return found[0] if isinstance(found, tuple) else found


@pytest.mark.parametrize(("lang", "path"), [("fi", "search/facets.json"), ("sv", "sv/search/facets.json")])
def test_one_facet_index_per_language_with_every_card(repo_site: Path, lang: str, path: str) -> None:
    data = json.loads((repo_site / path).read_text(encoding="utf-8"))
    library = _library()
    assert data["lang"] == lang
    assert [f["key"] for f in data["facets"]] == [f.key for f in FACETS]
    assert sorted(c["u"] for c in data["cards"]) == sorted(card_url(k) for k in library.bundles)
    # Each card's values point into the facet's own table, and every card page exists.
    for card in data["cards"]:
        assert (repo_site / ("" if lang == "fi" else "sv") / card["u"] / "index.html").is_file()
        for facet, positions in zip(data["facets"], card["f"], strict=True):
            assert all(0 <= p < len(facet["values"]) for p in positions)
    facets = {f["key"]: f for f in data["facets"]}
    card = next(c for c in data["cards"] if c["u"] == "practices/kunnalliset-tukitiimit/")
    at = [f["key"] for f in data["facets"]].index("municipality")
    names = [facets["municipality"]["values"][p][1] for p in card["f"][at]]
    assert ("Liperi" if lang == "fi" else "Libelits") in names
    # A card without status has none (no default shown as if the card said it).
    status = [f["key"] for f in data["facets"]].index("status")
    for key, bundle in library.bundles.items():
        if bundle.fact("status") is None:
            found = next(c for c in data["cards"] if c["u"] == card_url(key))
            assert found["f"][status] == []
    assert len(gzip.compress((repo_site / path).read_bytes())) < 10_000


def test_card_pages_give_pagefind_filters_meta_and_no_facts_labels(repo_site: Path) -> None:
    html = (repo_site / "practices/kunnalliset-tukitiimit/index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-filter="municipality:liperi"' in html
    assert 'data-pagefind-filter="theme:evaluation"' in html
    assert 'data-pagefind-meta="summary"' in html and 'data-pagefind-meta="type"' in html
    assert re.search(r'data-pagefind-meta="municipalities:Liperi, Joensuu', html)
    facts = re.search(r'<section class="kaikki-facts"[^>]*>', html)
    assert facts and "data-pagefind-ignore" in facts.group(0)


def test_home_pages_list_the_newest_cards(repo_site: Path) -> None:
    newest = FacetIndex.build(_library()).newest("sv")
    home = (repo_site / "sv/index.html").read_text(encoding="utf-8")
    assert 'class="kaikki-newest"' in home and "Det senaste innehållet" in home
    first = newest[0].uri.removesuffix("index.md")
    assert f'href="{first}"' in home
    assert "Uusimmat sisällöt" in (repo_site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("folder", ["age-groups", "audiences"])
def test_age_group_and_audience_listings(repo_site: Path, folder: str) -> None:
    assert (repo_site / folder / "index.html").is_file()
    assert (repo_site / "sv" / folder / "index.html").is_file()
