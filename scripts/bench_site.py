"""What building the site costs at national scale, beside the bare stack in the same run: prints figures only.

    python scripts/bench_site.py [--bundles 300,1000,3000,10000] [--repeat 3] [--serve-max 1000]
                                 [--seed 1] [--keep DIR] [--json FILE] [--no-bare] [--bare-search]
                                 [--no-browser]

For each size (``--bundles``, cards, each in Finnish and Swedish), generates a synthetic repository with
attachments (``scripts/synthetic.py``) and builds it as a user does, ``--repeat`` times (1 by default), in
this order, so that the project and the bare stack alternate under the same load:

- **project, cold**: this repository's ``mkdocs.yml``, ``docs/`` and plugins, ``mkdocs build --strict``
  with no ``site/`` and no caches (``.cache/``, which holds the parse cache ``.cache/kaikki`` and any
  page cache, is emptied);
- **bare, cold**: the same Markdown as ordinary pages of mkdocs-material + mkdocs-static-i18n without
  search and without this project's plugin (``docs/<collection>/<slug>/index.md`` and ``index.sv.md``,
  front matter stripped, cards out of the navigation, every other option the plugins' defaults),
  ``mkdocs build`` with no ``site/``;
- **project, warm, no change**: the project built again, its caches and ``site/`` kept;
- **project, one card changed**: a sentence appended to one practice card's Finnish body, then built
  again with the warm caches (the bare stack's copy of the card gets the same sentence, so both stacks
  keep the same Markdown).

Then, at sizes up to ``--serve-max`` (1,000 by default; 0 skips it), **serve-edit**, alternately for the
project and the bare stack: ``mkdocs serve`` on a free localhost port; once it serves the card, a unique
sentence is appended to the card's Finnish body file and the card's page is fetched every 50 ms until the
sentence is in it: the seconds from the write (MkDocs' watcher, which polls every 0.5 s, included).
Serve is then stopped with SIGINT (Ctrl-C), and its temporary site folder (``mkdocs_*``, in a private
``TMPDIR``) must be gone: the report says when one was left behind, or when serve needed SIGTERM or SIGKILL
to stop.

For every build: wall seconds; **cores used**, the user + system CPU seconds of the build's processes divided
by its wall seconds (a process counts once it has ended and its parent has waited for it, as every helper
process of a build is); and **peak memory** twice: the largest single process (``ru_maxrss`` of the children:
Pagefind's indexing at large sizes) and the whole process tree (the sum of the PSS of the build's processes,
sampled every 0.25 s from ``/proc``, so processes running side by side, such as one per language, add up; PSS
counts a page shared by several processes once, split between them, so a small build's tree can show less than
its largest process's RSS; a peak shorter than the interval can be missed). After each project build the steps
the plugin times are read (``KAIKKI_PHASE_TIMES``: exports, Pagefind, audit, publishing, and whatever other
step it writes there). Each run is printed with the median, the ratio to the bare stack (builds against its
median cold build, serve-edit against its serve-edit), a table of every step's seconds with its share of the
cold build (for issue 10: what the exports, calendars, feeds and open data, cost), and a growth table of
milliseconds per card of every figure, so that with several sizes linearity is visible.

After the timed runs, on the project's site: HTML bytes per card page (mean and max over both languages),
total site size, Pagefind run again alone into a scratch folder (seconds and peak memory), the facet index
(``search/facets.json``, raw and gzipped), and in headless Chromium (``--no-browser`` skips it) against a
local server the bytes a first Pagefind query downloads (every response recorded: Pagefind's UI script and
style, ``pagefind.js``, the WebAssembly, the entry, meta, index and fragment chunks) and the first filtered
view of the search page (every file it loads). ``--bare-search`` also builds the bare stack once with
Material's search, for the size of ``search/search_index.json`` (raw and gzipped) that Material's search
downloads before its first result. ``--json FILE`` writes every figure (each run, the plugin's step times,
the failed builds' log tails) after each size.

The audit runs mostly beside other work (the default language's pages while static-i18n builds the next
language, the rest while Pagefind indexes): its step time is the wall seconds the build waits for its last
pass, and ``audit_cpu`` its processor seconds (the early audits' processes included), a share of the build's
processor seconds, which is what it would add on one core.

Targets. Issue 3: linear build time, card pages under 60 KB of HTML, a first search under 500 KB transferred
at 3,000 cards. Issue 8: the audit under 5 % of the build at 3,000 cards. Issue 11: the facet index and the
first filtered view under 500 KB transferred at 3,000 cards. Issue 12: at 3,000 cards the cold build at most
1.0× the bare stack's and a one-card rebuild at most 0.3×, growth linear from 300 to 10,000 cards, peak
memory at most 1 GB at 10,000; at 300 cards serve-edit at most 1 s.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import importlib.util
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
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
PHASE_TIMES_ENV = "KAIKKI_PHASE_TIMES"
POLL_SECONDS = 0.05
"""How often serve-edit fetches the card's page."""


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
    """One measured process: wall and CPU seconds, peak memory, exit code and output."""

    seconds: float
    peak_mb: float
    returncode: int
    log: str
    cpu_seconds: float = 0.0
    tree_peak_mb: float | None = None

    @property
    def cores(self) -> float:
        """Cores used on average: the CPU seconds of the process and its children per wall second."""
        return self.cpu_seconds / self.seconds if self.seconds > 0 else 0.0

    def figures(self) -> dict[str, Any]:
        """The figures of the report (and of ``--json``); a failed build keeps the end of its log."""
        figures: dict[str, Any] = {
            "ok": self.returncode == 0,
            "seconds": self.seconds,
            "cpu_s": self.cpu_seconds,
            "cores": self.cores,
            "peak_mb": self.peak_mb,
            "tree_peak_mb": self.tree_peak_mb,
        }
        if self.returncode != 0:
            figures["log"] = self.log[-3000:]
        return figures


