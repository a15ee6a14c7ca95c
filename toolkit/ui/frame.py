"""Parts every dashboard page shares: filters, figure cards, KPI tiles and the footer.

A page builds a :class:`FilterBar`, reads its :class:`Selection` whenever it changes,
computes once, and hands each :class:`FigureCard` a new chart and table. The tables given
to the cards and tiles are already suppressed: nothing here shows a value that did not pass
:func:`toolkit.indicators.export.publishable` (or :func:`toolkit.privacy.suppress`).
"""

from __future__ import annotations

import base64
import html
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import altair as alt
import ipywidgets as widgets
import pandas as pd

from toolkit import formats, privacy, schema
from toolkit.charts import theme
from toolkit.indicators import REGISTRY
from toolkit.indicators.export import write_xlsx
from toolkit.periods import Level, Period, period_of, periods_between
from toolkit.register import Economy, Register
from toolkit.store import VersionInfo
from toolkit.workbook.tables import TableSheet, write_tables

__all__ = [
    "FigureCard",
    "FilterBar",
    "KpiLine",
    "Selection",
    "excel_link",
    "figure_card",
    "footer_html",
    "kpi_html",
    "restrict",
    "select_departments",
]

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEVEL_OPTIONS: tuple[tuple[str, Level], ...] = (("Måned", "month"), ("Kvartal", "quarter"))
MUTED = "color:#555"


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
        self.groups = _multi("Målgruppe", list(schema.SUPPORT_AT_ENTRY.labels.items()))
        hint = widgets.HTML(
            f"<span style='{MUTED};font-size:0.9em'>Ingen markering betyder alle. "
            "Hold Ctrl (Cmd på Mac) nede for at vælge flere.</span>"
        )
        period = widgets.VBox(
            [widgets.HTML("<b>Periode</b>"), self.first, self.last, self.level],
            layout=widgets.Layout(margin="0 1.5em 0 0"),
        )
        lists = [
            widgets.VBox([widgets.HTML(f"<b>{title}</b>"), box])
            for title, box in (
                ("Afdeling", self.departments),
                ("Ordning", self.schemes),
                ("Målgruppe (forsørgelse ved start)", self.groups),
            )
        ]
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
        """Call ``callback`` with the new selection whenever any filter changes."""

        def changed(_: Any) -> None:
            callback(self.selection())

        for control in self.controls:
            control.observe(changed, names="value")


def _multi(title: str, options: Sequence[tuple[str, str]]) -> widgets.SelectMultiple:
    labelled = [(label, code) for code, label in options]
    rows = max(2, min(len(labelled), 7))
    return widgets.SelectMultiple(
        options=labelled, value=(), rows=rows, layout=widgets.Layout(width="15em")
    )


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


def excel_bytes(table: pd.DataFrame) -> bytes:
    """The xlsx of a table: an indicator table through ``write_xlsx`` (Danish headers,
    definitions, note), any other table (already with Danish headers) as one sheet."""
    with tempfile.TemporaryDirectory(prefix="tvaerblik-") as folder:
        path = Path(folder) / "tabel.xlsx"
        if "indicator" in table.columns and table["indicator"].isin(list(REGISTRY)).all():
            write_xlsx(table, path)
        else:
            notes = pd.DataFrame({"Note": [privacy.footnote_da()]})
            write_tables(
                path,
                [TableSheet("Tabel", table), TableSheet("Noter", notes, widths={"Note": 120})],
            )
        return path.read_bytes()


def download_link(
    data: bytes, file_name: str, mime: str, text: str, *, style: str = "", title: str = ""
) -> str:
    """An HTML anchor downloading ``data`` from a data URI: no server round trip, so it
    works in Voilà without a file handler."""
    payload = base64.b64encode(data).decode("ascii")
    extra = f" title='{html.escape(title)}'" if title else ""
    return (
        f"<a download='{html.escape(file_name)}' href='data:{mime};base64,{payload}'{extra} "
        f"style='{style}'>{html.escape(text)}</a>"
    )


def excel_link(table: pd.DataFrame, file_name: str) -> str:
    """An HTML anchor downloading the table as xlsx."""
    return download_link(
        excel_bytes(table), file_name, XLSX_MIME, "Hent som Excel", style="font-size:0.9em"
    )


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
    ) -> None:
        theme.enable()
        alt.JupyterChart.enable_offline()
        self.file_name = file_name
        self.chart = alt.JupyterChart(chart, embed_options=theme.EMBED_OPTIONS)
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
        self.download = widgets.HTML(excel_link(table, file_name))
        heading = widgets.HTML(f"<h3 style='margin:0.2em 0'>{html.escape(title)}</h3>")
        top = widgets.HBox(
            [heading, self.info_button, self.download],
            layout=widgets.Layout(align_items="center", grid_gap="0.8em"),
        )
        super().__init__(
            [top, self.info, self.chart],
            layout=widgets.Layout(
                border="1px solid #E6E6E6", padding="0.5em 0.8em", margin="0 0 1em 0"
            ),
        )

    def _toggle(self, change: Any) -> None:
        self.info.layout.display = "block" if change["new"] else "none"

    def update(self, chart: alt.TopLevelSpec, table: pd.DataFrame) -> None:
        """Redraw with a new chart and table, keeping the widget. The chart is drawn from
        the table: when the table is the same as before, nothing is redrawn."""
        if table.equals(self.table):
            return
        self.table = table
        self.chart.chart = chart
        self.download.value = excel_link(table, self.file_name)


def figure_card(
    title: str,
    chart: alt.TopLevelSpec,
    indicator_ids: Sequence[str],
    table: pd.DataFrame,
    *,
    note: str = "",
    file_name: str = "tabel.xlsx",
) -> FigureCard:
    return FigureCard(title, chart, indicator_ids, table, note=note, file_name=file_name)


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


def kpi_html(title: str, lines: Sequence[KpiLine], unit: str, subtitle: str = "") -> str:
    """A tile: title, one row per line (value and change against the same period last
    year)."""
    rows = "".join(
        "<tr>"
        f"<td style='padding:1px 10px 1px 0'>{html.escape(line.label)}</td>"
        f"<td style='padding:1px 8px;text-align:right;font-weight:600'>"
        f"{html.escape(kpi_value(line.value, line.mark, unit))}</td>"
        f"<td style='padding:1px 0;{MUTED};font-size:0.9em'>{html.escape(change_text(line))}</td>"
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
