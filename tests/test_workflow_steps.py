"""The pull-request workflow's check step, run locally as GitHub runs it.

The `run:` script of the `kaikki check` step is read from `.github/workflows/check.yml` and executed with
bash in a temporary repository holding a broken bundle, with the variables GitHub sets
(`GITHUB_STEP_SUMMARY`, `GITHUB_BASE_REF`). The annotations and the summary are what a contributor sees
in the pull request, so they are asserted here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import copy_materials

REPO_ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def workflow_step(name: str) -> str:
    workflow = yaml.safe_load((REPO_ROOT / ".github/workflows/check.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    return next(step["run"] for step in steps if step.get("name") == name)


def git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.fi",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.fi",
    }
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def run_step(root: Path, script: str, summary: Path, base_ref: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{BIN}:/usr/bin:/bin",
        "HOME": str(root),
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_BASE_REF": base_ref,
    }
    return subprocess.run(["bash", "-e", "-c", script], cwd=root, env=env, capture_output=True, text=True)


def test_check_step_annotates_a_broken_bundle_and_writes_the_summary(tmp_path: Path) -> None:
    root = copy_materials(tmp_path / "repo", full=False)
    practice = root / "materials/practices/kunnalliset-tukitiimit/index.fi.md"
    text = practice.read_text(encoding="utf-8")
    practice.write_text(text.replace("themes:", "theems:", 1), encoding="utf-8")
    line = text.split("\n").index(next(row for row in text.split("\n") if row.startswith("themes:"))) + 1
    summary = tmp_path / "summary.md"

    result = run_step(root, workflow_step("kaikki check"), summary)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    annotation = (
        f"::error file=materials/practices/kunnalliset-tukitiimit/index.fi.md,line={line},title=E206 "
    )
    assert annotation in result.stdout
    written = summary.read_text(encoding="utf-8")
    assert "## Sisällön tarkistus" in written and "## Kontroll av innehållet" in written
    assert "Tuntematon kenttä theems." in written and "Okänt fält theems." in written


def test_check_step_guards_removals_against_the_base_branch(tmp_path: Path) -> None:
    root = copy_materials(tmp_path / "repo", full=False)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    # GitHub's checkout has the base branch as origin/<base>: a local ref of that name stands in for it.
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(root, "checkout", "-q", "-b", "change")
    shutil.rmtree(root / "materials/practices/kunnalliset-tukitiimit")
    summary = tmp_path / "summary.md"

    result = run_step(root, workflow_step("kaikki check"), summary, base_ref="main")

    assert result.returncode == 1, result.stderr
    assert "::error file=materials/practices/kunnalliset-tukitiimit,title=E411 " in result.stdout
    assert "E411" in summary.read_text(encoding="utf-8")


def test_check_step_passes_on_the_repository(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = run_step(REPO_ROOT, workflow_step("kaikki check"), summary)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Ei virheitä" in summary.read_text(encoding="utf-8")
