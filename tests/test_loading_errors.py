"""No traceback, ever: hostile or damaged input to loading ends in a problem with a code, a file and a line.

Deep YAML, a huge language file, a front matter block that is never closed, the YAML mistakes contributors
make most, a malformed registry and a hand-edited parse cache are each run through the real ``kaikki``
command (a new process, as a contributor or CI runs it), in Finnish and in Swedish; a bug in the program
itself is one line saying so, with exit 2. The in-process tests at the end try each kind of damaged cache
entry on its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_materials
from kaikki.content.documents import MAX_TEXT_BYTES, ParseCache, parse_document
from kaikki.content.yamlstrict import MAX_DEPTH

FRONT = """---
title: "Leikkipihan yhteinen suunnittelu"
summary: "Lapset ja aikuiset suunnittelevat yhdessä pihan leikkipaikat, jotta jokainen lapsi pääsee mukaan."
municipalities:
  - liperi
themes:
  - inclusive-culture
published: 2024-05-01
---
"""
BODY = "\n## Tausta\n\nPihan leikkipaikat suunniteltiin yhdessä lasten kanssa.\n"
SV = """---
title: "Gemensam planering av lekgården"
summary: "Barn och vuxna planerar tillsammans lekplatserna på gården så att varje barn kan vara med."
---

## Bakgrund

Lekplatserna planerades tillsammans med barnen.
"""
SLUG = "materials/practices/leikkipiha"
FI_FILE = f"{SLUG}/index.fi.md"


def _env() -> dict[str, str]:
    skip = ("GITHUB_STEP_SUMMARY", "KAIKKI_LANG", "KAIKKI_DEBUG")
    return {**{k: v for k, v in os.environ.items() if k not in skip}, "LANG": "C.UTF-8"}


def kaikki(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The console script (or ``python -m kaikki.cli``) in ``root``."""
    script = Path(sys.executable).with_name("kaikki")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "kaikki.cli"]
    return subprocess.run(
        [*command, *args], cwd=root, env=_env(), capture_output=True, text=True, check=False, timeout=300
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_materials(tmp_path / "repo", full=False)


def write_card(root: Path, fi: str | bytes, sv: str = SV) -> Path:
    folder = root / SLUG
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(fi, bytes):
        (folder / "index.fi.md").write_bytes(fi)
    else:
        (folder / "index.fi.md").write_text(fi, encoding="utf-8")
    (folder / "index.sv.md").write_text(sv, encoding="utf-8")
    return folder


def assert_reported(root: Path, where: str, code: str, fi_words: str, sv_words: str) -> None:
    """``kaikki check`` exits 1 with ``where: code`` and the words, in Finnish and in Swedish."""
    for lang, words in (("fi", fi_words), ("sv", sv_words)):
        result = kaikki(root, "check", "--lang", lang, SLUG)
        output = result.stdout + result.stderr
        assert "Traceback" not in output
        assert result.returncode == 1, output
        assert f"{where}: {code} " in result.stdout, output
        line = next(x for x in result.stdout.splitlines() if x.startswith(f"{where}: {code} "))
        hint = result.stdout.splitlines()[result.stdout.splitlines().index(line) + 1]
        assert words in line + hint, (line, hint)


# --- deep YAML and huge files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["[" * 5000 + "x" + "]" * 5000, "{a: " * 5000 + "x" + "}" * 5000],
    ids=["lists", "mappings"],
)
def test_yaml_nested_thousands_deep_is_a_problem_at_its_line(root: Path, value: str) -> None:
    write_card(root, FRONT.replace("themes:\n  - inclusive-culture\n", f"themes: {value}\n") + BODY)
    assert_reported(root, f"{FI_FILE}:6", "E111", f"yli {MAX_DEPTH}", f"över {MAX_DEPTH}")


