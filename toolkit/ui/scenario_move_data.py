"""A new scenario built on the Scenarier page: budget moved from one department to another for
some years, what the money buys in the receiving department, and the effect hoped for on a
target group. The form's choices come from the data, its answers are checked with Danish
messages, and the result is an ordinary :class:`~toolkit.scenarios.Scenario`: projected like
the prepared ones and written by «Gem som Excel» as rows of scenarier.xlsx.

No widgets here: the form (``scenario_move.py``) only shows this module's choices and texts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from toolkit import formats
from toolkit.scenarios import OUTCOMES, SUPPORT_AT_ENTRY, Baseline, Scenario
from toolkit.scenarios.model import (
    DEFAULT_DISCOUNT_RATE_PCT,
    Effect,
    Investment,
    PriceIndexPoint,
    Reallocation,
    Uncertainty,
    scheme_label,
)

DEFAULT_AMOUNT = 1_000_000.0
DEFAULT_SIZES = {"afgang_arbejde": 5.0, "kortere_forloeb": 2.0, "faerre_ventedage": 30.0}
OWN_SOURCE = "Egen antagelse, lavet på siden Scenarier"
NO_EFFECT = ""  # the target-group choice for a move without an effect
ALL_SUPPORT = ""  # the whole scheme, whatever the support at entry
NO_PURCHASE = ""  # the money is moved, nothing bought with it is counted

_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+(,\d+)?$|^-?\d+\.\d+$")


@dataclass(frozen=True)
class MoveChoices:
    """What the form offers, from the data: (label, code) pairs for the dropdowns."""

    departments: tuple[tuple[str, str], ...]
    years: tuple[int, ...]  # the new scenario's years
    schemes: tuple[tuple[str, str], ...]  # target groups with persons in the base year
    supports: tuple[tuple[str, str], ...]
    outcomes: tuple[tuple[str, str], ...]
    purchases: Mapping[str, tuple[tuple[str, str], ...]]  # department -> its types
    cost_per_person: Mapping[str, float]  # intervention type -> kroner per person-year
    default_amount: float
    # What the workbook gives every scenario, so a new move is computed and saved alike:
    # its price index and its shared ranges (sheet Usikkerhed rows without a scenario ID).
    price_index: tuple[PriceIndexPoint, ...] = ()
    shared_uncertainty: tuple[Uncertainty, ...] = ()


@dataclass(frozen=True)
class MoveAnswers:
    """The form's answers as typed (numbers as Danish text)."""

    name: str
    from_department: str
    to_department: str
    amount: str
    from_year: int
    to_year: int
    purchase: str = NO_PURCHASE  # an intervention type of the receiving department
    scheme: str = NO_EFFECT
    support_at_entry: str = ALL_SUPPORT
    outcome: str = "afgang_arbejde"
    size: str = ""
    delay_years: int = 0
    duration_years: int | None = None  # None: to the end of the horizon
    persons: str = ""  # blank: the persons the money buys, or else the whole target group
    source: str = OWN_SOURCE


def move_choices(
    baseline: Baseline,
    departments: Iterable[tuple[str, str]],
    type_names: Mapping[str, str],
    first_year: int,
    horizon_years: int,
    prepared: Iterable[Scenario] = (),
) -> MoveChoices:
    """The form's choices: the economy's departments, the years, the target groups that have
    persons, and per department the intervention types whose yearly cost is known."""
    purchases: dict[str, list[tuple[str, str]]] = {}
    costs: dict[str, float] = {}
    for code, facts in sorted(baseline.intervention_types.items()):
        cost = facts.cost_per_person_year
        if facts.department is None or cost is None or not cost > 0:
            continue
        purchases.setdefault(facts.department, []).append((type_names.get(code, code), code))
        costs[code] = float(cost)
    prepared = list(prepared)
    moved = [r.amount for s in prepared for r in s.reallocations]
    shared = {u.parameter: u for s in prepared for u in s.uncertainty if u.shared}
    return MoveChoices(
        departments=tuple((name, code) for code, name in departments),
        years=tuple(range(first_year, first_year + horizon_years)),
        schemes=tuple(
            (scheme_label(code), code)
            for code, facts in baseline.schemes.items()
            if facts.persons > 0
        ),
        supports=(
            ("Alle i ordningen", ALL_SUPPORT),
            *((label, code) for code, label in SUPPORT_AT_ENTRY.items()),
        ),
        outcomes=tuple((f"{kind.label} ({kind.unit})", code) for code, kind in OUTCOMES.items()),
        purchases={dep: tuple(sorted(types)) for dep, types in purchases.items()},
        cost_per_person=costs,
        default_amount=max(moved, default=DEFAULT_AMOUNT),
        price_index=next((s.price_index for s in prepared if s.price_index), ()),
        shared_uncertainty=tuple(shared.values()),
    )


