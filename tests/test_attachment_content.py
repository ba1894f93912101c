"""Attachments judged by their bytes (kaikki.content.extract.inspect_attachment): the type behind the
extension, identity codes in photo metadata, files nested in documents, and zip-bomb limits."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from conftest import docx_bytes, jpeg_bytes, pdf_bytes, png_bytes, pptx_bytes
from kaikki.content import extract
from kaikki.content.extract import AttachmentReport, inspect_attachment
from kaikki.content.identity import find_identity_codes

CODE = "131052-308T"


def codes(report: AttachmentReport) -> list[str]:
    return [hit.code for hit in find_identity_codes(report.text)]


def inspect(tmp_path: Path, name: str, data: bytes) -> AttachmentReport:
    path = tmp_path / name
    path.write_bytes(data)
    return inspect_attachment(path)


def zip_bytes(members: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


OOXML_MAIN = "application/vnd.openxmlformats-officedocument.{}.main+xml"


def xlsx_bytes(text: str, extra: dict[str, bytes | str] | None = None) -> bytes:
    """A minimal workbook whose shared strings hold ``text``."""
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{OOXML_MAIN.format("spreadsheetml.sheet")}"/>'
        "</Types>"
    )
    return zip_bytes(
        {
            "[Content_Types].xml": types,
            "xl/workbook.xml": "<workbook/>",
            "xl/sharedStrings.xml": f"<sst><si><t>{text}</t></si></sst>",
            **(extra or {}),
        }
    )


def odf_bytes(media_type: str, text: str, extra: dict[str, bytes | str] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", media_type, zipfile.ZIP_STORED)
        archive.writestr("content.xml", f"<document><p>{text}</p></document>", zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def with_members(package: bytes, members: dict[str, bytes | str]) -> bytes:
    """A copy of a package with members added (e.g. an embedded workbook in a Word document)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for name, data in members.items():
            target.writestr(name, data)
    return out.getvalue()


