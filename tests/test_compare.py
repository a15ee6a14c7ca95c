"""toolkit.compare: Wilson intervals, the share rule and the group comparisons."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from toolkit import compare
from toolkit.indicators.publishing import PRIMARY, SECONDARY
from toolkit.register import Register

FIRST, LAST = date(2025, 1, 1), date(2025, 12, 31)


@pytest.mark.parametrize(
    ("successes", "total", "lower", "upper"),
    [
        (5, 10, 0.2366, 0.7634),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (81, 263, 0.2553, 0.3662),
        (1, 2, 0.0945, 0.9055),
    ],
)
def test_wilson_known_values(successes: int, total: int, lower: float, upper: float) -> None:
    low, high = compare.wilson(successes, total)
    assert low == pytest.approx(lower, abs=1e-4)
    assert high == pytest.approx(upper, abs=1e-4)


def test_wilson_edges() -> None:
    assert all(math.isnan(v) for v in compare.wilson(0, 0))
    with pytest.raises(ValueError):
        compare.wilson(3, 2)


def test_share_rule_matches_the_catalogue() -> None:
    assert compare.hidden_share(2, 10)  # 2 with the outcome point at 2 persons
    assert compare.hidden_share(10, 4)
    assert compare.hidden_share(4, 0)  # a group of 4
    assert not compare.hidden_share(5, 0)  # 5 of 5: everyone, no one singled out
    assert not compare.hidden_share(5, 5)
    assert compare.hidden_share(5, 5, threshold=6)


def _register(groups: dict[str, tuple[int, int]]) -> Register:
    """One course per person ending in 2025; per support code (work exits, other exits)."""
    citizens, courses = [], []
    for code, (work, other) in groups.items():
        for i in range(work + other):
            person = f"{code}-{i}"
            citizens.append({"person_id": person, "support_at_entry": code, "birth_year": 1980})
            courses.append(
                {
                    "course_id": f"F-{person}",
                    "person_id": person,
                    "scheme": "ressourceforloeb",
                    "start": pd.Timestamp("2024-03-01"),
                    "end": pd.Timestamp("2025-06-30"),
                    "exit_reason": "ordinaer_beskaeftigelse" if i < work else "foertidspension",
                    "coordinating_department": "BESK",
                }
            )
    base = Register()
    return replace(
        base,
        citizens=pd.DataFrame(citizens).reindex(columns=base.citizens.columns),
        courses=pd.DataFrame(courses).reindex(columns=base.courses.columns),
    )


def test_work_share_with_interval_and_small_groups_hidden() -> None:
    register = _register(
        {"sygedagpenge": (5, 5), "kontanthjaelp": (2, 8), "anden": (2, 1), "jobafklaring": (0, 12)}
    )
    table = compare.work_or_education_by_group(register, "support", FIRST, LAST)
    rows = table.set_index("group")
    sick = rows.loc["Sygedagpenge"]
    assert sick["value"] == 50.0 and sick["total"] == 10 and sick["successes"] == 5
    assert (sick["lower"], sick["upper"]) == (23.7, 76.3)  # one decimal, no false precision
    for group in ("Kontanthjælp", "Anden forsørgelse"):  # 2 with work; a group of 3
        assert rows.loc[group, "suppressed"] == PRIMARY
        assert pd.isna(rows.loc[group, "value"]) and pd.isna(rows.loc[group, "total"])
        assert pd.isna(rows.loc[group, "lower"])
    none = rows.loc["Jobafklaringsforløb"]  # 0 of 12: a large enough group to say so
    assert none["value"] == 0.0 and none["lower"] == 0.0 and none["suppressed"] == ""


def test_a_share_that_says_the_same_about_a_small_group_is_hidden() -> None:
    # 0 of 6 and 6 of 6 tell something about every one of six citizens: hidden as «..»;
    # 0 of 10 (twice the threshold) is shown, as the catalogue's share rule does.
    register = _register({"sygedagpenge": (0, 6), "kontanthjaelp": (6, 0), "anden": (0, 10)})
    rows = compare.work_or_education_by_group(register, "support", FIRST, LAST).set_index("group")
    for group in ("Sygedagpenge", "Kontanthjælp"):
        assert rows.loc[group, "suppressed"] == SECONDARY
        assert pd.isna(rows.loc[group, "value"])
    assert rows.loc["Anden forsørgelse", "value"] == 0.0


def test_age_bands_and_cohorts() -> None:
    register = _register({"sygedagpenge": (6, 6)})
    ages = compare.work_or_education_by_group(register, "age", FIRST, LAST)
    assert list(ages["group"]) == ["40 år og derover"]  # 2024 - 1980 = 44
    cohorts = compare.duration_by_group(register, "cohort", FIRST, LAST)
    assert list(cohorts["group"]) == ["2024"]
    assert (
        cohorts["value"].iloc[0]
        == (pd.Timestamp("2025-06-30") - pd.Timestamp("2024-03-01")).days + 1
    )


def test_exits_by_reason_are_suppressed() -> None:
    register = _register({"sygedagpenge": (6, 3), "kontanthjaelp": (7, 8), "jobafklaring": (9, 6)})
    table = compare.exits_by_reason(register, "support", FIRST, LAST)
    assert (table["suppressed"] == SECONDARY).any()  # 3 cannot be found by subtraction
    small = table[(table["group"] == "Sygedagpenge") & (table["exit_reason"] == "foertidspension")]
    assert small["suppressed"].iloc[0] == PRIMARY and pd.isna(small["value"].iloc[0])
    assert table.loc[table["suppressed"] == "", "value"].min() >= 5


def test_nothing_outside_the_window() -> None:
    register = _register({"sygedagpenge": (6, 6)})
    table = compare.work_or_education_by_group(register, "support", date(2026, 1, 1), LAST)
    assert table.empty
