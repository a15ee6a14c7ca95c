"""The refund ladder at its band edges, and the estimate of a blank refund in Ydelser."""

from __future__ import annotations

import calendar
import time

import numpy as np
import pandas as pd
import pytest

from toolkit.register import Economy, empty_table
from toolkit.rules.refund import (
    ESTIMATION_NOTE_DA,
    RefundLadder,
    benefit_weeks,
    estimate_refund,
    refund_weeks,
)

DEFAULT = RefundLadder.default()


def ladder_frame(*rows: tuple[int, int | None, float]) -> pd.DataFrame:
    return pd.DataFrame({
        "from_week": pd.array([r[0] for r in rows], dtype="Int64"),
        "to_week": pd.array([r[1] for r in rows], dtype="Int64"),
        "refund_pct": [float(r[2]) for r in rows],
    })  # fmt: skip


def ydelser(*rows: tuple[str, str, str, float, float | None]) -> pd.DataFrame:
    """(person, "YYYY-MM", benefit, amount, refund or None) -> a Register.benefits frame."""
    return pd.DataFrame({
        "person_id": pd.Series([r[0] for r in rows], dtype="str"),
        "month": pd.to_datetime([f"{r[1]}-01" for r in rows]).astype("datetime64[us]"),
        "benefit": pd.Series([r[2] for r in rows], dtype="str"),
        "amount": [float(r[3]) for r in rows],
        "refund": [np.nan if r[4] is None else float(r[4]) for r in rows],
    })  # fmt: skip


def months(first: str, count: int) -> list[str]:
    start = pd.Period(first, freq="M")
    return [str(start + i) for i in range(count)]


def monthly(person: str, first: str, count: int, benefit: str = "kontanthjaelp") -> list[tuple]:
    return [(person, m, benefit, 1000.0, None) for m in months(first, count)]


# -- the ladder ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("week", "pct"),
    [(1, 80), (4, 80), (5, 40), (26, 40), (27, 30), (52, 30), (53, 20), (520, 20)],
)
def test_default_ladder_at_the_band_edges(week: int, pct: float) -> None:
    assert DEFAULT.pct(week) == pct


def test_default_ladder_names_its_legal_source() -> None:
    assert "§ 5" in DEFAULT.source and "finansiering af visse offentlige ydelser" in DEFAULT.source


def test_week_zero_is_not_on_the_ladder() -> None:
    with pytest.raises(ValueError, match="første uge er 1"):
        DEFAULT.pct(0)


def test_the_default_is_used_only_when_the_economy_has_no_ladder() -> None:
    assert RefundLadder.from_economy(Economy()).steps == DEFAULT.steps
    own = RefundLadder.from_economy(Economy(refund_ladder=ladder_frame((1, 8, 90), (9, None, 10))))
    assert own.steps != DEFAULT.steps
    assert "oekonomi.xlsx" in own.source