def parse_number(text: str) -> float | None:
    """A number as a Danish user types it: «1.800.000», «1800000», «2,5» (also «2.5»);
    None when it is not a number."""
    cleaned = text.strip().removesuffix("kr.").strip().replace(" ", "").replace("\u00a0", "")
    if not _NUMBER.match(cleaned):
        return None
    if "," in cleaned or cleaned.count(".") > 1 or re.search(r"\.\d{3}$", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    value = float(cleaned)
    return value if math.isfinite(value) else None


def amount_text(value: float) -> str:
    """Kroner for a slider or a field: «1,9 mio. kr.» from a million, else «850.000 kr.»."""
    if abs(value) >= 1_000_000:
        return f"{formats.number(value / 1_000_000, 3)} mio. kr."
    return formats.kroner(value)


def persons_bought(answers: MoveAnswers, choices: MoveChoices) -> float | None:
    """How many persons, each for a full year, the moved amount pays for in the chosen
    intervention (its cost per person-year)."""
    amount = parse_number(answers.amount)
    cost = choices.cost_per_person.get(answers.purchase)
    if amount is None or cost is None or amount <= 0:
        return None
    return round(amount / cost, 1)


def move_problems(answers: MoveAnswers, choices: MoveChoices) -> list[str]:
    """Every reason the answers cannot become a scenario, one Danish sentence each."""
    names = {code: name for name, code in choices.departments}
    problems = []
    if not answers.name.strip():
        problems.append("Giv scenariet et navn.")
    if answers.from_department not in names or answers.to_department not in names:
        problems.append("Vælg både den afdeling, der afgiver budget, og den, der modtager det.")
    elif answers.from_department == answers.to_department:
        problems.append(
            f"«Fra afdeling» og «Til afdeling» er begge "
            f"{names[answers.from_department]}; en flytning går mellem to "
            "forskellige afdelinger."
        )
    amount = parse_number(answers.amount)
    if amount is None:
        problems.append("Beløbet pr. år skal være et tal i kroner, fx 1.500.000.")
    elif amount <= 0:
        problems.append("Beløbet pr. år skal være over 0 kr.")
    if answers.to_year < answers.from_year:
        problems.append(f"«Til år» ({answers.to_year}) ligger før «Fra år» ({answers.from_year}).")
    offered = {code for _, code in choices.purchases.get(answers.to_department, ())}
    if answers.purchase and answers.purchase not in offered:
        problems.append(
            "Indsatsen hører ikke til den modtagende afdeling; vælg en af dens "
            "indsatser eller «ingen»."
        )
    if answers.scheme:
        problems.extend(_effect_problems(answers))
    return problems


def _effect_problems(answers: MoveAnswers) -> list[str]:
    kind = OUTCOMES.get(answers.outcome)
    unit = kind.unit if kind else ""
    size = parse_number(answers.size)
    problems = []
    if size is None:
        problems.append(f"Effektens størrelse skal være et tal ({unit}), fx 5.")
    elif size <= 0:
        problems.append(f"Effektens størrelse skal være over 0 {unit}.")
    elif answers.outcome == "afgang_arbejde" and size > 100:
        problems.append("Flere afgange kan højst være 100 procentpoint.")
    if answers.persons.strip():
        persons = parse_number(answers.persons)
        if persons is None or persons <= 0:
            problems.append("Personer pr. år skal være et tal over 0, eller tomt.")
    return problems


def next_scenario_id(existing: Iterable[str]) -> str:
    """S4 after S1-S3: the next free «S» number."""
    taken = set(existing)
    numbers = [int(m.group(1)) for sid in taken if (m := re.fullmatch(r"S(\d+)", sid))]
    candidate = max(numbers, default=0) + 1
    while f"S{candidate}" in taken:
        candidate += 1
    return f"S{candidate}"


def move_scenario(
    answers: MoveAnswers,
    choices: MoveChoices,
    scenario_id: str,
    discount_rate_pct: float | None = None,
) -> Scenario:
    """The answers as a scenario (call :func:`move_problems` first: it must be empty)."""
    if problems := move_problems(answers, choices):
        raise ValueError(" ".join(problems))
    amount = parse_number(answers.amount) or 0.0
    names = {code: name for name, code in choices.departments}
    years = range(answers.from_year, answers.to_year + 1)
    purpose = (
        f"Flyttet på siden Scenarier fra {names[answers.from_department]} til "
        f"{names[answers.to_department]}"
    )
    moves = tuple(
        Reallocation(year, answers.from_department, answers.to_department, amount, purpose)
        for year in years
    )
    bought = persons_bought(answers, choices)
    investments: tuple[Investment, ...] = ()
    if answers.purchase and bought:
        investments = (
            Investment(
                answers.purchase,
                bought,
                paying_department=answers.to_department,
                from_year=answers.from_year,
                to_year=answers.to_year,
                note="Så mange personer, som det flyttede beløb betaler for",
            ),
        )
    effects: tuple[Effect, ...] = ()
    if answers.scheme:
        persons = parse_number(answers.persons) if answers.persons.strip() else bought
        effects = (
            Effect(
                scheme=answers.scheme,
                outcome=answers.outcome,
                size=parse_number(answers.size) or 0.0,
                support_at_entry=answers.support_at_entry or None,
                delay_years=float(answers.delay_years),
                duration_years=None
                if answers.duration_years is None
                else float(answers.duration_years),
                persons=persons,
                source=answers.source.strip() or None,
            ),
        )
    description = (
        f"{amount_text(amount)} om året flyttes fra {names[answers.from_department]} "
        f"til {names[answers.to_department]} i {_span(years)}."
    )
    return Scenario(
        scenario_id=scenario_id,
        name=answers.name.strip(),
        description=description,
        first_year=choices.years[0],
        horizon_years=len(choices.years),
        discount_rate_pct=DEFAULT_DISCOUNT_RATE_PCT
        if discount_rate_pct is None
        else discount_rate_pct,
        reallocations=moves,
        investments=investments,
        effects=effects,
        uncertainty=choices.shared_uncertainty,
        price_index=choices.price_index,
    )


def _span(years: range) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


__all__ = [
    "ALL_SUPPORT",
    "DEFAULT_SIZES",
    "NO_EFFECT",
    "NO_PURCHASE",
    "OWN_SOURCE",
    "MoveAnswers",
    "MoveChoices",
    "amount_text",
    "move_choices",
    "move_problems",
    "move_scenario",
    "next_scenario_id",
    "parse_number",
    "persons_bought",
]
