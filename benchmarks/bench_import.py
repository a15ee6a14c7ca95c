"""Benchmark: validate and import a register of ≈100,000 interventions.

Targets:

- issue 18: the real command, ``tvaerblik import register.xlsx oekonomi.xlsx`` into a fresh
  data folder, start-up included, takes at most 2x the raw read of the same two workbooks
  (a ``python -c`` that imports python-calamine and reads every sheet into lists of rows,
  start-up included);
- issue 2: validate + import under 10 s, at least 3x faster than merely reading the same
  file with ``pandas.read_excel(engine="openpyxl")``, peak memory under 1.5 GB.

Every measurement runs in a fresh subprocess, so start-up is counted where it says so and
peak memory (the child's own ru_maxrss) is its own. The raw read and the command run side
by side, alternating, ``--repeat`` times each; medians are compared. Run with ``make bench``
or ``python benchmarks/bench_import.py [--scale 50] [--repeat 3] [--naive-repeat 0]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _harness import Figure, add_workdir, print_figures, run_process, verdict

TARGET_IMPORT_S = 10.0
TARGET_RATIO = 3.0
TARGET_COMMAND_RATIO = 2.0  # tvaerblik import / raw read, both with start-up
TARGET_PEAK_MB = 1536

# What the command has to beat: every sheet of both workbooks read into lists of rows.
_RAW_READ = r"""
import sys
from python_calamine import CalamineWorkbook
rows = 0
for path in sys.argv[1:]:
    book = CalamineWorkbook.from_path(path)
    for name in book.sheet_names:
        rows += len(book.get_sheet_by_name(name).to_python())
    book.close()
print(rows)
"""

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, register, economy, data = sys.argv[1:5]
started = time.perf_counter()
if mode == "naive":
    import pandas as pd
    frames = pd.read_excel(register, sheet_name=None, engine="openpyxl")
    rows = sum(len(f) for f in frames.values())
elif mode == "validate":
    from toolkit.workbook.check import check_files
    result = check_files([Path(register), Path(economy)])
    assert not result.report.has_errors, result.report.summary()
    rows = sum(len(f) for f in result.tables["register"].values())
else:
    from toolkit.ingest import import_files
    outcome = import_files([Path(register), Path(economy)], Path(data))
    assert outcome.version is not None, outcome.report.summary()
    rows = sum(len(f) for f in outcome.result.tables["register"].values())
seconds = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "rows": rows}))
"""


def _env(workdir: Path) -> dict[str, str]:
    return {**os.environ, "TVAERBLIK_KEY_FILE": str(workdir / "bench.key")}


