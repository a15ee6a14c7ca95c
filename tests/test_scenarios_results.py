"""The results' rules, by hand: payback (the first year from which the cumulative result
stays ≥ 0) and who pays and who gains (ranked on the net per department including the
budget moved)."""

from __future__ import annotations

import math

import pandas as pd

from tests.scenario_data import scenario
from toolkit.scenarios import break_even_year, summary, who_pays_who_gains

Line = tuple[str, int, str | None, str, str, float]  # scenario, year, dep, purse, item, amount


def projection(lines: list[Line]) -> pd.DataFrame:
    """A projection frame (the columns ``project`` gives) from hand-written rows."""
    frame = pd.DataFrame(lines, columns=["scenario", "year", "department", "purse", "item",
                                         "amount"])  # fmt: skip
    return frame.assign(derived=False)


# -- payback --------------------------------------------------------------------------------


def test_payback_is_the_first_year_from_which_the_cumulative_result_stays_positive() -> None:
    years = [2026, 2027, 2028, 2029]
    # −100, −40, +20, +90: ≥ 0 from 2028 on.
    assert break_even_year(years, [-100.0, -40.0, 20.0, 90.0]) == 2028
    # Up, down, up again: only the last climb counts.
    assert break_even_year(years, [-100.0, 10.0, -5.0, 30.0]) == 2029
    # Exactly 0 is paid back.
    assert break_even_year(years, [-100.0, 0.0, 0.0, 5.0]) == 2027


def test_a_result_that_dips_below_zero_in_the_last_year_has_no_payback() -> None:
    assert break_even_year([2026, 2027, 2028], [-100.0, 50.0, -0.01]) is None
    assert break_even_year([2026, 2027, 2028], [10.0, 20.0, -1.0]) is None


def test_a_positive_first_year_that_stays_positive_pays_back_in_the_first_year() -> None:
    assert break_even_year([2026, 2027, 2028], [10.0, 5.0, 0.0]) == 2026
    # Rounding noise below 0 is 0.
    assert break_even_year([2026, 2027], [-1e-9, 3.0]) == 2026


def test_never_positive_or_no_years_has_no_payback() -> None:
    assert break_even_year([2026, 2027], [-10.0, -5.0]) is None
    assert break_even_year([], []) is None


def test_summary_payback_discounted_and_undiscounted() -> None:
    s = scenario(horizon_years=3)  # 2026-2028, 3,5 %
    # Kommune net per year: −1.000, +1.030, −20 → cumulative −1.000, +30, +10: paid back in
    # 2027 undiscounted. Discounted: −1.000 + 1.030 / 1,035 = −4,83 in 2027; then
    # −20 / 1,035² = −18,67 → −23,50: never.
    frame = projection([
        ("T1", 2026, "A", "kommune", "intervention_cost", -1_000.0),
        ("T1", 2027, "A", "kommune", "consequence", 1_030.0),
        ("T1", 2028, "A", "kommune", "intervention_cost", -20.0),
    ])  # fmt: skip
    row = summary(frame, [s]).iloc[0]
    assert row["break_even_year_undiscounted"] == 2027
    assert pd.isna(row["break_even_year"])
    assert row["net"] == 10.0
    assert round(row["net_discounted"], 2) == round(-1_000 + 1_030 / 1.035 - 20 / 1.035**2, 2)


# -- who pays and who gains -----------------------------------------------------------------

# The sample's S1, in round figures: BESK gives SOC 1,8 mio. kr. of budget a year for five
# years (9 mio. kr.) and gains 2,1 mio. kr. a year (10,5 mio. gross): net +1,5 mio. SOC gets
# the 9 mio. and spends 1,22 mio. a year (6,1 mio.) on støttekontaktpersoner: net +2,9 mio.
S1 = scenario(scenario_id="S1", first_year=2027, horizon_years=5)
S1_LINES: list[Line] = [
    line
    for year in range(2027, 2032)
    for line in (
        ("S1", year, "BESK", "kommune", "budget_moved", -1_800_000.0),
        ("S1", year, "SOC", "kommune", "budget_moved", 1_800_000.0),
        ("S1", year, "BESK", "kommune", "consequence", 2_100_000.0),
        ("S1", year, "SOC", "kommune", "intervention_cost", -1_220_000.0),
        ("S1", year, None, "stat", "consequence", 500_000.0),
    )
]


