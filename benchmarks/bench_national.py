"""Benchmark: the national figures at the size a municipality really downloads them.

Every municipality and the country (99 areas), the five Jobindsats tables with both
measures, months and quarters 2016 to 2026 as API v2 JSON (≈ 170.000 rows), and FOLK1A with
the single ages 16-66 for every quarter (≈ 220.000 lines), written by the sample's writers
(`toolkit/sample/published_shapes.py`) into the published shapes, then:

- imported (checked, then merged with the stored national part) on top of the sample
  municipality: target < 15 s and peak memory < 1 GB;
- the comparison (rates per 1.000 16-66-årige, all schemes, quarters) and the benchmark
  places: target < 1 s;
- the bridge register ↔ Jobindsats by quarter on the sample register: target < 2 s.

Run with ``make bench`` or ``python benchmarks/bench_national.py [--repeat 3]``.
"""

from __future__ import annotations

import csv
import resource
import shutil
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from _harness import arguments, prepare_workdir, timed, verdict
from bench_scenarios import prepared_data

TARGET_IMPORT_S = 15.0  # the whole country, ten years of months: a quarterly task
TARGET_MEMORY_MB = 1024
TARGET_RATES_S = 1.0
TARGET_BRIDGE_S = 2.0
FIRST, LAST_MONTH, LAST_QUARTER = "2016-01", "2026-08", "2026-Q2"


def areas() -> list[tuple[str, str]]:
    """(code, name) of the country and the 98 municipalities, as the shipped list has them."""
    text = resources.files("toolkit").joinpath("data/municipalities.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return [(row["code"], row["name"]) for row in rows]


def periods() -> list[tuple[str, str]]:
    months = pd.period_range(FIRST, LAST_MONTH, freq="M")
    quarters = pd.period_range(FIRST, LAST_QUARTER.replace("-", ""), freq="Q")
    return [(p.strftime("%Y-%m"), "month") for p in months] + [
        (f"{p.year}-Q{p.quarter}", "quarter") for p in quarters
    ]


def jobindsats_frame(table_id: str, scheme: str, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for code, name in areas():
        level = rng.uniform(200, 2000) * (60 if code == "000" else 1)
        for period, kind in periods():
            persons = round(level * rng.uniform(0.95, 1.05))
            for measure, value in (("persons", persons), ("full_time_persons", persons * 0.9)):
                rows.append({"table_id": table_id, "scheme": scheme, "measure": measure,
                             "area": name, "area_code": code, "period": period,
                             "period_kind": kind, "value": float(value), "mark": None})  # fmt: skip
    return pd.DataFrame(rows)


def population_frame(rng: np.random.Generator) -> pd.DataFrame:
    quarters = pd.period_range(FIRST, "2026Q3", freq="Q")
    rows = []
    for code, name in areas():
        size = int(rng.integers(20_000, 400_000)) * (40 if code == "000" else 1)
        for q in quarters:
            rows.append({"area": name, "area_code": code, "period": f"{q.year}-Q{q.quarter}",
                         "period_kind": "quarter", "persons_16_66": size})  # fmt: skip
    return pd.DataFrame(rows)


def write_files(folder: Path) -> list[Path]:
    from toolkit import schema
    from toolkit.sample.published_shapes import write_folk1a_csv, write_jobindsats_v2_json

    rng = np.random.default_rng(2026)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [
        write_jobindsats_v2_json(
            jobindsats_frame(table_id, scheme, rng), folder / f"{table_id.lower()}.json"
        )
        for table_id, scheme in schema.JOBINDSATS_TABLES.items()
    ]
    paths.append(write_folk1a_csv(population_frame(rng), folder / "folk1a.csv"))
    return paths


def main() -> int:
    args = arguments(__doc__, repeat=3).parse_args()
    prepare_workdir(args.workdir)

    import toolkit
    from toolkit.ingest import import_files
    from toolkit.national.benchmark import benchmark_places
    from toolkit.national.bridge import bridge
    from toolkit.national.rates import rates

    sample = prepared_data(args.workdir)
    files = write_files(args.workdir / "national-files")
    size_mb = sum(p.stat().st_size for p in files) / 1e6
    print(f"{len(files)} filer, {size_mb:.1f} MB")

    def check_and_import() -> str | None:
        data = args.workdir / "data-national"
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(sample, data)  # the sample's versions, so the import merges
        outcome = import_files(files, data)  # checks every file first, as validate does
        assert outcome.version, outcome.report.to_text()
        return outcome.version

    import_s, import_runs, version = timed(check_and_import, args.repeat)
    assert version, "the import was refused"
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    dataset = toolkit.load(args.workdir / "data-national")
    rows = len(dataset.national.jobindsats) + len(dataset.national.population)
    runs = ", ".join(f"{r:.2f}" for r in import_runs)
    print(f"kontrol + indlæsning: median {import_s:.2f} s ({runs}), {rows:,} rækker gemt, "
          f"største hukommelse {peak_mb:.0f} MB")  # fmt: skip

    def comparison() -> object:
        rates(dataset.economy, dataset.national)
        return benchmark_places(dataset.economy, dataset.national)

    rates_s, _, _ = timed(comparison, args.repeat)
    print(f"sammenligning (alle ordninger, kvartaler) + benchmark: median {rates_s:.2f} s")
    bridge_s, _, table = timed(lambda: bridge(dataset), args.repeat)
    assert isinstance(table, pd.DataFrame)
    print(f"afstemning register ↔ Jobindsats pr. kvartal: median {bridge_s:.2f} s, "
          f"{len(table):,} rækker")  # fmt: skip

    ok = (import_s < TARGET_IMPORT_S and peak_mb < TARGET_MEMORY_MB
          and rates_s < TARGET_RATES_S and bridge_s < TARGET_BRIDGE_S)  # fmt: skip
    targets = (
        f"mål: indlæsning < {TARGET_IMPORT_S:.0f} s og < {TARGET_MEMORY_MB} MB, sammenligning "
        f"< {TARGET_RATES_S:.0f} s, afstemning < {TARGET_BRIDGE_S:.0f} s"
    )
    return verdict(ok, targets)


if __name__ == "__main__":
    sys.exit(main())
