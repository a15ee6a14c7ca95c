"""The comparison chart (toolkit/charts/national_chart.py) as data: the values drawn are the
rates, three series with the municipality's line emphasised, Danish quarter labels, and a
publisher's «..» a gap in the line, never a 0."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from tests.national_data import (
    jobindsats_row,
    national,
    small_economy,
    small_jobindsats,
    small_population,
)
from toolkit.charts import theme
from toolkit.charts.national_chart import comparison_chart, comparison_print_chart
from toolkit.charts.print_charts import LINE_WIDTH
from toolkit.national.rates import rates

OWN, GROUP, COUNTRY = "Eksempel Kommune", "Sammenligningsgruppen (3 kommuner)", "Hele landet"


def _values(spec: dict[str, Any]) -> list[dict[str, Any]]:
    (values,) = spec["datasets"].values()
    return list(values)


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return list(spec["layer"])


@pytest.fixture(scope="module")
def ressourceforloeb() -> pd.DataFrame:
    found = rates(small_economy(), national(small_jobindsats(), small_population()))
    return found[found["scheme"] == "ressourceforloeb"]


@pytest.fixture(scope="module")
def marked() -> pd.DataFrame:
    """The municipality's 2024-Q1 published as «..» by Jobindsats."""
    rows = [r for r in small_jobindsats() if not (r["area"] == "Eksempel" and
                                                   r["period"] == "2024-Q1")]  # fmt: skip
    rows.append(jobindsats_row("Eksempel", "2024-Q1", None, mark=".."))
    found = rates(small_economy(), national(rows, small_population()))
    return found[found["scheme"] == "ressourceforloeb"]


def test_the_values_drawn_are_the_rates(ressourceforloeb: pd.DataFrame) -> None:
    theme.enable()
    drawn = _values(comparison_chart(ressourceforloeb).to_dict())
    assert len(drawn) == len(ressourceforloeb) == 6
    by_key = {(v["serie"], v["periode"]): v for v in drawn}
    names = {"own": OWN, "group": GROUP, "country": COUNTRY}
    for row in ressourceforloeb.itertuples():
        quarter = {"2024-Q1": "1. kvt. 2024", "2024-Q2": "2. kvt. 2024"}[row.period]
        value = by_key[(names[row.role], quarter)]
        assert value["rate"] == pytest.approx(row.rate_per_1000)
        assert value["antal"] == pytest.approx(row.count)
        assert value["befolkning"] == pytest.approx(float(row.population))
    # By hand: 9 of 10.000 in Eksempel; Ådal 20 + Fjordby 30 of 11.000 (Bakkeby «..» out).
    assert by_key[(OWN, "1. kvt. 2024")]["rate"] == pytest.approx(0.9)
    assert by_key[(GROUP, "1. kvt. 2024")]["rate"] == pytest.approx(50 / 11000 * 1000)
    assert by_key[(GROUP, "1. kvt. 2024")]["kommuner"] == 2


def test_three_series_the_municipality_emphasised(ressourceforloeb: pd.DataFrame) -> None:
    spec = comparison_chart(ressourceforloeb, title="Ressourceforløb").to_dict()
    line, own, points = _layers(spec)
    colour = line["encoding"]["color"]["scale"]
    assert colour["domain"] == [OWN, GROUP, COUNTRY]
    assert len(set(colour["range"])) == 3
    assert "legend" not in line["encoding"]["color"]  # the legend names the three lines
    # The municipality's line again, wider than the theme's lines, over the others.
    assert own["transform"] == [{"filter": "(datum.rolle === 'own')"}]
    assert own["mark"]["strokeWidth"] > theme.config()["line"]["strokeWidth"]
    titles = [t["title"] for t in points["encoding"]["tooltip"]]
    assert titles[:5] == ["Kvartal", "Område", "Pr. 1.000 16-66-årige", "Antal personer",
                          "Indbyggere 16-66 år"]  # fmt: skip
    x = line["encoding"]["x"]
    assert x["sort"] == ["1. kvt. 2024", "2. kvt. 2024"]
    assert line["encoding"]["y"]["axis"]["format"] == theme.DECIMAL_FORMAT


def test_a_publishers_mark_is_a_gap_not_a_zero(marked: pd.DataFrame) -> None:
    spec = comparison_chart(marked).to_dict()
    own = [v for v in _values(spec) if v["serie"] == OWN]
    first = next(v for v in own if v["periode"] == "1. kvt. 2024")
    assert first["rate"] is None and first["antal"] is None  # kept: the line breaks there
    for layer in _layers(spec):
        assert layer["mark"]["invalid"] == "break-paths-show-domains"
    assert not any(v["rate"] == 0 for v in _values(spec))


def test_print_chart_fits_the_page_and_differs_by_dash_and_shape(
    ressourceforloeb: pd.DataFrame,
) -> None:
    spec = comparison_print_chart(ressourceforloeb, title="Ressourceforløb").to_dict()
    line, _own, points = _layers(spec)
    assert spec["width"] <= 605 and spec["width"] == LINE_WIDTH
    dashes = line["encoding"]["strokeDash"]["scale"]["range"]
    shapes = points["encoding"]["shape"]["scale"]["range"]
    assert len({tuple(d) for d in dashes}) == 3 and len(set(shapes)) == 3
    assert _values(spec) == _values(comparison_chart(ressourceforloeb).to_dict())
