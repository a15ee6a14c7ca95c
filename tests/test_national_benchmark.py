"""The ministry's benchmark (Y30R21) for the municipality, its group and the country."""

from __future__ import annotations

import pandas as pd

from tests.national_data import benchmark_row, national, small_economy, small_national
from toolkit.national.benchmark import benchmark_places


def test_own_group_and_places_by_hand() -> None:
    out = benchmark_places(small_economy(), small_national())
    assert out["area"].tolist() == ["Eksempel Kommune", "Ådal", "Bakkeby", "Fjordby Kommune"]
    assert out["role"].tolist() == ["own", "group", "group", "group"]
    assert out["rank"].tolist()[:2] == [12, 40] and pd.isna(out["rank"].iloc[2])
    # Ranked: Eksempel, Ådal, Fjordby and Andeby (not in the group); Bakkeby is marked «..».
    assert out["ranked"].tolist() == [4, 4, 4, 4]
    assert out["mark"].iloc[2] == ".." and out["mark"].iloc[:2].isna().all()
    own = out.iloc[0]
    assert (own["expected"], own["actual"], own["difference"]) == (10.0, 9.5, 0.5)
    assert (own["period"], own["period_kind"]) == ("2024-Q2", "rolling_year")


def test_another_group_and_the_country() -> None:
    rows = [
        benchmark_row("Eksempel", 30, group="Kontanthjælp mv.", expected=3.0, actual=3.1),
        benchmark_row("Hele landet", None, group="Kontanthjælp mv.", expected=3.0, actual=3.0),
        benchmark_row("Eksempel", 2, period="2024-Q4", group="Kontanthjælp mv."),
        benchmark_row("Ådal", 1, period="2024-Q4", group="Kontanthjælp mv."),
    ]
    out = benchmark_places(small_economy(), national(benchmark=rows), group="Kontanthjælp mv.")
    assert list(zip(out["period"], out["role"], out["ranked"], strict=True)) == [
        ("2024-Q2", "own", 1), ("2024-Q2", "country", 1),
        ("2024-Q4", "own", 2), ("2024-Q4", "group", 2),
    ]  # fmt: skip
    assert out["area"].iloc[1] == "Hele landet"


def test_no_benchmark_rows() -> None:
    out = benchmark_places(small_economy(), national())
    assert out.empty
    assert list(out.columns) == ["period", "period_kind", "role", "area", "expected", "actual",
                                 "difference", "rank", "ranked", "mark"]  # fmt: skip
