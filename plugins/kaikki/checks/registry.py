"""The rule registry: every problem code, the family it belongs to and the code that reports it.

A check function declares the codes it reports with :func:`rule`; the loading code of
:mod:`kaikki.content` (which must not import :mod:`kaikki.checks`) declares its codes as data, a
``PROBLEM_CODES`` mapping of family to codes in each module, and :func:`declare` registers them here. So
the list of codes is data: the catalogue tests, the contributor guide's table of checks
(``scripts/make_check_table.py``) and the corpus' coverage test all read :func:`codes` instead of
scraping the source.

A code's family is its first digit (``E2xx`` and ``N2xx`` are ``fields``), and each family has a home
module (:data:`HOME`). A code reported from elsewhere is listed in :data:`ELSEWHERE` with the reason; any
other registration outside the home module is refused when the module is imported.

Usage::

    @rule(codes=("E501", "E502"), family="files")
    def check_files(bundle, ctx): ...
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TypeVar

FAMILIES: dict[str, str] = {
    "1": "loading",
    "2": "fields",
    "3": "twins",
    "4": "links",
    "5": "files",
    "6": "safety",
}
"""A code's family by its first digit."""

HOME: dict[str, tuple[str, ...]] = {
    "loading": ("kaikki.content.documents", "kaikki.content.library"),
    # The field kinds (kaikki.content.fields) judge values; the schema rules apply them to a card.
    "fields": ("kaikki.checks.schema", "kaikki.content.fields"),
    "twins": ("kaikki.checks.twins",),
    "links": ("kaikki.checks.references",),
    "files": ("kaikki.checks.files",),
    "safety": ("kaikki.checks.safety",),
}
"""The modules where each family's codes are reported."""

ELSEWHERE: dict[str, str] = {
    # fields
    "E210": "kaikki.checks: a redirect_from path is unique across the library, so check_redirects looks at "
    "every bundle at once instead of one bundle like the schema rules",
    "E212": "kaikki.content.urls: an address without a scheme in a URL field is a field's wrong format; the "
    "one judge of addresses reports it for the schema rules",
    "E218": "kaikki.content.registries: labels of the vocabulary and names of municipalities are judged "
    "while the registries load, before any card",
    # links
    "E401": "kaikki.checks.schema, kaikki.content.fields: related is a field; its values are resolved with "
    "the other fields",
    "E402": "kaikki.checks.schema, kaikki.content.fields: network is a field; its value is resolved with the "
    "other fields",
    "E403": "kaikki.content.urls: one judge for an address in a field or in a body",
    "E411": "kaikki.history: a removed bundle is found in git history (kaikki check --base), not in the "
    "library",
    "E412": "kaikki.content.urls: one judge for an address in a field or in a body",
    "E413": "kaikki.content.urls: one judge for an address in a field or in a body",
    "E414": "kaikki.content.urls: one judge for an address in a field or in a body",
    "E415": "kaikki.content.urls: one judge for an address in a field or in a body",
    # files
    "E506": "kaikki.content.library: a symbolic link is reported while loading, since links are never "
    "followed",
    "E508": "kaikki.checks.safety: each attachment is inspected once; the one report answers its type, its "
    "limits and the personal data in it",
    "E509": "kaikki.checks.safety: as E508",
    "E510": "kaikki.checks.safety: as E508",
    "E511": "kaikki.checks.safety: as E508",
    "E512": "kaikki.checks.safety: as E508",
    # safety
    "E601": "kaikki.checks.schema, kaikki.content.fields: markup in a front-matter text is found with the "
    "field's other rules",
    "E602": "kaikki.checks.references: an image is judged with the other links of the body",
    "E606": "kaikki.checks.schema, kaikki.content.fields: an e-mail address is a field value, judged with "
    "the field",
}
"""Codes reported outside their family's home modules: ``"<module>[, <module>]: why"``."""

_CODE = re.compile(r"^[EN][1-9]\d\d$")


