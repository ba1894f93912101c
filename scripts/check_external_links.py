"""Check the external links of the materials and write a report in Finnish and Swedish.

Collects every ``http(s)`` address in ``materials/**/*.md`` (front matter and body, leaving out
code spans and fenced code), asks each address once with HEAD and, when HEAD fails, with GET,
a few at a time and with a polite User-Agent, and writes a Markdown report of the broken ones
with file, line, address and status.

Exit status: 0 when every link works, 1 when some are broken, 2 for a usage error.
The weekly workflow ``.github/workflows/links.yml`` turns status 1 into an issue.

Usage::

    python scripts/check_external_links.py [--report links-report.md] [PATH ...]
"""

from __future__ import annotations

import argparse
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
USER_AGENT = "kaikki-mukaan-link-check/1.0 (weekly check of a public practice library; python-urllib)"
# Status codes that say "slow down" or "not for robots" rather than "gone": not reported as broken.
NOT_BROKEN = {429}
# An issue body holds 65,536 characters; leave room for GitHub's own additions.
MAX_REPORT_CHARS = 60_000

URL = re.compile(r"https?://[^\s<>\"'`\]]+")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
TRAILING = ".,;:!?*_"

# The report's fixed texts, one catalogue a language; the report shows both, Finnish first.
TEXTS: dict[str, dict[str, str]] = {
    "fi": {
        "title": "Rikkinäiset linkit",
        "summary": "Tarkistettu {day}: {total} ulkoista osoitetta, joista {broken} ei toimi.",
        "all_ok": "Tarkistettu {day}: kaikki {total} ulkoista osoitetta toimivat.",
        "fix": (
            "Korjaa osoite tai poista linkki aineiston tiedostosta. Jos sivu on siirtynyt, "
            "käytä uutta osoitetta; jos se on poistunut, etsi korvaava lähde tai mainitse, "
            "että aineisto ei ole enää saatavilla."
        ),
        "file": "Tiedosto",
        "line": "Rivi",
        "url": "Osoite",
        "status": "Tila",
        "timeout": "aikakatkaisu",
        "error": "yhteysvirhe",
        "truncated": (
            "Luettelo on katkaistu: {rest} riviä puuttuu. Korjaa nämä ensin ja aja tarkistus uudelleen."
        ),
    },
    "sv": {
        "title": "Brutna länkar",
        "summary": "Kontrollerat {day}: {total} externa adresser, av vilka {broken} inte fungerar.",
        "all_ok": "Kontrollerat {day}: alla {total} externa adresser fungerar.",
        "fix": (
            "Rätta adressen eller ta bort länken ur materialets fil. Om sidan har flyttats, "
            "använd den nya adressen; om den har tagits bort, leta upp en ersättande källa eller "
            "nämn att materialet inte längre finns tillgängligt."
        ),
        "file": "Fil",
        "line": "Rad",
        "url": "Adress",
        "status": "Status",
        "timeout": "tidsgränsen överskreds",
        "error": "anslutningsfel",
        "truncated": "Listan har kortats: {rest} rader saknas. Rätta dessa först och kör kontrollen igen.",
    },
}
LANGUAGES = ("fi", "sv")


@dataclass(frozen=True)
class Link:
    """One occurrence of an address in a file."""

    file: str
    line: int
    url: str


@dataclass(frozen=True)
class LinkStatus:
    """What asking an address gave: an HTTP status, or an error kind (``timeout``/``error``)."""

    url: str
    status: int | None
    error: str | None = None
    detail: str = ""

    @property
    def broken(self) -> bool:
        if self.status is None:
            return True
        return self.status >= 400 and self.status not in NOT_BROKEN


# --- collecting ---------------------------------------------------------------------------------


def _clean_url(raw: str) -> str:
    url = raw.rstrip(TRAILING)
    # A closing parenthesis belongs to the address only when the address opened one:
    # `[text](https://fi.wikipedia.org/wiki/Inkluusio_(kasvatus))` keeps it, `(https://x.fi)` not.
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(TRAILING)
    return url


def find_links(text: str, file: str) -> list[Link]:
    """Return the ``http(s)`` addresses of a Markdown file with their line numbers.

    Args:
        text: The whole file, front matter included.
        file: The name to report, relative to the repository.

    Fenced code blocks and inline code spans are left out: they show addresses, they don't link.
    """
    links: list[Link] = []
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        opening = FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        visible = CODE_SPAN.sub(" ", line)
        links.extend(Link(file, number, _clean_url(match.group())) for match in URL.finditer(visible))
    return [link for link in links if link.url.partition("://")[2]]


