"""Charts for print: the briefing's figures, read on paper, in greyscale and at 100 %.

A page's chart can lean on colour and a tooltip; a printed one cannot. So here every line
differs by its dash and its point shape as well as its colour, a bar is named on its axis
(never by colour alone), a chart shows at most six series (the five largest and «Øvrige»)
or names its lines at their ends, quarters are labelled «3. kvt. 2025», a hidden value is a
gap in the line (not a line drawn across it) and large amounts are in mio. kr.

The builders draw what they are given: suppression happens before (a hidden value is NA).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from toolkit.charts import theme
from toolkit.charts.builders import FIXED_COLOURS, axis_title, value_format
from toolkit.indicators.catalogue import DIMENSIONS, get

__all__ = [
    "MAX_SERIES",
    "REST_HIDDEN_NOTE",
    "REST_LABEL",
    "Amounts",
    "amounts",
    "bar_chart",
    "complete_periods",
    "kroner_amounts",
    "rest_hides_values",
    "top_n_with_rest",
    "trend_chart",
]

MAX_SERIES = 6
REST_LABEL = "Øvrige"
REST_COLOUR = "#8C8C8C"
REST_HIDDEN_NOTE = "«Øvrige» omfatter kun de viste tal; skjulte tal indgår ikke."
# The text width of the Word page is 16 cm, 605 CSS pixels: a chart no wider is printed at
# 100 % (render_docx shrinks a wider one, and its 12 px labels with it).
LINE_WIDTH = 480
LINE_HEIGHT = 220
BAR_WIDTH = 300
BAR_STEP = 20
BAR_LABEL_LIMIT = 230
# Solid, dashed, dotted, dash-dot, long dash, sparse dots: six lines told apart in grey.
DASHES: tuple[tuple[int, ...], ...] = ((1, 0), (7, 3), (2, 2), (8, 3, 2, 3), (12, 4), (1, 4))
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down")
MILLION = 1_000_000
MILLION_AXIS_FORMAT = ",.1~f"  # «30», «2,5»: no «30,0» on the axis
MILLION_FORMAT = ",.1f"
# The periods kept apart when series are folded, if the caller names none.
_PERIOD_COLUMNS = ("indicator", "period", "periode", "dato")


# -- folding many series into six ----------------------------------------------------------------


def _ranked(frame: pd.DataFrame, by: str, value: str) -> list[str]:
    """The series, largest first by their visible value in the latest period (then by name)."""
    latest = frame[frame["period"] == frame["period"].max()] if "period" in frame else frame
    totals = latest.groupby(by, dropna=True)[value].sum(min_count=1)

    def largest_first(name: str) -> tuple[int, float, str]:
        total = totals.get(name)
        return (1, 0.0, name) if total is None or pd.isna(total) else (0, -float(total), name)

    return sorted((str(s) for s in dict.fromkeys(frame[by].dropna())), key=largest_first)


def _rest(frame: pd.DataFrame, by: str, value: str, n: int) -> pd.Series:
    """Which rows fall in the rest (no rest when the series fit: at most ``n`` + 1)."""
    ranked = _ranked(frame, by, value)
    if len(ranked) <= n + 1:
        return pd.Series(False, index=frame.index)
    return frame[by].notna() & ~frame[by].astype(str).isin(ranked[:n])


def top_n_with_rest(
    frame: pd.DataFrame,
    by: str,
    value: str,
    n: int = 5,
    rest_label: str = REST_LABEL,
    *,
    keep: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The ``n`` largest series of column ``by`` (by their value in the latest ``period``)
    and one row «Øvrige» per ``keep`` group with the sum of the rest's visible values.

    Only published values are summed: a hidden value (NA) stays hidden, so «Øvrige» is NA
    where every value of the rest is hidden (:func:`rest_hides_values` says whether the
    caption must say so). ``keep`` are the columns that stay apart (the period, and the
    department when bars are per department); by default the period columns. A frame with
    at most ``n`` + 1 series comes back unchanged."""
    folded = _rest(frame, by, value, n)
    if not folded.any():
        return frame.copy()
    columns = [c for c in (keep if keep is not None else _PERIOD_COLUMNS) if c in frame]
    rest = frame[folded]
    if columns:
        sums = rest.groupby(columns, dropna=False, sort=False)[value].sum(min_count=1)
        summed = sums.reset_index()
    else:
        summed = pd.DataFrame({value: [rest[value].sum(min_count=1)]})
    summed[by] = rest_label
    return pd.concat([frame[~folded], summed], ignore_index=True)


