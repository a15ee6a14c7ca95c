"""The briefing's content (toolkit/briefing/content.py, committees.py) on the sample
municipality: structure, committee focus, the same numbers as ``tvaerblik indicators``,
suppression and no CPR-shaped text."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from tests.indicator_data import d, economy, register
from toolkit import disclosure, formats
from toolkit.briefing import static_charts
from toolkit.briefing.committees import committees, normalise, resolve
from toolkit.briefing.content import SECTION_TITLES, build_briefing, file_stem, parse_quarter
from toolkit.briefing.model import INDENT, Briefing, BriefingError, Figure, Paragraph, Table
from toolkit.briefing.sections_cross import year_to_date_by_coordinator
from toolkit.briefing.sections_money import ALL_DEPARTMENTS
from toolkit.briefing.sections_money import ANNEX_TITLE as MONEY_ANNEX_TITLE
from toolkit.briefing.sentences import Cell, kind_of_unit, shown
from toolkit.charts import print_charts
from toolkit.cli import main
from toolkit.indicators import REGISTRY, compute, publish
from toolkit.register import Dataset
from toolkit.store import Store

PERIOD = "2026-Q3"
TODAY = date(2026, 11, 26)
CPR = re.compile(r"\d{6}-?\d{4}")


@pytest.fixture(scope="module")
def dataset(sample_dir: Path) -> Dataset:
    return Store(sample_dir).load()


@pytest.fixture(scope="module")
def employment(dataset: Dataset) -> Briefing:
    return build_briefing(dataset, "beskaeftigelse", PERIOD, scenario_ids=("S1",), today=TODAY)


@pytest.fixture(scope="module")
def social(dataset: Dataset) -> Briefing:
    return build_briefing(dataset, "Socialudvalget", "2026-K3", today=TODAY)


def _texts(briefing: Briefing) -> list[str]:
    texts = [briefing.municipality, briefing.committee, briefing.title, briefing.period_label,
             *briefing.notes]  # fmt: skip
    for key in briefing.key_figures:
        texts += [key.label, key.value, key.change, key.sentence]
    for section in briefing.sections:
        texts.append(section.title)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                texts.append(block.text)
            elif isinstance(block, Table):
                texts += [block.caption, block.source, *block.headers]
                texts += [cell for row in block.rows for cell in row]
            else:
                texts += [block.caption, block.source, block.alt_text]
    for item in briefing.definitions:
        texts += [item.label, item.unit, item.definition]
    return texts


# -- structure ---------------------------------------------------------------------------------


def test_title_page_facts(employment: Briefing) -> None:
    assert employment.committee == "Beskæftigelsesudvalget"
    assert employment.period == PERIOD
    assert employment.period_label == "3. kvt. 2026"
    assert employment.created == TODAY
    assert employment.version == "v0001"
    assert employment.title.endswith("3. kvt. 2026")
    assert employment.file_stem == "beskaeftigelsesudvalget-2026-Q3"
    assert employment.file_stem.isascii()


def test_sections_in_order_and_never_empty(employment: Briefing, social: Briefing) -> None:
    titles = [s.title for s in employment.sections]
    assert titles[:8] == [
        SECTION_TITLES[k]
        for k in ("about", "volume", "team", "economy", "cross", "waiting", "outcomes",
                  "scenarios")
    ]  # fmt: skip
    # the annexes in kroner at the back, which «Økonomi pr. afdeling» refers to
    assert MONEY_ANNEX_TITLE in titles[8:]
    economy = next(s for s in social.sections if s.title == SECTION_TITLES["economy"])
    assert any(MONEY_ANNEX_TITLE in b.text for b in economy.blocks if isinstance(b, Paragraph))
    assert MONEY_ANNEX_TITLE in [s.title for s in social.sections]
    assert SECTION_TITLES["scenarios"] not in [s.title for s in social.sections]
    for briefing in (employment, social):
        for section in briefing.sections:
            assert section.blocks, section.title


def test_figures_are_numbered_with_captions_and_sources(employment: Briefing) -> None:
    figures = employment.figures
    assert len(figures) >= 6
    assert [f.number for f in figures] == list(range(1, len(figures) + 1))
    for figure in figures:
        assert figure.caption and not figure.caption.startswith("Figur")
        assert figure.source.startswith("Kilde: Tværblik, ")
        assert figure.alt_text
        assert "$schema" in figure.spec and "config" in figure.spec  # the theme is in it
        json.dumps(figure.spec)
    tables = employment.tables
    assert [t.number for t in tables] == list(range(1, len(tables) + 1))
    for table in tables:
        assert table.source.startswith("Kilde: Tværblik")
        assert len(table.numeric) == len(table.headers)
        assert all(len(row) == len(table.headers) for row in table.rows)


def test_key_figures_have_values_changes_and_sentences(employment: Briefing) -> None:
    keys = employment.key_figures
    assert 4 <= len(keys) <= 6
    for key in keys:
        assert key.indicator in REGISTRY
        assert key.value and key.sentence.endswith(".")
        assert "3. kvt. 2026" in key.sentence
        # the table's cell: the header says what it is compared with
        assert re.fullmatch(r"–|uændret|[+−][\d.,]+( %| pct\.-point)?", key.change), key.change
    first = keys[0]
    assert first.sentence.startswith(f"Der var {first.value} borgere i ressourceforløb")


def test_definitions_cover_every_indicator_used(employment: Briefing) -> None:
    defined = {item.indicator for item in employment.definitions}
    used = {k.indicator for k in employment.key_figures}
    for block in (*employment.figures, *employment.tables):
        used |= {i for i, item in REGISTRY.items() if f"«{item.label}»" in block.source}
    assert used <= defined
    for item in employment.definitions:
        assert item.definition == REGISTRY[item.indicator].definition
        assert item.label == REGISTRY[item.indicator].label


def test_notes_mention_the_as_of_date_and_method(employment: Briefing) -> None:
    notes = " ".join(employment.notes)
    assert "Tallene er opgjort til 31-10-2026" in notes and "v0001" not in notes
    assert employment.orientation.data_as_of == "Data opgjort 31-10-2026"
    assert "samme kvartal året før" in notes


def test_the_marks_are_explained_under_the_first_table_that_shows_one(
    employment: Briefing,
) -> None:
    legend = employment.marks_legend
    assert legend is not None and legend.text == disclosure.footnote_da()
    assert legend.text not in employment.notes  # not on the last page
    marks = {"<5", disclosure.SECONDARY_MARK, disclosure.NOT_COMPUTABLE_MARK}
    tables = [(t.number, t.rows) for t in employment.tables]
    marked = [n for n, rows in tables if any(c in marks for row in rows for c in row)]
    if legend.after == "table":
        assert legend.number == marked[0]
    else:
        assert legend.after == "key_figures"


def test_source_lines_name_the_indicator_and_the_as_of_date_not_ids(
    employment: Briefing,
) -> None:
    # The Danish label and the date a reader understands, not «(persons_active_count)».
    figure = next(f for f in employment.figures if "«Borgere i forløb»" in f.source)
    assert figure.source == (
        "Kilde: Tværblik, indikatoren «Borgere i forløb», data opgjort 31-10-2026."
    )


# Whatever an id, a command or a version looks like: none of it is reading text.
_TOOL_TEXT = re.compile(
    r"\b\w+_(count|pct|dkk|mean|median|p90)\b|[Vv]ersion v|\bv\d{4}\b|tvaerblik "
    r"|Afdelingskoder|ID'er"
)


def _docx_text(path: Path) -> list[str]:
    from docx import Document

    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        texts += [p.text for p in (*section.header.paragraphs, *section.footer.paragraphs)]
    return texts


def _html_text(path: Path) -> list[str]:
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.texts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.hidden += tag in ("style", "script")
            self.texts += [v for k, v in attrs if k in ("alt", "title", "aria-label") and v]

        def handle_endtag(self, tag: str) -> None:
            self.hidden -= tag in ("style", "script")

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.texts.append(data)  # the charts' SVG text (axes, legends) included

    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.texts


@pytest.mark.parametrize("committee", ["Socialudvalget", "beskaeftigelse"])
def test_no_ids_codes_versions_or_commands_reach_the_reader(
    dataset: Dataset, employment: Briefing, social: Briefing, committee: str, tmp_path: Path
) -> None:
    from toolkit.briefing.render_docx import render_docx
    from toolkit.briefing.render_html import render_html

    briefing = social if committee == "Socialudvalget" else employment  # S1 in the latter
    codes = [str(c) for c in dataset.economy.departments["department"]]
    assert {"BESK", "SOC", "SUND", "UNGE"} <= set(codes)
    code_words = re.compile(r"\b(" + "|".join(map(re.escape, codes)) + r")\b")
    texts = [
        *_docx_text(render_docx(briefing, tmp_path / "b.docx")),
        *_html_text(render_html(briefing, tmp_path / "b.html")),
    ]
    assert any("Socialafdelingen" in t for t in texts)  # the text was read at all
    leaks = [t for t in texts if _TOOL_TEXT.search(t) or code_words.search(t)]
    assert not leaks
    ids = set(REGISTRY)
    assert not [t for t in texts if ids & set(re.findall(r"[a-z0-9_]+", t))]


# -- committee focus ---------------------------------------------------------------------------


def _economy_table(briefing: Briefing) -> Table:
    section = next(s for s in briefing.sections if s.title == SECTION_TITLES["economy"])
    return next(b for b in section.blocks if isinstance(b, Table))


def _department_rows(table: Table) -> list[tuple[str, ...]]:
    """The economy table's department rows: not an account (indented), not the total."""
    return [r for r in table.rows if not r[0].startswith(INDENT) and r[0] != ALL_DEPARTMENTS]


