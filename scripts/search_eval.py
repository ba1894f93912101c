"""Material's lunr search or Pagefind? Measured on inflected Finnish and Swedish queries: prints a table.

    python scripts/search_eval.py [--bundles 3000] [--seed 1] [--keep DIR] [--out bench-results/search.md]

1. Generates a synthetic repository (``scripts/synthetic.py``) in which each query's base word (the lemma:
   ``tukitiimi``, ``stödteam``…) appears in exactly five known practice cards of one language, always in an
   inflected form other than the query's own (the query ``tukitiimin`` must find ``tukitiimissä``,
   ``tukitiimejä``…), and nowhere else. Those five cards are the relevant set.
2. Builds the cards as ordinary pages of plain mkdocs-material + mkdocs-static-i18n with Material's search
   (``scripts/bench_site.py``'s plain site), then indexes the very same HTML with Pagefind (card content
   marked ``data-pagefind-body``), so both engines see identical text.
3. Runs every query in headless Chromium against a local server: lunr through Material's own search UI
   and worker (it appends ``*`` to each term and has no Finnish or Swedish stemmer); Pagefind through its
   JavaScript API (``await pagefind.search(q)``) from a page of the query's language.
4. Reports recall@10 per query and engine, the bytes downloaded for a first query (what the search
   fetched, raw and gzipped), the index build time (Material: the build with ``search`` minus the build
   without it; Pagefind: its indexing run) and the time to the first result in the browser.

The figures are written to ``--out`` as Markdown and printed.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from kaikki.content.model import LANGUAGES

REPO = Path(__file__).resolve().parent.parent


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


synthetic = _load("synthetic")
bench_site = _load("bench_site")


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    lang: str
    noun: str


QUERIES: tuple[Query, ...] = (
    Query("tukitiimin", "fi", "support-team"),
    Query("tukitiimeissä", "fi", "support-team"),
    Query("erityisopettajan", "fi", "special-teacher"),
    Query("erityisopettajien", "fi", "special-teacher"),
    Query("nivelvaiheessa", "fi", "transition-phase"),
    Query("nivelvaiheiden", "fi", "transition-phase"),
    Query("kartoituksen", "fi", "mapping"),
    Query("päiväkodeissa", "fi", "day-care-centre"),
    Query("huoltajien", "fi", "guardian"),
    Query("ohjausryhmässä", "fi", "steering-group"),
    Query("asiakirjojen", "fi", "document"),
    Query("havainnoinnin", "fi", "observation"),
    Query("stödteamet", "sv", "support-team"),
    Query("stödteamens", "sv", "support-team"),
    Query("specialläraren", "sv", "special-teacher"),
    Query("speciallärarnas", "sv", "special-teacher"),
    Query("övergångarna", "sv", "transition"),
    Query("övergången", "sv", "transition"),
    Query("vårdnadshavarnas", "sv", "guardian"),
    Query("styrgruppen", "sv", "steering-group"),
    Query("kartläggningarna", "sv", "mapping"),
    Query("daghemmen", "sv", "day-care-centre"),
    Query("stödformerna", "sv", "support-form"),
)
CARDS_PER_LEMMA = 5


def plants() -> list[Any]:
    """One plant per (language, lemma): every form of the lemma except the forms that are queries."""
    out = []
    for lang, noun in dict.fromkeys((q.lang, q.noun) for q in QUERIES):
        asked = {q.text for q in QUERIES if q.lang == lang and q.noun == noun}
        forms = [f for f in synthetic.NOUNS_BY_ID[noun].forms(lang) if f not in asked]
        out.append(synthetic.Plant(noun, lang, forms, CARDS_PER_LEMMA))
    return out


# ---------------------------------------------------------------------------------------------------
# The engines, in the browser


_CARD_URL = re.compile(r"/(?:sv/)?((?:practices|tools|meetings|networks)/[a-z0-9-]+)/")


def _card_keys(urls: list[str]) -> list[str]:
    keys: list[str] = []
    for url in urls:
        match = _CARD_URL.search(url)
        if match and match.group(1) not in keys:
            keys.append(match.group(1))
    return keys


def _type_in_material_search(page: Any, text: str) -> None:
    """Enters the whole query at once and waits for its results.

    Material reacts to key events, not to a filled value; typing letter by letter would let results for a
    prefix (``tukitiimi`` of ``tukitiimin``) arrive first. So the value is filled and one key released.
    """
    meta = ".md-search-result__meta"
    page.click("input.md-search__input")
    before = page.text_content(meta)
    page.fill("input.md-search__input", text)
    page.press("input.md-search__input", "End")
    page.wait_for_function(
        """([selector, before]) => {
             const text = (document.querySelector(selector) || {}).textContent || '';
             return text && text !== before && !/Alust|Initier|Initializ/.test(text);
           }""",
        arg=[meta, before],
        timeout=120_000,
    )


def lunr_search(browser: Any, base: str, query: Query) -> tuple[list[str], float]:
    """Types the query into Material's search on a page of its language; gives the top-10 cards."""
    context = browser.new_context()
    page = context.new_page()
    prefix = "" if query.lang == "fi" else "sv/"
    page.goto(f"{base}/{prefix}", wait_until="networkidle")
    start = time.perf_counter()
    _type_in_material_search(page, query.text)
    seconds = time.perf_counter() - start
    hrefs = page.eval_on_selector_all(
        "li.md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)"
    )
    context.close()
    return _card_keys(hrefs)[:10], seconds


