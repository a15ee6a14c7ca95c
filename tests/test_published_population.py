"""Statistikbanken's FOLK1A read into the canonical ``population``: persons 16-66 years per
area and quarter, from the API's CSV and from the statbank.dk download."""

from __future__ import annotations

from pathlib import Path

from tests.published_files import canonical_rows, report_lines
from toolkit.published import check_published

HEADER = "OMRÅDE;KØN;ALDER;CIVILSTAND;TID;INDHOLD"


def _ages(area: str, sex: str, marital: str, period: str, per_age: int) -> list[str]:
    """One API line per age 16 … 66 with ``per_age`` persons each."""
    return [f"{area};{sex};{age} år;{marital};{period};{per_age}" for age in range(16, 67)]


def _write(folder: Path, name: str, lines: list[str], encoding: str = "utf-8-sig") -> Path:
    path = folder / name
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def test_api_csv_single_ages_summed_totals_used_and_never_added_to_parts(
    tmp_path: Path,
) -> None:
    lines = [
        HEADER,
        "Vejle;I alt;Alder i alt;I alt;2024K1;120000",  # a total: never added to the ages
        *_ages("Vejle", "I alt", "I alt", "2024K1", 1000),
        *_ages("Vejle", "Mænd", "I alt", "2024K1", 400),  # parts of the total: not added
        *_ages("Hele landet", "I alt", "I alt", "2024K1", 70000),
        *_ages("Region Syddanmark", "I alt", "I alt", "2024K1", 9000),
        *_ages("Eksempel", "I alt", "I alt", "2024K2", 300),
    ]
    result = check_published([_write(tmp_path, "folk1a.csv", lines)])
    assert canonical_rows(result.tables["population"]) == [
        ("Eksempel", None, "2024-Q2", "quarter", 15300),
        ("Hele landet", "000", "2024-Q1", "quarter", 3570000),
        ("Vejle", "630", "2024-Q1", "quarter", 51000),
    ]
    assert str(result.tables["population"]["persons_16_66"].dtype) == "Int64"
    assert report_lines(result) == [
        "Oplysning: folk1a.csv: 51 rækker for regioner, landsdele eller uoplyst område "
        "springes over; Tværblik sammenligner kommuner og hele landet."
    ]
    assert [s.kind for s in result.sources] == ["national"]


def test_api_csv_band_and_sexes_added_without_a_total(tmp_path: Path) -> None:
    lines = [
        "OMRÅDE;KØN;ALDER;TID;INDHOLD",
        "101 København;Mænd;16-66 år;2024K3;250100",
        "101 København;Kvinder;16-66 år;2024K3;260200",
        "101 København;Mænd;67 år;2024K3;3000",
    ]
    result = check_published([_write(tmp_path, "befolkning.csv", lines)])
    assert canonical_rows(result.tables["population"]) == [
        ("København", "101", "2024-Q3", "quarter", 510300)
    ]
    assert report_lines(result) == [
        "Oplysning: befolkning.csv: Køn: uden «I alt» lægges Kvinder og Mænd sammen."
    ]


def test_web_download_cp1252_wide_with_blank_stub_cells(tmp_path: Path) -> None:
    lines = [
        "Befolkningen den 1. i kvartalet efter område, alder, køn og tid",
        "Enhed: Antal",
        ";;;2024K1;2024K2",
        "Ådal;16 år;I alt;100;101",
        *[f";{age} år;;100;101" for age in range(17, 67)],
        "Bakkeby;16-66 år;I alt;7.512;..",
    ]
    result = check_published([_write(tmp_path, "FOLK1A_hentet.csv", lines, "cp1252")])
    assert canonical_rows(result.tables["population"]) == [
        ("Bakkeby", None, "2024-Q1", "quarter", 7512),
        ("Bakkeby", None, "2024-Q2", "quarter", None),
        ("Ådal", None, "2024-Q1", "quarter", 5100),
        ("Ådal", None, "2024-Q2", "quarter", 5151),
    ]
    assert report_lines(result) == [
        "Advarsel: FOLK1A_hentet.csv: Statistikbanken har intet tal for en del af befolkningen "
        "i Bakkeby 2024K2; antallet 16-66-årige står tomt der."
    ]


def test_missing_ages_are_named(tmp_path: Path) -> None:
    ages = _ages("Vejle", "I alt", "I alt", "2024K1", 10)
    lines = [HEADER, *ages[:20], *ages[22:]]  # 36 and 37 år left out
    result = check_published([_write(tmp_path, "folk1a.csv", lines)])
    assert report_lines(result) == [
        "Fejl: folk1a.csv: Alderen 36 år og 37 år mangler for Vejle 2024K1: alle 51 aldre fra "
        "16 år til 66 år skal være med, eller aldersgruppen «16-66 år»."
    ]
    assert result.tables["population"].empty


def test_text_in_a_number_cell_and_an_unknown_period(tmp_path: Path) -> None:
    lines = [
        HEADER,
        *_ages("Vejle", "I alt", "I alt", "2024K1", 10)[:-1],
        "Vejle;I alt;66 år;I alt;2024K1;ti",
        *_ages("Vejle", "I alt", "I alt", "2024Q5", 10),
    ]
    result = check_published([_write(tmp_path, "folk1a.csv", lines)])
    assert report_lines(result) == [
        "Fejl: folk1a.csv: Alderen 66 år mangler for Vejle 2024K1: alle 51 aldre fra 16 år til "
        "66 år skal være med, eller aldersgruppen «16-66 år».",
        "Fejl: folk1a.csv, række 52, kolonne «INDHOLD»: Cellen skal rumme et tal eller "
        "udgiverens tegn (fx ..), men rummer tekst. (værdi: ti)",
        "Fejl: folk1a.csv, række 53: Perioden kendes ikke; Statistikbanken skriver fx 2024K1. "
        "(værdi: 2024Q5)",
    ]


def test_one_sex_without_a_total_cannot_be_counted(tmp_path: Path) -> None:
    lines = ["OMRÅDE;KØN;ALDER;TID;INDHOLD", "Vejle;Mænd;16-66 år;2024K1;5000"]
    assert report_lines(check_published([_write(tmp_path, "folk1a.csv", lines)])) == [
        "Fejl: folk1a.csv: Filen har hverken «I alt» eller både Mænd og Kvinder for køn; "
        "befolkningen kan ikke tælles sammen."
    ]
