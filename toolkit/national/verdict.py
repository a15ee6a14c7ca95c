"""The bridge's verdict: one Danish sentence per scheme and period (``docs/national.md``).

A hidden register count never gets a number here, not even as a difference.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from toolkit import formats
from toolkit.indicators.publishing import NOT_COMPUTABLE_MARK

# Within this share of Jobindsats' count, or this many persons, the two agree.
AGREE_SHARE = 0.02
AGREE_PERSONS = 2
# The schemes the register holds only in part: kontanthjælp and ledighedsydelse have no
# course in it, and a fleksjob is followed from its visitation in the rehabilitation team,
# while Jobindsats counts everyone in fleksjob, also those hired years before. A lower
# count there says how much of the scheme the register covers, not that it is incomplete.
COVERAGE_SCHEMES = frozenset({"fleksjob", "ledighedsydelse", "kontanthjaelp"})


def agrees(jobindsats: float, register: float) -> bool:
    difference = abs(jobindsats - register)
    return difference <= AGREE_PERSONS or difference <= AGREE_SHARE * abs(jobindsats)


def verdict(row: Mapping[str, object]) -> str:
    """The sentence for one row of the bridge (its columns by name)."""
    published, mark = _number(row["jobindsats_persons"]), row["jobindsats_mark"]
    paid, paid_mark = _number(row["register_paid_persons"]), row["register_paid_persons_mark"]
    preliminary = bool(row["preliminary"])
    if published is None:
        if mark == NOT_COMPUTABLE_MARK:
            return "Jobindsats har intet tal for kommunen i perioden at sammenligne med."
        return f"Jobindsats viser ikke tallet («{mark}»), så der er intet at sammenligne med."
    if paid is None:
        if paid_mark == NOT_COMPUTABLE_MARK:
            return "Registrets ydelser dækker ikke hele perioden, så der er intet at sammenligne."
        return (
            f"Registrets tal er skjult («{paid_mark}») for at beskytte borgerne, så det "
            "sammenlignes ikke med Jobindsats."
        )
    later = "; Jobindsats' tal er foreløbige og kan blive rettet" if preliminary else ""
    if agrees(published, paid):
        return f"Registret og Jobindsats stemmer overens{later}."
    difference = formats.integer(round(abs(published - paid)))
    if published > paid:
        if row["scheme"] in COVERAGE_SCHEMES:
            covered = (
                f"{formats.integer(round(paid))} af {formats.integer(round(published))}, "
                f"{formats.percent(100 * paid / published)}"
            )
            return (
                f"Jobindsats tæller {difference} flere: registret rummer kun de borgere, "
                f"rehabiliteringsarbejdet kender ({covered}), så forskellen viser, hvor stor en "
                f"del af kommunens modtagere registret dækker{later}."
            )
        return (
            f"Jobindsats tæller {difference} flere: registret mangler måske borgere, der fik "
            f"ydelsen uden et forløb i registret, eller udbetalinger, der ikke er indlæst{later}."
        )
    reasons = ["udbetalinger dateret i en anden måned end den, de gælder for"]
    moved, moved_mark = _number(row["moved_away"]), row["moved_away_mark"]
    if moved:
        reasons.append(f"{formats.integer(round(moved))} borgere, der flyttede fra kommunen")
    elif moved_mark not in (None, NOT_COMPUTABLE_MARK) and isinstance(moved_mark, str):
        reasons.append("borgere, der flyttede fra kommunen")
    if preliminary:
        reasons.append("Jobindsats' foreløbige tal, der kan blive rettet")
    return f"Registret tæller {difference} flere; mulige grunde: {formats.listing(reasons)}."


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not math.isnan(value):
        return float(value)
    return None
