"""Unit tests of attachment reading (kaikki.content.extract), on files the tests write themselves."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from conftest import jpeg_bytes, pptx_bytes
from kaikki.content.extract import (
    AttachmentReport,
    ExtractCache,
    ExtractionError,
    attachment_text,
    embedded_photos_have_gps,
    image_has_gps,
    inspect_attachment,
)
from kaikki.content.identity import find_identity_codes

CODE = "131052-308T"
OTHER = "010101A123N"


def codes(text: str) -> list[str]:
    return [hit.code for hit in find_identity_codes(text)]


# ---------------------------------------------------------------------------------------------------
# Writers of test files


def write_pdf(path: Path, text: str, author: str, *, trailer_extra: str = "") -> Path:
    """A minimal valid PDF with one page showing ``text`` in Helvetica and an /Author entry."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title (Kokous) /Author ({author}) >>".encode("latin-1"),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R {trailer_extra}>>\n".encode()
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))
    return path


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(f"Leikin kuvaus, lapsi {CODE} osallistui.")
    split = document.add_paragraph("Jaettu: ")
    split.add_run("241299-")
    split.add_run("950").bold = True
    split.add_run("B")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "tunnus"
    table.cell(0, 1).text = OTHER
    document.sections[0].header.paragraphs[0].text = "Ylätunniste 150617A9020"
    document.core_properties.author = "Tekijä 290200A4561"
    document.core_properties.comments = "Kommentti"
    link = document.add_paragraph("Linkki").part.relate_to(
        f"https://example.fi/?hetu={CODE}", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True
    )
    assert link
    document.save(path)
    return path


def write_pptx(path: Path) -> Path:
    import pptx
    from pptx.util import Inches

    presentation = pptx.Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = "Tervetuloa"
    slide.placeholders[1].text = f"Lapsi {CODE}"
    table = slide.shapes.add_table(1, 2, Inches(1), Inches(4), Inches(4), Inches(1)).table
    table.cell(0, 1).text = OTHER
    slide.notes_slide.notes_text_frame.text = "Muistiinpano 150617A9020"
    presentation.core_properties.author = "Tekijä 290200A4561"
    presentation.save(path)
    return path


def write_zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def write_xlsx(path: Path) -> Path:
    return write_zip(
        path,
        {
            "[Content_Types].xml": "<Types/>",
            "xl/sharedStrings.xml": (
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f"<si><t>Nimi</t></si><si><r><t>{CODE[:5]}</t></r><r><t>{CODE[5:]}</t></r></si></sst>"
            ),
            "docProps/core.xml": (
                '<cp:coreProperties xmlns:cp="urn:cp" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f"<dc:title>Taulukko</dc:title><dc:creator>{OTHER}</dc:creator></cp:coreProperties>"
            ),
        },
    )


def write_odt(path: Path) -> Path:
    text_ns = 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    return write_zip(
        path,
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": (
                f"<office:document-content xmlns:office='urn:office' {text_ns}><office:body><office:text>"
                f"<text:p>Alku</text:p><text:p>{CODE}</text:p><text:p>Loppu</text:p>"
                "</office:text></office:body></office:document-content>"
            ),
            "meta.xml": (
                "<office:document-meta xmlns:office='urn:office' xmlns:meta='urn:meta'><office:meta>"
                f"<meta:initial-creator>{OTHER}</meta:initial-creator></office:meta></office:document-meta>"
            ),
        },
    )


def write_jpeg(path: Path, *, gps: bool) -> Path:
    image = Image.new("RGB", (16, 16), "white")
    exif = Image.Exif()
    exif[0x010F] = "Kamera"  # Make
    if gps:
        exif[0x8825] = {1: "N", 2: (60.0, 10.0, 0.0), 3: "E", 4: (24.0, 56.0, 0.0)}
    image.save(path, exif=exif)
    return path


# ---------------------------------------------------------------------------------------------------
# Documents


def test_pdf_text_and_author(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "a.pdf", f"Lapsi {CODE} kavi", OTHER)
    text = attachment_text(path)
    assert f"Lapsi {CODE}" in text
    assert "Kokous" in text
    assert sorted(codes(text)) == sorted([CODE, OTHER])


