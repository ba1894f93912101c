"""Reads a Markdown body with the build's own parser and lists what the checks need, each with its file line.

The body is parsed by Python-Markdown configured exactly like the site: MkDocs' built-in extensions
(``toc``, ``tables``, ``fenced_code``) plus the ``markdown_extensions`` of ``mkdocs.yml``, read with yaml
(no MkDocs import). The checks then judge what the site will render, not a guess of it: links and images
(inline, reference, autolink; reference definitions, used or not), raw HTML (block and inline) and
headings with the ids the ``toc`` extension gives them. MkDocs' own tree processors only rewrite link
URLs and collect ids, so :mod:`kaikki.checks.references` mirrors their rule for resolving links.

Python-Markdown keeps no source positions, so lines are found afterwards: the inline processors that make
links, images, code spans and inline HTML are wrapped to keep the source text they matched, and a walk of
the finished tree, in document order, finds each of those texts in the body from a running offset (code
blocks and code spans move the offset past themselves, so a link-like text inside code is never taken for
a later link). One parser is built per process and reused with ``reset()``; serialisation and the
post-processors are skipped, since nothing reads the HTML.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import yaml
from markdown import util
from markdown.extensions.fenced_code import FencedBlockPreprocessor

MKDOCS_YML = Path(__file__).resolve().parents[3] / "mkdocs.yml"
# MkDocs adds these to every site's markdown_extensions (mkdocs/config/defaults.py, ``builtins``).
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
# What this repository's mkdocs.yml asks for, used when the file is not beside the package (an installed
# wheel); a test keeps the two equal.
DEFAULT_EXTENSIONS: list[Any] = [
    {"toc": {"permalink": False}},
    "tables",
    "admonition",
    "footnotes",
    "sane_lists",
]

_LINK_PROCESSORS = frozenset(
    {"link", "image_link", "reference", "image_reference", "short_reference", "short_image_ref", "autolink"}
)
_REFERENCE_PROCESSORS = frozenset({"reference", "image_reference", "short_reference", "short_image_ref"})
_PLACEHOLDER = re.compile("\x02([^\x02\x03]*)\x03")
_HTML_PLACEHOLDER = re.compile(util.HTML_PLACEHOLDER % r"(\d+)")
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Where a tag starts inside a raw HTML chunk the parser already judged to be HTML (for one line a tag).
_TAG_START = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*|!--|!\[CDATA\[|![A-Za-z]|\?)")
_WHITESPACE = re.compile(r"\s+")
_WHITESPACE_SPLIT = re.compile(r"(\s+)")
_NEWLINE = re.compile("\n")


@dataclass(frozen=True, slots=True)
class Link:
    """A link or image: ``line`` is the file line, ``target`` the ``href``/``src`` as the build sees it.

    ``target`` is the attribute value in Python-Markdown's tree (backslash escapes resolved, HTML
    character references not yet decoded: a browser decodes them after the page is written).
    """

    line: int
    target: str
    text: str
    image: bool = False


@dataclass(frozen=True, slots=True)
class Heading:
    line: int
    level: int
    text: str
    anchor: str


@dataclass(slots=True)
class BodyScan:
    """What a body holds. ``ids`` are the other ids of the rendered page (footnotes) a link may target."""

    links: list[Link] = field(default_factory=list)
    html: list[tuple[int, str]] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    @property
    def anchors(self) -> set[str]:
        """Every id a ``#fragment`` may name, as MkDocs validates them (headings and other elements)."""
        return {h.anchor for h in self.headings} | set(self.ids)

    def to_json(self) -> list[Any]:
        """Plain lists, for a cache; :meth:`from_json` reads them back."""
        return [
            [[link.line, link.target, link.text, link.image] for link in self.links],
            [list(item) for item in self.html],
            [[h.line, h.level, h.text, h.anchor] for h in self.headings],
            list(self.ids),
        ]

    @classmethod
    def from_json(cls, data: Any) -> BodyScan:
        """Reads what :meth:`to_json` wrote, trusting nothing about it.

        Raises:
            ValueError: The data does not have exactly that shape and those types (a damaged cache).
        """
        links, html, headings, ids = _items(data, 4)
        return cls(
            [
                Link(_int(a), _str(b), _str(c), _bool(d))
                for a, b, c, d in (_items(row, 4) for row in _items(links))
            ],
            [(_int(a), _str(b)) for a, b in (_items(row, 2) for row in _items(html))],
            [
                Heading(_int(a), _int(b), _str(c), _str(d))
                for a, b, c, d in (_items(row, 4) for row in _items(headings))
            ],
            [_str(value) for value in _items(ids)],
        )