def rest_hides_values(frame: pd.DataFrame, by: str, value: str, n: int = 5) -> bool:
    """True when a hidden value (NA) is among the series :func:`top_n_with_rest` folds."""
    folded = _rest(frame, by, value, n)
    return bool(frame.loc[folded, value].isna().any())


# -- periods and amounts -------------------------------------------------------------------------


def complete_periods(
    rows: pd.DataFrame, by: str | None, periods: Sequence[str], *, zero: Iterable[str] = ()
) -> pd.DataFrame:
    """The rows with one row per series and period: a period without a row gets a hidden
    value (NA: a gap in the line), or 0 in the ``zero`` periods (a count with no row in a
    period with data is a true 0)."""
    zero_periods = set(zero)
    series: list[object] = list(dict.fromkeys(rows[by].dropna())) if by else [None]
    missing = []
    for name in series:
        have = set(rows.loc[rows[by] == name, "period"]) if by else set(rows["period"])
        for period in periods:
            if period not in have:
                row: dict[str, object] = {
                    "period": period,
                    "value": 0.0 if period in zero_periods else float("nan"),
                }
                if by:
                    row[by] = name
                missing.append(row)
    if not missing:
        return rows
    added = pd.DataFrame(missing)
    if "indicator" in rows and len(rows):
        added["indicator"] = rows["indicator"].iloc[0]
    named = f"{by}_navn"
    if by and named in rows:  # the name goes with its code («Socialafdelingen» with SOC)
        added[named] = added[by].map(dict(zip(rows[by], rows[named], strict=True)))
    return pd.concat([rows, added], ignore_index=True)


@dataclass(frozen=True)
class Amounts:
    """How an indicator's values are shown: divided by ``divisor``, titled, formatted."""

    divisor: float
    title: str
    axis_format: str
    label_format: str


def amounts(indicator_id: str, values: Iterable[float]) -> Amounts:
    """Kroner in mio. kr. when the largest shown amount is at least 1 mio., else as they are."""
    item = get(indicator_id)
    largest = max((abs(float(v)) for v in values if pd.notna(v)), default=0.0)
    if item.unit == "kr." and largest >= MILLION:
        title = f"{item.label} (mio. kr.)"
        return Amounts(MILLION, title, MILLION_AXIS_FORMAT, MILLION_FORMAT)
    fmt = value_format(item.unit)
    return Amounts(1.0, axis_title(indicator_id), fmt, fmt)


def kroner_amounts(label: str, values: Iterable[float]) -> Amounts:
    """Kroner that belong to no indicator (a scenario's results), by the rule of
    :func:`amounts`: in mio. kr. when the largest shown amount is at least 1 mio., titled
    «``label`` (mio. kr.)», else in kroner, titled «``label`` (kr.)»."""
    largest = max((abs(float(v)) for v in values if pd.notna(v)), default=0.0)
    if largest >= MILLION:
        return Amounts(MILLION, f"{label} (mio. kr.)", MILLION_AXIS_FORMAT, MILLION_FORMAT)
    fmt = value_format("kr.")
    return Amounts(1.0, f"{label} (kr.)", fmt, fmt)


