"""Run axe-core over the built pages of the cards a pull request changes, in both languages.

The content check (``kaikki check``) reads the Markdown; what a screen-reader user meets is the built
page. This program finds the bundles changed since ``--base`` (``git diff``), builds the site with
``mkdocs build --strict`` (or takes ``--site``), serves it on 127.0.0.1, opens each changed card's
Finnish and Swedish page in Debian's Chromium and runs axe-core (axe-playwright-python) on it.

Reported, like any other problem of a card (``path: RULE message``, or ``::error`` annotations with
``--format github``): every serious or critical violation, and the structure rules a card's own
Markdown can break whatever their impact (heading order, tables without headers). ``--summary``
appends a Markdown table of the pages and their results, with a link to the preview artifact.

Usage::

    python scripts/axe_changed.py --base origin/main [--site site/] [--summary FILE]
        [--artifact-url URL] [--format text|github]

Exit 0 when every changed page passes (or nothing changed), 1 when axe reports a problem, 2 when the
pages cannot be built, served or opened.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kaikki.content.model import COLLECTIONS
from kaikki.content.model import LANGUAGES as SITE_LANGUAGES

CHROMIUM = Path(os.environ.get("KAIKKI_CHROMIUM", "/usr/bin/chromium"))
LANGUAGES = {lang: "" if lang == SITE_LANGUAGES[0] else f"{lang}/" for lang in SITE_LANGUAGES}
"""Each language's folder in the built site: the default language at the root (static-i18n)."""
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
# Rules a card's own Markdown can break, reported whatever impact axe gives them (heading-order is
# "moderate", empty-table-header "minor", yet both leave a screen-reader user lost in the card).
CARD_STRUCTURE_RULES = frozenset(
    {
        "heading-order",
        "empty-heading",
        "empty-table-header",
        "th-has-data-cells",
        "td-has-header",
        "td-headers-attr",
        "table-duplicate-name",
        "list",
        "listitem",
        "image-alt",
        "link-name",
    }
)
TEXTS = {
    "fi": {
        "heading": "Saavutettavuus: muuttuneiden korttien sivut (axe-core)",
        "page": "sivu",
        "result": "tulos",
        "ok": "ei ongelmia",
        "preview": "Koko sivuston esikatselu (lataa, pura ja avaa index.html)",
        "none": "Pull request ei muuta yhtään korttia.",
    },
    "sv": {
        "heading": "Tillgänglighet: sidorna för ändrade kort (axe-core)",
        "page": "sida",
        "result": "resultat",
        "ok": "inga problem",
        "preview": "Förhandsvisning av hela webbplatsen (ladda ner, packa upp och öppna index.html)",
        "none": "Pull requesten ändrar inga kort.",
    },
}


@dataclass(frozen=True)
class Page:
    bundle: str  # practices/slug
    lang: str

    @property
    def path(self) -> str:
        return f"/{LANGUAGES[self.lang]}{self.bundle}/"

    @property
    def source(self) -> str:
        return f"materials/{self.bundle}/index.{self.lang}.md"


@dataclass
class Finding:
    page: Page
    rule: str
    impact: str
    help: str
    targets: list[str] = field(default_factory=list)


def changed_bundles(root: Path, base: str) -> list[str]:
    """Bundles (``collection/slug``) with a file added or changed since ``base``; removed ones skipped."""
    result = subprocess.run(
        ["git", "diff", "--name-only", "--diff-filter=d", f"{base}...HEAD", "--", "materials/"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    bundles: set[str] = set()
    for name in result.stdout.split():
        parts = name.split("/")
        if len(parts) >= 4 and parts[1] in COLLECTIONS:
            bundles.add(f"{parts[1]}/{parts[2]}")
    return sorted(bundles)


def reportable(violation: dict[str, Any]) -> bool:
    return violation.get("impact") in BLOCKING_IMPACTS or violation.get("id") in CARD_STRUCTURE_RULES


def build(root: Path, out: Path) -> None:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    command = [str(mkdocs), "build", "--strict", "--site-dir", str(out)]
    subprocess.run(command, cwd=root, check=True)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def audit(site: Path, pages: list[Page]) -> list[Finding]:
    """axe-core's reportable violations on each page that exists in the built ``site``."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    findings: list[Finding] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"], headless=True
            )
            context = browser.new_context()
            # Only the local site: a page must not reach another host, and a test must not either.
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(base) or route.request.url.startswith("data:")
                    else route.abort()
                ),
            )
            for page in pages:
                tab = context.new_page()
                tab.goto(base + page.path, wait_until="load")
                results = Axe().run(tab)
                for violation in results.response.get("violations", []):
                    if reportable(violation):
                        findings.append(
                            Finding(
                                page,
                                violation["id"],
                                str(violation.get("impact")),
                                violation["help"],
                                [", ".join(map(str, node.get("target", []))) for node in violation["nodes"]],
                            )
                        )
                tab.close()
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return findings


def format_finding(finding: Finding, style: str) -> str:
    where = "; ".join(finding.targets[:3])
    message = f"axe {finding.rule} ({finding.impact}) {finding.page.path}: {finding.help} [{where}]"
    if style == "github":
        clean = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={finding.page.source},title=axe {finding.rule}::{clean}"
    return f"{finding.page.source}: {message}"


def summary(pages: list[Page], findings: list[Finding], artifact_url: str) -> str:
    lines: list[str] = []
    for lang in LANGUAGES:
        t = TEXTS[lang]
        lines += [f"## {t['heading']}", ""]
        if not pages:
            lines += [t["none"], ""]
            continue
        lines += [f"| {t['page']} | {t['result']} |", "| --- | --- |"]
        for page in pages:
            found = [f for f in findings if f.page == page]
            result = "; ".join(f"`{f.rule}` {f.help}" for f in found) if found else f"✅ {t['ok']}"
            lines.append(f"| `{page.path}` ({page.source}) | {result.replace('|', '¦')} |")
        if artifact_url:
            lines += ["", f"[{t['preview']}]({artifact_url})"]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the branch to compare with, e.g. origin/main")
    parser.add_argument("--root", type=Path, default=Path("."), help="the repository (default: .)")
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--summary", type=Path, help="append the Markdown summary to this file")
    parser.add_argument("--artifact-url", default="", help="link to the preview artifact for the summary")
    parser.add_argument("--format", choices=("text", "github"), default="text")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        bundles = changed_bundles(root, args.base)
    except subprocess.CalledProcessError as error:
        print(f"axe_changed: git diff failed: {error.stderr}", file=sys.stderr)
        return 2
    findings: list[Finding] = []
    pages: list[Page] = []
    if bundles:
        with tempfile.TemporaryDirectory() as scratch:
            site = args.site.resolve() if args.site else Path(scratch) / "site"
            try:
                if args.site is None:
                    build(root, site)
                pages = [
                    Page(bundle, lang)
                    for bundle in bundles
                    for lang in LANGUAGES
                    if (site / Page(bundle, lang).path.strip("/") / "index.html").is_file()
                ]
                findings = audit(site, pages)
            except (subprocess.CalledProcessError, OSError) as error:
                print(f"axe_changed: {error}", file=sys.stderr)
                return 2
    for finding in findings:
        print(format_finding(finding, args.format))
    if args.summary is not None:
        with args.summary.open("a", encoding="utf-8") as handle:
            handle.write(summary(pages, findings, args.artifact_url))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
