"""The command line speaks the contributor's language without their knowing the environment variable:
``--lang`` anywhere on the line, or the system locale; argparse's own words are translated too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

KAIKKI = Path(sys.executable).with_name("kaikki")
ENGLISH = ("usage:", "positional arguments", "options:", "show this help message and exit", "invalid choice")


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    clean.pop("KAIKKI_LANG", None)
    return subprocess.run(
        [str(KAIKKI), *args], capture_output=True, text=True, env={**clean, **env}, check=False
    )


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (
            ("--lang", "sv", "--help"),
            {},
            ("användning:", "positionsargument", "visa den här hjälpen och avsluta"),
        ),
        (("--help",), {"LANG": "sv_FI.UTF-8"}, ("användning:", "positionsargument", "flaggor:")),
        (("--help",), {"LANG": "fi_FI.UTF-8", "LC_ALL": "sv_SE.UTF-8"}, ("användning:",)),
        (("--help",), {}, ("käyttö:", "sijaintiargumentit", "näytä tämä ohje ja lopeta")),
        (("check", "--help", "--lang=fi"), {"LANG": "sv_FI.UTF-8"}, ("käyttö: kaikki check", "valitsimet:")),
        (("new", "--help"), {"LANGUAGE": "sv:fi"}, ("användning: kaikki new",)),
    ],
)
def test_help_is_in_the_chosen_language(
    args: tuple[str, ...], env: dict[str, str], words: tuple[str, ...]
) -> None:
    result = run(*args, **env)
    assert result.returncode == 0, result.stderr
    for word in words:
        assert word in result.stdout, (word, result.stdout[:400])
    assert not [w for w in ENGLISH if w in result.stdout], result.stdout[:400]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fi", "Käyttövirhe: argumentti command: virheellinen valinta: 'chek'"),
        ("sv", "Användningsfel: argumentet command: ogiltigt val: 'chek'"),
    ],
)
def test_usage_errors_are_in_the_chosen_language(lang: str, expected: str) -> None:
    result = run("--lang", lang, "chek")
    assert result.returncode == 2
    assert result.stderr.startswith(expected), result.stderr
    assert "Traceback" not in result.stderr


def test_missing_argument_in_swedish() -> None:
    result = run("new", "practice", LANG="sv_FI.UTF-8")
    assert result.returncode == 2
    assert "följande argument krävs: slug" in result.stderr, result.stderr
