"""The Content-Security-Policy the post-build audit writes into every page, in Debian's Chromium: the site
works under it (no ``securitypolicyviolation`` on the home page, a card, listings or a search with results,
in both languages, on a wide and a phone screen), and it is in force (an injected handler, inline script
or remote image is refused and reported).

The repository's site is built once (``conftest.site``); the table test builds a copy of the repository
with an aligned table in one card, whose ``style`` attributes are allowed by hash alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import Server, Visit, build_site, copy_repository, serve

pytestmark = pytest.mark.browser

# Recorded from before the first script of each page runs.
_RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""

CARD = "practices/kunnalliset-tukitiimit/"
PAGES = ["", CARD, "practices/", "tools/", "municipalities/", "networks/"]


@pytest.fixture
def csp_visit(visit: Visit) -> Visit:
    visit.context.add_init_script(_RECORD_VIOLATIONS)
    return visit


def _open(visit: Visit, path: str) -> Any:
    page = visit.open(path)
    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert policy and "default-src 'self'" in policy, f"{path}: no policy"
    # The policy comes before every script of the page: a policy in a <meta> covers only what follows.
    first = page.evaluate(
        """() => [...document.head.children].findIndex(
             e => e.tagName === 'SCRIPT' || e.getAttribute('http-equiv') === 'Content-Security-Policy')"""
    )
    assert page.evaluate(f"document.head.children[{first}].tagName") == "META", path
    return page


def _violations(page: Any) -> list[str]:
    page.wait_for_timeout(200)
    return list(page.evaluate("window.__violations"))


@pytest.mark.parametrize("lang_dir", ["", "sv/"])
@pytest.mark.parametrize("width", [1280, 360])
def test_pages_raise_no_policy_violation(csp_visit: Visit, lang_dir: str, width: int) -> None:
    for path in PAGES:
        page = _open(csp_visit, lang_dir + path)
        page.set_viewport_size({"width": width, "height": 800})
        page.mouse.wheel(0, 2000)
        if width < 700 and page.is_visible("label[for='__drawer']"):
            page.click("label[for='__drawer']")  # the navigation drawer draws its icons from data: SVGs
        page.wait_for_timeout(300)
        assert _violations(page) == [], f"{lang_dir}{path}"
        page.close()
    csp_visit.requests.assert_local_only()


@pytest.mark.parametrize(("lang_dir", "query"), [("", "tukitiimi"), ("sv/", "stödteam")])
def test_search_works_under_the_policy(csp_visit: Visit, lang_dir: str, query: str) -> None:
    page = _open(csp_visit, f"{lang_dir}search/?q={query}")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=30_000)
    page.wait_for_load_state("networkidle")
    hrefs = page.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.href)")
    assert any(CARD in href for href in hrefs), hrefs
    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert "'wasm-unsafe-eval'" in policy
    assert _violations(page) == []
    # Searching again from Pagefind's own field works too.
    page.fill(".pagefind-ui__search-input", "leikki" if not lang_dir else "lek")
    page.wait_for_timeout(1500)
    assert _violations(page) == []
    csp_visit.requests.assert_local_only()


def test_the_policy_is_in_force(csp_visit: Visit) -> None:
    page = _open(csp_visit, CARD)
    assert _violations(page) == []
    page.evaluate(
        """() => {
          window.__ran = [];
          document.body.insertAdjacentHTML('beforeend',
            '<img src="x.png" onerror="window.__ran.push(\\'handler\\')">');
          const script = document.createElement('script');
          script.textContent = "window.__ran.push('inline')";
          document.body.append(script);
          const image = document.createElement('img');
          image.src = 'https://tracker.example/p.gif';
          document.body.append(image);
        }"""
    )
    page.wait_for_timeout(500)
    assert page.evaluate("window.__ran") == []
    seen = _violations(page)
    found = " | ".join(seen)
    assert "script-src-attr" in found and "script-src-elem" in found
    assert "img-src https://tracker.example/p.gif" in found
    # Even the theme's own inline snippet runs only with its exact text: a changed copy is refused.
    page.evaluate(
        """() => {
          const script = document.createElement('script');
          script.textContent = document.querySelector('script:not([src]):not([type])').textContent + ';1';
          document.body.append(script);
        }"""
    )
    assert len(_violations(page)) == len(seen) + 1


@pytest.fixture(scope="module")
def table_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A copy of the repository with an aligned Markdown table in one card."""
    repo = copy_repository(tmp_path_factory.mktemp("csp-table") / "repo")
    card = repo / "materials" / CARD / "index.fi.md"
    table = "\n\n| Vaihe | Kesto |\n| :--- | ---: |\n| Aloitus | 2 viikkoa |\n"
    card.write_text(card.read_text(encoding="utf-8") + table, encoding="utf-8")
    server = serve(build_site(repo, repo / "site"))
    yield server
    server.close()


def test_a_tables_alignment_applies_under_the_policy(browser: Any, table_site: Server) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(_RECORD_VIOLATIONS)
    try:
        page = context.new_page()
        page.goto(table_site.url(CARD), wait_until="networkidle")
        cells = page.query_selector_all(".kaikki-table__table td")
        assert cells, "no table"
        assert cells[1].get_attribute("style") and "right" in cells[1].get_attribute("style")
        assert page.evaluate("(td) => getComputedStyle(td).textAlign", cells[1]) == "right"
        assert _violations(page) == []
    finally:
        context.close()
