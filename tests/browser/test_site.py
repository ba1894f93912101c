"""What a reader sees, in Debian's Chromium: search, the language switch, fallback, listings, accessibility.

The repository's own site is built once (``conftest.site``); the fallback tests use a copy of the
repository with one Swedish twin deleted (``conftest.fallback_site``). Every test checks that the pages
asked nothing of any host but 127.0.0.1.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import MISSING_TWIN, Visit, assert_accessible

pytestmark = pytest.mark.browser

SUPPORT_TEAMS = "practices/kunnalliset-tukitiimit"
FALLBACK_CARD = MISSING_TWIN.removeprefix("materials/")


def _search(page: Any, query: str) -> list[str]:
    """Searches from the header form of the page; returns the result links' hrefs on the search page."""
    page.fill("#kaikki-search-input", query)
    page.press("#kaikki-search-input", "Enter")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=30_000)
    page.wait_for_load_state("networkidle")
    return page.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.href)")


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_finnish_search_finds_an_inflected_word_and_reaches_the_card(visit: Visit) -> None:
    page = visit.open("/")
    assert page.get_attribute("html", "lang") == "fi"
    hrefs = _search(page, "tukitiimin")
    assert "/search/" in page.url and "q=tukitiimin" in page.url
    assert any(f"/{SUPPORT_TEAMS}/" in href for href in hrefs), hrefs
    assert not any(_path(href).startswith("/sv/") for href in hrefs), hrefs
    page.click(f".pagefind-ui__result-link[href*='/{SUPPORT_TEAMS}/']")
    page.wait_for_load_state("networkidle")
    assert _path(page.url).rstrip("/").endswith(SUPPORT_TEAMS)
    assert "tukitiim" in page.inner_text("h1").lower()
    visit.requests.assert_local_only()


def test_language_switch_on_a_card_lands_on_its_twin(visit: Visit) -> None:
    page = visit.open(f"/{SUPPORT_TEAMS}/")
    page.hover(".md-select")
    page.click(".md-select__link[hreflang='sv']")
    page.wait_for_load_state("networkidle")
    assert _path(page.url) == f"/sv/{SUPPORT_TEAMS}/"
    assert page.get_attribute("html", "lang") == "sv"
    assert "stödteam" in page.inner_text("h1").lower()
    assert page.query_selector("#kaikki-fallback") is None
    visit.requests.assert_local_only()


def test_swedish_search_gives_only_swedish_results(visit: Visit) -> None:
    page = visit.open("/sv/")
    assert page.get_attribute("html", "lang") == "sv"
    hrefs = _search(page, "stödteamet")
    assert _path(page.url).startswith("/sv/search/")
    assert hrefs, "no results for stödteamet"
    assert all(_path(href).startswith("/sv/") for href in hrefs), hrefs
    assert any(f"/sv/{SUPPORT_TEAMS}/" in href for href in hrefs), hrefs
    visit.requests.assert_local_only()


def test_card_without_swedish_twin_shows_the_notice(fallback_visit: Visit) -> None:
    page = fallback_visit.open(f"/sv/{FALLBACK_CARD}/")
    assert page.get_attribute("html", "lang") == "sv"
    notice = page.locator("#kaikki-fallback")
    assert notice.is_visible()
    assert notice.get_attribute("lang") in (None, "sv")
    assert page.get_attribute("h1", "lang") == "fi"
    assert page.locator(".kaikki-card__body").get_attribute("lang") == "fi"
    # The Finnish page of the same card has no notice.
    page = fallback_visit.open(f"/{FALLBACK_CARD}/")
    assert page.query_selector("#kaikki-fallback") is None
    fallback_visit.requests.assert_local_only()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/municipalities/liperi/", "Liperi"),
        ("/sv/municipalities/liperi/", "Libelits"),
        ("/themes/support-continuum/", "Lapsen tuki ja tuen jatkumo"),
        ("/sv/themes/support-continuum/", "Barnets stöd och kontinuitet i stödet"),
    ],
)
def test_municipality_and_theme_pages_in_both_languages(visit: Visit, path: str, heading: str) -> None:
    page = visit.open(path)
    assert page.get_attribute("html", "lang") == ("sv" if path.startswith("/sv/") else "fi")
    assert heading in page.inner_text("h1")
    cards = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    prefix = "/sv/" if path.startswith("/sv/") else "/"
    assert any(_path(href).startswith(f"{prefix}practices/") for href in cards), cards
    visit.requests.assert_local_only()


PAGE_TYPES = [
    ("home", "/"),
    ("card", f"/{SUPPORT_TEAMS}/"),
    ("listing", "/practices/"),
    ("municipality", "/municipalities/liperi/"),
    ("theme", "/themes/support-continuum/"),
    ("search results", "/search/?q=tukitiimin"),
]


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize(("kind", "path"), PAGE_TYPES, ids=[kind for kind, _ in PAGE_TYPES])
def test_no_serious_accessibility_violations(visit: Visit, kind: str, path: str, lang: str) -> None:
    url = path if lang == "fi" else "/sv" + path
    if kind == "search results" and lang == "sv":
        url = "/sv/search/?q=stödteamet"
    page = visit.open(url)
    if kind == "search results":
        page.wait_for_selector(".pagefind-ui__result-link", timeout=30_000)
        page.wait_for_load_state("networkidle")
    assert_accessible(page, f"{kind} ({lang}) {url}")
    visit.requests.assert_local_only()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_serious_accessibility_violations_on_a_fallback_card(fallback_visit: Visit, lang: str) -> None:
    # In Swedish the card falls back to Finnish text; in Finnish it is the ordinary page of the same card.
    url = f"/{FALLBACK_CARD}/" if lang == "fi" else f"/sv/{FALLBACK_CARD}/"
    page = fallback_visit.open(url)
    assert_accessible(page, f"fallback card ({lang}) {url}")
    fallback_visit.requests.assert_local_only()
