"""Safety rules for public, pull-request-fed content.

Codes: E601 raw HTML, E603 personal identity code (text, front matter, attachments and their metadata,
photos' metadata text, files nested in attachments), E604 location data in a photo, E605 placeholder
text left from the scaffold, E607 location data in a photo inside a document attachment; and what an
attachment's bytes are: E508 it cannot be read, E509 its content is not of its extension's type, E510
it would unzip to too much, E511 it holds too many files, E512 files are nested in it too deep.
Each attachment is read once, by :func:`kaikki.content.extract.inspect_attachment`, whose report
(cached by content) answers all of these.
(E602, images without alt text, lives with the links in :mod:`kaikki.checks.references`; E606, private
e-mail addresses, with the schema rules.)
"""

from __future__ import annotations

from collections.abc import Iterator

from kaikki.checks.context import CheckContext
from kaikki.checks.registry import rule
from kaikki.content.extract import inspect_attachment
from kaikki.content.identity import find_identity_codes, line_of
from kaikki.content.limits import MAX_PACKAGE_MEMBERS, MAX_PACKAGE_NESTING, MAX_PACKAGE_UNCOMPRESSED_BYTES
from kaikki.content.model import Bundle, Document, Problem, problem
from kaikki.content.schema import ALLOWED_ATTACHMENT_TYPES, IMAGE_TYPES, PLACEHOLDER_MARK

# Reasons a file could not be read that are limits of their own, with the limit each message names.
_LIMIT_CODES: dict[str, tuple[str, dict[str, str]]] = {
    "too-large-uncompressed": ("E510", {"max": str(MAX_PACKAGE_UNCOMPRESSED_BYTES // (1024 * 1024))}),
    "too-many-members": ("E511", {"max": f"{MAX_PACKAGE_MEMBERS:,}".replace(",", " ")}),
    "too-deep": ("E512", {"max": str(MAX_PACKAGE_NESTING)}),
}


@rule("E601", "safety")
def check_raw_html(bundle: Bundle, ctx: CheckContext) -> Iterator[Problem]:
    for doc in bundle.docs.values():
        reported: set[int] = set()
        for line, snippet in doc.scan.html:
            if line not in reported:
                reported.add(line)
                yield problem(doc.path, line, "E601", snippet=snippet)


@rule(codes=("E603", "E604", "E605", "E607"), family="safety")
@rule(codes=("E508", "E509", "E510", "E511", "E512"), family="files")  # one inspection (see ELSEWHERE)
def check_personal_data(bundle: Bundle, ctx: CheckContext) -> Iterator[Problem]:
    for doc in bundle.docs.values():
        for line, text in _texts(doc):
            for hit in find_identity_codes(text):
                yield problem(doc.path, line + line_of(text, hit.start) - 1, "E603", code=hit.masked)
            if PLACEHOLDER_MARK in text:
                for offset, row in enumerate(text.split("\n")):
                    if PLACEHOLDER_MARK in row:
                        start = row.index(PLACEHOLDER_MARK)
                        yield problem(doc.path, line + offset, "E605", snippet=_placeholder(row[start:]))
    folder = ctx.root / bundle.path
    for name in bundle.files:
        ext = name.rsplit(".", 1)[-1].lower()
        if ext not in ALLOWED_ATTACHMENT_TYPES:
            continue  # E502 says the type is not allowed at all
        rel = f"{bundle.path}/{name}"
        report = inspect_attachment(folder / name, ctx.cache)
        if not report.type_matches:
            yield problem(rel, None, "E509", ext=ext)
        elif report.error in _LIMIT_CODES:
            code, params = _LIMIT_CODES[report.error]
            yield problem(rel, None, code, **params)
        elif report.error is not None:
            yield problem(rel, None, "E508", reason=report.error)
        else:
            for hit in find_identity_codes(report.text):
                yield problem(rel, None, "E603", code=hit.masked)
            if report.gps:
                yield problem(rel, None, "E604" if ext in IMAGE_TYPES else "E607")


def _texts(doc: Document) -> Iterator[tuple[int, str]]:
    """Every text of a document with the file line it starts on: the front matter as written (keys,
    values and comments alike), then the body."""
    yield 2, doc.front_matter
    yield doc.body_line, doc.body


def _placeholder(text: str) -> str:
    """The placeholder as the contributor sees it: without the closing quote of a quoted YAML value."""
    text = text.rstrip()
    if text.endswith(('"', "'")) and text.count(text[-1]) % 2 == 1:
        text = text[:-1].rstrip()
    return text if len(text) <= 50 else text[:49].rstrip() + "…"
