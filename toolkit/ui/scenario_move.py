"""The Scenarier page's form for a new move of budget: from and to department, amount per
year, years, what the money buys, and the effect on a target group. Every field has a Danish
label a screen reader reads; problems are listed in Danish; a valid move is handed to the
page as a scenario (``on_add``), which projects and saves it like the prepared ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from toolkit import formats
from toolkit.scenarios import Scenario
from toolkit.ui.html import fragment, macro
from toolkit.ui.scenario_move_data import (
    DEFAULT_SIZES,
    NO_EFFECT,
    NO_PURCHASE,
    OWN_SOURCE,
    MoveAnswers,
    MoveChoices,
    amount_text,
    move_problems,
    move_scenario,
    parse_number,
    persons_bought,
)

__all__ = ["MoveForm"]

TITLE = "Lav en ny flytning af budget"
TEMPLATE = "scenario_move.html.j2"
INTRO = (
    "Flyt et beløb om året fra én afdeling til en anden, vælg hvad pengene bruges til, og "
    "hvilken effekt du venter på en målgruppe. Scenariet regnes igennem som de andre, kommer "
    "med i sammenligningen og i regnearket, når scenarierne gemmes som Excel, så en controller "
    "kan indlæse det."
)
LABEL = {"description_width": "11em"}
WIDE, NARROW = "36em", "20em"


def _field(widget: widgets.Widget) -> widgets.Widget:
    widget.style = LABEL
    return widget


class MoveForm(widgets.VBox):
    """The form; ``on_add(scenario)`` gets each valid move as a new scenario."""

    def __init__(
        self,
        choices: MoveChoices,
        new_id: Callable[[], str],
        on_add: Callable[[Scenario], str | None],
        discount_rate_pct: float | None = None,
    ) -> None:
        self.choices, self.new_id, self.on_add = choices, new_id, on_add
        self.discount_rate_pct = discount_rate_pct
        codes = [code for _, code in choices.departments]
        years = list(choices.years)
        self.name = _field(
            widgets.Text(value="Ny flytning", description="Navn", layout=widgets.Layout(width=WIDE))
        )
        self.from_department = _field(
            widgets.Dropdown(
                options=choices.departments,
                value=codes[0] if codes else None,
                description="Fra afdeling",
                layout=widgets.Layout(width=WIDE),
            )
        )
        self.to_department = _field(
            widgets.Dropdown(
                options=choices.departments,
                value=codes[1] if len(codes) > 1 else None,
                description="Til afdeling",
                layout=widgets.Layout(width=WIDE),
            )
        )
        self.amount = _field(
            widgets.Text(
                value=formats.integer(round(choices.default_amount)),
                description="Beløb pr. år (kr.)",
                layout=widgets.Layout(width=NARROW),
            )
        )
        self.amount_hint = widgets.HTML()
        self.from_year = _field(
            widgets.Dropdown(
                options=years,
                value=years[0],
                description="Fra år",
                layout=widgets.Layout(width=NARROW),
            )
        )
        self.to_year = _field(
            widgets.Dropdown(
                options=years,
                value=years[-1],
                description="Til år",
                layout=widgets.Layout(width=NARROW),
            )
        )
        self.purchase = _field(
            widgets.Dropdown(description="Pengene bruges til", layout=widgets.Layout(width=WIDE))
        )
        self.purchase_hint = widgets.HTML()
        self.scheme = _field(
            widgets.Dropdown(
                options=[("Ingen effekt", NO_EFFECT), *choices.schemes],
                value=choices.schemes[0][1] if choices.schemes else NO_EFFECT,
                description="Målgruppe",
                layout=widgets.Layout(width=WIDE),
            )
        )
        self.support = _field(
            widgets.Dropdown(
                options=choices.supports,
                description="Forsørgelse ved start",
                layout=widgets.Layout(width=WIDE),
            )
        )
        self.outcome = _field(
            widgets.Dropdown(
                options=choices.outcomes, description="Effekt", layout=widgets.Layout(width=WIDE)
            )
        )
        self.size = _field(
            widgets.Text(description="Størrelse", layout=widgets.Layout(width=NARROW))
        )
        self.size_unit = widgets.HTML()
        delays = [(f"{n} år" if n else "ingen (fra første år)", n) for n in range(len(years))]
        self.delay = _field(
            widgets.Dropdown(
                options=delays,
                value=min(1, len(years) - 1),
                description="Forsinkelse",
                layout=widgets.Layout(width=NARROW),
            )
        )
        # 0 stands for «to the end of the horizon»: a Dropdown cannot hold None as a value.
        durations = [
            ("til horisontens slut", 0),
            *((f"{formats.plain(n)} år", n) for n in range(1, len(years) + 1)),
        ]
        self.duration = _field(
            widgets.Dropdown(
                options=durations,
                value=0,
                description="Varighed",
                layout=widgets.Layout(width=NARROW),
            )
        )
        self.persons = _field(
            widgets.Text(
                description="Personer pr. år",
                layout=widgets.Layout(width=NARROW),
                placeholder="tom = beregnet",
            )
        )
        self.source = _field(
            widgets.Text(value=OWN_SOURCE, description="Kilde", layout=widgets.Layout(width="40em"))
        )
        self.add = widgets.Button(
            description="Beregn scenariet",
            button_style="primary",
            layout=widgets.Layout(width="14em"),
        )
        self.messages = widgets.HTML()
        self._fill_purchases()
        self._fill_size()
        self._hints()

        self.to_department.observe(self._on_receiver, names="value")
        self.outcome.observe(lambda _: self._fill_size(), names="value")
        self.scheme.observe(lambda _: self._effect_enabled(), names="value")
        for control in (self.amount, self.purchase):
            control.observe(lambda _: self._hints(), names="value")
        self.add.on_click(self._on_add)
        self._effect_enabled()

        def row(*items: widgets.Widget) -> widgets.HBox:
            return widgets.HBox(
                list(items), layout=widgets.Layout(flex_flow="row wrap", align_items="center")
            )

        super().__init__(
            [
                widgets.HTML(macro(TEMPLATE, "intro", INTRO)),
                self.name,
                row(self.from_department, self.to_department),
                row(self.amount, self.amount_hint),
                row(self.from_year, self.to_year),
                row(self.purchase, self.purchase_hint),
                widgets.HTML("<b>Effekt på en målgruppe</b>"),
                row(self.scheme, self.support),
                row(self.outcome, self.size, self.size_unit),
                row(self.delay, self.duration, self.persons),
                self.source,
                row(self.add, self.messages),
            ],
            layout=widgets.Layout(padding="0.3em 0"),
        )

    def answers(self) -> MoveAnswers:
        return MoveAnswers(
            name=self.name.value,
            from_department=self.from_department.value or "",
            to_department=self.to_department.value or "",
            amount=self.amount.value,
            from_year=int(self.from_year.value),
            to_year=int(self.to_year.value),
            purchase=self.purchase.value or NO_PURCHASE,
            scheme=self.scheme.value or NO_EFFECT,
            support_at_entry=self.support.value or "",
            outcome=self.outcome.value,
            size=self.size.value,
            delay_years=int(self.delay.value),
            duration_years=int(self.duration.value) or None,
            persons=self.persons.value,
            source=self.source.value,
        )

    # -- what follows the choices ------------------------------------------------------------

    def _on_receiver(self, _: Any) -> None:
        self._fill_purchases()
        self._hints()

    def _fill_purchases(self) -> None:
        types = self.choices.purchases.get(self.to_department.value or "", ())
        self.purchase.options = [("Ingen: kun flytning af budget", NO_PURCHASE), *types]
        self.purchase.value = types[0][1] if types else NO_PURCHASE

    def _fill_size(self) -> None:
        self.size.value = formats.plain(DEFAULT_SIZES.get(self.outcome.value, 1.0))
        label = {code: name for name, code in self.choices.outcomes}[self.outcome.value]
        unit = label.rsplit("(", 1)[-1].rstrip(")")
        self.size_unit.value = fragment("muted", unit)

    def _effect_enabled(self) -> None:
        off = not self.scheme.value
        for control in (
            self.support,
            self.outcome,
            self.size,
            self.delay,
            self.duration,
            self.persons,
            self.source,
        ):
            control.disabled = off

    def _hints(self) -> None:
        amount = parse_number(self.amount.value)
        self.amount_hint.value = (
            fragment("muted", amount_text(amount)) if amount is not None and amount > 0 else ""
        )
        bought = persons_bought(self.answers(), self.choices)
        cost = self.choices.cost_per_person.get(self.purchase.value or "")
        self.purchase_hint.value = (
            ""
            if bought is None or cost is None
            else fragment(
                "muted",
                f"≈ {formats.number(bought, 1)} personer pr. år à {formats.kroner(cost)} "
                "(basisårets udgift pr. modtager)",
            )
        )

    # -- the button --------------------------------------------------------------------------

    def _on_add(self, _: Any) -> None:
        answers = self.answers()
        problems = move_problems(answers, self.choices)
        if not problems:
            scenario = move_scenario(answers, self.choices, self.new_id(), self.discount_rate_pct)
            failure = self.on_add(scenario)
            if failure is None:
                self.messages.value = macro(TEMPLATE, "added", scenario.name, scenario.scenario_id)
                return
            problems = [failure]
        self.messages.value = macro(TEMPLATE, "problems", problems)
