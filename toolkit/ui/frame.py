"""Parts every dashboard page shares: filters, figure cards, KPI tiles and the footer.

A page builds a :class:`FilterBar`, reads its :class:`Selection` whenever it changes,
computes once, and hands each :class:`FigureCard` a new chart and table. The tables given
to the cards and tiles are already suppressed: nothing here shows a value that did not pass
:func:`toolkit.indicators.export.publishable` (or :func:`toolkit.privacy.suppress`).
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import altair as alt
import ipywidgets as widgets
import pandas as pd

from toolkit import formats, privacy, schema
from toolkit.indicators import REGISTRY
from toolkit.periods import Level, Period, period_of, periods_between
from toolkit.register import Economy, Register
from toolkit.store import VersionInfo
from toolkit.ui.chart_widget import ChartWidget
from toolkit.ui.excel_download import (
    XLSX_MIME,
    ExcelDownload,
    Names,
    download_link,
    excel_bytes,
    excel_link,
)

__all__ = [
    "XLSX_MIME",
    "FigureCard",
    "FilterBar",
    "KpiLine",
    "Selection",
    "download_link",
    "excel_bytes",
    "excel_link",
    "figure_card",
    "footer_html",
    "kpi_html",
    "restrict",
    "select_departments",
]

LEVEL_OPTIONS: tuple[tuple[str, Level], ...] = (("Måned", "month"), ("Kvartal", "quarter"))
MUTED = "color:#555"
SETTLE_S = 0.35  # filter changes closer together than this are computed once
# The page template's CSS class that puts a widget's description above it, left-aligned
# (share/jupyter/voila/templates/tvaerblik/index.html.j2).
LABEL_ABOVE = "tvaerblik-label-above"


# -- filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """What the filter bar says: whole months ``first``..``last`` (first days), the level,
    and the chosen codes (empty: all)."""

    first: date
    last: date
    level: Level = "month"
    departments: tuple[str, ...] = ()
    schemes: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # support_at_entry codes: the target group

    @property
    def periods(self) -> list[Period]:
        """The periods of ``level`` shown, from the one holding ``first`` to the one holding
        ``last``."""
        return periods_between(self.first, self.last, self.level)


def month_options(first: date, last: date) -> list[tuple[str, date]]:
    """Danish month names ("jan. 2025") and the months' first days, ``first``..``last``."""
    return [(p.danish, p.start) for p in periods_between(first, last, "month")]


def shift_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class FilterBar(widgets.VBox):
    """Period (from/to month, level), department, scheme and target group."""

    def __init__(self, first: date, as_of: date, departments: Sequence[tuple[str, str]]) -> None:
        months = month_options(first, as_of)
        last_month = period_of(as_of, "month").start
        default_first = max(months[0][1], shift_months(last_month, -11))
        picker = widgets.Layout(width="12em")
        self.first = widgets.Dropdown(
            options=months, value=default_first, description="Fra", layout=picker
        )
        self.last = widgets.Dropdown(
            options=months, value=last_month, description="Til", layout=picker
        )
        for dropdown in (self.first, self.last):
            dropdown.style.description_width = "2.2em"
        self.level = widgets.ToggleButtons(options=LEVEL_OPTIONS, value="month")
        self.level.style.button_width = "5.5em"
        self.departments = _multi("Afdeling", departments)
        self.schemes = _multi("Ordning", list(schema.SCHEME.labels.items()))
        self.groups = _multi(
            "Målgruppe (forsørgelse ved start)", list(schema.SUPPORT_AT_ENTRY.labels.items())
        )
        hint = widgets.HTML(
            f"<span style='{MUTED};font-size:0.9em'>Ingen markering betyder alle. "
            "Hold Ctrl (Cmd på Mac) nede for at vælge flere.</span>"
        )
        period = widgets.VBox(
            [widgets.HTML("<b>Periode</b>"), self.first, self.last, self.level],
            layout=widgets.Layout(margin="0 1.5em 0 0"),
        )
        # A page that picks its department elsewhere (Afdeling) passes none: no empty list.
        lists = [self.departments] if departments else []
        lists += [self.schemes, self.groups]
        super().__init__(
            [widgets.HBox([period, *lists], layout=widgets.Layout(flex_flow="row wrap")), hint],
            layout=widgets.Layout(margin="0 0 1em 0"),
        )

    @property
    def controls(self) -> tuple[widgets.ValueWidget, ...]:
        return (self.first, self.last, self.level, self.departments, self.schemes, self.groups)

    def selection(self) -> Selection:
        first, last = sorted((self.first.value, self.last.value))
        return Selection(
            first,
            last,
            self.level.value,
            tuple(self.departments.value),
            tuple(self.schemes.value),
            tuple(self.groups.value),
        )

    def on_change(self, callback: Callable[[Selection], None]) -> None:
        """Call ``callback`` with the new selection whenever the filters change.

        Changes that come in a quick row (arrow keys walking down a list, a click on Kvartal
        right after a month) are computed once, for the last of them: in Voilà the call
        waits ``SETTLE_S`` for the next change. Without a running event loop (tests, a
        script) it is called at once."""
        pending: list[asyncio.TimerHandle] = []

        def compute() -> None:
            pending.clear()
            callback(self.selection())

        def changed(_: Any) -> None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                compute()
                return
            for handle in pending:
                handle.cancel()
            pending[:] = [loop.call_later(SETTLE_S, compute)]

        for control in self.controls:
            control.observe(changed, names="value")


