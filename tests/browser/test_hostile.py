"""A reader opens every page type of a site built from hostile values: nothing runs, nothing leaves.

The fixture (tests/hostile.py) holds markup, attribute breakouts, script URLs, remote images and raw HTML
in every free-text field and body of a practice, a tool, a meeting and a network, in both languages; the
site is built with the checks off, so only escaping and sanitising stand between the values and the
reader. In Debian's Chromium, with every request to another host recorded and aborted, each page must
open no dialog, make no such request and raise no Content-Security-Policy violation.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

import hostile

from .conftest import ROOT, Server, build_site, serve

pytestmark = pytest.mark.browser

PAGES = [
    "",
    *[f"{key}/" for key in hostile.CARDS],
    "practices/",
    "tools/",
    "meetings/",
    "networks/",
    "municipalities/",
    "municipalities/liperi/",
    "themes/inclusive-culture/",
    "untranslated/",
    "search/?q=leikki",
]

# Recorded before any script of the page runs.
_RECORD_VIOLATIONS = """
window.__kaikkiViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__kaikkiViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("hostile-browser")
    shutil.copyfile(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    (root / "materials").mkdir()
    for name in ("vocabulary.yml", "municipalities.csv"):
        shutil.copyfile(ROOT / "materials" / name, root / "materials" / name)
    hostile.write_hostile_materials(root)
    server = serve(build_site(root, root / "site"))
    yield server
    server.close()


@pytest.mark.parametrize("lang_dir", ["", "sv/"])
def test_hostile_values_run_nothing_and_load_nothing(
    browser: Any, hostile_server: Server, lang_dir: str
) -> None:
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    foreign: list[str] = []
    dialogs: list[str] = []

    def route(route: Any) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            foreign.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", route)
    context.add_init_script(_RECORD_VIOLATIONS)
    try:
        for path in PAGES:
            page = context.new_page()
            page.on(
                "dialog",
                lambda dialog, path=path: (dialogs.append(f"{path}: {dialog.message}"), dialog.dismiss()),
            )
            response = page.goto(hostile_server.url(lang_dir + path), wait_until="networkidle")
            assert response is not None and response.ok, (
                f"{lang_dir}{path}: HTTP {response and response.status}"
            )
            if path.startswith("search/"):
                page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
            # Hover and focus everything a handler could sit on, then let timers run.
            for element in page.query_selector_all(".md-content a, .md-content img, .md-content dd")[:60]:
                element.dispatch_event("mouseover")
            page.wait_for_timeout(200)
            violations = page.evaluate("window.__kaikkiViolations")
            assert not violations, f"{lang_dir}{path}: CSP violations {violations}"
            page.close()
    finally:
        context.close()
    assert not dialogs, "dialogs opened:\n" + "\n".join(dialogs)
    assert not foreign, "requests to other hosts:\n" + "\n".join(sorted(set(foreign)))
