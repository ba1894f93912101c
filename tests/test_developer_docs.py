"""README.md, ARCHITECTURE.md and DEVELOPING.md stay true to the repository: every link is a file in it, and
every module, path and script they name exists."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ["README.md", "ARCHITECTURE.md", "DEVELOPING.md"]
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
_MODULE = re.compile(r"`(kaikki(?:\.[a-z_]+)+)`")
_PATH = re.compile(r"`((?:plugins/kaikki|scripts|tests|materials|docs)/[\w./-]+?)`")
_SCRIPT = re.compile(r"python (scripts/[\w]+\.py)")


def _text(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", DOCS)
def test_links_are_files_in_the_repository(name: str) -> None:
    links = [link for link in _LINK.findall(_text(name)) if "://" not in link]
    assert links or name != "README.md"
    for link in links:
        assert (ROOT / link).exists(), f"{name}: {link}"


@pytest.mark.parametrize("name", ["ARCHITECTURE.md", "DEVELOPING.md"])
def test_named_modules_paths_and_scripts_exist(name: str) -> None:
    text = _text(name)
    for module in set(_MODULE.findall(text)):
        parts = module.split(".")
        # ``kaikki.checks.registry`` or an attribute of a module, ``kaikki.messages.text``.
        found = importlib.util.find_spec(module) if len(parts) < 4 else None
        found = found or importlib.util.find_spec(".".join(parts[:-1]))
        assert found is not None, f"{name}: {module}"
    for path in set(_PATH.findall(text)):
        if "<" in path or "*" in path:
            continue
        assert (ROOT / path.rstrip("/.")).exists(), f"{name}: {path}"
    for script in set(_SCRIPT.findall(text)):
        assert (ROOT / script).is_file(), f"{name}: {script}"


def test_readme_points_at_the_developer_documents_and_nothing_outside() -> None:
    text = _text("README.md")
    assert "[ARCHITECTURE.md](ARCHITECTURE.md)" in text and "[DEVELOPING.md](DEVELOPING.md)" in text
    assert "content-model.md" not in text and "shared folder" not in text