def pagefind_search(browser: Any, base: str, query: Query) -> tuple[list[str], float]:
    """Runs ``pagefind.search(q)`` from a page of the query's language; gives the top-10 cards."""
    context = browser.new_context()
    page = context.new_page()
    prefix = "" if query.lang == "fi" else "sv/"
    page.goto(f"{base}/{prefix}", wait_until="networkidle")
    start = time.perf_counter()
    urls = page.evaluate(
        """async (q) => {
             const pagefind = await import('/pagefind/pagefind.js');
             await pagefind.init();
             const search = await pagefind.search(q);
             const top = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
             return top.map(d => d.url);
           }""",
        query.text,
    )
    seconds = time.perf_counter() - start
    context.close()
    return _card_keys(urls)[:10], seconds


def first_query_bytes(browser: Any, base: str, engine: str) -> tuple[int, int, dict[str, int]]:
    """Bytes a first Finnish query fetched (after the page itself had loaded), raw and gzipped."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/", wait_until="networkidle")
    requests: list[Any] = []
    page.on("requestfinished", lambda request: requests.append(request))
    query = Query("tukitiimin", "fi", "support-team")
    if engine == "lunr":
        _type_in_material_search(page, query.text)
    else:
        page.evaluate(
            """async (q) => { const pf = await import('/pagefind/pagefind.js');
                              const s = await pf.search(q);
                              await Promise.all(s.results.slice(0, 5).map(r => r.data())); }""",
            query.text,
        )
    page.wait_for_load_state("networkidle")
    transfer = bench_site._record(requests)
    context.close()
    # Material loads its search worker and lunr with the page, before any query: count them as search bytes.
    if engine == "lunr":
        context = browser.new_context()
        page = context.new_page()
        loads: list[Any] = []
        page.on("requestfinished", lambda request: loads.append(request))
        page.goto(f"{base}/", wait_until="networkidle")
        first = bench_site._record(loads)
        for url, size in first.sizes.items():
            if "/workers/" in url or "/lunr/" in url or "search_index" in url:
                transfer.sizes.setdefault(url, size)
                transfer.gzipped.setdefault(url, first.gzipped[url])
        context.close()
    files = {url.rsplit("/", 1)[-1]: size for url, size in transfer.sizes.items()}
    return transfer.total(), transfer.total_gzipped(), files


# ---------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Result:
    query: Query
    relevant: list[str]
    found: dict[str, list[str]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def recall(self, engine: str) -> float:
        return len(set(self.found[engine]) & set(self.relevant)) / len(self.relevant)


def mark_pagefind_body(site: Path) -> int:
    """Marks the content of every card page for Pagefind, so navigation and header are not indexed."""
    count = 0
    for page in site.rglob("index.html"):
        if not _CARD_URL.search("/" + page.relative_to(site).as_posix()):
            continue
        text = page.read_text(encoding="utf-8")
        marked = text.replace(
            '<article class="md-content__inner md-typeset">',
            '<article class="md-content__inner md-typeset" data-pagefind-body>',
            1,
        )
        if marked != text:
            page.write_text(marked, encoding="utf-8")
            count += 1
    return count


def run(work: Path, bundles: int, seed: int) -> tuple[list[Result], dict[str, Any]]:
    repo = work / "repo"
    shutil.rmtree(repo, ignore_errors=True)
    planted = synthetic.generate(repo, bundles, seed=seed, plants=plants(), copy_site=False)
    plain = work / "plain"
    bench_site.make_plain(repo, plain)
    figures: dict[str, Any] = {"bundles": bundles}

    with_search = bench_site.run_build(plain, "--site-dir", str(plain / "site"))
    assert with_search.returncode == 0, with_search.log[-3000:]
    config = (plain / "mkdocs.yml").read_text(encoding="utf-8")
    (plain / "mkdocs.nosearch.yml").write_text(config.replace("  - search\n", ""), encoding="utf-8")
    without = bench_site.run_build(plain, "-f", "mkdocs.nosearch.yml", "--site-dir", str(work / "nosearch"))
    figures["build_with_search_s"] = with_search.seconds
    figures["build_without_search_s"] = without.seconds
    index = (plain / "site" / "search" / "search_index.json").read_bytes()
    figures["lunr_index_bytes"] = len(index)
    figures["lunr_index_gzip"] = len(gzip.compress(index, 6))

    figures["pagefind_pages_marked"] = mark_pagefind_body(plain / "site")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(plain / "site")],
        capture_output=True,
        text=True,
        check=False,
    )
    figures["pagefind_index_s"] = time.perf_counter() - start
    assert result.returncode == 0, result.stdout + result.stderr
    figures["pagefind_log"] = [line.strip() for line in result.stdout.splitlines() if "Indexed" in line]

    results = [Result(q, planted[f"{q.lang}:{q.noun}"]) for q in QUERIES]
    with bench_site.chromium() as browser, bench_site.serve(plain / "site") as base:
        for engine, search in (("lunr", lunr_search), ("pagefind", pagefind_search)):
            for item in results:
                item.found[engine], item.seconds[engine] = search(browser, base, item.query)
            raw, gz, files = first_query_bytes(browser, base, engine)
            figures[f"{engine}_first_query_bytes"] = raw
            figures[f"{engine}_first_query_gzip"] = gz
            figures[f"{engine}_first_query_files"] = files
    return results, figures


def _kb(size: float) -> str:
    return f"{size / 1024:,.1f} KB"


_NOTES = """
Notes:

