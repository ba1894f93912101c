"""Strict YAML for front matter: text stays text, duplicate keys are errors, every value has a line.

PyYAML resolves YAML 1.1 types (``no`` → False, ``020`` → 16, ``12:30`` → 750, dates → ``date``) and lets
a duplicate key silently win. Contributors write codes, times and dates that must stay as written, so we
build the value ourselves from the parser's events with one rule: a plain scalar is a string, except
``true``/``false`` (booleans, as in YAML 1.2) and ``null``/``~``/empty (None). Anchors, aliases and
explicit tags are refused: front matter needs none of them and aliases make "billion laughs" possible.

The value is built with an explicit stack, not recursion, and nesting deeper than :data:`MAX_DEPTH` is
refused where it starts: ``a: [[[[…`` a few thousand levels deep must be a problem at a line, not a
``RecursionError`` (PyYAML's own composer recurses once a level).

A syntax error is reported at the line a person would fix (PyYAML often marks the line after it) and,
for the mistakes contributors make most, with its cause named: a colon in an unquoted value, a tab in
the indentation, a missing space after ``-`` or ``key:``, a quote that is not closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver


class _TextLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's loader when PyYAML has it (same events and marks, several times faster), with no
    implicit resolvers: every plain scalar is text to us, so resolving YAML 1.1 types is wasted work."""

    yaml_implicit_resolvers: dict = {}  # type: ignore[type-arg]  # noqa: RUF012

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        # Called for every node; with no implicit resolvers the answer only depends on the kind.
        return _DEFAULT_TAGS[kind]


_DEFAULT_TAGS = {
    ScalarNode: BaseResolver.DEFAULT_SCALAR_TAG,
    SequenceNode: BaseResolver.DEFAULT_SEQUENCE_TAG,
    MappingNode: BaseResolver.DEFAULT_MAPPING_TAG,
}
_LOADER = _TextLoader

RULES_VERSION = "2"
"""Change this whenever what :func:`load_strict` returns changes: it keys the cached parses of files."""

MAX_DEPTH = 20
"""The deepest nesting of mappings and lists accepted. The deepest real front matter is 3 (``agenda`` →
item → ``slides``) and the vocabulary's 3 (group → term → ``description``); 20 leaves room for any
sensible future field while stopping ``[[[[…`` long before anything recurses."""

_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass(frozen=True, slots=True)
class YamlIssue:
    """A YAML problem; ``line`` is 1-based.

    ``kind`` is ``syntax`` (no cause recognised; ``detail`` is PyYAML's English description),
    ``duplicate`` (``detail``: the key), ``alias``, ``tag`` (``detail``: the tag), ``depth`` (``detail``:
    the limit), or a named cause of a syntax error: ``colon`` (``detail``: the key whose unquoted value
    holds ``": "``; ``fixed``: the line quoted), ``tab``, ``space`` (``detail``: ``-`` or ``:``;
    ``fixed``: the line with the space), ``quote`` (``detail``: the quote character).
    """

    kind: str
    line: int
    detail: str = ""
    fixed: str = ""


class StrictYamlError(Exception):
    def __init__(self, issue: YamlIssue) -> None:
        super().__init__(issue.detail)
        self.issue = issue


