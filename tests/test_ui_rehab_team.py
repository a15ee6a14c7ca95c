"""The Rehabiliteringsteam page, in-process, on the sample municipality: filters redraw, the
forecast with its method and interval, Excel, Danish, nothing suppressed shown as 0."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.filter_checks import assert_every_figure_follows, assert_filter_change_is_fast
from tests.widget_text import built_page, chart_rows, datasets, visible_text, xlsx_from
from toolkit.ui.rehab_team import RehabTeamPage, rehab_team_page
from toolkit.ui.rehab_team_data import next_quarter

ENGLISH = re.compile(
    r"\b(None|nan|NaN|NaT|null|undefined|Traceback|Error|True|False|total|count|department"
    r"|scheme|value|indicator|period|forecast|meeting|cases)\b"
)


@pytest.fixture
def rehab_team(sample_dir: Path) -> RehabTeamPage:
    return built_page(RehabTeamPage, rehab_team_page(sample_dir))


def test_page_shows_every_card_and_the_footer(rehab_team: RehabTeamPage) -> None:
    text = visible_text(rehab_team)
    phrases = ("Rehabiliteringsteam", "Møder og sager pr. møde", "Indstillinger efter sagstype",
               "Mål i indstillingen og borgerens deltagelse", "Medarbejdertid pr. afdeling",
               "Prognose for sager næste kvartal", "Sager hvor borgeren deltog",
               "Data: version v0001", "Opgjort pr. 31-10-2026", "færre end 5 borgere")  # fmt: skip
    for phrase in phrases:
        assert phrase in text, phrase
    for card in rehab_team.cards:
        assert chart_rows(card), card
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_forecast_text_has_point_interval_and_method(rehab_team: RehabTeamPage) -> None:
    text = visible_text(rehab_team.forecast_text)
    found = re.search(r"Prognose for 1\. kvt\. 2027: ca\. (\d+) sager \(80 %-interval: "
                      r"(\d+)–(\d+) sager\)", text)  # fmt: skip
    assert found, text
    point, low, high = (int(g) for g in found.groups())
    assert low <= point <= high and low < high
    assert "Metode: Prognosen er gennemsnittet af antal sager i de seneste 4 hele kvartaler" in text
    assert "Poisson" in text and "mødedage" in text
    forecast = [r for r in chart_rows(rehab_team.forecast) if r.get("art") == "Prognose"]
    assert (
        len(forecast) == 1 and forecast[0]["nedre"] <= forecast[0]["value"] <= forecast[0]["øvre"]
    )
    sheet = xlsx_from(rehab_team.forecast)["Tabel"]
    headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert headers == ["Kvartal", "Type", "Sager", "Nedre grænse (80 %)", "Øvre grænse (80 %)",
                       "Skjult"]  # fmt: skip
    last = list(sheet.iter_rows(min_row=2, values_only=True))[-1]
    assert last[:2] == ("1. kvt. 2027", "Prognose") and last[3] <= last[2] <= last[4]


def test_next_quarter_is_the_one_after_the_as_of_quarter() -> None:
    from datetime import date

    assert next_quarter(date(2026, 10, 31)).label == "2027-Q1"
    assert next_quarter(date(2026, 9, 30)).label == "2026-Q4"


def test_period_and_level_redraw_the_charts(rehab_team: RehabTeamPage) -> None:
    cards = (rehab_team.meetings, rehab_team.recommendations, rehab_team.quality, rehab_team.staff)
    before = [datasets(c) for c in cards]
    options = rehab_team.filters.first.options
    rehab_team.filters.first.value = options[-24][1]
    rehab_team.filters.last.value = options[-7][1]
    after = [datasets(c) for c in cards]
    assert all(a != b for a, b in zip(after, before, strict=True))
    rehab_team.filters.level.value = "quarter"
    periods = {row["periode"] for row in chart_rows(rehab_team.meetings) if "periode" in row}
    assert periods and all("kvt." in p for p in periods)


def test_department_filter_redraws_staff_time_only(rehab_team: RehabTeamPage) -> None:
    before_staff, before_meetings = datasets(rehab_team.staff), datasets(rehab_team.meetings)
    rehab_team.filters.departments.value = ("SOC",)
    assert datasets(rehab_team.staff) != before_staff
    assert {row["department"] for row in chart_rows(rehab_team.staff)} == {"SOC"}
    # cases are the team's, not a department's
    assert datasets(rehab_team.meetings) == before_meetings
    book = xlsx_from(rehab_team.staff)["Indikatorer"]
    assert {row[3] for row in book.iter_rows(min_row=2, values_only=True)} == {"Socialafdelingen"}


def test_scheme_filter_changes_cases_and_forecast(rehab_team: RehabTeamPage) -> None:
    before = [
        datasets(c) for c in (rehab_team.meetings, rehab_team.recommendations, rehab_team.forecast)
    ]
    text_before = rehab_team.forecast_text.value
    rehab_team.filters.schemes.value = ("ressourceforloeb",)
    after = [
        datasets(c) for c in (rehab_team.meetings, rehab_team.recommendations, rehab_team.forecast)
    ]
    assert all(a != b for a, b in zip(after, before, strict=True))
    assert rehab_team.forecast_text.value != text_before


def test_suppressed_values_are_never_zero(rehab_team: RehabTeamPage) -> None:
    rehab_team.filters.schemes.value = ("foertidspension",)
    rehab_team.filters.groups.value = ("selvforsoergende",)
    for card in rehab_team.cards:
        for row in chart_rows(card):
            if "value" in row:
                assert row["value"] is not None and row["value"] == row["value"]
                assert row["value"] != 0 or row.get("art") == "Sager"
    hidden = 0
    for card in (
        rehab_team.meetings,
        rehab_team.recommendations,
        rehab_team.quality,
        rehab_team.staff,
    ):
        sheet = xlsx_from(card)["Indikatorer"]
        headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
        value, persons = headers.index("Værdi"), headers.index("Antal personer")
        for row in sheet.iter_rows(min_row=2, values_only=True):
            if row[value] in ("<5", ".."):
                hidden += 1
                assert row[persons] == row[value]
            else:
                assert isinstance(row[value], int | float)
    assert hidden  # this small group has hidden cells, and none of them became a number
    text = visible_text(rehab_team)
    assert "Prognose for 1. kvt. 2027" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_filter_change_is_fast(rehab_team: RehabTeamPage) -> None:
    took = assert_filter_change_is_fast(rehab_team.filters.schemes, ("jobafklaring",))
    print(f"Rehabiliteringsteam: filterskift {took:.3f} s")


def test_every_filter_changes_every_figure_or_says_it_does_not_follow(
    rehab_team: RehabTeamPage,
) -> None:
    """Issue 10.3: cases are the team's, so the department filter is stated as ignored at
    the figures about cases; every other switch changes every figure."""
    assert_every_figure_follows(rehab_team.filters, rehab_team.cards)
    assert "Følger ikke Afdeling" in visible_text(rehab_team.meetings)


def test_hidden_and_empty_figures_say_why(rehab_team: RehabTeamPage) -> None:
    rehab_team.filters.schemes.value = ("ressourceforloeb",)
    rehab_team.filters.groups.value = ("uddannelseshjaelp",)  # a few cases, under 5 even per year
    text = visible_text(rehab_team.meetings)
    assert "Tallene vises ikke: de bygger alle på færre end 5 personer" in text
    assert rehab_team.meetings.chart.layout.display == "none"
    rehab_team.filters.schemes.value = ("jobafklaring",)
    rehab_team.filters.groups.value = ("anden",)  # nobody
    assert "Der er ingen tal for dette valg i perioden" in visible_text(rehab_team.quality)
    assert "ingen sager i perioden" in visible_text(rehab_team.recommendations)
    assert rehab_team.recommendations.chart.layout.display == "none"
