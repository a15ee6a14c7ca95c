"""A realistic briefing made by hand, shared by the renderer and layout tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import altair as alt
import pandas as pd

from toolkit.briefing.model import (
    Briefing,
    Bullet,
    Definition,
    Figure,
    KeyFigure,
    Orientation,
    Paragraph,
    Section,
    Table,
)
from toolkit.charts import theme


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    theme.enable()
    return chart.to_dict()


def chart_specs() -> list[dict[str, Any]]:
    months = pd.date_range("2025-10-01", periods=12, freq="MS")
    departments = ["BESK", "SOC", "SUND", "UNGE"]
    monthly = pd.DataFrame(
        {
            "month": list(months) * 2,
            "citizens": [300 + i * 4 for i in range(12)] + [120 + i for i in range(12)],
            "scheme": ["ressourceforloeb"] * 12 + ["jobafklaring"] * 12,
        }
    )
    cost = pd.DataFrame(
        {"department": departments, "cost": [1234567.0, 2345678.0, 876543.0, 456789.0]}
    )
    budget = pd.DataFrame(
        {
            "department": departments * 2,
            "kind": ["Budget"] * 4 + ["Forbrug"] * 4,
            "amount": [2e6, 3e6, 1e6, 5e5, 1.8e6, 3.2e6, 0.9e6, 4.1e5],
        }
    )
    waits = pd.DataFrame(
        {"month": months, "days": [21, 19, 24, 30, 28, 22, 20, 18, 17, 19, 16, 15]}
    )
    exits = pd.DataFrame(
        {
            "reason": ["Job", "Uddannelse", "Fleksjob", "Førtidspension", "Andet"],
            "share": [0.31, 0.12, 0.27, 0.18, 0.12],
        }
    )
    meetings = pd.DataFrame(
        {"quarter": ["1. kvt.", "2. kvt.", "3. kvt.", "4. kvt."], "cases": [64, 71, 58, 80]}
    )
    y_number = alt.Axis(format=theme.NUMBER_FORMAT)
    return [
        _spec(
            alt.Chart(monthly)
            .mark_line(point=True)
            .encode(
                x=alt.X("month:T", title=None, axis=alt.Axis(format=theme.MONTH_FORMAT)),
                y=alt.Y("citizens:Q", title="Borgere", axis=y_number),
                color=alt.Color(
                    "scheme:N",
                    scale=theme.scheme_scale(["ressourceforloeb", "jobafklaring"]),
                    title="Ordning",
                ),
            )
        ),
        _spec(
            alt.Chart(cost)
            .mark_bar()
            .encode(
                x=alt.X("cost:Q", title="Kroner", axis=y_number),
                y=alt.Y("department:N", title=None),
                color=alt.Color(
                    "department:N", scale=theme.department_scale(departments), legend=None
                ),
            )
        ),
        _spec(
            alt.Chart(budget)
            .mark_bar()
            .encode(
                x=alt.X("department:N", title=None),
                xOffset="kind:N",
                y=alt.Y("amount:Q", title="Kroner", axis=y_number),
                color=alt.Color("kind:N", title=None),
            )
        ),
        _spec(
            alt.Chart(waits)
            .mark_area(opacity=0.6)
            .encode(
                x=alt.X("month:T", title=None, axis=alt.Axis(format=theme.MONTH_FORMAT)),
                y=alt.Y("days:Q", title="Dage"),
            )
        ),
        _spec(
            alt.Chart(exits)
            .mark_bar()
            .encode(
                x=alt.X("share:Q", title="Andel", axis=alt.Axis(format="%")),
                y=alt.Y("reason:N", title=None, sort="-x"),
            )
        ),
        _spec(
            alt.Chart(meetings)
            .mark_bar()
            .encode(x=alt.X("quarter:N", title=None), y=alt.Y("cases:Q", title="Sager"))
        ),
    ]


def _trend(*values: str) -> tuple[tuple[str, str], ...]:
    """The same quarter in 2022-2026, oldest first, as ``KeyFigure.trend`` holds it."""
    return tuple((f"3. kvt. {2022 + i}", v) for i, v in enumerate(values))


def make_briefing() -> Briefing:
    specs = chart_specs()
    figure = iter(range(1, 100))
    table = iter(range(1, 100))

    def fig(i: int, caption: str) -> Figure:
        return Figure(
            next(figure),
            specs[i],
            caption,
            "Kilde: Tværblik, dataversion v0003, register.xlsx og oekonomi.xlsx.",
            alt_text=f"Diagram: {caption.lower()}",
        )

    sections = (
        Section(
            "Borgere i forløb",
            (
                Paragraph("Antallet af borgere i ressourceforløb steg i 3. kvt. 2026."),
                fig(0, "Borgere i ressourceforløb og jobafklaring, måned for måned"),
                Table(
                    next(table),
                    "Borgere pr. ordning",
                    ("Ordning", "Borgere", "Ændring"),
                    (
                        ("Ressourceforløb", "312", "+9,0 %"),
                        ("Jobafklaring", "131", "–2,1 %"),
                        ("Fleksjob", "<5", "–"),
                        ("Alle ordninger", "447", "+5,4 %"),
                    ),
                    "Kilde: register.xlsx.",
                    (False, True, True),
                    emphasis=(3,),  # the sum, in bold; the other rows are plain
                ),
            ),
        ),
        Section("En tom sektion", ()),  # never shown
        Section(
            "Økonomi",
            (
                Paragraph("Udgifterne fordeler sig sådan på afdelingerne & ordningerne <i>."),
                fig(1, "Udgifter pr. afdeling"),
                fig(2, "Budget og forbrug pr. afdeling"),
            ),
        ),
        Section("Budgetopfølgning", (Paragraph("Forbruget ligger under budgettet."),), level=2),
        Section(
            "Rehabiliteringsteamet",
            (
                fig(5, "Sager i rehabiliteringsteamet pr. kvartal"),
                fig(3, "Ventetid fra henvisning til møde"),
                Table(
                    next(table),
                    "Indstillinger",
                    ("Indstilling", "Sager", "Andel"),
                    tuple(
                        (f"Indstilling {i}", f"{i * 1234}", f"{i * 3},5 %") for i in range(1, 40)
                    ),
                    "register.xlsx",
                    (False, True, True),
                ),
            ),
        ),
        Section("Forløb og resultater", (fig(4, "Hvordan forløbene slutter"),)),
    )
    return Briefing(
        municipality="Eksempel Kommune",
        committee="Beskæftigelsesudvalget",
        period="2026-Q3",
        period_label="3. kvt. 2026",
        created=date(2026, 10, 14),
        version="v0003",
        title="Status på den tværfaglige rehabiliteringsindsats, 3. kvt. 2026",
        key_figures=(
            KeyFigure(
                "volume.citizens",
                "Borgere i ressourceforløb",
                "312",
                "+9,0 %",
                "Der var 312 borgere i ressourceforløb, 9,0 % flere end i 2. kvt. 2026.",
                trend=_trend("251", "264", "280", "286", "312"),
            ),
            KeyFigure(
                "cost.total",
                "Udgifter i alt",
                "1.234.567 kr.",
                "−3,2 %",
                "Udgifterne var 1.234.567 kr.",
                trend=_trend("987.654 kr.", "1.012 kr.", "998 kr.", "1.275 kr.", "1.234.567 kr."),
            ),
            KeyFigure(
                "team.cases",
                "Sager i rehabiliteringsteamet",
                "<5",
                "–",
                "Der var under 5 sager, så tallet vises ikke.",
                trend=_trend("7", "..", "<5", "6", "<5"),
            ),
            KeyFigure(
                "process.wait",
                "Ventetid til møde",
                "15 dage",
                "–1 dag",
                "Ventetiden faldt.",
                trend=_trend("21 dage", "19 dage", "18 dage", "16 dage", "15 dage"),
            ),
        ),
        sections=sections,
        definitions=(
            Definition(
                "volume.citizens",
                "Borgere i ressourceforløb",
                "borgere",
                "Borgere med et ressourceforløb, der var i gang i perioden.",
            ),
            Definition("cost.total", "Udgifter i alt", "kr.", "Faktiske udgifter til indsatser."),
        ),
        notes=(
            "Tal under 5 vises som «<5» af hensyn til borgernes fortrolighed.",
            "Tallene bygger på dataversion v0003, indlæst 10-10-2026.",
        ),
        orientation=make_orientation(),
        file_stem="beskaeftigelsesudvalget-2026-Q3",
        key_figures_source="Kilde: Tværblik, indikatorerne «Borgere i forløb» og «Udgift til "
        "indsatser», data opgjort 31-10-2026.",
    )


def make_orientation(municipality: str = "Eksempel Kommune") -> Orientation:
    return Orientation(
        municipality=municipality,
        committee="Beskæftigelsesudvalget",
        title="Orientering om status på den tværfaglige rehabiliteringsindsats, 3. kvt. 2026",
        period="3. kvt. 2026 sammenlignet med 3. kvt. 2025",
        data_as_of="Data opgjort 31-10-2026",
        bullets=(
            Bullet(
                "Beskæftigelse (Jobcenter): forventet merforbrug på 1,4 mio. kr. i 2026, 1,2 % af "
                "det korrigerede budget på 121,9 mio. kr. Det går den forkerte vej.",
                "budget",
                "bad",
            ),
            Bullet(
                "Ventetid til indsatser i Beskæftigelse (Jobcenter) (median): mentor 15,0 dage; "
                "ingen mål sat.",
                "waiting",
            ),
            Bullet(
                "Borgere i ressourceforløb: steget mere end 10 % siden 3. kvt. 2025, fra 172 til "
                "206 (+19,8 %). Det går den rigtige vej.",
                "change",
                "good",
            ),
        ),
        economy=(
            "Beskæftigelse (Jobcenter) forventer et merforbrug på 1,4 mio. kr. i 2026.",
            "Alle fire afdelinger under ét forventer et mindreforbrug på 15,3 mio. kr. i 2026.",
        ),
        recommendation="Det indstilles, at udvalget tager orienteringen til efterretning.",
    )