def _multi(title: str, options: Sequence[tuple[str, str]]) -> widgets.SelectMultiple:
    """A list box whose title is its <label> (its accessible name), shown above it."""
    labelled = [(label, code) for code, label in options]
    rows = max(2, min(len(labelled), 7))
    box = widgets.SelectMultiple(
        options=labelled,
        value=(),
        rows=rows,
        description=title,
        layout=widgets.Layout(width="15em"),
    )
    return box.add_class(LABEL_ABOVE)


def restrict(register: Register, selection: Selection) -> Register:
    """The register of the chosen schemes' courses and the target group's citizens.

    A scheme keeps its courses and the persons who have one; a target group keeps the
    citizens with that support at entry. Every table about persons then keeps only them;
    goals follow their courses. Meetings stay (they are the team's, not a person's).
    """
    if not selection.schemes and not selection.groups:
        return register
    courses = register.courses
    citizens = register.citizens
    if selection.schemes:
        courses = courses[courses["scheme"].isin(selection.schemes)]
        citizens = citizens[citizens["person_id"].isin(courses["person_id"])]
    if selection.groups:
        citizens = citizens[citizens["support_at_entry"].isin(selection.groups)]
        courses = courses[courses["person_id"].isin(citizens["person_id"])]
    persons = citizens["person_id"]
    tables = register.tables()
    kept: dict[str, pd.DataFrame] = {"citizens": citizens, "courses": courses}
    for name in ("cases", "interventions", "progression", "benefits"):
        frame = tables[name]
        kept[name] = frame[frame["person_id"].isin(persons)]
    kept["goals"] = register.goals[register.goals["course_id"].isin(courses["course_id"])]
    return replace(register, **{n: f.reset_index(drop=True) for n, f in kept.items()})


def select_departments(frame: pd.DataFrame, departments: Sequence[str]) -> pd.DataFrame:
    """Rows of the chosen departments (all rows when none is chosen or the frame has no
    department column); rows without a department are kept."""
    if not departments or "department" not in frame.columns:
        return frame
    keep = frame["department"].isna() | frame["department"].isin(departments)
    return frame[keep].reset_index(drop=True)


def department_names(economy: Economy) -> list[tuple[str, str]]:
    """(code, Danish name) of every department, in the order of the Afdelinger sheet."""
    frame = economy.departments
    return [(str(c), str(n)) for c, n in zip(frame["department"], frame["name"], strict=True)]


# -- figures ---------------------------------------------------------------------------------


def definitions_html(indicator_ids: Sequence[str], note: str = "") -> str:
    items = [
        f"<p style='margin:0.3em 0'><b>{html.escape(REGISTRY[i].label)}</b> "
        f"({html.escape(REGISTRY[i].unit)}): {html.escape(REGISTRY[i].definition)}</p>"
        for i in indicator_ids
    ]
    if note:
        items.append(f"<p style='margin:0.3em 0'>{html.escape(note)}</p>")
    body = "".join(items)
    return f"<div style='background:#F4F6F8;padding:0.4em 0.8em;border-radius:4px'>{body}</div>"


class FigureCard(widgets.VBox):
    """A chart with an info mark (the indicators' definitions) and "Hent som Excel"."""

    def __init__(
        self,
        title: str,
        chart: alt.TopLevelSpec,
        indicator_ids: Sequence[str],
        table: pd.DataFrame,
        *,
        note: str = "",
        file_name: str = "tabel.xlsx",
        names: Names | None = None,
    ) -> None:
        self.file_name = file_name
        self.chart = ChartWidget(chart)
        self.info_button = widgets.ToggleButton(
            value=False,
            description="Om tallet",
            tooltip="Vis definitionen",
            layout=widgets.Layout(width="7em"),
        )
        self.info = widgets.HTML(
            definitions_html(indicator_ids, note), layout=widgets.Layout(display="none")
        )
        self.info_button.observe(self._toggle, names="value")
        self.table = table
        # Built when asked for: a filter change redraws every card.
        self.download = ExcelDownload(table, file_name, names)
        heading = widgets.HTML(
            f"<h2 style='margin:0.2em 0;font-size:1.17em'>{html.escape(title)}</h2>"
        )
        top = widgets.HBox(
            [heading, self.info_button, self.download],
            layout=widgets.Layout(align_items="center", grid_gap="0.8em"),
        )
        # Under the title: why the figure is coarser or empty, and the filters it ignores.
        self.caption = widgets.HTML("")
        super().__init__(
            [top, self.caption, self.info, self.chart],
            layout=widgets.Layout(
                border="1px solid #E6E6E6", padding="0.5em 0.8em", margin="0 0 1em 0"
            ),
        )

    def _toggle(self, change: Any) -> None:
        self.info.layout.display = "block" if change["new"] else "none"

    def set_caption(self, *lines: str, show_chart: bool = True) -> None:
        """Danish sentences under the title (empty ones left out); ``show_chart=False``
        hides the chart, which would be an empty axis."""
        shown = "".join(f"<p style='margin:0.2em 0'>{html.escape(t)}</p>" for t in lines if t)
        self.caption.value = f"<div style='{MUTED};line-height:1.4'>{shown}</div>" if shown else ""
        self.chart.layout.display = "" if show_chart else "none"

    def update(self, chart: alt.TopLevelSpec, table: pd.DataFrame) -> None:
        """Redraw with a new chart and table, keeping the widget. The chart is drawn from
        the table: when the table is the same as before, nothing is redrawn."""
        if table.equals(self.table):
            return
        self.table = table
        self.chart.chart = chart
        self.download.show(table)


