"""Small numbers in the briefing on the sample municipality: one mark per meaning, the
waiting and refusal tables with thin rows folded into «Øvrige …» per department, every
intervention type the data have, and no share that says the same about a small group."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from toolkit import disclosure
from toolkit.briefing.content import build_briefing
from toolkit.briefing.model import Briefing, Table
from toolkit.register import Dataset
from toolkit.store import Store

TODAY = date(2026, 11, 26)
HIDDEN_OR_NONE = {"<5", disclosure.SECONDARY_MARK, disclosure.NOT_COMPUTABLE_MARK}
WAITING = "Ventetid fra anmodning til start"
REFUSALS = "Andel af de anmodede indsatser"
STU = "Særligt tilrettelagt ungdomsuddannelse (STU)"


@pytest.fixture(autouse=True)
def _default_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(disclosure.MIN_CELL_ENV, raising=False)


@pytest.fixture(scope="module")
def dataset(sample_dir: Path) -> Dataset:
    return Store(sample_dir).load()


@pytest.fixture(scope="module")
def social(dataset: Dataset) -> Briefing:
    return build_briefing(dataset, "Socialudvalget", "2026-K3", today=TODAY)


@pytest.fixture(scope="module")
def health(dataset: Dataset) -> Briefing:
    return build_briefing(dataset, "Sundhedsudvalget", "2026-K3", today=TODAY)


def tables(briefing: Briefing) -> list[Table]:
    return [b for s in briefing.sections for b in s.blocks if isinstance(b, Table)]


def table(briefing: Briefing, caption: str) -> Table:
    return next(t for t in tables(briefing) if t.caption.startswith(caption))


def number_cells(found: Table) -> list[str]:
    return [c for row in found.rows for c, numeric in zip(row, found.numeric, strict=True)
            if numeric]  # fmt: skip


def hidden_share(found: Table) -> float:
    cells = number_cells(found)
    return sum(c in HIDDEN_OR_NONE for c in cells) / len(cells)


def test_no_cell_shows_the_middle_dot(social: Briefing, health: Briefing) -> None:
    for briefing in (social, health):
        cells = [c for t in tables(briefing) for row in t.rows for c in row]
        cells += [k.value for k in briefing.key_figures]
        assert cells and not any("·" in c for c in cells)


def test_a_secondary_hidden_cell_shows_its_own_mark(social: Briefing) -> None:
    cells = [c for t in tables(social) for c in number_cells(t)]
    assert disclosure.SECONDARY_MARK in cells and "<5" in cells
    assert social.marks_legend is not None  # what the marks mean, where they first appear
    assert social.marks_legend.text == disclosure.MARKS_LEGEND_DA


def test_the_waiting_table_shows_more_numbers_than_marks(social: Briefing) -> None:
    waiting = table(social, WAITING)
    # Before the fold: 39 of 75 cells hidden or absent (52 %), STU missing; now:
    assert hidden_share(waiting) < 0.5
    assert "Øvrige indsatser" in waiting.caption
    departments = [row[0] for row in waiting.rows]
    assert departments[0] == "Socialafdelingen"  # the committee's department first
    social_types = [row[1] for row in waiting.rows if row[0] == "Socialafdelingen"]
    assert "Støttekontaktperson (SEL § 85)" in social_types and "Øvrige indsatser" in social_types
    assert not any(row[1].startswith("oevrige") for row in waiting.rows)  # no codes


def test_the_refusal_table_folds_thin_reasons(social: Briefing) -> None:
    refusals = table(social, REFUSALS)
    assert "Øvrige årsager" in refusals.caption
    assert all(row[1] in ("Alle årsager", "Øvrige årsager") or row[1][0].isupper()
               for row in refusals.rows)  # fmt: skip
    assert hidden_share(refusals) < 1  # before: 26 cells, every one hidden or absent


def test_the_exit_reason_table_folds_thin_reasons_per_scheme(social: Briefing) -> None:
    exits = table(social, "Afsluttede forløb pr. ordning og afslutningsårsag")
    # Before the fold: 14 rows, 26 of 28 cells hidden; now:
    assert hidden_share(exits) < 0.5
    assert "for hver ordning" in exits.caption
    assert {row[1] for row in exits.rows} & {"Øvrige årsager", "Alle årsager"}
    assert exits.rows[0][0] == "Ressourceforløb"  # the schemes' order


def test_all_reasons_of_a_scheme_show_their_share_of_100_percent(social: Briefing) -> None:
    """«Alle årsager» is the whole scheme: its share is 100 % by definition and tells
    nothing about anyone, so it is printed, not hidden as «..» (a share of 100 % of one
    reason in a small group stays hidden); its bar is not drawn and the caption says so."""
    exits = table(social, "Afsluttede forløb pr. ordning og afslutningsårsag")
    whole = [row for row in exits.rows if row[1] == "Alle årsager"]
    assert whole and all(row[3] == "100 %" for row in whole)
    assert all(row[3] != "100 %" for row in exits.rows if row[1] != "Alle årsager")
    rest = [row for row in exits.rows if row[1] == "Øvrige årsager"]
    assert rest and all(row[3].endswith(" %") and row[3] != "100 %" for row in rest)
    figure = next(f for f in social.figures if f.caption.startswith("Afslutningsårsager"))
    assert "Ordninger, hvor ingen årsag kan vises for sig, er ikke med." in figure.caption
    drawn = {r["scheme_navn"] for r in next(iter(figure.spec["datasets"].values()))}
    assert not {row[0] for row in whole} & drawn
    # refusals: «Alle årsager» is the share of all requests refused, a real share
    refusals = table(social, REFUSALS)
    assert "100 %" not in number_cells(refusals)


def test_every_intervention_type_with_data_in_the_quarter_is_in_the_table(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With nothing hidden nothing is folded: every type the quarter has is a row of its own.
    monkeypatch.setenv(disclosure.MIN_CELL_ENV, "1")
    briefing = build_briefing(dataset, "Børne- og Ungeudvalget", "2026-K3", today=TODAY)
    shown = {(row[0], row[1]) for row in table(briefing, WAITING).rows}
    names = dataset.economy.intervention_type_names()
    departments = dict(zip(dataset.economy.departments["department"],
                           dataset.economy.departments["name"], strict=True))  # fmt: skip
    expected = {(departments[d], names[t]) for d, t in _types_with_data(dataset)}
    assert ("Unge og uddannelse", STU) in expected  # one waiting, none started
    assert expected <= shown


def test_stu_is_in_its_department_fold_when_its_numbers_are_hidden(
    dataset: Dataset,
) -> None:
    briefing = build_briefing(dataset, "Børne- og Ungeudvalget", "2026-K3", today=TODAY)
    youth = [row[1] for row in table(briefing, WAITING).rows if row[0] == "Unge og uddannelse"]
    assert youth and (STU in youth or youth[-1] in ("Øvrige indsatser", "Alle indsatser"))


def test_zero_percent_of_a_small_group_is_hidden(dataset: Dataset) -> None:
    # 1. kvt. 2026: 0 of 8 fleksjob exits went to work; «0,0 %» would say it of all 8.
    briefing = build_briefing(dataset, "Beskæftigelsesudvalget", "2026-K1", today=TODAY)
    exits = table(briefing, "Afsluttede forløb, der endte i job")
    fleksjob = next(row for row in exits.rows if row[0] == "Fleksjob")
    assert fleksjob[2] == disclosure.SECONDARY_MARK
    # The sample's other 0 % shares are of small groups too; the status after the course is
    # counted over a whole end year (0 of 38 moved away is shown, as the rule allows).
    cells = [c for t in tables(briefing) if not t.caption.startswith("Borgernes status")
             for c in number_cells(t)]  # fmt: skip
    cells += [k.value for k in briefing.key_figures]
    assert "0,0 %" not in cells


def _types_with_data(dataset: Dataset) -> set[tuple[str, str]]:
    """(department, type) of the interventions started in 3. kvt. 2026 or waiting at its end."""
    interventions = dataset.register.interventions
    first, last = pd.Timestamp("2026-07-01"), pd.Timestamp("2026-09-30")
    started = interventions["start"].between(first, last)
    refused = interventions["status"].isin(("afvist", "afslaaet_af_borger"))
    waiting = (
        (interventions["requested"] <= last)
        & (interventions["start"].isna() | (interventions["start"] > last))
        & ~refused
    )
    chosen = interventions[started | waiting]
    return set(zip(chosen["department"], chosen["intervention_type"], strict=True))


def test_a_trend_caption_says_what_a_gap_in_a_line_is() -> None:
    from toolkit.briefing.builder import gaps_note
    from toolkit.charts.print_charts import complete_periods

    periods = ["2026-Q1", "2026-Q2", "2026-Q3"]

    def published(*rows: tuple[str, str, float | None, str]) -> pd.DataFrame:
        return pd.DataFrame(rows, columns=["scheme", "period", "value", "suppressed"])

    whole = published(*(("a", p, 10.0, "") for p in periods))
    assert gaps_note(whole, complete_periods(whole, "scheme", periods), "scheme") == ""
    hidden = published(("a", "2026-Q1", 10.0, ""), ("a", "2026-Q2", None, "primær"),
                       ("a", "2026-Q3", 12.0, ""))  # fmt: skip
    drawn = complete_periods(hidden, "scheme", periods)
    assert gaps_note(hidden, drawn, "scheme") == " Et hul i linjen er et skjult tal."
    missing = published(("a", "2026-Q1", 10.0, ""), ("a", "2026-Q3", 12.0, ""))
    drawn = complete_periods(missing, "scheme", periods)
    assert gaps_note(missing, drawn, "scheme") == " Et hul i linjen er et kvartal uden tal."
    both = published(("a", "2026-Q1", None, "sekundær"), ("a", "2026-Q3", 12.0, ""),
                     ("b", "2026-Q1", None, "primær"))  # fmt: skip
    drawn = complete_periods(both, "scheme", periods)
    assert gaps_note(both, drawn, "scheme") == (
        " Et hul i linjen er et skjult tal eller et kvartal uden tal."
        " Ordninger, hvor alle tal er skjult, er ikke med."
    )
