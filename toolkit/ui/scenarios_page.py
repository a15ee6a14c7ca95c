"""Scenarier: what happens year by year and department by department when budget moves or a
department invests, in one price level, with sliders for the key assumptions, the overlap
warning, the net result's 90 %-interval and payback probability, the tornado with each
assumption's own range, who pays and who gains (net), the scenarios side by side with the
baseline, and "Gem som Excel" of the adjusted scenarios as a scenarier.xlsx that can be
imported again. The widgets only: the numbers are ``scenarios_page_data``'s, the texts and
tables ``scenario_tables_data``'s and ``scenario_assumptions_data``'s."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import altair as alt
import ipywidgets as widgets
import pandas as pd

from toolkit import config
from toolkit.charts import scenario_charts
from toolkit.periods import as_of_default
from toolkit.register import Economy, Register, Scenarios
from toolkit.scenarios.baseline import Baseline, build_baseline
from toolkit.scenarios.model import Scenario, ScenarioError, scenarios_from_tables
from toolkit.store import Store, VersionInfo
from toolkit.ui.data_status import data_status
from toolkit.ui.frame import FigureCard, footer_html
from toolkit.ui.html import fragment, macro
from toolkit.ui.opening import message_html, no_data_html
from toolkit.ui.pages import SCENARIOS
from toolkit.ui.scenario_assumptions_data import assumptions
from toolkit.ui.scenario_move import TITLE as MOVE_TITLE
from toolkit.ui.scenario_move import MoveForm
from toolkit.ui.scenario_move_data import move_choices, next_scenario_id
from toolkit.ui.scenario_save import SaveScenarios
from toolkit.ui.scenario_tables_data import (
    CAVEAT,
    COMPARE_NOTE,
    CUMULATIVE_NOTE,
    DEPARTMENT_NOTE,
    INTRO,
    TEMPLATE,
    TORNADO_NOTE,
    assumptions_html,
    compare_table,
    cumulative_table,
    department_table,
    key_figures_lead,
    section,
    side_by_side_html,
    tiles_html,
    tornado_table,
    uncertainty_html,
    who_html,
)
from toolkit.ui.scenarios_page_data import (
    DURATION_STEP,
    EFFECT_RANGE,
    EFFECT_STEP,
    NOT_APPLICABLE,
    Comparison,
    Outcome,
    Reports,
    Settings,
    comparison,
    levers,
    scenario_workbook,
    series_name,
    slider_texts,
    with_settings,
)
from toolkit.ui.slider import Slider

__all__ = ["ScenariosPage", "scenarios_page"]

log = logging.getLogger(__name__)

TITLE = SCENARIOS.title
# The four figure cards: title, note under «Om tallet», file name of «Hent som Excel».
CARDS = (
    ("Hvem betaler, og hvem vinder – år for år", DEPARTMENT_NOTE, "scenarie-afdelinger.xlsx"),
    ("Hvornår er det tilbagebetalt", CUMULATIVE_NOTE, "scenarie-akkumuleret.xlsx"),
    ("Følsomhed", TORNADO_NOTE, "scenarie-foelsomhed.xlsx"),
    ("Uden og med scenarierne", COMPARE_NOTE, "scenarier-sammenlignet.xlsx"),
)

# -- the page -------------------------------------------------------------------------------


class ScenariosPage(widgets.VBox):
    """Scenario choice and focus, sliders, tiles, four figure cards, tables, assumptions."""

    def __init__(self, baseline: Baseline, scenarios: Sequence[Scenario],
                 names: dict[str, str], footer: str,
                 types: dict[str, str] | None = None) -> None:  # fmt: skip
        self.baseline, self.scenarios, self.names = baseline, list(scenarios), names
        self.types = types or {}
        self.by_id = {s.scenario_id: s for s in self.scenarios}
        self.reports = Reports(baseline)
        self.settings: dict[str, Settings] = {s.scenario_id: Settings() for s in self.scenarios}
        options = [(f"{s.scenario_id} {s.name}", s.scenario_id) for s in self.scenarios]
        # The description is each list's label: ipywidgets ties it to the select (for=id),
        # so a screen reader names it.
        label = {"description_width": "initial"}
        self.chosen = widgets.SelectMultiple(
            options=options, value=tuple(self.by_id), rows=min(max(len(options), 2), 6),
            description="Scenarier der sammenlignes", style=label,
            layout=widgets.Layout(width="42em"),
        )  # fmt: skip
        self.focus = widgets.Dropdown(options=options, value=self.scenarios[0].scenario_id,
                                      description="Scenarie i fokus", style=label,
                                      layout=widgets.Layout(width="34em"))  # fmt: skip
        low, high = EFFECT_RANGE
        self.effect = Slider("Effektens størrelse", value=100, min=low, max=high,
                             step=EFFECT_STEP)  # fmt: skip
        self.duration = Slider("Effektens varighed", value=1.0, min=DURATION_STEP, max=10.0,
                               step=DURATION_STEP)  # fmt: skip
        self.amount = Slider("Flyttet beløb pr. år", value=0.0, min=0.0, max=1.0, step=1.0)
        self.effect_text, self.duration_text, self.amount_text = (
            widgets.HTML() for _ in range(3))  # fmt: skip
        self.reset = widgets.Button(description="Nulstil antagelserne",
                                    layout=widgets.Layout(width="14em"))  # fmt: skip
        self.description = widgets.HTML()
        self.status = widgets.HTML()
        self.lead = widgets.HTML()  # the price level and the overlap warning
        self.tiles = [widgets.HTML() for _ in range(4)]
        self.who = widgets.HTML()
        self.uncertainty = widgets.HTML()
        self.side_by_side = widgets.HTML()
        self.assumption_list = widgets.HTML()
        self.download = SaveScenarios(self._workbook)
        self._quiet = False
        first = self.scenarios[0]
        self.move_form = MoveForm(
            move_choices(baseline, names.items(), self.types, first.first_year,
                         first.horizon_years, self.scenarios),
            lambda: next_scenario_id(self.by_id), self.add_scenario, first.discount_rate_pct,
        )  # fmt: skip
        self.move_box = widgets.Accordion(children=[self.move_form], titles=(MOVE_TITLE,),
                                          selected_index=None)  # fmt: skip

        result = self._compute()
        self.result = result
        compared = comparison(baseline, self._chosen_adjusted(), self.reports)
        self.department_card, self.cumulative_card, self.tornado_card, self.compare_card = (
            FigureCard(title, chart, [], table, note=note, file_name=file_name)
            for (title, note, file_name), (chart, table) in zip(
                CARDS, self._figures(result, compared), strict=True)
        )  # fmt: skip
        self._set_sliders()
        self._fill(result, compared)

        self.chosen.observe(self._on_chosen, names="value")
        self.focus.observe(self._on_focus, names="value")
        for control in (self.effect, self.duration, self.amount):
            control.observe(self._on_slider, names="value")
        self.reset.on_click(self._on_reset)

        def labelled(title: str, control: widgets.Widget, text: widgets.HTML) -> widgets.Widget:
            return widgets.HBox([widgets.HTML(macro(TEMPLATE, "slider_label", title)),
                                 control, text],
                                layout=widgets.Layout(align_items="center"))  # fmt: skip

        choice = widgets.HBox([
            widgets.VBox([self.chosen,
                          widgets.HTML(fragment("hint", "Hold Ctrl (Cmd på Mac) nede for at "
                                                "vælge flere."))],
                         layout=widgets.Layout(margin="0 1.5em 0 0")),
            widgets.VBox([self.focus, self.description]),
        ], layout=widgets.Layout(flex_flow="row wrap"))  # fmt: skip
        levers_box = widgets.VBox([
            widgets.HTML("<b>Antagelser for scenariet i fokus</b>"),
            labelled("Effektens størrelse", self.effect, self.effect_text),
            labelled("Effektens varighed", self.duration, self.duration_text),
            labelled("Flyttet beløb pr. år", self.amount, self.amount_text),
            self.reset,
        ], layout=widgets.Layout(margin="0.6em 0 0.6em 0"))  # fmt: skip
        # Two tiles a row in equal columns at 1024 px and wider (one on a narrow window), so
        # their long labels wrap inside the tile instead of each tile growing its own width.
        tiles = widgets.GridBox(
            self.tiles,
            layout=widgets.Layout(
                grid_template_columns="repeat(auto-fill, minmax(30em, 1fr))", grid_gap="0.8em"
            ),
        )
        super().__init__([
            widgets.HTML(macro(TEMPLATE, "heading", TITLE, INTRO, CAVEAT)),
            choice, levers_box, self.move_box, self.status, self.lead, tiles, self.download,
            widgets.HTML(fragment("spacer")),
            self.department_card, self.cumulative_card, self.tornado_card, self.uncertainty,
            self.who, self.compare_card, self.side_by_side, self.assumption_list,
            widgets.HTML(footer),
        ], layout=widgets.Layout(padding="0 1em 2em 1em", max_width="80em"))  # fmt: skip

    # -- state ------------------------------------------------------------------------------

    @property
    def cards(self) -> tuple[FigureCard, ...]:
        return (self.department_card, self.cumulative_card, self.tornado_card, self.compare_card)

    @property
    def focused(self) -> Scenario:
        return self.by_id[self.focus.value]

    def _adjusted(self) -> list[Scenario]:
        return with_settings(self.scenarios, self.settings)

    def _chosen_adjusted(self) -> list[Scenario]:
        chosen = set(self.chosen.value)
        return [s for s in self._adjusted() if s.scenario_id in chosen]

    def _compute(self) -> Outcome:
        adjusted = with_settings([self.focused], self.settings)[0]
        return self.reports.outcome(adjusted)

    def _workbook(self) -> bytes:
        return scenario_workbook(self._adjusted())

    # -- sliders ----------------------------------------------------------------------------

    def _set_sliders(self) -> None:
        """The focused scenario's sliders: enabled where they apply, at its settings."""
        scenario = self.focused
        lever = levers(scenario)
        mine = self.settings[scenario.scenario_id]
        self._quiet = True
        try:
            self.effect.value = round(mine.effect_pct)
            self.effect.disabled = not lever.effect
            self.duration.max = max(lever.duration_max, DURATION_STEP)
            self.duration.value = (mine.duration_years if mine.duration_years is not None
                                   else lever.duration_start)  # fmt: skip
            self.duration.disabled = not lever.duration
            self.amount.min = 0.0  # widen first: a new max may lie below the old min
            self.amount.max = lever.amount_max
            self.amount.step = lever.amount_step
            self.amount.value = mine.amount if mine.amount is not None else lever.amount_start
            self.amount.min = lever.amount_step  # an amount moved is above 0 (the schema)
            self.amount.disabled = not lever.amount
        finally:
            self._quiet = False
        self._slider_texts()
        self.description.value = macro(TEMPLATE, "description", scenario.description or "")

    def _slider_texts(self) -> None:
        """The Danish readout beside each slider, also what a screen reader says for it."""
        texts = slider_texts(self.focused, self.settings[self.focus.value], self.effect.value,
                             self.duration.value, self.amount.value)  # fmt: skip
        for slider, text, value in zip((self.effect, self.duration, self.amount),
                                       (self.effect_text, self.duration_text, self.amount_text),
                                       texts, strict=True):  # fmt: skip
            slider.value_text = value
            text.value = macro(TEMPLATE, "readout", value, value == NOT_APPLICABLE)

    def _read_sliders(self, duration_touched: bool) -> Settings:
        """The sliders' settings; the duration applies once its slider has been moved (an
        explicit flag: moving it back to its start value still sets every effect's duration)."""
        lever = levers(self.focused)
        duration = float(self.duration.value)
        amount = float(self.amount.value)
        touched = lever.duration and duration_touched
        return Settings(
            effect_pct=float(self.effect.value) if lever.effect else 100.0,
            duration_years=duration if touched else None,
            amount=amount if lever.amount and amount != lever.amount_start else None,
            duration_touched=touched,
        )  # fmt: skip

    # -- events -----------------------------------------------------------------------------

    def _on_slider(self, change: Any) -> None:
        if self._quiet:
            return
        owner = change.get("owner") if isinstance(change, dict) else None
        touched = self.settings[self.focus.value].duration_touched or owner is self.duration
        self.settings[self.focus.value] = self._read_sliders(touched)
        self._slider_texts()
        self.recompute()

    def _on_focus(self, _: Any) -> None:
        if self._quiet:
            return
        self._set_sliders()
        self.recompute()

    def _on_chosen(self, _: Any) -> None:
        if self._quiet:
            return
        self.recompute(focus_changed=False)

    def _on_reset(self, _: Any) -> None:
        self.settings[self.focus.value] = Settings()
        self._set_sliders()
        self.recompute()

    def add_scenario(self, scenario: Scenario) -> str | None:
        """Add a scenario built on the page, chosen and in focus; None when it is added, else
        why it cannot be projected (one Danish sentence)."""
        try:
            self.reports.outcome(scenario)
        except (ScenarioError, ValueError, KeyError) as exc:
            log.exception("Scenarier: a new move could not be projected")
            return str(exc) if isinstance(exc, ScenarioError) else (
                "Scenariet kunne ikke regnes igennem med disse antagelser.")  # fmt: skip
        self.scenarios.append(scenario)
        self.by_id[scenario.scenario_id] = scenario
        self.settings[scenario.scenario_id] = Settings()
        options = [(series_name(s), s.scenario_id) for s in self.scenarios]
        chosen = (*self.chosen.value, scenario.scenario_id)
        self._quiet = True
        try:
            self.chosen.options = options
            self.chosen.value = chosen
            self.focus.options = options
            self.focus.value = scenario.scenario_id
        finally:
            self._quiet = False
        self._set_sliders()
        self.recompute()
        return None

    def recompute(self, focus_changed: bool = True) -> None:
        """Project the focused scenario again (if it changed), compare the chosen ones, and
        redraw everything in place."""
        try:
            result = self._compute() if focus_changed else self.result
            compared = comparison(self.baseline, self._chosen_adjusted(), self.reports)
        except (ScenarioError, ValueError, KeyError) as exc:
            log.exception("Scenarier: the scenario could not be projected")
            reason = str(exc) if isinstance(exc, ScenarioError) else ""
            self.status.value = macro(TEMPLATE, "projection_error", reason)
            return
        self.status.value = ""
        self.result = result
        for card, (chart, table) in zip(self.cards, self._figures(result, compared), strict=True):
            card.update(chart, table)
        self._fill(result, compared)
        self.download.changed()

    def _figures(self, result: Outcome,
                 compared: Comparison) -> list[tuple[alt.TopLevelSpec, pd.DataFrame]]:  # fmt: skip
        """Each card's chart and table, in the order of :data:`CARDS`."""
        price = result.price_label
        return [
            (scenario_charts.department_chart(result.projection, self.names, price_label=price),
             department_table(result, self.names)),
            (scenario_charts.cumulative_chart(result.cumulative, result.break_even,
                                              price_label=price), cumulative_table(result)),
            (scenario_charts.tornado_chart(result.sensitivity, price_label=price),
             tornado_table(result)),
            (scenario_charts.compare_chart(compared.yearly, price_label=price),
             compare_table(compared.yearly)),
        ]  # fmt: skip

    def _fill(self, result: Outcome, compared: Comparison) -> None:
        self.lead.value = key_figures_lead(result)
        for tile, text in zip(self.tiles, tiles_html(result), strict=True):
            tile.value = text
        self.who.value = who_html(result, self.names)
        self.uncertainty.value = uncertainty_html(result)
        self.side_by_side.value = side_by_side_html(
            compared, lambda sid: series_name(self.by_id[sid]), result.price_label
        )
        self.assumption_list.value = section(
            f"Antagelser i «{result.scenario.name}»",
            assumptions_html(assumptions(result.scenario, self.baseline, self.names, self.types,
                                         result.assumptions)),
        )  # fmt: skip


