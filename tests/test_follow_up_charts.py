"""Status after the course and time in course as charts: a small hand-made register of rule
rows goes through the page's publishing (``toolkit.ui.follow_up_data``) and the charts draw
exactly the published numbers, in the fixed status order and colours; a hidden share and a
hidden curve step (and every step after it) are not drawn."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import altair as alt
import pandas as pd
import pytest

from toolkit.charts import follow_up_charts, theme
from toolkit.indicators.follow_up import STATUS_ORDER
from toolkit.survival import kaplan_meier, published_curves
from toolkit.ui.follow_up_data import hidden_sentence, pending_sentence, status_after

FIRST, LAST = date(2025, 1, 1), date(2025, 12, 31)


def rule_rows(counts: dict[tuple[int, str], int], pending: dict[int, int]) -> pd.DataFrame:
    """Rows as ``status_after_end`` gives them: one course (and person) per row."""
    rows: list[dict[str, Any]] = []
    for (horizon, status), number in counts.items():
        rows += [{"horizon": horizon, "status": status, "passed": True}] * number
    for horizon, number in pending.items():
        rows += [{"horizon": horizon, "status": "nan", "passed": False}] * number
    frame = pd.DataFrame(rows)
    frame["course_id"] = [f"F{i}" for i in range(len(frame))]
    frame["person_id"] = [f"P{i}" for i in range(len(frame))]
    frame["scheme"] = "ressourceforloeb"
    frame["end"] = pd.Timestamp("2025-06-15")
    return frame


# 1 month: 20 courses (10 førtidspension, 6 fleksjob, 4 job: the job share is hidden, <5,
# and one more share of that bar, ..); 6 months: 10 courses, 5 and 5; 4 and 9 too recent.
COUNTS = {
    (1, "foertidspension"): 10,
    (1, "fleksjob"): 6,
    (1, "job_uddannelse"): 4,
    (6, "ukendt"): 5,
    (6, "ledighedsydelse"): 5,
}
PENDING = {1: 4, 6: 9}


@pytest.fixture
def published() -> Any:
    return status_after(rule_rows(COUNTS, PENDING), "ressourceforloeb", FIRST, LAST, threshold=5)


def chart_values(chart: alt.TopLevelMixin) -> list[dict[str, Any]]:
    theme.enable()
    spec = chart.to_dict()
    return [row for rows in spec["datasets"].values() for row in rows]


def test_bars_draw_the_published_shares_and_leave_hidden_ones_out(published: Any) -> None:
    shares = published.shares
    assert dict(zip(shares["status"], shares["suppressed"], strict=False))["job_uddannelse"] == (
        "primær"
    )
    hidden = shares[shares["suppressed"] != ""]
    assert set(hidden["status"]) == {"job_uddannelse", "fleksjob"}  # primary and secondary
    assert hidden["value"].isna().all() and hidden["count"].isna().all()
    drawn = chart_values(follow_up_charts.status_bars(shares, (1, 3, 6, 12)))
    assert {(r["horizon"], r["status"]): r["value"] for r in drawn} == {
        (1, "foertidspension"): 50.0,
        (6, "ukendt"): 50.0,
        (6, "ledighedsydelse"): 50.0,
    }
    shown = shares[shares["value"].notna()]
    assert sorted(r["value"] for r in drawn) == sorted(shown["value"])


def test_bars_stack_in_the_fixed_order_with_the_themes_colours(published: Any) -> None:
    spec = follow_up_charts.status_bars(published.shares, (1, 3, 6, 12)).to_dict()
    colour = spec["encoding"]["color"]
    assert colour["scale"]["domain"] == [follow_up_charts.status_label(s) for s in STATUS_ORDER]
    assert colour["scale"]["range"] == [follow_up_charts.STATUS_COLOURS[s] for s in STATUS_ORDER]
    assert set(follow_up_charts.STATUS_COLOURS.values()) - {"#B0B0B0"} <= set(theme.PALETTE)
    assert spec["encoding"]["order"]["field"] == "rang"
    horizons = spec["encoding"]["y"]["scale"]["domain"]
    assert horizons == ["1 måned efter", "3 måneder efter", "6 måneder efter",
                        "12 måneder efter"]  # fmt: skip
    drawn = chart_values(follow_up_charts.status_bars(published.shares, (1, 3, 6, 12)))
    six = sorted((r["rang"], r["status_navn"]) for r in drawn if r["horizon"] == 6)
    assert [name for _, name in six] == ["Ledighedsydelse", "Ukendt"]


def test_counts_too_recent_and_hidden_statuses_are_sentences(published: Any) -> None:
    assert list(published.pending["value"]) == [pytest.approx(float("nan"), nan_ok=True), 9.0]
    assert list(published.pending["suppressed"]) == ["primær", ""]
    sentence = pending_sentence(published)
    assert "1 måned efter: <5" in sentence and "6 måneder efter: 9" in sentence
    hidden = hidden_sentence(published)
    assert hidden == (
        "Skjult, så søjlen ikke når 100 %: 1 måned efter: Job eller uddannelse (<5), Fleksjob (..)."
    )
    # The hidden too-recent count at 1 month could be worked out from its followed count and
    # the 6-month pair (the two add up to the same at every horizon): that count is hidden too.
    followed = published.followed
    assert math.isnan(followed["value"].iloc[0]) and followed["value"].iloc[1] == 10.0
    assert list(followed["suppressed"]) == ["sekundær", ""]


def test_nothing_ended_gives_empty_tables() -> None:
    rows = rule_rows({(1, "fleksjob"): 6}, {})
    data = status_after(rows, "jobafklaring", FIRST, LAST, threshold=5)
    assert data.shares.empty and data.pending.empty
    assert pending_sentence(data).startswith("Alle forløb")


def curves_of(durations: list[float], ended: list[bool], cohort: str) -> pd.DataFrame:
    curve = kaplan_meier([d * 30.4375 for d in durations], ended)
    return curve.assign(scheme="ressourceforloeb", cohort=cohort)


def test_curves_draw_the_published_steps_and_stop_below_the_limit() -> None:
    # Eight courses: the number at risk falls below 5 after the fourth exit; those steps
    # (and every step after) are hidden and not drawn.
    many = curves_of([2, 4, 6, 8, 10, 12, 14, 16], [True] * 8, "2023")
    few = curves_of([3, 5, 7], [True, False, True], "2024")  # fewer than 5 from the start
    published = published_curves(pd.concat([many, few], ignore_index=True), threshold=5)
    drawn = chart_values(follow_up_charts.survival_curves(published, ("2023", "2024")))
    shown = published[published["value"].notna()]
    assert [(r["kohorte"], r["time"], r["value"]) for r in drawn] == [
        (str(c), t, v) for c, t, v in zip(shown["cohort"], shown["time"], shown["value"],
                                          strict=True)
    ]  # fmt: skip
    assert {r["kohorte"] for r in drawn} == {"2023"}
    assert max(r["time"] for r in drawn) == pytest.approx(8.0)  # at risk 5 at 8 months
    assert min(r["at_risk"] for r in drawn) == 5
    assert [round(r["value"], 3) for r in drawn] == [1.0, 0.875, 0.75, 0.625, 0.5]
    for row in drawn:
        assert row["lower"] <= row["value"] <= row["upper"]


def test_curves_are_steps_with_a_band_and_a_cohort_keeps_its_colour() -> None:
    curves = published_curves(curves_of([2, 4, 6, 8, 10, 12], [True] * 6, "2024"), threshold=5)
    spec = follow_up_charts.survival_curves(curves, ("2022", "2023", "2024")).to_dict()
    band, line = spec["layer"]
    assert band["mark"]["type"] == "area" and band["mark"]["interpolate"] == "step-after"
    assert band["encoding"]["y2"]["field"] == "upper"
    assert line["mark"]["type"] == "line" and line["mark"]["interpolate"] == "step-after"
    assert line["encoding"]["color"]["scale"]["range"] == [theme.PALETTE[2]]
    assert line["encoding"]["y"]["axis"]["format"] == ".0%"
    printed = follow_up_charts.print_survival_curves(curves, "Tid", ("2024",)).to_dict()
    assert printed["layer"][1]["encoding"]["strokeDash"]["field"] == "kohorte"


def test_the_latest_four_whole_start_years_are_drawn_first() -> None:
    years = ["2019", "2020", "2021", "2022", "2023", "2024", "2025", "2026"]
    assert follow_up_charts.latest_whole_years(years, date(2026, 10, 31)) == [
        "2022", "2023", "2024", "2025"
    ]  # fmt: skip
    assert follow_up_charts.latest_whole_years(["2026"], date(2026, 3, 1)) == []
