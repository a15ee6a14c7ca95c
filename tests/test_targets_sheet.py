"""The optional sheets Kommune and Måltal of oekonomi.xlsx: read, checked, stored, looked up."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest

from tests.paths import SAMPLE_DIR
from tests.store_data import make_economy, make_register, source
from tests.workbooks import headers, valid_economy, write_pair
from toolkit import ingest, schema
from toolkit.indicators import catalogue
from toolkit.register import Economy, Target, stored_dtypes
from toolkit.sample import generate
from toolkit.store import Store
from toolkit.workbook.check import check_files

FILE = "oekonomi.xlsx"


def economy_with(
    municipality: Sequence[Sequence[object]] | None = None,
    targets: Sequence[Sequence[object]] | None = None,
) -> dict[str, list[list[object]]]:
    book = valid_economy()
    for sheet, table, rows in (("Kommune", "municipality", municipality),
                               ("Måltal", "targets", targets)):  # fmt: skip
        if rows is not None:
            header: list[object] = [*headers(table)]
            book[sheet] = [header, *map(list, rows)]
    return book


def report_lines(tmp_path: Path, economy: dict[str, list[list[object]]]) -> list[str]:
    paths = write_pair(tmp_path, economy=economy)
    return [issue.line() for issue in check_files(list(paths)).report]


VALID_TARGETS: Sequence[Sequence[object]] = [
    ["  ventetid til indsats (MEDIAN) ", "SUND", None, None, 30, "Højst", "Budget 2026"],
    ["Ventetid til indsats (median)", None, None, None, 45, "hoejst", None],
    ["Afgang til job eller uddannelse", None, "Ressourceforløb", 2026, 40, "mindst", None],
    ["Sager pr. møde", None, None, None, "5", "mindst", "Mploy 2013"],
]


# -- a valid sheet is read and stored ---------------------------------------------------------


def test_the_sheets_are_read_checked_and_stored_with_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TVAERBLIK_KEY_FILE", str(tmp_path / "key"))
    economy = economy_with([["Eksempel Kommune", 999]], VALID_TARGETS)
    outcome = ingest.import_files(list(write_pair(tmp_path, economy=economy)), tmp_path / "data")
    assert outcome.version, outcome.report.to_text()
    assert outcome.report.to_text() == "Ingen fejl eller advarsler fundet."

    stored = Store(tmp_path / "data").load().economy
    assert stored.municipality_name == "Eksempel Kommune"
    assert stored.municipality["code"].tolist() == ["999"]  # a number typed is kept as text
    assert stored.targets["indicator"].tolist() == [
        "waiting_days_median",
        "waiting_days_median",
        "exit_to_work_or_education_pct",
        "cases_per_meeting_mean",
    ]
    assert stored.targets["scheme"].tolist()[2] == "ressourceforloeb"
    assert stored.targets["direction"].tolist() == ["hoejst", "hoejst", "mindst", "mindst"]
    assert stored.targets["target"].tolist() == [30.0, 45.0, 40.0, 5.0]
    assert stored.targets_for("waiting_days_median", department="SUND") == Target(
        "waiting_days_median", "SUND", None, None, 30.0, "hoejst", "Budget 2026"
    )
    whole_municipality = stored.targets_for("waiting_days_median", department="SOC")
    assert whole_municipality is not None and whole_municipality.target == 45.0
    assert stored.targets_for("subgoals_achieved_pct") is None


def test_a_workbook_without_the_sheets_still_imports_with_blank_frames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TVAERBLIK_KEY_FILE", str(tmp_path / "key"))
    outcome = ingest.import_files(list(write_pair(tmp_path)), tmp_path / "data")
    assert outcome.version, outcome.report.to_text()
    assert outcome.report.to_text() == "Ingen fejl eller advarsler fundet."
    stored = Store(tmp_path / "data").load().economy
    assert stored.municipality_name is None
    assert stored.targets.empty
    assert stored.targets_for("waiting_days_median") is None


def test_an_empty_kommune_sheet_is_no_name(tmp_path: Path) -> None:
    assert report_lines(tmp_path, economy_with([], [])) == []


def test_a_version_stored_before_the_sheets_existed_opens_with_blank_frames(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "data")
    version = store.save(make_register(3), make_economy(), [source("register"),
                                                            source("oekonomi")])  # fmt: skip
    path = store.version_dir(version) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    files = manifest["parts"]["oekonomi"]["files"]
    assert {"municipality", "targets"} <= set(files)
    del files["municipality"], files["targets"]  # what a version before the sheets holds
    path.chmod(0o600)
    path.write_text(json.dumps(manifest), encoding="utf-8")

    loaded = store.load().economy
    assert loaded.targets.empty and loaded.municipality.empty
    assert dict(loaded.targets.dtypes.astype(str)) == stored_dtypes("targets")
    assert list(loaded.municipality.columns) == ["name", "code"]
    assert loaded.municipality_name is None
    assert loaded.targets_for("cases_per_meeting_mean") is None


# -- the Danish report ------------------------------------------------------------------------


def test_an_unknown_indicator_is_named_with_sheet_row_and_header(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Ventetid", None, None, None, 30, "hoejst", None]]
    [line] = report_lines(tmp_path, economy_with(targets=rows))
    assert line.startswith(
        "Fejl: oekonomi.xlsx, ark «Måltal», række 2, kolonne «Indikator»: Ukendt værdi. Vælg en "
        "af «Ventetid til indsats (median)», «Ventetid til indsats (90 %-fraktil)», "
    )
    assert line.endswith("og «Udgift pr. borger i forløb». (værdi: Ventetid)")
    assert "waiting_days" not in line  # the controller never sees the ids


def test_a_department_or_scheme_the_indicator_is_not_reported_by_is_an_error(
    tmp_path: Path,
) -> None:
    rows: list[list[object]] = [
        ["Sager pr. møde", None, "fleksjob", None, 5, "mindst", None],
        ["Ventetid til indsats (median)", "SUND", "ressourceforloeb", None, 30, "hoejst", None],
        ["Afgang til job eller uddannelse", "BESK", "jobafklaring", None, 40, "mindst", None],
    ]
    assert report_lines(tmp_path, economy_with(targets=rows)) == [
        f"Fejl: {FILE}, ark «Måltal», række 2, kolonne «Ordning»: «Sager pr. møde» opgøres ikke "
        "pr. ordning; lad «Ordning» stå tom. (værdi: fleksjob)",
        f"Fejl: {FILE}, ark «Måltal», række 3, kolonne «Ordning»: «Ventetid til indsats "
        "(median)» opgøres ikke pr. ordning; lad «Ordning» stå tom. (værdi: ressourceforloeb)",
        f"Fejl: {FILE}, ark «Måltal», række 4, kolonne «Afdeling»: «Afgang til job eller "
        "uddannelse» opgøres ikke pr. afdeling; lad «Afdeling» stå tom. (værdi: BESK)",
    ]


def test_duplicates_count_blank_cells_as_values(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Sager pr. møde", None, None, None, 5, "mindst", None],
        ["Sager pr. møde", None, None, 2026, 6, "mindst", None],  # another year: fine
        ["sager pr. møde", None, None, None, 4, "mindst", None],  # all years again
        ["Ventetid til indsats (median)", "SUND", None, 2026, 30, "hoejst", None],
        ["Ventetid til indsats (median)", "SUND", None, 2026, 25, "hoejst", None],
    ]
    assert report_lines(tmp_path, economy_with(targets=rows)) == [
        f"Fejl: {FILE}, ark «Måltal», række 4, kolonne «År»: Kombinationen af «Indikator» og "
        "«Afdeling» og «Ordning» og «År» står også i række 2; den skal være entydig.",
        f"Fejl: {FILE}, ark «Måltal», række 6, kolonne «År»: Kombinationen af «Indikator» og "
        "«Afdeling» og «Ordning» og «År» står også i række 5; den skal være entydig. "
        "(værdi: 2026)",
    ]


def test_required_cells_codes_and_a_fraction_for_a_percentage(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Opnåede delmål", None, None, None, 0.5, "mindst", None],
        ["Opnåede delmål", None, None, 2025, None, "omkring", None],
        ["Budgetforbrug", "HR", None, 2024, -1, "hoejst", None],
    ]
    assert report_lines(tmp_path, economy_with(targets=rows)) == [
        f"Fejl: {FILE}, ark «Måltal», række 3, kolonne «Mål»: Feltet skal udfyldes.",
        f"Fejl: {FILE}, ark «Måltal», række 3, kolonne «Retning»: Ukendt kode. Tilladte koder: "
        "hoejst, mindst. (værdi: omkring)",
        f"Fejl: {FILE}, ark «Måltal», række 4, kolonne «Afdeling»: Findes ikke i arket "
        "«Afdelinger». (værdi: HR)",
        f"Fejl: {FILE}, ark «Måltal», række 4, kolonne «Mål»: Skal være mindst 0. (værdi: -1)",
        f"Advarsel: {FILE}, ark «Måltal», række 2, kolonne «Mål»: Målet er under 1 %; er "
        "procenten skrevet som en brøk? Skriv fx 50 for 50 %, og brug ikke Excels "
        "procentformat. (værdi: 0,5)",
    ]


def test_two_kommune_rows_and_a_malformed_number_are_errors(tmp_path: Path) -> None:
    rows = [("Eksempel Kommune", "1010"), ("Anden Kommune", None)]
    assert report_lines(tmp_path, economy_with(municipality=rows)) == [
        f"Fejl: {FILE}, ark «Kommune», række 2, kolonne «Kommunenummer»: Kommunenummeret skal "
        "være tre cifre, som i Danmarks Statistiks liste (fx 101). (værdi: 1010)",
        f"Fejl: {FILE}, ark «Kommune», række 3: Arket må kun have én række, og række 2 er "
        "allerede udfyldt; slet de andre rækker.",
    ]


# -- the lookup ------------------------------------------------------------------------------


def _economy(rows: list[tuple[object, ...]]) -> Economy:
    columns = ["indicator", "department", "scheme", "year", "target", "direction", "note"]
    frame = pd.DataFrame(rows, columns=columns).astype({"year": "Int64", "target": float})
    return Economy.from_tables({"targets": frame})


def test_the_most_specific_target_wins() -> None:
    economy = _economy([
        ("exit_to_work_or_education_pct", None, None, None, 30, "mindst", "alle"),
        ("exit_to_work_or_education_pct", None, None, 2026, 35, "mindst", "år"),
        ("exit_to_work_or_education_pct", None, "ressourceforloeb", None, 40, "mindst", "ordning"),
        ("exit_to_work_or_education_pct", None, "ressourceforloeb", 2026, 45, "mindst", "begge"),
        ("waiting_days_median", "SUND", None, None, 30, "hoejst", "afdeling"),
        ("waiting_days_median", None, None, 2026, 60, "hoejst", "år"),
    ])  # fmt: skip

    def note(
        indicator: str, department: str | None = None, scheme: str | None = None,
        year: int | None = None,
    ) -> str | None:  # fmt: skip
        found = economy.targets_for(indicator, department=department, scheme=scheme, year=year)
        return found.note if found else None

    exit_pct = "exit_to_work_or_education_pct"
    assert note(exit_pct) == "alle"
    assert note(exit_pct, year=2025) == "alle"
    assert note(exit_pct, year=2026) == "år"
    assert note(exit_pct, scheme="fleksjob", year=2026) == "år"
    assert note(exit_pct, scheme="ressourceforloeb") == "ordning"
    assert note(exit_pct, scheme="ressourceforloeb", year=2025) == "ordning"
    assert note(exit_pct, scheme="ressourceforloeb", year=2026) == "begge"
    # As many named: a department before a year.
    assert note("waiting_days_median", department="SUND", year=2026) == "afdeling"
    assert note("waiting_days_median", department="SOC", year=2026) == "år"
    assert note("waiting_days_median", department="SOC", year=2025) is None
    assert note("waiting_days_median") is None  # a department's target is not the municipality's


def test_a_target_is_met_in_its_direction() -> None:
    at_most = Target("waiting_days_median", None, None, None, 30.0, "hoejst", None)
    at_least = Target("cases_per_meeting_mean", None, None, None, 5.0, "mindst", None)
    assert at_most.is_met(30) and at_most.is_met(12.5) and not at_most.is_met(30.5)
    assert at_least.is_met(5) and at_least.is_met(7) and not at_least.is_met(4.9)


# -- the list of indicators held to the catalogue ---------------------------------------------


def test_the_target_indicators_are_the_catalogues_with_its_labels_units_and_dimensions() -> None:
    units = {"%", "dage", "sager pr. møde", "personer", "forløb", "kr."}
    for indicator, target in schema.TARGET_INDICATORS.items():
        entry = catalogue.get(indicator)
        assert target.label == entry.label, indicator
        assert target.unit == entry.unit in units, indicator
        expected = tuple(d for d in ("department", "scheme") if d in entry.dimensions)
        assert target.dimensions == expected, indicator
    labels = [t.label.casefold() for t in schema.TARGET_INDICATORS.values()]
    assert len(set(labels)) == len(labels)


# -- the sample -------------------------------------------------------------------------------


def test_the_sample_workbook_names_the_municipality_and_its_targets_by_label() -> None:
    result = check_files([SAMPLE_DIR / "oekonomi.xlsx"])
    assert result.ok, result.report.to_text()
    sample = generate(scale=0.2).economy
    for table in ("municipality", "targets"):
        read = result.tables["oekonomi"][table]
        pd.testing.assert_frame_equal(read, sample[table], check_dtype=False)
    assert sample["municipality"]["code"].tolist() == ["999"]  # synthetic: DST runs 101-860
