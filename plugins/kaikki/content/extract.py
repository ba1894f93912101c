"""Judge an attachment by its bytes and read what it says: its type, text, metadata and photo locations.

The checks look for personal data in attachments (an identity code in a PDF's author field, a child's
code in a slide note or in a photo's description, a photo that tells where a child lives), and refuse a
file whose content is not what its name claims. :func:`inspect_attachment` gives all of it in one
:class:`AttachmentReport`, reading the file once:

- **type by content**: a PDF must start with ``%PDF-`` and open in pypdf; an OOXML file (``docx``,
  ``pptx``, ``xlsx``) must be a zip with ``[Content_Types].xml`` and the main part of its type
  (``word/document.xml``…) declared with that type's content type (a macro-enabled document renamed to
  ``.docx`` is not a ``.docx``); an OpenDocument file must have a ``mimetype`` member with its media type
  and a ``content.xml``; an image must open in Pillow as the format of its extension and pass
  ``verify()``. The extension is a claim to check, not a fact.
- **text** of ``pdf`` with pypdf: every page, the document information, XMP metadata, annotations and
  form fields; of ``docx``, ``pptx``, ``xlsx``, ``odt``, ``odp``, ``ods`` from the XML parts of their zip
  (every part but OOXML styles, fonts and themes: body, tables, headers, footers, notes, comments,
  tracked deletions, properties, alt texts, external link targets). Text inside one paragraph is joined
  without separators (Word splits a paragraph into runs anywhere, also in the middle of a code).
- **nested files**: a package inside a package (a spreadsheet embedded in a Word document as
  ``word/embeddings/*.xlsx``, or wrapped in an OLE object ``oleObject1.bin``), a PDF inside a package, are
  opened and read in turn, to :data:`~kaikki.content.schema.MAX_PACKAGE_NESTING` levels.
- **photo metadata**: the text fields of EXIF (ImageDescription, Artist, Copyright, UserComment,
  XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject and every other text tag), XMP packets (``dc:
  description``…), IPTC, JPEG comments and PNG text chunks, and whether EXIF or XMP holds a GPS position;
  in image files, in images inside packages, and in the JPEG bytes a PDF keeps as they were.

Zip bombs are refused before anything is decompressed, from the zip directory (total declared size and
member count, counted over nested packages too), and members are read in pieces that stop at the limit,
so a directory that lies about sizes gains nothing.

A file that cannot be read gives a short reason (see :data:`REASONS`) instead of a result.
:class:`ExtractCache` keeps reports by the SHA-256 of the file's bytes; every cache entry is validated
(version, digest, types, text length and a checksum of its content), and anything unexpected counts as
a miss: the file is read again, the entry never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import struct
import tempfile
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import PIL
import pypdf
from PIL import Image, IptcImagePlugin

from kaikki.content.limits import (
    MAX_INSPECTED_BYTES,
    MAX_PACKAGE_MEMBERS,
    MAX_PACKAGE_NESTING,
    MAX_PACKAGE_UNCOMPRESSED_BYTES,
)
from kaikki.content.model import CACHE_DIR

__all__ = [
    "DEFAULT_CACHE_DIR",
    "EXTRACTOR_VERSION",
    "IMAGE_SUFFIXES",
    "MAX_INSPECTED_BYTES",
    "REASONS",
    "TEXT_SUFFIXES",
    "AttachmentReport",
    "ExtractCache",
    "ExtractionError",
    "attachment_text",
    "embedded_photos_have_gps",
    "image_has_gps",
    "image_text",
    "inspect_attachment",
]

EXTRACTOR_VERSION = "2"
"""Bump when the extractors or the cache entries change; cached results of other versions are not used."""

TEXT_SUFFIXES: frozenset[str] = frozenset({"pdf", "docx", "pptx", "xlsx", "odt", "odp", "ods"})
"""Document types: their text is read and their embedded photos are checked."""

IMAGE_SUFFIXES: frozenset[str] = frozenset({"jpg", "jpeg", "png", "webp"})
"""Photo types: their metadata text is read and their location checked."""

REASONS: frozenset[str] = frozenset(
    {
        "unreadable",
        "corrupt",
        "encrypted",
        "too-large",
        "too-large-uncompressed",
        "too-many-members",
        "too-deep",
        "xml-entities",
    }
)
"""Every reason an :class:`ExtractionError` may give: the checks map each to a message."""

DEFAULT_CACHE_DIR = CACHE_DIR / "extract"
"""Where :class:`ExtractCache` keeps its files, relative to the root it is given."""


class ExtractionError(Exception):
    """A file could not be read.

    Attributes:
        reason: One of :data:`REASONS`, e.g. ``corrupt`` or ``too-many-members``; checks map it to a
            message in the contributor's language.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class AttachmentReport:
    """What one attachment is and says.

    Attributes:
        type_matches: False when the bytes are not of the type the extension claims; nothing else is
            read then.
        text: Text and metadata (photo metadata and nested files included), fields on lines of their own.
        gps: For a photo, whether it carries a location; for a document, whether a photo inside it does.
        error: When the file could not be read, the reason (one of :data:`REASONS`); ``None`` otherwise.
    """

    type_matches: bool = True
    text: str = ""
    gps: bool = False
    error: str | None = None


