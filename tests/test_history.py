"""Removal guard (E411) and translation status, on temporary git repositories with fixed commit dates."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kaikki.cli import main
from kaikki.history import (
    HistoryError,
    last_changes,
    removed_without_redirect,
    translation_status,
)

ROOT = Path(__file__).resolve().parents[1]

if shutil.which("git") is None:  # pragma: no cover - git is part of every supported set-up
    pytest.skip("git is not installed", allow_module_level=True)

DAY = 86_400
START = 1_700_000_000  # 2023-11-14, a fixed clock for every commit


def _card(lang: str, title: str, redirect_from: list[str] | None = None, tool: bool = False) -> str:
    summary = (
        "Kunnan tukitiimi kartoittaa tuen nykytilan ja sopii kehittämisaskeleista."
        if lang == "fi"
        else "Kommunens stödteam kartlägger nuläget i stödet och kommer överens om nästa steg."
    )
    heading = "Tausta" if lang == "fi" else "Bakgrund"
    lines = [
        "---",
        f'title: "{title}"',
        f'summary: "{summary}"',
        "municipalities:",
        "  - liperi",
        "themes:",
        "  - support-continuum",
        'published: "2023-11-14"',
    ]
    if tool:
        lines += ["attachments:", '  - url: "https://example.fi/lomake.pdf"', f'    title: "{title}"']
    if redirect_from:
        lines.append("redirect_from:")
        lines.extend(f'  - "{value}"' for value in redirect_from)
    lines += ["---", "", f"## {heading}", "", "Teksti." if lang == "fi" else "Text.", ""]
    return "\n".join(lines)


class Repo:
    """A throw-away content repository; every commit one day after the previous one."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.clock = START
        (root / "materials").mkdir(parents=True)
        for name in ("vocabulary.yml", "municipalities.csv"):
            shutil.copy(ROOT / "materials" / name, root / "materials" / name)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        stamp = f"@{self.clock} +0200"
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Testi",
            "GIT_AUTHOR_EMAIL": "testi@example.fi",
            "GIT_COMMITTER_NAME": "Testi",
            "GIT_COMMITTER_EMAIL": "testi@example.fi",
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(self.root),
        }
        result = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True
        )
        return result.stdout

    def write(self, key: str, lang: str, text: str) -> None:
        folder = self.root / "materials" / key
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"index.{lang}.md").write_text(text, encoding="utf-8")

    def bundle(self, key: str, *langs: str, redirect_from: list[str] | None = None) -> None:
        for lang in langs or ("fi", "sv"):
            title = key.rpartition("/")[2].replace("-", " ")
            self.write(key, lang, _card(lang, title, redirect_from, tool=key.startswith("tools/")))

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        self.clock += DAY


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.bundle("practices/tukitiimi")
    repo.bundle("practices/ohjausryhma")
    repo.bundle("tools/kartoitus-lomake")
    repo.commit("Three cards")
    repo.git("branch", "base")
    return repo