def test_docx_body_split_runs_table_header_and_properties(tmp_path: Path) -> None:
    text = attachment_text(write_docx(tmp_path / "a.docx"))
    found = codes(text)
    for code in (CODE, "241299-950B", OTHER, "150617A9020", "290200A4561"):
        assert code in found, code


def test_docx_external_hyperlink_targets_are_read_internal_ones_not(tmp_path: Path) -> None:
    text = attachment_text(write_docx(tmp_path / "a.docx"))
    assert f"https://example.fi/?hetu={CODE}" in text.splitlines()
    assert "styles.xml" not in text.splitlines()


def test_docx_paragraphs_stay_apart(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph(CODE)
    document.add_paragraph("Seuraava kappale")
    path = tmp_path / "b.docx"
    document.save(path)
    assert codes(attachment_text(path)) == [CODE]


def test_pptx_slide_table_notes_and_properties(tmp_path: Path) -> None:
    text = attachment_text(write_pptx(tmp_path / "a.pptx"))
    found = codes(text)
    for code in (CODE, OTHER, "150617A9020", "290200A4561"):
        assert code in found, code


def test_xlsx_shared_strings_and_core_properties(tmp_path: Path) -> None:
    text = attachment_text(write_xlsx(tmp_path / "a.xlsx"))
    assert sorted(codes(text)) == sorted([CODE, OTHER])
    assert "Nimi" in text.splitlines()


def test_odt_content_and_meta(tmp_path: Path) -> None:
    text = attachment_text(write_odt(tmp_path / "a.odt"))
    assert sorted(codes(text)) == sorted([CODE, OTHER])
    assert text.splitlines()[:3] == ["Alku", CODE, "Loppu"]


def test_other_types_give_empty_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(CODE)
    assert attachment_text(path) == ""


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "A.PDF", "x", OTHER)
    assert OTHER in attachment_text(path)


# ---------------------------------------------------------------------------------------------------
# Files that cannot be read


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not a pdf at all")
    with pytest.raises(ExtractionError) as raised:
        attachment_text(path)
    assert raised.value.reason == "corrupt"


def test_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    source = write_pdf(tmp_path / "plain.pdf", "salainen", "x")
    writer = PdfWriter()
    writer.append(PdfReader(source))
    writer.encrypt(user_password="salasana", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    with pytest.raises(ExtractionError) as raised:
        attachment_text(path)
    assert raised.value.reason == "encrypted"


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    source = write_pdf(tmp_path / "plain.pdf", f"Lapsi {CODE}", "x")
    writer = PdfWriter()
    writer.append(PdfReader(source))
    writer.encrypt(user_password="", owner_password="omistaja", algorithm="RC4-128")
    path = tmp_path / "restricted.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    assert CODE in codes(attachment_text(path))


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(b"PK but not really a zip")
    with pytest.raises(ExtractionError) as raised:
        attachment_text(path)
    assert raised.value.reason == "corrupt"


def test_password_protected_office_file(tmp_path: Path) -> None:
    # Office wraps an encrypted package in an OLE compound file with an EncryptedPackage stream.
    path = tmp_path / "locked.docx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le")
    )
    with pytest.raises(ExtractionError) as raised:
        attachment_text(path)
    assert raised.value.reason == "encrypted"
    assert inspect_attachment(path).error == "encrypted"


def test_zip_bomb_is_refused_from_the_directory(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "bomb.docx")
    data = bytearray(path.read_bytes())
    # Declare a huge uncompressed size for the first member in the central directory.
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 0x7FFF0000)
    path.write_bytes(bytes(data))
    with pytest.raises(ExtractionError) as raised:
        attachment_text(path)
    assert raised.value.reason == "too-large-uncompressed"


def test_xml_entities_are_refused(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "a.odt",
        {"content.xml": '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;&a;</x>'},
    )
    with pytest.raises(ExtractionError) as raised:
        attachment_text(path)
    assert raised.value.reason == "xml-entities"


