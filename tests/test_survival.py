"""Kaplan-Meier against hand computations with censoring: the survival, Greenwood's interval
on the log(-log) scale, the median and the shares still in the course; the curves of a
register and what publishing hides."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tests.indicator_data import d, register
from toolkit.survival import (
    DAYS_PER_MONTH,
    course_durations,
    course_survival,
    followed_from,
    kaplan_meier,
    published_curves,
    published_summaries,
    survival_summary,
)

Z = 1.959963984540054
# Six durations in days, two still running (censored); a censoring ties with an exit at 60.
DAYS = [30, 60, 60, 90, 120, 150]
ENDED = [True, True, False, True, False, True]


def _loglog(s: float, greenwood: float) -> tuple[float, float]:
    """The 95 % interval of S written out: exp(-exp(log(-log S) ± z·se)), se = √V / |log S|."""
    theta = math.log(-math.log(s))
    se = math.sqrt(greenwood) / abs(math.log(s))
    return math.exp(-math.exp(theta + Z * se)), math.exp(-math.exp(theta - Z * se))


def test_survival_and_greenwood_interval_by_hand() -> None:
    curve = kaplan_meier(DAYS, ENDED)
    assert (curve["time"] * DAYS_PER_MONTH).round(6).tolist() == [0, 30, 60, 90, 120, 150]
    assert curve["at_risk"].tolist() == [6, 6, 5, 3, 2, 1]
    assert curve["events"].tolist() == [0, 1, 1, 1, 0, 1]
    assert curve["censored"].tolist() == [0, 0, 1, 0, 1, 0]
    # S: 1, 5/6, 5/6·4/5, ·2/3, unchanged by a censoring, ·0/1.
    expected = [1, 5 / 6, 2 / 3, 4 / 9, 4 / 9, 0]
    assert curve["survival"].tolist() == pytest.approx(expected)
    # Greenwood: Σ d / (n (n - d)) = 1/30, + 1/20, + 1/6.
    variances = {1: 1 / 30, 2: 1 / 30 + 1 / 20, 3: 1 / 4, 4: 1 / 4}
    for row, variance in variances.items():
        lower, upper = _loglog(expected[row], variance)
        assert curve.loc[row, "lower"] == pytest.approx(lower)
        assert curve.loc[row, "upper"] == pytest.approx(upper)
    assert curve.loc[1, "lower"] == pytest.approx(0.2731, abs=1e-4)  # (5/6)^exp(1,96·1,0014)
    assert curve.loc[3, "upper"] == pytest.approx(0.7849, abs=1e-4)
    assert (curve.loc[0, "lower"], curve.loc[0, "upper"]) == (1.0, 1.0)  # before any exit
    assert math.isnan(curve.loc[5, "lower"]) and math.isnan(curve.loc[5, "upper"])  # S = 0


def test_median_and_its_interval_by_hand() -> None:
    median = survival_summary(kaplan_meier(DAYS, ENDED), months=()).iloc[0]
    assert median["measure"] == "median"
    # S first at or below ½ at 90 days (4/9); the lower curve already at 30 days (0,27);
    # the upper curve never (0,78 until S reaches 0, where it has no interval).
    assert median["value"] * DAYS_PER_MONTH == pytest.approx(90)
    assert median["lower"] * DAYS_PER_MONTH == pytest.approx(30)
    assert math.isnan(median["upper"])
    assert median["at_risk"] == 3


def test_median_not_reached() -> None:
    summary = survival_summary(kaplan_meier([30, 60, 90], [True, False, False]), months=())
    assert math.isnan(summary.loc[0, "value"])


def test_share_still_in_course_after_12_24_36_months() -> None:
    days = [200, 400, 500, 800, 1000, 1200]  # 12 months = 365,25 days
    curve = kaplan_meier(days, ENDED)
    summary = survival_summary(curve).set_index("months")
    assert summary.loc[12.0, "value"] == pytest.approx(5 / 6)  # the step at 200 days
    assert summary.loc[24.0, "value"] == pytest.approx(2 / 3)  # 400 days; 500 censored
    assert summary.loc[36.0, "value"] == pytest.approx(4 / 9)  # 800 days; 1000 censored
    assert summary["at_risk"].tolist() == [3, 6, 4, 2]  # the median's step, then each share's
    lower, upper = _loglog(2 / 3, 1 / 30 + 1 / 20)
    assert (summary.loc[24.0, "lower"], summary.loc[24.0, "upper"]) == pytest.approx((lower, upper))


def test_share_unknown_when_the_data_end_before_the_horizon() -> None:
    summary = survival_summary(kaplan_meier([100, 200], [True, False]))
    assert summary.loc[summary["measure"] == "still_in_course", "value"].isna().all()
    ended = survival_summary(kaplan_meier([100, 200], [True, True]))  # everyone has left
    assert ended.loc[ended["measure"] == "still_in_course", "value"].tolist() == [0.0] * 3


def test_no_courses_no_curve() -> None:
    assert kaplan_meier([], []).empty
    curves = course_survival(register(), d("2024-06-30"))
    assert curves.empty and list(curves.columns[:3]) == ["scheme", "cohort", "time"]
    assert published_curves(curves).empty and published_summaries(curves).empty


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        kaplan_meier([10, -1], [True, True])
    with pytest.raises(ValueError):
        kaplan_meier([10], [True, False])


def _courses() -> list[dict[str, object]]:
    rows = [
        ("K1", "ressourceforloeb", "2023-01-01", "2023-01-31"),  # 30 days, ended
        ("K2", "ressourceforloeb", "2023-03-01", ""),  # running: censored at the as-of date
        ("K3", "ressourceforloeb", "2023-06-01", "2024-09-30"),  # ends after the as-of date
        ("K4", "ressourceforloeb", "2024-02-01", "2024-03-02"),  # 30 days, ended
        ("K5", "jobafklaring", "2024-01-01", "2024-01-11"),  # 10 days
        ("K6", "fleksjob", "2023-01-01", "2023-02-01"),  # not followed
        ("K7", "ressourceforloeb", "2024-07-01", ""),  # starts after the as-of date
    ]
    return [
        {"course_id": c, "person_id": f"P{c}", "scheme": s, "start": d(a)}
        | ({"end": d(b), "exit_reason": "andet"} if b else {})
        for c, s, a, b in rows
    ]


def test_course_durations_censor_running_courses_at_the_as_of_date() -> None:
    durations = course_durations(register(courses=_courses()), d("2024-06-30"))
    got = durations.set_index("course_id")[["start_year", "days", "ended"]]
    assert got.to_dict("index") == {
        "K1": {"start_year": "2023", "days": 30.0, "ended": True},
        "K2": {"start_year": "2023", "days": 487.0, "ended": False},
        "K3": {"start_year": "2023", "days": 395.0, "ended": False},
        "K4": {"start_year": "2024", "days": 30.0, "ended": True},
        "K5": {"start_year": "2024", "days": 10.0, "ended": True},
    }


def test_course_survival_by_scheme_and_cohort() -> None:
    curves = course_survival(register(courses=_courses()), d("2024-06-30"))
    assert list(curves.columns[:2]) == ["scheme", "cohort"]
    keys = curves[["scheme", "cohort"]].drop_duplicates().apply(tuple, axis=1).tolist()
    assert keys == [
        ("jobafklaring", "2024"),
        ("ressourceforloeb", "2023"),
        ("ressourceforloeb", "2024"),
    ]
    rf_2023 = curves[(curves["scheme"] == "ressourceforloeb") & (curves["cohort"] == "2023")]
    assert rf_2023["survival"].tolist() == pytest.approx([1, 2 / 3, 2 / 3, 2 / 3])
    pooled = course_survival(
        register(courses=_courses()), d("2024-06-30"), ("ressourceforloeb",), by=None
    )
    assert set(pooled["cohort"]) == {"Alle"} and pooled["at_risk"].iloc[0] == 4


def _curve(days: list[int], ended: list[bool]) -> pd.DataFrame:
    return kaplan_meier(days, ended).assign(scheme="ressourceforloeb", cohort="2023")


def test_published_curve_hides_steps_with_fewer_than_five_at_risk() -> None:
    days = [10, 20, 30, 40, 50, 60, 70]
    curve = _curve(days, [True] * 7)
    published = published_curves(curve)
    assert published["at_risk"].tolist()[:4] == [7, 7, 6, 5]
    shown = published["suppressed"] == ""
    # At risk 7, 7, 6, 5 shown; from 4 at risk on (and every later step) hidden.
    assert shown.tolist() == [True, True, True, True, False, False, False, False]
    hidden = published[~shown]
    assert set(hidden["suppressed"]) == {"primær"}
    for column in ("value", "lower", "upper", "at_risk", "events", "censored"):
        assert hidden[column].isna().all()
    assert published.loc[3, "value"] == pytest.approx(4 / 7)


def test_published_summary_hides_what_rests_on_few() -> None:
    days = [10, 20, 30, 40, 50, 60, 70]
    summary = published_summaries(_curve(days, [True] * 7)).set_index("measure")
    median = summary.loc["median"]
    # S = 3/7 at 40 days with 4 at risk: the median's step is hidden, so the median is.
    assert median["suppressed"] == "primær" and pd.isna(median["value"])
    tiny = published_summaries(_curve([10, 20, 30], [True, True, True]))
    assert (tiny["suppressed"] == "primær").all() and tiny["value"].isna().all()


def test_published_median_interval_end_on_a_hidden_step_is_left_out() -> None:
    days = [d * 30 for d in range(1, 13)]  # 12 courses, one exit a month
    summary = published_summaries(_curve(days, [True] * 12), threshold=8)
    median = summary.set_index("measure").loc["median"]
    # S reaches ½ at 6 months (6 at risk): hidden at threshold 8. At threshold 5 shown.
    assert median["suppressed"] == "primær"
    shown = published_summaries(_curve(days, [True] * 12)).set_index("measure").loc["median"]
    assert shown["value"] * DAYS_PER_MONTH == pytest.approx(180)
    # The upper curve crosses ½ where fewer than 5 are at risk: that end is left out, and
    # said to be hidden (not «ikke nået»).
    assert pd.isna(shown["upper"]) and shown["lower"] * DAYS_PER_MONTH < 180
    assert bool(shown["upper_hidden"]) and not bool(shown["lower_hidden"])


def test_a_share_the_data_do_not_reach_yet_is_not_computable_not_hidden() -> None:
    # Ten courses, all running after 200 days: after 12 months nothing is known yet. That is
    # «–» (not computable), not «<5»: there is no small number behind it.
    published = published_summaries(_curve([200] * 10, [False] * 10))
    shares = published[published["measure"] == "still_in_course"]
    assert shares["value"].isna().all()
    assert (shares["suppressed"] == "").all() and shares["at_risk"].isna().all()


def test_cohorts_started_before_the_register_follows_them_are_left_out() -> None:
    # The team's first meeting is in 2024: the 2023 courses are in the register only because
    # they still ran then (the short ones of 2023 never came in), so their curve is left out.
    meetings = [{"meeting_id": "M1", "date": d("2024-01-15"), "department": "BESK"}]
    reg = register(courses=_courses(), meetings=meetings)
    assert followed_from(reg) == 2024
    curves = course_survival(reg, d("2024-06-30"))
    assert set(curves["cohort"]) == {"2024"}
    pooled = course_survival(reg, d("2024-06-30"), ("ressourceforloeb",), by=None)
    assert pooled["at_risk"].iloc[0] == 1  # K4 only
    assert followed_from(register()) is None  # no meetings: every cohort is used
