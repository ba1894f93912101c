"""The parallel path (fork pool over chunks of bundles) gives exactly what the serial path gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kaikki.checks import check_library
from kaikki.content import load_library, parallel
from kaikki.content.documents import ParseCache
from kaikki.pipeline import Options, run


def _load_and_check(root: Path) -> tuple[list[str], list[tuple[str, int | None, str]]]:
    library = load_library(root)
    problems = check_library(library)
    return sorted(library.bundles), [(p.path, p.line, p.code) for p in problems]


def test_parallel_check_equals_serial(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A broken card among the real ones, so that there are problems to compare.
    broken = repo / "materials/practices/kunnalliset-tukitiimit/index.fi.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("themes:", "theems:", 1), encoding="utf-8")

    with parallel.limited(1):
        serial = _load_and_check(repo)

    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 2)
    calls: list[int] = []
    original = parallel.workers_for
    monkeypatch.setattr(parallel, "workers_for", lambda count: calls.append(original(count)) or calls[-1])
    with parallel.limited(2):
        forked = _load_and_check(repo)

    assert max(calls) == 2, "the parallel path was not taken"
    assert forked == serial
    assert any(code == "E206" for _, _, code in serial[1])


def test_parallel_parse_of_cache_misses_equals_serial(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def documents(cache_dir: Path) -> dict[str, tuple[object, ...]]:
        library = load_library(repo, ParseCache(cache_dir / "documents.json"))
        return {
            doc.path: (doc.meta, doc.lines, doc.scan.to_json(), doc.body_line)
            for bundle in library.bundles.values()
            for doc in bundle.docs.values()
        }

    with parallel.limited(1):
        serial = documents(tmp_path / "serial")

    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 2)
    parsed_in_pool: list[int] = []
    original = parallel.map_balanced
    monkeypatch.setattr(
        parallel,
        "map_balanced",
        lambda func, items, cost: parsed_in_pool.append(len(items)) or original(func, items, cost),
    )
    with parallel.limited(2):
        primed = documents(tmp_path / "primed")

    assert parsed_in_pool and parsed_in_pool[0] == len(serial), "the misses were not parsed in the pool"
    assert primed == serial
    # What the pool parsed was kept: a second run finds every file in the cache.
    parsed_in_pool.clear()
    with parallel.limited(2):
        assert documents(tmp_path / "primed") == serial
    assert not parsed_in_pool or parsed_in_pool[0] == 0


def test_balanced_chunks_spread_the_costly_items_over_every_worker() -> None:
    # As loaded: every practice first, then every tool with its attachments. Consecutive chunks gave all
    # the tools to the last worker.
    items = [("practice", 4_000)] * 600 + [("tool", 60_000)] * 300
    chunks = parallel.balanced_chunks(items, lambda item: item[1], workers=2)
    assert sorted(item for chunk in chunks for item in chunk) == sorted(items)
    total = sum(cost for _, cost in items)
    assert 2 * parallel.CHUNKS_PER_WORKER - 1 <= len(chunks) <= 2 * parallel.CHUNKS_PER_WORKER + 1
    assert all(sum(cost for _, cost in chunk) < total / len(chunks) + 60_000 for chunk in chunks)
    # The pool hands out the chunks in this order as workers free up: the tools come first, one chunk to
    # each worker, and make up most of the chunks, so no worker is left with all of them.
    assert all(kind == "tool" for chunk in chunks[:2] for kind, _ in chunk)
    assert sum(1 for chunk in chunks if chunk[0][0] == "tool") >= parallel.CHUNKS_PER_WORKER
    # One item costlier than a chunk is a chunk of its own; items estimated at nothing are still spread.
    assert parallel.balanced_chunks([10**9, 1, 1], float, workers=2)[0] == [10**9]
    assert len(parallel.balanced_chunks([0] * 1000, float, workers=2)) == 2 * parallel.CHUNKS_PER_WORKER


def test_map_balanced_gives_every_items_result_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 2)
    with parallel.limited(2):
        chunks = parallel.map_balanced(lambda chunk: [(n, os.getpid()) for n in chunk], range(500), float)
    results = [item for chunk in chunks for item in chunk]
    assert sorted(n for n, _ in results) == list(range(500))
    assert os.getpid() not in {pid for _, pid in results}, "the items were not run in the pool"


def test_small_jobs_and_one_worker_stay_serial() -> None:
    assert parallel.workers_for(parallel.PARALLEL_THRESHOLD - 1) == 1
    with parallel.limited(1):
        assert parallel.workers_for(10_000) == 1
    with parallel.limited(2):
        assert parallel.workers_for(10_000) == 2
        with parallel.limited(1):  # nested runs restore the outer limit
            assert parallel.workers_for(10_000) == 1
        assert parallel.workers_for(10_000) == 2
    with pytest.raises(ValueError), parallel.limited(0):
        pass


def test_the_pipelines_workers_option_reaches_the_pool(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``Options(workers=…)`` is what decides, not the environment (``mkdocs serve`` passes 1)."""
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setenv("KAIKKI_WORKERS", "2")  # no longer read by the core
    calls: list[int] = []
    original = parallel.workers_for
    monkeypatch.setattr(parallel, "workers_for", lambda count: calls.append(original(count)) or calls[-1])
    run(repo, Options(cache=False, workers=1))
    assert calls and max(calls) == 1
    calls.clear()
    run(repo, Options(cache=False, workers=2))
    assert max(calls) == 2
