"""The one assembly of scenario results (``scenario_report``) on the sample municipality: the
sensitivity only when asked for, the same numbers with and without it, the page reading
the same report, and the briefing never computing a tornado."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.register import Dataset
from toolkit.scenarios import (
    Baseline,
    Scenario,
    ScenarioReport,
    break_even_effect,
    build_baseline,
    scenario_report,
    scenarios_from_tables,
    sensitivity,
)
from toolkit.scenarios import export as exporting
from toolkit.scenarios import report as reporting
from toolkit.ui.scenarios_page_data import comparison, outcome

SHARED = ("projection", "yearly", "who_pays", "assumptions")


@pytest.fixture(scope="module")
def dataset(sample_dir: Path) -> Dataset:
    return toolkit.load(sample_dir)


@pytest.fixture(scope="module")
def baseline(dataset: Dataset) -> Baseline:
    return build_baseline(dataset.register, dataset.economy, version=dataset.version)


@pytest.fixture(scope="module")
def scenarios(dataset: Dataset) -> list[Scenario]:
    return scenarios_from_tables(dataset.scenarios.tables())


@pytest.fixture(scope="module")
def full(baseline: Baseline, scenarios: list[Scenario]) -> ScenarioReport:
    return scenario_report(baseline, scenarios, with_sensitivity=True)


@pytest.fixture(scope="module")
def plain(baseline: Baseline, scenarios: list[Scenario]) -> ScenarioReport:
    return scenario_report(baseline, scenarios)


def test_the_sensitivity_is_the_tornado_and_break_even_of_every_scenario(
    full: ScenarioReport, baseline: Baseline, scenarios: list[Scenario]
) -> None:
    assert [s.scenario_id for s in full.scenarios] == ["S1", "S2", "S3"]
    expected = pd.concat([sensitivity(baseline, s) for s in scenarios], ignore_index=True)
    pd.testing.assert_frame_equal(full.table("sensitivity"), expected)
    factors = [break_even_effect(baseline, s).multiplier for s in scenarios]
    shown = [None if pd.isna(f) else float(f) for f in full.summary["break_even_effect_factor"]]
    assert shown == factors


def test_without_the_sensitivity_the_other_numbers_are_the_same(
    full: ScenarioReport, plain: ScenarioReport
) -> None:
    assert plain.sensitivity is None
    assert "break_even_effect_factor" not in plain.summary.columns
    for name in SHARED:
        pd.testing.assert_frame_equal(plain.table(name), full.table(name))
    pd.testing.assert_frame_equal(
        plain.summary, full.summary.drop(columns="break_even_effect_factor")
    )
    assert (plain.base_year, plain.version) == (full.base_year, full.version) == (2025, "v0001")


def test_a_report_without_the_sensitivity_is_not_written_as_if_it_had_one(
    plain: ScenarioReport, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="without the sensitivity"):
        plain.table("sensitivity")
    with pytest.raises(ValueError, match="without the sensitivity"):
        exporting.to_text(plain)
    with pytest.raises(ValueError, match="without the sensitivity"):
        exporting.write_json(plain, io.StringIO())
    with pytest.raises(ValueError, match="without the sensitivity"):
        exporting.write_xlsx(plain, tmp_path / "scenarier.xlsx")
    assert not (tmp_path / "scenarier.xlsx").exists()
    with pytest.raises(KeyError):
        plain.table("tornado")


def test_no_scenarios_give_empty_tables_of_the_right_columns(baseline: Baseline) -> None:
    empty = scenario_report(baseline, [], with_sensitivity=True)
    assert empty.summary.empty and empty.projection.empty
    assert list(empty.table("sensitivity").columns) == [
        "scenario", "parameter", "label", "low_pct", "high_pct", "given", "net_base",
        "net_low", "net_high"]  # fmt: skip
    assert empty.uncertainty.empty
    assert list(empty.uncertainty.columns) == [
        "scenario", "parameter", "label", "low_pct", "high_pct", "source", "status"]  # fmt: skip


def test_the_page_reads_the_same_report(
    full: ScenarioReport, baseline: Baseline, scenarios: list[Scenario]
) -> None:
    for scenario in scenarios:
        focused = outcome(baseline, scenario)
        row = full.summary.set_index("scenario").loc[scenario.scenario_id]
        assert focused.net_discounted == row["net_discounted"] and focused.net == row["net"]
        factor = row["break_even_effect_factor"]
        assert focused.break_even_factor == (None if pd.isna(factor) else factor)
        mine = full.table("sensitivity")
        mine = mine[mine["scenario"] == scenario.scenario_id].reset_index(drop=True)
        pd.testing.assert_frame_equal(focused.sensitivity, mine)
    side = comparison(baseline, scenarios)
    pd.testing.assert_frame_equal(
        side.summary, full.summary.drop(columns="break_even_effect_factor")
    )


def test_the_briefing_does_not_compute_the_sensitivity(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.briefing.content import build_briefing

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the briefing computed the sensitivity")

    monkeypatch.setattr(reporting, "sensitivity", refuse)
    monkeypatch.setattr(reporting, "break_even_effect", refuse)
    briefing = build_briefing(dataset, "beskaeftigelse", "2026-K3", scenario_ids=("S1", "S3"))
    (section,) = [s for s in briefing.sections if s.title == "Scenarier"]
    assert reporting.CAVEAT in [getattr(b, "text", None) for b in section.blocks]
