"""The briefing's charts as data and as drawn: greyscale-safe lines, at most six series,
quarter labels, gaps at hidden values, mio. kr. and the typographic minus."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from toolkit.briefing import static_charts
from toolkit.briefing.model import Briefing
from toolkit.charts import builders, print_charts, theme
from toolkit.store import Store

PERIODS = ("2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3")
QUARTERS = ("3. kvt. 2025", "4. kvt. 2025", "1. kvt. 2026", "2. kvt. 2026", "3. kvt. 2026")
MINUS = "\u2212"


@pytest.fixture(autouse=True)
def _theme() -> None:
    theme.enable()


def _rows(indicator: str, dim: str, values: dict[str, list[float | None]]) -> pd.DataFrame:
    """Chart rows of ``indicator`` by ``dim`` over the five quarters (None: hidden)."""
    rows = [
        {"indicator": indicator, "period": period, dim: code, "value": value}
        for code, series in values.items()
        for period, value in zip(PERIODS, series, strict=True)
    ]
    return builders.chart_data(pd.DataFrame(rows), indicator, keep_hidden=True)


def _trend(values: dict[str, list[float | None]], indicator: str = "persons_active_count",
           dim: str = "scheme") -> dict[str, Any]:  # fmt: skip
    chart = print_charts.trend_chart(
        _rows(indicator, dim, values), indicator, series=dim, periods=QUARTERS, title="Figur"
    )
    spec: dict[str, Any] = chart.to_dict()
    return spec


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _line_paths(svg: str) -> list[str]:
    """The ``d`` of every path drawn by a line mark."""
    return re.findall(r'aria-roledescription="line mark" d="([^"]+)"', svg)


def _data(spec: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [r for values in spec["datasets"].values() for r in values]
    return rows


SCHEMES = {
    "ressourceforloeb": [170.0, 172.0, 180.0, 185.0, 190.0],
    "fleksjob": [200.0, 201.0, 203.0, 205.0, 206.0],
    "jobafklaring": [50.0, 49.0, 48.0, 47.0, 46.0],
    "foertidspension": [75.0, 80.0, 85.0, 90.0, 95.0],
}


# -- greyscale ---------------------------------------------------------------------------------


def test_lines_differ_by_dash_and_points_by_shape_on_the_series_field() -> None:
    spec = _trend(SCHEMES)
    line, points = spec["layer"][0], spec["layer"][1]
    assert line["mark"]["type"] == "line" and points["mark"]["type"] == "point"
    for layer, channel in ((line, "strokeDash"), (points, "shape")):
        encoding = layer["encoding"]
        assert encoding[channel]["field"] == encoding["color"]["field"] == "scheme_navn"
        outputs = encoding[channel]["scale"]["range"]
        assert len(outputs) == 4 and len({str(o) for o in outputs}) == 4  # one each
        assert encoding[channel]["scale"]["domain"] == encoding["color"]["scale"]["domain"]
    svg = static_charts.to_svg(spec)
    dashes = set(re.findall(r'aria-roledescription="line mark" d="[^"]+"[^>]*'
                            r'stroke-dasharray="([^"]+)"', svg))  # fmt: skip
    assert len(dashes) == 4  # drawn: four different dash patterns
    assert "Ressourceforløb" in _texts(svg) and "ressourceforloeb" not in svg.split("<text")[0]


def test_bars_are_named_on_their_axis_and_have_no_colour_legend() -> None:
    rows = _rows("intervention_cost_dkk", "intervention_type",
                 {"Bostøtte": [None, None, None, None, 400_000.0],
                  "Mentorstøtte": [None, None, None, None, 500_000.0]})  # fmt: skip
    rows = rows.assign(department="SOC", department_navn="Socialafdelingen")
    chart, _ = print_charts.bar_chart(
        rows, "intervention_cost_dkk", category="department", series="intervention_type",
        title="Udgift",
    )  # fmt: skip
    spec = chart.to_dict()
    assert spec["facet"]["row"]["field"] == "department_navn"
    bars = spec["spec"]["layer"][0]["encoding"]
    assert bars["y"]["field"] == "intervention_type" and bars["color"]["legend"] is None
    texts = _texts(static_charts.to_svg(spec))
    assert {"Mentorstøtte", "Bostøtte", "Socialafdelingen", "500.000", "400.000"} <= set(texts)
    assert texts.index("Mentorstøtte") < texts.index("Bostøtte")  # the largest first


# -- at most six series ---------------------------------------------------------------------------


def _nine_types() -> pd.DataFrame:
    latest = [900.0, 800.0, 700.0, 600.0, 500.0, 40.0, 30.0, 20.0, 10.0]
    return pd.DataFrame(
        {
            "period": ["2026-Q3"] * 9 + ["2026-Q2"] * 9,
            "type": [f"Type {i}" for i in range(1, 10)] * 2,
            # last quarter, Type 9 was the largest: the ranking is by the latest value
            "value": latest + [1.0] * 8 + [5000.0],
        }
    )


def test_nine_series_become_the_five_largest_and_the_rest_summed() -> None:
    folded = print_charts.top_n_with_rest(_nine_types(), "type", "value")
    latest = folded[folded["period"] == "2026-Q3"].set_index("type")["value"]
    assert list(latest.index) == ["Type 1", "Type 2", "Type 3", "Type 4", "Type 5", "Øvrige"]
    assert latest["Øvrige"] == 40.0 + 30.0 + 20.0 + 10.0
    before = folded[folded["period"] == "2026-Q2"].set_index("type")["value"]
    assert before["Øvrige"] == 1.0 + 1.0 + 1.0 + 5000.0  # the same series folded each quarter
    assert not print_charts.rest_hides_values(_nine_types(), "type", "value")


def test_six_series_stay_as_they_are() -> None:
    six = _nine_types()[lambda f: f["type"].isin([f"Type {i}" for i in range(1, 7)])]
    assert print_charts.top_n_with_rest(six, "type", "value").equals(six)


def test_hidden_values_are_not_summed_and_the_rest_says_so() -> None:
    frame = _nine_types()
    frame.loc[(frame["type"] == "Type 8") & (frame["period"] == "2026-Q3"), "value"] = None
    folded = print_charts.top_n_with_rest(frame, "type", "value", keep=("period",))
    rest = folded[(folded["type"] == "Øvrige") & (folded["period"] == "2026-Q3")]
    assert rest["value"].tolist() == [40.0 + 30.0 + 10.0]
    assert print_charts.rest_hides_values(frame, "type", "value")
    all_hidden = frame.assign(value=frame["value"].where(frame["value"] >= 500.0))
    folded = print_charts.top_n_with_rest(all_hidden, "type", "value")
    latest_rest = folded[(folded["type"] == "Øvrige") & (folded["period"] == "2026-Q3")]
    assert latest_rest["value"].isna().all()  # every value of the rest hidden: hidden


def test_a_bar_chart_with_many_types_folds_them_and_tells_the_caption() -> None:
    values = {f"Type {i}": [None, None, None, None, 100_000.0 * i] for i in range(1, 9)}
    values["Type 0"] = [None] * 5  # hidden: among the rest
    rows = _rows("intervention_cost_dkk", "intervention_type", values)
    rows = rows.assign(department="SOC", department_navn="Socialafdelingen")
    chart, hidden_in_rest = print_charts.bar_chart(
        rows, "intervention_cost_dkk", category="department", series="intervention_type",
        title="Udgift",
    )  # fmt: skip
    drawn = _data(chart.to_dict())
    assert [r["intervention_type"] for r in drawn][-1] == "Øvrige" and len(drawn) == 6
    rest = next(r for r in drawn if r["intervention_type"] == "Øvrige")
    assert rest["value"] == 600_000.0 and rest["rang"] == max(r["rang"] for r in drawn)  # last
    assert hidden_in_rest


def test_more_than_six_lines_are_named_at_their_ends_without_a_legend() -> None:
    values = {f"Type {i}": [float(i), float(i + 1), None, float(i + 2), None] for i in range(8)}
    spec = _trend(values, "intervention_cost_dkk", "intervention_type")
    assert all(layer["encoding"]["color"]["legend"] is None for layer in spec["layer"])
    labels = spec["layer"][2]
    assert labels["mark"]["type"] == "text"
    ends = spec["datasets"][labels["data"]["name"]]
    assert len(ends) == 8 and {e["periode"] for e in ends} == {"2. kvt. 2026"}


# -- quarters and gaps ----------------------------------------------------------------------------


def test_quarters_are_labelled_as_quarters_never_as_months() -> None:
    texts = _texts(static_charts.to_svg(_trend(SCHEMES)))
    assert [t for t in texts if "kvt." in t] == list(QUARTERS)
    assert not any(re.search(r"\b(jul|okt|jan|apr)\.", t) for t in texts)


def test_a_hidden_quarter_is_a_gap_in_the_line_and_its_neighbours_stay() -> None:
    spec = _trend({"fleksjob": [10.0, 12.0, None, 14.0, 15.0]})
    kept = [r for r in _data(spec) if r["periode"] == "1. kvt. 2026"]
    assert len(kept) == 1 and kept[0]["value"] is None  # the row stays, with no value
    assert spec["layer"][0]["mark"]["invalid"] == "break-paths-show-domains"
    svg = static_charts.to_svg(spec)
    [path] = _line_paths(svg)
    assert path.count("M") == 2 and path.index("M", 1) > 0  # a new segment after the gap
    assert len(re.findall(r'aria-roledescription="point"', svg)) == 4  # the four shown values


def test_complete_periods_gives_gaps_and_true_zeros() -> None:
    rows = pd.DataFrame({"indicator": "course_starts_count", "period": ["2025-Q3", "2026-Q3"],
                         "scheme": "fleksjob", "value": [3.0, 4.0]})  # fmt: skip
    complete = print_charts.complete_periods(
        rows, "scheme", PERIODS, zero=("2025-Q4", "2026-Q1")
    ).set_index("period")["value"]
    assert complete["2025-Q4"] == 0.0 and complete["2026-Q1"] == 0.0
    assert pd.isna(complete["2026-Q2"])  # no data that quarter: a gap, not a 0
    assert complete["2026-Q3"] == 4.0
    gaps_only = print_charts.complete_periods(rows, "scheme", PERIODS)["value"]
    assert gaps_only.dtype == float and gaps_only.isna().sum() == 3  # numbers: a line is drawn


# -- amounts and the minus ------------------------------------------------------------------------


def test_large_amounts_are_in_million_kroner_with_danish_decimals() -> None:
    spec = _trend({"SOC": [28e6, 29e6, 30e6, 31e6, 32.5e6]}, "actual_dkk", "department")
    assert spec["layer"][0]["encoding"]["y"]["title"] == "Forbrug (mio. kr.)"
    texts = _texts(static_charts.to_svg(spec))
    assert "Forbrug (mio. kr.)" in texts and "30" in texts and "30.000.000" not in texts
    assert not any("000.000" in t for t in texts)
    near_one = _trend({"SOC": [1.0e6, 1.1e6, 1.2e6, 1.3e6, 1.5e6]}, "actual_dkk", "department")
    assert "1,2" in _texts(static_charts.to_svg(near_one))  # Danish decimals
    small = _trend({"SOC": [200_000.0, 250_000.0, 300_000.0, 350_000.0, 400_000.0]},
                   "actual_dkk", "department")  # fmt: skip
    assert "300.000" in _texts(static_charts.to_svg(small))


def test_negative_ticks_show_the_typographic_minus() -> None:
    spec = _trend({"ressourceforloeb": [-3.0, -1.5, 0.0, 1.5, 3.0]},
                  "exit_to_work_or_education_pct")  # fmt: skip
    ticks = _texts(static_charts.to_svg(spec))
    assert f"{MINUS}2,0" in ticks or f"{MINUS}3,0" in ticks
    assert not any(t.startswith("-") for t in ticks)
    assert theme.DANISH_NUMBERS["minus"] == MINUS


def test_a_chart_built_with_the_hyphen_prints_the_typographic_minus() -> None:
    spec = _trend({"ressourceforloeb": [-3.0, -1.5, 0.0, 1.5, 3.0]},
                  "exit_to_work_or_education_pct")  # fmt: skip
    spec["config"]["locale"]["number"]["minus"] = "-"  # as a page's scenario chart asks
    ticks = _texts(static_charts.to_svg(spec))
    assert any(t.startswith(MINUS) for t in ticks) and not any(t.startswith("-") for t in ticks)


# -- the briefing's figures ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def social(sample_dir: Path) -> Briefing:
    from toolkit.briefing.content import build_briefing  # the whole briefing: only here

    return build_briefing(Store(sample_dir).load(), "Socialudvalget", "2026-K3")


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    inner = spec.get("spec", spec)
    return list(inner.get("layer", [inner]))


def test_the_briefings_figures_survive_print(social: Briefing) -> None:
    lines = 0
    for figure in social.figures:
        for layer in _layers(figure.spec):
            mark = layer.get("mark", {})
            kind = mark.get("type") if isinstance(mark, dict) else mark
            colour = layer.get("encoding", {}).get("color", {})
            if kind == "line":
                lines += 1
                assert layer["encoding"]["strokeDash"]["field"] == colour["field"]
                assert mark["invalid"] == "break-paths-show-domains"
            if colour.get("legend", {}) is not None and "scale" in colour:
                assert len(colour["scale"]["domain"]) <= print_charts.MAX_SERIES, figure.caption
    assert lines >= 3
    trend = next(f for f in social.figures if "pr. kvartal" in f.caption)
    texts = _texts(static_charts.to_svg(trend.spec))
    assert "3. kvt. 2025" in texts and not any(re.search(r"\bjul\. 2025", t) for t in texts)


def test_bars_of_one_series_are_in_million_kroner_with_their_value_and_no_legend() -> None:
    rows = _rows("actual_dkk", "department",
                 {"SOC": [None, None, None, None, 30_041_987.0],
                  "BESK": [None, None, None, None, 94_492_451.0]})  # fmt: skip
    rows = rows.assign(department_navn=rows["department"].map(
        {"SOC": "Socialafdelingen", "BESK": "Beskæftigelse (Jobcenter)"}))  # fmt: skip
    chart, hidden_in_rest = print_charts.bar_chart(
        rows, "actual_dkk", category="department", series="department", title="Forbrug"
    )
    spec = chart.to_dict()
    assert not hidden_in_rest and spec["layer"][0]["encoding"]["color"]["legend"] is None
    texts = _texts(static_charts.to_svg(spec))
    assert {"30,0", "94,5", "Forbrug (mio. kr.)", "Socialafdelingen"} <= set(texts)
    assert "SOC" not in texts
