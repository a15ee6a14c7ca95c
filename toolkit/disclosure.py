"""Small-cell suppression at the exit: every published number passes :func:`suppress`.

The entry border (CPR numbers and staff initials become keyed pseudonyms) is
:mod:`toolkit.pseudonyms`; this module never sees a CPR number. Pages, briefings and exports
do not call it directly: they publish through :func:`toolkit.indicators.publish`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit import formats

#
# Every published number (dashboard, briefing, export) passes ``suppress`` first. It works
# on the tidy indicator frame ``indicator, period, <dimension columns>, value, n`` where
# ``n`` is the number of distinct persons behind ``value``.
#
# The rules, in order:
#
# 1. Primary suppression. A row is hidden when 0 < n < threshold (default 5). A row whose
#    ``n`` is missing is hidden too: without a count nobody can vouch for it (fail safe).
#    A row with n == 0 is published: a count of nobody reveals nobody, and a mean or share
#    over nobody is already missing (NA) in the value column.
# 2. Breakdowns. For an indicator with dimensions [d1, ..., dk], a breakdown along di is
#    the set of rows with the same indicator and period and the same values in every other
#    dimension. A row whose di is NA is that breakdown's total (the toolkit publishes
#    totals as rows with fewer dimensions, the dropped dimension set to NA), so a total
#    is an ordinary member: "cells summing to a published total" and "cells summing to
#    each other" are covered by the same rule. Dimension columns that an indicator does
#    not use must be NA on its rows and are ignored for it, so indicators never mix.
# 3. Secondary suppression. When a breakdown of two or more rows has exactly one hidden
#    row, the hidden value could be recomputed from the others (total minus the rest),
#    so one more row of that breakdown is hidden: the published row with the smallest n,
#    then the smallest value, then the first in frame order. Rows with n == 0 come last:
#    hiding a zero gives no cover (the two hidden values would add up to the small one).
#    The dimensions are visited in turn and the passes repeat until nothing changes,
#    because a secondary hide can leave a single hidden row in a breakdown along another
#    dimension. It always terminates, and afterwards no breakdown of two or more rows has
#    exactly one hidden row. A breakdown of one row has nothing to protect it with.
# 4. Hidden means hidden: ``value`` and ``n`` become NA (never 0), and the new column
#    ``suppressed`` says why ("" / "primær" / "sekundær"). Running ``suppress`` again on
#    its own output changes nothing.
# 5. A share that says the same about everyone. A share of 0 % or 100 % tells something
#    about every member of its group (0 of 8 fleksjob exits went to work: each of the 8
#    did not), so for the indicators named in ``shares`` such a row is hidden unless its
#    group counts at least twice the threshold (``reveals_whole_group``). Its ``n`` is the
#    whole group (``share_disclosure_n``), which is 5 or more, so «fewer than 5» would be
#    false: it is marked secondary (hidden to protect citizens, not itself small) before
#    rule 3 runs, so rule 3 protects it like any other hidden row.
#
# The marks a reader sees (one mark, one meaning, everywhere a number is published):
#   «<5»  primary: the number builds on fewer than 5 citizens (the threshold);
#   «..»  secondary: hidden so that a small number cannot be worked out from the others,
#         or a share would say the same about everyone in a small group. «..» is
#         Danmarks Statistik's sign for a figure withheld for discretion («diskretioneret»);
#   «–»   not computable: there is no value (no cases to take a share of, a change where
#         one side is hidden). Never a hidden number.
# An absent count is a true 0 and shows as 0.
#
# Not covered (callers keep them apart): sums across periods (a quarter next to its three
# months) and relations between different indicators (counts next to shares of the same
# people). Publish one period level at a time.

SUPPRESSION_THRESHOLD = 5
MIN_CELL_ENV = "TVAERBLIK_MIN_CELL"
NOT_SUPPRESSED = ""
PRIMARY = "primær"
SECONDARY = "sekundær"
SECONDARY_MARK = ".."  # a secondary-suppressed cell (Danmarks Statistik's «diskretioneret»)
NOT_COMPUTABLE_MARK = "–"  # en dash: no value to show (never a hidden number)
WHOLE_GROUP_FACTOR = 2  # a 0 % or 100 % share is shown from this many times the threshold
THRESHOLD_ATTR = "suppression_threshold"  # ``suppress`` records its threshold in frame.attrs
_MARKS = (NOT_SUPPRESSED, PRIMARY, SECONDARY)
_REQUIRED = ("indicator", "period", "value", "n")


def share_disclosure_n(with_flag: Any, without: Any, group: Any = None) -> Any:
    """The persons a share points at, which is what suppression must look at.

    A share says something about both sides: 1 of 6 exiting to work singles out one citizen.
    So it is the smaller side when both sides have persons, else the whole group (``group``,
    default both sides together). Numbers or arrays/Series of equal length.
    """
    whole = with_flag + without if group is None else group
    both = (with_flag > 0) & (without > 0)
    return np.where(both, np.minimum(with_flag, without), whole)


def suppression_threshold(explicit: int | None = None) -> int:
    """The smallest published count: ``explicit`` wins, then ``TVAERBLIK_MIN_CELL``, then 5."""
    if explicit is None:
        text = os.environ.get(MIN_CELL_ENV, "").strip()
        if not text:
            return SUPPRESSION_THRESHOLD
        try:
            explicit = int(text)
        except ValueError:
            raise ValueError(
                f"{MIN_CELL_ENV} skal være et helt tal, mindst 1 (fik {text!r})."
            ) from None
    if isinstance(explicit, bool) or not isinstance(explicit, int | np.integer) or explicit < 1:
        raise ValueError(f"Grænsen for små tal skal være et helt tal, mindst 1 (fik {explicit!r}).")
    return int(explicit)


def reveals_whole_group(value: Any, n: Any, threshold: int | None = None) -> Any:
    """True where a share (0-100) of 0 % or 100 % says the same about every one of a group
    of ``n`` persons that counts fewer than ``WHOLE_GROUP_FACTOR`` times the threshold: 0 of 8
    exits to work is hidden, 0 of 40 is shown. Numbers or arrays/Series of equal length."""
    limit = suppression_threshold(threshold)
    values = pd.to_numeric(pd.Series(np.atleast_1d(value)), errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan
    )
    persons = pd.to_numeric(pd.Series(np.atleast_1d(n)), errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan
    )
    extreme = np.isclose(values, 0.0) | np.isclose(values, 100.0)
    small = (persons > 0) & (persons < WHOLE_GROUP_FACTOR * limit)
    found = extreme & small
    return found if np.ndim(value) or np.ndim(n) else bool(found[0])


def footnote_da(threshold: int | None = None) -> str:
    """What the marks mean, for a reader: put where a mark first appears (a table's or a
    chart's footnote, the briefing's legend). «<5» is about citizens, not the value, so a
    «<5» in a column of percentages or kroner does not read as «under 5 %»."""
    limit = suppression_threshold(threshold)
    return (
        f"«<{limit}»: skjult, fordi tallet bygger på færre end {limit} borgere; også i kolonner "
        f"med procenter eller kroner er det antallet af borgere, der er under {limit}. "
        f"«{SECONDARY_MARK}»: skjult, så et skjult tal ikke kan regnes ud af de andre, eller "
        "fordi en andel på 0 % eller 100 % ville sige det samme om alle i en lille gruppe. "
        f"«{NOT_COMPUTABLE_MARK}»: kan ikke beregnes (intet tal at beregne det af, eller en "
        "ændring, hvor det ene tal er skjult)."
    )


# The one text explaining the marks at the configured default threshold.
MARKS_LEGEND_DA = footnote_da(SUPPRESSION_THRESHOLD)


def suppress(
    frame: pd.DataFrame,
    dimensions: Mapping[str, Sequence[str]],
    threshold: int | None = None,
    *,
    exempt: Collection[str] = (),
    shares: Collection[str] = (),
) -> pd.DataFrame:
    """A copy of the tidy indicator ``frame`` with small cells hidden (rules above).

    ``dimensions`` maps every indicator id in the frame to its dimension columns.
    ``exempt`` names indicators with no persons behind them (e.g. budgets from the
    accounts); their rows pass unchanged. ``shares`` names indicators whose value is a
    share of a group in % (rule 5). ``threshold`` defaults to
    ``suppression_threshold()``. Returns the frame with ``value`` and ``n`` set to NA where
    hidden, ``n`` as Int64, and a ``suppressed`` column ("" / "primær" / "sekundær").
    """
    limit = suppression_threshold(threshold)
    exempt = frozenset(exempt)
    _check_frame(frame, dimensions, exempt)
    out = frame.copy()

    indicator_codes, indicators = pd.factorize(out["indicator"])
    period_codes = pd.factorize(out["period"], use_na_sentinel=False)[0]
    is_exempt = np.isin(indicator_codes, [i for i, ind in enumerate(indicators) if ind in exempt])

    n = out["n"].astype("Int64")
    n_missing = n.isna().to_numpy(dtype=bool)
    n_values = n.to_numpy(dtype="int64", na_value=-1)
    prior = _prior_marks(out)
    secondary = ~is_exempt & (prior == SECONDARY)
    primary = (
        ~is_exempt
        & ~secondary
        & ((prior == PRIMARY) | n_missing | ((n_values > 0) & (n_values < limit)))
    )
    is_share = np.isin(indicator_codes, [i for i, ind in enumerate(indicators) if ind in shares])
    whole_group = np.asarray(reveals_whole_group(out["value"], n_values, limit), dtype=bool)
    secondary |= ~is_exempt & ~primary & is_share & whole_group
    hidden = primary | secondary

    value_key = pd.to_numeric(out["value"]).to_numpy(dtype="float64", na_value=np.inf)
    zero_last = (n_values == 0).astype(np.int8)
    groups = _breakdowns(out, dimensions, indicator_codes, indicators, period_codes, is_exempt)
    changed = True
    while changed:
        changed = False
        for group_ids in groups:
            chosen = _complements(group_ids, hidden, zero_last, n_values, value_key)
            if chosen.size:
                hidden[chosen] = True
                secondary[chosen] = True
                changed = True

    mask = pd.Series(hidden, index=out.index)
    out["value"] = out["value"].mask(mask)
    out["n"] = n.mask(mask)
    marks = np.array(_MARKS, dtype=object)[primary.astype(np.int8) + 2 * secondary.astype(np.int8)]
    out["suppressed"] = pd.Series(pd.array(marks, dtype="str"), index=out.index)
    out.attrs[THRESHOLD_ATTR] = limit
    return out


def display(
    value: object,
    suppressed: object,
    *,
    formatter: Callable[[float], str] = formats.number,
    threshold: int | None = None,
) -> str:
    """The Danish text of one cell: "<5" (primary), ".." (secondary), else ``formatter(value)``.

    A missing value that is not suppressed (a mean over nobody) shows as an empty string.
    Pass the ``threshold`` given to ``suppress`` if it was not the configured one.
    """
    mark = suppressed if isinstance(suppressed, str) else NOT_SUPPRESSED
    if mark == PRIMARY:
        return f"<{suppression_threshold(threshold)}"
    if mark == SECONDARY:
        return SECONDARY_MARK
    if value is None or bool(pd.isna(value)):  # type: ignore[call-overload]
        return ""
    return formatter(float(value))  # type: ignore[arg-type]


def display_values(
    frame: pd.DataFrame,
    *,
    formatter: Callable[[float], str] = formats.number,
    threshold: int | None = None,
) -> pd.Series:
    """``display`` for every row of a suppressed frame, as a ``str`` Series.

    The threshold defaults to the one ``suppress`` recorded in ``frame.attrs``.
    """
    if threshold is None:
        threshold = frame.attrs.get(THRESHOLD_ATTR)
    limit = suppression_threshold(threshold)
    marks = frame["suppressed"].astype("str").fillna(NOT_SUPPRESSED).to_numpy(dtype=object)
    shown = (marks == NOT_SUPPRESSED) & frame["value"].notna().to_numpy(dtype=bool)
    values = frame["value"].to_numpy(dtype=object)
    text = np.full(len(frame), "", dtype=object)
    text[shown] = [formatter(float(v)) for v in values[shown]]
    text[marks == PRIMARY] = f"<{limit}"
    text[marks == SECONDARY] = SECONDARY_MARK
    return pd.Series(pd.array(text, dtype="str"), index=frame.index)


def _check_frame(
    frame: pd.DataFrame, dimensions: Mapping[str, Sequence[str]], exempt: frozenset[str]
) -> None:
    """Refuse a frame the rules cannot vouch for: a wiring error must not leak a cell."""
    missing = [col for col in _REQUIRED if col not in frame.columns]
    if missing:
        raise ValueError(f"suppress: the frame lacks the column(s) {missing}")
    if frame["indicator"].isna().any():
        raise ValueError("suppress: an indicator id is missing")
    present = set(frame["indicator"].unique())
    unmapped = sorted(present - set(dimensions) - exempt)
    if unmapped:
        raise ValueError(f"suppress: no dimensions given for indicator(s) {unmapped}")
    used: set[str] = set()
    for indicator in present - exempt:
        dims = dimensions[indicator]
        if isinstance(dims, str):
            raise TypeError(f"suppress: dimensions of {indicator!r} must be a list of columns")
        used.update(dims)
    absent = sorted(used - set(frame.columns))
    if absent:
        raise ValueError(f"suppress: dimension column(s) {absent} are not in the frame")
    if not used:
        return
    codes = frame["indicator"]
    filled = frame[sorted(used)].notna()
    for indicator in present - exempt:
        foreign = sorted(used - set(dimensions[indicator]))
        if foreign:
            leaks = filled.loc[(codes == indicator).to_numpy(), foreign].any()
            if leaks.any():
                raise ValueError(
                    f"suppress: rows of {indicator!r} have values in column(s) "
                    f"{list(leaks.index[leaks.to_numpy()])}, which are not among its dimensions"
                )


def _prior_marks(frame: pd.DataFrame) -> np.ndarray:
    """The marks of an earlier ``suppress`` run (so a second run changes nothing)."""
    if "suppressed" not in frame.columns:
        return np.full(len(frame), NOT_SUPPRESSED, dtype=object)
    marks = frame["suppressed"].astype("str").fillna(NOT_SUPPRESSED)
    unknown = set(marks.unique()) - set(_MARKS)
    if unknown:
        raise ValueError(f"suppress: unknown marks in column 'suppressed': {sorted(unknown)}")
    return marks.to_numpy(dtype=object)


def _breakdowns(
    frame: pd.DataFrame,
    dimensions: Mapping[str, Sequence[str]],
    indicator_codes: np.ndarray,
    indicators: pd.Index,
    period_codes: np.ndarray,
    is_exempt: np.ndarray,
) -> list[np.ndarray]:
    """One array of breakdown ids per dimension position (-1: the row is in none).

    Indicators use different columns, so each row's dimensions are laid out by position:
    slot i holds the codes of the row's indicator's i-th dimension (NA is a code of its
    own, the total). A breakdown along position i groups rows by indicator, period and
    every other slot; rows of indicators with fewer than i + 1 dimensions are left out.
    """
    rows = len(frame)
    width = max((len(dimensions[ind]) for ind in indicators if ind in dimensions), default=0)
    slots = np.zeros((width, rows), dtype=np.int64)
    depth = np.zeros(rows, dtype=np.int64)
    codes: dict[str, np.ndarray] = {}
    for position, indicator in enumerate(indicators):
        if indicator not in dimensions:  # exempt
            continue
        own = indicator_codes == position
        depth[own] = len(dimensions[indicator])
        for slot, column in enumerate(dimensions[indicator]):
            if column not in codes:
                codes[column] = pd.factorize(frame[column], use_na_sentinel=True)[0]
            slots[slot, own] = codes[column][own]
    depth[is_exempt] = 0

    groups = []
    for slot in range(width):
        member = depth > slot
        ids = np.full(rows, -1, dtype=np.int64)
        keys = [indicator_codes[member], period_codes[member]]
        keys += [slots[other, member] for other in range(width) if other != slot]
        ids[member] = _dense_ids(keys)
        groups.append(ids)
    return groups


def _dense_ids(keys: list[np.ndarray]) -> np.ndarray:
    """Ids 0..m-1 for the distinct combinations of equally long integer arrays."""
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    for key in keys:
        key_codes, uniques = pd.factorize(key)
        combined = pd.factorize(combined * len(uniques) + key_codes)[0].astype(np.int64)
    return combined


def _complements(
    group_ids: np.ndarray,
    hidden: np.ndarray,
    zero_last: np.ndarray,
    n_values: np.ndarray,
    value_key: np.ndarray,
) -> np.ndarray:
    """Rows to hide so that no breakdown of two or more rows has exactly one hidden row."""
    member = group_ids >= 0
    if not member.any():
        return np.empty(0, dtype=np.int64)
    ids = group_ids[member]
    size = np.bincount(ids)
    hidden_count = np.bincount(ids, weights=hidden[member], minlength=len(size))
    exposed = (size >= 2) & (hidden_count == 1)
    if not exposed.any():
        return np.empty(0, dtype=np.int64)
    candidates = np.flatnonzero(member & ~hidden)
    candidates = candidates[exposed[group_ids[candidates]]]
    order = np.lexsort(
        (
            candidates,
            value_key[candidates],
            n_values[candidates],
            zero_last[candidates],
            group_ids[candidates],
        )
    )
    ranked = candidates[order]
    ranked_ids = group_ids[ranked]
    first = np.ones(len(ranked), dtype=bool)
    first[1:] = ranked_ids[1:] != ranked_ids[:-1]
    return ranked[first]
