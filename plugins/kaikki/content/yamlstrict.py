"""Strict YAML for front matter: text stays text, duplicate keys are errors, every value has a line.

PyYAML resolves YAML 1.1 types (``no`` → False, ``020`` → 16, ``12:30`` → 750, dates → ``date``) and lets
a duplicate key silently win. Contributors write codes, times and dates that must stay as written, so we
compose the node tree ourselves and convert it with one rule: a plain scalar is a string, except
``true``/``false`` (booleans, as in YAML 1.2) and ``null``/``~``/empty (None). Anchors, aliases and
explicit tags are refused: front matter needs none of them and aliases make "billion laughs" possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
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

RULES_VERSION = "1"
"""Change this whenever what :func:`load_strict` returns changes: it keys the cached parses of files."""

_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass(frozen=True, slots=True)
class YamlIssue:
    """A YAML problem: ``kind`` is ``syntax``, ``duplicate``, ``alias`` or ``tag``; ``line`` is 1-based."""

    kind: str
    line: int
    detail: str = ""


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
        StrictYamlError: On a syntax error, a duplicate key, an alias or an explicit tag.
    """
    try:
        if "&" in text or "*" in text or "!" in text:  # only these can start an anchor, alias or tag
            _refuse_anchors_and_tags(text, first_line)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        detail = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise StrictYamlError(YamlIssue("syntax", line, detail)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - parser errors are all marked
        raise StrictYamlError(YamlIssue("syntax", first_line, str(exc))) from None
    lines: dict[str, int] = {}
    if node is None:
        return None, lines
    return _convert(node, "", lines, first_line), lines


def _refuse_anchors_and_tags(text: str, first_line: int) -> None:
    for event in yaml.parse(text, Loader=_LOADER):
        line = first_line + event.start_mark.line
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise StrictYamlError(YamlIssue("alias", line))
        if getattr(event, "tag", None) is not None:
            raise StrictYamlError(YamlIssue("tag", line, event.tag))


def _convert(node: Node, path: str, lines: dict[str, int], offset: int) -> Any:
    line = offset + node.start_mark.line
    if path:
        lines.setdefault(path, line)
    if isinstance(node, ScalarNode):
        if not node.style:  # plain (None in PyYAML, "" in libyaml)
            if node.value in _BOOLS:
                return _BOOLS[node.value]
            if node.value in _NULLS:
                return None
        return node.value
    if isinstance(node, SequenceNode):
        return [
            _convert(item, f"{path}.{i}" if path else str(i), lines, offset)
            for i, item in enumerate(node.value)
        ]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key_line = offset + key_node.start_mark.line
        if not isinstance(key_node, ScalarNode):
            raise StrictYamlError(YamlIssue("syntax", key_line, "a key must be plain text"))
        if key_node.value == "<<" and not key_node.style:  # a merge key: aliases by another name
            raise StrictYamlError(YamlIssue("alias", key_line))
        key = key_node.value
        if key in result:
            raise StrictYamlError(YamlIssue("duplicate", key_line, key))
        child = f"{path}.{key}" if path else key
        lines[child] = key_line
        result[key] = _convert(value_node, child, lines, offset)
    return result