def inspect_attachment(path: Path, cache: ExtractCache | None = None) -> AttachmentReport:
    """Judge an attachment by its content and read its text, metadata and photo locations.

    Args:
        path: A file of :data:`TEXT_SUFFIXES` or :data:`IMAGE_SUFFIXES` (case-insensitive suffix); any
            other type gives an empty report.
        cache: Where to keep reports by the file's content, or ``None`` to read every time.

    Returns:
        The report; a file that cannot be read gives a report with :attr:`AttachmentReport.error` set.
    """
    suffix = _suffix(path)
    if suffix not in TEXT_SUFFIXES | IMAGE_SUFFIXES:
        return AttachmentReport()
    try:
        data = _read_bytes(path)
    except ExtractionError as error:
        return AttachmentReport(error=error.reason)
    if cache is None:
        return _report(data, suffix)
    kind = f"attachment-{suffix}"
    digest = hashlib.sha256(data).hexdigest()
    report = cache.get(kind, digest)
    if report is not None:
        cache.hits += 1
        return report
    cache.misses += 1
    report = _report(data, suffix)
    cache.put(kind, digest, report)
    return report


def attachment_text(path: Path) -> str:
    """Give the text and metadata of a document attachment as one string.

    Args:
        path: A ``pdf``, ``docx``, ``pptx``, ``xlsx``, ``odt``, ``odp`` or ``ods`` file; the type is
            taken from the suffix, case-insensitively, and the content is read whatever it is.

    Returns:
        The text, paragraphs and metadata fields on lines of their own (nested packages' and embedded
        photos' included); ``""`` for any other type.

    Raises:
        ExtractionError: The file is corrupt, encrypted, too large, or a zip bomb.
    """
    suffix = _suffix(path)
    if suffix not in TEXT_SUFFIXES:
        return ""
    return _document(_read_bytes(path), suffix).joined()


def embedded_photos_have_gps(path: Path) -> bool:
    """Tell whether a photo inside a document attachment carries location data.

    Word, PowerPoint and LibreOffice keep an inserted photo's file as it was, EXIF included; a PDF keeps a
    JPEG's bytes as they were when it embeds them without re-encoding.

    Args:
        path: A document of :data:`TEXT_SUFFIXES`; any other type gives ``False``.

    Returns:
        ``True`` when an image member of a package (nested packages included), or the raw bytes of a PDF,
        have an EXIF GPS latitude or longitude or an XMP ``GPSLatitude``/``GPSLongitude`` value.

    Raises:
        ExtractionError: The file is corrupt, encrypted, too large, or a zip bomb.
    """
    suffix = _suffix(path)
    if suffix not in TEXT_SUFFIXES:
        return False
    return _document(_read_bytes(path), suffix).gps


def image_has_gps(path: Path) -> bool:
    """Tell whether a photo carries location data.

    Args:
        path: A ``jpg``/``jpeg``, ``png`` or ``webp`` file; any other type gives ``False``.

    Returns:
        ``True`` when an EXIF GPS directory has a latitude or a longitude, or the XMP metadata has an
        ``exif:GPSLatitude`` or ``exif:GPSLongitude`` value.

    Raises:
        ExtractionError: The file is not an image Pillow can read (``corrupt``) or is too large.
    """
    if _suffix(path) not in IMAGE_SUFFIXES:
        return False
    return _judged_photo(path).gps


def image_text(path: Path) -> str:
    """Give the text fields of a photo's metadata (EXIF, XMP, IPTC, comments, PNG text) as one string.

    Raises:
        ExtractionError: The file is not an image Pillow can read (``corrupt``) or is too large.
    """
    if _suffix(path) not in IMAGE_SUFFIXES:
        return ""
    return _judged_photo(path).joined()


def _judged_photo(path: Path) -> _Findings:
    data = _read_bytes(path)
    try:
        _judge_image(data, _suffix(path))
    except _TypeMismatch as error:
        raise ExtractionError("corrupt") from error
    return _photo(data, strict=True)


def _suffix(path: Path) -> str:
    return path.suffix.lower().lstrip(".")


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_INSPECTED_BYTES:
            raise ExtractionError("too-large")
        return path.read_bytes()
    except OSError as error:
        raise ExtractionError("unreadable") from error


class _TypeMismatch(Exception):
    """The bytes are not of the type the extension claims."""


def _report(data: bytes, suffix: str) -> AttachmentReport:
    try:
        if suffix in IMAGE_SUFFIXES:
            _judge_image(data, suffix)
            findings = _photo(data, strict=True)
        else:
            findings = _document(data, suffix, judge=True)
    except _TypeMismatch:
        return AttachmentReport(type_matches=False)
    except ExtractionError as error:
        return AttachmentReport(error=error.reason)
    return AttachmentReport(text=findings.joined(), gps=findings.gps)


