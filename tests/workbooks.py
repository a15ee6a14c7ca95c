"""Small hand-made workbooks for border tests: a valid pair, then targeted damage.

CPR numbers are composed at run time (never written out in the source) so that no
CPR-shaped string sits in the repository.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from toolkit import schema


def cpr(day: int, month: int, year: int, serial: int, *, dash: bool = True) -> str:
    """A synthetic CPR number; the 7th digit follows the century rule for 1900-1999/2000-."""
    seventh = 0 if year < 2000 else 4
    serial = seventh * 1000 + serial % 1000
    text = f"{day:02d}{month:02d}{year % 100:02d}{'-' if dash else ''}{serial:04d}"
    return text


PERSON_A = cpr(15, 3, 1975, 123)
PERSON_B = cpr(2, 11, 1988, 456)
PERSON_C = cpr(28, 2, 1969, 789)


def headers(table: str) -> list[str]:
    return [col.header for col in schema.sheet(table).columns]


def valid_register() -> dict[str, list[list[object]]]:
    d = date
    return {
        "Borgere": [
            headers("citizens"),
            [PERSON_A, "K", 1975, "sygedagpenge", "helbred"],
            [PERSON_B, None, None, "kontanthjaelp", "sociale"],
            [PERSON_C, "M", 1969, "ledighedsydelse", "helbred"],
        ],
        "Forløb": [
            headers("courses"),
            [
                "F1",
                PERSON_A,
                "ressourceforloeb",
                d(2024, 1, 8),
                d(2025, 12, 31),
                None,
                None,
                None,
                "BESK",
            ],
            [
                "F2",
                PERSON_B,
                "jobafklaring",
                d(2024, 3, 1),
                None,
                d(2024, 9, 30),
                "ordinaer_beskaeftigelse",
                None,
                "BESK",
            ],
            ["F3", PERSON_C, "fleksjob", d(2024, 5, 1), None, None, None, 12, "BESK"],
        ],
        "Møder": [
            headers("meetings"),
            ["M1", d(2024, 1, 4), "BESK", 2, 45],
            ["M1", d(2024, 1, 4), "SOC", 1, 45],
            ["M1", d(2024, 1, 4), "SUND", 2, 45],
        ],
        "Sager": [
            headers("cases"),
            ["M1", PERSON_A, "ressourceforloeb", "ressourceforloeb", "ja", "ja", None, 60],
            ["M1", PERSON_B, "jobafklaring", "anden_indsats", "nej", "ja", "dokumentation", None],
        ],
        "Indsatser": [
            headers("interventions"),
            [
                "I1",
                PERSON_A,
                "F1",
                "mentor",
                "BESK",
                d(2024, 1, 10),
                "igangsat",
                None,
                d(2024, 1, 20),
                None,
                3,
                None,
                "ab",
            ],
            [
                "I2",
                PERSON_A,
                "F1",
                "stoettekontakt",
                "SOC",
                d(2024, 1, 10),
                "venter",
                None,
                None,
                None,
                None,
                None,
                None,
            ],
            [
                "I3",
                PERSON_B,
                None,
                "mentor",
                "BESK",
                d(2024, 3, 5),
                "afvist",
                "kapacitet",
                None,
                None,
                None,
                None,
                None,
            ],
        ],
        "Mål": [
            headers("goals"),
            ["G1", "F1", "slutmaal", "ordinaer_beskaeftigelse", d(2024, 1, 15), None],
            ["G2", "F1", "delmaal", "helbred", d(2024, 1, 15), d(2024, 6, 1)],
        ],
        "Progression": [headers("progression"), [PERSON_A, d(2024, 2, 1), 4]],
        "Ydelser": [
            headers("benefits"),
            [PERSON_A, d(2024, 1, 1), "ressourceforloebsydelse", 16382.0, None],
            [PERSON_A, "2024-02", "ressourceforloebsydelse", "16.382,00", 6552.8],
        ],
    }


def valid_economy() -> dict[str, list[list[object]]]:
    d = date
    return {
        "Afdelinger": [
            headers("departments"),
            ["BESK", "Jobcenter", "Beskæftigelsesudvalget"],
            ["SOC", "Socialafdelingen", "Socialudvalget"],
            ["SUND", "Sundhed", "Sundhedsudvalget"],
        ],
        "Budget": [
            headers("budget"),
            [2024, "BESK", "5.68.90", "Driftsudgifter", "oprindeligt", 1_000_000],
        ],
        "Regnskab": [headers("actuals"), [2024, 1, "BESK", "5.68.90", 80_000]],
        "Takster": [
            headers("prices"),
            ["mentor", "Mentor", "BESK", "time", 450, d(2024, 1, 1), d(2024, 12, 31)],
            ["mentor", "Mentor", "BESK", "time", 465, d(2025, 1, 1), None],
            ["stoettekontakt", "Støttekontaktperson", "SOC", "time", 520, d(2024, 1, 1), None],
        ],
        "Timesatser": [headers("hourly_rates"), ["BESK", 480], ["SOC", 470], ["SUND", 500]],
        "Refusion": [
            headers("refund_ladder"),
            [1, 4, 80],
            [5, 26, 40],
            [27, 52, 30],
            [53, None, 20],
        ],
    }


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Write rows as they are: each list is an Excel row starting at A1."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def write_pair(
    folder: Path,
    register: dict[str, list[list[object]]] | None = None,
    economy: dict[str, list[list[object]]] | None = None,
) -> tuple[Path, Path]:
    return (
        write_xlsx(folder / "register.xlsx", register or valid_register()),
        write_xlsx(folder / "oekonomi.xlsx", economy or valid_economy()),
    )


def valid_scenarios() -> dict[str, list[list[object]]]:
    """A scenario workbook that passes every rule against ``valid_economy()``."""
    return {
        "Scenarier": [
            headers("scenarios"),
            ["S1", "Flere støttekontaktpersoner", "Ventetid ned", 2027, 5, 3.5, None, "tendens"],
            ["S2", "Mentor til flere", None, 2027, None, None, 2026, "flad"],
        ],
        "Omplaceringer": [
            headers("reallocations"),
            ["S1", 2027, "BESK", "SOC", 1_800_000, "Støttekontaktpersoner"],
            ["S1", 2031, "BESK", "SOC", "1.800.000", None],
        ],
        "Volumenændringer": [
            headers("volume_changes"),
            ["S2", "ressourceforloeb", None, 25, None, 2027, None],
            ["S2", None, "mentor", None, 10, 2028, "Ti procent flere"],
        ],
        "Investeringer": [
            headers("investments"),
            ["S1", "stoettekontakt", 30, None, None, "SOC", 2027, 2031, None],
            ["S2", "mentor", 40, 300_000, 52_000, None, None, None, "Ny mentorordning"],
        ],
        "Effekter": [
            headers("effects"),
            [
                "S1",
                "ressourceforloeb",
                None,
                "faerre_ventedage",
                30,
                None,
                None,
                None,
                "COWI, ventetid på § 85 (seed 004)",
            ],
            [
                "S2",
                "ressourceforloeb",
                "kontanthjaelp",
                "afgang_arbejde",
                12,
                2,
                2.5,
                25,
                "Kommunens skøn",
            ],
        ],
        "Konsekvenspriser": [
            headers("consequence_prices"),
            ["S2", "afgang_arbejde", "ressourceforloeb", "BESK", "kommune", 160_000, "Skøn"],
            ["S2", "afgang_arbejde", "ressourceforloeb", None, "stat", 60_000, "Skøn"],
            [None, "afgang_arbejde", "ressourceforloeb", None, "region", 8_000, "Skøn"],
        ],
    }


def write_scenarios(folder: Path, sheets: dict[str, list[list[object]]] | None = None) -> Path:
    return write_xlsx(folder / "scenarier.xlsx", sheets or valid_scenarios())
