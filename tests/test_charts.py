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


def test_no_mark_is_clipped_through_an_svg_clip_path() -> None:
    """Rounded ends on stacked bars make vega clip each stack through an SVG clip path whose
    id restarts at «clip1» in every chart: with several charts on a page, one chart's bars
    were cut by another's clip shape. The theme draws square ends."""
    config = theme.config()
    assert not any("cornerRadius" in key for part in config.values() if isinstance(part, dict)
                   for key in part)  # fmt: skip
    spec = bar_chart(table(), "intervention_cost_dkk", category="department").to_dict()
    assert "cornerRadius" not in str(spec) and '"clip"' not in str(spec)


def test_legends_show_whole_names_in_rows() -> None:
    legend = theme.config()["legend"]
    assert legend["labelLimit"] == 0 and legend["columns"] == theme.LEGEND_COLUMNS


def test_period_labels_on_a_long_axis_make_room_for_each_other() -> None:
    config = theme.config()
    assert config["axisXDiscrete"]["labelOverlap"] == "greedy"
    assert config["axisXTemporal"]["labelOverlap"] == "greedy"


def test_axes_of_whole_numbers_get_whole_number_ticks_only() -> None:
    spec = {
        "encoding": {
            "x": {"field": "value", "axis": {"format": theme.NUMBER_FORMAT}},
            "y": {"field": "share", "axis": {"format": theme.DECIMAL_FORMAT}},
        },
        "hconcat": [{"encoding": {"x": {"axis": {"format": theme.NUMBER_FORMAT}}}}],
    }
    out = theme.whole_number_ticks(spec)
    assert out["encoding"]["x"]["axis"] == {"tickMinStep": 1, "format": theme.NUMBER_FORMAT}
    assert out["encoding"]["y"]["axis"] == {"format": theme.DECIMAL_FORMAT}  # 0,5 is a value
    assert out["hconcat"][0]["encoding"]["x"]["axis"]["tickMinStep"] == 1
    assert "tickMinStep" not in str(spec)  # the input is left as it was
