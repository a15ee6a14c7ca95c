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
POINTS = "procentpoint"  # a change of a share in running text
TABLE_POINTS = "pct.-point"  # … and in a table cell, where room is short
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
    """The cell as a table shows it: «<5» or «..» when hidden, the formatted value, or ''
    when there is none (the caller says why: ``Builder.show`` shows «–»)."""
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
    """The short change in a sentence: a share in percentage points («−1,2 procentpoint mod
    …»), a count or an amount relative to before («+9,1 % mod 3. kvt. 2025»), a mean or a
    change from zero absolute; «uændret mod …», or «–» when it cannot be compared. (The
    pages' tiles show every change relative: ``ui.frame.relative_change_text``.)"""
    change = _short_change(current, previous, kind, POINTS)
    if change is None:
        return NOT_COMPARABLE
    return f"{change} mod {previous_label}"


def table_change_text(current: Cell, previous: Cell, kind: Kind) -> str:
    """The change as a table cell shows it, under a header that says what it is compared
    with: «−2,1 pct.-point» (the Danish table abbreviation), «+9,1 %», «+0,6», «uændret», or
    «–» when it cannot be compared."""
    change = _short_change(current, previous, kind, TABLE_POINTS)
    return NOT_COMPARABLE if change is None else change


def _short_change(current: Cell, previous: Cell, kind: Kind, points: str) -> str | None:
    found = _difference(current, previous, kind)
    if found is None:
        return None
    diff, relative = found
    if diff == 0:
        return "uændret"
    if kind == "percent":
        return f"{_signed(_points(diff), diff > 0)} {points}"
    if relative is None or kind == "number":  # from zero, or a mean: the absolute change
        return _signed(_magnitude(diff, kind), diff > 0)
    return _signed(formats.percent(abs(relative)), diff > 0)


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


# -- page 1: the orientation (the rules that pick these are in ``orientation``) -------------

COMPARED_WITH_LAST_YEAR = "Tallene sammenlignes med samme kvartal året før."
RECOMMENDATION = "Det indstilles, at udvalget tager orienteringen til efterretning."
NO_TARGET = "ingen mål sat"
_VERDICTS = {"good": " Det går den rigtige vej.", "bad": " Det går den forkerte vej."}
BUDGET_HOLDS = " Budgettet holder."  # a mindreforbrug: neither right nor wrong in itself
_DIRECTIONS = {"hoejst": "højst", "mindst": "mindst"}


def verdict(judgement: str) -> str:
    """«Det går den rigtige vej.» (with a leading space) for "good", «… forkerte …» for
    "bad", '' for "neutral": good and bad in words, never by colour alone."""
    return _VERDICTS.get(judgement, "")


def limit_text(kind: Kind, limit: float) -> str:
    """A rule's threshold as the bullet says it: «5 procentpoint» for shares, «10 %» else."""
    number = formats.number(limit, decimals=0 if float(limit).is_integer() else 1)
    return f"{number} procentpoint" if kind == "percent" else f"{number} %"


def target_text(kind: Kind, target: float, direction: str) -> str:
    """«målet på højst 30 dage», «målet på mindst 40 %»."""
    decimals = 0 if float(target).is_integer() else 1
    number = formats.number(target, decimals=decimals)
    unit = {"percent": " %", "days": " dage", "money": " kr."}.get(kind, "")
    return f"målet på {_DIRECTIONS.get(direction, direction)} {number}{unit}"


def change_point(
    label: str, current: Cell, previous: Cell, kind: Kind, previous_label: str, judgement: str,
    limit: float,
) -> str:  # fmt: skip
    """«Borgere i fleksjob: steget mere end 10 % siden 3. kvt. 2025, fra 172 til 206
    (+19,8 %). Det går den rigtige vej.» The caller has checked the change is beyond
    ``limit`` and both values are shown."""
    up = float(current.value) > float(previous.value)  # type: ignore[arg-type]
    change = points_or_relative_change_text(current, previous, kind, previous_label)
    change = change.removesuffix(f" mod {previous_label}")
    return (
        f"{label}: {'steget' if up else 'faldet'} mere end {limit_text(kind, limit)} siden "
        f"{previous_label}, fra {_with_unit(float(previous.value), kind)} til "  # type: ignore[arg-type]
        f"{_with_unit(float(current.value), kind)} ({change}).{verdict(judgement)}"  # type: ignore[arg-type]
    )


def unchanged_point(count: int, previous_label: str) -> str:
    """The key figures no rule picked, in one bullet."""
    what = "Det øvrige nøgletal" if count == 1 else f"De øvrige {count} nøgletal"
    return (
        f"{what} har ændret sig mindre end tærsklerne (10 % for antal, beløb og dage, "
        f"5 procentpoint for andele) siden {previous_label}."
    )


