"""Overblik's section «Sammenlignet med andre kommuner»: a scheme picker, the rate per 1.000
16-66-årige by quarter for the municipality, its comparison group and the country, the
latest quarter against the same quarter a year before, the benchmark place and the source.

The numbers are :mod:`toolkit.ui.national_data`'s; without national figures in the version
the section is one sentence saying what to import, not an empty chart.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from toolkit import schema
from toolkit.briefing.national_comparison import benchmark_sentence
from toolkit.charts.national_chart import comparison_chart
from toolkit.ui.frame import FigureCard
from toolkit.ui.html import fragment, macro
from toolkit.ui.national_data import (
    IGNORES_FILTERS,
    NO_NATIONAL,
    Comparison,
    export_table,
    group_note,
    has_rates,
    no_rates_sentence,
    scheme_rates,
    table_rows,
)

__all__ = ["TITLE", "ComparisonSection", "comparison_section"]

TITLE = "Sammenlignet med andre kommuner"
TEMPLATE = "national.html.j2"
DEFINITION = (
    "Antal personer i ordningen ifølge Jobindsats (STAR) i kvartalet, divideret med "
    "indbyggerne på 16-66 år den 1. i kvartalet (Statistikbanken FOLK1A), gange 1.000. "
    "Sammenligningsgruppen er kommunerne i arket Sammenligningskommuner (oekonomi.xlsx) "
    "lagt sammen: deres personer divideret med deres indbyggere; en kommune uden "
    "offentliggjort tal tæller ikke med, den tælles aldrig som 0. «..» er Jobindsats' eget "
    "tegn for et tal, der ikke offentliggøres; «–» betyder, at tallet ikke kan beregnes. "
    "Reglerne står i Tværbliks vejledning om nationale tal, afsnittet «Pr. 1.000 "
    "16-66-årige»."
)
FILE_NAME = "sammenlignet-med-andre-kommuner.xlsx"


class ComparisonSection(FigureCard):
    """The section's card: picker, chart, table, benchmark sentence and source; choosing
    another scheme redraws the chart and the table in place."""

    def __init__(self, data: Comparison) -> None:
        self.data = data
        options = [(schema.NATIONAL_SCHEME.label(code), code) for code in data.schemes]
        self.picker = widgets.Dropdown(
            options=options, value=data.schemes[0], description="Ordning",
            layout=widgets.Layout(width="22em"),
        )  # fmt: skip
        rows = scheme_rates(data, self.picker.value)
        super().__init__(TITLE, comparison_chart(rows, title=self._chart_title()), [],
                         export_table(rows), note=DEFINITION, file_name=FILE_NAME)  # fmt: skip
        lead = benchmark_sentence(data.places)
        self.benchmark = widgets.HTML(fragment("figure_lead", lead) if lead else "")
        self.table_html = widgets.HTML()
        self.notes = widgets.HTML(macro(TEMPLATE, "notes", [data.source, *data.problems]))
        card: FigureCard = self
        top, caption, info = card.children[:3]
        card.children = (top, caption, self.benchmark, info, self.picker, self.chart,
                         self.table_html, self.notes)  # fmt: skip
        self.show(rows)
        self.picker.observe(self._picked, names="value")

    def _chart_title(self) -> str:
        return f"{schema.NATIONAL_SCHEME.label(self.picker.value)} pr. 1.000 16-66-årige"

    def _picked(self, _change: Any) -> None:
        rows = scheme_rates(self.data, self.picker.value)
        self.update(comparison_chart(rows, title=self._chart_title()), export_table(rows))
        self.show(rows)

    def show(self, rows: Any) -> None:
        """The table and the captions for the chosen scheme's rows."""
        label = schema.NATIONAL_SCHEME.label(self.picker.value)
        if not has_rates(rows):
            self.set_caption(IGNORES_FILTERS, no_rates_sentence(label), show_chart=False)
            self.table_html.value = ""
            return
        self.set_caption(IGNORES_FILTERS, group_note(rows))
        caption, headers, body = table_rows(rows)
        self.table_html.value = macro(TEMPLATE, "table", headers, body, caption)


def comparison_section(data: Comparison | None) -> widgets.Widget:
    """The section, or the sentence saying what to import when there are no figures."""
    if data is None or not data.schemes:
        return widgets.HTML(macro(TEMPLATE, "missing", TITLE, NO_NATIONAL))
    return ComparisonSection(data)
