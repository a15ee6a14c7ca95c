"""Rates per 1.000 16-66-årige, worked out by hand from tests/national_data.py."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.national_data import (
    jobindsats_row,
    national,
    population_row,
    small_economy,
    small_jobindsats,
    small_national,
    small_population,
)
from toolkit.national.population import population_for, population_quarter, quarters_back
from toolkit.national.rates import rates


def _row(frame: pd.DataFrame, scheme: str, period: str, role: str) -> dict[str, object]:
    chosen = frame[(frame["scheme"] == scheme) & (frame["period"] == period)
                   & (frame["role"] == role)]  # fmt: skip
    assert len(chosen) == 1
    return chosen.iloc[0].to_dict()


def test_rates_by_hand() -> None:
    out = rates(small_economy(), small_national())
    own = _row(out, "ressourceforloeb", "2024-Q1", "own")
    assert (own["area"], own["count"], own["population"]) == ("Eksempel Kommune", 9.0, 10000)
    assert own["rate_per_1000"] == pytest.approx(0.9)
    assert pd.isna(own["mark"]) and pd.isna(own["areas_counted"])
    # Bakkeby's «..» is left out of both sums: (20 + 30) / (5.000 + 6.000) × 1.000.
    group = _row(out, "ressourceforloeb", "2024-Q1", "group")
    assert (group["area"], group["count"], group["population"]) == (
        "Sammenligningsgruppen", 50.0, 11000)  # fmt: skip
    assert group["rate_per_1000"] == pytest.approx(50 / 11000 * 1000)
    assert (group["areas_counted"], group["areas_in_group"]) == (2, 3)
    assert pd.isna(group["mark"])
    country = _row(out, "ressourceforloeb", "2024-Q1", "country")
    assert (country["area"], country["population"]) == ("Hele landet", 3800000)
    assert country["rate_per_1000"] == pytest.approx(25000 / 3800000 * 1000)


def test_a_missing_population_quarter_falls_back_on_the_one_before() -> None:
    out = rates(small_economy(), small_national())
    # Fjordby has no 2024-Q2 row: its 2024-Q1 6.000 stands in.
    group = _row(out, "ressourceforloeb", "2024-Q2", "group")
    assert (group["count"], group["population"]) == (22 + 10 + 33, 5050 + 4000 + 6000)
    assert group["rate_per_1000"] == pytest.approx(65 / 15050 * 1000)
    assert (group["areas_counted"], group["areas_in_group"]) == (3, 3)
    own = _row(out, "ressourceforloeb", "2024-Q2", "own")
    assert own["rate_per_1000"] == pytest.approx(15 / 10100 * 1000)


def test_no_population_is_not_computable() -> None:
    out = rates(small_economy(), small_national())
    own = _row(out, "jobafklaring", "2023-Q1", "own")
    assert own["count"] == 6.0 and pd.isna(own["population"])
    assert pd.isna(own["rate_per_1000"]) and own["mark"] == "–"
    group = _row(out, "jobafklaring", "2023-Q1", "group")
    assert pd.isna(group["count"]) and group["mark"] == "–"
    assert (group["areas_counted"], group["areas_in_group"]) == (0, 3)
    assert _row(out, "jobafklaring", "2023-Q1", "country")["mark"] == "–"


def test_rows_in_order_and_dtypes() -> None:
    out = rates(small_economy(), small_national())
    keys = [("ressourceforloeb", "2024-Q1"), ("ressourceforloeb", "2024-Q2"),
            ("jobafklaring", "2023-Q1")]  # fmt: skip
    assert list(zip(out["scheme"], out["period"], out["role"], strict=True)) == [
        (scheme, period, role) for scheme, period in keys for role in ("own", "group", "country")
    ]
    assert out.dtypes.astype(str).to_dict() == {
        "scheme": "str", "period": "str", "period_kind": "str", "role": "str", "area": "str",
        "count": "float64", "population": "Int64", "rate_per_1000": "float64", "mark": "str",
        "areas_counted": "Int64", "areas_in_group": "Int64",
    }  # fmt: skip


def test_the_publishers_mark_is_kept_and_small_published_counts_are_shown() -> None:
    rows = [
        jobindsats_row("Eksempel", "2024-Q1", None, mark=".."),
        jobindsats_row("Ådal", "2024-Q1", 2),  # published: not suppressed again
        jobindsats_row("Hele landet", "2024-Q1", 25000),
    ]
    out = rates(small_economy(), national(rows, small_population()))
    own = _row(out, "ressourceforloeb", "2024-Q1", "own")
    assert pd.isna(own["count"]) and own["mark"] == ".." and own["population"] == 10000
    group = _row(out, "ressourceforloeb", "2024-Q1", "group")
    assert (group["count"], group["population"], group["areas_counted"]) == (2.0, 5000, 1)
    assert pd.isna(group["mark"])


def test_full_time_persons_and_other_period_kinds() -> None:
    out = rates(small_economy(), small_national(), measure="full_time_persons")
    own = _row(out, "ressourceforloeb", "2024-Q1", "own")
    assert own["rate_per_1000"] == pytest.approx(7.5 / 10000 * 1000)
    assert _row(out, "ressourceforloeb", "2024-Q1", "group")["mark"] == "–"
    assert rates(small_economy(), small_national(), period_kind="month").empty
    monthly = [jobindsats_row("Eksempel", "2024-05", 12), jobindsats_row("Eksempel", "2024", 30)]
    data = national(small_jobindsats() + monthly, small_population())
    month = _row(rates(small_economy(), data, period_kind="month"), "ressourceforloeb",
                 "2024-05", "own")  # fmt: skip
    assert month["population"] == 10100  # May is in 2024-Q2
    year = _row(rates(small_economy(), data, period_kind="year"), "ressourceforloeb", "2024",
                "own")  # fmt: skip
    assert year["population"] == 10000  # a year uses its first quarter


def test_without_own_municipality_or_group() -> None:
    out = rates(small_economy(name=None, code=None, group=()), small_national())
    assert set(out["role"]) == {"country"}


def test_unknown_measure_or_period_kind() -> None:
    with pytest.raises(ValueError, match="måletal"):
        rates(small_economy(), small_national(), measure="beløb")
    with pytest.raises(ValueError, match="periodetype"):
        rates(small_economy(), small_national(), period_kind="uge")


def test_population_quarter_and_fallback() -> None:
    assert population_quarter("2024-05") == "2024-Q2"
    assert population_quarter("2024") == "2024-Q1"
    assert population_quarter("2024-Q4") == "2024-Q4"
    assert quarters_back("2024-Q1", 1) == "2023-Q4"
    assert quarters_back("2024-Q1", 5) == "2022-Q4"
    persons = {"2023-Q1": 100, "2024-Q3": 300}
    assert population_for(persons, "2024-Q1") == 100  # four quarters back: still used
    assert population_for(persons, "2024-Q2") is None  # five back: too old
    assert population_for(persons, "2024-08") == 300
    assert population_for(persons, "2022-Q4") is None  # a later quarter never stands in
    assert population_row("Ådal", "2024-Q1", 1)["area_code"] == "991"
