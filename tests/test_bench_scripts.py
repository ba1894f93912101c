"""scripts/bench_site.py and scripts/bench_check.py: their arguments and the tables they print (no timing)."""

from __future__ import annotations

from typing import Any

import pytest

import bench_check  # scripts/ is on pytest's pythonpath
import bench_site


def _build(seconds: float, ok: bool = True, phases: dict[str, float] | None = None) -> dict[str, Any]:
    run: dict[str, Any] = {
        "ok": ok,
        "seconds": seconds,
        "cpu_s": seconds * 1.5,
        "cores": 1.5,
        "peak_mb": 100.0 + seconds,
        "tree_peak_mb": 150.0 + seconds,
    }
    if phases is not None:
        run["phases"] = phases
    return run


def _row(bundles: int, scale: float = 1.0) -> dict[str, Any]:
    cold = [
        _build(30.0 * scale, phases={"exports": 3.0 * scale, "pagefind": 6.0 * scale}),
        _build(0.0, ok=False),
        _build(40.0 * scale, phases={"exports": 5.0 * scale, "pagefind": 6.0 * scale}),
    ]
    return {
        "bundles": bundles,
        "runs": {
            "project_cold": cold,
            "bare_cold": [_build(20.0 * scale), _build(20.0 * scale), _build(25.0 * scale)],
            "project_warm": [_build(10.0 * scale, phases={"exports": 1.0 * scale})],
            "project_one_card": [_build(12.0 * scale, phases={"exports": 1.0 * scale})],
            "project_serve_edit": [{"ok": True, "seconds": 2.0, "temp_left": ["mkdocs_x"]}],
            "bare_serve_edit": [{"ok": True, "seconds": 4.0, "temp_left": []}],
        },
    }


def _line(text: str, *cells: str) -> str:
    found = [line for line in text.splitlines() if all(f"| {cell} |" in line for cell in cells)]
    assert len(found) == 1, (cells, text)
    return found[0]


def test_the_timing_table_gives_medians_each_run_and_the_ratio_to_the_bare_stack() -> None:
    text = bench_site.report([_row(300)], repeat=3)
    cold = _line(text, "300", "project, cold")
    # The failed run is shown and left out of the median (30 and 40: 35), bare's median cold build is 20.
    assert "| 35.00 | 30.00, FAILED, 40.00 | 1.75 | 1.50 | 140 | 190 |" in cold
    assert "| 20.00 | 20.00, 20.00, 25.00 | 1.00 |" in _line(text, "300", "bare stack, cold")
    assert "| 12.00 | 12.00 | 0.60 |" in _line(text, "300", "project, one card changed")
    # Serve-edit is compared with the bare stack's serve-edit; a temporary folder left behind is said.
    serve = _line(text, "300", "project, serve: edit to page")
    assert "| 2.00 | 2.00 (serve left its temporary folder) | 0.50 | - | - | - |" in serve


def test_steps_exports_and_growth_are_reported_per_card() -> None:
    text = bench_site.report([_row(300), _row(600, scale=2.0)], repeat=3)
    # exports: median 4.0 s of a 35 s cold build.
    assert "| 4.00 | 11.4% | 1.00 | 1.00 |" in _line(text, "300", "exports")
    assert "Exports (issue 10: calendars, feeds, open data) at 300 cards: 4.00 s" in text
    assert "(11.4%); warm 1.00 s, one card changed 1.00 s." in text
    # Twice the cards, twice the time: the same milliseconds per card in both columns.
    assert "| project, cold | 116.67 | 116.67 |" in text
    assert "| cold build: pagefind | 20.00 | 20.00 |" in text
    assert "| ms per card | 300 | 600 |" in text


def test_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    for main in (bench_site.main, bench_check.main):
        with pytest.raises(SystemExit) as stop:
            main(["--help"])
        assert stop.value.code == 0
        assert "--json" in capsys.readouterr().out
    for wrong in (["--repeat", "0"], ["--bundles", "300,many"], ["--bundles", ","]):
        with pytest.raises(SystemExit) as stop:
            bench_site.main(wrong)
        assert stop.value.code == 2
