"""Charts of where citizens are after a course and how long courses last: the status bars
(one 100 % bar per horizon, statuses stacked in a fixed order and colour) and the
Kaplan-Meier curves (a step line per start-year cohort with its 95 % band), for the page
and for print.

The builders draw what they are given: suppression happens before (a hidden share or curve
step is NA and is left out of the marks, never drawn as 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import altair as alt
import pandas as pd

from toolkit.charts import theme
from toolkit.charts.print_charts import DASHES
from toolkit.indicators.follow_up import STATUS_LABELS, STATUS_ORDER, UNKNOWN

__all__ = [
    "STATUS_COLOURS",
    "horizon_label",
    "latest_whole_years",
    "print_survival_curves",
    "status_bars",
    "status_label",
    "survival_curves",
]

# From the theme's colour-blind-safe palette; «Ukendt» grey, as «Øvrige» is in print.
STATUS_COLOURS: dict[str, str] = {
    "job_uddannelse": theme.PALETTE[2],
    "fleksjob": theme.PALETTE[5],
    "ledighedsydelse": theme.PALETTE[0],
    "foertidspension": theme.PALETTE[3],
    "kontanthjaelp": theme.PALETTE[4],
    "sygedagpenge": theme.PALETTE[1],
    "selvforsoerget": theme.PALETTE[6],
    "fraflyttet": theme.PALETTE[7],
    UNKNOWN: "#B0B0B0",
}
STATUS_TITLE = "Status efter forløbet"
SHARE_TITLE = "Andel af forløbene (%)"
BAR_WIDTH = 560
CURVE_WIDTH = 560
COHORTS_DRAWN = 4  # start years drawn unless a reader chooses others
CURVE_HEIGHT = 260
PRINT_CURVE_WIDTH = 440
TIME_TITLE = "Måneder siden start"
SURVIVAL_TITLE = "Stadig i forløb"
# The survival is published as a share (0-1): the axis prints it in per cent («50 %»).
SHARE_AXIS_FORMAT = ".0%"
SHARE_FORMAT = ".1%"


def status_label(code: str) -> str:
    return STATUS_LABELS[code]


def horizon_label(months: int) -> str:
    return f"{months} måned efter" if months == 1 else f"{months} måneder efter"


def _status_rows(shares: pd.DataFrame) -> pd.DataFrame:
    rows = shares[shares["value"].notna()].copy()
    rows["status_navn"] = [status_label(str(c)) for c in rows["status"]]
    rows["horisont"] = [horizon_label(int(h)) for h in rows["horizon"]]
    rows["rang"] = [STATUS_ORDER.index(str(c)) for c in rows["status"]]
    return rows.reset_index(drop=True)


def _status_colour() -> alt.Color:
    return alt.Color(
        "status_navn:N",
        title=STATUS_TITLE,
        scale=alt.Scale(
            domain=[status_label(c) for c in STATUS_ORDER],
            range=[STATUS_COLOURS[c] for c in STATUS_ORDER],
        ),
        sort=[status_label(c) for c in STATUS_ORDER],
    )


def status_bars(shares: pd.DataFrame, horizons: tuple[int, ...]) -> alt.Chart:
    """A horizontal bar per horizon, the shown shares stacked in ``STATUS_ORDER``; a hidden
    share is a gap at the bar's end (the bar stops short of 100 %).

    ``shares``: horizon, status, value (%), count, total (the published rows)."""
    rows = _status_rows(shares)
    order = [horizon_label(h) for h in horizons]
    return (
        alt.Chart(rows, width=BAR_WIDTH, height=alt.Step(30))
        .mark_bar()
        .encode(
            y=alt.Y("horisont:N", title=None, sort=order, scale=alt.Scale(domain=order)),
            x=alt.X("value:Q", title=SHARE_TITLE, stack="zero",
                    scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(format=theme.NUMBER_FORMAT)),
            color=_status_colour(),
            order=alt.Order("rang:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip("horisont:N", title="Tid efter forløbet"),
                alt.Tooltip("status_navn:N", title="Status"),
                alt.Tooltip("value:Q", title="Andel (%)", format=theme.DECIMAL_FORMAT),
                alt.Tooltip("count:Q", title="Forløb", format=theme.NUMBER_FORMAT),
                alt.Tooltip("total:Q", title="Forløb fulgt i alt", format=theme.NUMBER_FORMAT),
            ],
        )
    )  # fmt: skip


def latest_whole_years(cohorts: Sequence[str], as_of: date) -> list[str]:
    """The ``COHORTS_DRAWN`` latest start years before ``as_of``'s year: this year's courses
    have run a few months at most, and more lines do not read."""
    whole = sorted(str(c) for c in cohorts if int(c) < as_of.year)
    return whole[-COHORTS_DRAWN:]


def _curve_rows(curves: pd.DataFrame) -> pd.DataFrame:
    rows = curves[curves["value"].notna()].copy()
    rows["kohorte"] = rows["cohort"].astype(str)
    return rows.reset_index(drop=True)


def survival_curves(
    curves: pd.DataFrame, every_cohort: Sequence[str] = (), *, width: int = CURVE_WIDTH
) -> alt.LayerChart:
    """A step line per start-year cohort with its 95 % band (see :func:`_curve_layers`);
    a cohort keeps its colour by its place in ``every_cohort`` (the cohorts one can choose)."""
    return _one_legend(alt.LayerChart(layer=list(_curve_layers(curves, every_cohort, width))))


def _one_legend(chart: alt.LayerChart) -> alt.LayerChart:
    """The lines' legend only: the band's fill has a scale and a (hidden) legend of its own."""
    return chart.resolve_scale(fill="independent").resolve_legend(fill="independent")


def _curve_layers(
    curves: pd.DataFrame, every_cohort: Sequence[str], width: int
) -> tuple[alt.Chart, alt.Chart]:
    """A step line per start-year cohort (share still in the course, %) over months since
    the start, with its 95 % band; a hidden step and every step after it are not in the
    data, so the line stops where the number at risk falls below the limit.

    ``curves``: cohort, time (months), value, lower, upper (0-1), at_risk: the published
    rows of :func:`toolkit.survival.published_curves` of one scheme."""
    rows = _curve_rows(curves)
    cohorts = sorted(rows["kohorte"].unique())
    places = {c: i for i, c in enumerate(every_cohort or cohorts)}
    colours = [theme.PALETTE[places.get(c, i) % len(theme.PALETTE)] for i, c in enumerate(cohorts)]
    scale = alt.Scale(domain=cohorts, range=colours)
    colour = alt.Color("kohorte:N", title="Startår", sort=cohorts, scale=scale)
    x = alt.X("time:Q", title=TIME_TITLE, axis=alt.Axis(format=theme.NUMBER_FORMAT))
    y = alt.Y("value:Q", title=SURVIVAL_TITLE, scale=alt.Scale(domain=[0, 1]),
              axis=alt.Axis(format=SHARE_AXIS_FORMAT))  # fmt: skip
    tooltip = [
        alt.Tooltip("kohorte:N", title="Startår"),
        alt.Tooltip("time:Q", title="Måneder", format=theme.DECIMAL_FORMAT),
        alt.Tooltip("value:Q", title="Stadig i forløb", format=SHARE_FORMAT),
        alt.Tooltip("lower:Q", title="Nedre grænse, 95 %", format=SHARE_FORMAT),
        alt.Tooltip("upper:Q", title="Øvre grænse, 95 %", format=SHARE_FORMAT),
        alt.Tooltip("at_risk:Q", title="Stadig i forløb (antal)", format=theme.NUMBER_FORMAT),
    ]
    base = alt.Chart(rows, width=width, height=CURVE_HEIGHT)
    band_y = alt.Y("lower:Q", title=SURVIVAL_TITLE, scale=alt.Scale(domain=[0, 1]),
                   axis=alt.Axis(format=SHARE_AXIS_FORMAT))  # fmt: skip
    # The band is filled by cohort on a scale of its own without a legend: the legend is the
    # lines' (a pale patch would otherwise stand for a cohort).
    band = base.mark_area(interpolate="step-after", opacity=0.15).encode(
        x=x, y=band_y, y2="upper:Q",
        fill=alt.Fill("kohorte:N", scale=scale, sort=cohorts, legend=None),
    )  # fmt: skip
    # A hidden step ends the curve; should one ever sit between shown ones, it is a gap.
    line = base.mark_line(interpolate="step-after", invalid="break-paths-show-domains").encode(
        x=x, y=y, color=colour, tooltip=tooltip
    )
    return band, line


def print_survival_curves(
    curves: pd.DataFrame, title: str, every_cohort: Sequence[str] = ()
) -> alt.LayerChart:
    """The curves for paper: each cohort with its own dash as well as its colour."""
    cohorts = sorted(_curve_rows(curves)["kohorte"].unique())
    dashes = [list(d) for d in DASHES]
    band, line = _curve_layers(curves, every_cohort, PRINT_CURVE_WIDTH)
    dashed = line.encode(
        strokeDash=alt.StrokeDash("kohorte:N", title="Startår", sort=cohorts,
                                  scale=alt.Scale(domain=cohorts,
                                                  range=[dashes[i % len(dashes)]
                                                         for i in range(len(cohorts))]))
    )  # fmt: skip
    return _one_legend(alt.LayerChart(layer=[band, dashed], title=title))
