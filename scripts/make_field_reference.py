"""Regenerate the field reference of the contributor guide from the field table and the catalogues.

``docs/contributing/index.md`` (Finnish) and ``index.sv.md`` (Swedish) have one generated part between the
markers below: for each collection, every front-matter field of :data:`kaikki.content.schema.FIELDS` in
table order, whether the collection requires it, and what it holds (the field's description in
``plugins/kaikki/locales/<lang>.yml``, ``fields.<name>``, the text ``kaikki schema`` gives editors). A
field added to the table is a regeneration away, and ``tests/test_field_reference.py`` fails until it is
done.

Usage::

    python scripts/make_field_reference.py            # rewrite the generated part of both pages
    python scripts/make_field_reference.py --check    # exit 1 if a page is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from kaikki.content.model import COLLECTIONS, LANGUAGES
from kaikki.content.schema import fields_for
from kaikki.messages import catalogue
from kaikki.site.strings import ui

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "fi": ROOT / "docs" / "contributing" / "index.md",
    "sv": ROOT / "docs" / "contributing" / "index.sv.md",
}
START = "<!-- field-reference:start (scripts/make_field_reference.py writes this part) -->"
END = "<!-- field-reference:end -->"


def _cell(text: str) -> str:
    """Catalogue text as literal text of a Markdown table cell."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", " ".join(text.split()))


def render_reference(lang: str) -> str:
    """The generated part of the page in ``lang``, markers included."""
    texts = catalogue(lang)["field_reference"]
    descriptions = catalogue(lang)["fields"]
    parts = [START, ""]
    for collection in COLLECTIONS:
        parts += [f"### {ui(lang, f'collection.{collection}')}", ""]
        parts.append(f"| {texts['field']} | {texts['required']} | {texts['holds']} |")
        parts.append("| --- | --- | --- |")
        for spec in fields_for(collection):
            required = texts["yes"] if collection in spec.required else texts["no"]
            parts.append(f"| `{spec.name}` | {required} | {_cell(descriptions[spec.name])} |")
        parts.append("")
    parts.append(END)
    return "\n".join(parts)


def updated_page(text: str, lang: str) -> str:
    """``text`` with its generated part replaced.

    Raises:
        ValueError: When the page does not have the markers once each, in order.
    """
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start or text.count(START) != 1 or text.count(END) != 1:
        raise ValueError(f"the page needs the markers {START!r} and {END!r} once each")
    return text[:start] + render_reference(lang) + text[end + len(END) :]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only tell whether the pages are up to date")
    args = parser.parse_args(argv)
    stale = []
    for lang in LANGUAGES:
        path = PAGES[lang]
        text = path.read_text(encoding="utf-8")
        try:
            new = updated_page(text, lang)
        except ValueError as error:
            print(f"{path}: {error}", file=sys.stderr)
            return 2
        if new == text:
            continue
        stale.append(path)
        if args.check:
            print(f"{path} is out of date: run python scripts/make_field_reference.py", file=sys.stderr)
        else:
            path.write_text(new, encoding="utf-8")
            print(f"wrote {path}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
