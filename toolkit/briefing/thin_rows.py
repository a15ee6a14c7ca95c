"""Tables by department (or scheme) and type or reason without a wall of «<5»: the rows that
would show no number are folded into one «Øvrige …» row per department (or scheme).

A row is thin when none of its cells in the quarter shows a number other than 0 (every cell
hidden, not computable or 0). When a department has two or more thin rows, their codes are
folded into one code (:func:`toolkit.indicators.pooling.fold`), the table's indicators are
computed again on that register and published again (:func:`toolkit.indicators.publish`),
so the «Øvrige» row is suppressed like any other row, together with the rows beside it: a
fold is never a sum of hidden cells that could be taken apart. The table (and its figure)
then shows that publication only.

The rows are every (department, code) any of the table's indicators has in the quarters
shown, so a type with only citizens waiting (no starts, so no waiting time) still has its row
or is part of its department's fold.

Grouping in time (year to date) was left out on purpose: a year-to-date share next to the
quarters published elsewhere would give a hidden quarter away by subtraction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from toolkit import schema
from toolkit.briefing.builder import Builder, Values
from toolkit.indicators import compute, publish
from toolkit.indicators.pooling import fold, is_folded
from toolkit.periods import Period
from toolkit.register import Dataset

T = TypeVar("T")
_MAX_ROUNDS = 4
OTHER_LABELS = {
    "intervention_type": "Øvrige indsatser",
    "refusal_reason": "Øvrige årsager",
    "exit_reason": "Øvrige årsager",
}
ALL_LABELS = {
    "intervention_type": "Alle indsatser",
    "refusal_reason": "Alle årsager",
    "exit_reason": "Alle årsager",
}
_WHAT = {
    "intervention_type": "Indsatstyper",
    "refusal_reason": "Årsager",
    "exit_reason": "Afslutningsårsager",
}
_EACH = {"department": "for hver afdeling", "scheme": "for hver ordning"}


@dataclass(frozen=True)
class Breakdown:
    """What a table by ``by`` (department or scheme) and ``dimension`` shows: the
    publication its cells come from, its rows in order (a group's fold last) and the codes
    folded per group."""

    by: str
    dimension: str
    values: Values
    rows: tuple[tuple[str, str], ...]
    folded: dict[str, tuple[str, ...]]

    def dims(self, group: str, code: str) -> dict[str, str]:
        """The row's dimensions, as ``Builder.show`` takes them."""
        return {self.by: group, self.dimension: code}

    def label(self, group: str, code: str, name: Callable[[str], str]) -> str:
        """The row's name: the code's, «Øvrige …» for a fold, «Alle …» for a fold that is
        the group's only row (every code folded)."""
        if not is_folded(code):
            return name(code)
        return (ALL_LABELS if self.is_whole(group, code) else OTHER_LABELS)[self.dimension]

    def is_whole(self, group: str, code: str) -> bool:
        """True for «Alle …»: a fold that is its group's only row, so the whole group."""
        return is_folded(code) and sum(g == group for g, _ in self.rows) == 1

    def note(self) -> str:
        """The caption's sentence saying what was folded ("" when nothing was)."""
        if not self.folded:
            return ""
        return (
            f" {_WHAT[self.dimension]} med for få borgere til at vise tal er {_EACH[self.by]} "
            f"samlet i «{OTHER_LABELS[self.dimension]}» (eller «{ALL_LABELS[self.dimension]}», "
            "når det gælder dem alle), beregnet for dem under ét."
        )


def breakdown(
    b: Builder,
    dataset: Dataset,
    dimension: str,
    indicators: Sequence[str],
    cells: Sequence[tuple[str, Period]],
    *,
    by: str = "department",
    periods: Sequence[Period] = (),
) -> Breakdown:
    """The rows of ``indicators`` by ``by`` and ``dimension`` in ``periods`` (default: the
    briefing's two quarters), thin rows folded per ``by``. ``cells`` are the (indicator,
    quarter) of a row's number cells, which decide whether a row is thin."""
    periods = tuple(periods) or (b.previous, b.period)
    best = _table(b, by, dimension, b.values, indicators, periods, {})
    best_hidden = _hidden(best, cells)
    # Folding can leave another row of a group thin (hidden so that the fold cannot be taken
    # apart): that row joins the fold in the next round. A round is kept only while it
    # shows more numbers, so a fold never swallows a group's rows for nothing.
    for _ in range(_MAX_ROUNDS):
        thin = _thin(best, cells)
        grown = {
            g: tuple(sorted({*best.folded.get(g, ()), *codes}))
            for g, codes in thin.items()
            if len(codes) >= 2 or (codes and g in best.folded)
        }
        if not grown:
            break
        folds = best.folded | grown
        register = fold(dataset.register, dimension, folds, within=by)
        frame = compute(register, dataset.economy, ids=list(indicators), level="quarter",
                        first=b.previous.start, last=b.period.end, as_of=b.as_of)  # fmt: skip
        tried = _table(b, by, dimension, Values(publish(frame)), indicators, periods, folds)
        hidden = _hidden(tried, cells)
        if hidden >= best_hidden:
            break
        best, best_hidden = tried, hidden
    return best


def on_values(b: Builder, values: Values, build: Callable[[Builder], T]) -> T:
    """``build`` run on the builder with ``values`` in place of its own; tables and figures
    go on being numbered on ``b`` (the indicators used are recorded on ``b`` too)."""
    other = replace(b, values=values)
    try:
        return build(other)
    finally:
        b.figures, b.tables = other.figures, other.tables


def _table(
    b: Builder,
    by: str,
    dimension: str,
    values: Values,
    indicators: Sequence[str],
    periods: Sequence[Period],
    folded: dict[str, tuple[str, ...]],
) -> Breakdown:
    """Every (group, code) one of ``indicators`` has in ``periods``: the committee's
    departments (or the schemes) in order, codes in order, a group's fold last."""
    found: dict[tuple[str, str], None] = {}
    for indicator in indicators:
        rows = values.rows(indicator, periods)
        found.update(dict.fromkeys(zip(rows[by].astype(str), rows[dimension].astype(str),
                                       strict=True)))  # fmt: skip
    if by == "department":
        order = b.departments(g for g, _ in found)
    else:
        order = [*schema.SCHEME.codes, *sorted({g for g, _ in found} - set(schema.SCHEME.codes))]
    rows_in_order = sorted(found, key=lambda row: (order.index(row[0]), is_folded(row[1]), row[1]))
    return Breakdown(by, dimension, values, tuple(rows_in_order), folded)


def _thin(table: Breakdown, cells: Sequence[tuple[str, Period]]) -> dict[str, list[str]]:
    """Per group, the codes (not folds) of the rows that show no number."""
    thin: dict[str, list[str]] = {}
    for group, code in table.rows:
        if not is_folded(code) and not any(
            _shows_number(table, i, p, group, code) for i, p in cells
        ):
            thin.setdefault(group, []).append(code)
    return thin


def _hidden(table: Breakdown, cells: Sequence[tuple[str, Period]]) -> float:
    """The share of the table's deciding cells that show no number."""
    shown = [_shows_number(table, i, p, g, c) for g, c in table.rows for i, p in cells]
    return 1 - sum(shown) / len(shown) if shown else 0.0


def _shows_number(table: Breakdown, indicator: str, period: Period, group: str, code: str) -> bool:
    cell = table.values.cell(indicator, period, **table.dims(group, code))
    return cell is not None and cell.known and cell.value != 0
