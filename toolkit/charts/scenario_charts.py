"""Charts of a scenario: what it does to each department year by year, when it has paid for
itself, which assumption matters most, and how it compares with the baseline.

Every builder takes a tidy frame from :mod:`toolkit.scenarios` (a projection, the yearly
results, the sensitivity frame, the comparison) and draws it with the one theme: Danish
locale, a fixed colour per department, amounts in kroner with thousands dots. Amounts are
the scenario's effect on the result: plus is a gain, minus a cost.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from toolkit import formats, schema
from toolkit.charts import theme
from toolkit.charts.print_charts import Amounts

__all__ = [
    "KRONER_AXIS",
    "compare_chart",
    "cumulative_chart",
    "department_chart",
    "department_rows",
    "kroner_axis",
    "range_text",
    "tornado_chart",
    "tornado_rows",
]

KRONER_AXIS = "Kroner (kr.)"
KRONER_FORMAT = "$,.0f"  # the theme's locale: "1.234.567 kr."
WIDTH = 560
YEAR = alt.Axis(labelAngle=0)
SERIES_UNDISCOUNTED = "Ikke tilbagediskonteret"
SERIES_DISCOUNTED = "Tilbagediskonteret"
LOW_LABEL = "Ved lav"
HIGH_LABEL = "Ved høj"
SENSITIVITY_COLOURS = {LOW_LABEL: "#D55E00", HIGH_LABEL: "#0072B2"}
# Scenario names are long («S2 Ressourceforløb for flere kontanthjælpsmodtagere»): two to a
# row keeps the legend within the chart's width at 1024 px, where three do not fit.
SERIES_LEGEND = alt.Legend(columns=2)
ZERO = pd.DataFrame({"nul": [0.0]})
# Negative kroner with the hyphen-minus, as toolkit.formats writes them in the page's tables
# and tiles (d3's own default is U+2212): one minus sign on the whole Scenarier page.
MINUS = "-"


def kroner_axis(price_label: str = "") -> str:
    """The amount axis' title: «Kroner (2026-priser)» when the price level is given (every
    amount of a scenario report is in one), else «Kroner (kr.)»."""
    return f"Kroner ({price_label})" if price_label else KRONER_AXIS


def _with_minus(chart: alt.TopLevelSpec) -> alt.TopLevelSpec:
    return chart.configure(locale={"number": {**theme.DANISH_NUMBERS, "minus": MINUS}})


def _zero_rule(axis: str = "y") -> alt.Chart:
    encoding = {axis: alt.Y("nul:Q") if axis == "y" else alt.X("nul:Q")}
    return alt.Chart(ZERO).mark_rule(color=theme.MUTED, strokeWidth=1).encode(**encoding)


def _department_colour(rows: pd.DataFrame) -> alt.Color:
    """Department names in the colours their codes have everywhere else."""
    codes = rows["afdeling_kode"].dropna().unique().tolist()
    scale = theme.department_scale(codes)
    names = dict(zip(rows["afdeling_kode"], rows["afdeling"], strict=True))
    domain = [names[code] for code in scale.domain]
    return alt.Color(
        "afdeling:N", title="Afdeling", scale=alt.Scale(domain=domain, range=scale.range)
    )


# -- (a) the net result per department and year ---------------------------------------------


def department_rows(projection: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Net amount per year and department (kommune) and per year and purse (region, stat):
    columns aar, kasse, afdeling_kode, afdeling, beloeb."""
    columns = ["aar", "kasse", "afdeling_kode", "afdeling", "beloeb"]
    if projection.empty:
        return pd.DataFrame(columns=columns)
    frame = projection.assign(
        department=projection["department"]
        .astype("object")
        .where(projection["purse"] == "kommune", None)
    )
    kommune = frame[frame["purse"] == "kommune"]
    own = (
        kommune.groupby(["year", "department"], as_index=False, sort=True)["amount"].sum()
        .assign(purse="kommune")
    )  # fmt: skip
    others = frame[frame["purse"] != "kommune"]
    apart = others.groupby(["year", "purse"], as_index=False, sort=True)["amount"].sum()
    apart["department"] = apart["purse"]
    rows = pd.concat([own, apart], ignore_index=True)
    return pd.DataFrame(
        {
            "aar": rows["year"].astype(int),
            "kasse": [schema.PURSE.label(str(p)) for p in rows["purse"]],
            "afdeling_kode": rows["department"].astype(str),
            "afdeling": [
                names.get(str(d), str(d)) if p == "kommune" else schema.PURSE.label(str(p))
                for d, p in zip(rows["department"], rows["purse"], strict=True)
            ],
            "beloeb": rows["amount"].astype(float).round(0),
        },
        columns=columns,
    )


