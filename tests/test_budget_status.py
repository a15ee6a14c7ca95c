"""The year's budget status as a controller reports it (toolkit/indicators/budget_status.py),
its indicator (forecast_variance_dkk) and the two lines on the economy for page 1
(toolkit/briefing/sections_money.economy_summary)."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.indicator_data import economy, register, tabulate
from toolkit import formats
from toolkit.briefing.builder import Builder, Values
from toolkit.briefing.committees import Committee
from toolkit.briefing.content import parse_quarter
from toolkit.briefing.sections_money import economy_summary
from toolkit.indicators.budget_status import STATUS_COLUMNS, budget_status, department_totals
from toolkit.store import Store


def _budget(department: str, account: str, kind: str, amount: float, **more: Any) -> dict:
    return {"year": 2024, "department": department, "account": account, "budget_kind": kind,
            "amount": amount, **more}  # fmt: skip


def _spent(department: str, account: str, month: int, amount: float, year: int = 2024) -> dict:
    return {"year": year, "month": month, "department": department, "account": account,
            "amount": amount}  # fmt: skip


# Two departments, three accounts: BESK's drift has a korrigeret budget, its ressourceforløb a
# budget but no spend; SOC spends on 5.38.38 without a budget for 2024 (its name comes from
# 2025's budget).
ECONOMY = {
    "budget": [
        _budget("BESK", "5.68.90", "oprindeligt", 1_200_000.0, account_name="Drift"),
        _budget("BESK", "5.68.90", "korrigeret", 1_500_000.0, account_name="Drift"),
        _budget("BESK", "5.58.82", "oprindeligt", 600_000.0, account_name="Ressourceforløb"),
        _budget("SOC", "5.38.38", "oprindeligt", 999_000.0, account_name="Botilbud", year=2025),
    ],
    "actuals": [
        _spent("BESK", "5.68.90", 1, 100_000.0),
        _spent("BESK", "5.68.90", 2, 140_000.0),
        _spent("BESK", "5.68.90", 3, 120_000.0),
        _spent("BESK", "5.68.90", 4, 999_999.0),  # after the last month asked for
        _spent("BESK", "5.68.90", 3, 777_777.0, year=2023),  # another year
        _spent("SOC", "5.38.38", 2, 30_000.0),
    ],
}


def _status() -> pd.DataFrame:
    return budget_status(economy(**ECONOMY), 2024, 3)


def test_every_column_by_hand() -> None:
    status = _status()
    assert tuple(status.columns) == STATUS_COLUMNS
    rows = {(r["department"], r["account"]): r for r in status.to_dict(orient="records")}
    assert list(rows) == [("BESK", "5.58.82"), ("BESK", "5.68.90"), ("SOC", "5.38.38")]
    drift = rows[("BESK", "5.68.90")]
    assert drift["account_name"] == "Drift"
    assert drift["budget_original"] == 1_200_000.0
    assert drift["budget_corrected"] == 1_500_000.0  # korrigeret replaces oprindeligt
    assert drift["spent_to_date"] == 360_000.0  # January to March, 2024 only
    assert drift["forecast"] == 1_440_000.0  # 360.000 + 360.000 ÷ 3 × 9
    assert drift["variance"] == -60_000.0  # a mindreforbrug
    unspent = rows[("BESK", "5.58.82")]  # a budget, no spend
    assert unspent["account_name"] == "Ressourceforløb"
    assert unspent["budget_original"] == unspent["budget_corrected"] == 600_000.0
    assert unspent["spent_to_date"] == unspent["forecast"] == 0.0
    assert unspent["variance"] == -600_000.0
    unbudgeted = rows[("SOC", "5.38.38")]  # spend, no budget this year
    assert unbudgeted["account_name"] == "Botilbud"
    assert math.isnan(unbudgeted["budget_original"])
    assert math.isnan(unbudgeted["budget_corrected"])
    assert unbudgeted["spent_to_date"] == 30_000.0
    assert unbudgeted["forecast"] == 120_000.0  # 30.000 × 12 ÷ 3
    assert unbudgeted["variance"] == 120_000.0  # all of it is a merforbrug


def test_department_totals_sum_the_accounts_and_keep_a_missing_budget_missing() -> None:
    totals = department_totals(_status()).set_index("department")
    besk = totals.loc["BESK"]
    assert besk["budget_original"] == 1_800_000.0
    assert besk["budget_corrected"] == 2_100_000.0
    assert besk["spent_to_date"] == 360_000.0
    assert besk["forecast"] == 1_440_000.0
    assert besk["variance"] == -660_000.0
    soc = totals.loc["SOC"]
    assert math.isnan(soc["budget_corrected"])
    assert (soc["forecast"], soc["variance"]) == (120_000.0, 120_000.0)


def test_after_december_the_forecast_is_the_year_itself() -> None:
    status = budget_status(economy(**ECONOMY), 2024, 12)
    drift = status[status["account"] == "5.68.90"].iloc[0]
    assert drift["forecast"] == drift["spent_to_date"] == 1_359_999.0


def test_a_month_outside_the_year_is_refused() -> None:
    with pytest.raises(ValueError):
        budget_status(economy(**ECONOMY), 2024, 13)


def test_the_indicators_use_the_same_rules_per_department() -> None:
    reg = register()
    eco = economy(**ECONOMY)

    def quarter(indicator: str) -> dict:
        return tabulate(reg, eco, indicator, level="quarter", as_of="2024-03-31")

    totals = department_totals(_status()).set_index("department")
    forecast = quarter("forecast_year_end_dkk")
    variance = quarter("forecast_variance_dkk")
    for department in ("BESK", "SOC"):
        assert forecast[("2024-Q1", department)] == totals.loc[department, "forecast"]
        assert variance[("2024-Q1", department)] == totals.loc[department, "variance"]


def test_socialafdelingen_in_the_sample_heads_for_a_merforbrug(sample_dir: Path) -> None:
    eco = Store(sample_dir).load().economy

    def variance(last_month: int) -> str:
        totals = department_totals(budget_status(eco, 2026, last_month))
        soc = totals[totals["department"] == "SOC"]["variance"].iloc[0]
        return formats.million_kroner(soc, signed=True)

    assert variance(9) == "+1,4 mio. kr."  # 3. kvt. 2026
    assert variance(6) == "+3,0 mio. kr."  # 2. kvt. 2026


# -- the two lines on page 1 -------------------------------------------------------------------


def _builder(
    rows: list[tuple[str, str, float, float]], committee: str = "SOC", quarter: str = "2026-K3"
) -> Builder:
    """A builder for ``quarter`` whose budget status has one account per department:
    (department, account, korrigeret budget (NaN: none), forecast)."""
    status = pd.DataFrame(
        [
            {"department": d, "account": a, "account_name": "", "budget_original": budget,
             "budget_corrected": budget, "spent_to_date": forecast * 0.75,
             "forecast": forecast, "variance": forecast - (0 if math.isnan(budget) else budget)}
            for d, a, budget, forecast in rows
        ],
        columns=list(STATUS_COLUMNS),
    )  # fmt: skip
    names = {"SOC": "Socialafdelingen", "BESK": "Jobcenteret", "SUND": "Sundhed"}
    period = parse_quarter(quarter)
    empty = pd.DataFrame({"indicator": [], "period": [], "value": []})
    return Builder(
        values=Values(empty),
        period=period,
        previous=parse_quarter("2025-K3"),
        periods=(period,),
        as_of=date(2026, 10, 31),
        committee=Committee("Udvalget", (committee,), (names[committee],)),
        department_names=names,
        department_committees={},
        intervention_names={},
        budget=status,
    )


def test_summary_names_the_merforbrug_and_the_largest_elsewhere() -> None:
    b = _builder(
        [
            ("SOC", "5.38.38", 121_874_000.0, 123_317_041.0),
            ("BESK", "5.68.90", 396_100_000.0, 382_500_000.0),
            ("SUND", "4.62.82", 65_000_000.0, 61_800_000.0),
        ]
    )
    first, second = economy_summary(b)
    assert first == (
        "Socialafdelingen forventer et merforbrug på 1,4 mio. kr. i 2026: et forventet "
        "regnskab på 123,3 mio. kr. mod et korrigeret budget på 121,9 mio. kr."
    )
    assert second == (
        "Opgjort ved udgangen af september forventer de tre afdelinger samlet et "
        "mindreforbrug på 15,4 mio. kr. i 2026. Af de andre afdelinger ventes det største "
        "mindreforbrug i Jobcenteret med 13,6 mio. kr."
    )


def test_summary_says_mindreforbrug_when_under_budget() -> None:
    b = _builder(
        [("SOC", "5.38.38", 65_000_000.0, 61_850_000.0),
         ("SUND", "4.62.82", 10_000_000.0, 10_800_000.0)]
    )  # fmt: skip
    first, second = economy_summary(b)
    assert first.startswith("Socialafdelingen forventer et mindreforbrug på 3,2 mio. kr. i 2026")
    assert second.endswith("Af de andre afdelinger ventes et merforbrug i Sundhed med 0,8 mio. kr.")


def test_summary_says_the_budget_holds_within_fifty_thousand_kroner() -> None:
    b = _builder(
        [("SOC", "5.38.38", 42_600_000.0, 42_649_999.0),
         ("SUND", "4.62.82", 10_000_000.0, 9_960_000.0)]
    )  # fmt: skip
    first, second = economy_summary(b)
    assert first.startswith("Socialafdelingen forventer at holde budgettet i 2026: et ")
    assert "forventer de to afdelinger samlet at holde budgettet i 2026." in second
    assert second.endswith("De andre afdelinger forventer at holde budgettet.")
    over = _builder([("SOC", "5.38.38", 42_600_000.0, 42_650_000.0)])
    assert "et merforbrug på 0,1 mio. kr." in economy_summary(over)[0]


def test_summary_after_december_speaks_of_the_year_that_was() -> None:
    b = _builder(
        [("SOC", "5.38.38", 119_200_000.0, 126_900_000.0),
         ("SUND", "4.62.82", 62_400_000.0, 62_400_000.0)],
        quarter="2025-K4",
    )  # fmt: skip
    first, second = economy_summary(b)
    assert first == (
        "Socialafdelingen havde et merforbrug på 7,7 mio. kr. i 2025: et regnskab på "
        "126,9 mio. kr. mod et korrigeret budget på 119,2 mio. kr."
    )
    assert second == (
        "I 2025 havde de to afdelinger samlet et merforbrug på 7,7 mio. kr. "
        "De andre afdelinger holdt budgettet."
    )


def test_summary_of_a_department_without_a_budget() -> None:
    b = _builder([("SOC", "5.38.38", math.nan, 1_200_000.0),
                  ("SUND", "4.62.82", 10_000_000.0, 9_000_000.0)])  # fmt: skip
    first, _ = economy_summary(b)
    assert first == (
        "Socialafdelingen har intet budget for 2026; det forventede regnskab er 1,2 mio. kr."
    )
