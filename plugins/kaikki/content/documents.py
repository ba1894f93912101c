"""Reading one language file: bytes → text → front matter and body, with file lines kept.

Only UTF-8 is accepted (a BOM is dropped); CRLF and CR line ends become LF. The front matter is the
YAML between a first line ``---`` and the next line ``---``; it is parsed by :mod:`yamlstrict`, and the
body is scanned by :mod:`markdown_scan`; both are taken from a :class:`ParseCache` when the file's bytes
have not changed since the last run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from kaikki.content.markdown_scan import SCAN_VERSION, BodyScan, scan_body
from kaikki.content.model import CACHE_DIR, Document, Problem, problem
from kaikki.content.yamlstrict import RULES_VERSION, StrictYamlError, load_strict

_BOM = b"\xef\xbb\xbf"
_YAML_CODES = {"syntax": "E103", "duplicate": "E104", "alias": "E105", "tag": "E105"}


def decode_text(raw: bytes, rel: str) -> tuple[str | None, Problem | None]:
    """Decodes UTF-8 (BOM allowed) and normalises line ends; a bad byte gives ``E101`` at its line."""
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, problem(rel, line, "E101", byte=f"0x{raw[exc.start]:02x}")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None


_Parsed = tuple[dict[str, Any], dict[str, int], BodyScan]


class ParseCache:
    """Parsed language files (front matter, key lines, body scan), kept between runs in one JSON file by
    each file's SHA-256.

    Parsing YAML and scanning bodies are most of the cost of loading and checking a repository, and most
    files are unchanged between two runs. One file rather than one per document, since writing thousands
    of small files costs more than the parsing it saves. :meth:`save` keeps only the entries used since
    the cache was opened, so the file follows the repository instead of its history. A missing,
    unreadable or malformed file or entry is a miss; failures to write are ignored: the cache only saves
    time. Files with errors are not kept.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stored: dict[str, Any] | None = None
        self._used: dict[str, Any] = {}
        self._changed = False

    @classmethod
    def of(cls, root: Path) -> ParseCache:
        """The cache of the repository at ``root`` (beside the attachment cache, ``.cache/kaikki``)."""
        return cls(root / CACHE_DIR / f"documents-{RULES_VERSION}-{SCAN_VERSION}.json")

    def get(self, digest: str) -> _Parsed | None:
        """The front matter, key lines and body scan stored for a file's digest, or ``None``."""
        if self._stored is None:
            self._stored = self._read()
        value = self._stored.get(digest)
        if not (isinstance(value, list) and len(value) == 3):
            return None
        meta, key_lines, scan = value
        if not isinstance(meta, dict) or not isinstance(key_lines, dict):
            return None
        try:
            body_scan = BodyScan.from_json(scan)
        except ValueError:
            return None
        self._used[digest] = value
        return meta, key_lines, body_scan

    def put(self, digest: str, parsed: _Parsed) -> None:
        meta, key_lines, scan = parsed
        self._used[digest] = [meta, key_lines, scan.to_json()]
        self._changed = True

    def save(self) -> None:
        """Writes the entries used since opening, atomically, when they differ from the stored ones."""
        if not self._changed and len(self._used) == len(self._stored or {}):
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    # dumps, not dump: only dumps uses the C encoder (several times faster here).
                    stream.write(json.dumps(self._used, ensure_ascii=False, separators=(",", ":")))
                os.replace(temporary, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        self._stored = self._used
        self._used = {}
        self._changed = False

    def _read(self) -> dict[str, Any]:
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return stored if isinstance(stored, dict) else {}


def parse_document(
    raw: bytes, rel: str, lang: str, cache: ParseCache | None = None
) -> tuple[Document | None, list[Problem]]:
    """Parses a language file's bytes into a :class:`Document`.

    Args:
        raw: The file's bytes.
        rel: Its repository-relative POSIX path, used in problems.
        lang: The language its name says (``fi`` or ``sv``).
        cache: Parsed files of earlier runs, by file digest.

    Returns:
        The document (``None`` when it cannot be read at all) and the problems met.
    """
    digest = hashlib.sha256(raw).hexdigest()
    text, bad = decode_text(raw, rel)
    if text is None:
        return None, [bad] if bad else []
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, [problem(rel, 1, "E102")]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None, [problem(rel, 1, "E102")]
    yaml_text = "\n".join(lines[1:end]) + "\n"
    body = "\n".join(lines[end + 1 :])
    parsed = cache.get(digest) if cache is not None else None
    if parsed is None:
        try:
            meta, key_lines = load_strict(yaml_text, first_line=2)
        except StrictYamlError as exc:
            issue = exc.issue
            return None, [problem(rel, issue.line, _YAML_CODES[issue.kind], detail=issue.detail)]
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            return None, [problem(rel, 2, "E106")]
        parsed = meta, key_lines, scan_body(body, end + 2)
        if cache is not None:
            cache.put(digest, parsed)
    meta, key_lines, scan = parsed
    return Document(rel, lang, meta, key_lines, body, end + 2, digest, yaml_text, scan), []


def read_document(
    path: Path, rel: str, lang: str, cache: ParseCache | None = None
) -> tuple[Document | None, list[Problem]]:
    """Reads and parses a language file from disk (see :func:`parse_document`)."""
    return parse_document(path.read_bytes(), rel, lang, cache)