def spend_point(department: str, year: int, budget: float, forecast: float, judgement: str) -> str:
    """The year's forecast against the korrigeret budget, in mio. kr.: a merforbrug or a
    mindreforbrug beyond the rule's threshold, with its verdict; a mindreforbrug only says
    that the budget holds (money not spent may be a service not given)."""
    variance = forecast - budget
    share = formats.percent(abs(variance) / budget * 100)
    kind = "merforbrug" if variance > 0 else "mindreforbrug"
    closing = verdict(judgement) if variance > 0 else BUDGET_HOLDS
    return (
        f"{department}: forventet {kind} på {formats.million_kroner(abs(variance))} i {year}, "
        f"{share} af det korrigerede budget på {formats.million_kroner(budget)}{closing}"
    )


def waiting_point(
    department: str,
    medians: list[tuple[str, float]],
    missed: list[tuple[str, float]],
    target: str,
) -> str:
    """The median waiting for the department's interventions against its target (``target``
    from ``target_text``, '' when none is set: then the bullet says «ingen mål sat»)."""
    head = f"Ventetid til indsatser i {department} (median)"
    if not target:
        listed = formats.listing([f"{name} {_with_unit(days, 'days')}" for name, days in medians])
        return f"{head}: {listed}; {NO_TARGET}."
    if missed:
        listed = formats.listing([f"{name} {_with_unit(days, 'days')}" for name, days in missed])
        counted = (
            f" ({len(missed)} af {len(medians)} indsatstyper med tal)" if len(medians) > 1 else ""
        )
        return f"{head}: {listed} ligger over {target}{counted}.{verdict('bad')}"
    if len(medians) == 1:
        name, days = medians[0]
        return f"{head}: {name} {_with_unit(days, 'days')}, inden for {target}.{verdict('good')}"
    longest = max(days for _, days in medians)
    return (
        f"{head}: alle {len(medians)} indsatstyper med tal ligger inden for {target} (den "
        f"længste {_with_unit(longest, 'days')}).{verdict('good')}"
    )


def goal_point(
    label: str,
    current: Cell,
    period_label: str,
    *,
    target: str = "",
    target_met: bool = True,
    change: str = "",
    judgement: str = "neutral",
) -> str:
    """«Opnåede delmål: 45,0 % i 3. kvt. 2026, under målet på mindst 50 %; faldet mere end
    5 procentpoint siden 3. kvt. 2025 (−6,0 procentpoint). Det går den forkerte vej.»
    ``change`` is the clause after the semicolon, '' when the change is within the rule."""
    value = _with_unit(float(current.value), "percent")  # type: ignore[arg-type]
    text = f"{label}: {value} i {period_label}"
    if target:
        text += f", {'når' if target_met else 'når ikke'} {target}"
    if change:
        text += f"; {change}"
    return f"{text}.{verdict(judgement)}"


def goal_change(previous: Cell, current: Cell, previous_label: str, limit: float) -> str:
    """«faldet mere end 5 procentpoint siden 3. kvt. 2025 (fra 51,0 %)»."""
    up = float(current.value) > float(previous.value)  # type: ignore[arg-type]
    before = _with_unit(float(previous.value), "percent")  # type: ignore[arg-type]
    return (
        f"{'steget' if up else 'faldet'} mere end {limit_text('percent', limit)} siden "
        f"{previous_label} (fra {before})"
    )


def recommendation(scenario_names: list[str]) -> str:
    """The Indstilling: the orientation to note; with scenarios, also that the committee
    discusses them (a scenario is a calculation, so it is a basis to discuss, not a plan)."""
    if not scenario_names:
        return RECOMMENDATION
    named = formats.listing([f"«{name}»" for name in scenario_names])
    noun = "scenariet" if len(scenario_names) == 1 else "scenarierne"
    return (
        RECOMMENDATION.removesuffix(".")
        + f" og drøfter {noun} {named} som et muligt grundlag for budgetlægningen."
    )


def about_orientation(committee: str, own: list[str], others: list[str]) -> str:
    """«Om orienteringen»: whose departments come first, why the others are there, and what
    the numbers are compared with."""
    if len(own) == 1:
        first = f"Udvalgets afdeling, {own[0]}, står først i tabellerne pr. afdeling"
    else:
        first = f"Udvalgets afdelinger, {formats.listing(own)}, står først i tabellerne"
    rest = (
        f"; {formats.listing(others)} står med, fordi borgerne i forløb får indsatser på tværs "
        "af afdelingerne"
        if others
        else ""
    )
    return f"Orienteringen er lavet til {committee}. {first}{rest}. {COMPARED_WITH_LAST_YEAR}"
