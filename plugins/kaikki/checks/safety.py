"""Safety rules for public, pull-request-fed content.

Codes: E601 raw HTML, E603 personal identity code (text, front matter, attachments), E604 location
data in a photo, E605 placeholder text left from the scaffold, E607 location data in a photo inside a
document attachment, E508 an attachment that cannot be read.
(E602, images without alt text, lives with the links in :mod:`kaikki.checks.references`; E606, private
e-mail addresses, with the schema rules.)
"""

from __future__ import annotations

from collections.abc import Iterator

from kaikki.checks.context import CheckContext
from kaikki.checks.files import magic_matches
from kaikki.content.extract import (
    ExtractionError,
    cached_attachment_text,
    cached_embedded_photos_have_gps,
    cached_image_has_gps,
)
from kaikki.content.identity import find_identity_codes, line_of
from kaikki.content.model import Bundle, Document, Problem, problem
from kaikki.content.schema import ALLOWED_ATTACHMENT_TYPES, IMAGE_TYPES, PLACEHOLDER_MARK

_TEXT_ATTACHMENTS = frozenset({"pdf", "docx", "pptx", "xlsx", "odt", "odp", "ods"})


def check_raw_html(bundle: Bundle, ctx: CheckContext) -> Iterator[Problem]:
    for doc in bundle.docs.values():
        reported: set[int] = set()
        for line, snippet in doc.scan.html:
            if line not in reported:
                reported.add(line)
                yield problem(doc.path, line, "E601", snippet=snippet)


def check_personal_data(bundle: Bundle, ctx: CheckContext) -> Iterator[Problem]:
    for doc in bundle.docs.values():
        for line, text in _texts(doc):
            for hit in find_identity_codes(text):
                yield problem(doc.path, line + line_of(text, hit.start) - 1, "E603", code=hit.masked)
            if PLACEHOLDER_MARK in text:
                for offset, row in enumerate(text.split("\n")):
                    if PLACEHOLDER_MARK in row:
                        start = row.index(PLACEHOLDER_MARK)
                        yield problem(doc.path, line + offset, "E605", snippet=row[start : start + 50])
    folder = ctx.root / bundle.path
    for name in bundle.files:
        ext = name.rsplit(".", 1)[-1].lower()
        rel = f"{bundle.path}/{name}"
        if ext in ALLOWED_ATTACHMENT_TYPES and not magic_matches(folder / name, ext):
            continue  # E509 already says the content is not what its name claims
        try:
            if ext in _TEXT_ATTACHMENTS:
                for hit in find_identity_codes(cached_attachment_text(folder / name, ctx.cache)):
                    yield problem(rel, None, "E603", code=hit.masked)
                if cached_embedded_photos_have_gps(folder / name, ctx.cache):
                    yield problem(rel, None, "E607")
            elif ext in IMAGE_TYPES and cached_image_has_gps(folder / name, ctx.cache):
                yield problem(rel, None, "E604")
        except ExtractionError as exc:
            yield problem(rel, None, "E508", reason=exc.reason)


def _texts(doc: Document) -> Iterator[tuple[int, str]]:
    """Every text of a document with the file line it starts on: the front matter as written (keys,
    values and comments alike), then the body."""
    yield 2, doc.front_matter
    yield doc.body_line, doc.body