@dataclass(slots=True)
class _Findings:
    """What reading a file (and the files inside it) has found so far."""

    texts: list[str] = field(default_factory=list)
    gps: bool = False

    def add(self, text: str) -> None:
        if text:
            self.texts.append(text)

    def merge(self, other: _Findings) -> None:
        self.texts.extend(other.texts)
        self.gps = self.gps or other.gps

    def joined(self) -> str:
        return "\n".join(self.texts)


@dataclass(slots=True)
class _Budget:
    """What is left of the zip-bomb limits for one attachment, shared by every package nested in it."""

    # Read when a budget is made, not when the class is, so that tests can lower the limits.
    bytes_left: int = field(default_factory=lambda: MAX_PACKAGE_UNCOMPRESSED_BYTES)
    members_left: int = field(default_factory=lambda: MAX_PACKAGE_MEMBERS)


# ---------------------------------------------------------------------------------------------------
# Documents


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_PDF_MAGIC = b"%PDF-"
_OOXML = frozenset({"docx", "pptx", "xlsx"})


def _document(data: bytes, suffix: str, *, judge: bool = False) -> _Findings:
    """Read a document; with ``judge``, first make sure its bytes are of its type (or raise
    :class:`_TypeMismatch`)."""
    if suffix == "pdf":
        if judge and not data.startswith(_PDF_MAGIC):
            raise _TypeMismatch
        return _pdf(data)
    if data[:8] == _OLE_MAGIC:
        # A password-protected OOXML document is an OLE compound file wrapping the encrypted package; any
        # other OLE file (a .doc or .xls renamed) is of another type.
        if suffix in _OOXML and "EncryptedPackage".encode("utf-16-le") in data:
            raise ExtractionError("encrypted")
        if judge:
            raise _TypeMismatch
        raise ExtractionError("corrupt")
    if judge and not data.startswith(_ZIP_MAGIC):
        raise _TypeMismatch
    budget = _Budget()
    findings = _Findings()
    with _open_package(data) as archive:
        infos = _bounded_members(archive, budget)
        if judge and not _package_type_matches(archive, infos, suffix, budget):
            raise _TypeMismatch
        _read_package(archive, infos, findings, budget, depth=0)
    return findings


def _pdf(data: bytes) -> _Findings:
    findings = _Findings()
    findings.add(_pdf_text(data))
    # A PDF keeps an embedded JPEG's bytes as they were, EXIF and XMP included.
    findings.merge(_raw_metadata(data))
    return findings


def _pdf_text(data: bytes) -> str:
    # pypdf raises many exception types on damaged files (and some only when a page is read), so
    # everything it raises once the file is known not to be encrypted means "corrupt".
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            _decrypt_pdf(reader)
        information = reader.metadata or {}
        parts = [str(information[key]) for key in information]
        parts.extend(_pdf_xmp_text(reader))
        for page in reader.pages:
            parts.append(page.extract_text())
            parts.extend(_pdf_annotation_texts(page))
        parts.extend(str(value) for value in (reader.get_form_text_fields() or {}).values() if value)
    except ExtractionError:
        raise
    except Exception as error:
        raise ExtractionError("corrupt") from error
    return "\n".join(parts)


def _decrypt_pdf(reader: pypdf.PdfReader) -> None:
    # A PDF with only an owner password ("no printing") opens with the empty user password, and its
    # text is as readable as any; only a PDF that needs a password to open is "encrypted".
    try:
        opened = reader.decrypt("")
    except Exception as error:  # e.g. DependencyError: AES needs the cryptography package
        raise ExtractionError("encrypted") from error
    if not opened:
        raise ExtractionError("encrypted")


def _pdf_xmp_text(reader: pypdf.PdfReader) -> list[str]:
    metadata = reader.trailer["/Root"].get("/Metadata")
    if metadata is None:
        return []
    return [_xml_text(metadata.get_object().get_data(), all_attributes=True)]


def _pdf_annotation_texts(page: pypdf.PageObject) -> list[str]:
    texts: list[str] = []
    annotations = page.get("/Annots")
    if annotations is None:
        return texts
    for reference in annotations.get_object():
        annotation = reference.get_object()
        for key in ("/Contents", "/T", "/Subj"):
            value = annotation.get(key)
            if value:
                texts.append(str(value))
    return texts


# What zipfile raises on damaged members: bad headers, CRC mismatch, bad deflate data, truncation,
# compression methods it does not know.
_ZIP_READ_ERRORS = (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError)


