"""Front-matter rules: required fields, types, lengths, dates, vocabularies, municipalities, slugs.

Codes: E201 missing, E202 type, E203 length, E204 date, E205 updated before published, E206 unknown
field, E207 vocabulary id, E208 municipality, E209 slug, E210 duplicate, E211 item count, E212 format,
E213 meeting slug, E214 attachment file/url, E215 heading level, E216 field of another collection, E217
hidden character in a text field, E606 private e-mail address; URL fields are judged by
:func:`kaikki.content.urls.check_url` (E212, E403, E412–E415, the same codes as links in a body).

What a value of each kind must be is the kind's own rule (:mod:`kaikki.content.fields`); this module
walks the table of fields over each language file and gives the kinds a :class:`_Judge` that places their
problems at the value's line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kaikki.checks.context import CheckContext, nearest
from kaikki.checks.registry import rule
from kaikki.content.fields import is_date, is_private_mail, private_mail_domains
from kaikki.content.model import Bundle, Document, Library, Problem, problem
from kaikki.content.schema import FIELDS_BY_NAME, MEETING_SLUG_PATTERN, SLUG_PATTERN, fields_for

_SLUG = re.compile(SLUG_PATTERN)
_MEETING_SLUG = re.compile(MEETING_SLUG_PATTERN)

__all__ = ["check_front_matter", "check_slug", "is_private_mail", "private_mail_domains"]


@dataclass(frozen=True, slots=True)
class _Judge:
    """The kinds' view of one language file being checked (:class:`kaikki.content.fields.Judge`)."""

    doc: Document
    ctx: CheckContext
    bundle: Bundle

    @property
    def library(self) -> Library:
        return self.ctx.library

    def fact(self, key: str) -> object:
        return self.bundle.fact(key)

    def report(self, key: str, code: str, **params: object) -> Problem:
        return problem(self.doc.path, self.doc.line_of(key), code, **params)

    def suggest(self, value: str, choices: Iterable[str]) -> str:
        return nearest(value, set(choices))


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
        judge = _Judge(doc, ctx, bundle)
        for key in doc.meta:
            if key not in allowed_names:
                yield _unknown_field(doc, key, allowed_names, bundle.collection)
        for spec in allowed:
            value = doc.meta.get(spec.name)
            if value is None:
                if spec.words and bundle.collection in spec.required:
                    yield problem(doc.path, doc.line_of(spec.name), "E201", field=spec.name)
                continue
            yield from spec.type.check(spec, spec.name, value, judge)
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
    if is_date(published) and is_date(updated) and updated < published:
        yield problem(doc.path, doc.line_of("updated"), "E205", updated=updated, published=published)


def _check_heading_levels(doc: Document, ctx: CheckContext) -> Iterator[Problem]:
    for heading in doc.scan.headings:
        if heading.level == 1:
            yield problem(doc.path, heading.line, "E215", heading=heading.text)
