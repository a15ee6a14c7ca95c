"""Plain Danish sentences from numbers: a value this quarter against the same quarter last year.

Pure functions, no data access. A value is a ``Cell``: the number (or None) and its
suppression mark from ``indicators.publish`` ("" / "primær" / "sekundær"). Changes are worked
out from the values as they are shown (rounded as displayed), so a reader who subtracts the
two printed numbers gets the printed difference. A hidden or missing value is never
compared; the sentence says why instead.

    >>> count_sentence("borgere i ressourceforløb", Cell(312), Cell(286),
    ...                "3. kvt. 2026", "3. kvt. 2025")
    'Der var 312 borgere i ressourceforløb i 3. kvt. 2026, 26 flere end i 3. kvt. 2025 (+9,1 %).'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from toolkit import formats
from toolkit.indicators.publishing import PRIMARY, SECONDARY, display, suppression_threshold

Kind = Literal["count", "money", "percent", "days", "number"]

MINUS = "−"  # U+2212, the minus sign in printed Danish
NOT_COMPARABLE = "–"
_COUNT_UNITS = frozenset({"personer", "forløb", "sager", "indsatser", "borgere"})


@dataclass(frozen=True)
class Cell:
    """One published value: ``value`` None when missing or hidden; ``suppressed`` the mark."""

    value: float | None
    suppressed: str = ""

    @property
    def hidden(self) -> bool:
        return self.suppressed in (PRIMARY, SECONDARY)

    @property
    def known(self) -> bool:
        return not self.hidden and self.value is not None and not _isnan(self.value)


def _isnan(value: float) -> bool:
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def kind_of_unit(unit: str) -> Kind:
    """The kind of number behind a catalogue unit ("personer", "kr.", "%", "dage", …)."""
    if unit in _COUNT_UNITS:
        return "count"
    if unit == "kr.":
        return "money"
    if unit == "%":
        return "percent"
    if unit == "dage":
        return "days"
    return "number"


def _decimals(kind: Kind) -> int:
    return {"count": 0, "money": 0, "percent": 1, "days": 1, "number": 1}[kind]


def rounded(value: float, kind: Kind) -> float:
    """The value as it is shown, rounded half up."""
    return formats.round_half_up(float(value), _decimals(kind))


def format_value(value: float, kind: Kind) -> str:
    """312 · 1.234.567 kr. · 12,5 % · 13,5 dage → '13,5' · 4,9 (no unit for days/numbers);
    a negative value with the typographic minus (−1.234 kr.)."""
    if rounded(value, kind) < 0:
        return MINUS + format_value(-float(value), kind)
    if kind == "money":
        return formats.kroner(value)
    if kind == "percent":
        return formats.percent(value)
    return formats.number(rounded(value, kind), decimals=_decimals(kind))


def shown(cell: Cell, kind: Kind, *, threshold: int | None = None) -> str:
    """The cell as a table shows it: «<5», «–», '' (missing) or the formatted value."""
    return display(
        cell.value,
        cell.suppressed,
        formatter=lambda v: format_value(v, kind),
        threshold=threshold,
    )


def _signed(text: str, positive: bool) -> str:
    return f"+{text}" if positive else f"{MINUS}{text}"


def _difference(current: Cell, previous: Cell, kind: Kind) -> tuple[float, float | None] | None:
    """(absolute difference, relative change in % or None) from the unrounded values: a
    change of −1,24 reads «1,2 lavere», not the −1,3 of two rounded values."""
    if not (current.known and previous.known):
        return None
    now = float(current.value)  # type: ignore[arg-type]
    before = float(previous.value)  # type: ignore[arg-type]
    diff = rounded(now - before, kind)
    relative = None if before == 0 else (now - before) / abs(before) * 100
    return diff, relative


def _points(diff: float) -> str:
    """A change in percentage points, always with one decimal: 4 → «4,0»."""
    return formats.percent(abs(diff)).removesuffix(" %")


def _magnitude(diff: float, kind: Kind) -> str:
    return format_value(abs(diff), kind)


def points_or_relative_change_text(
    current: Cell, previous: Cell, kind: Kind, previous_label: str
) -> str:
    """The short change for a table of key figures: a share in percentage points («−1,2
    procentpoint mod …»), a count or an amount relative to before («+9,1 % mod 3. kvt. 2025»),
    a mean or a change from zero absolute; «uændret mod …», or «–» when it cannot be
    compared. (The pages' tiles show every change relative: ``ui.frame.relative_change_text``.)"""
    found = _difference(current, previous, kind)
    if found is None:
        return NOT_COMPARABLE
    diff, relative = found
    if diff == 0:
        return f"uændret mod {previous_label}"
    if kind == "percent":
        return f"{_signed(_points(diff), diff > 0)} procentpoint mod {previous_label}"
    if relative is None or kind == "number":  # from zero, or a mean: the absolute change
        return f"{_signed(_magnitude(diff, kind), diff > 0)} mod {previous_label}"
    percent = formats.percent(abs(relative))
    return f"{_signed(percent, diff > 0)} mod {previous_label}"


def _relative_suffix(relative: float | None, diff: float) -> str:
    if relative is None:
        return ""
    return f" ({_signed(formats.percent(abs(relative)), diff > 0)})"


def _hidden_phrase(cell: Cell, threshold: int | None) -> str:
    limit = suppression_threshold(threshold)
    if cell.suppressed == PRIMARY:
        return f"færre end {limit}"
    return "skjult"


def _comparison_missing(previous: Cell, previous_label: str, threshold: int | None) -> str:
    """The clause after a value that cannot be compared with last year."""
    if previous.suppressed == PRIMARY:
        limit = suppression_threshold(threshold)
        return (
            f"; tallet for {previous_label} er skjult, fordi det bygger på færre end "
            f"{limit} borgere"
        )
    if previous.suppressed == SECONDARY:
        return f"; tallet for {previous_label} er skjult for at beskytte små tal"
    return f"; der er ingen tal for {previous_label} at sammenligne med"


def count_sentence(
    noun: str,
    current: Cell,
    previous: Cell,
    period_label: str,
    previous_label: str,
    *,
    lead: str = "Der var",
    threshold: int | None = None,
) -> str:
    """«Der var 312 borgere i ressourceforløb i 3. kvt. 2026, 26 flere end i 3. kvt. 2025
    (+9,1 %).» ``noun`` is plural and may carry its own context («borgere i …»)."""
    if current.hidden:
        if current.suppressed == PRIMARY:
            return (
                f"{lead} {_hidden_phrase(current, threshold)} {noun} i {period_label}; det "
                "præcise tal vises ikke for at beskytte borgerne."
            )
        return f"Antallet af {noun} i {period_label} er skjult for at beskytte små tal."
    if not current.known:
        return f"Der er ingen tal for {noun} i {period_label}."
    value = format_value(float(current.value), "count")  # type: ignore[arg-type]
    head = f"{lead} {value} {noun} i {period_label}"
    found = _difference(current, previous, "count")
    if found is None:
        return head + _comparison_missing(previous, previous_label, threshold) + "."
    diff, relative = found
    if diff == 0:
        return f"{head}, lige så mange som i {previous_label}."
    amount = _magnitude(diff, "count")
    word = ("mere" if abs(diff) == 1 else "flere") if diff > 0 else "færre"
    return f"{head}, {amount} {word} end i {previous_label}{_relative_suffix(relative, diff)}."


_UP = {"money": "mere", "percent": "højere", "days": "flere", "number": "højere", "count": "flere"}
_DOWN = {"money": "mindre", "percent": "lavere", "days": "færre", "number": "lavere"}
_DOWN["count"] = "færre"


def value_sentence(
    subject: str,
    current: Cell,
    previous: Cell,
    kind: Kind,
    period_label: str,
    previous_label: str,
    *,
    threshold: int | None = None,
) -> str:
    """«Budgetforbruget i Sundhed var 71,3 % i 3. kvt. 2026, 3,2 procentpoint lavere end i
    3. kvt. 2025.» for money («… kr., 12.345 kr. mere end …»), percentages (procentpoint),
    days («13 dage, 2 dage færre end …») and other numbers. ``subject`` starts the sentence."""
    if current.hidden:
        if current.suppressed == PRIMARY:
            limit = suppression_threshold(threshold)
            return (
                f"{subject} i {period_label} vises ikke, fordi tallet bygger på færre end "
                f"{limit} borgere."
            )
        return f"{subject} i {period_label} er skjult for at beskytte små tal."
    if not current.known:
        return f"Der er ingen tal for {_lower_first(subject)} i {period_label}."
    value = float(current.value)  # type: ignore[arg-type]
    head = f"{subject} var {_with_unit(value, kind)} i {period_label}"
    found = _difference(current, previous, kind)
    if found is None:
        return head + _comparison_missing(previous, previous_label, threshold) + "."
    diff, relative = found
    if diff == 0:
        return f"{head}, det samme som i {previous_label}."
    word = _UP[kind] if diff > 0 else _DOWN[kind]
    if kind == "percent":
        return f"{head}, {_points(diff)} procentpoint {word} end i {previous_label}."
    amount = _with_unit(abs(diff), kind)
    suffix = "" if kind == "number" else _relative_suffix(relative, diff)
    return f"{head}, {amount} {word} end i {previous_label}{suffix}."


def _with_unit(value: float, kind: Kind) -> str:
    text = format_value(value, kind)
    if kind == "days":
        return f"{text} {'dag' if rounded(value, kind) == 1 else 'dage'}"
    return text


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def sentence(
    subject: str,
    current: Cell,
    previous: Cell,
    kind: Kind,
    period_label: str,
    previous_label: str,
    *,
    lead: str = "Der var",
    threshold: int | None = None,
) -> str:
    """``count_sentence`` for counts (``subject`` is then the plural noun, ``lead`` its
    opening), else ``value_sentence``."""
    if kind == "count":
        return count_sentence(
            subject,
            current,
            previous,
            period_label,
            previous_label,
            lead=lead,
            threshold=threshold,
        )
    return value_sentence(
        subject, current, previous, kind, period_label, previous_label, threshold=threshold
    )
