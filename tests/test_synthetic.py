"""scripts/synthetic.py: a generated repository passes ``kaikki check``; one seed gives the same bytes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import synthetic  # scripts/ is on pytest's pythonpath

ROOT = Path(__file__).resolve().parents[1]


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "materials").rglob("*"))
        if p.is_file()
    }


def test_generated_repository_passes_the_check(tmp_path: Path) -> None:
    synthetic.generate(tmp_path, 30, seed=3, attachments=True, copy_site=False)
    bundles = [p for p in (tmp_path / "materials").glob("*/*") if p.is_dir()]
    assert len(bundles) == 30
    assert {p.parent.name for p in bundles} == {"practices", "tools", "meetings", "networks"}
    assert all((p / "index.fi.md").is_file() and (p / "index.sv.md").is_file() for p in bundles)
    tools = [p for p in bundles if p.parent.name == "tools"]
    assert all({f.name for f in p.iterdir()} >= {"opas.pdf", "lomake.docx", "kaavio.png"} for p in tools)

    result = subprocess.run(
        [sys.executable, "-m", "kaikki.cli", "check", "--format", "json", "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    problems = json.loads(result.stdout or "[]")
    listed = problems if isinstance(problems, list) else problems.get("problems", [])
    assert [p for p in listed if str(p.get("code", "")).startswith("E")] == []


def test_text_is_inflected_in_both_languages(tmp_path: Path) -> None:
    synthetic.generate(tmp_path, 40, seed=1, copy_site=False)
    text = {
        lang: " ".join(
            p.read_text(encoding="utf-8") for p in (tmp_path / "materials").glob(f"*/*/index.{lang}.md")
        )
        for lang in ("fi", "sv")
    }
    finnish = [f for f in synthetic.NOUNS_BY_ID["support-team"].forms("fi") if f" {f} " in text["fi"]]
    swedish = [f for f in synthetic.NOUNS_BY_ID["support-team"].forms("sv") if f" {f}" in text["sv"]]
    assert len(finnish) >= 4, finnish
    assert len(swedish) >= 3, swedish
    sizes = [len(p.read_bytes()) for p in (tmp_path / "materials").glob("*/*/index.*.md")]
    assert 3000 <= sorted(sizes)[len(sizes) // 2] <= 8000


def test_same_seed_same_files_and_plants_are_known(tmp_path: Path) -> None:
    plant = synthetic.Plant("support-team", "fi", ["tukitiimeissä", "tukitiimille"], cards=4)
    first = synthetic.generate(tmp_path / "a", 25, seed=7, attachments=True, plants=[plant], copy_site=False)
    second = synthetic.generate(tmp_path / "b", 25, seed=7, attachments=True, plants=[plant], copy_site=False)
    assert first == second and len(first["fi:support-team"]) == 4
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    holders = {
        p.parent.relative_to(tmp_path / "a" / "materials").as_posix()
        for p in (tmp_path / "a" / "materials").glob("*/*/index.fi.md")
        if "tukitiim" in p.read_text(encoding="utf-8")
    }
    assert holders == set(first["fi:support-team"])
