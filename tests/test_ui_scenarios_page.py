"""The Scenarier page, in-process, on the sample municipality with its three scenarios: the
sliders and the focus redraw, «Gem som Excel» gives a valid scenarier.xlsx, Danish only."""

from __future__ import annotations

import base64
import html
import json
import math
import re
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.paths import SAMPLE_DIR
from tests.scenario_data import hand_baseline, scenario
from tests.store_data import imported_sample
from tests.widget_text import (
    ENGLISH,
    PAGE_TEMPLATE,
    built_page,
    datasets,
    page_style,
    visible_text,
)
from toolkit import formats
from toolkit.charts.scenario_charts import range_text
from toolkit.scenarios import ScenarioReport, scenario_report, scenarios_from_tables
from toolkit.scenarios.model import PriceIndexPoint, Uncertainty
from toolkit.ui import scenarios_page as scenarios_page_module
from toolkit.ui.scenario_assumptions_data import persons_text, value_text
from toolkit.ui.scenario_move_data import (
    MoveAnswers,
    amount_text,
    move_choices,
    move_scenario,
    next_scenario_id,
    parse_number,
)
from toolkit.ui.scenarios_page import ScenariosPage, scenarios_page
from toolkit.ui.scenarios_page_data import (
    Settings,
    comparison,
    interval_text,
    millions_text,
    party_text,
    probability_text,
    with_settings,
)
from toolkit.ui.slider import Slider
from toolkit.workbook import check_files


@pytest.fixture(scope="module")
def scenario_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the sample municipality and its scenarios (scenarier.xlsx)."""
    return imported_sample(tmp_path_factory, "scenarier")


@pytest.fixture(scope="module")
def without_scenarios(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the sample municipality's register and economy only."""
    return imported_sample(tmp_path_factory, "uden-scenarier", ["register.xlsx", "oekonomi.xlsx"])


@pytest.fixture
def scenarios(scenario_dir: Path) -> ScenariosPage:
    return built_page(ScenariosPage, scenarios_page(scenario_dir))


def rows(card: Any) -> list[dict[str, Any]]:
    return [row for data in datasets(card).values() for row in data]


def download_bytes(scenarios: ScenariosPage) -> bytes:
    """The workbook behind «Gem som Excel», built as a click does."""
    save = scenarios.download
    assert save.button.description == "Gem som Excel" and save.link.value == ""
    save.button.click()
    found = re.search(r"href='data:[^;]+;base64,([^']+)'", save.link.value)
    assert found and "Gem som Excel" in save.link.value
    assert "download='scenarier.xlsx'" in save.link.value
    assert save.button.layout.display == "none"  # the link stands in its place
    return base64.b64decode(found.group(1))


def test_no_data_gives_a_danish_message(data_dir: Path) -> None:
    assert "Der er ikke indlæst data endnu" in visible_text(scenarios_page(data_dir))


def test_no_scenarios_says_how_to_add_them(without_scenarios: Path) -> None:
    text = visible_text(scenarios_page(without_scenarios))
    assert "Der er ingen scenarier i data endnu" in text
    assert "tvaerblik import scenarier.xlsx" in text and "templates_xlsx/scenarier.xlsx" in text
    assert "Data: version v0001" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_page_is_danish_with_tiles_caveat_and_assumptions(scenarios: ScenariosPage) -> None:
    text = visible_text(scenarios)
    for phrase in ("Scenarier", "beslutningsstøtte, ikke beslutningsgrundlag",
                   "Progression og livskvalitet tæller også", "Nettoresultat for kommunen",
                   "Tilbagebetalt", "Effekt der skal til", "Hvem betaler, og hvem vinder",
                   "Følsomhed", "Scenarierne side om side", "Antagelser i", "afledt",
                   "scenarier.xlsx med skydernes værdier", "Data: version v0001"):  # fmt: skip
        assert phrase in text, phrase
    assert re.search(r"\d{1,3}(\.\d{3})+ kr\.", text)
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert "Traceback" not in text and "Fejl" not in text
    assert len(scenarios.chosen.value) == 3  # every scenario chosen by default
    assert scenarios.download.button.description == "Gem som Excel"
    for card in scenarios.cards:
        assert rows(card), card