def department_chart(
    projection: pd.DataFrame, names: Mapping[str, str], title: str = "", price_label: str = ""
) -> alt.TopLevelSpec:
    """Bars per year, one per department side by side (the municipality's purse), and below
    them the state's and the region's result, apart: a department head reads his own bar."""
    rows = department_rows(projection, names)
    own = rows[rows["kasse"] == schema.PURSE.label("kommune")]
    apart = rows[rows["kasse"] != schema.PURSE.label("kommune")]
    tooltip = [
        alt.Tooltip("aar:O", title="År"),
        alt.Tooltip("afdeling:N", title="Afdeling"),
        alt.Tooltip("beloeb:Q", title="Nettoresultat", format=KRONER_FORMAT),
    ]
    top = (
        alt.Chart(own, title=alt.Title(
            title or "Nettoresultat pr. afdeling og år (kommunen)",
            subtitle="Over nul: afdelingen vinder; under nul: afdelingen betaler",
        ))
        .mark_bar()
        .encode(
            x=alt.X("aar:O", title="År", axis=YEAR),
            xOffset=alt.XOffset("afdeling:N"),
            y=alt.Y("beloeb:Q", title=kroner_axis(price_label),
                    axis=alt.Axis(format=theme.NUMBER_FORMAT)),
            color=_department_colour(own) if len(own) else alt.Color("afdeling:N"),
            tooltip=tooltip,
        )
        .properties(width=WIDTH, height=240)
    )  # fmt: skip
    bottom = (
        alt.Chart(apart, title="Staten og regionen (uden for kommunens kasse)")
        .mark_bar(color=theme.MUTED)
        .encode(
            x=alt.X("aar:O", title="År", axis=YEAR),
            xOffset=alt.XOffset("afdeling:N"),
            y=alt.Y("beloeb:Q", title=kroner_axis(price_label),
                    axis=alt.Axis(format=theme.NUMBER_FORMAT)),
            opacity=alt.Opacity("afdeling:N", title="Kasse",
                                scale=alt.Scale(range=[1.0, 0.45])),
            tooltip=tooltip,
        )
        .properties(width=WIDTH, height=120)
    )  # fmt: skip
    return _with_minus(alt.vconcat(top + _zero_rule(), bottom + _zero_rule(), spacing=24))


# -- (b) the cumulative net result with the break-even year ---------------------------------


