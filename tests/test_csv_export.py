"""CSV output cannot carry a formula (issue 11, point 8): text cells that a spreadsheet would
run (=, +, -, @, tab, carriage return) get a leading apostrophe, as OWASP advises; numbers,
negative ones too, stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from tests.workbooks import headers, valid_scenarios, write_scenarios
from toolkit import cli
from toolkit.indicators import export as indicator_export
from toolkit.scenarios.report import TABLES as SCENARIO_TABLES
from toolkit.workbook.tables import write_csv

HOSTILE = ['=HYPERLINK("http://x","klik")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\tx", "\rx"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _assert_inert(text: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    for row in rows:
        for value in row.values():
            assert not value.startswith(TRIGGERS) or _is_number(value), value
    return rows


def test_text_cells_get_an_apostrophe_and_numbers_stay_numbers() -> None:
    frame = pd.DataFrame({"text": HOSTILE, "amount": [-1234.5, -1, 0, 2, -3.25, 7]})
    stream = io.StringIO()
    write_csv(frame, stream)
    rows = _assert_inert(stream.getvalue())
    assert [row["text"] for row in rows] == ["'" + text for text in HOSTILE]
    assert rows[0]["amount"] == "-1234.5"


def test_the_indicator_table(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "indicator": ["persons_active_count"] * len(HOSTILE),
            "period": ["2025"] * len(HOSTILE),
            "department": HOSTILE,
            "value": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0],
            "n": [10] * len(HOSTILE),
            "suppressed": [""] * len(HOSTILE),
        }
    )
    stream = io.StringIO()
    indicator_export.write_csv(frame, stream)
    rows = _assert_inert(stream.getvalue())
    assert rows[0]["department"] == "'" + HOSTILE[0] and rows[0]["value"] == "-1.5"


@pytest.mark.parametrize("table", SCENARIO_TABLES)
def test_every_scenario_table(
    table: str, sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = valid_scenarios()
    for rows in sheets.values():
        for row in rows[1:]:
            if row[0] == "S1":
                row[0] = "@S1"  # the scenario id is free text and appears in every table
    sheets["Investeringer"][1][1] = "mentor"  # the sample municipality's price list
    sheets["Scenarier"][1][1] = "-Flere støttekontaktpersoner"
    sheets["Effekter"][1][-1] = "+cmd|' /C calc'!A0"
    sheets["Usikkerhed"] = [headers("uncertainty"), ["@S1", "personer", 60, 140, HOSTILE[3]]]
    path = write_scenarios(tmp_path, sheets)
    code = cli.main(
        ["--data", str(sample_dir), "scenario", str(path), "--format", "csv", "--table", table]
    )
    out, err = capsys.readouterr()
    assert code == 0, err + out
    rows = _assert_inert(out)
    assert "'@S1" in {row.get("scenario") for row in rows}
    if table == "uncertainty":
        assert "'" + HOSTILE[3] in {row["source"] for row in rows}
