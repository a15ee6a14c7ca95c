"""Scenarier: what happens year by year and department by department when budget moves or a
department invests, with sliders for the key assumptions, sensitivity, break-even, who pays
and who gains, the scenarios side by side with the baseline, and "Gem som Excel" of the
adjusted scenarios as a scenarier.xlsx that can be imported again."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from toolkit import config, formats, schema
from toolkit.charts import scenario_charts
from toolkit.periods import as_of_default
from toolkit.register import Economy, Register, Scenarios
from toolkit.scenarios.baseline import Baseline, build_baseline
from toolkit.scenarios.model import Scenario, ScenarioError, scenarios_from_tables
from toolkit.store import Store, VersionInfo
from toolkit.ui.data_status import data_status
from toolkit.ui.frame import FigureCard, footer_html
from toolkit.ui.html import Markup, fragment, macro
from toolkit.ui.opening import message_html, no_data_html
from toolkit.ui.pages import SCENARIOS
from toolkit.ui.scenario_move import TITLE as MOVE_TITLE
from toolkit.ui.scenario_move import MoveForm
from toolkit.ui.scenario_move_data import amount_text, move_choices, next_scenario_id
from toolkit.ui.scenario_save import SaveScenarios
from toolkit.ui.scenarios_page_data import (
    DURATION_STEP,
    EFFECT_RANGE,
    EFFECT_STEP,
    Assumption,
    Comparison,
    Outcome,
    Settings,
    assumptions,
    break_even_text,
    comparison,
    factor_text,
    item_label,
    levers,
    outcome,
    scenario_workbook,
    series_name,
    with_settings,
)
from toolkit.ui.slider import Slider

__all__ = ["ScenariosPage", "scenarios_page"]

log = logging.getLogger(__name__)

TITLE = SCENARIOS.title
TEMPLATE = "scenarios_page.html.j2"
INTRO = (
    "Hvad sker der år for år i hver afdeling, hvis budget flyttes mellem afdelinger, eller en "
    "afdeling investerer i en indsats, når udgiften falder ét sted og gevinsten et andet? "
    "Vælg scenarier, sæt ét i fokus, og prøv antagelserne af med skyderne: alle tal og "
    "diagrammer regnes om. Beløbene er scenariets virkning på resultatet i forhold til "
    "basisforløbet: plus er en gevinst, minus en udgift."
)
CAVEAT = (
    "Scenarierne er beslutningsstøtte, ikke beslutningsgrundlag: de viser de økonomiske "
    "konsekvenser under de antagelser, der står nederst på siden. Progression og "
    "livskvalitet tæller også, men er ikke regnet med her."
)
DEPARTMENT_NOTE = (
    "Nettoresultat pr. år = summen af flyttet budget, udgifter til indsatser og ydelser, "
    "statsrefusion og konsekvensgevinster. Flyttet budget går ud i kommunen som helhed. "
    "Staten og regionen vises for sig. Beløb i kroner i scenariets prisniveau."
)
CUMULATIVE_NOTE = (
    "Summen af kommunens nettoresultater til og med året. Tilbagediskonteret: hvert år ganges "
    "med 1 / (1 + r)^t, hvor r er scenariets diskonteringsrente og t år efter første år. "
    "Tjent hjem: det første år, hvor den tilbagediskonterede sum er mindst 0."
)
TORNADO_NOTE = (
    "Kommunens tilbagediskonterede nettoresultat over hele perioden, når én antagelse ad "
    "gangen ganges med 0,75 og 1,25. Den lodrette streg er resultatet med antagelserne, som "
    "de er. Den længste bjælke er den antagelse, resultatet afhænger mest af."
)
COMPARE_NOTE = (
    "Basis: kommunens udgift til indsatser og ydelser fremskrevet fra basisåret. Med et "
    "scenarie: basis minus scenariets nettoresultat."
)


# -- small pieces of HTML ---------------------------------------------------------------------


def tile_html(title: str, rows: Sequence[tuple[str, str]], subtitle: str = "") -> str:
    """A tile in the look of :func:`toolkit.ui.frame.kpi_html`, without the change against
    last year (a scenario has no last year)."""
    return macro(TEMPLATE, "tile", title, list(rows), subtitle)


def tiles_html(result: Outcome) -> list[str]:
    scenario = result.scenario
    span = f"{scenario.first_year}–{scenario.last_year}"
    return [
        tile_html("Nettoresultat for kommunen", [
            ("Tilbagediskonteret", formats.kroner(result.net_discounted)),
            ("Ikke tilbagediskonteret", formats.kroner(result.net)),
        ], f"Summen over {span}"),
        tile_html("Tjent hjem", [
            ("Tilbagediskonteret", break_even_text(result.break_even)),
            ("Ikke tilbagediskonteret", break_even_text(result.break_even_undiscounted)),
        ], "Første år, hvor den akkumulerede sum er mindst 0"),
        tile_html("Effekt der skal til", [
            ("For at gå i nul", factor_text(result.break_even_factor,
                                            bool(scenario.effects))),
        ], "Alle effekter ganget med samme tal; tilbagediskonteret over hele perioden"),
    ]  # fmt: skip


def table_html(frame: pd.DataFrame, numeric: Sequence[str] = (), small: bool = False) -> str:
    """A plain HTML table of a frame with Danish headers and already formatted cells.

    Amounts never wrap («kr.» stays with its number); text and headers wrap, so the table
    fits at 1024 px; should it still be wider than the page, it scrolls inside its own box
    instead of being cut off. ``small``: a smaller font, for a wide table."""
    headers = [str(c) for c in frame.columns]
    rows = [[str(v) for v in row] for row in frame.itertuples(index=False)]
    return macro(TEMPLATE, "table", headers, rows, [str(c) for c in numeric], small)


def section(title: str, body: str) -> str:
    """A heading and ``body``, HTML made by this page's templates."""
    return macro(TEMPLATE, "section", title, Markup(body))


