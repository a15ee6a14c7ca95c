"""Overblik's «Sammenlignet med andre kommuner» and the Data page's «Registret mod
Jobindsats», in-process on the small hand-made case (tests/national_data.py): the widget
text shows the rates, the benchmark place, the source and the problems; without national
figures one sentence says what to import; the bridge shows marks, «foreløbig» and verdicts."""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.national_data import (
    national,
    small_dataset,
    small_economy,
    small_jobindsats,
    small_population,
)
from tests.national_views import with_last_year
from tests.widget_text import ENGLISH, datasets, visible_text, xlsx_from
from toolkit import formats
from toolkit.national.bridge import bridge
from toolkit.national.rates import rates
from toolkit.periods import as_of_default
from toolkit.register import Dataset, National
from toolkit.store import Store
from toolkit.ui import national_bridge
from toolkit.ui.national_bridge import BridgeSection
from toolkit.ui.national_bridge_data import LEGEND, scheme_tables
from toolkit.ui.national_data import NO_NATIONAL, comparison
from toolkit.ui.national_section import TITLE, ComparisonSection, comparison_section
from toolkit.ui.overview import OverviewPage, _with_national


def _text(widget: Any) -> str:
    """The visible text with the HTML entities read back («Jobindsats'»)."""
    return html.unescape(visible_text(widget))


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return replace(small_dataset(), national=with_last_year())


@pytest.fixture(scope="module")
def section(dataset: Dataset) -> ComparisonSection:
    built = comparison_section(comparison(dataset))
    assert isinstance(built, ComparisonSection)
    return built


def test_section_shows_rates_table_benchmark_and_source(
    section: ComparisonSection, dataset: Dataset
) -> None:
    text = _text(section)
    found = rates(dataset.economy, dataset.national)
    now = found[(found["scheme"] == "ressourceforloeb") & (found["period"] == "2024-Q2")]
    rate = dict(zip(now["role"], now["rate_per_1000"], strict=True))
    # By hand: Eksempel 15 of 10.100; last year 12 of 10.000 (1,2 per 1.000).
    assert rate["own"] == pytest.approx(15 / 10100 * 1000)
    for phrase in (TITLE, "Område Personer 2. kvt. 2023 2. kvt. 2024 Ændring",
                   "Personer i 2. kvt. 2024; pr. 1.000 16-66-årige i 2. kvt. 2023 og 2. kvt. "
                   "2024; ændringen i promille-point.",
                   "Sammenligningsgruppen (3 kommuner)", "Hele landet",
                   formats.number(rate["own"], 1), formats.number(rate["group"], 1),
                   formats.number(rate["country"], 1), "+0,3", "26.000",
                   "Placering i Beskæftigelsesministeriets benchmark: nr. 12 af 98, 12 måneder "
                   "til og med 2. kvt. 2024",
                   "Kilde: Jobindsats (STAR) og Statistikbanken FOLK1A",
                   "Følger ikke filtrene øverst"):  # fmt: skip
        assert phrase in text, phrase
    assert [label for label, _ in section.picker.options] == ["Ressourceforløb",
                                                              "Jobafklaringsforløb"]  # fmt: skip
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_choosing_a_scheme_redraws_chart_and_table(dataset: Dataset) -> None:
    built = comparison_section(comparison(dataset))
    assert isinstance(built, ComparisonSection)
    before_chart, before_table = datasets(built), built.table_html.value
    built.picker.value = "jobafklaring"
    assert datasets(built) != before_chart
    assert built.table_html.value != before_table and "1. kvt. 2023" in built.table_html.value


def test_a_scheme_without_rates_says_so_instead_of_drawing() -> None:
    # No population at all: no rate can be computed, for any area.
    data = comparison(replace(small_dataset(), national=national(small_jobindsats())))
    built = comparison_section(data)
    assert isinstance(built, ComparisonSection)
    assert built.chart.layout.display == "none" and built.table_html.value == ""
    unknown = "Der kan ikke beregnes tal pr. 1.000 16-66-årige for ressourceforløb"
    assert unknown in _text(built)