def _items(value: Any, length: int | None = None) -> list[Any]:
    if not isinstance(value, list) or (length is not None and len(value) != length):
        raise ValueError("not a body scan")
    return value


def _int(value: Any) -> int:
    if type(value) is not int:  # a bool is an int to isinstance
        raise ValueError("not a body scan")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not a body scan")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("not a body scan")
    return value


# --- the build's configuration ---------------------------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running anything: ``!ENV`` and ``!!python/…`` tags become ``None``."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_mkdocs_yml(path: Path) -> dict[str, Any]:
    """A site's ``mkdocs.yml`` as plain data, without MkDocs (tags that would run something are ignored).

    Raises:
        OSError: The file cannot be read.
        yaml.YAMLError: It is not YAML.
    """
    loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return loaded if isinstance(loaded, dict) else {}


def markdown_config(mkdocs_yml: Path | None = MKDOCS_YML) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The extensions and their options MkDocs gives Python-Markdown for the site of ``mkdocs_yml``.

    Mirrors MkDocs' ``MarkdownExtensions`` option: the built-ins first, then the configured ones, each
    named once; an entry is a name or a one-key mapping of a name to its options.
    """
    configured: Any = DEFAULT_EXTENSIONS
    if mkdocs_yml is not None and mkdocs_yml.is_file():
        configured = read_mkdocs_yml(mkdocs_yml).get("markdown_extensions") or []
    if isinstance(configured, dict):
        configured = [{name: options} for name, options in configured.items()]
    names: list[str] = list(MKDOCS_BUILTIN_EXTENSIONS)
    options: dict[str, dict[str, Any]] = {}
    for entry in configured:
        if isinstance(entry, dict):
            ((name, value),) = entry.items()
            if value:
                options[name] = dict(value)
        else:
            name = str(entry)
        if name not in names:
            names.append(name)
    return names, options


_NAMES, _OPTIONS = markdown_config()

SCAN_VERSION = (
    "2-markdown"
    + markdown.__version__
    + "-"
    + hashlib.sha256(json.dumps([_NAMES, _OPTIONS], sort_keys=True, default=str).encode()).hexdigest()[:8]
)
"""Keys cached scans: change the number whenever what :func:`scan_body` returns changes. Python-Markdown's
version and the extension configuration are part of it, since they decide what a body renders to."""


# --- the parser ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Record:
    """What the wrapped processors saw during one parse."""

    links: dict[int, tuple[etree.Element, str]] = field(default_factory=dict)  # id(el) → (el, source)
    code: dict[int, str] = field(default_factory=dict)  # id(code element) → source of the code span
    inline_html: dict[int, str] = field(default_factory=dict)  # stash index → source
    block_html: set[int] = field(default_factory=set)
    fenced: set[int] = field(default_factory=set)
    used_references: set[str] = field(default_factory=set)
    heading_sources: dict[int, str] = field(default_factory=dict)
    last_reference: str = ""


class _Parser:
    """One configured Python-Markdown instance and the hooks that record sources; reused across bodies."""

    def __init__(self, names: list[str], options: dict[str, dict[str, Any]]) -> None:
        self.md = markdown.Markdown(extensions=names, extension_configs=options)
        # Cosmetic newlines only; nothing here reads the HTML.
        if "prettify" in self.md.treeprocessors:
            self.md.treeprocessors.deregister("prettify")
        self.record = _Record()
        self.lock = threading.Lock()
        for name in sorted(_LINK_PROCESSORS | {"backtick", "html"}):
            if name not in self.md.inlinePatterns:
                continue
            item = self.md.inlinePatterns[name]
            item.handleMatch = self._wrap(name, item.handleMatch)  # type: ignore[method-assign]
            if name in _REFERENCE_PROCESSORS:
                item.evalId = self._wrap_eval_id(item.evalId)  # type: ignore[attr-defined]
        self.md.treeprocessors.register(_HeadingSources(self), "kaikki_heading_sources", 20.5)

    def _wrap(self, name: str, handle: Callable[..., Any]) -> Callable[..., Any]:
        record = lambda: self.record  # noqa: E731 -- the record is replaced for every body

        def handle_match(m: re.Match[str], data: str) -> Any:
            stash = self.md.htmlStash
            before = stash.html_counter
            el, start, end = handle(m, data)
            if el is None or start is None or end is None:
                return el, start, end
            source = data[start:end]
            if name == "html":
                for index in range(before, stash.html_counter):
                    record().inline_html[index] = source
            elif name == "backtick":
                if isinstance(el, etree.Element):
                    record().code[id(el)] = source
            elif isinstance(el, etree.Element):
                record().links[id(el)] = (el, source)
                if name in _REFERENCE_PROCESSORS:
                    record().used_references.add(record().last_reference)
            return el, start, end

        return handle_match

    def _wrap_eval_id(self, evaluate: Callable[..., Any]) -> Callable[..., Any]:
        def eval_id(data: str, index: int, text: str) -> Any:
            found = evaluate(data, index, text)
            if found[0] is not None:
                self.record.last_reference = _WHITESPACE.sub(" ", found[0])
            return found

        return eval_id

    def parse(self, body: str) -> tuple[etree.Element, _Record]:
        """The finished element tree of ``body`` (tree processors run, nothing serialised)."""
        md = self.md
        md.reset()
        self.record = record = _Record()
        lines = body.split("\n")
        for item in list(md.preprocessors):
            before = md.htmlStash.html_counter
            lines = item.run(lines)
            added = set(range(before, md.htmlStash.html_counter))
            if isinstance(item, FencedBlockPreprocessor):
                record.fenced |= added
            else:
                record.block_html |= added
        root = md.parser.parseDocument(lines).getroot()
        for item in list(md.treeprocessors):
            new_root = item.run(root)
            if new_root is not None:
                root = new_root
        return root, record


class _HeadingSources(markdown.treeprocessors.Treeprocessor):
    """Keeps each heading's text as written, before the inline processors replace it (for its line)."""

    def __init__(self, parser: _Parser) -> None:
        super().__init__(parser.md)
        self.parser = parser

    def run(self, root: etree.Element) -> None:
        sources = self.parser.record.heading_sources
        for el in root.iter():
            if el.tag in _HEADING_TAGS:
                sources[id(el)] = el.text or ""


