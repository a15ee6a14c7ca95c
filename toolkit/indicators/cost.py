"""Cost per department: interventions, the team's staff time, benefits, budget and actuals.

Kroner are accrued to the days the service ran (Jobindsats' hændelsestidspunkt), not to the
day an invoice was booked: that is what Regnskab shows, and actual_dkk reports it apart.
"""

from __future__ import annotations

import pandas as pd

from toolkit.indicators.catalogue import indicator
from toolkit.indicators.context import Context
from toolkit.indicators.spans import active_rows, event_period, running_interventions, tidy
from toolkit.rules.prices import PriceTable, cost_segments
from toolkit.rules.refund import RefundLadder, estimate_refund

DEFAULT_CASE_MINUTES = 60.0


def intervention_costs(ctx: Context) -> pd.DataFrame:
    """Kroner per period, department, intervention type and person."""
    return ctx.cached("intervention_costs", lambda: _intervention_costs(ctx))


def cost_spans(ctx: Context, columns: list[str]) -> pd.DataFrame:
    """The running interventions cut into periods and price segments: the ``days`` of each
    piece, its ``cost`` in kroner (the day's price × days) and the intervention's ``columns``."""
    interventions = running_interventions(ctx)
    segments = cost_segments(interventions, PriceTable.from_economy(ctx.economy), ctx.as_of)
    spans = active_rows(segments.segments, "seg_start", "seg_end", ctx)
    daily = segments.segments[["row", "daily"]].rename(columns={"row": "item"})
    spans = spans.join(daily, on="row").join(interventions[columns], on="item")
    spans["cost"] = spans["daily"] * spans["days"]
    return spans


def _intervention_costs(ctx: Context) -> pd.DataFrame:
    spans = cost_spans(ctx, ["person_id", "department", "intervention_type"])
    keys = ["period", "department", "intervention_type", "person_id"]
    return spans.groupby(keys, observed=True)["cost"].sum().reset_index()


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
    costs = intervention_costs(ctx)
    grouped = costs.groupby(["period", "department", "intervention_type"], observed=True)
    out = grouped.agg(value=("cost", "sum"), n=("person_id", "nunique")).reset_index()
    return tidy(out, ("department", "intervention_type"))


def meeting_staff_costs(ctx: Context) -> pd.DataFrame:
    """Kroner per meeting and department, with the persons whose cases were treated."""
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
    persons = costs[["period", "meeting_id", "department"]].merge(
        ctx.register.cases[["meeting_id", "person_id"]], on="meeting_id"
    )
    n = persons.groupby(["period", "department"], observed=True)["person_id"].nunique()
    value = costs.groupby(["period", "department"], observed=True)["cost"].sum()
    out = pd.DataFrame({"value": value, "n": n}).reset_index()
    return tidy(out.dropna(subset=["value"]), ("department",))


def _benefits(ctx: Context) -> pd.DataFrame:
    return ctx.cached("benefits_with_refund", lambda: _benefits_with_refund(ctx))


def _benefits_with_refund(ctx: Context) -> pd.DataFrame:
    benefits = ctx.register.benefits
    refund = estimate_refund(benefits, RefundLadder.from_economy(ctx.economy))
    out = benefits.assign(refund=refund, period=event_period(benefits["month"], ctx))
    return out.dropna(subset=["period"])


def _benefit_sum(ctx: Context, column: str) -> pd.DataFrame:
    benefits = _benefits(ctx).assign(net=lambda f: f["amount"] - f["refund"])
    grouped = benefits.groupby(["period", "benefit"], observed=True)
    out = grouped.agg(value=(column, "sum"), n=("person_id", "nunique")).reset_index()
    return tidy(out, ("benefit",))


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