def _open_package(data: bytes) -> zipfile.ZipFile:
    """An Office or OpenDocument file as the zip archive it is."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise ExtractionError("corrupt") from error


def _bounded_members(archive: zipfile.ZipFile, budget: _Budget) -> list[zipfile.ZipInfo]:
    """The members of an archive, once its directory is known to keep within the zip-bomb limits."""
    infos = archive.infolist()
    budget.members_left -= len(infos)
    if budget.members_left < 0:
        raise ExtractionError("too-many-members")
    # The declared sizes are a first bound, before anything is decompressed; _read_member enforces the
    # same budget on what is really produced.
    if sum(info.file_size for info in infos) > budget.bytes_left:
        raise ExtractionError("too-large-uncompressed")
    for info in infos:
        if info.flag_bits & 0x1:
            raise ExtractionError("encrypted")
    return infos


_CHUNK = 1024 * 1024


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, limit: int = -1) -> bytes:
    """A member's bytes (its first ``limit`` bytes when given), read in pieces that stop at the budget."""
    pieces = []
    wanted = info.file_size if limit < 0 else min(limit, info.file_size)
    try:
        with archive.open(info) as stream:
            while wanted > 0:
                piece = stream.read(min(_CHUNK, wanted))
                if not piece:
                    break
                budget.bytes_left -= len(piece)
                if budget.bytes_left < 0:
                    raise ExtractionError("too-large-uncompressed")
                pieces.append(piece)
                wanted -= len(piece)
    except _ZIP_READ_ERRORS as error:
        raise ExtractionError("corrupt") from error
    return b"".join(pieces)


# The content types the main part of each OOXML type may have: documents and templates, never the
# macro-enabled ones (application/vnd.ms-word.document.macroEnabled.main+xml…), which are other types.
_OOXML_MAIN = {
    "docx": (
        "word/document.xml",
        ("wordprocessingml.document.main+xml", "wordprocessingml.template.main+xml"),
    ),
    "pptx": (
        "ppt/presentation.xml",
        (
            "presentationml.presentation.main+xml",
            "presentationml.slideshow.main+xml",
            "presentationml.template.main+xml",
        ),
    ),
    "xlsx": ("xl/workbook.xml", ("spreadsheetml.sheet.main+xml", "spreadsheetml.template.main+xml")),
}
_OOXML_CONTENT_TYPE_PREFIX = "application/vnd.openxmlformats-officedocument."
_OFFICE_DOCUMENT_RELATIONSHIP = "/officeDocument"
_ODF_MEDIA_TYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "odp": b"application/vnd.oasis.opendocument.presentation",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
_SMALL_PART = 1024 * 1024
"""The most of ``[Content_Types].xml``, ``_rels/.rels`` or ``mimetype`` read to judge a package's type."""


def _package_type_matches(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], suffix: str, budget: _Budget
) -> bool:
    members = {info.filename: info for info in infos}
    if suffix in _ODF_MEDIA_TYPES:
        mimetype = members.get("mimetype")
        if mimetype is None or "content.xml" not in members:
            return False
        return _read_member(archive, mimetype, budget, 256).strip() == _ODF_MEDIA_TYPES[suffix]
    types, relationships = members.get("[Content_Types].xml"), members.get("_rels/.rels")
    if types is None:
        return False
    conventional, allowed = _OOXML_MAIN[suffix]
    main = conventional
    if relationships is not None:
        for element in _xml_elements(_read_member(archive, relationships, budget, _SMALL_PART)):
            if element.get("Type", "").endswith(_OFFICE_DOCUMENT_RELATIONSHIP):
                main = element.get("Target", "").lstrip("/")
                break
    if main not in members:
        return False
    content_type = _content_type_of(_read_member(archive, types, budget, _SMALL_PART), main)
    return any(content_type == _OOXML_CONTENT_TYPE_PREFIX + kind for kind in allowed)


def _content_type_of(types_xml: bytes, part: str) -> str:
    """The content type ``[Content_Types].xml`` gives a part: its override, or the default of its
    extension."""
    default = ""
    extension = part.rpartition(".")[2].lower()
    for element in _xml_elements(types_xml):
        if _local(element.tag) == "Override" and element.get("PartName", "").lstrip("/") == part:
            return element.get("ContentType", "")
        if _local(element.tag) == "Default" and element.get("Extension", "").lower() == extension:
            default = element.get("ContentType", "")
    return default


def _xml_elements(xml: bytes) -> Iterator[ElementTree.Element]:
    if _ENTITY_RE.search(xml):
        raise ExtractionError("xml-entities")
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        raise ExtractionError("corrupt") from error
    return root.iter()


# OOXML parts that hold only formatting: styles, fonts and themes, often hundreds of kilobytes of XML
# (most of the reading time of a short document). ODF's styles.xml is read: it holds headers and footers.
_NOISE_PARTS = re.compile(
    r"\[Content_Types\]\.xml$|(?:word|xl|ppt)/(?:styles|stylesWithEffects|fontTable|tableStyles)\.xml$"
    r"|(?:word|xl|ppt)/theme/"
)
_EMBEDDED_IMAGE_SUFFIXES = IMAGE_SUFFIXES | {"tif", "tiff"}
"""Members of packages (``word/media/``, ``Pictures/``…) read as photos, whatever their first bytes."""
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")