# -- series styles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    """The series' names in order and their colour, dash and shape (one of each per name)."""

    field: str
    title: str
    names: tuple[str, ...]
    colours: tuple[str, ...]

    def scale(self, values: Sequence[Any]) -> alt.Scale:
        return alt.Scale(domain=list(self.names), range=list(values))

    def color(self, legend: alt.Legend | None) -> alt.Color:
        return alt.Color(f"{self.field}:N", title=self.title, scale=self.scale(self.colours),
                         legend=legend)  # fmt: skip

    def dash(self, legend: alt.Legend | None) -> alt.StrokeDash:
        dashes = [list(DASHES[i % len(DASHES)]) for i in range(len(self.names))]
        return alt.StrokeDash(f"{self.field}:N", title=self.title, scale=self.scale(dashes),
                              legend=legend)  # fmt: skip

    def shape(self, legend: alt.Legend | None) -> alt.Shape:
        shapes = [SHAPES[i % len(SHAPES)] for i in range(len(self.names))]
        return alt.Shape(f"{self.field}:N", title=self.title, scale=self.scale(shapes),
                         legend=legend)  # fmt: skip


def _style(rows: pd.DataFrame, dim: str) -> _Style:
    """Known codes keep their colour (a department is the same colour in every chart);
    «Øvrige» is grey and last."""
    shown = f"{dim}_navn" if f"{dim}_navn" in rows else dim
    pairs = {str(c): str(n) for c, n in zip(rows[dim], rows[shown], strict=True)
             if pd.notna(c) and str(n) != REST_LABEL}  # fmt: skip
    scale = theme.colour_scale(list(pairs), FIXED_COLOURS.get(dim, {}))
    names = [pairs[str(code)] for code in scale.domain]
    colours = [str(c) for c in scale.range]
    if (rows[shown] == REST_LABEL).any():
        names.append(REST_LABEL)
        colours.append(REST_COLOUR)
    return _Style(shown, DIMENSIONS[dim], tuple(names), tuple(colours))


def _fold(rows: pd.DataFrame, dim: str, keep: Sequence[str]) -> tuple[pd.DataFrame, bool]:
    """At most six series of ``dim``: the five largest and «Øvrige»."""
    shown = f"{dim}_navn" if f"{dim}_navn" in rows else dim
    hidden = rest_hides_values(rows, shown, "value")
    folded = top_n_with_rest(rows, shown, "value", keep=keep)
    folded[dim] = folded[dim].where(folded[shown] != REST_LABEL, REST_LABEL)
    return folded, hidden


# -- the charts ------------------------------------------------------------------------------------


def trend_chart(
    rows: pd.DataFrame,
    indicator_id: str,
    *,
    series: str | None,
    periods: Sequence[str],
    title: str,
) -> alt.TopLevelSpec:
    """A line per ``series`` over ``periods`` (Danish period names, in order, one label
    each). A row whose value is NA breaks its line; the points either side stay. More than
    six lines are named at their last point instead of in a legend."""
    if series:  # a series with every value hidden has nothing to draw: not in the legend
        visible = rows.loc[rows["value"].notna(), series]
        rows = rows[rows[series].notna() & rows[series].isin(visible)]
    shown = amounts(indicator_id, rows["value"])
    data = rows.assign(value=rows["value"] / shown.divisor)
    x = alt.X("periode:O", title=None, sort=list(periods),
              scale=alt.Scale(domain=list(periods)), axis=alt.Axis(labelAngle=0))  # fmt: skip
    y = alt.Y("value:Q", title=shown.title, axis=alt.Axis(format=shown.axis_format))
    # The line breaks at an NA; the quarter stays on the axis (the domain keeps it).
    base = alt.Chart(data, title=title, width=LINE_WIDTH, height=LINE_HEIGHT)
    line = base.mark_line(invalid="break-paths-show-domains")
    points = base.mark_point(filled=True, size=60, opacity=1, invalid="break-paths-show-domains")
    if not series:
        return alt.layer(line.encode(x=x, y=y), points.encode(x=x, y=y))
    style = _style(rows, series)
    direct = len(style.names) > MAX_SERIES
    legend = None if direct else alt.Legend(symbolSize=90)
    layers: list[alt.Chart] = [
        # The legend shows colour and shape (as the points do); a dash in a legend symbol
        # reads as a broken outline.
        line.encode(x=x, y=y, color=style.color(legend), strokeDash=style.dash(None)),
        points.encode(x=x, y=y, color=style.color(legend), shape=style.shape(legend)),
    ]
    if direct:
        last = data[data["value"].notna()].copy()
        last["order"] = last["periode"].map({p: i for i, p in enumerate(periods)})
        last = last.sort_values("order").groupby(style.field, sort=False).tail(1)
        labels = alt.Chart(last).mark_text(align="left", dx=7, fontSize=11)
        layers.append(labels.encode(x=x, y=y, text=f"{style.field}:N",
                                    color=style.color(None)))  # fmt: skip
    return alt.layer(*layers)


