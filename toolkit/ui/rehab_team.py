"""Rehabiliteringsteam: meetings and cases per meeting, recommendations by case type, goal in
the recommendation, the citizen's presence, staff time by department, and a forecast of next
quarter's cases for the region, with the shared filters, info marks, Excel links and footer."""

from __future__ import annotations

import logging
import math
from datetime import date
from pathlib import Path

import altair as alt
import ipywidgets as widgets
import pandas as pd

import toolkit.indicators.team  # noqa: F401  (registers citizen_present_pct until __init__ does)
from toolkit import formats, schema
from toolkit.charts import builders, theme
from toolkit.indicators import REGISTRY
from toolkit.indicators.export import code_names
from toolkit.indicators.publishing import display_values
from toolkit.periods import first_date, parse_period
from toolkit.register import Economy, Register
from toolkit.ui.coarsen import why_empty
from toolkit.ui.frame import FigureCard, FilterBar
from toolkit.ui.html import fragment, render
from toolkit.ui.opening import open_page
from toolkit.ui.pages import REHAB_TEAM
from toolkit.ui.rehab_team_data import (
    CASES,
    QUALITY_IDS,
    REGION_MINIMUM,
    Outlook,
    RehabTeam,
    rehab_team_data,
)
from toolkit.ui.selection import department_names

__all__ = ["RehabTeamPage", "rehab_team_page"]

log = logging.getLogger(__name__)

TITLE = REHAB_TEAM.title
INTRO = (
    "Rehabiliteringsteamets møder og sager: hvor mange sager teamet behandler, hvad det "
    "indstiller til, og hvad det koster afdelingerne i medarbejdertid, med en prognose for "
    "næste kvartal til regionens planlægning. Vælg periode, afdeling, ordning og målgruppe: "
    "alle tal og diagrammer følger med."
)
MEETINGS_NOTE = (
    f"Den stiplede linje er {REGION_MINIMUM} sager pr. møde: der skal være mindst "
    f"{REGION_MINIMUM} sager pr. mødedag, før regionens økonomi for sundhedskoordinatoren "
    "hænger sammen. Ordning og målgruppe udvælger sagerne; "
    "møderne tæller alle med."
)
RECOMMENDATIONS_NOTE = (
    "Sagerne i hele den valgte periode, talt samlet for perioden. Skjulte felter "
    "(færre end 5 borgere) er udeladt af søjlerne."
)
QUALITY_NOTE = (
    "En andel skjules, når færre end 5 borgere er på den ene side (fx når kun 1-4 borgere "
    "ikke deltog): ellers ville tallet udpege dem. Perioder uden punkt er skjult, ikke 0."
)
STAFF_NOTE = "Afdelingsfilteret vælger afdelingernes deltagere på møderne."
FORECAST_NOTE = (
    "Prognosen bygger på hele kvartaler til og med opgørelsesdatoen og følger filtrene for "
    "ordning og målgruppe, ikke periodefilteret."
)
HISTORY_QUARTERS = 8  # quarters of history drawn next to the forecast
TEAM_IGNORES = (
    "Følger ikke Afdeling: sagerne og møderne er rehabiliteringsteamets, ikke en afdelings."
)
RECOMMENDATIONS_IGNORES = (
    "Følger ikke Afdeling og Måned/Kvartal: sagerne er rehabiliteringsteamets og tælles "
    "samlet for hele den valgte periode."
)
FORECAST_IGNORES = (
    "Følger ikke Fra, Til, Måned/Kvartal og Afdeling: prognosen bygger på alle hele kvartaler "
    "til og med opgørelsesdatoen, og sagerne er rehabiliteringsteamets, ikke en afdelings."
)
NO_CASES = "Rehabiliteringsteamet har ingen sager i perioden for dette valg."


def _cases(value: float) -> str:
    return f"{formats.integer(round(value))} sager"


# -- charts ---------------------------------------------------------------------------------