def test_economy_table_is_a_controllers_report_in_millions(social: Briefing) -> None:
    table = _economy_table(social)
    assert table.headers == ("Afdeling og konto", "Korrigeret budget", "Forbrug år til dato",
                             "Forventet regnskab", "Forventet mer-/mindreforbrug")  # fmt: skip
    assert table.caption.endswith("(mio. kr.)") and "ved udgangen af september" in table.caption
    millions = re.compile(r"^[−+]?\d{1,3}(\.\d{3})*,\d$")
    assert all(millions.match(cell) for row in table.rows for cell in row[1:]), table.rows
    assert table.rows[0] == ("Socialafdelingen", "121,9", "92,5", "123,4", "+1,4")
    assert table.rows[1][0].startswith(f"{INDENT}5.38.38 ")  # its accounts under it
    assert table.rows[-1][0] == ALL_DEPARTMENTS
    section = next(s for s in social.sections if s.title == SECTION_TITLES["economy"])
    texts = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    assert any("Socialafdelingen forventer et merforbrug;" in t for t in texts)
    assert any("Beskæftigelse (Jobcenter) og Sundhed forventer et mindreforbrug" in t
               for t in texts)  # fmt: skip
    # the chart: forventet regnskab against korrigeret budget, in mio. kr., variance beside
    figure = next(b for b in section.blocks if isinstance(b, Figure))
    data = next(iter(figure.spec["datasets"].values()))
    soc = next(r for r in data if r["afdeling"] == "Socialafdelingen")
    assert (round(soc["forventet"], 1), round(soc["budget"], 1)) == (123.4, 121.9)
    assert soc["afvigelse"] == "+1,4"
    assert data[0]["afdeling"] == "Socialafdelingen"  # the committee's first


