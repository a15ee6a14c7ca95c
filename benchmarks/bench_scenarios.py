"""Benchmark: the scenario model on the sample municipality.

Targets (the scenario issue), on this machine with the sample municipality:
- the baseline is built once per data version: reported (expected 1-3 s at most);
- a slider change on the Scenarier page recomputes the focused scenario's report (projection,
  yearly results, summary, who pays, assumptions, the full sensitivity: 15 projections, and
  the break-even effect size, and the seeded simulation of the combined range) and the
  chosen scenarios' report beside the baseline; the page's own handler, charts included,
  within 300 ms;
- 100 scenarios (the sample's three, varied) with all results (the simulation, tornado and
  break-even effect of each) in under 2 s.

Run with ``make bench`` or ``python benchmarks/bench_scenarios.py [--repeat 7]``. The sample
(sample_data/*.xlsx) is imported once into a cache folder under the system's temp directory.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from _harness import arguments, import_sample, prepare_workdir, timed, verdict

if TYPE_CHECKING:
    from toolkit.scenarios import Scenario

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
TARGET_SLIDER_S = 0.300
TARGET_HUNDRED_S = 2.0


def prepared_data(workdir: Path) -> Path:
    """A data folder holding the committed sample workbooks (imported once per version of
    them, then reused)."""
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(SAMPLE.glob("*.xlsx"))))
    data = workdir / f"data-sample-{digest.hexdigest()[:12]}"
    if (data / "CURRENT").exists():
        return data
    return import_sample(sorted(SAMPLE.glob("*.xlsx")), data)


def sample_scenarios(dataset: Any) -> list[Scenario]:
    """The stored scenarios of the version, else the sample generator's three."""
    from toolkit.scenarios import scenarios_from_tables

    stored = getattr(dataset, "scenarios", None)
    tables = stored.tables() if stored is not None else {}
    if tables.get("scenarios") is None or tables["scenarios"].empty:
        from toolkit.sample.scenarios import scenario_tables

        tables = scenario_tables()
    return scenarios_from_tables(tables)


def varied(scenarios: list[Scenario], count: int) -> list[Scenario]:
    """``count`` scenarios: the given ones with effect sizes and amounts moved ±50 %."""
    from toolkit.scenarios import adjust

    out = []
    for i in range(count):
        source = scenarios[i % len(scenarios)]
        factor = 0.5 + (i % 21) / 20
        moves = [replace(m, amount=m.amount * factor) for m in source.reallocations]
        out.append(
            replace(
                adjust(source, effect_factor=factor),
                scenario_id=f"{source.scenario_id}-{i:03d}",
                name=f"{source.name} ({i})",
                reallocations=tuple(moves),
            )
        )
    return out


def fmt(runs: list[float]) -> str:
    return ", ".join(f"{r * 1000:.1f}" for r in runs)


def main() -> int:
    parser = arguments(__doc__, repeat=7)
    args = parser.parse_args()
    prepare_workdir(args.workdir)

    import toolkit
    from toolkit.scenarios import adjust, build_baseline, compare, project_all, scenario_report

    dataset = toolkit.load(prepared_data(args.workdir))
    register, economy = dataset.register, dataset.economy
    print(
        f"sample: {len(register.courses):,} courses, {len(register.interventions):,} "
        f"interventions, {len(register.benefits):,} benefit rows"
    )

    median, runs, _ = timed(
        lambda: build_baseline(register, economy, version=dataset.version), args.repeat
    )
    baseline = build_baseline(register, economy, version=dataset.version)
    print(f"build_baseline: median {median:.3f} s (runs {', '.join(f'{r:.3f}' for r in runs)})")

    scenarios = sample_scenarios(dataset)

    def slider(scenario: Scenario) -> None:
        moved = adjust(scenario, effect_factor=1.1)
        scenario_report(baseline, [moved], with_sensitivity=True)
        chosen = [moved, *(s for s in scenarios if s.scenario_id != moved.scenario_id)]
        compare(baseline, chosen, scenario_report(baseline, chosen).projection)

    worst = 0.0
    for scenario in scenarios:
        median, runs, _ = timed(partial(slider, scenario), args.repeat)
        worst = max(worst, median)
        print(
            f"slider change, {scenario.scenario_id}: its report with sensitivity + the "
            f"chosen ones' report and comparison: median {median * 1000:.1f} ms "
            f"(runs {fmt(runs)})"
        )

    # The page itself: the slider's handler recomputes and redraws the four charts, the tiles
    # and the tables (the Excel files are built only when asked for).
    from toolkit.ui.scenarios_page import ScenariosPage, scenarios_page

    page = scenarios_page(prepared_data(args.workdir))
    assert isinstance(page, ScenariosPage)
    # A new value every run: the page keeps each scenario's report while it is unchanged,
    # so a value seen before would be measured from the cache.
    values = iter(range(60, 60 + 5 * args.repeat, 5))

    def move_slider() -> None:
        page.effect.value = next(values)

    page_median, runs, _ = timed(move_slider, args.repeat)
    worst = max(worst, page_median)
    print(
        f"slider change on the page (incl. charts and tables): median "
        f"{page_median * 1000:.1f} ms (runs {fmt(runs)})"
    )

    hundred = varied(scenarios, 100)
    median_project, runs, _ = timed(
        lambda: project_all(baseline, hundred),
        args.repeat,
    )
    print(
        f"100 scenarios, project_all: median {median_project * 1000:.1f} ms "
        f"(runs {fmt(runs)}), {len(project_all(baseline, hundred)):,} rows"
    )

    def everything() -> None:
        report = scenario_report(baseline, hundred, with_sensitivity=True)
        compare(baseline, hundred, report.projection)

    median_all, runs, _ = timed(everything, args.repeat)
    print(
        f"100 scenarios, all results (projection, results, the simulated range, tornado, "
        f"break-even effect) + compare: median {median_all * 1000:.1f} ms (runs {fmt(runs)})"
    )
    ok = worst < TARGET_SLIDER_S and median_all < TARGET_HUNDRED_S
    return verdict(
        ok,
        f"targets: slider < {TARGET_SLIDER_S * 1000:.0f} ms, 100 scenarios < "
        f"{TARGET_HUNDRED_S:g} s",
    )


if __name__ == "__main__":
    sys.exit(main())
