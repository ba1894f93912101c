"""The page cache: a generated page whose inputs did not change since an earlier build is not rendered
again; the HTML that build wrote is written instead.

A page is reused only when its key is the same. The key covers everything a generated page's HTML is
made from (:meth:`PageCache.plan`):

- the global fingerprint, the same for every page of a language build: the ``mkdocs.yml`` text, the
  effective ``site_url`` (``mkdocs serve`` sets its own), ``use_directory_urls``, the navigation and the
  titles of the generated pages in it, every file of ``docs/`` and of a theme folder of the site's own
  (hand-written pages, overrides, stylesheets; by their path relative to the folder, never absolute),
  every file of the ``kaikki`` package (code, templates, interface strings), the hook modules of
  ``mkdocs.yml``, the registries directly under ``materials/`` (vocabularies, municipalities) and the name
  and version of every installed distribution (MkDocs, Material, static-i18n, Markdown…);
- the page's own: its language, source and destination, its Markdown (``File.content_string``), the
  ``repr()`` of its :class:`kaikki.site.PageView` (title, facts, attachments, listings' entries, related
  cards, backlinks, members: the titles of what it links to and of what links to it are there), what
  ``on_page_context`` gives its templates (Pagefind filters, exports, JSON-LD), its edit link, and the
  digest of every file of its bundle (attachments, images).

What MkDocs checks in a page is kept with it and checked again: a stored page records each link target
its Markdown looked up (and the URL found, or that there was none) and its links to anchors, so it is
reused only while every target still resolves to the same URL, and the anchors of a reused page are
validated by MkDocs after the page loop as a rendered page's are (``--strict`` fails alike). A page whose
rendering logged a warning or an error is never stored, so the next build renders it again and repeats the
warning. Hand-written pages of ``docs/`` are always rendered (a few, cheap).

How it fits MkDocs (every File and Page kept, so navigation, static-i18n's pairing, the sitemap,
``kaikki_url`` and the link checks work as in a build without the cache):

- ``on_files``, after static-i18n: :meth:`PageCache.plan` computes the key of each generated page;
- ``on_nav``, last: :meth:`PageCache.choose` reads the stored entries. A reused page's ``read_source``
  and ``render`` are replaced: no Markdown is read or converted, its anchors and links to anchors come
  from the entry, and its template is an empty one (:data:`CACHED_TEMPLATE`, put before the theme's
  templates in ``on_env`` by :meth:`PageCache.install`). The ``render`` of a page to render records the
  link targets it looks up;
- ``on_post_page``, last: :meth:`PageCache.finish` returns a reused page's stored HTML, which MkDocs
  writes, or stores a rendered page's;
- ``on_post_build`` of each language: :meth:`PageCache.close` removes the entries of pages that no longer
  exist, writes ``stats-<lang>.json`` and logs what was reused.

Entries are files under ``.cache/kaikki/pages/<site_url digest>/<language>/``, one a page (so the cache
is as large as the site, no larger), each written to a temporary file and renamed into place. An entry
starts with one line of JSON (its key, the digest of its HTML, the links and anchors) followed by the
HTML. An entry that cannot be read, whose key differs or whose HTML does not match its digest is a miss,
never trusted. Two folders of ``site_url`` are kept, so that ``mkdocs serve`` and ``mkdocs build`` do not
evict each other's entries. The two languages may be built in separate processes: each writes only its
own language's folder and files.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import kaikki

FORMAT = 1
"""The entry format; part of every key, so that a new format never reads an old entry."""

CACHED_TEMPLATE = "kaikki/reused-page.html"
"""The empty template a reused page is rendered with: its stored HTML is its output."""

NAMESPACES_KEPT = 2
"""How many ``site_url`` folders are kept (a build's and ``mkdocs serve``'s)."""

ENTRY_SUFFIX = ".page"

_versions: str | None = None


@dataclass
class Stats:
    """What one language build did with the cache (``stats-<lang>.json``)."""

    lang: str
    pages: int = 0
    """Generated pages of this language."""
    reused: int = 0
    rendered: int = 0
    stored: int = 0
    unstored: int = 0
    """Rendered pages not stored because their rendering logged a warning or an error."""
    damaged: int = 0
    """Entries that could not be read or did not match their digest (rendered again)."""
    removed: int = 0
    """Entries of pages that no longer exist, removed."""


@dataclass
class _Entry:
    key: str
    digest: str
    lookups: dict[str, list[Any] | None]
    anchors: list[str]
    links: dict[str, dict[str, str]]


class PageCache:
    """The cache of one language build's generated pages (see the module's docstring)."""

    def __init__(self, root: Path, config: MkDocsConfig, lang: str, fingerprint: str) -> None:
        self.root = root
        self.lang = lang
        self.config = config
        namespace = _digest(str(config.site_url or ""), 8)
        self.folder = root / namespace / lang
        self.fingerprint = fingerprint
        self.stats = Stats(lang)
        self._keys: dict[str, str] = {}  # src_uri → key of each generated page of this build
        self._paths: dict[str, Path] = {}
        self._reused: dict[str, _Entry] = {}
        self._lookups: dict[str, dict[str, list[Any] | None]] = {}
        self._warned: set[str] = set()
        self._digests = _FileDigests(root / f"digests-{lang}.json")
        self._handler = _WarningHandler(config, self._warned)
        logging.getLogger("mkdocs").addHandler(self._handler)

    @classmethod
    def open(
        cls, root: Path, config: MkDocsConfig, lang: str, materials: Path, site_inputs: Iterable[str]
    ) -> PageCache:
        """The cache under ``root`` for a build of ``lang``.

        Args:
            root: The cache folder (``.cache/kaikki/pages``).
            config: The build's configuration.
            lang: The language being built.
            materials: The content folder: its registries (vocabularies, municipalities) are hashed.
            site_inputs: What else every page shows, as text: the plugin's navigation and the titles of the
                generated pages in it.
        """
        docs = Path(config.docs_dir)
        parts = [
            f"format {FORMAT}",
            lang,
            str(config.site_url or ""),
            str(config.use_directory_urls),
            _read(Path(config.config_file_path)) if config.config_file_path else "",
            repr(config.nav),
            *site_inputs,
            _folder_digest(docs),
            _folder_digest(Path(kaikki.__file__).parent),
            _installed_versions(),
        ]
        for name, hook in (config.hooks or {}).items():  # hook modules of mkdocs.yml, by their name there
            source = getattr(hook, "__file__", None)
            parts += [name, _read(Path(source)) if source else ""]
        custom = config.theme.custom_dir
        if custom and not _within(Path(custom), docs):
            parts.append(_folder_digest(Path(custom)))
        for registry in sorted(materials.glob("*")) if materials.is_dir() else ():
            if registry.is_file():
                parts += [registry.name, _read(registry)]
        cache = cls(root, config, lang, _digest("\0".join(parts)))
        cache.folder.mkdir(parents=True, exist_ok=True)
        os.utime(cache.folder.parent)  # this site_url's entries are in use (see close)
        return cache

    def file_digest(self, path: Path) -> str:
        """The digest of a file the page shows or links to (an attachment), kept by its size and time."""
        return self._digests.of(path)

    # -- on_files -------------------------------------------------------------------------------------

    def plan(self, file: File, inputs: Iterable[str]) -> None:
        """Gives a generated page its key: the global fingerprint, the page's source, destination and
        Markdown, and ``inputs`` (everything else its HTML is made from, as text)."""
        parts = [self.fingerprint, file.src_uri, file.dest_uri, file.url, file.content_string, *inputs]
        self._keys[file.src_uri] = _digest("\0".join(parts))
        self._paths[file.src_uri] = self.folder / f"{_digest(file.src_uri, 16)}{ENTRY_SUFFIX}"

    # -- on_nav ---------------------------------------------------------------------------------------

    def choose(self, files: Files) -> None:
        """Decides which planned pages are reused, once every File and Page of the build exists."""
        for file in files.documentation_pages():
            key = self._keys.get(file.src_uri)
            page = file.page
            if key is None or page is None:
                continue
            self.stats.pages += 1
            entry = self._entry(file.src_uri, key, files)
            if entry is None:
                self._record(page)
            else:
                self._reuse(page, entry)

    def _entry(self, src_uri: str, key: str, files: Files) -> _Entry | None:
        path = self._paths[src_uri]
        try:
            with open(path, "rb") as handle:
                head = handle.readline()
                html = handle.read()
        except OSError:
            return None
        entry = _parse_head(head)
        if entry is None or _digest_bytes(html) != entry.digest:
            self.stats.damaged += 1
            return None
        if entry.key != key:
            return None
        for uri, found in entry.lookups.items():
            if _lookup(files, uri) != found:
                return None  # a link of the page now leads elsewhere, or nowhere: render it (and warn)
        return entry

    def _reuse(self, page: Page, entry: _Entry) -> None:
        src_uri = page.file.src_uri
        self._reused[src_uri] = entry

        def read_source(config: MkDocsConfig) -> None:
            page.markdown, page.meta = "", {"template": CACHED_TEMPLATE}

        def render(config: MkDocsConfig, files: Files) -> None:
            page.content = ""
            page.present_anchor_ids = set(entry.anchors)
            links: dict[File, dict[str, str]] = {}
            for uri, anchors in entry.links.items():
                target = page.file if uri == src_uri else files.get_file_from_path(uri)
                if target is not None:
                    links[target] = dict(anchors)
            page.links_to_anchors = links

        page.read_source = read_source  # type: ignore[method-assign]
        page.render = render  # type: ignore[method-assign]

    def _record(self, page: Page) -> None:
        src_uri = page.file.src_uri
        render = page.render

        def recording_render(config: MkDocsConfig, files: Files) -> None:
            recorder = _RecordingFiles(files)
            render(config, recorder)  # type: ignore[arg-type]
            self._lookups[src_uri] = recorder.lookups

        page.render = recording_render  # type: ignore[method-assign]

    def reuses(self, page: Page) -> bool:
        """Whether ``page`` is written from the cache (its template context is not needed)."""
        return page.file.src_uri in self._reused

    # -- on_env ---------------------------------------------------------------------------------------

    @staticmethod
    def install(env: Any) -> None:
        """Puts the empty template of reused pages before the theme's templates."""
        env.loader = ChoiceLoader([DictLoader({CACHED_TEMPLATE: ""}), env.loader])

    # -- on_post_page ---------------------------------------------------------------------------------

    def finish(self, output: str, page: Page) -> str:
        """A reused page's stored HTML; a rendered page's ``output``, stored unless it logged a warning."""
        src_uri = page.file.src_uri
        entry = self._reused.get(src_uri)
        if entry is not None:
            with open(self._paths[src_uri], "rb") as handle:
                handle.readline()
                html = handle.read()
            if _digest_bytes(html) != entry.digest:  # changed since on_nav: nothing to write it from
                raise PluginError(f"The page cache changed during the build: {self._paths[src_uri]}")
            self.stats.reused += 1
            return html.decode("utf-8")
        key = self._keys.get(src_uri)
        if key is None:
            return output
        self.stats.rendered += 1
        if src_uri in self._warned or src_uri not in self._lookups or not output.strip():
            self.stats.unstored += 1
            return output
        html = output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
        head = {
            "format": FORMAT,
            "key": key,
            "digest": _digest_bytes(html),
            "lookups": self._lookups.pop(src_uri),
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": {
                target.src_uri: dict(anchors) for target, anchors in (page.links_to_anchors or {}).items()
            },
        }
        line = json.dumps(head, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        if _write_atomically(self._paths[src_uri], line + b"\n" + html):
            self.stats.stored += 1
        return output

    # -- on_post_build --------------------------------------------------------------------------------

    def close(self) -> Stats:
        """Ends this language build: removes the entries of pages that no longer exist (and of other
        ``site_url`` folders beyond :data:`NAMESPACES_KEPT`), keeps the file digests, writes
        ``stats-<lang>.json``."""
        self.detach()
        wanted = {path.name for path in self._paths.values()}
        for entry in _listdir(self.folder):
            if entry.name not in wanted:
                self.stats.removed += entry.name.endswith(ENTRY_SUFFIX)
                _remove(entry)
        namespaces = [p for p in _listdir(self.root) if p.is_dir()]
        namespaces.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in namespaces[NAMESPACES_KEPT:]:
            if old != self.folder.parent:
                shutil.rmtree(old, ignore_errors=True)
        self._digests.save()
        _write_atomically(
            self.root / f"stats-{self.lang}.json", json.dumps(asdict(self.stats), indent=1).encode()
        )
        return self.stats

    def detach(self) -> None:
        """Stops counting this build's warnings (the build ended or failed)."""
        logging.getLogger("mkdocs").removeHandler(self._handler)


class _WarningHandler(logging.Handler):
    """Notes the pages whose reading, rendering or building logged a warning or an error (MkDocs names
    the page being worked on in ``config._current_page``); they are not stored."""

    def __init__(self, config: MkDocsConfig, warned: set[str]) -> None:
        super().__init__(logging.WARNING)
        self.config = config
        self.warned = warned

    def emit(self, record: logging.LogRecord) -> None:
        page = getattr(self.config, "_current_page", None)
        if page is not None:
            self.warned.add(page.file.src_uri)


class _RecordingFiles:
    """The build's Files as a page's Markdown sees them, noting every path it looks up and what it found
    there: the page's links are then as they were as long as every path finds the same."""

    def __init__(self, files: Files) -> None:
        self._files = files
        self.lookups: dict[str, list[Any] | None] = {}

    def get_file_from_path(self, path: str) -> File | None:
        found = self._files.get_file_from_path(path)
        self.lookups[path] = _found(found)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)

    def __iter__(self) -> Iterator[File]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def _lookup(files: Files, path: str) -> list[Any] | None:
    return _found(files.get_file_from_path(path))