def test_effect_slider_redraws_within_budget(scenarios: ScenariosPage) -> None:
    before = [datasets(card) for card in scenarios.cards]
    tiles = [tile.value for tile in scenarios.tiles]
    download_bytes(scenarios)  # a link to the workbook as it was
    started = time.perf_counter()
    scenarios.effect.value = 50
    took = time.perf_counter() - started
    print(f"Scenarier: skyder (effekt) regnet og tegnet om på serveren på {took:.3f} s")
    after = [datasets(card) for card in scenarios.cards]
    assert all(a != b for a, b in zip(after, before, strict=True))
    assert [tile.value for tile in scenarios.tiles] != tiles
    assert scenarios.download.link.value == "" and scenarios.download.button.layout.display == ""
    assert scenarios.settings["S1"].effect_pct == 50.0
    assert "50 % af den antagne effekt" in scenarios.effect_text.value
    assert took < 1.0, f"a slider change took {took:.2f} s"  # target 0.3 s


def test_focus_enables_only_the_sliders_that_apply(scenarios: ScenariosPage) -> None:
    assert not scenarios.amount.disabled and not scenarios.effect.disabled  # S1 moves budget
    scenarios.focus.value = "S2"  # a volume change and an effect, no budget moved
    assert scenarios.amount.disabled and not scenarios.effect.disabled
    assert "gælder ikke dette scenarie" in scenarios.amount_text.value
    assert "Ressourceforløb for flere kontanthjælpsmodtagere" in visible_text(scenarios)
    spec = scenarios.cumulative_card.chart.chart.to_dict()
    has_rule = any(layer["mark"]["type"] == "rule" and "x" in layer["encoding"]
                   for layer in spec["layer"])  # fmt: skip
    assert has_rule == (scenarios.result.break_even is not None)


def test_amount_slider_moves_the_budget_bars(scenarios: ScenariosPage) -> None:
    def moved() -> float:
        table = scenarios.department_card.table
        return float(table.loc[table["Post"] == "Flyttet budget", "Beløb (kr.)"].abs().sum())

    before = moved()
    scenarios.amount.value = scenarios.amount.max
    assert moved() > before
    scenarios.reset.click()
    assert moved() == before and scenarios.settings["S1"].is_default


def test_duration_slider_back_at_its_start_still_applies_to_every_effect(
    scenarios: ScenariosPage,
) -> None:
    start = scenarios.duration.value
    assert not scenarios.settings["S1"].duration_touched
    scenarios.duration.value = scenarios.duration.min
    scenarios.duration.value = start  # back at the start value: still the slider's duration
    mine = scenarios.settings["S1"]
    assert mine.duration_touched and mine.duration_years == start
    assert {e.duration_years for e in scenarios._adjusted()[0].effects} == {start}
    scenarios.effect.value = 80  # another slider keeps the flag
    assert scenarios.settings["S1"].duration_touched
    scenarios.reset.click()
    assert scenarios.settings["S1"] == Settings() and not scenarios.settings["S1"].duration_touched
    assert scenarios._adjusted()[0] == scenarios.by_id["S1"]


def test_deselecting_scenarios_changes_the_comparison(scenarios: ScenariosPage) -> None:
    scenarios.chosen.value = ("S1",)
    series = {row["serie"] for row in rows(scenarios.compare_card)}
    assert series == {"Uden scenarie", "S1 Flere støttekontaktpersoner (SEL § 85)"}
    assert "S2 Ressourceforløb" not in scenarios.side_by_side.value


def test_save_as_excel_round_trips_the_adjusted_scenarios(
    scenarios: ScenariosPage, tmp_path: Path
) -> None:
    original = {e.size for e in scenarios.by_id["S1"].effects}
    scenarios.effect.value = 150
    path = tmp_path / "scenarier.xlsx"
    path.write_bytes(download_bytes(scenarios))
    result = check_files([path, SAMPLE_DIR / "oekonomi.xlsx"])
    assert not result.report.has_errors, result.report.to_text()
    back = {s.scenario_id: s for s in scenarios_from_tables(result.tables["scenarier"])}
    assert set(back) == {"S1", "S2", "S3"}
    assert {e.size for e in back["S1"].effects} == {size * 1.5 for size in original}
    assert back["S2"].effects == scenarios.by_id["S2"].effects  # the others as they were


