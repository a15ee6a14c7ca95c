"""Benchmark: validate and import a register of ≈100,000 interventions.

Targets (issue 2): validate + import under 10 s, at least 3x faster than merely reading the
same file with ``pandas.read_excel(engine="openpyxl")``, peak memory under 1.5 GB.

Each measurement runs in a fresh subprocess so peak memory (ru_maxrss) is its own. Run with
``make bench`` or ``python benchmarks/bench_import.py [--scale 50] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import add_workdir, verdict

TARGET_IMPORT_S = 10.0
TARGET_RATIO = 3.0
TARGET_PEAK_MB = 1536

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


def measure(mode: str, register: Path, economy: Path, workdir: Path) -> dict[str, float]:
    data = Path(tempfile.mkdtemp(dir=workdir, prefix="data-"))
    env = {**os.environ, "TVAERBLIK_KEY_FILE": str(workdir / "bench.key")}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(register), str(economy), str(data)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=50.0)
    parser.add_argument("--repeat", type=int, default=3, help="runs of validate and import")
    parser.add_argument(
        "--naive-repeat", type=int, default=1, help="runs of the slow naive read (minutes each)"
    )
    add_workdir(parser)
    args = parser.parse_args()
    from toolkit.sample import write_sample

    folder = args.workdir / f"scale-{args.scale:g}"
    register, economy = folder / "register.xlsx", folder / "oekonomi.xlsx"
    if not register.exists():
        started = time.perf_counter()
        write_sample(folder, scale=args.scale)
        print(f"generated sample at scale {args.scale:g} in {time.perf_counter() - started:.1f} s")
    print(f"register.xlsx: {register.stat().st_size / 1024**2:.1f} MB")
    results: dict[str, list[dict[str, float]]] = {}
    for mode in ("naive", "validate", "import"):
        runs = args.naive_repeat if mode == "naive" else args.repeat
        results[mode] = [measure(mode, register, economy, args.workdir) for _ in range(runs)]
        seconds = [r["seconds"] for r in results[mode]]
        peak = max(r["peak_mb"] for r in results[mode])
        print(
            f"{mode:9s} median {statistics.median(seconds):6.2f} s  "
            f"(runs: {', '.join(f'{s:.2f}' for s in seconds)})  peak {peak:7.0f} MB  "
            f"rows {int(results[mode][0]['rows']):,}"
        )
    naive = statistics.median(r["seconds"] for r in results["naive"])
    imported = statistics.median(r["seconds"] for r in results["import"])
    peak = max(r["peak_mb"] for r in results["import"])
    ratio = naive / imported
    print(f"ratio naive read / validate+import: {ratio:.1f}x (target ≥ {TARGET_RATIO:g}x)")
    ok = imported < TARGET_IMPORT_S and ratio >= TARGET_RATIO and peak < TARGET_PEAK_MB
    return verdict(
        ok,
        f"import {imported:.2f} s (target < {TARGET_IMPORT_S:g} s), peak {peak:.0f} MB "
        f"(target < {TARGET_PEAK_MB} MB)",
    )


if __name__ == "__main__":
    sys.exit(main())
