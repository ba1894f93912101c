"""Which repository paths a run reports on: the one rule for ``kaikki check PATH…``, pre-commit and the
pipeline's bundle filters.

Paths are repository-relative POSIX strings (``materials/practices/x/index.fi.md``). A path given on the
command line selects itself, everything under it and the folders it lies in, so that naming one file
of a bundle checks (and reports on) that bundle.
"""

from __future__ import annotations

from collections.abc import Collection


def within(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or lies under it (a trailing ``/`` on ``folder`` is allowed)."""
    folder = folder.rstrip("/")
    return path == folder or path.startswith(folder + "/")


def in_selection(path: str, only: Collection[str] | None) -> bool:
    """Whether ``path`` is in the selection ``only`` (``None``: everything): a selected path, under one,
    or a folder holding one."""
    if only is None:
        return True
    return any(within(path, chosen) or within(chosen, path) for chosen in only)
