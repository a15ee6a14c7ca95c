"""The scenario model's rules, each checked against kroner worked out by hand.

The hand-made baseline (``hand_baseline``) and ``scenario`` are in tests/scenario_data.py,
shared with the other test_scenarios_*.py files.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from tests.scenario_data import (
    GROSS,
    REFUND_SHARE,
    SCHEME_COST_B,
    hand_baseline,
    scenario,
)
from toolkit.scenarios import (
    Baseline,
    ConsequencePrice,
    Effect,
    Investment,
    Reallocation,
    ScenarioError,
    SchemeFacts,
    VolumeChange,
    compare,
    effect_weights,
    net_result,
    project,
    project_all,
    scenarios_from_tables,
    scenarios_to_tables,
    summary,
    who_pays_who_gains,
    yearly,
)
from toolkit.scenarios.results import derived_count


def rows(frame: pd.DataFrame) -> set[tuple[Any, ...]]:
    """(year, department or None, purse, item, amount rounded to øre, derived) per row."""
    return {
        (int(r.year), None if pd.isna(r.department) else r.department, r.purse, r.item,
         round(float(r.amount), 2), bool(r.derived))
        for r in frame.itertuples()
    }  # fmt: skip


def total(frame: pd.DataFrame, **where: Any) -> float:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    return float(frame.loc[mask, "amount"].sum())


# -- the hand-computed case -----------------------------------------------------------------
# Two departments, A and B; 2026-2028 at 3,5 %:
#  - 100.000 kr. moved from A to B in 2026;
#  - 5 more persons a year get mentor, paid by B (blank: mentor's department), start-up
#    20.000 kr., running cost blank = mentor's 30.000 kr. per person-year (derived);
#  - 2 fewer persons in ressourceforløb from 2027;
#  - 50 persons in ressourceforløb get 10 percentage points more exits to work, from
#    2027 (delay 1 year), no source, no consequence prices: the derived defaults.

HAND = scenario(
    reallocations=(Reallocation(2026, "A", "B", 100_000.0, "Til mentorer"),),
    investments=(Investment("mentor", 5.0, startup_cost=20_000.0),),
    volume_changes=(VolumeChange(scheme="ressourceforloeb", change_persons=-2.0,
                                 from_year=2027),),
    effects=(Effect("ressourceforloeb", "afgang_arbejde", 10.0, delay_years=1.0,
                    persons=50.0),),
)  # fmt: skip

HAND_ROWS = {
    # 2026: the move; mentor 5 × 30.000 = 150.000 (derived) and the start-up 20.000, in B.
    (2026, "A", "kommune", "budget_moved", -100_000.0, False),
    (2026, "B", "kommune", "budget_moved", 100_000.0, False),
    (2026, "B", "kommune", "intervention_cost", -150_000.0, True),
    (2026, "B", "kommune", "intervention_cost", -20_000.0, False),
    # 2027 and 2028:
    #  mentor −150.000 (derived) in B;
    #  2 fewer persons: benefit +2 × 120.000 = 240.000 in A, the refund A no longer receives
    #  −2 × 120.000 × 25 % = −60.000 (and +60.000 for the stat), intervention cost
    #  +2 × 20.000 = 40.000 in B;
    #  the effect: 50 persons × 10 / 100 = 5 person-years saved a year, weight 1. Derived
    #  prices per person-year: net benefit 120.000 × 75 % = 90.000 in A (5 × 90.000 =
    #  450.000), the refund 30.000 for the stat (150.000), intervention 20.000 in B
    #  (100.000).
    *(
        row
        for year in (2027, 2028)
        for row in (
            (year, "A", "kommune", "benefit_cost", 240_000.0, False),
            (year, "A", "kommune", "refund", -60_000.0, False),
            (year, "A", "kommune", "consequence", 450_000.0, True),
            (year, "B", "kommune", "intervention_cost", -150_000.0, True),
            (year, "B", "kommune", "intervention_cost", 40_000.0, False),
            (year, "B", "kommune", "consequence", 100_000.0, True),
            (year, None, "stat", "refund", 60_000.0, False),
            (year, None, "stat", "consequence", 150_000.0, True),
        )
    ),
}
# The municipality per year: 2026: −100.000 + 100.000 − 150.000 − 20.000 = −170.000;
# 2027 and 2028: 240.000 − 60.000 + 450.000 − 150.000 + 40.000 + 100.000 = 620.000.
# Undiscounted: cumulative −170.000, 450.000, 1.070.000.
# Discounted at 3,5 %: 2027 620.000 / 1,035 = 599.033,82; 2028 620.000 / 1,035² = 578.776,63;
# cumulative −170.000, 429.033,82, 1.007.810,45.
KOMMUNE_NET = [-170_000.0, 620_000.0, 620_000.0]
KOMMUNE_DISCOUNTED = [-170_000.0, 599_033.82, 578_776.63]
KOMMUNE_CUMULATIVE_DISCOUNTED = [-170_000.0, 429_033.82, 1_007_810.45]


def test_hand_case_every_row() -> None:
    frame = project(hand_baseline(), HAND)
    assert list(frame.columns) == [
        "scenario", "year", "department", "purse", "item", "amount", "derived",
    ]  # fmt: skip
    assert (frame["scenario"] == "T1").all()
    assert rows(frame) == HAND_ROWS
    assert len(frame) == len(HAND_ROWS)


def test_hand_case_yearly_net_cumulative_and_discounted() -> None:
    frame = project(hand_baseline(), HAND)
    table = yearly(frame, [HAND], departments={"A": "Afdeling A", "B": "Afdeling B"})
    kommune = table[table["scope"] == "kommune"]
    assert list(kommune["year"]) == [2026, 2027, 2028]
    assert list(kommune["net"].round(2)) == KOMMUNE_NET
    assert list(kommune["cumulative"].round(2)) == [-170_000.0, 450_000.0, 1_070_000.0]
    assert list(kommune["net_discounted"].round(2)) == KOMMUNE_DISCOUNTED
    assert list(kommune["cumulative_discounted"].round(2)) == KOMMUNE_CUMULATIVE_DISCOUNTED
    # A: −100.000 in 2026; 240.000 − 60.000 + 450.000 = 630.000 in 2027 and 2028.
    a = table[table["scope"] == "A"]
    assert list(a["net"]) == [-100_000.0, 630_000.0, 630_000.0]
    assert set(a["scope_label"]) == {"Afdeling A"}
    # B: 100.000 − 150.000 − 20.000 = −70.000; −150.000 + 40.000 + 100.000 = −10.000.
    assert list(table.loc[table["scope"] == "B", "net"]) == [-70_000.0, -10_000.0, -10_000.0]
    # The stat: 60.000 + 150.000 = 210.000 from 2027; nothing for the region.
    assert list(table.loc[table["scope"] == "stat", "net"]) == [0.0, 210_000.0, 210_000.0]
    assert list(table.loc[table["scope"] == "region", "net"]) == [0.0, 0.0, 0.0]
    public = table[table["scope"] == "offentlig"]
    assert list(public["net"]) == [-170_000.0, 830_000.0, 830_000.0]
    assert list(dict.fromkeys(table["scope"])) == ["kommune", "A", "B", "region", "stat",
                                                   "offentlig"]  # fmt: skip


def test_hand_case_summary_and_break_even() -> None:
    frame = project(hand_baseline(), HAND)
    row = summary(frame, [HAND], departments={"A": "Afdeling A"}).iloc[0]
    # Costs (minus amounts but budget moved): A 2 × 60.000 = 120.000; B 3 × 150.000 + 20.000
    # = 470.000. Gains: A 2 × (240.000 + 450.000) = 1.380.000; B 2 × (40.000 + 100.000) =
    # 280.000.
    assert row["cost"] == 590_000.0
    assert row["gain"] == 1_660_000.0
    assert row["net"] == 1_070_000.0
    assert round(row["net_discounted"], 2) == 1_007_810.45
    # Cumulative −170.000 in 2026, then ≥ 0 in 2027, discounted or not.
    assert row["break_even_year"] == 2027
    assert row["break_even_year_undiscounted"] == 2027
    assert row["payer"] == "B"
    assert row["gainer"] == "A"
    assert row["gainer_label"] == "Afdeling A"
    assert row["payer_label"] == "B"
    # No source on the effect; derived: the running cost and the (outcome, scheme) prices.
    assert row["unsourced"] == 1
    assert row["derived"] == 2


def test_hand_case_who_pays_who_gains() -> None:
    frame = project(hand_baseline(), HAND)
    table = who_pays_who_gains(frame, departments={"A": "Afdeling A", "B": "Afdeling B"})
    got = {r.department: (r.department_label, r.cost, r.gain, r.budget_moved, r.net)
           for r in table.itertuples()}  # fmt: skip
    assert got == {
        # A: 1.380.000 − 120.000 − 100.000 = 1.160.000
        "A": ("Afdeling A", 120_000.0, 1_380_000.0, -100_000.0, 1_160_000.0),
        # B: 280.000 − 470.000 + 100.000 = −90.000
        "B": ("Afdeling B", 470_000.0, 280_000.0, 100_000.0, -90_000.0),
    }


def test_hand_case_fast_path_and_compare() -> None:
    baseline = hand_baseline()
    assert round(net_result(baseline, HAND), 2) == 1_007_810.45
    assert round(net_result(baseline, HAND, discounted=False), 2) == 1_070_000.0
    frame = project(baseline, HAND)
    chart = compare(baseline, [HAND], frame)
    # The kommune's baseline spending: 9.600.000 × 1,1^t − 2.400.000 × 1,1^t + 1.900.000 ×
    # 0,95^t with t = year − 2025: 2026: 7.920.000 + 1.805.000 = 9.725.000.
    base = chart[chart["series"] == "basis"].set_index("year")["amount"]
    assert round(base[2026], 2) == 9_725_000.0
    assert round(base[2027], 2) == round(7_200_000 * 1.1**2 + 1_900_000 * 0.95**2, 2)
    with_scenario = chart[chart["series"] == "T1"].set_index("year")["amount"]
    # Cost with the scenario = baseline − net: 9.725.000 + 170.000.
    assert round(with_scenario[2026], 2) == 9_895_000.0
    assert round(base[2027] - with_scenario[2027], 2) == 620_000.0
    assert set(chart.loc[chart["series"] == "T1", "label"]) == {"Test"}


# -- the rules one by one -------------------------------------------------------------------


def test_empty_scenario_has_no_rows_and_nets_zero() -> None:
    empty = scenario()
    frame = project(hand_baseline(), empty)
    assert frame.empty
    assert list(frame.columns)[-1] == "derived"
    assert net_result(hand_baseline(), empty) == 0.0
    table = yearly(frame, [empty])
    assert (table["net"] == 0).all()
    assert set(table["scope"]) == {"kommune", "region", "stat", "offentlig"}
    # Never negative: break-even is the first year.
    assert summary(frame, [empty]).iloc[0]["break_even_year"] == 2026


def test_volume_change_by_persons_and_by_pct_agree() -> None:
    baseline = hand_baseline()
    # 100 persons × −3 % = −3 persons.
    by_pct = scenario(volume_changes=(VolumeChange(scheme="ressourceforloeb", change_pct=-3.0),))
    by_persons = scenario(
        volume_changes=(VolumeChange(scheme="ressourceforloeb", change_persons=-3.0),)
    )
    # The same amounts; a change in % derives its persons from the base year: derived rows.
    pct_rows = rows(project(baseline, by_pct))
    assert {r[:-1] for r in pct_rows} == {r[:-1] for r in rows(project(baseline, by_persons))}
    assert all(r[-1] for r in pct_rows)
    assert derived_count(by_pct) == 1
    assert derived_count(by_persons) == 0
    # Every year from the first: benefit 3 × 120.000 = 360.000 in A; the refund A loses
    # 3 × 30.000 = 90.000 (the stat's gain); intervention 3 × 20.000 = 60.000 in B.
    assert rows(project(baseline, by_persons)) == {
        row
        for year in (2026, 2027, 2028)
        for row in (
            (year, "A", "kommune", "benefit_cost", 360_000.0, False),
            (year, "A", "kommune", "refund", -90_000.0, False),
            (year, "B", "kommune", "intervention_cost", 60_000.0, False),
            (year, None, "stat", "refund", 90_000.0, False),
        )
    }


def test_more_persons_in_a_scheme_cost_benefit_net_of_refund() -> None:
    more = scenario(volume_changes=(VolumeChange(scheme="ressourceforloeb", change_persons=1.0,
                                                 from_year=2028),))  # fmt: skip
    frame = project(hand_baseline(), more)
    # One extra person-year in 2028 only: −120.000 + 30.000 − 20.000 = −110.000 for the kommune.
    assert set(frame["year"]) == {2028}
    assert total(frame, purse="kommune") == -110_000.0
    assert total(frame, purse="stat") == -30_000.0


def test_volume_change_in_an_intervention_type() -> None:
    # Mentor: 10 person-years × +20 % = 2 more, × 30.000 = −60.000 a year in B (mentor's
    # department), nothing else.
    change = scenario(volume_changes=(VolumeChange(intervention_type="mentor", change_pct=20.0),))
    assert rows(project(hand_baseline(), change)) == {
        (year, "B", "kommune", "intervention_cost", -60_000.0, True) for year in (2026, 2027, 2028)
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (VolumeChange(intervention_type="kursus", change_pct=50.0),
         "basisåret 2025 havde ingen modtagere af indsatstypen «kursus», så en ændring på 50 % "
         "giver ingen personer"),
        (VolumeChange(intervention_type="ukendt", change_pct=10.0),
         "ingen modtagere af indsatstypen «ukendt»"),
        (VolumeChange(scheme="fleksjob", change_pct=10.0),
         "basisåret 2025 havde ingen personer i fleksjob"),
    ],
)  # fmt: skip
def test_a_change_in_pct_of_nobody_is_a_danish_error_not_zero(
    change: VolumeChange, message: str
) -> None:
    baseline = hand_baseline()
    if change.scheme == "fleksjob":
        baseline = Baseline(base_year=2025, departments={},
                            schemes={"fleksjob": SchemeFacts(persons=0.0)})  # fmt: skip
    with pytest.raises(ScenarioError, match=message):
        project(baseline, scenario(volume_changes=(change,)))
    # 0 % of nobody is still nothing.
    nothing = VolumeChange(scheme=change.scheme, intervention_type=change.intervention_type,
                           change_pct=0.0)  # fmt: skip
    assert project(baseline, scenario(volume_changes=(nothing,))).empty


@pytest.mark.parametrize(
    "change",
    [
        VolumeChange(change_persons=1.0),
        VolumeChange(scheme="ressourceforloeb", intervention_type="mentor", change_persons=1.0),
    ],
)
def test_volume_change_needs_scheme_or_type(change: VolumeChange) -> None:
    with pytest.raises(ScenarioError, match="enten en ordning eller en indsatstype"):
        project(hand_baseline(), scenario(volume_changes=(change,)))


def test_volume_change_needs_persons_or_pct() -> None:
    with pytest.raises(ScenarioError, match="mangler både antal og procent"):
        project(hand_baseline(), scenario(volume_changes=(VolumeChange(scheme="fleksjob"),)))


def test_effect_weights_count_a_fractional_duration_by_part() -> None:
    # Start 2026 + 0, 2,5 years: 2026 and 2027 whole, 2028 half, 2029 nothing.
    s = scenario(horizon_years=4)
    assert effect_weights(s, Effect("ressourceforloeb", "afgang_arbejde", 1.0,
                                    duration_years=2.5)) == {
        2026: 1.0, 2027: 1.0, 2028: 0.5, 2029: 0.0,
    }  # fmt: skip
    # Delay 1, blank duration: to the end of the horizon.
    assert effect_weights(s, Effect("ressourceforloeb", "afgang_arbejde", 1.0,
                                    delay_years=1.0)) == {
        2026: 0.0, 2027: 1.0, 2028: 1.0, 2029: 1.0,
    }  # fmt: skip


def test_fractional_duration_in_the_projection() -> None:
    # 6 months shorter courses for 10 persons = 5 person-years a year; 1,5 years: 2026
    # whole, 2027 by half. Price: 1.000 kr. in A (given).
    s = scenario(
        effects=(Effect("ressourceforloeb", "kortere_forloeb", 6.0, duration_years=1.5,
                        persons=10.0, source="Evaluering"),),
        consequence_prices=(ConsequencePrice("kortere_forloeb", "ressourceforloeb", "A",
                                             "kommune", 1_000.0, "Skøn"),),
    )  # fmt: skip
    assert rows(project(hand_baseline(), s)) == {
        (2026, "A", "kommune", "consequence", 5_000.0, False),
        (2027, "A", "kommune", "consequence", 2_500.0, False),
    }


def test_outcome_units() -> None:
    price = ConsequencePrice("faerre_ventedage", "ressourceforloeb", "A", "kommune", 365.0)
    days = scenario(
        effects=(Effect("ressourceforloeb", "faerre_ventedage", 73.0, persons=10.0),),
        consequence_prices=(price,),
    )
    # 10 persons × 73 / 365 = 2 person-years × 365 kr. = 730 kr. a year.
    assert total(project(hand_baseline(), days)) == 3 * 730.0
    months = scenario(
        effects=(Effect("ressourceforloeb", "kortere_forloeb", 6.0, persons=10.0),),
        consequence_prices=(ConsequencePrice("kortere_forloeb", "ressourceforloeb", "A",
                                             "kommune", 100.0),),
    )  # fmt: skip
    # 10 × 6 / 12 = 5 person-years × 100 kr.
    assert total(project(hand_baseline(), months)) == 3 * 500.0


def test_effect_persons_derived_from_the_target_group() -> None:
    # Blank persons: the 40 from sygedagpenge in the base year; 40 × 5 / 100 = 2 py a year.
    s = scenario(
        effects=(Effect("ressourceforloeb", "afgang_arbejde", 5.0,
                        support_at_entry="sygedagpenge"),),
        consequence_prices=(ConsequencePrice("afgang_arbejde", "ressourceforloeb", None,
                                             "region", 1_000.0, "Regionen"),),
    )  # fmt: skip
    assert rows(project(hand_baseline(), s)) == {
        (year, None, "region", "consequence", 2_000.0, True) for year in (2026, 2027, 2028)
    }
    # Without a support at entry: all 100; 5 py × 1.000.
    whole = scenario(effects=(Effect("ressourceforloeb", "afgang_arbejde", 5.0),),
                     consequence_prices=s.consequence_prices)  # fmt: skip
    assert total(project(hand_baseline(), whole)) == 3 * 5_000.0


def test_investment_running_cost_blank_is_derived_given_is_not() -> None:
    baseline = hand_baseline()
    derived = scenario(investments=(Investment("mentor", 2.0),))
    given = scenario(investments=(Investment("mentor", 2.0, running_cost_per_person=25_000.0,
                                             paying_department="A", from_year=2027,
                                             to_year=2027),))  # fmt: skip
    assert rows(project(baseline, derived)) == {
        (year, "B", "kommune", "intervention_cost", -60_000.0, True) for year in (2026, 2027, 2028)
    }
    # Only 2027, in A, not derived; no start-up cost.
    assert rows(project(baseline, given)) == {
        (2027, "A", "kommune", "intervention_cost", -50_000.0, False)
    }


def test_startup_cost_in_the_first_active_year() -> None:
    s = scenario(investments=(Investment("mentor", 0.0, startup_cost=75_000.0, from_year=2027),))
    assert rows(project(hand_baseline(), s)) == {
        (2027, "B", "kommune", "intervention_cost", -75_000.0, False)
    }


def test_missing_running_cost_raises_a_danish_sentence() -> None:
    s = scenario(name="Kurser til alle", investments=(Investment("kursus", 10.0),))
    with pytest.raises(ScenarioError) as error:
        project(hand_baseline(), s)
    message = str(error.value)
    assert "Scenariet «Kurser til alle» (T1)" in message
    assert "«kursus» havde ingen modtagere i basisåret 2025" in message
    assert "udfyld «Driftsudgift pr. person» i Investeringer" in message
    # Given, it projects: paid by kursus' department A.
    fixed = scenario(investments=(Investment("kursus", 10.0, running_cost_per_person=1_000.0),))
    assert total(project(hand_baseline(), fixed)) == -30_000.0


def test_unknown_type_without_paying_department_raises() -> None:
    s = scenario(investments=(Investment("ukendt", 1.0, running_cost_per_person=1.0),))
    with pytest.raises(ScenarioError, match="udfyld «Betalende afdeling»"):
        project(hand_baseline(), s)


def test_missing_benefit_facts_raise_for_derived_prices() -> None:
    # Jobafklaring has no facts in the base year: the defaults cannot be derived.
    s = scenario(effects=(Effect("jobafklaring", "afgang_arbejde", 5.0, persons=10.0),))
    with pytest.raises(ScenarioError, match="udfyld Konsekvenspriser for ordningen"):
        project(hand_baseline(), s)
    # Prices given: no baseline benefit needed.
    priced = scenario(
        effects=s.effects,
        consequence_prices=(ConsequencePrice("afgang_arbejde", "jobafklaring", "A", "kommune",
                                             100.0, "Skøn"),),
    )  # fmt: skip
    # 10 persons × 5 % = 0,5 py × 100 kr. = 50 kr. a year.
    assert total(project(hand_baseline(), priced)) == pytest.approx(150.0)


def test_reallocation_outside_the_horizon_and_long_horizon_raise() -> None:
    with pytest.raises(ScenarioError, match="ligger i 2030, uden for scenariets år 2026-2028"):
        project(hand_baseline(), scenario(reallocations=(Reallocation(2030, "A", "B", 1.0),)))
    with pytest.raises(ScenarioError, match="skal være 1-10 år"):
        project(hand_baseline(), scenario(horizon_years=11))


@pytest.mark.parametrize(
    ("effect", "message"),
    [
        (Effect("ressourceforloeb", "hurtigere", 1.0, persons=1.0), "effekten «hurtigere»"),
        (Effect("kontanthjaelp", "afgang_arbejde", 1.0, persons=1.0), "«kontanthjaelp» findes"),
    ],
)
def test_unknown_codes_raise(effect: Effect, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        project(hand_baseline(), scenario(effects=(effect,)))


def test_kommune_price_without_department_raises() -> None:
    s = scenario(
        effects=(Effect("ressourceforloeb", "afgang_arbejde", 5.0, persons=1.0),),
        consequence_prices=(ConsequencePrice("afgang_arbejde", "ressourceforloeb", None,
                                             "kommune", 1.0),),
    )  # fmt: skip
    with pytest.raises(ScenarioError, match="mangler en afdeling"):
        project(hand_baseline(), s)


# -- consequence prices: own rows, shared rows, derived defaults ----------------------------


def _tables() -> dict[str, pd.DataFrame]:
    def frame(rows_: list[dict[str, Any]]) -> pd.DataFrame:
        return pd.DataFrame(rows_)

    effect = {"scheme": "ressourceforloeb", "outcome": "afgang_arbejde", "size": 10.0,
              "persons": 10.0, "support_at_entry": None, "delay_years": None,
              "duration_years": None, "source": "Evaluering"}  # fmt: skip
    scenarios = [
        {"scenario_id": sid, "name": f"Scenarie {sid}", "description": None,
         "first_year": 2026, "horizon_years": 3 if sid != "S3" else None,
         "discount_rate_pct": None, "price_level_year": None, "baseline_trend": None}
        for sid in ("S1", "S2", "S3")
    ]  # fmt: skip
    effects = [
        {"scenario_id": "S1", **effect},
        {"scenario_id": "S2", **effect},
        {"scenario_id": "S3", **effect, "scheme": "ressourceforloeb",
         "outcome": "kortere_forloeb", "size": 6.0},
    ]  # fmt: skip
    prices = [
        # S1's own row for (afgang_arbejde, ressourceforløb) replaces the shared one.
        {"scenario_id": "S1", "outcome": "afgang_arbejde", "scheme": "ressourceforloeb",
         "department": "B", "purse": "kommune", "amount": 500.0, "source": "S1's skøn"},
        # Shared: applies to S2 (no own rows) and S3 (but S3's effect is another pair).
        {"scenario_id": None, "outcome": "afgang_arbejde", "scheme": "ressourceforloeb",
         "department": "A", "purse": "kommune", "amount": 100.0, "source": None},
        {"scenario_id": None, "outcome": "afgang_arbejde", "scheme": "ressourceforloeb",
         "department": None, "purse": "region", "amount": 7.0, "source": "Regionen"},
    ]  # fmt: skip
    return {
        "scenarios": frame(scenarios),
        "effects": frame(effects),
        "consequence_prices": frame(prices),
    }


def test_consequence_prices_own_shared_and_derived() -> None:
    s1, s2, s3 = scenarios_from_tables(_tables())
    assert (s3.horizon_years, s3.discount_rate_pct, s3.baseline_trend) == (5, 3.5, "tendens")
    assert s2.effects[0].delay_years == 0.0
    baseline = hand_baseline()
    # 10 persons × 10 % = 1 py a year.
    # S1: its own price, 500 in B.
    assert rows(project(baseline, s1)) == {
        (y, "B", "kommune", "consequence", 500.0, False) for y in (2026, 2027, 2028)
    }
    # S2: the shared rows, 100 in A and 7 for the region.
    assert rows(project(baseline, s2)) == {
        row for y in (2026, 2027, 2028)
        for row in ((y, "A", "kommune", "consequence", 100.0, False),
                    (y, None, "region", "consequence", 7.0, False))
    }  # fmt: skip
    # S3: kortere_forloeb has no rows: derived defaults for the path to where the scheme's
    # courses end (tests/test_scenarios_economics.py). 10 × 6 / 12 = 5 py a year ×
    # (55.000 in A, 18.750 in B, 20.000 for the stat).
    assert rows(project(baseline, s3)) == {
        row for y in range(2026, 2031)
        for row in ((y, "A", "kommune", "consequence", 275_000.0, True),
                    (y, "B", "kommune", "consequence", 93_750.0, True),
                    (y, None, "stat", "consequence", 100_000.0, True))
    }  # fmt: skip
    table = summary(project_all(baseline, [s1, s2, s3]), [s1, s2, s3])
    # S2: one shared price row without a source; S3: a derived pair.
    assert list(table["unsourced"]) == [0, 1, 1]
    assert list(table["derived"]) == [0, 0, 1]


def test_tables_round_trip() -> None:
    scenarios = scenarios_from_tables(_tables())
    tables = scenarios_to_tables(scenarios)
    assert set(tables) == {"scenarios", "reallocations", "volume_changes", "investments",
                           "effects", "consequence_prices", "uncertainty",
                           "price_index"}  # fmt: skip
    # Shared prices are written once, without a scenario ID; blanks are NA.
    prices = tables["consequence_prices"]
    assert prices["scenario_id"].isna().sum() == 2
    assert scenarios_from_tables(tables) == scenarios
    hand = scenarios_to_tables([HAND])
    assert hand["investments"]["running_cost_per_person"].isna().all()
    assert hand["scenarios"]["price_level_year"].isna().all()
    assert scenarios_from_tables(hand) == [HAND]
    # A scenario without prices of its own added to a workbook with shared rows gets them.
    joined = scenarios_from_tables(scenarios_to_tables([*scenarios, HAND]))
    assert [p.shared for p in joined[-1].consequence_prices] == [True, True]
    assert scenarios_from_tables(scenarios_to_tables([])) == []


def test_shared_prices_every_scenario_overrides_survive_the_round_trip() -> None:
    tables = _tables()
    prices = tables["consequence_prices"]
    own = prices.iloc[0].to_dict()
    extra = pd.DataFrame([{**own, "scenario_id": sid, "amount": 200.0} for sid in ("S2", "S3")])
    tables["consequence_prices"] = pd.concat([prices, extra], ignore_index=True)
    scenarios = scenarios_from_tables(tables)
    # Every scenario has its own rows for the pair: the shared ones are unused by all ...
    for s in scenarios:
        assert not any(p.shared for p in s.consequence_prices)
        assert [p.amount for p in s.unused_shared_prices] == [100.0, 7.0]
    assert rows(project(hand_baseline(), scenarios[1])) == {
        (y, "B", "kommune", "consequence", 200.0, False) for y in (2026, 2027, 2028)
    }
    # ... but «Gem som Excel» writes them back, once, without a scenario ID.
    back = scenarios_to_tables(scenarios)["consequence_prices"]
    shared = back[back["scenario_id"].isna()]
    assert sorted(shared["amount"]) == [7.0, 100.0]
    assert len(back) == len(tables["consequence_prices"])
    assert scenarios_from_tables(scenarios_to_tables(scenarios)) == scenarios


def test_project_all_and_single_scenario_results() -> None:
    other = scenario(scenario_id="T2", name="Anden", first_year=2027, reallocations=(
        Reallocation(2027, "B", "A", 5.0),))  # fmt: skip
    frame = project_all(hand_baseline(), [HAND, other])
    assert list(dict.fromkeys(frame["scenario"])) == ["T1", "T2"]
    assert yearly(frame, other)["year"].min() == 2027
    chart = compare(hand_baseline(), [HAND, other], frame)
    # Aligned by year: the baseline over 2026-2029, each scenario in its own years.
    assert sorted(chart.loc[chart["series"] == "basis", "year"]) == [2026, 2027, 2028, 2029]
    assert sorted(chart.loc[chart["series"] == "T2", "year"]) == [2027, 2028, 2029]


# -- a volume change instead of another benefit ----------------------------------------------


def test_persons_moved_from_another_benefit_save_it_net_of_refund() -> None:
    """25 persons a year move from kontanthjælp (paid by B: 100.000 kr. a person-year,
    refund 20 %) into ressourceforløb (120.000 kr., refund 25 %, in A; interventions in B).

    Per year: benefit_cost A −25 × 120.000 = −3.000.000; refund A +750.000, stat −750.000;
    interventions B −25 × SCHEME_COST_B; the kontanthjælp saved: benefit_cost B +2.500.000,
    its refund B −500.000 and stat +500.000.
    """
    from dataclasses import replace

    from toolkit.scenarios.baseline import BenefitFacts

    baseline = replace(
        hand_baseline(),
        benefits={"kontanthjaelp": BenefitFacts(100_000.0, 0.20, "B")},
    )
    change = VolumeChange(scheme="ressourceforloeb", change_persons=25.0,
                          replaces_benefit="kontanthjaelp")  # fmt: skip
    frame = project(baseline, scenario(volume_changes=(change,)))
    year = frame[frame["year"] == 2026]
    got = {
        (r.department if isinstance(r.department, str) else None, r.purse, r.item, r.derived):
        round(r.amount, 2)
        for r in year.itertuples()
    }  # fmt: skip
    assert got == {
        ("A", "kommune", "benefit_cost", False): -25 * GROSS,
        ("A", "kommune", "refund", False): 25 * GROSS * REFUND_SHARE,
        (None, "stat", "refund", False): -25 * GROSS * REFUND_SHARE,
        ("B", "kommune", "intervention_cost", False): round(-25 * SCHEME_COST_B, 2),
        ("B", "kommune", "benefit_cost", True): 2_500_000.0,
        ("B", "kommune", "refund", True): -500_000.0,
        (None, "stat", "refund", True): 500_000.0,
    }
    # The kommune pays the difference between the two benefits net of refund, plus the
    # interventions; the stat's refund still balances.
    kommune = year.loc[year["purse"] == "kommune", "amount"].sum()
    assert kommune == pytest.approx(
        -25 * GROSS * (1 - REFUND_SHARE) + 2_500_000 * 0.8 - 25 * SCHEME_COST_B
    )
    refunds = year.loc[year["item"] == "refund", "amount"].sum()
    assert refunds == pytest.approx(0.0)


def test_a_replaced_benefit_without_payments_is_a_danish_error() -> None:
    change = VolumeChange(scheme="ressourceforloeb", change_persons=5.0,
                          replaces_benefit="sygedagpenge")  # fmt: skip
    with pytest.raises(ScenarioError, match="ingen udbetalinger af «sygedagpenge» i Ydelser"):
        project(hand_baseline(), scenario(volume_changes=(change,)))
    typed = VolumeChange(intervention_type="mentor", change_persons=5.0,
                         replaces_benefit="kontanthjaelp")  # fmt: skip
    with pytest.raises(ScenarioError, match="gælder kun en ændring i en ordning"):
        project(hand_baseline(), scenario(volume_changes=(typed,)))