def test_a_custom_ladder_from_a_frame_in_any_row_order() -> None:
    ladder = RefundLadder.from_frame(ladder_frame((9, 104, 50), (105, None, 0), (1, 8, 100)))
    assert [ladder.pct(w) for w in (1, 8, 9, 104, 105, 999)] == [100, 100, 50, 50, 0, 0]


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        (((1, 4, 80), (6, None, 40)), "skal begynde ugen efter uge 4"),  # a gap
        (((1, 4, 80), (4, None, 40)), "skal begynde ugen efter uge 4"),  # an overlap
        (((2, 4, 80), (5, None, 40)), "første trin skal begynde i uge 1"),
        (((1, None, 80), (5, None, 40)), "kun sidste trin"),
        (((1, 4, 80), (5, 26, 40)), "sidste trin skal være uden slutuge"),
        (((1, None, 120),), "mellem 0 og 100"),
        ((), "ingen trin"),
    ],
)
def test_an_unusable_ladder_is_refused_in_danish(rows: tuple, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        RefundLadder.from_frame(ladder_frame(*rows)) if rows else RefundLadder(())


def test_pct_for_weeks_agrees_with_pct_and_leaves_missing_missing() -> None:
    weeks = pd.Series(pd.array([*range(1, 121), None, 0], dtype="Int64"), index=range(5, 127))
    pct = DEFAULT.pct_for_weeks(weeks)
    assert pct.index.equals(weeks.index)
    assert pct.iloc[:120].tolist() == [DEFAULT.pct(w) for w in range(1, 121)]
    assert pct.iloc[120:].isna().all()


# -- counting weeks -------------------------------------------------------------------------


def test_a_continuous_spell_reaches_the_weeks_month_by_month() -> None:
    frame = ydelser(*monthly("a", "2023-01", 14))
    days = np.cumsum([calendar.monthrange(2023 + (m // 12), m % 12 + 1)[1] for m in range(14)])
    assert benefit_weeks(frame).tolist() == [round(d / 7) for d in days]
    assert benefit_weeks(frame).tolist() == [4, 8, 13, 17, 22, 26, 30, 35, 39, 43, 48, 52, 57, 61]


def test_band_edges_in_months_4_5_26_27_52_53_and_the_open_last_step() -> None:
    frame = ydelser(*monthly("a", "2023-01", 14))
    refund = estimate_refund(frame, DEFAULT) / frame["amount"] * 100
    # Weeks 4 | 8, 26 | 30, 52 | 57: the month ends sit on the band edges 4/5, 26/27, 52/53.
    assert refund.tolist() == [80] + [40] * 5 + [30] * 6 + [20] * 2


def test_the_estimate_note_states_what_the_code_does() -> None:
    assert "80 % i første måned, 40 % i 2.-6. måned, 30 % i 7.-12. måned og 20 % derefter" in (
        ESTIMATION_NOTE_DA
    )
    assert "12 måneder uden udbetaling inden for de seneste 36 måneder" in ESTIMATION_NOTE_DA


def test_a_person_crossing_a_band_mid_year() -> None:
    frame = ydelser(*monthly("a", "2023-05", 8))  # May 2023 - Dec 2023
    pct = (estimate_refund(frame, DEFAULT) / frame["amount"] * 100).tolist()
    assert pct == [80, 40, 40, 40, 40, 40, 30, 30]  # month 7 (Nov) moves to 30 %


def test_moving_between_benefits_does_not_restart_the_count() -> None:
    moved = ydelser(
        *monthly("a", "2023-01", 3, "sygedagpenge"),
        *monthly("a", "2023-03", 6, "ressourceforloebsydelse"),  # March has both
    )
    stayed = ydelser(*monthly("b", "2023-01", 8))
    weeks = benefit_weeks(moved)
    by_month = dict(zip(moved["month"].dt.strftime("%Y-%m"), weeks, strict=True))
    assert weeks[moved["month"] == "2023-03-01"].tolist() == [13, 13]  # one month, counted once
    assert list(by_month.values()) == benefit_weeks(stayed).tolist()


def test_rows_out_of_order_and_other_people_do_not_disturb_the_count() -> None:
    frame = ydelser(*monthly("a", "2023-01", 7), *monthly("b", "2022-06", 3))
    shuffled = frame.sample(frac=1, random_state=3)
    shuffled.index = shuffled.index * 10 + 5
    weeks = benefit_weeks(shuffled)
    assert weeks.index.equals(shuffled.index)
    assert weeks.sort_index().tolist() == benefit_weeks(frame).tolist()


def test_a_month_without_payment_is_self_support() -> None:
    frame = ydelser(
        ("a", "2023-01", "kontanthjaelp", 1000, None),
        ("a", "2023-02", "kontanthjaelp", 0, None),  # nothing paid: not a benefit month
        ("a", "2023-03", "kontanthjaelp", -200, None),  # a repayment: not one either
        ("a", "2023-04", "kontanthjaelp", 1000, None),
    )
    # Feb and Mar take the week of January; April counts January + April (61 days).
    assert benefit_weeks(frame).tolist() == [4, 4, 4, 9]


def test_twelve_months_of_self_support_restart_the_count() -> None:
    frame = ydelser(*monthly("a", "2021-01", 12), ("a", "2023-01", "kontanthjaelp", 1000, None))
    assert benefit_weeks(frame).iloc[-1] == 4
    assert estimate_refund(frame, DEFAULT).iloc[-1] == 800


def test_eleven_months_of_self_support_do_not() -> None:
    # 2021 paid, January-November 2022 not, December 2022 paid: the count goes on.
    frame = ydelser(*monthly("a", "2021-01", 12), ("a", "2022-12", "kontanthjaelp", 1000, None))
    assert benefit_weeks(frame).iloc[-1] == round((365 + 31) / 7)  # 57
    assert estimate_refund(frame, DEFAULT).iloc[-1] == 200


def test_self_support_adds_up_within_36_months() -> None:
    # 6 + 6 months without benefit between spells: 12 within the window -> a new count.
    frame = ydelser(*monthly("a", "2020-01", 6), *monthly("a", "2021-01", 6),
                    ("a", "2022-01", "kontanthjaelp", 1000, None))  # fmt: skip
    assert benefit_weeks(frame).iloc[-1] == 4


def test_self_support_older_than_36_months_is_forgotten() -> None:
    # 6 months off in 2020, back for 29 months, 6 months off in 2023: only 7 in the window.
    frame = ydelser(("a", "2020-01", "kontanthjaelp", 1000, None), *monthly("a", "2020-08", 29),
                    ("a", "2023-07", "kontanthjaelp", 1000, None))  # fmt: skip
    assert benefit_weeks(frame).iloc[-1] > 52


def test_rows_without_person_or_month_get_no_week_and_no_estimate() -> None:
    frame = ydelser(("a", "2023-01", "kontanthjaelp", 1000, None),
                    ("b", "2023-01", "kontanthjaelp", 1000, None))  # fmt: skip
    frame.loc[1, "person_id"] = None
    assert benefit_weeks(frame).isna().tolist() == [False, True]
    assert estimate_refund(frame, DEFAULT).isna().tolist() == [False, True]


def _reference_weeks(frame: pd.DataFrame) -> list[int]:
    """The rules of benefit_weeks written the plain way: a loop per person and month."""
    weeks = {}
    for person, rows in frame.groupby("person_id"):
        index = {(t.year * 12 + t.month - 1) for t in rows["month"]}
        paid = sorted({t.year * 12 + t.month - 1 for t, a in zip(rows["month"], rows["amount"],
                                                                strict=True) if a > 0})  # fmt: skip
        start, days, week_of = None, 0, {}
        for month in paid:
            if start is not None:
                window = range(max(start + 1, month - 36), month)
                if sum(1 for m in window if m not in paid) >= 12:
                    start, days = None, 0
            start = month if start is None else start
            days += calendar.monthrange(month // 12, month % 12 + 1)[1]
            week_of[month] = max(1, round(days / 7))
        for month in index:
            earlier = [m for m in paid if m <= month]
            weeks[person, month] = week_of[earlier[-1]] if earlier else 1
    keys = zip(frame["person_id"], frame["month"], strict=True)
    return [weeks[p, t.year * 12 + t.month - 1] for p, t in keys]


def test_the_vectorised_count_agrees_with_a_plain_loop_on_random_histories() -> None:
    rng = np.random.default_rng(11)
    for _ in range(10):
        n = 300
        frame = pd.DataFrame({
            "person_id": pd.Series(rng.choice(list("abcdef"), n), dtype="str"),
            "month": (np.datetime64("2016-01", "M") + rng.integers(0, 90, n)).astype(
                "datetime64[us]"),
            "amount": rng.choice([1000.0, 0.0, -50.0], n, p=[0.85, 0.1, 0.05]),
        })  # fmt: skip
        assert benefit_weeks(frame).tolist() == _reference_weeks(frame)


# -- the estimate ---------------------------------------------------------------------------


def test_a_filled_in_refund_is_kept() -> None:
    frame = ydelser(("a", "2023-01", "kontanthjaelp", 1000, 123.45),
                    ("a", "2023-02", "kontanthjaelp", 1000, None))  # fmt: skip
    refund = estimate_refund(frame, DEFAULT)
    assert refund.tolist() == [123.45, 400.0]
    assert refund.name == "refund" and refund.index.equals(frame.index)


def test_a_custom_ladder_drives_the_estimate() -> None:
    ladder = RefundLadder.from_frame(ladder_frame((1, 8, 100), (9, None, 10)))
    frame = ydelser(*monthly("a", "2023-01", 3))  # weeks 4, 8, 13
    assert estimate_refund(frame, ladder).tolist() == [1000, 1000, 100]


def test_known_refunds_show_support_from_before_the_register() -> None:
    # A refund at 20 % in March: the person had reached week 53 then, though Ydelser starts
    # in January. The 40 weeks before the register lift the whole spell, January too.
    frame = ydelser(("a", "2023-01", "kontanthjaelp", 1000, None),
                    ("a", "2023-02", "kontanthjaelp", 1000, None),
                    ("a", "2023-03", "kontanthjaelp", 1000, 200),
                    ("b", "2023-01", "kontanthjaelp", 1000, None))  # fmt: skip
    lifted = refund_weeks(frame, DEFAULT)
    assert lifted.tolist() == [4 + 40, 8 + 40, 13 + 40, 4]  # 53 - 13 = 40 weeks before
    assert estimate_refund(frame, DEFAULT).tolist() == [300, 300, 200, 800]
    plain = estimate_refund(frame, DEFAULT, use_known_refunds=False)
    assert plain.tolist() == [800, 400, 200, 800]


def test_known_refunds_only_lift_within_their_own_count() -> None:
    frame = ydelser(("a", "2020-01", "kontanthjaelp", 1000, 200),
                    ("a", "2022-01", "kontanthjaelp", 1000, None))  # fmt: skip
    assert refund_weeks(frame, DEFAULT).tolist() == [53, 4]  # restarted in 2022


def test_known_refunds_that_match_no_step_or_a_rising_ladder_lift_nothing() -> None:
    frame = ydelser(("a", "2023-01", "kontanthjaelp", 1000, 100),  # 10 %: below every step
                    ("a", "2023-02", "kontanthjaelp", 1000, None))  # fmt: skip
    assert refund_weeks(frame, DEFAULT).tolist() == [4, 8]
    rising = RefundLadder.from_frame(ladder_frame((1, 4, 10), (5, None, 50)))
    assert refund_weeks(frame, rising).tolist() == [4, 8]


def test_estimate_refund_is_fast_for_a_million_rows() -> None:
    rng = np.random.default_rng(1)
    people = 50_000
    first = rng.integers(0, 60, people)
    length = rng.integers(1, 40, people)
    person = np.repeat(np.arange(people), length)
    offset = np.arange(len(person)) - np.repeat(np.cumsum(length) - length, length)
    frame = pd.DataFrame({
        "person_id": pd.Series(np.char.add("p", person.astype(str)), dtype="str"),
        "month": (np.datetime64("2019-01", "M") + first[person] + offset).astype(
            "datetime64[us]"),
        "amount": rng.uniform(1000, 20000, len(person)),
    }).head(1_000_000)  # fmt: skip
    frame["refund"] = np.where(rng.random(len(frame)) < 0.12, np.nan, frame["amount"] * 0.3)
    frame = frame.sample(frac=1, random_state=1)
    began = time.perf_counter()
    refund = estimate_refund(frame, DEFAULT)
    elapsed = time.perf_counter() - began
    assert refund.notna().all()
    assert elapsed < 3.0, f"estimate_refund took {elapsed:.2f} s for {len(frame):,} rows"


def test_an_empty_ydelser_sheet() -> None:
    assert estimate_refund(empty_table("benefits"), DEFAULT).empty
    assert benefit_weeks(empty_table("benefits")).empty
