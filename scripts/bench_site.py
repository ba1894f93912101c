"""What building the site costs at national scale, beside plain Material + static-i18n: prints figures only.

    python scripts/bench_site.py [--bundles 300,1000,3000] [--seed 1] [--keep DIR] [--no-plain]

For each size, generates a synthetic repository with attachments (``scripts/synthetic.py``) and measures:

- the project's site (this repository's ``mkdocs.yml``, ``docs/`` and plugins): ``mkdocs build --strict``
  wall seconds and peak memory (``ru_maxrss`` of a wrapper process's children, so Pagefind counts too),
  HTML bytes per card page (mean and max over both languages), total site size, the seconds of the steps
  after the last language build as the plugin reports them (``KAIKKI_PHASE_TIMES``: Pagefind, publishing
  and the security audit), and the bytes a first
  Pagefind query downloads in headless Chromium against a local server (every response recorded:
  Pagefind's UI script and style, ``pagefind.js``, the WebAssembly, the entry, meta, index and fragment
  chunks);
- the same content as ordinary pages of plain mkdocs-material + mkdocs-static-i18n with Material's search
  (``docs/<collection>/<slug>/index.md`` and ``index.sv.md``, front matter stripped, cards out of the
  navigation, every other option the plugins' defaults): build seconds, peak memory, bytes per card page,
  total size, and the size of ``search/search_index.json`` (raw and gzipped) that Material's search
  downloads before its first result.

The audit runs mostly beside other work (the default language's pages while static-i18n builds the next
language, the rest while Pagefind indexes), so it is reported twice: the wall seconds the build waits for
its last pass, with their share of the build, and its processor seconds (the early audits' processes
included) as a share of the build's processor seconds, which is what it would add on one core.

Several sizes show whether the build grows linearly. Issue 3's targets: linear build time, card pages
under 60 KB of HTML, a first search under 500 KB transferred at 3,000 cards. Issue 8's: the audit under 5 %
of the build at 3,000 cards. Issue 11's: the facet index (``search/facets.json``, raw and gzipped) and the
first filtered view of the search page (every file it loads) under 500 KB transferred at 3,000 cards.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
COLLECTIONS = ("practices", "tools", "meetings", "networks")


def load_synthetic() -> ModuleType:
    """Imports ``scripts/synthetic.py`` (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("synthetic", REPO / "scripts" / "synthetic.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------------
# Building


@dataclass(slots=True)
class Build:
    seconds: float
    peak_mb: float
    returncode: int
    log: str
    cpu_seconds: float = 0.0


_WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
result = subprocess.run(sys.argv[2:], cwd=sys.argv[1], capture_output=True, text=True)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write(result.stdout + result.stderr)
print(f"{seconds} {usage.ru_maxrss} {result.returncode} {usage.ru_utime + usage.ru_stime}")
"""


def run_build(cwd: Path, *args: str, env: dict[str, str] | None = None) -> Build:
    """Runs ``mkdocs build`` in a fresh wrapper process, so that ``RUSAGE_CHILDREN`` is this build's alone."""
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(cwd), mkdocs, "build", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    seconds, peak_kb, code, cpu = result.stdout.split()
    return Build(float(seconds), int(peak_kb) / 1024, int(code), result.stderr, float(cpu))


def run_pagefind(site: Path, output: Path) -> Build:
    """Runs Pagefind's indexing of a built site into ``output``, measured like a build."""
    shutil.rmtree(output, ignore_errors=True)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _WRAPPER,
            str(site),
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--output-path",
            str(output),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds, peak_kb, code, cpu = result.stdout.split()
    shutil.rmtree(output, ignore_errors=True)
    return Build(float(seconds), int(peak_kb) / 1024, int(code), result.stderr, float(cpu))


def card_pages(site: Path, keys: list[str]) -> list[Path]:
    pages = []
    for key in keys:
        for prefix in ("", "sv/"):
            page = site / prefix / key / "index.html"
            if page.is_file():
                pages.append(page)
    return pages


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def make_plain(repo: Path, plain: Path) -> None:
    """The repository's cards as ordinary pages of a plain Material + static-i18n site."""
    docs = plain / "docs"
    shutil.rmtree(plain, ignore_errors=True)
    docs.mkdir(parents=True)
    for lang, suffix in (("fi", "md"), ("sv", "sv.md")):
        title = "Käytäntökirjasto" if lang == "fi" else "Praxisbibliotek"
        (docs / f"index.{suffix}").write_text(f"# {title}\n\n{title}.\n", encoding="utf-8")
    for folder in sorted((repo / "materials").glob("*/*")):
        if not folder.is_dir():
            continue
        target = docs / folder.parent.name / folder.name
        target.mkdir(parents=True)
        for item in folder.iterdir():
            match = re.fullmatch(r"index\.(fi|sv)\.md", item.name)
            if match is None:
                shutil.copyfile(item, target / item.name)
                continue
            text = item.read_text(encoding="utf-8")
            _, front, body = text.split("---\n", 2)
            title = re.search(r"^title: (.*)$", front, re.MULTILINE)
            heading = title.group(1).strip().strip("\"'") if title else folder.name
            name = "index.md" if match.group(1) == "fi" else "index.sv.md"
            (target / name).write_text(f"# {heading}\n{body}", encoding="utf-8")
    (plain / "mkdocs.yml").write_text(
        "site_name: Käytäntökirjasto\n"
        "theme:\n  name: material\n  language: fi\n  font: false\n"
        "nav:\n  - index.md\n"
        "plugins:\n"
        "  - search\n"
        "  - i18n:\n"
        "      docs_structure: suffix\n"
        "      languages:\n"
        "        - locale: fi\n          default: true\n          name: Suomi\n          build: true\n"
        "        - locale: sv\n          name: Svenska\n          build: true\n",
        encoding="utf-8",
    )


# ---------------------------------------------------------------------------------------------------
# Serving and measuring a first query


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the base class declares it so
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serves ``root`` on 127.0.0.1 on a free port; yields the base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass(slots=True)
class Transfer:
    """Bytes of the responses a page load or a query fetched, by URL."""

    sizes: dict[str, int] = field(default_factory=dict)
    gzipped: dict[str, int] = field(default_factory=dict)

    def total(self, part: str = "") -> int:
        return sum(size for url, size in self.sizes.items() if part in url)

    def total_gzipped(self, part: str = "") -> int:
        return sum(size for url, size in self.gzipped.items() if part in url)


def _record(requests: list[Any]) -> Transfer:
    transfer = Transfer()
    for request in requests:
        response = request.response()
        if response is None:
            continue
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            continue
        transfer.sizes[request.url] = len(body)
        transfer.gzipped[request.url] = len(gzip.compress(body, 6))
    return transfer


def pagefind_first_query(browser: Any, base: str, query: str, lang: str = "fi") -> Transfer:
    """Opens the search page of ``lang``, runs ``query`` in Pagefind's UI; returns what the query fetched."""
    context = browser.new_context()
    page = context.new_page()
    prefix = "" if lang == "fi" else f"{lang}/"
    page.goto(f"{base}/{prefix}search/", wait_until="networkidle")
    requests: list[Any] = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.fill(".pagefind-ui__search-input", query)
    page.wait_for_selector(".pagefind-ui__result-link", timeout=30_000)
    page.wait_for_load_state("networkidle")
    loaded = _record(requests)
    context.close()
    # The page's own first load also fetched Pagefind's UI (script and style): count them as search bytes.
    context = browser.new_context()
    page = context.new_page()
    page_requests: list[Any] = []
    page.on("requestfinished", lambda request: page_requests.append(request))
    page.goto(f"{base}/{prefix}search/", wait_until="networkidle")
    first_load = _record(page_requests)
    for url, size in first_load.sizes.items():
        if "/pagefind/" in url:
            loaded.sizes.setdefault(url, size)
            loaded.gzipped.setdefault(url, first_load.gzipped[url])
    context.close()
    return loaded


def facet_first_view(browser: Any, base: str, site: Path) -> Transfer:
    """Opens the search page filtered by two facets (a theme and a municipality some card names), as a
    shared address would, in a fresh context; returns every response of that first filtered view."""
    data = json.loads((site / "search" / "facets.json").read_text(encoding="utf-8"))
    facets = {facet["key"]: facet for facet in data["facets"]}
    theme = facets["theme"]["values"][0][0]
    place = facets["municipality"]["values"][0][0]
    context = browser.new_context()
    page = context.new_page()
    requests: list[Any] = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(f"{base}/search/?theme={theme}&municipality={place}", wait_until="networkidle")
    page.wait_for_selector(".kaikki-browse__status:not(:empty)", timeout=30_000)
    loaded = _record(requests)
    context.close()
    return loaded


# ---------------------------------------------------------------------------------------------------


def _kb(size: float) -> str:
    return f"{size / 1024:,.1f} KB"


def measure(size: int, work: Path, seed: int, plain: bool, browser: Any | None) -> dict[str, Any]:
    synthetic = load_synthetic()
    repo = work / f"repo-{size}"
    shutil.rmtree(repo, ignore_errors=True)
    synthetic.generate(repo, size, seed=seed, attachments=True, copy_site=True)
    keys = sorted(f"{p.parent.name}/{p.name}" for p in (repo / "materials").glob("*/*") if p.is_dir())
    row: dict[str, Any] = {"bundles": size}

    phases = work / f"phases-{size}.json"
    phases.unlink(missing_ok=True)
    build = run_build(
        repo, "--strict", "--site-dir", str(repo / "site"), env={"KAIKKI_PHASE_TIMES": str(phases)}
    )
    row["kaikki"] = _site_figures(build, repo / "site", keys)
    if build.returncode == 0 and phases.is_file():
        # Seconds of the audit, Pagefind and publishing inside this build, as the plugin timed them.
        times = json.loads(phases.read_text(encoding="utf-8"))
        row["kaikki"]["phases"] = times
        row["kaikki"]["audit_s"] = times.get("audit", 0.0)
        row["kaikki"]["audit_share"] = times.get("audit", 0.0) / build.seconds
        # Processor time as well: on a machine busy with other work, wall shares move with the load.
        row["kaikki"]["cpu_s"] = build.cpu_seconds
        row["kaikki"]["audit_cpu_s"] = times.get("audit_cpu", 0.0)
        row["kaikki"]["audit_cpu_share"] = times.get("audit_cpu", 0.0) / build.cpu_seconds
    if build.returncode == 0 and (repo / "site" / "pagefind").is_dir():
        # Pagefind alone, again, into a scratch folder: how much of the build and its memory is indexing.
        alone = run_pagefind(repo / "site", work / f"pagefind-{size}")
        row["kaikki"]["pagefind_s"], row["kaikki"]["pagefind_peak_mb"] = alone.seconds, alone.peak_mb
    facets = repo / "site" / "search" / "facets.json"
    if build.returncode == 0 and facets.is_file():
        data = facets.read_bytes()
        row["kaikki"]["facets_bytes"] = len(data)
        row["kaikki"]["facets_gzip"] = len(gzip.compress(data, 6))
    if build.returncode == 0 and browser is not None and facets.is_file():
        with serve(repo / "site") as base:
            view = facet_first_view(browser, base, repo / "site")
        row["kaikki"]["facet_view_bytes"] = view.total()
        row["kaikki"]["facet_view_gzip"] = view.total_gzipped()
    if build.returncode == 0 and browser is not None and (repo / "site" / "pagefind").is_dir():
        with serve(repo / "site") as base:
            transfer = pagefind_first_query(browser, base, "tukitiimin")
        row["kaikki"]["search_bytes"] = transfer.total("/pagefind/")
        row["kaikki"]["search_gzip"] = transfer.total_gzipped("/pagefind/")
        row["kaikki"]["search_files"] = {
            url.split("/pagefind/")[-1]: n for url, n in transfer.sizes.items() if "/pagefind/" in url
        }
    if plain:
        plain_dir = work / f"plain-{size}"
        make_plain(repo, plain_dir)
        build = run_build(plain_dir, "--site-dir", str(plain_dir / "site"))
        row["plain"] = _site_figures(build, plain_dir / "site", keys)
        index = plain_dir / "site" / "search" / "search_index.json"
        if index.is_file():
            data = index.read_bytes()
            row["plain"]["search_bytes"] = len(data)
            row["plain"]["search_gzip"] = len(gzip.compress(data, 6))
            docs = json.loads(data)["docs"]
            row["plain"]["search_docs"] = len(docs)
    return row


def _site_figures(build: Build, site: Path, keys: list[str]) -> dict[str, Any]:
    figures: dict[str, Any] = {"seconds": build.seconds, "peak_mb": build.peak_mb}
    figures["ok"] = build.returncode == 0
    if build.returncode != 0:
        figures["log"] = build.log[-3000:]
        return figures
    pages = [p.stat().st_size for p in card_pages(site, keys)]
    figures["card_pages"] = len(pages)
    figures["card_mean"] = sum(pages) / len(pages) if pages else 0
    figures["card_max"] = max(pages) if pages else 0
    figures["site_bytes"] = tree_bytes(site)
    return figures


def report(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| bundles | site | build s | s per 1,000 bundles | peak MB | of which Pagefind alone "
        "| audit s (share; CPU share) | card pages | card HTML mean | card HTML max | site size "
        "| first query |",
        "| ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        for name, label in (("kaikki", "this project"), ("plain", "plain Material + i18n")):
            f = row.get(name)
            if not f:
                continue
            if not f["ok"]:
                lines.append(
                    f"| {row['bundles']} | {label} | {f['seconds']:.1f} (FAILED) | | | | | | | | | |"
                )
                continue
            if name == "kaikki":
                search = (
                    f"{_kb(f['search_bytes'])} Pagefind, all files ({_kb(f['search_gzip'])} gzipped)"
                    if "search_bytes" in f
                    else "-"
                )
            else:
                search = (
                    f"{_kb(f['search_bytes'])} lunr index ({_kb(f['search_gzip'])} gzipped)"
                    if "search_bytes" in f
                    else "-"
                )
            per = f["seconds"] / row["bundles"] * 1000
            alone = f"{f['pagefind_s']:.1f} s, {f['pagefind_peak_mb']:.0f} MB" if "pagefind_s" in f else "-"
            audit = (
                f"{f['audit_s']:.1f} ({f['audit_share']:.1%}; "
                f"{f['audit_cpu_share']:.1%} of {f['cpu_s']:.0f} CPU s)"
                if "audit_s" in f
                else "-"
            )
            lines.append(
                f"| {row['bundles']} | {label} | {f['seconds']:.1f} | {per:.1f} | {f['peak_mb']:.0f} "
                f"| {alone} | {audit} "
                f"| {f['card_pages']} | {_kb(f['card_mean'])} | {_kb(f['card_max'])} "
                f"| {f['site_bytes'] / 1024 / 1024:,.1f} MB | {search} |"
            )
    for row in rows:
        f = row.get("kaikki") or {}
        if "facets_gzip" in f:
            lines.append("")
            lines.append(
                f"Facet index at {row['bundles']} bundles: {_kb(f['facets_bytes'])} "
                f"({_kb(f['facets_gzip'])} gzipped) per language"
                + (
                    f"; first filtered view (search page with a theme and a municipality, every file): "
                    f"{_kb(f['facet_view_bytes'])} ({_kb(f['facet_view_gzip'])} gzipped)"
                    if "facet_view_gzip" in f
                    else ""
                )
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--bundles", default="3000", help="comma-separated sizes (default 3000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain Material comparison")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-query measurement")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.bundles.split(",") if s.strip()]

    temporary = None
    if args.keep is None:
        temporary = tempfile.TemporaryDirectory(prefix="kaikki-bench-site-")
        work = Path(temporary.name)
    else:
        work = args.keep.resolve()
        work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        with contextmanager(lambda: (yield None))() if args.no_browser else chromium() as browser:
            for size in sizes:
                start = time.perf_counter()
                row = measure(size, work, args.seed, not args.no_plain, browser)
                rows.append(row)
                print(f"--- {size} bundles ({time.perf_counter() - start:.0f} s in all)")
                print(json.dumps(row, indent=1, ensure_ascii=False, default=str))
                sys.stdout.flush()
        print()
        print(report(rows))
    finally:
        if temporary is not None:
            temporary.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