def meetings_chart(data: RehabTeam) -> alt.TopLevelSpec:
    cases = builders.chart_data(data.meetings, CASES)
    per_meeting = builders.chart_data(data.meetings, "cases_per_meeting_mean")
    order = [p.danish for p in data.meetings_periods]
    x = alt.X("periode:N", title=None, sort=order, scale=alt.Scale(domain=order),
              axis=alt.Axis(labelAngle=-40))  # fmt: skip
    bars = (
        alt.Chart(cases, title="Sager i rehabiliteringsteamet")
        .mark_bar(color=theme.PALETTE[0])
        .encode(
            x=x,
            y=alt.Y("value:Q", title="Sager", axis=alt.Axis(format=theme.NUMBER_FORMAT)),
            tooltip=[alt.Tooltip("periode:N", title="Periode"),
                     alt.Tooltip("value:Q", title="Sager", format=theme.NUMBER_FORMAT)],
        )
        .properties(width=560, height=150)
    )  # fmt: skip
    line = (
        alt.Chart(per_meeting, title="Sager pr. møde")
        .mark_line(point=True, color=theme.PALETTE[1])
        .encode(
            x=x,
            y=alt.Y("value:Q", title="Sager pr. møde", axis=alt.Axis(format=theme.DECIMAL_FORMAT),
                    scale=alt.Scale(zero=True)),
            tooltip=[alt.Tooltip("periode:N", title="Periode"),
                     alt.Tooltip("value:Q", title="Sager pr. møde", format=theme.DECIMAL_FORMAT)],
        )
    )  # fmt: skip
    rule = (
        alt.Chart(pd.DataFrame({"grænse": [REGION_MINIMUM]}))
        .mark_rule(strokeDash=[4, 4], color="#555")
        .encode(y="grænse:Q")
    )
    return alt.vconcat(bars, (line + rule).properties(width=560, height=150), spacing=16)


def recommendations_chart(data: RehabTeam) -> alt.TopLevelSpec:
    rows = data.recommendations[data.recommendations["value"].notna()].copy()
    rows["sagstype"] = rows["case_type"].map(schema.CASE_TYPE.label)
    rows["indstilling"] = rows["recommendation"].map(schema.RECOMMENDATION.label)
    return (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            y=alt.Y("sagstype:N", title="Sagstype", sort="-x"),
            x=alt.X("sum(value):Q", title="Sager", axis=alt.Axis(format=theme.NUMBER_FORMAT)),
            color=alt.Color("indstilling:N", title="Indstilling",
                            scale=alt.Scale(range=list(theme.PALETTE))),
            tooltip=[
                alt.Tooltip("sagstype:N", title="Sagstype"),
                alt.Tooltip("indstilling:N", title="Indstilling"),
                alt.Tooltip("sum(value):Q", title="Sager", format=theme.NUMBER_FORMAT),
            ],
        )
        .properties(width=520, height=alt.Step(22))
    )  # fmt: skip


def quality_chart(data: RehabTeam) -> alt.TopLevelSpec:
    parts = [
        builders.chart_data(data.quality, i).assign(mål=REGISTRY[i].label) for i in QUALITY_IDS
    ]
    rows = pd.concat(parts, ignore_index=True)
    return (
        alt.Chart(rows)
        .mark_line(point=True)
        .encode(
            x=alt.X("dato:T", title=None, axis=alt.Axis(format=theme.MONTH_FORMAT)),
            y=alt.Y("value:Q", title="Andel af sagerne (%)", scale=alt.Scale(domain=[0, 100]),
                    axis=alt.Axis(format=theme.DECIMAL_FORMAT)),
            color=alt.Color("mål:N", title=None, scale=alt.Scale(range=list(theme.PALETTE)),
                            legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("periode:N", title="Periode"),
                alt.Tooltip("mål:N", title="Mål"),
                alt.Tooltip("value:Q", title="Andel (%)", format=theme.DECIMAL_FORMAT),
            ],
        )
        .properties(width=560, height=220)
    )  # fmt: skip


def staff_chart(data: RehabTeam, names: dict[str, str]) -> alt.TopLevelSpec:
    rows = builders.chart_data(data.staff, "meeting_staff_cost_dkk")
    rows["afdeling"] = rows["department"].map(lambda code: names.get(code, code))
    scale = theme.department_scale(sorted(names))
    colour = alt.Scale(domain=[names[c] for c in scale.domain], range=scale.range)
    return (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            x=alt.X("periode:N", title=None, sort=alt.SortField("dato"),
                    axis=alt.Axis(labelAngle=-40)),
            y=alt.Y("sum(value):Q", title="Udgift (kr.)",
                    axis=alt.Axis(format=theme.NUMBER_FORMAT)),
            color=alt.Color("afdeling:N", title="Afdeling", scale=colour),
            tooltip=[
                alt.Tooltip("periode:N", title="Periode"),
                alt.Tooltip("afdeling:N", title="Afdeling"),
                alt.Tooltip("sum(value):Q", title="Udgift (kr.)", format=theme.NUMBER_FORMAT),
            ],
        )
        .properties(width=560, height=220)
    )  # fmt: skip


