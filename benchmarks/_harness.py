"""What the benchmarks share: their common options, the sample import, timing and the verdict.

Not a benchmark itself: ``make bench`` runs the ``bench_*.py`` scripts, which import this
module from their own folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "tvaerblik-bench"


def arguments(description: str | None, *, repeat: int) -> argparse.ArgumentParser:
    """A parser with the options of the benchmarks on sample data: ``--repeat`` (timed runs
    of each measurement) and ``--workdir``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--repeat", type=int, default=repeat)
    add_workdir(parser)
    return parser


def add_workdir(parser: argparse.ArgumentParser) -> None:
    """``--workdir``: where generated and imported sample data is kept between runs."""
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)


def prepare_workdir(workdir: Path) -> None:
    """Create ``workdir`` and keep the pseudonym key of the benchmark's imports in it."""
    os.environ.setdefault("TVAERBLIK_KEY_FILE", str(workdir / "bench.key"))
    workdir.mkdir(parents=True, exist_ok=True)


def import_sample(books: list[Path], data: Path) -> Path:
    """``data`` with ``books`` imported into it; a refused import stops the benchmark."""
    from toolkit.ingest import import_files

    outcome = import_files(books, data)
    if outcome.version is None:
        raise SystemExit(outcome.report.to_text())
    return data


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, list[float], object]:
    """The median seconds of ``repeat`` calls of ``fn``, every run's seconds, the last result."""
    runs, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), runs, result


def verdict(ok: bool, targets: str) -> int:
    """Print whether the ``targets`` were met; the exit code says the same."""
    print(f"{targets}: {'OK' if ok else 'MISSED'}")
    return 0 if ok else 1
