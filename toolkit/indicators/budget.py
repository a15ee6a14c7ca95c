"""Budget against actuals per department, the year-end forecast and cost per citizen.

Budgets are annual: a month or quarter gets its share (months ÷ 12) so that budget and
actual can stand in one chart. Actuals are what Regnskab booked in the month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.indicators.budget_status import budgets_by_account, year_end_forecast
from toolkit.indicators.catalogue import indicator
from toolkit.indicators.context import Context
from toolkit.indicators.cost import intervention_costs, meeting_persons, meeting_staff_costs
from toolkit.indicators.grouping import Groups
from toolkit.indicators.spans import persons_per_period, tidy


def annual_budget(ctx: Context) -> pd.DataFrame:
    """year, department, budget: korrigeret where an account has one, else oprindeligt."""
    accounts = budgets_by_account(ctx.economy.budget)
    out = accounts.groupby(["year", "department"])["budget_corrected"].sum()
    return out.rename("budget").reset_index().astype({"year": "int64"})


def _period_table(ctx: Context) -> pd.DataFrame:
    """Per period: its year, its last month known on the as-of date, its length in months."""
    as_of = pd.Timestamp(ctx.as_of)
    rows = []
    for period in ctx.periods:
        end = min(pd.Timestamp(period.end), as_of)
        if end < pd.Timestamp(period.start):
            continue
        months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month
        rows.append(
            {
                "period": period.label,
                "year": period.start.year,
                "first_month": period.start.month,
                "last_month": end.month,
                "months": months + 1,
            }
        )
    return pd.DataFrame(rows, columns=["period", "year", "first_month", "last_month", "months"])


def _monthly_actuals(ctx: Context) -> pd.DataFrame:
    actuals = ctx.economy.actuals
    out = actuals.groupby(["year", "month", "department"])["amount"].sum().reset_index()
    return out.astype({"year": "int64", "month": "int64"})


def _by_period(ctx: Context) -> pd.DataFrame:
    """period, department, budget (annual; NaN without one), actual (in the period), ytd.

    Departments come from Budget and Regnskab alike: spending without a budget still shows.
    Shared by the five budget indicators of one ``compute`` call (never modified in place).
    """
    return ctx.cached("budget_by_period", lambda: _budget_by_period(ctx))


def _budget_by_period(ctx: Context) -> pd.DataFrame:
    periods = _period_table(ctx)
    budget = annual_budget(ctx)
    monthly = _monthly_actuals(ctx)
    departments = pd.concat([budget[["year", "department"]], monthly[["year", "department"]]])
    frame = periods.merge(departments.drop_duplicates(), on="year")
    frame = frame.merge(budget, on=["year", "department"], how="left")
    joined = frame.merge(monthly, on=["year", "department"], how="left")
    in_period = joined["month"].between(joined["first_month"], joined["last_month"])
    to_date = joined["month"] <= joined["last_month"]
    joined["actual"] = joined["amount"].where(in_period, 0.0).fillna(0.0)
    joined["ytd"] = joined["amount"].where(to_date, 0.0).fillna(0.0)
    keys = ["period", "department", "months", "last_month"]
    grouped = joined.groupby(keys, as_index=False)
    return grouped.agg(budget=("budget", "first"), actual=("actual", "sum"), ytd=("ytd", "sum"))


@indicator(
    label="Budget",
    definition="Afdelingens budget: korrigeret budget, hvor en konto har et, ellers "
    "oprindeligt. For måneder og kvartaler vises årsbudgettets andel (antal måneder ÷ 12).",
    unit="kr.",
    family="cost",
    dimensions=("department",),
    about_persons=False,
)
def budget_dkk(ctx: Context) -> pd.DataFrame:
    frame = _by_period(ctx).dropna(subset=["budget"])
    out = frame.assign(value=frame["budget"] * frame["months"] / 12, n=None)
    return tidy(out, ("department",))


@indicator(
    label="Forbrug",
    definition="Afdelingens bogførte forbrug i perioden ifølge regnskabet (arket Regnskab).",
    unit="kr.",
    family="cost",
    dimensions=("department",),
    about_persons=False,
)
def actual_dkk(ctx: Context) -> pd.DataFrame:
    frame = _by_period(ctx)
    return tidy(frame.assign(value=frame["actual"], n=None), ("department",))


@indicator(
    label="Budgetforbrug",
    definition="Forbrug fra årets start til og med periodens sidste måned i procent af "
    "årsbudgettet.",
    unit="%",
    family="cost",
    dimensions=("department",),
    about_persons=False,
)
def budget_utilisation_pct(ctx: Context) -> pd.DataFrame:
    frame = _by_period(ctx).dropna(subset=["budget"])
    value = (frame["ytd"] / frame["budget"] * 100).where(frame["budget"] != 0)
    return tidy(frame.assign(value=value, n=None), ("department",))


@indicator(
    label="Forventet årsforbrug",
    definition="Forbrug fra årets start til og med periodens sidste måned plus årets "
    "resterende måneder ganget med det gennemsnitlige månedsforbrug indtil da. Når året er "
    "gået, er det årets faktiske forbrug.",
    unit="kr.",
    family="cost",
    dimensions=("department",),
    about_persons=False,
)
def forecast_year_end_dkk(ctx: Context) -> pd.DataFrame:
    frame = _by_period(ctx)
    value = year_end_forecast(frame["ytd"], frame["last_month"])
    return tidy(frame.assign(value=value, n=None), ("department",))


@indicator(
    label="Forventet mer-/mindreforbrug",
    definition="Forventet årsforbrug minus årsbudgettet (korrigeret budget, hvor en konto har "
    "et, ellers oprindeligt). Et positivt tal er et forventet merforbrug, et negativt et "
    "mindreforbrug. En afdeling uden budget har budget 0.",
    unit="kr.",
    family="cost",
    dimensions=("department",),
    about_persons=False,
)
def forecast_variance_dkk(ctx: Context) -> pd.DataFrame:
    frame = _by_period(ctx)
    forecast = year_end_forecast(frame["ytd"], frame["last_month"])
    value = forecast - frame["budget"].fillna(0.0)
    return tidy(frame.assign(value=value, n=None), ("department",))


@indicator(
    label="Udgift pr. borger i forløb",
    definition="Afdelingens udgift til indsatser og medarbejdertid i rehabiliteringsteamet i "
    "perioden divideret med antallet af borgere i et forløb (alle ordninger) i perioden.",
    unit="kr.",
    family="cost",
    dimensions=("department",),
)
def cost_per_person_dkk(ctx: Context) -> pd.DataFrame:
    by_person = intervention_costs(ctx)
    at_meetings = meeting_persons(ctx)
    columns = ["period", "department", "person_id"]
    # Every department with a cost, and the persons whose interventions or cases make it
    # up: value × persons would otherwise give back a cost one or two citizens are behind.
    people = pd.concat([by_person[columns], at_meetings[columns]], ignore_index=True)
    groups = Groups(people, ["period", "department"])
    cost = groups.total(np.r_[by_person["cost"].to_numpy(), np.zeros(len(at_meetings))])
    cost += _meeting_cost_by(groups, meeting_staff_costs(ctx))
    persons = persons_per_period(ctx)[groups.keys["period"].cat.codes.to_numpy()]
    out = groups.keys.assign(cost=cost, persons=persons, n=groups.distinct(people["person_id"]))
    out = out[out["persons"] > 0]
    return tidy(out.assign(value=out["cost"] / out["persons"]), ("department",))


def _meeting_cost_by(groups: Groups, meeting_cost: pd.DataFrame) -> np.ndarray:
    """The team's staff cost per group of ``groups`` (period, department)."""
    sums = meeting_cost.groupby(["period", "department"], observed=True)["cost"].sum()
    found = sums.reindex(pd.MultiIndex.from_frame(groups.keys))
    return found.fillna(0.0).to_numpy(dtype="float64")
