"""Published files that are wrong, hostile or too big: refused or reported in Danish, every
problem of every file in one report; and which files count as published at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.workbooks import valid_economy, write_xlsx
from toolkit.config import Limits
from toolkit.published import check_published, is_published

V3 = {"columns": ["Område", "Periode", "Antal personer"], "rows": [["Vejle", "2024M01", "5"]]}


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _lines(paths: list[Path], limits: Limits | None = None) -> list[str]:
    return [issue.line() for issue in check_published(paths, limits).report]


def test_every_file_problem_in_one_report(tmp_path: Path) -> None:
    bad_rows = {
        "columns": ["Område", "Periode", "Antal personer"],
        "rows": [
            ["Vejle", "2024M13", "5"],
            ["Vejle", "2024M01", "fem"],
            ["Vejle", "2024M02", "-3"],
            ["Vejle", "2024M03"],
        ],
    }
    paths = [
        _write(tmp_path, "y11a02_cut.json", '[{"Variables": ['),
        _write(tmp_path, "y11a02_novars.json", '[{"Data": []}]'),
        _write(tmp_path, "y11a02_bad.json", json.dumps(bad_rows)),
        _write(tmp_path, "y01a02.json", json.dumps(V3)),
        _write(tmp_path, "data.json", json.dumps(V3)),
        _write(tmp_path, "y11a02_key.json", '{"Forkert nøgle eller nøglen er udløbet.":""}'),
        _write(tmp_path, "y12a02_deep.json", "[" * 50 + "]" * 50),
        _write(tmp_path, "noter.txt", "x"),
    ]
    result = check_published(paths)
    assert [issue.line() for issue in result.report] == [
        "Fejl: noter.txt: Tværblik læser Jobindsats' og Statistikbankens filer som .json, .csv "
        "eller .xlsx.",
        "Fejl: y11a02_cut.json: Filen er ikke gyldig JSON (den er afskåret eller ændret). Hent "
        "den igen.",
        "Fejl: y12a02_deep.json: JSON-filen er indlejret dybere, end Jobindsats' svar er (højst "
        "6 niveauer); den afvises.",
        "Fejl: data.json: Filen siger ikke, hvilken Jobindsats-tabel den kommer fra. Giv den et "
        "navn med tabellens id, fx y11a02.json, eller hent den igen fra jobindsats.dk.",
        "Fejl: y01a02.json: Jobindsats-tabellen Y01A02 bruges ikke af Tværblik. Tværblik læser "
        "Y11A02 (Ressourceforløb), Y12A02 (Jobafklaringsforløb), Y08A02 (Fleksjob), Y09A02 "
        "(Ledighedsydelse), Y36A02 (Kontanthjælp) og Y30R21 (benchmark).",
        "Fejl: y11a02_key.json: Filen er Jobindsats' afvisning af forespørgslen, ikke data "
        "(«Forkert nøgle eller nøglen er udløbet.»). Hent tallene igen med en gyldig nøgle.",
        "Fejl: y11a02_novars.json: JSON-filen ligner et svar fra Jobindsats' API, men mangler "
        "«Variables». Hent den igen fra api.jobindsats.dk.",
        "Fejl: y11a02_bad.json, række 1, kolonne «Periode»: Perioden kendes ikke; Jobindsats "
        "skriver fx 2024M01, 2024Q1, 2024 eller 2023QMAT02. (værdi: 2024M13)",
        "Fejl: y11a02_bad.json, række 2, kolonne «Antal personer»: Cellen skal rumme et tal "
        "eller udgiverens tegn (fx ..), men rummer tekst. (værdi: fem)",
        "Fejl: y11a02_bad.json, række 3, kolonne «Antal personer»: Et antal kan ikke være "
        "negativt. (værdi: -3)",
        "Fejl: y11a02_bad.json, række 4: Rækken har 2 værdier, men overskriften har 3 kolonner.",
    ]
    assert not result.ok
    assert result.tables["jobindsats"].empty
    assert [s.kind for s in result.sources] == [
        None, None, "national", None, None, None, None, None
    ]  # fmt: skip


def test_the_same_figure_in_two_files_names_both(tmp_path: Path) -> None:
    again = {"columns": ["Område", "Periode", "Antal personer"], "rows": [["Vejle", "2024M01", 7]]}
    one = _write(tmp_path, "y11a02.json", json.dumps(V3))
    two = _write(tmp_path, "y11a02_igen.json", json.dumps(again))
    result = check_published([one, two])
    assert [issue.line() for issue in result.report] == [
        "Fejl: y11a02_igen.json, række 1: Tallet for Y11A02 Antal personer, Vejle, 2024-01 "
        "står to gange: i y11a02.json række 1 og i y11a02_igen.json række 1."
    ]
    assert result.tables["jobindsats"]["value"].tolist() == [5.0]


def test_the_same_figure_twice_in_one_download(tmp_path: Path) -> None:
    text = "Y08A02\nOmråde;Periode;Antal personer\nVejle;2024M01;5\nVejle;2024M01;6\n"
    assert _lines([_write(tmp_path, "fleksjob.csv", text)]) == [
        "Fejl: fleksjob.csv, række 4: Tallet for Y08A02 Antal personer, Vejle, 2024-01 står to "
        "gange: i fleksjob.csv række 3 og i fleksjob.csv række 4."
    ]


def test_too_big_is_refused_before_reading(tmp_path: Path) -> None:
    path = _write(tmp_path, "y11a02.json", json.dumps(V3) + " " * 2_000_000)
    assert _lines([path], Limits(max_file_bytes=1024**2)) == [
        "Fejl: y11a02.json: Filen fylder 1,9 MB; grænsen er 1 MB. Del den op, eller hæv "
        "grænsen med TVAERBLIK_MAX_FILE_MB."
    ]


def test_too_many_rows_is_refused(tmp_path: Path) -> None:
    text = "Y08A02\nOmråde;Periode;Antal personer\n" + "Vejle;2024M01;5\n" * 3
    assert _lines([_write(tmp_path, "fleksjob.csv", text)], Limits(max_rows_per_sheet=3)) == [
        "Fejl: fleksjob.csv: Filen har 5 rækker; grænsen er 3. Hæv grænsen med "
        "TVAERBLIK_MAX_ROWS, hvis filen er i orden."
    ]


def test_an_xlsx_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "y11a02.xlsx"
    path.write_bytes(b"Omr\xe5de;Periode\n")
    assert _lines([path]) == [
        "Fejl: y11a02.xlsx: Filen kan ikke åbnes som Excel-projektmappe: den er beskadiget, "
        "krypteret med adgangskode eller ikke en Excel-fil."
    ]


def test_text_that_is_not_a_header_says_where_to_get_the_file(tmp_path: Path) -> None:
    assert _lines([_write(tmp_path, "y11a02.csv", "Hej\nmed dig\n")]) == [
        "Fejl: y11a02.csv: Filen har ingen overskriftsrække med «Område» og «Periode» (eller "
        "perioder som kolonner, fx 2024M01). Hent den igen fra jobindsats.dk."
    ]


def test_wide_download_without_a_measure(tmp_path: Path) -> None:
    text = "Y11A02\nOmråde;2024M01\nVejle;5\n"
    assert _lines([_write(tmp_path, "y11a02.csv", text)]) == [
        "Fejl: y11a02.csv: Filen har perioderne som kolonner, men siger ikke, hvilket måletal "
        "tallene er. Skriv fx «Antal personer» i den første celle i overskriftsrækken, eller "
        "hent filen igen med Område og Periode som rækker."
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("y11a02.json", True), ("befolkning.csv", True), ("register.xls", False)],
)
def test_is_published_by_suffix(tmp_path: Path, name: str, expected: bool) -> None:
    assert is_published(_write(tmp_path, name, "x")) is expected


def test_is_published_tells_a_download_from_a_workbook(tmp_path: Path) -> None:
    download = write_xlsx(tmp_path / "hentet.xlsx", {"Data": [["Y11A02: Ressourceforløb"]]})
    economy = write_xlsx(tmp_path / "y11a02-oekonomi.xlsx", valid_economy())
    unknown = write_xlsx(tmp_path / "noget.xlsx", {"Ark1": [["Hej"]]})
    assert is_published(download)
    assert not is_published(economy)
    assert not is_published(unknown)


def test_a_broken_csv_is_refused_in_danish_with_its_line(tmp_path: Path) -> None:
    text = "Y11A02: Ressourceforløb\nOmråde;Periode;Antal personer\nVejle;2024M01;" + "9" * 200_000
    path = tmp_path / "y11a02.csv"
    path.write_text(text, encoding="utf-8")
    lines = _lines([path])
    assert lines == [
        "Fejl: y11a02.csv: Filen kan ikke læses som CSV ved linje 3: et felt er for langt, "
        'eller et anførselstegn (") er ikke lukket.'
    ]


def test_excels_unicode_text_is_read(tmp_path: Path) -> None:
    text = "Y11A02: Ressourceforløb\nOmråde\tPeriode\tAntal personer\nVejle\t2024M01\t12\n"
    path = tmp_path / "y11a02.csv"
    path.write_bytes(text.encode("utf-16"))  # with its BOM, as Excel writes it
    result = check_published([path])
    assert not result.report.has_errors, _lines([path])
    assert result.tables["jobindsats"]["value"].tolist() == [12.0]


def test_a_cpr_number_in_a_published_file_is_refused_and_masked(tmp_path: Path) -> None:
    text = "Y11A02: Ressourceforløb\nOmråde;Periode;Antal personer\n010190-1234;2024M01;12\n"
    path = tmp_path / "y11a02.csv"
    path.write_text(text, encoding="utf-8")
    lines = _lines([path])
    assert len(lines) == 1 and lines[0].startswith(
        "Fejl: y11a02.csv, række 3: Cellen ligner et CPR-nummer"
    )
    assert "010190-1234" not in lines[0] and "0101901234" not in lines[0]
