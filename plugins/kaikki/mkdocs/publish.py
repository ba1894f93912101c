"""Atomic publishing: the build writes into a folder beside ``site_dir`` and the finished site takes the
place of the old one in one step, only after everything (both languages, redirects, Pagefind, the audit)
succeeded. An interrupted or failed build leaves the previous site as it was.

The plugin switches ``config.site_dir`` to ``.<name>-building-<pid>`` beside the site in ``on_config``,
before static-i18n (priority −100) and MkDocs read it, so every language and every file lands there.
After the last step the two folders are exchanged: with Linux's ``renameat2(RENAME_EXCHANGE)`` in one
atomic step (a reader of the site, ``mkdocs serve`` included, never sees it missing), elsewhere with two
renames (the old site aside, the new one in). The old site is then removed. Folders left by a build that
was killed are removed by the next build, once their process is gone.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.utils import CountHandler

BUILDING = "building"
OLD = "old"


@dataclass(frozen=True, slots=True)
class Publication:
    """One build in progress: the folder it writes into and the site it will replace."""

    site_dir: Path
    building: Path


def work_folder(site_dir: Path, role: str, pid: int | None = None) -> Path:
    """The hidden folder beside ``site_dir`` for a build's ``role`` (building, or the old site)."""
    return site_dir.parent / f".{site_dir.name}-{role}-{os.getpid() if pid is None else pid}"


def begin(site_dir: str | os.PathLike[str]) -> Publication:
    """Makes an empty folder for a build of ``site_dir`` beside it, after removing stale ones."""
    final = Path(os.path.realpath(site_dir))  # a symbolic link to the site: publish where it points
    final.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(final)
    building = work_folder(final, BUILDING)
    if building.exists():  # this process's own, from a failed rebuild of mkdocs serve
        shutil.rmtree(building)
    building.mkdir()
    return Publication(final, building)


def publish(publication: Publication) -> None:
    """Puts the built folder in the place of the site and removes the old site."""
    final, building = publication.site_dir, publication.building
    if not final.exists():
        os.rename(building, final)
        return
    os.chmod(building, stat.S_IMODE(final.stat().st_mode))  # keep the site folder's permissions
    if _exchange(building, final):
        shutil.rmtree(building)  # now the old site
        return
    old = work_folder(final, OLD)
    os.rename(final, old)
    os.rename(building, final)
    shutil.rmtree(old)


def discard(publication: Publication) -> None:
    """Removes a failed build's folder; the site stays as it was."""
    shutil.rmtree(publication.building, ignore_errors=True)


def remove_stale(site_dir: Path) -> list[Path]:
    """Removes the work folders of ``site_dir`` left by builds whose process no longer runs."""
    removed = []
    if not site_dir.parent.is_dir():
        return removed
    for role in (BUILDING, OLD):
        prefix = f".{site_dir.name}-{role}-"
        for entry in site_dir.parent.iterdir():
            pid = entry.name.removeprefix(prefix)
            if entry.name.startswith(prefix) and pid.isdigit() and not _running(int(pid)):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours, from an earlier build of this process: no build of ours is under way
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swaps two paths atomically (Linux ``renameat2``); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # the file system (or kernel) has no exchange: two renames instead
    raise OSError(code, os.strerror(code), str(b))


def strict_warnings(config: Any) -> bool:
    """Whether MkDocs will fail this build after ``on_post_build``: ``--strict`` and a warning logged.

    MkDocs counts warnings with a :class:`mkdocs.utils.CountHandler` on its logger during ``build()`` and
    raises only after the last plugin event, too late for the swap to wait for.
    """
    if not config.strict:
        return False
    handlers = logging.getLogger("mkdocs").handlers
    return any(isinstance(h, CountHandler) and h.get_counts() for h in handlers)