_parser: _Parser | None = None
_parser_lock = threading.Lock()


def _the_parser() -> _Parser:
    global _parser
    with _parser_lock:
        if _parser is None:
            _parser = _Parser(_NAMES, _OPTIONS)
        return _parser


# --- lines -----------------------------------------------------------------------------------------------


_Token = str | None
"""A piece of a source text: a literal, ``" "`` for a run of whitespace, ``None`` for any stashed text."""

# Between two words of parser text the body may hold a line end, indentation or a quote's ``>``.
_BETWEEN_WORDS = frozenset(" \t\n>")
_HEADING_PREFIX = re.compile(r"[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?:#{1,6}[ \t]*)?")


class _Locator:
    """Finds source texts in the body in document order; turns offsets into file lines.

    A plain matcher rather than a compiled pattern for each text: most texts are found once, and
    compiling a regular expression costs more than the search.
    """

    def __init__(self, body: str, first_line: int) -> None:
        self.body = body
        self.first_line = first_line
        self.cursor = 0
        self._starts = [0, *(m.end() for m in _NEWLINE.finditer(body))]

    def line(self, offset: int) -> int:
        return self.first_line + bisect.bisect_right(self._starts, offset) - 1

    def find(self, source: str, *, heading: bool = False) -> tuple[int, int] | None:
        """Where ``source`` is written: first at or after the running offset, else anywhere before it."""
        tokens = _tokens(source)
        if tokens is None:
            return None
        return self._search(tokens, self.cursor, heading) or self._search(tokens, 0, heading)

    def place(self, source: str, *, advance: bool) -> int:
        """The line of ``source``; the offset moves to its end (``advance``) or just past its start."""
        found = self.find(source)
        if found is None:
            return self.line(self.cursor)
        self.cursor = found[1] if advance else found[0] + 1
        return self.line(found[0])

    def _search(self, tokens: list[_Token], start: int, heading: bool) -> tuple[int, int] | None:
        body = self.body
        first = tokens[0]
        assert first is not None
        at = body.find(first, start)
        while at >= 0:
            if heading:
                line_start = body.rfind("\n", 0, at) + 1
                if not _HEADING_PREFIX.fullmatch(body, line_start, at):
                    at = body.find(first, at + 1)
                    continue
            end = _match(body, at, tokens)
            if end is not None:
                return at, end
            at = body.find(first, at + 1)
        return None