def figure_card(
    title: str,
    chart: alt.TopLevelSpec,
    indicator_ids: Sequence[str],
    table: pd.DataFrame,
    *,
    note: str = "",
    file_name: str = "tabel.xlsx",
    names: Names | None = None,
) -> FigureCard:
    return FigureCard(
        title, chart, indicator_ids, table, note=note, file_name=file_name, names=names
    )


# -- KPI tiles ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiLine:
    """One value of a tile with the same value a year earlier (and their suppression marks)."""

    label: str
    value: float | None
    mark: str = privacy.NOT_SUPPRESSED
    previous: float | None = None
    previous_mark: str = privacy.NOT_SUPPRESSED


def kpi_value(value: float | None, mark: str, unit: str) -> str:
    """The value in Danish with its unit; "<5" or "–" when suppressed; "–" when unknown."""
    if mark:
        return privacy.display(None, mark)
    if value is None or pd.isna(value):
        return "–"
    if unit == "kr.":
        return formats.kroner(value)
    if unit == "%":
        return formats.percent(value)
    return f"{formats.number(round(value, 1))} {unit}"


def change_text(line: KpiLine) -> str:
    """The change against last year ("↑ 12,5 %"), or why there is none."""
    if line.mark or line.value is None or pd.isna(line.value):
        return ""
    if line.previous_mark or line.previous is None or pd.isna(line.previous):
        return "ingen sammenligning"
    if line.previous == 0:
        return "ingen sammenligning"
    change = (line.value - line.previous) / abs(line.previous) * 100
    if round(change, 1) == 0:
        return "→ uændret"
    arrow = "↑" if change > 0 else "↓"
    return f"{arrow} {formats.percent(abs(change))}"


def previous_text(line: KpiLine, unit: str) -> str:
    """Last year's figure as a head reads it next to the change: «året før 162»."""
    if line.previous_mark or (line.previous is not None and not pd.isna(line.previous)):
        return f"året før {kpi_value(line.previous, line.previous_mark, unit)}"
    return "intet tal året før"


def comparison_text(line: KpiLine, unit: str) -> str:
    """The change and the figure it is measured from: «↑ 3,7 % · året før 162»."""
    change = change_text(line)
    before = previous_text(line, unit)
    if change in ("", "ingen sammenligning"):
        return before
    return f"{change} · {before}"


def kpi_html(title: str, lines: Sequence[KpiLine], unit: str, subtitle: str = "") -> str:
    """A tile: title, one row per line (value, its change against the same period last year
    and last year's figure)."""
    rows = "".join(
        "<tr>"
        f"<td style='padding:1px 10px 1px 0'>{html.escape(line.label)}</td>"
        f"<td style='padding:1px 8px;text-align:right;font-weight:600;white-space:nowrap'>"
        f"{html.escape(kpi_value(line.value, line.mark, unit))}</td>"
        f"<td style='padding:1px 0;{MUTED};font-size:0.9em;white-space:nowrap'>"
        f"{html.escape(comparison_text(line, unit))}</td>"
        "</tr>"
        for line in lines
    )
    sub = f"<div style='{MUTED};font-size:0.85em'>{html.escape(subtitle)}</div>" if subtitle else ""
    return (
        "<div style='border:1px solid #E6E6E6;border-radius:6px;padding:0.5em 0.8em;"
        "min-width:15em'>"
        f"<div style='font-weight:600'>{html.escape(title)}</div>{sub}"
        f"<table style='border-collapse:collapse;margin-top:0.3em'>{rows}</table></div>"
    )


# -- footer ---------------------------------------------------------------------------------


def footer_html(info: VersionInfo | None, as_of: date | None) -> str:
    """Data version and import date, the as-of date, and the suppression note."""
    parts = []
    if info is not None:
        parts.append(
            f"Data: version {html.escape(info.id)}, indlæst {formats.moment(info.created)}."
        )
    if as_of is not None:
        parts.append(f"Opgjort pr. {formats.day(as_of)}.")
    parts.append(html.escape(privacy.footnote_da()))
    text = " ".join(parts)
    return (
        f"<div style='{MUTED};font-size:0.85em;border-top:1px solid #E6E6E6;"
        f"padding-top:0.5em;margin-top:1em'>{text}</div>"
    )