def test_the_workbook_is_built_only_when_save_is_clicked(
    scenario_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []

    def counted(scenarios: list[Any]) -> bytes:
        built.append(len(scenarios))
        return b"PK workbook"

    monkeypatch.setattr(scenarios_page_module, "scenario_workbook", counted)
    scenarios = scenarios_page(scenario_dir)
    assert isinstance(scenarios, ScenariosPage)
    scenarios.effect.value = 150
    scenarios.focus.value = "S2"
    assert built == []  # building, redrawing and sliding write no workbook
    scenarios.download.button.click()
    assert built == [3] and "Gem som Excel" in scenarios.download.link.value


def test_a_workbook_that_cannot_be_built_is_said_in_danish(
    scenario_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(_: object) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(scenarios_page_module, "scenario_workbook", fails)
    scenarios = scenarios_page(scenario_dir)
    assert isinstance(scenarios, ScenariosPage)
    assert scenarios.download.prepare() == ""
    assert "Excel-arket kunne ikke laves. Prøv igen." in scenarios.download.link.value
    assert "disk full" not in visible_text(scenarios)


def test_persons_below_five_are_shown_as_less_than_five() -> None:
    assert persons_text(3) == "<5" and persons_text(0) == "0" and persons_text(234) == "234"


# -- a new move built on the page (issue 10, item 11) -----------------------------------------


def fill_move(scenarios: ScenariosPage, **values: Any) -> None:
    form = scenarios.move_form
    defaults = {"from_department": "BESK", "to_department": "SOC", "amount": "1.200.000",
                "from_year": 2027, "to_year": 2029, "scheme": "ressourceforloeb",
                "outcome": "afgang_arbejde", "size": "6", "delay": 1}  # fmt: skip
    for name, value in {**defaults, **values}.items():
        getattr(form, name).value = value


def test_the_move_form_offers_the_economys_departments_and_the_scenarios_years(
    scenarios: ScenariosPage,
) -> None:
    form = scenarios.move_form
    assert [code for _, code in form.from_department.options] == ["BESK", "SOC", "SUND", "UNGE"]
    assert dict(form.from_department.options)["Socialafdelingen"] == "SOC"
    assert list(form.from_year.options) == [2027, 2028, 2029, 2030, 2031]
    assert form.from_department.value != form.to_department.value
    assert form.amount.value == "1.800.000"  # the prepared move's amount
    # What the money buys belongs to the receiving department, with its yearly cost.
    form.to_department.value = "SOC"
    types = [code for _, code in form.purchase.options if code]
    assert types and all(
        scenarios.baseline.intervention_types[code].department == "SOC" for code in types
    )
    assert "personer pr. år" in form.purchase_hint.value
    labels = {form.name.description, form.from_department.description, form.amount.description,
              form.scheme.description, form.size.description}  # fmt: skip
    assert "" not in labels  # every field has a label a screen reader reads


def test_a_new_move_is_computed_at_once_chosen_and_in_focus(scenarios: ScenariosPage) -> None:
    before = [datasets(card) for card in scenarios.cards]
    fill_move(scenarios, name="Mentor i Socialafdelingen")
    scenarios.move_form.add.click()
    assert "S4" in scenarios.by_id, scenarios.move_form.messages.value
    assert scenarios.focus.value == "S4" and "S4" in scenarios.chosen.value
    assert "er regnet igennem som S4" in scenarios.move_form.messages.value
    moved = scenarios.department_card.table
    budget = moved[moved["Post"] == "Flyttet budget"]
    assert set(budget["År"]) == {2027, 2028, 2029}
    by_department = budget.groupby("Afdeling")["Beløb (kr.)"].sum()
    assert by_department["Beskæftigelse (Jobcenter)"] == -3_600_000
    assert by_department["Socialafdelingen"] == 3_600_000
    assert (moved["Post"] == "Konsekvensgevinst").any()  # the effect's gain
    after = [datasets(card) for card in scenarios.cards]
    assert all(a != b for a, b in zip(after, before, strict=True))
    series = {row["serie"] for row in rows(scenarios.compare_card)}
    assert "S4 Mentor i Socialafdelingen" in series
    text = visible_text(scenarios)
    assert "Antagelser i «Mentor i Socialafdelingen»" in text
    assert "1.200.000 kr. fra Beskæftigelse (Jobcenter) til Socialafdelingen" in text
    assert not scenarios.amount.disabled and scenarios.amount.value == 1_200_000
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_a_new_move_is_saved_as_a_valid_scenario_workbook(
    scenarios: ScenariosPage, tmp_path: Path
) -> None:
    fill_move(scenarios, name="Støtte fra start", duration=2, persons="30")
    scenarios.move_form.add.click()
    new = scenarios.by_id["S4"]
    path = tmp_path / "scenarier.xlsx"
    path.write_bytes(download_bytes(scenarios))
    result = check_files([path, SAMPLE_DIR / "oekonomi.xlsx"])
    assert not result.report.has_errors, result.report.to_text()
    assert not list(result.report), result.report.to_text()  # not even a warning
    back = {s.scenario_id: s for s in scenarios_from_tables(result.tables["scenarier"])}
    assert set(back) == {"S1", "S2", "S3", "S4"}
    assert back["S4"].reallocations == new.reallocations
    assert back["S4"].investments == new.investments
    assert back["S4"].effects == new.effects
    (effect,) = back["S4"].effects
    assert (effect.size, effect.delay_years, effect.duration_years, effect.persons) == (
        6.0, 1.0, 2.0, 30.0)  # fmt: skip
    assert effect.source == "Egen antagelse, lavet på siden Scenarier"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"to_department": "BESK"}, "«Fra afdeling» og «Til afdeling» er begge Beskæftigelse"),
        ({"amount": "0"}, "Beløbet pr. år skal være over 0 kr."),
        ({"amount": "-500.000"}, "Beløbet pr. år skal være over 0 kr."),
        ({"amount": "en million"}, "Beløbet pr. år skal være et tal i kroner"),
        ({"from_year": 2030, "to_year": 2028}, "«Til år» (2028) ligger før «Fra år» (2030)."),
        ({"size": "0"}, "Effektens størrelse skal være over 0 procentpoint."),
        ({"name": " "}, "Giv scenariet et navn."),
    ],
)
def test_a_wrong_move_is_explained_in_danish_and_not_added(
    scenarios: ScenariosPage, values: dict[str, Any], message: str
) -> None:
    fill_move(scenarios, **values)
    scenarios.move_form.add.click()
    assert message in scenarios.move_form.messages.value
    assert "S4" not in scenarios.by_id and scenarios.focus.value == "S1"


