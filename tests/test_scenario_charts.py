"""The scenario charts as data: fields, encodings, rows, Danish titles and the theme's locale."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from toolkit import formats
from toolkit.charts import theme
from toolkit.charts.scenario_charts import (
    HIGH_LABEL,
    LOW_LABEL,
    compare_chart,
    cumulative_chart,
    department_chart,
    kroner_axis,
    range_text,
    tornado_chart,
)

NAMES = {"BESK": "Beskæftigelse (Jobcenter)", "SOC": "Socialafdelingen"}


@pytest.fixture(autouse=True)
def _theme() -> None:
    theme.enable()


def projection() -> pd.DataFrame:
    rows = [
        (2026, "BESK", "kommune", "budget_moved", -1_000_000.0),
        (2026, "SOC", "kommune", "budget_moved", 1_000_000.0),
        (2026, "SOC", "kommune", "intervention_cost", -400_000.0),
        (2026, "BESK", "kommune", "consequence", 150_000.0),
        (2027, "BESK", "kommune", "consequence", 300_000.0),
        (2026, None, "stat", "refund", -50_000.0),
        (2027, None, "stat", "refund", -60_000.0),
        (2027, None, "region", "consequence", 20_000.0),
    ]
    frame = pd.DataFrame(rows, columns=["year", "department", "purse", "item", "amount"])
    return frame.assign(scenario="S1", derived=False)


def values(spec: dict[str, Any], data: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of one (sub)chart's named data set."""
    rows: list[dict[str, Any]] = spec["datasets"][data["name"]]
    return rows


def test_department_bars_show_each_department_and_the_state_apart() -> None:
    spec = department_chart(projection(), NAMES).to_dict()
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    top, bottom = (part["layer"][0] for part in spec["vconcat"])
    assert top["title"]["text"] == "Nettoresultat pr. afdeling og år (kommunen)"
    assert top["encoding"]["x"]["field"] == "aar"
    assert top["encoding"]["xOffset"]["field"] == "afdeling"
    assert top["encoding"]["y"]["title"] == "Kroner (kr.)"
    assert top["encoding"]["y"]["axis"]["format"] == theme.NUMBER_FORMAT
    colour = top["encoding"]["color"]["scale"]
    colours = dict(zip(colour["domain"], colour["range"], strict=True))
    assert colours["Socialafdelingen"] == theme.DEPARTMENT_COLOURS["SOC"]
    assert colours["Beskæftigelse (Jobcenter)"] == theme.DEPARTMENT_COLOURS["BESK"]
    own = {(r["aar"], r["afdeling"]): r["beloeb"] for r in values(spec, top["data"])}
    assert own == {
        (2026, "Beskæftigelse (Jobcenter)"): -850_000.0,
        (2026, "Socialafdelingen"): 600_000.0,
        (2027, "Beskæftigelse (Jobcenter)"): 300_000.0,
    }
    apart = {(r["aar"], r["afdeling"]): r["beloeb"] for r in values(spec, bottom["data"])}
    assert apart == {(2026, "Staten"): -50_000.0, (2027, "Staten"): -60_000.0,
                     (2027, "Regionen"): 20_000.0}  # fmt: skip
    assert "Staten og regionen" in bottom["title"]
    tooltip = {t["title"]: t.get("format") for t in top["encoding"]["tooltip"]}
    assert tooltip["Nettoresultat"] == "$,.0f"  # "1.234.567 kr." in the theme's locale


def cumulative() -> pd.DataFrame:
    return pd.DataFrame({
        "year": [2026, 2027, 2028],
        "cumulative": [-500_000.0, -100_000.0, 350_000.0],
        "cumulative_discounted": [-500_000.0, -120_000.0, 300_000.0],
    })  # fmt: skip