# Runs the command given after the folder in a new process and prints one JSON line: its wall and CPU
# seconds, the largest ru_maxrss among its processes, the peak sum of their PSS (sampled from /proc) and
# its exit code. A wrapper process of its own, so that RUSAGE_CHILDREN counts this command alone.
_WRAPPER = r"""
import json, os, resource, subprocess, sys, threading, time

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024

def tree(root):
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as stat:
                    ppid = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found

def memory_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * PAGE_KB
    except (OSError, ValueError, IndexError):
        return 0

start = time.perf_counter()
process = subprocess.Popen(
    sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
)
peak = [0]
done = threading.Event()

def sample():
    while not done.wait(0.25):
        peak[0] = max(peak[0], sum(memory_kb(pid) for pid in tree(process.pid)))

sampler = threading.Thread(target=sample, daemon=True)
if os.path.isdir("/proc"):
    sampler.start()
log = process.communicate()[0]
seconds = time.perf_counter() - start
done.set()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write(log)
print(json.dumps({
    "seconds": seconds,
    "maxrss_kb": usage.ru_maxrss,
    "tree_kb": peak[0] or None,
    "returncode": process.returncode,
    "cpu_seconds": usage.ru_utime + usage.ru_stime,
}))
"""


def run_measured(cwd: Path, command: list[str], env: dict[str, str] | None = None) -> Build:
    """Runs ``command`` in ``cwd`` under a fresh wrapper process; measures it and its children alone."""
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(cwd), *command],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    if result.returncode != 0 or not result.stdout.strip():
        return Build(0.0, 0.0, result.returncode or 1, result.stderr)
    data = json.loads(result.stdout.strip().splitlines()[-1])
    tree = data["tree_kb"]
    return Build(
        data["seconds"],
        data["maxrss_kb"] / 1024,
        data["returncode"],
        result.stderr,
        data["cpu_seconds"],
        tree / 1024 if tree else None,
    )


def _mkdocs() -> str:
    return str(Path(sys.executable).with_name("mkdocs"))


def run_build(cwd: Path, *args: str, env: dict[str, str] | None = None) -> Build:
    """Runs ``mkdocs build`` in a fresh wrapper process, so that ``RUSAGE_CHILDREN`` is this build's alone."""
    return run_measured(cwd, [_mkdocs(), "build", *args], env)


def run_pagefind(site: Path, output: Path) -> Build:
    """Runs Pagefind's indexing of a built site into ``output``, measured like a build."""
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output)]
    build = run_measured(site, command)
    shutil.rmtree(output, ignore_errors=True)
    return build


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


