"""The state a briefing is built from: the suppressed indicator frame and the builder.

``Values`` looks cells up in the frame ``indicators.publish`` gives (hidden cells
keep their mark); ``Builder`` turns them into shown text, changes against the same quarter
last year, numbered tables and figures with their source line, and records which indicators
the briefing used (for the definitions in the appendix). The section modules
(``sections_people``, ``sections_money``, ``scenario_section``) and ``key_figures`` build on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import altair as alt
import pandas as pd

from toolkit import formats, schema
from toolkit.briefing import sentences
from toolkit.briefing.committees import Committee
from toolkit.briefing.model import Block, Figure, Table
from toolkit.briefing.sentences import Cell, Kind
from toolkit.charts import builders, print_charts, theme
from toolkit.indicators import REGISTRY
from toolkit.indicators.publishing import (
    NOT_COMPUTABLE_MARK,
    PRIMARY,
    SECONDARY,
    THRESHOLD_ATTR,
)
from toolkit.periods import Period

SECTION_TITLES = {
    "about": "Om orienteringen",
    "volume": "Borgere og forløb",
    "team": "Rehabiliteringsteamet og samarbejdet",
    "economy": "Økonomi pr. afdeling",
    "cross": "Udgift til indsatser på tværs af afdelingerne",
    "waiting": "Ventetid og afslag",
    "outcomes": "Resultater",
    "scenarios": "Scenarier",
}
NO_DATA = "Ingen data for perioden."
# Counts are 0 when nothing happened in a period with data (no row is written for them).
_COUNTED_UNITS = frozenset({"personer", "forløb", "sager", "indsatser", "borgere",
                            "fuldtidspersoner"})  # fmt: skip
CHANGE = "Ændring"


# -- the suppressed frame ----------------------------------------------------------------------


class Values:
    """Lookups in the suppressed frame: one ``Cell`` per (indicator, period, dimensions)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.threshold: int | None = frame.attrs.get(THRESHOLD_ATTR)
        self._cells: dict[tuple[str, str, tuple[str, ...]], Cell] = {}
        self.periods_with_data: frozenset[str] = frozenset(frame["period"].unique())
        dims_of = {i: REGISTRY[i].dimensions for i in frame["indicator"].unique()}
        for row in frame.to_dict(orient="records"):
            key = tuple(as_text(row.get(d)) for d in dims_of[row["indicator"]])
            value = row["value"]
            known = value is not None and not pd.isna(value)
            mark = row.get("suppressed")
            self._cells[(row["indicator"], row["period"], key)] = Cell(
                float(value) if known else None, mark if isinstance(mark, str) else ""
            )

    def cell(self, indicator: str, period: Period, **dims: str) -> Cell | None:
        """The published cell; for a count absent in a period with data, a true 0."""
        key = tuple(dims.get(d, "") for d in REGISTRY[indicator].dimensions)
        found = self._cells.get((indicator, period.label, key))
        if found is None and is_count(indicator) and period.label in self.periods_with_data:
            return Cell(0.0)
        return found

    def codes(self, indicator: str, dim: str, periods: Iterable[Period]) -> list[str]:
        rows = self.rows(indicator, periods)
        return [str(c) for c in dict.fromkeys(rows[dim].dropna())] if dim in rows else []

    def rows(self, indicator: str, periods: Iterable[Period]) -> pd.DataFrame:
        labels = {p.label for p in periods}
        frame = self.frame
        return frame[(frame["indicator"] == indicator) & frame["period"].isin(labels)]


def is_count(indicator: str) -> bool:
    """Counts of citizens, courses, cases or interventions: absent means none."""
    return REGISTRY[indicator].unit in _COUNTED_UNITS