def rules(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [layer for layer in spec["layer"]
            if layer["mark"]["type"] == "rule" and "x" in layer["encoding"]]  # fmt: skip


def test_cumulative_line_marks_the_break_even_year() -> None:
    spec = cumulative_chart(cumulative(), 2028).to_dict()
    lines = spec["layer"][0]
    assert lines["title"]["text"] == "Kommunens akkumulerede nettoresultat"
    assert lines["encoding"]["color"]["scale"]["domain"] == [
        "Tilbagediskonteret", "Ikke tilbagediskonteret"]  # fmt: skip
    rows = values(spec, lines["data"])
    assert {(r["aar"], r["serie"]): r["beloeb"] for r in rows}[(2027, "Tilbagediskonteret")] \
        == -120_000.0  # fmt: skip
    assert len(rows) == 6
    (rule,) = rules(spec)
    assert values(spec, rule["data"])[0]["aar"] == 2028
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert values(spec, texts[0]["data"])[0]["tekst"] == "Tilbagebetalt fra 2028"


def test_no_break_even_rule_without_a_break_even_year() -> None:
    spec = cumulative_chart(cumulative(), None).to_dict()
    assert rules(spec) == []
    assert not [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]


def sensitivity() -> pd.DataFrame:
    """Three assumptions, each with its own range (one from the sheet Usikkerhed, two at the
    standard ±25 %)."""
    return pd.DataFrame({
        "scenario": "S1",
        "parameter": ["effect_size", "consequence_prices", "persons"],
        "label": ["Effektens størrelse", "Konsekvenspriser", "Antal personer"],
        "low_pct": [50.0, 75.0, 75.0],
        "high_pct": [110.0, 125.0, 125.0],
        "given": [True, False, False],
        "net_base": 200_000.0,
        "net_low": [50_000.0, 180_000.0, -100_000.0],
        "net_high": [350_000.0, 220_000.0, 500_000.0],
    })  # fmt: skip


def test_tornado_is_sorted_by_range_around_the_base() -> None:
    spec = tornado_chart(sensitivity()).to_dict()
    bars, rule = spec["layer"]
    assert bars["title"]["text"] == "Hvilke antagelser betyder mest"
    assert "sin lave og sin høje værdi" in bars["title"]["subtitle"]
    assert bars["encoding"]["y"]["sort"] == [
        "Antal personer (75–125 %)", "Effektens størrelse (50–110 %)",
        "Konsekvenspriser (75–125 %)"]  # fmt: skip
    assert bars["encoding"]["x"]["field"] == "start" and bars["encoding"]["x2"]["field"] == "slut"
    assert bars["encoding"]["color"]["scale"]["domain"] == [LOW_LABEL, HIGH_LABEL]
    assert [LOW_LABEL, HIGH_LABEL] == ["Ved lav", "Ved høj"]
    assert bars["encoding"]["y"]["axis"]["labelLimit"] >= 300  # names with ranges, uncut
    rows = values(spec, bars["data"])
    assert len(rows) == 6 and {r["start"] for r in rows} == {200_000.0}
    low = {r["antagelse"]: r["slut"] for r in rows if r["variant"] == LOW_LABEL}
    assert low["Antal personer (75–125 %)"] == -100_000.0
    # Each bar carries its own % of the expected value, not a fixed ±25 %.
    pct = {(r["antagelse"], r["variant"]): r["procent"] for r in rows}
    assert pct[("Effektens størrelse (50–110 %)", LOW_LABEL)] == 50.0
    assert pct[("Effektens størrelse (50–110 %)", HIGH_LABEL)] == 110.0
    assert values(spec, rule["data"]) == [{"basis": 200_000}]
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_range_text_is_danish() -> None:
    assert range_text(75.0, 125.0) == "75–125 %"
    assert range_text(87.5, 100.0) == "87,5–100 %"


def test_the_amount_axis_names_the_price_level_when_given() -> None:
    assert kroner_axis() == "Kroner (kr.)" and kroner_axis("2026-priser") == "Kroner (2026-priser)"
    spec = tornado_chart(sensitivity(), price_label="2026-priser").to_dict()
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Kroner (2026-priser)"
    spec = cumulative_chart(cumulative(), 2028, price_label="2026-priser").to_dict()
    assert spec["layer"][0]["encoding"]["y"]["title"] == "Kroner (2026-priser)"


def test_compare_draws_the_baseline_and_each_scenario() -> None:
    yearly = pd.DataFrame({
        "year": [2026, 2027] * 3,
        "series": ["Uden scenarie"] * 2 + ["S1 Flyt budget"] * 2 + ["S2 Mentor"] * 2,
        "cost": [10e6, 10.5e6, 9.8e6, 10.1e6, 10.2e6, 10.9e6],
        "baseline": [True] * 2 + [False] * 4,
    })  # fmt: skip
    spec = compare_chart(yearly).to_dict()
    assert spec["title"]["text"] == "Kommunens udgift: uden og med scenarierne"
    colour = spec["encoding"]["color"]["scale"]
    assert colour["domain"] == ["Uden scenarie", "S1 Flyt budget", "S2 Mentor"]
    assert colour["range"][0] == theme.TEXT
    assert spec["encoding"]["strokeDash"]["scale"]["range"][0] == [5, 3]
    rows = spec["datasets"][spec["data"]["name"]]
    assert len(rows) == 6 and rows[2] == {"aar": 2026, "serie": "S1 Flyt budget",
                                          "beloeb": 9_800_000.0}  # fmt: skip
    assert spec["encoding"]["y"]["axis"]["format"] == ",.0f"


def test_empty_frames_still_give_charts() -> None:
    empty = projection().iloc[0:0]
    assert department_chart(empty, NAMES).to_dict()["vconcat"]
    assert tornado_chart(sensitivity().iloc[0:0]).to_dict()["layer"]


def test_every_chart_writes_negative_kroner_with_the_tables_minus() -> None:
    """The tables and tiles write -1.234 kr. (toolkit.formats); d3's default would be U+2212."""
    assert formats.kroner(-1234) == "-1.234 kr."
    yearly = pd.DataFrame({"year": [2026], "series": ["Uden scenarie"], "cost": [1e6],
                           "baseline": [True]})  # fmt: skip
    for chart in (department_chart(projection(), NAMES), cumulative_chart(cumulative(), 2028),
                  tornado_chart(sensitivity()), compare_chart(yearly)):  # fmt: skip
        number = chart.to_dict()["config"]["locale"]["number"]
        assert number["minus"] == "-" and number["thousands"] == "."
