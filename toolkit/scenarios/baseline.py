"""The baseline a scenario is measured against: base-year facts and levels from one version.

Built once per data version with the indicator layer at year level (``build_baseline``), or
directly from plain numbers (the constructor) for hand-computed tests and what-if pages.

Sign of the baseline: **spending**. ``Baseline.project`` gives kroner a purse spends, plus
for an expense: intervention cost and gross benefits are plus, the refund the kommune
receives is minus (it lowers the kommune's spending) and plus for the stat that pays it.
The municipality's baseline cost in a year is the sum of its kommune rows. A scenario's
amounts are the reverse (plus is a gain), so the cost with a scenario is baseline − net.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

import pandas as pd

from toolkit.accounts import other_benefit_accounts, scheme_accounts, scheme_benefits
from toolkit.indicators import compute
from toolkit.periods import as_of_default
from toolkit.register import Economy, Register
from toolkit.scenarios.register_facts import (
    active_courses,
    base_year_context,
    benefit_months,
    ended_courses,
    exit_shares,
    intervention_cost_by_scheme_and_type,
    intervention_person_years,
    mean_durations,
    persons_by_support,
)

# From the account table (toolkit/data/benefit_accounts.csv, read by toolkit.accounts):
# each scheme's own benefit, the function accounts (prefixes) holding it, and where a benefit
# that is no scheme's own is booked (for "I stedet for ydelse" and exits to it).
SCHEME_BENEFIT: dict[str, str] = scheme_benefits()
SCHEME_ACCOUNTS: dict[str, tuple[str, ...]] = scheme_accounts()
BENEFIT_ACCOUNTS: dict[str, tuple[str, ...]] = other_benefit_accounts()
TREND_YEARS = 3
TREND_CAP = 0.10
INDICATOR_IDS = (
    "intervention_cost_dkk",
    "intervention_cost_by_scheme_dkk",
    "benefit_cost_gross_dkk",
    "benefit_refund_dkk",
    "full_time_persons",
    "persons_active_count",
)

SeriesKey = tuple[str | None, str, str]  # (department or None, purse, item)


def _frozen(mapping: Mapping[Any, Any] | None = None) -> Mapping[Any, Any]:
    return MappingProxyType(dict(mapping or {}))


def _sums(frame: pd.DataFrame, keys: list[str]) -> list[tuple[Any, ...]]:
    """(key values..., summed value) per group of ``frame``."""
    grouped = frame.groupby(keys)["value"].sum().reset_index()
    return list(zip(*(grouped[c] for c in [*keys, "value"]), strict=True))


@dataclass(frozen=True)
class SchemeFacts:
    """One scheme in the base year."""

    persons: float = 0.0  # distinct persons with an active course
    persons_by_support: Mapping[str, float] = field(default_factory=_frozen)
    person_years: float = 0.0  # full_time_persons
    benefit_per_person_year: float | None = None  # gross, of the scheme's benefit
    refund_share: float = 0.0  # 0-1: refund ÷ gross
    benefit_department: str | None = None
    intervention_cost_per_person_year: Mapping[str, float] = field(default_factory=_frozen)
    # (paying department, intervention type) -> kroner per person-year of the scheme; summed
    # over the types it gives intervention_cost_per_person_year.
    intervention_cost_by_type: Mapping[tuple[str, str], float] = field(default_factory=_frozen)
    # Of the courses that ended in the base year: mean length ((end − start) days + 1, ÷ 365)
    # and destination -> share (register_facts.EXIT_DESTINATION; sums to 1).
    mean_duration_years: float | None = None
    exit_shares: Mapping[str, float] = field(default_factory=_frozen)


@dataclass(frozen=True)
class BenefitFacts:
    """One benefit in the base year: gross kroner per person-year (paid ÷ person-months with
    it × 12), the refund share and the department that pays it."""

    per_person_year: float | None = None
    refund_share: float = 0.0
    department: str | None = None


@dataclass(frozen=True)
class TypeFacts:
    """One intervention type in the base year: ``person_years`` is the days its started
    interventions ran in the base year (up to the as-of date) ÷ 365, and
    ``cost_per_person_year`` its cost in the base year ÷ those person-years (what a full year
    of it costs)."""

    department: str | None = None  # the department that delivers it (Takster)
    recipients: float = 0.0  # distinct persons with a cost in the base year
    person_years: float = 0.0
    cost_per_person_year: float | None = None


@dataclass(frozen=True, eq=False)
class Baseline:
    """Base-year facts and spending levels (see the module's note on the sign).

    ``levels``: base-year spending per (department or None, purse, item); ``growth``: the
    trend's yearly growth per series (already capped; missing means 0).
    """

    base_year: int
    departments: Mapping[str, str] = field(default_factory=_frozen)
    schemes: Mapping[str, SchemeFacts] = field(default_factory=_frozen)
    intervention_types: Mapping[str, TypeFacts] = field(default_factory=_frozen)
    benefits: Mapping[str, BenefitFacts] = field(default_factory=_frozen)
    levels: Mapping[SeriesKey, float] = field(default_factory=_frozen)
    growth: Mapping[SeriesKey, float] = field(default_factory=_frozen)
    as_of: date | None = None
    version: str | None = None
    price_level_year: int | None = None

    @property
    def price_level(self) -> int:
        """The year whose prices every result is stated in: ``price_level_year``, else the
        as-of date's year, else the base year."""
        if self.price_level_year is not None:
            return self.price_level_year
        return self.as_of.year if self.as_of is not None else self.base_year

    def department_label(self, code: str | None) -> str:
        if code is None:
            return ""
        return self.departments.get(code, code)

    def project(self, years: Iterable[int], trend: str = "tendens") -> pd.DataFrame:
        """year, department, purse, item, amount: spending per year (plus is an expense).

        ``tendens``: amount(base) × (1 + g)^(year − base); ``flad``: the base-year amount.
        """
        rows_year, rows_dep, rows_purse, rows_item, rows_amount = [], [], [], [], []
        years = list(years)
        for key, level in self.levels.items():
            g = self.growth.get(key, 0.0) if trend == "tendens" else 0.0
            for year in years:
                rows_year.append(year)
                rows_dep.append(key[0])
                rows_purse.append(key[1])
                rows_item.append(key[2])
                rows_amount.append(level * (1 + g) ** (year - self.base_year))
        return pd.DataFrame({
            "year": pd.Series(rows_year, dtype="int64"),
            "department": pd.Series(rows_dep, dtype="str"),
            "purse": pd.Series(rows_purse, dtype="str"),
            "item": pd.Series(rows_item, dtype="str"),
            "amount": pd.Series(rows_amount, dtype="float64"),
        })  # fmt: skip

    def municipal_cost(self, years: Iterable[int], trend: str = "tendens") -> dict[int, float]:
        """The kommune's baseline spending per year (all departments)."""
        out = {}
        for year in years:
            total = 0.0
            for key, level in self.levels.items():
                if key[1] != "kommune":
                    continue
                g = self.growth.get(key, 0.0) if trend == "tendens" else 0.0
                total += level * (1 + g) ** (year - self.base_year)
            out[year] = total
        return out


def base_year_of(as_of: date) -> int:
    """The last whole calendar year on or before ``as_of``."""
    return as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1


def trend_growth(
    amounts: Mapping[int, float], base_year: int, first_whole_year: int | None = None
) -> float:
    """Geometric mean yearly change from the earliest of the last (up to) three whole years
    with an amount to the base year, capped at ±10 %; 0 when there is nothing to compare."""
    base = amounts.get(base_year, 0.0)
    earliest = base_year - TREND_YEARS
    if first_whole_year is not None:
        earliest = max(earliest, first_whole_year)
    for year in range(earliest, base_year):
        start = amounts.get(year, 0.0)
        if start and base and (start > 0) == (base > 0):
            g = (base / start) ** (1 / (base_year - year)) - 1
            return max(-TREND_CAP, min(TREND_CAP, g))
    return 0.0


def build_baseline(
    register: Register,
    economy: Economy,
    *,
    as_of: date | None = None,
    version: str | None = None,
) -> Baseline:
    """The baseline of one version: facts of the base year and levels of up to three years
    before it (see docs/scenarios.md)."""
    as_of = as_of or as_of_default(register)
    base = base_year_of(as_of)
    values = compute(
        register,
        economy,
        ids=list(INDICATOR_IDS),
        level="year",
        first=date(base - TREND_YEARS, 1, 1),
        last=date(base, 12, 31),
        as_of=as_of,
    )
    values = values.assign(year=values["period"].astype("int64"))
    by_id = {str(key): frame for key, frame in values.groupby("indicator")}
    empty = values.iloc[0:0]

    def indicator(name: str, year: int | None = None) -> pd.DataFrame:
        frame = by_id.get(name, empty)
        return frame if year is None else frame[frame["year"] == year]

    departments = dict(zip(economy.departments["department"].astype(str),
                           economy.departments["name"].astype(str), strict=True))  # fmt: skip

    # Per scheme
    persons = indicator("persons_active_count", base).groupby("scheme")["value"].sum()
    person_years = indicator("full_time_persons", base).groupby("scheme")["value"].sum()
    by_scheme = indicator("intervention_cost_by_scheme_dkk", base)
    gross = indicator("benefit_cost_gross_dkk", base).groupby("benefit")["value"].sum()
    refund = indicator("benefit_refund_dkk", base).groupby("benefit")["value"].sum()
    months = benefit_months(register, base)
    support = persons_by_support(register, base, as_of)
    context = base_year_context(register, economy, base, as_of)
    cost_by_type = intervention_cost_by_scheme_and_type(context)
    ended = ended_courses(register, base, as_of)
    durations = mean_durations(ended)
    exits = exit_shares(ended)
    schemes: dict[str, SchemeFacts] = {}
    benefit_departments: dict[str, str | None] = {}
    for scheme, benefit in SCHEME_BENEFIT.items():
        years_ = float(person_years.get(scheme, 0.0))
        cost = by_scheme[by_scheme["scheme"] == scheme].groupby("department")["value"].sum()
        per_py = {str(d): float(v) / years_ for d, v in cost.items()} if years_ else {}
        by_type = cost_by_type.get(scheme, {})
        per_py_by_type = {key: v / years_ for key, v in by_type.items()} if years_ else {}
        g, m = float(gross.get(benefit, 0.0)), int(months.get(benefit, 0))
        department = _benefit_department(register, economy, scheme, base, as_of)
        benefit_departments[scheme] = department
        schemes[scheme] = SchemeFacts(
            persons=float(persons.get(scheme, 0.0)),
            persons_by_support=_frozen(support.get(scheme, {})),
            person_years=years_,
            benefit_per_person_year=g / m * 12 if m else None,
            refund_share=float(refund.get(benefit, 0.0)) / g if g else 0.0,
            benefit_department=department,
            intervention_cost_per_person_year=_frozen(per_py),
            intervention_cost_by_type=_frozen(per_py_by_type),
            mean_duration_years=durations.get(scheme),
            exit_shares=_frozen(exits.get(scheme, {})),
        )

    # Per benefit (what a volume change "instead of" a benefit saves)
    fallback = next((d for d in benefit_departments.values() if d), None)
    scheme_of = {b: s for s, b in SCHEME_BENEFIT.items()}
    benefits: dict[str, BenefitFacts] = {}
    for code, paid in gross.items():
        benefit = str(code)
        g, m = float(paid), int(months.get(benefit, 0))
        of_scheme = scheme_of.get(benefit)
        if of_scheme is not None:
            department = benefit_departments.get(of_scheme)
        else:
            accounts = BENEFIT_ACCOUNTS.get(benefit, ())
            department = _account_department(economy, accounts, base)
        benefits[benefit] = BenefitFacts(
            per_person_year=g / m * 12 if m else None,
            refund_share=float(refund.get(benefit, 0.0)) / g if g else 0.0,
            department=department or fallback,
        )

    # Per intervention type
    cost_types = indicator("intervention_cost_dkk", base).groupby("intervention_type")
    type_cost = cost_types["value"].sum()
    type_n = cost_types["n"].sum()
    type_years = intervention_person_years(context)
    types: dict[str, TypeFacts] = {}
    for code, department in _type_departments(economy).items():
        held = type_years.get(code, 0.0)
        types[code] = TypeFacts(
            department=department,
            recipients=float(type_n.get(code, 0)),
            person_years=held,
            cost_per_person_year=float(type_cost.get(code, 0.0)) / held if held else None,
        )

    # Levels: spending per series and year
    history: dict[SeriesKey, dict[int, float]] = {}

    def add(key: SeriesKey, year: int, amount: float) -> None:
        series = history.setdefault(key, {})
        series[year] = series.get(year, 0.0) + amount

    for year, department, amount in _sums(indicator("intervention_cost_dkk"),
                                          ["year", "department"]):  # fmt: skip
        add((str(department), "kommune", "intervention_cost"), int(year), float(amount))
    benefit_of = {b: s for s, b in SCHEME_BENEFIT.items()}
    for name, sign in (("benefit_cost_gross_dkk", 1.0), ("benefit_refund_dkk", -1.0)):
        for year, benefit, amount in _sums(indicator(name), ["year", "benefit"]):
            of_scheme = benefit_of.get(str(benefit))
            paid_by = benefit_departments.get(of_scheme) if of_scheme else None
            if paid_by is None:
                continue
            if sign > 0:
                add((paid_by, "kommune", "benefit_cost"), int(year), float(amount))
            else:
                add((paid_by, "kommune", "refund"), int(year), -float(amount))
                add((None, "stat", "refund"), int(year), float(amount))
    first_whole = _first_whole_year(register)
    levels = {key: series.get(base, 0.0) for key, series in history.items()}
    growth = {key: trend_growth(series, base, first_whole) for key, series in history.items()}
    return Baseline(
        base_year=base,
        departments=_frozen(departments),
        schemes=_frozen(schemes),
        intervention_types=_frozen(types),
        benefits=_frozen(benefits),
        levels=_frozen(levels),
        growth=_frozen(growth),
        as_of=as_of,
        version=version,
        price_level_year=as_of.year,
    )


def _benefit_department(
    register: Register, economy: Economy, scheme: str, year: int, as_of: date
) -> str | None:
    """The department whose budget holds the scheme's benefit account (the largest such
    budget, the base year's first); else the one coordinating most of its courses."""
    held = _account_department(economy, SCHEME_ACCOUNTS[scheme], year)
    if held is not None:
        return held
    for courses in (active_courses(register, year, as_of), register.courses):
        coordinating = courses.loc[courses["scheme"] == scheme, "coordinating_department"]
        if not coordinating.dropna().empty:
            counts = coordinating.value_counts()
            top = counts[counts == counts.max()].index
            return str(sorted(top)[0])
    return None


def _account_department(economy: Economy, prefixes: tuple[str, ...], year: int) -> str | None:
    """The department with the largest budget on accounts starting with ``prefixes`` (the
    given year's budget first, else any year's); None when no budget holds them."""
    if not prefixes:
        return None
    budget = economy.budget
    held = budget[budget["account"].astype(str).str.startswith(prefixes)]
    if held.empty:
        return None
    in_year = held[held["year"] == year]
    chosen = in_year if not in_year.empty else held
    totals = chosen.groupby("department")["amount"].apply(lambda a: a.abs().sum())
    return str(totals.sort_values(ascending=False, kind="stable").index[0])


def _type_departments(economy: Economy) -> dict[str, str | None]:
    """Intervention type -> its department in Takster (the latest valid row's)."""
    prices = economy.prices.sort_values("valid_from", kind="stable")
    out: dict[str, str | None] = {}
    for code, department in zip(prices["intervention_type"], prices["department"], strict=True):
        out[str(code)] = None if pd.isna(department) else str(department)
    return out


def _first_whole_year(register: Register) -> int | None:
    """The first calendar year the register covers from 1 January."""
    starts = [register.courses["start"].min(), register.interventions["start"].min(),
              register.benefits["month"].min()]  # fmt: skip
    known = [d for d in starts if pd.notna(d)]
    if not known:
        return None
    first = min(known)
    return int(first.year) if (first.month, first.day) == (1, 1) else int(first.year) + 1
