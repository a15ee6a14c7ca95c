"""Overblik: the cross-sector overview (KPI tiles, persons per scheme, cost per department,
the flow of citizens), with the shared filters, info marks, Excel links and footer."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import altair as alt
import ipywidgets as widgets
import pandas as pd

from toolkit import schema
from toolkit.charts import builders, theme
from toolkit.indicators import REGISTRY
from toolkit.indicators.export import code_names
from toolkit.periods import DANISH_MONTHS, first_date
from toolkit.register import Dataset, Economy, Register
from toolkit.ui.coarsen import why_empty
from toolkit.ui.frame import (
    FigureCard,
    FilterBar,
    KpiLine,
    kpi_html,
)
from toolkit.ui.html import fragment
from toolkit.ui.national_data import Comparison, comparison
from toolkit.ui.national_section import comparison_section
from toolkit.ui.opening import open_dataset_page
from toolkit.ui.overview_data import (
    FLOW_STEPS,
    Overview,
    flow_export,
    overview_data,
)
from toolkit.ui.pages import OVERVIEW
from toolkit.ui.selection import Selection, department_names

__all__ = ["OverviewPage", "overview_page"]

log = logging.getLogger(__name__)

TITLE = OVERVIEW.title
INTRO = (
    "Borgere, penge og ventetid på tværs af afdelingerne. Vælg periode, afdeling, ordning og "
    "målgruppe: alle tal og diagrammer følger med. Klik på «Om tallet» for at se, hvordan et "
    "tal er opgjort, og hent tabellen bag et diagram som Excel."
)
FLOW_NOTE = (
    "Borgere, hvis første forløb i perioden startede i perioden, fulgt fra forsørgelse ved "
    "start over rehabiliteringsteamets seneste indstilling før forløbet og ordningen til "
    "afslutningsårsagen (eller «Stadig i forløb»). Afdelingsfilteret gælder den "
    "koordinerende afdeling."
)
COST_NOTE = "Udgift til indsatser er summen over indsatstyperne i afdelingen."
PERSONS_DEPARTMENT = "Afdelingsfilteret gælder forløbenes koordinerende afdeling."
FLOW_IGNORES = "Følger ikke Måned/Kvartal: borgerne følges samlet over hele den valgte periode."
FLOW_NO_DATA = "Ingen borgere startede et forløb i perioden for dette valg."
TILES_IGNORE = (
    "Nøgletallene viser Til-perioden (Borgere i forløb) eller året til og med Til-måneden "
    "(de øvrige) mod samme periode året før: de følger ikke Fra-måneden, og året til dato "
    "følger heller ikke Måned/Kvartal."
)
TILES_DEPARTMENT = (
    "For borgere og afgang gælder afdelingsfilteret forløbenes koordinerende afdeling."
)


# -- charts ---------------------------------------------------------------------------------


def persons_chart(data: Overview) -> alt.TopLevelSpec:
    chart = builders.trend_chart(data.persons, "persons_active_count", colour_by="scheme")
    return chart.properties(title="", width=560, height=240)


def cost_chart(data: Overview, names: dict[str, str]) -> alt.TopLevelSpec:
    rows = builders.chart_data(data.cost, "intervention_cost_dkk")
    staff = builders.chart_data(data.cost, "meeting_staff_cost_dkk")
    rows = pd.concat(
        [rows.assign(art="Indsatser"), staff.assign(art="Medarbejdertid i rehabiliteringsteamet")],
        ignore_index=True,
    )
    rows["afdeling"] = rows["department"].map(lambda code: names.get(code, code))
    codes = sorted(names)
    scale = theme.department_scale(codes)
    colour = alt.Scale(domain=[names[c] for c in scale.domain], range=scale.range)
    return (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            x=alt.X("periode:N", title=None, sort=alt.SortField("dato")),
            y=alt.Y("sum(value):Q", title="Udgift (kr.)",
                    axis=alt.Axis(format=theme.NUMBER_FORMAT)),
            color=alt.Color("afdeling:N", title="Afdeling", scale=colour),
            column=alt.Column("art:N", title=None),
            tooltip=[
                alt.Tooltip("periode:N", title="Periode"),
                alt.Tooltip("afdeling:N", title="Afdeling"),
                alt.Tooltip("art:N", title="Udgift til"),
                alt.Tooltip("sum(value):Q", title="Udgift (kr.)", format=theme.NUMBER_FORMAT),
            ],
        )
        .properties(width=380, height=220)
    )  # fmt: skip


def flow_chart(data: Overview) -> alt.TopLevelSpec:
    shown = data.flow[data.flow["value"].notna()]
    charts = []
    for step, title in FLOW_STEPS:
        rows = shown[shown["indicator"] == step]
        charts.append(
            alt.Chart(rows, title=title)
            .mark_bar()
            .encode(
                y=alt.Y("source:N", title=None, sort="-x"),
                x=alt.X("sum(value):Q", title="Antal borgere",
                        axis=alt.Axis(format=theme.NUMBER_FORMAT)),
                color=alt.Color("target:N", title="Til",
                                scale=alt.Scale(range=list(theme.PALETTE))),
                tooltip=[
                    alt.Tooltip("source:N", title="Fra"),
                    alt.Tooltip("target:N", title="Til"),
                    alt.Tooltip("sum(value):Q", title="Antal borgere",
                                format=theme.NUMBER_FORMAT),
                ],
            )
            .properties(width=520, height=alt.Step(18))
        )  # fmt: skip
    return alt.vconcat(*charts, spacing=24).resolve_scale(color="independent")


# -- tiles ---------------------------------------------------------------------------------


def _line(label: str, now: pd.DataFrame, before: pd.DataFrame) -> KpiLine:
    def pick(frame: pd.DataFrame) -> tuple[float | None, str]:
        if frame.empty:
            return None, ""
        row = frame.iloc[0]
        value = None if pd.isna(row["value"]) else float(row["value"])
        return value, str(row["suppressed"])

    value, mark = pick(now)
    previous, previous_mark = pick(before)
    return KpiLine(label, value, mark, previous, previous_mark)


def _rows(frame: pd.DataFrame, **where: object) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column].isna() if value is None else frame[column] == value
    return frame[mask]


def tiles_html(data: Overview, names: dict[str, str], sel: Selection) -> list[str]:
    persons = data.persons_tile
    schemes = sel.schemes or schema.SCHEME.codes
    person_lines = [
        _line(schema.SCHEME.label(code),
              _rows(persons, period=data.persons_now.label, scheme=code),
              _rows(persons, period=data.persons_before.label, scheme=code))
        for code in schemes
    ]  # fmt: skip
    now, then = data.this_year, data.last_year
    span = f"{_span(now.first, now.end)} mod {_span(then.first, then.end)}"
    departments = sel.departments or tuple(names)
    cost_lines = [
        _line(names.get(code, code), _rows(now.cost, department=code),
              _rows(then.cost, department=code))
        for code in departments
    ]  # fmt: skip
    cost_lines.append(_line("I alt", _rows(now.cost, department=None),
                            _rows(then.cost, department=None)))  # fmt: skip
    waiting = "waiting_days_median"
    exits = "exit_to_work_or_education_pct"
    return [
        kpi_html(
            "Borgere i forløb",
            person_lines,
            "personer",
            f"{data.persons_now.danish} mod {data.persons_before.danish}",
        ),
        kpi_html("Udgift til indsatser i år", cost_lines, "kr.", span),
        kpi_html(
            REGISTRY[waiting].label,
            [
                _line(
                    "Alle indsatser",
                    _rows(now.pooled, indicator=waiting),
                    _rows(then.pooled, indicator=waiting),
                )
            ],
            "dage",
            span,
        ),
        kpi_html(
            REGISTRY[exits].label,
            [
                _line(
                    "Afsluttede forløb",
                    _rows(now.pooled, indicator=exits),
                    _rows(then.pooled, indicator=exits),
                )
            ],
            "%",
            span,
        ),
    ]


def tiles_note_html(sel: Selection) -> str:
    """Under the tiles: the filters they do not follow, and what a department means."""
    text = TILES_IGNORE + (f" {TILES_DEPARTMENT}" if sel.departments else "")
    return fragment("note", text)


def _span(first: date, end: date) -> str:
    """The months as a reader says them: jan.–okt. 2026 (one month: jan. 2026)."""
    if first.month == end.month:
        return f"{DANISH_MONTHS[end.month - 1]} {end.year}"
    return f"{DANISH_MONTHS[first.month - 1]}–{DANISH_MONTHS[end.month - 1]} {end.year}"


# -- the page -------------------------------------------------------------------------------


class OverviewPage(widgets.VBox):
    """The page: filter bar, tiles, three figure cards and the footer; one redraw per change."""

    def __init__(self, register: Register, economy: Economy, as_of: date, footer: str,
                 national: Comparison | None = None) -> None:  # fmt: skip
        self.register, self.economy, self.as_of = register, economy, as_of
        self.names = dict(department_names(economy))
        start = first_date(register) or as_of
        self.filters = FilterBar(start, as_of, list(self.names.items()))
        sel = self.filters.selection()
        data = overview_data(register, economy, as_of, sel)
        self.tiles = [widgets.HTML(text) for text in tiles_html(data, self.names, sel)]
        self.tiles_note = widgets.HTML(tiles_note_html(sel))
        self.persons = FigureCard("Borgere i forløb pr. ordning", persons_chart(data),
                                  ["persons_active_count"], data.persons,
                                  file_name="borgere-i-forloeb.xlsx")  # fmt: skip
        self.cost = FigureCard("Udgift pr. afdeling", cost_chart(data, self.names),
                               ["intervention_cost_dkk", "meeting_staff_cost_dkk"], data.cost,
                               note=COST_NOTE, file_name="udgift-pr-afdeling.xlsx",
                               names=code_names(economy))  # fmt: skip
        self.flow = FigureCard("Borgernes vej gennem indsatsen", flow_chart(data), [],
                               flow_export(data.flow), note=FLOW_NOTE,
                               file_name="borgernes-vej.xlsx")  # fmt: skip
        self.status = widgets.HTML("")
        self.show_captions(data)
        self.filters.on_change(self.redraw)
        tiles = widgets.HBox(
            self.tiles, layout=widgets.Layout(flex_flow="row wrap", grid_gap="0.8em")
        )
        super().__init__(
            [
                widgets.HTML(fragment("page_heading", TITLE, INTRO)),
                self.filters,
                self.status,
                tiles,
                self.tiles_note,
                widgets.HTML(fragment("spacer")),
                self.persons,
                self.cost,
                self.flow,
                comparison_section(national),  # its own picker: the filters do not apply
                widgets.HTML(footer),
            ],
            layout=widgets.Layout(padding="0 1em 2em 1em", max_width="80em"),
        )  # fmt: skip

    def redraw(self, sel: Selection) -> None:
        """Recompute for the selection and redraw every tile and chart in place."""
        try:
            data = overview_data(self.register, self.economy, self.as_of, sel)
        except (ValueError, KeyError):
            log.exception("Overblik: the selection could not be computed")
            self.status.value = fragment("selection_error")
            return
        self.status.value = ""
        for tile, text in zip(self.tiles, tiles_html(data, self.names, sel), strict=True):
            tile.value = text
        self.tiles_note.value = tiles_note_html(sel)
        self.persons.update(persons_chart(data), data.persons)
        self.cost.update(cost_chart(data, self.names), data.cost)
        self.flow.update(flow_chart(data), flow_export(data.flow))
        self.show_captions(data)

    def show_captions(self, data: Overview) -> None:
        """Under each title: a coarser breakdown, why nothing is drawn, ignored filters."""
        persons, cost = data.persons_shown, data.cost_shown
        self.persons.set_caption(persons.sentence, PERSONS_DEPARTMENT, show_chart=persons.visible)
        self.cost.set_caption(cost.sentence, show_chart=cost.visible)
        empty = why_empty(data.flow, FLOW_NO_DATA)
        self.flow.set_caption(empty, FLOW_IGNORES, show_chart=not empty)


def overview_page(data_dir: Path | None = None) -> widgets.Widget:
    """The Overblik page as one widget, from the data folder's current version."""
    return open_dataset_page(data_dir, TITLE, _with_national)


def _with_national(data: Dataset, as_of: date, footer: str) -> OverviewPage:
    return OverviewPage(data.register, data.economy, as_of, footer, comparison(data))