def test_only_departments_and_the_total_are_sums_in_the_economy_tables(social: Briefing) -> None:
    """The department rows and «Alle afdelinger i alt» are bold (``emphasis``), the
    accounts under them are not: in the table in mio. kr. and in the annex in kroner."""
    annex = next(s for s in social.sections if s.title == MONEY_ANNEX_TITLE)
    economy_tables = [_economy_table(social), *(b for b in annex.blocks if isinstance(b, Table))]
    assert len(economy_tables) == 2
    for table in economy_tables:
        sums = {table.rows[i][0] for i in table.emphasis}
        assert sums == {"Socialafdelingen", "Beskæftigelse (Jobcenter)", "Sundhed",
                        "Unge og uddannelse", ALL_DEPARTMENTS}  # fmt: skip
        accounts = [r for i, r in enumerate(table.rows) if i not in table.emphasis]
        assert accounts and all(r[0].startswith(INDENT) for r in accounts)
    others = [t for t in social.tables if t.number not in {e.number for e in economy_tables}]
    assert others and not any(t.emphasis for t in others)  # e.g. the waiting table's rows


def test_the_key_figures_name_their_source(social: Briefing) -> None:
    source = social.key_figures_source
    assert source.startswith("Kilde: Tværblik, indikatorerne «") and "data opgjort" in source
    for key in social.key_figures:
        assert f"«{REGISTRY[key.indicator].label}»" in source


