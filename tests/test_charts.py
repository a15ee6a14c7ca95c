"""Charts as data: the theme's Danish locale and colours, and what the builders encode."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from toolkit.charts import bar_chart, theme, trend_chart


@pytest.fixture(autouse=True)
def _theme() -> None:
    theme.enable()


def table() -> pd.DataFrame:
    rows = [
        ("persons_active_count", "2025-01", "ressourceforloeb", None, 120.0, 120),
        ("persons_active_count", "2025-02", "ressourceforloeb", None, 125.0, 125),
        ("persons_active_count", "2025-01", "fleksjob", None, 40.0, 40),
        ("persons_active_count", "2025-02", "fleksjob", None, None, None),  # suppressed
        ("intervention_cost_dkk", "2025-01", None, "SOC", 1_250_000.0, 30),
        ("intervention_cost_dkk", "2025-01", None, "BESK", 2_500_000.0, 80),
        ("intervention_cost_dkk", "2025-01", None, "KULTUR", 10_000.0, 6),
    ]
    frame = pd.DataFrame(
        rows, columns=["indicator", "period", "scheme", "department", "value", "n"]
    )
    return frame.astype({"scheme": "str", "department": "str", "n": "Int64"})


def test_the_theme_is_danish_calm_and_offline() -> None:
    spec = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict()
    locale = spec["config"]["locale"]
    assert locale["number"]["decimal"] == "," and locale["number"]["thousands"] == "."
    assert locale["time"]["shortMonths"][0] == "jan."
    assert spec["config"]["range"]["category"][0] == theme.PALETTE[0]
    assert theme.EMBED_OPTIONS["actions"] is False


def test_trend_chart_draws_hidden_values_as_gaps_not_zeros() -> None:
    spec = trend_chart(table(), "persons_active_count", colour_by="scheme").to_dict()
    assert spec["title"] == "Borgere i forløb"
    assert spec["encoding"]["y"]["title"] == "Borgere i forløb (personer)"
    assert spec["encoding"]["x"]["axis"]["format"] == "%b %Y"
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert len(values) == 3 and all(v["value"] for v in values)
    colour = spec["encoding"]["color"]
    assert colour["title"] == "Ordning"
    assert colour["scale"]["domain"] == ["Fleksjob", "Ressourceforløb"]
    assert colour["scale"]["range"] == [
        theme.SCHEME_COLOURS["fleksjob"],
        theme.SCHEME_COLOURS["ressourceforloeb"],
    ]


def test_a_department_has_the_same_colour_in_every_chart() -> None:
    spec = bar_chart(
        table(), "intervention_cost_dkk", category="department", colour_by="department"
    ).to_dict()
    scale = spec["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    assert colours["BESK"] == theme.DEPARTMENT_COLOURS["BESK"]
    assert colours["SOC"] == theme.DEPARTMENT_COLOURS["SOC"]
    assert colours["KULTUR"] not in theme.DEPARTMENT_COLOURS.values()
    assert spec["encoding"]["x"]["title"] == "Udgift til indsatser (kr.)"
    assert spec["encoding"]["x"]["axis"]["format"] == ",.0f"