def _read_package(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], findings: _Findings, budget: _Budget, depth: int
) -> None:
    """Everything a package says: its XML parts' text, its photos, and the files nested in it."""
    # An encrypted OpenDocument file says so in its manifest; its parts are not XML then.
    for info in infos:
        if info.filename == "META-INF/manifest.xml" and b"encryption-data" in _read_member(
            archive, info, budget
        ):
            raise ExtractionError("encrypted")
    for info in infos:
        name = info.filename
        if info.is_dir() or name == "META-INF/manifest.xml":
            continue
        if name.endswith((".xml", ".rels")):
            if not _NOISE_PARTS.match(name):
                findings.add(_xml_text(_read_member(archive, info, budget)))
            continue
        # Any other member is judged by its first bytes, not its name: Word keeps an embedded workbook as
        # word/embeddings/Microsoft_Excel_Worksheet.xlsx, or inside an OLE object named oleObject1.bin.
        head = _read_member(archive, info, budget, 8)
        is_image = _suffix(Path(name)) in _EMBEDDED_IMAGE_SUFFIXES or head.startswith(_IMAGE_MAGIC)
        is_webp = head.startswith(b"RIFF")
        if is_image or is_webp:
            findings.merge(_photo(_read_member(archive, info, budget), strict=False))
        elif head.startswith((_ZIP_MAGIC, _PDF_MAGIC, _OLE_MAGIC)):
            findings.merge(_nested(_read_member(archive, info, budget), budget, depth + 1))


def _nested(data: bytes, budget: _Budget, depth: int) -> _Findings:
    """A file inside a package: another package, a PDF, or an OLE object wrapping one."""
    if depth > MAX_PACKAGE_NESTING:
        raise ExtractionError("too-deep")
    if data.startswith(_PDF_MAGIC):
        return _pdf(data)
    if data.startswith(_OLE_MAGIC):
        findings = _Findings()
        for stream in _ole_streams(data, budget):
            findings.merge(_ole_stream(stream, budget, depth))
        return findings
    findings = _Findings()
    with _open_package(data) as archive:
        _read_package(archive, _bounded_members(archive, budget), findings, budget, depth)
    return findings


def _ole_stream(stream: bytes, budget: _Budget, depth: int) -> _Findings:
    """One stream of an OLE object: an embedded package or PDF (``Package``, ``CONTENTS``, the file of
    ``\\x01Ole10Native``) is read as such; anything else (a legacy .doc or .xls stream) for its strings."""
    for magic in (_ZIP_MAGIC, _PDF_MAGIC, _OLE_MAGIC):
        start = stream.find(magic, 0, 4096)
        if start >= 0:
            try:
                return _nested(stream[start:], budget, depth + 1)
            except ExtractionError as error:
                # The magic bytes may be chance bytes of a legacy binary stream: then read its strings.
                # Limits are never waived.
                if error.reason != "corrupt":
                    raise
    findings = _Findings()
    findings.add(_strings(stream))
    return findings


# Printable Latin-1: Finnish and Swedish letters are in it, and the characters that bytes misread as
# UTF-16 give (mostly CJK) end a run, as they would not if they counted as letters next to a code.
_PRINTABLE_RUN = re.compile(r"[\x20-\x7e\xa0-\xff]{6,}")


def _strings(data: bytes) -> str:
    """The runs of printable text in binary data, as 8-bit text and as UTF-16 at either byte offset (the
    two ways legacy Office files store strings)."""
    runs = _PRINTABLE_RUN.findall(data.decode("latin-1"))
    for start in (0, 1):
        runs.extend(_PRINTABLE_RUN.findall(data[start:].decode("utf-16-le", errors="replace")))
    return "\n".join(runs)


_OLE_FREE = 0xFFFFFFFF
_OLE_END = 0xFFFFFFFE


