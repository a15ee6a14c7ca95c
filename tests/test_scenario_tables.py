"""The stored tables of scenarier.xlsx and the scenarios they hold: the schema is the one
source of the tables, their columns and the defaults; tables → scenarios → tables is the
identity; shared rows (no scenario ID) and the price index are read and written once."""

from __future__ import annotations

from dataclasses import fields

import pandas as pd
import pytest

from tests.paths import SAMPLE_DIR
from toolkit import schema
from toolkit.register import Scenarios, empty_table
from toolkit.sample.scenarios import scenario_tables
from toolkit.scenarios.model import (
    DEFAULT_DISCOUNT_RATE_PCT,
    DEFAULT_HORIZON_YEARS,
    DEFAULT_TREND,
    MAX_HORIZON_YEARS,
    OUTCOMES,
    PURSES,
    TABLES,
    ConsequencePrice,
    Effect,
    Investment,
    PriceIndexPoint,
    Reallocation,
    Scenario,
    ScenarioError,
    Uncertainty,
    VolumeChange,
    scenarios_from_tables,
    scenarios_to_tables,
)
from toolkit.workbook.check import check_files

# Table -> the dataclass its rows become (the scenario_id column says whose row it is).
ROW_CLASSES = {
    "reallocations": Reallocation,
    "volume_changes": VolumeChange,
    "investments": Investment,
    "effects": Effect,
    "consequence_prices": ConsequencePrice,
    "uncertainty": Uncertainty,
    "price_index": PriceIndexPoint,
}
NOT_STORED = {"derived", "shared"}  # flags the model sets, never a column


def assert_same_tables(got: dict[str, pd.DataFrame], want: dict[str, pd.DataFrame]) -> None:
    assert list(got) == list(want)
    for name, frame in want.items():
        pd.testing.assert_frame_equal(got[name], frame, check_index_type=False, obj=name)


def tables_with_every_new_column() -> dict[str, pd.DataFrame]:
    """Two scenarios using every column and sheet of issue 13, shared rows included."""

    def frame(table: str, rows: list[dict[str, object]]) -> pd.DataFrame:
        dtypes = TABLES[table]
        data = {name: [row.get(name) for row in rows] for name in dtypes}
        return pd.DataFrame(data, dtype=object).astype(dtypes)

    return {
        "scenarios": frame("scenarios", [
            {"scenario_id": "A", "name": "Tilgang", "first_year": 2027, "horizon_years": 5,
             "discount_rate_pct": 3.5, "price_level_year": 2025, "baseline_trend": "flad"},
            {"scenario_id": "B", "name": "Bestand", "first_year": 2027, "horizon_years": 3,
             "discount_rate_pct": 4.0, "baseline_trend": "tendens"},
        ]),
        "reallocations": frame("reallocations", [
            {"scenario_id": "A", "year": 2027, "from_department": "BESK",
             "to_department": "SOC", "amount": 1_000.0},
        ]),
        "volume_changes": frame("volume_changes", [
            {"scenario_id": "A", "scheme": "ressourceforloeb", "change_persons": 25.0,
             "from_year": 2027, "replaces_benefit": "kontanthjaelp", "kind": "tilgang",
             "capacity": 40.0},
            {"scenario_id": "B", "intervention_type": "mentor", "change_pct": 10.0,
             "from_year": 2028, "kind": "bestand"},
        ]),
        "investments": frame("investments", [
            {"scenario_id": "B", "intervention_type": "mentor", "extra_persons": 10.0,
             "startup_cost": 0.0, "running_cost_per_person": 60_000.0},
        ]),
        "effects": frame("effects", [
            {"scenario_id": "A", "scheme": "ressourceforloeb", "outcome": "afgang_arbejde",
             "size": 8.0, "delay_years": 1, "source": "Skøn", "destination": "fleksjob",
             "persistence_years": 2.5, "deadweight_pct": 20.0},
            {"scenario_id": "B", "scheme": "jobafklaring", "support_at_entry": "sygedagpenge",
             "outcome": "kortere_forloeb", "size": 2.0, "delay_years": 0,
             "duration_years": 2.0, "persons": 30.0, "destination": "job_uddannelse"},
        ]),
        "consequence_prices": frame("consequence_prices", [
            {"scenario_id": "A", "outcome": "afgang_arbejde", "scheme": "ressourceforloeb",
             "department": "BESK", "purse": "kommune", "amount": 100_000.0},
            {"outcome": "afgang_arbejde", "scheme": "ressourceforloeb", "purse": "stat",
             "amount": 50_000.0, "source": "Fælles"},
        ]),
        "uncertainty": frame("uncertainty", [
            {"scenario_id": "A", "parameter": "effekt_stoerrelse", "low_pct": 50.0,
             "high_pct": 150.0, "source": "Skøn"},
            {"parameter": "doedvaegt", "low_pct": 0.0, "source": "Fælles"},
            {"parameter": "personer", "high_pct": 110.0},
            {"scenario_id": "B", "parameter": "personer", "low_pct": 90.0},
        ]),
        "price_index": frame("price_index", [
            {"year": 2025, "index": 100.0, "source": "KL"},
            {"year": 2026, "index": 102.5},
        ]),
    }  # fmt: skip


