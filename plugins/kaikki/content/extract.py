"""Read what an attachment says: its text and metadata, and whether a photo carries a location.

The checks look for personal data in attachments (an identity code in a PDF's author field, a child's
code in a slide note, a photo that tells where a child lives), so this module turns each allowed file
type into one plain string, metadata included:

- ``pdf`` with pypdf: the text of every page, the document information (title, author, subject,
  keywords, creator, producer and any custom entry), XMP metadata, annotation texts and their authors,
  and the values of form fields;
- ``docx``, ``pptx``, ``xlsx`` and ``odt``, ``odp``, ``ods`` from the XML parts of their zip: every part
  but OOXML styles, fonts and themes is read, so body text, tables, headers and footers, footnotes,
  comments, tracked deletions, slide notes, shared strings, core, app and custom properties, ODF
  ``meta.xml``, alt texts and external hyperlink targets are all in. Reading the XML is two (pptx) to
  five (docx) times faster than python-docx or python-pptx and sees more.

Text inside one paragraph is joined without separators (Word splits a paragraph into runs anywhere, also
in the middle of a code); paragraphs and metadata fields are separated by line breaks.

A file that cannot be read raises :class:`ExtractionError` with a short reason (``unreadable``,
``corrupt``, ``encrypted``, ``too-large``, ``too-large-uncompressed``, ``too-many-members``,
``xml-entities``).
Archives are checked from their zip directory before anything is decompressed.

:class:`ExtractCache` keeps results by the SHA-256 of the file's bytes, so a second run over an unchanged
library costs one hash per file.
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
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from xml.etree import ElementTree

import PIL
import pypdf
from PIL import Image

from kaikki.content.model import CACHE_DIR

__all__ = [
    "DEFAULT_CACHE_DIR",
    "EXTRACTOR_VERSION",
    "IMAGE_SUFFIXES",
    "MAX_FILE_BYTES",
    "MAX_UNCOMPRESSED_BYTES",
    "TEXT_SUFFIXES",
    "ExtractCache",
    "ExtractionError",
    "attachment_text",
    "cached_attachment_text",
    "cached_embedded_photos_have_gps",
    "cached_image_has_gps",
    "embedded_photos_have_gps",
    "image_has_gps",
]

EXTRACTOR_VERSION = "1"
"""Bump when the extractors change what they return; cached results of other versions are not used."""

TEXT_SUFFIXES: frozenset[str] = frozenset({"pdf", "docx", "pptx", "xlsx", "odt", "odp", "ods"})
"""File types :func:`attachment_text` reads; any other type gives ``""``."""

IMAGE_SUFFIXES: frozenset[str] = frozenset({"jpg", "jpeg", "png", "webp"})
"""File types :func:`image_has_gps` reads; any other type gives ``False``."""

MAX_FILE_BYTES = 100 * 1024 * 1024
"""Files larger than this are not read at all (the size rule of the content model allows 15 MB)."""

MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
"""An archive whose members would expand beyond this in total is refused, as a zip bomb."""

MAX_ZIP_MEMBERS = 10_000
"""An archive with more members than this is refused; real documents have tens or hundreds."""

DEFAULT_CACHE_DIR = CACHE_DIR / "extract"
"""Where :class:`ExtractCache` keeps its files, relative to the root it is given."""


class ExtractionError(Exception):
    """A file could not be read.

    Attributes:
        reason: A short English token naming why, e.g. ``corrupt`` or ``encrypted``; checks map it to a
            message in the contributor's language.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------------------------------
# Text and metadata of documents


def attachment_text(path: Path) -> str:
    """Give the text and metadata of a document attachment as one string.

    Args:
        path: A ``pdf``, ``docx``, ``pptx``, ``xlsx``, ``odt``, ``odp`` or ``ods`` file; the type is
            taken from the suffix, case-insensitively.

    Returns:
        The text, paragraphs and metadata fields on lines of their own; ``""`` for any other type.

    Raises:
        ExtractionError: The file is corrupt, encrypted, too large, or a zip bomb.
    """
    suffix = _suffix(path)
    if suffix not in TEXT_SUFFIXES:
        return ""
    return _text_from_bytes(_read_bytes(path), suffix)


