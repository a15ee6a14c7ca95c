"""The Rehabiliteringsteam page, in-process, on the sample municipality: filters redraw, the
forecast with its method and interval, Excel, Danish, nothing suppressed shown as 0."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.filter_checks import assert_every_figure_follows
from tests.widget_text import datasets, visible_text, xlsx_from
from toolkit.ui.frame import FigureCard
from toolkit.ui.rehab_team import RehabTeamPage, rehab_team_page
from toolkit.ui.rehab_team_data import next_quarter

ENGLISH = re.compile(
    r"\b(None|nan|NaN|NaT|null|undefined|Traceback|Error|True|False|total|count|department"
    r"|scheme|value|indicator|period|forecast|meeting|cases)\b"
)


@pytest.fixture
def page(sample_dir: Path) -> RehabTeamPage:
    built = rehab_team_page(sample_dir)
    assert isinstance(built, RehabTeamPage)
    return built


def rows_of(card: FigureCard) -> list[dict[str, Any]]:
    return [row for data in datasets(card).values() for row in data]


def test_no_data_gives_a_danish_message(data_dir: Path) -> None:
    text = visible_text(rehab_team_page(data_dir))
    assert "Der er ikke indlæst data endnu" in text
    assert "Traceback" not in text


def test_page_shows_every_card_and_the_footer(page: RehabTeamPage) -> None:
    text = visible_text(page)
    phrases = ("Rehabiliteringsteam", "Møder og sager pr. møde", "Indstillinger efter sagstype",
               "Mål i indstillingen og borgerens deltagelse", "Medarbejdertid pr. afdeling",
               "Prognose for sager næste kvartal", "Sager hvor borgeren deltog",
               "Data: version v0001", "Opgjort pr. 31-10-2026", "Tal for færre end 5")  # fmt: skip
    for phrase in phrases:
        assert phrase in text, phrase
    for card in page.cards:
        assert rows_of(card), card
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_forecast_text_has_point_interval_and_method(page: RehabTeamPage) -> None:
    text = visible_text(page.forecast_text)
    found = re.search(r"Prognose for 1\. kvt\. 2027: ca\. (\d+) sager \(80 %-interval: "
                      r"(\d+)–(\d+) sager\)", text)  # fmt: skip
    assert found, text
    point, low, high = (int(g) for g in found.groups())
    assert low <= point <= high and low < high
    assert "Metode: Prognosen er gennemsnittet af antal sager i de seneste 4 hele kvartaler" in text
    assert "Poisson" in text and "mødedage" in text
    forecast = [r for r in rows_of(page.forecast) if r.get("art") == "Prognose"]
    assert (
        len(forecast) == 1 and forecast[0]["nedre"] <= forecast[0]["value"] <= forecast[0]["øvre"]
    )
    sheet = xlsx_from(page.forecast)["Tabel"]
    headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert headers == ["Kvartal", "Type", "Sager", "Nedre grænse (80 %)", "Øvre grænse (80 %)",
                       "Skjult"]  # fmt: skip
    last = list(sheet.iter_rows(min_row=2, values_only=True))[-1]
    assert last[:2] == ("1. kvt. 2027", "Prognose") and last[3] <= last[2] <= last[4]


def test_next_quarter_is_the_one_after_the_as_of_quarter() -> None:
    from datetime import date

    assert next_quarter(date(2026, 10, 31)).label == "2027-Q1"
    assert next_quarter(date(2026, 9, 30)).label == "2026-Q4"


def test_period_and_level_redraw_the_charts(page: RehabTeamPage) -> None:
    cards = (page.meetings, page.recommendations, page.quality, page.staff)
    before = [datasets(c) for c in cards]
    options = page.filters.first.options
    page.filters.first.value = options[-24][1]
    page.filters.last.value = options[-7][1]
    after = [datasets(c) for c in cards]
    assert all(a != b for a, b in zip(after, before, strict=True))
    page.filters.level.value = "quarter"
    periods = {row["periode"] for row in rows_of(page.meetings) if "periode" in row}
    assert periods and all("kvt." in p for p in periods)


def test_department_filter_redraws_staff_time_only(page: RehabTeamPage) -> None:
    before_staff, before_meetings = datasets(page.staff), datasets(page.meetings)
    page.filters.departments.value = ("SOC",)
    assert datasets(page.staff) != before_staff
    assert {row["department"] for row in rows_of(page.staff)} == {"SOC"}
    assert datasets(page.meetings) == before_meetings  # cases are the team's, not a department's
    book = xlsx_from(page.staff)["Indikatorer"]
    assert {row[3] for row in book.iter_rows(min_row=2, values_only=True)} == {"Socialafdelingen"}


def test_scheme_filter_changes_cases_and_forecast(page: RehabTeamPage) -> None:
    before = [datasets(c) for c in (page.meetings, page.recommendations, page.forecast)]
    text_before = page.forecast_text.value
    page.filters.schemes.value = ("ressourceforloeb",)
    after = [datasets(c) for c in (page.meetings, page.recommendations, page.forecast)]
    assert all(a != b for a, b in zip(after, before, strict=True))
    assert page.forecast_text.value != text_before


def test_suppressed_values_are_never_zero(page: RehabTeamPage) -> None:
    page.filters.schemes.value = ("foertidspension",)
    page.filters.groups.value = ("selvforsoergende",)
    for card in page.cards:
        for row in rows_of(card):
            if "value" in row:
                assert row["value"] is not None and row["value"] == row["value"]
                assert row["value"] != 0 or row.get("art") == "Sager"
    hidden = 0
    for card in (page.meetings, page.recommendations, page.quality, page.staff):
        sheet = xlsx_from(card)["Indikatorer"]
        headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
        value, persons = headers.index("Værdi"), headers.index("Antal personer")
        for row in sheet.iter_rows(min_row=2, values_only=True):
            if row[value] in ("<5", "–"):
                hidden += 1
                assert row[persons] == row[value]
            else:
                assert isinstance(row[value], int | float)
    assert hidden  # this small group has hidden cells, and none of them became a number
    text = visible_text(page)
    assert "Prognose for 1. kvt. 2027" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_filter_change_is_fast(page: RehabTeamPage) -> None:
    started = time.perf_counter()
    page.filters.schemes.value = ("jobafklaring",)
    took = time.perf_counter() - started
    print(f"Rehabiliteringsteam: filterskift {took:.3f} s")
    assert took < 2.0, f"a filter change took {took:.2f} s"  # target 0.5 s; CI is slower


def test_every_filter_changes_every_figure_or_says_it_does_not_follow(
    page: RehabTeamPage,
) -> None:
    """Issue 10.3: cases are the team's, so the department filter is stated as ignored at
    the figures about cases; every other switch changes every figure."""
    assert_every_figure_follows(page.filters, page.cards)
    assert "Følger ikke Afdeling" in visible_text(page.meetings)


def test_hidden_and_empty_figures_say_why(page: RehabTeamPage) -> None:
    page.filters.schemes.value = ("ressourceforloeb",)
    page.filters.groups.value = ("uddannelseshjaelp",)  # a few cases, under 5 even per year
    text = visible_text(page.meetings)
    assert "Tallene vises ikke: de bygger alle på færre end 5 personer" in text
    assert page.meetings.chart.layout.display == "none"
    page.filters.schemes.value = ("jobafklaring",)
    page.filters.groups.value = ("anden",)  # nobody
    assert "Der er ingen tal for dette valg i perioden" in visible_text(page.quality)
    assert "ingen sager i perioden" in visible_text(page.recommendations)
    assert page.recommendations.chart.layout.display == "none"
