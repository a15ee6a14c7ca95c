"""Forløb og resultater: how courses end, how long they last, progression and sub-goals, and
"what works for whom" (by cohort, support at entry or age band) with 95 % intervals.

The shared filters choose the window (from/to month), the level of the exits over time,
the coordinating department, scheme and target group; the grouping buttons choose the
comparison. Every number is suppressed before it reaches a chart or a table
(``toolkit.compare`` and ``toolkit.indicators.publish``).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from pathlib import Path

import altair as alt
import ipywidgets as widgets
import pandas as pd

from toolkit import formats, schema
from toolkit.charts import builders, theme
from toolkit.compare import GROUPINGS
from toolkit.indicators.pooling import POOLED
from toolkit.indicators.publishing import suppression_threshold
from toolkit.periods import first_date
from toolkit.register import Economy, Register
from toolkit.ui.coarsen import why_empty
from toolkit.ui.follow_up_cards import FollowUpSection
from toolkit.ui.frame import (
    FigureCard,
    FilterBar,
)
from toolkit.ui.html import fragment
from toolkit.ui.opening import open_page
from toolkit.ui.outcomes_page_data import (
    TREND_IDS,
    Outcomes,
    outcomes_data,
    reasons_export,
    restrict_all,
    results_export,
    work_export,
)
from toolkit.ui.pages import OUTCOMES
from toolkit.ui.selection import department_names

__all__ = ["OutcomesPage", "outcomes_data", "outcomes_page"]

log = logging.getLogger(__name__)

TITLE = OUTCOMES.title
INTRO = (
    "Hvordan forløbene slutter, hvor længe de varer, og om borgerne rykker sig – og for hvem "
    "det går bedst. Vælg periode, afdeling, ordning og målgruppe i filtrene, og vælg "
    "nedenfor, hvilke grupper der sammenlignes."
)
TREND_NOTE = (
    "Alle ordninger under ét. Skjulte tal (færre end 5 personer) er ikke tegnet, så en "
    "søjle kan mangle årsager: vælg Kvartal for at se flere."
)
GROUP_NOTE = (
    "Startår er året, forløbet startede. Aldersgruppen er alderen i forløbets startår "
    "(fødselsåret trukket fra startåret). Afdelingsfilteret gælder forløbets koordinerende "
    "afdeling. Forløb uden kendt gruppe indgår ikke."
)
INTERVAL_NOTE = (
    "Prikken er andelen i gruppen; stregen er et 95 %-konfidensinterval (Wilson). Det viser, "
    "hvor meget andelen kunne svinge alene af tilfældigheder med så få forløb: den sande "
    "andel ligger med 95 % sandsynlighed inden for stregen. Overlapper to grupper streger, "
    "kan forskellen mellem dem skyldes tilfældigheder."
)
RESULTS_NOTE = (
    "Varighed: medianen i dage af de forløb, der sluttede i perioden (start- og slutdag "
    "med). Progression: gennemsnitlig ændring i score (sidste minus første måling i "
    "perioden) for borgere med mindst to målinger, i gruppen for borgerens seneste forløb. "
    "Delmål: andel af de delmål, der blev sat i perioden, som er nået på opgørelsesdatoen, "
    "med 95 %-interval."
)
GROUPS_IGNORE = "Følger ikke Måned/Kvartal: grupperne sammenlignes over hele den valgte periode."
NO_ENDS = "Ingen forløb sluttede i perioden for dette valg."
ALL_REASONS = "Alle årsager"


# -- charts ---------------------------------------------------------------------------------


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["value"].notna()].reset_index(drop=True)


def _group_axis(data: Outcomes, frame: pd.DataFrame) -> alt.Y:
    return alt.Y("group:N", title=GROUPINGS[data.grouping], sort=list(frame["group"]))


def trend_chart(data: Outcomes) -> alt.TopLevelSpec:
    rows = builders.chart_data(data.trend, "course_ends_count")
    rows.loc[rows["exit_reason"] == POOLED, "exit_reason_navn"] = ALL_REASONS
    colour = alt.Color(
        "exit_reason_navn:N", title="Afslutningsårsag", scale=alt.Scale(range=list(theme.PALETTE))
    )
    return (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            x=alt.X("periode:N", title=None, sort=alt.SortField("dato")),
            y=alt.Y("sum(value):Q", title="Afsluttede forløb (antal)",
                    axis=alt.Axis(format=theme.NUMBER_FORMAT)),
            color=colour,
            tooltip=[
                alt.Tooltip("periode:N", title="Periode"),
                alt.Tooltip("exit_reason_navn:N", title="Afslutningsårsag"),
                alt.Tooltip("sum(value):Q", title="Afsluttede forløb",
                            format=theme.NUMBER_FORMAT),
            ],
        )
        .properties(width=620, height=220)
    )  # fmt: skip


def reasons_chart(data: Outcomes) -> alt.TopLevelSpec:
    rows = _shown(data.reasons)
    rows = rows.assign(reason=rows["exit_reason"].map(schema.EXIT_REASON.label))
    order = list(dict.fromkeys(data.reasons["group"]))
    return (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=GROUPINGS[data.grouping], sort=order),
            x=alt.X("value:Q", title="Afsluttede forløb (antal)", stack="zero",
                    axis=alt.Axis(format=theme.NUMBER_FORMAT)),
            color=alt.Color("reason:N", title="Afslutningsårsag",
                            scale=alt.Scale(range=list(theme.PALETTE))),
            tooltip=[
                alt.Tooltip("group:N", title=GROUPINGS[data.grouping]),
                alt.Tooltip("reason:N", title="Afslutningsårsag"),
                alt.Tooltip("value:Q", title="Afsluttede forløb", format=theme.NUMBER_FORMAT),
            ],
        )
        .properties(width=520, height=alt.Step(22))
    )  # fmt: skip


def interval_chart(
    data: Outcomes, frame: pd.DataFrame, title: str, width: int = 520
) -> alt.LayerChart:
    """Points with 95 % error bars per group (shares in %)."""
    rows = _shown(frame)
    y = _group_axis(data, frame)
    x = alt.X("lower:Q", title=title, scale=alt.Scale(domain=[0, 100]),
              axis=alt.Axis(format=theme.NUMBER_FORMAT))  # fmt: skip
    tooltip = [
        alt.Tooltip("group:N", title=GROUPINGS[data.grouping]),
        alt.Tooltip("value:Q", title="Andel (%)", format=theme.DECIMAL_FORMAT),
        alt.Tooltip("lower:Q", title="Nedre grænse (%)", format=theme.DECIMAL_FORMAT),
        alt.Tooltip("upper:Q", title="Øvre grænse (%)", format=theme.DECIMAL_FORMAT),
        alt.Tooltip("total:Q", title="Antal", format=theme.NUMBER_FORMAT),
    ]
    base = alt.Chart(rows)
    bars = base.mark_errorbar(ticks=True, color=theme.PALETTE[0]).encode(
        y=y, x=x, x2="upper:Q", tooltip=tooltip
    )
    points = base.mark_point(filled=True, size=70, color=theme.PALETTE[0]).encode(
        y=y, x=alt.X("value:Q"), tooltip=tooltip
    )
    return alt.LayerChart(layer=[bars, points], width=width, height=alt.Step(24))


def value_chart(data: Outcomes, frame: pd.DataFrame, title: str, fmt: str) -> alt.Chart:
    rows = _shown(frame)
    return (
        alt.Chart(rows)
        .mark_bar(color=theme.PALETTE[2])
        .encode(
            y=_group_axis(data, frame),
            x=alt.X("value:Q", title=title, axis=alt.Axis(format=fmt)),
            tooltip=[
                alt.Tooltip("group:N", title=GROUPINGS[data.grouping]),
                alt.Tooltip("value:Q", title=title, format=fmt),
                alt.Tooltip("n:Q", title="Antal borgere", format=theme.NUMBER_FORMAT),
            ],
        )
        .properties(width=220, height=alt.Step(24))
    )


def results_chart(data: Outcomes) -> alt.TopLevelSpec:
    # Two panels a row: three side by side, each with its group names, need ≈ 1.150 px and
    # were cut off on a 1024 px screen.
    return alt.concat(
        value_chart(data, data.duration, "Varighed, median (dage)", theme.NUMBER_FORMAT),
        value_chart(data, data.progression, "Ændring i progression (point)",
                    theme.DECIMAL_FORMAT),
        interval_chart(data, data.subgoals, "Opnåede delmål (%)", width=220),
        columns=2,
        spacing=24,
    )  # fmt: skip


def _pct(value: float) -> str:
    return formats.percent(value)


def interval_sentence(data: Outcomes) -> str:
    """A Danish sentence reading the interval of the largest shown group, and what is
    hidden."""
    shown = _shown(data.work)
    hidden = data.work.loc[data.work["suppressed"] != "", "group"].astype("str").tolist()
    parts = []
    if shown.empty:
        parts.append("Ingen grupper er store nok til at vise andelen for dette valg.")
    else:
        row = shown.sort_values("total", ascending=False).iloc[0]
        parts.append(
            f"Eksempel: {row['group']}: {_pct(row['value'])} af "
            f"{formats.integer(int(row['total']))} afsluttede forløb endte i job eller "
            f"uddannelse. Med så mange forløb ligger den sande andel med 95 % sandsynlighed "
            f"mellem {_pct(row['lower'])} og {_pct(row['upper'])}. Jo færre forløb, desto "
            "længere streg."
        )
    if hidden:
        limit = suppression_threshold()
        parts.append(
            f"Ikke vist (for få personer, under {limit}, eller med eller uden job/uddannelse): "
            f"{', '.join(hidden)}."
        )
    return fragment("figure_lead", " ".join(parts))


# -- the page -------------------------------------------------------------------------------


class OutcomesPage(widgets.VBox):
    """Filter bar, grouping buttons, four figure cards and the footer; one redraw per change."""

    def __init__(self, register: Register, economy: Economy, as_of: date, footer: str) -> None:
        self.register, self.economy, self.as_of = register, economy, as_of
        names = dict(department_names(economy))
        start = first_date(register) or as_of
        self.filters = FilterBar(start, as_of, list(names.items()))
        self.grouping = widgets.ToggleButtons(
            options=[(label, code) for code, label in GROUPINGS.items()], value="support"
        )
        self.grouping.style.button_width = "13em"
        data = outcomes_data(
            register, economy, as_of, self.filters.selection(), self.grouping.value
        )
        self.trend = FigureCard("Afsluttede forløb over tid", trend_chart(data),
                                list(TREND_IDS), data.trend, note=TREND_NOTE,
                                file_name="afsluttede-forloeb.xlsx")  # fmt: skip
        self.work = FigureCard("Hvad virker for hvem: afgang til job eller uddannelse",
                               interval_chart(data, data.work,
                                              "Afgang til job eller uddannelse (%)"),
                               ["exit_to_work_or_education_pct"], work_export(data),
                               note=f"{INTERVAL_NOTE} {GROUP_NOTE}",
                               file_name="job-eller-uddannelse-pr-gruppe.xlsx")  # fmt: skip
        self.sentence = widgets.HTML(interval_sentence(data))
        self.reasons = FigureCard("Afslutningsårsager pr. gruppe", reasons_chart(data),
                                  ["course_ends_count"], reasons_export(data),
                                  note=GROUP_NOTE,
                                  file_name="afslutningsaarsager-pr-gruppe.xlsx")  # fmt: skip
        self.results = FigureCard("Varighed, progression og delmål pr. gruppe",
                                  results_chart(data),
                                  ["course_duration_days_median", "progression_change_mean",
                                   "subgoals_achieved_pct"], results_export(data),
                                  note=f"{RESULTS_NOTE} {GROUP_NOTE}",
                                  file_name="varighed-progression-delmaal.xlsx")  # fmt: skip
        self.work.children = (*self.work.children[:2], self.sentence, *self.work.children[2:])
        self.follow_up = FollowUpSection(self.follow_up_register(), as_of, data.first, data.last)
        self.status = widgets.HTML("")
        self.show_captions(data)
        self.filters.on_change(lambda _: self.redraw())
        self.grouping.observe(lambda _: self.redraw(), names="value")
        super().__init__(
            [
                widgets.HTML(fragment("page_heading", TITLE, INTRO)),
                self.filters,
                self.status,
                self.trend,
                widgets.HTML("<b>Sammenlign grupper efter</b>"),
                self.grouping,
                widgets.HTML(fragment("spacer", small=True)),
                self.work,
                self.reasons,
                self.results,
                self.follow_up,
                widgets.HTML(footer),
            ],
            layout=widgets.Layout(padding="0 1em 2em 1em", max_width="80em"),
        )  # fmt: skip

    def redraw(self) -> None:
        """Recompute for the filters and grouping and redraw every chart in place."""
        try:
            data = outcomes_data(self.register, self.economy, self.as_of, self.filters.selection(),
                                 self.grouping.value)  # fmt: skip
        except (ValueError, KeyError):
            log.exception("Forløb og resultater: the selection could not be computed")
            self.status.value = fragment("selection_error")
            return
        self.status.value = ""
        self.trend.update(trend_chart(data), data.trend)
        self.work.update(
            interval_chart(data, data.work, "Afgang til job eller uddannelse (%)"),
            work_export(data),
        )
        self.sentence.value = interval_sentence(data)
        self.reasons.update(reasons_chart(data), reasons_export(data))
        self.results.update(results_chart(data), results_export(data))
        self.follow_up.redraw(self.follow_up_register(), data.first, data.last)
        self.show_captions(data)

    def follow_up_register(self) -> Register:
        """The register of the filters' departments and target group, every scheme: the
        follow-up section chooses its scheme itself."""
        return restrict_all(self.register, replace(self.filters.selection(), schemes=()))

    def show_captions(self, data: Outcomes) -> None:
        """Under each title: a coarser breakdown or why nothing is drawn; ignored filters."""
        trend = data.trend_shown
        self.trend.set_caption(trend.sentence, show_chart=trend.visible)
        self.work.set_caption(GROUPS_IGNORE, show_chart=not _shown(data.work).empty)
        empty = why_empty(data.reasons, NO_ENDS)
        self.reasons.set_caption(empty, GROUPS_IGNORE, show_chart=not empty)
        results = pd.concat([data.duration, data.progression, data.subgoals])
        empty = why_empty(results, NO_ENDS)
        self.results.set_caption(empty, GROUPS_IGNORE, show_chart=not empty)


def outcomes_page(data_dir: Path | None = None) -> widgets.Widget:
    """The Forløb og resultater page as one widget, from the data folder's current version."""
    return open_page(data_dir, TITLE, OutcomesPage)