def make_bare(repo: Path, target: Path, *, search: bool = False) -> None:
    """The repository's cards as ordinary pages of a Material + static-i18n site: the bare stack, or with
    ``search`` the same with Material's search plugin."""
    docs = target / "docs"
    shutil.rmtree(target, ignore_errors=True)
    docs.mkdir(parents=True)
    for lang, suffix in (("fi", "md"), ("sv", "sv.md")):
        title = "Käytäntökirjasto" if lang == "fi" else "Praxisbibliotek"
        (docs / f"index.{suffix}").write_text(f"# {title}\n\n{title}.\n", encoding="utf-8")
    for folder in sorted((repo / "materials").glob("*/*")):
        if not folder.is_dir():
            continue
        destination = docs / folder.parent.name / folder.name
        destination.mkdir(parents=True)
        for item in folder.iterdir():
            match = re.fullmatch(r"index\.(fi|sv)\.md", item.name)
            if match is None:
                shutil.copyfile(item, destination / item.name)
                continue
            text = item.read_text(encoding="utf-8")
            _, front, body = text.split("---\n", 2)
            title = re.search(r"^title: (.*)$", front, re.MULTILINE)
            heading = title.group(1).strip().strip("\"'") if title else folder.name
            name = "index.md" if match.group(1) == "fi" else "index.sv.md"
            (destination / name).write_text(f"# {heading}\n{body}", encoding="utf-8")
    (target / "mkdocs.yml").write_text(
        "site_name: Käytäntökirjasto\n"
        "theme:\n  name: material\n  language: fi\n  font: false\n"
        "nav:\n  - index.md\n"
        "plugins:\n" + ("  - search\n" if search else "") + "  - i18n:\n"
        "      docs_structure: suffix\n"
        "      languages:\n"
        "        - locale: fi\n          default: true\n          name: Suomi\n          build: true\n"
        "        - locale: sv\n          name: Svenska\n          build: true\n",
        encoding="utf-8",
    )


def make_plain(repo: Path, plain: Path) -> None:
    """The bare stack with Material's search (``scripts/search_eval.py`` compares its index)."""
    make_bare(repo, plain, search=True)


def clear_project(repo: Path) -> None:
    """Leaves the repository as a fresh clone would be: no ``site/``, no caches, no publishing leftovers."""
    for path in (repo / "site", repo / ".cache", *repo.glob(".site-*")):
        shutil.rmtree(path, ignore_errors=True)


def append_sentence(path: Path, sentence: str) -> None:
    """Appends ``sentence`` as a paragraph of its own to the end of a Markdown file's body."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{sentence}\n")


def edit_sentence(label: str) -> tuple[str, str]:
    """A Finnish sentence no card holds, and the word of it to look for in a page."""
    marker = f"mittaus{label}{secrets.token_hex(4)}"
    return f"Korttiin lisättiin mittauslause {marker} muutoksen nopeuden mittaamiseksi.", marker


# ---------------------------------------------------------------------------------------------------
# mkdocs serve: from an edit to the page that shows it


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(
    url: str, accept: Callable[[str], bool], timeout: float, process: subprocess.Popen[Any]
) -> float | None:
    """Fetches ``url`` every 50 ms until ``accept`` takes its text; the moment it did, or None when the
    process ended or ``timeout`` seconds went by."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                if accept(response.read().decode("utf-8", "replace")):
                    return time.perf_counter()
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(POLL_SECONDS)
    return None


