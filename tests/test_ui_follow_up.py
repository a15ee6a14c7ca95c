"""Forløb og resultater, «Status efter forløbet» and «Tid i forløb», in-process on the sample
municipality: the charts draw the published numbers, the scheme and cohort choices and the
the page's filters redraw them, the too recent are a sentence, hidden cells carry their marks,
and the Excel files are Danish."""

from __future__ import annotations

import html
import math
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.filter_checks import assert_every_figure_follows, assert_filter_change_is_fast
from tests.widget_text import ENGLISH, built_page, chart_rows, visible_text, xlsx_from
from toolkit.ui.follow_up_cards import FollowUpSection
from toolkit.ui.follow_up_data import hidden_sentence
from toolkit.ui.outcomes_page import OutcomesPage, outcomes_page


@pytest.fixture
def outcomes(sample_dir: Path) -> OutcomesPage:
    return built_page(OutcomesPage, outcomes_page(sample_dir))


@pytest.fixture
def section(outcomes: OutcomesPage) -> FollowUpSection:
    return outcomes.follow_up


def whole_window(outcomes: OutcomesPage) -> None:
    outcomes.filters.first.value = outcomes.filters.first.options[0][1]


def test_section_shows_both_cards_in_danish(section: FollowUpSection) -> None:
    text = visible_text(section)
    for phrase in ("Status efter forløbet", "Tid i forløb", "For nye til at gøre op",
                   "Median (måneder)", "Stadig i forløb efter 36 mdr.", "Startår"):  # fmt: skip
        assert phrase in text, phrase
    assert [label for label, _ in section.scheme.options] == ["Ressourceforløb",
                                                              "Jobafklaringsforløb"]  # fmt: skip
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert re.search(r"\d+,\d \(\d+,\d–(\d+,\d|ikke nået)\)", text)  # a median with interval


def test_status_bars_draw_the_published_shares(outcomes: OutcomesPage) -> None:
    whole_window(outcomes)
    shares = outcomes.follow_up.status_data.shares
    drawn = {(r["horizon"], r["status"]): r["value"] for r in chart_rows(outcomes.follow_up.status)}
    shown = shares[shares["value"].notna()]
    assert drawn == {(h, s): v for h, s, v in zip(shown["horizon"], shown["status"],
                                                   shown["value"], strict=True)}  # fmt: skip
    assert {h for h, _ in drawn} == {1, 3, 6, 12}
    for horizon in (1, 3, 6, 12):  # the shown and the hidden make the whole bar
        part = shares[shares["horizon"] == horizon]
        if not part["suppressed"].astype(bool).any():
            assert part["value"].sum() == pytest.approx(100.0)
    hidden = shares[shares["suppressed"] != ""]
    assert not hidden.empty, "the sample should hide a small status somewhere"
    assert not {(h, s) for h, s in zip(hidden["horizon"], hidden["status"], strict=True)} & set(
        drawn
    )
    text = html.unescape(visible_text(outcomes.follow_up.status))
    assert "Skjult, så søjlen ikke når 100 %" in text and "«<5»: skjult" in text


def test_too_recent_is_a_sentence_per_horizon(outcomes: OutcomesPage) -> None:
    pending = outcomes.follow_up.status_data.pending
    assert list(pending["horizon"]) == sorted(pending["horizon"])
    # the default window is the last twelve months: every course is too recent at 12 months
    twelve = pending[pending["horizon"] == 12]
    followed = outcomes.follow_up.status_data.followed
    assert followed[followed["horizon"] == 12].empty and not twelve.empty
    sentence = outcomes.follow_up.pending.value
    assert "For nye til at gøre op" in sentence and "12 måneder efter:" in sentence


def test_scheme_choice_redraws_both_cards(section: FollowUpSection) -> None:
    status, curves = chart_rows(section.status), chart_rows(section.survival)
    section.scheme.value = "jobafklaring"
    assert chart_rows(section.status) != status and chart_rows(section.survival) != curves
    assert "Tid i jobafklaringsforløb pr. startår" in visible_text(section.survival)


def test_cohort_filter_chooses_the_curves_and_the_table(section: FollowUpSection) -> None:
    every = section.survival_data.cohorts
    assert len(every) >= 5
    # At first the four latest whole start years (the as-of date is in the last one).
    assert section.cohorts.value == every[-5:-1]
    assert {r["kohorte"] for r in chart_rows(section.survival)} == set(every[-5:-1])
    chosen = every[-3:-1]
    section.cohorts.value = chosen
    drawn = chart_rows(section.survival)
    assert {r["kohorte"] for r in drawn} == set(chosen)
    published = section.survival_data.curves
    shown = published[published["cohort"].isin(chosen) & published["value"].notna()]
    assert sorted((r["kohorte"], r["time"], r["value"]) for r in drawn) == sorted(
        zip(shown["cohort"], shown["time"], shown["value"], strict=True)
    )
    table = visible_text(section.summary)
    assert all(c in table for c in chosen) and every[0] not in table.split("36 mdr.")[1]
    section.cohorts.value = ()
    assert {r["kohorte"] for r in chart_rows(section.survival)} == set(every)


def test_the_cohort_choice_survives_a_filter_change(outcomes: OutcomesPage) -> None:
    chosen = outcomes.follow_up.cohorts.value
    assert chosen
    whole_window(outcomes)
    outcomes.filters.groups.value = ("kontanthjaelp",)
    assert outcomes.follow_up.cohorts.value == chosen
    assert {r["kohorte"] for r in chart_rows(outcomes.follow_up.survival)} <= set(chosen)


