"""toolkit.ui.selection as data (no widgets), and the filter bar's explicit department list."""

from __future__ import annotations

from datetime import date

import pandas as pd

from tests.indicator_data import register
from toolkit.ui.frame import FilterBar
from toolkit.ui.selection import (
    Selection,
    month_options,
    restrict,
    select_departments,
    shift_months,
    year_earlier,
)


def test_months_shift_across_years_and_a_year_earlier_keeps_february_real() -> None:
    assert shift_months(date(2026, 1, 15), -1) == date(2025, 12, 1)
    assert shift_months(date(2025, 11, 1), 14) == date(2027, 1, 1)
    assert year_earlier(date(2024, 2, 29)) == date(2023, 2, 28)
    assert month_options(date(2025, 12, 1), date(2026, 1, 31)) == [
        ("dec. 2025", date(2025, 12, 1)),
        ("jan. 2026", date(2026, 1, 1)),
    ]
    quarters = Selection(date(2025, 11, 1), date(2026, 1, 1), "quarter").periods
    assert [p.label for p in quarters] == ["2025-Q4", "2026-Q1"]


def test_restrict_keeps_the_chosen_schemes_and_target_groups_persons() -> None:
    reg = register(
        citizens=[
            {"person_id": "P1", "support_at_entry": "kontanthjaelp"},
            {"person_id": "P2", "support_at_entry": "sygedagpenge"},
        ],
        courses=[
            {"course_id": "F1", "person_id": "P1", "scheme": "ressourceforloeb"},
            {"course_id": "F2", "person_id": "P2", "scheme": "fleksjob"},
        ],
        interventions=[
            {"intervention_id": "I1", "person_id": "P1"},
            {"intervention_id": "I2", "person_id": "P2"},
        ],
        meetings=[{"meeting_id": "M1"}],
    )
    span = (date(2026, 1, 1), date(2026, 1, 1))
    assert restrict(reg, Selection(*span)) is reg
    by_scheme = restrict(reg, Selection(*span, schemes=("fleksjob",)))
    assert by_scheme.citizens["person_id"].tolist() == ["P2"]
    assert by_scheme.interventions["intervention_id"].tolist() == ["I2"]
    assert len(by_scheme.meetings) == 1  # the team's, not a person's
    by_group = restrict(reg, Selection(*span, groups=("kontanthjaelp",)))
    assert by_group.courses["course_id"].tolist() == ["F1"]


def test_select_departments_keeps_rows_without_a_department() -> None:
    frame = pd.DataFrame({"department": pd.Series(["BESK", "SOC", pd.NA], dtype="str")})
    assert select_departments(frame, ["SOC"])["department"].isna().tolist() == [False, True]
    assert select_departments(frame, []) is frame


def test_the_filter_bar_leaves_the_department_list_out_only_when_told() -> None:
    departments = [("BESK", "Beskæftigelse")]
    shown = FilterBar(date(2025, 1, 1), date(2026, 10, 31), departments)
    hidden = FilterBar(date(2025, 1, 1), date(2026, 10, 31), departments, show_departments=False)
    lists = [bar.children[0].children[1:] for bar in (shown, hidden)]
    assert shown.departments in lists[0] and hidden.departments not in lists[1]
    assert hidden.schemes in lists[1] and hidden.groups in lists[1]
    assert hidden.selection().departments == ()