def test_malformed_xml_is_corrupt(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "a.xlsx", {"xl/sharedStrings.xml": "<sst><si><t>kesken"})
    with pytest.raises(ExtractionError) as raised:
        attachment_text(path)
    assert raised.value.reason == "corrupt"


# ---------------------------------------------------------------------------------------------------
# Photos


def test_jpeg_with_gps(tmp_path: Path) -> None:
    assert image_has_gps(write_jpeg(tmp_path / "a.jpg", gps=True))


def test_jpeg_without_gps(tmp_path: Path) -> None:
    assert not image_has_gps(write_jpeg(tmp_path / "a.jpg", gps=False))


@pytest.mark.parametrize("suffix", ["png", "webp"])
def test_png_and_webp_with_and_without_gps(tmp_path: Path, suffix: str) -> None:
    exif = Image.Exif()
    exif[0x8825] = {2: (60.0, 10.0, 0.0), 4: (24.0, 56.0, 0.0)}
    with_gps = tmp_path / f"a.{suffix}"
    Image.new("RGB", (8, 8)).save(with_gps, exif=exif)
    without = tmp_path / f"b.{suffix}"
    Image.new("RGB", (8, 8)).save(without)
    assert image_has_gps(with_gps)
    assert not image_has_gps(without)


def test_xmp_gps(tmp_path: Path) -> None:
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
        b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="60,10.0N"/></rdf:RDF></x:xmpmeta>'
    )
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp.decode())
    path = tmp_path / "a.png"
    Image.new("RGB", (8, 8)).save(path, pnginfo=info)
    assert b"GPSLatitude" in path.read_bytes()
    assert image_has_gps(path)


def test_corrupt_image(tmp_path: Path) -> None:
    path = tmp_path / "a.jpg"
    path.write_bytes(b"\xff\xd8\xff not really a jpeg")
    with pytest.raises(ExtractionError) as raised:
        image_has_gps(path)
    assert raised.value.reason == "corrupt"


def test_other_image_types_are_not_read(tmp_path: Path) -> None:
    path = tmp_path / "a.gif"
    path.write_bytes(b"whatever")
    assert image_has_gps(path) is False


# ---------------------------------------------------------------------------------------------------
# Photos inside documents