def _tokens(source: str) -> list[_Token] | None:
    """``source`` (parser text) as tokens: escaped characters and stashed spans are placeholders in it,
    and block structure (indentation, a quote's ``>``, tabs) may have been taken off between lines."""
    tokens: list[_Token] = []
    position = 0
    for match in (*_PLACEHOLDER.finditer(source), None):
        piece = source[position : match.start() if match else len(source)]
        for word in _WHITESPACE_SPLIT.split(piece):
            if word:
                tokens.append(" " if word.isspace() else word)
        if match is None:
            break
        inner = match.group(1)
        tokens.append("\\" + chr(int(inner)) if inner.isdigit() else None)
        position = match.end()
    while tokens and tokens[0] in (None, " "):
        tokens.pop(0)
    while tokens and tokens[-1] in (None, " "):
        tokens.pop()
    return tokens or None


def _match(body: str, at: int, tokens: list[_Token]) -> int | None:
    """The end of ``tokens`` written in ``body`` from ``at``, or ``None``."""
    index, count, size = 0, len(tokens), len(body)
    while index < count:
        token = tokens[index]
        if token == " ":
            if at >= size or body[at] not in _BETWEEN_WORDS:
                return None
            while at < size and body[at] in _BETWEEN_WORDS:
                at += 1
        elif token is None:
            # Stashed text (a code span, an entity…): skip to the next literal written after it.
            following = next((t for t in tokens[index + 1 :] if t not in (None, " ")), None)
            if following is None:
                return at
            found = body.find(following, at)
            if found < 0:
                return None
            at = found
            while index + 1 < count and tokens[index + 1] in (None, " "):
                index += 1
        elif body.startswith(token, at):
            at += len(token)
        else:
            return None
        index += 1
    return at


# --- the scan --------------------------------------------------------------------------------------------


def scan_body(body: str, first_line: int) -> BodyScan:
    """Scans a Markdown body as the site renders it.

    Args:
        body: The Markdown text (``\\n`` line ends).
        first_line: The file line of the body's first line.

    Returns:
        The links, images, raw HTML and headings found, each with its file line, and the page's other ids.
    """
    scan = BodyScan()
    if not body.strip():
        return scan
    parser = _the_parser()
    with parser.lock:
        root, record = parser.parse(body)
        stash = list(parser.md.htmlStash.rawHtmlBlocks)
        references = dict(parser.md.references)
    locator = _Locator(body, first_line)
    _walk(root, record, stash, locator, scan)
    for label, (target, _title) in references.items():
        # A definition is a link destination even when unused: it is still checked, at its own line.
        if label not in record.used_references:
            words = r"[\s>]+".join(re.escape(word) for word in label.split())
            pattern = re.compile(r"^[ \t>]*\[" + words + r"\]:", re.MULTILINE | re.IGNORECASE)
            found = pattern.search(body)
            line = locator.line(found.start()) if found else first_line
            scan.links.append(Link(line, target, label))
    return scan