def test_tables_write_changes_of_shares_in_pct_point(social: Briefing) -> None:
    """«−2,1 pct.-point» in a table cell (the key figures' and the sections'), «procentpoint»
    in running text only."""
    cells = [key.change for key in social.key_figures]
    cells += [c for t in social.tables for row in t.rows for c in row]
    assert any(c.endswith(" pct.-point") for c in cells)
    assert not any("procentpoint" in c for c in cells)
    share = next(k for k in social.key_figures if k.indicator == "parallel_interventions_pct")
    assert share.change == "−2,1 pct.-point"


def test_captions_say_what_the_charts_leave_out(social: Briefing) -> None:
    """A hidden quarter is a gap in a line (not a quarter left out): a trend caption says
    so only when its chart has one; a bar chart's caption names the panels not drawn."""
    for figure in social.figures:
        assert "Kvartaler med" not in figure.caption, figure.caption
    exits = next(f for f in social.figures if f.caption.startswith("Andel af de afsluttede"))
    assert "Et hul i linjen er et skjult tal." in exits.caption
    assert "Ordninger, hvor alle tal er skjult, er ikke med." in exits.caption
    starts = next(f for f in social.figures if f.caption.startswith("Påbegyndte forløb"))
    assert "hul" not in starts.caption  # a count with no row is 0: no gap in these lines
    waiting = next(f for f in social.figures if f.caption.startswith("Median ventetid"))
    assert waiting.caption.endswith("Indsatstyper med skjult median er ikke med.")
    cost = next(f for f in social.figures if f.caption.startswith("Udgift til indsatser pr."))
    assert "Afdelinger, hvor alle udgifter er skjult, er ikke med." in cost.caption
    drawn = {r["department_navn"] for r in next(iter(cost.spec["datasets"].values()))}
    assert "Unge og uddannelse" not in drawn and "Socialafdelingen" in drawn


def test_every_chart_prints_at_full_size(social: Briefing, employment: Briefing) -> None:
    """No chart is wider than the Word page's 16 cm (605 CSS pixels), so none is shrunk
    and its text with it: the spec's width and the drawn chart's."""
    for briefing in (social, employment):
        for figure in briefing.figures:
            spec = figure.spec
            width = spec.get("width", spec.get("spec", {}).get("width", 0))
            assert isinstance(width, int | float) and width <= 605, (figure.caption, width)
            svg = static_charts.to_svg(spec)
            found = re.search(r'<svg[^>]*\bwidth="([\d.]+)"', svg)
            assert found is not None and float(found[1]) <= 605, (figure.caption, found)


def test_who_pays_for_whom_is_the_year_to_date_and_staff_time_is_kroner(
    dataset: Dataset, social: Briefing
) -> None:
    section = next(s for s in social.sections if s.title == SECTION_TITLES["cross"])
    by_coordinator, staff = [b for b in section.blocks if isinstance(b, Table)][:2]
    assert by_coordinator.caption.endswith("januar til og med september 2026")
    year, _ = year_to_date_by_coordinator(dataset, parse_quarter(PERIOD))
    shown_cells = [c for row in by_coordinator.rows for c in row[1:] if c.endswith(" kr.")]
    assert len(shown_cells) == int(year["value"].notna().sum())
    # more real numbers than the quarter alone gives
    quarter = publish(compute(dataset.register, dataset.economy,
                              ids=["intervention_cost_by_coordinator_dkk"], level="quarter",
                              first=date(2026, 7, 1), last=date(2026, 9, 30)))  # fmt: skip
    assert len(shown_cells) > int(quarter["value"].notna().sum())
    assert staff.headers[1] == "Udgift til medarbejdertid i teamet (kr.)"
    assert "i kroner" in staff.caption