def cumulative_chart(
    cumulative: pd.DataFrame,
    break_even: int | None,
    title: str = "",
    price_label: str = "",
    *,
    amounts: Amounts | None = None,
    width: int = WIDTH,
) -> alt.TopLevelSpec:
    """The municipality's cumulative net result, discounted and undiscounted, and a rule at
    the (discounted) break-even year when there is one.

    ``cumulative`` has one row per year with columns ``year``, ``cumulative`` (undiscounted)
    and ``cumulative_discounted``. The page shows kroner; a briefing passes ``amounts``
    (``print_charts.kroner_amounts``: mio. kr. from 1 mio.) and the printed ``width``."""
    divisor = amounts.divisor if amounts else 1.0
    axis_title = amounts.title if amounts else kroner_axis(price_label)
    axis_format = amounts.axis_format if amounts else theme.NUMBER_FORMAT
    tooltip_format = amounts.label_format if amounts else KRONER_FORMAT
    long = pd.concat(
        [
            pd.DataFrame({"aar": cumulative["year"].astype(int), "serie": label,
                          "beloeb": cumulative[column].astype(float).round(0) / divisor})
            for label, column in ((SERIES_DISCOUNTED, "cumulative_discounted"),
                                  (SERIES_UNDISCOUNTED, "cumulative"))
        ],
        ignore_index=True,
    )  # fmt: skip
    lines = (
        alt.Chart(long, title=alt.Title(
            title or "Kommunens akkumulerede nettoresultat",
            subtitle="Summen af årenes resultater til og med året",
        ))
        .mark_line(point=True)
        .encode(
            x=alt.X("aar:O", title="År", axis=YEAR),
            y=alt.Y("beloeb:Q", title=axis_title, axis=alt.Axis(format=axis_format)),
            color=alt.Color("serie:N", title=None, scale=alt.Scale(
                domain=[SERIES_DISCOUNTED, SERIES_UNDISCOUNTED],
                range=[theme.PALETTE[0], theme.PALETTE[5]])),
            strokeDash=alt.StrokeDash("serie:N", title=None, scale=alt.Scale(
                domain=[SERIES_DISCOUNTED, SERIES_UNDISCOUNTED], range=[[1, 0], [5, 3]])),
            tooltip=[alt.Tooltip("aar:O", title="År"), alt.Tooltip("serie:N", title="Serie"),
                     alt.Tooltip("beloeb:Q", title="Akkumuleret", format=tooltip_format)],
        )
        .properties(width=width, height=240)
    )  # fmt: skip
    layers: list[alt.Chart] = [lines, _zero_rule()]
    if break_even is not None:
        mark = pd.DataFrame(
            {"aar": [int(break_even)], "tekst": [f"Tilbagebetalt fra {break_even}"]}
        )
        rule = (
            alt.Chart(mark)
            .mark_rule(color=theme.PALETTE[2], strokeWidth=2, strokeDash=[2, 2])
            .encode(x=alt.X("aar:O"))
        )
        label = (
            alt.Chart(mark)
            .mark_text(align="left", dx=6, dy=-6, baseline="top", color=theme.PALETTE[2],
                       fontWeight=600, y=0)
            .encode(x=alt.X("aar:O"), text=alt.Text("tekst:N"))
        )  # fmt: skip
        layers += [rule, label]
    return _with_minus(alt.layer(*layers))


# -- (c) the tornado -------------------------------------------------------------------------


def range_text(low_pct: float, high_pct: float) -> str:
    """«75–125 %»: an assumption's low and high in % of its expected value."""
    return f"{formats.number(low_pct, 1)}–{formats.number(high_pct, 1)} %"


def tornado_rows(sensitivity: pd.DataFrame) -> pd.DataFrame:
    """Two bars per assumption, from the base net result to the result with the assumption
    at its own low and at its own high (``low_pct``, ``high_pct``: % of the expected
    value); sorted by the range, widest first. The assumption's name carries its range
    («Effektens størrelse (75–125 %)»), so the bars say how far each was moved.
    Columns: antagelse, variant, procent, start, slut, spaend, orden."""
    columns = ["antagelse", "variant", "procent", "start", "slut", "spaend", "orden"]
    if sensitivity.empty:
        return pd.DataFrame(columns=columns)
    frame = sensitivity.assign(
        spaend=(sensitivity["net_high"] - sensitivity["net_low"]).abs()
    ).sort_values("spaend", ascending=False, kind="stable")
    frame = frame.reset_index(drop=True)
    names = [f"{label} ({range_text(low, high)})" for label, low, high in
             zip(frame["label"], frame["low_pct"], frame["high_pct"], strict=True)]  # fmt: skip
    parts = [
        pd.DataFrame({
            "antagelse": names,
            "variant": variant,
            "procent": frame[pct].astype(float).round(1),
            "start": frame["net_base"].astype(float).round(0),
            "slut": frame[column].astype(float).round(0),
            "spaend": frame["spaend"].astype(float).round(0),
            "orden": frame.index.astype(int),
        })
        for variant, pct, column in ((LOW_LABEL, "low_pct", "net_low"),
                                     (HIGH_LABEL, "high_pct", "net_high"))
    ]  # fmt: skip
    return pd.concat(parts, ignore_index=True)[columns]


