"""Money sheets are additive (issue 11, point 7): real payment extracts carry several rows per
citizen, month and benefit (back payments, adjustments, two flex-job employers), ledgers
several posting lines per account and month, budgets supplementary lines. Such rows are
added together, and the report says how many; sheets keyed by an ID still refuse doubles."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.workbooks import PERSON_A, PERSON_B, valid_economy, valid_register, write_pair
from toolkit.workbook.check import CheckResult, check_files
from toolkit.workbook.report import Severity


def _check(
    tmp_path: Path, register: dict | None = None, economy: dict | None = None
) -> CheckResult:
    return check_files(list(write_pair(tmp_path, register, economy)))


def test_several_payments_for_one_citizen_month_and_benefit_are_added(tmp_path: Path) -> None:
    reg = valid_register()
    reg["Ydelser"] += [
        [PERSON_A, "2024-01", "ressourceforloebsydelse", -2000.0, None],  # a regulation
        [PERSON_A, "01-01-2024", "Ressourceforløbsydelse", 500, None],  # a back payment
        [PERSON_A, "2024-02", "ressourceforloebsydelse", 1000, 400.0],
        [PERSON_B, "2024-02", "fleksloentilskud", 3000, 1950.0],  # two employers
        [PERSON_B, "2024-02", "fleksloentilskud", 2000, 1300.0],
    ]
    result = _check(tmp_path, reg)
    assert not result.report.has_errors, result.report.to_text()
    infos = [i for i in result.report if i.severity is Severity.INFO]
    assert [i.line() for i in infos] == [
        "Oplysning: register.xlsx, ark «Ydelser»: 7 rækker er lagt sammen til 3, fordi de har "
        "samme CPR-nummer, Måned og Ydelse; Beløb (kr.) og Refusion (kr.) er summeret."
    ]
    benefits = result.tables["register"]["benefits"]
    assert len(benefits) == 3
    by_key = benefits.set_index(["month", "benefit"])
    january = by_key.loc[(pd.Timestamp(2024, 1, 1), "ressourceforloebsydelse")]
    assert january["amount"] == pytest.approx(16382 - 2000 + 500)
    assert pd.isna(january["refund"])  # blank everywhere: estimated from the refund ladder
    february = by_key.loc[(pd.Timestamp(2024, 2, 1), "ressourceforloebsydelse")]
    assert (february["amount"], february["refund"]) == (pytest.approx(17382), 6952.8)
    flex = by_key.loc[(pd.Timestamp(2024, 2, 1), "fleksloentilskud")]
    assert (flex["amount"], flex["refund"]) == (5000, 3250)
    assert result.report.summary() == "Ingen fejl eller advarsler fundet."
    # Nothing to correct, so the note never stands under a heading of errors.
    assert result.report.to_text().splitlines()[0] == "Oplysninger (intet at rette):"


def test_a_refund_given_in_some_of_the_rows_only_is_an_error(tmp_path: Path) -> None:
    reg = valid_register()
    reg["Ydelser"].append([PERSON_A, "2024-02", "ressourceforloebsydelse", 1000, None])
    report = _check(tmp_path, reg).report
    assert [i.line() for i in report.errors] == [
        "Fejl: register.xlsx, ark «Ydelser», række 4, kolonne «Refusion (kr.)»: Rækken har "
        "samme CPR-nummer, Måned og Ydelse som række 3, men kun den ene har udfyldt «Refusion "
        "(kr.)». Udfyld den i alle rækkerne eller i ingen."
    ]


def test_posting_lines_and_supplementary_budget_lines_are_added(tmp_path: Path) -> None:
    eco = valid_economy()
    eco["Regnskab"] += [[2024, 1, "BESK", "5.68.90", 20_000], [2024, 1, "BESK", "5.68.90", -5_000]]
    eco["Budget"].append([2024, "BESK", "5.68.90", "Tillægsbevilling", "oprindeligt", 250_000])
    result = _check(tmp_path, economy=eco)
    assert not result.report.has_errors, result.report.to_text()
    economy = result.tables["oekonomi"]
    assert economy["actuals"]["amount"].tolist() == [95_000]
    assert economy["budget"]["amount"].tolist() == [1_250_000]
    assert economy["budget"]["account_name"].tolist() == ["Driftsudgifter"]  # the first row's
    infos = sorted(i.sheet or "" for i in result.report if i.severity is Severity.INFO)
    assert infos == ["Budget", "Regnskab"]


def test_sheets_keyed_by_an_id_still_refuse_doubles(tmp_path: Path) -> None:
    reg = valid_register()
    reg["Møder"].append(list(reg["Møder"][1]))
    report = _check(tmp_path, reg).report
    assert [i.sheet for i in report.errors] == ["Møder"]
    assert "skal være entydig" in report.errors[0].message
    eco = valid_economy()
    eco["Afdelinger"].append(["BESK", "Igen", "Udvalget"])
    report = _check(tmp_path, economy=eco).report
    assert [i.sheet for i in report.errors] == ["Afdelinger"]


def test_the_data_dictionary_says_which_sheets_add_up() -> None:
    from toolkit.datadictionary import render_markdown

    text = render_markdown()
    assert text.count("Rækker med samme") == 3  # Ydelser, Budget and Regnskab
