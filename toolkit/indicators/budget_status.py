"""The year's budget status as a controller reports it: per department and account the
korrigeret budget, the spend so far, the forventet regnskab and the forventet mer-/mindreforbrug.

Pure functions of the economy workbook. Money is not about persons, so nothing here is
suppressed. The rules that ``toolkit.indicators.budget`` shares (which budget counts, the
run-rate forecast) live here, once.
"""

from __future__ import annotations

import pandas as pd

from toolkit.register import Economy

STATUS_COLUMNS = (
    "department",
    "account",
    "account_name",
    "budget_original",
    "budget_corrected",
    "spent_to_date",
    "forecast",
    "variance",
)
AMOUNT_COLUMNS = ("budget_original", "budget_corrected", "spent_to_date", "forecast", "variance")
_ACCOUNT = ["year", "department", "account"]


def budgets_by_account(budget: pd.DataFrame) -> pd.DataFrame:
    """year, department, account, budget_original, budget_corrected (both annual).

    The korrigeret budget replaces the oprindeligt where an account has one (several rows of
    one kind, such as tillægsbevillinger in rows of their own, add up); an account with only
    a korrigeret budget has no oprindeligt (NaN)."""
    frame = budget.assign(year=budget["year"].astype("int64"))
    frame = frame.astype({"department": str, "account": str})
    sums = frame.groupby([*_ACCOUNT, "budget_kind"])["amount"].sum().unstack("budget_kind")
    original = sums.get("oprindeligt", pd.Series(float("nan"), index=sums.index))
    corrected = sums.get("korrigeret", pd.Series(float("nan"), index=sums.index))
    out = pd.DataFrame(
        {"budget_original": original, "budget_corrected": corrected.fillna(original)},
        index=sums.index,
    )
    return out.reset_index()[[*_ACCOUNT, "budget_original", "budget_corrected"]]


def year_end_forecast(spent_to_date: pd.Series, last_month: pd.Series | int) -> pd.Series:
    """Forventet regnskab by run rate: the spend to date plus the year's remaining months at
    the average monthly spend so far; after month 12 the year's actual spend."""
    return spent_to_date + spent_to_date / last_month * (12 - last_month)


def budget_status(economy: Economy, year: int, last_month: int) -> pd.DataFrame:
    """One row per department and account with a budget or a spend in ``year`` (columns
    ``STATUS_COLUMNS``), the spend counted from January to ``last_month`` (1-12).

    variance = forecast − budget_corrected, positive a merforbrug. An account without a
    budget has budget NaN and its whole forecast as variance (a budget of 0): NaN there
    would hide spending nobody budgeted for."""
    if not 1 <= last_month <= 12:
        raise ValueError(f"last_month must be 1-12, not {last_month}")
    budgets = budgets_by_account(economy.budget)
    budgets = budgets[budgets["year"] == year].drop(columns="year")
    actuals = economy.actuals
    in_year = actuals[(actuals["year"] == year) & (actuals["month"] <= last_month)]
    spent = (
        in_year.astype({"department": str, "account": str})
        .groupby(["department", "account"])["amount"]
        .sum()
        .rename("spent_to_date")
        .reset_index()
    )
    frame = budgets.merge(spent, on=["department", "account"], how="outer")
    frame["spent_to_date"] = frame["spent_to_date"].fillna(0.0)
    frame["forecast"] = year_end_forecast(frame["spent_to_date"], last_month)
    frame["variance"] = frame["forecast"] - frame["budget_corrected"].fillna(0.0)
    names = account_names(economy.budget)
    frame["account_name"] = [
        names.get((d, a), names.get(("", a), ""))
        for d, a in zip(frame["department"], frame["account"], strict=True)
    ]
    frame = frame.sort_values(["department", "account"], kind="stable", ignore_index=True)
    types = {"account_name": "str", **dict.fromkeys(AMOUNT_COLUMNS, "float64")}
    return frame[list(STATUS_COLUMNS)].astype(types)


def account_names(budget: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(department, konto) -> Kontonavn from the sheet Budget, the newest year's name winning;
    also ("", konto) -> a name any department gives the konto, for a konto a department
    spends on without a budget row of its own."""
    named = budget.dropna(subset=["account_name"]).sort_values("year", kind="stable")
    out: dict[tuple[str, str], str] = {}
    for department, account, name in zip(
        named["department"], named["account"], named["account_name"], strict=True
    ):
        out[(str(department), str(account))] = str(name)
        out.setdefault(("", str(account)), str(name))
    return out


def department_totals(status: pd.DataFrame) -> pd.DataFrame:
    """The amounts of ``budget_status`` summed per department (a missing budget counts as 0
    only when the department has some budget: a department without any keeps NaN)."""
    grouped = status.groupby("department", sort=False)
    out = grouped[list(AMOUNT_COLUMNS)].sum(min_count=1)
    out["spent_to_date"] = out["spent_to_date"].fillna(0.0)
    out["forecast"] = out["forecast"].fillna(0.0)
    return out.reset_index()
