"""Forløb og resultater: «Status efter forløbet» (100 % bars per horizon for the chosen
scheme, the too recent as a sentence, hidden statuses with their marks) and «Tid i forløb»
(Kaplan-Meier curves by start year with a cohort filter and a table of the median and the
shares still in the course after 12, 24 and 36 months, with 95 % intervals).

The numbers come suppressed from :mod:`toolkit.ui.follow_up_data` and
:mod:`toolkit.ui.survival_data`; the page hands :meth:`FollowUpSection.redraw` its register
restricted to the filters' departments and target group.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import ipywidgets as widgets

from toolkit import schema
from toolkit.charts import follow_up_charts
from toolkit.indicators.follow_up import FOLLOWED_SCHEMES, HORIZONS
from toolkit.indicators.publishing import footnote_da
from toolkit.register import Register
from toolkit.ui.coarsen import why_empty
from toolkit.ui.follow_up_data import (
    StatusAfter,
    hidden_sentence,
    pending_sentence,
    status_export,
    status_for_selection,
)
from toolkit.ui.frame import LABEL_ABOVE, FigureCard
from toolkit.ui.html import fragment, macro
from toolkit.ui.survival_data import (
    SUMMARY_HEADERS,
    Survival,
    chosen_curves,
    summary_rows,
    survival_export,
    survival_for,
)

TEMPLATE = "follow_up.html.j2"
STATUS_IDS = ("status_after_end_pct", "follow_up_pending_count")
STATUS_NOTE = (
    "Forløb, der sluttede i den valgte periode. Status er borgerens status i måneden 1, 3, 6 "
    "og 12 måneder efter slutmåneden: fra arket Status efter forløb, ellers fra den ydelse, "
    "der blev udbetalt i måneden; uden nogen af dem «Fraflyttet kommunen», hvis forløbet "
    "sluttede med flytning, ellers «Ukendt». Hver søjle er 100 % af de forløb, hvor måneden "
    "er nået."
)
STATUS_IGNORES = "Følger ikke filteret Ordning og Måned/Kvartal: ordningen vælges herover."
NO_ENDS = "Ingen forløb i ordningen sluttede i perioden for dette valg."
SURVIVAL_NOTE = (
    "Kaplan-Meier-kurver: andelen af forløbene, der stadig er i gang, efter antal måneder "
    "siden start, for hvert startår. Forløb, der stadig kører, tæller med, indtil "
    "opgørelsesdatoen (censureret), så de korte, afsluttede forløb ikke får varigheden til at "
    "se for kort ud. Det lyse bånd er et 95 %-konfidensinterval (Greenwood, log-log). En kurve "
    "stopper, når færre end 5 forløb stadig er i gang. Medianen er den tid, hvor halvdelen "
    "har forladt forløbet; intervallet viser, hvor meget den kunne svinge alene af "
    "tilfældigheder."
)
SURVIVAL_IGNORES = (
    "Følger ikke perioden (Fra, Til, Måned/Kvartal) og filteret Ordning: ordningen vælges "
    "herover og startårene herunder."
)
NO_COURSES = "Ingen forløb i ordningen for dette valg."


def status_chart(data: StatusAfter) -> alt.Chart:
    return follow_up_charts.status_bars(data.shares, HORIZONS)


def survival_chart(data: Survival, cohorts: tuple[str, ...]) -> alt.LayerChart:
    return follow_up_charts.survival_curves(chosen_curves(data, cohorts), data.cohorts)


def summary_html(data: Survival, cohorts: tuple[str, ...], scheme_name: str) -> str:
    rows = summary_rows(data, cohorts)
    if not rows:
        return ""
    caption = (
        f"Tid i {scheme_name.lower()} pr. startår: median og andel stadig i forløb, med "
        "95 %-interval i parentes"
    )
    return macro(TEMPLATE, "summary_table", caption, SUMMARY_HEADERS, rows)


def cohort_filter(cohorts: tuple[str, ...]) -> widgets.SelectMultiple:
    box = widgets.SelectMultiple(
        options=list(cohorts), value=(), rows=min(max(len(cohorts), 2), 8),
        description="Startår", layout=widgets.Layout(width="10em"),
    )  # fmt: skip
    return box.add_class(LABEL_ABOVE)


class FollowUpSection(widgets.VBox):
    """The scheme choice and the two cards; :meth:`redraw` for a new selection."""

    def __init__(self, register: Register, as_of: date, first: date, last: date) -> None:
        self.register, self.as_of, self.first, self.last = register, as_of, first, last
        self.scheme = widgets.ToggleButtons(
            options=[(schema.SCHEME.label(s), s) for s in FOLLOWED_SCHEMES],
            value=FOLLOWED_SCHEMES[0],
        )
        self.scheme.style.button_width = "11em"
        self.status_data = status_for_selection(register, as_of, self.scheme.value, first, last)
        self.survival_data = survival_for(register, as_of, self.scheme.value)
        self.status = FigureCard(
            "Status efter forløbet", status_chart(self.status_data), list(STATUS_IDS),
            status_export(self.status_data), note=STATUS_NOTE,
            file_name="status-efter-forloebet.xlsx",
        )  # fmt: skip
        self.pending = widgets.HTML("")
        self.hidden = widgets.HTML("")
        self.status.children = (*self.status.children[:2], self.pending,
                                *self.status.children[2:], self.hidden)  # fmt: skip
        self.cohorts = cohort_filter(self.survival_data.cohorts)
        # The latest whole start years, so the first view reads; empty (every year) on request.
        self.cohorts.value = follow_up_charts.latest_whole_years(self.survival_data.cohorts, as_of)
        chosen = tuple(self.cohorts.value)
        self.survival = FigureCard(
            "Tid i forløb", survival_chart(self.survival_data, chosen), [],
            survival_export(self.survival_data, chosen), note=SURVIVAL_NOTE,
            file_name="tid-i-forloeb.xlsx",
        )  # fmt: skip
        self.summary = widgets.HTML("")
        self.survival.children = (*self.survival.children[:3], self.cohorts,
                                  *self.survival.children[3:], self.summary)  # fmt: skip
        self.show_text()
        self.scheme.observe(lambda _: self.recompute(), names="value")
        self.cohorts.observe(lambda _: self.draw_survival(), names="value")
        super().__init__(
            [widgets.HTML("<b>Status efter forløbet og tid i forløb for</b>"), self.scheme,
             widgets.HTML(fragment("spacer", small=True)), self.status, self.survival],
        )  # fmt: skip

    def redraw(self, register: Register, first: date, last: date) -> None:
        """Recompute for the page's restricted register and window."""
        self.register, self.first, self.last = register, first, last
        self.recompute()

    def recompute(self) -> None:
        scheme = self.scheme.value
        self.status_data = status_for_selection(
            self.register, self.as_of, scheme, self.first, self.last
        )
        self.survival_data = survival_for(self.register, self.as_of, scheme)
        cohorts = list(self.survival_data.cohorts)
        if list(self.cohorts.options) != cohorts:
            # New options empty the choice: the years still there stay chosen.
            chosen = tuple(c for c in self.cohorts.value if c in cohorts)
            self.cohorts.options = cohorts
            self.cohorts.value = chosen
        self.status.update(status_chart(self.status_data), status_export(self.status_data))
        self.draw_survival()

    def draw_survival(self) -> None:
        cohorts = tuple(self.cohorts.value)
        self.survival.update(
            survival_chart(self.survival_data, cohorts),
            survival_export(self.survival_data, cohorts),
        )
        self.show_text()

    def show_text(self) -> None:
        data = self.status_data
        empty = why_empty(data.shares, NO_ENDS)
        self.status.set_caption(empty, STATUS_IGNORES, show_chart=not empty)
        self.pending.value = fragment("figure_lead", pending_sentence(data)) if not empty else ""
        hidden = hidden_sentence(data)
        self.hidden.value = fragment("note", f"{hidden} {footnote_da()}") if hidden else ""
        cohorts = tuple(self.cohorts.value)
        curves = chosen_curves(self.survival_data, cohorts)
        empty = why_empty(curves, NO_COURSES)
        self.survival.set_caption(empty, SURVIVAL_IGNORES, show_chart=not empty)
        scheme_name = schema.SCHEME.label(self.scheme.value)
        self.summary.value = summary_html(self.survival_data, cohorts, scheme_name)
