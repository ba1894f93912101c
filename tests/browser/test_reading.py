"""Reading as the library's readers do: on a phone, without JavaScript, and on paper.

Staff of day-care centres often read on a phone; the site must be readable with JavaScript off (only the
search needs it) and a card must print as a handout without the site's header, navigation and search.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import Server

pytestmark = pytest.mark.browser

CARD = "practices/kunnalliset-tukitiimit"
READING_PAGES = ["/", f"/{CARD}/", "/practices/", "/municipalities/liperi/", "/themes/support-continuum/"]


def _context(browser: Any, **options: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fi-FI", **options)
    hosts: list[str] = []
    context.on("request", lambda request: hosts.append(request.url))
    try:
        yield context
    finally:
        context.close()
        foreign = [url for url in hosts if not url.startswith(("http://127.0.0.1:", "data:", "blob:"))]
        assert not foreign, foreign


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    yield from _context(browser, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)


@pytest.fixture
def no_script(browser: Any) -> Iterator[Any]:
    yield from _context(browser, viewport={"width": 1280, "height": 900}, java_script_enabled=False)


def _open(context: Any, server: Server, path: str) -> Any:
    page = context.new_page()
    response = page.goto(server.url(path), wait_until="networkidle")
    assert response is not None and response.ok, path
    return page


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("path", READING_PAGES)
def test_pages_fit_a_phone_screen(phone: Any, site: Server, path: str, lang: str) -> None:
    page = _open(phone, site, path if lang == "fi" else "/sv" + path)
    widths = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, screen: document.documentElement.clientWidth})"
    )
    assert widths["page"] <= widths["screen"], f"{path} ({lang}) scrolls sideways: {widths}"
    heading = page.locator("h1").first
    assert heading.is_visible()
    box = heading.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= widths["screen"]


def test_a_card_on_a_phone_shows_its_facts_below_the_summary(phone: Any, site: Server) -> None:
    page = _open(phone, site, f"/{CARD}/")
    summary = page.locator(".kaikki-card__summary").bounding_box()
    facts = page.locator(".kaikki-facts").bounding_box()
    assert summary is not None and facts is not None
    assert facts["y"] >= summary["y"] + summary["height"] - 1
    assert facts["width"] <= 360


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_reading_without_javascript(no_script: Any, site: Server, lang: str) -> None:
    prefix = "" if lang == "fi" else "/sv"
    home = _open(no_script, site, f"{prefix}/")
    assert home.locator("h1").first.is_visible()
    # Listings lead to the cards with plain links.
    listing = _open(no_script, site, f"{prefix}/practices/")
    hrefs = listing.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert any("kunnalliset-tukitiimit" in href for href in hrefs), hrefs
    card = _open(no_script, site, f"{prefix}/{CARD}/")
    assert card.locator(".kaikki-card__body").is_visible()
    assert card.locator(".kaikki-facts").is_visible()
    assert card.locator(".kaikki-card__body").inner_text().strip()
    # The other language is a plain link too.
    other = "sv" if lang == "fi" else "fi"
    assert card.locator(f"a[hreflang='{other}']").count() >= 1
    # The search page says that search needs JavaScript and offers the listings instead.
    search = _open(no_script, site, f"{prefix}/search/")
    nojs = search.locator(".kaikki-search__nojs")
    assert nojs.is_visible() and nojs.inner_text().strip()
    assert search.locator(".kaikki-search__browse a[href]").count() >= 3


def test_a_card_prints_without_the_site_around_it(no_script: Any, site: Server) -> None:
    page = _open(no_script, site, f"/{CARD}/")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".kaikki-card__edit"):
        locator = page.locator(hidden)
        assert locator.count() == 0 or not locator.first.is_visible(), f"{hidden} is printed"
    for shown in ("h1", ".kaikki-card__summary", ".kaikki-facts", ".kaikki-card__body"):
        assert page.locator(shown).first.is_visible(), f"{shown} is not printed"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


@pytest.fixture
def keyboard(browser: Any) -> Iterator[Any]:
    yield from _context(browser, viewport={"width": 1280, "height": 900})


def _focused(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const box = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            return {tag: el.tagName, cls: el.className, href: el.getAttribute('href'),
                    hreflang: el.getAttribute('hreflang'), text: el.innerText.trim(),
                    visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden',
                    outline: style.outlineStyle !== 'none' || style.boxShadow !== 'none'};
        }"""
    )


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_keyboard_skip_link_and_language_switch(keyboard: Any, site: Server, lang: str) -> None:
    prefix = "" if lang == "fi" else "/sv"
    page = _open(keyboard, site, f"{prefix}/{CARD}/")
    # The first Tab reaches a visible "skip to content" link whose target exists.
    page.keyboard.press("Tab")
    first = _focused(page)
    assert first["tag"] == "A" and "md-skip" in first["cls"] and first["visible"], first
    assert first["text"] and first["href"].startswith("#")
    assert page.locator(first["href"]).count() == 1
    # The other language is reachable with the keyboard alone, and visibly focused when reached.
    other = "sv" if lang == "fi" else "fi"
    for _ in range(40):
        page.keyboard.press("Tab")
        found = _focused(page)
        if found["hreflang"] == other:
            break
    else:
        pytest.fail(f"no link to the {other} page within 40 Tab presses")
    assert found["visible"] and found["outline"], found
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "lang") == other
