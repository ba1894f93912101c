"""Front-matter rules: required fields, types, lengths, dates, vocabularies, municipalities, slugs.

Codes: E201 missing, E202 type, E203 length, E204 date, E205 updated before published, E206 unknown
field, E207 vocabulary id, E208 municipality, E209 slug, E210 duplicate, E211 item count, E212 format,
E213 meeting slug, E214 attachment file/url, E215 heading level, E217 hidden character in a text field,
E606 private e-mail address; URL fields are judged by :func:`kaikki.content.urls.check_url` (E212, E403,
E412–E415, the same codes as links in a body).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from kaikki.checks.context import CheckContext, nearest
from kaikki.checks.registry import rule
from kaikki.content.model import Bundle, Document, Problem, problem
from kaikki.content.plaintext import describe_character, hidden_character
from kaikki.content.schema import (
    FIELDS_BY_NAME,
    MEETING_SLUG_PATTERN,
    SLUG_PATTERN,
    SUBFIELDS,
    Field,
    SubField,
    fields_for,
)
from kaikki.content.urls import check_url, display_url, is_address

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TERM = re.compile(r"^\d{4}-(?:spring|autumn)$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_PERIOD = re.compile(r"^(\d{4})-(\d{4})$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_REF = re.compile(r"^(practices|tools|meetings|networks)/([a-z0-9-]+)$")
_HTML_IN_TEXT = re.compile(r"<\s*/?\s*[A-Za-z!?]")
_SLUG = re.compile(SLUG_PATTERN)
_MEETING_SLUG = re.compile(MEETING_SLUG_PATTERN)
_PRIVATE_MAIL_FILE = "data/private_mail_domains.txt"


@cache
def private_mail_domains() -> frozenset[str]:
    """The consumer and ISP mail domains of ``content/data/private_mail_domains.txt`` (maintained there)."""
    text = files("kaikki.content").joinpath(_PRIVATE_MAIL_FILE).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def is_private_mail(address: str) -> bool:
    """Whether ``address`` is on a private mail domain or one of its subdomains (``pp1.inet.fi``)."""
    domain = address.rsplit("@", 1)[-1].lower().rstrip(".")
    labels = domain.split(".")
    known = private_mail_domains()
    return any(".".join(labels[i:]) in known for i in range(len(labels) - 1))


@rule(codes=("E209", "E213"), family="fields")
def check_slug(bundle: Bundle) -> Iterator[Problem]:
    if not _SLUG.match(bundle.slug):
        yield problem(bundle.path, None, "E209", slug=bundle.slug)
    elif bundle.collection == "meetings" and not _MEETING_SLUG.match(bundle.slug):
        yield problem(bundle.path, None, "E213", slug=bundle.slug)


@rule(codes=("E201", "E202", "E203", "E204", "E205", "E206", "E207", "E208"), family="fields")
@rule(codes=("E210", "E211", "E212", "E214", "E215", "E216", "E217"), family="fields")
@rule(codes=("E401", "E402"), family="links")  # related and network are fields (see ELSEWHERE)
@rule(codes=("E601", "E606"), family="safety")  # markup and private e-mail in a field (see ELSEWHERE)
def check_front_matter(bundle: Bundle, ctx: CheckContext) -> Iterator[Problem]:
    """Every rule of the schema on every language file of ``bundle``."""
    yield from check_slug(bundle)
    allowed = fields_for(bundle.collection)
    allowed_names = {f.name for f in allowed}
    for doc in bundle.docs.values():
        for key in doc.meta:
            if key not in allowed_names:
                yield _unknown_field(doc, key, allowed_names, bundle.collection)
        for spec in allowed:
            value = doc.meta.get(spec.name)
            if value is None:
                if spec.words and bundle.collection in spec.required:
                    yield problem(doc.path, doc.line_of(spec.name), "E201", field=spec.name)
                continue
            yield from _check_value(spec, value, doc, ctx)
        yield from _check_dates_order(doc)
        yield from _check_heading_levels(doc, ctx)
    first = next(iter(bundle.docs.values()), None)
    if first is None:
        return
    for spec in allowed:
        if spec.words or bundle.collection not in spec.required:
            continue
        if all(doc.meta.get(spec.name) is None for doc in bundle.docs.values()):
            yield problem(first.path, 1, "E201", field=spec.name)


def _unknown_field(doc: Document, key: str, allowed: set[str], collection: str) -> Problem:
    suggestion = nearest(key, allowed)
    if key in FIELDS_BY_NAME:
        return problem(doc.path, doc.line_of(key), "E216", field=key, collection=collection)
    return problem(doc.path, doc.line_of(key), "E206", field=key, suggestion=suggestion or "-")


def _check_dates_order(doc: Document) -> Iterator[Problem]:
    published, updated = doc.meta.get("published"), doc.meta.get("updated")
    if _is_date(published) and _is_date(updated) and updated < published:
        yield problem(doc.path, doc.line_of("updated"), "E205", updated=updated, published=published)


def _check_heading_levels(doc: Document, ctx: CheckContext) -> Iterator[Problem]:
    for heading in doc.scan.headings:
        if heading.level == 1:
            yield problem(doc.path, heading.line, "E215", heading=heading.text)


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _type_problem(doc: Document, key: str, expected: str) -> Problem:
    return problem(doc.path, doc.line_of(key), "E202", field=key, expected=expected)


def _check_value(spec: Field, value: Any, doc: Document, ctx: CheckContext) -> Iterator[Problem]:
    key, kind = spec.name, spec.kind
    if kind in (
        "text",
        "date",
        "meeting-date",
        "time-range",
        "period",
        "https-url",
        "municipality",
        "network",
        "vocab",
    ):
        if not isinstance(value, str):
            yield _type_problem(doc, key, "text")
            return
        yield from _check_scalar(kind, key, value, doc, ctx, spec.group, spec.min_len, spec.max_len)
        return
    if kind == "bool":
        if not isinstance(value, bool):
            yield _type_problem(doc, key, "true/false")
        return
    if not isinstance(value, list):
        yield _type_problem(doc, key, "list")
        return
    low, high = spec.min_len or 0, spec.max_len
    if len(value) < low or (high is not None and len(value) > high):
        yield problem(
            doc.path, doc.line_of(key), "E211", field=key, min=low, max=high or "∞", count=len(value)
        )
    if kind in ("contacts", "attachments", "agenda"):
        for index, item in enumerate(value):
            yield from _check_object(key, index, item, doc, ctx)
        return
    item_kind = {
        "municipalities": "municipality",
        "vocab-list": "vocab",
        "text-list": "text",
        "refs": "ref",
        "paths": "path",
    }[kind]
    seen: set[str] = set()
    for index, item in enumerate(value):
        item_key = f"{key}.{index}"
        if not isinstance(item, str):
            yield _type_problem(doc, item_key, "text")
            continue
        if item in seen:
            yield problem(doc.path, doc.line_of(item_key), "E210", field=key, value=item)
        seen.add(item)
        yield from _check_scalar(item_kind, item_key, item, doc, ctx, spec.group, None, 60)


def _check_scalar(
    kind: str,
    key: str,
    value: str,
    doc: Document,
    ctx: CheckContext,
    group: str = "",
    min_len: int | None = None,
    max_len: int | None = None,
) -> Iterator[Problem]:
    line = doc.line_of(key)
    lib = ctx.library
    if kind == "text":
        text = value.strip()
        if (min_len and len(text) < min_len) or (max_len and len(text) > max_len):
            yield problem(doc.path, line, "E203", field=key, length=len(text), min=min_len or 0, max=max_len)
        hidden = hidden_character(value)
        if hidden is not None:
            index, char = hidden
            yield problem(
                doc.path,
                line,
                "E217",
                field=key,
                char=describe_character(char),
                snippet=display_url(value[max(0, index - 20) : index + 20]),
            )
        if _HTML_IN_TEXT.search(text):
            yield problem(doc.path, line, "E601", snippet=text[:40])
    elif kind == "date":
        if not _is_date(value):
            yield problem(doc.path, line, "E204", field=key, value=value)
    elif kind == "meeting-date":
        if not (_is_date(value) or _TERM.match(value)):
            yield problem(doc.path, line, "E204", field=key, value=value)
    elif kind in ("time-range", "time-or-range"):
        if not _valid_time(value, allow_single=kind == "time-or-range"):
            yield problem(doc.path, line, "E212", field=key, value=value, format="HH:MM-HH:MM")
    elif kind == "period":
        match = _PERIOD.match(value)
        if not match or match.group(1) > match.group(2):
            yield problem(doc.path, line, "E212", field=key, value=value, format="YYYY-YYYY")
    elif kind == "https-url":
        found = check_url(value)
        if found is not None:
            yield problem(doc.path, line, found.code, field=key, **found.params)
    elif kind == "email":
        if not _EMAIL.match(value):
            yield problem(doc.path, line, "E212", field=key, value=value, format="nimi@organisaatio.fi")
        elif is_private_mail(value):
            yield problem(doc.path, line, "E606", value=value)
    elif kind == "municipality":
        if value not in lib.municipalities:
            suggestion = nearest(value, set(lib.municipalities.by_slug))
            yield problem(doc.path, line, "E208", value=value, suggestion=suggestion or "-")
    elif kind == "network":
        if f"networks/{value}" not in lib.bundles:
            choices = {b.slug for b in lib.in_collection("networks")}
            yield problem(doc.path, line, "E402", value=value, suggestion=nearest(value, choices) or "-")
    elif kind == "vocab":
        if not lib.vocabulary.has(group, value):
            ids = lib.vocabulary.ids(group)
            yield problem(
                doc.path,
                line,
                "E207",
                field=key.split(".")[0],
                value=value,
                suggestion=nearest(value, ids) or "-",
                allowed=", ".join(ids),
            )
    elif kind == "ref":
        if not _REF.match(value):
            yield problem(doc.path, line, "E212", field=key, value=value, format="practices/slug")
        elif value not in lib.bundles:
            yield problem(
                doc.path, line, "E401", value=value, suggestion=nearest(value, set(lib.bundles)) or "-"
            )
    elif kind == "path" and not _REF.match(value.strip("/")):
        yield problem(doc.path, line, "E212", field=key, value=value, format="practices/vanha-slug")


def _valid_time(value: str, allow_single: bool) -> bool:
    parts = value.replace("–", "-").split("-")
    if len(parts) == 1:
        return allow_single and bool(_TIME.match(parts[0].strip()))
    if len(parts) != 2 or not all(_TIME.match(p.strip()) for p in parts):
        return False
    return parts[0].strip() < parts[1].strip()


def _check_object(key: str, index: int, item: Any, doc: Document, ctx: CheckContext) -> Iterator[Problem]:
    item_key = f"{key}.{index}"
    if not isinstance(item, dict):
        yield _type_problem(doc, item_key, "mapping")
        return
    specs: dict[str, SubField] = {s.name: s for s in SUBFIELDS[key]}
    for sub in item:
        if sub not in specs:
            yield problem(
                doc.path,
                doc.line_of(f"{item_key}.{sub}"),
                "E206",
                field=f"{key}: {sub}",
                suggestion=nearest(sub, set(specs)) or "-",
            )
    for spec in specs.values():
        value = item.get(spec.name)
        sub_key = f"{item_key}.{spec.name}"
        if value is None:
            if spec.required:
                yield problem(doc.path, doc.line_of(item_key), "E201", field=f"{key}: {spec.name}")
            continue
        if not isinstance(value, str):
            yield _type_problem(doc, sub_key, "text")
            continue
        kind = spec.kind
        if kind in ("bundle-file", "file-or-url"):
            # Anything with a scheme (or "//") is an address to judge as one, not a file name: a
            # "javascript:" in slides is a forbidden link, not a missing file.
            if kind == "file-or-url" and is_address(value):
                kind = "https-url"
            elif "/" in value or "\\" in value:
                yield problem(
                    doc.path, doc.line_of(sub_key), "E212", field=sub_key, value=value, format="tiedosto.pdf"
                )
                continue
            else:
                continue  # existence and type: kaikki.checks.files
        yield from _check_scalar(kind, sub_key, value, doc, ctx, spec.group, None, spec.max_len)
    if key == "attachments" and ("file" in item) == ("url" in item):
        yield problem(doc.path, doc.line_of(item_key), "E214")