def test_no_national_figures_one_sentence_not_an_empty_chart() -> None:
    assert comparison(replace(small_dataset(), national=National())) is None
    shown = comparison_section(None)
    assert NO_NATIONAL in _text(shown) and TITLE in _text(shown)
    assert "jobindsats.dk" in NO_NATIONAL and "FOLK1A" in NO_NATIONAL
    assert not hasattr(shown, "chart")


def test_an_unmatched_group_member_is_said(dataset: Dataset) -> None:
    group = (("Ådal", "991"), ("Nordby", None))
    economy = small_economy(group=group)
    text = _text(comparison_section(comparison(replace(dataset, economy=economy))))
    assert "Sammenligningskommunen Nordby findes ikke i de nationale tal" in text
    assert "Sammenligningsgruppen (2 kommuner)" in text


def test_group_with_a_marked_member_says_how_many_were_counted() -> None:
    rows = [r for r in small_jobindsats() if r["period"] == "2024-Q1"]
    data = comparison(replace(small_dataset(), national=national(rows, small_population())))
    text = _text(comparison_section(data))
    assert "beregnet for 2 af 3 kommuner" in text


def test_overblik_shows_the_section_below_its_figures(sample_dir: Path) -> None:
    sample = replace(Store(sample_dir).load(), national=with_last_year())
    as_of = as_of_default(sample.register)
    page = _with_national(sample, as_of, "fod")
    assert isinstance(page, OverviewPage)
    text = _text(page)
    assert TITLE in text and text.index(TITLE) > text.index("Borgernes vej gennem indsatsen")
    assert "Placering i Beskæftigelsesministeriets benchmark" in text
    without = _with_national(replace(sample, national=National()), as_of, "fod")
    assert NO_NATIONAL in _text(without)


# -- the Data page's bridge ---------------------------------------------------------------------


def test_bridge_tables_are_danish_with_marks_and_verdicts() -> None:
    tables = scheme_tables(bridge(small_dataset()))
    first = tables[0]
    assert first.title == "Ressourceforløb"
    assert first.headers[:3] == ("Kvartal", "Jobindsats: personer",
                                 "Registret: personer med ydelse")  # fmt: skip
    cells = [cell for row in first.rows for cell in row]
    assert "<5" in cells  # the moved citizen (one) is hidden, never shown as 1
    assert any("foreløbig" in row[0] for row in first.rows)
    assert all(sentence.endswith(".") for _, sentence in first.verdicts)


class _Loaded:
    def __init__(self, root: Path) -> None:
        self.root = root

    def load(self) -> Dataset:
        return small_dataset()


def test_bridge_section_shows_on_request(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(national_bridge, "Store", _Loaded)
    shown = BridgeSection(tmp_path)
    intro = _text(shown)
    assert "Registret mod Jobindsats" in intro and "vejledning om nationale tal" in intro
    assert "Ressourceforløb" not in _text(shown)  # computed only when asked for
    shown.show()
    text = _text(shown)
    for phrase in ("Ressourceforløb", "Jobindsats: personer", "Ydelse uden forløb",
                   "foreløbig", LEGEND[:40]):  # fmt: skip
        assert phrase in text, phrase
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert shown.download.children  # «Hent som Excel»


def test_bridge_export_keeps_numbers_and_marks() -> None:
    from toolkit.ui.national_bridge_data import bridge_export

    table = bridge_export(bridge(small_dataset()))
    assert {"Ordning", "Kvartal", "Foreløbig", "Vurdering"} <= set(table.columns)
    values = table["Registret: personer med ydelse"].tolist()
    assert any(isinstance(v, float) for v in values)
    assert not pd.isna(table.drop(columns=["Vurdering"])).any().any()


def test_excel_of_the_section_has_danish_headers(section: ComparisonSection) -> None:
    book = xlsx_from(section)  # as a click on «Hent som Excel» builds it
    rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    assert rows[0][:4] == ["Ordning", "Kvartal", "Område", "Antal personer"]
    assert ["Ressourceforløb", "2. kvt. 2024", "Eksempel Kommune", 15] in [r[:4] for r in rows]
