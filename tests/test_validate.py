"""The validation report a controller reads: every problem, with sheet, row, header, value."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from tests.workbooks import PERSON_A, PERSON_B, cpr, valid_economy, valid_register, write_pair
from toolkit.workbook.check import ReferenceData, check_files
from toolkit.workbook.report import Category, Report, Severity


def lines(report: Report) -> list[str]:
    return [issue.line() for issue in report]


def check(
    tmp_path: Path,
    register: dict | None = None,
    economy: dict | None = None,
    *,
    only_register: bool = False,
    reference: ReferenceData | None = None,
) -> Report:
    reg_path, eco_path = write_pair(tmp_path, register, economy)
    paths = [reg_path] if only_register else [reg_path, eco_path]
    return check_files(paths, reference=reference).report


def test_valid_pair_gives_an_empty_report(tmp_path: Path) -> None:
    report = check(tmp_path)
    assert lines(report) == []
    assert report.to_text() == "Ingen fejl eller advarsler fundet."


def test_bad_values_are_all_reported_with_sheet_row_header_value_and_a_danish_sentence(
    tmp_path: Path,
) -> None:
    reg = valid_register()
    reg["Forløb"][1][5] = date(2023, 1, 1)  # ends before it starts, and no exit reason
    reg["Forløb"][2][3] = "32-13-2024"  # not a date
    reg["Sager"][1][4] = "måske"  # not ja/nej
    reg["Progression"][1][2] = 11  # out of range
    reg["Ydelser"][2][3] = "mange penge"  # not a number
    reg["Indsatser"][3][7] = None  # refused without a reason
    reg["Borgere"][1][3] = "pension"  # not a code
    report = check(tmp_path, reg)
    assert lines(report) == [
        "Fejl: register.xlsx, ark «Borgere», række 2, kolonne «Forsørgelse ved start»: Ukendt "
        "kode. Tilladte koder: sygedagpenge, kontanthjaelp, uddannelseshjaelp, jobafklaring, "
        "ledighedsydelse, selvforsoergende, anden. (værdi: pension)",
        "Fejl: register.xlsx, ark «Forløb», række 2, kolonne «Slutdato»: «Slutdato» "
        "(01-01-2023) ligger før «Startdato» (08-01-2024). (værdi: 01-01-2023)",
        "Fejl: register.xlsx, ark «Forløb», række 2, kolonne «Afslutningsårsag»: "
        "Afslutningsårsag skal udfyldes, når forløbet har en slutdato.",
        "Fejl: register.xlsx, ark «Forløb», række 3, kolonne «Startdato»: Ikke en gyldig dato. "
        "Skriv datoen som dd-mm-åååå. (værdi: 32-13-2024)",
        "Fejl: register.xlsx, ark «Sager», række 2, kolonne «Mål i indstilling»: Skal være ja "
        "eller nej. (værdi: måske)",
        "Fejl: register.xlsx, ark «Indsatser», række 4, kolonne «Afvisningsårsag»: "
        "Afvisningsårsag skal udfyldes, når status er afvist eller afslået af borger.",
        "Fejl: register.xlsx, ark «Progression», række 2, kolonne «Score (1-10)»: Må højst være "
        "10. (værdi: 11)",
        "Fejl: register.xlsx, ark «Ydelser», række 3, kolonne «Beløb (kr.)»: Skal være et tal, "
        "fx 1.234,50. (værdi: mange penge)",
    ]
    assert all(issue.category is Category.VALUE for issue in report)


def test_wrong_shape_is_reported_apart_from_bad_values(tmp_path: Path) -> None:
    reg = valid_register()
    del reg["Mål"]  # a required sheet
    del reg["Ydelser"]  # an optional sheet: fine
    reg["Borgere"] = [[c for c in row if c != "sygedagpenge"] for row in reg["Borgere"]]
    reg["Borgere"][0] = ["CPR-nummer", "Køn", "Fødselsår", "Primær barriere"]
    reg["Borgere"][1:] = [[r[0], r[1], r[2], r[-1]] for r in valid_register()["Borgere"][1:]]
    reg["Sager"][0] = [*reg["Sager"][0][:-1], "Noter"]  # unknown column instead of Minutter
    reg["Møder"][0][4] = "Deltagere"  # doubled column
    reg["Forløb"][1][2] = "orlov"  # a bad value as well
    report = check(tmp_path, reg)
    shape = [i.line() for i in report if i.category is Category.SHAPE]
    assert shape == [
        "Fejl: register.xlsx, ark «Borgere», kolonne «Forsørgelse ved start»: Kolonnen "
        "«Forsørgelse ved start» mangler.",
        "Fejl: register.xlsx, ark «Møder», kolonne «Forberedelse pr. sag (min)»: Kolonnen "
        "«Forberedelse pr. sag (min)» mangler.",
        "Fejl: register.xlsx, ark «Møder», række 1, kolonne «Deltagere»: Kolonnen «Deltagere» "
        "står to gange (kolonne D og E).",
        "Fejl: register.xlsx, ark «Mål»: Arket «Mål» mangler.",
        "Advarsel: register.xlsx, ark «Sager», kolonne «Minutter på mødet»: Kolonnen «Minutter på "
        "mødet» mangler; den behandles som tom.",
        "Advarsel: register.xlsx, ark «Sager», række 1, kolonne «Noter»: Kolonnen kendes ikke og "
        "ignoreres.",
    ]
    values = [i.line() for i in report if i.category is Category.VALUE]
    assert any("ark «Forløb», række 2, kolonne «Ordning»: Ukendt kode" in v for v in values)
    text = report.to_text()
    assert text.index("Forkert opbygning") < text.index("Fejl i værdier")


def test_messy_but_valid_input_is_read_as_the_contract_promises(tmp_path: Path) -> None:
    reg = valid_register()
    borgere = reg["Borgere"]
    borgere[0] = ["  cpr-NUMMER ", "KØN", "fødselsår", "Forsørgelse  ved start", "Primær barriere"]
    borgere[1][0] = PERSON_A.replace("-", "")  # without the dash
    borgere[2][3] = "Kontanthjælp"  # the Danish label instead of the code
    borgere[3][4] = " HELBRED "
    # columns in another order, a title row above the header and an extra column
    reg["Mål"] = [
        ["Mål i planen"],
        ["Noter", *reversed(reg["Mål"][0])],
        *[["x", *reversed(row)] for row in reg["Mål"][1:]],
    ]
    reg["Sager"][1][4], reg["Sager"][2][4] = "Ja", "NEJ"
    reg["Forløb"][1][3] = "08-01-2024"  # a text date
    reg["Indsatser"][1][10] = "2,5"  # Danish decimal text
    reg["Indsatser"][1][6] = "Igangsat"
    reg["Ydelser"][1] = [
        PERSON_A.replace("-", ""),
        "2024-01",
        "ressourceforløbsydelse",
        "16.382,00",
        "",
    ]
    reg["Progression"] += [[None, None, None], ["", "", ""]]  # trailing blank rows
    reg["Noter"] = [["Mine noter"], ["ting at huske"]]  # an extra sheet
    reg["Vejledning"] = [["Sådan udfylder du arket"]]  # instructions: no warning
    result = check_files(list(write_pair(tmp_path, reg)))
    assert [i.line() for i in result.report] == [
        "Advarsel: register.xlsx, ark «Mål», række 2, kolonne «Noter»: Kolonnen kendes ikke og "
        "ignoreres.",
        "Advarsel: register.xlsx, ark «Noter»: Arket kendes ikke og springes over.",
    ]
    tables = result.tables["register"]
    assert len(tables["citizens"]) == 3 and len(tables["progression"]) == 1
    assert len(tables["goals"]) == 2
    citizens = tables["citizens"]
    assert list(citizens["support_at_entry"]) == [
        "sygedagpenge",
        "kontanthjaelp",
        "ledighedsydelse",
    ]
    assert list(citizens["primary_barrier"]) == ["helbred", "sociale", "helbred"]
    assert citizens["cpr"].iloc[0] == PERSON_A.replace("-", "")
    assert list(tables["cases"]["goal_in_recommendation"]) == [True, False]
    assert tables["courses"]["start"].iloc[0] == datetime(2024, 1, 8)
    assert tables["interventions"]["weekly_hours"].iloc[0] == 2.5
    assert tables["interventions"]["status"].iloc[0] == "igangsat"
    assert tables["goals"]["goal_id"].tolist() == ["G1", "G2"]
    benefits = tables["benefits"]
    assert benefits["amount"].tolist() == [16382.0, 16382.0]
    assert benefits["month"].tolist() == [datetime(2024, 1, 1), datetime(2024, 2, 1)]
    assert benefits["benefit"].tolist() == ["ressourceforloebsydelse"] * 2


def test_blank_sex_and_birth_year_are_derived_from_the_cpr_number(tmp_path: Path) -> None:
    reg = valid_register()
    born_2003 = cpr(9, 9, 2003, 1)  # 7th digit 4: 2000s; last digit odd: a man
    reg["Borgere"].append([born_2003, None, None, "kontanthjaelp", "faglige"])
    result = check_files(list(write_pair(tmp_path, reg)))
    assert not result.report.has_errors
    citizens = result.tables["register"]["citizens"]
    assert citizens[["sex", "birth_year"]].iloc[1].tolist() == ["K", 1988]
    assert citizens[["sex", "birth_year"]].iloc[3].tolist() == ["M", 2003]


def test_a_birth_year_contradicting_the_cpr_number_is_a_warning(tmp_path: Path) -> None:
    reg = valid_register()
    reg["Borgere"][1][2] = 1957
    report = check(tmp_path, reg)
    assert lines(report) == [
        "Advarsel: register.xlsx, ark «Borgere», række 2, kolonne "
        "«Fødselsår»: Fødselsåret passer ikke med CPR-nummeret. "
        "(værdi: 1957)"
    ]


def test_required_when_rules(tmp_path: Path) -> None:
    reg = valid_register()
    reg["Forløb"][3][7] = None  # fleksjob without weekly hours
    reg["Forløb"][1][7] = 10  # hours on a ressourceforløb: ignored, a warning
    reg["Sager"][2][6] = None  # returned without a reason
    reg["Indsatser"][1][8] = None  # igangsat without a start date
    reg["Indsatser"][3][6] = "afsluttet"  # afsluttet needs start and end; reason is stray
    report = check(tmp_path, reg)
    assert [(i.severity, i.sheet, i.row, i.column, i.message) for i in report] == [
        (
            Severity.ERROR,
            "Forløb",
            4,
            "Ugentlige timer",
            "Ugentlige timer skal udfyldes for fleksjob.",
        ),
        (
            Severity.ERROR,
            "Sager",
            3,
            "Tilbagesendelsesårsag",
            "Tilbagesendelsesårsag skal udfyldes, når indstillingen er anden indsats.",
        ),
        (
            Severity.ERROR,
            "Indsatser",
            2,
            "Startdato",
            "Startdato skal udfyldes, når status er igangsat eller afsluttet.",
        ),
        (
            Severity.ERROR,
            "Indsatser",
            4,
            "Startdato",
            "Startdato skal udfyldes, når status er igangsat eller afsluttet.",
        ),
        (
            Severity.ERROR,
            "Indsatser",
            4,
            "Slutdato",
            "Slutdato skal udfyldes, når status er afsluttet.",
        ),
        (
            Severity.WARNING,
            "Forløb",
            2,
            "Ugentlige timer",
            "Ugentlige timer bruges kun for fleksjob og ignoreres her.",
        ),
        (
            Severity.WARNING,
            "Indsatser",
            4,
            "Afvisningsårsag",
            "Afvisningsårsag bruges kun, når status er afvist eller afslået af borger.",
        ),
        (
            Severity.WARNING,
            "Indsatser",
            4,
            "Timer pr. uge",
            "Indsatstypen har timepris, men "
            "«Timer pr. uge» og «Faktisk udgift (kr.)» er tomme; udgiften kan ikke beregnes.",
        ),
    ]


def test_uniqueness_including_cpr_and_combined_keys(tmp_path: Path) -> None:
    reg = valid_register()
    reg["Borgere"].append([PERSON_B.replace("-", ""), "K", 1988, "kontanthjaelp", "sociale"])
    reg["Møder"].append(["M1", date(2024, 1, 4), "SOC", 3, 30])
    reg["Indsatser"].append(list(reg["Indsatser"][1]))
    report = check(tmp_path, reg)
    assert lines(report) == [
        "Fejl: register.xlsx, ark «Borgere», række 5, kolonne «CPR-nummer»: CPR-nummeret står "
        "også i række 3; det må kun stå én gang.",
        "Fejl: register.xlsx, ark «Møder», række 5, kolonne «Afdeling»: Kombinationen af "
        "«Møde-ID» og «Afdeling» står også i række 3; den skal være entydig. (værdi: SOC)",
        "Fejl: register.xlsx, ark «Indsatser», række 5, kolonne «Indsats-ID»: Værdien står også "
        "i række 2; «Indsats-ID» skal være entydig. (værdi: I1)",
    ]


def test_references_between_sheets(tmp_path: Path) -> None:
    reg = valid_register()
    stranger = cpr(1, 6, 1980, 42)
    reg["Sager"][1][0] = "M9"  # unknown meeting
    reg["Sager"][2][1] = stranger  # not in Borgere
    reg["Indsatser"][1][2] = "F9"  # unknown course
    reg["Mål"][1][1] = "F8"
    reg["Ydelser"][1][0] = stranger  # benefits for someone outside Borgere: a warning
    report = check(tmp_path, reg)
    assert lines(report) == [
        "Fejl: register.xlsx, ark «Sager», række 2, kolonne «Møde-ID»: Findes ikke i arket "
        "«Møder». (værdi: M9)",
        "Fejl: register.xlsx, ark «Sager», række 3, kolonne «CPR-nummer»: CPR-nummeret findes "
        "ikke i arket «Borgere».",
        "Fejl: register.xlsx, ark «Indsatser», række 2, kolonne «Forløbs-ID»: Findes ikke i "
        "arket «Forløb». (værdi: F9)",
        "Fejl: register.xlsx, ark «Mål», række 2, kolonne «Forløbs-ID»: Findes ikke i arket "
        "«Forløb». (værdi: F8)",
        "Advarsel: register.xlsx, ark «Ydelser», række 2, kolonne «CPR-nummer»: CPR-nummeret "
        "findes ikke i arket «Borgere».",
    ]


def test_references_across_workbooks_use_the_other_workbook_when_given(tmp_path: Path) -> None:
    reg = valid_register()
    reg["Indsatser"][2][3] = "hesteterapi"
    reg["Møder"][3][2] = "sund"  # lower case is still SUND
    reg["Forløb"][2][8] = "UNGE"
    report = check(tmp_path, reg)
    assert lines(report) == [
        "Fejl: register.xlsx, ark «Forløb», række 3, kolonne «Koordinerende afdeling»: Findes "
        "ikke i arket «Afdelinger». (værdi: UNGE)",
        "Fejl: register.xlsx, ark «Indsatser», række 3, kolonne «Indsatstype»: Findes ikke i "
        "arket «Takster». (værdi: hesteterapi)",
    ]


def test_references_across_workbooks_fall_back_to_the_stored_version(tmp_path: Path) -> None:
    stored = ReferenceData(
        departments=frozenset({"BESK", "SOC"}),
        intervention_types=frozenset({"mentor", "stoettekontakt"}),
        source="den gemte version v0002",
    )
    report = check(tmp_path, only_register=True, reference=stored)
    assert lines(report) == [
        "Fejl: register.xlsx, ark «Møder», række 4, kolonne «Afdeling»: Findes ikke i arket "
        "«Afdelinger» i den gemte version v0002. (værdi: SUND)",
    ]


def test_references_across_workbooks_without_anything_to_check_against_warn(
    tmp_path: Path,
) -> None:
    report = check(tmp_path, only_register=True)
    assert not report.has_errors
    assert {(i.sheet, i.column) for i in report} == {
        ("Forløb", "Koordinerende afdeling"),
        ("Møder", "Afdeling"),
        ("Indsatser", "Indsatstype"),
        ("Indsatser", "Afdeling"),
    }
    assert all("oekonomi.xlsx ikke er med" in i.message for i in report)


def test_a_new_economy_must_keep_the_codes_the_stored_register_uses(tmp_path: Path) -> None:
    _, economy = write_pair(tmp_path)
    stored = ReferenceData(
        used_departments=frozenset({"BESK", "UNGE"}),
        used_intervention_types=frozenset({"mentor"}),
        source="den gemte version v0001",
    )
    report = check_files([economy], reference=stored).report
    assert lines(report) == [
        "Advarsel: oekonomi.xlsx, ark «Afdelinger», kolonne «Afdelingskode»: Afdelingen «UNGE» "
        "bruges i registeret i den gemte version v0001, men findes ikke i arket «Afdelinger».",
    ]


def test_economy_rules_prices_ladder_and_hourly_interventions(tmp_path: Path) -> None:
    eco = valid_economy()
    eco["Takster"][2][5] = date(2024, 6, 1)  # the 2025 price now overlaps the 2024 one
    eco["Takster"][3][0] = "stoettekontaktperson"  # the register's type is gone
    eco["Refusion"][2][0] = 6  # a gap after week 4
    eco["Afdelinger"].append(["BESK", "Dublet", "Udvalg"])
    reg = valid_register()
    reg["Indsatser"][1][10] = None  # hourly mentor without hours or actual cost
    report = check(tmp_path, reg, eco)
    assert lines(report) == [
        "Fejl: oekonomi.xlsx, ark «Afdelinger», række 5, kolonne «Afdelingskode»: Værdien står "
        "også i række 2; «Afdelingskode» skal være entydig. (værdi: BESK)",
        "Fejl: oekonomi.xlsx, ark «Takster», række 3, kolonne «Gyldig fra»: Perioden overlapper "
        "taksten for samme indsatstype i række 2. (værdi: 01-06-2024)",
        "Fejl: oekonomi.xlsx, ark «Refusion», række 3, kolonne «Fra uge»: Trappen skal fortsætte "
        "fra uge 5 uden huller eller overlap. (værdi: 6)",
        "Fejl: register.xlsx, ark «Indsatser», række 3, kolonne «Indsatstype»: Findes ikke i "
        "arket «Takster». (værdi: stoettekontakt)",
        "Advarsel: register.xlsx, ark «Indsatser», række 2, kolonne «Timer pr. uge»: "
        "Indsatstypen har timepris, men «Timer pr. uge» og «Faktisk udgift (kr.)» er tomme; "
        "udgiften kan ikke beregnes.",
    ]


def test_no_cpr_number_appears_in_the_report(tmp_path: Path) -> None:
    reg = valid_register()
    reg["Borgere"].append([PERSON_A, "K", 1975, "sygedagpenge", "helbred"])  # duplicate
    reg["Borgere"].append(["1503759-123", "K", 1975, "sygedagpenge", "helbred"])  # malformed
    reg["Sager"][1][1] = cpr(1, 1, 1990, 7)  # unknown
    reg["Indsatser"][1][12] = '=HYPERLINK("x")'  # staff initials are hidden too
    result = check_files(list(write_pair(tmp_path, reg)))
    text = result.report.to_text()
    assert result.report.has_errors
    digits = "".join(ch for ch in text if ch.isdigit() or ch == "\n")
    for person in (PERSON_A, PERSON_B, cpr(1, 1, 1990, 7)):
        assert person.replace("-", "") not in digits
    assert "1503759" not in text
    assert all(i.value is None for i in result.report if i.column == "CPR-nummer")


def test_two_workbooks_of_the_same_kind_are_refused(tmp_path: Path) -> None:
    first, _ = write_pair(tmp_path)
    second = tmp_path / "register_kopi.xlsx"
    second.write_bytes(first.read_bytes())
    report = check_files([first, second]).report
    assert [i.line() for i in report.errors] == [
        "Fejl: register_kopi.xlsx: Der er givet to projektmapper af samme slags (register): "
        "register.xlsx og register_kopi.xlsx."
    ]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("16.382,50", 16382.5),
        ("1234,5", 1234.5),
        ("12 500 kr.", 12500.0),
        ("1.234", 1234.0),
        ("−250", -250.0),
        ("12.5", 12.5),
        (3, 3.0),
    ],
)
def test_danish_number_text(value: object, expected: float) -> None:
    from toolkit.workbook.convert import parse_number

    assert parse_number(value) == expected


def test_a_cpr_number_in_an_id_column_is_an_error_without_showing_it(tmp_path: Path) -> None:
    reg = valid_register()
    reg["Mål"][2][0] = PERSON_B
    reg["Indsatser"][1][12] = PERSON_A  # staff initials column
    report = check(tmp_path, reg)
    assert lines(report) == [
        "Fejl: register.xlsx, ark «Indsatser», række 2, kolonne «Kontaktperson»: Værdien ligner "
        "et CPR-nummer. CPR-numre må kun stå i kolonnen «CPR-nummer», hvor de pseudonymiseres.",
        "Fejl: register.xlsx, ark «Mål», række 3, kolonne «Mål-ID»: Værdien ligner et "
        "CPR-nummer. CPR-numre må kun stå i kolonnen «CPR-nummer», hvor de pseudonymiseres.",
    ]


def test_a_date_far_in_the_future_is_a_typing_error(tmp_path: Path) -> None:
    reg = valid_register()
    reg["Forløb"][2][5] = date(2042, 9, 30)  # 2042 for 2024
    reg["Forløb"][2][4] = date(2031, 1, 1)  # a planned end may lie years ahead
    report = check(tmp_path, reg)
    assert lines(report) == [
        "Fejl: register.xlsx, ark «Forløb», række 3, kolonne «Slutdato»: Datoen ligger mere end "
        "et år ude i fremtiden; er årstallet skrevet rigtigt? (værdi: 30-09-2042)"
    ]


def test_the_refund_ladder_must_end_with_an_open_step(tmp_path: Path) -> None:
    eco = valid_economy()
    eco["Refusion"][4][1] = 104
    report = check(tmp_path, economy=eco)
    assert lines(report) == [
        "Fejl: oekonomi.xlsx, ark «Refusion», række 5, kolonne «Til uge»: Det sidste trin skal "
        "have tom «Til uge», så alle uger har en refusion. (værdi: 104)"
    ]


def test_dates_on_a_waiting_or_refused_intervention_are_flagged(tmp_path: Path) -> None:
    reg = valid_register()
    reg["Indsatser"][3][8] = date(2024, 3, 10)  # afvist, yet with a start date
    report = check(tmp_path, reg)
    assert lines(report) == [
        "Advarsel: register.xlsx, ark «Indsatser», række 4, kolonne «Startdato»: Startdato "
        "bruges kun, når status er igangsat eller afsluttet; indsatsen tæller ikke som startet. "
        "(værdi: 10-03-2024)"
    ]


def test_codes_are_letters_digits_and_a_few_marks(tmp_path: Path) -> None:
    """Department and intervention-type codes become file names, filters and links: only
    letters (æøå too), digits, _, - and . (issue 11, point 10)."""
    eco = valid_economy()
    eco["Afdelinger"].append(["+SOC|' /C calc'!A0", "Lumsk", "Ingen"])
    eco["Afdelinger"].append(["ÆLDRE-2.0_x", "Ældre", "Ældreudvalget"])
    eco["Takster"].append(["mentor plus", "Mentor+", "BESK", "time", 500, date(2024, 1, 1), None])
    eco["Takster"].append(["særlig.støtte", "Særlig", "SOC", "time", 500, date(2024, 1, 1), None])
    report = check(tmp_path, economy=eco)
    message = (
        "Koden må kun indeholde bogstaver, tal, _, - og . og skal begynde med et bogstav "
        "eller et tal."
    )
    assert lines(report) == [
        f"Fejl: oekonomi.xlsx, ark «Afdelinger», række 5, kolonne «Afdelingskode»: {message} "
        "(værdi: +SOC|' /C calc'!A0)",
        f"Fejl: oekonomi.xlsx, ark «Takster», række 5, kolonne «Indsatstype»: {message} "
        "(værdi: mentor plus)",
    ]
