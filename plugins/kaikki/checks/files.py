"""Files of a bundle: every named file exists, has an allowed type and size, and every file is used.

Codes: E501 named file missing, E502 type not allowed, E503 file too large, E504 bundle too large,
E505 file not used, E507 SVG. (E506, symbolic links, is reported while loading, since links are never
followed.) These rules look at names and sizes only; what a file's bytes are and say (E509, its type by
content, and the rest) is judged once, in :func:`kaikki.checks.safety.check_personal_data`.
"""

from __future__ import annotations

from collections.abc import Iterator

from kaikki.checks.context import CheckContext
from kaikki.checks.references import linked_bundle_files
from kaikki.checks.registry import rule
from kaikki.content.limits import MAX_ATTACHMENT_BYTES, MAX_BUNDLE_BYTES
from kaikki.content.model import Bundle, Problem, problem
from kaikki.content.schema import ALLOWED_ATTACHMENT_TYPES
from kaikki.content.urls import is_address


def named_files(bundle: Bundle, ctx: CheckContext) -> dict[str, list[tuple[str, int]]]:
    """Every bundle file a card names (attachments, slides, body links and images), with where."""
    named = linked_bundle_files(bundle, ctx)
    for doc in bundle.docs.values():
        for key, sub in (("attachments", "file"), ("agenda", "slides")):
            items = doc.meta.get(key)
            if not isinstance(items, list):
                continue
            for index, item in enumerate(items):
                value = item.get(sub) if isinstance(item, dict) else None
                # Slides may be an address (judged by the schema check with check_url), never a file then.
                if sub == "slides" and isinstance(value, str) and is_address(value):
                    continue
                if isinstance(value, str) and value and "/" not in value and not value.startswith("https://"):
                    named.setdefault(value, []).append((doc.path, doc.line_of(f"{key}.{index}.{sub}")))
    return named


@rule(codes=("E501", "E502", "E503", "E504", "E505", "E507"), family="files")
def check_files(bundle: Bundle, ctx: CheckContext) -> Iterator[Problem]:
    named = named_files(bundle, ctx)
    present = set(bundle.files)
    for name, places in sorted(named.items()):
        if name not in present:
            for path, line in places:
                yield problem(path, line, "E501", file=name)
    total = 0
    folder = ctx.root / bundle.path
    for name in bundle.files:
        rel = f"{bundle.path}/{name}"
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        size = (folder / name).stat().st_size
        total += size
        if ext == "svg":
            yield problem(rel, None, "E507")
            continue
        if ext not in ALLOWED_ATTACHMENT_TYPES:
            yield problem(rel, None, "E502", ext=ext or "-", allowed=", ".join(ALLOWED_ATTACHMENT_TYPES))
            continue
        if size > MAX_ATTACHMENT_BYTES:
            yield problem(rel, None, "E503", size=_megabytes(size), max=_megabytes(MAX_ATTACHMENT_BYTES))
        if name not in named:
            yield problem(rel, None, "E505")
    if total > MAX_BUNDLE_BYTES:
        yield problem(bundle.path, None, "E504", size=_megabytes(total), max=_megabytes(MAX_BUNDLE_BYTES))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")
