"""Jobindsats' files read into the canonical tables ``jobindsats`` and ``benchmark``: each
published shape from a small literal file, and the Danish report a controller reads."""

from __future__ import annotations

import json
from pathlib import Path

from tests.published_files import canonical_rows, report_lines, write_text
from tests.workbooks import write_xlsx
from toolkit.published import check_published

V2_Y11A02 = """[{"Variables": [
  {"Name": "area", "Label": "Område", "Type": "area"},
  {"Name": "period", "Label": "Periode"},
  {"Name": "_kon", "Label": "Køn"},
  {"Name": "membb11_1", "Label": "Antal personer"},
  {"Name": "membb11_2", "Label": "Antal fuldtidspersoner"},
  {"Name": "membb11_4", "Label": "Fuldtidspersoner i pct. af befolkningen 16-66 år"}],
  "Data": [
  ["Vejle", "2024M01", "Mænd", "120", "98,5", "1,2"],
  ["Vejle", "2024M01", "Kvinder", 130, "101,5", "1,3"],
  ["Region Syddanmark", "2024M01", "Mænd", "1.234", "..", "1"],
  ["Eksempel", "2024M01", "Mænd", "..", "..", ".."],
  ["Eksempel", "2024M01", "Kvinder", "5", "4", ".."]]}]"""

V2_Y11A02_ROWS = [
    ("Y11A02", "ressourceforloeb", "full_time_persons", "Eksempel", None, "2024-01", "month",
     None, ".."),
    ("Y11A02", "ressourceforloeb", "full_time_persons", "Vejle", "630", "2024-01", "month",
     200.0, None),
    ("Y11A02", "ressourceforloeb", "persons", "Eksempel", None, "2024-01", "month", None, ".."),
    ("Y11A02", "ressourceforloeb", "persons", "Vejle", "630", "2024-01", "month", 250.0, None),
]  # fmt: skip

Y30R21 = """[{"Variables": [
  {"Name": "area", "Label": "Area"}, {"Name": "period", "Label": "Periode"},
  {"Name": "_ygrp_y30r21", "Label": "Ydelsesgrupper"},
  {"Name": "m1", "Label": "Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: Forventet antal"},
  {"Name": "m2", "Label": "Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: Faktisk antal"},
  {"Name": "m3", "Label": "Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: Forskel mellem forventet og faktisk antal"},
  {"Name": "m4", "Label": "Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse: Forventet andel (pct.)"},
  {"Name": "m5", "Label": "Placering på benchmarkranglisten"}],
  "Data": [
  ["Vejle", "2023QMAT02", "Ydelsesgrupper i alt", "10.512,3", "10.400", "-112,3", "17,2", "12"],
  ["Vejle", "2023QMAT02", "Kontanthjælp mv.", "2.100", "2.250,5", "150,5", "3,4", "61"],
  ["Eksempel", "2023QMAT04", "Ydelsesgrupper i alt", "..", "..", "..", "..", ".."]]}]"""  # noqa: E501


def test_api_v2_rows_dimensions_added_and_marks_kept(tmp_path: Path) -> None:
    result = check_published([write_text(tmp_path, "y11a02.json", V2_Y11A02)])
    assert canonical_rows(result.tables["jobindsats"]) == V2_Y11A02_ROWS
    assert report_lines(result) == [
        "Oplysning: y11a02.json: Måletal, som Tværblik ikke bruger, springes over: "
        "«Fuldtidspersoner i pct. af befolkningen 16-66 år».",
        "Oplysning: y11a02.json, kolonne «Køn»: Kolonnen «Køn» har ingen «I alt»; tallene "
        "for Kvinder og Mænd er lagt sammen (4 rækker til 2).",
        "Oplysning: y11a02.json: 1 række for regioner, RAR-områder eller uoplyst område "
        "springes over; Tværblik sammenligner kommuner og hele landet.",
    ]
    assert result.ok
    assert [(s.name, s.kind) for s in result.sources] == [("y11a02.json", "national")]
    assert str(result.tables["jobindsats"]["value"].dtype) == "float64"
    assert result.tables["benchmark"].empty and result.tables["population"].empty


def test_api_v2_double_encoded_with_bom(tmp_path: Path) -> None:
    body = "\ufeff" + json.dumps(V2_Y11A02)
    result = check_published([write_text(tmp_path, "Y11A02_2024.json", body)])
    assert canonical_rows(result.tables["jobindsats"]) == V2_Y11A02_ROWS


def test_api_v3_keeps_the_total_member(tmp_path: Path) -> None:
    body = {
        "columns": ["Område", "Periode", "Køn", "Antal personer"],
        "rows": [
            ["Hele landet", "2024Q1", "I alt", "41.250"],
            ["Hele landet", "2024Q1", "Mænd", "20.000"],
            ["101 København", "2024Q1", "I alt", 3120],
            ["Uoplyst område", "2024Q1", "I alt", 4],
        ],
    }
    result = check_published([write_text(tmp_path, "y08a02-v3.json", json.dumps(body))])
    assert canonical_rows(result.tables["jobindsats"]) == [
        ("Y08A02", "fleksjob", "persons", "Hele landet", "000", "2024-Q1", "quarter", 41250.0,
         None),
        ("Y08A02", "fleksjob", "persons", "København", "101", "2024-Q1", "quarter", 3120.0, None),
    ]  # fmt: skip
    assert report_lines(result) == [
        "Oplysning: y08a02-v3.json: 1 række for regioner, RAR-områder eller uoplyst område "
        "springes over; Tværblik sammenligner kommuner og hele landet."
    ]


