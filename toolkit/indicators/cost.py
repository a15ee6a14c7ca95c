"""Cost per department: interventions, the team's staff time, benefits, budget and actuals.

Kroner are accrued to the days the service ran (Jobindsats' hændelsestidspunkt), not to the
day an invoice was booked: that is what Regnskab shows, and actual_dkk reports it apart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.indicators.catalogue import indicator
from toolkit.indicators.context import Context
from toolkit.indicators.grouping import Groups
from toolkit.indicators.spans import (
    active_rows,
    event_period,
    running_interventions,
    sum_with_persons,
    tidy,
)
from toolkit.rules.prices import PriceTable, cost_segments
from toolkit.rules.refund import RefundLadder, estimate_refund

DEFAULT_CASE_MINUTES = 60.0


def intervention_costs(ctx: Context) -> pd.DataFrame:
    """Kroner per piece of a running intervention (one period and one price segment of it),
    with period, department, intervention_type and person_id. Shared; every reader sums it
    further, so it is not summed per person first (nearly every piece is its own person)."""
    return ctx.cached(
        "intervention_costs",
        lambda: cost_spans(ctx, ["person_id", "department", "intervention_type"]).loc[
            :, ["period", "department", "intervention_type", "person_id", "cost"]
        ],
    )


def cost_spans(ctx: Context, columns: list[str]) -> pd.DataFrame:
    """The running interventions cut into periods and price segments: the ``days`` of each
    piece, its ``cost`` in kroner (the day's price × days) and the intervention's ``columns``."""
    interventions = running_interventions(ctx)
    spans = ctx.cached("cost_spans", lambda: _priced_spans(ctx, interventions))
    return spans.join(interventions[columns], on="item")


def _priced_spans(ctx: Context, interventions: pd.DataFrame) -> pd.DataFrame:
    segments = cost_segments(interventions, PriceTable.from_economy(ctx.economy), ctx.as_of)
    spans = active_rows(segments.segments, "seg_start", "seg_end", ctx)
    daily = segments.segments[["row", "daily"]].rename(columns={"row": "item"})
    spans = spans.join(daily, on="row")
    spans["cost"] = spans["daily"] * spans["days"]
    return spans


@indicator(
    label="Udgift til indsatser",
    definition="Udgiften til indsatser fordelt på de dage, indsatsen kørte, efter den "
    "afdeling der betaler. Timepris: timer pr. uge × pris ÷ 7 pr. dag; ugepris ÷ 7; "
    "månedspris × 12 ÷ 365; forløbspris hele beløbet på startdatoen; den takst der gælder "
    "den enkelte dag. En faktisk udgift fordeles jævnt fra start til slut i stedet.",
    unit="kr.",
    family="cost",
    dimensions=("department", "intervention_type"),
)
def intervention_cost_dkk(ctx: Context) -> pd.DataFrame:
    keys = ["period", "department", "intervention_type"]
    return tidy(sum_with_persons(intervention_costs(ctx), keys, "cost"), tuple(keys[1:]))


def meeting_staff_costs(ctx: Context) -> pd.DataFrame:
    """Kroner per meeting and department (period, meeting_id, department, cost); shared by
    every indicator of one ``compute`` call (never modified in place)."""
    return ctx.cached("meeting_staff_costs", lambda: _meeting_staff_costs(ctx))


def meeting_persons(ctx: Context) -> pd.DataFrame:
    """period, meeting_id, department, person_id: the persons whose cases a department's
    staff cost at a meeting was spent on (shared, never modified in place)."""
    return ctx.cached(
        "meeting_persons",
        lambda: meeting_staff_costs(ctx)[["period", "meeting_id", "department"]].merge(
            ctx.register.cases[["meeting_id", "person_id"]], on="meeting_id"
        ),
    )


def _meeting_staff_costs(ctx: Context) -> pd.DataFrame:
    meetings = ctx.register.meetings
    cases = ctx.register.cases
    per_meeting = cases.assign(minutes=cases["minutes"].fillna(DEFAULT_CASE_MINUTES))
    per_meeting = per_meeting.groupby("meeting_id").agg(
        case_minutes=("minutes", "sum"), cases=("person_id", "size")
    )
    rates = ctx.economy.hourly_rates.set_index("department")["hourly_rate"]
    rows = meetings.join(per_meeting, on="meeting_id", how="inner")
    rows = rows.assign(period=event_period(rows["date"], ctx)).dropna(subset=["period"])
    minutes = rows["case_minutes"] + rows["prep_minutes_per_case"].fillna(0) * rows["cases"]
    hours = rows["participants"].astype("float64") * minutes / 60
    rows["cost"] = hours * rows["department"].map(rates).astype("float64")
    # reset_index: joining empty frames leaves an index named meeting_id behind.
    return rows.loc[:, ["period", "meeting_id", "department", "cost"]].reset_index(drop=True)


@indicator(
    label="Medarbejdertid i rehabiliteringsteamet",
    definition="Udgiften til afdelingens deltagere på rehabiliteringsteamets møder: deltagere "
    "× (sagernes minutter på mødet + forberedelse pr. sag × antal sager) ÷ 60 × afdelingens "
    "timesats. Sager uden minutter tæller 60 minutter.",
    unit="kr.",
    family="cost",
    dimensions=("department",),
)
def meeting_staff_cost_dkk(ctx: Context) -> pd.DataFrame:
    costs = meeting_staff_costs(ctx)
    persons = meeting_persons(ctx)
    n = persons.groupby(["period", "department"], observed=True)["person_id"].nunique()
    value = costs.groupby(["period", "department"], observed=True)["cost"].sum()
    out = pd.DataFrame({"value": value, "n": n}).reset_index()
    return tidy(out.dropna(subset=["value"]), ("department",))


def _benefit_sum(ctx: Context, column: str) -> pd.DataFrame:
    sums = ctx.cached("benefit_sums", lambda: _benefit_sums(ctx))
    return tidy(sums.rename(columns={column: "value"}), ("benefit",))


def _benefit_sums(ctx: Context) -> pd.DataFrame:
    """Gross, refund and net per period and benefit with the persons paid: one pass over
    the payments for all three indicators."""
    benefits = ctx.register.benefits
    refund = estimate_refund(benefits, RefundLadder.from_economy(ctx.economy)).to_numpy()
    period = event_period(benefits["month"], ctx)
    inside = (period.notna() & benefits["benefit"].notna()).to_numpy()
    paid = pd.DataFrame(
        {
            "period": period[inside],
            "benefit": benefits["benefit"][inside],
            "person_id": benefits["person_id"][inside],
        }
    )
    amount = benefits["amount"].to_numpy(dtype=np.float64)[inside]
    refund = refund[inside]
    groups = Groups(paid, ["period", "benefit"])
    return groups.keys.assign(
        amount=groups.total(amount),
        refund=groups.total(refund),
        net=groups.total(amount - refund),
        n=groups.distinct(paid["person_id"]),
    )


_BENEFIT_NOTE = (
    "Tom refusion i Ydelser beregnes efter refusionstrappen i oekonomi.xlsx ud fra borgerens "
    "uger med ydelse inden for de seneste 52 uger."
)


@indicator(
    label="Ydelser, brutto",
    definition="Udbetalte ydelser i perioden efter ydelsestype, før statens refusion.",
    unit="kr.",
    family="cost",
    dimensions=("benefit",),
)
def benefit_cost_gross_dkk(ctx: Context) -> pd.DataFrame:
    return _benefit_sum(ctx, "amount")


@indicator(
    label="Statsrefusion af ydelser",
    definition=f"Statens refusion af ydelserne i perioden. {_BENEFIT_NOTE}",
    unit="kr.",
    family="cost",
    dimensions=("benefit",),
)
def benefit_refund_dkk(ctx: Context) -> pd.DataFrame:
    return _benefit_sum(ctx, "refund")


@indicator(
    label="Ydelser, netto",
    definition=f"Udbetalte ydelser minus statens refusion: kommunens egen udgift. {_BENEFIT_NOTE}",
    unit="kr.",
    family="cost",
    dimensions=("benefit",),
)
def benefit_cost_net_dkk(ctx: Context) -> pd.DataFrame:
    return _benefit_sum(ctx, "net")
