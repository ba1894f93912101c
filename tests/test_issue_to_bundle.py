"""``kaikki from-issue`` (:mod:`kaikki.intake.issue`): issue-form bodies (good and hostile) → a bundle that
passes the checks, or clear errors in the form's language with nothing left on disk.

Every conversion runs the command itself (``kaikki.cli.main``), in Finnish and Swedish forms. Files
dragged into a form are served by a local ``http.server`` on 127.0.0.1 (:class:`AttachmentServer`): the
bodies' ``https://github.com/`` addresses are rewritten to it and the converter's attachment source is
pointed at it, so no test reaches the network."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import hetu, jpeg_bytes, pdf_bytes, png_bytes
from kaikki.checks import check_library
from kaikki.cli import main as kaikki_main
from kaikki.content import load_library
from kaikki.content.yamlstrict import load_strict
from kaikki.intake import attachments
from kaikki.intake import issue as itb

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "issue_forms"
TODAY = "2025-10-13"


PDF_PATH = "/user-attachments/files/1234567/muistiopohja.pdf"
IMAGE_PATH = "/user-attachments/assets/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab"


@dataclass
class AttachmentServer:
    """GitHub's attachment storage, played by a local server: path → (status, headers, body)."""

    files: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def source(self, **changes: object):
        values = {
            "scheme": "http",
            "hosts": frozenset({"127.0.0.1"}),
            "redirect_hosts": frozenset(),
            "port": self.port,
            "timeout": 5.0,
            **changes,
        }
        return attachments.AttachmentSource(**values)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[AttachmentServer]:
    state = AttachmentServer()
    state.files[PDF_PATH] = (200, {"Content-Type": "application/pdf"}, pdf_bytes("Palaverin muistio"))
    state.files[IMAGE_PATH] = (200, {"Content-Type": "image/png"}, png_bytes())

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(self.path)
            status, headers, body = state.files.get(self.path, (404, {}, b""))
            self.send_response(status)
            for key, value in {"Content-Length": str(len(body)), **headers}.items():
                if value:  # an empty value leaves the header out
                    self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(itb, "ATTACHMENT_SOURCE", state.source())
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def root(tmp_path: Path, server: AttachmentServer) -> Path:
    """A content repository with the real registries and no bundles; dragged files from ``server``."""
    (tmp_path / "materials").mkdir()
    for name in ("vocabulary.yml", "municipalities.csv"):
        shutil.copy(ROOT / "materials" / name, tmp_path / "materials" / name)
    return tmp_path


def _run(
    root: Path,
    body: str | Path,
    capsys: pytest.CaptureFixture[str],
    number: int = 12,
    report: Path | None = None,
) -> tuple[int, str, str]:
    text = body if isinstance(body, str) else body.read_text(encoding="utf-8")
    # Dragged files come from the local server (itb.ATTACHMENT_SOURCE, set by the `server` fixture).
    source = itb.ATTACHMENT_SOURCE
    if source.scheme == "http":
        text = text.replace("https://github.com/", f"http://127.0.0.1:{source.port}/")
    path = root.parent / "body.md"
    path.write_text(text, encoding="utf-8")
    extra = ["--report", str(report)] if report else []
    status = kaikki_main(
        [
            "from-issue",
            "--body-file",
            str(path),
            "--issue-number",
            str(number),
            "--root",
            str(root),
            "--today",
            TODAY,
            *extra,
        ]
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
    # Only the form's language, and the dragged file, downloaded into the bundle.
    assert sorted(p.name for p in folder.iterdir()) == ["index.fi.md", "muistiopohja.pdf"]
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
    assert meta["attachments"] == [{"file": "muistiopohja.pdf", "title": "Palaverin muistiopohja"}]
    assert (folder / "muistiopohja.pdf").read_bytes() == pdf_bytes("Palaverin muistio")
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
        {"file": "liite-2.png", "title": "Bilaga 2"},  # an image asset: the type from its bytes
    ]
    assert (folder / "liite-2.png").read_bytes()[:4] == b"\x89PNG"
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
    # The autolink <javascript:…> is refused as a link or, by the body scanner, as raw HTML.
    assert err.count("on linkki, jota ei sallita") + err.count("on HTML-koodia") == 2
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


