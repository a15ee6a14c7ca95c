"""Chart builders: a tidy indicator table in, an altair chart out, titles from the catalogue.

The builders draw what they are given: suppression happens before (hidden values are NA and
are left out of the marks, never drawn as 0).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from toolkit import schema
from toolkit.charts import theme
from toolkit.indicators.catalogue import DIMENSIONS, get
from toolkit.periods import parse_period

# Code lists that turn a dimension's codes into Danish labels.
_CODE_LABELS: dict[str, schema.CodeList] = {
    "scheme": schema.SCHEME,
    "exit_reason": schema.EXIT_REASON,
    "case_type": schema.CASE_TYPE,
    "recommendation": schema.RECOMMENDATION,
    "refusal_reason": schema.REFUSAL_REASON,
    "benefit": schema.BENEFIT,
    "support_at_entry": schema.SUPPORT_AT_ENTRY,
}
FIXED_COLOURS = {"department": theme.DEPARTMENT_COLOURS, "scheme": theme.SCHEME_COLOURS}


def value_format(unit: str) -> str:
    return (
        theme.DECIMAL_FORMAT
        if unit in ("%", "fuldtidspersoner", "sager pr. møde", "kontaktpersoner", "point")
        else theme.NUMBER_FORMAT
    )


def axis_title(indicator_id: str) -> str:
    item = get(indicator_id)
    return f"{item.label} ({item.unit})"


def chart_data(
    frame: pd.DataFrame, indicator_id: str, *, keep_hidden: bool = False
) -> pd.DataFrame:
    """The rows of one indicator with a date and a Danish period name; hidden values left out
    unless ``keep_hidden`` (a line breaks at a kept row whose value is NA)."""
    rows = frame[frame["indicator"] == indicator_id]
    rows = (rows if keep_hidden else rows[rows["value"].notna()]).copy()
    periods = [parse_period(label) for label in rows["period"]]
    rows["dato"] = pd.to_datetime([p.start for p in periods])
    rows["periode"] = [p.danish for p in periods]
    for dim, codes in _CODE_LABELS.items():
        if dim in rows:
            rows[f"{dim}_navn"] = rows[dim].map(lambda code, c=codes: c.label(code))
    return rows


def _colour(rows: pd.DataFrame, dim: str) -> alt.Color:
    shown = f"{dim}_navn" if f"{dim}_navn" in rows else dim
    codes = rows[dim].dropna().unique().tolist()
    scale = theme.colour_scale(codes, FIXED_COLOURS.get(dim, {}))
    if shown != dim:  # the scale's domain are the codes; show their Danish names
        labels = dict(zip(rows[dim], rows[shown], strict=True))
        scale = alt.Scale(
            domain=[labels[c] for c in scale.domain],
            range=scale.range,
        )
    return alt.Color(f"{shown}:N", title=DIMENSIONS[dim], scale=scale)


def trend_chart(
    frame: pd.DataFrame,
    indicator_id: str,
    *,
    colour_by: str | None = None,
    title: str | None = None,
) -> alt.Chart:
    """One line per ``colour_by`` value over the periods of the table."""
    item = get(indicator_id)
    rows = chart_data(frame, indicator_id)
    fmt = value_format(item.unit)
    tooltip = [
        alt.Tooltip("periode:N", title="Periode"),
        alt.Tooltip("value:Q", title=item.label, format=fmt),
        alt.Tooltip("n:Q", title="Antal borgere", format=theme.NUMBER_FORMAT),
    ]
    encoding: dict[str, object] = {
        "x": alt.X("dato:T", title=None, axis=alt.Axis(format=theme.MONTH_FORMAT)),
        "y": alt.Y("value:Q", title=axis_title(indicator_id), axis=alt.Axis(format=fmt)),
        "tooltip": tooltip,
    }
    if colour_by:
        encoding["color"] = _colour(rows, colour_by)
        shown = f"{colour_by}_navn" if f"{colour_by}_navn" in rows else colour_by
        tooltip.insert(1, alt.Tooltip(f"{shown}:N", title=DIMENSIONS[colour_by]))
    chart = alt.Chart(rows, title=title or item.label).mark_line(point=True)
    return chart.encode(**encoding)


def bar_chart(
    frame: pd.DataFrame,
    indicator_id: str,
    *,
    category: str,
    colour_by: str | None = None,
    title: str | None = None,
) -> alt.Chart:
    """Horizontal bars per ``category`` (summed over periods), stacked by ``colour_by``."""
    item = get(indicator_id)
    rows = chart_data(frame, indicator_id)
    shown = f"{category}_navn" if f"{category}_navn" in rows else category
    fmt = value_format(item.unit)
    encoding: dict[str, object] = {
        "y": alt.Y(f"{shown}:N", title=DIMENSIONS[category], sort="-x"),
        "x": alt.X("sum(value):Q", title=axis_title(indicator_id), axis=alt.Axis(format=fmt)),
        "tooltip": [
            alt.Tooltip(f"{shown}:N", title=DIMENSIONS[category]),
            alt.Tooltip("sum(value):Q", title=item.label, format=fmt),
        ],
    }
    if colour_by:
        encoding["color"] = _colour(rows, colour_by)
    chart = alt.Chart(rows, title=title or item.label).mark_bar()
    return chart.encode(**encoding)
