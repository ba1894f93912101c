"""scripts/issue_to_bundle.py: issue-form bodies (good and hostile) → a bundle that passes the checks, or
clear errors in the form's language with nothing left on disk."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kaikki.checks import check_library
from kaikki.cli import main as kaikki_main
from kaikki.content import load_library
from kaikki.content.yamlstrict import load_strict

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "issue_forms"
TODAY = "2025-10-13"


def _load_script() -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))  # the script imports make_issue_forms beside it
    spec = importlib.util.spec_from_file_location("issue_to_bundle", ROOT / "scripts" / "issue_to_bundle.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


itb = _load_script()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A content repository with the real registries and no bundles."""
    (tmp_path / "materials").mkdir()
    for name in ("vocabulary.yml", "municipalities.csv"):
        shutil.copy(ROOT / "materials" / name, tmp_path / "materials" / name)
    return tmp_path


def _run(
    root: Path, body: str | Path, capsys: pytest.CaptureFixture[str], number: int = 12
) -> tuple[int, str, str]:
    if isinstance(body, str):
        path = root.parent / "body.md"
        path.write_text(body, encoding="utf-8")
    else:
        path = body
    status = itb.main(
        ["--body-file", str(path), "--issue-number", str(number), "--root", str(root), "--today", TODAY]
    )
    out, err = capsys.readouterr()
    return status, out, err


def _bundles(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "materials").glob("*/*"))


def _front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    _, block, _ = text.split("---\n", 2)
    data, _lines = load_strict(block)
    assert isinstance(data, dict)
    return data


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# --- good bodies ----------------------------------------------------------------------------------