def as_text(value: Any) -> str:
    """A cell of a workbook or frame as text: '' for missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def present(*figures: Figure | None) -> list[Block]:
    """The figures that were drawn (a figure builder gives None when every value is hidden)."""
    return [f for f in figures if f is not None]


def with_unit_label(label: str, unit: str) -> str:
    return label if unit.lower() in label.lower() else f"{label} ({unit})"


# What the lines of a trend figure are, as a caption names them.
_SERIES_NAMES = {"scheme": "Ordninger", "department": "Afdelinger",
                 "intervention_type": "Indsatstyper"}  # fmt: skip


def gaps_note(published: pd.DataFrame, drawn: pd.DataFrame, series: str) -> str:
    """What a trend figure's caption must say about what it does not draw: a gap in a line
    is a hidden value (a row of ``published`` without a value) or a quarter without any
    (a row ``complete_periods`` added to make ``drawn``); a series with every value hidden
    is not drawn at all. '' when the figure draws every line whole."""
    value = published["value"]
    visible = set(published.loc[value.notna(), series].dropna())
    marked = published.get("suppressed", pd.Series("", index=published.index))
    is_hidden = marked.isin((PRIMARY, SECONDARY))
    hidden = bool(published.loc[value.isna() & is_hidden, series].isin(visible).any())
    added = drawn.iloc[len(published) :]  # ``complete_periods`` appends its rows
    without = pd.concat([published.loc[value.isna() & ~is_hidden], added[added["value"].isna()]])
    missing = bool(without[series].isin(visible).any())
    notes = []
    if hidden and missing:
        notes.append("Et hul i linjen er et skjult tal eller et kvartal uden tal.")
    elif hidden:
        notes.append("Et hul i linjen er et skjult tal.")
    elif missing:
        notes.append("Et hul i linjen er et kvartal uden tal.")
    if set(published[series].dropna()) - visible:
        notes.append(
            f"{_SERIES_NAMES.get(series, 'Serier')}, hvor alle tal er skjult, er ikke med."
        )
    return "".join(f" {n}" for n in notes)


# -- the builder -------------------------------------------------------------------------------


@dataclass
class Builder:
    values: Values
    period: Period
    previous: Period
    periods: tuple[Period, ...]
    as_of: date  # the data's as-of date: what a reader is told instead of a version id
    committee: Committee
    department_names: dict[str, str]
    department_committees: dict[str, str]
    intervention_names: dict[str, str]
    # indicators.budget_status for the quarter's year up to its last month (money: unsuppressed)
    budget: pd.DataFrame | None = None
    figures: int = 0
    tables: int = 0
    used: dict[str, None] = field(default_factory=dict)

    # numbers

    def cell(self, indicator: str, period: Period | None = None, /, **dims: str) -> Cell:
        self.used[indicator] = None
        found = self.values.cell(indicator, period or self.period, **dims)
        return found if found is not None else Cell(None)

    def kind(self, indicator: str) -> Kind:
        return sentences.kind_of_unit(REGISTRY[indicator].unit)

    def show(self, indicator: str, period: Period | None = None, /, **dims: str) -> str:
        """The cell's text: the value, «<5» or «..» when hidden, «–» when there is no value
        (an absent count in a quarter with data is a true 0, see ``Values.cell``)."""
        cell = self.cell(indicator, period, **dims)
        text = sentences.shown(cell, self.kind(indicator), threshold=self.values.threshold)
        return text or NOT_COMPUTABLE_MARK

    def change(self, indicator: str, **dims: str) -> str:
        now = self.cell(indicator, self.period, **dims)
        before = self.cell(indicator, self.previous, **dims)
        return sentences.table_change_text(now, before, self.kind(indicator))

    def compare(self, indicator: str, **dims: str) -> tuple[str, str, str]:
        """The value last year, this quarter and the change: three cells of a table row."""
        return (
            self.show(indicator, self.previous, **dims),
            self.show(indicator, **dims),
            self.change(indicator, **dims),
        )

    # ordering and labels

    def departments(self, codes: Iterable[str]) -> list[str]:
        """Committee departments first (in their order), then the rest in the sheet's order."""
        known = list(self.department_names)
        present = list(dict.fromkeys(codes))
        mine = [d for d in self.committee.departments if d in present]
        rest = sorted(
            (d for d in present if d not in mine),
            key=lambda d: (known.index(d) if d in known else len(known), d),
        )
        return mine + rest

    def department(self, code: str) -> str:
        return self.department_names.get(code, code)

    def scheme_codes(self, indicator: str) -> list[str]:
        present = self.values.codes(indicator, "scheme", (self.previous, self.period))
        order = list(schema.SCHEME.codes)
        return sorted(present, key=lambda c: (order.index(c) if c in order else len(order), c))

    # sources, figures and tables

    def source(self, *indicators: str) -> str:
        for indicator in indicators:
            self.used[indicator] = None
        named = [f"«{REGISTRY[i].label}»" for i in indicators]
        what = ("indikatoren " if len(named) == 1 else "indikatorerne ") + formats.listing(named)
        return f"Kilde: Tværblik, {what}, data opgjort {formats.day(self.as_of)}."

    def figure(
        self,
        chart: alt.TopLevelMixin | alt.TopLevelSpec,
        caption: str,
        indicators: Sequence[str],
        alt_text: str,
        *,
        source: str | None = None,
    ) -> Figure:
        """The next numbered figure; ``source`` replaces the line naming ``indicators``."""
        self.figures += 1
        theme.enable()
        spec = chart.to_dict()
        shown_source = source if source is not None else self.source(*indicators)
        return Figure(self.figures, spec, caption, shown_source, alt_text)

    def table(
        self,
        caption: str,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        indicators: Sequence[str],
        numeric: Sequence[bool],
        *,
        source: str | None = None,
        emphasis: Sequence[int] = (),
    ) -> Table:
        """The next numbered table; ``source`` replaces the line naming ``indicators``;
        ``emphasis`` are the rows that are sums (bold)."""
        self.tables += 1
        return Table(
            self.tables,
            caption,
            tuple(headers),
            tuple(tuple(r) for r in rows),
            source if source is not None else self.source(*indicators),
            tuple(numeric),
            tuple(emphasis),
        )

    def chart_frame(self, indicator: str, periods: Iterable[Period]) -> pd.DataFrame:
        """The suppressed rows of one indicator (hidden values NA: the builders leave them out)."""
        self.used[indicator] = None
        rows = self.values.rows(indicator, periods)
        # The chart builders show a «<dim>_navn» column in place of the codes, keeping each
        # department's fixed colour: a reader sees «Socialafdelingen», never «SOC».
        named = {
            f"{dim}_navn": [self.department(str(c)) for c in rows[dim]]
            for dim in ("department", "coordinating_department")
            if dim in rows
        }
        return rows.assign(**named) if named else rows

    def has_values(self, indicator: str, periods: Iterable[Period]) -> bool:
        rows = self.chart_frame(indicator, periods)
        return bool(rows["value"].notna().any())

    def trend_figure(
        self, indicator: str, *, colour_by: str, title: str, caption: str, alt_text: str
    ) -> Figure | None:
        """A line per ``colour_by`` over the briefing's quarters, a gap where a value is hidden
        (and where nothing was recorded, but a count is 0 then); None when all are hidden."""
        if not self.has_values(indicator, self.periods):
            return None
        labels = [p.label for p in self.periods]
        counted = is_count(indicator)
        zero = [p for p in labels if counted and p in self.values.periods_with_data]
        published = self.chart_frame(indicator, self.periods)
        frame = print_charts.complete_periods(published, colour_by, labels, zero=zero)
        chart = print_charts.trend_chart(
            builders.chart_data(frame, indicator, keep_hidden=True),
            indicator,
            series=colour_by,
            periods=[p.danish for p in self.periods],
            title=title,
        )
        note = gaps_note(published, frame, colour_by)
        return self.figure(chart, f"{caption}{note}", (indicator,), alt_text)

    def bar_figure(
        self,
        indicator: str,
        *,
        category: str,
        colour_by: str,
        title: str,
        caption: str,
        alt_text: str,
        names: dict[str, dict[str, str]] | None = None,
    ) -> Figure | None:
        """Bars per ``category`` for the quarter, or per ``colour_by`` in a panel per
        ``category`` (at most six: the rest folded into «Øvrige»); None when every value is
        hidden.

        ``names`` maps a dimension's codes to the names shown (axis and legend)."""
        if not self.has_values(indicator, (self.period,)):
            return None
        frame = self.chart_frame(indicator, (self.period,))
        if names:
            frame = frame.copy()
            for dim, labels in names.items():
                frame[dim] = [labels.get(str(c), c) if isinstance(c, str) else c
                              for c in frame[dim]]  # fmt: skip
        if category in ("department", "coordinating_department"):  # the committee's first
            order = {d: i for i, d in enumerate(self.departments(frame[category].dropna()))}
            frame = frame.sort_values(category, key=lambda c: c.map(order), kind="stable")
        chart, hidden_in_rest = print_charts.bar_chart(
            builders.chart_data(frame, indicator, keep_hidden=True),
            indicator,
            category=category,
            series=colour_by,
            title=title,
        )
        if hidden_in_rest:
            caption = f"{caption} {print_charts.REST_HIDDEN_NOTE}"
        return self.figure(chart, caption, (indicator,), alt_text)


def bars_note(b: Builder, indicator: str, panel: str, *, left_out: str, partly: str = "") -> str:
    """What a bar figure of ``indicator`` in the quarter, a panel per ``panel``, leaves out,
    for its caption: ``left_out`` when a panel has no value shown (it is not drawn),
    ``partly`` when a drawn panel has a hidden value. '' when every value is drawn."""
    rows = b.chart_frame(indicator, (b.period,))
    shown = rows["value"].notna()
    drawn = set(rows.loc[shown, panel])
    notes = []
    if set(rows[panel]) - drawn:
        notes.append(f" {left_out}")
    if partly and rows.loc[~shown, panel].isin(drawn).any():
        notes.append(f" {partly}")
    return "".join(notes)