def forecast_rows(outlook: Outlook) -> pd.DataFrame:
    """History (whole quarters, hidden ones left out) and the forecast, for the chart."""
    history = outlook.history.tail(HISTORY_QUARTERS)
    history = history[history["value"].notna()]
    rows = pd.DataFrame(
        {
            "kvartal": [parse_period(p).danish for p in history["period"]],
            "value": history["value"].astype("float64").to_numpy(),
            "art": "Sager",
        }
    )
    result = outlook.forecast
    if result is not None:
        point = pd.DataFrame(
            {
                "kvartal": [outlook.target.danish],
                "value": [result.point],
                "nedre": [result.low],
                "øvre": [result.high],
                "art": ["Prognose"],
            }
        )
        rows = pd.concat([rows, point], ignore_index=True)
    return rows


def forecast_chart(outlook: Outlook) -> alt.TopLevelSpec:
    rows = forecast_rows(outlook)
    base = alt.Chart(rows).encode(
        x=alt.X("kvartal:N", title=None, sort=rows["kvartal"].tolist(),
                axis=alt.Axis(labelAngle=-40)),
    )  # fmt: skip
    colour = alt.Color(
        "art:N", title=None,
        scale=alt.Scale(domain=["Sager", "Prognose"], range=[theme.PALETTE[0], theme.PALETTE[1]]),
    )  # fmt: skip
    bars = base.mark_bar().encode(
        y=alt.Y("value:Q", title="Sager pr. kvartal", axis=alt.Axis(format=theme.NUMBER_FORMAT)),
        color=colour,
        tooltip=[alt.Tooltip("kvartal:N", title="Kvartal"),
                 alt.Tooltip("value:Q", title="Sager", format=theme.NUMBER_FORMAT)],
    )  # fmt: skip
    if "nedre" not in rows:
        return bars.properties(width=560, height=220)
    interval = base.transform_filter(alt.datum.art == "Prognose").mark_rule(
        strokeWidth=2, color="#333"
    ).encode(
        y="nedre:Q",
        y2="øvre:Q",
        tooltip=[alt.Tooltip("nedre:Q", title="Nedre grænse (80 %)", format=theme.NUMBER_FORMAT),
                 alt.Tooltip("øvre:Q", title="Øvre grænse (80 %)", format=theme.NUMBER_FORMAT)],
    )  # fmt: skip
    return (bars + interval).properties(width=560, height=220)


def forecast_export(outlook: Outlook) -> pd.DataFrame:
    """The quarters and the forecast with Danish headers, for "Hent som Excel"."""
    history = outlook.history
    rows = pd.DataFrame(
        {
            "Kvartal": [parse_period(p).danish for p in history["period"]],
            "Type": "Faktisk",
            "Sager": [None if pd.isna(v) else int(v) for v in history["value"]],
            "Nedre grænse (80 %)": None,
            "Øvre grænse (80 %)": None,
            "Skjult": display_values(history.assign(value=float("nan"))),
        }
    )
    result = outlook.forecast
    if result is not None:
        forecast = pd.DataFrame(
            {
                "Kvartal": [outlook.target.danish],
                "Type": ["Prognose"],
                "Sager": [round(result.point)],
                "Nedre grænse (80 %)": [math.floor(result.low)],
                "Øvre grænse (80 %)": [math.ceil(result.high)],
                "Skjult": [""],
            }
        )
        rows = pd.concat([rows, forecast], ignore_index=True)
    return rows.astype({"Kvartal": "str", "Type": "str", "Skjult": "str"})