def _found(file: File | None) -> list[Any] | None:
    """What a link to a file depends on: its URL and whether it is published."""
    if file is None:
        return None
    return [file.url, file.inclusion.name]


def _parse_head(line: bytes) -> _Entry | None:
    """An entry's first line, when it has exactly the shape :meth:`PageCache.finish` writes."""
    try:
        head = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if type(head) is not dict or head.get("format") != FORMAT:
        return None
    key, digest, lookups = head.get("key"), head.get("digest"), head.get("lookups")
    anchors, links = head.get("anchors"), head.get("links")
    if type(key) is not str or type(digest) is not str or type(lookups) is not dict:
        return None
    if type(anchors) is not list or not all(type(a) is str for a in anchors) or type(links) is not dict:
        return None
    for found in lookups.values():
        if found is not None and (type(found) is not list or len(found) != 2):
            return None
    for anchors_of in links.values():
        if type(anchors_of) is not dict or not all(type(v) is str for v in anchors_of.values()):
            return None
    return _Entry(key, digest, lookups, anchors, links)


class _FileDigests:
    """SHA-256 of files, recomputed only when a file's size, modification time or inode changed; kept in
    one JSON file between builds (a damaged one is simply recomputed)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stored: dict[str, Any] | None = None
        self._used: dict[str, list[Any]] = {}

    def of(self, path: Path) -> str:
        if self._stored is None:
            try:
                stored = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                stored = {}
            self._stored = stored if type(stored) is dict else {}
        name = str(path)
        try:
            stat = os.stat(path)
        except OSError:
            return "missing"
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        known = self._stored.get(name)
        if type(known) is list and len(known) == 2 and known[0] == stamp and type(known[1]) is str:
            digest = known[1]
        else:
            try:
                with open(path, "rb") as handle:
                    digest = hashlib.file_digest(handle, "sha256").hexdigest()
            except OSError:
                return "unreadable"
        self._used[name] = [stamp, digest]
        return digest

    def save(self) -> None:
        if self._used != self._stored:
            _write_atomically(self.path, json.dumps(self._used).encode())


def _installed_versions() -> str:
    """Every installed distribution and its version, once per process."""
    global _versions
    if _versions is None:
        found = {f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()}
        _versions = "\n".join(sorted(found))
    return _versions


def _folder_digest(folder: Path) -> str:
    """A digest of every file under ``folder``, by its path relative to it (no absolute path: ``mkdocs
    serve`` passes the theme's folders as absolute and a build as relative)."""
    hasher = hashlib.blake2b(digest_size=20)
    if not folder.is_dir():
        return "none"
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith((".pyc", ".tmp")):
                continue
            path = Path(dirpath, name)
            hasher.update(path.relative_to(folder).as_posix().encode() + b"\0")
            try:
                hasher.update(path.read_bytes())
            except OSError:
                hasher.update(b"\1unreadable")
            hasher.update(b"\0")
    return hasher.hexdigest()


def _within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _digest(text: str, size: int = 20) -> str:
    return hashlib.blake2b(text.encode("utf-8", errors="surrogatepass"), digest_size=size).hexdigest()


def _digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _write_atomically(path: Path, data: bytes) -> bool:
    """Writes ``data`` to a temporary file beside ``path`` and renames it into place; False on failure
    (the cache only saves time)."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except OSError:
        _remove(temporary)
        return False
    return True


def _listdir(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


__all__ = ["CACHED_TEMPLATE", "PageCache", "Stats"]
