"""The "Otimme käyttöön" / "Vi har tagit i bruk" issue form: a municipality adds itself as an adopter.

The form (``adoption_form.yml``, written to ``.github/ISSUE_TEMPLATE/adoption-<lang>.yml`` by
``scripts/make_issue_forms.py``) asks for the card (its address on the site or ``practices/<slug>``), the
municipality (a dropdown of the registry) and the year. :func:`convert_adoption` adds one row,
``  - {municipality: kajaani, year: 2024}``, to ``adopted_by`` in each language file of that card and
keeps every other byte of the files as it was: the row goes after the field's last row (or the field is
added at the end of the front matter), and the edit is verified by reading both front matters back with
the strict YAML loader — the result must be the old one plus the row, nothing else. Then the checks run on
the bundle (a year out of range is E225, as for any contribution); on any problem both files are put back
as they were. A municipality already listed is refused, and so is a field written in a layout the edit
cannot extend safely (flow style, ``adopted_by: [...]``): a maintainer edits those by hand.

The body is untrusted: only the form's own labels split it, answers go through the same safety checks as
the other forms (:func:`kaikki.intake.issue.check_safety`), and nothing of an answer reaches the files
but a municipality slug of the registry and a year of four digits.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from kaikki.content.card import ADOPTABLE
from kaikki.content.fields import valid_year
from kaikki.content.model import LANGUAGES
from kaikki.content.yamlstrict import StrictYamlError, load_strict

FORM_FILE = Path(__file__).with_name("adoption_form.yml")
FIELDS = ("card", "municipality", "year")
_CARD_PATH = re.compile(
    rf"(?:^|/)({'|'.join(ADOPTABLE)})/([a-z0-9][a-z0-9-]{{1,78}}[a-z0-9])/?(?:index\.html)?$"
)
_FIELD = "adopted_by"


class AdoptionRefused(Exception):
    """The row cannot be added; ``key`` and ``params`` are a text of ``locales/<lang>.yml``."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def load_texts(path: Path = FORM_FILE) -> dict[str, Any]:
    texts: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return texts


def labels(lang: str, texts: dict[str, Any] | None = None) -> dict[str, str]:
    """Field id → the label an issue body shows as ``### Label``."""
    texts = texts or load_texts()
    return {name: texts[lang][name]["label"] for name in FIELDS}


def build_form(lang: str, municipality_names: list[tuple[str, str]]) -> dict[str, Any]:
    """The issue form of ``lang``; ``municipality_names`` are (name in ``lang``, slug) in display order."""
    texts = load_texts()[lang]
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": texts["intro"]}}]
    for name in FIELDS:
        field = texts[name]
        attributes: dict[str, Any] = {"label": field["label"], "description": field["description"]}
        if name == "municipality":
            attributes.update(multiple=False, options=[shown for shown, _slug in municipality_names])
            body.append({"type": "dropdown", "id": name, "attributes": attributes})
        else:
            body.append({"type": "input", "id": name, "attributes": attributes})
        body[-1]["validations"] = {"required": True}
    return {"name": texts["name"], "description": texts["description"], "title": texts["title"], "body": body}


def card_key(answer: str) -> str | None:
    """``practices/<slug>`` or ``tools/<slug>`` from an address on the site or the key itself."""
    value = " ".join(answer.split()).strip("<>")
    path = urlsplit(value).path if "://" in value else value
    match = _CARD_PATH.search(path.rstrip("/") + "/") or _CARD_PATH.search(path)
    return f"{match.group(1)}/{match.group(2)}" if match else None


def add_row(text: str, municipality: str, year: str) -> str:
    """The language file ``text`` with one ``adopted_by`` row more, every other byte kept.

    Raises:
        AdoptionRefused: ``issue_adoption_duplicate`` (already listed) or ``issue_adoption_layout`` (no
            front matter, or a layout this edit does not extend).
    """
    if not text.startswith("---\n"):
        raise AdoptionRefused("issue_adoption_layout")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise AdoptionRefused("issue_adoption_layout")
    front, rest = text[4 : end + 1], text[end + 1 :]
    old = _front_matter(front)
    rows = old.get(_FIELD) or []
    if not isinstance(rows, list):
        raise AdoptionRefused("issue_adoption_layout")
    if any(isinstance(row, dict) and row.get("municipality") == municipality for row in rows):
        raise AdoptionRefused("issue_adoption_duplicate")
    lines = front.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if re.match(rf"{_FIELD}\s*:", line)), None)
    if at is None:
        new_lines = [*lines, f"{_FIELD}:\n", _row("  - ", municipality, year)]
    else:
        if lines[at].split(":", 1)[1].strip():
            raise AdoptionRefused("issue_adoption_layout")  # flow style or a value on the key's line
        last, indent = at, "  - "
        for i in range(at + 1, len(lines)):
            if lines[i].strip() == "" or lines[i].startswith((" ", "-")):
                if lines[i].lstrip().startswith("- ") and last == at:
                    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())] + "- "
                if lines[i].strip():
                    last = i
                continue
            break
        new_lines = [*lines[: last + 1], _row(indent, municipality, year), *lines[last + 1 :]]
    new_front = "".join(new_lines)
    expected = dict(old)
    expected[_FIELD] = [*rows, {"municipality": municipality, "year": year}]
    if _front_matter(new_front) != expected:
        raise AdoptionRefused("issue_adoption_layout")
    return "---\n" + new_front + rest


