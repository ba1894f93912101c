"""The rough edges a reader hit (issue 11), in Debian's Chromium: each test failed before its fix.

On a 360 px phone and on a desktop, in both languages: the contributor guide's code blocks and tables are
keyboard-scrollable regions with names of their own, the search page does not scroll sideways, no page
asks for a file that is not there (Material's script fetched ``sitemap.xml`` beside every page), and a
printed card says which site and which address it came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from .conftest import Server, assert_accessible

pytestmark = pytest.mark.browser

CARD = "practices/kunnalliset-tukitiimit"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@dataclass
class Reader:
    """A browser context that remembers every response that was not found."""

    context: Any
    server: Server
    missing: list[str] = field(default_factory=list)

    def open(self, path: str) -> Any:
        page = self.context.new_page()
        page.on("response", lambda r: self.missing.append(r.url) if r.status == 404 else None)
        response = page.goto(self.server.url(path), wait_until="networkidle")
        assert response is not None and response.ok, path
        return page


@pytest.fixture(params=["phone", "desktop"])
def reader(request: pytest.FixtureRequest, browser: Any, site: Server) -> Iterator[Reader]:
    options = PHONE if request.param == "phone" else DESKTOP
    context = browser.new_context(locale="fi-FI", **options)
    try:
        yield Reader(context, site)
    finally:
        context.close()


@pytest.fixture
def phone(browser: Any, site: Server) -> Iterator[Reader]:
    context = browser.new_context(locale="fi-FI", **PHONE)
    try:
        yield Reader(context, site)
    finally:
        context.close()


def _prefix(lang: str) -> str:
    return "" if lang == "fi" else "/sv"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_contributor_guide_code_and_tables_are_named_keyboard_regions(reader: Reader, lang: str) -> None:
    page = reader.open(f"{_prefix(lang)}/contributing/")
    assert_accessible(page, f"contributor guide ({lang})")
    regions = page.eval_on_selector_all(
        ".md-typeset [role=region]",
        """els => els.map(el => ({label: el.getAttribute('aria-label'), tabindex: el.tabIndex,
                                 kind: el.className, scrolls: el.scrollWidth > el.clientWidth}))""",
    )
    tables = [r for r in regions if r["kind"] == "kaikki-table"]
    code = [r for r in regions if r["kind"] == "kaikki-code"]
    assert len(tables) >= 2 and len(code) >= 2, regions
    labels = [r["label"] for r in regions]
    assert len(labels) == len(set(labels)), f"regions share a name: {labels}"
    assert all(r["tabindex"] == 0 for r in regions), regions
    # Material's script must not have made a <code> the scrolling element (it drops its tabindex on touch).
    inner = page.eval_on_selector_all(
        ".kaikki-code code", "els => els.filter(el => el.scrollWidth > el.clientWidth + 1).length"
    )
    assert inner == 0
    if page.viewport_size["width"] == 360:
        assert any(r["scrolls"] for r in code), "no code block is wider than a phone: the test proves nothing"
        # The keyboard scrolls a focused code block.
        wide = page.locator(".kaikki-code").nth(next(i for i, r in enumerate(code) if r["scrolls"]))
        wide.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        # Scrolling may be smooth: wait for it rather than reading the position at once.
        wide.evaluate(
            "el => new Promise(r => { const t = Date.now(); (function f() { "
            "if (el.scrollLeft > 0 || Date.now() - t > 3000) r(); else requestAnimationFrame(f); })(); })"
        )
        assert wide.evaluate("el => el.scrollLeft") > 0


NO_404_PAGES = ["/", f"/{CARD}/", "/practices/", "/municipalities/", "/search/?q=tuki", "/contributing/"]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_page_asks_for_a_missing_file(phone: Reader, lang: str) -> None:
    for path in NO_404_PAGES:
        page = phone.open(_prefix(lang) + path)
        page.wait_for_timeout(300)  # the theme's script fetched the sitemaps after the page had loaded
    assert not phone.missing, "requests answered 404:\n" + "\n".join(phone.missing)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_search_page_fits_a_phone_with_the_language_menu_closed_and_open(phone: Reader, lang: str) -> None:
    page = phone.open(f"{_prefix(lang)}/search/")
    size = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    scroll, screen = page.evaluate(size)
    assert scroll <= screen, f"the search page scrolls sideways: {scroll} > {screen}"
    # Opened, the language menu is on the screen, and its links can be used.
    page.locator(".md-select__link").first.focus()
    page.wait_for_timeout(400)  # the theme's opening transition
    for box in page.eval_on_selector_all(
        ".md-select__inner, .md-select__link", "els => els.map(el => el.getBoundingClientRect().toJSON())"
    ):
        assert box["left"] >= 0 and box["right"] <= screen, box
    assert page.locator(".md-select__inner").evaluate("el => getComputedStyle(el).opacity") == "1"


SITE_NAMES = {
    "fi": "Kaikki mukaan! – tuen ja inkluusion käytäntökirjasto",
    "sv": "Kaikki mukaan! – praxisbibliotek för stöd och inkludering",
}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_printed_card_names_the_site_and_its_address(reader: Reader, lang: str) -> None:
    page = reader.open(f"{_prefix(lang)}/{CARD}/")
    source = page.locator(".kaikki-print-source")
    assert not source.is_visible(), "the print header shows on screen"
    page.emulate_media(media="print")
    assert source.is_visible()
    text = source.inner_text()
    assert SITE_NAMES[lang] in text
    assert f"{_prefix(lang)}/{CARD}/" in text
    assert {"fi": "Verkko-osoite", "sv": "Webbadress"}[lang] in text
    assert not page.locator(".md-header").is_visible()  # the site name comes from the card, not the header


# Pages whose headings hold compounds longer than a phone's line at heading size.
LONG_WORD_PAGES = {
    "fi": [
        "/themes/plans-documents/",
        "/accessibility/",
        "/meetings/2022-spring-helsinki-paikalliset-vasut/",
    ],
    "sv": ["/sv/accessibility/", "/sv/themes/competence/", "/sv/practices/kunnalliset-tukitiimit/"],
}
LINE_BREAKS = """() => {
    // Each place where a heading's line breaks inside a word, with the character before the break.
    const breaks = [];
    for (const heading of document.querySelectorAll('.md-content h1, .md-content h2, .md-content h3')) {
        const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
        let previous = null;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.data.length; i++) {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const rects = range.getClientRects();  // at a break: one box on each line, the last counts
                const rect = rects[rects.length - 1];
                const char = node.data[i];
                if (!rect) {  // an unused soft hyphen has no box: the line goes on
                    if (previous) previous = {top: previous.top, char};
                    continue;
                }
                if (previous && rect.top > previous.top + 2 && /\\p{L}/u.test(char)
                        && previous.char !== ' ' && previous.char !== '\\u00a0') {
                    breaks.push({word: node.data.slice(Math.max(0, i - 8), i + 8), before: previous.char});
                }
                previous = {top: rect.top, char};
            }
        }
    }
    return breaks;
}"""


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_long_words_in_headings_break_with_a_hyphen_on_a_phone(phone: Reader, lang: str) -> None:
    inside_words = []
    for path in LONG_WORD_PAGES[lang]:
        page = phone.open(path)
        inside_words += [(path, b) for b in page.evaluate(LINE_BREAKS)]
        scroll, screen = page.evaluate("() => [document.body.scrollWidth, document.body.clientWidth]")
        assert scroll <= screen, path
    assert inside_words, "no heading breaks inside a word: the pages prove nothing"
    bad = [(path, b) for path, b in inside_words if b["before"] != "\u00ad"]
    assert not bad, f"words broken without a hyphen: {bad}"


def test_search_finds_a_word_written_with_soft_hyphens(phone: Reader) -> None:
    # The meeting's title is printed "var­hais­kas­va­tus­suun­ni­tel­mien"; Pagefind indexes it whole too.
    page = phone.open("/search/?q=varhaiskasvatussuunnitelmien")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=30_000)
    hrefs = page.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.href)")
    assert any("/meetings/2022-spring-helsinki-paikalliset-vasut/" in href for href in hrefs), hrefs