def test_the_department_that_gives_budget_away_is_not_the_largest_gainer() -> None:
    row = summary(projection(S1_LINES), [S1], departments={"SOC": "Socialafdelingen"}).iloc[0]
    # Gross: BESK gains the most (10,5 mio.) and SOC pays the most (6,1 mio.). Net: SOC
    # +2,9 mio. over BESK +1,5 mio.; nobody's net is negative, so nobody pays.
    assert row["gainer"] == "SOC"
    assert row["gainer_label"] == "Socialafdelingen"
    assert round(row["gainer_net"], 2) == 2_900_000.0
    assert pd.isna(row["payer"])
    assert pd.isna(row["payer_label"])
    assert math.isnan(row["payer_net"])
    assert row["cost"] == 6_100_000.0
    assert row["gain"] == 10_500_000.0


def test_the_payer_has_the_most_negative_net_including_budget_moved() -> None:
    # SUND spends 0,4 mio. kr. with no budget moved: the only negative net, so the payer,
    # although SOC spends 6,1 mio.
    lines = [*S1_LINES, ("S1", 2027, "SUND", "kommune", "intervention_cost", -400_000.0)]
    row = summary(projection(lines), [S1]).iloc[0]
    assert row["payer"] == "SUND"
    assert row["payer_label"] == "SUND"
    assert row["payer_net"] == -400_000.0
    assert row["gainer"] == "SOC"


def test_no_departments_means_no_payer_and_no_gainer() -> None:
    row = summary(projection([]), [scenario()]).iloc[0]
    assert pd.isna(row["payer"]) and pd.isna(row["gainer"])
    assert math.isnan(row["payer_net"]) and math.isnan(row["gainer_net"])
    frame = summary(projection([]), [scenario()])
    assert frame["payer_net"].dtype == "float64"
    assert frame["gainer_net"].dtype == "float64"


def test_equal_nets_go_to_the_first_department_code() -> None:
    lines: list[Line] = [
        ("T1", 2026, "B", "kommune", "consequence", 100.0),
        ("T1", 2026, "A", "kommune", "consequence", 100.0),
        ("T1", 2026, "D", "kommune", "intervention_cost", -50.0),
        ("T1", 2026, "C", "kommune", "intervention_cost", -50.0),
    ]
    row = summary(projection(lines), [scenario()]).iloc[0]
    assert (row["gainer"], row["payer"]) == ("A", "C")


def test_who_pays_who_gains_shows_gross_and_net_sorted_by_net() -> None:
    lines = [
        *S1_LINES,
        ("S1", 2027, "SUND", "kommune", "intervention_cost", -400_000.0),
        ("S1", 2027, "AAA", "kommune", "consequence", 1_500_000.0),  # ties with BESK
        ("T2", 2026, "X", "kommune", "consequence", 10.0),
        ("T2", 2026, "Y", "kommune", "intervention_cost", -10.0),
    ]
    table = who_pays_who_gains(projection(lines), departments={"BESK": "Beskæftigelse"})
    got = [(r.scenario, r.department, r.cost, r.gain, r.budget_moved, round(float(r.net), 2))
           for r in table.itertuples()]  # fmt: skip
    assert got == [
        ("S1", "SUND", 400_000.0, 0.0, 0.0, -400_000.0),
        ("S1", "AAA", 0.0, 1_500_000.0, 0.0, 1_500_000.0),
        ("S1", "BESK", 0.0, 10_500_000.0, -9_000_000.0, 1_500_000.0),
        ("S1", "SOC", 6_100_000.0, 0.0, 9_000_000.0, 2_900_000.0),
        ("T2", "Y", 10.0, 0.0, 0.0, -10.0),
        ("T2", "X", 0.0, 10.0, 0.0, 10.0),
    ]
    assert table.loc[table["department"] == "BESK", "department_label"].item() == "Beskæftigelse"
    assert list(table.columns) == ["scenario", "department", "department_label", "cost", "gain",
                                   "budget_moved", "net"]  # fmt: skip
