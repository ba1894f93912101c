"""``kaikki check``: exit codes, languages, and the text, GitHub and JSON reports."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MATERIALS, copy_materials
from test_corpus import build_case

PRACTICE = """---
title: "Leikkipihan yhteinen suunnittelu"
summary: "Lapset ja aikuiset suunnittelevat yhdessä pihan leikkipaikat, jotta jokainen lapsi pääsee mukaan."
municipalities:
  - {municipality}
themes:
  - inclusive-culture
published: 2024-05-01
---

## Tausta

Pihan leikkipaikat suunniteltiin yhdessä lasten kanssa.
"""
# Line 5 is the municipality: the problem the tests below make.
PRACTICE_SV = """---
title: "Gemensam planering av lekgården"
summary: "Barn och vuxna planerar tillsammans lekplatserna på gården så att varje barn kan vara med."
---

## Bakgrund

Lekplatserna planerades tillsammans med barnen.
"""


def add_practice(root: Path, slug: str, municipality: str = "liperi", twin: bool = True) -> Path:
    """A practice (its facts in the Finnish file; with ``twin`` a Swedish file with the words only)."""
    folder = root / "materials" / "practices" / slug
    folder.mkdir(parents=True)
    (folder / "index.fi.md").write_text(PRACTICE.format(municipality=municipality), encoding="utf-8")
    if twin:
        (folder / "index.sv.md").write_text(PRACTICE_SV, encoding="utf-8")
    return folder


# --- exit codes -----------------------------------------------------------------------------------------


def test_clean_repository_exits_0(repo: Path, run_kaikki) -> None:
    result = run_kaikki(["check"], repo)
    assert result.code == 0, result.out
    assert "Ei virheitä" in result.out
    assert result.err == ""


def test_the_real_repository_is_clean(run_kaikki) -> None:
    from conftest import REPO_ROOT

    result = run_kaikki(["check", "--no-cache"], REPO_ROOT)
    assert result.code == 0, result.out


def test_content_errors_exit_1(repo: Path, run_kaikki) -> None:
    add_practice(repo, "leikkipiha", municipality="liperii")
    result = run_kaikki(["check"], repo)
    assert result.code == 1
    assert "materials/practices/leikkipiha/index.fi.md:5: E208 " in result.out
    assert "Korjaus:" in result.out and "liperi" in result.out


def test_a_notice_alone_exits_0(repo: Path, run_kaikki) -> None:
    add_practice(repo, "leikkipiha", twin=False)
    result = run_kaikki(["check"], repo)
    assert result.code == 0
    assert "N301" in result.out


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--no-such-option"],
        ["check", "--format", "xml"],
        ["check", "--lang", "en"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2(argv: list[str], repo: Path, run_kaikki) -> None:
    result = run_kaikki(argv, repo)
    assert result.code == 2
    assert "Käyttövirhe" in result.err
    assert "Traceback" not in result.err


def test_path_that_does_not_exist_exits_2(repo: Path, run_kaikki) -> None:
    result = run_kaikki(["check", "materials/practices/ei-ole"], repo)
    assert result.code == 2
    assert "Polkua ei löydy: materials/practices/ei-ole" in result.err
    result = run_kaikki(["check", "--lang", "sv", "materials/practices/ei-ole"], repo)
    assert "Sökvägen finns inte: materials/practices/ei-ole" in result.err


def test_outside_a_repository_exits_2(tmp_path: Path, run_kaikki) -> None:
    result = run_kaikki(["check"], tmp_path)
    assert result.code == 2
    assert "materials" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("registry", "content", "code", "line"),
    [
        ("vocabulary.yml", "themes:\n  a:\n    fi: A\n    sv: A\n  a:\n    fi: B\n    sv: B\n", "E104", 5),
        ("vocabulary.yml", "themes:\n  a:\n    fi: A\n", "E118", 2),
        ("vocabulary.yml", "themes:\n  a:\n    fi: Tuki: A\n    sv: B\n", "E114", 3),
        ("vocabulary.yml", "themes: " + "[" * 3000 + "]" * 3000 + "\n", "E111", 1),
        ("municipalities.csv", "code,slug,name\n020,akaa,Akaa\n", "E118", 1),
        ("municipalities.csv", None, "E118", None),
    ],
)
def test_a_broken_registry_is_content_exit_1_naming_file_and_line(
    registry: str, content: str | None, code: str, line: int | None, repo: Path, run_kaikki
) -> None:
    """A registry is content like the cards: its problem has a code, a file and a line, in fi and sv."""
    path = repo / "materials" / registry
    if content is None:
        path.unlink()
    else:
        path.write_text(content, encoding="utf-8")
    where = f"materials/{registry}:{line}" if line else f"materials/{registry}"
    for lang, words in (("fi", "Korjaus:"), ("sv", "Åtgärd:")):
        result = run_kaikki(["check", "--lang", lang], repo)
        assert result.code == 1, result.out + result.err
        assert result.out.startswith(f"{where}: {code} "), result.out
        assert words in result.out
        assert "Traceback" not in result.out + result.err
    data = json.loads(run_kaikki(["check", "--format", "json"], repo).out)
    assert [(p["path"], p["line"], p["code"]) for p in data["problems"]] == [
        (f"materials/{registry}", line, code)
    ]


def test_a_broken_registry_in_github_format_annotates_and_summarises(
    repo: Path, tmp_path: Path, run_kaikki
) -> None:
    (repo / "materials" / "vocabulary.yml").write_text("themes:\n\t- a\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = run_kaikki(["check", "--format", "github"], repo, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.code == 1
    assert result.out.startswith("::error file=materials/vocabulary.yml,line=2,title=E115 ")
    assert "| `materials/vocabulary.yml:2` | E115 |" in summary.read_text(encoding="utf-8")


def test_a_symbolic_link_given_as_path_is_reported_not_a_usage_error(tmp_path: Path, run_kaikki) -> None:
    """pre-commit passes changed files by name; a committed link must give E506, not "path not found"."""
    root = copy_materials(tmp_path / "repo", full=False)
    bundle = build_case("e506-symlink", root, "broken")
    result = run_kaikki(["check", "--format", "json", f"{bundle.relative_to(root)}/index.fi.md"], root)
    assert result.code == 0  # only what concerns that file
    result = run_kaikki(["check", "--format", "json", f"{bundle.relative_to(root)}/salasanat.pdf"], root)
    assert result.code == 1, result.err
    assert [p["code"] for p in json.loads(result.out)["problems"]] == ["E506"]


# --- languages ------------------------------------------------------------------------------------------


def test_finnish_by_default_swedish_with_lang_sv(repo: Path, run_kaikki) -> None:
    add_practice(repo, "leikkipiha", municipality="liperii")
    fi = run_kaikki(["check"], repo)
    assert "Kuntaa liperii ei löydy kuntaluettelosta." in fi.out
    assert "    Korjaus: Käytä kunnan tunnistetta" in fi.out
    assert "Virheitä: 1" in fi.out
    sv = run_kaikki(["check", "--lang", "sv"], repo)
    assert "Kommunen liperii finns inte i kommunförteckningen." in sv.out
    assert (
        "    Åtgärd: Använd kommunens id i filen materials/municipalities.csv (menade du: liperi?)" in sv.out
    )
    assert "Fel: 1" in sv.out
    assert "Kuntaa" not in sv.out
    assert run_kaikki(["check", "--lang=sv"], repo).out == sv.out
    assert run_kaikki(["check"], repo, env={"KAIKKI_LANG": "sv"}).out == sv.out


def test_usage_error_in_swedish(repo: Path, run_kaikki) -> None:
    result = run_kaikki(["check", "--lang", "sv", "--bad"], repo)
    assert result.code == 2
    assert result.err.startswith("Användningsfel:")


# --- GitHub annotations ---------------------------------------------------------------------------------


def test_github_annotation_shape_and_escaping(repo: Path, run_kaikki) -> None:
    # A value with %, : and , shows the escaping of properties (all three) and of data (% only).
    add_practice(repo, "leikkipiha", municipality="li%peri,x:y")
    result = run_kaikki(["check", "--format", "github"], repo)
    assert result.code == 1
    first = result.out.splitlines()[0]
    message_fi = "Kuntaa li%25peri,x:y ei löydy kuntaluettelosta."
    message_sv = "Kommunen li%25peri,x:y finns inte i kommunförteckningen."
    assert first.startswith(
        "::error file=materials/practices/leikkipiha/index.fi.md,line=5,"
        "title=E208 Kuntaa li%25peri%2Cx%3Ay ei löydy kuntaluettelosta.::" + message_fi + " Käytä "
    )
    body = first.split("::", 2)[2]
    fi_part, sv_part = body.split("%0A")
    assert fi_part.startswith(message_fi) and sv_part.startswith(message_sv)
    assert "\n" not in body and "%0A" in body
    assert result.out.splitlines()[-1].startswith("Virheitä: 1")
    # Swedish first with --lang sv, Finnish still there.
    sv = run_kaikki(["check", "--format", "github", "--lang", "sv"], repo).out.splitlines()[0]
    assert "title=E208 Kommunen li%25peri%2Cx%3Ay finns" in sv
    assert sv.split("::", 2)[2].split("%0A")[1].startswith(message_fi)


def test_github_notice_without_line(repo: Path, run_kaikki) -> None:
    add_practice(repo, "leikkipiha", twin=False)
    result = run_kaikki(["check", "--format", "github"], repo)
    assert result.code == 0
    assert re.match(
        r"^::notice file=materials/practices/leikkipiha/index\.fi\.md,title=N301 [^:]+::", result.out
    )
    assert ",line=" not in result.out.splitlines()[0]


def test_github_step_summary_in_both_languages(repo: Path, tmp_path: Path, run_kaikki) -> None:
    add_practice(repo, "leikkipiha", municipality="liperii")
    summary = tmp_path / "summary.md"
    summary.write_text("# Aiempi vaihe\n", encoding="utf-8")
    result = run_kaikki(["check", "--format", "github"], repo, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Aiempi vaihe\n")  # appended, not overwritten
    assert "## Sisällön tarkistus" in text and "## Kontroll av innehållet" in text
    assert text.index("## Sisällön tarkistus") < text.index("## Kontroll av innehållet")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == 2
    assert rows[0].startswith("| `materials/practices/leikkipiha/index.fi.md:5` | E208 | Kuntaa liperii")
    assert rows[1].startswith("| `materials/practices/leikkipiha/index.fi.md:5` | E208 | Kommunen liperii")
    assert "Virheitä: 1" in text and "Fel: 1" in text


def test_step_summary_only_with_github_format(repo: Path, tmp_path: Path, run_kaikki) -> None:
    summary = tmp_path / "summary.md"
    run_kaikki(["check", "--format", "json"], repo, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert not summary.exists()


# --- JSON -----------------------------------------------------------------------------------------------


def _real_bundles() -> int:
    """How many bundles the real materials hold: they grow, and these tests are about the report."""
    return len({path.parent for path in MATERIALS.glob("*/*/index.*.md")})


def test_json_schema(repo: Path, run_kaikki) -> None:
    add_practice(repo, "leikkipiha", municipality="liperii", twin=False)
    result = run_kaikki(["check", "--format", "json"], repo)
    assert result.code == 1
    data = json.loads(result.out)
    assert set(data) == {"bundles", "errors", "notices", "problems"}
    assert data["bundles"] == _real_bundles() + 1  # the copied materials and the added practice
    assert (data["errors"], data["notices"]) == (1, 1)
    assert len(data["problems"]) == 2
    for item in data["problems"]:
        assert set(item) == {"path", "line", "code", "severity", "params", "message", "hint"}
        assert isinstance(item["path"], str) and (item["line"] is None or isinstance(item["line"], int))
        assert re.fullmatch(r"[EN]\d{3}", item["code"])
        assert item["severity"] == ("error" if item["code"][0] == "E" else "notice")
        assert all(isinstance(v, str) for v in item["params"].values())
        for key in ("message", "hint"):
            assert set(item[key]) == {"fi", "sv"}
            assert all(item[key].values()) and item[key]["fi"] != item[key]["sv"]
    error = next(p for p in data["problems"] if p["code"] == "E208")
    assert error == {
        "path": "materials/practices/leikkipiha/index.fi.md",
        "line": 5,
        "code": "E208",
        "severity": "error",
        "params": {"value": "liperii", "suggestion": "liperi"},
        "message": {
            "fi": "Kuntaa liperii ei löydy kuntaluettelosta.",
            "sv": "Kommunen liperii finns inte i kommunförteckningen.",
        },
        "hint": error["hint"],
    }
    assert "(tarkoititko: liperi?)" in error["hint"]["fi"]
    notice = next(p for p in data["problems"] if p["code"] == "N301")
    assert notice["line"] is None and notice["params"]["lang"] == "sv"


def test_json_clean(repo: Path, run_kaikki) -> None:
    data = json.loads(run_kaikki(["check", "--format", "json"], repo).out)
    assert data == {"bundles": _real_bundles(), "errors": 0, "notices": 0, "problems": []}


def test_checking_one_bundle_reports_only_that_bundle(repo: Path, run_kaikki) -> None:
    add_practice(repo, "leikkipiha", municipality="liperii")
    add_practice(repo, "toinen-piha", municipality="joensu")
    result = run_kaikki(["check", "--format", "json", "materials/practices/toinen-piha"], repo)
    assert result.code == 1
    data = json.loads(result.out)
    assert data["bundles"] == 1
    assert {p["path"] for p in data["problems"]} == {"materials/practices/toinen-piha/index.fi.md"}
    assert [p["params"].get("value") for p in data["problems"] if p["code"] == "E208"] == ["joensu"]
    # From inside the bundle folder, with a relative path, and for a single file.
    inside = run_kaikki(["check", "--format", "json", "."], repo / "materials/practices/toinen-piha")
    assert json.loads(inside.out)["problems"] == data["problems"]
    one_file = run_kaikki(["check", "--format", "json", "materials/practices/toinen-piha/index.fi.md"], repo)
    assert json.loads(one_file.out)["problems"] == data["problems"]
    clean = run_kaikki(["check", "materials/networks/kaikki-mukaan"], repo)
    assert clean.code == 0


# --- the real console script ----------------------------------------------------------------------------


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "KAIKKI_LANG")}


def test_console_script_exit_codes(repo: Path) -> None:
    kaikki = Path(sys.executable).with_name("kaikki")
    if not kaikki.exists():
        pytest.skip("console script not installed next to the interpreter")
    ok = subprocess.run([kaikki, "check"], cwd=repo, env=_env(), capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    add_practice(repo, "leikkipiha", municipality="liperii")
    bad = subprocess.run(
        [kaikki, "check", "--lang", "sv"], cwd=repo, env=_env(), capture_output=True, text=True, check=False
    )
    assert bad.returncode == 1
    assert "E208 Kommunen liperii" in bad.stdout
    usage = subprocess.run(
        [kaikki, "check", "--wat"], cwd=repo, env=_env(), capture_output=True, text=True, check=False
    )
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


# --- identity codes never reach a (public) log -----------------------------------------------------------


def _practice_with_identity_code(root: Path, code: str) -> None:
    folder = root / "materials" / "practices" / "tunniste"
    folder.mkdir(parents=True)
    text = PRACTICE.format(municipality=code).replace(
        "published: 2024-05-01\n", f"published: 2024-05-01\n{code}: x\n"
    )  # the code as a municipality (line 5), a key (line 9) and a link (line 16)
    (folder / "index.fi.md").write_text(text + f"\n[lomake]({code}.pdf)\n", encoding="utf-8")
    (folder / "index.sv.md").write_text(PRACTICE_SV, encoding="utf-8")


def test_identity_code_is_reported_masked(repo: Path, run_kaikki) -> None:
    from conftest import hetu

    code = hetu("A")
    _practice_with_identity_code(repo, code)
    data = json.loads(run_kaikki(["check", "--format", "json"], repo).out)
    e603 = [p for p in data["problems"] if p["code"] == "E603"]
    assert [p["line"] for p in e603] == [5, 9, 16]
    assert all(p["params"]["code"] == code[:7] + "****" for p in e603)


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_identity_code_never_appears_in_any_report(fmt: str, repo: Path, run_kaikki) -> None:
    from conftest import hetu

    code = hetu("A")
    _practice_with_identity_code(repo, code)
    result = run_kaikki(["check", "--format", fmt], repo)
    assert result.code == 1
    assert code not in result.out


def test_identity_code_in_a_front_matter_key_is_found(repo: Path, run_kaikki) -> None:
    from conftest import hetu

    _practice_with_identity_code(repo, hetu("A"))
    data = json.loads(run_kaikki(["check", "--format", "json"], repo).out)
    assert 9 in [p["line"] for p in data["problems"] if p["code"] == "E603"]