def _suffix(path: Path) -> str:
    return path.suffix.lower().lstrip(".")


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ExtractionError("too-large")
        return path.read_bytes()
    except OSError as error:
        raise ExtractionError("unreadable") from error


def _text_from_bytes(data: bytes, suffix: str) -> str:
    if suffix == "pdf":
        return _pdf_text(data)
    return _package_text(data)


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
    return [_xml_text(metadata.get_object().get_data())]


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


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _open_package(data: bytes) -> zipfile.ZipFile:
    """An Office or OpenDocument file as the zip archive it is."""
    if data[:8] == _OLE_MAGIC:
        # A password-protected Office document is an OLE compound file wrapping the encrypted package.
        raise ExtractionError("encrypted")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ExtractionError("corrupt") from error


def _package_text(data: bytes) -> str:
    texts = []
    with _open_package(data) as archive:
        try:
            for member in _xml_members(archive):
                texts.append(_xml_text(archive.read(member)))
        except _ZIP_READ_ERRORS as error:
            raise ExtractionError("corrupt") from error
    return "\n".join(text for text in texts if text)


# OOXML parts that hold only formatting: styles, fonts and themes, often hundreds of kilobytes of XML
# (most of the reading time of a short document). ODF's styles.xml is read: it holds headers and footers.
_NOISE_PARTS = re.compile(
    r"\[Content_Types\]\.xml$|(?:word|xl|ppt)/(?:styles|stylesWithEffects|fontTable|tableStyles)\.xml$"
    r"|(?:word|xl|ppt)/theme/"
)


