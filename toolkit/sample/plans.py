"""Mål and Progression: the plan's goals and the citizen's measured progress.

Seed 002 (2.6): 86 % of plans carry an employment goal (ordinary work or a flex job), 19 %
aim at ordinary work, and only about one plan in three has a real first sub-goal. Plans
belong to ressourceforløb and jobafklaringsforløb and are written some weeks after the
start. Progress is scored 1-10 every two to four months and rises on average.
"""

from __future__ import annotations

import numpy as np

from toolkit.sample._base import (
    AS_OF_DAY,
    NO_DAY,
    Flags,
    Quota,
    lognormal_days,
    uniform_days,
)
from toolkit.sample.flow import JA, RF, Flow

FINAL_GOAL = {"ordinaer_beskaeftigelse": 0.19, "fleksjob": 0.67, "uddannelse": 0.05,
              "afklaring": 0.06, "helbred": 0.02, "sociale_forhold": 0.01}  # fmt: skip
SUB_GOAL = {"afklaring": 0.25, "helbred": 0.25, "sociale_forhold": 0.15, "uddannelse": 0.10,
            "ordinaer_beskaeftigelse": 0.10, "fleksjob": 0.05, "andet": 0.10}  # fmt: skip
HAS_PLAN = 0.95
HAS_SUB_GOALS = 1 / 3
SUB_GOAL_ACHIEVED = 0.55
MEASURED = 0.8  # courses where the caseworker records progression
MAX_MEASUREMENTS = 40
EXIT_REACHES_GOAL = {"ordinaer_beskaeftigelse": "ordinaer_beskaeftigelse",
                     "fleksjob": "fleksjob", "uddannelse": "uddannelse"}  # fmt: skip


def goals(rng: np.random.Generator, flow: Flow) -> dict[str, np.ndarray]:
    c = flow.courses
    planned = np.flatnonzero(np.isin(c["scheme"], [RF, JA]))
    planned = planned[Flags(rng, HAS_PLAN).take(len(planned))]
    start, end = c["start"][planned].astype(np.int64), c["end"][planned].astype(np.int64)
    created = start + lognormal_days(rng, 30, 0.6, len(planned), 3, 200)
    limit = np.where(end == NO_DAY, AS_OF_DAY, end)
    ok = created <= limit
    planned, created, end = planned[ok], created[ok], end[ok]
    category = Quota(rng, list(FINAL_GOAL), list(FINAL_GOAL.values())).take(len(planned))
    exit_reason = c["exit_reason"][planned]
    reached = np.array([EXIT_REACHES_GOAL.get(str(e)) == g for e, g in
                        zip(exit_reason, category, strict=True)], dtype=bool)  # fmt: skip
    achieved = np.where(reached, end, NO_DAY)

    with_subs = Flags(rng, HAS_SUB_GOALS).take(len(planned))
    count = Quota(rng, [1, 2, 3], [0.4, 0.4, 0.2]).take(int(with_subs.sum())).astype(np.int64)
    parent = np.repeat(np.flatnonzero(with_subs), count)
    rank = np.concatenate([np.arange(k) for k in count]) if len(count) else np.empty(0, int)
    sub_created = created[parent] + np.where(rank == 0, 0, uniform_days(rng, 30, 240, len(rank)))
    sub_done = sub_created + lognormal_days(rng, 120, 0.6, len(rank), 14, 900)
    sub_achieved = np.where((rng.random(len(rank)) < SUB_GOAL_ACHIEVED)
                            & (sub_done <= AS_OF_DAY), sub_done, NO_DAY)  # fmt: skip
    sub_keep = sub_created <= AS_OF_DAY
    sub_category = Quota(rng, list(SUB_GOAL), list(SUB_GOAL.values())).take(len(rank))

    course = np.concatenate([planned, planned[parent][sub_keep]])
    return {
        "course": course,
        "goal_kind": np.array(["slutmaal"] * len(planned) + ["delmaal"] * int(sub_keep.sum()),
                              dtype=object),
        "goal_category": np.concatenate([category, sub_category[sub_keep]]),
        "created": np.concatenate([created, sub_created[sub_keep]]),
        "achieved": np.concatenate([achieved, sub_achieved[sub_keep]]),
    }  # fmt: skip


def progression(rng: np.random.Generator, flow: Flow) -> dict[str, np.ndarray]:
    c = flow.courses
    measured = np.flatnonzero(np.isin(c["scheme"], [RF, JA]))
    measured = measured[Flags(rng, MEASURED).take(len(measured))]
    n = len(measured)
    start, end = c["start"][measured].astype(np.int64), c["end"][measured].astype(np.int64)
    limit = np.where(end == NO_DAY, AS_OF_DAY, np.minimum(end, AS_OF_DAY))
    gaps = rng.integers(60, 121, size=(n, MAX_MEASUREMENTS))
    gaps[:, 0] = rng.integers(14, 46, n)
    days = start[:, None] + np.cumsum(gaps, axis=1)
    inside = days <= limit[:, None]
    base = rng.normal(3.8, 1.3, n)
    slope = rng.normal(0.9, 0.9, n)  # score points per year: most improve, some fall back
    years = (days - start[:, None]) / 365.25
    score = np.rint(base[:, None] + slope[:, None] * years + rng.normal(0, 0.8, days.shape))
    score = np.clip(score, 1, 10).astype(np.int64)
    row, _ = np.nonzero(inside)
    return {"person": c["person"][measured][row].astype(np.int64), "day": days[inside],
            "score": score[inside]}  # fmt: skip
