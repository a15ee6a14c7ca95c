"""The comparison with other municipalities as a line chart: a scheme's rate per 1.000
16-66-årige by quarter for the municipality, its comparison group and the whole country.

The rows are those of :func:`toolkit.national.rates.rates` for one scheme. Published
figures keep the publisher's marks: a period whose rate is missing (a «..» from Jobindsats,
a quarter without population) stays in the data as a missing value, so the line breaks
there instead of dropping to 0. The municipality's own line is drawn wider than the others;
the print version also tells the lines apart by dash and point shape (read in greyscale).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from toolkit.charts import theme
from toolkit.charts.print_charts import DASHES, LINE_HEIGHT, LINE_WIDTH, SHAPES
from toolkit.periods import parse_period

__all__ = [
    "COUNTRY",
    "RATE_TITLE",
    "ROLES",
    "chart_rows",
    "comparison_chart",
    "comparison_print_chart",
    "group_name",
]

ROLES = ("own", "group", "country")
ROLE_COLOURS = (theme.PALETTE[0], theme.PALETTE[1], theme.MUTED)
OWN_WIDTH = 4.5  # the municipality's own line stands out (the others: the theme's 2,5)
COUNTRY = "Hele landet"
RATE_TITLE = "Pr. 1.000 16-66-årige"
PAGE_WIDTH = 560
PAGE_HEIGHT = 260
# «1. kvt. 2026» on two lines («1. kvt.» over «2026»): a dozen quarters fit side by side.
QUARTER_LABEL_LINES = "[slice(datum.label, 0, 7), slice(datum.label, 8)]"


def group_name(areas_in_group: int) -> str:
    """«Sammenligningsgruppen (5 kommuner)»; one member: «(1 kommune)»."""
    noun = "kommune" if areas_in_group == 1 else "kommuner"
    return f"Sammenligningsgruppen ({areas_in_group} {noun})"


def chart_rows(rates: pd.DataFrame) -> pd.DataFrame:
    """The rows drawn: one per role and quarter, named for a reader (the municipality's
    name, «Sammenligningsgruppen (N kommuner)», «Hele landet»), a missing rate kept as a
    missing value (a gap). Columns: periode, serie, rolle, rate, antal, befolkning,
    kommuner (the group's members counted in that quarter, else missing)."""
    rows = rates[rates["role"].isin(ROLES)].copy()
    order = sorted(dict.fromkeys(rows["period"]), key=lambda label: parse_period(label).start)
    rows["order"] = rows["period"].map({label: i for i, label in enumerate(order)})
    rows = rows.sort_values(["order", "role"], kind="stable")
    in_group = pd.to_numeric(rows.loc[rows["role"] == "group", "areas_in_group"]).max()
    names = {"group": group_name(int(in_group)) if pd.notna(in_group) else group_name(0),
             "country": COUNTRY}  # fmt: skip
    serie = [names.get(role, str(area)) for role, area in zip(rows["role"], rows["area"],
                                                              strict=True)]  # fmt: skip
    counted = pd.to_numeric(rows["areas_counted"]).where(rows["role"] == "group")
    return pd.DataFrame(
        {
            "periode": [parse_period(label).danish for label in rows["period"]],
            "serie": serie,
            "rolle": rows["role"].to_numpy(),
            "rate": pd.to_numeric(rows["rate_per_1000"]).astype(float).to_numpy(),
            "antal": pd.to_numeric(rows["count"]).astype(float).to_numpy(),
            "befolkning": pd.to_numeric(rows["population"]).astype(float).to_numpy(),
            "kommuner": counted.astype(float).to_numpy(),
        }
    )


def _series(data: pd.DataFrame) -> tuple[list[str], list[str], list[int]]:
    """The series in role order with their colour and position among ``ROLES``."""
    names: list[str] = []
    colours: list[str] = []
    positions: list[int] = []
    for i, role in enumerate(ROLES):
        found = data.loc[data["rolle"] == role, "serie"]
        if len(found):
            names.append(str(found.iloc[0]))
            colours.append(ROLE_COLOURS[i])
            positions.append(i)
    return names, colours, positions


def _base(data: pd.DataFrame, title: str, width: int, height: int) -> alt.Chart:
    return alt.Chart(data, title=title, width=width, height=height)


def _encodings(data: pd.DataFrame) -> tuple[alt.X, alt.Y, list[alt.Tooltip]]:
    periods = list(dict.fromkeys(data["periode"]))
    x = alt.X("periode:O", title=None, sort=periods, scale=alt.Scale(domain=periods),
              axis=alt.Axis(labelAngle=0, labelExpr=QUARTER_LABEL_LINES))  # fmt: skip
    y = alt.Y("rate:Q", title=RATE_TITLE, axis=alt.Axis(format=theme.DECIMAL_FORMAT))
    tooltip = [
        alt.Tooltip("periode:N", title="Kvartal"),
        alt.Tooltip("serie:N", title="Område"),
        alt.Tooltip("rate:Q", title=RATE_TITLE, format=theme.DECIMAL_FORMAT),
        alt.Tooltip("antal:Q", title="Antal personer", format=theme.NUMBER_FORMAT),
        alt.Tooltip("befolkning:Q", title="Indbyggere 16-66 år", format=theme.NUMBER_FORMAT),
    ]
    if data["kommuner"].notna().any():
        tooltip.append(
            alt.Tooltip("kommuner:Q", title="Kommuner med tal", format=theme.NUMBER_FORMAT)
        )
    return x, y, tooltip


def comparison_chart(rates: pd.DataFrame, *, title: str = "") -> alt.TopLevelSpec:
    """The page's chart: a line per role, the municipality's wider, points with a tooltip
    (quarter, area, rate, count, population); a missing rate breaks its line."""
    data = chart_rows(rates)
    names, colours, _ = _series(data)
    x, y, tooltip = _encodings(data)
    colour = alt.Color("serie:N", title=None, sort=names,
                       scale=alt.Scale(domain=names, range=colours))  # fmt: skip
    base = _base(data, title, PAGE_WIDTH, PAGE_HEIGHT)
    line = base.mark_line(invalid="break-paths-show-domains").encode(x=x, y=y, color=colour)
    points = base.mark_point(filled=True, size=55, opacity=1,
                             invalid="break-paths-show-domains")  # fmt: skip
    return alt.layer(line, _own_line(base, x, y, colour),
                     points.encode(x=x, y=y, color=colour, tooltip=tooltip))  # fmt: skip


def _own_line(base: alt.Chart, x: alt.X, y: alt.Y, colour: alt.Color, **more: Any) -> alt.Chart:
    """The municipality's line drawn again, wider, over the others. (A strokeWidth channel
    would do it in one layer, but Vega-Lite then drops the colour legend it merges with.)"""
    own = base.transform_filter(alt.datum.rolle == ROLES[0])
    return own.mark_line(strokeWidth=OWN_WIDTH, invalid="break-paths-show-domains").encode(
        x=x, y=y, color=colour, **more
    )


def comparison_print_chart(rates: pd.DataFrame, *, title: str) -> alt.TopLevelSpec:
    """The briefing's chart (at most ``print_charts.LINE_WIDTH`` wide): the lines also
    differ by dash and point shape, so they are told apart on a grey printout."""
    data = chart_rows(rates)
    names, colours, positions = _series(data)
    x, y, _ = _encodings(data)
    legend = alt.Legend(symbolSize=90, columns=1)

    def scale(values: Sequence[Any]) -> alt.Scale:
        return alt.Scale(domain=names, range=list(values))

    colour = alt.Color("serie:N", title=None, sort=names, scale=scale(colours), legend=legend)
    # A dash in a legend symbol reads as a broken outline: the legend shows colour and shape.
    dash = alt.StrokeDash("serie:N", legend=None,
                          scale=scale([list(DASHES[p]) for p in positions]))  # fmt: skip
    shape = alt.Shape("serie:N", title=None, legend=legend,
                      scale=scale([SHAPES[p] for p in positions]))  # fmt: skip
    base = _base(data, title, LINE_WIDTH, LINE_HEIGHT)
    line = base.mark_line(invalid="break-paths-show-domains").encode(
        x=x, y=y, color=colour, strokeDash=dash
    )
    points = base.mark_point(filled=True, size=60, opacity=1,
                             invalid="break-paths-show-domains")  # fmt: skip
    return alt.layer(line, _own_line(base, x, y, colour, strokeDash=dash),
                     points.encode(x=x, y=y, color=colour, shape=shape))  # fmt: skip
