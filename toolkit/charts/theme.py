"""One look for every chart: Danish number and time locale, calm colour-blind-safe colours,
the same colour for a department (and a scheme) everywhere, fonts that work offline.

The locale lives in the Vega-Lite config itself (``config.locale``), so a chart is Danish
whether it is drawn in a dashboard, exported to SVG/PNG for a briefing or saved as HTML;
``EMBED_OPTIONS`` sets the same for renderers that read embed options.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

THEME_NAME = "tvaerblik"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT = "#222222"
MUTED = "#666666"
GRID = "#E6E6E6"

# Okabe & Ito's palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
DEPARTMENT_COLOURS = {"BESK": "#0072B2", "SOC": "#D55E00", "SUND": "#009E73", "UNGE": "#CC79A7"}
SCHEME_COLOURS = {
    "ressourceforloeb": "#0072B2",
    "jobafklaring": "#E69F00",
    "fleksjob": "#009E73",
    "foertidspension": "#CC79A7",
}

DANISH_NUMBERS: dict[str, Any] = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["", " kr."],
    "percent": " %",
    # The minus of printed Danish (−1,4): d3's default, said here so a page that wants the
    # hyphen of its tables (toolkit.ui.chart_widget) overrides a known value.
    "minus": "−",
}
DANISH_TIME: dict[str, Any] = {
    "dateTime": "%A den %d. %B %Y %X",
    "date": "%d-%m-%Y",
    "time": "%H:%M:%S",
    "periods": ["AM", "PM"],
    "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
    "shortDays": ["søn.", "man.", "tir.", "ons.", "tor.", "fre.", "lør."],
    "months": [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "shortMonths": [
        "jan.",
        "feb.",
        "mar.",
        "apr.",
        "maj",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "okt.",
        "nov.",
        "dec.",
    ],
}
EMBED_OPTIONS: dict[str, Any] = {
    "formatLocale": DANISH_NUMBERS,
    "timeFormatLocale": DANISH_TIME,
    "actions": False,  # no "Open in Vega Editor" links to the internet
}
# Axis formats: thousands with dots, months as "jan. 2026".
NUMBER_FORMAT = ",.0f"
DECIMAL_FORMAT = ",.1f"
MONTH_FORMAT = "%b %Y"
LEGEND_COLUMNS = 3


def config() -> dict[str, Any]:
    """The Vega-Lite config of the theme."""
    return {
        "locale": {"number": DANISH_NUMBERS, "time": DANISH_TIME},
        "font": FONT,
        "background": "white",
        "padding": 8,
        "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 260},
        "title": {
            "font": FONT,
            "fontSize": 15,
            "fontWeight": 600,
            "color": TEXT,
            "anchor": "start",
            "subtitleColor": MUTED,
            "subtitleFontSize": 12,
            "offset": 10,
        },
        "axis": {
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "titleFontWeight": 500,
            "labelColor": TEXT,
            "titleColor": MUTED,
            "gridColor": GRID,
            "domainColor": MUTED,
            "tickColor": MUTED,
        },
        "axisX": {"grid": False, "labelAngle": 0},
        # Period names on a band axis would print on top of each other over long periods:
        # drop every other label until they fit.
        "axisXDiscrete": {"labelOverlap": "greedy", "labelSeparation": 6},
        "axisXTemporal": {"labelOverlap": "greedy", "labelSeparation": 6},
        "legend": {
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "orient": "bottom",
            "direction": "horizontal",
            "columns": LEGEND_COLUMNS,
            "labelLimit": 0,  # whole names («Afklaringsforløb hos ekstern leverandør»)
            "titleColor": MUTED,
        },
        "range": {"category": list(PALETTE)},
        "line": {"strokeWidth": 2.5},
        "point": {"size": 50, "filled": True},
        # No rounded bar ends: vega clips stacked bars with rounded ends through SVG clip
        # paths whose ids restart at «clip1» in every chart, so on a page with several charts
        # one chart's bars were cut by another chart's clip shapes (drawn at the wrong length).
    }


def enable() -> None:
    """Register and switch on the theme (idempotent)."""
    if THEME_NAME not in alt.theme.names():

        def tvaerblik() -> alt.theme.ThemeConfig:
            return {"config": config()}  # type: ignore[typeddict-item]

        alt.theme.register(THEME_NAME, enable=False)(tvaerblik)
    alt.theme.enable(THEME_NAME)


def colour_scale(codes: Sequence[str], fixed: dict[str, str]) -> alt.Scale:
    """A colour scale where known codes keep their colour and new ones take the palette's
    unused colours in sorted order, so the same code has the same colour in every chart."""
    domain = sorted(set(codes))
    spare = [c for c in PALETTE if c not in fixed.values()]
    colours = []
    for code in domain:
        if code in fixed:
            colours.append(fixed[code])
        else:
            colours.append(spare[len([c for c in colours if c in spare]) % len(spare)])
    return alt.Scale(domain=domain, range=colours)


def department_scale(departments: Sequence[str]) -> alt.Scale:
    return colour_scale(departments, DEPARTMENT_COLOURS)


def scheme_scale(schemes: Sequence[str]) -> alt.Scale:
    return colour_scale(schemes, SCHEME_COLOURS)


def whole_number_ticks(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with ``tickMinStep: 1`` on every axis that prints whole numbers.

    An axis formatted without decimals (counts, kroner) over a small range would otherwise
    put ticks at 0,5 and print «0 1 1 2 2»."""

    def visit(node: Any) -> Any:
        if isinstance(node, dict):
            out = {key: visit(value) for key, value in node.items()}
            axis = out.get("axis")
            if isinstance(axis, dict) and axis.get("format") == NUMBER_FORMAT:
                out["axis"] = {"tickMinStep": 1, **axis}
            return out
        if isinstance(node, list):
            return [visit(item) for item in node]
        return node

    result: dict[str, Any] = visit(spec)
    return result
