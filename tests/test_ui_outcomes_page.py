"""Forløb og resultater, in-process, on the sample municipality: filters and grouping redraw,
intervals are there, nothing hidden is drawn as 0, Excel in Danish."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.filter_checks import assert_every_figure_follows, assert_filter_change_is_fast
from tests.widget_text import ENGLISH, built_page, chart_rows, visible_text, xlsx_from
from toolkit.ui.frame import FigureCard
from toolkit.ui.outcomes_page import OutcomesPage, outcomes_page


@pytest.fixture
def outcomes(sample_dir: Path) -> OutcomesPage:
    return built_page(OutcomesPage, outcomes_page(sample_dir))


def cards(outcomes: OutcomesPage) -> list[FigureCard]:
    return [outcomes.trend, outcomes.work, outcomes.reasons, outcomes.results]


def xlsx_rows(card: FigureCard, sheet: str) -> list[tuple[Any, ...]]:
    return list(xlsx_from(card)[sheet].iter_rows(values_only=True))


def test_page_shows_cards_sentence_and_footer(outcomes: OutcomesPage) -> None:
    text = visible_text(outcomes)
    for phrase in ("Forløb og resultater", "Afsluttede forløb over tid", "Hvad virker for hvem",
                   "Afslutningsårsager pr. gruppe", "Varighed, progression og delmål",
                   "95 % sandsynlighed", "Data: version v0001", "færre end 5 borgere"):  # fmt: skip
        assert phrase in text, phrase
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert re.search(r"mellem \d+,\d % og \d+,\d %", text)  # Danish decimals, one at most


def test_intervals_are_drawn_around_the_shares(outcomes: OutcomesPage) -> None:
    shares = [r for r in chart_rows(outcomes.work) if "lower" in r]
    assert shares
    for row in shares:
        assert row["lower"] <= row["value"] <= row["upper"]
        for key in ("value", "lower", "upper"):
            assert round(row[key], 1) == row[key]
    spec = outcomes.work.chart.chart.to_dict()
    marks = [layer["mark"] for layer in spec["layer"]]
    assert any(m == "errorbar" or (isinstance(m, dict) and m["type"] == "errorbar") for m in marks)


def test_grouping_changes_every_comparison(outcomes: OutcomesPage) -> None:
    before = [chart_rows(c) for c in (outcomes.work, outcomes.reasons, outcomes.results)]
    outcomes.grouping.value = "age"
    after = [chart_rows(c) for c in (outcomes.work, outcomes.reasons, outcomes.results)]
    assert all(a != b for a, b in zip(after, before, strict=True))
    assert {r["group"] for r in chart_rows(outcomes.work)} <= {"Under 40 år", "40 år og derover"}
    outcomes.grouping.value = "cohort"
    assert all(re.fullmatch(r"\d{4}", r["group"]) for r in chart_rows(outcomes.work))
    assert "Startår" in xlsx_rows(outcomes.work, "Tabel")[0]


def test_filters_redraw_the_charts(outcomes: OutcomesPage) -> None:
    before = [chart_rows(c) for c in cards(outcomes)]
    options = outcomes.filters.first.options
    outcomes.filters.first.value = options[0][1]
    changed = [chart_rows(c) for c in cards(outcomes)]
    assert all(a != b for a, b in zip(changed, before, strict=True))
    outcomes.filters.level.value = "quarter"
    quarters = chart_rows(outcomes.trend)
    assert quarters and all("kvt." in r["periode"] for r in quarters)
    outcomes.filters.departments.value = ("SOC",)
    assert chart_rows(outcomes.work) != changed[1] and chart_rows(outcomes.trend) != quarters
    outcomes.filters.schemes.value = ("fleksjob",)
    assert chart_rows(outcomes.results) != changed[3]


def test_suppressed_values_are_never_zero(outcomes: OutcomesPage) -> None:
    outcomes.filters.groups.value = ("selvforsoergende", "ledighedsydelse")
    outcomes.grouping.value = "cohort"
    for card in cards(outcomes):
        for row in chart_rows(card):
            assert row["value"] is not None and row["value"] == row["value"]
    table = xlsx_rows(outcomes.work, "Tabel")
    headers, body = table[0], table[1:]
    hidden, share = headers.index("Skjult"), headers.index("Andel (%)")
    assert any(row[hidden] == "<5" for row in body)
    for row in body:
        if row[hidden]:  # the mark instead of the numbers, never a number
            assert row[share] == row[headers.index("Afsluttede forløb")] == row[hidden]
    assert "Ikke vist" in outcomes.sentence.value


def test_excel_links_decode_to_danish_workbooks(outcomes: OutcomesPage) -> None:
    work = xlsx_rows(outcomes.work, "Tabel")[0]
    assert work[:4] == ("Forsørgelse ved start", "Afsluttede forløb", "Til job eller uddannelse",
                        "Andel (%)")  # fmt: skip
    assert "Nedre grænse, 95 % (%)" in work and "Øvre grænse, 95 % (%)" in work
    reasons = xlsx_rows(outcomes.reasons, "Tabel")
    assert reasons[0][:2] == ("Forsørgelse ved start", "Afslutningsårsag")
    assert "Ordinær beskæftigelse" in {row[1] for row in reasons[1:]}
    assert xlsx_rows(outcomes.results, "Tabel")[0][:3] == ("Mål", "Forsørgelse ved start", "Værdi")
    trend = xlsx_rows(outcomes.trend, "Indikatorer")[0]
    assert trend[:4] == ("Indikator", "Periode", "Første dag", "Afslutningsårsag")


def test_filter_change_is_fast(outcomes: OutcomesPage) -> None:
    assert_filter_change_is_fast(outcomes.filters.departments, ("BESK", "SOC"))


def test_every_filter_changes_every_figure_or_says_it_does_not_follow(
    outcomes: OutcomesPage,
) -> None:
    """Issue 10.3: the group comparisons say they do not follow Måned/Kvartal."""
    cards = (outcomes.trend, outcomes.work, outcomes.reasons, outcomes.results)
    assert_every_figure_follows(outcomes.filters, cards)


def test_hidden_trend_is_shown_coarser_and_empty_says_why(outcomes: OutcomesPage) -> None:
    outcomes.filters.departments.value = ("SOC",)  # few ends a month: shown by year, all reasons
    text = visible_text(outcomes.trend)
    assert "Tallene er for små til at vises pr. måned og afslutningsårsag; vist pr. år" in text
    rows = chart_rows(outcomes.trend)
    assert rows and {row["exit_reason_navn"] for row in rows} == {"Alle årsager"}
    outcomes.filters.departments.value = ()
    outcomes.filters.schemes.value = ("jobafklaring",)
    outcomes.filters.groups.value = ("anden",)  # nobody
    assert "Der er ingen tal for dette valg i perioden" in visible_text(outcomes.trend)
    assert "Ingen forløb sluttede i perioden" in visible_text(outcomes.reasons)
    assert outcomes.reasons.chart.layout.display == "none"
