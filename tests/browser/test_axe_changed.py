"""scripts/axe_changed.py: axe-core over the built pages of the cards a pull request changes.

A throw-away git repository (the real site's sources) gets two changed cards on a branch: one with a
table whose header row is empty and a heading that skips a level, one clean. The script must report
the first in both languages (exit 1, annotations, summary with the preview link) and not the second.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import axe_changed  # scripts/ is on pytest's pythonpath

from .conftest import copy_repository

pytestmark = [pytest.mark.browser, pytest.mark.build]

ROOT = Path(__file__).resolve().parents[2]
BAD = "practices/kunnalliset-tukitiimit"
CLEAN = "practices/alueellinen-ohjausryhma"
INACCESSIBLE = """

## Taulukko ilman otsikkoriviä

|   |   |
|---|---|
| Syksy | Kartoitus |
| Kevät | Arviointi |

#### Otsikkotaso hyppää yli
"""


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.fi"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.fi"}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repository(tmp_path_factory.mktemp("axe") / "repo")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    _git(root, "checkout", "-q", "-b", "change")
    for lang in ("fi", "sv"):
        bad = root / "materials" / BAD / f"index.{lang}.md"
        bad.write_text(bad.read_text(encoding="utf-8") + INACCESSIBLE, encoding="utf-8")
        clean = root / "materials" / CLEAN / f"index.{lang}.md"
        clean.write_text(clean.read_text(encoding="utf-8") + "\n\nLisäys.\n", encoding="utf-8")
    _git(root, "commit", "-q", "-am", "change")
    return root


def test_changed_bundles_come_from_git(repo: Path) -> None:
    assert axe_changed.changed_bundles(repo, "main") == [CLEAN, BAD]


def test_inaccessible_card_is_reported_and_the_clean_one_is_not(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.md"
    status = axe_changed.main(
        [
            "--root", str(repo), "--base", "main", "--format", "github",
            "--summary", str(summary), "--artifact-url", "https://github.com/o/r/actions/runs/1/artifacts/2",
        ]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status == 1, out
    for lang in ("fi", "sv"):
        source = f"materials/{BAD}/index.{lang}.md"
        assert f"::error file={source},title=axe heading-order::" in out
        assert f"::error file={source},title=axe empty-table-header::" in out
    assert CLEAN not in out
    written = summary.read_text(encoding="utf-8")
    assert "## Saavutettavuus: muuttuneiden korttien sivut (axe-core)" in written
    assert "## Tillgänglighet: sidorna för ändrade kort (axe-core)" in written
    assert f"| `/{CLEAN}/` (materials/{CLEAN}/index.fi.md) | ✅ ei ongelmia |" in written
    assert f"| `/sv/{BAD}/` (materials/{BAD}/index.sv.md) | " in written and "`heading-order`" in written
    assert "(https://github.com/o/r/actions/runs/1/artifacts/2)" in written


def test_nothing_changed_is_a_pass(repo: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    assert axe_changed.main(["--root", str(repo), "--base", "HEAD", "--summary", str(summary)]) == 0
    assert "Pull request ei muuta yhtään korttia." in summary.read_text(encoding="utf-8")


def test_only_serious_or_structural_rules_are_reported() -> None:
    assert axe_changed.reportable({"id": "heading-order", "impact": "moderate"})
    assert axe_changed.reportable({"id": "color-contrast", "impact": "serious"})
    assert not axe_changed.reportable({"id": "region", "impact": "moderate"})
    assert sys.executable  # the script runs with the test's interpreter (mkdocs beside it)
