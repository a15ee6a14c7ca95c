"""What the benchmarks share: their common options, the sample import, timing and the verdict.

Not a benchmark itself: ``make bench`` runs the ``bench_*.py`` scripts, which import this
module from their own folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class ProcessRun:
    """One finished child process: wall seconds from start to exit (interpreter start-up
    included), its own peak memory and what it printed."""

    seconds: float
    peak_mb: float
    stdout: str


def run_process(command: list[str], env: dict[str, str] | None = None) -> ProcessRun:
    """Run ``command`` to its end in a fresh process; a non-zero exit stops the benchmark.

    The peak memory is the child's own (``os.wait4``), not the largest of all children.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        if child.returncode != 0:
            raise SystemExit(
                f"{' '.join(command)} ended with {child.returncode}:\n"
                f"{stdout[-2000:]}{err.read().decode('utf-8', 'replace')[-2000:]}"
            )
    return ProcessRun(seconds, usage.ru_maxrss / 1024, stdout)


@dataclass(frozen=True)
class Figure:
    """One line of the closing table: a measured figure against its target (``ok`` None:
    a reference figure without a target of its own)."""

    measure: str
    value: str
    target: str = "–"
    ok: bool | None = None


def print_figures(figures: list[Figure]) -> bool:
    """Print the figures as one table (measure, value, target, OK/MISSED); True when no
    figure with a target missed it."""
    rows = [("measure", "value", "target", "")]
    rows += [
        (f.measure, f.value, f.target, "" if f.ok is None else "OK" if f.ok else "MISSED")
        for f in figures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    print()
    for i, row in enumerate(rows):
        print(
            "  ".join(
                cell.rjust(width) if column == 1 else cell.ljust(width)
                for column, (cell, width) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
        if i == 0:
            print("  ".join("-" * width for width in widths))
    return all(f.ok is not False for f in figures)
