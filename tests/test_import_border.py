"""Bad input changes nothing: every kind of problem is rejected with its Danish message and the
store stays byte for byte as it was; messy-but-valid input imports with the right counts."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.tampered import BILLION_LAUGHS, replace_member
from tests.workbooks import PERSON_A, valid_economy, valid_register, write_pair, write_xlsx
from toolkit.ingest import import_files
from toolkit.store import Store
from toolkit.workbook.report import Category

Sheets = dict[str, list[list[object]]]


def _set(sheet: str, row: int, col: int, value: object) -> Callable[[Sheets], None]:
    def damage(book: Sheets) -> None:
        book[sheet][row - 1][col] = value

    return damage


def _drop_sheet(sheet: str) -> Callable[[Sheets], None]:
    return lambda book: book.pop(sheet)


def _drop_column(sheet: str, col: int) -> Callable[[Sheets], None]:
    def damage(book: Sheets) -> None:
        book[sheet] = [row[:col] + row[col + 1 :] for row in book[sheet]]

    return damage


# (what is wrong, workbook, damage, sheet, Excel row or None, start of the Danish message)
CASES = [
    ("missing sheet", "register", _drop_sheet("Sager"), "Sager", None, "Arket «Sager» mangler"),
    (
        "missing column",
        "register",
        _drop_column("Forløb", 2),
        "Forløb",
        None,
        "Kolonnen «Ordning» mangler",
    ),
    ("not a date", "register", _set("Forløb", 2, 3, "snart"), "Forløb", 2, "Ikke en gyldig dato"),
    ("not a number", "oekonomi", _set("Budget", 2, 5, "en del"), "Budget", 2, "Skal være et tal"),
    ("not ja/nej", "register", _set("Sager", 3, 5, "tja"), "Sager", 3, "Skal være ja eller nej"),
    ("unknown code", "register", _set("Indsatser", 2, 6, "i_gang"), "Indsatser", 2, "Ukendt kode"),
    ("out of range", "register", _set("Forløb", 4, 7, 45), "Forløb", 4, "Må højst være 37"),
    (
        "bad CPR",
        "register",
        _set("Borgere", 2, 0, "15037-5123"),
        "Borgere",
        2,
        "Ugyldigt CPR-nummer",
    ),
    (
        "required when",
        "register",
        _set("Indsatser", 4, 7, None),
        "Indsatser",
        4,
        "Afvisningsårsag skal udfyldes",
    ),
    (
        "not unique",
        "register",
        _set("Indsatser", 3, 0, "I1"),
        "Indsatser",
        3,
        "Værdien står også i række 2",
    ),
    (
        "date order",
        "register",
        _set("Mål", 3, 5, date(2023, 1, 1)),
        "Mål",
        3,
        "«Opnået» (01-01-2023) ligger før «Oprettet»",
    ),
    (
        "unknown person",
        "register",
        _set("Sager", 2, 1, PERSON_A.replace("03", "04", 1)),
        "Sager",
        2,
        "CPR-nummeret findes ikke i arket «Borgere»",
    ),
    (
        "unknown course",
        "register",
        _set("Mål", 2, 1, "F99"),
        "Mål",
        2,
        "Findes ikke i arket «Forløb»",
    ),
    (
        "unknown meeting",
        "register",
        _set("Sager", 2, 0, "M99"),
        "Sager",
        2,
        "Findes ikke i arket «Møder»",
    ),
    (
        "unknown intervention type",
        "register",
        _set("Indsatser", 2, 3, "yoga"),
        "Indsatser",
        2,
        "Findes ikke i arket «Takster»",
    ),
    (
        "unknown department",
        "oekonomi",
        _set("Timesatser", 2, 0, "KULTUR"),
        "Timesatser",
        2,
        "Findes ikke i arket «Afdelinger»",
    ),
    (
        "overlapping prices",
        "oekonomi",
        _set("Takster", 3, 5, date(2024, 2, 1)),
        "Takster",
        3,
        "Perioden overlapper",
    ),
]


def folder_state(data_dir: Path) -> dict[str, str]:
    """Hash of every file in the data folder except the append-only audit log and lock."""
    return {
        str(path.relative_to(data_dir)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(data_dir.rglob("*"))
        if path.is_file() and path.name not in ("audit.log", ".lock")
    }


@pytest.fixture
def stored(tmp_path: Path, data_dir: Path) -> Store:
    first = tmp_path / "first"
    first.mkdir()
    assert import_files(write_pair(first), data_dir).imported
    return Store(data_dir)


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_bad_input_is_rejected_and_changes_nothing(
    case: tuple, tmp_path: Path, data_dir: Path, stored: Store
) -> None:
    _, kind, damage, sheet, row, message = case
    register, economy = valid_register(), valid_economy()
    damage(register if kind == "register" else economy)
    before = folder_state(data_dir)
    audit_before = len(stored.audit_events())
    outcome = import_files(write_pair(tmp_path, register, economy), data_dir)
    assert not outcome.imported
    matching = [
        i
        for i in outcome.report.errors
        if i.sheet == sheet and i.row == row and i.message.startswith(message)
    ]
    assert matching, outcome.report.to_text()
    assert matching[0].category is (Category.SHAPE if row is None else Category.VALUE)
    assert folder_state(data_dir) == before
    events = stored.audit_events()
    assert len(events) == audit_before + 1 and events[-1]["event"] == "rejection"
    assert stored.current_version() == "v0001"


def test_unreadable_files_are_rejected_and_change_nothing(
    tmp_path: Path, data_dir: Path, stored: Store
) -> None:
    good, _ = write_pair(tmp_path)
    bomb = replace_member(good, tmp_path / "bombe.xlsx", "xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    text = tmp_path / "register_tekst.xlsx"
    text.write_text("ikke excel", encoding="utf-8")
    before = folder_state(data_dir)
    for path in (bomb, text):
        outcome = import_files([path], data_dir)
        assert not outcome.imported
        assert [i.category for i in outcome.report.errors] == [Category.FILE]
    assert folder_state(data_dir) == before


def test_messy_but_valid_workbooks_import_with_the_right_row_counts(
    tmp_path: Path, data_dir: Path
) -> None:
    register = valid_register()
    register["Borgere"][0] = [h.upper() + "  " for h in register["Borgere"][0]]
    register["Forløb"][1][3] = "08-01-2024"
    register["Ydelser"][2][3] = "16.382,00"
    register["Progression"] += [[None, None, None]] * 3
    register["Noter"] = [["Husk"]]
    path = write_xlsx(tmp_path / "register.xlsx", register)
    economy = write_xlsx(tmp_path / "oekonomi.xlsx", valid_economy())
    outcome = import_files([path, economy], data_dir)
    assert outcome.imported, outcome.report.to_text()
    assert [i.sheet for i in outcome.report.warnings] == ["Noter"]
    rows = Store(data_dir).versions()[-1].row_counts["register"]
    assert rows == {
        "citizens": 3,
        "courses": 3,
        "meetings": 3,
        "cases": 2,
        "interventions": 3,
        "goals": 2,
        "progression": 1,
        "benefits": 2,
        "status_after": 0,  # the optional sheet is not in this workbook
    }
