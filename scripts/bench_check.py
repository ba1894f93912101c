"""How fast ``kaikki check`` is on a national-scale repository: prints figures, asserts nothing.

    python scripts/bench_check.py [--bundles 3000] [--dir DIR] [--seed 1] [--profile cold|warm]

Generates ``--bundles`` bundles with attachments (``scripts/synthetic.py``) into a temporary folder, or
uses ``--dir`` (generated into it when it has no ``materials/``), then times, in this process, the
pipeline ``kaikki check`` runs (:func:`kaikki.pipeline.run`: load + check) with empty caches (cold) and
again with the caches the first run filled (warm), and the same through the ``kaikki check`` command
(a new process each time, interpreter start included). Issue 2's target is 3,000 bundles with
attachments under 5 s on a 2-core machine. ``--profile`` prints the 25 most expensive functions of
the cold or warm in-process run.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent


def load_synthetic() -> ModuleType:
    """Imports ``scripts/synthetic.py`` (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("synthetic", REPO / "scripts" / "synthetic.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _run_in_process(root: Path, cache_dir: Path, profile: bool) -> tuple[float, float, int, int, str]:
    from kaikki.pipeline import Options, run

    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    result = run(root, Options(cache_dir=cache_dir))
    report = ""
    if profiler:
        profiler.disable()
        stream = _Stream()
        pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(25)  # type: ignore[arg-type]
        report = stream.text()
    assert result.library is not None, result.problems
    seconds = result.seconds
    return seconds["load"], seconds["check"], len(result.library.bundles), len(result.errors), report


class _Stream:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def text(self) -> str:
        return "".join(self.parts)


def _run_cli(root: Path) -> tuple[float, int]:
    kaikki = Path(sys.executable).with_name("kaikki")
    command = [str(kaikki), "check"] if kaikki.exists() else [sys.executable, "-m", "kaikki.cli", "check"]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, result.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--bundles", type=int, default=3000)
    parser.add_argument("--dir", type=Path, help="an existing (or new) synthetic repository to use")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", choices=("cold", "warm"), help="print a cProfile of that run")
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
        print(f"repository: {root} ({files} files)")

        cache_dir = Path(tempfile.mkdtemp(prefix="kaikki-extract-cache-"))
        rows = []
        for label in ("cold", "warm"):
            load_s, check_s, bundles, errors, report = _run_in_process(root, cache_dir, args.profile == label)
            total = load_s + check_s
            rows.append((f"in-process, {label} cache", total, bundles / total))
            print(
                f"in-process {label}: load {load_s:.2f} s + check {check_s:.2f} s = {total:.2f} s, "
                f"{bundles / total:.0f} bundles/s, {bundles} bundles, {errors} errors"
            )
            if report:
                print(report)
        shutil.rmtree(cache_dir, ignore_errors=True)

        shutil.rmtree(root / ".cache", ignore_errors=True)
        for label in ("cold", "warm"):
            seconds, code = _run_cli(root)
            bundles = sum(1 for p in (root / "materials").glob("*/*") if p.is_dir())
            rows.append((f"kaikki check, {label} cache", seconds, bundles / seconds))
            print(f"kaikki check {label}: {seconds:.2f} s (exit {code}), {bundles / seconds:.0f} bundles/s")

        print("\n| run | seconds | bundles/s |\n| --- | ---: | ---: |")
        for label, seconds, rate in rows:
            print(f"| {label} | {seconds:.2f} | {rate:.0f} |")
    finally:
        if temporary is not None:
            temporary.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
