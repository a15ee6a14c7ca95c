"""The briefing's «Scenarier» section and «Bilag: Scenarierne i kroner» on the sample
municipality: mio. kr. in the section, kroner in the annex, scenarios by name (never an
ID), the cumulative chart in mio. kr. for print while the page keeps kroner."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from toolkit import formats
from toolkit.briefing import scenario_section
from toolkit.briefing.content import SECTION_TITLES, build_briefing
from toolkit.briefing.model import Briefing, Figure, Paragraph, Section, Table
from toolkit.briefing.scenario_annex import ANNEX_TITLE
from toolkit.briefing.sections_money import ANNEX_TITLE as ECONOMY_ANNEX_TITLE
from toolkit.briefing.static_charts import to_svg
from toolkit.charts import print_charts, theme
from toolkit.charts.scenario_charts import WIDTH, cumulative_chart, kroner_axis
from toolkit.register import Dataset
from toolkit.scenarios import (
    ScenarioReport,
    break_even_effect,
    build_baseline,
    scenario_report,
    scenarios_from_tables,
)
from toolkit.store import Store

MILLIONS = re.compile(r"^[−+]?\d{1,3}(\.\d{3})*,\d$")
KRONER = re.compile(r"^[−+]?\d{1,3}(\.\d{3})*$")
# The columns of the section's tables that hold no amount (a year, a share, a size).
NOT_AMOUNTS = {"Scenarie", "Afdeling eller kasse", "Tilbagebetalt fra", "Effekt der skal til",
               "Sandsynlighed for tilbagebetaling", "Effekt", "Størrelse", "Kilde"}  # fmt: skip
PRINT_WIDTH = 605  # the Word page's text width, 16 cm, in CSS pixels
TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def dataset(sample_dir: Path) -> Dataset:
    return Store(sample_dir).load()


@pytest.fixture(scope="module")
def briefing(dataset: Dataset) -> Briefing:
    return build_briefing(dataset, "Socialudvalget", "2026-K3", scenario_ids=("S1", "S3"),
                          today=TODAY)  # fmt: skip


@pytest.fixture(scope="module")
def report(dataset: Dataset) -> ScenarioReport:
    stored = {s.scenario_id: s for s in scenarios_from_tables(dataset.scenarios.tables())}
    baseline = build_baseline(dataset.register, dataset.economy, version=dataset.version)
    return scenario_report(baseline, [stored["S1"], stored["S3"]])


def _section(briefing: Briefing, title: str) -> Section:
    return next(s for s in briefing.sections if s.title == title)


def _tables(section: Section) -> dict[tuple[str, ...], Table]:
    return {b.headers: b for b in section.blocks if isinstance(b, Table)}


def _paragraphs(section: Section) -> list[str]:
    return [b.text for b in section.blocks if isinstance(b, Paragraph)]


def _names(report: ScenarioReport) -> dict[str, str]:
    return {s.scenario_id: s.name for s in report.scenarios}


# -- the section in mio. kr. --------------------------------------------------------------------


def test_the_sections_amounts_are_in_millions_with_one_decimal(
    briefing: Briefing, report: ScenarioReport
) -> None:
    section = _section(briefing, SECTION_TITLES["scenarios"])
    tables = [b for b in section.blocks if isinstance(b, Table)]
    amounts = []
    for table in tables:
        columns = [i for i, h in enumerate(table.headers) if h not in NOT_AMOUNTS]
        if columns:
            assert f"(mio. kr., {report.price_label})" in table.caption  # the unit said once
        amounts += [row[i] for row in table.rows for i in columns]
    assert len(amounts) >= 4 * 2 + 7 * 2
    assert [a for a in amounts if not MILLIONS.match(a)] == []
    cells = [c for t in tables for row in t.rows for c in row]
    assert not [c for c in cells if c.endswith("kr.") or c.startswith("-")]
    row = report.summary.set_index("scenario").loc["S1"]
    net = _tables(section)[("Scenarie", "Nettoresultat", "Tilbagediskonteret",
                            "Tilbagebetalt fra", "Effekt der skal til")]  # fmt: skip
    assert net.rows[0][:3] == (
        _names(report)["S1"],
        formats.millions(row["net"]),
        formats.millions(row["net_discounted"]),
    )
    assert net.rows[0][1] == "−3,8"  # −3.767.374 kr. in the sample


def test_net_per_department_and_purse_adds_up_to_the_municipality(
    briefing: Briefing, report: ScenarioReport
) -> None:
    section = _section(briefing, SECTION_TITLES["scenarios"])
    names = _names(report)
    table = _tables(section)[("Afdeling eller kasse", names["S1"], names["S3"])]
    rows = {r[0]: r[1:] for r in table.rows}
    assert next(iter(rows)) == "Socialafdelingen"  # the committee's department first
    totals = report.summary.set_index("scenario")["net"]
    assert rows["Kommunen i alt"] == tuple(
        formats.millions(totals[i], signed=True) for i in ("S1", "S3")
    )
    who = report.who_pays.set_index(["scenario", "department_label"])["net"]
    assert rows["Beskæftigelse (Jobcenter)"][0] == formats.millions(
        who[("S1", "Beskæftigelse (Jobcenter)")], signed=True
    )
    assert "Staten" in rows  # the sample's scenarios move the state's refunds
    assert "Regionen og staten ligger uden for kommunens kasse." in " ".join(_paragraphs(section))
    text = next(t for t in _paragraphs(section) if "største nettogevinst" in t)
    payer = report.summary.set_index("scenario").loc["S1"]
    assert f"betaler {payer['payer_label']} mest ({formats.million_kroner(payer['payer_net'])})" \
        in text  # fmt: skip


def test_side_by_side_gives_way_to_rows_for_many_scenarios(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scenario_section, "MAX_SIDE_BY_SIDE", 1)
    briefing = build_briefing(dataset, "Socialudvalget", "2026-K3", scenario_ids=("S1", "S3"),
                              today=TODAY)  # fmt: skip
    section = _section(briefing, SECTION_TITLES["scenarios"])
    table = _tables(section)[("Scenarie", "Afdeling eller kasse", "Nettoresultat")]
    assert {r[0] for r in table.rows} == {
        "Flere støttekontaktpersoner (SEL § 85)", "Parallel mentor- og sundhedsindsats"
    }  # fmt: skip
    assert all(MILLIONS.match(r[2]) for r in table.rows)


def test_the_terms_are_said_once_and_the_wording_is_hedged(
    briefing: Briefing, report: ScenarioReport
) -> None:
    section = _section(briefing, SECTION_TITLES["scenarios"])
    texts = _paragraphs(section)
    intro = texts[0]
    assert f"i mio. kr. i {report.price_label} (faste priser)" in intro
    assert "hvis antagelserne holder" in intro
    assert "Begge scenarier regner over årene 2027-2031 med en diskonteringsrente på 3,5 %." \
        in intro  # fmt: skip
    assert f"«{ANNEX_TITLE}»" in intro
    assert sum("diskonteringsrente på" in t for t in texts) == 1
    everything = " ".join([*texts, *(b.caption for b in section.blocks if not
                                     isinstance(b, Paragraph))])  # fmt: skip
    assert "vinder mest" not in everything.lower()
    assert "Advarsel" not in everything


def test_one_scenario_states_its_own_terms(dataset: Dataset) -> None:
    briefing = build_briefing(dataset, "beskaeftigelse", "2026-Q3", scenario_ids=("S1",),
                              today=TODAY)  # fmt: skip
    section = _section(briefing, SECTION_TITLES["scenarios"])
    texts = _paragraphs(section)
    assert texts[0].startswith("Scenariet viser, hvad en ændring kan betyde")
    assert "Scenariet regner over årene 2027-2031 med en diskonteringsrente på 3,5 %." in texts[0]
    assert next(b for b in section.blocks if isinstance(b, Table)).caption.startswith(
        "Scenariets nettoresultat for kommunen over horisonten, hvornår det kan være"
    )
    # S1 moves the state's refunds, not the region's: only the state is named
    assert any(t.endswith(" Staten ligger uden for kommunens kasse.") for t in texts)


def test_overlapping_effects_and_every_effect_with_its_source(
    dataset: Dataset, briefing: Briefing, report: ScenarioReport
) -> None:
    section = _section(briefing, SECTION_TITLES["scenarios"])
    names = _names(report)
    texts = _paragraphs(section)
    assert (
        f"Bemærk om «{names['S1']}»: «Færre ventedage, Ressourceforløb» og «Kortere forløb, "
        "Ressourceforløb» virker på de samme borgere." in " ".join(texts)
    )
    effects = _tables(section)[("Scenarie", "Effekt", "Størrelse", "Kilde")].rows
    chosen = report.scenarios
    assert [r[3] for r in effects] == [e.source for s in chosen for e in s.effects]
    assert effects[0][:3] == (names["S1"], "Færre ventedage, Ressourceforløb",
                              f"{formats.number(chosen[0].effects[0].size)} dage")  # fmt: skip
    stored = {s.scenario_id: s for s in scenarios_from_tables(dataset.scenarios.tables())}
    baseline = build_baseline(dataset.register, dataset.economy, version=dataset.version)
    needed = break_even_effect(baseline, stored["S1"]).multiplier
    net = next(t for t in _tables(section).values() if t.headers[-1] == "Effekt der skal til")
    assert net.rows[0][4] == ("–" if needed is None else formats.percent(needed * 100, 0))


# -- names, never IDs --------------------------------------------------------------------------


def test_no_scenario_id_reaches_the_reader(
    dataset: Dataset, briefing: Briefing, report: ScenarioReport
) -> None:
    ids = [str(i) for i in dataset.scenarios.scenarios["scenario_id"]]
    assert {"S1", "S3"} <= set(ids)
    code = re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b")
    texts: list[str] = []
    for title in (SECTION_TITLES["scenarios"], ANNEX_TITLE):
        for block in _section(briefing, title).blocks:
            if isinstance(block, Paragraph):
                texts.append(block.text)
            elif isinstance(block, Table):
                texts += [block.caption, block.source, *block.headers,
                          *(c for row in block.rows for c in row)]  # fmt: skip
            else:
                texts += [block.caption, block.source, block.alt_text,
                          str(block.spec["layer"][0]["title"])]  # fmt: skip
    assert len(texts) > 50
    assert [t for t in texts if code.search(t)] == []
    names = _names(report)
    source = (
        f"Kilde: Tværblik, kommunens scenarier «{names['S1']}» og «{names['S3']}», regnet med "
        "data opgjort 31-10-2026 (basisår 2025), 2026-priser."
    )
    assert {t.source for t in briefing.tables if "scenari" in t.caption.lower()} == {source}


# -- the annex in kroner -------------------------------------------------------------------------


def test_the_annex_holds_the_krone_amounts_after_the_economys(
    briefing: Briefing, report: ScenarioReport
) -> None:
    titles = [s.title for s in briefing.sections]
    assert titles[-3:] == [SECTION_TITLES["scenarios"], ECONOMY_ANNEX_TITLE, ANNEX_TITLE]
    annex = _section(briefing, ANNEX_TITLE)
    assert annex.level == 1
    numbers = [t.number for t in briefing.tables]
    assert numbers == sorted(numbers)  # built last, numbered last
    tables = _tables(annex)
    gross = tables[("Scenarie", "Afdeling", "Udgifter", "Gevinster", "Flyttet budget", "Netto")]
    assert f"(kr., {report.price_label})" in gross.caption
    amounts = [c for t in tables.values() for row in t.rows
               for c, numeric in zip(row, t.numeric, strict=True) if numeric]  # fmt: skip
    assert len(amounts) == 2 * 4 + 8 * 4
    assert [a for a in amounts if not KRONER.match(a)] == []
    names = _names(report)
    expected = {
        (names[r["scenario"]], r["department_label"]): (
            formats.kroner(r["cost"]), formats.kroner(r["gain"]),
            formats.kroner(r["budget_moved"]), formats.kroner(r["net"]))
        for r in report.who_pays.to_dict(orient="records")
    }  # fmt: skip
    shown = {(r[0], r[1]): tuple(f"{c.replace('−', '-')} kr." for c in r[2:])
             for r in gross.rows}  # fmt: skip
    assert shown == expected
    assert gross.rows[0][:2] == (names["S1"], "Socialafdelingen")  # the committee's first
    net = tables[("Scenarie", "Nettoresultat", "Tilbagediskonteret", "Nedre grænse",
                  "Øvre grænse")]  # fmt: skip
    assert net.rows[0][1] == "−3.767.374"


# -- the chart: mio. kr. in print, kroner on the page ---------------------------------------------


def _values(spec: dict[str, Any]) -> list[dict[str, Any]]:
    lines = spec["layer"][0]
    rows: list[dict[str, Any]] = spec["datasets"][lines["data"]["name"]]
    return rows


def test_the_printed_cumulative_chart_is_in_millions_and_fits_the_page(
    briefing: Briefing, report: ScenarioReport
) -> None:
    section = _section(briefing, SECTION_TITLES["scenarios"])
    figures = [b for b in section.blocks if isinstance(b, Figure)]
    assert len(figures) == 2
    kommune = report.yearly[report.yearly["scope"] == "kommune"]
    for figure, scenario_id in zip(figures, ("S1", "S3"), strict=True):
        y = figure.spec["layer"][0]["encoding"]["y"]
        assert y["title"] == f"Akkumuleret, {report.price_label} (mio. kr.)"
        rows = kommune[kommune["scenario"] == scenario_id]
        drawn = {(r["aar"], r["serie"]): r["beloeb"] for r in _values(figure.spec)}
        last = rows.iloc[-1]
        assert drawn[(int(last["year"]), "Ikke tilbagediskonteret")] == pytest.approx(
            round(last["cumulative"]) / 1_000_000
        )
        assert max(abs(v) for v in drawn.values()) < 10  # millions, not kroner
        assert "(mio. kr., 2026-priser)" in figure.caption
        found = re.search(r'<svg[^>]*\bwidth="([\d.]+)"', to_svg(figure.spec))
        assert found is not None
        width = float(found[1])
        assert figure.spec["width"] <= PRINT_WIDTH and width <= PRINT_WIDTH
        assert "−" in to_svg(figure.spec)  # the typographic minus in print


def cumulative() -> pd.DataFrame:
    return pd.DataFrame({
        "year": [2026, 2027, 2028],
        "cumulative": [-2_500_000.0, -400_000.0, 1_350_000.0],
        "cumulative_discounted": [-2_500_000.0, -450_000.0, 1_200_000.0],
    })  # fmt: skip


def test_the_pages_cumulative_chart_stays_in_kroner() -> None:
    theme.enable()
    spec = cumulative_chart(cumulative(), 2028, price_label="2026-priser").to_dict()
    lines = spec["layer"][0]
    assert lines["encoding"]["y"]["title"] == kroner_axis("2026-priser")
    assert lines["encoding"]["y"]["axis"]["format"] == theme.NUMBER_FORMAT
    assert spec["width"] == WIDTH
    assert {r["beloeb"] for r in _values(spec)} >= {-2_500_000.0, 1_350_000.0}
    assert spec["config"]["locale"]["number"]["minus"] == "-"  # the page's tables' minus
    shown = print_charts.kroner_amounts("Akkumuleret", cumulative()["cumulative"])
    printed = cumulative_chart(cumulative(), 2028, amounts=shown, width=400).to_dict()
    assert {r["beloeb"] for r in _values(printed)} >= {-2.5, 1.35}
    assert printed["width"] == 400


def test_kroner_amounts_switch_to_millions_from_one_million() -> None:
    small = print_charts.kroner_amounts("Netto", [999_999.0, float("nan"), -12.0])
    assert (small.divisor, small.title) == (1.0, "Netto (kr.)")
    large = print_charts.kroner_amounts("Netto", [-1_000_000.0, float("nan")])
    assert (large.divisor, large.title) == (1_000_000, "Netto (mio. kr.)")
    assert large.axis_format == print_charts.MILLION_AXIS_FORMAT
    empty = print_charts.kroner_amounts("Netto", [])
    assert empty.divisor == 1.0
