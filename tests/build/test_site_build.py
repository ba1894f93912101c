"""Build tests: a real ``mkdocs build --strict`` of the repository and of small fixture sites.

The repository and each fixture site are built once per module (a build takes a few seconds); the tests
read the HTML. Fixture sites are a temporary copy of ``mkdocs.yml`` and ``docs/`` with a tiny
``materials/`` written here: a card without its Swedish twin, a Swedish-only card, a tool with an
attachment and an old URL, and (in a site of its own) an invalid card.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import pdf_bytes  # tests/conftest.py: builds a small valid PDF
from kaikki.content import LANGUAGES, load_library
from kaikki.content.model import Problem
from kaikki.mkdocs.plugin import format_problem

pytestmark = pytest.mark.build

REPO_ROOT = Path(__file__).resolve().parents[2]


def mkdocs_build(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """Runs ``mkdocs build --strict`` of the site whose ``mkdocs.yml`` is in ``root``."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(root / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )


def site_copy(tmp: Path) -> Path:
    """A fixture site: the repository's configuration and docs, the real registries, no bundles."""
    shutil.copy(REPO_ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(REPO_ROOT / "docs", tmp / "docs")
    (tmp / "materials").mkdir()
    for name in ("vocabulary.yml", "municipalities.csv"):
        shutil.copy(REPO_ROOT / "materials" / name, tmp / "materials" / name)
    return tmp


def write_card(root: Path, key: str, lang: str, front: str, body: str = "## Tausta\n\nTeksti.\n") -> None:
    folder = root / "materials" / key
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"index.{lang}.md").write_text(f"---\n{front.strip()}\n---\n\n{body}", encoding="utf-8")


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def html_lang(html: str) -> str:
    found = re.search(r"<html[^>]*\slang=\"([^\"]+)\"", html)
    assert found, "no <html lang>"
    return found.group(1)


def card_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("index.html") if 'class="kaikki-card' in p.read_text(encoding="utf-8")]