class RuleRegistryError(Exception):
    """A declaration breaks the registry's rules (a bug in the package, found at import)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One code as one producer reports it.

    Attributes:
        code: ``E123`` (an error) or ``N123`` (a notice).
        family: One of :data:`FAMILIES`' values; always the family of the code's first digit.
        module: The module that reports it, e.g. ``kaikki.checks.files``.
        producer: The function (``check_files``) or the declaration (``PROBLEM_CODES``) in that module.
    """

    code: str
    family: str
    module: str
    producer: str

    @property
    def is_notice(self) -> bool:
        return self.code.startswith("N")


_RULES: list[Rule] = []
_loaded = False

F = TypeVar("F", bound=Callable[..., object])


def family_of(code: str) -> str:
    """The family of ``code`` by its first digit (``E412`` → ``links``)."""
    return FAMILIES[code[1]]


def elsewhere(code: str) -> tuple[str, ...]:
    """The modules outside its family's home that :data:`ELSEWHERE` allows to report ``code``."""
    where, _, _ = ELSEWHERE.get(code, "").partition(": ")
    return tuple(name for name in where.split(", ") if name)


def _register(codes: Iterable[str], family: str, module: str, producer: str) -> None:
    for code in codes:
        if not _CODE.match(code):
            raise RuleRegistryError(f"{module}.{producer}: {code!r} is not a problem code")
        if code[1] not in FAMILIES or FAMILIES[code[1]] != family:
            raise RuleRegistryError(f"{module}.{producer}: {code} is not of family {family!r}")
        if module not in HOME[family] and module not in elsewhere(code):
            raise RuleRegistryError(
                f"{module}.{producer}: {code} belongs in {' or '.join(HOME[family])}; move the rule, or say "
                f"in ELSEWHERE of kaikki.checks.registry why it lives in {module}"
            )
        found = Rule(code, family, module, producer)
        if found not in _RULES:
            _RULES.append(found)


def rule(code: str | None = None, family: str = "", *, codes: Iterable[str] = ()) -> Callable[[F], F]:
    """Declares the codes a check function reports; the function itself is returned unchanged.

    Args:
        code: One code (``@rule("E301", "twins")``).
        family: The codes' family; each code's first digit must say the same.
        codes: Several codes of one family (``@rule(codes=("E501", "E502"), family="files")``). A function
            reporting codes of several families carries one decorator a family.
    """
    wanted = ((code,) if code else ()) + tuple(codes)
    if not wanted:
        raise RuleRegistryError("@rule needs a code")

    def register(function: F) -> F:
        _register(wanted, family, function.__module__, function.__qualname__)
        return function

    return register


def declare(where: ModuleType, name: str = "PROBLEM_CODES") -> None:
    """Registers the codes a module of :mod:`kaikki.content` declares as ``{family: codes}`` data."""
    declared: Mapping[str, Iterable[str]] = getattr(where, name)
    for family, codes in declared.items():
        _register(codes, family, where.__name__, name)


def _load() -> None:
    """Imports every module that reports codes, so that their declarations are made."""
    global _loaded
    if _loaded:
        return
    # The check modules register with @rule when imported (kaikki.checks imports them all); the modules of
    # the content core that report codes say so with PROBLEM_CODES.
    import kaikki.checks
    import kaikki.content

    for info in pkgutil.iter_modules(kaikki.content.__path__, "kaikki.content."):
        module = importlib.import_module(info.name)
        if hasattr(module, "PROBLEM_CODES"):
            declare(module)
    # kaikki.history (git) is outside the core; its one code is declared here, by name.
    _register(("E411",), "links", "kaikki.history", "removed_without_redirect")
    _loaded = True


def rules() -> list[Rule]:
    """Every registration, sorted by code."""
    _load()
    return sorted(_RULES, key=lambda r: (r.code[1:], r.code[0], r.module, r.producer))


def codes() -> list[str]:
    """Every problem code the package can report, sorted (``E101`` … ``E607``, ``N301`` after ``E301``)."""
    return sorted({r.code for r in rules()}, key=lambda c: (c[1:], c[0]))


def codes_by_family() -> dict[str, list[str]]:
    """The codes of each family, families in the order of their digits."""
    found: dict[str, list[str]] = {family: [] for family in FAMILIES.values()}
    for code in codes():
        found[family_of(code)].append(code)
    return found


def producers(code: str) -> list[Rule]:
    """The registrations of ``code`` (a code may be reported by more than one rule)."""
    return [r for r in rules() if r.code == code]