# --- files dragged into the form: downloaded from GitHub's storage only, checked like bundle files ------


def _with_attachment(path: str, title: str = "Liite") -> str:
    """The Finnish practice with one dragged file at ``path`` on the (local) GitHub."""
    return _fixture("practice-fi.md").replace(
        f"[Palaverin muistiopohja](https://github.com{PDF_PATH})", f"[{title}](https://github.com{path})"
    )


def test_identity_code_in_a_dragged_file_is_refused(
    root: Path, server: AttachmentServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code = hetu("-")
    server.files[PDF_PATH] = (200, {}, pdf_bytes(f"Lapsi {code}"))
    status, out, err = _run(root, FIXTURES / "practice-fi.md", capsys)
    _assert_refused(root, status, out)
    assert "E603" in err and "muistiopohja.pdf" in err
    assert code not in err
    assert server.requests == [PDF_PATH]


def test_photo_with_a_location_is_refused(
    root: Path, server: AttachmentServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.files[IMAGE_PATH] = (200, {"Content-Type": "image/jpeg"}, jpeg_bytes(gps=True))
    status, out, err = _run(root, _with_attachment(IMAGE_PATH, "kuva"), capsys)
    _assert_refused(root, status, out)
    assert "E604" in err and "liite-1.jpg" in err


def test_type_is_judged_by_content(root: Path, server: AttachmentServer, capsys) -> None:
    server.files[PDF_PATH] = (200, {}, png_bytes())  # a picture calling itself .pdf
    status, out, err = _run(root, FIXTURES / "practice-fi.md", capsys)
    _assert_refused(root, status, out)
    assert "E509" in err


def test_unknown_content_without_a_name_is_refused(root: Path, server: AttachmentServer, capsys) -> None:
    server.files[IMAGE_PATH] = (200, {}, b"#!/bin/sh\necho hei\n")
    status, out, err = _run(root, _with_attachment(IMAGE_PATH), capsys)
    _assert_refused(root, status, out)
    assert "Liitteen 1 (Liite) tiedostotyyppiä ei sallita" in err


def test_too_large_a_file_is_refused(
    root: Path, server: AttachmentServer, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(itb, "ATTACHMENT_SOURCE", server.source(max_bytes=1024 * 1024))
    server.files[PDF_PATH] = (200, {}, pdf_bytes() + b"%" * (1024 * 1024))
    status, out, err = _run(root, FIXTURES / "practice-fi.md", capsys)
    _assert_refused(root, status, out)
    assert "Liite 1 (Palaverin muistiopohja) on liian suuri: tiedosto saa olla enintään 1 Mt" in err


def test_too_large_is_refused_without_a_content_length(server: AttachmentServer, tmp_path: Path) -> None:
    """The cap holds while reading too, whatever the server claims."""
    server.files[PDF_PATH] = (200, {"Content-Length": ""}, b"%PDF-" + b"x" * 5000)
    with pytest.raises(attachments.DownloadRefused) as refused:
        attachments.fetch(server.base + PDF_PATH, server.source(max_bytes=100))
    assert refused.value.key in ("issue_download_too_large", "issue_download_failed")
    assert not list(tmp_path.iterdir())


def test_redirect_to_another_host_is_refused(root: Path, server: AttachmentServer, capsys) -> None:
    # "localhost" is the same machine but not an allowed host: the redirect is not followed.
    elsewhere = f"http://localhost:{server.port}/elsewhere.pdf"
    server.files[PDF_PATH] = (302, {"Location": elsewhere}, b"")
    server.files["/elsewhere.pdf"] = (200, {}, pdf_bytes())
    status, out, err = _run(root, FIXTURES / "practice-fi.md", capsys)
    _assert_refused(root, status, out)
    assert "Liitettä 1 (Palaverin muistiopohja) ei saatu ladattua GitHubista" in err
    assert server.requests == [PDF_PATH]


def test_redirect_to_the_storage_host_is_followed(
    root: Path, server: AttachmentServer, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(itb, "ATTACHMENT_SOURCE", server.source(redirect_hosts=frozenset({"localhost"})))
    server.files[PDF_PATH] = (302, {"Location": f"http://localhost:{server.port}/storage/1"}, b"")
    server.files["/storage/1"] = (200, {}, pdf_bytes("Muistio"))
    status, out, err = _run(root, FIXTURES / "practice-fi.md", capsys)
    assert status == 0, err
    assert (root / out.strip() / "muistiopohja.pdf").read_bytes() == pdf_bytes("Muistio")


def test_missing_file_is_refused(root: Path, server: AttachmentServer, capsys) -> None:
    del server.files[PDF_PATH]
    status, out, err = _run(root, FIXTURES / "practice-fi.md", capsys)
    _assert_refused(root, status, out)
    assert "ei saatu ladattua" in err


def test_other_addresses_stay_links_and_are_not_downloaded(
    root: Path, server: AttachmentServer, capsys
) -> None:
    body = _fixture("practice-fi.md").replace(
        f"https://github.com{PDF_PATH}", "https://www.example.fi/someone/repo/raw/main/muistio.pdf"
    )
    status, out, err = _run(root, body, capsys)
    assert status == 0, err
    meta = _front_matter(root / out.strip() / "index.fi.md")
    assert meta["attachments"] == [
        {"url": "https://www.example.fi/someone/repo/raw/main/muistio.pdf", "title": "Palaverin muistiopohja"}
    ]
    assert server.requests == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/user-attachments/files/1234567/muistio.pdf", True),
        ("https://github.com/user-attachments/assets/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab", True),
        ("https://github.com/kaikki-mukaan/kaikki-mukaan/assets/123/0f1e2d3c-aaaa-bbbb-cccc-12345678", True),
        ("https://GitHub.com/user-attachments/files/1234567/muistio.pdf", True),
        ("http://github.com/user-attachments/files/1234567/muistio.pdf", False),
        ("https://github.com:8443/user-attachments/files/1234567/muistio.pdf", False),
        ("https://user@github.com/user-attachments/files/1234567/muistio.pdf", False),
        ("https://github.com.evil.fi/user-attachments/files/1234567/muistio.pdf", False),
        ("https://evil.fi/github.com/user-attachments/files/1234567/muistio.pdf", False),
        ("https://github.com/user-attachments/files/1234567/../../x/muistio.pdf", False),
        ("https://github.com/someone/repo/raw/main/muistio.pdf", False),
        ("https://objects.githubusercontent.com/github-production-release-asset/1", False),
        ("https://[github.com/user-attachments/files/1/x.pdf", False),
    ],
)
def test_only_github_attachment_addresses_are_downloaded(url: str, expected: bool) -> None:
    assert attachments.is_attachment_url(url) is expected


def test_file_names_are_plain_and_never_leave_the_folder() -> None:
    pdf = pdf_bytes()
    assert attachments.file_name("https://github.com/user-attachments/files/1/Tuen%20Ää.pdf", pdf, 1) == (
        "tuen-aa.pdf"
    )
    assert attachments.file_name("https://github.com/user-attachments/files/1/..%2F..%2Fx.pdf", pdf, 2) == (
        "x.pdf"
    )
    assert attachments.file_name("https://github.com/user-attachments/files/1/.pdf", pdf, 3) == "liite-3.pdf"


def test_failure_comment_is_in_the_forms_language(root: Path, capsys, tmp_path: Path) -> None:
    body = _fixture("meeting-sv.md").replace("2026-vår", "nästa @maintainers vår")
    report = tmp_path / "comment.md"
    status, out, _err = _run(root, body, capsys, report=report)
    _assert_refused(root, status, out)
    comment = report.read_text(encoding="utf-8")
    assert comment.startswith("### Förslaget #12 kunde inte göras om till ett kort\n")
    assert "Värdet ”nästa @maintainers vår” i fältet ”Datum” har fel form." in comment
    assert "Rätta förslaget" in comment and "Korjaa" not in comment
    # The problems sit in a text block: an answer quoted in them never renders or mentions anyone.
    block = comment.split("```text\n", 1)[1].split("\n```", 1)[0]
    assert "@maintainers" in block


def test_failure_comment_of_an_unknown_form_is_in_both_languages(root: Path, capsys, tmp_path: Path) -> None:
    report = tmp_path / "comment.md"
    status, _out, _err = _run(root, "Hei!\n\n```\n### x\n", capsys, report=report)
    assert status == 1
    comment = report.read_text(encoding="utf-8")
    assert "Ehdotuksesta #12 ei voitu tehdä korttia / Förslaget #12 kunde inte göras om" in comment
    assert comment.count("```") == 2  # the answer's own fence cannot end the block


def test_no_report_on_success(root: Path, capsys, tmp_path: Path) -> None:
    report = tmp_path / "comment.md"
    status, _out, err = _run(root, FIXTURES / "practice-fi.md", capsys, report=report)
    assert status == 0, err
    assert not report.exists()


# --- the command's own errors, in the language asked for ------------------------------------------


@pytest.mark.parametrize(
    ("lang", "args", "expected"),
    [
        ("fi", ["--issue-number", "0"], "Ehdotuksen numeron (--issue-number) pitää olla positiivinen"),
        ("sv", ["--issue-number", "0"], "Förslagets nummer (--issue-number) ska vara ett positivt heltal"),
        ("fi", ["--today", "13.10.2025"], "Päivä 13.10.2025 (--today) ei ole muotoa VVVV-KK-PP"),
        ("sv", ["--today", "2025-13-01"], "Dagen 2025-13-01 (--today) är inte i formen ÅÅÅÅ-MM-DD"),
        ("fi", ["--body-file", "missing.md"], "Ehdotuksen tekstiä ei voi lukea tiedostosta"),
        ("sv", ["--body-file", "missing.md"], "Förslagets text kan inte läsas från filen"),
    ],
)
def test_usage_errors_are_in_the_language_asked_for(
    root: Path, capsys: pytest.CaptureFixture[str], lang: str, args: list[str], expected: str
) -> None:
    body = root.parent / "body.md"
    body.write_text(_fixture("practice-fi.md"), encoding="utf-8")
    given = {"--body-file": str(body), "--issue-number": "12", "--today": TODAY}
    for index in range(0, len(args), 2):
        given[args[index]] = args[index + 1] if args[index] != "--body-file" else str(root / args[index + 1])
    argv = ["from-issue", "--lang", lang, "--root", str(root)]
    for key, value in given.items():
        argv += [key, value]

    status = kaikki_main(argv)

    out, err = capsys.readouterr()
    assert status == 2
    assert out == "" and expected in err
    assert ("Käyttövirhe" if lang == "fi" else "Användningsfel") in err
    assert _bundles(root) == []


@pytest.mark.parametrize(
    ("lang", "expected"), [("fi", "tee kortti lomakkeella"), ("sv", "gör ett kort av ett")]
)
def test_help_of_from_issue_is_in_both_languages(
    capsys: pytest.CaptureFixture[str], lang: str, expected: str
) -> None:
    with pytest.raises(SystemExit) as done:
        kaikki_main(["from-issue", "--lang", lang, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert expected in out and "--body-file" in out and "--issue-number" in out


def test_every_list_field_of_the_form_is_read_evidence_included(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A vocabulary field added to the field table reaches the card with no edit of the conversion.
    text = (FIXTURES / "practice-fi.md").read_text(encoding="utf-8")
    section = "### Tietoperusta\n\nArvioitu kunnassa, Käytännön kokemus\n\n"
    text = text.replace("### Hakusanat", section + "### Hakusanat", 1)
    status, out, err = _run(root, text, capsys)
    assert status == 0, err
    meta = _front_matter(root / out.strip() / "index.fi.md")
    assert meta["evidence"] == ["evaluated-locally", "practice-experience"]
