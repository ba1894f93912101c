"""Reading one language file: bytes → text → front matter and body, with file lines kept.

Only UTF-8 is accepted (a BOM is dropped); CRLF and CR line ends become LF. The front matter is the
YAML between a first line ``---`` and the next line ``---``; it is parsed by :mod:`yamlstrict`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kaikki.content.model import Document, Problem, problem
from kaikki.content.yamlstrict import StrictYamlError, load_strict

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


def parse_document(raw: bytes, rel: str, lang: str) -> tuple[Document | None, list[Problem]]:
    """Parses a language file's bytes into a :class:`Document`.

    Args:
        raw: The file's bytes.
        rel: Its repository-relative POSIX path, used in problems.
        lang: The language its name says (``fi`` or ``sv``).

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
    try:
        meta, key_lines = load_strict(yaml_text, first_line=2)
    except StrictYamlError as exc:
        issue = exc.issue
        return None, [problem(rel, issue.line, _YAML_CODES[issue.kind], detail=issue.detail)]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return None, [problem(rel, 2, "E106")]
    body = "\n".join(lines[end + 1 :])
    return Document(rel, lang, meta, key_lines, body, end + 2, digest, yaml_text), []


def read_document(path: Path, rel: str, lang: str) -> tuple[Document | None, list[Problem]]:
    """Reads and parses a language file from disk (see :func:`parse_document`)."""
    return parse_document(path.read_bytes(), rel, lang)
