"""KPI tiles say the number a head asks for first: this period's figure, last year's figure
and the change, and what a month's budget is."""

from __future__ import annotations

import re

from tests.widget_text import page_style
from toolkit import disclosure
from toolkit.ui.department import annual_budget_line, month_share_line
from toolkit.ui.frame import KpiLine, comparison_text, kpi_html, previous_text


def test_last_years_figure_stands_next_to_the_change() -> None:
    line = KpiLine("Borgere i forløb", 168.0, "", 162.0)
    assert previous_text(line, "borgere") == "året før 162 borgere"
    assert comparison_text(line, "borgere") == "↑ 3,7 % · året før 162 borgere"
    tile = kpi_html("Borgere", [line], "borgere")
    assert "168 borgere" in tile and "året før 162 borgere" in tile


def test_a_hidden_or_missing_figure_a_year_before_is_said_so() -> None:
    hidden = KpiLine("Afgang", 12.0, "", None, disclosure.PRIMARY)
    assert comparison_text(hidden, "borgere") == "året før <5"
    missing = KpiLine("Afgang", 12.0, "", None)
    assert comparison_text(missing, "borgere") == "intet tal året før"


def test_amounts_do_not_wrap_kr_onto_a_line_of_its_own() -> None:
    tile = kpi_html("Økonomi", [KpiLine("Forbrug", 1_234_567.0, "", 1_000_000.0)], "kr.")
    cell = re.search(r'<td class="([\w-]+)">1\.234\.567 kr\.</td>', tile)
    assert cell is not None, tile
    assert "white-space: nowrap" in page_style(cell.group(1))


def test_a_hostile_name_in_a_tile_stays_text() -> None:
    hostile = "<script>alert(1)</script>"
    tile = kpi_html(hostile, [KpiLine('"><img src=x onerror=alert(1)>', 3.0)], "kr.", hostile)
    assert "<script>" not in tile and "<img" not in tile
    assert tile.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in tile


def test_the_months_budget_is_named_a_twelfth_and_the_year_budget_is_shown() -> None:
    month = KpiLine("Budget", 1_000_000.0, "", 900_000.0)
    assert month_share_line(month).label == "Budget, månedens andel (1/12)"
    year = annual_budget_line(month)
    assert (year.label, year.value, year.previous) == ("Årsbudget", 12_000_000.0, 10_800_000.0)


def test_a_filter_bar_without_departments_shows_no_empty_department_list() -> None:
    """Afdeling picks its department in its own dropdown; the bar then has no empty list."""
    from datetime import date

    from toolkit.ui.frame import FilterBar

    def lists(bar: FilterBar) -> list[str]:
        row = bar.children[0]
        return [child.description for child in row.children[1:]]

    with_departments = FilterBar(date(2025, 1, 1), date(2026, 10, 31), [("SOC", "Social")])
    assert lists(with_departments)[0] == "Afdeling"
    without = FilterBar(date(2025, 1, 1), date(2026, 10, 31), [])
    assert "Afdeling" not in lists(without) and len(lists(without)) == 2
