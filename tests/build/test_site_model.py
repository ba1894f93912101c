"""Unit tests of the derived site model (:mod:`kaikki.site`), on the repository's own materials."""

from __future__ import annotations

from pathlib import Path

import pytest

import kaikki.site.derive as derive
from kaikki.content import LANGUAGES, load_library
from kaikki.site.text import collation_key, format_date, rewrite_body

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_long_listings_are_paged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(derive, "PAGE_SIZE", 2)
    library = load_library(REPO_ROOT)
    model = derive.build_site(library)
    meetings = len(library.in_collection("meetings"))
    pages = [u for u in model.pages if u.startswith("meetings/") and u.split("/")[1].isdigit()]
    assert len(pages) == (meetings + 1) // 2 - 1
    for lang in LANGUAGES:
        second = model.pages["meetings/2/index.md"].views[lang]
        assert len(second.context["entries"]) == 2
        assert [link.note for link in second.context["pagination"]][1] == "current"
    assert "meetings/2/index.md" not in model.nav


def test_every_bundle_has_a_page_in_both_languages() -> None:
    library = load_library(REPO_ROOT)
    model = derive.build_site(library)
    for key in library.bundles:
        assert set(model.pages[f"{key}/index.md"].views) == set(LANGUAGES)


def test_collation_puts_swedish_and_finnish_letters_after_z() -> None:
    words = ["Övergång", "Åbo", "Ähtäri", "Zeta", "ala", "Éclair"]
    assert sorted(words, key=collation_key) == ["ala", "Éclair", "Zeta", "Åbo", "Ähtäri", "Övergång"]


def test_dates_and_terms() -> None:
    assert format_date("2022-10-03", "fi") == "3.10.2022"
    assert format_date("2022-autumn", "fi") == "syksy 2022"
    assert format_date("2022-spring", "sv") == "våren 2022"


def test_body_links_to_docs_and_language_files_are_repointed() -> None:
    body = "[o](../../../docs/contributing/index.md) [sv](../x/index.sv.md#a) [t](../../tools/y/index.md)"
    out = rewrite_body("materials/practices/p", "practices/p", body)
    assert "(../../contributing/index.md)" in out
    assert "(../x/index.md#a)" in out
    assert "(../../tools/y/index.md)" in out


def test_missing_pages_names_each_page_absent_from_a_language_tree(tmp_path: Path) -> None:
    from kaikki.mkdocs.postbuild import missing_pages

    for path in ("index.html", "practices/a/index.html", "sv/index.html", "themes/play/index.html"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("<html></html>", encoding="utf-8")
    uris = ["index.md", "practices/a/index.md", "themes/play.md"]
    assert missing_pages(tmp_path, uris, ["fi", "sv"], "fi") == [
        "sv:practices/a/index.md",
        "sv:themes/play.md",
    ]
    (tmp_path / "sv/practices/a").mkdir(parents=True)
    (tmp_path / "sv/practices/a/index.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "sv/themes/play").mkdir(parents=True)
    (tmp_path / "sv/themes/play/index.html").write_text("<html></html>", encoding="utf-8")
    assert missing_pages(tmp_path, uris, ["fi", "sv"], "fi") == []
    assert missing_pages(tmp_path, ["themes/play.md"], ["fi"], "fi", use_directory_urls=False) == [
        "fi:themes/play.md"
    ]


def test_redirect_pages_and_a_redirect_onto_a_page_of_the_site(tmp_path: Path) -> None:
    from mkdocs.exceptions import PluginError

    from kaikki.mkdocs.postbuild import write_redirects
    from kaikki.site import Redirect, ui_strings

    strings = {lang: ui_strings(lang) for lang in ("fi", "sv")}
    moved = [Redirect("practices/vanha", "practices/uusi/index.md")]
    write_redirects(tmp_path, moved, ["fi", "sv"], "fi", strings)
    fi = (tmp_path / "practices/vanha/index.html").read_text(encoding="utf-8")
    sv = (tmp_path / "sv/practices/vanha/index.html").read_text(encoding="utf-8")
    assert 'url=../uusi/"' in fi and '<html lang="fi">' in fi
    assert 'url=../uusi/"' in sv and '<html lang="sv">' in sv

    (tmp_path / "practices/123").mkdir(parents=True)
    (tmp_path / "practices/123/index.html").write_text("<html></html>", encoding="utf-8")
    clash = [Redirect("practices/123", "practices/uusi/index.md")]
    with pytest.raises(PluginError, match=r"Den gamla adressen practices/123 \(redirect_from\)"):
        write_redirects(tmp_path, clash, ["fi", "sv"], "fi", strings, "sv")
    assert (tmp_path / "practices/123/index.html").read_text(encoding="utf-8") == "<html></html>"
