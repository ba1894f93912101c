"""Fixtures of the browser tests: a strict build of the site, a local server, Debian's Chromium, axe-core.

The site is built once per session with ``mkdocs build --strict`` into a temporary folder and served by a
``http.server`` thread on 127.0.0.1 (a free port). Playwright drives Debian's Chromium
(``/usr/bin/chromium``); no browser is ever downloaded. A missing Chromium fails the tests with the
command that installs it, never skips them. Every page records the requests it makes, so a test can prove
that the site asks nothing of another host.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("KAIKKI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


# ---------------------------------------------------------------------------------------------------
# Building and serving


def build_site(source: Path, out: Path) -> Path:
    """Runs ``mkdocs build --strict`` of the repository at ``source`` into ``out``; fails with its log."""
    if not (source / "mkdocs.yml").is_file():
        pytest.fail(f"{source}/mkdocs.yml is missing: the site cannot be built")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    command = [str(mkdocs), "build", "--strict", "--site-dir", str(out)]
    result = subprocess.run(command, cwd=source, capture_output=True, text=True, timeout=900, check=False)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed in {source}:\n{result.stdout}\n{result.stderr}")
    return out


def copy_repository(dest: Path) -> Path:
    """Copies what a build reads (``mkdocs.yml``, ``docs/``, ``materials/``) to ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml",):
        shutil.copyfile(ROOT / name, dest / name)
    for name in ("docs", "materials", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name, symlinks=True)
    return dest


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the base class declares it as a class attribute
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".json": "application/json",
        ".pagefind": "application/octet-stream",
        ".pf_meta": "application/octet-stream",
        ".pf_index": "application/octet-stream",
        ".pf_fragment": "application/octet-stream",
        ".pf_filter": "application/octet-stream",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass(slots=True)
class Server:
    """A site served on 127.0.0.1."""

    root: Path
    base_url: str
    _httpd: ThreadingHTTPServer
    _thread: threading.Thread

    def url(self, path: str = "/") -> str:
        return self.base_url + "/" + path.lstrip("/")

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def serve(root: Path) -> Server:
    """Serves ``root`` over HTTP on 127.0.0.1 on a free port, in a daemon thread."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, name=f"http-{root.name}", daemon=True)
    thread.start()
    port = httpd.server_address[1]
    return Server(root, f"http://127.0.0.1:{port}", httpd, thread)


# ---------------------------------------------------------------------------------------------------
# Browser, request recorder, axe


@dataclass(slots=True)
class RequestLog:
    """Every URL the pages of a browser context asked for."""

    urls: list[str] = field(default_factory=list)

    def record(self, request: Any) -> None:
        self.urls.append(request.url)

    def foreign(self) -> list[str]:
        """Requests to any host but 127.0.0.1 (``data:`` and ``blob:`` URLs are local by nature)."""
        out = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname != "127.0.0.1":
                out.append(url)
        return out

    def assert_local_only(self) -> None:
        foreign = self.foreign()
        assert not foreign, "requests to other hosts:\n" + "\n".join(sorted(set(foreign)))


def blocking_violations(page: Any) -> list[dict[str, Any]]:
    """Runs axe-core on the page and returns the serious and critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response.get("violations", []) if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict[str, Any]], where: str) -> str:
    lines = [f"axe-core: {len(violations)} serious or critical violation(s) on {where}"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation.get("nodes", [])[:5]:
            target = ", ".join(map(str, node.get("target", [])))
            summary = str(node.get("failureSummary", "")).replace("\n", " ")
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


def assert_accessible(page: Any, where: str) -> None:
    """Fails with every serious or critical axe-core violation of the page, printed."""
    violations = blocking_violations(page)
    assert not violations, describe_violations(violations, where)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}. The browser tests need Debian's Chromium: run "
            "`make chromium` (apt-get install chromium) or `make test`, which installs it. "
            "Playwright never downloads one."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield instance
        instance.close()


@dataclass(slots=True)
class Visit:
    """A browser context with its request log, and the server it reads from."""

    context: Any
    server: Server
    requests: RequestLog

    def open(self, path: str) -> Any:
        page = self.context.new_page()
        response = page.goto(self.server.url(path), wait_until="networkidle")
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '-'}"
        return page


def _visit(browser: Any, server: Server) -> Iterator[Visit]:
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    log = RequestLog()
    context.on("request", lambda request: log.record(request))
    try:
        yield Visit(context, server, log)
    finally:
        context.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The repository's own site, built strictly once and served."""
    out = build_site(ROOT, tmp_path_factory.mktemp("site") / "site")
    server = serve(out)
    yield server
    server.close()


MISSING_TWIN = "materials/practices/alueellinen-ohjausryhma"
"""The bundle whose Swedish file the fallback fixture deletes."""


@pytest.fixture(scope="session")
def fallback_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A copy of the repository with one Swedish twin deleted, built and served."""
    repo = copy_repository(tmp_path_factory.mktemp("fallback") / "repo")
    (repo / MISSING_TWIN / "index.sv.md").unlink()
    out = build_site(repo, repo / "site")
    server = serve(out)
    yield server
    server.close()


@pytest.fixture
def visit(browser: Any, site: Server) -> Iterator[Visit]:
    yield from _visit(browser, site)


@pytest.fixture
def fallback_visit(browser: Any, fallback_site: Server) -> Iterator[Visit]:
    yield from _visit(browser, fallback_site)
