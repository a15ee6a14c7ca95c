"""The bridge register ↔ Jobindsats, worked out by hand from tests/national_data.py.

The small register (ressourceforløb): p1-p6 paid and in a course every month of 2024-H1,
p7 paid January-February and moved away 15-02-2024, p8 in a course without payment, p9
paid in February without a course.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
import pytest

from tests.indicator_data import register
from tests.national_data import (
    jobindsats_row,
    national,
    small_dataset,
    small_jobindsats,
    small_population,
)
from toolkit.national.bridge import COLUMNS, bridge
from toolkit.national.verdict import agrees, verdict
from toolkit.register import Dataset

REGISTER_CELLS = ("register_paid_persons", "register_course_persons",
                  "course_without_payment", "payment_without_course")  # fmt: skip


def _row(frame: pd.DataFrame, scheme: str, period: str) -> dict[str, Any]:
    chosen = frame[(frame["scheme"] == scheme) & (frame["period"] == period)]
    assert len(chosen) == 1
    return chosen.iloc[0].to_dict()


def _shown(row: dict[str, Any], column: str) -> Any:
    """The cell as a reader sees it: its number, or its mark."""
    mark = row[f"{column}_mark"] if f"{column}_mark" in row else row["jobindsats_mark"]
    return row[column] if pd.isna(mark) else mark


def test_first_quarter_by_hand() -> None:
    row = _row(bridge(small_dataset()), "ressourceforloeb", "2024-Q1")
    assert _shown(row, "jobindsats_persons") == 9.0
    # Paid p1-p7 and p9; in a course p1-p8.
    assert _shown(row, "register_paid_persons") == 8.0
    assert _shown(row, "register_course_persons") == 8.0
    # One each: p8 without payment, p9 without course, p7 moved: all fewer than 5.
    assert _shown(row, "course_without_payment") == "<5"
    assert _shown(row, "payment_without_course") == "<5"
    assert _shown(row, "moved_away") == "<5"
    assert row["difference"] == 1.0
    assert not row["preliminary"]
    # 6 persons × 3 months + p7 2 months + p9 1 month = 21 benefit months over 3 months.
    assert _shown(row, "register_full_time") == pytest.approx(7.0)
    assert row["jobindsats_full_time"] == 7.5 and pd.isna(row["jobindsats_full_time_mark"])
    assert row["verdict"] == "Registret og Jobindsats stemmer overens."


def test_a_small_part_hides_what_would_give_it_away() -> None:
    row = _row(bridge(small_dataset()), "ressourceforloeb", "2024-Q2")
    # p8 alone has a course without payment (primary). Paid and course (6) minus none paid
    # without course (0) would give it away from the course count 7, so the persons paid
    # (and the full-time figure built on them) are hidden too.
    assert _shown(row, "course_without_payment") == "<5"
    assert _shown(row, "payment_without_course") == 0.0
    assert _shown(row, "register_course_persons") == 7.0
    assert _shown(row, "register_paid_persons") == ".."
    assert _shown(row, "register_full_time") == ".."
    assert pd.isna(row["difference"])
    assert bool(row["preliminary"])  # Jobindsats' newest quarter
    assert row["verdict"] == (
        "Registrets tal er skjult («..») for at beskytte borgerne, så det sammenlignes ikke "
        "med Jobindsats."
    )


def test_periods_only_one_side_has() -> None:
    out = bridge(small_dataset())
    assert list(zip(out["scheme"], out["period"], strict=True)) == [
        ("ressourceforloeb", "2023-Q2"), ("ressourceforloeb", "2023-Q3"),
        ("ressourceforloeb", "2023-Q4"), ("ressourceforloeb", "2024-Q1"),
        ("ressourceforloeb", "2024-Q2"), ("jobafklaring", "2023-Q1"),
    ]  # fmt: skip
    courses_only = _row(out, "ressourceforloeb", "2023-Q3")
    assert _shown(courses_only, "jobindsats_persons") == "–"
    assert _shown(courses_only, "register_course_persons") == 8.0
    assert _shown(courses_only, "register_paid_persons") == "–"  # before the first Ydelser
    assert courses_only["verdict"] == (
        "Jobindsats har intet tal for kommunen i perioden at sammenligne med."
    )
    published_only = _row(out, "jobafklaring", "2023-Q1")
    assert published_only["jobindsats_persons"] == 6.0
    assert all(_shown(published_only, column) == "–" for column in REGISTER_CELLS)
    assert published_only["verdict"] == (
        "Registrets ydelser dækker ikke hele perioden, så der er intet at sammenligne."
    )
    assert out.dtypes.astype(str).to_dict() == COLUMNS


def test_months_by_hand() -> None:
    out = bridge(small_dataset(), period_kind="month")
    february = _row(out, "ressourceforloeb", "2024-02")
    assert [_shown(february, c) for c in REGISTER_CELLS] == [8.0, 8.0, "<5", "<5"]
    assert _shown(february, "moved_away") == "<5"
    assert _shown(february, "register_full_time") == 8.0
    assert _shown(february, "jobindsats_persons") == "–"
    # January: p1-p7 paid, p1-p8 in a course: p8 alone is hidden, and with none paid
    # without a course the persons paid (7) would give p8 away, so they are hidden too.
    january = _row(out, "ressourceforloeb", "2024-01")
    assert [_shown(january, c) for c in REGISTER_CELLS] == ["..", 8.0, "<5", 0.0]
    assert not january["preliminary"]


def test_a_year_after_the_last_ydelser_month_is_preliminary() -> None:
    out = bridge(small_dataset(), period_kind="year")
    assert bool(_row(out, "ressourceforloeb", "2024")["preliminary"])  # Ydelser end in June
    assert not _row(out, "ressourceforloeb", "2023")["preliminary"]


def _with_own_first_quarter(persons: float, scheme: str = "ressourceforloeb") -> Dataset:
    rows = [r for r in small_jobindsats()
            if not (r["area"] == "Eksempel" and r["period"] == "2024-Q1")]  # fmt: skip
    rows.append(jobindsats_row("Eksempel", "2024-Q1", persons, scheme=scheme))
    return replace(small_dataset(), national=national(rows, small_population()))


def test_register_higher_names_reasons_but_not_hidden_numbers() -> None:
    row = _row(bridge(_with_own_first_quarter(3)), "ressourceforloeb", "2024-Q1")
    assert row["difference"] == -5.0
    # One person moved: a reason, but never its number (fewer than 5).
    assert row["verdict"] == (
        "Registret tæller 5 flere; mulige grunde: udbetalinger dateret i en anden måned end "
        "den, de gælder for og borgere, der flyttede fra kommunen."
    )


def test_jobindsats_higher() -> None:
    row = _row(bridge(_with_own_first_quarter(20)), "ressourceforloeb", "2024-Q1")
    assert row["verdict"] == (
        "Jobindsats tæller 12 flere: registret mangler måske borgere, der fik ydelsen uden et "
        "forløb i registret, eller udbetalinger, der ikke er indlæst."
    )


def test_kontanthjaelp_is_about_coverage_and_has_no_course() -> None:
    dataset = small_dataset()
    paid = [{"person_id": f"k{i}", "month": pd.Timestamp("2024-02-01"),
             "benefit": "kontanthjaelp", "amount": 9000.0} for i in range(6)]  # fmt: skip
    paid.append(
        {
            "person_id": "k9",
            "month": pd.Timestamp("2024-02-01"),
            "benefit": "kontanthjaelp",
            "amount": 0.0,
        }
    )  # reversed: not a payment
    benefits = pd.concat([dataset.register.benefits, register(benefits=paid).benefits])
    rows = [*small_jobindsats(), jobindsats_row("Eksempel", "2024-Q1", 400, scheme="kontanthjaelp")]
    dataset = replace(
        dataset,
        register=replace(dataset.register, benefits=benefits.reset_index(drop=True)),
        national=national(rows, small_population()),
    )
    row = _row(bridge(dataset), "kontanthjaelp", "2024-Q1")
    assert row["register_paid_persons"] == 6.0
    assert _shown(row, "register_course_persons") == "–"
    assert _shown(row, "moved_away") == "–"
    assert row["verdict"] == (
        "Jobindsats tæller 394 flere: registret rummer kun de borgere, rehabiliteringsarbejdet "
        "kender (6 af 400, 1,5 %), så forskellen viser, hvor stor en del af kommunens "
        "modtagere registret dækker."
    )


def test_a_count_under_five_never_reaches_the_verdict() -> None:
    dataset = small_dataset()
    paid = register(benefits=[{"person_id": f"j{i}", "month": pd.Timestamp("2024-01-01"),
                               "benefit": "jobafklaringsydelse", "amount": 1.0}
                              for i in range(3)]).benefits  # fmt: skip
    benefits = pd.concat([dataset.register.benefits, paid], ignore_index=True)
    rows = [*small_jobindsats(), jobindsats_row("Eksempel", "2024-Q1", 40, scheme="jobafklaring")]
    dataset = replace(
        dataset,
        register=replace(dataset.register, benefits=benefits),
        national=national(rows, small_population()),
    )
    row = _row(bridge(dataset), "jobafklaring", "2024-Q1")
    assert _shown(row, "register_paid_persons") == "<5"
    assert pd.isna(row["difference"]) and pd.isna(row["register_full_time"])
    assert "3" not in row["verdict"] and "«<5»" in row["verdict"]


def test_never_exactly_one_hidden_among_the_related_counts() -> None:
    for kind in ("month", "quarter", "year"):
        out = bridge(small_dataset(), period_kind=kind)
        marks = out[[f"{c}_mark" for c in REGISTER_CELLS]]
        computable = ~(marks == "–").any(axis=1)
        hidden = marks.isin(["<5", ".."]).sum(axis=1)
        assert not ((hidden == 1) & computable).any(), kind


def test_agreement_within_two_percent_or_two_persons() -> None:
    assert agrees(400, 392) and not agrees(400, 391)
    assert agrees(10, 8) and agrees(10, 12) and not agrees(10, 7)


def test_a_shown_moved_count_is_named_and_preliminary_figures_are_said() -> None:
    row = {"scheme": "fleksjob", "jobindsats_persons": 100.0, "jobindsats_mark": None,
           "register_paid_persons": 120.0, "register_paid_persons_mark": None,
           "moved_away": 6.0, "moved_away_mark": None, "preliminary": True}  # fmt: skip
    assert verdict(row) == (
        "Registret tæller 20 flere; mulige grunde: udbetalinger dateret i en anden måned end "
        "den, de gælder for, 6 borgere, der flyttede fra kommunen og Jobindsats' foreløbige "
        "tal, der kan blive rettet."
    )
    assert verdict(row | {"register_paid_persons": 101.0}) == (
        "Registret og Jobindsats stemmer overens; Jobindsats' tal er foreløbige og kan blive "
        "rettet."
    )
    assert verdict(row | {"jobindsats_persons": float("nan"), "jobindsats_mark": ".."}) == (
        "Jobindsats viser ikke tallet («..»), så der er intet at sammenligne med."
    )


def test_empty_dataset_and_unknown_period_kind() -> None:
    empty = Dataset(version=None, register=register(), economy=small_dataset().economy)
    out = bridge(empty)
    assert out.empty and list(out.columns) == list(COLUMNS)
    with pytest.raises(ValueError, match="måned, kvartal eller år"):
        bridge(small_dataset(), period_kind="rolling_year")


def test_a_period_the_register_covers_without_anyone_is_a_true_zero() -> None:
    row = _row(bridge(_with_own_first_quarter(4, scheme="jobafklaring")), "jobafklaring",
               "2024-Q1")  # fmt: skip
    assert [_shown(row, c) for c in REGISTER_CELLS] == [0.0, 0.0, 0.0, 0.0]
    assert _shown(row, "moved_away") == 0.0 and row["difference"] == 4.0
    assert row["verdict"].startswith("Jobindsats tæller 4 flere: registret mangler måske")


def test_a_quarter_the_payments_stop_inside_is_not_compared() -> None:
    # Ydelser run to June 2024; cut them after April: the second quarter is then only a third
    # paid, and the register, not Jobindsats, is the one not yet complete.
    dataset = small_dataset()
    benefits = dataset.register.benefits
    cut = benefits[benefits["month"] <= pd.Timestamp("2024-04-01")].reset_index(drop=True)
    dataset = replace(dataset, register=replace(dataset.register, benefits=cut))
    row = _row(bridge(dataset), "ressourceforloeb", "2024-Q2")
    assert _shown(row, "register_paid_persons") == "–"
    assert row["verdict"] == (
        "Registrets ydelser dækker ikke hele perioden, så der er intet at sammenligne."
    )
