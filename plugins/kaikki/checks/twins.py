"""Twins: the Finnish and Swedish files of a bundle agree on facts; a missing twin is a notice.

Codes: E301 a fact differs between the twins; N301 a language file is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kaikki.checks.registry import rule
from kaikki.content.model import LANGUAGES, Bundle, Problem, problem
from kaikki.content.schema import PLACEHOLDER_MARK, SUBFIELDS, fields_for


@rule(codes=("E301", "N301"), family="twins")
def check_twins(bundle: Bundle) -> Iterator[Problem]:
    present = [lang for lang in LANGUAGES if lang in bundle.docs]
    missing = [lang for lang in LANGUAGES if lang not in bundle.docs and lang not in bundle.unreadable]
    if present and missing:
        doc = bundle.docs[present[0]]
        for lang in missing:
            yield problem(doc.path, None, "N301", lang=lang, file=f"{bundle.path}/index.{lang}.md")
    if len(present) < 2:
        return
    first, second = bundle.docs[present[0]], bundle.docs[present[1]]
    for spec in fields_for(bundle.collection):
        if spec.words or spec.name not in first.meta or spec.name not in second.meta:
            continue
        a, b = first.meta[spec.name], second.meta[spec.name]
        if _has_placeholder(a) or _has_placeholder(b):
            continue  # a scaffold placeholder is reported once, as E605, in each file
        if _facts(spec.name, a) != _facts(spec.name, b):
            yield problem(
                second.path,
                second.line_of(spec.name),
                "E301",
                field=spec.name,
                other=first.path,
                other_line=first.line_of(spec.name),
            )


def _facts(name: str, value: Any) -> Any:
    """The language-independent part of a value: object lists keep only their fact keys."""
    subfields = SUBFIELDS.get(name)
    if subfields is None or not isinstance(value, list):
        return value
    keys = [s.name for s in subfields if not s.words]
    return [{k: item.get(k) for k in keys} if isinstance(item, dict) else item for item in value]


def _has_placeholder(value: Any) -> bool:
    return PLACEHOLDER_MARK in repr(value)
