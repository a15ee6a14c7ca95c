"""The briefing's «Resultater» on the sample municipality: the table of the status 1 and 6
months after the end holds the numbers ``tvaerblik indicators`` publishes for the year
followed, the sentence on the median time in ressourceforløb is the published median with
its interval, and the curves figure draws only published steps."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from toolkit import formats
from toolkit.briefing.builder import Values
from toolkit.briefing.content import build_briefing
from toolkit.briefing.follow_up_section import (
    committee_schemes,
    followed_year,
    median_sentence,
)
from toolkit.briefing.model import Briefing, Figure, Paragraph, Table
from toolkit.briefing.sentences import kind_of_unit, shown
from toolkit.indicators import compute, publish
from toolkit.indicators.follow_up import STATUS_ORDER
from toolkit.periods import as_of_default, period_of
from toolkit.register import Dataset
from toolkit.store import Store
from toolkit.survival import (
    course_survival,
    kaplan_meier,
    published_curves,
    published_summaries,
)

PERIOD = "2026-Q3"
TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def dataset(sample_dir: Path) -> Dataset:
    return Store(sample_dir).load()


@pytest.fixture(scope="module")
def employment(dataset: Dataset) -> Briefing:
    return build_briefing(dataset, "beskaeftigelse", PERIOD, today=TODAY)


def results(briefing: Briefing) -> list[object]:
    return next(list(s.blocks) for s in briefing.sections if s.title == "Resultater")


def status_table(briefing: Briefing) -> Table:
    found = [b for b in results(briefing) if isinstance(b, Table) and "måneder efter" in b.caption]
    assert len(found) == 1
    return found[0]


def test_followed_year_is_the_latest_year_whose_december_has_six_months_after() -> None:
    assert followed_year(date(2026, 10, 31)) == 2025
    assert followed_year(date(2026, 6, 30)) == 2025  # december 2025 + 6 = june 2026
    assert followed_year(date(2026, 5, 31)) == 2024
    assert followed_year(date(2027, 1, 31), months=1) == 2026
    assert followed_year(date(2027, 1, 15), months=1) == 2025  # January seen for 15 days only


def test_status_table_shows_the_published_shares(dataset: Dataset, employment: Briefing) -> None:
    table = status_table(employment)
    as_of = as_of_default(dataset.register)
    year = followed_year(as_of)
    assert str(year) in table.caption
    schemes = committee_schemes(dataset.register, ("BESK",))
    assert table.headers[0] == "Status" and len(table.headers) == 1 + 2 * len(schemes)
    assert [row[0] for row in table.rows][:2] == ["Job eller uddannelse", "Fleksjob"]
    assert table.rows[-1][0] == "Ukendt" and len(table.rows) == len(STATUS_ORDER)
    period = period_of(date(year, 1, 1), "year")
    frame = compute(dataset.register, dataset.economy, ids=["status_after_end_pct"],
                    level="year", first=period.start, last=period.end, as_of=as_of)  # fmt: skip
    values = Values(publish(frame))
    kind = kind_of_unit("%")
    expected = [
        shown(values.cell("status_after_end_pct", period, scheme=s, horizon=str(h),
                          status=status), kind, threshold=values.threshold) or "–"
        for status in STATUS_ORDER for s in schemes for h in (1, 6)
    ]  # fmt: skip
    assert [cell for row in table.rows for cell in row[1:]] == expected
    assert any(cell in ("<5", "..") for row in table.rows for cell in row[1:])
    assert any(re.fullmatch(r"\d+,\d %", cell) for row in table.rows for cell in row[1:])
    assert "«Status efter forløbet»" in table.source
    assert "status_after_end_pct" in [d.indicator for d in employment.definitions]


def test_median_sentence_is_the_published_median(dataset: Dataset, employment: Briefing) -> None:
    as_of = as_of_default(dataset.register)
    curves = course_survival(dataset.register, as_of, schemes=("ressourceforloeb",), by=None)
    median = published_summaries(curves).iloc[0]
    assert median["measure"] == "median" and median["suppressed"] == ""
    sentences = [b.text for b in results(employment) if isinstance(b, Paragraph)]
    expected = (
        f"Halvdelen af ressourceforløbene er slut efter {formats.fixed(median['value'])} "
        f"måneder (median; 95 %-interval {formats.fixed(median['lower'])} til "
        f"{formats.fixed(median['upper'])} måneder)"
    )
    assert any(s.startswith(expected) for s in sentences), sentences


def test_median_sentence_says_hidden_and_not_reached() -> None:
    hidden = published_summaries(course_survival_of([30, 60, 90], [True, True, False]))
    assert "vises ikke (<5)" in median_sentence(hidden, "Ressourceforløb")
    running = published_summaries(course_survival_of([400] * 6, [False] * 6))
    assert "kan endnu ikke opgøres" in median_sentence(running, "Ressourceforløb")


def course_survival_of(days: list[int], ended: list[bool]) -> pd.DataFrame:
    return kaplan_meier(days, ended).assign(scheme="ressourceforloeb", cohort="Alle")


def test_curves_figure_draws_published_steps_of_whole_start_years(
    dataset: Dataset, employment: Briefing
) -> None:
    figures = [b for b in results(employment) if isinstance(b, Figure) and "Kaplan" in b.source]
    assert len(figures) == 1
    figure = figures[0]
    rows = [r for data in figure.spec["datasets"].values() for r in data]
    cohorts = {r["kohorte"] for r in rows}
    as_of = as_of_default(dataset.register)
    assert cohorts and all(int(c) < as_of.year for c in cohorts) and len(cohorts) <= 4
    published = published_curves(course_survival(dataset.register, as_of,
                                                 schemes=("ressourceforloeb",)))  # fmt: skip
    shown_rows = published[published["cohort"].isin(cohorts) & published["value"].notna()]
    assert sorted((r["kohorte"], r["time"], r["value"]) for r in rows) == sorted(
        zip(shown_rows["cohort"], shown_rows["time"], shown_rows["value"], strict=True)
    )
    assert all(r["at_risk"] >= 5 for r in rows)
    assert "færre end 5" in figure.caption
