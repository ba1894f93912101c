"""Download the files dragged into an issue form, from GitHub's attachment storage only.

When a contributor drags a file into an issue form, GitHub uploads it and puts its address into the
issue body: ``https://github.com/user-attachments/files/<id>/<name>`` (files),
``https://github.com/user-attachments/assets/<uuid>`` (images) or, in older issues,
``https://github.com/<owner>/<repo>/assets/<id>/<uuid>``. :func:`is_attachment_url` recognises exactly
these by parsing the address (scheme, host, port, no user name, path shape); any other address is not
downloaded: it stays a link, judged by the same URL rules as any link of a card.

:func:`download_attachment` fetches one file: every redirect must stay on the hosts of the
:class:`AttachmentSource` (GitHub answers with a redirect to its storage host), the size is capped
before and while reading, and a file without an extension in its name gets one from its first bytes.
The file is then written into the bundle folder, where ``kaikki check`` judges it like any file of a
bundle: type by content (E509), identity codes in its text (E603), location in photos (E604/E607).

The source is injectable so that tests serve attachments from ``http://127.0.0.1`` (and nothing else).
"""

from __future__ import annotations

import re
import unicodedata
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kaikki.content.limits import MAX_ATTACHMENT_BYTES
from kaikki.content.schema import ALLOWED_ATTACHMENT_TYPES

_ATTACHMENT_PATHS = (
    re.compile(r"^/user-attachments/files/\d+/[^/]+$"),
    re.compile(r"^/user-attachments/assets/[0-9a-fA-F-]{8,}$"),
    re.compile(r"^/[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}/assets/\d+/[0-9a-fA-F-]{8,}$"),
)
_NAME = re.compile(r"[^a-z0-9._-]+")


@dataclass(frozen=True)
class AttachmentSource:
    """Where dragged files may be downloaded from.

    Attributes:
        scheme: ``https`` for GitHub (tests use ``http`` on 127.0.0.1).
        hosts: Hosts whose attachment addresses (the paths above) are downloaded.
        redirect_hosts: Hosts a download may be redirected to (GitHub's storage).
        port: The only port allowed, ``None`` for the scheme's default.
        max_bytes: The largest file accepted (the same limit as a bundle's file, E503).
        timeout: Seconds to wait for each response.
    """

    scheme: str = "https"
    hosts: frozenset[str] = frozenset({"github.com"})
    redirect_hosts: frozenset[str] = frozenset(
        {
            "objects.githubusercontent.com",
            "private-user-images.githubusercontent.com",
            "user-images.githubusercontent.com",
            "github-production-user-asset-6210df.s3.amazonaws.com",
        }
    )
    port: int | None = None
    max_bytes: int = MAX_ATTACHMENT_BYTES
    timeout: float = 30.0


GITHUB = AttachmentSource()


class DownloadRefused(Exception):
    """A dragged file was not downloaded; ``key`` names the message (``issue_download_*``)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def _allowed(url: str, source: AttachmentSource, hosts: frozenset[str]) -> bool:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    return (
        parts.scheme == source.scheme
        and parts.hostname is not None
        and parts.hostname.lower() in hosts
        and parts.username is None
        and parts.password is None
        and port == source.port
    )


def is_attachment_url(url: str, source: AttachmentSource = GITHUB) -> bool:
    """Whether ``url`` is a file dragged into an issue form (a GitHub attachment address)."""
    if not _allowed(url, source, source.hosts):
        return False
    path = urlsplit(url).path
    return any(pattern.match(path) for pattern in _ATTACHMENT_PATHS)


class _GuardedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the source's own hosts; anything else ends the download."""

    def __init__(self, source: AttachmentSource) -> None:
        self.source = source

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not _allowed(newurl, self.source, self.source.hosts | self.source.redirect_hosts):
            raise DownloadRefused("issue_download_failed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, source: AttachmentSource = GITHUB) -> bytes:
    """The bytes of one attachment, at most ``source.max_bytes``.

    Raises:
        DownloadRefused: The address is not an attachment, a redirect left the allowed hosts, the file
            is too large, or the download failed.
    """
    if not is_attachment_url(url, source):
        raise DownloadRefused("issue_download_failed")
    # No proxies from the environment: the address that was judged is the one that is fetched.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _GuardedRedirects(source))
    request = urllib.request.Request(url, headers={"User-Agent": "kaikki-issue-to-bundle"})
    too_large = DownloadRefused("issue_download_too_large", max=source.max_bytes // (1024 * 1024))
    try:
        with opener.open(request, timeout=source.timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > source.max_bytes:
                raise too_large
            data = response.read(source.max_bytes + 1)
    except DownloadRefused:
        raise
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise DownloadRefused("issue_download_failed") from error
    if len(data) > source.max_bytes:
        raise too_large
    return data


def guess_suffix(data: bytes) -> str | None:
    """The extension the first bytes say, for a file whose address has none (GitHub's image assets)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "mimetype" in names:
            kind = zipfile.ZipFile(BytesIO(data)).read("mimetype").decode("ascii", "replace")
            return {
                "application/vnd.oasis.opendocument.text": "odt",
                "application/vnd.oasis.opendocument.presentation": "odp",
                "application/vnd.oasis.opendocument.spreadsheet": "ods",
            }.get(kind.strip())
        for prefix, suffix in (("word/", "docx"), ("ppt/", "pptx"), ("xl/", "xlsx")):
            if any(name.startswith(prefix) for name in names):
                return suffix
    return None


def file_name(url: str, data: bytes, number: int) -> str:
    """A safe file name: the name in the address (ASCII letters, digits, ``.-_``), or ``liite-N.<ext>``.

    The extension is only a claim: ``kaikki check`` compares it with the content (E509).

    Raises:
        DownloadRefused: Neither the name nor the content gives an allowed file type.
    """
    last = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    ascii_name = unicodedata.normalize("NFKD", last.casefold()).encode("ascii", "ignore").decode()
    name = _NAME.sub("-", ascii_name).strip("-.")
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and suffix in ALLOWED_ATTACHMENT_TYPES:
        return f"{stem[:80].strip('-.') or f'liite-{number}'}.{suffix}"
    guessed = guess_suffix(data)
    if guessed is None:
        raise DownloadRefused("issue_download_type", number=number)
    return f"liite-{number}.{guessed}"


def download_attachment(url: str, folder: Path, number: int, source: AttachmentSource = GITHUB) -> str:
    """Download one dragged file into ``folder`` and return its file name there.

    A name already taken in the folder gets ``-2``, ``-3``… before its extension.

    Raises:
        DownloadRefused: See :func:`fetch` and :func:`file_name`.
    """
    data = fetch(url, source)
    name = file_name(url, data, number)
    stem, _, suffix = name.rpartition(".")
    candidate, counter = name, 1
    while (folder / candidate).exists():
        counter += 1
        candidate = f"{stem}-{counter}.{suffix}"
    (folder / candidate).write_bytes(data)
    return candidate
