"""Parts every dashboard page shares: filters, figure cards, KPI tiles and the footer.

A page builds a :class:`FilterBar`, reads its :class:`Selection` whenever it changes,
computes once, and hands each :class:`FigureCard` a new chart and table. The tables given
to the cards and tiles are already suppressed: nothing here shows a value that did not pass
:func:`toolkit.indicators.publish`. The selection itself is data (:mod:`toolkit.ui.selection`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import altair as alt
import ipywidgets as widgets
import pandas as pd

from toolkit import formats, schema
from toolkit.indicators import REGISTRY
from toolkit.indicators.publishing import NOT_SUPPRESSED, display, footnote_da
from toolkit.periods import Level, period_of
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
from toolkit.ui.html import fragment
from toolkit.ui.selection import Selection, month_options, shift_months

__all__ = [
    "XLSX_MIME",
    "FigureCard",
    "FilterBar",
    "KpiLine",
    "download_link",
    "excel_bytes",
    "excel_link",
    "footer_html",
    "kpi_html",
]

LEVEL_OPTIONS: tuple[tuple[str, Level], ...] = (("Måned", "month"), ("Kvartal", "quarter"))
SETTLE_S = 0.35  # filter changes closer together than this are computed once
# The page template's CSS class that puts a widget's description above it, left-aligned
# (share/jupyter/voila/templates/tvaerblik/index.html.j2).
LABEL_ABOVE = "tvaerblik-label-above"


# -- filters ---------------------------------------------------------------------------------


class FilterBar(widgets.VBox):
    """Period (from/to month, level), department, scheme and target group.

    ``show_departments=False`` leaves the department list out, for a page that picks its
    department elsewhere (Afdeling); its selection then has no departments."""

    def __init__(
        self,
        first: date,
        as_of: date,
        departments: Sequence[tuple[str, str]] = (),
        *,
        show_departments: bool = True,
    ) -> None:
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
            fragment(
                "hint",
                "Ingen markering betyder alle. Hold Ctrl (Cmd på Mac) nede for at vælge flere.",
            )
        )
        period = widgets.VBox(
            [widgets.HTML("<b>Periode</b>"), self.first, self.last, self.level],
            layout=widgets.Layout(margin="0 1.5em 0 0"),
        )
        # An economy without departments gets no empty list either.
        lists = [self.departments] if show_departments and departments else []
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


# -- figures ---------------------------------------------------------------------------------


def definitions_html(indicator_ids: Sequence[str], note: str = "") -> str:
    return fragment("definitions", [REGISTRY[i] for i in indicator_ids], note)


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
        heading = widgets.HTML(fragment("card_title", title))
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
        self.caption.value = fragment("card_caption", [line for line in lines if line])
        self.chart.layout.display = "" if show_chart else "none"

    def update(self, chart: alt.TopLevelSpec, table: pd.DataFrame) -> None:
        """Redraw with a new chart and table, keeping the widget. The chart is drawn from
        the table: when the table is the same as before, nothing is redrawn."""
        if table.equals(self.table):
            return
        self.table = table
        self.chart.chart = chart
        self.download.show(table)


# -- KPI tiles ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiLine:
    """One value of a tile with the same value a year earlier (and their suppression marks)."""

    label: str
    value: float | None
    mark: str = NOT_SUPPRESSED
    previous: float | None = None
    previous_mark: str = NOT_SUPPRESSED


def kpi_value(value: float | None, mark: str, unit: str) -> str:
    """The value in Danish with its unit; "<5" or ".." when suppressed; "–" when unknown."""
    if mark:
        return display(None, mark)
    if value is None or pd.isna(value):
        return "–"
    if unit == "kr.":
        return formats.kroner(value)
    if unit == "%":
        return formats.percent(value)
    return f"{formats.number(round(value, 1))} {unit}"


def relative_change_text(line: KpiLine) -> str:
    """The change against last year relative to last year's figure, for every unit (shares
    too: "↑ 12,5 %"), or why there is none."""
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
    change = relative_change_text(line)
    before = previous_text(line, unit)
    if change in ("", "ingen sammenligning"):
        return before
    return f"{change} · {before}"


def kpi_html(title: str, lines: Sequence[KpiLine], unit: str, subtitle: str = "") -> str:
    """A tile: title, one row per line (value, its change against the same period last year
    and last year's figure)."""
    rows = [
        (line.label, kpi_value(line.value, line.mark, unit), comparison_text(line, unit))
        for line in lines
    ]
    return fragment("kpi_tile", title, rows, subtitle)


# -- footer ---------------------------------------------------------------------------------


def footer_html(info: VersionInfo | None, as_of: date | None) -> str:
    """Data version and import date, the as-of date, and the suppression note."""
    parts = []
    if info is not None:
        parts.append(f"Data: version {info.id}, indlæst {formats.moment(info.created)}.")
    if as_of is not None:
        parts.append(f"Opgjort pr. {formats.day(as_of)}.")
    parts.append(footnote_da())
    return fragment("footer", parts)