def serve_edit(root: Path, card: str, body: Path, label: str, work: Path) -> dict[str, Any]:
    """Starts ``mkdocs serve`` in ``root``, appends a sentence to ``body`` once the card is served and
    measures the seconds until the served page of ``card`` shows it; stops serve with SIGINT."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        # Started in the background by a shell, this process ignores SIGINT, and serve would inherit that
        # and never stop on it: with a handler here, serve starts with the default (exec resets handlers).
        signal.signal(signal.SIGINT, signal.default_int_handler)
    port = free_port()
    temporary = work / "serve-tmp"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    log_path = work / f"serve-{root.name}-{label}.log"
    url = f"http://127.0.0.1:{port}/{card}/"
    figures: dict[str, Any] = {"ok": False}
    start = time.perf_counter()
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [_mkdocs(), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "TMPDIR": str(temporary)},
            start_new_session=True,
        )
    try:
        served = _wait_for(url, lambda _text: True, 3600, process)
        if served is not None:
            figures["start_s"] = served - start
            time.sleep(1.0)  # the watcher's first look at the files (it polls every 0.5 s)
            sentence, marker = edit_sentence(label)
            append_sentence(body, sentence)
            written = time.perf_counter()
            shown = _wait_for(url, lambda text: marker in text, 600, process)
            if shown is not None:
                figures["seconds"] = shown - written
                figures["ok"] = True
    finally:
        # Ctrl-C, as a contributor stops serve; a serve that does not stop is ended harder, and said so.
        for stop, wait in ((signal.SIGINT, 60), (signal.SIGTERM, 30), (signal.SIGKILL, None)):
            figures["stopped_by"] = stop.name
            process.send_signal(stop)
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        figures["exit_code"] = process.returncode
        left = sorted(path.name for path in temporary.iterdir())
        figures["temp_left"] = [name for name in left if name.startswith("mkdocs_")]
        shutil.rmtree(temporary, ignore_errors=True)
    if not figures["ok"] or figures["temp_left"] or figures["stopped_by"] != "SIGINT":
        figures["log"] = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
    return figures


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

# Measuring one size

RUNS = (
    ("project_cold", "project, cold"),
    ("bare_cold", "bare stack, cold"),
    ("project_warm", "project, warm, no change"),
    ("project_one_card", "project, one card changed"),
    ("project_serve_edit", "project, serve: edit to page"),
    ("bare_serve_edit", "bare stack, serve: edit to page"),
    ("bare_search", "bare stack + Material's search, cold"),
)
LABELS = dict(RUNS)


@dataclass(slots=True)
class Options:
    seed: int = 1
    repeat: int = 1
    serve_max: int = 1000
    bare: bool = True
    bare_search: bool = False


def _kb(size: float) -> str:
    return f"{size / 1024:,.1f} KB"


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _progress(size: int, name: str, result: dict[str, Any]) -> None:
    text = f"{result['seconds']:.2f} s" if "seconds" in result else "-"
    if "cores" in result:
        text += (
            f", {result['cores']:.2f} cores, {_mb(result['peak_mb'])} MB largest process, "
            f"{_mb(result['tree_peak_mb'])} MB process tree"
        )
    if result.get("stopped_by", "SIGINT") != "SIGINT":
        text += f", did not stop on SIGINT ({result['stopped_by']} needed)"
    if result.get("temp_left"):
        text += ", temporary folder left behind"
    if not result.get("ok"):
        text += ", FAILED"
    print(f"  {size} cards · {LABELS[name]}: {text}", flush=True)
    if result.get("log"):
        # The end of a failed run's log, indented, so that a failure is understood without --json.
        print("\n".join(f"    | {line}" for line in result["log"].strip().splitlines()[-12:]), flush=True)


def project_build(repo: Path, work: Path) -> dict[str, Any]:
    """``mkdocs build --strict`` of the project; its figures with the steps the plugin timed."""
    phases = work / "phases.json"
    phases.unlink(missing_ok=True)
    site = str(repo / "site")
    build = run_build(repo, "--strict", "--site-dir", site, env={PHASE_TIMES_ENV: str(phases)})
    figures = build.figures()
    if build.returncode == 0 and phases.is_file():
        figures["phases"] = json.loads(phases.read_text(encoding="utf-8"))
    return figures


def site_figures(site: Path, keys: list[str]) -> dict[str, Any]:
    pages = [p.stat().st_size for p in card_pages(site, keys)]
    return {
        "card_pages": len(pages),
        "card_mean": sum(pages) / len(pages) if pages else 0,
        "card_max": max(pages) if pages else 0,
        "site_bytes": tree_bytes(site),
    }


def measure(size: int, work: Path, options: Options, browser: Any | None) -> dict[str, Any]:
    synthetic = load_synthetic()
    repo = work / f"repo-{size}"
    shutil.rmtree(repo, ignore_errors=True)
    start = time.perf_counter()
    synthetic.generate(repo, size, seed=options.seed, attachments=True, copy_site=True)
    keys = sorted(f"{p.parent.name}/{p.name}" for p in (repo / "materials").glob("*/*") if p.is_dir())
    practices = [key for key in keys if key.startswith("practices/")]
    card = practices[len(practices) // 2]
    row: dict[str, Any] = {
        "bundles": size,
        "card": card,
        "generate_s": time.perf_counter() - start,
        "runs": {},
    }
    runs: dict[str, list[dict[str, Any]]] = row["runs"]

    def record(name: str, result: dict[str, Any]) -> None:
        runs.setdefault(name, []).append(result)
        _progress(size, name, result)

    bare = work / f"bare-{size}" if options.bare else None
    if bare is not None:
        make_bare(repo, bare)
    body = repo / "materials" / card / "index.fi.md"
    bare_body = bare / "docs" / card / "index.md" if bare is not None else None
    for index in range(options.repeat):
        clear_project(repo)
        record("project_cold", project_build(repo, work))
        if bare is not None:
            shutil.rmtree(bare / "site", ignore_errors=True)
            record("bare_cold", run_build(bare, "--site-dir", str(bare / "site")).figures())
        record("project_warm", project_build(repo, work))
        sentence, _ = edit_sentence(f"build{index}")
        append_sentence(body, sentence)
        if bare_body is not None:
            append_sentence(bare_body, sentence)
        record("project_one_card", project_build(repo, work))
    if size <= options.serve_max:
        for index in range(options.repeat):
            record("project_serve_edit", serve_edit(repo, card, body, f"serve{index}", work))
            if bare is not None and bare_body is not None:
                record("bare_serve_edit", serve_edit(bare, card, bare_body, f"serve{index}", work))

    # The site on disk is the last project build's, whichever of them succeeded last.
    site = repo / "site"
    if (site / "index.html").is_file():
        figures = row["project_site"] = site_figures(site, keys)
        if (site / "pagefind").is_dir():
            # Pagefind alone, again, into a scratch folder: how much of the build and its memory is indexing.
            alone = run_pagefind(site, work / f"pagefind-{size}")
            figures["pagefind_s"], figures["pagefind_peak_mb"] = alone.seconds, alone.peak_mb
        facets = site / "search" / "facets.json"
        if facets.is_file():
            data = facets.read_bytes()
            figures["facets_bytes"] = len(data)
            figures["facets_gzip"] = len(gzip.compress(data, 6))
            if browser is not None:
                with serve(site) as base:
                    view = facet_first_view(browser, base, site)
                figures["facet_view_bytes"] = view.total()
                figures["facet_view_gzip"] = view.total_gzipped()
        if browser is not None and (site / "pagefind").is_dir():
            with serve(site) as base:
                transfer = pagefind_first_query(browser, base, "tukitiimin")
            figures["search_bytes"] = transfer.total("/pagefind/")
            figures["search_gzip"] = transfer.total_gzipped("/pagefind/")
            figures["search_files"] = {
                url.split("/pagefind/")[-1]: n for url, n in transfer.sizes.items() if "/pagefind/" in url
            }
    if bare is not None and (bare / "site" / "index.html").is_file():
        row["bare_site"] = site_figures(bare / "site", keys)
    if options.bare_search:
        plain = work / f"plain-{size}"
        make_plain(repo, plain)
        record("bare_search", run_build(plain, "--site-dir", str(plain / "site")).figures())
        if (plain / "site" / "index.html").is_file():
            figures = row["bare_search_site"] = site_figures(plain / "site", keys)
            index_file = plain / "site" / "search" / "search_index.json"
            if index_file.is_file():
                data = index_file.read_bytes()
                figures["search_bytes"] = len(data)
                figures["search_gzip"] = len(gzip.compress(data, 6))
                figures["search_docs"] = len(json.loads(data)["docs"])
    return row


# ---------------------------------------------------------------------------------------------------
# The report


def _median(results: list[dict[str, Any]], key: str = "seconds") -> float | None:
    values = [r[key] for r in results if r.get("ok") and r.get(key) is not None]
    return statistics.median(values) if values else None


def _phase(results: list[dict[str, Any]], name: str) -> float | None:
    values = [r["phases"][name] for r in results if r.get("ok") and name in r.get("phases", {})]
    return statistics.median(values) if values else None


def _phase_names(runs: dict[str, list[dict[str, Any]]]) -> list[str]:
    names: dict[str, None] = {}
    for name in ("project_cold", "project_warm", "project_one_card"):
        for result in runs.get(name, []):
            names.update(dict.fromkeys(result.get("phases", {})))
    return list(names)


def timing_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| cards | run | median s | each run, s | × bare | cores used | peak MB, largest process "
        "| peak MB, process tree (PSS) |",
        "| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        runs = row["runs"]
        bare_build = _median(runs.get("bare_cold", []))
        bare_serve = _median(runs.get("bare_serve_edit", []))
        for name, label in RUNS:
            results = runs.get(name)
            if not results:
                continue
            median = _median(results)
            each = ", ".join(f"{r['seconds']:.2f}" if r.get("ok") else "FAILED" for r in results)
            if any(r.get("stopped_by", "SIGINT") != "SIGINT" for r in results):
                each += " (serve did not stop on SIGINT)"
            if any(r.get("temp_left") for r in results):
                each += " (serve left its temporary folder)"
            base = bare_serve if name.endswith("serve_edit") else bare_build
            ratio = f"{median / base:.2f}" if median is not None and base else "-"
            cores = _median(results, "cores")
            peaks = [r["peak_mb"] for r in results if r.get("ok") and r.get("peak_mb")]
            trees = [r["tree_peak_mb"] for r in results if r.get("ok") and r.get("tree_peak_mb")]
            lines.append(
                f"| {row['bundles']:,} | {label} | {'-' if median is None else f'{median:.2f}'} | {each} "
                f"| {ratio} | {'-' if cores is None else f'{cores:.2f}'} "
                f"| {_mb(max(peaks, default=None))} | {_mb(max(trees, default=None))} |"
            )
    return lines


def phases_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| cards | step (the plugin's timer) | cold s | share of cold build | warm s | one card s |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        runs = row["runs"]
        cold_s = _median(runs.get("project_cold", []))
        cold_cpu = _median(runs.get("project_cold", []), "cpu_s")
        for name in _phase_names(runs):
            values = [
                _phase(runs.get(run, []), name)
                for run in ("project_cold", "project_warm", "project_one_card")
            ]
            cpu = name.endswith("_cpu")
            total = cold_cpu if cpu else cold_s
            share = f"{values[0] / total:.1%}" if values[0] is not None and total else "-"
            label = f"{name} (CPU s; share of the build's CPU s)" if cpu else name
            cells = " | ".join("-" if v is None else f"{v:.2f}" for v in values)
            first, rest = cells.split(" | ", 1)
            lines.append(f"| {row['bundles']:,} | {label} | {first} | {share} | {rest} |")
    return lines


def exports_lines(rows: list[dict[str, Any]]) -> list[str]:
    """What issue 10's outputs (calendars, feeds, open data) cost, from the plugin's ``exports`` timer."""
    lines = []
    for row in rows:
        runs = row["runs"]
        cold = _phase(runs.get("project_cold", []), "exports")
        cold_s = _median(runs.get("project_cold", []))
        if cold is None or not cold_s:
            continue
        warm = _phase(runs.get("project_warm", []), "exports")
        one = _phase(runs.get("project_one_card", []), "exports")
        warm_s = "-" if warm is None else f"{warm:.2f} s"
        one_s = "-" if one is None else f"{one:.2f} s"
        lines.append(
            f"Exports (issue 10: calendars, feeds, open data) at {row['bundles']:,} cards: {cold:.2f} s of "
            f"the cold build's {cold_s:.1f} s ({cold / cold_s:.1%}); warm {warm_s}, one card changed {one_s}."
        )
    return lines


def growth_table(rows: list[dict[str, Any]]) -> list[str]:
    """Milliseconds per card of every median, one column per size: constant along a row is linear."""
    sizes = [row["bundles"] for row in rows]
    lines = [
        "| ms per card | " + " | ".join(f"{size:,}" for size in sizes) + " |",
        "| --- | " + " | ".join("---:" for _ in sizes) + " |",
    ]
    measures: list[tuple[str, Callable[[dict[str, Any]], float | None]]] = [
        (label, lambda row, name=name: _median(row["runs"].get(name, []))) for name, label in RUNS
    ]
    phases: dict[str, None] = {}
    for row in rows:
        phases.update(dict.fromkeys(n for n in _phase_names(row["runs"]) if not n.endswith("_cpu")))
    measures += [
        (f"cold build: {name}", lambda row, name=name: _phase(row["runs"].get("project_cold", []), name))
        for name in phases
    ]
    for label, value in measures:
        cells = [value(row) for row in rows]
        if all(cell is None for cell in cells):
            continue
        shown = [
            "-" if cell is None else f"{cell / row['bundles'] * 1000:.2f}"
            for cell, row in zip(cells, rows, strict=True)
        ]
        lines.append(f"| {label} | " + " | ".join(shown) + " |")
    return lines


def site_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| cards | site | card pages | card HTML mean | card HTML max | site size | Pagefind alone "
        "| first query |",
        "| ---: | --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        for key, label in (
            ("project_site", "this project"),
            ("bare_site", "bare Material + i18n"),
            ("bare_search_site", "bare + Material's search"),
        ):
            f = row.get(key)
            if not f:
                continue
            if key == "project_site":
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
            alone = f"{f['pagefind_s']:.1f} s, {f['pagefind_peak_mb']:.0f} MB" if "pagefind_s" in f else "-"
            lines.append(
                f"| {row['bundles']:,} | {label} | {f['card_pages']} | {_kb(f['card_mean'])} "
                f"| {_kb(f['card_max'])} | {f['site_bytes'] / 1024 / 1024:,.1f} MB | {alone} | {search} |"
            )
    return lines


def facet_lines(rows: list[dict[str, Any]]) -> list[str]:
    lines = []
    for row in rows:
        f = row.get("project_site") or {}
        if "facets_gzip" in f:
            lines.append(
                f"Facet index at {row['bundles']:,} cards: {_kb(f['facets_bytes'])} "
                f"({_kb(f['facets_gzip'])} gzipped) per language"
                + (
                    f"; first filtered view (search page with a theme and a municipality, every file): "
                    f"{_kb(f['facet_view_bytes'])} ({_kb(f['facet_view_gzip'])} gzipped)"
                    if "facet_view_gzip" in f
                    else ""
                )
            )
    return lines


def report(rows: list[dict[str, Any]], repeat: int = 1) -> str:
    runs = "one run each" if repeat == 1 else f"median of {repeat} runs"
    sections = [
        (
            f"Builds and serve ({runs}; project and bare stack alternating; × bare: builds against the bare "
            "stack's cold build, serve-edit against its serve-edit; cores used = CPU s / wall s)",
            timing_table(rows),
        ),
        ("Steps the plugin timed (KAIKKI_PHASE_TIMES), medians", phases_table(rows)),
        ("", exports_lines(rows)),
        ("Growth: milliseconds per card (medians)", growth_table(rows)),
        ("Pages and search (the last project build's site; the bare stack's cold build)", site_table(rows)),
        ("", facet_lines(rows)),
    ]
    parts = []
    for title, lines in sections:
        if len(lines) <= 2 and lines and lines[0].startswith("|"):
            continue  # a table with no rows
        if not lines:
            continue
        parts.append("\n".join(([title, ""] if title else []) + lines))
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog="Figures only: nothing is asserted. See the module docstring for what each figure is.",
    )
    parser.add_argument(
        "--bundles",
        default="3000",
        help="comma-separated sizes in cards, e.g. 300,1000,3000,10000 (default 3000)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build and serve-edit (default 1)")
    parser.add_argument(
        "--serve-max",
        type=int,
        default=1000,
        help="measure serve-edit only at sizes up to this many cards (default 1000; 0: never)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--json", type=Path, help="write every figure to this file (after each size)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare Material + static-i18n stack")
    parser.add_argument(
        "--bare-search", action="store_true", help="also build the bare stack once with Material's search"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the first-query measurements")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s) for s in args.bundles.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--bundles: comma-separated whole numbers, not {args.bundles!r}")
    if not sizes or min(sizes) < 1:
        parser.error("--bundles: at least one size, each at least 1")
    if args.repeat < 1:
        parser.error("--repeat: at least 1")
    options = Options(
        seed=args.seed,
        repeat=args.repeat,
        serve_max=args.serve_max,
        bare=not args.no_bare,
        bare_search=args.bare_search,
    )

    temporary = None
    if args.keep is None:
        temporary = tempfile.TemporaryDirectory(prefix="kaikki-bench-site-")
        work = Path(temporary.name)
    else:
        work = args.keep.resolve()
        work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        with nullcontext() if args.no_browser else chromium() as browser:
            for size in sizes:
                start = time.perf_counter()
                print(f"--- {size:,} cards", flush=True)
                rows.append(measure(size, work, options, browser))
                print(f"--- {size:,} cards: {time.perf_counter() - start:.0f} s in all", flush=True)
                if args.json is not None:
                    document = {"command": sys.argv, "repeat": args.repeat, "rows": rows}
                    args.json.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
        print()
        print(report(rows, args.repeat))
    finally:
        if temporary is not None:
            temporary.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
