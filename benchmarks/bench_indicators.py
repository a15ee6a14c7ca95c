"""Benchmark: the whole indicator catalogue at month level on a national-scale register.

Targets (issue 18, tightened from issue 3's 5 s and 2 GB): under 2 s (median of
``--repeat``) and under 1 GB peak for the process that loads the register and computes the
catalogue, on the sample at ``--scale 50``; side by side with the same numbers written the
straightforward way (per-row Python over a DataFrame: the naive way) and with DuckDB SQL for
two indicators (the near-limit reference). Every figure ends in one table against its target.

Run with ``make bench`` or ``python benchmarks/bench_indicators.py [--scale 50]``. The sample
is generated and imported once into a cache folder under the system's temp directory.
"""

from __future__ import annotations

import resource
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd
from _harness import (
    Figure,
    arguments,
    import_sample,
    prepare_workdir,
    print_figures,
    timed,
    verdict,
)

TARGET_S = 2.0
TARGET_PEAK_MB = 1024


def prepared_data(scale: float, workdir: Path) -> Path:
    """A data folder holding the sample at ``scale`` (made once, then reused)."""
    data = workdir / f"data-scale-{scale:g}"
    if (data / "CURRENT").exists():
        return data
    from toolkit.sample import write_sample

    return import_sample(write_sample(workdir / f"books-scale-{scale:g}", scale=scale), data)


def naive_persons_active(courses: pd.DataFrame, as_of: pd.Timestamp) -> dict[tuple, int]:
    """Per row, per month it touches: add the person to that month's set."""
    seen: dict[tuple, set[str]] = defaultdict(set)
    for row in courses.itertuples(index=False):
        end = row.end if pd.notna(row.end) and row.end <= as_of else as_of
        month = pd.Timestamp(row.start.year, row.start.month, 1)
        while month <= end:
            seen[(f"{month.year}-{month.month:02d}", row.scheme)].add(row.person_id)
            month += pd.offsets.MonthBegin(1)
    return {key: len(people) for key, people in seen.items()}


def naive_course_starts(courses: pd.DataFrame) -> dict[tuple, int]:
    counts: dict[tuple, int] = defaultdict(int)
    for row in courses.itertuples(index=False):
        counts[(f"{row.start.year}-{row.start.month:02d}", row.scheme)] += 1
    return dict(counts)


DUCKDB_PERSONS_ACTIVE = """
with months as (
    select range as first_day, last_day(range) as last_day
    from range(date_trunc('month', (select min(start) from courses)), ?::timestamp,
               interval 1 month)
)
select strftime(first_day, '%Y-%m') as period, scheme, count(distinct person_id) as n
from courses join months
  on courses.start <= months.last_day
 and coalesce(least(courses."end", ?::timestamp), ?::timestamp) >= months.first_day
where courses.start <= ?::timestamp
group by all
"""
DUCKDB_COURSE_STARTS = """
select strftime(start, '%Y-%m') as period, scheme, count(*) as n from courses group by all
"""


def main() -> int:
    parser = arguments(__doc__, repeat=3)
    parser.add_argument("--scale", type=float, default=50.0)
    args = parser.parse_args()
    prepare_workdir(args.workdir)

    import toolkit
    from toolkit.indicators import REGISTRY, compute
    from toolkit.periods import as_of_default

    dataset = toolkit.load(prepared_data(args.scale, args.workdir))
    register, economy = dataset.register, dataset.economy
    print(
        f"scale {args.scale:g}: {len(register.courses):,} courses, "
        f"{len(register.interventions):,} interventions, {len(register.benefits):,} benefit "
        f"rows; {len(REGISTRY)} indicators"
    )

    median, runs, result = timed(lambda: compute(register, economy), args.repeat)
    assert isinstance(result, pd.DataFrame)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"catalogue, month level: median {median:.2f} s "
        f"(runs {', '.join(f'{r:.2f}' for r in runs)})"
        f", {len(result):,} rows, peak {peak:.0f} MB"
    )
    for item in REGISTRY.values():
        one, _, _ = timed(lambda item=item: compute(register, economy, ids=[item.id]), 1)
        print(f"  {item.id:34s} {one:6.2f} s")

    courses = register.courses
    as_of = pd.Timestamp(as_of_default(register))
    fast_active, _, _ = timed(lambda: compute(register, economy, ids=["persons_active_count"]), 3)
    fast_starts, _, _ = timed(lambda: compute(register, economy, ids=["course_starts_count"]), 3)
    naive_active, _, _ = timed(lambda: naive_persons_active(courses, as_of), 1)
    naive_starts, _, _ = timed(lambda: naive_course_starts(courses), 1)
    figures = [
        Figure("whole catalogue, month level (median)", f"{median:.2f} s", f"< {TARGET_S:g} s",
               median < TARGET_S),
        Figure("  first call on the loaded register", f"{runs[0]:.2f} s",
               "– (codes the register once)"),
        Figure("peak memory (load + catalogue)", f"{peak:.0f} MB", f"< {TARGET_PEAK_MB} MB",
               peak < TARGET_PEAK_MB),
    ]  # fmt: skip
    duck_active = duck_starts = None
    try:
        import duckdb
    except ImportError:
        print("DuckDB is not installed: pip install duckdb to compare")
    else:
        con = duckdb.connect()
        con.register("courses", courses)
        params = [as_of, as_of, as_of, as_of]
        duck_active, _, _ = timed(lambda: con.execute(DUCKDB_PERSONS_ACTIVE, params).df(), 3)
        duck_starts, _, _ = timed(lambda: con.execute(DUCKDB_COURSE_STARTS).df(), 3)
    for name, fast, naive, duck in (
        ("persons_active_count", fast_active, naive_active, duck_active),
        ("course_starts_count", fast_starts, naive_starts, duck_starts),
    ):
        figures.append(Figure(f"{name} alone", f"{fast:.3f} s"))
        figures.append(Figure("  naive per-row Python", f"{naive:.2f} s",
                              f"– ({naive / fast:.0f}x the toolkit)"))  # fmt: skip
        if duck is not None:
            figures.append(Figure("  DuckDB SQL", f"{duck:.3f} s",
                                  f"– (toolkit {fast / duck:.1f}x DuckDB)"))  # fmt: skip
    ok = print_figures(figures)
    return verdict(ok, f"target < {TARGET_S:g} s and < {TARGET_PEAK_MB} MB")


if __name__ == "__main__":
    sys.exit(main())