def _walk(root: etree.Element, record: _Record, stash: list[str], locator: _Locator, scan: BodyScan) -> None:
    for event, el, text in _document_order(root):
        if event == "text":
            _raw_html_in(text, record, stash, locator, scan)
            continue
        assert el is not None
        key = id(el)
        if key in record.links:
            _, source = record.links[key]
            line = locator.place(source, advance=False)
            image = el.tag == "img"
            target = el.get("src" if image else "href") or ""
            label = el.get("alt", "") if image else _plain_text(el)
            scan.links.append(Link(line, target, label, image=image))
        elif key in record.code:
            locator.place(record.code[key], advance=True)
        elif el.tag == "pre":
            locator.place(_plain_text(el), advance=True)
        elif el.tag in _HEADING_TAGS:
            _heading(el, record, locator, scan)
        elif el.tag == "li" and (el.get("id") or "").startswith("fn:"):
            # Footnotes are rendered at the end of the page; their text sits where they are defined.
            label = el.get("id", "")[3:]
            pattern = re.compile(r"^[ \t>]*\[\^" + re.escape(label) + r"\]:", re.MULTILINE)
            found = pattern.search(locator.body)
            if found:
                locator.cursor = found.start()
        element_id = el.get("id")
        if element_id and el.tag not in _HEADING_TAGS:
            scan.ids.append(element_id)


def _document_order(root: etree.Element) -> Iterator[tuple[str, etree.Element | None, str]]:
    """Elements and the text around them in the order a reader meets them; code is not entered."""
    stack: list[tuple[etree.Element, bool]] = [(root, False)]
    while stack:
        el, done = stack.pop()
        if done:
            if el.tail:
                yield "text", None, el.tail
            continue
        if el is not root:
            yield "element", el, ""
        stack.append((el, True))
        if el.tag in ("pre", "code"):
            continue
        if el.text:
            yield "text", None, el.text
        stack.extend((child, False) for child in reversed(el))


def _raw_html_in(text: str, record: _Record, stash: list[str], locator: _Locator, scan: BodyScan) -> None:
    for match in _HTML_PLACEHOLDER.finditer(text):
        index = int(match.group(1))
        if index in record.fenced:
            fence = FencedBlockPreprocessor.FENCED_BLOCK_RE.search(locator.body, locator.cursor)
            if fence:
                locator.cursor = fence.end()
            continue
        if index in record.inline_html:
            source = record.inline_html[index]
        elif index in record.block_html and index < len(stash):
            source = str(stash[index])
        else:
            continue  # an entity, kept aside so the serialiser leaves it alone
        found = locator.find(source)
        start = found[0] if found else locator.cursor
        if found:
            locator.cursor = found[1]
        chunk = locator.body[start : found[1]] if found else source
        for tag in _TAG_START.finditer(chunk):
            end = chunk.find(">", tag.start())
            end = tag.start() + 40 if end < 0 else min(end + 1, tag.start() + 60)
            scan.html.append((locator.line(start + tag.start()), chunk[tag.start() : end].strip()))
        if not _TAG_START.search(chunk):
            scan.html.append((locator.line(start), chunk.strip()[:60]))


def _heading(el: etree.Element, record: _Record, locator: _Locator, scan: BodyScan) -> None:
    source = record.heading_sources.get(id(el), "")
    found = locator.find(source, heading=True)
    if found:
        line = locator.line(found[0])
        # Just past the heading's start: a link inside it comes next, an equal heading later is not it.
        locator.cursor = found[0] + 1
    else:
        line = locator.line(locator.cursor)
    text = _WHITESPACE.sub(" ", _plain_text(el)).strip()
    scan.headings.append(Heading(line, int(el.tag[1]), text, el.get("id", "")))


def _plain_text(el: etree.Element) -> str:
    return _HTML_PLACEHOLDER.sub("", "".join(el.itertext()))
