"""toolkit.indicators.publish and pooling as data (no widgets): totals published with the rows
they sum and suppressed together with them, pooled registers, tables that are not catalogue
indicators, and the note an unsuppressed table carries on every row."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.indicator_data import register
from toolkit import disclosure
from toolkit.indicators import publish
from toolkit.indicators.pooling import (
    POOLED,
    by_department,
    fold,
    folded_code,
    is_folded,
    pool,
    pooled_departments,
)
from toolkit.indicators.publishing import (
    NOT_SUPPRESSED,
    PRIMARY,
    SECONDARY,
    THRESHOLD_ATTR,
    keep_dimensions,
    totals_only,
    unsuppressed_note,
)
from toolkit.register import Register

COST = "intervention_cost_dkk"  # dimensions: department, intervention_type
CASES = "rehab_cases_count"  # dimensions: case_type, recommendation


@pytest.fixture(autouse=True)
def _default_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(disclosure.MIN_CELL_ENV, raising=False)


def cost(rows: list[tuple[str, str, float, int]], period: str = "2026-01") -> pd.DataFrame:
    """Tidy rows of intervention cost: (department, type, kroner, persons)."""
    return pd.DataFrame(
        {
            "indicator": pd.Series([COST] * len(rows), dtype="str"),
            "period": pd.Series([period] * len(rows), dtype="str"),
            "department": pd.Series([r[0] for r in rows], dtype="str"),
            "intervention_type": pd.Series([r[1] for r in rows], dtype="str"),
            "value": pd.Series([r[2] for r in rows], dtype="float64"),
            "n": pd.Series([r[3] for r in rows], dtype="Int64"),
        }
    )


def row(frame: pd.DataFrame, department: str | None, kind: str | None) -> pd.Series:
    """The one row of ``frame`` for a department and type (None: the total over it)."""
    dep = frame["department"].isna() if department is None else frame["department"] == department
    typ = frame["intervention_type"].isna() if kind is None else frame["intervention_type"] == kind
    found = frame[dep & typ]
    assert len(found) == 1, found
    return found.iloc[0]


def test_publish_is_the_package_function_over_the_catalogue() -> None:
    frame = cost([("A", "x", 100.0, 3), ("A", "y", 900.0, 12), ("B", "x", 500.0, 9)])
    expected = disclosure.suppress(
        frame, {COST: ("department", "intervention_type")}, exempt=["budget_dkk"]
    )
    pd.testing.assert_frame_equal(publish(frame), expected)


def test_totals_per_dimension_value_and_overall_sum_the_rows_with_the_largest_n() -> None:
    frame = cost([("A", "x", 100.0, 6), ("A", "y", 900.0, 12), ("B", "x", 500.0, 9)])
    out = publish(frame, totals={COST: "department"})
    assert len(out) == 3 + 2 + 1
    assert row(out, "A", None)[["value", "n"]].tolist() == [1000.0, 12]
    assert row(out, "B", None)[["value", "n"]].tolist() == [500.0, 9]
    assert row(out, None, None)[["value", "n"]].tolist() == [1500.0, 12]
    assert (out["suppressed"] == NOT_SUPPRESSED).all()
    assert out["n"].dtype == "Int64" and out["department"].dtype == frame["department"].dtype
    only = totals_only(out, "intervention_type")
    assert only["department"].isna().tolist() == [False, False, True]
    kept = keep_dimensions(only, "department")
    assert "intervention_type" not in kept.columns and "department" in kept.columns


def test_totalled_indicators_come_first_then_the_rest_in_frame_order() -> None:
    staff = pd.DataFrame(
        {
            "indicator": pd.Series(["meeting_staff_cost_dkk"], dtype="str"),
            "period": pd.Series(["2026-01"], dtype="str"),
            "department": pd.Series(["A"], dtype="str"),
            "intervention_type": pd.Series([pd.NA], dtype="str"),
            "value": [2000.0],
            "n": pd.Series([20], dtype="Int64"),
        }
    )
    frame = pd.concat([staff, cost([("A", "x", 100.0, 6)])], ignore_index=True)
    out = publish(frame, totals={COST: "department"})
    assert out["indicator"].tolist() == [COST, COST, COST, "meeting_staff_cost_dkk"]


def test_exact_persons_replace_the_lower_bound_of_the_overall_total_only() -> None:
    frame = pd.DataFrame(
        {
            "indicator": pd.Series([CASES] * 3, dtype="str"),
            "period": pd.Series(["2026-01", "2026-01", "2026-02"], dtype="str"),
            "case_type": pd.Series(["ny", "opfoelgning", "ny"], dtype="str"),
            "recommendation": pd.Series(["ressourceforloeb", "fleksjob", "fleksjob"], dtype="str"),
            "value": [6.0, 7.0, 8.0],
            "n": pd.Series([6, 7, 8], dtype="Int64"),
        }
    )
    out = publish(frame, totals={CASES: "case_type"}, total_persons={CASES: {"2026-01": 13}})
    overall = out[out["case_type"].isna() & out["recommendation"].isna()].set_index("period")
    assert overall["n"].to_dict() == {"2026-01": 13, "2026-02": 8}  # February: no exact count
    per_type = out[out["case_type"].notna() & out["recommendation"].isna()]
    assert per_type["n"].tolist() == [6, 7, 8]  # per case type: the largest n summed


def test_a_total_hides_with_the_small_cell_it_could_reveal() -> None:
    frame = cost([("A", "x", 100.0, 3), ("A", "y", 900.0, 12), ("B", "x", 500.0, 9)])
    out = publish(frame, totals={COST: "department"})
    assert row(out, "A", "x")["suppressed"] == PRIMARY
    # A's total and the cells beside x: one of them must go too, or x = total − y.
    a_rows = out[out["department"] == "A"]
    assert (a_rows["suppressed"] != NOT_SUPPRESSED).sum() >= 2
    for dimension, other in (("department", "intervention_type"),
                             ("intervention_type", "department")):  # fmt: skip
        for _, breakdown in out.groupby(other, dropna=False):
            hidden = (breakdown["suppressed"] != NOT_SUPPRESSED).sum()
            assert len(breakdown) < 2 or hidden != 1, (dimension, breakdown)
    assert out.loc[out["suppressed"] != NOT_SUPPRESSED, ["value", "n"]].isna().all().all()


def test_a_total_of_five_or_more_made_of_cells_under_five_is_hidden_secondarily() -> None:
    # One department, two small types: 3 + 4 persons, 7 in all. The department's total has
    # only its lower bound (4) and is hidden; the overall total is exact (7) but equals the
    # department's total, so it is hidden as well.
    frame = cost([("A", "x", 300.0, 3), ("A", "y", 400.0, 4)])
    out = publish(frame, totals={COST: "department"}, total_persons={COST: {"2026-01": 7}})
    assert row(out, "A", "x")["suppressed"] == PRIMARY
    assert row(out, "A", "y")["suppressed"] == PRIMARY
    assert row(out, "A", None)["suppressed"] == PRIMARY
    overall = row(out, None, None)
    assert overall["suppressed"] == SECONDARY
    assert pd.isna(overall["value"]) and pd.isna(overall["n"])


def test_own_dimensions_and_threshold_for_tables_outside_the_catalogue() -> None:
    frame = pd.DataFrame(
        {
            "indicator": pd.Series(["flow"] * 3, dtype="str"),
            "period": pd.Series(["alle"] * 3, dtype="str"),
            "source": pd.Series(["a", "a", "b"], dtype="str"),
            "target": pd.Series(["c", "d", "c"], dtype="str"),
            "value": [8.0, 12.0, 30.0],
            "n": pd.Series([8, 12, 30], dtype="Int64"),
        }
    )
    dims = {"flow": ("source", "target")}
    assert (publish(frame, dimensions=dims)["suppressed"] == NOT_SUPPRESSED).all()
    strict = publish(frame, dimensions=dims, threshold=10)
    # a→c is under 10; a→d and b→c share a breakdown with it (same source, same target).
    assert strict["suppressed"].tolist() == [PRIMARY, SECONDARY, SECONDARY]
    assert strict.attrs[THRESHOLD_ATTR] == 10
    with pytest.raises(ValueError, match="no dimensions given"):
        publish(frame)  # "flow" is no catalogue indicator: refused, never passed through


def test_indicators_without_persons_pass_unsuppressed() -> None:
    budget = pd.DataFrame(
        {
            "indicator": pd.Series(["budget_dkk"], dtype="str"),
            "period": pd.Series(["2026-01"], dtype="str"),
            "department": pd.Series(["A"], dtype="str"),
            "value": [1_000_000.0],
            "n": pd.Series([pd.NA], dtype="Int64"),
        }
    )
    out = publish(budget)
    assert out["value"].tolist() == [1_000_000.0] and out["suppressed"].tolist() == [""]


def test_unsuppressed_tables_say_so_on_every_row(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = cost([("A", "x", 100.0, 1), ("A", "y", 900.0, 12)])
    out = publish(frame, totals={COST: "department"}, suppress=False)
    assert out["value"].notna().all() and out["n"].tolist() == [1, 12, 12, 12]
    assert (out["suppressed"] == NOT_SUPPRESSED).all()
    assert out["note"].tolist() == [unsuppressed_note()] * len(out)
    assert unsuppressed_note().startswith("Ikke diskretioneret: tal for færre end 5 personer")
    monkeypatch.setenv(disclosure.MIN_CELL_ENV, "10")
    assert "færre end 10 personer" in publish(frame, suppress=False)["note"].iloc[0]


# -- pooled registers ---------------------------------------------------------------------------


def small_register() -> Register:
    return register(
        courses=[
            {
                "course_id": "F1",
                "person_id": "P1",
                "scheme": "ressourceforloeb",
                "coordinating_department": "BESK",
            },
            {
                "course_id": "F2",
                "person_id": "P2",
                "scheme": "fleksjob",
                "coordinating_department": "SOC",
            },
        ],
        interventions=[
            {
                "intervention_id": "I1",
                "person_id": "P1",
                "department": "BESK",
                "intervention_type": "mentor",
                "refusal_reason": "kapacitet",
            },
            {
                "intervention_id": "I2",
                "person_id": "P2",
                "department": "SOC",
                "intervention_type": "bostoette",
            },
        ],
        goals=[{"goal_id": "G1", "course_id": "F1"}, {"goal_id": "G2", "course_id": "F2"}],
        progression=[{"person_id": "P1", "score": 3.0}, {"person_id": "P2", "score": 4.0}],
        meetings=[{"meeting_id": "M1", "department": "BESK"}],
    )


def test_pool_gives_one_code_and_keeps_missing_codes_missing() -> None:
    reg = small_register()
    pooled = pool(reg, ["refusal_reason", "department"])
    assert pooled.interventions["refusal_reason"].tolist()[0] == POOLED
    assert pd.isna(pooled.interventions["refusal_reason"].tolist()[1])
    assert set(pooled.interventions["department"]) == {POOLED}
    assert set(pooled.meetings["department"]) == {POOLED}
    assert pooled.interventions["intervention_type"].tolist() == ["mentor", "bostoette"]


def test_by_department_follows_the_coordinating_department() -> None:
    reg = small_register()
    mine = by_department(reg, ("SOC",))
    assert mine.courses["course_id"].tolist() == ["F2"]
    assert mine.goals["goal_id"].tolist() == ["G2"]
    assert mine.progression["person_id"].tolist() == ["P2"]
    assert len(mine.interventions) == 2  # interventions follow their own department
    assert by_department(reg, ()) is reg


def test_pooled_departments_keeps_the_chosen_and_pools_department_type_and_scheme() -> None:
    reg = small_register()
    mine = pooled_departments(reg, ("BESK",))
    assert mine.interventions["intervention_id"].tolist() == ["I1"]
    assert mine.interventions[["department", "intervention_type"]].iloc[0].tolist() == [
        POOLED,
        POOLED,
    ]
    assert mine.courses["course_id"].tolist() == ["F1"]
    assert set(mine.courses["scheme"]) == {POOLED}
    assert str(mine.courses["scheme"].dtype) == "str"
    everyone = pooled_departments(reg, ())
    assert len(everyone.interventions) == 2 and len(everyone.courses) == 2


def exits_to_work(rows: list[tuple[str, float, int]]) -> pd.DataFrame:
    """Tidy rows of the catalogue's exit-to-work share: (scheme, %, persons it reveals)."""
    return pd.DataFrame(
        {
            "indicator": pd.Series(["exit_to_work_or_education_pct"] * len(rows), dtype="str"),
            "period": pd.Series(["2026-Q1"] * len(rows), dtype="str"),
            "scheme": pd.Series([r[0] for r in rows], dtype="str"),
            "value": pd.Series([r[1] for r in rows], dtype="float64"),
            "n": pd.Series([r[2] for r in rows], dtype="Int64"),
        }
    )