def _ole_streams(data: bytes, budget: _Budget) -> list[bytes]:
    """The streams of an OLE compound file (MS-CFB), read by following its sector chains.

    Only what is needed to reach the payload of an embedded object: the FAT (its first 109 sectors,
    enough for a 7 MB file), the directory, regular and mini streams. Broken chains end a stream.
    """
    if len(data) < 512:
        raise ExtractionError("corrupt")
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    mini_size = 1 << struct.unpack_from("<H", data, 0x20)[0]
    if sector_size not in (512, 4096) or mini_size != 64:
        raise ExtractionError("corrupt")
    directory_start, _, mini_cutoff, minifat_start = struct.unpack_from("<IIII", data, 0x30)
    sectors = (len(data) - sector_size) // sector_size

    def sector(number: int) -> bytes:
        offset = (number + 1) * sector_size
        return data[offset : offset + sector_size]

    fat: list[int] = []
    for number in struct.unpack_from("<109I", data, 0x4C):
        if number < sectors:
            fat.extend(struct.unpack(f"<{sector_size // 4}I", sector(number)))

    def chain(start: int, table: list[int], limit: int) -> Iterator[int]:
        seen = 0
        while start < len(table) and start < limit and seen <= limit:
            yield start
            seen += 1
            start = table[start]

    def read_chain(start: int, size: int) -> bytes:
        out = b"".join(sector(number) for number in chain(start, fat, sectors))
        return out[:size]

    directory = read_chain(directory_start, sectors * sector_size)
    entries = []
    for offset in range(0, len(directory) - 127, 128):
        kind = directory[offset + 66]
        start, size = struct.unpack_from("<IQ", directory, offset + 116)
        if kind in (1, 2, 5):  # storage, stream, root
            entries.append((kind, start, size & 0xFFFFFFFF if sector_size == 512 else size))
    if not entries or entries[0][0] != 5:
        raise ExtractionError("corrupt")
    root_start, root_size = entries[0][1], entries[0][2]
    mini_stream = read_chain(root_start, root_size)
    minifat_bytes = read_chain(minifat_start, sectors * sector_size) if minifat_start < sectors else b""
    minifat = list(
        struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes[: len(minifat_bytes) // 4 * 4])
    )
    streams = []
    for kind, start, size in entries[1:]:
        if kind != 2 or size == 0:
            continue
        budget.bytes_left -= size
        if budget.bytes_left < 0:
            raise ExtractionError("too-large-uncompressed")
        if size < mini_cutoff:
            pieces = (
                mini_stream[n * mini_size : (n + 1) * mini_size] for n in chain(start, minifat, len(minifat))
            )
            streams.append(b"".join(pieces)[:size])
        else:
            streams.append(read_chain(start, size))
    return streams


# Elements whose descendants' text is one run of text (Word, DrawingML and ODF paragraphs, ODF
# headings, spreadsheet strings); their pieces are joined without separators.
_PARAGRAPHS = frozenset({"p", "h", "si", "is"})
# Elements that stand for white space inside a paragraph.
_SPACES = frozenset({"tab", "br", "cr", "s", "line-break", "noBreakHyphen"})
# Attributes that carry text a reader sees or follows: alt texts and titles, ODF links. OOXML hyperlinks
# are relationship targets with TargetMode="External"; the internal ones only name other parts.
_TEXT_ATTRIBUTES = frozenset({"descr", "title", "href"})
_ENTITY_RE = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _local(name: str) -> str:
    return name.rpartition("}")[2]


class _TextCollector:
    """An expat target that gathers the text of an XML part, paragraph by paragraph.

    With ``all_attributes`` every attribute value is text too: XMP writes simple properties
    (``photoshop:Headline="…"``) as attributes of ``rdf:Description``.
    """

    def __init__(self, all_attributes: bool = False) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.depth = 0
        self.all_attributes = all_attributes

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = _local(tag)
        if local in _PARAGRAPHS:
            # A paragraph inside a paragraph (a text box in Word) is text of its own, not a run.
            self._flush()
            self.depth += 1
        elif self.depth and local in _SPACES:
            self.current.append(" ")
        for key, value in attrib.items():
            if value and (self.all_attributes or _local(key) in _TEXT_ATTRIBUTES):
                self.lines.append(value)
        if attrib.get("TargetMode") == "External" and attrib.get("Target"):
            self.lines.append(attrib["Target"])

    def end(self, tag: str) -> None:
        if _local(tag) in _PARAGRAPHS:
            self.depth -= 1
            self._flush()
        elif not self.depth:
            self._flush()

    def data(self, text: str) -> None:
        self.current.append(text)

    def close(self) -> str:
        self._flush()
        return "\n".join(self.lines)

    def _flush(self) -> None:
        text = "".join(self.current).strip()
        if text:
            self.lines.append(text)
        self.current.clear()


def _xml_text(xml: bytes, *, all_attributes: bool = False) -> str:
    # Office and ODF parts never declare entities; refusing them rules out entity expansion attacks.
    if _ENTITY_RE.search(xml):
        raise ExtractionError("xml-entities")
    parser = ElementTree.XMLParser(target=_TextCollector(all_attributes))
    try:
        parser.feed(xml)
        return parser.close()
    except ElementTree.ParseError as error:
        raise ExtractionError("corrupt") from error


# ---------------------------------------------------------------------------------------------------
# Photos: type, metadata text and location

_PILLOW_FORMATS = {"jpg": ("JPEG", "MPO"), "jpeg": ("JPEG", "MPO"), "png": ("PNG",), "webp": ("WEBP",)}
_IMAGE_MAGIC_OF = {
    "jpg": b"\xff\xd8\xff",
    "jpeg": b"\xff\xd8\xff",
    "png": b"\x89PNG\r\n\x1a\n",
    "webp": b"RIFF",
}
# What Pillow raises on damaged images.
_PILLOW_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error, KeyError, TypeError, IndexError)