def test_finnish_practice(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(root, FIXTURES / "practice-fi.md", capsys)

    assert status == 0, err
    assert out == "materials/practices/tuen-palaverit-paivakodin-arjessa\n"
    folder = root / out.strip()
    assert sorted(p.name for p in folder.iterdir()) == ["index.fi.md"]  # only the form's language
    meta = _front_matter(folder / "index.fi.md")
    assert meta["title"] == "Tuen palaverit päiväkodin arjessa"
    assert meta["municipalities"] == ["liperi", "joensuu"]
    assert meta["themes"] == ["support-continuum", "multiprofessional"]
    assert meta["support_levels"] == ["general", "intensified"]
    assert meta["age_groups"] == ["age-3-5"]
    assert meta["audiences"] == ["teacher", "special-teacher", "unit-leader"]
    assert meta["status"] == "pilot"
    assert meta["license"] == "CC-BY-4.0"
    assert meta["published"] == TODAY
    assert meta["keywords"] == ["tukipalaveri", "palaveri", "tiimipalaveri"]
    assert meta["contacts"] == [
        {
            "name": "Maija Esimerkki",
            "role": "varhaiskasvatuksen erityisopettaja",
            "organisation": "Liperin kunta",
            "email": "maija.esimerkki@liperi.fi",
        }
    ]
    assert meta["attachments"] == [
        {
            "url": "https://github.com/user-attachments/files/1234567/muistiopohja.pdf",
            "title": "Palaverin muistiopohja",
        }
    ]
    body = (folder / "index.fi.md").read_text(encoding="utf-8")
    assert "## Tausta\n" in body and "## Toteutus\n" in body and "## Edellytykset ja resurssit\n" in body
    assert "## Tulokset ja arviointi" not in body  # _No response_: the section is left out
    assert "✎" not in body
    # The missing Swedish twin is a notice, not an error.
    assert "N301" in err


def test_swedish_meeting(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(root, FIXTURES / "meeting-sv.md", capsys)

    assert status == 0, err
    assert out.startswith("materials/meetings/2026-spring-natverkstraff-om-overgangar")
    folder = root / out.strip()
    assert sorted(p.name for p in folder.iterdir()) == ["index.sv.md"]
    meta = _front_matter(folder / "index.sv.md")
    assert meta["date"] == "2026-spring"
    assert meta["time"] == "09:00-11:30"
    assert meta["host"] == "vantaa"
    assert meta["municipalities"] == ["vantaa", "espoo", "helsinki"]
    assert meta["online"] is True
    assert meta["online_url"] == "https://teams.example.fi/meet/123456"
    assert meta["agenda"] == [
        {"time": "09:00", "title": "Välkommen", "presenter": "Småbarnspedagogiken i Vanda"},
        {"time": "09:15-10:00", "title": "Stödet vid övergången", "presenter": "speciallärare Maja Exempel"},
        {"time": "10:00", "title": "Diskussion i smågrupper"},
    ]
    assert "## Beskrivning\n" in (folder / "index.sv.md").read_text(encoding="utf-8")
    assert "Språkversionen saknas" in err  # the notice, in Swedish


def test_swedish_tool_with_links_and_a_pasted_image(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(root, FIXTURES / "tool-sv.md", capsys)

    assert status == 0, err
    folder = root / out.strip()
    meta = _front_matter(folder / "index.sv.md")
    assert meta["attachments"] == [
        {"url": "https://example.fi/material/kartlaggning.pdf", "title": "kartlaggning.pdf"},
        {
            "url": "https://github.com/user-attachments/assets/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab",
            "title": "Bilaga 2",
        },
    ]
    assert "support_levels" not in meta  # "None" is GitHub's empty dropdown
    body = (folder / "index.sv.md").read_text(encoding="utf-8")
    assert "\n### Före mötet\n" in body  # a top-level heading in an answer goes below the section's ##


@pytest.mark.parametrize(
    "name", ["practice-fi.md", "meeting-sv.md", "tool-sv.md", "hostile-title-traversal.md"]
)
def test_written_bundles_pass_kaikki_check(root: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    status, out, err = _run(root, FIXTURES / name, capsys)
    assert status == 0, err
    assert kaikki_main(["check", "--root", str(root), "--no-cache", str(root / out.strip())]) == 0
    problems = check_library(load_library(root))
    assert [p.code for p in problems] == ["N301"]


def test_slug_is_unique(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _run(root, FIXTURES / "practice-fi.md", capsys)[1].strip()
    second = _run(root, FIXTURES / "practice-fi.md", capsys)[1].strip()
    third = _run(root, FIXTURES / "practice-fi.md", capsys)[1].strip()
    assert first == "materials/practices/tuen-palaverit-paivakodin-arjessa"
    assert second == first + "-2"
    assert third == first + "-3"


def test_slug_avoids_old_addresses_kept_by_redirect_from(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _run(root, FIXTURES / "practice-fi.md", capsys)[1].strip()
    renamed = root / "materials" / "practices" / "tuen-palaverit"
    (root / first).rename(renamed)
    index = renamed / "index.fi.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            'license: "CC-BY-4.0"\n',
            'license: "CC-BY-4.0"\nredirect_from:\n  - "practices/tuen-palaverit-paivakodin-arjessa"\n',
        ),
        encoding="utf-8",
    )
    again = _run(root, FIXTURES / "practice-fi.md", capsys)
    assert again[0] == 0, again[2]
    assert again[1].strip() == first + "-2"


def test_slugify_transliterates_and_caps() -> None:
    assert itb.slugify("Äänekoski: Östra Nylands Åbo-käytäntö!") == "aanekoski-ostra-nylands-abo-kaytanto"
    long = itb.slugify("sana " * 40)
    assert len(long) <= itb.SLUG_WORDS_MAX and not long.endswith("-")


# --- hostile and broken bodies -------------------------------------------------------------------


def _assert_refused(root: Path, status: int, out: str) -> None:
    assert status == 1
    assert out == ""
    assert _bundles(root) == []


def test_raw_html_is_refused_by_field_and_line(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(root, FIXTURES / "hostile-html.md", capsys)
    _assert_refused(root, status, out)
    assert "Kentän ”Edellytykset ja resurssit” rivillä 3 on HTML-koodia" in err
    assert "rivillä 4" in err
    assert "<script>" not in err and "onerror" not in err


def test_javascript_links_are_refused(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(root, FIXTURES / "hostile-javascript-link.md", capsys)
    _assert_refused(root, status, out)
    assert err.count("on linkki, jota ei sallita") == 2
    assert "javascript" not in err


def test_path_traversal_in_the_title_gives_a_plain_slug(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(root, FIXTURES / "hostile-title-traversal.md", capsys)
    assert status == 0, err
    assert out == "materials/practices/etc\n"
    assert not (root.parent / "etc").exists()
    assert _front_matter(root / "materials/practices/etc/index.fi.md")["title"] == "../../etc"


def test_title_without_letters_is_refused(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = _fixture("practice-fi.md").replace("Tuen palaverit päiväkodin arjessa", "../..")
    status, out, err = _run(root, body, capsys)
    _assert_refused(root, status, out)
    assert "Nimestä ei saa muodostettua kortin tunnistetta" in err


def test_identity_code_is_refused_and_never_echoed(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(root, FIXTURES / "hostile-identity-code.md", capsys)
    _assert_refused(root, status, out)
    assert "Kentässä ”Tausta” on henkilötunnus" in err
    assert "131052" not in err and "308T" not in err


def test_identity_code_in_a_dropdown_answer_is_not_echoed(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = _fixture("practice-fi.md").replace("Liperi, Joensuu", "Liperi, 131052-308T")
    status, out, err = _run(root, body, capsys)
    _assert_refused(root, status, out)
    assert "131052" not in err


def test_ten_thousand_characters_are_refused(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long = "Pitkä teksti. " * 715  # 10,010 characters
    body = (
        _fixture("practice-fi.md")
        .replace("Puoli tuntia joka toinen viikko ja veon aikaa.", long)
        .replace("tukipalaveri, palaveri, tiimipalaveri", "x" * 10_000)
    )
    status, out, err = _run(root, body, capsys)
    _assert_refused(root, status, out)
    assert "Kentän ”Edellytykset ja resurssit” vastaus on liian pitkä (10009 merkkiä; enintään 6000)" in err
    assert "Kentän ”Hakusanat” vastaus on liian pitkä (10000 merkkiä; enintään 1000)" in err


def test_long_title_and_summary_are_refused(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = _fixture("meeting-sv.md").replace(
        "Nätverksträff om övergångar till förskoleundervisningen", "Träff " * 30
    )
    status, out, err = _run(root, body, capsys)
    _assert_refused(root, status, out)
    assert "Svaret i fältet ”Träffens namn” är för långt (179 tecken; högst 120)" in err


def test_yaml_injection_stays_text(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(root, FIXTURES / "hostile-yaml-injection.md", capsys)
    assert status == 0, err
    meta = _front_matter(root / out.strip() / "index.fi.md")
    assert meta["themes"] == ["support-continuum", "multiprofessional"]
    assert meta["published"] == TODAY
    assert "evil" not in meta
    assert meta["title"] == 'Tuen palaverit" themes: [evil] published: 1999-01-01'
    assert str(meta["summary"]).endswith('title: "x" themes: [evil] --- evil: true')


def test_unknown_municipality(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(root, FIXTURES / "unknown-municipality.md", capsys)
    _assert_refused(root, status, out)
    assert "Kentän ”Kunnat” valintaa ”Atlantis” ei tunneta" in err


def test_municipality_in_the_other_language_or_by_slug_is_accepted(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = _fixture("practice-fi.md").replace("Liperi, Joensuu", "Libelits, joensuu")
    status, out, err = _run(root, body, capsys)
    assert status == 0, err
    assert _front_matter(root / out.strip() / "index.fi.md")["municipalities"] == ["liperi", "joensuu"]


def test_injected_label_heading_is_refused(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(root, FIXTURES / "hostile-heading-injection.md", capsys)
    _assert_refused(root, status, out)
    assert "Otsikko ### Kunnat on tekstissä kahdesti" in err


def test_missing_required_answers_and_confirmations(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = (
        _fixture("practice-fi.md")
        .replace("Liperi, Joensuu", "_No response_")
        .replace("- [X] Meillä on oikeus", "- [ ] Meillä on oikeus")
    )
    status, out, err = _run(root, body, capsys)
    _assert_refused(root, status, out)
    assert "Pakollinen kenttä ”Kunnat” on tyhjä." in err
    assert "Kaikkia kohdan ”Vahvistukset” vahvistuksia ei ole rastitettu." in err


def test_bad_meeting_values_are_reported_in_swedish(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = (
        _fixture("meeting-sv.md")
        .replace("2026-vår", "nästa vår")
        .replace("https://teams.example.fi/meet/123456", "http://teams.example.fi")
        .replace("10:00 Diskussion i smågrupper", "Diskussion utan klockslag")
    )
    status, out, err = _run(root, body, capsys)
    _assert_refused(root, status, out)
    assert "Värdet ”nästa vår” i fältet ”Datum” har fel form." in err
    assert "fältet ”Länk för distansdeltagande”" in err
    assert "fältet ”Föredragningslista”" in err
    assert "Förslaget #12 kunde inte göras om" in err


def test_private_email_fails_the_core_check_and_leaves_nothing(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = _fixture("practice-fi.md").replace("maija.esimerkki@liperi.fi", "maija1985@gmail.com")
    status, out, err = _run(root, body, capsys)
    _assert_refused(root, status, out)
    assert "Kortti ei läpäissyt tarkistusta, eikä sitä tallennettu:" in err
    assert "E606" in err


def test_placeholder_mark_is_removed(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = _fixture("practice-fi.md").replace("Tuen tarpeet huomattiin", "✎ Tuen tarpeet huomattiin")
    status, out, err = _run(root, body, capsys)
    assert status == 0, err
    assert "✎" not in (root / out.strip() / "index.fi.md").read_text(encoding="utf-8")


def test_body_without_a_form_is_refused_in_both_languages(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(root, "Hei, voisitteko lisätä käytäntömme?\n\n### Otsikko\n\nx\n", capsys)
    _assert_refused(root, status, out)
    assert "Ehdotusta #12 ei voi muuntaa kortiksi" in err
    assert "Förslaget #12 kan inte göras om" in err


def test_windows_line_ends_are_read(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = _fixture("practice-fi.md").replace("\n", "\r\n")
    status, _out, err = _run(root, body, capsys)
    assert status == 0, err
