"""The two registries every card refers to: controlled vocabularies and municipalities.

``materials/vocabulary.yml`` maps each vocabulary group to ids with Finnish and Swedish labels;
``materials/municipalities.csv`` is Statistics Finland's classification (comment lines start with ``#``).

A registry that cannot be read at all (missing, not YAML, wrong columns) raises :class:`RegistryError`: the
check cannot run. A label, description or name that is not plain text (markup, a character reference,
an invisible or bidi control character; see :mod:`kaikki.content.plaintext`) is a content problem E218
with its file and line, kept on the registry's ``problems`` and reported with the rest.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

from kaikki.content.model import LANGUAGES, Problem, problem
from kaikki.content.plaintext import describe_character, hidden_character, markup_in_label
from kaikki.content.urls import display_url
from kaikki.content.yamlstrict import load_strict

PROBLEM_CODES = {"fields": ("E218",)}
"""The codes this module reports, by family (registered in :mod:`kaikki.checks.registry`)."""

VOCABULARY_FILE = "materials/vocabulary.yml"
MUNICIPALITIES_FILE = "materials/municipalities.csv"


class RegistryError(Exception):
    """A registry file is missing or malformed: no card can be checked (reported as E118).

    Attributes:
        path: The registry, relative to the repository.
        line: The line at fault, or ``None`` for the whole file.
        reason: Why, as a key of E118's ``params.reason`` in the message catalogues (``missing``,
            ``header``…), so the contributor reads it in Finnish or Swedish.
        params: What that reason's words name (``term``, ``columns``…).
    """

    def __init__(self, path: str, line: int | None, reason: str, **params: object) -> None:
        super().__init__(f"{path}:{line or 0}: {reason} {params or ''}".rstrip())
        self.path, self.line, self.reason = path, line, reason
        self.params = {k: str(v) for k, v in params.items()}


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
    problems: list[Problem] = field(default_factory=list)
    """Labels and descriptions that are not plain text (E218)."""

    def ids(self, group: str) -> list[str]:
        return list(self.groups.get(group, {}))

    def has(self, group: str, term_id: str) -> bool:
        return term_id in self.groups.get(group, {})

    def term(self, group: str, term_id: str) -> Term | None:
        return self.groups.get(group, {}).get(term_id)

    def id_for_label(self, group: str, text: str) -> str:
        """The id of the term whose Finnish or Swedish label ``text`` is (case and spacing aside, or
        nearly: a typo in a label), or ``""``: a contributor who wrote "Monialainen yhteistyö" meant
        ``multiprofessional``."""
        wanted = " ".join(text.split()).casefold()
        labels = {
            " ".join(label.split()).casefold(): term.id
            for term in self.groups.get(group, {}).values()
            for label in term.labels.values()
        }
        if wanted in labels:
            return labels[wanted]
        close = difflib.get_close_matches(wanted, list(labels), n=1, cutoff=0.85)
        return labels[close[0]] if close else ""

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
    problems: list[Problem] = field(default_factory=list)
    """Names that are not plain text (E218)."""

    def __contains__(self, slug: object) -> bool:
        return slug in self.by_slug

    def get(self, slug: str) -> Municipality | None:
        return self.by_slug.get(slug)

    def __len__(self) -> int:
        return len(self.by_slug)


MUNICIPALITY_COLUMNS = ("code", "slug", "name_fi", "name_sv", "region_fi", "region_sv", "language")
_MUNICIPALITY_TEXT_COLUMNS = ("name_fi", "name_sv", "region_fi", "region_sv")


def label_problem(path: str, line: int | None, value: str) -> Problem | None:
    """E218 when ``value``, a registry label or name, is not plain text; ``None`` when it is."""
    hidden = hidden_character(value)
    char = describe_character(hidden[1]) if hidden is not None else markup_in_label(value)
    if char is None:
        return None
    return problem(path, line, "E218", value=display_url(value), char=char)


def _read_registry(root: Path, name: str) -> str:
    """The text of the registry ``name`` (:data:`VOCABULARY_FILE`, :data:`MUNICIPALITIES_FILE`) under
    ``root``, UTF-8 with or without a byte-order mark.

    Raises:
        RegistryError: When it is missing (``missing``) or cannot be read as UTF-8 (``unreadable``).
    """
    try:
        return (root / name).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RegistryError(name, None, "missing") from None
    except (OSError, UnicodeDecodeError):
        raise RegistryError(name, None, "unreadable") from None


def load_vocabulary(root: Path) -> Vocabulary:
    """Reads ``materials/vocabulary.yml`` under ``root``.

    Raises:
        RegistryError: When the file is missing, not strict YAML, or a term lacks a label.
    """
    text = _read_registry(root, VOCABULARY_FILE)
    from kaikki.content.yamlstrict import StrictYamlError

    try:
        data, lines = load_strict(text)
    except StrictYamlError as exc:
        # Reported with the YAML mistake's own code (kaikki.content.library.registry_problem).
        raise RegistryError(VOCABULARY_FILE, exc.issue.line, "yaml") from exc
    if not isinstance(data, dict):
        raise RegistryError(VOCABULARY_FILE, 1, "not-mapping")
    groups: dict[str, dict[str, Term]] = {}
    found: list[Problem] = []
    for group, terms in data.items():
        if not isinstance(terms, dict):
            raise RegistryError(VOCABULARY_FILE, lines.get(group), "group-not-mapping", group=group)
        groups[group] = {}
        for term_id, spec in terms.items():
            where = lines.get(f"{group}.{term_id}")
            if not isinstance(spec, dict) or not spec.get("fi") or not spec.get("sv"):
                raise RegistryError(VOCABULARY_FILE, where, "labels-missing", term=f"{group}.{term_id}")
            if not isinstance(spec["fi"], str) or not isinstance(spec["sv"], str):
                raise RegistryError(VOCABULARY_FILE, where, "labels-not-text", term=f"{group}.{term_id}")
            desc = spec.get("description") or {}
            descriptions = (
                {k: v for k, v in desc.items() if isinstance(v, str)} if isinstance(desc, dict) else {}
            )
            texts = [(f"{group}.{term_id}.{lang}", spec[lang]) for lang in LANGUAGES]
            texts += [(f"{group}.{term_id}.description.{lang}", v) for lang, v in descriptions.items()]
            for key, text in texts:
                bad = label_problem(VOCABULARY_FILE, lines.get(key, where), text)
                if bad is not None:
                    found.append(bad)
            groups[group][term_id] = Term(term_id, {"fi": spec["fi"], "sv": spec["sv"]}, descriptions)
    return Vocabulary(groups, found)


def load_municipalities(root: Path) -> Municipalities:
    """Reads ``materials/municipalities.csv`` under ``root``; codes stay text (``020``).

    Raises:
        RegistryError: When the file is missing or a row is malformed.
    """
    text = _read_registry(root, MUNICIPALITIES_FILE)
    comments: list[str] = []
    data_lines: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            comments.append(line[1:].strip())
        elif line.strip():
            data_lines.append((number, line))
    if not data_lines:
        raise RegistryError(MUNICIPALITIES_FILE, None, "no-header")
    # One line, one row: a quoted field cannot run over a line break and shift every line number after it.
    rows = [next(csv.reader(io.StringIO(line)), []) for _, line in data_lines]
    header = tuple(rows[0])
    if header != MUNICIPALITY_COLUMNS:
        raise RegistryError(
            MUNICIPALITIES_FILE, data_lines[0][0], "header", columns=",".join(MUNICIPALITY_COLUMNS)
        )
    by_slug: dict[str, Municipality] = {}
    found: list[Problem] = []
    for (number, _), row in zip(data_lines[1:], rows[1:], strict=True):
        if len(row) != len(MUNICIPALITY_COLUMNS):
            raise RegistryError(MUNICIPALITIES_FILE, number, "columns", count=len(MUNICIPALITY_COLUMNS))
        item = Municipality(*row)
        if item.slug in by_slug:
            raise RegistryError(MUNICIPALITIES_FILE, number, "duplicate-slug", slug=item.slug)
        by_slug[item.slug] = item
        for column in _MUNICIPALITY_TEXT_COLUMNS:
            bad = label_problem(MUNICIPALITIES_FILE, number, getattr(item, column))
            if bad is not None:
                found.append(bad)
    return Municipalities(by_slug, comments, found)