# -- the repository ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("repo-site")
    result = mkdocs_build(REPO_ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


def test_every_bundle_appears_in_both_trees(repo_site: Path) -> None:
    library = load_library(REPO_ROOT)
    assert library.bundles
    for key in library.bundles:
        for prefix in ("", "sv/"):
            page = repo_site / f"{prefix}{key}/index.html"
            assert page.is_file(), page
    assert len(card_pages(repo_site)) == 2 * len(library.bundles)


def test_language_switcher_pairs_twins(repo_site: Path) -> None:
    html = read(repo_site, "practices/kunnalliset-tukitiimit/index.html")
    assert html_lang(html) == "fi"
    assert re.search(r'href="\.\./\.\./sv/practices/kunnalliset-tukitiimit/" hreflang="sv"', html)
    html_sv = read(repo_site, "sv/practices/kunnalliset-tukitiimit/index.html")
    assert html_lang(html_sv) == "sv"
    assert re.search(r'href="\.\./\.\./\.\./practices/kunnalliset-tukitiimit/" hreflang="fi"', html_sv)


def test_facts_panel_labels_in_both_languages(repo_site: Path) -> None:
    fi = read(repo_site, "practices/kunnalliset-tukitiimit/index.html")
    sv = read(repo_site, "sv/practices/kunnalliset-tukitiimit/index.html")
    for html, labels in (
        (
            fi,
            [
                "Perustiedot",
                "<dt>Kehittäneet kunnat</dt>",  # a practice's municipalities developed it (issue 10)
                "<dt>Teemat</dt>",
                "<dt>Tila</dt>",
                "Lapsen tuki ja tuen jatkumo",
            ],
        ),
        (sv, ["Grunduppgifter", "<dt>Utvecklat av</dt>", "<dt>Teman</dt>", "<dt>Status</dt>", "Libelits"]),
    ):
        assert '<dl class="kaikki-facts__list">' in html
        for label in labels:
            assert label in html


def test_sitemap_has_hreflang_alternates(repo_site: Path) -> None:
    sitemap = read(repo_site, "sitemap.xml")
    assert 'hreflang="fi"' in sitemap and 'hreflang="sv"' in sitemap
    assert "practices/kunnalliset-tukitiimit/" in sitemap
    assert "sv/practices/kunnalliset-tukitiimit/" in sitemap


def test_listings_exist_in_both_languages(repo_site: Path) -> None:
    for prefix, lang in (("", "fi"), ("sv/", "sv")):
        for path in (
            "practices",
            "tools",
            "meetings",
            "networks",
            "themes",
            "support-levels",
            "municipalities",
            "municipalities/liperi",
            "themes/support-continuum",
            "search",
            "untranslated",
        ):
            html = read(repo_site, f"{prefix}{path}/index.html")
            assert html_lang(html) == lang, path
    assert "Libelits" in read(repo_site, "sv/municipalities/liperi/index.html")
    assert "<h1" in read(repo_site, "sv/municipalities/liperi/index.html")


def test_no_resource_from_another_host(repo_site: Path) -> None:
    tag = re.compile(r"<(link|script|img|iframe|source)\b[^>]*>", re.IGNORECASE)
    attr = re.compile(r"\b(?:src|href)=\"([^\"]*)\"")
    for page in repo_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        for match in tag.finditer(html):
            element = match.group(0)
            if match.group(1).lower() == "link" and re.search(r'rel="(alternate|canonical)"', element):
                continue  # navigation hints, not fetched resources
            for url in attr.findall(element):
                assert not urlsplit(url).netloc, f"{page}: {element}"


def test_no_script_fetches_from_another_host(repo_site: Path) -> None:
    # Material's "source" component fetches star counts from api.github.com; our source.html drops it.
    for page in repo_site.rglob("*.html"):
        assert 'data-md-component="source"' not in page.read_text(encoding="utf-8"), page


def test_card_pages_are_small(repo_site: Path) -> None:
    for page in card_pages(repo_site):
        assert page.stat().st_size < 60_000, page


def test_pagefind_index_per_language(repo_site: Path) -> None:
    entry = read(repo_site, "pagefind/pagefind-entry.json")
    assert '"fi"' in entry and '"sv"' in entry
    assert (repo_site / "pagefind" / "pagefind-ui.js").is_file()
    search = read(repo_site, "sv/search/index.html")
    # The search page's own script (search field and facets) loads Pagefind's API from pagefind/.
    assert 'id="kaikki-search"' in search and "../../assets/javascripts/kaikki-facets.js" in search
    assert 'data-pagefind="../../pagefind/"' in search
    home = read(repo_site, "sv/index.html")
    assert 'action="../sv/search/"' in home or 'action="search/"' in home


def test_material_strings_are_corrected(repo_site: Path) -> None:
    fi = read(repo_site, "index.html")
    assert "Siirry sisältöön" in fi
    assert "Lähdekodi" not in fi and "Tyhjää" not in fi


# -- fixture sites ----------------------------------------------------------------------------------

PRACTICE_FI = """
title: "Vain suomeksi kirjoitettu käytäntö"
summary: "Kortti, jolla ei vielä ole ruotsinkielistä käännöstä, ja siksi se näkyy ruotsiksi suomenkielisenä."
municipalities: [liperi]
themes: [transitions]
published: 2025-01-15
"""

PRACTICE_SV = """
title: "Praxis som bara finns på svenska"
summary: "Ett kort som ännu inte har översatts till finska och därför visas på svenska på finska sidan."
municipalities: [vantaa]
themes: [transitions]
published: 2025-02-01
"""

TOOL_FI = """
title: "Lomakepohja tuen suunnitteluun"
summary: "Lomakepohja, jolla kunnan varhaiskasvatus suunnittelee lapsen tuen yhdessä huoltajien kanssa."
municipalities: [liperi]
themes: [plans-documents]
published: 2025-03-01
attachments:
  - file: lomake.pdf
    title: "Lomakepohja (PDF)"
    lang: fi
redirect_from:
  - tools/vanha-lomake
"""

TOOL_SV = """
title: "Blankettmall för planering av stödet"
summary: "En blankettmall som småbarnspedagogiken använder för att planera barnets stöd med vårdnadshavarna."
attachments:
  - file: lomake.pdf
    title: "Blankettmall (PDF, på finska)"
    lang: fi
"""


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = site_copy(tmp_path_factory.mktemp("fixture"))
    write_card(
        root,
        "practices/vain-suomeksi",
        "fi",
        PRACTICE_FI,
        "## Tausta\n\nKatso [lomakepohja](../../tools/lomakepohja/index.md).\n",
    )
    write_card(root, "practices/bara-svenska", "sv", PRACTICE_SV, "## Bakgrund\n\nText.\n")
    write_card(root, "tools/lomakepohja", "fi", TOOL_FI, "## Käyttö\n\nKatso [lomake](lomake.pdf).\n")
    write_card(root, "tools/lomakepohja", "sv", TOOL_SV, "## Användning\n\nSe [blanketten](lomake.pdf).\n")
    (root / "materials/tools/lomakepohja/lomake.pdf").write_bytes(pdf_bytes("Lomakepohja"))
    site = root / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    return site


def test_missing_swedish_twin_falls_back_with_notice(fixture_site: Path) -> None:
    html = read(fixture_site, "sv/practices/vain-suomeksi/index.html")
    assert html_lang(html) == "sv"
    assert 'id="kaikki-fallback"' in html
    assert "Texten nedan är på finska" in html
    assert re.search(r'<h1 id="kaikki-title" class="kaikki-card__title" lang="fi">Vain suomeksi', html)
    assert 'class="kaikki-card__body" lang="fi"' in html
    assert "data-pagefind-body" not in html  # Finnish text stays out of the Swedish index
    assert "<dt>Utvecklat av</dt>" in html and "Libelits" in html  # a practice's developers


def test_swedish_only_card_in_finnish_tree(fixture_site: Path) -> None:
    html = read(fixture_site, "practices/bara-svenska/index.html")
    assert html_lang(html) == "fi"
    assert "Alla oleva teksti on ruotsiksi" in html
    assert 'lang="sv">Praxis som bara finns på svenska' in html
    assert "Vantaa" in html
    sv = read(fixture_site, "sv/practices/bara-svenska/index.html")
    assert 'id="kaikki-fallback"' not in sv and "data-pagefind-body" in sv


def test_untranslated_listing(fixture_site: Path) -> None:
    html = read(fixture_site, "untranslated/index.html")
    assert "Vain suomeksi kirjoitettu käytäntö" in html and "Praxis som bara finns på svenska" in html


def test_attachments_written_once_and_linked_from_both_languages(fixture_site: Path) -> None:
    assert (fixture_site / "tools/lomakepohja/lomake.pdf").is_file()
    assert not (fixture_site / "sv/tools/lomakepohja/lomake.pdf").exists()
    assert len(list(fixture_site.rglob("lomake.pdf"))) == 1
    fi = read(fixture_site, "tools/lomakepohja/index.html")
    sv = read(fixture_site, "sv/tools/lomakepohja/index.html")
    assert 'href="lomake.pdf"' in fi and "PDF" in fi
    assert 'href="../../../tools/lomakepohja/lomake.pdf"' in sv
    assert "Blankettmall (PDF, på finska)" in sv and "finska" in sv


def test_body_links_and_backlinks(fixture_site: Path) -> None:
    fi = read(fixture_site, "practices/vain-suomeksi/index.html")
    assert 'href="../../tools/lomakepohja/"' in fi
    tool = read(fixture_site, "tools/lomakepohja/index.html")
    assert "kaikki-links--backlinks" in tool and "Vain suomeksi kirjoitettu käytäntö" in tool


def test_redirect_pages(fixture_site: Path) -> None:
    for old in ("tools/vanha-lomake", "sv/tools/vanha-lomake"):
        target = "../lomakepohja/"  # tools/vanha-lomake/ → tools/lomakepohja/, in each language tree
        html = read(fixture_site, f"{old}/index.html")
        assert f'content="0; url={target}"' in html
        assert f'<a href="{target}">' in html


def test_every_fixture_bundle_in_both_trees(fixture_site: Path) -> None:
    keys = ["practices/vain-suomeksi", "practices/bara-svenska", "tools/lomakepohja"]
    for key in keys:
        for lang in LANGUAGES:
            prefix = "" if lang == "fi" else f"{lang}/"
            assert html_lang(read(fixture_site, f"{prefix}{key}/index.html")) == lang


def test_invalid_card_fails_with_check_message(tmp_path: Path) -> None:
    root = site_copy(tmp_path)
    write_card(root, "practices/virheellinen", "fi", PRACTICE_FI + "tyyppivirhe: kyllä\n")
    result = mkdocs_build(root, root / "site")
    assert result.returncode != 0
    library = load_library(root)
    from kaikki.checks import check_library

    errors: list[Problem] = [p for p in check_library(library) if p.is_error]
    assert errors
    for found in errors:
        assert format_problem(found, "fi") in result.stderr
    assert f"Sivustoa ei koottu. Virheitä materials-kansiossa: {len(errors)}" in result.stderr
    assert "Traceback" not in result.stderr


def test_contributor_guide_in_both_languages_and_linked_from_both_homes(repo_site: Path) -> None:
    guide_fi = read(repo_site, "contributing/index.html")
    guide_sv = read(repo_site, "sv/contributing/index.html")
    assert html_lang(guide_fi) == "fi" and html_lang(guide_sv) == "sv"
    assert "henkilötunnus" in guide_fi.lower() and "personbeteckning" in guide_sv.lower()
    home_fi, home_sv = read(repo_site, "index.html"), read(repo_site, "sv/index.html")
    assert re.search(r'<a [^>]*href="contributing/"', home_fi), "the Finnish home does not link the guide"
    assert re.search(r'<a [^>]*href="contributing/"', home_sv), "the Swedish home does not link the guide"


def _git(root: Path, *args: str, when: str) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(root),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.fi",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.fi",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_translation_status_page_lists_twins_older_than_the_other_language(tmp_path: Path) -> None:
    root = site_copy(tmp_path)
    write_card(root, "practices/vain-suomeksi", "fi", PRACTICE_FI)
    write_card(root, "practices/vain-suomeksi", "sv", PRACTICE_FI.replace("Vain suomeksi", "Bara på finska"))
    _git(root, "init", "-q", when="2025-01-01T10:00:00")
    _git(root, "add", "-A", when="2025-01-01T10:00:00")
    _git(root, "commit", "-q", "-m", "both twins", when="2025-01-01T10:00:00")
    finnish = root / "materials/practices/vain-suomeksi/index.fi.md"
    finnish.write_text(finnish.read_text(encoding="utf-8") + "\nUusi kappale.\n", encoding="utf-8")
    _git(root, "commit", "-q", "-am", "Finnish changed", when="2025-02-01T10:00:00")

    site = root / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr

    for path, heading in (
        ("untranslated/index.html", "Päivitettävä käännös: ruotsi"),
        ("sv/untranslated/index.html", "Översättning att uppdatera: svenska"),
    ):
        html = read(site, path).replace("\u00ad", "")  # headings carry soft hyphens in long words
        assert heading in html, path
        after = html.split(heading, 1)[1]
        assert "practices/vain-suomeksi/" in after.split("</ul>", 1)[0], (
            f"{path}: the outdated twin is not listed"
        )


def test_not_found_page_in_each_language_tree(repo_site: Path) -> None:
    # The Finnish page at the root (what a host serves for any missing address), the Swedish under sv/.
    for path, lang, heading, home in (
        ("404.html", "fi", "Sivua ei löytynyt", "Kirjaston etusivulle"),
        ("sv/404.html", "sv", "Sidan hittades inte", "Till bibliotekets startsida"),
    ):
        html = read(repo_site, path)
        assert html_lang(html) == lang, path
        assert f"<h1>{heading}</h1>" in html, path
        assert "Not found" not in html, path
        assert home in html, path
        # Served at any depth: the links are absolute, into the page's own language tree.
        search = "/search/" if lang == "fi" else "/sv/search/"
        assert f'href="{search}"' in html, path


def _edit_link(html: str) -> tuple[str, str]:
    found = re.search(r'<p class="kaikki-card__edit"[^>]*><a href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert found, "no edit link"
    return unescape(found.group(1)), found.group(2)


@pytest.mark.parametrize(
    ("page", "twin", "words"),
    [
        ("sv/practices/vain-suomeksi/index.html", "vain-suomeksi?filename=index.sv.md", "svensk"),
        ("practices/bara-svenska/index.html", "bara-svenska?filename=index.fi.md", "suomenkielinen"),
    ],
)
def test_fallback_page_offers_to_add_the_translation(
    fixture_site: Path, page: str, twin: str, words: str
) -> None:
    href, text = _edit_link(read(fixture_site, page))
    assert words in text
    repo = "https://github.com/kaikki-mukaan/kaikki-mukaan"
    assert href.startswith(f"{repo}/new/main/materials/practices/{twin}&value="), href
    assert len(href) < 1000, f"{len(href)} characters"
    # The new file starts as front matter with the words to write, each marked for the checks (E605).
    value = parse_qs(urlsplit(href).query)["value"][0]
    front = value.split("---\n")[1]
    meta = yaml.safe_load(front)
    assert set(meta) == {"title", "summary"} and all(v.startswith("✎") for v in meta.values())
    assert ("index.fi.md" if "index.sv.md" in twin else "index.sv.md") in value


def test_a_translated_card_is_edited_in_its_own_file(fixture_site: Path) -> None:
    for page, source in (
        ("tools/lomakepohja/index.html", "index.fi.md"),
        ("sv/tools/lomakepohja/index.html", "index.sv.md"),
        ("practices/vain-suomeksi/index.html", "index.fi.md"),
    ):
        href, text = _edit_link(read(fixture_site, page))
        assert href.endswith(f"/edit/main/materials/{page.removeprefix('sv/').rsplit('/', 1)[0]}/{source}")
        assert text in ("Muokkaa tätä korttia", "Redigera det här kortet"), text


def test_a_registry_that_cannot_be_read_fails_the_build_in_finnish(tmp_path: Path) -> None:
    root = site_copy(tmp_path)
    vocabulary = root / "materials/vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "\nthemes: [\n", encoding="utf-8")
    result = mkdocs_build(root, root / "site")
    assert result.returncode != 0
    assert "materials/vocabulary.yml:" in result.stderr
    assert re.search(r"materials/vocabulary\.yml:\d+: E1\d\d ", result.stderr), result.stderr[-2000:]
    assert "Traceback" not in result.stderr
