"""The Scenarier page, in-process, on the sample municipality with its three scenarios: the
sliders and the focus redraw, «Gem som Excel» gives a valid scenarier.xlsx, Danish only."""

from __future__ import annotations

import base64
import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE_DIR
from tests.widget_text import ENGLISH, datasets, visible_text
from toolkit import ingest
from toolkit.scenarios import scenarios_from_tables
from toolkit.ui.scenarios_page import ScenariosPage, scenarios_page
from toolkit.ui.scenarios_page_data import Settings, persons_text
from toolkit.workbook import check_files


@pytest.fixture(scope="module")
def scenario_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the sample municipality and its scenarios (scenarier.xlsx)."""
    folder = tmp_path_factory.mktemp("scenarier") / "data"
    with pytest.MonkeyPatch.context() as patch:
        keys = tmp_path_factory.mktemp("scenario-keys")
        patch.setenv("TVAERBLIK_KEY_FILE", str(keys / "pseudonym.key"))
        outcome = ingest.import_files(sorted(SAMPLE_DIR.glob("*.xlsx")), folder)
        assert outcome.version, outcome.report.to_text()
    return folder


@pytest.fixture(scope="module")
def without_scenarios(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the sample municipality's register and economy only."""
    folder = tmp_path_factory.mktemp("uden-scenarier") / "data"
    with pytest.MonkeyPatch.context() as patch:
        keys = tmp_path_factory.mktemp("plain-keys")
        patch.setenv("TVAERBLIK_KEY_FILE", str(keys / "pseudonym.key"))
        paths = [SAMPLE_DIR / "register.xlsx", SAMPLE_DIR / "oekonomi.xlsx"]
        assert ingest.import_files(paths, folder).version
    return folder


@pytest.fixture
def page(scenario_dir: Path) -> ScenariosPage:
    built = scenarios_page(scenario_dir)
    assert isinstance(built, ScenariosPage), visible_text(built)
    return built


def rows(card: Any) -> list[dict[str, Any]]:
    return [row for data in datasets(card).values() for row in data]


def download_bytes(page: ScenariosPage) -> bytes:
    found = re.search(r"href='data:[^;]+;base64,([^']+)'", page.download.value)
    assert found and "Gem som Excel" in page.download.value
    return base64.b64decode(found.group(1))


def test_no_data_gives_a_danish_message(data_dir: Path) -> None:
    assert "Der er ikke indlæst data endnu" in visible_text(scenarios_page(data_dir))


def test_no_scenarios_says_how_to_add_them(without_scenarios: Path) -> None:
    text = visible_text(scenarios_page(without_scenarios))
    assert "Der er ingen scenarier i data endnu" in text
    assert "tvaerblik import scenarier.xlsx" in text and "templates_xlsx/scenarier.xlsx" in text
    assert "Data: version v0001" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_page_is_danish_with_tiles_caveat_and_assumptions(page: ScenariosPage) -> None:
    text = visible_text(page)
    for phrase in ("Scenarier", "beslutningsstøtte, ikke beslutningsgrundlag",
                   "Progression og livskvalitet tæller også", "Nettoresultat for kommunen",
                   "Tjent hjem", "Effekt der skal til", "Hvem betaler, og hvem vinder",
                   "Følsomhed", "Scenarierne side om side", "Antagelser i", "afledt",
                   "Gem som Excel", "Data: version v0001"):  # fmt: skip
        assert phrase in text, phrase
    assert re.search(r"\d{1,3}(\.\d{3})+ kr\.", text)
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert "Traceback" not in text and "Fejl" not in text
    assert len(page.chosen.value) == 3  # every scenario chosen by default
    for card in page.cards:
        assert rows(card), card


def test_effect_slider_redraws_within_budget(page: ScenariosPage) -> None:
    before = [datasets(card) for card in page.cards]
    tiles = [tile.value for tile in page.tiles]
    link = page.download.value
    started = time.perf_counter()
    page.effect.value = 50
    took = time.perf_counter() - started
    print(f"Scenarier: skyder (effekt) regnet og tegnet om på serveren på {took:.3f} s")
    after = [datasets(card) for card in page.cards]
    assert all(a != b for a, b in zip(after, before, strict=True))
    assert [tile.value for tile in page.tiles] != tiles and page.download.value != link
    assert page.settings["S1"].effect_pct == 50.0
    assert "50 % af den antagne effekt" in page.effect_text.value
    assert took < 1.0, f"a slider change took {took:.2f} s"  # target 0.3 s


def test_focus_enables_only_the_sliders_that_apply(page: ScenariosPage) -> None:
    assert not page.amount.disabled and not page.effect.disabled  # S1 moves budget
    page.focus.value = "S2"  # a volume change and an effect, no budget moved
    assert page.amount.disabled and not page.effect.disabled
    assert "gælder ikke dette scenarie" in page.amount_text.value
    assert "Ressourceforløb for flere kontanthjælpsmodtagere" in visible_text(page)
    spec = page.cumulative_card.chart.chart.to_dict()
    has_rule = any(layer["mark"]["type"] == "rule" and "x" in layer["encoding"]
                   for layer in spec["layer"])  # fmt: skip
    assert has_rule == (page.result.break_even is not None)


def test_amount_slider_moves_the_budget_bars(page: ScenariosPage) -> None:
    def moved() -> float:
        table = page.department_card.table
        return float(table.loc[table["Post"] == "Flyttet budget", "Beløb (kr.)"].abs().sum())

    before = moved()
    page.amount.value = page.amount.max
    assert moved() > before
    page.reset.click()
    assert moved() == before and page.settings["S1"].is_default


def test_duration_slider_back_at_its_start_still_applies_to_every_effect(
    page: ScenariosPage,
) -> None:
    start = page.duration.value
    assert not page.settings["S1"].duration_touched
    page.duration.value = page.duration.min
    page.duration.value = start  # back at the start value: still the slider's duration
    mine = page.settings["S1"]
    assert mine.duration_touched and mine.duration_years == start
    assert {e.duration_years for e in page._adjusted()[0].effects} == {start}
    page.effect.value = 80  # another slider keeps the flag
    assert page.settings["S1"].duration_touched
    page.reset.click()
    assert page.settings["S1"] == Settings() and not page.settings["S1"].duration_touched
    assert page._adjusted()[0] == page.by_id["S1"]


def test_deselecting_scenarios_changes_the_comparison(page: ScenariosPage) -> None:
    page.chosen.value = ("S1",)
    series = {row["serie"] for row in rows(page.compare_card)}
    assert series == {"Uden scenarie", "S1 Flere støttekontaktpersoner (SEL § 85)"}
    assert "S2 Ressourceforløb" not in page.side_by_side.value


def test_save_as_excel_round_trips_the_adjusted_scenarios(
    page: ScenariosPage, tmp_path: Path
) -> None:
    original = {e.size for e in page.by_id["S1"].effects}
    page.effect.value = 150
    path = tmp_path / "scenarier.xlsx"
    path.write_bytes(download_bytes(page))
    result = check_files([path, SAMPLE_DIR / "oekonomi.xlsx"])
    assert not result.report.has_errors, result.report.to_text()
    back = {s.scenario_id: s for s in scenarios_from_tables(result.tables["scenarier"])}
    assert set(back) == {"S1", "S2", "S3"}
    assert {e.size for e in back["S1"].effects} == {size * 1.5 for size in original}
    assert back["S2"].effects == page.by_id["S2"].effects  # the others as they were


def test_persons_below_five_are_shown_as_less_than_five() -> None:
    assert persons_text(3) == "<5" and persons_text(0) == "0" and persons_text(234) == "234"