# -- the schema is the one source -----------------------------------------------------------


def test_tables_are_the_scenario_sheets_of_the_schema() -> None:
    assert list(TABLES) == [sheet.table for sheet in schema.SCENARIO_BOOK.sheets]
    assert list(TABLES) == [f.name for f in fields(Scenarios)]
    for sheet in schema.SCENARIO_BOOK.sheets:
        assert list(TABLES[sheet.table]) == list(sheet.column_names)
        assert TABLES[sheet.table] == {
            n: str(d) for n, d in empty_table(sheet.table).dtypes.items()
        }


@pytest.mark.parametrize("table", sorted(ROW_CLASSES))
def test_every_column_is_a_field_of_the_rows_dataclass_and_back(table: str) -> None:
    columns = set(TABLES[table]) - {"scenario_id"}
    names = {f.name for f in fields(ROW_CLASSES[table])} - NOT_STORED
    assert columns == names


def test_defaults_limits_and_labels_come_from_the_schema() -> None:
    horizon = schema.SCENARIOS.column("horizon_years")
    assert (horizon.default, horizon.maximum) == (DEFAULT_HORIZON_YEARS, MAX_HORIZON_YEARS)
    assert (DEFAULT_HORIZON_YEARS, MAX_HORIZON_YEARS) == (5, 10)
    assert DEFAULT_DISCOUNT_RATE_PCT == 3.5
    assert DEFAULT_TREND == "tendens"
    assert PURSES == {"kommune": "Kommunen", "region": "Regionen", "stat": "Staten"}
    assert list(OUTCOMES) == list(schema.SCENARIO_OUTCOME.codes)
    assert OUTCOMES["kortere_forloeb"].label == "Kortere forløb (måneder)"
    assert (OUTCOMES["faerre_ventedage"].unit, OUTCOMES["faerre_ventedage"].factor) == (
        "dage", 1 / 365)  # fmt: skip


def test_new_code_lists_are_registered() -> None:
    for codes in (schema.SCENARIO_DESTINATION, schema.VOLUME_KIND, schema.SCENARIO_PARAMETER):
        assert codes in schema.CODE_LISTS
    assert schema.SCENARIO_DESTINATION.label("job_uddannelse") == (
        "Job eller uddannelse (selvforsørgelse)")  # fmt: skip
    assert schema.VOLUME_KIND.codes == ("bestand", "tilgang")
    assert len(schema.SCENARIO_PARAMETER.codes) == 7


# -- reading and writing ------------------------------------------------------------------


def test_the_sample_round_trips_unchanged() -> None:
    """As stored: read from the committed workbook, blanks with a default filled in."""
    result = check_files([SAMPLE_DIR / "scenarier.xlsx"])
    assert not result.report.has_errors
    tables = result.tables["scenarier"]
    assert list(tables) == list(scenario_tables())
    scenarios = scenarios_from_tables(tables)
    assert_same_tables(scenarios_to_tables(scenarios), tables)
    assert scenarios_from_tables(scenario_tables()) == scenarios
    s1, s2, _ = scenarios
    assert s2.volume_changes[0].kind == "tilgang"
    assert [u.parameter for u in s1.uncertainty] == ["effekt_stoerrelse"]
    assert s1.price_level_year is None and s1.price_index == ()


