"""The bridge between the register and Jobindsats: the reconciliation a controller reads.

The rules (which benefit and course belong to which scheme, when the two agree, what a
difference may mean) are written in Danish in ``docs/national.md``, «Broen».
"""

from __future__ import annotations

import pandas as pd

from toolkit.indicators.publishing import NOT_COMPUTABLE_MARK
from toolkit.national.areas import area_rows, resolve_areas
from toolkit.national.register_counts import Coverage, register_counts, register_coverage
from toolkit.national.verdict import verdict
from toolkit.periods import LEVELS, Level, parse_period, period_of
from toolkit.register import Dataset, National
from toolkit.schema import NATIONAL_SCHEME

# Jobindsats revises its newest figures: the last three months, the last quarter, the last
# year published are preliminary.
REVISED = {"month": 3, "quarter": 1, "year": 1}

COLUMNS = {
    "scheme": "str",
    "period": "str",
    "period_kind": "str",
    "jobindsats_persons": "float64",
    "jobindsats_mark": "str",
    "register_paid_persons": "float64",
    "register_paid_persons_mark": "str",
    "register_course_persons": "float64",
    "register_course_persons_mark": "str",
    "course_without_payment": "float64",
    "course_without_payment_mark": "str",
    "payment_without_course": "float64",
    "payment_without_course_mark": "str",
    "moved_away": "float64",
    "moved_away_mark": "str",
    "difference": "float64",
    "preliminary": "bool",
    "jobindsats_full_time": "float64",
    "jobindsats_full_time_mark": "str",
    "register_full_time": "float64",
    "register_full_time_mark": "str",
    "verdict": "str",
}


def bridge(dataset: Dataset, *, period_kind: str = "quarter") -> pd.DataFrame:
    """One row per scheme × period the own municipality has in Jobindsats or the register.

    Columns: scheme, period, period_kind, jobindsats_persons (float|NaN), jobindsats_mark,
    register_paid_persons, register_course_persons, course_without_payment,
    payment_without_course, moved_away (each register count float|NaN with a companion
    ``<column>_mark`` str|NA: «<5», «..» (secondary), «–»; the counts pass
    ``toolkit.indicators.publish``), difference (jobindsats - register_paid; NaN when either
    is hidden), preliminary (bool), jobindsats_full_time (+ ``_mark``), register_full_time
    (+ ``_mark``), verdict (one Danish sentence).
    """
    if period_kind not in LEVELS:
        raise ValueError(
            f"Broen til Jobindsats opgøres pr. måned, kvartal eller år, ikke {period_kind!r}."
        )
    level: Level = period_kind
    published = _own_published(dataset.national, dataset, level)
    published_keys = set(zip(published["scheme"], published["period"], strict=True))
    counts = register_counts(dataset.register, dataset.economy, level, also=published_keys)
    out = published.merge(counts, on=["scheme", "period"], how="outer")
    if out.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in COLUMNS.items()})
    out["period_kind"] = period_kind
    # A merged row without a value or a mark is a figure the other side has and this one
    # has not: not computable, never 0.
    marks = {c.removesuffix("_mark"): c for c in COLUMNS if c.endswith("_mark")}
    marks["jobindsats_persons"] = marks.pop("jobindsats")
    for value, mark in marks.items():
        missing = out[value].isna() & out[mark].isna()
        out[mark] = out[mark].mask(missing, NOT_COMPUTABLE_MARK)
    out["difference"] = out["jobindsats_persons"] - out["register_paid_persons"]
    coverage = register_coverage(dataset.register, level)
    newest = _newest_published(dataset.national, level)
    out["preliminary"] = [
        period in newest or _after_payments(period, coverage) for period in out["period"]
    ]
    out["verdict"] = [verdict(row) for row in out.to_dict("records")]  # type: ignore[arg-type]
    order = {code: i for i, code in enumerate(NATIONAL_SCHEME.codes)}
    out = out.sort_values(["scheme", "period"], key=lambda c: c.map(order) if c.name == "scheme"
                          else c, kind="stable")  # fmt: skip
    return out.loc[:, list(COLUMNS)].astype(COLUMNS).reset_index(drop=True)


def _own_published(national: National, dataset: Dataset, level: Level) -> pd.DataFrame:
    """The own municipality's Jobindsats persons and full-time persons per scheme and period."""
    columns = ["scheme", "period", "jobindsats_persons", "jobindsats_mark",
               "jobindsats_full_time", "jobindsats_full_time_mark"]  # fmt: skip
    own = resolve_areas(dataset.economy, national).own
    rows = national.jobindsats
    if own is None:
        return pd.DataFrame({c: pd.Series(dtype=COLUMNS[c]) for c in columns})
    rows = rows[area_rows(rows, own) & (rows["period_kind"] == level)]
    persons = _measure(rows, "persons", "jobindsats_persons", "jobindsats_mark")
    full_time = _measure(
        rows, "full_time_persons", "jobindsats_full_time", "jobindsats_full_time_mark"
    )
    merged = persons.merge(full_time, on=["scheme", "period"], how="left")
    return merged.loc[:, columns]


def _measure(rows: pd.DataFrame, measure: str, value: str, mark: str) -> pd.DataFrame:
    chosen = rows[rows["measure"] == measure].loc[:, ["scheme", "period", "value", "mark"]]
    return chosen.rename(columns={"value": value, "mark": mark}).drop_duplicates(
        ["scheme", "period"]
    )


def _newest_published(national: National, level: Level) -> frozenset[str]:
    """The periods Jobindsats will still revise: its newest ones of this kind."""
    periods = national.jobindsats.loc[national.jobindsats["period_kind"] == level, "period"]
    newest = sorted(set(periods), key=lambda label: parse_period(label).start)[-REVISED[level] :]
    return frozenset(newest)


def _after_payments(period: str, coverage: Coverage) -> bool:
    """The period ends after the register's last month in Ydelser (its payments are partial)."""
    last = coverage.last_payment_month
    if last is None:
        return False
    return parse_period(period).end > period_of(last.date(), "month").end
