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


def workflow_step(name: str, workflow_file: str = "check.yml", job: str = "check") -> str:
    workflow = yaml.safe_load((REPO_ROOT / ".github/workflows" / workflow_file).read_text(encoding="utf-8"))
    steps = workflow["jobs"][job]["steps"]
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


def run_step(
    root: Path, script: str, summary: Path, base_ref: str = "", extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{BIN}:/usr/bin:/bin",
        "HOME": str(root),
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        "BASE_REF": base_ref,  # the step's env: github.base_ref or the dispatched run's `base`
        **(extra or {}),
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


# --- issue-to-pr.yml: the conversion and the failure comment -------------------------------------------

FAKE_GH = """#!/bin/sh
# Records what the workflow asks of GitHub, and the comment's text.
echo "$@" >> "$GH_LOG"
while [ $# -gt 0 ]; do
  if [ "$1" = "--body-file" ]; then cat "$2" > "$GH_LOG.body"; fi
  shift
done
"""


def _issue_repo(tmp_path: Path) -> Path:
    """A checkout with content only: the step runs the installed `kaikki from-issue`, no script."""
    root = copy_materials(tmp_path / "repo", full=False)
    fake = tmp_path / "bin" / "gh"
    fake.parent.mkdir()
    fake.write_text(FAKE_GH, encoding="utf-8")
    fake.chmod(0o755)
    return root


def _issue_env(tmp_path: Path, body: str) -> dict[str, str]:
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir(exist_ok=True)
    return {
        "PATH": f"{tmp_path / 'bin'}:{BIN}:/usr/bin:/bin",
        "ISSUE_BODY": body,
        "ISSUE_NUMBER": "7",
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GH_LOG": str(tmp_path / "gh.log"),
        "GH_TOKEN": "x",
        "GH_REPO": "o/r",
    }


def test_issue_that_cannot_be_converted_gets_a_comment_in_the_forms_language(tmp_path: Path) -> None:
    root = _issue_repo(tmp_path)
    fixture = REPO_ROOT / "tests/fixtures/issue_forms/meeting-sv.md"
    body = fixture.read_text(encoding="utf-8").replace("2026-vår", "nästa vår")
    env = _issue_env(tmp_path, body)
    convert = run_step(root, workflow_step("Write the bundle from the issue", "issue-to-pr.yml", "bundle"),
                       tmp_path / "s.md", extra=env)  # fmt: skip
    assert convert.returncode == 0, convert.stderr
    assert "converted=false" in (tmp_path / "output").read_text(encoding="utf-8")
    assert not (root / "materials/meetings").exists()

    comment = run_step(
        root,
        workflow_step("Comment on the issue when it cannot be converted", "issue-to-pr.yml", "bundle"),
        tmp_path / "s.md",
        extra=env,
    )
    assert comment.returncode == 1  # the run fails, so the maintainer sees it too
    assert (tmp_path / "gh.log").read_text(encoding="utf-8").startswith("issue comment 7 --body-file ")
    posted = (tmp_path / "gh.log.body").read_text(encoding="utf-8")
    assert posted.startswith("### Förslaget #7 kunde inte göras om till ett kort")
    assert "Värdet ”nästa vår” i fältet ”Datum” har fel form." in posted


def test_converted_issue_gives_the_bundle_and_its_language(tmp_path: Path) -> None:
    root = _issue_repo(tmp_path)
    body = (REPO_ROOT / "tests/fixtures/issue_forms/meeting-sv.md").read_text(encoding="utf-8")
    env = _issue_env(tmp_path, body)
    script = workflow_step("Write the bundle from the issue", "issue-to-pr.yml", "bundle")
    assert "kaikki from-issue --body-file" in script and "scripts/" not in script
    result = run_step(root, script, tmp_path / "s.md", extra=env)
    assert result.returncode == 0, result.stderr
    output = (tmp_path / "output").read_text(encoding="utf-8")
    assert "converted=true" in output and "lang=sv" in output
    assert "path=materials/meetings/2026-spring-natverkstraff-om-overgangar" in output


def test_the_pull_request_gets_the_checks_without_a_token_secret() -> None:
    """The standard remedy: with no KAIKKI_PR_TOKEN, check.yml is dispatched on the new branch."""
    script = workflow_step(
        "Start the checks and the preview on the pull request's branch", "issue-to-pr.yml", "bundle"
    )
    assert 'gh workflow run check.yml --ref "$BRANCH" -f base="$DEFAULT_BRANCH"' in script
    check = yaml.safe_load((REPO_ROOT / ".github/workflows/check.yml").read_text(encoding="utf-8"))
    triggers = check.get("on", check.get(True))
    assert "base" in triggers["workflow_dispatch"]["inputs"]


# --- check.yml: which cards changed; test.yml: the code pull requests ----------------------------------


def test_changed_cards_step_sees_a_content_change(tmp_path: Path) -> None:
    root = copy_materials(tmp_path / "repo", full=False)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    script = workflow_step("Which cards changed")
    output = tmp_path / "output"
    extra = {"GITHUB_OUTPUT": str(output)}
    assert run_step(root, script, tmp_path / "s.md", base_ref="main", extra=extra).returncode == 0
    assert not output.exists() or "cards=true" not in output.read_text(encoding="utf-8")
    card = root / "materials/practices/kunnalliset-tukitiimit/index.fi.md"
    card.write_text(card.read_text(encoding="utf-8") + "\nLisäys.\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "card")
    assert run_step(root, script, tmp_path / "s.md", base_ref="main", extra=extra).returncode == 0
    assert "cards=true" in output.read_text(encoding="utf-8")


def test_code_pull_requests_run_the_full_suite_in_debian() -> None:
    workflow = yaml.safe_load((REPO_ROOT / ".github/workflows/test.yml").read_text(encoding="utf-8"))
    paths = workflow.get("on", workflow.get(True))["pull_request"]["paths"]
    for code in ("plugins/", "tests/", "scripts/", "pyproject.toml", "constraints.txt", "mkdocs.yml",
                 "docs/overrides", "Makefile", ".github/"):  # fmt: skip
        assert any(path.startswith(code) for path in paths), code
    assert not any(path.startswith("materials") for path in paths)
    job = workflow["jobs"]["test"]
    assert job["container"].endswith("bookworm")  # Debian, so `make chromium` installs Debian's Chromium
    assert "make test" in job["steps"][-1]["run"]