# What a float slider's arithmetic gives for 1,9 mio.: the next float above it (composed, so
# no CPR-shaped digit run stands in the source).
FLOAT_RESIDUE = math.nextafter(1_900_000.0, math.inf)


def test_move_answers_as_data() -> None:
    assert parse_number("1.800.000") == 1_800_000 and parse_number("1800000 kr.") == 1_800_000
    assert parse_number("2,5") == 2.5 and parse_number("2.5") == 2.5
    assert parse_number("1.500") == 1500 and parse_number("-3") == -3
    assert parse_number("") is None and parse_number("1,2,3") is None
    assert amount_text(FLOAT_RESIDUE) == "1,9 mio. kr."
    assert amount_text(1_125_000) == "1,125 mio. kr." and amount_text(850_000) == "850.000 kr."
    assert next_scenario_id(["S1", "S2", "S3"]) == "S4" and next_scenario_id(["X"]) == "S1"


# -- sliders, tables and sources a department head can read (items 6, 8, 10) -----------------


def test_sliders_have_names_and_speak_danish_values_without_float_residue(
    scenarios: ScenariosPage,
) -> None:
    assert [s.label for s in (scenarios.effect, scenarios.duration, scenarios.amount)] == [
        "Effektens størrelse", "Effektens varighed", "Flyttet beløb pr. år"]  # fmt: skip
    assert scenarios.amount.value_text == "1,8 mio. kr."
    assert scenarios.effect.value_text == "100 % af den antagne effekt"
    scenarios.amount.value = FLOAT_RESIDUE
    assert scenarios.amount.value == 1_900_000 and str(scenarios.amount.value) == "1900000.0"
    assert scenarios.amount.value_text == "1,9 mio. kr."
    assert "1,9 mio. kr." in scenarios.amount_text.value
    scenarios.focus.value = "S2"  # no budget moved: the slider says so
    assert scenarios.amount.value_text == "gælder ikke dette scenarie" and scenarios.amount.disabled
    assert scenarios.chosen.description and scenarios.focus.description  # the lists are named too