def load_strict(text: str, first_line: int = 1) -> tuple[Any, dict[str, int]]:
    """Parses YAML text strictly.

    Args:
        text: The YAML source.
        first_line: The file line of the text's first line, so that lines point into the file.

    Returns:
        The value and a map from key path (``"a.0.b"``) to the line where that key or item starts.

    Raises:
        StrictYamlError: On a syntax error, a duplicate key, an alias or an explicit tag, or nesting
            deeper than :data:`MAX_DEPTH`.
    """
    loader = _LOADER(text)
    try:
        return _build(loader, first_line)
    except yaml.MarkedYAMLError as exc:
        raise StrictYamlError(_syntax_issue(exc, text, first_line)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - parser errors are all marked
        raise StrictYamlError(YamlIssue("syntax", first_line, str(exc))) from None
    finally:
        loader.dispose()


class _Frame:
    """An open mapping or list: where its children go, and for a mapping the key waiting for a value."""

    __slots__ = ("container", "key", "path")

    def __init__(self, container: dict[str, Any] | list[Any], path: str) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None


def _build(loader: Any, offset: int) -> tuple[Any, dict[str, int]]:
    """Reads the parser's events into plain values, one loop and an explicit stack.

    Each node event is attached to the innermost open container at once (lists and dicts are filled in
    place), so a node never waits for its children and nothing recurses.
    """
    lines: dict[str, int] = {}
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    get_event = loader.get_event
    while True:
        event = get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                _refuse(event, offset)
            value: Any = event.value
            if not event.style:  # plain ("" from libyaml, None from PyYAML)
                if value in _BOOLS:
                    value = _BOOLS[value]
                elif value in _NULLS:
                    value = None
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                _refuse(event, offset)
            if len(stack) >= MAX_DEPTH:
                line = offset + event.start_mark.line
                raise StrictYamlError(YamlIssue("depth", line, str(MAX_DEPTH)))
            value = {} if kind is MappingStartEvent else []
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            continue
        elif kind is AliasEvent:
            raise StrictYamlError(YamlIssue("alias", offset + event.start_mark.line))
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:  # what yaml.compose says of a second document, at its line
                raise yaml.composer.ComposerError(
                    "expected a single document in the stream",
                    None,
                    "but found another document",
                    event.start_mark,
                )
            continue
        elif kind is StreamEndEvent:
            return root, lines
        else:  # stream start, document end
            continue

        line = offset + event.start_mark.line
        if not stack:
            root = value
            path = ""
        else:
            frame = stack[-1]
            container = frame.container
            if type(container) is list:
                index = len(container)
                path = f"{frame.path}.{index}" if frame.path else str(index)
                lines.setdefault(path, line)
                container.append(value)
            elif frame.key is None:  # a key
                if kind is not ScalarEvent:
                    raise StrictYamlError(YamlIssue("syntax", line, "a key must be plain text"))
                if event.value == "<<" and not event.style:  # a merge key: aliases by another name
                    raise StrictYamlError(YamlIssue("alias", line))
                key = event.value
                if key in container:
                    raise StrictYamlError(YamlIssue("duplicate", line, key))
                path = f"{frame.path}.{key}" if frame.path else key
                lines[path] = line
                frame.key = key
                continue
            else:  # the value of the waiting key
                path = f"{frame.path}.{frame.key}" if frame.path else frame.key
                container[frame.key] = value  # type: ignore[index]
                frame.key = None
        if kind is not ScalarEvent:
            stack.append(_Frame(value, path))


def _refuse(event: Any, offset: int) -> None:
    line = offset + event.start_mark.line
    if event.anchor is not None:
        raise StrictYamlError(YamlIssue("alias", line))
    raise StrictYamlError(YamlIssue("tag", line, event.tag))


# --- syntax errors: the line to fix and, when recognised, the cause ---------------------------------------

# PyYAML marks some errors where it noticed them, after the line at fault: "while scanning a simple key"
# (a line with no ": ", e.g. `summary:text` or `-item`) is marked at the next line, an unclosed quote at
# the end of the text, an unclosed [ or { at the line after it. Their context mark is the line to fix.
_CONTEXT_FIRST = ("while scanning a simple key", "while scanning a quoted scalar", "while parsing a flow")

_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s#'\"\-?:][^:#]*?|-[^\s:#][^:#]*?):[ \t]+(.*?)\s*$")
_KEY_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):([^\s:/].*)$")
_DASH_NO_SPACE = re.compile(r"^(\s*)-([^\s\-].*)$")
_QUOTED_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[^\s#'\"][^:#]*:\s+)?([\"'])(.*)$")


def _syntax_issue(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlIssue:
    """The issue of a PyYAML error: its cause when one is recognised at the line, else ``syntax``."""
    source = text.split("\n")
    last = max(len(source) - 1, 0)
    candidates: list[int] = []  # 0-based lines of the text, most likely at fault first
    context = exc.context or ""
    marks = (
        (exc.context_mark, exc.problem_mark)
        if context.startswith(_CONTEXT_FIRST)
        else (exc.problem_mark, exc.context_mark)
    )
    for mark in marks:
        if mark is not None and min(mark.line, last) not in candidates:
            candidates.append(min(mark.line, last))
    if not candidates:
        candidates.append(0)
    problem = exc.problem or ""
    for index in candidates:
        cause = _cause(source[index], problem, context)
        if cause is not None:
            kind, detail, fixed = cause
            return YamlIssue(kind, first_line + index, detail, fixed)
    detail = " ".join(p for p in (exc.context, exc.problem) if p)
    return YamlIssue("syntax", first_line + candidates[0], detail)


def _cause(line: str, problem: str, context: str) -> tuple[str, str, str] | None:
    """The common mistake the line shows, as ``(kind, detail, fixed line)``, or ``None``."""
    indent = line[: len(line) - len(line.lstrip())]
    if "\t" in indent or "tab" in problem:
        return "tab", "", ""
    quoted = _QUOTED_VALUE.match(line)
    if quoted and not _closes(quoted.group(1), quoted.group(2)):
        return "quote", quoted.group(1), ""
    if "quoted scalar" in context:
        return "quote", quoted.group(1) if quoted else '"', ""
    if "mapping values are not allowed" in problem:
        pair = _KEY_VALUE.match(line)
        if pair and ": " in pair.group(3) + " " and pair.group(3)[:1] not in ("'", '"', "[", "{"):
            lead, key, value = pair.groups()
            return "colon", key.strip(), f"{lead}{key}: {_quote(value)}".strip()
    dash = _DASH_NO_SPACE.match(line)
    if dash and not line.lstrip().startswith("---"):
        return "space", "-", f"{dash.group(1)}- {dash.group(2)}".strip()
    glued = _KEY_NO_SPACE.match(line)
    if glued:
        lead, key, value = glued.groups()
        return "space", ":", f"{lead}{key}: {value}".strip()
    return None


def _closes(quote: str, rest: str) -> bool:
    """Whether a value opened with ``quote`` closes on this line with nothing but a comment after it."""
    index = 0
    while index < len(rest):
        char = rest[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and rest[index + 1 : index + 2] == "'":  # '' is a quote inside '…'
                index += 2
                continue
            after = rest[index + 1 :].strip()
            return not after or after[0] in "#,]}"
        index += 1
    return False


def _quote(value: str) -> str:
    if '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"