def who_table(who: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Who pays and who gains, with Danish headers and kroner (numbers, for Excel)."""
    return pd.DataFrame({
        "Afdeling": [names.get(str(d), str(d)) if pd.notna(d) else "" for d in who["department"]],
        "Udgifter (kr.)": who["cost"].round(0),
        "Gevinster (kr.)": who["gain"].round(0),
        "Flyttet budget (kr.)": who["budget_moved"].round(0),
        "Netto (kr.)": who["net"].round(0),
    })  # fmt: skip


def kroner_cells(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if column.endswith("(kr.)"):
            out[column] = [formats.kroner(v) if pd.notna(v) else "–" for v in out[column]]
    return out


def assumptions_html(items: Sequence[Assumption]) -> str:
    return macro(TEMPLATE, "assumptions", list(items))


# -- the page -------------------------------------------------------------------------------


class ScenariosPage(widgets.VBox):
    """Scenario choice and focus, sliders, tiles, four figure cards, tables, assumptions."""

    def __init__(self, baseline: Baseline, scenarios: Sequence[Scenario],
                 names: dict[str, str], footer: str,
                 types: dict[str, str] | None = None) -> None:  # fmt: skip
        self.baseline, self.scenarios, self.names = baseline, list(scenarios), names
        self.types = types or {}
        self.by_id = {s.scenario_id: s for s in self.scenarios}
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
        self.tiles = [widgets.HTML() for _ in range(3)]
        self.who = widgets.HTML()
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
        self.department_card = FigureCard(
            "Hvem betaler, og hvem vinder – år for år",
            scenario_charts.department_chart(result.projection, names), [],
            self._department_table(result), note=DEPARTMENT_NOTE,
            file_name="scenarie-afdelinger.xlsx",
        )  # fmt: skip
        self.cumulative_card = FigureCard(
            "Hvornår er det tjent hjem",
            scenario_charts.cumulative_chart(result.cumulative, result.break_even), [],
            self._cumulative_table(result), note=CUMULATIVE_NOTE,
            file_name="scenarie-akkumuleret.xlsx",
        )  # fmt: skip
        self.tornado_card = FigureCard(
            "Følsomhed", scenario_charts.tornado_chart(result.sensitivity), [],
            self._tornado_table(result), note=TORNADO_NOTE,
            file_name="scenarie-foelsomhed.xlsx",
        )  # fmt: skip
        compared = comparison(baseline, self._chosen_adjusted())
        self.compare_card = FigureCard(
            "Uden og med scenarierne", scenario_charts.compare_chart(compared.yearly), [],
            self._compare_table(compared.yearly), note=COMPARE_NOTE,
            file_name="scenarier-sammenlignet.xlsx",
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
        tiles = widgets.HBox(
            self.tiles, layout=widgets.Layout(flex_flow="row wrap", grid_gap="0.8em")
        )
        super().__init__([
            widgets.HTML(macro(TEMPLATE, "heading", TITLE, INTRO, CAVEAT)),
            choice, levers_box, self.move_box, self.status, tiles, self.download,
            widgets.HTML(fragment("spacer")),
            self.department_card, self.cumulative_card, self.tornado_card, self.who,
            self.compare_card, self.side_by_side, self.assumption_list, widgets.HTML(footer),
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
        return outcome(self.baseline, adjusted)

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
        lever = levers(self.focused)
        mine = self.settings[self.focus.value]
        off = "gælder ikke dette scenarie"
        effect = f"{formats.percent(self.effect.value, 0)} af den antagne effekt"
        if not lever.duration:
            duration = off
        elif mine.duration_years is None and not any(
            e.duration_years for e in self.focused.effects
        ):
            duration = "til horisontens slut"
        else:
            duration = f"{formats.number(self.duration.value)} år"
        amount = amount_text(self.amount.value) if lever.amount else off
        for slider, text, value in ((self.effect, self.effect_text, effect if lever.effect
                                     else off), (self.duration, self.duration_text, duration),
                                    (self.amount, self.amount_text, amount)):  # fmt: skip
            slider.value_text = value
            text.value = macro(TEMPLATE, "readout", value, value == off)

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
            outcome(self.baseline, scenario)
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
            compared = comparison(self.baseline, self._chosen_adjusted())
        except (ScenarioError, ValueError, KeyError) as exc:
            log.exception("Scenarier: the scenario could not be projected")
            reason = str(exc) if isinstance(exc, ScenarioError) else ""
            self.status.value = macro(TEMPLATE, "projection_error", reason)
            return
        self.status.value = ""
        self.result = result
        self.department_card.update(
            scenario_charts.department_chart(result.projection, self.names),
            self._department_table(result))  # fmt: skip
        self.cumulative_card.update(
            scenario_charts.cumulative_chart(result.cumulative, result.break_even),
            self._cumulative_table(result))  # fmt: skip
        self.tornado_card.update(scenario_charts.tornado_chart(result.sensitivity),
                                 self._tornado_table(result))  # fmt: skip
        self.compare_card.update(scenario_charts.compare_chart(compared.yearly),
                                 self._compare_table(compared.yearly))  # fmt: skip
        self._fill(result, compared)
        self.download.changed()

    def _fill(self, result: Outcome, compared: Comparison) -> None:
        for tile, text in zip(self.tiles, tiles_html(result), strict=True):
            tile.value = text
        who = who_table(result.who, self.names)
        self.who.value = section(
            "Hvem betaler, og hvem vinder – summen over perioden",
            table_html(kroner_cells(who), [c for c in who.columns if c != "Afdeling"])
            + macro(TEMPLATE, "note", "Udgifter og gevinster er uden flyttet budget, som "
                    "står for sig. Netto er summen af de tre."),
        )  # fmt: skip
        side = self._summary_table(compared)
        body = "<p>Vælg mindst ét scenarie i listen ovenfor.</p>"
        if len(side):
            text_columns = ("Scenarie", "Tjent hjem", "Betaler mest / vinder mest", "Antagelser")
            numeric = [c for c in side.columns if c not in text_columns]
            body = table_html(side, numeric, small=True) + macro(
                TEMPLATE,
                "note",
                "Kommunen over hvert scenaries egne år. Uden scenarie: "
                "basisforløbet fremskrevet. Skydernes værdier er med.",
            )
        self.side_by_side.value = section("Scenarierne side om side", body)
        self.assumption_list.value = section(
            f"Antagelser i «{result.scenario.name}»",
            assumptions_html(assumptions(result.scenario, self.baseline, self.names, self.types)),
        )

    # -- tables for the cards and Excel ----------------------------------------------------

    def _department_table(self, result: Outcome) -> pd.DataFrame:
        rows = result.projection
        return pd.DataFrame({
            "År": rows["year"].astype(int),
            "Kasse": [schema.PURSE.label(str(p)) for p in rows["purse"]],
            "Afdeling": [self.names.get(str(d), "") if pd.notna(d) else "" for d in
                         rows["department"]],
            "Post": [item_label(str(i)) for i in rows["item"]],
            "Beløb (kr.)": rows["amount"].round(0),
            "Afledt": ["ja" if d else "nej" for d in rows["derived"]],
        })  # fmt: skip

    @staticmethod
    def _cumulative_table(result: Outcome) -> pd.DataFrame:
        c = result.cumulative
        return pd.DataFrame({
            "År": c["year"].astype(int),
            "Akkumuleret, ikke tilbagediskonteret (kr.)": c["cumulative"].round(0),
            "Akkumuleret, tilbagediskonteret (kr.)": c["cumulative_discounted"].round(0),
        })  # fmt: skip

    @staticmethod
    def _tornado_table(result: Outcome) -> pd.DataFrame:
        s = result.sensitivity
        return pd.DataFrame({
            "Antagelse": s["label"].astype(str),
            "Med antagelserne som de er (kr.)": s["net_base"].round(0),
            "25 % lavere (kr.)": s["net_low"].round(0),
            "25 % højere (kr.)": s["net_high"].round(0),
        })  # fmt: skip

    @staticmethod
    def _compare_table(yearly: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame({
            "År": yearly["year"].astype(int),
            "Serie": yearly["series"].astype(str),
            "Kommunens udgift (kr.)": yearly["cost"].round(0),
        })  # fmt: skip

    def _summary_table(self, compared: Comparison) -> pd.DataFrame:
        """One row per chosen scenario, formatted for reading."""
        rows = compared.summary.merge(compared.costs, on="scenario", how="left")

        def kroner(column: str) -> list[str]:
            return [formats.kroner(v) for v in rows[column]]

        def millions(column: str) -> list[str]:
            return [f"{formats.number(v / 1_000_000, 1)} mio. kr." for v in rows[column]]

        def label(value: Any) -> str:
            return str(value) if pd.notna(value) else "–"

        def years(column: str) -> list[str]:
            return [break_even_text(None if pd.isna(v) else int(v)) for v in rows[column]]

        return pd.DataFrame({
            "Scenarie": [series_name(self.by_id[sid]) for sid in rows["scenario"]],
            # The kommune's whole spending is read in millions; the exact kroner are in the
            # comparison chart's Excel download.
            "Udgift uden scenarie": millions("without"),
            "Udgift med scenariet": millions("with"),
            "Nettoresultat": kroner("net"),
            "Tilbage\u00addiskonteret": kroner("net_discounted"),  # may break at the hyphen
            "Tjent hjem": years("break_even_year"),
            # One column for both (a narrow page): «Socialafdelingen / Beskæftigelse».
            "Betaler mest / vinder mest": [
                f"{label(payer)} / {label(gainer)}"
                for payer, gainer in zip(rows["payer_label"], rows["gainer_label"], strict=True)
            ],
            # One narrow column for both counts: a tenth column would not fit at 1024 px.
            "Antagelser": [f"{formats.integer(int(d))} afledte, {formats.integer(int(u))} uden "
                           "kilde" for d, u in zip(rows["derived"], rows["unsourced"],
                                                   strict=True)],
        })  # fmt: skip


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
