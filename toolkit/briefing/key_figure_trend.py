"""The key figures over time and as a table: each figure's value in the same quarter of the
last five years, and the table «Nøgletal» the Word and HTML renderers lay out.

``content.build_briefing`` computes the key figures' indicators once more for the five same
quarters (``trend_quarters``), publishes them as ``tvaerblik indicators`` does, and
``with_trend`` keeps the same quarters only; a hidden value keeps its mark («<5», «..»).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from toolkit.briefing import sentences
from toolkit.briefing.builder import Values
from toolkit.briefing.model import KeyFigure
from toolkit.indicators import REGISTRY
from toolkit.indicators.publishing import NOT_COMPUTABLE_MARK
from toolkit.periods import Period, period_of

MIN_TREND = 3  # fewer same quarters with data than this: no trend
TABLE_HEADING = "Nøgletal"
CHANGE_HEADER = "Ændring"


def trend_quarters(quarter: Period, years: int = 5) -> tuple[Period, ...]:
    """``quarter`` and the same quarter in the ``years - 1`` years before it, oldest first."""
    start = quarter.start
    return tuple(
        period_of(date(start.year - back, start.month, 1), "quarter")
        for back in range(years - 1, -1, -1)
    )


def with_trend(
    figures: Sequence[KeyFigure], values: Values, quarters: Sequence[Period]
) -> tuple[KeyFigure, ...]:
    """``figures`` with their value in each of ``quarters`` that has data (hidden values show
    their mark); no trend when fewer than three quarters have data."""
    covered = [q for q in quarters if q.label in values.periods_with_data]
    if len(covered) < MIN_TREND:
        return tuple(figures)
    return tuple(
        replace(figure, trend=tuple((q.danish, _shown(values, figure, q)) for q in covered))
        for figure in figures
    )


def _shown(values: Values, figure: KeyFigure, quarter: Period) -> str:
    cell = values.cell(figure.indicator, quarter, **figure.dims)
    if cell is None:
        return NOT_COMPUTABLE_MARK
    kind = sentences.kind_of_unit(REGISTRY[figure.indicator].unit)
    return sentences.shown(cell, kind, threshold=values.threshold) or NOT_COMPUTABLE_MARK


# -- the table ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigureTable:
    """The key figures as the renderers lay them out: Nøgletal, the same quarter in each
    year of the trend (or just this quarter), Ændring against the same quarter last year,
    and the source line under it."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    source: str = ""


def key_figure_table(
    figures: Sequence[KeyFigure], period_label: str, source: str = ""
) -> KeyFigureTable:
    """``period_label`` («3. kvt. 2026») heads the value column when there is no trend;
    ``source`` is the line naming the figures' indicators (``Builder.source``)."""
    periods = next((tuple(p for p, _ in f.trend) for f in figures if f.trend), (period_label,))
    rows = tuple(
        (
            f.label,
            *(dict(f.trend).get(p, NOT_COMPUTABLE_MARK) if f.trend else f.value for p in periods),
            f.change,
        )
        for f in figures
    )
    headers = (TABLE_HEADING, *periods, CHANGE_HEADER)
    return KeyFigureTable(headers, rows, (False, *(True for _ in periods), True), source)
