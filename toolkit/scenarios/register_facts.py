"""Base-year facts the baseline reads from the register beside the indicator catalogue:
persons by support at entry, person-months with a benefit, the courses that ended (their
length and where the persons went), intervention cost by scheme and type, and the
person-years an intervention type ran.

Intervention kroner are spread over the days exactly as the catalogue's «Udgift til
indsatser» does (``toolkit.indicators.cost.cost_spans``), so the split by type adds up to
the indicator «Udgift til indsatser efter ordning».
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from toolkit.indicators.context import Context
from toolkit.indicators.cost import cost_spans
from toolkit.indicators.spans import active_rows, running_interventions
from toolkit.periods import period_of
from toolkit.register import Economy, Register

DAYS_PER_YEAR = 365
# Afslutningsårsag -> where the person went (a SCENARIO_DESTINATION code). ``nyt_forloeb``
# stays in a scheme (the scheme's own code, added where it is used); moving away, death and
# «andet» say nothing about the scheme's effect and are left out.
EXIT_DESTINATION = {
    "ordinaer_beskaeftigelse": "job_uddannelse",
    "uddannelse": "job_uddannelse",
    "fleksjob": "fleksjob",
    "foertidspension": "foertidspension",
    "anden_ydelse": "kontanthjaelp",
}
NEW_COURSE = "nyt_forloeb"


def year_bounds(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)


def base_year_context(register: Register, economy: Economy, year: int, as_of: date) -> Context:
    """The indicator context of one calendar year, as ``compute(level="year")`` builds it."""
    return Context(register, economy, (period_of(date(year, 1, 1), "year"),), as_of, "year")


def benefit_months(register: Register, year: int) -> pd.Series:
    """Person-months with a payment (amount > 0) per benefit in ``year``."""
    benefits = register.benefits
    first, last = year_bounds(year)
    paid = benefits[(benefits["month"] >= first) & (benefits["month"] <= last)
                    & (benefits["amount"] > 0)]  # fmt: skip
    return paid.drop_duplicates(["person_id", "month", "benefit"]).groupby("benefit").size()


def active_courses(register: Register, year: int, as_of: date) -> pd.DataFrame:
    """Courses running on some day of ``year`` up to ``as_of``."""
    courses = register.courses
    first, last = year_bounds(year)
    last = min(last, pd.Timestamp(as_of))
    ends = courses["end"]
    active = (courses["start"] <= last) & (ends.isna() | (ends >= first))
    return courses[active]


def persons_by_support(register: Register, year: int, as_of: date) -> dict[str, dict[str, float]]:
    """Scheme -> support at entry -> distinct persons with an active course in ``year``."""
    active = active_courses(register, year, as_of)
    support = register.citizens.set_index("person_id")["support_at_entry"]
    joined = active.assign(support=active["person_id"].map(support)).dropna(subset=["support"])
    counts = joined.groupby(["scheme", "support"])["person_id"].nunique().reset_index()
    out: dict[str, dict[str, float]] = {}
    for scheme, code, n in zip(counts["scheme"], counts["support"], counts["person_id"],
                               strict=True):  # fmt: skip
        out.setdefault(str(scheme), {})[str(code)] = float(n)
    return out


def ended_courses(register: Register, year: int, as_of: date) -> pd.DataFrame:
    """Courses whose end date lies in ``year``, on or before ``as_of``."""
    courses = register.courses
    first, last = year_bounds(year)
    last = min(last, pd.Timestamp(as_of))
    ends = courses["end"]
    return courses[ends.notna() & (ends >= first) & (ends <= last)]


def mean_durations(ended: pd.DataFrame) -> dict[str, float]:
    """Scheme -> mean length in years ((end − start) in days + 1, ÷ 365) of ``ended``."""
    days = (ended["end"] - ended["start"]).dt.days + 1
    means = (days / DAYS_PER_YEAR).groupby(ended["scheme"]).mean()
    return {str(scheme): float(years) for scheme, years in means.items()}


def exit_shares(ended: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Scheme -> destination -> share of the ``ended`` courses with a known destination
    (``EXIT_DESTINATION``; a new course: the scheme's own code); the shares sum to 1."""
    out: dict[str, dict[str, float]] = {}
    for scheme, reasons in ended.groupby("scheme")["exit_reason"]:
        code = str(scheme)
        mapping = {**EXIT_DESTINATION, NEW_COURSE: code}
        destinations = reasons.dropna().astype(str).map(mapping).dropna()
        if destinations.empty:
            continue
        shares = destinations.value_counts(normalize=True).sort_index()
        out[code] = {str(dest): float(share) for dest, share in shares.items()}
    return out


def intervention_cost_by_scheme_and_type(ctx: Context) -> dict[str, dict[tuple[str, str], float]]:
    """Scheme -> (paying department, intervention type) -> kroner in the context's periods,
    for the interventions that belong to a course (the course's scheme)."""
    spans = cost_spans(ctx, ["department", "intervention_type", "course_id"])
    schemes = ctx.register.courses.set_index("course_id")["scheme"]
    spans = spans.assign(scheme=spans["course_id"].map(schemes)).dropna(subset=["scheme"])
    keys = ["scheme", "department", "intervention_type"]
    sums = spans.groupby(keys, observed=True)["cost"].sum().reset_index()
    out: dict[str, dict[tuple[str, str], float]] = {}
    for scheme, department, kind, cost in zip(*(sums[c] for c in [*keys, "cost"]), strict=True):
        out.setdefault(str(scheme), {})[(str(department), str(kind))] = float(cost)
    return out


def intervention_person_years(ctx: Context) -> dict[str, float]:
    """Intervention type -> the days its started interventions ran in the context's periods
    (up to the as-of date), ÷ 365."""
    interventions = running_interventions(ctx)
    days = active_rows(interventions, "start", "end", ctx)
    kinds = days["row"].map(interventions["intervention_type"])
    totals = days["days"].groupby(kinds.to_numpy()).sum()
    return {str(kind): float(total) / DAYS_PER_YEAR for kind, total in totals.items()}