def ole_bytes(streams: dict[str, bytes]) -> bytes:
    """A compound file (MS-CFB version 3) holding ``streams``: those under 4096 bytes in the mini stream,
    the others in regular sectors, as Office writes an embedded object (oleObject1.bin)."""
    sector = 512
    end, free, fat_mark = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    mini_container, minifat, placed = b"", [], []
    for name, data in streams.items():
        if len(data) < 4096:
            first = len(mini_container) // 64
            count = -(-len(data) // 64) or 1
            minifat += [first + i + 1 for i in range(count - 1)] + [end]
            mini_container += data.ljust(count * 64, b"\0")
            placed.append((name, first, len(data), True))
        else:
            placed.append((name, None, len(data), False))
    regular = [(name, streams[name]) for name, _, _, mini in placed if not mini]
    blobs: list[
        bytes
    ] = []  # sector payloads after the FAT, in order: directory, minifat, mini container, regular
    entries = [("Root Entry", 5, 0, len(mini_container))]
    directory_count = -(-(len(placed) + 1) * 128 // sector)
    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat) if minifat else b""
    minifat_count = -(-len(minifat_bytes) // sector)
    container_count = -(-len(mini_container) // sector)
    regular_counts = [-(-len(data) // sector) for _, data in regular]
    total = directory_count + minifat_count + container_count + sum(regular_counts)
    fat_count = -(-(total + 1) * 4 // sector)
    fat = [fat_mark] * fat_count
    cursor = fat_count

    def chain(count: int) -> int:
        nonlocal cursor
        start = cursor
        fat.extend([cursor + i + 1 for i in range(count - 1)] + [end])
        cursor += count
        return start

    directory_start = chain(directory_count)
    minifat_start = chain(minifat_count) if minifat_count else end
    container_start = chain(container_count) if container_count else end
    entries[0] = ("Root Entry", 5, container_start, len(mini_container))
    regular_starts = iter([chain(count) for count in regular_counts])
    for name, first, size, mini in placed:
        entries.append((name, 2, first if mini else next(regular_starts), size))
    directory = b""
    for index, (name, kind, start, size) in enumerate(entries):
        encoded = (name + "\0").encode("utf-16-le")
        sibling = index + 1 if 0 < index < len(entries) - 1 else free
        child = 1 if index == 0 and len(entries) > 1 else free
        directory += (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, free, sibling, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, size)
        )
    blobs = [directory, minifat_bytes, mini_container, *(data for _, data in regular)]
    body = b"".join(blob.ljust(-(-len(blob) // sector) * sector, b"\0") for blob in blobs if blob)
    fat += [free] * (fat_count * sector // 4 - len(fat))
    difat = list(range(fat_count)) + [free] * (109 - fat_count)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack(
            "<IIIIIIIII", 0, fat_count, directory_start, 0, 4096, minifat_start, minifat_count, end, 0
        )
        + struct.pack("<109I", *difat)
    )
    return header + struct.pack(f"<{len(fat)}I", *fat) + body


def ole10native(name: str, data: bytes) -> bytes:
    """The \\x01Ole10Native stream of an embedded file (Word's "Insert > Object > From file")."""
    label = name.encode() + b"\0"
    inner = struct.pack("<H", 2) + label + label + struct.pack("<HH", 0, 3)
    inner += struct.pack("<I", len(label)) + label + struct.pack("<I", len(data)) + data
    inner += b"\0" * 12  # the Unicode names that follow the data
    return struct.pack("<I", len(inner)) + inner


# ---------------------------------------------------------------------------------------------------
# The type is judged by content


def test_real_files_of_every_type_match(tmp_path: Path) -> None:
    files = {
        "a.pdf": pdf_bytes("Lomake"),
        "a.docx": docx_bytes("Lomake"),
        "a.pptx": pptx_bytes("Esitys"),
        "a.xlsx": xlsx_bytes("Taulukko"),
        "a.odt": odf_bytes("application/vnd.oasis.opendocument.text", "Teksti"),
        "a.odp": odf_bytes("application/vnd.oasis.opendocument.presentation", "Esitys"),
        "a.ods": odf_bytes("application/vnd.oasis.opendocument.spreadsheet", "Taulukko"),
        "a.jpg": jpeg_bytes(),
        "a.JPEG": jpeg_bytes(),
        "a.png": png_bytes(),
    }
    webp = io.BytesIO()
    Image.new("RGB", (8, 8)).save(webp, "WEBP")
    files["a.webp"] = webp.getvalue()
    for name, data in files.items():
        report = inspect(tmp_path, name, data)
        assert report.type_matches and report.error is None, name


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "GIF")
    return out.getvalue()


def _macro_enabled_docx() -> bytes:
    """A .docm (macros) named .docx: Word refuses to open it; it is another type."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes("x")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                )
            target.writestr(info, data)
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")
    return out.getvalue()


MISMATCHES = {
    "a plain zip as docx": ("a.docx", lambda: zip_bytes({"kuvat/a.txt": "hei"})),
    "a plain zip as pptx": ("a.pptx", lambda: zip_bytes({"a.txt": "hei"})),
    "a plain zip as xlsx": ("a.xlsx", lambda: zip_bytes({"a.txt": "hei"})),
    "a plain zip as odt": ("a.odt", lambda: zip_bytes({"a.txt": "hei"})),
    "a zip with only content types": ("a.docx", lambda: zip_bytes({"[Content_Types].xml": "<Types/>"})),
    "a Word document as xlsx": ("a.xlsx", lambda: docx_bytes("x")),
    "a presentation as docx": ("a.docx", lambda: pptx_bytes("x")),
    "a macro-enabled document as docx": ("a.docx", _macro_enabled_docx),
    "a spreadsheet as odt": (
        "a.odt",
        lambda: odf_bytes("application/vnd.oasis.opendocument.spreadsheet", "x"),
    ),
    "an odt without content.xml": (
        "a.odt",
        lambda: zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text"}),
    ),
    "an OOXML file as odt": ("a.odt", lambda: docx_bytes("x")),
    "a legacy .doc as docx": ("a.docx", lambda: ole_bytes({"WordDocument": b"x" * 100})),
    "a zip as pdf": ("a.pdf", lambda: zip_bytes({"a.txt": "hei"})),
    "html as pdf": ("a.pdf", lambda: b"<html><script>alert(1)</script></html>"),
    "a png as jpg": ("a.jpg", png_bytes),
    "a jpeg as png": ("a.png", jpeg_bytes),
    "a jpeg as webp": ("a.webp", jpeg_bytes),
    "a gif as png": ("a.png", _gif),
    "a RIFF that is not WebP as webp": ("a.webp", lambda: b"RIFF\x10\x00\x00\x00WAVEfmt " + b"\0" * 16),
    "a pdf as docx": ("a.docx", lambda: pdf_bytes("x")),
}


@pytest.mark.parametrize("case", sorted(MISMATCHES))
def test_content_of_another_type_is_a_mismatch(tmp_path: Path, case: str) -> None:
    name, make = MISMATCHES[case]
    report = inspect(tmp_path, name, make())
    assert report == AttachmentReport(type_matches=False)


def test_the_main_part_is_found_through_the_package_relationships(tmp_path: Path) -> None:
    """A writer may name the main part otherwise; _rels/.rels says which it is."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(f"Lapsi {CODE}")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info).replace(b"word/document.xml", b"word/document2.xml")
            target.writestr(info.filename.replace("word/document.xml", "word/document2.xml"), data)
    report = inspect(tmp_path, "a.docx", out.getvalue())
    assert report.type_matches
    assert CODE in codes(report)


def test_damaged_files_of_the_right_type_are_unreadable_not_mismatched(tmp_path: Path) -> None:
    png = bytearray(png_bytes())
    png[-13] ^= 0xFF  # the image data chunk's CRC no longer matches: verify() refuses it
    assert inspect(tmp_path, "a.png", bytes(png)).error == "corrupt"
    assert inspect(tmp_path, "a.jpg", b"\xff\xd8\xff not really a jpeg").error == "corrupt"
    assert inspect(tmp_path, "a.pdf", b"%PDF-1.4\nnot a pdf").error == "corrupt"
    assert inspect(tmp_path, "a.docx", b"PK\x03\x04 not a zip").error == "corrupt"


def test_an_encrypted_office_document_is_encrypted_not_mismatched(tmp_path: Path) -> None:
    data = ole_bytes({"EncryptionInfo": b"\0" * 200, "EncryptedPackage": b"\0" * 5000})
    assert inspect(tmp_path, "a.xlsx", data).error == "encrypted"


# ---------------------------------------------------------------------------------------------------
# Text fields of photo metadata


EXIF_TEXT_TAGS = {
    "ImageDescription": (None, 0x010E),
    "Artist": (None, 0x013B),
    "Copyright": (None, 0x8298),
    "DocumentName": (None, 0x010D),
    "XPTitle": (None, 0x9C9B),
    "XPComment": (None, 0x9C9C),
    "XPAuthor": (None, 0x9C9D),
    "XPKeywords": (None, 0x9C9E),
    "XPSubject": (None, 0x9C9F),
    "UserComment ASCII": (0x8769, 0x9286),
    "UserComment UNICODE": (0x8769, 0x9286),
    "CameraOwnerName": (0x8769, 0xA430),
    "GPSAreaInformation": (0x8825, 0x001C),
}


def exif_with(field: str) -> Image.Exif:
    directory, tag = EXIF_TEXT_TAGS[field]
    exif = Image.Exif()
    exif[0x010F] = "Kamera Oy"  # Make: Pillow writes no EXIF to a PNG whose first directory is empty
    text = f"Lapsi {CODE}"
    if 0x9C9B <= tag <= 0x9C9F:
        value: str | bytes = text.encode("utf-16-le") + b"\0\0"
    elif field == "UserComment ASCII" or field == "GPSAreaInformation":
        value = b"ASCII\0\0\0" + text.encode()
    elif field == "UserComment UNICODE":
        value = b"UNICODE\0" + text.encode("utf-16-le")
    else:
        value = text
    if directory is None:
        exif[tag] = value
    else:
        exif.get_ifd(directory)[tag] = value
    return exif


def image_bytes(fmt: str, exif: Image.Exif | None = None, **options: object) -> bytes:
    out = io.BytesIO()
    if exif is not None:
        options["exif"] = exif
    Image.new("RGB", (16, 16), "orange").save(out, fmt, **options)
    return out.getvalue()


@pytest.mark.parametrize("field", sorted(EXIF_TEXT_TAGS))
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_an_identity_code_in_an_exif_text_field(tmp_path: Path, field: str, fmt: str) -> None:
    suffix = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
    report = inspect(tmp_path, f"a.{suffix}", image_bytes(fmt, exif_with(field)))
    assert report.type_matches and report.error is None
    assert CODE in codes(report), report.text
    assert CODE not in codes(inspect(tmp_path, f"b.{suffix}", image_bytes(fmt, Image.Exif())))


XMP = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Headline="{headline}">'
    '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li></rdf:Alt></dc:description>'
    "</rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
)


@pytest.mark.parametrize("where", ["description", "headline"])
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_an_identity_code_in_xmp(tmp_path: Path, fmt: str, where: str) -> None:
    values = {"description": "Piha", "headline": "Otsikko", where: f"Lapsi {CODE}"}
    xmp = XMP.format(**values).encode()
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp.decode())
        data = image_bytes("PNG", pnginfo=info)
    else:
        data = image_bytes(fmt, xmp=xmp)
    report = inspect(tmp_path, f"a.{fmt.lower().replace('jpeg', 'jpg')}", data)
    assert CODE in codes(report), report.text


def test_an_identity_code_in_a_jpeg_comment_and_iptc_caption(tmp_path: Path) -> None:
    assert CODE in codes(inspect(tmp_path, "a.jpg", image_bytes("JPEG", comment=f"Lapsi {CODE}".encode())))
    # IPTC: Photoshop's APP13 segment, 8BIM resource 0x0404, dataset 2:120 (caption).
    caption = f"Lapsi {CODE}".encode()
    iptc = b"\x1c\x02\x78" + struct.pack(">H", len(caption)) + caption
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    segment = b"Photoshop 3.0\x00" + resource
    jpeg = image_bytes("JPEG")
    data = jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(segment) + 2) + segment + jpeg[2:]
    assert CODE in codes(inspect(tmp_path, "b.jpg", data))


@pytest.mark.parametrize("chunk", ["tEXt", "zTXt", "iTXt"])
def test_an_identity_code_in_a_png_text_chunk_after_the_image_data(tmp_path: Path, chunk: str) -> None:
    """PNG allows text chunks after IDAT; Pillow reads them only when it decodes the image."""
    import zlib

    text = f"Lapsi {CODE}".encode()
    body = {
        "tEXt": b"Comment\0" + text,
        "zTXt": b"Comment\0\0" + zlib.compress(text),
        "iTXt": b"Comment\0\0\0fi\0Kommentti\0" + text,
    }[chunk]
    png = png_bytes()
    position = png.index(b"IEND") - 4
    crc = struct.pack(">I", zlib.crc32(chunk.encode() + body))
    data = png[:position] + struct.pack(">I", len(body)) + chunk.encode() + body + crc + png[position:]
    report = inspect(tmp_path, "a.png", data)
    assert report.type_matches and report.error is None
    assert CODE in codes(report)


def test_a_jpeg_with_a_second_exif_block(tmp_path: Path) -> None:
    """Pillow keeps only a JPEG's first EXIF segment; every one is read."""
    jpeg = image_bytes("JPEG", Image.Exif())
    second = exif_with("ImageDescription").tobytes()
    segment = b"\xff\xe1" + struct.pack(">H", len(second) + 2) + second
    data = jpeg[:2] + segment[:0] + jpeg[2:]
    position = jpeg.index(b"\xff\xdb")  # before the quantisation tables
    data = jpeg[:position] + segment + jpeg[position:]
    assert CODE in codes(inspect(tmp_path, "a.jpg", data))


def test_exif_text_of_photos_inside_documents(tmp_path: Path) -> None:
    photo = image_bytes("JPEG", exif_with("XPComment"))
    from test_extract import pdf_with_image

    documents = {
        "a.docx": with_members(docx_bytes("Lomake"), {"word/media/image1.jpeg": photo}),
        "a.pptx": pptx_bytes("Piha", picture=photo),
        "a.odt": odf_bytes("application/vnd.oasis.opendocument.text", "x", {"Pictures/1.jpg": photo}),
        "a.pdf": pdf_with_image(photo),
    }
    for name, data in documents.items():
        report = inspect(tmp_path, name, data)
        assert report.type_matches and report.error is None, name
        assert CODE in codes(report), name


# ---------------------------------------------------------------------------------------------------
# Files nested in documents


def test_a_workbook_embedded_in_a_word_document(tmp_path: Path) -> None:
    data = with_members(
        docx_bytes("Katso taulukko"),
        {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx_bytes(f"Lapsi {CODE}")},
    )
    report = inspect(tmp_path, "a.docx", data)
    assert report.type_matches and report.error is None
    assert codes(report) == [CODE]


@pytest.mark.parametrize(
    ("outer", "member", "inner"),
    [
        ("a.pptx", "ppt/embeddings/Microsoft_Word_Document.docx", "docx"),
        ("a.xlsx", "xl/embeddings/Microsoft_PowerPoint_Presentation.pptx", "pptx"),
        ("a.odt", "Object 1", "xlsx"),
        ("a.docx", "word/embeddings/lomake.pdf", "pdf"),
        ("a.docx", "word/embeddings/package", "odt"),  # a member's name says nothing; its bytes do
    ],
)
def test_packages_and_pdfs_nested_in_documents(tmp_path: Path, outer: str, member: str, inner: str) -> None:
    text = f"Lapsi {CODE}"
    nested = {
        "docx": lambda: docx_bytes(text),
        "pptx": lambda: pptx_bytes(text),
        "xlsx": lambda: xlsx_bytes(text),
        "pdf": lambda: pdf_bytes(text),
        "odt": lambda: odf_bytes("application/vnd.oasis.opendocument.text", text),
    }[inner]()
    container = {
        "a.pptx": lambda: pptx_bytes("Esitys"),
        "a.xlsx": lambda: xlsx_bytes("Taulukko"),
        "a.odt": lambda: odf_bytes("application/vnd.oasis.opendocument.text", "Teksti"),
        "a.docx": lambda: docx_bytes("Teksti"),
    }[outer]()
    report = inspect(tmp_path, outer, with_members(container, {member: nested}))
    assert report.error is None
    assert CODE in codes(report)


@pytest.mark.parametrize("big", [False, True])
def test_a_package_wrapped_in_an_ole_object(tmp_path: Path, big: bool) -> None:
    """Word keeps some embedded workbooks as oleObject1.bin, a compound file whose Package stream is the
    .xlsx; a small one lies in the mini stream, a large one in regular sectors."""
    import random

    padding = {"xl/media/pad.bin": random.Random(8).randbytes(8000)} if big else None
    workbook = xlsx_bytes(f"Lapsi {CODE}", padding)
    assert (len(workbook) >= 4096) is big
    ole = ole_bytes({"\x01CompObj": b"\0" * 100, "Package": workbook})
    report = inspect(
        tmp_path, "a.docx", with_members(docx_bytes("x"), {"word/embeddings/oleObject1.bin": ole})
    )
    assert report.error is None
    assert CODE in codes(report)


def test_a_file_embedded_as_ole10native(tmp_path: Path) -> None:
    ole = ole_bytes({"\x01Ole10Native": ole10native("lomake.docx", docx_bytes(f"Lapsi {CODE}"))})
    report = inspect(
        tmp_path, "a.pptx", with_members(pptx_bytes("x"), {"ppt/embeddings/oleObject1.bin": ole})
    )
    assert report.error is None
    assert CODE in codes(report)


def test_strings_of_a_legacy_binary_object(tmp_path: Path) -> None:
    """An embedded legacy .xls keeps its strings as 8-bit or UTF-16 text in its Workbook stream."""
    for encoding in ("latin-1", "utf-16-le"):
        workbook = b"\x09\x08\x10\x00" + f"Lapsi {CODE}".encode(encoding) + b"\x00\x01\x02"
        ole = ole_bytes({"Workbook": workbook * 20})
        report = inspect(
            tmp_path, "a.docx", with_members(docx_bytes("x"), {"word/embeddings/oleObject1.bin": ole})
        )
        assert CODE in codes(report), encoding


def test_a_photo_with_gps_in_a_nested_package(tmp_path: Path) -> None:
    inner = with_members(pptx_bytes("x"), {"ppt/media/image9.jpeg": jpeg_bytes(gps=True)})
    data = with_members(docx_bytes("x"), {"word/embeddings/Microsoft_PowerPoint_Presentation.pptx": inner})
    assert inspect(tmp_path, "a.docx", data).gps is True
    inner = with_members(pptx_bytes("x"), {"ppt/media/image9.jpeg": jpeg_bytes(gps=False)})
    data = with_members(docx_bytes("x"), {"word/embeddings/Microsoft_PowerPoint_Presentation.pptx": inner})
    assert inspect(tmp_path, "b.docx", data).gps is False


def nested(levels: int) -> bytes:
    """A Word document with a workbook in it with a workbook in it…, ``levels`` deep, the code at the
    bottom."""
    data = xlsx_bytes(f"Lapsi {CODE}")
    for _ in range(levels - 1):
        data = xlsx_bytes("Taso", {"xl/embeddings/Microsoft_Excel_Worksheet.xlsx": data})
    return with_members(docx_bytes("x"), {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": data})


def test_nesting_is_read_to_the_limit_and_refused_beyond(tmp_path: Path) -> None:
    from kaikki.content.limits import MAX_PACKAGE_NESTING

    report = inspect(tmp_path, "a.docx", nested(MAX_PACKAGE_NESTING))
    assert report.error is None
    assert codes(report) == [CODE]
    assert inspect(tmp_path, "b.docx", nested(MAX_PACKAGE_NESTING + 1)).error == "too-deep"


# ---------------------------------------------------------------------------------------------------
# Zip bombs


def test_declared_size_over_the_limit_is_refused_before_decompressing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract, "MAX_PACKAGE_UNCOMPRESSED_BYTES", 1024 * 1024)
    monkeypatch.setattr(extract, "_read_member", lambda *a, **k: pytest.fail("decompressed"))
    data = with_members(docx_bytes("x"), {"word/media/zeros.bin": b"\0" * (1024 * 1024)})
    assert inspect(tmp_path, "a.docx", data).error == "too-large-uncompressed"


def test_nested_packages_share_one_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each workbook alone is within the limit, compressed they are tiny; together they are not."""
    monkeypatch.setattr(extract, "MAX_PACKAGE_UNCOMPRESSED_BYTES", 1024 * 1024)
    workbook = xlsx_bytes("x" * (400 * 1024))
    members = {f"word/embeddings/Microsoft_Excel_Worksheet{n}.xlsx": workbook for n in range(3)}
    data = with_members(docx_bytes("x"), members)
    assert len(data) < 50 * 1024
    assert inspect(tmp_path, "a.docx", data).error == "too-large-uncompressed"
    members.popitem()
    assert inspect(tmp_path, "b.docx", with_members(docx_bytes("x"), members)).error is None


def test_reading_stops_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A part whose declared size passed the directory check is still read in pieces against what is
    left once a nested package has been read."""
    monkeypatch.setattr(extract, "MAX_PACKAGE_UNCOMPRESSED_BYTES", 1024 * 1024)
    monkeypatch.setattr(extract, "_CHUNK", 64 * 1024)
    workbook = xlsx_bytes("x" * (600 * 1024))
    # The workbook comes first, so its 600 KB are read before the 500 KB part that then exceeds.
    data = zip_bytes(
        {
            "word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook,
            "word/big.xml": "<p>" + "y" * (500 * 1024) + "</p>",
        }
    )
    pieces: list[int] = []
    read = extract._read_member

    def counting(*args: object, **kwargs: object) -> bytes:
        data = read(*args, **kwargs)  # type: ignore[arg-type]
        pieces.append(len(data))
        return data

    monkeypatch.setattr(extract, "_read_member", counting)
    with pytest.raises(extract.ExtractionError) as raised:
        extract._document(data, "docx")
    assert raised.value.reason == "too-large-uncompressed"
    assert sum(pieces) < 1024 * 1024


def test_too_many_members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "MAX_PACKAGE_MEMBERS", 50)
    many = with_members(docx_bytes("x"), {f"customXml/item{n}.bin": b"" for n in range(50)})
    assert inspect(tmp_path, "a.docx", many).error == "too-many-members"
    # Counted over nested packages too.
    inner = xlsx_bytes("x", {f"xl/a{n}.bin": b"" for n in range(30)})
    outer = with_members(docx_bytes("x"), {"word/embeddings/a.xlsx": inner, "word/embeddings/b.xlsx": inner})
    assert inspect(tmp_path, "b.docx", outer).error == "too-many-members"


def test_a_lying_directory_gains_nothing(tmp_path: Path) -> None:
    """A member that declares fewer bytes than it holds is read only to its declared size, and then its
    checksum fails: the file is corrupt, not a way past the limit."""
    data = bytearray(
        zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<p>" + "z" * 5000 + "</p>"})
    )
    central = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)
    struct.pack_into("<I", data, central + 24, 100)  # the second member's uncompressed size: 100
    local = data.index(b"PK\x03\x04", 4)
    struct.pack_into("<I", data, local + 22, 100)
    with pytest.raises(extract.ExtractionError) as raised:
        extract._document(bytes(data), "docx")
    assert raised.value.reason == "corrupt"


# ---------------------------------------------------------------------------------------------------
# The check over a hand-edited cache


@pytest.mark.parametrize(
    "edit",
    [
        {"text": 5},  # the right JSON shape, a wrong type: this crashed the check
        {"text": ""},  # an emptied text: this hid the identity codes
        {"text": "", "text_length": 0},
        {"error": None, "type_matches": "true"},
        {"gps": None},
    ],
)
def test_check_over_edited_cache_entries_reads_the_files_again(
    tmp_path: Path, run_kaikki, edit: dict
) -> None:
    import json

    from conftest import copy_materials
    from test_corpus import build_case, check_args, spec_of

    root = copy_materials(tmp_path / "repo", full=False)
    bundle = build_case("e603-docx", root, "broken")
    args = check_args(spec_of("e603-docx"), bundle, root)
    first = run_kaikki(args, root)
    assert first.code == 1
    expected = sorted(p["params"]["code"] for p in json.loads(first.out)["problems"] if p["code"] == "E603")
    assert len(expected) == 2
    entries = sorted((root / ".cache" / "kaikki" / "extract").rglob("*.json"))
    assert entries
    for entry in entries:
        entry.write_text(json.dumps({**json.loads(entry.read_text()), **edit}), encoding="utf-8")
    again = run_kaikki(args, root)
    assert "Traceback" not in again.err
    assert again.code == 1, again.err
    found = sorted(p["params"]["code"] for p in json.loads(again.out)["problems"] if p["code"] == "E603")
    assert found == expected
