"""The languages of a cold build rendered at the same time, one process per language.

static-i18n builds the languages one after the other in one process (its ``on_post_build`` runs a nested
``build()`` per further language), so a build used one core. After the shared load, check and derive in
``on_config``, the plugin forks one process per further language (:func:`fork_languages`): the child
inherits the derived site copy-on-write, sets static-i18n's ``current_language`` to its language before
static-i18n's ``on_config`` (priority −100) reads it, and writes into a hidden folder inside the building
folder (MkDocs' cleaning skips hidden entries, so neither process cleans away the other's work, and a
discarded build takes the child's folder with it). Both processes make static-i18n skip its nested loop
(its ``building`` flag, set in ``on_post_build`` at −50). The child ends at its last ``on_post_build``
(:func:`finish_child`: exit status 0, or 1 after an error or, under ``--strict``, a warning it logged);
its log lines reach the same stderr as the parent's, once. The parent waits for it and merges its tree
(:meth:`LanguageChildren.merge`): the language's folder moves in whole, the sitemaps are joined (the
other language's entries after the default's, as static-i18n's nested sitemap lists them), files both
wrote (the theme's assets) are kept once. The once-per-build step (redirects, exports, Pagefind, audit,
publishing) then runs in the parent over the merged site.

Off for ``mkdocs serve`` (its watcher threads make forking unwise), ``--dirty`` builds, one core, systems
without ``fork`` and the plugin option ``parallel_languages: false``.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import gzip
import logging
import os
import shutil
import signal
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import BuildError, PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import CountHandler

from kaikki.messages import text

log = get_plugin_logger(__name__)

SITEMAP = "sitemap.xml"
SITEMAP_GZ = "sitemap.xml.gz"
_URLSET_END = "\n</urlset>"


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def available() -> bool:
    """Whether languages can be built in parallel here: ``fork`` and at least two cores."""
    return hasattr(os, "fork") and cores() >= 2


def child_folder(building: Path, lang: str) -> Path:
    """Where the process of ``lang`` writes: hidden inside the building folder."""
    return building / f".language-{lang}"


@dataclass(slots=True)
class LanguageChild:
    """One forked language build, seen from the parent."""

    lang: str
    pid: int
    folder: Path
    done: bool = False


class AllCopied(set[str]):
    """The child's record of copied bundle files: every one counts as copied (the parent copies them)."""

    def __contains__(self, item: object) -> bool:
        return True


def warning_count() -> int:
    """Warnings and errors counted so far by MkDocs' strict-mode counter."""
    handlers = logging.getLogger("mkdocs").handlers
    return sum(n for h in handlers if isinstance(h, CountHandler) for _, n in h.get_counts())


def fork_languages(building: Path, languages: list[str]) -> tuple[str | None, LanguageChildren]:
    """Forks one process per language of ``languages`` (the further ones; the caller builds the default).

    Returns ``(lang, children)``: in a child its language and no children, in the parent ``None`` and
    the children to wait for.
    """
    children = LanguageChildren()
    parent = os.getpid()
    for lang in languages:
        folder = child_folder(building, lang)
        folder.mkdir()
        sys.stdout.flush()
        sys.stderr.flush()
        gc.freeze()  # the collector must not touch (and so copy) the derived site in the child
        try:
            pid = os.fork()
        except OSError:
            gc.unfreeze()
            raise
        if pid == 0:
            _become_child(parent)
            return lang, LanguageChildren()
        gc.unfreeze()
        children.items.append(LanguageChild(lang, pid, folder))
    return None, children


def _become_child(parent: int) -> None:
    """The child dies with its parent (a killed build leaves no process behind) and leaves Ctrl-C to it."""
    with contextlib.suppress(OSError, AttributeError):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the line above took effect
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def finish_child(failed: bool) -> None:
    """Ends a child after its last event: status 1 when it ``failed``, else 0. Never returns."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(1 if failed else 0)


def fail_child(error: BaseException) -> None:
    """Ends a child whose build raised ``error``, after logging it (MkDocs would log it only after the
    ``build_error`` event, which the child does not survive). Never returns."""
    if isinstance(error, BuildError):
        log.error(str(error))
    else:  # a defect of the build itself: its traceback is what a maintainer needs
        log.error("".join(traceback.format_exception(error)).rstrip())
    finish_child(True)


class LanguageChildren:
    """The forked language builds of one top-level build, seen from the parent."""

    def __init__(self) -> None:
        self.items: list[LanguageChild] = []

    def __bool__(self) -> bool:
        return bool(self.items)

    def merge(self, building: Path, messages_lang: str) -> None:
        """Waits for every child and moves its tree into ``building``.

        Raises:
            PluginError: A child failed (its messages are in the log above) or was killed, in
                ``messages_lang``; the caller discards the build.
        """
        for child in self.items:
            _, status = os.waitpid(child.pid, 0)
            child.done = True
            if os.WIFSIGNALED(status):
                signame = signal.Signals(os.WTERMSIG(status)).name
                raise PluginError(
                    text("language_build_killed", messages_lang, language=child.lang, signal=signame)
                )
            if os.waitstatus_to_exitcode(status) != 0:
                raise PluginError(text("language_build_failed", messages_lang, language=child.lang))
            merge_tree(child.folder, building)
            shutil.rmtree(child.folder)
        self.items = []

    def discard(self) -> None:
        """Stops the children of a failed build and removes their folders."""
        for child in self.items:
            if not child.done:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child.pid, signal.SIGKILL)
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(child.pid, 0)
                child.done = True
            shutil.rmtree(child.folder, ignore_errors=True)
        self.items = []


def merge_tree(source: Path, target: Path, top: bool = True) -> None:
    """Moves what a child wrote into the parent's tree: entries the parent lacks move whole (the
    language's folder, in one rename); files both wrote stay as the parent wrote them (the theme's
    assets and bundle files, the same bytes); the sitemap lists both."""
    for entry in os.scandir(source):
        dest = target / entry.name
        if top and entry.name in (SITEMAP, SITEMAP_GZ) and dest.is_file():
            if entry.name == SITEMAP:
                merge_sitemaps(dest, Path(entry.path))
            continue
        if not dest.exists():
            os.rename(entry.path, dest)
        elif entry.is_dir(follow_symlinks=False) and dest.is_dir():
            merge_tree(Path(entry.path), dest, top=False)


def merge_sitemaps(ours: Path, theirs: Path) -> None:
    """Appends the ``<url>`` entries of ``theirs`` to ``ours`` and rewrites ``ours``'s ``.gz``, with the
    timestamp the other language's build gave it (static-i18n's last language writes the sitemap)."""
    mine = ours.read_text(encoding="utf-8")
    other = theirs.read_text(encoding="utf-8")
    start = other.index(">", other.index("<urlset")) + 1
    end = mine.rindex(_URLSET_END)
    merged = mine[:end] + other[start:]
    ours.write_text(merged, encoding="utf-8")
    gz_theirs = theirs.with_name(SITEMAP_GZ)
    mtime = int.from_bytes(gz_theirs.read_bytes()[4:8], "little") if gz_theirs.is_file() else None
    gz_ours = ours.with_name(SITEMAP_GZ)
    with (
        gz_ours.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, filename=str(gz_ours), mode="wb", mtime=mtime) as gz,
    ):
        gz.write(merged.encode("utf-8"))
