"""Afdeling: one department's interventions, money against budget, waiting, refusals and the
departments and schemes its money serves, with the shared filters, info marks, Excel links
and footer."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import altair as alt
import ipywidgets as widgets
import pandas as pd

from toolkit import schema
from toolkit.access import RolesFileError, current_identity
from toolkit.charts import builders, theme
from toolkit.indicators.export import code_names
from toolkit.indicators.pooling import POOLED
from toolkit.periods import first_date, parse_period
from toolkit.register import Economy, Register
from toolkit.ui.department_data import (
    BUDGET_IDS,
    COORDINATOR_ID,
    CROSS_VIEWS,
    REFUSED_ID,
    SCHEME_ID,
    TYPE_IDS,
    WAITING_IDS,
    Computed,
    Department,
    compute_all,
    department_label,
    pick,
)
from toolkit.ui.frame import (
    FigureCard,
    FilterBar,
    KpiLine,
    kpi_html,
)
from toolkit.ui.html import fragment
from toolkit.ui.opening import message_html, open_page
from toolkit.ui.pages import DEPARTMENT
from toolkit.ui.selection import Selection, department_names

__all__ = ["DepartmentPage", "department_page"]

log = logging.getLogger(__name__)

TITLE = DEPARTMENT.title
INTRO = (
    "Én afdelings indsatser, økonomi, ventetid og afvisninger, og hvilke ordninger og andre "
    "afdelinger dens penge går til. Vælg afdeling og periode: alle tal og diagrammer følger "
    "med. Klik på «Om tallet» for at se, hvordan et tal er opgjort."
)
HIDDEN_NOTE = "Skjulte tal (færre end 5 borgere) er udeladt af diagrammet, ikke vist som 0."
CROSS_NOTE = (
    "Den koordinerende afdeling er den afdeling, der koordinerer borgerens forløb (det forløb, "
    "indsatsen hører til). " + HIDDEN_NOTE
)
BUDGET_NOTE = (
    "Forbrug og budget år til dato er summen af årets måneder til og med den viste måned; "
    "budgettet fordeles med 1/12 pr. måned."
)
BUDGET_IGNORES = (
    "Forbrug og budget følger ikke Ordning, Målgruppe, Måned/Kvartal og Fra-måneden: budget "
    "og regnskab er lagt pr. afdeling og måned, ikke pr. borger, og diagrammet viser hele "
    "året til og med Til-måneden."
)
TILES_IGNORE = (
    "Økonomi og Budgetforbrug følger ikke Ordning, Målgruppe, Måned/Kvartal og Fra-måneden: "
    "budget og regnskab er lagt pr. afdeling og måned. Indsatser og Udgift til indsatser viser "
    "Til-perioden mod samme periode året før og følger ikke Fra-måneden."
)
ALL_TYPES = "Alle indsatstyper"
ALL_REASONS = "Alle årsager"


# -- charts ---------------------------------------------------------------------------------


def _stacked(rows: pd.DataFrame, indicator_id: str, colour: str, title: str,
             colour_title: str) -> alt.Chart:  # fmt: skip
    """Bars per period, stacked by the ``colour`` column (Danish names); hidden rows left out."""
    item = builders.get(indicator_id)
    fmt = builders.value_format(item.unit)
    return (
        alt.Chart(rows, title=title)
        .mark_bar()
        .encode(
            x=alt.X("periode:N", title=None, sort=alt.SortField("dato")),
            y=alt.Y("sum(value):Q", title=builders.axis_title(indicator_id),
                    axis=alt.Axis(format=fmt)),
            color=alt.Color(f"{colour}:N", title=colour_title,
                            scale=alt.Scale(range=list(theme.PALETTE))),
            tooltip=[
                alt.Tooltip("periode:N", title="Periode"),
                alt.Tooltip(f"{colour}:N", title=colour_title),
                alt.Tooltip("sum(value):Q", title=item.label, format=fmt),
            ],
        )
        .properties(width=560, height=200)
    )  # fmt: skip


def _named(frame: pd.DataFrame, indicator_id: str, column: str,
           name: Callable[[object], str]) -> pd.DataFrame:  # fmt: skip
    rows = builders.chart_data(frame, indicator_id)
    rows["navn"] = rows[column].map(name) if len(rows) else pd.Series(dtype="str")
    return rows


def types_chart(data: Department, types: dict[str, str]) -> alt.TopLevelSpec:
    def name(code: object) -> str:
        return ALL_TYPES if code == POOLED else types.get(str(code), str(code))

    charts = {
        i: _stacked(_named(data.by_type, i, "intervention_type", name), i, "navn",
                    builders.get(i).label, "Indsatstype")
        for i in TYPE_IDS
    }  # fmt: skip
    return alt.vconcat(*_visible(data, charts), spacing=20)


def _visible(data: Department, charts: dict[str, alt.Chart]) -> list[alt.Chart]:
    """The panels with something to draw (the card's sentence says why the others are not
    there); all of them when none has, as the card then hides the chart."""
    return [c for panel, c in charts.items() if data.shown[panel].visible] or list(charts.values())


def panel_titles(data: Department, names: dict[str, str]) -> dict[str, str]:
    own = names.get(data.code, data.code)
    return {
        **{i: builders.get(i).label for i in (*TYPE_IDS, *WAITING_IDS)},
        "refused": builders.get(REFUSED_ID).label,
        "pays_for": f"{own} betaler for borgere koordineret af",
        "schemes": f"{own} betaler for borgere i ordningen",
        "paid_by": f"Andre afdelinger betaler for borgere, {own} koordinerer",
    }


def panel_sentences(data: Department, panels: tuple[str, ...], titles: dict[str, str]) -> list[str]:
    """The panels' sentences (coarser, or why nothing is drawn), each after its panel's
    title when the figure has more than one."""
    sentences = [(titles[p], data.shown[p].sentence) for p in panels if data.shown[p].sentence]
    if len(panels) == 1:
        return [sentence for _, sentence in sentences]
    return [f"{title} – {sentence[0].lower()}{sentence[1:]}" for title, sentence in sentences]


def waiting_chart(data: Department, types: dict[str, str]) -> alt.TopLevelSpec:
    def name(code: object) -> str:
        return ALL_TYPES if code == POOLED else types.get(str(code), str(code))

    median, waiting = WAITING_IDS
    rows = _named(data.waiting, median, "intervention_type", name)
    lines = (
        alt.Chart(rows, title=builders.get(median).label)
        .mark_line(point=True)
        .encode(
            x=alt.X("dato:T", title=None, axis=alt.Axis(format=theme.MONTH_FORMAT)),
            y=alt.Y("value:Q", title=builders.axis_title(median)),
            color=alt.Color("navn:N", title="Indsatstype",
                            scale=alt.Scale(range=list(theme.PALETTE))),
            tooltip=[alt.Tooltip("periode:N", title="Periode"),
                     alt.Tooltip("navn:N", title="Indsatstype"),
                     alt.Tooltip("value:Q", title="Dage", format=theme.DECIMAL_FORMAT)],
        )
        .properties(width=560, height=200)
    )  # fmt: skip
    bars = _stacked(_named(data.waiting, waiting, "intervention_type", name), waiting, "navn",
                    builders.get(waiting).label, "Indsatstype")  # fmt: skip
    charts = _visible(data, {median: lines, waiting: bars})
    return alt.vconcat(*charts, spacing=20).resolve_scale(color="independent")


def refused_chart(data: Department) -> alt.TopLevelSpec:
    def reason(code: object) -> str:
        return ALL_REASONS if code == POOLED else schema.REFUSAL_REASON.label(str(code))

    rows = _named(data.refused, REFUSED_ID, "refusal_reason", reason)
    return _stacked(rows, REFUSED_ID, "navn", "Afviste og afslåede indsatser efter årsag",
                    "Afvisningsårsag")  # fmt: skip


def cross_chart(data: Department, names: dict[str, str]) -> alt.TopLevelSpec:
    def name(code: object) -> str:
        return department_label(names, code)

    def scheme(code: object) -> str:
        return name(code) if code not in schema.SCHEME.labels else schema.SCHEME.label(str(code))

    own = names.get(data.code, data.code)
    pays = _stacked(_named(data.pays_for, COORDINATOR_ID, "coordinating_department", name),
                    COORDINATOR_ID, "navn", f"{own} betaler for borgere koordineret af",
                    "Koordinerende afdeling")  # fmt: skip
    schemes = _stacked(_named(data.schemes, SCHEME_ID, "scheme", scheme), SCHEME_ID, "navn",
                       f"{own} betaler for borgere i ordningen", "Ordning")  # fmt: skip
    paid = _stacked(_named(data.paid_by, COORDINATOR_ID, "department", name), COORDINATOR_ID,
                    "navn", f"Andre afdelinger betaler for borgere, {own} koordinerer",
                    "Betalende afdeling")  # fmt: skip
    charts = _visible(data, {"pays_for": pays, "schemes": schemes, "paid_by": paid})
    return alt.vconcat(*charts, spacing=24).resolve_scale(color="independent")


def budget_rows(data: Department) -> pd.DataFrame:
    """Per month of the last shown month's year: actual and budget to date, forecast, and
    the annual budget, as long rows (serie, dato, value)."""
    frame = data.budget
    year = data.periods[-1].start.year if data.now.level == "month" else data.now.start.year
    wide = frame.pivot_table(index="period", columns="indicator", values="value")
    wide = wide[[str(p).startswith(str(year)) for p in wide.index]].sort_index()
    series: dict[str, pd.Series] = {}
    if "actual_dkk" in wide:
        series["Forbrug år til dato"] = wide["actual_dkk"].cumsum()
    if "budget_dkk" in wide:
        series["Budget år til dato"] = wide["budget_dkk"].cumsum()
        series["Årsbudget"] = wide["budget_dkk"] * 12
    if "forecast_year_end_dkk" in wide:
        series["Forventet årsforbrug"] = wide["forecast_year_end_dkk"]
    rows = [
        pd.DataFrame({"serie": label, "period": values.index, "value": values.to_numpy()})
        for label, values in series.items()
    ]
    if not rows:
        return pd.DataFrame(columns=["serie", "period", "value", "dato"])
    out = pd.concat(rows, ignore_index=True).dropna(subset=["value"])
    out["dato"] = pd.to_datetime(out["period"] + "-01")
    return out


def budget_chart(data: Department) -> alt.TopLevelSpec:
    rows = budget_rows(data)
    return (
        alt.Chart(rows)
        .mark_line(point=True)
        .encode(
            x=alt.X("dato:T", title=None, axis=alt.Axis(format=theme.MONTH_FORMAT)),
            y=alt.Y("value:Q", title="Kroner (kr.)", axis=alt.Axis(format=theme.NUMBER_FORMAT)),
            color=alt.Color("serie:N", title=None, scale=alt.Scale(range=list(theme.PALETTE))),
            tooltip=[alt.Tooltip("dato:T", title="Måned", format=theme.MONTH_FORMAT),
                     alt.Tooltip("serie:N", title="Serie"),
                     alt.Tooltip("value:Q", title="Kroner", format=theme.NUMBER_FORMAT)],
        )
        .properties(width=560, height=240)
    )  # fmt: skip


# -- tiles ---------------------------------------------------------------------------------


def _line(label: str, frame: pd.DataFrame, indicator_id: str, now: str, before: str) -> KpiLine:
    def one(period: str) -> tuple[float | None, str]:
        rows = frame[(frame["indicator"] == indicator_id) & (frame["period"] == period)]
        if rows.empty:
            return None, ""
        row = rows.iloc[0]
        return (None if pd.isna(row["value"]) else float(row["value"])), str(row["suppressed"])

    value, mark = one(now)
    previous, previous_mark = one(before)
    return KpiLine(label, value, mark, previous, previous_mark)


def month_share_line(line: KpiLine) -> KpiLine:
    """The month's budget says what it is: a twelfth of the year's budget."""
    return replace(line, label="Budget, månedens andel (1/12)")


def annual_budget_line(month_share: KpiLine) -> KpiLine:
    """The year's budget as a head knows it, from the month's twelfth (budget_dkk's rule)."""

    def year(value: float | None) -> float | None:
        return None if value is None else value * 12

    return replace(
        month_share,
        label="Årsbudget",
        value=year(month_share.value),
        previous=year(month_share.previous),
    )


def tiles_html(data: Department) -> list[str]:
    now, before = data.now, data.before
    span = f"{now.danish} mod {before.danish}"
    budget_now = now.label if now.level == "month" else data.budget["period"].max()
    budget_before = f"{int(str(budget_now)[:4]) - 1}{str(budget_now)[4:]}"
    month = f"{parse_period(str(budget_now)).danish} mod {parse_period(budget_before).danish}"

    def money(indicator_id: str) -> KpiLine:
        return _line(builders.get(indicator_id).label, data.budget, indicator_id,
                     str(budget_now), budget_before)  # fmt: skip

    kroner = [money(i) for i in BUDGET_IDS if i != "budget_utilisation_pct"]
    kroner = [
        annual_budget_line(line) if line.label == builders.get("budget_dkk").label else line
        for line in kroner
    ]
    kroner.insert(1, month_share_line(money("budget_dkk")))
    totals = data.totals
    return [
        kpi_html("Økonomi", kroner, "kr.", month),
        kpi_html(
            "Budgetforbrug",
            [money("budget_utilisation_pct")],
            "%",
            "Forbrug år til dato i procent af årsbudgettet",
        ),
        kpi_html(
            "Indsatser",
            [
                _line("Igangsatte", totals, "interventions_started_count", now.label, before.label),
                _line(
                    "Ventende ved periodens udgang",
                    totals,
                    "waiting_now_count",
                    now.label,
                    before.label,
                ),
            ],
            "indsatser",
            span,
        ),
        kpi_html(
            "Udgift til indsatser",
            [_line("Alle indsatstyper", totals, "intervention_cost_dkk", now.label, before.label)],
            "kr.",
            span,
        ),
    ]


# -- the page -------------------------------------------------------------------------------


class DepartmentPage(widgets.VBox):
    """Department dropdown, filter bar, tiles, five figure cards and the footer.

    A period, scheme or target-group change computes once for every department; a
    department change only picks the department's rows from that (no computing)."""

    def __init__(
        self,
        register: Register,
        economy: Economy,
        as_of: date,
        footer: str,
        own_departments: Sequence[str] = (),
    ) -> None:
        self.register, self.economy, self.as_of = register, economy, as_of
        self.names = dict(department_names(economy))
        # A leder's page opens on her first department that is in the data. The dropdown is
        # only a selection, not a control: every number it shows is suppressed, as on
        # Overblik, so any department a browser sends may be shown to any role.
        opening = next((code for code in own_departments if code in self.names), None)
        self.types = economy.intervention_type_names()
        excel_names = code_names(economy)  # departments and types by name in Excel
        start = first_date(register) or as_of
        self.department = widgets.Dropdown(
            options=[(name, code) for code, name in self.names.items()],
            value=opening or next(iter(self.names)), description="Afdeling",
            layout=widgets.Layout(width="24em"),
        )  # fmt: skip
        self.filters = FilterBar(start, as_of, show_departments=False)
        self.computed: Computed = compute_all(register, economy, as_of, self.filters.selection())
        data = pick(self.computed, self.department.value)
        self.tiles = [widgets.HTML(text) for text in tiles_html(data)]
        self.tiles_note = widgets.HTML(fragment("note", TILES_IGNORE))
        note = HIDDEN_NOTE
        self.types_card = FigureCard("Indsatser efter type", types_chart(data, self.types),
                                     list(TYPE_IDS), data.by_type, note=note,
                                     file_name="indsatser-efter-type.xlsx",
                                     names=excel_names)  # fmt: skip
        self.budget = FigureCard("Forbrug, budget og forventet årsforbrug", budget_chart(data),
                                 list(BUDGET_IDS), data.budget, note=BUDGET_NOTE,
                                 file_name="forbrug-og-budget.xlsx", names=excel_names)  # fmt: skip
        self.waiting = FigureCard("Ventetid", waiting_chart(data, self.types),
                                  list(WAITING_IDS), data.waiting, note=note,
                                  file_name="ventetid.xlsx", names=excel_names)  # fmt: skip
        self.refused = FigureCard("Afviste indsatser og årsager", refused_chart(data),
                                  [REFUSED_ID], data.refused, note=note,
                                  file_name="afviste-indsatser.xlsx",
                                  names=excel_names)  # fmt: skip
        self.cross = FigureCard("Hvem afdelingens penge går til", cross_chart(data, self.names),
                                [COORDINATOR_ID, SCHEME_ID], cross_table(data),
                                note=CROSS_NOTE, file_name="paa-tvaers.xlsx",
                                names=excel_names)  # fmt: skip
        self.status = widgets.HTML("")
        self.show_captions(data)
        self.filters.on_change(self.recompute)
        self.department.observe(lambda _: self.redraw(), names="value")
        tiles = widgets.HBox(
            self.tiles, layout=widgets.Layout(flex_flow="row wrap", grid_gap="0.8em")
        )
        super().__init__(
            [
                widgets.HTML(fragment("page_heading", TITLE, INTRO)),
                self.department,
                self.filters,
                self.status,
                tiles,
                self.tiles_note,
                widgets.HTML(fragment("spacer")),
                self.types_card,
                self.budget,
                self.waiting,
                self.refused,
                self.cross,
                widgets.HTML(footer),
            ],
            layout=widgets.Layout(padding="0 1em 2em 1em", max_width="80em"),
        )  # fmt: skip

    @property
    def cards(self) -> tuple[FigureCard, ...]:
        return (self.types_card, self.budget, self.waiting, self.refused, self.cross)

    def recompute(self, sel: Selection) -> None:
        """Compute the selection for every department, then redraw."""
        try:
            self.computed = compute_all(self.register, self.economy, self.as_of, sel)
        except (ValueError, KeyError):
            log.exception("Afdeling: the selection could not be computed")
            self.status.value = fragment("selection_error")
            return
        self.status.value = ""
        self.redraw()

    def redraw(self) -> None:
        """Redraw every tile and chart for the chosen department, in place."""
        data = pick(self.computed, self.department.value)
        for tile, text in zip(self.tiles, tiles_html(data), strict=True):
            tile.value = text
        self.types_card.update(types_chart(data, self.types), data.by_type)
        self.budget.update(budget_chart(data), data.budget)
        self.waiting.update(waiting_chart(data, self.types), data.waiting)
        self.refused.update(refused_chart(data), data.refused)
        self.cross.update(cross_chart(data, self.names), cross_table(data))
        self.show_captions(data)

    def show_captions(self, data: Department) -> None:
        """Under each title: a coarser breakdown or why nothing is drawn; ignored filters."""
        titles = panel_titles(data, self.names)
        cards = ((self.types_card, TYPE_IDS), (self.waiting, WAITING_IDS),
                 (self.refused, ("refused",)), (self.cross, CROSS_VIEWS))  # fmt: skip
        for card, panels in cards:
            visible = any(data.shown[p].visible for p in panels)
            card.set_caption(*panel_sentences(data, panels, titles), show_chart=visible)
        self.budget.set_caption(BUDGET_IGNORES)


def cross_table(data: Department) -> pd.DataFrame:
    """The three cross-department tables in one indicator table, for "Hent som Excel"."""
    paid = data.paid_by.assign(indicator=COORDINATOR_ID)
    return pd.concat([data.pays_for, data.schemes, paid], ignore_index=True)


def own_departments() -> tuple[str, ...]:
    """The visitor's departments from the roles file (none outside a hub or when unreadable:
    then the page opens on the first department, as before)."""
    try:
        return current_identity().departments
    except RolesFileError:
        return ()


def department_page(data_dir: Path | None = None) -> widgets.Widget:
    """The Afdeling page as one widget, from the data folder's current version."""

    def build(register: Register, economy: Economy, as_of: date, footer: str) -> widgets.Widget:
        if economy.departments.empty:
            return widgets.HTML(message_html(TITLE, "Arket Afdelinger er tomt."))
        return DepartmentPage(register, economy, as_of, footer, own_departments())

    return open_page(data_dir, TITLE, build)
