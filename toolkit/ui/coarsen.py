"""A chart never shows an empty axis without saying why: when every number of a breakdown is
hidden (under the small-cell limit), the figure is recomputed coarser, and when nothing can
be shown, a Danish sentence says why.

A :class:`Step` is a period level and the dimensions pooled into one code. The steps of a
figure run from what was asked (the selection's level, every dimension) to the coarsest
(whole years, the poolable dimensions pooled). Each step is computed through the catalogue
on a register whose pooled columns hold one code (:func:`toolkit.indicators.pooling.pool`),
and suppressed by the ordinary publish path (primary and secondary): a coarser number is
never a sum of hidden cells.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from toolkit.indicators.publishing import suppression_threshold
from toolkit.periods import LEVELS, Level, periods_between

LEVEL_NAMES: dict[Level, str] = {"month": "måned", "quarter": "kvartal", "year": "år"}
# Dimension -> (one of it, all of it pooled), as a sentence says them.
DIMENSION_WORDS = {
    "refusal_reason": ("årsag", "alle årsager under ét"),
    "intervention_type": ("indsatstype", "alle indsatstyper under ét"),
    "department": ("afdeling", "alle afdelinger under ét"),
    "scheme": ("ordning", "alle ordninger under ét"),
    "exit_reason": ("afslutningsårsag", "alle afslutningsårsager under ét"),
    "case_type": ("sagstype", "alle sagstyper under ét"),
    "recommendation": ("indstilling", "alle indstillinger under ét"),
}
NO_DATA = "Der er ingen tal for dette valg i perioden."


@dataclass(frozen=True)
class Step:
    """A period level and the dimensions pooled into one code (``pooling.POOLED``)."""

    level: Level
    pooled: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shown:
    """What a figure shows: the suppressed rows of ``step`` and the sentence under its title
    ("" when shown as asked)."""

    frame: pd.DataFrame
    step: Step
    sentence: str
    visible: bool  # False: nothing to draw, the sentence says why


RowsAt = Callable[[Step], pd.DataFrame]


def steps(level: Level, *poolings: tuple[str, ...]) -> list[Step]:
    """The steps from ``level`` to whole years, first with every dimension, then with each
    pooling in turn (each one pools more)."""
    levels = LEVELS[LEVELS.index(level) :]
    return [Step(lvl, pooled) for pooled in ((), *poolings) for lvl in levels]


def has_values(frame: pd.DataFrame) -> bool:
    return bool(frame["value"].notna().any()) if "value" in frame else False


def first_shown(
    ladder: Sequence[Step],
    rows_at: RowsAt,
    first: date,
    last: date,
    *,
    no_data: str = NO_DATA,
) -> Shown:
    """The first step of ``ladder`` with a visible number in ``rows_at(step)`` (the rows the
    figure draws, suppressed), and the sentence saying what was grouped; when there are no
    rows, or every step is hidden, the sentence says why nothing is drawn."""
    asked = ladder[0]
    frame = rows_at(asked)
    if frame.empty:
        return Shown(frame, asked, no_data, False)
    if has_values(frame):
        return Shown(frame, asked, "", True)
    for step in ladder[1:]:
        coarser = rows_at(step)
        if has_values(coarser):
            return Shown(coarser, step, grouped_sentence(asked, step, first, last), True)
    return Shown(frame, asked, hidden_sentence(ladder[-1]), False)


def grouped_sentence(asked: Step, shown: Step, first: date, last: date) -> str:
    """«Tallene er for små til at vises pr. måned og årsag; vist pr. kvartal (…) for alle
    årsager under ét.»"""
    pooled = [d for d in shown.pooled if d not in asked.pooled]
    too_small = [LEVEL_NAMES[asked.level]] if shown.level != asked.level else []
    too_small += [DIMENSION_WORDS[d][0] for d in pooled]
    parts = []
    if shown.level != asked.level:
        parts.append(f"pr. {LEVEL_NAMES[shown.level]} ({span(first, last, shown.level)})")
    parts += [f"for {DIMENSION_WORDS[d][1]}" for d in pooled]
    return f"Tallene er for små til at vises pr. {' og '.join(too_small)}; vist {' '.join(parts)}."


def why_empty(frame: pd.DataFrame, no_data: str = NO_DATA) -> str:
    """For a figure without periods to coarsen: why nothing is drawn ("" when something is)."""
    if frame.empty:
        return no_data
    if has_values(frame):
        return ""
    limit = suppression_threshold()
    return f"Tallene vises ikke: de bygger alle på færre end {limit} personer."


def hidden_sentence(coarsest: Step) -> str:
    """Why nothing is drawn although there are numbers: every one is too small."""
    limit = suppression_threshold()
    how = [f"samlet pr. {LEVEL_NAMES[coarsest.level]}"]
    how += [f"for {DIMENSION_WORDS[d][1]}" for d in coarsest.pooled]
    return (
        f"Tallene vises ikke: de bygger alle på færre end {limit} personer, også {' '.join(how)}."
    )


def span(first: date, last: date, level: Level) -> str:
    """The whole periods of ``level`` covering first..last as a reader says them."""
    periods = periods_between(first, last, level)
    if len(periods) == 1:
        return periods[0].danish
    return f"{periods[0].danish}–{periods[-1].danish}"


class Ladder:
    """One figure's suppressed frames per step for one selection, computed on first use, so
    a coarser step costs nothing until a figure needs it."""

    def __init__(self, compute_step: Callable[[Step], pd.DataFrame]) -> None:
        self._compute = compute_step
        self._frames: dict[Step, pd.DataFrame] = {}

    def at(self, step: Step) -> pd.DataFrame:
        if step not in self._frames:
            self._frames[step] = self._compute(step)
        return self._frames[step]

    def seed(self, step: Step, frame: pd.DataFrame) -> None:
        """Give the step's frame when it is already computed (the page's own compute)."""
        self._frames[step] = frame
