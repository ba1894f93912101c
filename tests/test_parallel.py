"""The parallel path (fork pool over chunks of bundles) gives exactly what the serial path gives."""

from __future__ import annotations

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
    original = parallel.map_chunks
    monkeypatch.setattr(
        parallel, "map_chunks", lambda func, items: parsed_in_pool.append(len(items)) or original(func, items)
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