def _judge_image(data: bytes, suffix: str) -> None:
    """Make sure an image file is what its extension says: Pillow opens it as that format and
    ``verify()`` finds it whole. Bytes of another type raise :class:`_TypeMismatch`; damaged bytes of
    the right type ``corrupt``."""
    magic_ok = data.startswith(_IMAGE_MAGIC_OF[suffix]) and (suffix != "webp" or data[8:12] == b"WEBP")
    if not magic_ok:
        raise _TypeMismatch
    try:
        with _quiet(), Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS[suffix][:1]) as image:
            if image.format not in _PILLOW_FORMATS[suffix]:
                raise _TypeMismatch
            image.verify()
    except Image.DecompressionBombError as error:
        raise ExtractionError("corrupt") from error
    except _PILLOW_ERRORS as error:
        raise ExtractionError("corrupt") from error


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    # Pillow warns about damaged tags and large images; what it can read is enough here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _photo(data: bytes, *, strict: bool) -> _Findings:
    """The metadata text and location of an image. With ``strict``, an image Pillow cannot open is
    ``corrupt``; otherwise (an image inside a document) its raw EXIF and XMP blocks are still read."""
    findings = _raw_metadata(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        findings.merge(_png_chunks(data))
        return findings
    try:
        with _quiet(), Image.open(io.BytesIO(data), formats=("JPEG", "WEBP", "TIFF")) as image:
            if image.format not in ("JPEG", "MPO"):  # a JPEG's EXIF blocks were read by _raw_metadata
                findings.merge(_exif_findings(image.getexif()))
            for marker, segment in getattr(image, "applist", []):
                if marker == "COM":
                    findings.add(_decode(segment))
            with contextlib.suppress(*_PILLOW_ERRORS):
                findings.add(_iptc_text(IptcImagePlugin.getiptcinfo(image)))
    except (*_PILLOW_ERRORS, Image.DecompressionBombError) as error:
        if strict:
            raise ExtractionError("corrupt") from error
    return findings


_XMP_GPS_RE = re.compile(rb"GPS(?:Latitude|Longitude)(?:\s*=\s*[\"'][^\"']+[\"']|\s*>\s*[^<\s])")
_XMP_PACKET_RE = re.compile(rb"<x:x[am]pmeta\b.*?</x:x[am]pmeta\s*>", re.DOTALL)
_EXIF_HEADER = b"Exif\x00\x00"
_EXIF_MAX = 65536
"""An APP1 segment, which holds the EXIF of a JPEG, is at most 64 KB."""


def _raw_metadata(data: bytes) -> _Findings:
    """Every EXIF block (``Exif\\0\\0`` + TIFF) and XMP packet in a file's bytes, read without decoding
    any image, so that a photo's metadata is found anywhere: in a JPEG's second APP1 segment, inside a
    PDF, inside a damaged image."""
    findings = _Findings()
    if _XMP_GPS_RE.search(data):
        findings.gps = True
    for packet in _XMP_PACKET_RE.findall(data):
        with contextlib.suppress(ExtractionError):
            findings.add(_xml_text(packet, all_attributes=True))
    start = data.find(_EXIF_HEADER)
    while start >= 0:
        exif = Image.Exif()
        with _quiet(), contextlib.suppress(*_PILLOW_ERRORS):
            exif.load(data[start : start + _EXIF_MAX])
            findings.merge(_exif_findings(exif))
        start = data.find(_EXIF_HEADER, start + len(_EXIF_HEADER))
    return findings


# IFD pointers: Exif, GPS. 2 and 4 in the GPS directory: GPSLatitude, GPSLongitude.
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_XP_TAGS = frozenset(range(0x9C9B, 0x9CA0))  # XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject: UTF-16LE
_USER_COMMENT = 0x9286


def _exif_findings(exif: Image.Exif) -> _Findings:
    findings = _Findings()
    with _quiet(), contextlib.suppress(*_PILLOW_ERRORS):
        gps = exif.get_ifd(_GPS_IFD)
        findings.gps = any(tag in gps for tag in (2, 4))
        for directory in (exif, exif.get_ifd(_EXIF_IFD), gps):
            for tag, value in directory.items():
                findings.add(_tag_text(tag, value))
    return findings


def _tag_text(tag: int, value: Any) -> str:
    if isinstance(value, str):
        return value.strip("\x00 ")
    if (
        isinstance(value, tuple)
        and value
        and all(isinstance(item, int) and 0 <= item < 256 for item in value)
    ):
        value = bytes(value)
    if not isinstance(value, bytes):
        return ""
    if tag in _XP_TAGS:
        return value.decode("utf-16-le", errors="replace").strip("\x00 ")
    if tag == _USER_COMMENT:
        charset, body = value[:8], value[8:]
        if charset.startswith(b"UNICODE"):
            # The byte order should follow the EXIF block's, but writers disagree: read both.
            return "\n".join(
                body.decode(codec, errors="replace").strip("\x00 ") for codec in ("utf-16-le", "utf-16-be")
            )
        return _decode(body).strip("\x00 ")
    return _strings(value)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _iptc_text(info: dict[tuple[int, int], Any] | None) -> str:
    texts = []
    for value in (info or {}).values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, bytes):
                texts.append(_decode(item))
    return "\n".join(texts)


_PNG_TEXT_MAX = 1024 * 1024
"""The most a compressed PNG text chunk may expand to (Pillow's own limit for text chunks)."""


