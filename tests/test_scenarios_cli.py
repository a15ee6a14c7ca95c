"""`tvaerblik scenario`: a scenario workbook (or the stored scenarios) projected against the
current version, as Danish text, csv, json or xlsx; a bad workbook gets the Danish report."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from tests.cli_runs import run_cli
from tests.paths import SAMPLE_DIR
from tests.workbooks import valid_scenarios, write_scenarios
from toolkit import cli


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, "--data", data, "scenario", *args)


def test_text_summarises_the_stored_scenarios_in_danish(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, sample_dir)
    assert code == 0, err
    assert "Beregner 3 scenarier mod version v0001" in err
    for scenario_id in ("S1:", "S2:", "S3:"):
        assert scenario_id in out
    assert "basisår 2025" in out
    assert "Nettoresultat pr. år:" in out and "Følsomhed" in out
    assert "beslutningsstøtte, ikke beslutningsgrundlag" in out
    assert " kr." in out and "Tilbagebetalt:" in out


def test_json_holds_every_table_and_the_summary_adds_up(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, sample_dir, str(SAMPLE_DIR / "scenarier.xlsx"), "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["version"] == "v0001" and payload["base_year"] == 2025
    assert set(payload) >= {"projection", "yearly", "summary", "sensitivity", "assumptions"}
    for row in payload["summary"]:
        municipal = [
            r["amount"]
            for r in payload["projection"]
            if r["scenario"] == row["scenario"] and r["purse"] == "kommune"
        ]
        assert row["net"] == pytest.approx(sum(municipal))
    tornado = {r["parameter"] for r in payload["sensitivity"] if r["scenario"] == "S1"}
    assert tornado == {
        "effect_size",
        "effect_duration",
        "consequence_prices",
        "intervention_cost",
        "persons",
    }


def test_csv_table_choice_and_ids(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, sample_dir, "--format", "csv", "--table", "summary", "--ids", "S2")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["scenario"] for r in rows] == ["S2"]
    code, _, err = run(capsys, sample_dir, "--format", "csv", "--table", "nope")
    assert code == 2 and "Ukendt tabel «nope»" in err
    code, _, err = run(capsys, sample_dir, "--ids", "S9")
    assert code == 2 and "Ukendte scenarier: S9" in err


def test_xlsx_has_danish_sheets_and_no_formulas(
    sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "scenarier-resultat.xlsx"
    code, out, _ = run(capsys, sample_dir, "--format", "xlsx", "--out", str(out_file))
    assert code == 0 and "Skrevet:" in out
    book = openpyxl.load_workbook(out_file)
    assert book.sheetnames == [
        "Sammenfatning",
        "År for år",
        "Hvem betaler",
        "Følsomhed",
        "Antagelser",
        "Fremskrivning",
        "Noter",
    ]
    summary = book["Sammenfatning"]
    assert summary.cell(1, 1).value == "Scenarie-ID"
    assert [summary.cell(r, 1).value for r in range(2, 5)] == ["S1", "S2", "S3"]
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and v.startswith("=") for v in row)


def test_xlsx_needs_out(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, sample_dir, "--format", "xlsx")
    assert code == 2 and "--format xlsx kræver --out FIL." in err


def test_a_bad_scenario_workbook_gets_the_cell_precise_report(
    sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = valid_scenarios()
    sheets["Omplaceringer"][1][3] = "BESK"  # from BESK to BESK
    path = write_scenarios(tmp_path, sheets)
    code, out, _ = run(capsys, sample_dir, str(path))
    assert code == 1
    assert "Omplaceringer" in out and "række 2" in out.lower()
    assert "Scenarierne er ikke beregnet, fordi regnearket har fejl." in out


def test_another_workbook_is_refused(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, sample_dir, str(SAMPLE_DIR / "oekonomi.xlsx"))
    assert code == 2 and "er ikke en scenarie-projektmappe" in err


def test_no_stored_scenarios_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    paths = [str(SAMPLE_DIR / "register.xlsx"), str(SAMPLE_DIR / "oekonomi.xlsx")]
    assert cli.main(["--data", str(data), "import", *paths]) == 0
    capsys.readouterr()
    code, _, err = run(capsys, data)
    assert code == 2 and "Der er ingen scenarier at beregne" in err


def test_a_scenario_that_cannot_be_computed_is_rejected_not_a_usage_error(
    sample_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import toolkit.scenarios
    from toolkit.scenarios import ScenarioError

    sentence = "Scenariet «X» (S1): basisåret 2025 havde ingen modtagere af indsatstypen «nyt»."

    def fails(*_: object, **__: object) -> None:
        raise ScenarioError(sentence)

    monkeypatch.setattr(toolkit.scenarios, "scenario_report", fails)
    code, out, _ = run(capsys, sample_dir)
    assert code == 1  # EXIT_REJECTED, like a workbook with errors
    assert f"Fejl: {sentence}" in out and "Scenarierne er ikke beregnet." in out