def test_a_curve_stops_where_fewer_than_five_are_at_risk(section: FollowUpSection) -> None:
    curves = section.survival_data.curves
    hidden = curves[curves["suppressed"] != ""]
    assert not hidden.empty
    assert hidden["value"].isna().all() and hidden["at_risk"].isna().all()
    drawn = chart_rows(section.survival)
    assert drawn and all(r["at_risk"] >= 5 and not math.isnan(r["value"]) for r in drawn)
    for cohort, part in curves.groupby("cohort"):
        first_hidden = part.loc[part["suppressed"] != "", "time"].min()
        if not math.isnan(first_hidden):  # nothing after the first hidden step is drawn
            assert all(r["time"] < first_hidden for r in drawn if r["kohorte"] == cohort)


def test_filters_redraw_or_say_they_do_not_apply(outcomes: OutcomesPage) -> None:
    before = chart_rows(outcomes.follow_up.status)
    outcomes.filters.departments.value = ("SOC",)
    assert chart_rows(outcomes.follow_up.status) != before
    outcomes.filters.departments.value = ()
    assert_every_figure_follows(
        outcomes.filters, [outcomes.follow_up.status, outcomes.follow_up.survival]
    )


def test_filter_change_stays_fast(outcomes: OutcomesPage) -> None:
    assert_filter_change_is_fast(outcomes.filters.groups, ("kontanthjaelp",))


def xlsx_rows(card: Any) -> list[tuple[Any, ...]]:
    return list(xlsx_from(card)["Tabel"].iter_rows(values_only=True))


def test_excel_tables_are_danish_and_hidden_cells_carry_marks(outcomes: OutcomesPage) -> None:
    whole_window(outcomes)
    status = xlsx_rows(outcomes.follow_up.status)
    assert status[0] == ("Tid efter forløbet", "Status", "Andel (%)", "Forløb",
                         "Forløb fulgt op", "For nye til at gøre op", "Skjult")  # fmt: skip
    # Counts are numbers a controller can add up, or a mark where hidden; never digits as text.
    assert all(isinstance(row[4], int) or row[4] in ("<5", "..") for row in status[1:])
    assert all(isinstance(row[5], int) or row[5] in ("<5", "..") for row in status[1:])
    marked = [row for row in status[1:] if row[6]]
    assert marked and all(row[2] in (None, row[6]) and row[6] in ("<5", "..") for row in marked)
    curves = xlsx_rows(outcomes.follow_up.survival)
    assert curves[0][:3] == ("Startår", "Måneder siden start", "Stadig i forløb (%)")
    assert any(row[-1] == "<5" for row in curves[1:])


def test_all_of_a_small_group_in_one_status_is_hidden() -> None:
    # 7 courses, every one to førtidspension 1 month after: 100 % would say where each went.
    import pandas as pd

    from toolkit.ui.follow_up_data import status_after

    rows = pd.DataFrame({
        "course_id": [f"C{i}" for i in range(7)], "person_id": [f"P{i}" for i in range(7)],
        "scheme": "ressourceforloeb", "coordinating_department": "BESK",
        "end": pd.Timestamp("2025-03-31"), "horizon": 1, "month": pd.Timestamp("2025-04-01"),
        "status": "foertidspension", "passed": True,
    })  # fmt: skip
    data = status_after(rows, "ressourceforloeb", date(2025, 1, 1), date(2025, 12, 31))
    cell = data.shares.iloc[0]
    assert cell["status"] == "foertidspension" and math.isnan(cell["value"])
    assert cell["suppressed"] == "sekundær" and pd.isna(cell["count"])
    # Naming the hidden status beside the number followed would say where all 7 went.
    followed = data.followed.iloc[0]
    assert followed["suppressed"] == "sekundær" and math.isnan(followed["value"])
    assert hidden_sentence(data) == (
        "Skjult, så søjlen ikke når 100 %: 1 måned efter: alle statusser (..)."
    )


def test_a_hidden_too_recent_count_cannot_be_worked_out_from_another_horizon() -> None:
    # 20 courses ended in the window. At 1 month all 20 are followed; at 3 months 3 are too
    # recent («<5»): 17 followed + 3 too recent = the 20 of the first horizon, so the 17 is
    # hidden too, and the counts behind that horizon's shares.
    import pandas as pd

    from toolkit.ui.follow_up_data import status_after

    ends = [pd.Timestamp("2025-01-31")] * 17 + [pd.Timestamp("2025-09-30")] * 3
    rows = pd.DataFrame([
        {"course_id": f"C{i}", "person_id": f"P{i}", "scheme": "ressourceforloeb",
         "coordinating_department": "BESK", "end": end, "horizon": h,
         "month": end + pd.DateOffset(months=h),
         "status": ("foertidspension" if i % 2 else "fleksjob") if passed else pd.NA,
         "passed": passed}
        for i, end in enumerate(ends) for h in (1, 3)
        for passed in [h == 1 or i < 17]
    ])  # fmt: skip
    data = status_after(rows, "ressourceforloeb", date(2025, 1, 1), date(2025, 12, 31))
    pending = data.pending.set_index("horizon")
    followed = data.followed.set_index("horizon")
    assert pending.loc[3, "suppressed"] == "primær"
    assert followed.loc[1, "value"] == 20 and followed.loc[3, "suppressed"] == "sekundær"
    three = data.shares[data.shares["horizon"] == 3]
    assert three["count"].isna().all() and three["value"].notna().all()