def test_slider_keeps_its_value_on_the_step_grid() -> None:
    slider = Slider("Beløb", min=100_000, max=5_000_000, step=100_000, value=100_000)
    slider.value = 1_949_999.9999
    assert slider.value == 1_900_000
    slider.value = 9e9
    assert slider.value == 5_000_000


def test_tables_keep_amounts_on_one_line_and_scroll_rather_than_cut(
    scenarios: ScenariosPage,
) -> None:
    side = scenarios.side_by_side.value
    assert '<div class="tvaerblik-table">' in side
    assert "overflow-x: auto" in page_style("tvaerblik-table")
    cells = re.findall(r'<td class="([^"]*)">([^<]*)</td>', side)
    amounts = [classes.split() for classes, text in cells if text.endswith(" kr.")]
    assert amounts and all("tvaerblik-amount" in classes for classes in amounts)
    assert "white-space: nowrap" in page_style("tvaerblik-amount")
    names = [classes.split() for classes, text in cells if text.startswith("S1 ")]
    assert names and "tvaerblik-amount" not in names[0]  # text columns wrap
    # One minus sign for numbers: toolkit.formats' hyphen-minus (the overlap sentence's
    # formula «1 − (1 − a)(1 − b)» is typeset, not a number).
    assert not re.search(r"−\s?\d", visible_text(scenarios))


def test_sources_name_documents_not_seed_numbers(scenarios: ScenariosPage) -> None:
    text = visible_text(scenarios)
    assert "COWI: evaluering af ressourceforløb" in text
    assert "seed" not in text.lower()


# -- the economics of issue 13: price level, overlap, ranges, net payer and gainer ---------


def focused_report(scenarios: ScenariosPage) -> ScenarioReport:
    """The report of the focused scenario as the sliders have it, assembled anew."""
    adjusted = with_settings([scenarios.focused], scenarios.settings)[0]
    return scenario_report(scenarios.baseline, [adjusted], with_sensitivity=True)


def tile_text(scenarios: ScenariosPage, title: str) -> str:
    (tile,) = [t for t in scenarios.tiles if f'tile-title">{title}<' in t.value]
    return visible_text(tile)


def test_the_price_level_and_the_overlap_warning_are_shown(scenarios: ScenariosPage) -> None:
    report = focused_report(scenarios)
    assert report.price_label == f"{report.price_level_year}-priser"
    overlap = str(report.summary["overlap"].iloc[0])
    assert overlap.startswith("Effekterne overlapper: «")  # S1: waiting days and course length
    lead = scenarios.lead.value
    assert f"Alle beløb i {report.price_label}" in visible_text(scenarios.lead)
    assert "(faste priser)" in visible_text(scenarios.lead)
    assert '<p role="note" class="tvaerblik-caveat"><b>Advarsel:</b> ' in lead
    assert html.escape(overlap, quote=False) in lead
    assert f"i {report.price_label}" in tile_text(scenarios, "Nettoresultat for kommunen")
    assert report.price_label in visible_text(scenarios.who)
    for card in scenarios.cards:  # every chart's amount axis names the price level
        assert f'"title": "Kroner ({report.price_label})"' in json.dumps(
            card.chart.chart.to_dict(), ensure_ascii=False
        ), card
    # S1 and S3 overlap, S2 does not: the table of the chosen ones names each that does.
    side = visible_text(scenarios.side_by_side)
    assert f"S1 {scenarios.by_id['S1'].name}: Effekterne overlapper" in side
    assert "S2 Ressourceforløb for flere kontanthjælpsmodtagere: Effekterne" not in side
    scenarios.focus.value = "S2"
    assert focused_report(scenarios).summary["overlap"].iloc[0] == ""
    assert "Effekterne overlapper" not in visible_text(scenarios.lead)
    assert "Advarsel" not in scenarios.lead.value


