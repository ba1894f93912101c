"""Reading one language file: bytes → text → front matter and body, with file lines kept.

Only UTF-8 is accepted (a BOM is dropped); CRLF and CR line ends become LF; a file over
:data:`MAX_TEXT_BYTES` is refused before it is read as text. The front matter is the YAML between a first
line ``---`` and the next line ``---``; it is parsed by :mod:`yamlstrict`, and the body is scanned by
:mod:`markdown_scan`; both are taken from a :class:`ParseCache` when the file's bytes have not changed
since the last run. A block whose closing ``---`` is missing is reported as such (E113), also when a
``---`` further down the body made the YAML swallow the card's text.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kaikki.content import parallel
from kaikki.content.limits import MAX_TEXT_BYTES
from kaikki.content.markdown_scan import SCAN_VERSION, BodyScan, scan_body
from kaikki.content.model import CACHE_DIR, Document, Problem, problem
from kaikki.content.yamlstrict import MAX_DEPTH, RULES_VERSION, StrictYamlError, YamlIssue, load_strict

PROBLEM_CODES = {
    "loading": (
        "E101",
        "E102",
        "E103",
        "E104",
        "E105",
        "E106",
        "E111",
        "E112",
        "E113",
        "E114",
        "E115",
        "E116",
        "E117",
    ),
}
"""The codes this module reports, by family (registered in :mod:`kaikki.checks.registry`)."""

_BOM = b"\xef\xbb\xbf"
_YAML_CODES = {
    "syntax": "E103",
    "duplicate": "E104",
    "alias": "E105",
    "tag": "E105",
    "depth": "E111",
    "colon": "E114",
    "tab": "E115",
    "space": "E116",
    "quote": "E117",
}


def yaml_problem(rel: str, issue: YamlIssue) -> Problem:
    """The problem of a YAML issue in the file ``rel``, with the parameters its code's texts use."""
    code = _YAML_CODES[issue.kind]
    if code == "E111":
        return problem(rel, issue.line, code, max=issue.detail)
    if code == "E114":
        return problem(rel, issue.line, code, field=issue.detail, fixed=issue.fixed)
    if code == "E116":
        return problem(rel, issue.line, code, mark=issue.detail, fixed=issue.fixed)
    if code == "E117":
        return problem(rel, issue.line, code, quote=issue.detail)
    if code == "E115":
        return problem(rel, issue.line, code)
    return problem(rel, issue.line, code, detail=issue.detail)


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
        # Entries :meth:`prime` already checked or parsed, handed to the next :meth:`get` of their digest
        # instead of being checked again.
        self._ready: dict[str, _Parsed] = {}

    @classmethod
    def of(cls, root: Path) -> ParseCache:
        """The cache of the repository at ``root`` (beside the attachment cache, ``.cache/kaikki``)."""
        return cls(root / CACHE_DIR / f"documents-{RULES_VERSION}-{SCAN_VERSION}.json")

    def get(self, digest: str) -> _Parsed | None:
        """The front matter, key lines and body scan stored for a file's digest, or ``None``.

        The file may have been damaged or edited by hand, so an entry is used only when every part has
        exactly the types a parse gives; anything else is a miss and the file is parsed again.
        """
        ready = self._ready.pop(digest, None)
        if ready is not None:
            return ready
        if self._stored is None:
            self._stored = self._read()
        value = self._stored.get(digest)
        if type(value) is not list or len(value) != 3:
            return None
        meta, key_lines, scan = value
        if type(meta) is not dict or type(key_lines) is not dict or not _is_front_matter(meta):
            return None
        lines = key_lines.values()  # set and min run in C: this is done for every file of a warm run
        if lines and (set(map(type, lines)) != {int} or min(lines) < 1):
            return None
        if not key_lines.keys() >= meta.keys():
            return None
        try:
            body_scan = BodyScan.from_json(scan)
        except (ValueError, TypeError, RecursionError):
            return None
        self._used[digest] = value
        return meta, key_lines, body_scan

    def put(self, digest: str, parsed: _Parsed) -> None:
        meta, key_lines, scan = parsed
        self._used[digest] = [meta, key_lines, scan.to_json()]
        self._changed = True

    def contains(self, digest: str) -> bool:
        """True when a usable entry is stored for ``digest`` (see :meth:`get`)."""
        return self.get(digest) is not None

    def prime(self, files: Sequence[tuple[bytes, str, str, str]]) -> None:
        """Checks the entries of the language files about to be loaded, and parses, on every core, the
        files this cache does not hold yet.

        A cold run spends most of its time in the Markdown parse of each body (the build's own parser,
        so that the check sees what the site renders); the files are independent, so the misses are parsed
        in a fork pool and only their results (front matter, key lines, body scan) travel back. Files with
        problems are left to the serial load, which reports them. Small jobs stay serial. What is checked
        or parsed here is handed to the load's :meth:`get` as it is, not checked a second time.

        Args:
            files: ``(bytes, digest, repository-relative path, language)`` of each language file.
        """
        todo: list[tuple[bytes, str, str]] = []
        for raw, digest, rel, lang in files:
            if digest in self._ready:
                continue
            parsed = self.get(digest)
            if parsed is None:
                todo.append((raw, rel, lang))
            else:
                self._ready[digest] = parsed
        if parallel.workers_for(len(todo)) == 1:
            return  # the serial load parses them as it goes
        stored = self._stored if self._stored is not None else {}
        for chunk in parallel.map_balanced(_parse_chunk, todo, lambda item: len(item[0])):
            for digest, parsed in chunk:
                self.put(digest, parsed)
                stored[digest] = self._used[digest]
                self._ready[digest] = parsed

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
        except (OSError, ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
            return {}
        return stored if isinstance(stored, dict) else {}


def _is_front_matter(meta: dict[str, Any]) -> bool:
    """Whether ``meta`` holds only what :func:`load_strict` gives: text, ``true``/``false``/``null``,
    lists and mappings, no deeper than :data:`MAX_DEPTH` (no numbers: every plain scalar is text)."""
    pending: list[tuple[Any, int]] = [(meta, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            return False
        items = value.values() if type(value) is dict else value
        for item in items:
            kind = type(item)
            if kind is str:  # most values: first
                continue
            if kind is dict or kind is list:
                pending.append((item, depth + 1))
            elif kind is not bool and item is not None:
                return False
    return True


def parse_document(
    raw: bytes, rel: str, lang: str, cache: ParseCache | None = None, digest: str | None = None
) -> tuple[Document | None, list[Problem]]:
    """Parses a language file's bytes into a :class:`Document`.

    Args:
        raw: The file's bytes.
        rel: Its repository-relative POSIX path, used in problems.
        lang: The language its name says (``fi`` or ``sv``).
        cache: Parsed files of earlier runs, by file digest.
        digest: The SHA-256 of ``raw`` (hex), when the caller has it already.

    Returns:
        The document (``None`` when it cannot be read at all) and the problems met.
    """
    if len(raw) > MAX_TEXT_BYTES:
        return None, [_too_large(rel, len(raw))]
    if digest is None:
        digest = hashlib.sha256(raw).hexdigest()
    text, bad = decode_text(raw, rel)
    if text is None:
        return None, [bad] if bad else []
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, [problem(rel, 1, "E102")]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:  # opened, never closed: the whole file would be front matter
        return None, [_unclosed(rel, lines, _body_start(lines, len(lines)))]
    yaml_text = "\n".join(lines[1:end]) + "\n"
    body = "\n".join(lines[end + 1 :])
    parsed = cache.get(digest) if cache is not None else None
    if parsed is None:
        try:
            meta, key_lines = load_strict(yaml_text, first_line=2)
        except StrictYamlError as exc:
            start = _body_start(lines, end)
            if start is not None and exc.issue.line >= start:  # failed in the swallowed text
                return None, [_unclosed(rel, lines, start)]
            return None, [yaml_problem(rel, exc.issue)]
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            return None, [problem(rel, 2, "E106")]
        parsed = meta, key_lines, scan_body(body, end + 2)
        if cache is not None:
            cache.put(digest, parsed)
    meta, key_lines, scan = parsed
    if not all(_FIELD_NAME.match(key) for key in meta):  # rare: only then look for swallowed text
        start = _body_start(lines, end)
        if start is not None and any(
            key_lines.get(key, 0) > start and not _FIELD_NAME.match(key) for key in meta
        ):
            return None, [_unclosed(rel, lines, start)]
    return Document(rel, lang, meta, key_lines, body, end + 2, digest, yaml_text, scan), []


def read_document(
    path: Path,
    rel: str,
    lang: str,
    cache: ParseCache | None = None,
    read: tuple[bytes, str] | None = None,
) -> tuple[Document | None, list[Problem]]:
    """Reads and parses a language file from disk (see :func:`parse_document`); a file over
    :data:`MAX_TEXT_BYTES` is refused by its size, without reading it. ``read``: the file's bytes and
    their digest, when the caller has read it already."""
    if read is not None:
        return parse_document(read[0], rel, lang, cache, read[1])
    raw, size = read_text_bytes(path)
    if raw is None:
        return None, [_too_large(rel, size)]
    return parse_document(raw, rel, lang, cache)


def read_text_bytes(path: Path | str) -> tuple[bytes | None, int]:
    """A language file's bytes and size; ``None`` for the bytes of a file over :data:`MAX_TEXT_BYTES`,
    which is not read.

    Raises:
        OSError: The file cannot be opened or read.
    """
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_TEXT_BYTES:
            return None, size
        return handle.read(), size


def _too_large(rel: str, size: int) -> Problem:
    return problem(rel, None, "E112", size=-(-size // 1024), max=MAX_TEXT_BYTES // 1024)


# Field names are lower-case words joined by "_" (the schema's, and the vocabulary's group names).
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
# The first line of a card's text: a heading, or a sentence (a capital letter, a digit, a link or an image
# first, no "key:" in it). A field name is lower-case, so a mistyped field is not taken for the text.
_HEADING = re.compile(r"#{1,6}[ \t]+\S")
_SENTENCE = re.compile(r"[^\W_a-z]|[\[!*>]")


def _body_start(lines: list[str], end: int) -> int | None:
    """The 1-based file line, between the opening ``---`` and line ``end`` (0-based), where the card's
    text seems to begin: a heading or a sentence after a blank line. Only asked once the YAML failed or
    held a field no schema has, to tell a missing closing ``---`` from a plain YAML mistake."""
    for index in range(2, end):
        line = lines[index]
        if lines[index - 1].strip() or not line:
            continue
        if _HEADING.match(line):
            return index + 1
        stripped = line.rstrip()
        if _SENTENCE.match(line) and ": " not in stripped and not stripped.endswith(":"):
            return index + 1
    return None


def _unclosed(rel: str, lines: list[str], start: int | None) -> Problem:
    """E113 at the opening ``---``; ``last`` is the last field's line, after which ``---`` belongs."""
    stop = (start - 1) if start is not None else len(lines)  # 0-based end of the fields
    last = next(
        (i + 1 for i in range(stop - 1, 0, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")),
        1,
    )
    return problem(rel, 1, "E113", last=last)


class _Collector(ParseCache):
    """A cache that holds nothing and keeps what is put into it: a pool worker's results."""

    def __init__(self) -> None:
        super().__init__(Path(os.devnull))
        self._stored = {}
        self.parsed: list[tuple[str, _Parsed]] = []

    def put(self, digest: str, parsed: _Parsed) -> None:
        self.parsed.append((digest, parsed))


def _parse_chunk(items: Sequence[tuple[bytes, str, str]]) -> list[tuple[str, _Parsed]]:
    collector = _Collector()
    for raw, rel, lang in items:
        parse_document(raw, rel, lang, collector)
    return collector.parsed