def test_a_catalogue_share_of_0_percent_of_8_exits_is_hidden_of_40_is_shown() -> None:
    # 0 of 8 fleksjob exits to work says «not to work» about each of the 8.
    small = publish(exits_to_work([("fleksjob", 0.0, 8)]))
    assert small["suppressed"].tolist() == [SECONDARY] and small["value"].isna().all()
    large = publish(exits_to_work([("fleksjob", 0.0, 40)]))
    assert large["suppressed"].tolist() == [NOT_SUPPRESSED] and large["value"].tolist() == [0.0]
    full = publish(exits_to_work([("fleksjob", 100.0, 9), ("ressourceforloeb", 30.0, 12)]))
    assert full["suppressed"].tolist() == [SECONDARY, SECONDARY]  # and its complement
    # Only catalogue shares: a table with its own dimensions keeps the ordinary rule.
    own = publish(exits_to_work([("fleksjob", 0.0, 8)]), dimensions={
        "exit_to_work_or_education_pct": ["scheme"]})  # fmt: skip
    assert own["suppressed"].tolist() == [NOT_SUPPRESSED]


def test_fold_gives_a_department_one_code_for_the_chosen_codes_only() -> None:
    reg = small_register()
    folded = fold(reg, "intervention_type", {"SOC": ("bostoette", "mentor")})
    assert folded.interventions["intervention_type"].tolist() == ["mentor", folded_code("SOC")]
    assert is_folded(folded_code("SOC")) and not is_folded("mentor")
    # A refusal without a reason counts as «andet»: folding «andet» folds it too.
    reasons = fold(reg, "refusal_reason", {"SOC": ("andet",), "BESK": ("andet",)})
    assert reasons.interventions["refusal_reason"].tolist() == ["kapacitet", folded_code("SOC")]
    ends = register(courses=[
        {"course_id": "F1", "person_id": "P1", "scheme": "fleksjob", "exit_reason": "job"},
        {"course_id": "R1", "person_id": "P2", "scheme": "ressourceforloeb", "exit_reason": "job"},
    ])  # fmt: skip
    schemes = fold(ends, "exit_reason", {"fleksjob": ("job",)}, within="scheme")
    assert schemes.courses["exit_reason"].tolist() == [folded_code("fleksjob"), "job"]
    with pytest.raises(ValueError, match="within"):
        fold(reg, "scheme", {"SOC": ("fleksjob",)})  # courses have no department