def tornado_chart(
    sensitivity: pd.DataFrame, title: str = "", price_label: str = ""
) -> alt.TopLevelSpec:
    """Horizontal bars, one row per assumption, its low and its high around the base result."""
    rows = tornado_rows(sensitivity)
    order = rows.sort_values("orden")["antagelse"].drop_duplicates().tolist()
    base = float(sensitivity["net_base"].iloc[0]) if len(sensitivity) else 0.0
    bars = (
        alt.Chart(rows, title=alt.Title(
            title or "Hvilke antagelser betyder mest",
            subtitle="Nettoresultat over perioden (tilbagediskonteret), når én antagelse ad "
                     "gangen sættes til sin lave og sin høje værdi",
        ))
        .mark_bar(height=14)
        .encode(
            # The names carry their range («Effektens størrelse (50–150 %)»): room for all.
            y=alt.Y("antagelse:N", title=None, sort=order, axis=alt.Axis(labelLimit=320)),
            x=alt.X("start:Q", title=kroner_axis(price_label),
                    axis=alt.Axis(format=theme.NUMBER_FORMAT)),
            x2="slut:Q",
            color=alt.Color("variant:N", title="Antagelsen", scale=alt.Scale(
                domain=list(SENSITIVITY_COLOURS), range=list(SENSITIVITY_COLOURS.values()))),
            tooltip=[alt.Tooltip("antagelse:N", title="Antagelse"),
                     alt.Tooltip("variant:N", title="Værdi"),
                     alt.Tooltip("procent:Q", title="% af forventet", format=",.1~f"),
                     alt.Tooltip("slut:Q", title="Nettoresultat", format=KRONER_FORMAT),
                     alt.Tooltip("start:Q", title="Med antagelserne som de er",
                                 format=KRONER_FORMAT)],
        )
        .properties(width=WIDTH, height=max(60, 30 * len(order)))
    )  # fmt: skip
    centre = pd.DataFrame({"basis": [round(base)]})
    rule = alt.Chart(centre).mark_rule(color=theme.TEXT, strokeWidth=1.5).encode(x="basis:Q")
    return _with_minus(alt.layer(bars, rule))


# -- (d) baseline against the scenarios ------------------------------------------------------


def compare_chart(yearly: pd.DataFrame, title: str = "", price_label: str = "") -> alt.TopLevelSpec:
    """The municipality's cost per year in the baseline and with each scenario.

    ``yearly`` has columns ``year``, ``series`` (the label shown), ``cost`` and ``baseline``
    (True for the baseline's series, drawn dashed in grey; one per baseline trend)."""
    rows = pd.DataFrame({
        "aar": yearly["year"].astype(int),
        "serie": yearly["series"].astype(str),
        "beloeb": yearly["cost"].astype(float).round(0),
    })  # fmt: skip
    flags = dict(zip(rows["serie"], yearly["baseline"].astype(bool), strict=True))
    bases = [s for s in dict.fromkeys(rows["serie"]) if flags[s]]
    others = [s for s in dict.fromkeys(rows["serie"]) if not flags[s]]
    greys = [theme.TEXT, theme.MUTED, "#999999"]
    domain = [*bases, *others]
    colours = [*(greys[i % len(greys)] for i in range(len(bases))),
               *(theme.PALETTE[i % len(theme.PALETTE)] for i in range(len(others)))]  # fmt: skip
    dashes = [*([[5, 3]] * len(bases)), *([[1, 0]] * len(others))]
    chart = (
        alt.Chart(rows, title=alt.Title(
            title or "Kommunens udgift: uden og med scenarierne",
            subtitle="Udgift til indsatser og ydelser netto efter refusion; med et scenarie = "
                     "uden scenarie minus scenariets nettoresultat",
        ))
        .mark_line(point=True)
        .encode(
            x=alt.X("aar:O", title="År", axis=YEAR),
            y=alt.Y("beloeb:Q", title=kroner_axis(price_label),
                    axis=alt.Axis(format=theme.NUMBER_FORMAT),
                    scale=alt.Scale(zero=False)),
            color=alt.Color("serie:N", title=None, legend=SERIES_LEGEND,
                            scale=alt.Scale(domain=domain, range=colours)),
            strokeDash=alt.StrokeDash("serie:N", title=None, legend=SERIES_LEGEND,
                                      scale=alt.Scale(domain=domain, range=dashes)),
            tooltip=[alt.Tooltip("aar:O", title="År"), alt.Tooltip("serie:N", title="Serie"),
                     alt.Tooltip("beloeb:Q", title="Udgift", format=KRONER_FORMAT)],
        )
        .properties(width=WIDTH, height=240)
    )  # fmt: skip
    return _with_minus(chart)