def _check(repo: Repo, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    status = main(["check", "--root", str(repo.root), "--no-cache", "--format", "json", *extra])
    out, err = capsys.readouterr()
    return status, out, err


def _codes(out: str) -> list[tuple[str, str]]:
    return [(p["code"], p["path"]) for p in json.loads(out)["problems"]]


# --- removal guard ------------------------------------------------------------------------------


def test_unchanged_repository_is_clean(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _check(repo, capsys, "--base", "base")
    assert status == 0, out
    assert _codes(out) == []


def test_removing_a_bundle_is_e411(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(repo.root / "materials" / "practices" / "ohjausryhma")
    repo.commit("Remove a card")

    status, out, _ = _check(repo, capsys, "--base", "base")

    assert status == 1
    assert _codes(out) == [("E411", "materials/practices/ohjausryhma")]
    found = json.loads(out)["problems"][0]
    assert found["line"] is None
    assert "practices/ohjausryhma" in found["message"]["fi"]
    assert "practices/ohjausryhma" in found["message"]["sv"]
    assert "redirect_from" in found["hint"]["fi"] and "status: archived" in found["hint"]["sv"]


def test_removal_is_seen_before_it_is_committed(repo: Repo) -> None:
    shutil.rmtree(repo.root / "materials" / "tools" / "kartoitus-lomake")
    assert [p.path for p in removed_without_redirect(repo.root, "base")] == [
        "materials/tools/kartoitus-lomake"
    ]


def test_without_base_there_is_no_removal_check(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(repo.root / "materials" / "practices" / "ohjausryhma")
    status, out, _ = _check(repo, capsys)
    assert status == 0, out


def test_rename_with_redirect_is_clean(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(repo.root / "materials" / "practices" / "tukitiimi")
    repo.bundle("practices/kunnan-tukitiimi", redirect_from=["/practices/tukitiimi/"])
    repo.commit("Rename a card")

    status, out, _ = _check(repo, capsys, "--base", "base")

    assert status == 0, out
    assert _codes(out) == []


def test_rename_without_redirect_is_e411(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    (repo.root / "materials" / "practices" / "tukitiimi").rename(
        repo.root / "materials" / "practices" / "kunnan-tukitiimi"
    )
    repo.commit("Rename a card, forgetting the redirect")

    status, out, _ = _check(repo, capsys, "--base", "base", "--lang", "sv")

    assert status == 1
    assert _codes(out) == [("E411", "materials/practices/tukitiimi")]


def test_moving_to_another_collection_needs_a_redirect(repo: Repo) -> None:
    (repo.root / "materials" / "tools" / "kartoitus-lomake").rename(
        repo.root / "materials" / "practices" / "kartoitus-lomake"
    )
    problems = removed_without_redirect(repo.root, "base")
    assert [(p.code, p.path) for p in problems] == [("E411", "materials/tools/kartoitus-lomake")]


def test_bundles_added_on_the_base_branch_later_are_not_removals(repo: Repo) -> None:
    repo.git("switch", "-q", "-c", "feature")
    repo.git("switch", "-q", "base")
    repo.bundle("practices/uusi-kaytanto")
    repo.commit("A card on the base branch after the feature branch started")
    repo.git("switch", "-q", "feature")

    assert removed_without_redirect(repo.root, "base") == []


def test_only_paths_limit_removals(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(repo.root / "materials" / "practices" / "ohjausryhma")
    kept = repo.root / "materials" / "practices" / "tukitiimi"
    status, out, _ = _check(repo, capsys, "--base", "base", str(kept))
    assert status == 0, out


def test_text_report_names_the_removed_folder(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(repo.root / "materials" / "practices" / "ohjausryhma")
    status = main(["check", "--root", str(repo.root), "--no-cache", "--base", "base"])
    out = capsys.readouterr().out
    assert status == 1
    assert out.startswith(
        "materials/practices/ohjausryhma: E411 Kortti practices/ohjausryhma on poistettu tai nimetty "
        "uudelleen ilman ohjausta."
    )


def test_unknown_base_is_a_usage_error_in_both_languages(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _check(repo, capsys, "--base", "origin/ei-ole")
    assert status == 2
    assert out == ""
    assert "origin/ei-ole" in err
    assert "Versiota origin/ei-ole ei löydy" in err
    assert "Versionen origin/ei-ole finns inte" in err


def test_option_like_base_is_refused(repo: Repo) -> None:
    with pytest.raises(HistoryError) as caught:
        removed_without_redirect(repo.root, "--output=/tmp/x")
    assert caught.value.key == "unknown_git_ref"


def test_outside_git_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "plain"
    (root / "materials").mkdir(parents=True)
    for name in ("vocabulary.yml", "municipalities.csv"):
        shutil.copy(ROOT / "materials" / name, root / "materials" / name)
    env_ceiling = os.environ.get("GIT_CEILING_DIRECTORIES")
    os.environ["GIT_CEILING_DIRECTORIES"] = str(tmp_path)
    try:
        assert main(["check", "--root", str(root), "--base", "main"]) == 2
        assert "git" in capsys.readouterr().err
        assert main(["translations", "--root", str(root), "--lang", "sv"]) == 2
        err = capsys.readouterr().err
        assert "inte under git-versionshantering" in err
        assert "ei ole git-versionhallinnassa" in err
    finally:
        if env_ceiling is None:
            del os.environ["GIT_CEILING_DIRECTORIES"]
        else:
            os.environ["GIT_CEILING_DIRECTORIES"] = env_ceiling


# --- translation status -------------------------------------------------------------------------


def test_twins_committed_together_are_in_step(repo: Repo) -> None:
    assert translation_status(repo.root) == []


def test_twin_changed_later_makes_the_other_outdated(repo: Repo) -> None:
    repo.write("practices/tukitiimi", "fi", _card("fi", "Kunnan tukitiimi"))
    repo.commit("Finnish text improved")

    states = translation_status(repo.root)

    assert [(s.key, s.status, s.lang, s.source_lang) for s in states] == [
        ("practices/tukitiimi", "outdated", "sv", "fi")
    ]
    assert states[0].changed == START
    assert states[0].source_changed == START + DAY
    assert states[0].file == "materials/practices/tukitiimi/index.sv.md"


def test_updating_both_twins_together_brings_them_back_in_step(repo: Repo) -> None:
    repo.write("practices/tukitiimi", "fi", _card("fi", "Kunnan tukitiimi"))
    repo.commit("Finnish text improved")
    # The translator updates the Swedish text and the `updated` date, a fact both twins carry.
    for lang, title in (("fi", "Kunnan tukitiimi"), ("sv", "Kommunens stödteam")):
        text = _card(lang, title).replace(
            'published: "2023-11-14"', 'published: "2023-11-14"\nupdated: "2023-11-16"'
        )
        repo.write("practices/tukitiimi", lang, text)
    repo.commit("Swedish text follows")
    assert translation_status(repo.root) == []


def test_a_later_translation_alone_makes_the_source_look_older(repo: Repo) -> None:
    """Known limit of comparing times: commit the twins together (see the guide) to mark them in step."""
    repo.write("practices/tukitiimi", "fi", _card("fi", "Kunnan tukitiimi"))
    repo.commit("Finnish text improved")
    repo.write("practices/tukitiimi", "sv", _card("sv", "Kommunens stödteam"))
    repo.commit("Swedish text follows, alone")
    assert [(s.status, s.lang) for s in translation_status(repo.root)] == [("outdated", "fi")]


def test_missing_twin_is_listed(repo: Repo) -> None:
    repo.bundle("practices/vain-suomeksi", "fi")
    repo.commit("A card in Finnish only")

    states = translation_status(repo.root)

    assert [(s.key, s.status, s.lang, s.source_lang) for s in states] == [
        ("practices/vain-suomeksi", "missing", "sv", "fi")
    ]
    assert states[0].changed is None


def test_one_git_log_gives_every_file(repo: Repo) -> None:
    changes = last_changes(repo.root)
    assert set(changes) == {
        f"materials/{key}/index.{lang}.md"
        for key in ("practices/tukitiimi", "practices/ohjausryhma", "tools/kartoitus-lomake")
        for lang in ("fi", "sv")
    }
    assert set(changes.values()) == {START}


def test_translations_command_text_and_json(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("practices/ohjausryhma", "sv", _card("sv", "Styrgrupp"))
    repo.commit("Swedish text improved")
    repo.bundle("tools/vain-ruotsiksi", "sv")
    repo.commit("A tool in Swedish only")

    assert main(["translations", "--root", str(repo.root)]) == 0
    out = capsys.readouterr().out
    assert "practices/ohjausryhma: Suomenkielistä versiota" in out
    assert "2023-11-14" in out and "2023-11-15" in out
    assert "tools/vain-ruotsiksi: Suomenkielinen versio puuttuu" in out

    assert main(["translations", "--root", str(repo.root), "--lang", "sv"]) == 0
    assert "Den finska versionen saknas" in capsys.readouterr().out

    assert main(["translations", "--root", str(repo.root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 2
    assert [(i["key"], i["status"], i["lang"]) for i in data["items"]] == [
        ("practices/ohjausryhma", "outdated", "fi"),
        ("tools/vain-ruotsiksi", "missing", "fi"),
    ]
    assert data["items"][0]["changed"] == "2023-11-14"
    assert data["items"][0]["source_changed"] == "2023-11-15"
    assert set(data["items"][0]["message"]) == {"fi", "sv"}


def test_translations_when_everything_is_in_step(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translations", "--root", str(repo.root), "--lang", "sv"]) == 0
    assert "Alla kort har båda språkversionerna" in capsys.readouterr().out