def measure(mode: str, register: Path, economy: Path, workdir: Path) -> dict[str, float]:
    """One in-process measurement (no start-up): naive read, validate or import."""
    data = Path(tempfile.mkdtemp(dir=workdir, prefix="data-"))
    run = run_process(
        [sys.executable, "-c", _CHILD, mode, str(register), str(economy), str(data)],
        _env(workdir),
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


def command() -> list[str]:
    """The ``tvaerblik`` a user runs: the environment's console script (or its module)."""
    script = Path(sys.executable).with_name("tvaerblik")
    return [str(script)] if script.exists() else [sys.executable, "-m", "toolkit.cli"]


def side_by_side(
    register: Path, economy: Path, workdir: Path, repeat: int
) -> dict[str, list[tuple[float, float]]]:
    """(seconds, peak MB) of each run of the raw read, the command and its --help,
    alternating so that a noisy moment hits all three alike."""
    runs: dict[str, list[tuple[float, float]]] = {"raw": [], "command": [], "help": []}
    for _ in range(repeat):
        raw = run_process([sys.executable, "-c", _RAW_READ, str(register), str(economy)])
        data = Path(tempfile.mkdtemp(dir=workdir, prefix="data-"))
        imported = run_process(
            [*command(), "--data", str(data), "import", str(register), str(economy)],
            _env(workdir),
        )
        helped = run_process([*command(), "--help"], _env(workdir))
        for name, run in (("raw", raw), ("command", imported), ("help", helped)):
            runs[name].append((run.seconds, run.peak_mb))
    return runs


def _runs(seconds: list[float]) -> str:
    return ", ".join(f"{s:.2f}" for s in seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=50.0)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each fast measurement")
    parser.add_argument(
        "--naive-repeat",
        type=int,
        default=1,
        help="runs of the slow naive read (minutes each; 0 leaves it out)",
    )
    add_workdir(parser)
    args = parser.parse_args()
    from toolkit.sample import write_sample

    args.workdir.mkdir(parents=True, exist_ok=True)
    folder = args.workdir / f"scale-{args.scale:g}"
    register, economy = folder / "register.xlsx", folder / "oekonomi.xlsx"
    if not register.exists():
        started = time.perf_counter()
        write_sample(folder, scale=args.scale)
        print(f"generated sample at scale {args.scale:g} in {time.perf_counter() - started:.1f} s")
    print(f"register.xlsx: {register.stat().st_size / 1024**2:.1f} MB")

    side = side_by_side(register, economy, args.workdir, args.repeat)
    medians = {name: statistics.median(s for s, _ in runs) for name, runs in side.items()}
    peaks = {name: max(p for _, p in runs) for name, runs in side.items()}
    for name, label in (("raw", "raw read"), ("command", "tvaerblik import"), ("help", "--help")):
        print(
            f"{label:16s} median {medians[name]:6.2f} s  "
            f"(runs: {_runs([s for s, _ in side[name]])})  peak {peaks[name]:7.0f} MB"
        )

    results: dict[str, list[dict[str, float]]] = {}
    for mode in ("naive", "validate", "import"):
        runs = args.naive_repeat if mode == "naive" else args.repeat
        results[mode] = [measure(mode, register, economy, args.workdir) for _ in range(runs)]
        if not results[mode]:
            continue
        seconds = [r["seconds"] for r in results[mode]]
        peak = max(r["peak_mb"] for r in results[mode])
        print(
            f"{mode:16s} median {statistics.median(seconds):6.2f} s  "
            f"(runs: {_runs(seconds)})  peak {peak:7.0f} MB  "
            f"rows {int(results[mode][0]['rows']):,}"
        )
    validated = statistics.median(r["seconds"] for r in results["validate"])
    imported = statistics.median(r["seconds"] for r in results["import"])
    peak = max(r["peak_mb"] for r in results["import"])
    ratio = medians["command"] / medians["raw"]

    figures = [
        Figure("raw read, python-calamine, start-up incl.", f"{medians['raw']:.2f} s",
               "reference"),
        Figure("tvaerblik import, start-up incl.", f"{medians['command']:.2f} s"),
        Figure("tvaerblik import / raw read", f"{ratio:.2f}x", f"≤ {TARGET_COMMAND_RATIO:g}x",
               ratio <= TARGET_COMMAND_RATIO),
        Figure("tvaerblik --help (start-up)", f"{medians['help']:.2f} s"),
        Figure("validate, in process", f"{validated:.2f} s"),
        Figure("validate + import, in process", f"{imported:.2f} s",
               f"< {TARGET_IMPORT_S:g} s", imported < TARGET_IMPORT_S),
    ]  # fmt: skip
    if results["naive"]:
        naive = statistics.median(r["seconds"] for r in results["naive"])
        figures += [
            Figure("naive read, pandas + openpyxl", f"{naive:.2f} s", "reference"),
            Figure("naive read / validate + import", f"{naive / imported:.1f}x",
                   f"≥ {TARGET_RATIO:g}x", naive / imported >= TARGET_RATIO),
        ]  # fmt: skip
    else:
        figures.append(Figure("naive read / validate + import", "not measured",
                              f"≥ {TARGET_RATIO:g}x"))  # fmt: skip
    figures += [
        Figure("peak memory, validate + import", f"{peak:.0f} MB", f"< {TARGET_PEAK_MB} MB",
               peak < TARGET_PEAK_MB),
        Figure("peak memory, tvaerblik import", f"{peaks['command']:.0f} MB",
               f"< {TARGET_PEAK_MB} MB", peaks["command"] < TARGET_PEAK_MB),
        Figure("peak memory, raw read", f"{peaks['raw']:.0f} MB", "reference"),
    ]  # fmt: skip
    ok = print_figures(figures)
    return verdict(
        ok,
        f"\ntvaerblik import {ratio:.2f}x the raw read (target ≤ {TARGET_COMMAND_RATIO:g}x), "
        f"import {imported:.2f} s (target < {TARGET_IMPORT_S:g} s), peak {peak:.0f} MB "
        f"(target < {TARGET_PEAK_MB} MB)",
    )


if __name__ == "__main__":
    sys.exit(main())
