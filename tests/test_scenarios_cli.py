"""`tvaerblik scenario`: a scenario workbook (or the stored scenarios) projected against the
current version, as Danish text, csv, json or xlsx; a bad workbook gets the Danish report."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from tests.cli_runs import run_cli
from tests.paths import SAMPLE_DIR
from tests.workbooks import headers, valid_scenarios, write_scenarios
from toolkit import cli, formats
from toolkit.scenarios import ScenarioReport, build_baseline, scenario_report, scenarios_from_tables
from toolkit.scenarios.report import TABLES
from toolkit.scenarios.uncertainty import PARAMETERS
from toolkit.store import Store


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, "--data", data, "scenario", *args)


@pytest.fixture(scope="module")
def report(sample_dir: Path) -> ScenarioReport:
    """The sample's stored scenarios as the command computes them: the numbers to expect."""
    dataset = Store(sample_dir).load()
    baseline = build_baseline(dataset.register, dataset.economy, version=dataset.version)
    stored = scenarios_from_tables(dataset.scenarios.tables())
    return scenario_report(baseline, stored, with_sensitivity=True)


def _blocks(out: str) -> dict[str, list[str]]:
    """The text's lines per scenario: from «S1: …» to the blank line after it."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in out.splitlines():
        if not line.strip():
            current = None
        elif current is not None:
            current.append(line)
        elif not line.startswith(" ") and ": " in line:
            current = blocks.setdefault(line.split(":")[0], [line])
    return blocks


def _summary_rows(report: ScenarioReport) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in report.summary.to_dict(orient="records")]


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


def test_text_names_the_price_level_ranges_overlap_and_net_payer_and_gainer(
    sample_dir: Path, report: ScenarioReport, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, sample_dir)
    assert code == 0, err
    assert out.splitlines()[0].startswith(f"Beløb i {report.price_label} (faste priser)")
    blocks = _blocks(out)
    overlapping = 0
    for row in _summary_rows(report):
        lines = blocks[row["scenario"]]
        assert (
            f"  90 %-interval (tilbagediskonteret): {formats.kroner(row['net_low'])} til "
            f"{formats.kroner(row['net_high'])}"
        ) in lines
        probability = formats.percent(row["payback_probability"] * 100, decimals=0)
        assert f"  Sandsynlighed for tilbagebetaling inden for horisonten: {probability}" in lines
        if row["overlap"]:
            overlapping += 1
            assert f"  Advarsel: {row['overlap']}" in lines
        else:
            assert not any("overlapper" in line for line in lines)
        for role, title in (("payer", "Betaler mest"), ("gainer", "Vinder mest")):
            named = [line for line in lines if line.startswith(f"  {title}: ")]
            if pd.isna(row[f"{role}_net"]):
                assert not named
                continue
            net = formats.kroner(row[f"{role}_net"])
            assert len(named) == 1
            assert named[0].startswith(f"  {title}: {row[f'{role}_label']}, netto {net} (udgifter ")
    assert overlapping >= 1  # the sample's stacked effects are named


def test_text_tornado_shows_each_assumptions_own_range_and_the_defaults_used(
    sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = valid_scenarios()
    sheets["Investeringer"][1][1] = "mentor"  # the sample municipality's price list
    sheets["Effekter"][2] += ["job_uddannelse", 2, 10]  # S2: Afgang til, virkning, dødvægt
    sheets["Usikkerhed"] = [
        headers("uncertainty"),
        ["S2", "effekt_stoerrelse", 50, 150, "Evaluering af mentorforløb"],
    ]
    path = write_scenarios(tmp_path, sheets)
    code, out, err = run(capsys, sample_dir, str(path))
    assert code == 0, err
    s2 = "\n".join(_blocks(out)["S2"])
    assert (
        "Følsomhed (tilbagediskonteret nettoresultat med én antagelse ad gangen ved lav / høj)"
        in s2
    )
    assert "    Effektens størrelse (50 % / 150 %) " in s2
    assert "    Effektens varighed (75 % / 125 %, standard) " in s2
    s1 = "\n".join(_blocks(out)["S1"])
    assert "    Effektens størrelse (75 % / 125 %, standard) " in s1
    # S1 leaves «Afgang til», «Dødvægt (%)» and «Prisniveau (år)» blank; S2 fills them
    assert "  Standardværdier brugt (tomme felter i scenarier.xlsx):" in s1
    assert ": dødvægt 0 % (" in s1 and "Beløb i projektmappen («Prisniveau (år)» er tom" in s1
    assert ": afgang som basisårets afgange fra ordningen" in s1
    assert "dødvægt" not in s2 and ": afgang " not in s2 and "Beløb i projektmappen" not in s2
    assert "  Prisniveau: Beløb fra registeret" in s1


def test_json_holds_every_table_and_the_summary_adds_up(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, sample_dir, str(SAMPLE_DIR / "scenarier.xlsx"), "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["version"] == "v0001" and payload["base_year"] == 2025
    assert set(payload) == {"version", "base_year", "price_level_year", *TABLES}
    assert payload["uncertainty"] and all(r["low_pct"] <= 100 for r in payload["uncertainty"])
    assert {r["price_level_year"] for r in payload["summary"]} == {payload["price_level_year"]}
    for row in payload["summary"]:
        municipal = [
            r["amount"]
            for r in payload["projection"]
            if r["scenario"] == row["scenario"] and r["purse"] == "kommune"
        ]
        assert row["net"] == pytest.approx(sum(municipal))
    tornado = {r["parameter"] for r in payload["sensitivity"] if r["scenario"] == "S1"}
    assert tornado == set(PARAMETERS)  # every assumption with a range, also persistence


def test_csv_table_choice_and_ids(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, sample_dir, "--format", "csv", "--table", "summary", "--ids", "S2")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["scenario"] for r in rows] == ["S2"]
    code, _, err = run(capsys, sample_dir, "--format", "csv", "--table", "nope")
    assert code == 2 and "Ukendt tabel «nope»" in err
    code, _, err = run(capsys, sample_dir, "--ids", "S9")
    assert code == 2 and "Ukendte scenarier: S9" in err


@pytest.fixture(scope="module")
def book(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    out_file = tmp_path_factory.mktemp("xlsx") / "scenarier-resultat.xlsx"
    code = cli.main(["--data", str(sample_dir), "scenario", "--format", "xlsx",
                     "--out", str(out_file)])  # fmt: skip
    assert code == 0
    return openpyxl.load_workbook(out_file)


def _records(sheet: Any) -> list[dict[str, Any]]:
    """A sheet's rows keyed by its Danish headers, as a reader of the file sees them."""
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_xlsx_has_danish_sheets_and_no_formulas(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == [
        "Sammenfatning",
        "År for år",
        "Hvem betaler",
        "Følsomhed",
        "Usikkerhed",
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


def test_xlsx_summary_has_price_level_overlap_range_probability_and_net_payer(
    book: openpyxl.Workbook, report: ScenarioReport
) -> None:
    shown = {r["Scenarie-ID"]: r for r in _records(book["Sammenfatning"])}
    for row in _summary_rows(report):
        cells = shown[row["scenario"]]
        assert cells["Prisniveau"] == report.price_label
        assert (cells["Advarsel"] or "") == row["overlap"]
        assert cells["90 %-interval fra, tilbagediskonteret (kr.)"] == pytest.approx(row["net_low"])
        assert cells["90 %-interval til, tilbagediskonteret (kr.)"] == pytest.approx(
            row["net_high"]
        )
        probability = cells["Sandsynlighed for tilbagebetaling inden for horisonten (%)"]
        assert probability == pytest.approx(row["payback_probability"] * 100)
        paid_back = row["break_even_year"]
        assert cells["Tilbagebetalt år"] == (
            "ikke inden for horisonten" if pd.isna(paid_back) else int(paid_back)
        )
        for role, title in (("payer", "Betaler mest"), ("gainer", "Vinder mest")):
            if pd.isna(row[f"{role}_net"]):
                assert cells[title] is None and cells[f"{title}, netto (kr.)"] is None
            else:
                assert cells[title] == row[f"{role}_label"]
                assert cells[f"{title}, netto (kr.)"] == pytest.approx(row[f"{role}_net"])
    assert any(cells["Advarsel"] for cells in shown.values())
    sheet = book["Sammenfatning"]
    formats_by_header = {c.value: sheet.cell(2, c.column).number_format for c in sheet[1]}
    assert formats_by_header["90 %-interval fra, tilbagediskonteret (kr.)"] == "#,##0"
    assert formats_by_header["Sandsynlighed for tilbagebetaling inden for horisonten (%)"] == (
        '0.0" %"'
    )


def test_xlsx_uncertainty_and_tornado_show_each_range(
    book: openpyxl.Workbook, report: ScenarioReport
) -> None:
    uncertainty = _records(book["Usikkerhed"])
    assert len(uncertainty) == len(report.uncertainty) > 0
    for cells, row in zip(uncertainty, report.uncertainty.to_dict(orient="records"), strict=True):
        assert (cells["Scenarie-ID"], cells["Antagelse"]) == (row["scenario"], row["label"])
        assert cells["Lav (% af forventet)"] == pytest.approx(row["low_pct"])
        assert cells["Høj (% af forventet)"] == pytest.approx(row["high_pct"])
        assert (cells["Status"] or "") == row["status"]
    tornado = _records(book["Følsomhed"])
    assert report.sensitivity is not None and len(tornado) == len(report.sensitivity)
    assert {"Ved lav (kr.)", "Ved høj (kr.)", "Lav (% af forventet)"} <= set(tornado[0])
    for cells, row in zip(tornado, report.sensitivity.to_dict(orient="records"), strict=True):
        assert cells["Ved lav (kr.)"] == pytest.approx(row["net_low"])
        assert cells["Ved høj (kr.)"] == pytest.approx(row["net_high"])
        assert cells["Høj (% af forventet)"] == pytest.approx(row["high_pct"])
        assert cells["Interval"] == ("fra Usikkerhed" if row["given"] else "standard ±25 %")


def test_xlsx_assumptions_mark_missing_values_and_the_notes_name_the_model(
    book: openpyxl.Workbook, report: ScenarioReport
) -> None:
    assumptions = _records(book["Antagelser"])
    expected = report.assumptions.to_dict(orient="records")
    assert len(assumptions) == len(expected)
    missing = 0
    for cells, row in zip(assumptions, expected, strict=True):
        if pd.isna(row["value"]):
            missing += 1
            assert cells["Værdi"] == "–"
        else:
            assert cells["Værdi"] == pytest.approx(row["value"])
    assert missing > 0
    assert {"prisniveau", "afgang", "dødvægt"} <= {c["Slags"] for c in assumptions}
    notes = " ".join(str(c["Note"]) for c in _records(book["Noter"]))
    assert f"Beløb i {report.price_label} (faste priser)" in notes
    assert "overlapper" in notes and "1 − (1 − a)(1 − b)" in notes
    assert "afgangsvej" in notes and "90 %-interval" in notes


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
