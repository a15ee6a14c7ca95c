"""The Overblik page, in-process, on the sample municipality: filters redraw, Excel, Danish."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.filter_checks import assert_every_figure_follows, assert_filter_change_is_fast
from tests.widget_text import ENGLISH, built_page, datasets, visible_text, xlsx_from
from toolkit.ui.frame import KpiLine, kpi_value, relative_change_text
from toolkit.ui.overview import OverviewPage, overview_page


@pytest.fixture
def overview(sample_dir: Path) -> OverviewPage:
    return built_page(OverviewPage, overview_page(sample_dir))


def tiles(overview: OverviewPage) -> list[str]:
    return [tile.value for tile in overview.tiles]


def test_page_shows_tiles_charts_and_footer(overview: OverviewPage) -> None:
    text = visible_text(overview)
    phrases = ("Overblik", "Borgere i forløb", "Udgift til indsatser i år",
               "Ventetid til indsats (median)", "Afgang til job eller uddannelse",
               "Borgernes vej gennem indsatsen", "Udgift pr. afdeling", "Data: version v0001",
               "Opgjort pr. 31-10-2026", "færre end 5 borgere")  # fmt: skip
    for phrase in phrases:
        assert phrase in text, phrase
    assert "okt. 2026 mod okt. 2025" in text
    assert "jan.–okt. 2026 mod jan.–okt. 2025" in text
    assert re.search(r"\d{1,3}(\.\d{3})+ kr\.", text)  # Danish thousands
    assert [o[0] for o in overview.filters.last.options][-1] == "okt. 2026"
    assert overview.filters.first.label == "nov. 2025"


def test_no_english_leftovers(overview: OverviewPage) -> None:
    text = visible_text(overview)
    assert not ENGLISH.search(text), ENGLISH.search(text)
    labels = [o[0] for c in overview.filters.controls for o in getattr(c, "options", ())]
    assert not any(ENGLISH.search(str(label)) for label in labels)


def test_department_filter_redraws_cost_and_tiles(overview: OverviewPage) -> None:
    before_cost, before_tiles = datasets(overview.cost), tiles(overview)
    before_persons = datasets(overview.persons)
    overview.filters.departments.value = ("SOC",)
    after = datasets(overview.cost)
    assert after != before_cost
    rows = [row for data in after.values() for row in data]
    assert rows and {row["department"] for row in rows} == {"SOC"}
    assert tiles(overview)[1] != before_tiles[1]
    assert "Beskæftigelse" not in tiles(overview)[1]
    # Citizens belong to a department through the courses it coordinates (issue 10.3).
    assert datasets(overview.persons) != before_persons
    assert tiles(overview)[0] != before_tiles[0]  # «Borgere i forløb»
    assert tiles(overview)[3] != before_tiles[3]  # «Afgang til job eller uddannelse»
    assert "koordinerende afdeling" in visible_text(overview.persons)


def test_period_and_level_redraw_every_chart(overview: OverviewPage) -> None:
    before = [datasets(c) for c in (overview.persons, overview.cost, overview.flow)]
    before_tiles = tiles(overview)
    options = overview.filters.first.options
    overview.filters.first.value = options[-24][1]
    overview.filters.last.value = options[-7][1]  # apr. 2026
    after = [datasets(c) for c in (overview.persons, overview.cost, overview.flow)]
    assert all(a != b for a, b in zip(after, before, strict=True))
    assert tiles(overview)[0] != before_tiles[0] and "apr. 2026 mod apr. 2025" in tiles(overview)[0]
    assert "jan.–apr. 2026" in tiles(overview)[1]
    overview.filters.level.value = "quarter"
    periods = {row["periode"] for data in datasets(overview.persons).values() for row in data}
    assert periods and all("kvt." in p for p in periods)


def test_scheme_and_target_group_restrict_the_register(overview: OverviewPage) -> None:
    before = datasets(overview.persons)
    overview.filters.schemes.value = ("fleksjob",)
    rows = [row for data in datasets(overview.persons).values() for row in data]
    assert rows and {row["scheme"] for row in rows} == {"fleksjob"}
    assert datasets(overview.persons) != before
    lines = tiles(overview)[0]
    assert "Fleksjob" in lines and "Ressourceforløb" not in lines
    flow_before = datasets(overview.flow)
    overview.filters.groups.value = ("kontanthjaelp",)
    assert datasets(overview.flow) != flow_before


def test_excel_links_decode_to_danish_workbooks(overview: OverviewPage) -> None:
    book = xlsx_from(overview.cost)
    sheet = book["Indikatorer"]
    headers = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert headers[:4] == ["Indikator", "Periode", "Første dag", "Afdeling"]
    assert "Værdi" in headers and "Antal personer" in headers
    assert "Definitioner" in book.sheetnames
    flow = xlsx_from(overview.flow)["Tabel"]
    assert [c.value for c in next(flow.iter_rows(max_row=1))] == [
        "Overgang", "Fra", "Til", "Antal borgere", "Skjult"]  # fmt: skip
    overview.filters.departments.value = ("SUND",)
    cost = xlsx_from(overview.cost)["Indikatorer"]
    assert {row[3] for row in cost.iter_rows(min_row=2, values_only=True)} == {"Sundhed"}


def test_suppressed_values_are_never_zero(overview: OverviewPage) -> None:
    overview.filters.schemes.value = ("foertidspension",)
    overview.filters.groups.value = ("selvforsoergende",)
    for card in (overview.persons, overview.cost, overview.flow):
        for data in datasets(card).values():
            for row in data:
                assert row["value"] is not None and row["value"] == row["value"]
    for card in (overview.persons, overview.cost):
        sheet = xlsx_from(card)["Indikatorer"]
        headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
        value = headers.index("Værdi")
        body = list(sheet.iter_rows(min_row=2, values_only=True))
        for row, mark in zip(body, card.table["suppressed"], strict=True):
            if mark:
                assert row[value] == ("<5" if mark == "primær" else "..")
            else:
                assert row[value] >= 0
    text = " ".join(tiles(overview))
    assert any(mark in text for mark in ("&lt;5", "..", "–"))  # a mark, never a 0
    assert not re.search(r">0 (personer|kr\.)<", text)


def test_kpi_formats() -> None:
    assert kpi_value(1234567.4, "", "kr.") == "1.234.567 kr."
    assert kpi_value(12.5, "", "%") == "12,5 %"
    assert kpi_value(None, "primær", "personer") == "<5"
    assert kpi_value(3.0, "sekundær", "personer") == ".."
    assert relative_change_text(KpiLine("x", 110.0, "", 100.0)) == "↑ 10,0 %"
    assert relative_change_text(KpiLine("x", 90.0, "", 100.0)) == "↓ 10,0 %"
    assert relative_change_text(KpiLine("x", 90.0, "", None, "primær")) == "ingen sammenligning"


def test_filter_change_is_fast(overview: OverviewPage) -> None:
    assert_filter_change_is_fast(overview.filters.departments, ("BESK", "SOC"))


def test_every_filter_changes_every_figure_or_says_it_does_not_follow(
    overview: OverviewPage,
) -> None:
    """Issue 10.3: Socialafdelingen changes «Borgere i forløb» and «Afgang»; every other
    filter changes every figure and tile or the figure says «Følger ikke …»."""
    cards = (overview.persons, overview.cost, overview.flow)
    assert_every_figure_follows(
        overview.filters, cards, overview.tiles, tiles_note=overview.tiles_note
    )


def test_hidden_and_empty_figures_say_why_instead_of_an_empty_axis(overview: OverviewPage) -> None:
    overview.filters.schemes.value = ("foertidspension",)
    overview.filters.groups.value = ("anden",)  # 4 citizens in all: every number under 5
    assert "Tallene vises ikke: de bygger alle på færre end 5 personer" in visible_text(
        overview.persons
    )
    assert overview.persons.chart.layout.display == "none"
    assert "Der er ingen tal for dette valg i perioden" in visible_text(overview.cost)
    assert overview.cost.chart.layout.display == "none"
    overview.filters.schemes.value = ("ressourceforloeb",)
    overview.filters.groups.value = ("uddannelseshjaelp",)  # too few for months, enough for years
    text = visible_text(overview.cost)
    assert "Tallene er for små til at vises pr. måned; vist pr. år" in text
    periods = {row["periode"] for data in datasets(overview.cost).values() for row in data}
    assert periods and all(re.fullmatch(r"\d{4}", p) for p in periods)
    assert overview.cost.chart.layout.display != "none"
