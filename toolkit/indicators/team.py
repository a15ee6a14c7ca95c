"""The rehabilitation team's meetings: whether the citizen takes part in their own case."""

from __future__ import annotations

import pandas as pd

from toolkit.indicators.catalogue import indicator
from toolkit.indicators.context import Context
from toolkit.indicators.spans import event_period, share, tidy


@indicator(
    label="Sager hvor borgeren deltog",
    definition="Andel af sagerne behandlet i rehabiliteringsteamet i perioden, hvor borgeren "
    "deltog i mødet. En sag dateres efter mødet; sager uden oplysning om deltagelse tæller "
    "ikke med.",
    unit="%",
    family="process",
    higher_is_better=True,
)
def citizen_present_pct(ctx: Context) -> pd.DataFrame:
    meeting_dates = ctx.register.meetings.groupby("meeting_id")["date"].first()
    cases = ctx.register.cases.join(meeting_dates.rename("date"), on="meeting_id")
    cases = cases[cases["citizen_present"].notna()]
    cases = cases.assign(
        period=event_period(cases["date"], ctx),
        present=cases["citizen_present"].astype("bool"),
    ).dropna(subset=["period"])
    return tidy(share(cases, ["period"], "present"), ())
