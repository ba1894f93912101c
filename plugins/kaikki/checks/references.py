"""Links in bodies: allowed schemes, relative links that resolve inside the repository, anchors, images.

``related``, ``network``, ``host`` and ``lead`` are resolved by the schema rules; this module reads the
Markdown. Codes: E403 scheme, E404 target missing, E405 leaves the repository or the content folders,
E406 anchor missing, E408 language suffix in a link, E410 image not in the bundle, E602 image without alt.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote

from kaikki.checks.context import CheckContext
from kaikki.content.model import COLLECTIONS, LANGUAGES, MATERIALS_DIR, Bundle, Problem, problem

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
_CONTENT_ROOTS = (f"{MATERIALS_DIR}/", "docs/")
_LANG_SUFFIX = re.compile(r"index\.(" + "|".join(LANGUAGES) + r")\.md$")


def check_links(bundle: Bundle, ctx: CheckContext) -> Iterator[Problem]:
    for doc in bundle.docs.values():
        scan = doc.scan
        for link in scan.links:
            target = link.target.strip()
            if link.image and not link.text.strip():
                yield problem(doc.path, link.line, "E602", target=target)
            scheme = _SCHEME.match(target)
            if scheme or target.startswith("//"):
                name = scheme.group(1).lower() if scheme else "//"
                if name not in _ALLOWED_SCHEMES:
                    yield problem(doc.path, link.line, "E403", target=target[:60], scheme=name)
                elif link.image:
                    yield problem(doc.path, link.line, "E410", target=target[:60])
                continue
            path, _, fragment = target.partition("#")
            path = unquote(path.partition("?")[0])
            if not path:
                if fragment and fragment not in scan.anchors:
                    yield problem(doc.path, link.line, "E406", anchor=fragment, target=doc.path)
                continue
            yield from _check_relative(bundle, doc.path, doc.lang, link.line, path, fragment, link.image, ctx)


def _check_relative(
    bundle: Bundle,
    doc_path: str,
    lang: str,
    line: int,
    path: str,
    fragment: str,
    image: bool,
    ctx: CheckContext,
) -> Iterator[Problem]:
    if path.startswith("/"):
        yield problem(doc_path, line, "E405", target=path)
        return
    resolved = posixpath.normpath(posixpath.join(bundle.path, path))
    if resolved.startswith("..") or not resolved.startswith(_CONTENT_ROOTS):
        yield problem(doc_path, line, "E405", target=path)
        return
    if image and posixpath.dirname(resolved) != bundle.path:
        yield problem(doc_path, line, "E410", target=path)
        return
    if _LANG_SUFFIX.search(resolved):
        yield problem(doc_path, line, "E408", target=path)
        return
    target_bundle = _bundle_of(resolved, ctx)
    if target_bundle is not None or resolved.endswith("/index.md"):
        if target_bundle is None:
            yield problem(doc_path, line, "E404", target=path)
        elif fragment and fragment not in ctx.anchors(target_bundle, lang):
            yield problem(doc_path, line, "E406", anchor=fragment, target=target_bundle.key)
        return
    if posixpath.dirname(resolved) == bundle.path:
        return  # a file of this bundle: kaikki.checks.files reports a missing one once, with its line
    if not (ctx.root / resolved).is_file() or (ctx.root / resolved).is_symlink():
        yield problem(doc_path, line, "E404", target=path)


def _bundle_of(resolved: str, ctx: CheckContext) -> Bundle | None:
    """The bundle a link to ``materials/<collection>/<slug>[/index.md]`` points at, if it exists."""
    parts = resolved.split("/")
    if len(parts) in (3, 4) and parts[0] == MATERIALS_DIR and parts[1] in COLLECTIONS:
        if len(parts) == 4 and parts[3] != "index.md":
            return None
        return ctx.library.bundle(f"{parts[1]}/{parts[2]}")
    return None


def linked_bundle_files(bundle: Bundle, ctx: CheckContext) -> dict[str, list[tuple[str, int]]]:
    """Files of ``bundle`` that its bodies link to or show, with where each is named."""
    used: dict[str, list[tuple[str, int]]] = {}
    for doc in bundle.docs.values():
        for link in doc.scan.links:
            target = link.target.strip()
            if _SCHEME.match(target) or target.startswith(("/", "#")):
                continue
            path = unquote(target.partition("#")[0].partition("?")[0])
            resolved = posixpath.normpath(posixpath.join(bundle.path, path))
            if path and posixpath.dirname(resolved) == bundle.path and not _LANG_SUFFIX.search(resolved):
                name = posixpath.basename(resolved)
                if name != "index.md":
                    used.setdefault(name, []).append((doc.path, link.line))
    return used
