"""Links in bodies: absolute addresses, relative links resolved as the build resolves them, anchors, images.

``related``, ``network``, ``host`` and ``lead`` are resolved by the schema rules; this module judges the
links and images :mod:`kaikki.content.markdown_scan` found with the build's own Markdown parser.

An absolute address (one a browser reads as such, after decoding the page's character references) goes to
:func:`kaikki.content.urls.check_url`, with ``mailto:`` allowed. A relative link is resolved as the site
resolves it: the card's link is rewritten for its page (:func:`kaikki.site.text.rewrite_body` maps
``materials/`` and ``docs/`` onto the site) and MkDocs then looks the target up among the files the build
publishes (``mkdocs/structure/pages.py``, ``_RelativePathTreeprocessor``): other cards' pages, files of a
card, pages and files of ``docs/``. Whatever else a link names makes ``mkdocs build --strict`` fail, so it
is refused here first, in the contributor's language.

Codes: E403/E412-E415 the address (see :mod:`kaikki.content.urls`), E404 target missing, E405 leaves the
content folders, E406 anchor missing, E408 language suffix in a link, E410 image not in the bundle, E416 a
target the site does not publish (a folder, ``materials/municipalities.csv``…), E602 image without alt.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pathspec
from markdown.serializers import _escape_attrib_html  # type: ignore[attr-defined]

from kaikki.checks.context import CheckContext
from kaikki.checks.registry import rule
from kaikki.content.markdown_scan import read_mkdocs_yml, scan_body
from kaikki.content.model import COLLECTIONS, LANGUAGES, MATERIALS_DIR, Bundle, Problem, problem
from kaikki.content.urls import check_url

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")
_LANG_SUFFIX = re.compile(r"index\.(" + "|".join(LANGUAGES) + r")\.md$")
_DOCS = "docs/"
# MkDocs leaves these out of every site (mkdocs/structure/files.py, ``_default_exclude``).
_MKDOCS_EXCLUDES = [".*", "/templates/"]
# MkDocs' front matter (mkdocs/utils/meta.py): what precedes the Markdown of a page in docs/.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)

_docs_anchor_cache: dict[tuple[str, int, int], set[str]] = {}
_exclude_cache: dict[tuple[str, int], pathspec.PathSpec] = {}


def served(target: str) -> str:
    """The ``href`` as the page holds it: Python-Markdown's serialiser escapes a ``&`` that does not start
    a complete character reference, so only complete ones reach the browser as references."""
    return _escape_attrib_html(target)


def browser_reads(target: str) -> str:
    """The address a browser follows for a link whose tree ``href`` is ``target``."""
    return html.unescape(served(target)).strip(_C0_AND_SPACE).translate(_TAB_NEWLINE)


def is_absolute(target: str) -> bool:
    """Whether a browser reads ``target`` as an address of its own (a scheme, or ``//host``)."""
    seen = browser_reads(target)
    return bool(_SCHEME.match(seen)) or seen.startswith(("//", "\\\\", "/\\", "\\/"))


@rule(codes=("E404", "E405", "E406", "E408", "E410", "E416"), family="links")
@rule("E602", "safety")  # an image without alt text is one of the body's links (see ELSEWHERE)
def check_links(bundle: Bundle, ctx: CheckContext) -> Iterator[Problem]:
    for doc in bundle.docs.values():
        scan = doc.scan
        # The languages whose build renders this text: its own, and those the card has no twin in.
        langs = [doc.lang] + [lang for lang in LANGUAGES if lang not in bundle.docs]
        for link in scan.links:
            target = link.target
            if link.image and not link.text.strip():
                yield problem(doc.path, link.line, "E602", target=target[:60])
            if is_absolute(target):
                # Decoding the served form gives exactly what the browser reads; the written form is
                # clearer in a message when both decode alike.
                value = served(target)
                if html.unescape(value) == html.unescape(target):
                    value = target
                found = check_url(value, mailto=True)
                if found is not None:
                    yield problem(doc.path, link.line, found.code, **found.params)
                elif link.image:
                    yield problem(doc.path, link.line, "E410", target=target[:60])
                continue
            yield from _check_relative(
                bundle, doc.path, langs, link.line, target, link.image, scan.anchors, ctx
            )


def _check_relative(
    bundle: Bundle,
    doc_path: str,
    langs: list[str],
    line: int,
    target: str,
    image: bool,
    own_anchors: set[str],
    ctx: CheckContext,
) -> Iterator[Problem]:
    shown = target[:80]
    if target.startswith(("/", "\\")):
        yield problem(doc_path, line, "E405", target=shown)  # MkDocs: "an absolute link"
        return
    try:
        parts = urlsplit(target)
    except ValueError:
        yield problem(doc_path, line, "E404", target=shown)
        return
    path, fragment = unquote(parts.path), parts.fragment
    if not path:
        if fragment and fragment not in own_anchors:
            yield problem(doc_path, line, "E406", anchor=fragment, target=doc_path)
        return
    resolved = posixpath.normpath(posixpath.join(bundle.path, path))
    if resolved.startswith("..") or not resolved.startswith((f"{MATERIALS_DIR}/", _DOCS)):
        yield problem(doc_path, line, "E405", target=shown)
        return
    if image and posixpath.dirname(resolved) != bundle.path:
        yield problem(doc_path, line, "E410", target=shown)
        return
    if _LANG_SUFFIX.search(resolved):
        yield problem(doc_path, line, "E408", target=shown)
        return
    if resolved.startswith(_DOCS):
        yield from _check_docs_target(doc_path, langs, line, resolved, fragment, shown, ctx)
        return
    if posixpath.dirname(resolved) == bundle.path:
        if posixpath.basename(resolved) == "index.md" and fragment:
            anchors = set().union(*(ctx.anchors(bundle, lang) for lang in langs))
            if fragment not in anchors:
                yield problem(doc_path, line, "E406", anchor=fragment, target=bundle.key)
        return  # a file of this bundle: kaikki.checks.files reports a missing one once, with its line
    yield from _check_materials_target(doc_path, langs, line, resolved, fragment, shown, ctx)


def _check_materials_target(
    doc_path: str, langs: list[str], line: int, resolved: str, fragment: str, shown: str, ctx: CheckContext
) -> Iterator[Problem]:
    """A link into ``materials/``: the site publishes a card's page (``…/index.md``) and its files."""
    parts = resolved.split("/")
    is_card_path = len(parts) in (3, 4) and parts[1] in COLLECTIONS
    if not is_card_path:
        # The registries, a collection folder, anything deeper than a card's own files: not on the site.
        yield problem(doc_path, line, "E416", target=shown)
        return
    target_bundle = ctx.library.bundle(f"{parts[1]}/{parts[2]}")
    if target_bundle is None:
        yield problem(doc_path, line, "E404", target=shown)
        return
    if len(parts) == 3:
        # MkDocs reads a link without a file name as "unrecognized" and fails a strict build.
        yield problem(doc_path, line, "E416", target=shown)
        return
    if parts[3] == "index.md":
        if fragment and not any(fragment in ctx.anchors(target_bundle, lang) for lang in langs):
            yield problem(doc_path, line, "E406", anchor=fragment, target=target_bundle.key)
        return
    if parts[3] not in target_bundle.files:
        yield problem(doc_path, line, "E404", target=shown)


def _check_docs_target(
    doc_path: str, langs: list[str], line: int, resolved: str, fragment: str, shown: str, ctx: CheckContext
) -> Iterator[Problem]:
    """A link into ``docs/``: a page or file MkDocs publishes, in each language the text is read in."""
    inner = resolved[len(_DOCS) :]
    if inner in ("", ".") or not posixpath.splitext(inner)[1]:
        yield problem(doc_path, line, "E416", target=shown)  # a folder: "unrecognized" to MkDocs
        return
    source = ctx.root / resolved
    if _excluded(ctx.root, inner):
        yield problem(doc_path, line, "E416", target=shown)
        return
    if not source.is_file() or source.is_symlink():
        yield problem(doc_path, line, "E404", target=shown)
        return
    if fragment and inner.endswith(".md"):
        for lang in langs:
            if fragment not in _docs_anchors(_docs_page(source, lang)):
                yield problem(doc_path, line, "E406", anchor=fragment, target=resolved)
                return


def _docs_page(source: Path, lang: str) -> Path:
    """The file static-i18n (``docs_structure: suffix``) shows a reader of ``lang`` for ``source``."""
    if lang != LANGUAGES[0]:
        twin = source.with_name(f"{source.stem}.{lang}.md")
        if twin.is_file():
            return twin
    return source


def _docs_anchors(page: Path) -> set[str]:
    """Ids of a page of ``docs/``, read with the same parser as the cards."""
    try:
        stat = page.stat()
    except OSError:
        return set()
    key = (str(page), stat.st_mtime_ns, stat.st_size)
    found = _docs_anchor_cache.get(key)
    if found is None:
        text = page.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        front = _FRONT_MATTER.match(text)
        found = scan_body(text[front.end() :] if front else text, 1).anchors
        _docs_anchor_cache[key] = found
    return found


def _excluded(root: Path, inner: str) -> bool:
    """Whether MkDocs leaves ``docs/<inner>`` out of the site (its defaults and ``exclude_docs``)."""
    config = root / "mkdocs.yml"
    try:
        mtime = config.stat().st_mtime_ns
    except OSError:
        mtime = 0
    key = (str(config), mtime)
    spec = _exclude_cache.get(key)
    if spec is None:
        lines = list(_MKDOCS_EXCLUDES)
        if mtime:
            extra = read_mkdocs_yml(config).get("exclude_docs")
            if isinstance(extra, str):
                lines += extra.splitlines()
        spec = _exclude_cache[key] = pathspec.GitIgnoreSpec.from_lines(lines)
    return spec.match_file(inner)


def linked_bundle_files(bundle: Bundle, ctx: CheckContext) -> dict[str, list[tuple[str, int]]]:
    """Files of ``bundle`` that its bodies link to or show, with where each is named."""
    used: dict[str, list[tuple[str, int]]] = {}
    for doc in bundle.docs.values():
        for link in doc.scan.links:
            target = link.target
            if is_absolute(target) or target.startswith(("/", "\\", "#")):
                continue
            try:
                path = unquote(urlsplit(target).path)
            except ValueError:
                continue
            resolved = posixpath.normpath(posixpath.join(bundle.path, path))
            if path and posixpath.dirname(resolved) == bundle.path and not _LANG_SUFFIX.search(resolved):
                name = posixpath.basename(resolved)
                if name != "index.md":
                    used.setdefault(name, []).append((doc.path, link.line))
    return used