def bar_chart(
    rows: pd.DataFrame,
    indicator_id: str,
    *,
    category: str,
    series: str,
    title: str,
) -> tuple[alt.TopLevelSpec, bool]:
    """Horizontal bars with their value at the end: one per ``category`` when ``series`` is
    the same dimension, else one per ``series`` in a panel per ``category`` (at most six
    series: the five largest and «Øvrige»), so a bar is named on its axis, not by colour.

    Also says whether a hidden value is among those folded into «Øvrige»."""
    rows = rows[rows[category].notna() & rows[series].notna()]
    hidden_in_rest = False
    cat = f"{category}_navn" if f"{category}_navn" in rows else category
    if series != category:
        rows, hidden_in_rest = _fold(rows, series, keep=(category, cat))
    name = f"{series}_navn" if f"{series}_navn" in rows else series
    keys = list(dict.fromkeys((cat, name)))  # one key when a bar per category
    summed = rows.groupby(keys, sort=False)["value"].sum(min_count=1).reset_index()
    summed = summed[summed["value"].notna()]
    # The note on «Øvrige» belongs to a drawn «Øvrige» bar.
    hidden_in_rest = hidden_in_rest and bool((summed[name] == REST_LABEL).any())
    shown = amounts(indicator_id, summed["value"])
    # Largest first in each panel, «Øvrige» last (vega's "-x" sort is lost in a facet).
    is_rest = summed[name] == REST_LABEL
    order = (-summed["value"]).where(~is_rest, summed["value"].abs().sum() + 1.0)
    data = summed.assign(value=summed["value"] / shown.divisor, rang=order)
    colour = _style(rows, category).color(None)  # the bar is named on its axis
    x = alt.X("value:Q", title=shown.title, axis=alt.Axis(format=shown.axis_format))
    y = alt.Y(f"{name}:N", title=None, sort=alt.EncodingSortField("rang", op="min"),
              axis=alt.Axis(labelLimit=BAR_LABEL_LIMIT))  # fmt: skip
    base = alt.Chart(data, width=BAR_WIDTH, height=alt.Step(BAR_STEP))
    bars = base.mark_bar().encode(x=x, y=y, color=colour)
    labels = base.mark_text(align="left", dx=4, fontSize=11, color=theme.TEXT).encode(
        x=x, y=y, text=alt.Text("value:Q", format=shown.label_format)
    )
    if series == category:
        return alt.layer(bars, labels, title=title), False
    header = alt.Header(title=None, labelAngle=0, labelAlign="left", labelAnchor="start",
                        labelOrient="top", labelFontWeight="bold", labelFontSize=12,
                        labelPadding=0)  # fmt: skip
    chart = (
        alt.layer(bars, labels)
        .facet(row=alt.Row(f"{cat}:N", header=header, sort=list(dict.fromkeys(data[cat]))),
               title=title, spacing=14)
        .resolve_scale(y="independent")
    )  # fmt: skip
    return chart, hidden_in_rest
