"""Text that looks like a formula survives writing and reading unchanged (issue 11, point 9):
the writer stores it as a string cell, never with an apostrophe, and the reader takes the
apostrophe the earlier writer added off again."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tests.workbooks import valid_economy, valid_scenarios, write_scenarios, write_xlsx
from toolkit.workbook.check import check_files
from toolkit.workbook.writer import write_workbook

LOOKS_LIKE_A_FORMULA = ["+45 1234", "@Socialudvalget", "-Beskæftigelse", "=SUM(A1)", "Sundhed"]


def _departments(committees: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "department": ["BESK", "SOC", "SUND", "UNGE", "AEL"][: len(committees)],
            "name": committees,
            "committee": committees,
        }
    )


def test_a_workbook_written_and_read_three_times_keeps_its_text(tmp_path: Path) -> None:
    tables = {"departments": _departments(LOOKS_LIKE_A_FORMULA)}
    for round_trip in range(3):
        path = write_workbook(tmp_path / f"oekonomi-{round_trip}.xlsx", "oekonomi", tables)
        result = check_files([path])
        read = result.tables["oekonomi"]["departments"]
        assert read["committee"].tolist() == LOOKS_LIKE_A_FORMULA, round_trip
        assert read["name"].tolist() == LOOKS_LIKE_A_FORMULA, round_trip
        tables = {"departments": read}


def test_the_apostrophe_of_the_earlier_writer_is_taken_off(tmp_path: Path) -> None:
    economy = valid_economy()
    economy["Afdelinger"][1][2] = "'+45 1234"
    economy["Afdelinger"][2][2] = "'Sundhed'"  # an apostrophe before ordinary text stays
    path = write_xlsx(tmp_path / "oekonomi.xlsx", economy)
    read = check_files([path]).tables["oekonomi"]["departments"]
    assert read["committee"].tolist()[:2] == ["+45 1234", "'Sundhed'"]


def test_a_scenario_workbook_saved_and_imported_again_stays_the_same(tmp_path: Path) -> None:
    """What «Gem som Excel» on the Scenarier page does: write the checked tables back."""
    sheets = valid_scenarios()
    for rows in sheets.values():
        for row in rows[1:]:
            if row[0] == "S1":
                row[0] = "@S1"
    sheets["Scenarier"][1][1] = "+Flere støttekontaktpersoner"
    sheets["Effekter"][1][-1] = "-COWI, ventetid på § 85"
    economy = write_xlsx(tmp_path / "oekonomi.xlsx", valid_economy())
    path = write_scenarios(tmp_path, sheets)
    first = check_files([path, economy])
    assert first.ok, first.report.to_text()
    tables = first.tables["scenarier"]
    for round_trip in range(3):
        path = write_workbook(tmp_path / f"scenarier-{round_trip}.xlsx", "scenarier", tables)
        again = check_files([path, economy])
        assert again.ok, again.report.to_text()
        for name, frame in tables.items():
            pd.testing.assert_frame_equal(again.tables["scenarier"][name], frame, obj=name)
        tables = again.tables["scenarier"]
    assert tables["scenarios"]["name"].iloc[0] == "+Flere støttekontaktpersoner"
