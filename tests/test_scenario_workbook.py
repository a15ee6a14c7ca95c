"""scenarier.xlsx at the border: the schema's rules, references and the cross-sheet rules."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tests.workbooks import (
    headers,
    valid_economy,
    valid_scenarios,
    write_pair,
    write_scenarios,
    write_xlsx,
)
from toolkit import schema
from toolkit.workbook.check import ReferenceData, check_files
from toolkit.workbook.reader import detect_kind
from toolkit.workbook.report import Category, Report, Severity

Sheets = dict[str, list[list[object]]]


def lines(report: Report) -> list[str]:
    return [issue.line() for issue in report]


def check(
    tmp_path: Path,
    scenarios: Sheets | None = None,
    *,
    with_economy: bool = True,
    reference: ReferenceData | None = None,
) -> Report:
    path = write_scenarios(tmp_path, scenarios)
    paths = [path]
    if with_economy:
        paths.insert(0, write_xlsx(tmp_path / "oekonomi.xlsx", valid_economy()))
    return check_files(paths, reference=reference).report


def where(report: Report) -> list[tuple[str, str | None, int | None, str | None, str]]:
    return [(i.severity, i.sheet, i.row, i.column, i.message) for i in report]


def every_sheet() -> Sheets:
    """``valid_scenarios()`` with every sheet and every column of issue 13 filled in."""
    sheets = valid_scenarios()
    volume = sheets["Volumenændringer"]
    volume[1] = [*volume[1], None, "tilgang", 40]  # I stedet for ydelse blank
    volume[2] = [*volume[2], None, "bestand", None]
    effects = sheets["Effekter"]
    effects[1] = [*effects[1], "fleksjob", None, 10]
    effects[2] = [*effects[2], None, 3, None]  # afgang_arbejde: lasts three years
    sheets["Usikkerhed"] = [
        headers("uncertainty"),
        ["S1", "effekt_stoerrelse", 50, 150, "Kommunens skøn"],
        [None, "konsekvenspriser", 80, None, "Økonomiafdelingen"],
        ["S2", "konsekvenspriser", None, 140, "Kommunens skøn"],
    ]
    sheets["Prisindeks"] = [
        headers("price_index"),
        [2025, 100, "KL's pris- og lønskøn"],
        [2026, 102.4, "KL's pris- og lønskøn"],
    ]
    return sheets


# -- a valid workbook ---------------------------------------------------------------------


def test_a_valid_scenario_workbook_passes_and_reads_into_typed_frames(tmp_path: Path) -> None:
    path = write_scenarios(tmp_path, every_sheet())
    economy = write_xlsx(tmp_path / "oekonomi.xlsx", valid_economy())
    result = check_files([economy, path])
    assert lines(result.report) == []
    assert [s.kind for s in result.sources] == ["oekonomi", "scenarier"]
    tables = result.tables["scenarier"]
    assert list(tables) == [s.table for s in schema.SCENARIO_BOOK.sheets]
    scenarios = tables["scenarios"].set_index("scenario_id")
    # Blank cells take the column's default: horizon 5, rate 3,5 %, trend "tendens".
    assert scenarios.loc["S2", "horizon_years"] == 5
    assert scenarios.loc["S2", "discount_rate_pct"] == 3.5
    assert scenarios.loc["S1", "baseline_trend"] == "tendens"
    assert pd.isna(scenarios.loc["S1", "price_level_year"])
    assert tables["reallocations"]["amount"].tolist() == [1_800_000.0, 1_800_000.0]
    assert tables["investments"]["startup_cost"].tolist() == [0.0, 300_000.0]
    assert tables["effects"]["delay_years"].tolist() == [0, 2]
    # The columns of issue 13: blank stays blank (the model knows what blank means).
    volume = tables["volume_changes"]
    assert volume["kind"].tolist() == ["tilgang", "bestand"]
    assert volume["capacity"].fillna(-1).tolist() == [40.0, -1]
    effects = tables["effects"]
    assert effects["destination"].fillna("").tolist() == ["fleksjob", ""]
    assert effects["persistence_years"].fillna(-1).tolist() == [-1, 3.0]
    assert effects["deadweight_pct"].fillna(-1).tolist() == [10.0, -1]
    uncertainty = tables["uncertainty"]
    assert uncertainty["scenario_id"].fillna("").tolist() == ["S1", "", "S2"]
    assert uncertainty["low_pct"].fillna(-1).tolist() == [50.0, 80.0, -1]
    assert tables["price_index"]["index"].tolist() == [100.0, 102.4]


def test_a_workbook_from_before_issue_13_stays_valid(tmp_path: Path) -> None:
    """The old layout: no Usikkerhed, no Prisindeks, Volumenændringer and Effekter without
    their new columns. No error; each missing column is said once and read as blank."""
    new = {"volume_changes": ("Type", "Pladser"),
           "effects": ("Afgang til", "Virkning pr. person (år)", "Dødvægt (%)")}  # fmt: skip
    sheets = valid_scenarios()
    for table, name in (("volume_changes", "Volumenændringer"), ("effects", "Effekter")):
        sheets[name][0] = [h for h in headers(table) if h not in new[table]]
    path = write_scenarios(tmp_path, sheets)
    economy = write_xlsx(tmp_path / "oekonomi.xlsx", valid_economy())
    result = check_files([economy, path])
    assert not result.report.has_errors
    assert lines(result.report) == [
        f"Advarsel: scenarier.xlsx, ark «{sheet}», kolonne «{header}»: Kolonnen «{header}» "
        "mangler; den behandles som tom."
        for sheet, headers_ in (("Volumenændringer", new["volume_changes"]),
                                ("Effekter", new["effects"]))
        for header in headers_
    ]  # fmt: skip
    tables = result.tables["scenarier"]
    assert "uncertainty" not in tables and "price_index" not in tables
    assert tables["volume_changes"]["kind"].isna().all()
    assert tables["effects"]["persistence_years"].isna().all()


def test_workbook_kind_detection_recognises_all_three_kinds() -> None:
    for book in schema.WORKBOOKS.values():
        assert detect_kind([s.name for s in book.sheets]) == book.kind
        assert detect_kind(["Vejledning", book.sheets[0].name, "Koder"]) == book.kind
    assert detect_kind(["Scenarier", "Effekter"]) == "scenarier"
    assert detect_kind(["Vejledning", "Ark1"]) is None


def test_only_the_scenario_sheet_is_required(tmp_path: Path) -> None:
    only = {"Scenarier": valid_scenarios()["Scenarier"]}
    report = check(tmp_path, only)
    # Nothing is missing; the two scenarios have no rows anywhere else.
    assert [i.message for i in report.errors] == []
    assert [(i.sheet, i.row) for i in report.warnings] == [("Scenarier", 2), ("Scenarier", 3)]
    sheets = valid_scenarios()
    del sheets["Scenarier"]
    report = check(tmp_path, sheets)
    assert "Fejl: scenarier.xlsx, ark «Scenarier»: Arket «Scenarier» mangler." in lines(report)


# -- the schema's rules, as in the other workbooks ----------------------------------------


def test_wrong_headers_are_shape_problems(tmp_path: Path) -> None:
    sheets = valid_scenarios()
    sheets["Scenarier"][0] = [h for h in headers("scenarios") if h != "Første år"]
    sheets["Scenarier"][1:] = [row[:3] + row[4:] for row in sheets["Scenarier"][1:]]
    sheets["Effekter"][0] = [h if h != "Kilde" else "Reference" for h in headers("effects")]
    report = check(tmp_path, sheets)
    shape = [i.line() for i in report if i.category is Category.SHAPE]
    assert shape == [
        "Fejl: scenarier.xlsx, ark «Scenarier», kolonne «Første år»: Kolonnen «Første år» mangler.",
        "Advarsel: scenarier.xlsx, ark «Effekter», kolonne «Kilde»: Kolonnen «Kilde» mangler; "
        "den behandles som tom.",
        "Advarsel: scenarier.xlsx, ark «Effekter», række 1, kolonne «Reference»: Kolonnen "
        "kendes ikke og ignoreres.",
    ]
    # Without a Kilde column, the missing source is said once (the shape line), not per row.
    assert not [i for i in report if i.message.startswith("Antagelsen har ingen kilde")
                and i.sheet == "Effekter"]  # fmt: skip


def test_bad_codes_ranges_and_uniqueness(tmp_path: Path) -> None:
    sheets = valid_scenarios()
    sheets["Scenarier"].append(list(sheets["Scenarier"][1]))  # doubled ID
    sheets["Scenarier"][1][4] = 12  # horizon over 10
    sheets["Scenarier"][1][7] = "eksponentiel"
    sheets["Effekter"][1][3] = "glaedere_borgere"
    sheets["Omplaceringer"][1][4] = 0  # must be over 0
    sheets["Volumenændringer"][1][4] = -150  # with the persons filled too; see the rule below
    sheets["Konsekvenspriser"][2][4] = "kommune"  # kommune without a department
    report = check(tmp_path, sheets)
    assert lines(report) == [
        "Fejl: scenarier.xlsx, ark «Scenarier», række 2, kolonne «Horisont (år)»: Må højst være "
        "10. (værdi: 12)",
        "Fejl: scenarier.xlsx, ark «Scenarier», række 2, kolonne «Basisfremskrivning»: Ukendt "
        "kode. Tilladte koder: tendens, flad. (værdi: eksponentiel)",
        "Fejl: scenarier.xlsx, ark «Scenarier», række 4, kolonne «Scenarie-ID»: Værdien står "
        "også i række 2; «Scenarie-ID» skal være entydig. (værdi: S1)",
        "Fejl: scenarier.xlsx, ark «Omplaceringer», række 2, kolonne «Beløb (kr.)»: Skal være "
        "større end 0. (værdi: 0)",
        "Fejl: scenarier.xlsx, ark «Volumenændringer», række 2, kolonne «Ændring (%)»: Skal være "
        "mindst -100. (værdi: -150)",
        "Fejl: scenarier.xlsx, ark «Volumenændringer», række 2, kolonne «Ændring (%)»: Udfyld kun "
        "én af «Ændring (personer)» og «Ændring (%)», ikke begge. (værdi: -150)",
        "Fejl: scenarier.xlsx, ark «Effekter», række 2, kolonne «Udfald»: Ukendt kode. Tilladte "
        "koder: afgang_arbejde, kortere_forloeb, faerre_ventedage. (værdi: glaedere_borgere)",
        "Fejl: scenarier.xlsx, ark «Konsekvenspriser», række 3, kolonne «Afdeling»: Afdeling "
        "skal udfyldes, når kassen er kommunen.",
    ]


def test_codes_may_be_written_as_their_danish_labels(tmp_path: Path) -> None:
    sheets = valid_scenarios()
    sheets["Scenarier"][1][7] = "Hold niveauet (flad)"
    sheets["Konsekvenspriser"][3][4] = "Regionen"
    report = check(tmp_path, sheets)
    assert lines(report) == []


def test_consequence_price_keys_with_blanks_are_unique_too_and_do_not_crash(
    tmp_path: Path,
) -> None:
    sheets = valid_scenarios()
    rows = sheets["Konsekvenspriser"]
    rows.append(list(rows[3]))  # blank scenario and department: the same row twice
    rows.append(list(rows[1]))  # a complete key twice
    rows.append(["S2", "afgang_arbejde", "ressourceforloeb", "SOC", "stat", 1, "Skøn"])
    report = check(tmp_path, sheets)
    assert lines(report) == [
        "Fejl: scenarier.xlsx, ark «Konsekvenspriser», række 5, kolonne «Kasse»: Kombinationen "
        "af «Scenarie-ID» og «Udfald» og «Ordning» og «Afdeling» og «Kasse» står også i række "
        "4; den skal være entydig. (værdi: region)",
        "Fejl: scenarier.xlsx, ark «Konsekvenspriser», række 6, kolonne «Kasse»: Kombinationen "
        "af «Scenarie-ID» og «Udfald» og «Ordning» og «Afdeling» og «Kasse» står også i række "
        "2; den skal være entydig. (værdi: kommune)",
        # A department on a stat row is ignored, so it repeats row 3 (S2, stat, blank).
        "Fejl: scenarier.xlsx, ark «Konsekvenspriser», række 7, kolonne «Kasse»: Kombinationen "
        "af «Scenarie-ID» og «Udfald» og «Ordning» og «Afdeling» og «Kasse» står også i række "
        "3; den skal være entydig. «Afdeling» tæller ikke, når kassen ikke er kommunen, så "
        "rækkerne er den samme pris to gange. (værdi: stat)",
        "Advarsel: scenarier.xlsx, ark «Konsekvenspriser», række 7, kolonne «Afdeling»: "
        "Afdeling bruges kun, når kassen er kommunen, og ignoreres her. (værdi: SOC)",
    ]


def test_region_or_stat_rows_that_differ_only_in_department_are_duplicates(
    tmp_path: Path,
) -> None:
    # The projection ignores Afdeling outside the kommune: BESK and SOC would count twice.
    sheets = valid_scenarios()
    rows = sheets["Konsekvenspriser"]
    rows.append(["S2", "afgang_arbejde", "fleksjob", "BESK", "region", 500, "Skøn"])
    rows.append(["S2", "afgang_arbejde", "fleksjob", "SOC", "region", 500, "Skøn"])
    errors = [i for i in check(tmp_path, sheets) if i.severity == Severity.ERROR]
    assert [(i.sheet, i.row, i.column) for i in errors] == [("Konsekvenspriser", 6, "Kasse")]
    assert errors[0].message.startswith(
        "Kombinationen af «Scenarie-ID» og «Udfald» og «Ordning» og «Afdeling» og «Kasse» står "
        "også i række 5; den skal være entydig. «Afdeling» tæller ikke"
    )


def test_a_replaced_benefit_needs_a_scheme_and_not_its_own_benefit(tmp_path: Path) -> None:
    sheets = valid_scenarios()
    volume = sheets["Volumenændringer"]
    volume[0] = headers("volume_changes")
    volume[1] = ["S2", "ressourceforloeb", None, 25, None, 2027, None, "ressourceforloebsydelse"]
    volume[2] = ["S2", None, "mentor", None, 10, 2028, None, "kontanthjaelp"]
    volume.append(["S2", "fleksjob", None, 5, None, 2027, None, "kontanthjaelp"])  # fine
    assert where(check(tmp_path, sheets)) == [
        (Severity.ERROR, "Volumenændringer", 3, "I stedet for ydelse",
         "«I stedet for ydelse» gælder kun en ændring i en ordning; udfyld «Ordning», eller "
         "lad «I stedet for ydelse» stå tom."),
        (Severity.WARNING, "Volumenændringer", 2, "I stedet for ydelse",
         "Ydelsen er ordningens egen, som de ekstra personer selv får; «I stedet for ydelse» "
         "skal være den ydelse, de ellers ville have fået (fx kontanthjælp)."),
    ]  # fmt: skip


# -- references within the workbook and to oekonomi.xlsx ---------------------------------


def test_references_to_scenarios_departments_and_intervention_types(tmp_path: Path) -> None:
    sheets = valid_scenarios()
    sheets["Omplaceringer"][1][0] = "S9"
    sheets["Omplaceringer"][2][3] = "UNGE"  # not in the economy's Afdelinger
    sheets["Investeringer"][1][1] = "hesteterapi"
    sheets["Konsekvenspriser"][1][3] = "soc"  # lower case is still SOC
    report = check(tmp_path, sheets)
    assert lines(report) == [
        "Fejl: scenarier.xlsx, ark «Omplaceringer», række 2, kolonne «Scenarie-ID»: Findes ikke "
        "i arket «Scenarier». (værdi: S9)",
        "Fejl: scenarier.xlsx, ark «Omplaceringer», række 3, kolonne «Til afdeling»: Findes ikke "
        "i arket «Afdelinger». (værdi: UNGE)",
        "Fejl: scenarier.xlsx, ark «Investeringer», række 2, kolonne «Indsatstype»: Findes ikke "
        "i arket «Takster». (værdi: hesteterapi)",
    ]


def test_an_unknown_department_without_the_economy_is_checked_against_the_stored_version(
    tmp_path: Path,
) -> None:
    stored = ReferenceData(
        departments=frozenset({"BESK", "SOC", "SUND"}),
        intervention_types=frozenset({"mentor", "stoettekontakt"}),
        source="den gemte version v0002",
    )
    sheets = valid_scenarios()
    sheets["Investeringer"][1][5] = "UNGE"
    report = check(tmp_path, sheets, with_economy=False, reference=stored)
    assert lines(report) == [
        "Fejl: scenarier.xlsx, ark «Investeringer», række 2, kolonne «Betalende afdeling»: "
        "Findes ikke i arket «Afdelinger» i den gemte version v0002. (værdi: UNGE)",
    ]


def test_without_the_economy_or_a_stored_version_references_are_a_warning(
    tmp_path: Path,
) -> None:
    report = check(tmp_path, with_economy=False)
    assert not report.has_errors
    assert {(i.sheet, i.column) for i in report} == {
        ("Omplaceringer", "Fra afdeling"),
        ("Omplaceringer", "Til afdeling"),
        ("Volumenændringer", "Indsatstype"),
        ("Investeringer", "Indsatstype"),
        ("Investeringer", "Betalende afdeling"),
        ("Konsekvenspriser", "Afdeling"),
    }
    assert all("oekonomi.xlsx ikke er med" in i.message for i in report)


def test_register_economy_and_scenarios_together(tmp_path: Path) -> None:
    register, economy = write_pair(tmp_path)
    scenarios = write_scenarios(tmp_path)
    result = check_files([register, economy, scenarios])
    assert lines(result.report) == []
    assert sorted(result.tables) == ["oekonomi", "register", "scenarier"]
    (tmp_path / "andet").mkdir()
    twice = write_scenarios(tmp_path / "andet")
    report = check_files([scenarios, twice]).report
    assert any("to projektmapper af samme slags (scenarier)" in i.message for i in report)


# -- the cross-sheet rules ------------------------------------------------------------------


def test_a_reallocation_within_one_department_is_an_error(tmp_path: Path) -> None:
    sheets = valid_scenarios()
    sheets["Omplaceringer"][1][3] = "BESK"
    assert where(check(tmp_path, sheets)) == [
        (Severity.ERROR, "Omplaceringer", 2, "Til afdeling",
         "«Til afdeling» er den samme som «Fra afdeling»; en omplacering flytter penge mellem "
         "to forskellige afdelinger."),
    ]  # fmt: skip


def test_years_outside_the_scenarios_horizon_are_errors(tmp_path: Path) -> None:
    sheets = valid_scenarios()
    sheets["Scenarier"][2][4] = 3  # S2: 2027-2029
    sheets["Omplaceringer"][2][1] = 2032  # S1 runs 2027-2031
    sheets["Volumenændringer"][2][5] = 2030  # S2, now only to 2029
    sheets["Investeringer"][1][6] = 2026  # S1 from 2026
    sheets["Investeringer"][2][6:8] = [2027, 2030]  # S2 to 2030
    report = check(tmp_path, sheets)
    assert lines(report) == [
        "Fejl: scenarier.xlsx, ark «Omplaceringer», række 3, kolonne «År»: Året ligger uden "
        "for scenariets horisont 2027-2031. (værdi: 2032)",
        "Fejl: scenarier.xlsx, ark «Volumenændringer», række 3, kolonne «Fra år»: Året ligger "
        "uden for scenariets horisont 2027-2029. (værdi: 2030)",
        "Fejl: scenarier.xlsx, ark «Investeringer», række 2, kolonne «Fra år»: Året ligger "
        "uden for scenariets horisont 2027-2031. (værdi: 2026)",
        "Fejl: scenarier.xlsx, ark «Investeringer», række 3, kolonne «Til år»: Året ligger "
        "uden for scenariets horisont 2027-2029. (værdi: 2030)",
    ]


def test_a_volume_change_names_one_target_and_one_size(tmp_path: Path) -> None:
    sheets = valid_scenarios()
    sheets["Volumenændringer"][1][2] = "mentor"  # scheme and intervention type
    sheets["Volumenændringer"][2][2] = None  # neither
    sheets["Volumenændringer"][2][4] = None  # neither persons nor %
    assert where(check(tmp_path, sheets)) == [
        (Severity.ERROR, "Volumenændringer", 2, "Indsatstype",
         "Udfyld kun én af «Ordning» og «Indsatstype», ikke begge."),
        (Severity.ERROR, "Volumenændringer", 3, "Ordning",
         "Udfyld enten «Ordning» eller «Indsatstype»."),
        (Severity.ERROR, "Volumenændringer", 3, "Ændring (personer)",
         "Udfyld enten «Ændring (personer)» eller «Ændring (%)»."),
    ]  # fmt: skip


def test_an_unreadable_cell_counts_as_filled_for_the_one_of_two_rule(tmp_path: Path) -> None:
    sheets = valid_scenarios()
    sheets["Volumenændringer"][1][3] = "mange"  # not a number, but not blank either
    report = check(tmp_path, sheets)
    assert [(i.column, i.message) for i in report] == [
        ("Ændring (personer)", "Skal være et tal, fx 1.234,50."),
    ]


def test_an_investment_that_ends_before_it_starts_is_an_error(tmp_path: Path) -> None:
    sheets = valid_scenarios()
    sheets["Investeringer"][1][6:8] = [2030, 2028]
    assert lines(check(tmp_path, sheets)) == [
        "Fejl: scenarier.xlsx, ark «Investeringer», række 2, kolonne «Til år»: «Til år» (2028) "
        "ligger før «Fra år» (2030). (værdi: 2028)",
    ]


def test_an_effect_delayed_past_the_horizon_is_a_warning(tmp_path: Path) -> None:
    sheets = valid_scenarios()
    sheets["Effekter"][1][5] = 5  # S1 runs 2027-2031: starts in 2032
    sheets["Effekter"][2][5] = 4  # S2: starts in 2031, the last year: fine
    assert lines(check(tmp_path, sheets)) == [
        "Advarsel: scenarier.xlsx, ark «Effekter», række 2, kolonne «Forsinkelse (år)»: "
        "Effekten begynder først i 2032, efter scenariets horisont 2027-2031; den tæller ikke "
        "med i resultatet. (værdi: 5)",
    ]


def test_an_assumption_without_a_source_is_flagged(tmp_path: Path) -> None:
    sheets = valid_scenarios()
    sheets["Effekter"][2][8] = None
    sheets["Konsekvenspriser"][1][6] = "  "
    message = (
        "Antagelsen har ingen kilde; skriv, hvor den kommer fra (fx en evaluering eller "
        "kommunens eget skøn)."
    )
    assert where(check(tmp_path, sheets)) == [
        (Severity.WARNING, "Effekter", 3, "Kilde", message),
        (Severity.WARNING, "Konsekvenspriser", 2, "Kilde", message),
    ]


def test_a_scenario_with_no_rows_elsewhere_is_a_warning(tmp_path: Path) -> None:
    sheets = valid_scenarios()
    sheets["Scenarier"].append(["S3", "Tomt scenarie", None, 2027, None, None, None, None])
    assert lines(check(tmp_path, sheets)) == [
        "Advarsel: scenarier.xlsx, ark «Scenarier», række 4, kolonne «Scenarie-ID»: Scenariet "
        "har ingen rækker i de andre ark (Omplaceringer, Volumenændringer, Investeringer, "
        "Effekter, Konsekvenspriser); det ændrer intet. (værdi: S3)",
    ]


def test_the_report_reads_like_the_other_workbooks(tmp_path: Path) -> None:
    sheets = valid_scenarios()
    sheets["Omplaceringer"][1][3] = "BESK"
    sheets["Effekter"][1][8] = None
    text = check(tmp_path, sheets).to_text()
    assert text.splitlines()[0] == "Fejl i værdier:"
    assert text.index("Fejl: scenarier.xlsx") < text.index("Advarsel: scenarier.xlsx")
    assert text.endswith("1 fejl og 1 advarsel.")


# -- the columns and sheets of issue 13 ----------------------------------------------------


def test_persistence_on_an_outcome_other_than_exits_is_a_warning(tmp_path: Path) -> None:
    sheets = every_sheet()
    sheets["Effekter"][1][10] = 2  # S1: færre ventedage
    sheets["Effekter"][1][11] = 101  # Dødvægt over 100 %
    sheets["Effekter"][2][9] = "pension"  # not a destination
    sheets["Volumenændringer"][1][9] = 0  # Pladser must be over 0
    sheets["Volumenændringer"][2][8] = "strøm"
    assert lines(check(tmp_path, sheets)) == [
        "Fejl: scenarier.xlsx, ark «Volumenændringer», række 2, kolonne «Pladser»: Skal være "
        "større end 0. (værdi: 0)",
        "Fejl: scenarier.xlsx, ark «Volumenændringer», række 3, kolonne «Type»: Ukendt kode. "
        "Tilladte koder: bestand, tilgang. (værdi: strøm)",
        "Fejl: scenarier.xlsx, ark «Effekter», række 2, kolonne «Dødvægt (%)»: Må højst være "
        "100. (værdi: 101)",
        "Fejl: scenarier.xlsx, ark «Effekter», række 3, kolonne «Afgang til»: Ukendt kode. "
        "Tilladte koder: job_uddannelse, fleksjob, ledighedsydelse, foertidspension, "
        "kontanthjaelp. (værdi: pension)",
        "Advarsel: scenarier.xlsx, ark «Effekter», række 2, kolonne «Virkning pr. person (år)»: "
        "Virkning pr. person bruges kun for flere afgange til arbejde eller uddannelse og "
        "ignoreres her. (værdi: 2)",
    ]


def test_an_uncertainty_range_must_hold_the_expected_value(tmp_path: Path) -> None:
    sheets = every_sheet()
    rows = sheets["Usikkerhed"]
    rows[1][2:4] = [120, 90]  # low and high swapped, both on the wrong side of 100
    rows[3][2:4] = [100, 100]  # no range at all: allowed
    sentence = ("«Lav (% af forventet)» skal være højst 100 og «Høj (% af forventet)» mindst "
                "100, så den forventede værdi ligger mellem den lave og den høje.")  # fmt: skip
    assert where(check(tmp_path, sheets)) == [
        (Severity.ERROR, "Usikkerhed", 2, "Lav (% af forventet)", sentence),
        (Severity.ERROR, "Usikkerhed", 2, "Høj (% af forventet)", sentence),
    ]


def test_an_assumption_has_one_range_per_scenario_and_one_for_all(tmp_path: Path) -> None:
    sheets = every_sheet()
    rows = sheets["Usikkerhed"]
    rows.append([None, "konsekvenspriser", 70, 130, "Skøn"])  # a second one for all
    rows.append(["S1", "effekt_stoerrelse", 60, 140, "Skøn"])  # a second one for S1
    rows.append(["S9", "gaet", None, None, None])
    assert lines(check(tmp_path, sheets)) == [
        "Fejl: scenarier.xlsx, ark «Usikkerhed», række 5, kolonne «Antagelse»: Antagelsen har "
        "også et spænd uden «Scenarie-ID» i række 3; den må kun stå én gang for alle "
        "scenarier. (værdi: konsekvenspriser)",
        "Fejl: scenarier.xlsx, ark «Usikkerhed», række 6, kolonne «Antagelse»: Kombinationen "
        "af «Scenarie-ID» og «Antagelse» står også i række 2; den skal være entydig. "
        "(værdi: effekt_stoerrelse)",
        "Fejl: scenarier.xlsx, ark «Usikkerhed», række 7, kolonne «Scenarie-ID»: Findes ikke i "
        "arket «Scenarier». (værdi: S9)",
        "Fejl: scenarier.xlsx, ark «Usikkerhed», række 7, kolonne «Antagelse»: Ukendt kode. "
        "Tilladte koder: effekt_stoerrelse, effekt_varighed, virkning_varighed, doedvaegt, "
        "konsekvenspriser, indsatsudgift, personer. (værdi: gaet)",
        "Advarsel: scenarier.xlsx, ark «Usikkerhed», række 7, kolonne «Kilde»: Antagelsen har "
        "ingen kilde; skriv, hvor den kommer fra (fx en evaluering eller kommunens eget "
        "skøn).",
    ]


def test_the_price_index_has_one_positive_value_a_year(tmp_path: Path) -> None:
    sheets = every_sheet()
    rows = sheets["Prisindeks"]
    rows.append([2026, 0, None])
    assert lines(check(tmp_path, sheets)) == [
        "Fejl: scenarier.xlsx, ark «Prisindeks», række 4, kolonne «År»: Værdien står også i "
        "række 3; «År» skal være entydig. (værdi: 2026)",
        "Fejl: scenarier.xlsx, ark «Prisindeks», række 4, kolonne «Indeks»: Skal være større "
        "end 0. (værdi: 0)",
        "Advarsel: scenarier.xlsx, ark «Prisindeks», række 4, kolonne «Kilde»: Antagelsen har "
        "ingen kilde; skriv, hvor den kommer fra (fx en evaluering eller kommunens eget "
        "skøn).",
    ]
