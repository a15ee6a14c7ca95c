"""The price index: the shipped series, conversion, extrapolation, the workbook's override
and the Danish sentence for the assumptions list."""

from __future__ import annotations

import csv
import math
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.scenarios.price_level import (
    EXTRAPOLATION_PCT,
    WORKBOOK_SOURCE,
    PriceIndex,
    default_price_index,
    price_label,
)

# Danmarks Statistik, Nettoprisindeks (PRIS116, 2015=100), monthly values as published.
MONTHLY = {
    2015: "98,7 99,8 100,2 100,3 100,3 100,3 100,3 100,0 100,2 100,2 99,9 99,8",
    2016: "99,5 100,4 100,4 100,6 100,7 100,8 100,8 100,5 100,4 100,7 100,5 100,5",
    2017: "100,5 101,4 101,4 101,8 101,6 101,5 102,5 102,2 102,1 102,3 101,9 101,6",
    2018: "101,3 102,1 102,1 102,6 102,7 102,7 103,6 103,1 102,8 103,1 102,8 102,4",
    2019: "102,6 103,3 103,4 103,7 103,6 103,4 104,1 103,7 103,4 103,8 103,6 103,4",
    2020: "103,6 104,3 103,9 103,9 103,7 103,8 104,6 103,9 103,7 104,0 103,6 103,4",
    2021: "103,8 104,4 104,4 104,8 105,0 105,1 105,8 105,5 105,8 106,7 107,0 106,5",
    2022: "107,9 109,5 110,1 111,6 112,7 113,6 115,1 115,1 116,4 117,7 116,7 116,0",
    2023: "117,4 118,5 118,3 118,7 117,2 117,6 119,2 118,3 118,0 118,3 117,8 117,2",
    2024: "118,1 118,8 118,8 118,8 118,8 118,8",  # January-June
}

SMALL = PriceIndex({2020: 100.0, 2021: 110.0})


def test_shipped_values_are_the_means_of_the_monthly_table() -> None:
    index = default_price_index()
    assert sorted(index.points) == sorted(MONTHLY)
    for year, months in MONTHLY.items():
        values = [Decimal(v.replace(",", ".")) for v in months.split()]
        mean = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert index.points[year] == float(mean), year
    assert index.points[2015] == 100.0
    assert index.points[2024] == 118.68  # (118,1 + 5 × 118,8) / 6 = 118,683…


def test_shipped_sources_name_the_table_and_the_half_year() -> None:
    index = default_price_index()
    assert all("PRIS116" in index.sources[year] for year in MONTHLY)
    assert "januar-juni" in index.sources[2024]
    assert "12 måneder" in index.sources[2023]
    text = resources.files("toolkit").joinpath("data/price_index.csv").read_text("utf-8")
    assert csv.DictReader(text.splitlines()).fieldnames == ["year", "index", "source"]


def test_conversion_by_hand() -> None:
    index = default_price_index()
    # 1.000.000 kr. in 2020 prices in 2023 prices: × 118,04 / 103,87 = 1.136.420,5257.
    assert index.factor(2020, 2023) == pytest.approx(118.04 / 103.87)
    assert round(index.convert(1_000_000, 2020, 2023), 2) == 1_136_420.53
    assert index.convert(500.0, 2022, 2022) == 500.0
    assert SMALL.convert(1_000.0, 2021, 2020) == pytest.approx(1_000.0 / 1.1)


def test_years_beyond_the_series_grow_and_before_it_shrink_by_two_percent() -> None:
    index = default_price_index()
    assert EXTRAPOLATION_PCT == 2.0
    assert index.is_extrapolated(2025)
    assert not index.is_extrapolated(2024)
    # 118,68 × 1,02 = 121,0536; × 1,02² = 123,474672.
    assert index.index(2025) == pytest.approx(121.0536)
    assert index.index(2026) == pytest.approx(123.474672)
    # 100 / 1,02² = 96,116878…
    assert index.index(2013) == pytest.approx(100 / 1.02**2)
    assert index.is_extrapolated(2013)
    assert index.factor(2024, 2027) == pytest.approx(1.02**3)


def test_a_gap_between_known_years_lies_on_their_constant_growth() -> None:
    gapped = PriceIndex({2020: 100.0, 2022: 121.0})
    assert gapped.index(2021) == pytest.approx(110.0)
    assert gapped.is_extrapolated(2021)


def test_the_workbooks_years_replace_the_shipped_ones() -> None:
    shipped = default_price_index()
    index = shipped.with_points({2024: 119.0, 2025: 122.0}, {2025: "DST, PRIS116, 2025"})
    assert index.index(2024) == 119.0
    assert index.index(2025) == 122.0
    assert not index.is_extrapolated(2025)
    assert index.index(2026) == pytest.approx(122.0 * 1.02)
    assert index.index(2023) == shipped.index(2023)
    assert index.sources[2024] == WORKBOOK_SOURCE
    assert index.sources[2025] == "DST, PRIS116, 2025"
    # The shipped (cached) index is untouched.
    assert shipped.index(2024) == 118.68
    assert default_price_index() is shipped


def test_an_index_refuses_no_years_and_values_not_above_zero() -> None:
    with pytest.raises(ValueError):
        PriceIndex({})
    with pytest.raises(ValueError):
        PriceIndex({2020: 100.0, 2021: 0.0})


@given(
    st.integers(min_value=2010, max_value=2040),
    st.integers(min_value=2010, max_value=2040),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
)
def test_converting_to_a_price_level_and_back_is_the_identity(
    year: int, level: int, amount: float
) -> None:
    index = default_price_index()
    back = index.convert(index.convert(amount, year, level), level, year)
    assert math.isclose(back, amount, rel_tol=1e-12, abs_tol=1e-6)


def test_price_label() -> None:
    assert price_label(2026) == "2026-priser"


def test_describe_names_both_levels_the_index_and_what_is_assumed() -> None:
    index = default_price_index()
    assert index.describe(2024, 2026) == (
        "Beløb fra registeret (2024-priser) er omregnet til 2026-priser med "
        "nettoprisindekset: 118,68 → 123,47 (2026 fremskrevet med 2,0 % om året)"
    )
    assert index.describe(2025, 2026, subject="Beløb i projektmappen") == (
        "Beløb i projektmappen (2025-priser) er omregnet til 2026-priser med "
        "nettoprisindekset: 121,05 → 123,47 (2025 og 2026 fremskrevet med 2,0 % om året)"
    )
    assert index.describe(2020, 2023) == (
        "Beløb fra registeret (2020-priser) er omregnet til 2023-priser med "
        "nettoprisindekset: 103,87 → 118,04"
    )
    assert index.describe(2013, 2015).endswith("(2013 tilbageskrevet med 2,0 % om året)")
    assert index.describe(2026, 2026) == "Beløb fra registeret er i 2026-priser: ingen omregning"
    gapped = PriceIndex({2020: 100.0, 2022: 121.0})
    assert gapped.describe(2021, 2022).endswith("(2021 interpoleret mellem 2020 og 2022)")
