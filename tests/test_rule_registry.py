"""The rule registry: every code is declared where it is reported, in its family's module or with a reason,
and the declarations are the list of codes everything else reads."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import kaikki.checks
from kaikki.checks import registry
from kaikki.checks.registry import ELSEWHERE, FAMILIES, HOME, RuleRegistryError, codes, rule, rules

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "kaikki"
_CODE = re.compile(r"^[EN]\d{3}$")
# Modules that name a code without reporting it themselves.
REUSERS = {
    # The bundle writer (kaikki new, kaikki from-issue) refuses a bad slug with the words of check_slug's
    # E209/E213, before any file exists.
    "kaikki.intake.writer": {"E209", "E213"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def code_constants(path: Path) -> set[str]:
    """The string constants of a module that are exactly a problem code (its AST, not a text search)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _CODE.match(node.value)
    }


def test_families_are_the_digits_and_every_code_is_in_its_family() -> None:
    assert list(FAMILIES.values()) == ["loading", "fields", "twins", "links", "files", "safety"]
    for found in rules():
        assert found.family == FAMILIES[found.code[1]], found


def test_every_code_is_declared_by_the_module_that_names_it() -> None:
    """A module that writes a code declares it (or is a known reuser): nothing is reported unregistered."""
    declared: dict[str, set[str]] = {}
    for found in rules():
        declared.setdefault(found.module, set()).add(found.code)
    checked = 0
    for path in sorted(PACKAGE.rglob("*.py")):
        named = code_constants(path)
        if not named:
            continue
        module = module_name(path)
        if module == "kaikki.checks.registry":
            continue  # names every exception's code in ELSEWHERE
        undeclared = named - declared.get(module, set()) - REUSERS.get(module, set())
        assert not undeclared, f"{module} reports {sorted(undeclared)} without declaring them"
        checked += 1
    assert checked >= 10


def test_every_declaration_names_a_real_producer() -> None:
    import importlib

    for found in rules():
        module = importlib.import_module(found.module)
        assert hasattr(module, found.producer.split(".")[0]), found


def test_codes_outside_their_home_have_a_reason_and_every_reason_is_used() -> None:
    outside = {(r.code, r.module) for r in rules() if r.module not in HOME[r.family]}
    assert outside, "the exceptions are real: E411 comes from kaikki.history"
    for code, module in outside:
        assert module in registry.elsewhere(code), code
    assert {code for code, _ in outside} == set(ELSEWHERE)


def test_every_bundle_rule_and_the_library_rule_are_registered() -> None:
    producers = {(r.module, r.producer) for r in rules()}
    for function in (
        kaikki.checks.check_redirects,
        kaikki.checks.schema.check_front_matter,
        kaikki.checks.schema.check_slug,
        kaikki.checks.twins.check_twins,
        *(f for f in kaikki.checks.BUNDLE_RULES if f.__name__ != "<lambda>"),
    ):
        assert (function.__module__, function.__qualname__) in producers, function


def test_codes_are_sorted_with_notices_beside_their_errors() -> None:
    found = codes()
    assert found == sorted(set(found), key=lambda c: (c[1:], c[0]))
    assert found.index("N301") == found.index("E301") + 1
    assert "E411" in found and "E118" in found


def test_a_code_of_another_family_is_refused() -> None:
    with pytest.raises(RuleRegistryError, match="not of family"):

        @rule("E501", "links")
        def check_x() -> None: ...


def test_a_code_outside_its_home_without_a_reason_is_refused() -> None:
    with pytest.raises(RuleRegistryError, match=r"belongs in kaikki\.checks\.files"):

        @rule("E501", "files")
        def check_y() -> None: ...

    assert all(r.producer not in ("check_x", "check_y") for r in rules())


def test_not_a_code_is_refused() -> None:
    with pytest.raises(RuleRegistryError, match="not a problem code"):
        registry._register(["E12"], "loading", "kaikki.content.documents", "X")


def test_the_decorator_registers_and_returns_the_function_unchanged() -> None:
    def check_z() -> str:
        return "z"

    check_z.__module__ = "kaikki.checks.twins"
    before = list(registry._RULES)
    try:
        assert rule("E301", "twins")(check_z) is check_z
        assert registry.Rule("E301", "twins", "kaikki.checks.twins", check_z.__qualname__) in rules()
    finally:
        registry._RULES[:] = before
    assert check_z() == "z"
