"""Build test: the languages static-i18n builds (``mkdocs.yml``) must be the model's ``LANGUAGES``."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaikki.messages import text
from test_site_build import mkdocs_build, site_copy

pytestmark = pytest.mark.build


def test_a_language_missing_from_mkdocs_yml_fails_the_build_with_the_finnish_message(tmp_path: Path) -> None:
    root = site_copy(_folder(tmp_path / "repo"))
    config = root / "mkdocs.yml"
    source = config.read_text(encoding="utf-8")
    swedish = source.index("        - locale: sv")
    end = source.index("\nvalidation:", swedish)
    config.write_text(source[:swedish] + source[end:], encoding="utf-8")

    result = mkdocs_build(root, tmp_path / "site")

    expected = text(
        "languages_mismatch", "fi", found="fi", default="fi", expected="fi, sv", expected_default="fi"
    )
    assert result.returncode != 0
    assert expected in result.stdout + result.stderr
    assert "i18n-laajennuksen kielet (fi, oletuskieli fi)" in expected
    assert not (tmp_path / "site").exists()


def test_another_default_language_fails_the_build(tmp_path: Path) -> None:
    root = site_copy(_folder(tmp_path / "repo"))
    config = root / "mkdocs.yml"
    source = config.read_text(encoding="utf-8")
    source = source.replace("          default: true\n", "", 1)
    source = source.replace("        - locale: sv\n", "        - locale: sv\n          default: true\n", 1)
    config.write_text(source, encoding="utf-8")

    result = mkdocs_build(root, tmp_path / "site")

    assert result.returncode != 0
    assert "(fi, sv, oletuskieli sv)" in result.stdout + result.stderr


def _folder(path: Path) -> Path:
    path.mkdir()
    return path
