"""The one bundle writer: a new ``materials/<collection>/<slug>/`` folder and its language files.

``kaikki new`` (:mod:`kaikki.scaffold`) and ``kaikki from-issue`` (:mod:`kaikki.intake.issue`) both write
through it, so a slug is judged by the same rules (E209, E213), an existing folder is never written
into, and front matter is written the same safe way: every scalar as a JSON string, which is valid YAML
that our strict loader reads back as the same text (no YAML 1.1 surprises such as ``no`` → false or
``2024-05-01`` → a date), and which no value can end early to add a key of its own.

Why not python-frontmatter: it splits with a pattern of its own and parses with PyYAML's loaders, so
the line numbers of our problems and the strictness of :mod:`kaikki.content.yamlstrict` (duplicate keys,
YAML 1.1 scalars) would be lost, and it writes with ``yaml.dump``, whose quoting is not the one above.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kaikki.content.model import MATERIALS_DIR, problem
from kaikki.content.schema import MEETING_SLUG_PATTERN, SLUG_PATTERN
from kaikki.messages import format_problem, text


class BundleError(Exception):
    """The bundle cannot be written; :meth:`render` says why in the user's language.

    ``key`` is a problem code (E209, E213: the slug) or a ``text:`` key of the catalogue (``exists``).
    """

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params

    def render(self, lang: str) -> str:
        if self.key in ("E209", "E213"):
            found = problem(str(self.params["path"]), None, self.key, slug=self.params["slug"])
            return format_problem(found, lang)
        return text(self.key, lang, **self.params)


def quote(value: object) -> str:
    """A YAML scalar as a JSON string (booleans as ``true``/``false``): read back as written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(str(value), ensure_ascii=False)


def front_matter_lines(meta: Mapping[str, Any]) -> list[str]:
    """The YAML lines of ``meta`` in its order: scalars, lists of scalars and lists of mappings (whose
    values are scalars or lists of scalars, as an agenda item's ``presents``)."""
    lines: list[str] = []
    for key, value in meta.items():
        if isinstance(value, list) and value and isinstance(value[0], Mapping):
            lines.append(f"{key}:")
            for item in value:
                for number, (sub, sub_value) in enumerate(item.items()):
                    lead = "  - " if number == 0 else "    "
                    if isinstance(sub_value, list):
                        lines.append(f"{lead}{sub}:")
                        lines.extend(f"      - {quote(one)}" for one in sub_value)
                    else:
                        lines.append(f"{lead}{sub}: {quote(sub_value)}")
        elif isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {quote(item)}" for item in value)
        else:
            lines.append(f"{key}: {quote(value)}")
    return lines


def document(head: Iterable[str], body: str) -> str:
    """A language file: the front-matter lines between ``---`` fences, a blank line and the body."""
    return "\n".join(["---", *head, "---"]) + "\n\n" + body


def create_bundle_folder(root: Path, collection: str, slug: str) -> Path:
    """Creates the empty folder of a new bundle and returns it.

    Raises:
        BundleError: The slug is not valid (E209; E213 for a meeting without its date or term first),
            or the folder exists (``exists``).
    """
    materials = (root / MATERIALS_DIR).resolve()
    folder = materials / collection / slug
    rel = f"{MATERIALS_DIR}/{collection}/{slug}"
    if not re.match(SLUG_PATTERN, slug) or folder.resolve().parent != materials / collection:
        raise BundleError("E209", path=rel, slug=slug)
    if collection == "meetings" and not re.match(MEETING_SLUG_PATTERN, slug):
        raise BundleError("E213", path=rel, slug=slug)
    if folder.exists() or folder.is_symlink():
        raise BundleError("exists", path=rel)
    folder.mkdir(parents=True)
    return folder


def write_language_file(folder: Path, lang: str, content: str) -> Path:
    """Writes ``index.<lang>.md`` into a bundle folder made by :func:`create_bundle_folder`."""
    path = folder / f"index.{lang}.md"
    path.write_text(content, encoding="utf-8")
    return path