def _png_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {2: (60.0, 10.0, 0.0), 4: (24.0, 56.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG", exif=exif)
    return buffer.getvalue()


def _package(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("name", "member"),
    [
        ("a.docx", "word/media/image1.jpeg"),
        ("a.pptx", "ppt/media/image3.JPG"),
        ("a.xlsx", "xl/media/image1.jpg"),
        ("a.odt", "Pictures/100000000000.jpg"),
        ("a.odp", "Pictures/kuva.jpeg"),
    ],
)
def test_a_photo_with_gps_inside_a_package(tmp_path: Path, name: str, member: str) -> None:
    assert embedded_photos_have_gps(_package(tmp_path / name, {member: jpeg_bytes(gps=True)}))
    assert not embedded_photos_have_gps(_package(tmp_path / f"b-{name}", {member: jpeg_bytes(gps=False)}))


def test_a_png_with_gps_inside_a_package(tmp_path: Path) -> None:
    assert embedded_photos_have_gps(_package(tmp_path / "a.docx", {"word/media/image1.png": _png_with_gps()}))


def test_a_photo_inserted_by_python_docx(tmp_path: Path) -> None:
    import docx

    for gps in (True, False):
        document = docx.Document()
        document.add_picture(io.BytesIO(jpeg_bytes(gps=gps)))
        document.save(tmp_path / "a.docx")
        assert embedded_photos_have_gps(tmp_path / "a.docx") is gps


def test_a_damaged_photo_member_still_has_its_exif_read(tmp_path: Path) -> None:
    photo = jpeg_bytes(gps=True)
    damaged = photo[: photo.index(b"\xff\xda")]  # cut before the image data: Pillow cannot open it
    path = _package(tmp_path / "a.pptx", {"ppt/media/image1.jpeg": damaged, "ppt/media/x.png": b"junk"})
    assert embedded_photos_have_gps(path)


def pdf_with_image(jpeg: bytes) -> bytes:
    """A valid one-page PDF that draws ``jpeg`` kept as it is (DCTDecode), as PDF writers embed photos."""
    with Image.open(io.BytesIO(jpeg)) as image:
        width, height = image.size
    content = b"q 100 0 0 100 72 600 cm /Im1 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB"
        b" /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
        % (width, height, len(jpeg))
        + jpeg
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_jpeg_kept_as_is_inside_a_pdf(tmp_path: Path) -> None:
    for gps in (True, False):
        path = tmp_path / "a.pdf"
        path.write_bytes(pdf_with_image(jpeg_bytes(gps)))
        assert embedded_photos_have_gps(path) is gps
        assert inspect_attachment(path).gps is gps


def test_documents_without_photos_and_other_types(tmp_path: Path) -> None:
    assert not embedded_photos_have_gps(write_docx(tmp_path / "a.docx"))
    assert not embedded_photos_have_gps(write_pdf(tmp_path / "a.pdf", "teksti", "x"))
    assert not embedded_photos_have_gps(write_jpeg(tmp_path / "a.jpg", gps=True))  # a photo: image_has_gps


def test_a_package_that_is_not_a_zip_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ExtractionError) as raised:
        embedded_photos_have_gps(path)
    assert raised.value.reason == "corrupt"


# ---------------------------------------------------------------------------------------------------
# Cache


def cache_files(cache: ExtractCache) -> list[Path]:
    return sorted(cache.directory.rglob("*.json"))


def test_cache_default_directory(tmp_path: Path) -> None:
    assert ExtractCache(tmp_path).directory == tmp_path / ".cache" / "kaikki" / "extract"


def test_second_call_is_served_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kaikki.content import extract

    path = write_docx(tmp_path / "a.docx")
    cache = ExtractCache(tmp_path)
    first = inspect_attachment(path, cache)
    assert CODE in codes(first.text)
    assert (cache.hits, cache.misses) == (0, 1)
    assert len(cache_files(cache)) == 1

    def fail(data: bytes, suffix: str) -> AttachmentReport:
        raise AssertionError("read again on a cache hit")

    monkeypatch.setattr(extract, "_report", fail)
    fresh = ExtractCache(tmp_path)  # a new run: only the disk is shared
    assert inspect_attachment(path, fresh) == first
    assert (fresh.hits, fresh.misses) == (1, 0)


def test_embedded_gps_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kaikki.content import extract

    path = tmp_path / "a.pptx"
    path.write_bytes(pptx_bytes("Piha", picture=jpeg_bytes(gps=True)))
    assert inspect_attachment(path, ExtractCache(tmp_path)).gps is True
    monkeypatch.setattr(extract, "_report", lambda *a: pytest.fail("read again"))
    fresh = ExtractCache(tmp_path)
    assert inspect_attachment(path, fresh).gps is True
    assert fresh.hits == 1


def test_cache_is_invalidated_when_the_bytes_change(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "a.pdf", "vanha", "x")
    cache = ExtractCache(tmp_path)
    assert "vanha" in inspect_attachment(path, cache).text
    write_pdf(path, "uusi", "x")
    assert "uusi" in inspect_attachment(path, cache).text
    assert (cache.hits, cache.misses) == (0, 2)
    assert len(cache_files(cache)) == 2


def _edited(entry: dict[str, object], **changes: object) -> str:
    return json.dumps({**entry, **changes})


def _without(entry: dict[str, object], key: str) -> str:
    return json.dumps({k: v for k, v in entry.items() if k != key})


# Each damage is a file a person or a tool could leave: broken JSON, the right shape with a wrong type,
# a value changed by hand (the checksum then disagrees), an entry of another version or another file.
DAMAGES: dict[str, Callable[[dict[str, object]], str]] = {
    "not json": lambda entry: "{not json",
    "empty file": lambda entry: "",
    "binary": lambda entry: "\x00\xff\xfe",
    "a list": lambda entry: '["a list"]',
    "the old format": lambda entry: json.dumps({"value": ""}),
    "error of a wrong type": lambda entry: _edited(entry, error=3),
    "unknown error": lambda entry: _edited(entry, error="kaikki hyvin"),
    "text of a wrong type": lambda entry: _edited(entry, text=["a", "list"]),
    "text emptied": lambda entry: _edited(entry, text=""),
    "text emptied, length too": lambda entry: _edited(entry, text="", text_length=0),
    "length as a string": lambda entry: _edited(entry, text_length=str(entry["text_length"])),
    "length as a bool": lambda entry: _edited(entry, text_length=True),
    "gps as a string": lambda entry: _edited(entry, gps="false"),
    "gps as a number": lambda entry: _edited(entry, gps=0),
    "type_matches as a string": lambda entry: _edited(entry, type_matches="yes"),
    "type_matches null": lambda entry: _edited(entry, type_matches=None),
    "a key missing": lambda entry: _without(entry, "check"),
    "an extra key": lambda entry: _edited(entry, trusted=True),
    "another version": lambda entry: _edited(entry, version="0"),
    "another kind": lambda entry: _edited(entry, kind="attachment-pdf"),
    "another file's digest": lambda entry: _edited(entry, digest="0" * 64),
    "checksum of a wrong type": lambda entry: _edited(entry, check=None),
    "error and text at once": lambda entry: _edited(entry, error="corrupt"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_or_edited_cache_entry_is_a_miss_and_rewritten(tmp_path: Path, damage: str) -> None:
    path = write_odt(tmp_path / "a.odt")
    cache = ExtractCache(tmp_path)
    expected = inspect_attachment(path, cache)
    assert sorted(codes(expected.text)) == sorted([CODE, OTHER])
    (stored,) = cache_files(cache)
    good = json.loads(stored.read_text())
    stored.write_text(DAMAGES[damage](good), encoding="utf-8")
    fresh = ExtractCache(tmp_path)
    assert inspect_attachment(path, fresh) == expected
    assert (fresh.hits, fresh.misses) == (0, 1)
    assert json.loads(stored.read_text()) == good
    assert not list(cache.directory.rglob(".tmp-*"))


def test_a_consistent_entry_is_a_hit(tmp_path: Path) -> None:
    """The validation does not refuse good entries: the same file is served from the cache."""
    path = write_odt(tmp_path / "a.odt")
    inspect_attachment(path, ExtractCache(tmp_path))
    fresh = ExtractCache(tmp_path)
    inspect_attachment(path, fresh)
    assert (fresh.hits, fresh.misses) == (1, 0)


def test_cache_entry_keeps_digest_version_length_and_checksum(tmp_path: Path) -> None:
    import hashlib

    from kaikki.content.extract import EXTRACTOR_VERSION

    path = write_odt(tmp_path / "a.odt")
    cache = ExtractCache(tmp_path)
    report = inspect_attachment(path, cache)
    entry = json.loads(cache_files(cache)[0].read_text())
    assert entry["digest"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert entry["version"].startswith(f"{EXTRACTOR_VERSION}-")
    assert entry["text_length"] == len(report.text) > 0
    assert len(entry["check"]) == 64


def test_errors_are_cached(tmp_path: Path) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.4 garbage")
    cache = ExtractCache(tmp_path)
    for _ in range(2):
        assert inspect_attachment(path, cache).error == "corrupt"
    assert (cache.hits, cache.misses) == (1, 1)


def test_cached_gps_and_no_cache(tmp_path: Path) -> None:
    path = write_jpeg(tmp_path / "a.jpg", gps=True)
    cache = ExtractCache(tmp_path)
    assert inspect_attachment(path, cache).gps is True
    assert inspect_attachment(path, cache).gps is True
    assert (cache.hits, cache.misses) == (1, 1)
    assert inspect_attachment(path, None).gps is True
    assert inspect_attachment(write_odt(tmp_path / "a.odt"), None).text == attachment_text(tmp_path / "a.odt")


def test_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = ExtractCache(tmp_path, directory=blocker / "cache")
    path = write_odt(tmp_path / "a.odt")
    assert CODE in inspect_attachment(path, cache).text
