"""How fast ``kaikki check`` is on a national-scale repository: prints figures, asserts nothing.

    python scripts/bench_check.py [--bundles 3000] [--dir DIR] [--seed 1] [--profile cold|warm]
                                  [--json FILE]

Generates ``--bundles`` bundles with attachments (``scripts/synthetic.py``) into a temporary folder, or
uses ``--dir`` (generated into it when it has no ``materials/``), then times, in this process, the
pipeline ``kaikki check`` runs (:func:`kaikki.pipeline.run`: load + check) with empty caches (cold) and
again with the caches the first run filled (warm), and the same through the ``kaikki check`` command
(a new process each time, interpreter start included; cold with no ``.cache/``, warm with the one the cold
run left). For each run: wall seconds, bundles per second and **cores used**, the user + system CPU
seconds divided by the wall seconds (in process: this process's and its finished children's, such as the
check's fork pool; for the command: its process tree's, measured like a build in
``scripts/bench_site.py``), and for the command its peak memory (the largest process's ``ru_maxrss``, and
the sum of the PSS of its processes sampled every 0.25 s). Issue 2's target is 3,000 bundles with
attachments under 5 s on a 2-core machine; issue 12's, ``kaikki check`` cold at most 4 s and warm at most
2 s. ``--profile`` prints the 25 most expensive functions of the cold or warm in-process run; ``--json FILE``
writes the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import json
import pstats
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def _load(name: str) -> ModuleType:
    """Imports ``scripts/<name>.py`` (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def load_synthetic() -> ModuleType:
    """Imports ``scripts/synthetic.py``."""
    return _load("synthetic")


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended and been waited for."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _run_in_process(root: Path, cache_dir: Path, profile: bool) -> dict[str, Any]:
    from kaikki.pipeline import Options, run

    profiler = cProfile.Profile() if profile else None
    cpu = _cpu_seconds()
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    result = run(root, Options(cache_dir=cache_dir))
    if profiler:
        profiler.disable()
    wall = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu
    report = ""
    if profiler:
        stream = _Stream()
        pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(25)  # type: ignore[arg-type]
        report = stream.text()
    assert result.library is not None, result.problems
    seconds = result.seconds
    return {
        "load_s": seconds["load"],
        "check_s": seconds["check"],
        "seconds": seconds["load"] + seconds["check"],
        "wall_s": wall,
        "cores": cpu / wall if wall > 0 else 0.0,
        "bundles": len(result.library.bundles),
        "errors": len(result.errors),
        "profile": report,
    }


class _Stream:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def text(self) -> str:
        return "".join(self.parts)


def _run_cli(root: Path) -> dict[str, Any]:
    kaikki = Path(sys.executable).with_name("kaikki")
    command = [str(kaikki), "check"] if kaikki.exists() else [sys.executable, "-m", "kaikki.cli", "check"]
    build = _load("bench_site").run_measured(root, command)
    return {
        "seconds": build.seconds,
        "cores": build.cores,
        "peak_mb": build.peak_mb,
        "tree_peak_mb": build.tree_peak_mb,
        "returncode": build.returncode,
    }


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--bundles", type=int, default=3000, help="bundles to generate (default 3000)")
    parser.add_argument("--dir", type=Path, help="an existing (or new) synthetic repository to use")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", choices=("cold", "warm"), help="print a cProfile of that run")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)

    temporary = None
    if args.dir is None:
        temporary = tempfile.TemporaryDirectory(prefix="kaikki-bench-check-")
        root = Path(temporary.name)
    else:
        root = args.dir.resolve()
    try:
        if not (root / "materials" / "practices").is_dir():
            start = time.perf_counter()
            load_synthetic().generate(root, args.bundles, seed=args.seed, attachments=True, copy_site=False)
            print(f"generated {args.bundles} bundles with attachments in {time.perf_counter() - start:.1f} s")
        files = sum(1 for p in (root / "materials").rglob("*") if p.is_file())
        bundles = sum(1 for p in (root / "materials").glob("*/*") if p.is_dir())
        print(f"repository: {root} ({files} files, {bundles} bundles)")

        cache_dir = Path(tempfile.mkdtemp(prefix="kaikki-extract-cache-"))
        runs: list[dict[str, Any]] = []
        for label in ("cold", "warm"):
            figures = _run_in_process(root, cache_dir, args.profile == label)
            report = figures.pop("profile")
            runs.append({"run": f"in-process, {label} cache", **figures})
            print(
                f"in-process {label}: load {figures['load_s']:.2f} s + check {figures['check_s']:.2f} s = "
                f"{figures['seconds']:.2f} s, {figures['bundles'] / figures['seconds']:.0f} bundles/s, "
                f"{figures['cores']:.2f} cores, {figures['bundles']} bundles, {figures['errors']} errors"
            )
            if report:
                print(report)
        shutil.rmtree(cache_dir, ignore_errors=True)

        shutil.rmtree(root / ".cache", ignore_errors=True)
        for label in ("cold", "warm"):
            figures = _run_cli(root)
            runs.append({"run": f"kaikki check, {label} cache", "bundles": bundles, **figures})
            print(
                f"kaikki check {label}: {figures['seconds']:.2f} s (exit {figures['returncode']}), "
                f"{bundles / figures['seconds']:.0f} bundles/s, {figures['cores']:.2f} cores, "
                f"{_mb(figures['peak_mb'])} MB largest process, "
                f"{_mb(figures['tree_peak_mb'])} MB process tree"
            )

        print(
            "\n| run | seconds | bundles/s | cores used | peak MB, largest process "
            "| peak MB, process tree (PSS) |\n| --- | ---: | ---: | ---: | ---: | ---: |"
        )
        for run in runs:
            print(
                f"| {run['run']} | {run['seconds']:.2f} | {run['bundles'] / run['seconds']:.0f} "
                f"| {run['cores']:.2f} | {_mb(run.get('peak_mb'))} | {_mb(run.get('tree_peak_mb'))} |"
            )
        if args.json is not None:
            document = {"command": sys.argv, "bundles": bundles, "runs": runs}
            args.json.write_text(json.dumps(document, indent=1), encoding="utf-8")
    finally:
        if temporary is not None:
            temporary.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