def collect_links(paths: Iterable[Path], root: Path = ROOT) -> list[Link]:
    """Find the links of every ``*.md`` file under the given files or folders."""
    links: list[Link] = []
    for path in paths:
        files = sorted(path.rglob("*.md")) if path.is_dir() else [path]
        for file in files:
            try:
                name = file.resolve().relative_to(root).as_posix()
            except ValueError:
                name = file.as_posix()
            links.extend(find_links(file.read_text(encoding="utf-8"), name))
    return links


# --- checking -----------------------------------------------------------------------------------


def _ask(url: str, method: str, timeout: float) -> int:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        # Only http(s) addresses reach here: URL matches nothing else.
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def check_url(url: str, timeout: float = 15.0) -> LinkStatus:
    """Ask one address: HEAD first, GET when HEAD does not give a working answer.

    Some servers refuse or mishandle HEAD (405, 403, 404, or a dropped connection) while GET works,
    so only GET's answer can call an address broken. Redirects are followed.
    """
    try:
        status = _ask(url, "HEAD", timeout)
        if status < 400:
            return LinkStatus(url, status)
    except (urllib.error.URLError, OSError, ValueError):
        pass
    try:
        return LinkStatus(url, _ask(url, "GET", timeout))
    except TimeoutError as error:
        return LinkStatus(url, None, "timeout", str(error))
    except urllib.error.URLError as error:
        kind = "timeout" if isinstance(error.reason, TimeoutError) else "error"
        return LinkStatus(url, None, kind, str(error.reason))
    except (OSError, ValueError) as error:
        return LinkStatus(url, None, "error", str(error))


def check_urls(urls: Iterable[str], timeout: float = 15.0, workers: int = 8) -> dict[str, LinkStatus]:
    """Ask every distinct address once, ``workers`` at a time."""
    unique = sorted(set(urls))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = pool.map(lambda url: check_url(url, timeout), unique)
        return dict(zip(unique, results, strict=True))


# --- reporting ----------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _status_text(result: LinkStatus) -> str:
    if result.status is not None:
        return str(result.status)
    kind = result.error or "error"
    words = " / ".join(TEXTS[lang][kind] for lang in LANGUAGES)
    return f"{words} ({result.detail})" if result.detail else words


def render_report(links: Sequence[Link], results: dict[str, LinkStatus], day: date | None = None) -> str:
    """Write the Markdown report: a summary in both languages and a table of the broken links."""
    day_text = (day or date.today()).isoformat()
    total = len({link.url for link in links})
    broken = [link for link in links if results[link.url].broken]
    broken_count = len({link.url for link in broken})
    lines = [f"# {TEXTS['fi']['title']} / {TEXTS['sv']['title']}", ""]
    for lang in LANGUAGES:
        key = "summary" if broken else "all_ok"
        lines.append(TEXTS[lang][key].format(day=day_text, total=total, broken=broken_count))
        lines.append("")
    if not broken:
        return "\n".join(lines)
    for lang in LANGUAGES:
        lines += [TEXTS[lang]["fix"], ""]
    header = " | ".join(
        f"{TEXTS['fi'][key]} / {TEXTS['sv'][key]}" for key in ("file", "line", "url", "status")
    )
    lines += [f"| {header} |", "| --- | ---: | --- | --- |"]
    rows = [
        f"| {_cell(link.file)} | {link.line} | {_cell(link.url)} | {_cell(_status_text(results[link.url]))} |"
        for link in sorted(broken, key=lambda link: (link.file, link.line, link.url))
    ]
    size = sum(len(line) + 1 for line in lines)
    for index, row in enumerate(rows):
        if size + len(row) + 1 > MAX_REPORT_CHARS:
            rest = len(rows) - index
            lines += ["", *(TEXTS[lang]["truncated"].format(rest=rest) for lang in LANGUAGES)]
            break
        lines.append(row)
        size += len(row) + 1
    lines.append("")
    return "\n".join(lines)


# --- command ------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: materials/)")
    parser.add_argument("--report", type=Path, help="write the Markdown report here (default: print it)")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds for one request (default 15)")
    parser.add_argument("--workers", type=int, default=8, help="requests at a time (default 8)")
    args = parser.parse_args(argv)

    paths = args.paths or [ROOT / "materials"]
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    links = collect_links(paths)
    results = check_urls((link.url for link in links), timeout=args.timeout, workers=args.workers)
    report = render_report(links, results)
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    else:
        sys.stdout.write(report)
    return 1 if any(result.broken for result in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
