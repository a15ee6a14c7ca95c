"""The Afdeling page, in-process, on the sample municipality: the department and the period
redraw, Excel, Danish, suppression."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.fake_hub import ROLES, logged_in
from tests.filter_checks import assert_every_figure_follows
from tests.widget_text import ENGLISH, built_page, chart_rows, datasets, visible_text, xlsx_from
from toolkit.ui.department import DepartmentPage, department_page
from toolkit.ui.frame import FigureCard


@pytest.fixture
def department(sample_dir: Path) -> DepartmentPage:
    return built_page(DepartmentPage, department_page(sample_dir))


def test_page_shows_danish_tiles_charts_and_footer(department: DepartmentPage) -> None:
    text = visible_text(department)
    for phrase in ("Afdeling", "Indsatser efter type", "Forbrug, budget og forventet årsforbrug",
                   "Ventetid", "Afviste indsatser og årsager", "Hvem afdelingens penge går til",
                   "Budgetforbrug", "Data: version v0001", "færre end 5 borgere"):  # fmt: skip
        assert phrase in text, phrase
    assert re.search(r"\d{1,3}(\.\d{3})+ kr\.", text)
    assert not ENGLISH.search(text), ENGLISH.search(text)
    labels = [label for label, _ in department.department.options]
    assert "Socialafdelingen" in labels and "Beskæftigelse (Jobcenter)" in labels


def test_department_change_redraws_every_chart(department: DepartmentPage) -> None:
    before = [datasets(card) for card in department.cards]
    tables = [card.table for card in department.cards]
    tiles = [tile.value for tile in department.tiles]
    started = time.perf_counter()
    department.department.value = "SOC"
    took = time.perf_counter() - started
    print(f"Afdeling: afdelingsskift på serveren {took:.3f} s")
    after = [datasets(card) for card in department.cards]
    changed = [a != b for a, b in zip(after, before, strict=True)]
    assert sum(changed) >= 4, changed  # a month of refusals may be all hidden in both
    assert all(not c.table.equals(t) for c, t in zip(department.cards, tables, strict=True))
    assert [tile.value for tile in department.tiles] != tiles
    rows = chart_rows(department.types_card)
    assert rows and {row["department"] for row in rows} == {"SOC"}
    assert took < 2.0, f"a department change took {took:.2f} s"  # target 0.5 s


def test_cross_view_shows_both_directions(department: DepartmentPage) -> None:
    department.department.value = "SOC"
    table = department.cross.table
    pays = table[table["indicator"] == "intervention_cost_by_coordinator_dkk"]
    assert set(pays["department"]) >= {"SOC"}
    paid_by = pays[pays["department"] != "SOC"]
    assert not paid_by.empty and set(paid_by["coordinating_department"]) == {"SOC"}
    text = visible_text(department)  # titles sit in the chart spec, not in HTML
    assert "Hvem afdelingens penge går til" in text
    spec = str(department.cross.chart.chart.to_dict())
    assert "Socialafdelingen betaler for borgere koordineret af" in spec
    assert "Andre afdelinger betaler for borgere, Socialafdelingen koordinerer" in spec


def test_period_change_redraws(department: DepartmentPage) -> None:
    before = datasets(department.types_card)
    department.filters.level.value = "quarter"
    periods = {row["periode"] for d in datasets(department.types_card).values() for row in d}
    assert datasets(department.types_card) != before and all("kvt." in p for p in periods)


def test_suppressed_values_are_never_shown_as_zero(department: DepartmentPage) -> None:
    department.department.value = "UNGE"
    for card in department.cards:
        assert card.table["value"].isna().sum() == (card.table["suppressed"] != "").sum()
        for data in datasets(card).values():
            for row in data:
                assert row["value"] is not None and row["value"] == row["value"]
    text = " ".join(tile.value for tile in department.tiles)
    assert not re.search(r">0 (indsatser|kr\\.)<", text)


def test_excel_links_decode_to_danish_workbooks(department: DepartmentPage) -> None:
    department.department.value = "SUND"
    book = xlsx_from(department.types_card)
    sheet = book["Indikatorer"]
    headers = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert headers[:3] == ["Indikator", "Periode", "Første dag"]
    assert "Afdeling" in headers and "Indsatstype" in headers and "Id" not in headers
    column = headers.index("Afdeling")
    assert {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"Sundhed"}
    cross = xlsx_from(department.cross)["Indikatorer"]
    headers = [cell.value for cell in next(cross.iter_rows(max_row=1))]
    assert "Koordinerende afdeling" in headers and "Ordning" in headers
    value, persons = headers.index("Værdi"), headers.index("Antal personer")
    for row in cross.iter_rows(min_row=2, values_only=True):
        if row[value] in ("<5", ".."):
            assert row[persons] == row[value]  # hidden: neither number shows
        else:
            assert isinstance(row[value], int | float)


def _shows(card: FigureCard) -> bool:
    return card.chart.layout.display != "none"


def test_refusals_hidden_by_month_are_shown_coarser_with_a_sentence(
    department: DepartmentPage,
) -> None:
    """Issue 10.2: BESK's refusals were an empty axis, every month under 5 persons."""
    department.department.value = "BESK"
    rows = chart_rows(department.refused)
    assert rows and all(row["value"] == row["value"] for row in rows)
    assert all("kvt." in row["periode"] or re.fullmatch(r"\d{4}", row["periode"]) for row in rows)
    text = visible_text(department.refused)
    assert "Tallene er for små til at vises pr. måned" in text and _shows(department.refused)
    department.department.value = "UNGE"
    text = visible_text(department.refused)
    assert "Ingen afviste eller afslåede indsatser i perioden" in text
    assert not _shows(department.refused)  # a sentence instead of an empty axis


def test_every_filter_changes_every_figure_or_says_it_does_not_follow(
    department: DepartmentPage,
) -> None:
    """Issue 10.3: each filter, switched alone, changes every figure's data (or its sentence
    on what is shown coarser), or the figure says it does not follow that filter."""
    assert_every_figure_follows(
        department.filters,
        department.cards,
        department.tiles,
        tiles_note=department.tiles_note,
        departments=False,
    )
    budget = visible_text(department.budget)
    assert "følger ikke Ordning, Målgruppe" in budget and "budget og regnskab" in budget


def test_a_leder_s_page_opens_on_her_first_department(
    sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with logged_in(monkeypatch, tmp_path, "anna"):  # leder of SUND and SOC, in that order
        page = built_page(DepartmentPage, department_page(sample_dir))
    assert page.department.value == "SUND" != page.department.options[0][1]
    # A code the data do not have is passed over; any department stays selectable (every
    # number is suppressed), so the dropdown still offers them all.
    roles = ROLES.replace('["SUND", "SOC"]', '["NORD", "SOC"]')
    with logged_in(monkeypatch, tmp_path, "anna", roles=roles):
        page = built_page(DepartmentPage, department_page(sample_dir))
    assert page.department.value == "SOC"
    assert len(page.department.options) > 2