def test_a_30_mb_language_file_is_refused_by_its_size(root: Path) -> None:
    head = (FRONT + BODY).encode("utf-8")
    write_card(root, head + b"Pihan leikkipaikat suunniteltiin yhdessa.\n" * (30 * 1024 * 1024 // 42))
    assert_reported(root, FI_FILE, "E112", f"enintään {MAX_TEXT_BYTES // 1024} kt", "högst 256 kB")


def test_a_file_just_under_the_limit_is_read(root: Path) -> None:
    head = (FRONT + BODY).encode("utf-8")
    filler = b"Pihan leikkipaikat suunniteltiin yhdessa.\n"
    write_card(root, head + filler * ((MAX_TEXT_BYTES - len(head)) // len(filler)))
    result = kaikki(root, "check", "--format", "json", SLUG)
    assert "E112" not in result.stdout and result.returncode == 0, result.stdout + result.stderr


# --- front matter ---------------------------------------------------------------------------------------


def test_front_matter_without_its_closing_line_swallowing_the_text(root: Path) -> None:
    """The closing --- is gone and a --- in the text closes the YAML instead: not unknown fields
    named after sentences (E206), but the missing line, at the opening line."""
    text = "\n## Tavoitteet\n\nTavoite: jokainen lapsi.\nKeino: leikki.\n\n---\n\nLoppu.\n"
    write_card(root, FRONT.removesuffix("---\n") + text)
    assert_reported(root, f"{FI_FILE}:1", "E113", "rivin 8 jälkeen", "efter rad 8")
    result = kaikki(root, "check", "--format", "json", SLUG)
    assert "E206" not in result.stdout


def test_front_matter_never_closed(root: Path) -> None:
    write_card(root, FRONT.removesuffix("---\n") + BODY)
    assert_reported(root, f"{FI_FILE}:1", "E113", "lopettava rivi ---", "avslutande raden ---")


# --- YAML mistakes: the line to fix and the cause named -------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "line", "code", "fi_words", "sv_words"),
    [
        (
            ('title: "Leikkipihan yhteinen suunnittelu"', "title: Tuki: yhteinen suunnittelu"),
            2,
            "E114",
            'lainausmerkkeihin: title: "Tuki: yhteinen suunnittelu"',
            'citattecken: title: "Tuki: yhteinen suunnittelu"',
        ),
        (("  - inclusive-culture", "\t- inclusive-culture"), 7, "E115", "sarkaimella", "tabb"),
        (("  - liperi\n", "  - liperi\n  -kitee\n"), 6, "E116", "jälkeen: - kitee", "tecknet -: - kitee"),
        (("published: 2024-05-01", "published:2024-05-01"), 8, "E116", "published: 2024-05-01", "tecknet :"),
        (('suunnittelu"\n', "suunnittelu\n"), 2, "E117", "Lainausmerkillä", "citattecknet"),
        (("themes:\n  - inclusive-culture", "themes: [inclusive-culture"), 6, "E103", "YAML", "YAML"),
    ],
    ids=["colon", "tab", "dash", "key", "quote", "bracket"],
)
def test_yaml_mistakes_name_their_cause_at_the_line_to_fix(
    root: Path, edit: tuple[str, str], line: int, code: str, fi_words: str, sv_words: str
) -> None:
    assert edit[0] in FRONT
    write_card(root, FRONT.replace(edit[0], edit[1], 1) + BODY)
    assert_reported(root, f"{FI_FILE}:{line}", code, fi_words, sv_words)


def test_other_files_problems_are_reported_in_the_same_run(root: Path) -> None:
    colon = FRONT.replace('title: "Leikkipihan yhteinen suunnittelu"', "title: Tuki: yhteistyö")
    write_card(root, colon + BODY)
    other = root / "materials" / "practices" / "toinen"
    other.mkdir()
    (other / "index.fi.md").write_text(FRONT.replace("  - liperi", "  - liperii") + BODY, encoding="utf-8")
    (other / "index.sv.md").write_text(SV, encoding="utf-8")
    result = kaikki(root, "check", "--format", "json")
    assert result.returncode == 1
    found = {(p["path"], p["line"], p["code"]) for p in json.loads(result.stdout)["problems"]}
    assert {(FI_FILE, 2, "E114"), ("materials/practices/toinen/index.fi.md", 5, "E208")} <= found


# --- registries and bugs --------------------------------------------------------------------------------


def test_a_malformed_municipality_registry_is_content(root: Path) -> None:
    path = root / "materials" / "municipalities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, x in enumerate(lines) if x and not x.startswith("#") and "," in x) + 3
    lines[number - 1] += ",ylimääräinen"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for lang, words in (("fi", "Rekisteritiedosto on virheellinen"), ("sv", "Registerfilen är felaktig")):
        result = kaikki(root, "check", "--lang", lang)
        assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
        assert result.stdout.startswith(f"materials/municipalities.csv:{number}: E118 {words}"), result.stdout


_BUG = """
import sys
import kaikki.checks
import kaikki.content.library as library

def boom(*args, **kwargs):
    raise RuntimeError("boom\\nsecond line")

if sys.argv[1] == "check":
    kaikki.checks.check_library = boom
else:
    library.read_document = boom
from kaikki.cli import main
sys.exit(main(["check", "--lang", sys.argv[2]]))
"""


@pytest.mark.parametrize(
    ("where", "lang", "words"), [("check", "fi", "Ohjelmavirhe"), ("read", "sv", "Programfel")]
)
def test_a_bug_is_one_line_saying_so_with_exit_2(root: Path, where: str, lang: str, words: str) -> None:
    write_card(root, FRONT + BODY)
    result = subprocess.run(
        [sys.executable, "-c", _BUG, where, lang], cwd=root, env=_env(), capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert words in result.stderr and "RuntimeError: boom second line" in result.stderr
    if where == "read":  # the file being read when it broke comes first
        assert result.stderr.startswith("materials/networks/kaikki-mukaan/index.fi.md: Programfel")


# --- a damaged or hand-edited parse cache ---------------------------------------------------------------


def _problems(result: subprocess.CompletedProcess[str]) -> list[tuple[Any, ...]]:
    assert "Traceback" not in result.stdout + result.stderr
    return [(p["path"], p["line"], p["code"]) for p in json.loads(result.stdout)["problems"]]


def _damage(entry: list[Any], way: int) -> Any:
    meta, lines, scan = entry
    ways = [
        lambda: [list(meta), lines, scan],  # meta a list
        lambda: [{**meta, "title": 12}, lines, scan],  # a number where text belongs
        lambda: [{**meta, "title": {"a": [1.5]}}, lines, scan],
        lambda: [meta, {k: str(v) for k, v in lines.items()}, scan],  # key lines as strings
        lambda: [meta, {k: True for k in lines}, scan],
        lambda: [meta, {}, scan],  # lines missing
        lambda: [meta, lines, [[["x", "a.pdf", "a", False]], [], []]],  # a string where a line number belongs
        lambda: [meta, lines, {"links": []}],
        lambda: [meta, lines, [[], [[1, 2, 3]], []]],
        lambda: "not an entry",
        lambda: [meta, lines],
        lambda: [{"a": [[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]}, {"a": 2}, scan],  # deeper than YAML
    ]
    return ways[way % len(ways)]()


def test_a_hand_edited_cache_gives_the_same_problems_as_no_cache(root: Path) -> None:
    write_card(root, FRONT.replace("  - liperi", "  - liperii").replace("published: 2024-05-01\n", "") + BODY)
    expected = _problems(kaikki(root, "check", "--format", "json", "--no-cache"))
    assert ("materials/practices/leikkipiha/index.fi.md", 5, "E208") in expected
    assert _problems(kaikki(root, "check", "--format", "json")) == expected  # writes the cache
    (cache,) = (root / ".cache" / "kaikki").glob("documents-*.json")
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert len(stored) >= 8
    for offset, lang in ((0, "fi"), (4, "sv"), (8, "fi")):  # every entry damaged, in one of twelve ways
        damaged = {k: _damage(v, i + offset) for i, (k, v) in enumerate(sorted(stored.items()))}
        cache.write_text(json.dumps(damaged), encoding="utf-8")
        assert _problems(kaikki(root, "check", "--format", "json", "--lang", lang)) == expected
    cache.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")  # json.loads recursion
    assert _problems(kaikki(root, "check", "--format", "json")) == expected


_CARD = (FRONT + BODY + "\nKatso [lomake](lomake.pdf).\n").encode("utf-8")


@pytest.mark.parametrize("way", range(12))
def test_each_kind_of_damaged_entry_is_a_miss(tmp_path: Path, way: int) -> None:
    cache = ParseCache.of(tmp_path)
    parse_document(_CARD, "a/index.fi.md", "fi", cache)
    cache.save()
    digest = hashlib.sha256(_CARD).hexdigest()
    entry = json.loads(cache.path.read_text(encoding="utf-8"))[digest]
    cache.path.write_text(json.dumps({digest: _damage(entry, way)}), encoding="utf-8")
    assert ParseCache.of(tmp_path).get(digest) is None
    fresh, problems = parse_document(_CARD, "a/index.fi.md", "fi", ParseCache.of(tmp_path))
    assert fresh is not None and not problems
    assert fresh.meta["title"] == "Leikkipihan yhteinen suunnittelu" and fresh.lines["published"] == 8
    assert [link.target for link in fresh.scan.links] == ["lomake.pdf"]


def test_an_undamaged_entry_is_served(tmp_path: Path) -> None:
    cache = ParseCache.of(tmp_path)
    parse_document(_CARD, "a/index.fi.md", "fi", cache)
    cache.save()
    assert ParseCache.of(tmp_path).get(hashlib.sha256(_CARD).hexdigest()) is not None
