"""The optional sheet «Status efter forløb»: validation, import, and registers without it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.cli_runs import run_cli
from tests.workbooks import (
    PERSON_A,
    PERSON_B,
    cpr,
    headers,
    valid_economy,
    valid_register,
    write_pair,
    write_xlsx,
)
from toolkit.store import Store
from toolkit.workbook.check import check_files

SHEET = "Status efter forløb"


def _with_status(*rows: list[object]) -> dict[str, list[list[object]]]:
    register = valid_register()
    register[SHEET] = [headers("status_after"), *[list(row) for row in rows]]
    return register


def _lines(tmp_path: Path, register: dict[str, list[list[object]]]) -> list[str]:
    paths = write_pair(tmp_path, register, valid_economy())
    return [issue.line() for issue in check_files(list(paths)).report]


def test_a_filled_sheet_in_the_ways_a_controller_writes_it_is_valid(tmp_path: Path) -> None:
    register = _with_status(
        [PERSON_B, date(2024, 10, 1), "job_uddannelse", "DREAM"],
        [PERSON_B, "2024-11", "Job eller uddannelse", None],  # the label, a text month
        [PERSON_B, "01-2025", "selvforsørget uden ydelse", "Ydelsessystemet"],
    )
    assert _lines(tmp_path, register) == []


def test_bad_rows_are_reported_like_the_other_month_sheets(tmp_path: Path) -> None:
    far_future = date(date.today().year + 3, 1, 1)
    register = _with_status(
        [PERSON_B, "2024-13", "fleksjob", None],  # no 13th month
        [PERSON_B, date(2024, 10, 1), "i arbejde", None],  # not a status
        [PERSON_B, date(2024, 10, 15), "fleksjob", None],  # the same month as row 3
        [PERSON_B, far_future, "fleksjob", None],
        [PERSON_B, None, None, "DREAM"],
    )
    year = far_future.strftime("%d-%m-%Y")
    assert _lines(tmp_path, register) == [
        f"Fejl: register.xlsx, ark «{SHEET}», række 2, kolonne «Måned»: Ikke en gyldig måned. "
        "Skriv måneden som åååå-mm eller som en dato. (værdi: 2024-13)",
        f"Fejl: register.xlsx, ark «{SHEET}», række 3, kolonne «Status»: Ukendt kode. "
        "Tilladte koder: job_uddannelse, fleksjob, ledighedsydelse, foertidspension, "
        "kontanthjaelp, sygedagpenge, selvforsoerget, fraflyttet. (værdi: i arbejde)",
        f"Fejl: register.xlsx, ark «{SHEET}», række 4, kolonne «Måned»: Kombinationen af "
        "«CPR-nummer» og «Måned» står også i række 3; den skal være entydig. (værdi: 15-10-2024)",
        f"Fejl: register.xlsx, ark «{SHEET}», række 5, kolonne «Måned»: Datoen ligger mere end "
        f"et år ude i fremtiden; er årstallet skrevet rigtigt? (værdi: {year})",
        f"Fejl: register.xlsx, ark «{SHEET}», række 6, kolonne «Måned»: Feltet skal udfyldes.",
        f"Fejl: register.xlsx, ark «{SHEET}», række 6, kolonne «Status»: Feltet skal udfyldes.",
    ]


def test_a_citizen_outside_borgere_is_a_warning_not_an_error(tmp_path: Path) -> None:
    stranger = cpr(1, 6, 1980, 42)
    register = _with_status([stranger, date(2024, 10, 1), "fraflyttet", None])
    assert _lines(tmp_path, register) == [
        f"Advarsel: register.xlsx, ark «{SHEET}», række 2, kolonne «CPR-nummer»: CPR-nummeret "
        "findes ikke i arket «Borgere».",
    ]


def test_validate_and_import_with_and_without_the_sheet(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old"
    old.mkdir()
    old_register, economy = write_pair(old)  # a register from before the sheet existed
    code, out, _ = run_cli(capsys, "--data", data_dir, "validate", old_register, economy)
    assert (code, out.strip()) == (0, "Ingen fejl eller advarsler fundet.")
    code, out, err = run_cli(capsys, "--data", data_dir, "import", old_register, economy)
    assert code == 0, out + err
    assert Store(data_dir).load().register.status_after.empty

    new_register = write_xlsx(
        tmp_path / "register.xlsx",
        _with_status(
            [PERSON_B, date(2024, 10, 1), "job_uddannelse", "DREAM"],
            [PERSON_A, "2024-11", "Fraflyttet kommunen", None],
        ),
    )
    code, out, _ = run_cli(capsys, "--data", data_dir, "validate", new_register, economy)
    assert (code, out.strip()) == (0, "Ingen fejl eller advarsler fundet.")
    code, out, err = run_cli(capsys, "--data", data_dir, "import", new_register, economy)
    assert code == 0, out + err
    assert SHEET in out
    status = Store(data_dir).load().register.status_after
    assert "cpr" not in status.columns  # pseudonymised like every CPR column
    rows = status.sort_values("month")
    assert rows["status"].tolist() == ["job_uddannelse", "fraflyttet"]
    assert [m.date() for m in rows["month"]] == [date(2024, 10, 1), date(2024, 11, 1)]
    assert rows["person_id"].nunique() == 2
    assert rows["source"].isna().tolist() == [False, True]