def test_the_interval_and_the_payback_probability_are_the_reports(
    scenarios: ScenariosPage,
) -> None:
    for moved in (None, 50):  # as in the workbook, then with the effect slider at 50 %
        if moved is not None:
            scenarios.effect.value = moved
        row = focused_report(scenarios).summary.iloc[0]
        net = tile_text(scenarios, "Nettoresultat for kommunen")
        interval = f"{formats.kroner(row['net_low'])} til {formats.kroner(row['net_high'])}"
        assert f"90 %-interval {interval}" in net
        assert row["net_low"] <= row["net_discounted"] <= row["net_high"]
        payback = tile_text(scenarios, "Tilbagebetalt")
        share = formats.percent(row["payback_probability"] * 100, 0)
        assert f"Sandsynlighed for tilbagebetaling inden for horisonten {share}" in payback
        side = scenarios.side_by_side.value
        assert interval_text(row["net_low"], row["net_high"], millions=True) in side


def test_payer_and_gainer_are_named_with_their_net_and_the_gross_stays(
    scenarios: ScenariosPage,
) -> None:
    report = focused_report(scenarios)
    row = report.summary.iloc[0]
    payer = f"{row['payer_label']} (netto {millions_text(row['payer_net'])})"
    gainer = f"{row['gainer_label']} (netto {millions_text(row['gainer_net'])})"
    assert f"Betaler mest {payer}" in tile_text(scenarios, "Betaler og vinder mest")
    assert f"Vinder mest {gainer}" in tile_text(scenarios, "Betaler og vinder mest")
    who = visible_text(scenarios.who)
    assert f"Betaler mest: {payer}" in who and f"Vinder mest: {gainer}" in who
    for header in ("Udgifter, brutto (kr.)", "Gevinster, brutto (kr.)",
                   "Flyttet budget (kr.)", "Netto (kr.)"):  # fmt: skip
        assert header in who, header
    # Ranked by net, the largest payer first: the rows in the report's order.
    names = [str(n) for n in report.who_pays["department_label"]]
    table = who.split("Netto (kr.)", 1)[1]
    assert sorted(names, key=table.index) == names
    assert names[0] == row["payer_label"] and names[-1] == row["gainer_label"]
    assert list(report.who_pays["net"]) == sorted(report.who_pays["net"])
    # The table of the chosen ones carries the nets too.
    side = visible_text(scenarios.side_by_side)
    assert f"{row['payer_label']} ({millions_text(row['payer_net'])})" in side


def test_the_tornado_uses_each_assumptions_own_range(scenarios: ScenariosPage) -> None:
    sensitivity = focused_report(scenarios).table("sensitivity")
    bars = [r for r in rows(scenarios.tornado_card) if "variant" in r]
    own = {(str(label), float(low), float(high)) for label, low, high in
           zip(sensitivity["label"], sensitivity["low_pct"], sensitivity["high_pct"],
               strict=True)}  # fmt: skip
    drawn = {(r["antagelse"], r["variant"]): r["procent"] for r in bars}
    for label, low, high in own:
        name = f"{label} ({range_text(low, high)})"
        assert drawn[(name, "Ved lav")] == low and drawn[(name, "Ved høj")] == high
    # S1's effect size has a range of its own in the sheet Usikkerhed, wider than ±25 %.
    assert ("Effektens størrelse (50–150 %)", "Ved lav") in drawn
    table = scenarios.tornado_card.table
    assert list(table.columns[-2:]) == ["Ved lav (kr.)", "Ved høj (kr.)"]
    assert "25 % lavere" not in visible_text(scenarios)