def test_download_csv_long_cp1252_with_titlereport_lines(tmp_path: Path) -> None:
    text = (
        "Y12A02: Jobafklaringsforløb\r\n"
        "Område: Alle kommuner; Periode: 2024\r\n"
        "\r\n"
        "Område;Periode;Antal personer;Antal fuldtidspersoner\r\n"
        "Aarhus;2024;1.234;1.100,5\r\n"
        "Lyngå;2024;-;\r\n"
    )
    result = check_published([write_text(tmp_path, "download.csv", text, "cp1252")])
    assert canonical_rows(result.tables["jobindsats"]) == [
        ("Y12A02", "jobafklaring", "full_time_persons", "Aarhus", "751", "2024", "year",
         1100.5, None),
        ("Y12A02", "jobafklaring", "full_time_persons", "Lyngå", None, "2024", "year", None,
         None),
        ("Y12A02", "jobafklaring", "persons", "Aarhus", "751", "2024", "year", 1234.0, None),
        ("Y12A02", "jobafklaring", "persons", "Lyngå", None, "2024", "year", None, "-"),
    ]  # fmt: skip
    assert report_lines(result) == []


def test_download_csv_wide_measure_in_first_header_cell(tmp_path: Path) -> None:
    text = "\ufeffY36A02: Kontanthjælp\nAntal personer;2024M01;2024M02\nRanders;410;..\n"
    result = check_published([write_text(tmp_path, "kontanthjaelp.csv", text)])
    assert canonical_rows(result.tables["jobindsats"]) == [
        ("Y36A02", "kontanthjaelp", "persons", "Randers", "730", "2024-01", "month", 410.0, None),
        ("Y36A02", "kontanthjaelp", "persons", "Randers", "730", "2024-02", "month", None, ".."),
    ]  # fmt: skip


def test_download_xlsx_wide_measure_in_title_line(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "y09a02.xlsx",
        {
            "Data": [
                ["Ledighedsydelse"],
                ["Antal fuldtidspersoner, alle køn"],
                ["Område", "2024Q1", "2024Q2"],
                ["Thisted", 51.5, 49],
                ["Skovlund", "12,5", None],
            ]
        },
    )
    result = check_published([path])
    assert canonical_rows(result.tables["jobindsats"]) == [
        ("Y09A02", "ledighedsydelse", "full_time_persons", "Skovlund", None, "2024-Q1",
         "quarter", 12.5, None),
        ("Y09A02", "ledighedsydelse", "full_time_persons", "Skovlund", None, "2024-Q2",
         "quarter", None, None),
        ("Y09A02", "ledighedsydelse", "full_time_persons", "Thisted", "787", "2024-Q1",
         "quarter", 51.5, None),
        ("Y09A02", "ledighedsydelse", "full_time_persons", "Thisted", "787", "2024-Q2",
         "quarter", 49.0, None),
    ]  # fmt: skip
    assert report_lines(result) == []


def test_benchmark_recognised_by_its_labels(tmp_path: Path) -> None:
    result = check_published([write_text(tmp_path, "benchmark.json", Y30R21)])
    assert canonical_rows(result.tables["benchmark"]) == [
        ("Eksempel", None, "2023-Q4", "rolling_year", "Ydelsesgrupper i alt", None, None, None,
         None, ".."),
        ("Vejle", "630", "2023-Q2", "rolling_year", "Kontanthjælp mv.", 2100.0, 2250.5, 150.5,
         61, None),
        ("Vejle", "630", "2023-Q2", "rolling_year", "Ydelsesgrupper i alt", 10512.3, 10400.0,
         -112.3, 12, None),
    ]  # fmt: skip
    assert str(result.tables["benchmark"]["rank"].dtype) == "Int64"
    assert report_lines(result) == [
        "Oplysning: benchmark.json: Måletal, som Tværblik ikke bruger, springes over: "
        "«Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse: Forventet "
        "andel (pct.)».",
    ]
    assert result.tables["jobindsats"].empty


def test_download_xlsx_long_keeps_each_dimensions_total(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "Y36A02 kontanthjælp.xlsx",
        {
            "Kontanthjælp": [
                ["Kontanthjælp efter område, periode, køn og herkomst"],
                ["Område", "Periode", "Køn", "Herkomst", "Antal personer"],
                ["Fjordby", "2024M03", "I alt", "Alle", 1250],
                ["Fjordby", "2024M03", "I alt", "Personer med dansk oprindelse", 1000],
                ["Fjordby", "2024M03", "Mænd", "Alle", 600],
                ["Fjordby", "2024M03", "Kvinder", "Alle", "650"],
            ]
        },
    )
    result = check_published([path])
    assert canonical_rows(result.tables["jobindsats"]) == [
        ("Y36A02", "kontanthjaelp", "persons", "Fjordby", None, "2024-03", "month", 1250.0,
         None),
    ]  # fmt: skip
    assert report_lines(result) == []
