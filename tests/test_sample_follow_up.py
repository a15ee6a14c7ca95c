"""The sample's «Status efter forløb»: consistent with Forløb and Ydelser, every path of the
status rule taken, and STAR's national pattern after a ressourceforløb in broad strokes."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit import schema
from toolkit.sample import AS_OF, SampleMunicipality, follow_up, generate

SCHEMES = ("ressourceforloeb", "jobafklaring")
AS_OF_MONTH = AS_OF.to_period("M").to_timestamp()
# Ydelser read as a status (the rule's step 2), strongest first.
PAYMENT_ORDER = {
    "fleksloentilskud": "fleksjob",
    "ledighedsydelse": "ledighedsydelse",
    "foertidspension": "foertidspension",
    "sygedagpenge": "sygedagpenge",
    "kontanthjaelp": "kontanthjaelp",
    "ressourceforloebsydelse": "kontanthjaelp",
    "jobafklaringsydelse": "kontanthjaelp",
}


@pytest.fixture(scope="module")
def sample() -> SampleMunicipality:
    return generate()


def _ended(sample: SampleMunicipality) -> pd.DataFrame:
    courses = sample.register["courses"]
    return courses[courses["scheme"].isin(SCHEMES) & courses["end"].notna()]


def _payments(sample: SampleMunicipality) -> pd.DataFrame:
    benefits = sample.register["benefits"]
    paid = benefits[(benefits["amount"] > 0) & benefits["benefit"].isin(list(PAYMENT_ORDER))]
    rank = paid["benefit"].map({name: i for i, name in enumerate(PAYMENT_ORDER)})
    strongest = paid.assign(rank=rank).sort_values("rank").drop_duplicates(["cpr", "month"])
    return strongest.assign(paid_status=strongest["benefit"].map(PAYMENT_ORDER))[
        ["cpr", "month", "paid_status"]
    ]


def _statuses(sample: SampleMunicipality, horizon: int) -> pd.DataFrame:
    """Each ended course's status ``horizon`` months after its end, by the documented rule,
    and which step decided it; courses whose month lies after the as-of month are left out."""
    ended = _ended(sample)
    month = (ended["end"].dt.to_period("M") + horizon).dt.to_timestamp().astype("datetime64[us]")
    courses = ended.assign(month=month)
    courses = courses[courses["month"] <= AS_OF_MONTH]
    sheet = sample.register["status_after"][["cpr", "month", "status"]]
    merged = courses.merge(sheet, on=["cpr", "month"], how="left").merge(
        _payments(sample), on=["cpr", "month"], how="left"
    )
    moved = merged["exit_reason"].eq("flyttet").map({True: "fraflyttet", False: None})
    step = (
        merged["status"].notna().map({True: "række", False: None})
        .fillna(merged["paid_status"].notna().map({True: "ydelse", False: None}))
        .fillna(moved.notna().map({True: "afgang", False: None}))
        .fillna("ukendt")
    )  # fmt: skip
    final = merged["status"].fillna(merged["paid_status"]).fillna(moved).fillna("ukendt")
    return merged.assign(final=final, step=step)


def _shares(sample: SampleMunicipality, horizon: int, scheme: str) -> pd.Series:
    statuses = _statuses(sample, horizon)
    return statuses.loc[statuses["scheme"] == scheme, "final"].value_counts(normalize=True)


def test_rows_lie_in_the_year_after_an_ended_course_and_not_after_the_as_of_month(
    sample: SampleMunicipality,
) -> None:
    sheet = sample.register["status_after"]
    assert list(sheet.columns) == list(schema.STATUS_AFTER.column_names)
    assert len(sheet) > 1_000
    assert not sheet.duplicated(["cpr", "month"]).any()
    assert (sheet["month"].dt.day == 1).all() and (sheet["month"] <= AS_OF_MONTH).all()
    ended = _ended(sample)
    pairs = sheet.reset_index().merge(ended[["cpr", "end"]], on="cpr")
    gap = (pairs["month"].dt.to_period("M") - pairs["end"].dt.to_period("M")).map(lambda d: d.n)
    followed = pairs.loc[(gap >= 1) & (gap <= 12), "index"].unique()
    assert len(followed) == len(sheet)


def test_no_row_while_the_citizen_is_in_a_later_course_or_after_death(
    sample: SampleMunicipality,
) -> None:
    sheet = sample.register["status_after"]
    courses = sample.register["courses"]
    spans = courses[courses["scheme"].isin(SCHEMES)]
    pairs = sheet.merge(spans[["cpr", "start", "end"]], on="cpr")
    first = pairs["start"].dt.to_period("M").dt.to_timestamp()
    last = pairs["end"].fillna(AS_OF).dt.to_period("M").dt.to_timestamp()
    assert not ((pairs["month"] >= first) & (pairs["month"] <= last)).any()
    died = courses.loc[courses["exit_reason"] == "doed", ["cpr", "end"]]
    after_death = sheet.merge(died, on="cpr")
    assert not (after_death["month"] > after_death["end"]).any()


def test_rows_say_what_ydelser_pays_in_the_same_month(sample: SampleMunicipality) -> None:
    both = sample.register["status_after"].merge(_payments(sample), on=["cpr", "month"])
    assert len(both) > 500
    disagree = both[(both["status"] != both["paid_status"]) & (both["status"] != "fraflyttet")]
    assert disagree.empty


def test_the_first_month_follows_the_exit_reason(sample: SampleMunicipality) -> None:
    first = _statuses(sample, 1)
    from_row = first[first["step"] == "række"]
    expected = {"ordinaer_beskaeftigelse": {"job_uddannelse"}, "uddannelse": {"job_uddannelse"},
                "foertidspension": {"foertidspension"}, "flyttet": {"fraflyttet"},
                "fleksjob": {"fleksjob", "ledighedsydelse"}}  # fmt: skip
    for reason, statuses in expected.items():
        found = set(from_row.loc[from_row["exit_reason"] == reason, "status"])
        assert found and found <= statuses, reason


def test_every_status_and_every_step_of_the_rule_occurs(sample: SampleMunicipality) -> None:
    sheet = sample.register["status_after"]
    assert set(sheet["status"]) == set(schema.FOLLOW_UP_STATUS.codes)
    assert sheet["source"].isna().any() and sheet["source"].notna().mean() > 0.8
    steps = pd.concat([_statuses(sample, h) for h in (1, 3, 6, 12)])["step"].value_counts()
    assert set(steps.index) == {"række", "ydelse", "afgang", "ukendt"}
    assert steps["række"] > steps["ydelse"] > steps["afgang"]
    assert 0.03 < steps["ukendt"] / steps.sum() < 0.15


def test_after_a_ressourceforloeb_most_get_a_pension_or_a_flex_job_and_few_a_job(
    sample: SampleMunicipality,
) -> None:
    one = _shares(sample, 1, "ressourceforloeb")
    assert one.idxmax() == "foertidspension"
    assert 0.20 < one["foertidspension"] < 0.60
    assert 0.18 < one["fleksjob"] + one["ledighedsydelse"] < 0.32
    assert one["job_uddannelse"] < one["foertidspension"] / 1.5


def test_later_months_drift_from_ledighedsydelse_into_flex_jobs_and_jobs(
    sample: SampleMunicipality,
) -> None:
    one, year = _shares(sample, 1, "ressourceforloeb"), _shares(sample, 12, "ressourceforloeb")
    assert year["ledighedsydelse"] < one["ledighedsydelse"] / 4
    assert year["fleksjob"] > one["fleksjob"] * 2
    assert year["job_uddannelse"] > one["job_uddannelse"]


def test_follow_up_rows_do_not_change_the_other_sheets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The statuses draw from a stream of their own: without them the sheets that existed
    before (and the national files derived from Ydelser) are exactly what they were."""
    with_statuses = generate(seed=11, scale=0.3)
    empty = with_statuses.register["status_after"].iloc[:0]
    monkeypatch.setattr(follow_up, "status_after", lambda rng, courses, benefits: empty)
    without = generate(seed=11, scale=0.3)
    assert without.register["status_after"].empty
    for table, frame in with_statuses.register.items():
        if table != "status_after":
            pd.testing.assert_frame_equal(frame, without.register[table], obj=table)
    assert len(with_statuses.register["status_after"]) > 100
