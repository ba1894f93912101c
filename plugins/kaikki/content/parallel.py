"""Spreading per-bundle work over the machine's cores.

Checking is independent per bundle. With the ``fork`` start method the children inherit the
parent's memory (the loaded library, the rules), so only each chunk's results travel back. Small jobs,
platforms without ``fork`` and one worker (``mkdocs serve``, whose watcher threads make forking unwise,
or ``kaikki check --workers 1``) run serially in the calling process.

How many processes may run is the pipeline's ``workers`` option (:mod:`kaikki.pipeline`), set for the
length of a run with :func:`limited`; the core reads no environment variable.

Work whose items differ in cost (a bundle with a dozen PDF attachments against a card with none) goes
through :func:`map_balanced`: the items are sorted by an estimate of their cost, cut into several chunks a
worker, and handed out largest first as workers finish, so neither core waits for the other, whether the
expensive items are bunched together (every tool's attachments) or another process slows one core down.

Loading itself stays serial: the documents would have to travel back to the parent, and pickling them
costs about as much as reading them with the parse cache warm. What a cold load spends its time on, the
Markdown parse of each body, is spread instead: :meth:`kaikki.content.documents.ParseCache.prime` parses
the files the cache lacks in a pool and keeps only their results.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

_T = TypeVar("_T")
_C = TypeVar("_C")
_R = TypeVar("_R")

PARALLEL_THRESHOLD = 400
"""Below this many items the cost of starting processes is larger than the gain."""

CHUNKS_PER_WORKER = 8
"""How many chunks :func:`map_balanced` cuts a job into for each worker: more lets the pool even out
what the estimates miss; each costs a round trip to the pool."""

_JOB: tuple[Callable[[Any], Any], list[Any]] | None = None
_WORKERS: int | None = None
"""The most processes a run may use (:func:`limited`); ``None`` for one a core."""


@contextlib.contextmanager
def limited(workers: int | None) -> Iterator[None]:
    """Within the block, work is spread over at most ``workers`` processes (``None``: one a core).

    Raises:
        ValueError: ``workers`` is less than 1.
    """
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    global _WORKERS
    previous, _WORKERS = _WORKERS, workers
    try:
        yield
    finally:
        _WORKERS = previous


def workers_for(count: int) -> int:
    """How many processes to use for ``count`` items."""
    wanted = _WORKERS or os.cpu_count() or 1
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


def map_balanced(
    func: Callable[[Sequence[_T]], _C], items: Sequence[_T], cost: Callable[[_T], float]
) -> list[_C]:
    """Applies ``func`` to chunks of ``items``, in parallel where it pays, balanced by ``cost``.

    The items are sorted by their estimated cost, largest first, and cut into chunks of about equal cost
    (:data:`CHUNKS_PER_WORKER` a worker; an item costlier than that is a chunk of its own); a worker takes
    the next chunk whenever it finishes one. So the results come back in no fixed order: ``func``'s
    results must not depend on which items share a chunk, and the caller must not depend on their order.

    Returns:
        What ``func`` gave for each chunk (one call with every item when the job stays serial).
    """
    workers = workers_for(len(items))
    if workers == 1:
        return [func(items)]
    chunks = balanced_chunks(items, cost, workers)
    global _JOB
    _JOB = (func, chunks)
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, len(chunks))) as pool:
            return list(pool.imap_unordered(_run_chunk, range(len(chunks))))
    finally:
        _JOB = None
        gc.unfreeze()


def balanced_chunks(items: Sequence[_T], cost: Callable[[_T], float], workers: int) -> list[list[_T]]:
    """``items`` sorted by ``cost``, largest first, cut into chunks of about equal cost, about
    :data:`CHUNKS_PER_WORKER` for each of ``workers`` (an item costlier than a chunk is one of its own).
    Every item counts at least one unit, so items estimated at nothing are still spread."""
    weights = [max(float(cost(item)), 1.0) for item in items]
    target = sum(weights) / (workers * CHUNKS_PER_WORKER)
    chunks: list[list[_T]] = []
    current: list[_T] = []
    filled = 0.0
    for index in sorted(range(len(items)), key=weights.__getitem__, reverse=True):
        current.append(items[index])
        filled += weights[index]
        if filled >= target:
            chunks.append(current)
            current, filled = [], 0.0
    if current:
        chunks.append(current)
    return chunks
