"""The sections about money: «Økonomi pr. afdeling» and «Udgift til indsatser på tværs af
afdelingerne» (who pays for the interventions of the citizens another department coordinates).

Each takes the ``Builder`` and returns one ``Section``; the committee's departments come first.
"""

from __future__ import annotations

from toolkit.briefing.builder import CHANGE, NO_DATA, SECTION_TITLES, Builder, present
from toolkit.briefing.model import Block, Paragraph, Section
from toolkit.indicators.cross import NO_COURSE


def _coordinated_by(b: Builder, code: str) -> str:
    return "Uden forløb" if code == NO_COURSE else f"Koordineret af {b.department(code)}"


def economy(b: Builder) -> Section:
    codes = b.departments(
        [*b.department_names, *b.values.codes("budget_dkk", "department", (b.period,))]
    )
    blocks: list[Block] = []
    names = ", ".join(b.department(d) for d in b.committee.departments)
    blocks.append(
        Paragraph(
            f"{b.committee.name}s afdelinger ({names}) står først. Budget og forbrug er for "
            f"{b.period.danish}; budgetforbruget og det forventede årsforbrug regnes fra årets "
            "start til og med kvartalets sidste måned."
        )
    )
    ids = ("budget_dkk", "actual_dkk", "budget_utilisation_pct", "forecast_year_end_dkk")
    if any(b.values.cell(i, b.period, department=d) for i in ids for d in codes):
        rows = [
            (
                b.department(d),
                b.department_committees.get(d, ""),
                *(b.show(i, department=d) for i in ids),
            )
            for d in codes
        ]
        blocks.append(
            b.table(
                f"Budget, forbrug og forventet årsforbrug pr. afdeling, {b.period.danish}",
                (
                    "Afdeling",
                    "Udvalg",
                    "Budget",
                    "Forbrug",
                    "Budgetforbrug år til dato",
                    "Forventet årsforbrug",
                ),
                rows,
                ids,
                (False, False, True, True, True, True),
            )
        )
    else:
        blocks.append(Paragraph(f"Ingen budget- eller regnskabstal for {b.period.danish}."))
    blocks += present(
        b.bar_figure(
            "actual_dkk",
            category="department",
            colour_by="department",
            title=f"Forbrug pr. afdeling, {b.period.danish}",
            caption=f"Bogført forbrug pr. afdeling i {b.period.danish}.",
            alt_text="Søjlediagram over hver afdelings forbrug i kvartalet.",
        ),
        b.trend_figure(
            "budget_utilisation_pct",
            colour_by="department",
            title="Budgetforbrug år til dato pr. afdeling",
            caption="Budgetforbrug år til dato pr. afdeling ved udgangen af hvert kvartal, "
            f"{b.previous.danish} til {b.period.danish}.",
            alt_text="Linjediagram over hver afdelings budgetforbrug i procent pr. kvartal.",
        ),
    )
    return Section(SECTION_TITLES["economy"], tuple(blocks))


def cross(b: Builder) -> Section:
    blocks: list[Block] = []
    by_coordinator = "intervention_cost_by_coordinator_dkk"
    payers = b.departments(b.values.codes(by_coordinator, "department", (b.period,)))
    coordinators = b.departments(
        b.values.codes(by_coordinator, "coordinating_department", (b.period,))
    )
    if payers and coordinators:
        blocks.append(
            Paragraph(
                "Tabellen viser, hvem der betaler for indsatserne til de borgere, en afdeling "
                "koordinerer forløbet for: en række er den afdeling, der betaler, en kolonne den "
                "afdeling, der koordinerer."
            )
        )
        rows = [
            (
                b.department(p),
                *(
                    b.show(by_coordinator, department=p, coordinating_department=c)
                    for c in coordinators
                ),
            )
            for p in payers
        ]
        blocks.append(
            b.table(
                f"Udgift til indsatser efter betalende og koordinerende afdeling, "
                f"{b.period.danish}",
                ("Betalende afdeling", *(_coordinated_by(b, c) for c in coordinators)),
                rows,
                (by_coordinator,),
                (False, *(True for _ in coordinators)),
            )
        )
    staff = b.departments(b.values.codes("meeting_staff_cost_dkk", "department", (b.period,)))
    if staff:
        rows = [
            (
                b.department(d),
                b.show("meeting_staff_cost_dkk", department=d),
                *b.compare("cost_per_person_dkk", department=d),
            )
            for d in staff
        ]
        blocks.append(
            b.table(
                f"Medarbejdertid i rehabiliteringsteamet ({b.period.danish}) og udgift pr. "
                "borger i forløb pr. afdeling",
                (
                    "Afdeling",
                    "Medarbejdertid i teamet",
                    f"Pr. borger {b.previous.danish}",
                    f"Pr. borger {b.period.danish}",
                    CHANGE,
                ),
                rows,
                ("meeting_staff_cost_dkk", "cost_per_person_dkk"),
                (False, True, True, True, True),
            )
        )
    blocks += present(
        b.bar_figure(
            "intervention_cost_dkk",
            category="department",
            colour_by="intervention_type",
            title=f"Udgift til indsatser pr. afdeling og indsatstype, {b.period.danish}",
            caption=f"Udgift til indsatser pr. betalende afdeling og indsatstype i "
            f"{b.period.danish}. Skjulte tal (små grupper) er udeladt, så søjlerne kan "
            "være kortere end afdelingens samlede udgift.",
            alt_text="Liggende søjler med hver afdelings udgift til indsatser, delt på "
            "indsatstyper.",
            names={"intervention_type": b.intervention_names},
        )
    )
    return Section(SECTION_TITLES["cross"], tuple(blocks) or (Paragraph(NO_DATA),), level=2)