def _xml_members(archive: zipfile.ZipFile) -> list[str]:
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ExtractionError("too-many-members")
    # zipfile never returns more than a member's declared size, so the directory is a safe bound.
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        raise ExtractionError("too-large-uncompressed")
    names = []
    for info in infos:
        name = info.filename
        if name == "META-INF/manifest.xml" and b"encryption-data" in archive.read(info):
            raise ExtractionError("encrypted")
        if info.flag_bits & 0x1:
            raise ExtractionError("encrypted")
        if name.endswith((".xml", ".rels")) and not _NOISE_PARTS.match(name) and not info.is_dir():
            names.append(name)
    return names


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
    """An expat target that gathers the text of an XML part, paragraph by paragraph."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.depth = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = _local(tag)
        if local in _PARAGRAPHS:
            # A paragraph inside a paragraph (a text box in Word) is text of its own, not a run.
            self._flush()
            self.depth += 1
        elif self.depth and local in _SPACES:
            self.current.append(" ")
        for key, value in attrib.items():
            if _local(key) in _TEXT_ATTRIBUTES and value:
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


def _xml_text(xml: bytes) -> str:
    # Office and ODF parts never declare entities; refusing them rules out entity expansion attacks.
    if _ENTITY_RE.search(xml):
        raise ExtractionError("xml-entities")
    parser = ElementTree.XMLParser(target=_TextCollector())
    try:
        parser.feed(xml)
        return parser.close()
    except ElementTree.ParseError as error:
        raise ExtractionError("corrupt") from error


# ---------------------------------------------------------------------------------------------------
# Location data in photos

_XMP_GPS_RE = re.compile(rb"GPS(?:Latitude|Longitude)(?:\s*=\s*[\"'][^\"']+[\"']|\s*>\s*[^<\s])")


def image_has_gps(path: Path) -> bool:
    """Tell whether a photo carries location data.

    Args:
        path: A ``jpg``/``jpeg``, ``png`` or ``webp`` file; any other type gives ``False``.

    Returns:
        ``True`` when the EXIF GPS directory has a latitude or a longitude, or the XMP metadata has an
        ``exif:GPSLatitude`` or ``exif:GPSLongitude`` value.

    Raises:
        ExtractionError: The file is not an image Pillow can read (``corrupt``) or is too large.
    """
    if _suffix(path) not in IMAGE_SUFFIXES:
        return False
    return _image_has_gps(_read_bytes(path))


def _image_has_gps(data: bytes) -> bool:
    if _XMP_GPS_RE.search(data):
        return True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's notes on damaged tags; the answer is still read
            with Image.open(io.BytesIO(data)) as image:
                gps = image.getexif().get_ifd(0x8825)
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as error:
        raise ExtractionError("corrupt") from error
    # 1, 2: GPSLatitudeRef, GPSLatitude; 3, 4: GPSLongitudeRef, GPSLongitude.
    return any(tag in gps for tag in (2, 4))


def embedded_photos_have_gps(path: Path) -> bool:
    """Tell whether a photo inside a document attachment carries location data.

    Word, PowerPoint and LibreOffice keep an inserted photo's file as it was, EXIF included; a PDF keeps a
    JPEG's bytes as they were when it embeds them without re-encoding.

    Args:
        path: A document of :data:`TEXT_SUFFIXES`; any other type gives ``False``.

    Returns:
        ``True`` when an image member of an Office or OpenDocument package, or the raw bytes of a PDF,
        have an EXIF GPS latitude or longitude or an XMP ``GPSLatitude``/``GPSLongitude`` value.

    Raises:
        ExtractionError: The file is corrupt, encrypted, too large, or a zip bomb.
    """
    suffix = _suffix(path)
    if suffix not in TEXT_SUFFIXES:
        return False
    return _embedded_photos_have_gps(_read_bytes(path), suffix)


_EXIF_HEADER = b"Exif\x00\x00"
_EMBEDDED_IMAGE_SUFFIXES = IMAGE_SUFFIXES | {"tif", "tiff"}
"""Members of Office and OpenDocument packages (``word/media/``, ``Pictures/``…) read as photos."""


def _embedded_photos_have_gps(data: bytes, suffix: str) -> bool:
    if suffix == "pdf":
        return _metadata_has_gps(data)
    with _open_package(data) as archive:
        _xml_members(archive)  # the same bounds as reading the text: size, member count, encryption
        try:
            return any(
                _member_has_gps(archive.read(info))
                for info in archive.infolist()
                if _suffix(Path(info.filename)) in _EMBEDDED_IMAGE_SUFFIXES
            )
        except _ZIP_READ_ERRORS as error:
            raise ExtractionError("corrupt") from error


def _member_has_gps(data: bytes) -> bool:
    """An image inside a package: what a photo file is checked for, or at least its EXIF blocks when
    Pillow cannot open it (a damaged member does not make the document unreadable)."""
    try:
        return _image_has_gps(data)
    except ExtractionError:
        return _metadata_has_gps(data)


def _metadata_has_gps(data: bytes) -> bool:
    """Whether bytes hold an XMP GPS value or an EXIF block (``Exif\\0\\0`` + TIFF) with a GPS position,
    read without decoding any image, so that a photo anywhere inside a file is found."""
    if _XMP_GPS_RE.search(data):
        return True
    start = data.find(_EXIF_HEADER)
    while start >= 0:
        exif = Image.Exif()
        try:
            # An APP1 segment, which holds the EXIF of a JPEG, is at most 64 KB. Pillow warns about
            # damaged tags; what it can read is enough here, and the warnings would only be noise.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exif.load(data[start : start + 65536])
                gps = exif.get_ifd(0x8825)
        except (OSError, ValueError, SyntaxError, EOFError, struct.error, KeyError, TypeError):
            gps = {}
        if any(tag in gps for tag in (2, 4)):
            return True
        start = data.find(_EXIF_HEADER, start + len(_EXIF_HEADER))
    return False


# ---------------------------------------------------------------------------------------------------
# Cache


class ExtractCache:
    """Results of the extractors, kept on disk by the SHA-256 of each file's bytes.

    One small JSON file a result, under ``<directory>/<2 hex>/<key>.json``; the key covers the file's
    bytes, the kind of result, :data:`EXTRACTOR_VERSION` and the pypdf and Pillow versions. Writes go to
    a temporary file that is renamed into place, so concurrent runs never see half a file; an unreadable
    or malformed cache file counts as a miss and is rewritten. Failures to write are ignored: the cache
    only saves time. Extraction errors are cached too, since the same bytes fail the same way.

    Attributes:
        directory: The cache folder.
        hits: Results served from the cache by this object.
        misses: Results computed by this object.
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

    def get(self, kind: str, digest: str) -> dict[str, Any] | None:
        """Give the stored entry for a file's digest, or ``None`` when there is none that is usable."""
        try:
            entry = json.loads(self._path(kind, digest).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or not ({"value"} <= entry.keys() or {"error"} <= entry.keys()):
            return None
        if "error" in entry and not isinstance(entry["error"], str):
            return None
        return entry

    def put(self, kind: str, digest: str, entry: dict[str, Any]) -> None:
        """Store an entry atomically; errors while writing are ignored."""
        target = self._path(kind, digest)
        with contextlib.suppress(OSError):
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    stream.write(json.dumps(entry, ensure_ascii=False))  # C encoder, unlike dump
                os.replace(temporary, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise

    def _path(self, kind: str, digest: str) -> Path:
        key = hashlib.sha256(f"{_CACHE_VERSION}\0{kind}\0{digest}".encode()).hexdigest()
        return self.directory / key[:2] / f"{key}.json"


_CACHE_VERSION = f"{EXTRACTOR_VERSION}-pypdf{pypdf.__version__}-pillow{PIL.__version__}"


def cached_attachment_text(path: Path, cache: ExtractCache | None) -> str:
    """Give :func:`attachment_text` of a file, from the cache when its bytes were read before.

    Args:
        path: The attachment.
        cache: Where to keep results, or ``None`` to extract every time.

    Returns:
        The same string as :func:`attachment_text`.

    Raises:
        ExtractionError: As :func:`attachment_text`, also when the error comes from the cache.
    """
    suffix = _suffix(path)
    if suffix not in TEXT_SUFFIXES:
        return ""
    data = _read_bytes(path)
    return _cached(cache, f"text-{suffix}", data, lambda: _text_from_bytes(data, suffix))


def cached_image_has_gps(path: Path, cache: ExtractCache | None) -> bool:
    """Give :func:`image_has_gps` of a file, from the cache when its bytes were read before.

    Args:
        path: The image.
        cache: Where to keep results, or ``None`` to read the image every time.

    Returns:
        The same answer as :func:`image_has_gps`.

    Raises:
        ExtractionError: As :func:`image_has_gps`, also when the error comes from the cache.
    """
    if _suffix(path) not in IMAGE_SUFFIXES:
        return False
    data = _read_bytes(path)
    return _cached(cache, "gps", data, lambda: _image_has_gps(data))


def cached_embedded_photos_have_gps(path: Path, cache: ExtractCache | None) -> bool:
    """Give :func:`embedded_photos_have_gps` of a file, from the cache when its bytes were read before.

    Raises:
        ExtractionError: As :func:`embedded_photos_have_gps`, also when the error comes from the cache.
    """
    suffix = _suffix(path)
    if suffix not in TEXT_SUFFIXES:
        return False
    data = _read_bytes(path)
    return _cached(cache, f"embedded-gps-{suffix}", data, lambda: _embedded_photos_have_gps(data, suffix))


_T = TypeVar("_T")


def _cached(cache: ExtractCache | None, kind: str, data: bytes, compute: Callable[[], _T]) -> _T:
    if cache is None:
        return compute()
    digest = hashlib.sha256(data).hexdigest()
    entry = cache.get(kind, digest)
    if entry is not None:
        cache.hits += 1
        if "error" in entry:
            raise ExtractionError(entry["error"])
        return entry["value"]  # type: ignore[no-any-return]
    cache.misses += 1
    try:
        value = compute()
    except ExtractionError as error:
        cache.put(kind, digest, {"error": error.reason})
        raise
    cache.put(kind, digest, {"value": value})
    return value