def forecast_html(outlook: Outlook) -> str:
    """The forecast in words: the point, the 80 % interval, meeting days, and the method."""
    result = outlook.forecast
    if result is None:
        return render(
            "forecast.html.j2", target=outlook.target.danish, reason=outlook.reason, forecast=None
        )
    low, high = math.floor(result.low), math.ceil(result.high)
    forecast = {
        "cases": _cases(result.point),
        "low": formats.integer(low),
        "high": formats.integer(high),
        "minimum": REGION_MINIMUM,
        "days": formats.integer(int(result.point // REGION_MINIMUM)),
        "low_days": formats.integer(int(low // REGION_MINIMUM)),
        "method": result.method_da,
    }
    return render("forecast.html.j2", target=outlook.target.danish, forecast=forecast)


# -- the page -------------------------------------------------------------------------------


class RehabTeamPage(widgets.VBox):
    """The page: filter bar, the forecast, five figure cards and the footer."""

    def __init__(self, register: Register, economy: Economy, as_of: date, footer: str) -> None:
        self.register, self.economy, self.as_of = register, economy, as_of
        self.names = dict(department_names(economy))
        start = first_date(register) or as_of
        self.filters = FilterBar(start, as_of, list(self.names.items()))
        data = rehab_team_data(register, economy, as_of, self.filters.selection())
        self.forecast_text = widgets.HTML(forecast_html(data.outlook))
        self.forecast = FigureCard(
            "Prognose for sager næste kvartal", forecast_chart(data.outlook), [CASES],
            forecast_export(data.outlook), note=FORECAST_NOTE, file_name="prognose-sager.xlsx",
        )  # fmt: skip
        self.meetings = FigureCard(
            "Møder og sager pr. møde", meetings_chart(data), ["cases_per_meeting_mean", CASES],
            data.meetings, note=MEETINGS_NOTE, file_name="sager-pr-moede.xlsx",
        )  # fmt: skip
        self.recommendations = FigureCard(
            "Indstillinger efter sagstype", recommendations_chart(data), [CASES],
            data.recommendations, note=RECOMMENDATIONS_NOTE, file_name="indstillinger.xlsx",
        )  # fmt: skip
        self.quality = FigureCard(
            "Mål i indstillingen og borgerens deltagelse", quality_chart(data),
            list(QUALITY_IDS), data.quality, note=QUALITY_NOTE, file_name="maal-og-deltagelse.xlsx",
        )  # fmt: skip
        self.staff = FigureCard(
            "Medarbejdertid pr. afdeling", staff_chart(data, self.names),
            ["meeting_staff_cost_dkk"], data.staff, note=STAFF_NOTE,
            file_name="medarbejdertid.xlsx", names=code_names(economy),
        )  # fmt: skip
        self.status = widgets.HTML("")
        self.show_captions(data)
        self.filters.on_change(self.redraw)
        super().__init__(
            [
                widgets.HTML(fragment("page_heading", TITLE, INTRO, measure=True)),
                self.filters,
                self.status,
                self.forecast_text,
                self.forecast,
                self.meetings,
                self.recommendations,
                self.quality,
                self.staff,
                widgets.HTML(footer),
            ],
            layout=widgets.Layout(padding="0 1em 2em 1em", max_width="80em"),
        )  # fmt: skip

    @property
    def cards(self) -> tuple[FigureCard, ...]:
        return (self.forecast, self.meetings, self.recommendations, self.quality, self.staff)

    def redraw(self, sel: object) -> None:
        """Recompute for the filters' selection and redraw every chart in place."""
        try:
            data = rehab_team_data(self.register, self.economy, self.as_of,
                                   self.filters.selection())  # fmt: skip
        except (ValueError, KeyError):
            log.exception("Rehabiliteringsteam: the selection could not be computed")
            self.status.value = fragment("selection_error")
            return
        self.status.value = ""
        self.forecast_text.value = forecast_html(data.outlook)
        self.forecast.update(forecast_chart(data.outlook), forecast_export(data.outlook))
        self.meetings.update(meetings_chart(data), data.meetings)
        self.recommendations.update(recommendations_chart(data), data.recommendations)
        self.quality.update(quality_chart(data), data.quality)
        self.staff.update(staff_chart(data, self.names), data.staff)
        self.show_captions(data)

    def show_captions(self, data: RehabTeam) -> None:
        """Under each title: a coarser breakdown or why nothing is drawn; ignored filters."""
        shown = data.shown
        for card, name, ignores in ((self.meetings, "meetings", TEAM_IGNORES),
                                    (self.quality, "quality", TEAM_IGNORES),
                                    (self.staff, "staff", "")):  # fmt: skip
            card.set_caption(shown[name].sentence, ignores, show_chart=shown[name].visible)
        empty = why_empty(data.recommendations, NO_CASES)
        self.recommendations.set_caption(empty, RECOMMENDATIONS_IGNORES, show_chart=not empty)
        self.forecast.set_caption(FORECAST_IGNORES)


def rehab_team_page(data_dir: Path | None = None) -> widgets.Widget:
    """The Rehabiliteringsteam page as one widget, from the data folder's current version."""
    return open_page(data_dir, TITLE, RehabTeamPage)
