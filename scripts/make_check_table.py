"""Regenerate the table of check codes in the contributor guide from the message catalogues.

``docs/contributing/index.md`` (Finnish) and ``index.sv.md`` (Swedish) are hand-written pages with one
generated part between the markers below: every code of the rule registry (:mod:`kaikki.checks.registry`),
grouped by family with what the family guarantees (``check_groups`` of ``plugins/kaikki/locales/<lang>.yml``),
with the message and the way to fix it from the same catalogue, exactly as ``kaikki check`` says them. A new
rule is a regeneration away, and ``tests/test_contributing_docs.py`` fails until it is done.

Usage::

    python scripts/make_check_table.py            # rewrite the generated part of both pages
    python scripts/make_check_table.py --check    # exit 1 if a page is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from kaikki.checks.registry import codes_by_family

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "plugins" / "kaikki" / "locales"
PAGES = {
    "fi": ROOT / "docs" / "contributing" / "index.md",
    "sv": ROOT / "docs" / "contributing" / "index.sv.md",
}
START = "<!-- check-codes:start (scripts/make_check_table.py writes this part) -->"
END = "<!-- check-codes:end -->"

HEADERS = {
    "fi": ("Koodi", "Mitä tarkistus kertoo", "Näin korjaat"),
    "sv": ("Kod", "Vad kontrollen säger", "Så här rättar du"),
}
NOTICE = {"fi": "huomautus", "sv": "anmärkning"}


def _escape(text: str) -> str:
    """Catalogue text as literal Markdown table-cell text (the hints show Markdown syntax as examples)."""
    text = re.sub(r"\{[a-z_]+\}", "…", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]()#!|])", r"\\\1", text)


def render_table(lang: str) -> str:
    """The generated part of the page in ``lang``."""
    with open(LOCALES / f"{lang}.yml", encoding="utf-8") as handle:
        messages = yaml.safe_load(handle)
    texts: dict[str, dict[str, str]] = messages["codes"]
    # What each family of codes guarantees (loading, fields …), in the order of the codes' digits.
    groups: dict[str, dict[str, str]] = messages["check_groups"]
    parts = [START, ""]
    for family, group in codes_by_family().items():
        if not group:
            continue
        if family not in groups:
            raise SystemExit(f"make_check_table: add {family!r} to check_groups in {lang}.yml")
        missing = [code for code in group if code not in texts]
        if missing:
            raise SystemExit(f"make_check_table: no message for {missing} in {lang}.yml")
        parts += [f"### {groups[family]['title']}", "", groups[family]["guarantee"], ""]
        head = HEADERS[lang]
        parts += [f"| {head[0]} | {head[1]} | {head[2]} |", "| --- | --- | --- |"]
        for code in group:
            entry = texts[code]
            label = f"**{code}**" + (f" ({NOTICE[lang]})" if code.startswith("N") else "")
            hint = entry.get("hint_plain") or entry.get("hint", "")
            parts.append(f"| {label} | {_escape(entry['message'])} | {_escape(hint)} |")
        parts.append("")
    parts.append(END)
    return "\n".join(parts)


def updated_page(lang: str) -> str:
    page = PAGES[lang].read_text(encoding="utf-8")
    if START not in page or END not in page:
        raise SystemExit(f"make_check_table: {PAGES[lang]} has no {START!r} … {END!r} markers")
    before, rest = page.split(START, 1)
    _, after = rest.split(END, 1)
    return before + render_table(lang) + after


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a page is out of date")
    args = parser.parse_args(argv)
    stale = [lang for lang in PAGES if PAGES[lang].read_text(encoding="utf-8") != updated_page(lang)]
    if args.check:
        for lang in stale:
            print(f"{PAGES[lang]} is out of date: run python scripts/make_check_table.py", file=sys.stderr)
        return 1 if stale else 0
    for lang in stale:
        PAGES[lang].write_text(updated_page(lang), encoding="utf-8")
        print(f"wrote {PAGES[lang]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