def test_the_uncertainty_of_each_assumption_is_listed(scenarios: ScenariosPage) -> None:
    uncertainty = focused_report(scenarios).uncertainty
    shown = visible_text(scenarios.uncertainty)
    assert shown.startswith("Usikkerhed pr. antagelse Antagelse Lav Forventet Høj Kilde")
    for label, low, high, source, status in zip(
        uncertainty["label"], uncertainty["low_pct"], uncertainty["high_pct"],
        uncertainty["source"], uncertainty["status"], strict=True,
    ):  # fmt: skip
        where = source or status
        line = f"{label} {formats.percent(low, 0)} 100 % {formats.percent(high, 0)} {where}"
        assert line in shown, line
    assert "Effektens størrelse 50 % 100 % 150 % COWI" in shown
    assert "standard ±25 %" in shown
    cells = re.findall(r'<td class="([^"]*)">([^<]*)</td>', scenarios.uncertainty.value)
    percentages = [classes.split() for classes, text in cells if text.endswith(" %")]
    assert percentages and all("tvaerblik-amount" in c for c in percentages)  # «%» stays


def test_the_assumption_list_names_the_defaults_it_used(scenarios: ScenariosPage) -> None:
    report = focused_report(scenarios)
    listed = scenarios.assumption_list.value
    assert "tvaerblik-badge-standard" in listed
    assert f"Alle beløb i {report.price_label}: omregningsfaktor" in visible_text(
        scenarios.assumption_list
    )
    prices = report.assumptions[report.assumptions["kind"] == "konsekvenspris"]
    assert len(prices) and all(formats.kroner(v) in listed for v in prices["value"])
    assert "tvaerblik-badge-standard" in page_style_rules()


def page_style_rules() -> str:
    return PAGE_TEMPLATE.read_text(encoding="utf-8")


def test_kept_reports_give_the_same_comparison(scenarios: ScenariosPage) -> None:
    chosen = scenarios._chosen_adjusted()
    kept = comparison(scenarios.baseline, chosen, scenarios.reports)
    fresh = comparison(scenarios.baseline, chosen)
    pd.testing.assert_frame_equal(kept.summary, fresh.summary)
    pd.testing.assert_frame_equal(kept.yearly, fresh.yearly)
    pd.testing.assert_frame_equal(kept.costs, fresh.costs)


def test_texts_of_the_economics() -> None:
    assert interval_text(-1_234_567.4, 5_678_901) == "-1.234.567 kr. til 5.678.901 kr."
    assert interval_text(-1_234_567, 5_678_901, millions=True) == "-1,2 til 5,7 mio. kr."
    assert interval_text(math.nan, 1.0) == "–"
    assert probability_text(0.62) == "62 %" and probability_text(math.nan) == "–"
    assert party_text("Socialafdelingen", -2_912_345) == "Socialafdelingen (netto -2,9 mio. kr.)"
    assert party_text("Sundhed", 420_550) == "Sundhed (netto 420.550 kr.)"
    assert party_text(None, None) == "Ingen"
    assert value_text(1.02, "omregningsfaktor") == "omregningsfaktor 1,02"
    assert value_text(52_580.4, "kr. pr. helårsperson") == "52.580 kr. pr. helårsperson"
    assert value_text(12.5, "%") == "12,5 %" and value_text(math.nan, "år") == "–"


def test_a_new_move_shares_the_workbooks_price_index_and_shared_ranges() -> None:
    """A move built on the page is computed like the workbook's scenarios: the same price
    index, and the ranges the sheet Usikkerhed gives every scenario (not a scenario's own)."""
    index = (PriceIndexPoint(2025, 100.0, "Egen serie"), PriceIndexPoint(2026, 103.0))
    shared = Uncertainty("effekt_stoerrelse", 50.0, 150.0, "Fælles spænd", shared=True)
    own = Uncertainty("personer", 90.0, 110.0, "Kun S1")
    prepared = scenario(scenario_id="S1", price_index=index, uncertainty=(shared, own))
    choices = move_choices(hand_baseline(), [("A", "Afdeling A"), ("B", "Afdeling B")], {},
                           2026, 3, [prepared])  # fmt: skip
    answers = MoveAnswers(name="Ny", from_department="A", to_department="B",
                          amount="1.000.000", from_year=2026, to_year=2027)  # fmt: skip
    new = move_scenario(answers, choices, "S2")
    assert new.price_index == index
    assert new.uncertainty == (shared,)