- lunr matches prefixes only (Material appends `*` to every term and turns stemming off for Finnish and
  Swedish), so it finds a planted form only when the query is a prefix of it (`stödteamet` →
  `stödteamets`); a Finnish case ending almost never is. Pagefind stems both languages (Snowball), but
  Snowball does not undo consonant gradation or stem changes: `päiväkodeissa` (päiväkoti), `asiakirjojen`
  (asiakirja), `kartoituksen` (kartoitus) and `daghemmen` (daghem) miss some or all of their cards. The
  content model's `keywords` (e.g. `päiväkoti, päiväkodit`) are the remedy for such words; the project's
  site indexes them with the card.
- Material's index is one file for both languages (static-i18n merges them) and is downloaded whole
  before the first result; lunr then builds its index in the browser on every page load, which is most
  of the time to a first result. Splitting it per language would about halve it, not change its growth.
- The build time with Material's search minus the build time without it covers both Material's search
  plugin (it parses every page's HTML into sections) and static-i18n's de-duplication of the merged index
  (`reconfigure_search`, default true: every Finnish entry against every Swedish one); this script does
  not separate the two.
- The synthetic text has a small vocabulary, so Pagefind's word index is smaller than real cards would
  give; its fragments (one per result) and its fixed files (`pagefind.js`, worker, WebAssembly) are not.
"""


_INTRO = """
Generated by `python scripts/search_eval.py --bundles {bundles}`: a synthetic repository of {bundles}
bundles in Finnish and Swedish; each query's base word appears in exactly {cards} known practice cards
of the query's language, always in another inflected form than the query, and nowhere else. Both engines
index the same HTML (plain mkdocs-material + mkdocs-static-i18n pages; Pagefind reads the card content
only). Queries run in headless Chromium against a local server: lunr through Material's search UI and
worker, Pagefind through `pagefind.search()` from a page of the query's language.
"""


def report(results: list[Result], figures: dict[str, Any]) -> str:
    engines = ("lunr", "pagefind")
    lines = [
        "# Search evaluation: Material's lunr search and Pagefind",
        "",
        _INTRO.format(bundles=figures["bundles"], cards=CARDS_PER_LEMMA).strip(),
        "",
        "## Recall@10 per query",
        "",
        "| query | language | lunr (Material) | Pagefind |",
        "| --- | --- | ---: | ---: |",
    ]
    for item in results:
        lines.append(
            f"| `{item.query.text}` | {item.query.lang} | "
            + " | ".join(f"{item.recall(e):.1f}" for e in engines)
            + " |"
        )
    for lang in LANGUAGES:
        chosen = [r for r in results if r.query.lang == lang]
        means = [sum(r.recall(e) for r in chosen) / len(chosen) for e in engines]
        lines.append(f"| **mean, {lang}** | {lang} | " + " | ".join(f"**{m:.2f}**" for m in means) + " |")
    lines.append(
        "| **mean, all** | | "
        + " | ".join(f"**{sum(r.recall(e) for r in results) / len(results):.2f}**" for e in engines)
        + " |"
    )
    median = {e: sorted(r.seconds[e] for r in results)[len(results) // 2] for e in engines}
    lines += [
        "",
        "## Cost",
        "",
        "| | lunr (Material) | Pagefind |",
        "| --- | ---: | ---: |",
        f"| bytes fetched for a first query (raw) | {_kb(figures['lunr_first_query_bytes'])} "
        f"| {_kb(figures['pagefind_first_query_bytes'])} |",
        f"| the same, gzipped as a server would send it | {_kb(figures['lunr_first_query_gzip'])} "
        f"| {_kb(figures['pagefind_first_query_gzip'])} |",
        f"| index size | {_kb(figures['lunr_index_bytes'])} `search_index.json` "
        f"({_kb(figures['lunr_index_gzip'])} gzipped), all downloaded | chunks, fetched as needed |",
        f"| index build time | none at build time: Material writes `search_index.json` during the build "
        f"({figures['build_with_search_s']:.1f} s with `search`, {figures['build_without_search_s']:.1f} s "
        f"without) and lunr builds its index in the browser on every page load "
        f"| {figures['pagefind_index_s']:.1f} s (`pagefind --site`, after the build) |",
        f"| median time from query to results in the browser (fresh page) | {median['lunr']:.2f} s "
        f"| {median['pagefind']:.2f} s |",
        "",
        "Files of a first query (raw bytes):",
        "",
    ]
    for engine in engines:
        files = figures[f"{engine}_first_query_files"]
        ordered = sorted(files.items(), key=lambda x: -x[1])
        listed = ", ".join(f"`{name}` {_kb(size)}" for name, size in ordered)
        lines.append(f"- {engine}: {listed}")
    lines += ["", "Pagefind: " + "; ".join(figures.get("pagefind_log", [])), "", _NOTES.strip(), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--bundles", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--out", type=Path, default=REPO / "bench-results" / "search.md")
    args = parser.parse_args(argv)
    temporary = None
    if args.keep is None:
        temporary = tempfile.TemporaryDirectory(prefix="kaikki-search-eval-")
        work = Path(temporary.name)
    else:
        work = args.keep.resolve()
        work.mkdir(parents=True, exist_ok=True)
    try:
        results, figures = run(work, args.bundles, args.seed)
        text = report(results, figures)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(text)
        for item in results:
            for engine in ("lunr", "pagefind"):
                missed = sorted(set(item.relevant) - set(item.found[engine]))
                if missed:
                    print(f"{engine} {item.query.text}: missed {len(missed)}: {', '.join(missed)}")
    finally:
        if temporary is not None:
            temporary.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