def test_every_new_column_round_trips_unchanged() -> None:
    tables = tables_with_every_new_column()
    scenarios = scenarios_from_tables(tables)
    assert_same_tables(scenarios_to_tables(scenarios), tables)
    assert scenarios_from_tables(scenarios_to_tables(scenarios)) == scenarios
    a, b = scenarios
    assert a.effects[0] == Effect(
        scheme="ressourceforloeb", outcome="afgang_arbejde", size=8.0, delay_years=1.0,
        source="Skøn", destination="fleksjob", persistence_years=2.5, deadweight_pct=20.0,
    )  # fmt: skip
    assert a.volume_changes[0].kind == "tilgang" and a.volume_changes[0].capacity == 40.0
    assert b.volume_changes[0].capacity is None
    assert a.price_level_year == 2025 and b.price_level_year is None


def test_shared_uncertainty_applies_where_a_scenario_has_no_row_of_its_own() -> None:
    a, b = scenarios_from_tables(tables_with_every_new_column())
    assert {(u.parameter, u.shared) for u in a.uncertainty} == {
        ("effekt_stoerrelse", False), ("doedvaegt", True), ("personer", True),
    }  # fmt: skip
    # B has its own «personer»: the shared one does not apply to it.
    assert [(u.parameter, u.low_pct, u.high_pct, u.shared) for u in b.uncertainty] == [
        ("personer", 90.0, None, False), ("doedvaegt", 0.0, None, True),
    ]  # fmt: skip
    back = scenarios_to_tables([a, b])["uncertainty"]
    assert back["scenario_id"].isna().sum() == 2  # written once, not once per scenario
    # A shared row every scenario overrides is kept for writing back, like shared prices.
    only_b = scenarios_to_tables([b])["uncertainty"]
    assert set(only_b.loc[only_b["scenario_id"].isna(), "parameter"]) == {"personer", "doedvaegt"}
    assert scenarios_from_tables(scenarios_to_tables([b])) == [b]


def test_the_price_index_belongs_to_every_scenario_and_is_written_once() -> None:
    a, b = scenarios_from_tables(tables_with_every_new_column())
    assert a.price_index == b.price_index == (
        PriceIndexPoint(2025, 100.0, "KL"), PriceIndexPoint(2026, 102.5),
    )  # fmt: skip
    assert len(scenarios_to_tables([a, b])["price_index"]) == 2
    other = Scenario("C", "Andet indeks", None, 2027, price_index=(PriceIndexPoint(2025, 99.0),))
    with pytest.raises(ScenarioError, match="andet prisindeks for 2025"):
        scenarios_to_tables([a, other])


def test_tables_without_the_new_sheets_and_columns_read_as_blank() -> None:
    tables = tables_with_every_new_column()
    old = {name: frame for name, frame in tables.items()
           if name not in ("uncertainty", "price_index")}  # fmt: skip
    old["effects"] = old["effects"].drop(
        columns=["destination", "persistence_years", "deadweight_pct"]
    )
    old["volume_changes"] = old["volume_changes"].drop(columns=["kind", "capacity"])
    a, _ = scenarios_from_tables(old)
    assert (a.uncertainty, a.price_index) == ((), ())
    assert (a.effects[0].destination, a.effects[0].persistence_years) == (None, None)
    assert a.effects[0].deadweight_pct is None
    assert (a.volume_changes[0].kind, a.volume_changes[0].capacity) == (None, None)


def test_a_version_stored_before_the_new_columns_opens_with_them_blank() -> None:
    tables = tables_with_every_new_column()
    stored = {"effects": tables["effects"].drop(columns=["destination", "deadweight_pct"]),
              "scenarios": tables["scenarios"]}  # fmt: skip
    bundle = Scenarios.from_tables(stored)
    assert list(bundle.effects.columns) == list(TABLES["effects"])
    assert bundle.effects["destination"].isna().all()
    assert str(bundle.effects["deadweight_pct"].dtype) == "float64"
    assert bundle.uncertainty.empty and bundle.price_index.empty
    # A required column missing is still refused: that file is damaged, not old.
    with pytest.raises(ValueError, match="missing columns"):
        Scenarios.from_tables({"effects": tables["effects"].drop(columns=["outcome"])})
