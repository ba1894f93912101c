"""``kaikki new``: writes a bundle with both language files from the templates in ``scaffold/``.

Facts (municipalities, dates, host…) are written identically in both files; words and body sections come
from the language's template. Every text the contributor must replace starts with ``✎``, which the
checks reject (E605), so a half-filled card cannot be published by mistake.

Every optional field of the collection (``kaikki.content.schema.FIELDS``) follows as a commented example
with a valid value, explained in the file's language (from ``scaffold/<lang>.yml``, or else the field's
description in the catalogue and its kind's example). The comment convention makes the examples easy
to take into use: a line starting with one ``#`` is YAML to uncomment (remove ``#`` and one space), a
line starting with ``##`` is an explanation that stays a comment after that. Vocabulary fields list
their allowed ids with the labels from ``materials/vocabulary.yml``. The examples carry no ``✎``, so a
card whose required fields are filled in passes with the examples left commented.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kaikki.content.model import COLLECTIONS, LANGUAGES
from kaikki.content.registries import Vocabulary, load_vocabulary
from kaikki.content.schema import MEETING_SLUG_PATTERN, Field, fields_for
from kaikki.intake.writer import BundleError, create_bundle_folder, document, write_language_file
from kaikki.intake.writer import quote as _q
from kaikki.messages import catalogue

COLLECTION_OF = {collection.removesuffix("s"): collection for collection in COLLECTIONS}
"""The singular the command takes (``kaikki new practice``) → the collection."""
_TEMPLATES = Path(__file__).parent / "scaffold"


ScaffoldError = BundleError
"""The bundle cannot be written (:class:`kaikki.intake.writer.BundleError`, shared with ``from-issue``)."""


@cache
def _template(lang: str) -> dict[str, Any]:
    with open(_TEMPLATES / f"{lang}.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def render_document(
    root: Path, collection: str, slug: str, lang: str, municipalities: list[str], today: str
) -> str:
    """The text of one language file of a new bundle."""
    t = _template(lang)["fields"]
    lines = [f"title: {_q(t['title'])}", f"summary: {_q(t['summary'])}"]
    places = municipalities or [t["municipality"]]
    if collection in ("practices", "tools", "networks"):
        lines.append("municipalities:")
        lines.extend(f"  - {_q(m)}" for m in places)
    if collection in ("practices", "tools"):
        vocabulary = load_vocabulary(root)
        lines.append("themes:")
        lines.append(f"  - {_q(t['theme'])}")
        lines.append(f"## {t['themes_comment']}")
        lines.extend(
            f"##   {tid}: {vocabulary.label('themes', tid, lang)}" for tid in vocabulary.ids("themes")
        )
    if collection == "tools":
        optional = _template(lang)["optional"]
        lines += [
            "attachments:",
            f"  - file: {_q(t['attachment_file'])}",
            f"    title: {_q(t['attachment_title'])}",
            f"## {optional['more_attachments']}",
        ]
        # The same items as the other collections' example, without the key: they continue the list.
        example = optional["fields"]["attachments"]["example"].split("\n")[1:]
        lines.extend(_commented(example))
    day = today
    if collection == "meetings":
        prefix = re.match(MEETING_SLUG_PATTERN, slug)
        day = prefix.group(0)[:-1] if prefix else t["date"]
        lines.append(f"date: {_q(day)}")
        lines.append(f"host: {_q(places[0])}")
    if collection == "networks":
        lines.append(f"lead: {_q(places[0])}")
    lines.append(f"published: {_q(today)}")
    values = {
        "today": today,
        "municipality": municipalities[0] if municipalities else "liperi",
        "collection": collection,
        # A meeting's day (or term), for examples that must not be after it (a registration deadline).
        "date": day,
    }
    written = {line.split(":")[0] for line in lines}
    lines.extend(optional_lines(root, collection, lang, values, written))
    return document(lines, _template(lang)["bodies"][collection])


def write_bundle(
    root: Path, kind: str, slug: str, municipalities: list[str], today: str | None = None
) -> Path:
    """Writes ``materials/<collection>/<slug>/index.fi.md`` and ``index.sv.md``.

    Raises:
        ScaffoldError: When the slug is not valid or the folder exists.
    """
    collection = COLLECTION_OF[kind]
    day = today or date.today().isoformat()
    folder = create_bundle_folder(root, collection, slug)
    try:
        for lang in LANGUAGES:
            content = render_document(root, collection, slug, lang, municipalities, day)
            write_language_file(folder, lang, content)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # no half-written bundle
        raise
    return folder


def _commented(example: list[str]) -> list[str]:
    return [f"# {line}".rstrip() for line in example]


def optional_lines(
    root: Path, collection: str, lang: str, values: dict[str, str], written: set[str]
) -> list[str]:
    """The commented examples of every optional field of ``collection`` that is not already written.

    A field's help and example come from ``scaffold/<lang>.yml`` (``optional.fields.<name>``) when it has
    them; otherwise the help is the field's description in the message catalogue and the example its
    kind's (:meth:`kaikki.content.fields.Kind.example`), so a field added to the table is shown at once.
    """
    optional = _template(lang)["optional"]
    vocabulary: Vocabulary | None = None
    lines = ["", *(f"## {row}" for row in optional["intro"].split("\n"))]
    for spec in fields_for(collection):
        if collection in spec.required or spec.name in written:
            continue
        vocabulary = vocabulary or load_vocabulary(root)
        entry = optional["fields"].get(spec.name) or {}
        example = _example(spec, entry, values, vocabulary)
        if example is None:
            continue  # a kind without an automatic example: tests/test_scaffold.py fails until it has one
        help_text = entry.get("help") or catalogue(lang)["fields"][spec.name]
        lines += ["", *(f"## {row}" for row in textwrap.wrap(help_text, width=100))]
        lines.extend(_commented(example))
        if spec.group:
            lines.append(f"## {optional['allowed']}")
            lines.extend(
                f"##   {key}: {vocabulary.label(spec.group, key, lang)}" for key in vocabulary.ids(spec.group)
            )
    return lines


def _example(
    spec: Field, entry: dict[str, Any], values: dict[str, str], vocabulary: Vocabulary
) -> list[str] | None:
    """The YAML lines of a field's example (to be commented), or ``None`` when there is none."""
    if "example" in entry:
        return str(entry["example"]).format(**values).split("\n")
    value: Any = entry.get("ids", entry.get("id"))
    if value is None:
        value = spec.type.example(spec, values, vocabulary)
    if value is None:
        return None
    if isinstance(value, list):
        return [f"{spec.name}:", *(f"  - {_q(item)}" for item in value)]
    if isinstance(value, bool):
        return [f"{spec.name}: {'true' if value else 'false'}"]
    return [f"{spec.name}: {_q(value)}"]
