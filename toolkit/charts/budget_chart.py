"""The year's forventet regnskab against the korrigeret budget per department, in mio. kr.

A horizontal bar per department for the forventet regnskab, a black stroke across it where the
korrigeret budget ends and, beside the bar, the forventet mer-/mindreforbrug («+1,4»): the
difference a reader looks for, which is too small to see on an axis up to several hundred
million. Two series at most, told apart by shape (bar and stroke), so it survives greyscale
print.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from toolkit.charts import theme

__all__ = ["BUDGET_SERIES", "FORECAST_SERIES", "budget_chart"]

FORECAST_SERIES = "Forventet regnskab"
BUDGET_SERIES = "Korrigeret budget"
AXIS_TITLE = "Mio. kr."
_FORECAST_COLOUR = theme.PALETTE[5]  # light blue: the stroke and the label stay readable on it
_BUDGET_COLOUR = theme.TEXT
BAR_HEIGHT = 22
# With the department names beside it the chart fits the Word page's 16 cm (605 CSS pixels)
# at 100 %, so its 12 px labels print at 12 px.
WIDTH = 360


def budget_chart(rows: pd.DataFrame, *, title: str) -> alt.LayerChart:
    """``rows``: one per department with ``afdeling`` (its name), ``forventet`` and ``budget``
    (mio. kr.; budget NaN without one) and ``afvigelse`` (the label text, «+1,4»), in the order
    shown top to bottom."""
    order = list(rows["afdeling"])
    series = alt.Scale(domain=[FORECAST_SERIES, BUDGET_SERIES],
                       range=[_FORECAST_COLOUR, _BUDGET_COLOUR])  # fmt: skip
    legend = alt.Legend(title=None, orient="bottom", direction="horizontal", columns=2)
    y = alt.Y("afdeling:N", title=None, sort=order, axis=alt.Axis(labelLimit=0))
    amount = alt.Axis(format=theme.NUMBER_FORMAT, title=AXIS_TITLE)
    tooltip = [
        alt.Tooltip("afdeling:N", title="Afdeling"),
        alt.Tooltip("forventet:Q", title=f"{FORECAST_SERIES} (mio. kr.)",
                    format=theme.DECIMAL_FORMAT),
        alt.Tooltip("budget:Q", title=f"{BUDGET_SERIES} (mio. kr.)",
                    format=theme.DECIMAL_FORMAT),
        alt.Tooltip("afvigelse:N", title="Forventet mer-/mindreforbrug (mio. kr.)"),
    ]  # fmt: skip
    base = alt.Chart(rows).transform_calculate(
        forecast_series=f"'{FORECAST_SERIES}'", budget_series=f"'{BUDGET_SERIES}'"
    )
    bars = base.mark_bar(size=BAR_HEIGHT).encode(
        y=y,
        x=alt.X("forventet:Q", axis=amount),
        color=alt.Color("forecast_series:N", scale=series, legend=legend),
        tooltip=tooltip,
    )
    strokes = (
        base.transform_filter("isValid(datum.budget)")
        .mark_tick(thickness=3, size=BAR_HEIGHT + 10)
        .encode(
            y=y,
            x=alt.X("budget:Q", axis=amount),
            color=alt.Color("budget_series:N", scale=series, legend=legend),
            tooltip=tooltip,
        )
    )
    labels = base.mark_text(align="left", dx=8, fontSize=12, color=theme.TEXT).encode(
        y=y, x=alt.X("max_value:Q", axis=amount), text="afvigelse:N"
    )
    labels = labels.transform_calculate(max_value="max(datum.forventet, datum.budget || 0)")
    height = max(len(order), 1) * (BAR_HEIGHT + 18)
    return (bars + strokes + labels).properties(title=title, width=WIDTH, height=height)
