"""The briefing's «Sammenlignet med andre kommuner» (toolkit/briefing/national_comparison.py):
for a committee running a published scheme, the numbers are those of
``toolkit.national.rates``; the chart draws them; no code or id reaches the reader; left out
for other committees and when the version has no Jobindsats figures."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from tests.national_views import grown_dataset
from toolkit import formats
from toolkit.briefing.content import build_briefing
from toolkit.briefing.model import Briefing, Figure, Paragraph, Section, Table
from toolkit.briefing.national_comparison import SECTION_TITLE
from toolkit.national.rates import rates
from toolkit.register import Dataset, National

QUARTER = "2024-Q1"  # the small register's data end 2024-06-01


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return grown_dataset()


@pytest.fixture(scope="module")
def employment(dataset: Dataset) -> Briefing:
    return build_briefing(dataset, "Beskæftigelsesudvalget", QUARTER)


def _section(briefing: Briefing) -> Section:
    (found,) = [s for s in briefing.sections if s.title == SECTION_TITLE]
    return found


def _rate(frame: pd.DataFrame, role: str, period: str) -> float:
    rows = frame[(frame["scheme"] == "ressourceforloeb") & (frame["role"] == role)
                 & (frame["period"] == period)]  # fmt: skip
    return float(rows["rate_per_1000"].iloc[0])


def test_table_numbers_are_the_rates(employment: Briefing, dataset: Dataset) -> None:
    section = _section(employment)
    tables = [b for b in section.blocks if isinstance(b, Table)]
    # The committee's own scheme first, then the other published ones with a rate.
    assert [t.caption.split(" pr. ")[0] for t in tables] == ["Ressourceforløb",
                                                             "Jobafklaringsforløb"]  # fmt: skip
    table = tables[0]
    assert table.headers == ("Område", "1. kvt. 2023", "1. kvt. 2024", "Ændring",
                             "Personer 1. kvt. 2024")  # fmt: skip
    found = rates(dataset.economy, dataset.national)
    rows = {row[0]: row for row in table.rows}
    assert list(rows) == ["Eksempel Kommune", "Sammenligningsgruppen (3 kommuner)", "Hele landet"]
    for name, role in zip(rows, ("own", "group", "country"), strict=True):
        before, now = _rate(found, role, "2023-Q1"), _rate(found, role, QUARTER)
        assert rows[name][1] == formats.number(before, 1)
        assert rows[name][2] == formats.number(now, 1)
        change = formats.number(abs(now - before), 1)
        sign = "+" if now > before else formats.TYPOGRAPHIC_MINUS
        assert rows[name][3] == f"{sign}{change}"
    # By hand: Eksempel 8 of 10.000 → 9 of 10.000: 0,8 → 0,9, +0,1 per 1.000.
    assert rows["Eksempel Kommune"][1:5] == ("0,8", "0,9", "+0,1", "9")
    # The group a year before is Ådal alone (18 of 5.000); now Ådal and Fjordby (Bakkeby «..»).
    assert rows["Sammenligningsgruppen (3 kommuner)"][1:3] == ("3,6", "4,5")
    assert table.source == "Kilde: Jobindsats (STAR) og Statistikbanken FOLK1A."


def test_chart_draws_the_rates_up_to_the_quarter(employment: Briefing, dataset: Dataset) -> None:
    (figure,) = [b for b in _section(employment).blocks if isinstance(b, Figure)]
    (values,) = figure.spec["datasets"].values()
    assert {v["periode"] for v in values} == {"1. kvt. 2023", "2. kvt. 2023", "1. kvt. 2024"}
    found = rates(dataset.economy, dataset.national)
    own = {v["periode"]: v["rate"] for v in values if v["rolle"] == "own"}
    assert own["1. kvt. 2024"] == pytest.approx(_rate(found, "own", QUARTER))
    assert figure.spec["width"] <= 605
    assert figure.source.startswith("Kilde: Jobindsats")


def test_no_codes_or_ids_reach_the_reader(employment: Briefing) -> None:
    section = _section(employment)
    texts = [section.title]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        elif isinstance(block, Table):
            texts += [block.caption, block.source, *block.headers]
            texts += [cell for row in block.rows for cell in row]
        elif isinstance(block, Figure):
            texts += [block.caption, block.source, block.alt_text]
    text = " ".join(texts)
    for code in ("Y11A02", "Y30R21", "ressourceforloeb", "own", "group", "nan", "None", "999"):
        assert code not in text.split() and code not in text, code


def test_left_out_for_other_committees_and_without_national_figures(dataset: Dataset) -> None:
    social = build_briefing(dataset, "Socialudvalget", QUARTER)
    assert SECTION_TITLE not in [s.title for s in social.sections]
    empty = build_briefing(replace(dataset, national=National()), "Beskæftigelsesudvalget",
                           QUARTER)  # fmt: skip
    assert SECTION_TITLE not in [s.title for s in empty.sections]
    assert not any(SECTION_TITLE in note for note in empty.notes)  # omitted, not a gap


def test_the_place_says_af_n_only_when_every_municipality_is_ranked() -> None:
    import pandas as pd

    from toolkit.briefing.national_comparison import benchmark_sentence

    def place(ranked: int) -> str:
        row = {"period": "2026-Q2", "period_kind": "rolling_year", "role": "own",
               "area": "Eksempel Kommune", "expected": float("nan"), "actual": float("nan"),
               "difference": float("nan"), "rank": 5, "ranked": ranked, "mark": None}  # fmt: skip
        return benchmark_sentence(pd.DataFrame([row]))

    # A download of the group ranks 8 areas: «nr. 5 af 8» would mislead.
    assert "nr. 5, 12 måneder til og med 2. kvt. 2026" in place(8)
    assert "nr. 5 af 98," in place(98)
