"""toolkit.ui.coarsen: a fully hidden breakdown is recomputed coarser through the catalogue
and suppressed again; an empty or hidden figure says why in Danish."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from toolkit import config, disclosure
from toolkit.indicators import compute
from toolkit.indicators.pooling import POOLED, pool
from toolkit.indicators.publishing import publish
from toolkit.periods import as_of_default
from toolkit.register import Economy, Register
from toolkit.store import Store
from toolkit.ui.coarsen import (
    NO_DATA,
    Ladder,
    Step,
    first_shown,
    grouped_sentence,
    steps,
    why_empty,
)
from toolkit.ui.department_data import compute_all, pick
from toolkit.ui.selection import Selection

FIRST, LAST = date(2025, 11, 1), date(2026, 10, 31)


def tidy(values: list[float | None], n: list[int | None], period: str = "2026-01") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": "interventions_refused_pct",
            "period": period,
            "value": pd.Series(values, dtype="float64"),
            "n": pd.Series(n, dtype="Int64"),
        }
    )


def test_steps_run_from_the_asked_level_to_years_then_pool() -> None:
    assert steps("quarter") == [Step("quarter"), Step("year")]
    assert steps("month", ("refusal_reason",)) == [
        Step("month"), Step("quarter"), Step("year"),
        Step("month", ("refusal_reason",)), Step("quarter", ("refusal_reason",)),
        Step("year", ("refusal_reason",)),
    ]  # fmt: skip


def test_first_shown_keeps_a_visible_breakdown_as_asked() -> None:
    frames = {Step("month"): tidy([12.5], [7])}
    shown = first_shown(steps("month"), frames.__getitem__, FIRST, LAST)
    assert shown.step == Step("month") and shown.visible and shown.sentence == ""


def test_first_shown_goes_coarser_only_when_everything_is_hidden() -> None:
    asked = tidy([None, None], [None, None])
    frames = {Step("month"): asked, Step("quarter"): tidy([None], [None]),
              Step("year"): tidy([30.0], [9], "2026")}  # fmt: skip
    asked_steps: list[Step] = []

    def rows_at(step: Step) -> pd.DataFrame:
        asked_steps.append(step)
        return frames[step]

    shown = first_shown(steps("month"), rows_at, FIRST, LAST)
    assert shown.step == Step("year") and shown.visible
    assert shown.frame["value"].tolist() == [30.0]
    assert shown.sentence == ("Tallene er for små til at vises pr. måned; vist pr. år (2025–2026).")
    assert asked_steps == [Step("month"), Step("quarter"), Step("year")]


def test_all_hidden_and_no_data_say_why_instead_of_an_empty_axis() -> None:
    hidden = tidy([None], [None])
    shown = first_shown(steps("year", ("refusal_reason",)), lambda _: hidden, FIRST, LAST)
    assert not shown.visible
    assert shown.sentence == (
        f"Tallene vises ikke: de bygger alle på færre end {disclosure.suppression_threshold()} "
        "personer, også samlet pr. år for alle årsager under ét."
    )
    empty = first_shown(steps("month"), lambda _: tidy([], []), FIRST, LAST)
    assert not empty.visible and empty.sentence == NO_DATA
    custom = first_shown(steps("month"), lambda _: tidy([], []), FIRST, LAST, no_data="Ingen.")
    assert custom.sentence == "Ingen."
    assert why_empty(tidy([], [])) == NO_DATA
    assert why_empty(hidden).startswith("Tallene vises ikke")
    assert why_empty(tidy([4.0], [6])) == ""


def test_grouped_sentence_names_level_and_pooled_breakdown() -> None:
    sentence = grouped_sentence(Step("month"), Step("quarter", ("refusal_reason",)), FIRST, LAST)
    assert sentence == (
        "Tallene er for små til at vises pr. måned og årsag; vist pr. kvartal "
        "(4. kvt. 2025–4. kvt. 2026) for alle årsager under ét."
    )
    same_level = grouped_sentence(Step("month"), Step("month", ("intervention_type",)), FIRST,
                                  LAST)  # fmt: skip
    assert same_level == (
        "Tallene er for små til at vises pr. indsatstype; vist for alle indsatstyper under ét."
    )


def test_ladder_computes_a_step_once_and_only_when_asked() -> None:
    calls: list[Step] = []

    def make(step: Step) -> pd.DataFrame:
        calls.append(step)
        return tidy([1.0], [5])

    ladder = Ladder(make)
    ladder.seed(Step("month"), tidy([2.0], [5]))
    assert ladder.at(Step("month"))["value"].tolist() == [2.0]
    ladder.at(Step("year"))
    ladder.at(Step("year"))
    assert calls == [Step("year")]


# -- on the sample municipality ------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(sample_dir: Path) -> tuple[Register, Economy, date]:
    dataset = Store(config.data_dir(sample_dir)).load()
    return dataset.register, dataset.economy, as_of_default(dataset.register)


def test_pool_keeps_missing_codes_missing(sample: tuple[Register, Economy, date]) -> None:
    register = sample[0]
    pooled = pool(register, ["refusal_reason", "department"])
    reasons = pooled.interventions["refusal_reason"]
    assert set(reasons.dropna()) == {POOLED}
    assert reasons.isna().sum() == register.interventions["refusal_reason"].isna().sum()
    assert set(pooled.meetings["department"]) == {POOLED}
    assert register.interventions["refusal_reason"].nunique() > 1  # the original is untouched


def test_refusals_hidden_by_month_are_shown_by_quarter_recomputed_and_suppressed(
    sample: tuple[Register, Economy, date],
) -> None:
    register, economy, as_of = sample
    sel = Selection(FIRST, date(2026, 10, 1))
    computed = compute_all(register, economy, as_of, sel)
    asked = computed.frame
    refused = asked["indicator"] == "interventions_refused_pct"
    shown_months = asked["period"].isin(computed.labels("month"))
    monthly = asked[refused & shown_months & (asked["department"] == "BESK")]
    assert len(monthly) and monthly["value"].isna().all()  # the issue: every month hidden
    shown = pick(computed, "BESK").shown["refused"]
    assert shown.visible and shown.step != Step("month")
    assert shown.sentence.startswith("Tallene er for små til at vises pr. måned")
    visible = shown.frame[shown.frame["value"].notna()]
    assert (visible["n"] >= disclosure.suppression_threshold()).all()
    # The same numbers as the catalogue gives at that step, suppressed: not sums of cells.
    expected = publish(compute(pool(register, shown.step.pooled), economy,
                               ids=["interventions_refused_pct"], level=shown.step.level,
                               first=FIRST, last=as_of, as_of=as_of))  # fmt: skip
    expected = expected[expected["department"] == "BESK"].set_index("period")["value"]
    for period, value in zip(shown.frame["period"], shown.frame["value"], strict=True):
        assert value == pytest.approx(expected[period], nan_ok=True)


def test_a_department_without_refusals_says_so(sample: tuple[Register, Economy, date]) -> None:
    register, economy, as_of = sample
    computed = compute_all(register, economy, as_of, Selection(FIRST, date(2026, 10, 1)))
    shown = pick(computed, "UNGE").shown["refused"]
    assert not shown.visible and shown.frame.empty
    assert shown.sentence == "Ingen afviste eller afslåede indsatser i perioden for dette valg."