def _row(prefix: str, municipality: str, year: str) -> str:
    return f"{prefix}{{municipality: {municipality}, year: {year}}}\n"


def _front_matter(front: str) -> dict[str, Any]:
    try:
        data, _lines = load_strict(front)
    except StrictYamlError as error:
        raise AdoptionRefused("issue_adoption_layout") from error
    if not isinstance(data, dict):
        raise AdoptionRefused("issue_adoption_layout")
    return data


def answers_to_row(
    answers: dict[str, str], municipalities: dict[str, str], root: Path
) -> tuple[str, str, str, list[tuple[str, dict[str, object]]]]:
    """(card key, municipality slug, year, errors) from the form's answers."""
    errors: list[tuple[str, dict[str, object]]] = []
    key = card_key(answers.get("card", ""))
    if key is None or not (root / "materials" / key).is_dir():
        errors.append(("issue_adoption_card", {}))
        key = key or ""
    chosen = " ".join(answers.get("municipality", "").split())
    slug = municipalities.get(chosen) or municipalities.get(chosen.casefold()) or ""
    if not slug:
        errors.append(("issue_adoption_municipality", {}))
    year = " ".join(answers.get("year", "").split())
    if not valid_year(year):
        errors.append(("issue_adoption_year", {}))
    return key, slug, year, errors


def write_rows(root: Path, key: str, municipality: str, year: str) -> dict[Path, bytes]:
    """Adds the row to every language file of ``key``; returns the files' old bytes, to restore them."""
    folder = root / "materials" / key
    old: dict[Path, bytes] = {}
    new: dict[Path, str] = {}
    for lang in LANGUAGES:
        path = folder / f"index.{lang}.md"
        if path.is_file():
            data = path.read_bytes()
            old[path] = data
            new[path] = add_row(data.decode("utf-8"), municipality, year)
    for path, text in new.items():
        path.write_bytes(text.encode("utf-8"))
    return old


def detect(body: str) -> str | None:
    """The language of the adoption form whose ``card`` label is a heading of ``body``, or ``None``."""
    headings = {line.rstrip()[4:] for line in body.split("\n") if line.startswith("### ")}
    texts = load_texts()
    return next((lang for lang in LANGUAGES if texts[lang]["card"]["label"] in headings), None)


def convert_adoption(body: str, root: Path, number: int, lang: str) -> tuple[int, list[str], list[str]]:
    """Adds the adoption an issue body reports to its card, checked; the same result as
    :func:`kaikki.intake.issue.convert_and_write` (status, languages or the bundle's path, messages)."""
    from kaikki.intake import forms
    from kaikki.intake.issue import Conversion, Form, check_safety, split_answers
    from kaikki.messages import format_problem, text
    from kaikki.pipeline import Options, run

    form = Form("adoption", lang, labels(lang))
    conversion = Conversion(form)
    answers = split_answers(body, form, conversion)
    check_safety(answers, conversion)
    names: dict[str, str] = {}
    for municipality in forms.load_municipalities(root / "materials" / "municipalities.csv"):
        for shown in (municipality.name_fi, municipality.name_sv, municipality.slug):
            names.setdefault(shown, municipality.slug)
            names.setdefault(shown.casefold(), municipality.slug)
    key, slug, year, errors = ("", "", "", []) if conversion.errors else answers_to_row(answers, names, root)
    errors = conversion.errors + errors
    head = text("issue_not_converted", lang, number=number)
    if errors:
        return 1, [lang], [head, *(f"- {text(k, lang, **params)}" for k, params in errors)]
    try:
        old = write_rows(root, key, slug, year)
    except AdoptionRefused as refusal:
        return 1, [lang], [head, f"- {text(refusal.key, lang, **refusal.params)}"]
    rel = f"materials/{key}"
    try:
        problems = run(root, Options(cache=False, only=[rel])).problems
    except BaseException:
        _restore(old)
        raise
    messages = [format_problem(p, lang) for p in problems]
    if any(p.is_error for p in problems):
        _restore(old)
        return 1, [lang], [head, text("issue_check_failed", lang), *messages]
    return 0, [rel], messages


def _restore(old: dict[Path, bytes]) -> None:
    for path, data in old.items():
        path.write_bytes(data)


__all__ = [
    "AdoptionRefused",
    "add_row",
    "answers_to_row",
    "build_form",
    "card_key",
    "convert_adoption",
    "detect",
    "labels",
    "write_rows",
]