def _png_chunks(data: bytes) -> _Findings:
    """The text chunks (``tEXt``, ``zTXt``, ``iTXt``) and EXIF (``eXIf``) of a PNG, wherever they are:
    Pillow reads those after the image data only when it decodes the image."""
    findings = _Findings()
    position = 8
    while position + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, position)
        body = data[position + 8 : position + 8 + length]
        if kind == b"tEXt":
            findings.add(body.replace(b"\x00", b"\n").decode("latin-1"))
        elif kind == b"zTXt":
            keyword, _, rest = body.partition(b"\x00")
            findings.add(keyword.decode("latin-1"))
            findings.add(_inflate(rest[1:]).decode("latin-1"))
        elif kind == b"iTXt":
            keyword, _, rest = body.partition(b"\x00")
            compressed = rest[:1] == b"\x01"
            _language, _, rest = rest[2:].partition(b"\x00")
            translated, _, text = rest.partition(b"\x00")
            for part in (keyword, translated, _inflate(text) if compressed else text):
                findings.add(part.decode("utf-8", errors="replace"))
        elif kind == b"eXIf":
            exif = Image.Exif()
            with _quiet(), contextlib.suppress(*_PILLOW_ERRORS):
                exif.load(body)
                findings.merge(_exif_findings(exif))
        elif kind == b"IEND":
            break
        position += 12 + length
    return findings


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, _PNG_TEXT_MAX)
    except zlib.error:
        return b""


# ---------------------------------------------------------------------------------------------------
# Cache


class ExtractCache:
    """Attachment reports, kept on disk by the SHA-256 of each file's bytes.

    One small JSON file a report, under ``<directory>/<2 hex>/<key>.json``; the key covers the file's
    bytes, the kind of report, :data:`EXTRACTOR_VERSION` and the pypdf and Pillow versions. Writes go to
    a temporary file that is renamed into place, so concurrent runs never see half a file. Failures to
    write are ignored: the cache only saves time. Unreadable files are cached too, since the same bytes
    fail the same way.

    An entry holds its version, kind and digest, the report's fields, the text's length and a checksum
    of all of them. :meth:`get` checks every one, with its type; anything unexpected (a damaged file, a
    hand edit, an entry of another version or another file) is a miss, so the file is read again and
    the entry rewritten.

    Attributes:
        directory: The cache folder.
        hits: Reports served from the cache by this object.
        misses: Reports computed by this object.
    """

    def __init__(self, root: Path, directory: Path | None = None) -> None:
        """Open (lazily) the cache of a repository.

        Args:
            root: The folder the cache lives under, usually the repository.
            directory: The cache folder; defaults to ``root / DEFAULT_CACHE_DIR``.
        """
        self.directory = directory if directory is not None else root / DEFAULT_CACHE_DIR
        self.hits = 0
        self.misses = 0

    def get(self, kind: str, digest: str) -> AttachmentReport | None:
        """Give the stored report for a file's digest, or ``None`` when there is none that is valid."""
        try:
            entry = json.loads(self._path(kind, digest).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return _valid_report(entry, kind, digest)

    def put(self, kind: str, digest: str, report: AttachmentReport) -> None:
        """Store a report atomically; errors while writing are ignored."""
        target = self._path(kind, digest)
        with contextlib.suppress(OSError):
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    stream.write(json.dumps(_entry(report, kind, digest), ensure_ascii=False))  # C encoder
                os.replace(temporary, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise

    def _path(self, kind: str, digest: str) -> Path:
        key = hashlib.sha256(f"{_CACHE_VERSION}\0{kind}\0{digest}".encode()).hexdigest()
        return self.directory / key[:2] / f"{key}.json"


_CACHE_VERSION = f"{EXTRACTOR_VERSION}-pypdf{pypdf.__version__}-pillow{PIL.__version__}"
_ENTRY_TYPES: dict[str, type | tuple[type, ...]] = {
    "version": str,
    "kind": str,
    "digest": str,
    "type_matches": bool,
    "error": (str, type(None)),
    "gps": bool,
    "text": str,
    "text_length": int,
    "check": str,
}


def _entry(report: AttachmentReport, kind: str, digest: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "version": _CACHE_VERSION,
        "kind": kind,
        "digest": digest,
        "type_matches": report.type_matches,
        "error": report.error,
        "gps": report.gps,
        "text": report.text,
        "text_length": len(report.text),
    }
    entry["check"] = _checksum(entry)
    return entry


def _checksum(entry: dict[str, Any]) -> str:
    fields = [entry[key] for key in _ENTRY_TYPES if key != "check"]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


def _valid_report(entry: object, kind: str, digest: str) -> AttachmentReport | None:
    """The report an entry holds, when every field is there with its type and consistent; else None."""
    if not isinstance(entry, dict) or entry.keys() != _ENTRY_TYPES.keys():
        return None
    for key, expected in _ENTRY_TYPES.items():
        # bool is an int to isinstance; a length of True is as wrong as a length of "3".
        if not isinstance(entry[key], expected) or (expected is int and isinstance(entry[key], bool)):
            return None
    report = AttachmentReport(entry["type_matches"], entry["text"], entry["gps"], entry["error"])
    consistent = (
        entry["version"] == _CACHE_VERSION
        and entry["kind"] == kind
        and entry["digest"] == digest
        and entry["text_length"] == len(report.text)
        and (report.error is None or report.error in REASONS)
        # Nothing is read from a file of the wrong type or one that failed.
        and ((report.type_matches and report.error is None) or not (report.text or report.gps))
        and not (not report.type_matches and report.error is not None)
        and entry["check"] == _checksum(entry)
    )
    return report if consistent else None
