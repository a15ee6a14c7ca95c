"""Each committee's key figures (toolkit/briefing/key_figures.py) on the sample municipality:
its own figures first, chosen from the data; the five-year trend equal to the indicators'
published quarters; the key-figure table in Word and HTML."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import docx
import pandas as pd
import pytest

from tests.briefing_data import make_briefing
from toolkit.briefing.builder import Values
from toolkit.briefing.content import build_briefing, parse_quarter
from toolkit.briefing.docx_tables import CELL_PADDING, table_layout, text_width
from toolkit.briefing.key_figure_trend import key_figure_table, trend_quarters, with_trend
from toolkit.briefing.key_figures import CANDIDATE_IDS
from toolkit.briefing.model import Briefing, KeyFigure
from toolkit.briefing.render_docx import render_docx
from toolkit.briefing.render_html import to_html
from toolkit.briefing.sentences import Cell, kind_of_unit, shown
from toolkit.indicators import REGISTRY, compute, publish
from toolkit.indicators.publishing import PRIMARY, SECONDARY, THRESHOLD_ATTR
from toolkit.register import Dataset
from toolkit.store import Store

PERIOD = "2026-K3"
YEARS = [f"3. kvt. {y}" for y in range(2022, 2027)]
HIDDEN = ("<5", "..")


@pytest.fixture(scope="module")
def dataset(sample_dir: Path) -> Dataset:
    return Store(sample_dir).load()


@pytest.fixture(scope="module")
def briefings(dataset: Dataset) -> dict[str, Briefing]:
    names = ("Sundhedsudvalget", "Børne- og Ungeudvalget", "Socialudvalget",
             "Beskæftigelsesudvalget")  # fmt: skip
    return {name: build_briefing(dataset, name, PERIOD) for name in names}


def _types_of(dataset: Dataset, department: str) -> set[str]:
    prices = dataset.economy.prices
    return set(prices.loc[prices["department"] == department, "intervention_type"])


def _own(figure: KeyFigure, department: str) -> bool:
    return figure.dims.get("department") == department


def test_the_health_committee_sees_its_health_interventions_first(
    dataset: Dataset, briefings: dict[str, Briefing]
) -> None:
    figures = briefings["Sundhedsudvalget"].key_figures
    assert 4 <= len(figures) <= 6
    health = _types_of(dataset, "SUND")
    first = figures[:3]
    assert [f.indicator for f in first] == [
        "interventions_started_count",
        "waiting_days_median",
        "waiting_now_count",
    ]
    for figure in first:
        assert _own(figure, "SUND") and figure.dims["intervention_type"] in health
        assert figure.value not in HIDDEN
    # the largest type by interventions started: the one with the most this quarter
    assert figures[0].dims["intervention_type"] == "psykologbehandling"
    assert figures[0].label == "Igangsatte indsatser, psykologbehandling"
    assert "indsatser med psykologbehandling" in figures[0].sentence
    assert figures[1].direction_good == "ned" and figures[0].direction_good == ""
    assert any(f.indicator == "cost_per_person_dkk" and _own(f, "SUND") for f in figures)
    # then the cross-sector picture
    assert figures[-1].dims.get("department") is None


def test_the_youth_committee_sees_youth_figures_first(
    dataset: Dataset, briefings: dict[str, Briefing]
) -> None:
    figures = briefings["Børne- og Ungeudvalget"].key_figures
    assert 4 <= len(figures) <= 6
    young = [f for f in figures if _own(f, "UNGE") or f.indicator == "active_under_40_pct"]
    assert len(young) >= 2 and list(figures[: len(young)]) == young
    assert any("under 40 år" in f.label for f in young)
    # the youth committee's interventions are all hidden or none this quarter in the sample:
    # visible figures come first, never a «<5» while a visible figure was there to choose
    assert not any(f.value in HIDDEN for f in figures)


def test_the_social_committee_differs_from_the_employment_committee(
    dataset: Dataset, briefings: dict[str, Briefing]
) -> None:
    social = briefings["Socialudvalget"].key_figures
    employment = briefings["Beskæftigelsesudvalget"].key_figures

    def cells(figures: tuple[KeyFigure, ...]) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
        return [(f.indicator, tuple(sorted(f.dims.items()))) for f in figures]

    assert cells(social)[:3] != cells(employment)[:3]
    assert _own(social[0], "SOC") and social[0].dims["intervention_type"] in _types_of(
        dataset, "SOC"
    )
    assert "SEL §" in social[0].label
    assert any(f.indicator == "parallel_interventions_pct" for f in social)
    # the employment committee runs the schemes: citizens in them and how they leave them
    schemes = [f.dims.get("scheme") for f in employment if f.indicator == "persons_active_count"]
    assert schemes[:3] == ["ressourceforloeb", "fleksjob", "jobafklaring"]
    assert any(f.indicator == "exit_to_work_or_education_pct" for f in employment[:4])
    assert any(f.indicator == "cases_per_meeting_mean" for f in employment)


def test_a_committee_without_interventions_still_gets_four_figures(dataset: Dataset) -> None:
    economy = dataset.economy
    extra = pd.DataFrame(
        {"department": ["ADM"], "name": ["Administration"], "committee": ["Økonomiudvalget"]}
    )
    departments = pd.concat([economy.departments, extra], ignore_index=True)
    changed = replace(dataset, economy=replace(economy, departments=departments))
    figures = build_briefing(changed, "Økonomiudvalget", PERIOD).key_figures
    assert 4 <= len(figures) <= 6
    assert not any(f.dims.get("department") == "ADM" for f in figures)
    assert not any(f.value in HIDDEN for f in figures)


def test_the_trend_equals_the_published_quarters(
    dataset: Dataset, briefings: dict[str, Briefing]
) -> None:
    """Each trend value is the one ``tvaerblik indicators --level quarter`` gives: the whole
    register computed and published as the command does."""
    figures = [f for b in briefings.values() for f in b.key_figures]
    ids = list(dict.fromkeys(f.indicator for f in figures))
    published = Values(
        publish(compute(dataset.register, dataset.economy, ids=ids, level="quarter"))
    )
    quarters = trend_quarters(parse_quarter(PERIOD))
    for figure in figures:
        assert [label for label, _ in figure.trend] == YEARS
        assert figure.trend[-1][1] == figure.value
        kind = kind_of_unit(REGISTRY[figure.indicator].unit)
        for (label, text), quarter in zip(figure.trend, quarters, strict=True):
            assert label == quarter.danish
            cell = published.cell(figure.indicator, quarter, **figure.dims) or Cell(None)
            assert text == (shown(cell, kind, threshold=published.threshold) or "–"), figure


def test_a_hidden_trend_value_shows_its_mark() -> None:
    quarters = trend_quarters(parse_quarter(PERIOD))
    frame = pd.DataFrame(
        {
            "indicator": "persons_active_count",
            "period": [q.label for q in quarters],
            "scheme": "ressourceforloeb",
            "value": [None, None, 12.0, 14.0, 15.0],
            "n": [3, 6, 12, 14, 15],
            "suppressed": [PRIMARY, SECONDARY, "", "", ""],
        }
    )
    frame.attrs[THRESHOLD_ATTR] = 5
    figure = KeyFigure(
        "persons_active_count", "Borgere i ressourceforløb", "15", "+7,1 %", "",
        dims={"scheme": "ressourceforloeb"},
    )  # fmt: skip
    (shown_figure,) = with_trend([figure], Values(frame), quarters)
    assert [v for _, v in shown_figure.trend] == ["<5", "..", "12", "14", "15"]
    # fewer than three of the quarters with data: no trend
    (short,) = with_trend([figure], Values(frame.iloc[3:]), quarters)
    assert short.trend == ()


def test_every_key_figure_indicator_is_computed() -> None:
    assert set(CANDIDATE_IDS) <= set(REGISTRY)


def test_the_key_figure_table_has_the_five_quarters_in_word_and_html(tmp_path: Path) -> None:
    briefing = make_briefing()
    table = key_figure_table(briefing.key_figures, briefing.period_label)
    assert table.headers == ("Nøgletal", *YEARS, "Ændring")
    assert table.rows[0] == ("Borgere i ressourceforløb", "251", "264", "280", "286", "312",
                             "+9,0 %")  # fmt: skip
    assert table.numeric == (False, True, True, True, True, True, True)
    document = docx.Document(str(render_docx(briefing, tmp_path / "b.docx")))
    first = document.tables[0]
    assert [c.text for c in first.rows[0].cells] == ["Nøgletal", *YEARS, "Ændring"]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Nøgletal" in headings and "Sammenfatning" not in headings
    page = to_html(briefing)
    assert "<h2 id='noegletal'>Nøgletal</h2>" in page
    assert all(f"<th scope='col' class='num'>{year}</th>" in page for year in YEARS)
    # no word of a header or cell breaks inside itself: every column holds its longest word
    layout = table_layout(table.headers, table.rows, table.numeric)
    for c, width in enumerate(layout.widths):
        words = [(w, True) for w in table.headers[c].split()]
        words += [(w, False) for row in table.rows for w in row[c].split()]
        for word, bold in words:
            assert text_width(word, layout.size, bold=bold) + CELL_PADDING <= width, word


def test_without_a_trend_the_table_shows_the_quarter() -> None:
    briefing = make_briefing()
    plain = [replace(f, trend=()) for f in briefing.key_figures]
    table = key_figure_table(plain, "3. kvt. 2026")
    assert table.headers == ("Nøgletal", "3. kvt. 2026", "Ændring")
    assert table.rows[1][1] == "1.234.567 kr."