# -- opening ----------------------------------------------------------------------------------


def _scenarios_of(tables: Scenarios) -> list[Scenario]:
    return scenarios_from_tables(tables.tables())


def build(register: Register, economy: Economy, scenarios: list[Scenario], as_of: date,
          footer: str, version: str | None = None) -> widgets.Widget:  # fmt: skip
    """The page for a loaded version, or a Danish message when it has nothing to show."""
    if not scenarios:
        return widgets.HTML(macro(TEMPLATE, "no_scenarios", TITLE) + footer)
    try:
        baseline = build_baseline(register, economy, as_of=as_of, version=version)
        return ScenariosPage(
            baseline,
            scenarios,
            economy.department_names(),
            footer,
            economy.intervention_type_names(),
        )
    except ScenarioError as exc:
        log.exception("Scenarier: a scenario could not be projected")
        return widgets.HTML(
            message_html(TITLE, "Scenarierne kan ikke regnes igennem.", str(exc)) + footer
        )


def scenarios_page(data_dir: Path | None = None) -> widgets.Widget:
    """The Scenarier page as one widget, from the data folder's current version."""
    status = data_status(data_dir)
    if status.problem is not None:
        return widgets.HTML(message_html(TITLE, "Data kan ikke vises.", status.problem))
    info: VersionInfo | None = status.current
    if info is None:
        return widgets.HTML(no_data_html(TITLE))
    dataset = Store(config.data_dir(status.data_dir)).load(info.id)
    try:
        as_of = as_of_default(dataset.register)
    except ValueError:
        return widgets.HTML(no_data_html(TITLE))
    return build(dataset.register, dataset.economy, _scenarios_of(dataset.scenarios), as_of,
                 footer_html(info, as_of), info.id)  # fmt: skip
