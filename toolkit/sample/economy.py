"""The economy workbook of Eksempel Kommune: departments, budget, actuals, prices, rates,
the municipality's name, its targets and its comparison group.

Budgets and actuals cover whole accounts of the municipality (not only the citizens in the
register), so they are sized for the municipality (≈60.000 inhabitants × scale), not summed
from the register. Actuals are booked monthly up to the as-of date and drift from the
budget the way these accounts tend to (SEL § 85 and STU over, health under).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.sample._base import AS_OF, YEARS
from toolkit.sample.catalogue import (
    ACCOUNTS,
    BUDGET_GROWTH,
    DEPARTMENTS,
    INTERVENTION_TYPES,
    PRICE_INDEX,
    RETENDERED,
    SAMPLE_CODE,
    SAMPLE_NAME,
    SEASON,
    TARGETS,
)

# Fictional on purpose, like Eksempel itself (999): no real municipality has these names or
# numbers, so the sample's synthetic Jobindsats figures can never be taken for real ones.
COMPARISON_GROUP = {"Ådal": "991", "Bakkeby": "992", "Fjordby": "993", "Lyngå": "994",
                    "Skovlund": "995"}  # fmt: skip
FIRST_PRICE_DAY = "2019-01-01"  # the first price row covers courses running before 2022


def departments() -> pd.DataFrame:
    return pd.DataFrame({
        "department": [d.code for d in DEPARTMENTS],
        "name": [d.name for d in DEPARTMENTS],
        "committee": [d.committee for d in DEPARTMENTS],
    })  # fmt: skip


def hourly_rates() -> pd.DataFrame:
    return pd.DataFrame({"department": [d.code for d in DEPARTMENTS],
                         "hourly_rate": [d.hourly_rate for d in DEPARTMENTS]})  # fmt: skip


def refund_ladder() -> pd.DataFrame:
    """The shipped defaults of the schema (one source of truth for 80/40/30/20)."""
    rows = np.array(schema.REFUND_LADDER.default_rows, dtype=object)
    return pd.DataFrame({
        "from_week": pd.Series(rows[:, 0], dtype="Int64"),
        "to_week": pd.Series(rows[:, 1], dtype="Int64"),
        "refund_pct": rows[:, 2].astype(float),
    })  # fmt: skip


def _price_step(value: float) -> float:
    return 5.0 if value < 2000 else 10.0 if value < 20000 else 100.0


def prices(rng: np.random.Generator) -> pd.DataFrame:
    """Takster: a price per type and period; periods never overlap and the last is open."""
    rows: list[tuple[str, str, str, str, float, str, str | None]] = []
    for kind in INTERVENTION_TYPES:
        # Each type's own yearly change around the general index: contracts differ.
        wiggle = {year: 1 + rng.normal(0, 0.01) for year in PRICE_INDEX}
        periods: list[tuple[str, str | None, float]] = [
            (FIRST_PRICE_DAY, "2021-12-31", PRICE_INDEX[2021])
        ]
        for year in YEARS:
            last = year == YEARS[-1]
            factor = PRICE_INDEX[year] * wiggle[year]
            code, change_day, jump = RETENDERED
            if kind.code == code and change_day.startswith(str(year)):
                before = f"{pd.Timestamp(change_day) - pd.Timedelta(days=1):%Y-%m-%d}"
                periods.append((f"{year}-01-01", before, factor))
                periods.append((change_day, None if last else f"{year}-12-31", factor * jump))
                continue
            if kind.code == code and year > int(change_day[:4]):
                factor *= jump
            periods.append((f"{year}-01-01", None if last else f"{year}-12-31", factor))
        previous = 0.0
        for valid_from, valid_to, factor in periods:
            step = _price_step(kind.price)
            # Rounded like a price list, and never the same as the period before.
            price = max(round(kind.price * factor / step) * step, previous + step)
            previous = price
            rows.append((kind.code, kind.name, kind.department, kind.unit, float(price),
                         valid_from, valid_to))  # fmt: skip
    frame = pd.DataFrame(rows, columns=["intervention_type", "name", "department", "unit",
                                        "price", "valid_from", "valid_to"])  # fmt: skip
    for column in ("valid_from", "valid_to"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[us]")
    return frame


def price_on(price_table: pd.DataFrame, types: np.ndarray, days: np.ndarray) -> np.ndarray:
    """The unit price valid on each day for each type (NaN when no period covers the day)."""
    out = np.full(len(types), np.nan)
    for code, group in price_table.groupby("intervention_type", sort=False):
        rows = np.flatnonzero(types == code)
        if not len(rows):
            continue
        group = group.sort_values("valid_from")
        starts = group["valid_from"].to_numpy().astype("datetime64[D]").astype(np.int64)
        pos = np.searchsorted(starts, days[rows], side="right") - 1
        ok = pos >= 0
        out[rows[ok]] = group["price"].to_numpy()[pos[ok]]
    return out


def budget(rng: np.random.Generator, scale: float) -> pd.DataFrame:
    """Oprindeligt budget for every year and account; korrigeret for most closed years."""
    rows: list[tuple[int, str, str, str, str, float]] = []
    for account in ACCOUNTS:
        for year in YEARS:
            original = account.amount * BUDGET_GROWTH[year] * (1 + rng.normal(0, 0.02)) * scale
            original = round(original, -3)
            rows.append((year, account.department, account.account, account.name,
                         "oprindeligt", original))  # fmt: skip
            # Revised budgets follow the spending pressure, for most years but not all.
            revised_share = 0.5 if year == YEARS[-1] else 0.75
            if rng.random() < revised_share:
                revised = original * (1 + account.drift * 0.6 + rng.normal(0, 0.02))
                rows.append((year, account.department, account.account, account.name,
                             "korrigeret", round(revised, -3)))  # fmt: skip
    frame = pd.DataFrame(rows, columns=["year", "department", "account", "account_name",
                                        "budget_kind", "amount"])  # fmt: skip
    frame["year"] = frame["year"].astype("Int64")
    frame["amount"] = frame["amount"].astype(float)
    return frame


def actuals(rng: np.random.Generator, budget_frame: pd.DataFrame) -> pd.DataFrame:
    """Regnskab: booked spend per month up to the as-of month, near the budget."""
    original = budget_frame[budget_frame["budget_kind"] == "oprindeligt"]
    drifts = {(a.department, a.account): a.drift for a in ACCOUNTS}
    years, months, departments_, accounts, amounts = [], [], [], [], []
    columns = [original[name].to_numpy() for name in ("year", "department", "account", "amount")]
    for year_value, department, account, amount in zip(*columns, strict=True):
        year = int(year_value)
        last_month = AS_OF.month if year == AS_OF.year else 12
        yearly = 1 + drifts[(str(department), str(account))] + rng.normal(0, 0.03)
        noise = 1 + rng.normal(0, 0.04, last_month)
        monthly = float(amount) / 12 * np.array(SEASON[:last_month]) * yearly * noise
        years += [year] * last_month
        months += list(range(1, last_month + 1))
        departments_ += [str(department)] * last_month
        accounts += [str(account)] * last_month
        amounts += [round(float(v), 2) for v in monthly]
    return pd.DataFrame({
        "year": pd.array(years, dtype="Int64"), "month": pd.array(months, dtype="Int64"),
        "department": departments_, "account": accounts, "amount": amounts,
    })  # fmt: skip


def municipality() -> pd.DataFrame:
    return pd.DataFrame({"name": [SAMPLE_NAME], "code": [SAMPLE_CODE]})


def comparison_group() -> pd.DataFrame:
    return pd.DataFrame({"name": list(COMPARISON_GROUP), "code": list(COMPARISON_GROUP.values())})


def targets() -> pd.DataFrame:
    return pd.DataFrame({
        "indicator": [t.indicator for t in TARGETS],
        "department": [t.department for t in TARGETS],
        "scheme": [t.scheme for t in TARGETS],
        "year": pd.array([t.year for t in TARGETS], dtype="Int64"),
        "target": [float(t.target) for t in TARGETS],
        "direction": [t.direction for t in TARGETS],
        "note": [t.note for t in TARGETS],
    })  # fmt: skip


def economy_tables(rng: np.random.Generator, scale: float) -> dict[str, pd.DataFrame]:
    budget_frame = budget(rng, scale)
    return {
        "departments": departments(),
        "budget": budget_frame,
        "actuals": actuals(rng, budget_frame),
        "prices": prices(rng),
        "hourly_rates": hourly_rates(),
        "refund_ladder": refund_ladder(),
        "municipality": municipality(),
        "targets": targets(),
        "comparison_group": comparison_group(),
    }
