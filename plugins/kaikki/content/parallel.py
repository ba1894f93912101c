"""Spreading per-bundle work over the machine's cores.

Checking is independent per bundle. With the ``fork`` start method the children inherit the
parent's memory (the loaded library, the rules), so only each chunk's results travel back. Small jobs,
platforms without ``fork`` and ``KAIKKI_WORKERS=1`` (e.g. inside ``mkdocs serve``, whose watcher threads
make forking unwise) run serially in the calling process.

Loading itself stays serial: the documents would have to travel back to the parent, and pickling them
costs about as much as reading them with the parse cache warm. What a cold load spends its time on, the
Markdown parse of each body, is spread instead: :meth:`kaikki.content.documents.ParseCache.prime` parses
the files the cache lacks in a pool and keeps only their results.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

_T = TypeVar("_T")
_R = TypeVar("_R")

PARALLEL_THRESHOLD = 400
"""Below this many items the cost of starting processes is larger than the gain."""

_JOB: tuple[Callable[[Any], Any], list[Any]] | None = None


def workers_for(count: int) -> int:
    """How many processes to use for ``count`` items."""
    configured = os.environ.get("KAIKKI_WORKERS", "")
    wanted = int(configured) if configured.isdigit() and int(configured) > 0 else (os.cpu_count() or 1)
    if count < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(wanted, count // (PARALLEL_THRESHOLD // 2)))


def _run_chunk(index: int) -> Any:
    assert _JOB is not None
    func, chunks = _JOB
    return func(chunks[index])


def map_chunks(func: Callable[[Sequence[_T]], _R], items: Sequence[_T]) -> list[_R]:
    """Applies ``func`` to consecutive chunks of ``items``, in parallel where it pays; keeps the order."""
    workers = workers_for(len(items))
    if workers == 1:
        return [func(items)]
    size = -(-len(items) // workers)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    global _JOB
    _JOB = (func, chunks)
    gc.freeze()  # keep the collector from touching (and so copying) the parent's objects in the children
    try:
        with multiprocessing.get_context("fork").Pool(len(chunks)) as pool:
            return pool.map(_run_chunk, range(len(chunks)))
    finally:
        _JOB = None
        gc.unfreeze()
