"""The two registries every card refers to: controlled vocabularies and municipalities.

``materials/vocabulary.yml`` maps each vocabulary group to ids with Finnish and Swedish labels;
``materials/municipalities.csv`` is Statistics Finland's classification (comment lines start with ``#``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from kaikki.content.yamlstrict import load_strict

VOCABULARY_FILE = "materials/vocabulary.yml"
MUNICIPALITIES_FILE = "materials/municipalities.csv"


class RegistryError(Exception):
    """A registry file is missing or malformed: the whole check stops (exit 2)."""

    def __init__(self, path: str, line: int | None, detail: str) -> None:
        super().__init__(f"{path}:{line or 0}: {detail}")
        self.path, self.line, self.detail = path, line, detail


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    labels: dict[str, str]
    descriptions: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("fi") or self.id


@dataclass(slots=True)
class Vocabulary:
    """Vocabulary groups (``themes``, ``support_levels``…), each an ordered map of id to :class:`Term`."""

    groups: dict[str, dict[str, Term]]

    def ids(self, group: str) -> list[str]:
        return list(self.groups.get(group, {}))

    def has(self, group: str, term_id: str) -> bool:
        return term_id in self.groups.get(group, {})

    def term(self, group: str, term_id: str) -> Term | None:
        return self.groups.get(group, {}).get(term_id)

    def label(self, group: str, term_id: str, lang: str) -> str:
        term = self.term(group, term_id)
        return term.label(lang) if term else term_id


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str
    slug: str
    name_fi: str
    name_sv: str
    region_fi: str
    region_sv: str
    language: str

    def name(self, lang: str) -> str:
        return self.name_sv if lang == "sv" and self.name_sv else self.name_fi

    def region(self, lang: str) -> str:
        return self.region_sv if lang == "sv" and self.region_sv else self.region_fi


@dataclass(slots=True)
class Municipalities:
    by_slug: dict[str, Municipality]
    header_comments: list[str] = field(default_factory=list)

    def __contains__(self, slug: object) -> bool:
        return slug in self.by_slug

    def get(self, slug: str) -> Municipality | None:
        return self.by_slug.get(slug)

    def __len__(self) -> int:
        return len(self.by_slug)


MUNICIPALITY_COLUMNS = ("code", "slug", "name_fi", "name_sv", "region_fi", "region_sv", "language")


def load_vocabulary(root: Path) -> Vocabulary:
    """Reads ``materials/vocabulary.yml`` under ``root``.

    Raises:
        RegistryError: When the file is missing, not strict YAML, or a term lacks a label.
    """
    path = root / VOCABULARY_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(VOCABULARY_FILE, None, str(exc)) from None
    from kaikki.content.yamlstrict import StrictYamlError

    try:
        data, lines = load_strict(text)
    except StrictYamlError as exc:
        raise RegistryError(VOCABULARY_FILE, exc.issue.line, f"{exc.issue.kind} {exc.issue.detail}") from None
    if not isinstance(data, dict):
        raise RegistryError(VOCABULARY_FILE, 1, "expected a mapping of vocabulary groups")
    groups: dict[str, dict[str, Term]] = {}
    for group, terms in data.items():
        if not isinstance(terms, dict):
            raise RegistryError(VOCABULARY_FILE, lines.get(group), f"group {group} must map ids to labels")
        groups[group] = {}
        for term_id, spec in terms.items():
            where = lines.get(f"{group}.{term_id}")
            if not isinstance(spec, dict) or not spec.get("fi") or not spec.get("sv"):
                raise RegistryError(VOCABULARY_FILE, where, f"{group}.{term_id} needs fi and sv labels")
            desc = spec.get("description") or {}
            groups[group][term_id] = Term(
                term_id,
                {"fi": spec["fi"], "sv": spec["sv"]},
                {k: v for k, v in desc.items() if isinstance(v, str)} if isinstance(desc, dict) else {},
            )
    return Vocabulary(groups)


def load_municipalities(root: Path) -> Municipalities:
    """Reads ``materials/municipalities.csv`` under ``root``; codes stay text (``020``).

    Raises:
        RegistryError: When the file is missing or a row is malformed.
    """
    path = root / MUNICIPALITIES_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(MUNICIPALITIES_FILE, None, str(exc)) from None
    comments: list[str] = []
    data_lines: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            comments.append(line[1:].strip())
        elif line.strip():
            data_lines.append((number, line))
    if not data_lines:
        raise RegistryError(MUNICIPALITIES_FILE, None, "no header row")
    rows = list(csv.reader(io.StringIO("\n".join(line for _, line in data_lines))))
    header = tuple(rows[0])
    if header != MUNICIPALITY_COLUMNS:
        raise RegistryError(
            MUNICIPALITIES_FILE, data_lines[0][0], f"header must be {','.join(MUNICIPALITY_COLUMNS)}"
        )
    by_slug: dict[str, Municipality] = {}
    for (number, _), row in zip(data_lines[1:], rows[1:], strict=True):
        if len(row) != len(MUNICIPALITY_COLUMNS):
            raise RegistryError(MUNICIPALITIES_FILE, number, f"expected {len(MUNICIPALITY_COLUMNS)} columns")
        item = Municipality(*row)
        if item.slug in by_slug:
            raise RegistryError(MUNICIPALITIES_FILE, number, f"duplicate slug {item.slug}")
        by_slug[item.slug] = item
    return Municipalities(by_slug, comments)
