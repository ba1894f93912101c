"""The layering ARCHITECTURE.md describes, read from the package's own imports (its syntax trees, not a run):
only the MkDocs adapter imports MkDocs, each layer of the core imports only the layers below it, and the
core has no import cycles."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "kaikki"
MKDOCS_PACKAGES = {"mkdocs", "material", "mkdocs_static_i18n"}
"""Third-party packages of the MkDocs world: MkDocs itself, the Material theme, static-i18n."""

LAYERS: dict[str, set[str]] = {
    "kaikki.catalogues": set(),
    "kaikki.content": {"kaikki.content"},
    "kaikki.checks": {"kaikki.content", "kaikki.checks"},
    "kaikki.site": {"kaikki.content", "kaikki.site", "kaikki.catalogues"},
    "kaikki.messages": {"kaikki.content", "kaikki.catalogues"},
}
"""What each part of the core may import from the package (ARCHITECTURE.md, "Who may import what")."""
CORE = ("kaikki.catalogues", "kaikki.content", "kaikki.checks", "kaikki.site", "kaikki.messages")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def part_of(module: str) -> str:
    """``kaikki.content.fields`` → ``kaikki.content``; ``kaikki.cli`` → ``kaikki.cli``."""
    return ".".join(module.split(".")[:2])


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(module: str, *, top_level_only: bool = False) -> Iterator[str]:
    """The modules ``module`` imports (relative imports resolved; ``from a import b`` is ``a.b`` when that
    is a module of the package). ``top_level_only`` leaves out imports inside functions and under
    ``if TYPE_CHECKING:``, which do not run when the module is imported."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]

    def walk(nodes: list[ast.AST]) -> Iterator[ast.AST]:
        for node in nodes:
            yield node
            if isinstance(node, ast.If) and top_level_only and _type_checking(node):
                continue
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and top_level_only:
                continue
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                children = getattr(node, field, None)
                if isinstance(children, list):
                    blocks = (ast.stmt, ast.ExceptHandler, ast.match_case)
                    yield from walk([c for c in children if isinstance(c, blocks)])

    for node in walk(tree.body):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package[: len(package) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield full if full in MODULES else base


def test_the_walk_finds_imports() -> None:
    """The reader of imports works: it sees the adapter's MkDocs imports and a function-level import."""
    assert any(name.split(".")[0] == "mkdocs" for name in imports("kaikki.mkdocs.plugin"))
    assert "kaikki.content" in set(imports("kaikki.checks.registry"))  # inside _load()
    assert "kaikki.content" not in set(imports("kaikki.checks.registry", top_level_only=True))
    assert len(MODULES) >= 40


@pytest.mark.parametrize("module", [m for m in MODULES if part_of(m) != "kaikki.mkdocs"])
def test_no_module_outside_the_adapter_imports_mkdocs(module: str) -> None:
    found = sorted(name for name in imports(module) if name.split(".")[0] in MKDOCS_PACKAGES)
    assert not found, f"{module} imports {found}; only kaikki.mkdocs may (see ARCHITECTURE.md)"


def loaded_by(modules: list[str]) -> list[str]:
    """The modules of the MkDocs world that importing ``modules`` loads, in a fresh interpreter."""
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(MKDOCS_PACKAGES)!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return ast.literal_eval(result.stdout.strip())


def test_importing_everything_outside_the_adapter_loads_no_mkdocs() -> None:
    """At run time as well as in the source: importing every module outside the adapter loads nothing of
    MkDocs, also not through a third-party library (which the syntax trees above do not see); importing
    the adapter does."""
    assert loaded_by([m for m in MODULES if part_of(m) != "kaikki.mkdocs"]) == []
    assert "mkdocs" in loaded_by(["kaikki.mkdocs.plugin"])


@pytest.mark.parametrize("module", [m for m in MODULES if part_of(m) != "kaikki.mkdocs"])
def test_only_the_adapter_imports_the_adapter(module: str) -> None:
    found = sorted(name for name in imports(module) if part_of(name) == "kaikki.mkdocs")
    assert not found, f"{module} imports {found}"


@pytest.mark.parametrize("module", [m for m in MODULES if part_of(m) in LAYERS])
def test_each_core_layer_imports_only_the_layers_below(module: str) -> None:
    allowed = LAYERS[part_of(module)]
    found = sorted(
        name
        for name in imports(module)
        if name.split(".")[0] == "kaikki" and name != "kaikki" and part_of(name) not in allowed
    )
    assert not found, f"{module} ({part_of(module)}) imports {found}; it may import {sorted(allowed)}"


def import_graph(modules: list[str]) -> dict[str, set[str]]:
    """Which of ``modules`` each of them imports when it is imported."""
    return {m: {i for i in imports(m, top_level_only=True) if i in modules} for m in modules}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in graph:
        if module not in index:
            visit(module)
    return found


def test_the_core_has_no_import_cycles() -> None:
    core = [m for m in MODULES if part_of(m) in CORE]
    assert len(core) >= 25
    assert cycles(import_graph(core)) == []


def test_a_cycle_would_be_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