def test_committee_departments_come_first_and_all_departments_show(
    employment: Briefing, social: Briefing
) -> None:
    employment_rows = [row[0] for row in _department_rows(_economy_table(employment))]
    social_rows = [row[0] for row in _department_rows(_economy_table(social))]
    assert employment_rows[0] == "Beskæftigelse (Jobcenter)"
    assert social_rows[0] == "Socialafdelingen"
    assert sorted(employment_rows) == sorted(social_rows)
    assert len(employment_rows) == 4
    intro = employment.sections[0].blocks[0]
    assert isinstance(intro, Paragraph)
    assert "Beskæftigelsesudvalget" in intro.text and "Beskæftigelse (Jobcenter)" in intro.text
    assert "Socialafdelingen" in intro.text  # the cross-sector picture
    assert social.key_figures[0].dims.get("department") == "SOC"


# -- the same numbers as ``tvaerblik indicators`` ----------------------------------------------


def _cli_values(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    capsys.readouterr()
    code = main(["--data", str(sample_dir), "indicators", "--level", "quarter", "--format",
                 "json", "--from", "2025-07", "--to", "2026-09"])  # fmt: skip
    assert code == 0
    return json.loads(capsys.readouterr().out)


def _shown(row: dict) -> str:
    kind = kind_of_unit(REGISTRY[row["indicator"]].unit)
    return shown(Cell(row["value"], row["suppressed"] or ""), kind) or "–"


def test_numbers_equal_the_indicators_command(
    sample_dir: Path, employment: Briefing, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _cli_values(sample_dir, capsys)

    def find(indicator: str, period: str, **dims: str) -> dict:
        hits = [r for r in rows if r["indicator"] == indicator and r["period"] == period
                and all(r.get(k) == v for k, v in dims.items())]  # fmt: skip
        assert len(hits) == 1, (indicator, period, dims)
        return hits[0]

    for key in employment.key_figures:
        row = find(key.indicator, PERIOD, **key.dims)
        assert key.value == _shown(row), key
    # the economy table's forecast and variance, department by department
    names = {"Beskæftigelse (Jobcenter)": "BESK", "Socialafdelingen": "SOC", "Sundhed": "SUND",
             "Unge og uddannelse": "UNGE"}  # fmt: skip
    for row in _department_rows(_economy_table(employment)):
        forecast = find("forecast_year_end_dkk", PERIOD, department=names[row[0]])["value"]
        variance = find("forecast_variance_dkk", PERIOD, department=names[row[0]])["value"]
        assert row[3] == formats.millions(forecast)
        assert row[4] == formats.millions(variance, signed=True)
    # persons per scheme, both quarters
    volume = next(s for s in employment.sections if s.title == SECTION_TITLES["volume"])
    table = next(b for b in volume.blocks if isinstance(b, Table))
    schemes = {"Ressourceforløb": "ressourceforloeb", "Jobafklaringsforløb": "jobafklaring",
               "Fleksjob": "fleksjob", "Førtidspension": "foertidspension"}  # fmt: skip
    for row in table.rows:
        scheme = schemes[row[0]]
        assert row[1] == _shown(find("persons_active_count", "2025-Q3", scheme=scheme))
        assert row[2] == _shown(find("persons_active_count", PERIOD, scheme=scheme))
        assert row[4] == _shown(find("course_starts_count", PERIOD, scheme=scheme))
        assert row[5] == _shown(find("full_time_persons", PERIOD, scheme=scheme))


# -- suppression and CPR -----------------------------------------------------------------------


def test_no_cpr_shaped_text_anywhere(employment: Briefing, social: Briefing) -> None:
    for briefing in (employment, social):
        for text in _texts(briefing):
            assert not CPR.search(text), text


def _tiny(*, last_day: str = "2025-03-31", first_day: str = "2025-01-10") -> Dataset:
    people = [f"P{i}" for i in range(8)]
    courses = [
        {"course_id": f"C{i}", "person_id": p, "scheme": "ressourceforloeb",
         "start": d(first_day), "coordinating_department": "BESK"}
        for i, p in enumerate(people)
    ] + [
        {"course_id": f"J{i}", "person_id": f"Q{i}", "scheme": "jobafklaring",
         "start": d("2025-02-01"), "coordinating_department": "BESK"}
        for i in range(3)
    ] + [
        {"course_id": f"F{i}", "person_id": f"R{i}", "scheme": "fleksjob",
         "start": d("2025-02-01"), "coordinating_department": "BESK"}
        for i in range(6)
    ]  # fmt: skip
    # One meeting: meeting_staff_cost_dkk fails on a register without meetings (an
    # indicator bug outside the briefing).
    reg = register(
        courses=courses,
        meetings=[{"meeting_id": "M1", "date": d("2025-02-03"), "department": "BESK",
                   "participants": 1},
                  {"meeting_id": "M2", "date": d(last_day), "department": "BESK",
                   "participants": 1}],
        cases=[{"meeting_id": "M1", "person_id": "P0", "case_type": "ressourceforloeb"}],
    )  # fmt: skip
    eco = economy(
        departments=[
            {"department": "BESK", "name": "Jobcenter", "committee": "Beskæftigelsesudvalget"},
            {"department": "SOC", "name": "Social", "committee": "Socialudvalget"},
        ]
    )
    return Dataset("v0007", reg, eco)


def test_a_small_cell_shows_fewer_than_five_and_never_the_number() -> None:
    briefing = build_briefing(_tiny(), "Beskæftigelsesudvalget", "2025-Q1", today=TODAY)
    volume = next(s for s in briefing.sections if s.title == SECTION_TITLES["volume"])
    table = next(b for b in volume.blocks if isinstance(b, Table))
    rows = {row[0]: row for row in table.rows}
    assert rows["Jobafklaringsforløb"][2] == "<5"
    assert rows["Ressourceforløb"][2] == "8"
    assert rows["Fleksjob"][2] == ".."  # secondary: the total would give the hidden 3 away
    assert not any(t for t in _texts(briefing) if "3 borgere" in t or "3 jobafklaring" in t)


def test_sections_without_data_are_left_out_and_named_once_in_the_notes() -> None:
    briefing = build_briefing(_tiny(), "Beskæftigelsesudvalget", "2025-Q1", today=TODAY)
    blocks = {s.title: s.blocks for s in briefing.sections}
    assert blocks[SECTION_TITLES["economy"]] == ()  # no oekonomi figures at all
    assert blocks[SECTION_TITLES["volume"]]
    texts = _texts(briefing)
    assert not any(t == "Ingen data for perioden." for t in texts)
    gap = [n for n in briefing.notes if "udeladt, fordi der ikke er data" in n]
    assert len(gap) == 1 and f"«{SECTION_TITLES['economy']}»" in gap[0]


# -- errors ------------------------------------------------------------------------------------


def test_a_quarter_that_is_not_over_is_refused_naming_the_latest_whole_quarter() -> None:
    with pytest.raises(BriefingError) as info:
        build_briefing(_tiny(last_day="2025-05-31"), "beskaeftigelse", "2025-Q2")
    assert str(info.value) == (
        "Data går kun til 31-05-2025, så 2. kvt. 2025 er ikke slut; vælg 1. kvt. 2025 eller før."
    )
    with pytest.raises(BriefingError, match="endnu ikke et helt kvartal"):
        build_briefing(_tiny(last_day="2025-02-03"), "beskaeftigelse", "2025-Q1")


def test_no_partial_quarter_note_in_a_whole_quarter(dataset: Dataset) -> None:
    briefing = build_briefing(_tiny(), "beskaeftigelse", "2025-Q1", today=TODAY)
    assert not any("er ikke helt med" in t for t in _texts(briefing))


def test_a_quarter_before_the_data_begin_is_refused() -> None:
    with pytest.raises(BriefingError, match=r"Der er ingen data for 4\. kvt\. 2024"):
        build_briefing(_tiny(), "beskaeftigelse", "2024-Q4")


def test_the_first_quarter_of_data_builds_without_cost_data() -> None:
    briefing = build_briefing(_tiny(), "beskaeftigelse", "2025-Q1", today=TODAY)
    assert briefing.sections


def test_committee_names_are_resolved_loosely(dataset: Dataset) -> None:
    eco = dataset.economy
    for name in ("Beskæftigelsesudvalget", "beskaeftigelse", "BESKÆFTIGELSESUDVALG", "besk",
                 "beskaeftigelsesudvalget"):  # fmt: skip
        assert resolve(eco, name).name == "Beskæftigelsesudvalget"
    assert resolve(eco, "boerne- og unge").name == "Børne- og Ungeudvalget"
    assert resolve(eco, "sundhed").departments == ("SUND",)
    assert resolve(eco, "SOC").name == "Socialudvalget"
    assert next(c.name for c in committees(eco)) == "Beskæftigelsesudvalget"
    assert normalise("Sundhedsudvalget") == normalise("sundhed")


def test_unknown_committee_lists_the_committees(dataset: Dataset) -> None:
    with pytest.raises(BriefingError) as info:
        build_briefing(dataset, "Teknik og miljø", PERIOD)
    message = str(info.value)
    assert "«Teknik og miljø» findes ikke" in message
    assert "Beskæftigelsesudvalget" in message and "Socialudvalget" in message
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("period", "words"),
    [
        ("2026-13", "Ukendt periode"),
        ("3. kvartal", "Ukendt periode"),
        ("2027-Q1", "efter datas opgørelsesdato"),
        ("2010-K1", "ingen data"),
    ],
)
def test_bad_periods(dataset: Dataset, period: str, words: str) -> None:
    with pytest.raises(BriefingError, match=words):
        build_briefing(dataset, "Socialudvalget", period)


def test_unknown_scenario(dataset: Dataset) -> None:
    with pytest.raises(BriefingError, match="Ukendte scenarier: S9"):
        build_briefing(dataset, "Socialudvalget", PERIOD, scenario_ids=("S9",))


def test_quarter_parsing_and_file_stem() -> None:
    assert parse_quarter("2026-K3").label == "2026-Q3"
    assert parse_quarter(" 2026-q1 ").label == "2026-Q1"
    assert parse_quarter("2026K4").label == "2026-Q4"
    assert file_stem("Børne- og Ungeudvalget", parse_quarter("2026-Q2")) == (
        "boerne-og-ungeudvalget-2026-Q2"
    )


def test_the_cost_figure_names_the_intervention_types_in_danish(
    dataset: Dataset, employment: Briefing
) -> None:
    prices = dataset.economy.prices
    names = dict(zip(prices["intervention_type"], prices["name"], strict=True))
    figure = next(
        f for s in employment.sections for f in s.blocks
        if isinstance(f, Figure) and "afdeling og indsatstype" in f.caption
        and "Udgift" in f.caption
    )  # fmt: skip
    shown = {row["intervention_type"] for rows in figure.spec["datasets"].values()
             for row in rows}  # fmt: skip
    assert shown and shown <= {*names.values(), print_charts.REST_LABEL}  # the rest folded
    assert not shown & set(names)


def test_an_absent_count_is_zero_and_other_absent_cells_are_not_computable() -> None:
    briefing = build_briefing(_tiny(last_day="2025-06-30"), "besk", "2025-Q2", today=TODAY)
    volume = next(s for s in briefing.sections if s.title == SECTION_TITLES["volume"])
    table = next(b for b in volume.blocks if isinstance(b, Table))
    rows = {row[0]: row for row in table.rows}
    assert rows["Ressourceforløb"][4] == "0"  # no course started in the quarter: a true 0
    assert rows["Ressourceforløb"][1] == "–"  # no data at all a year before: no value
    assert rows["Fleksjob"][2] == ".."  # the hidden cell keeps its mark
    starts = next(k for k in briefing.key_figures if k.indicator == "course_starts_count")
    assert starts.value == "0"  # a true 0 is a key figure too
    assert not any("·" in t for t in _texts(briefing))  # one mark per meaning: no «·»


def test_slips_in_the_key_figure_sentences(employment: Briefing) -> None:
    exits = [k.sentence for k in employment.key_figures
             if k.indicator == "exit_to_work_or_education_pct"]  # fmt: skip
    for text in exits:
        assert "job eller uddannelse, " in text and "uddannelse var" not in text
    assert not any(", og er opgjort" in n and "indlæst" not in n for n in employment.notes)


def test_no_economy_workbook_is_named_as_such() -> None:
    from tests.indicator_data import economy as make_economy

    with pytest.raises(BriefingError, match=r"ingen oekonomi\.xlsx indlæst i denne data-version"):
        resolve(make_economy(), "besk")
    eco = make_economy(departments=[{"department": "BESK", "name": "Jobcenter"}])
    with pytest.raises(BriefingError, match="kolonnen Udvalg"):
        resolve(eco, "besk")
