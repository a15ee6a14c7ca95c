"""Page 1 of a briefing (toolkit/briefing/orientation.py): each rule on small hand-made
cases, the Indstilling, the municipality's name, page 1 of the sample and the Word
template (``--template``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pandas as pd
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from tests.briefing_data import make_briefing, make_orientation
from toolkit.briefing import orientation as rules
from toolkit.briefing.content import FALLBACK_MUNICIPALITY, build_briefing, municipality_name
from toolkit.briefing.docx_template import REQUIRED_STYLES
from toolkit.briefing.model import Briefing, BriefingError, Bullet, MarksLegend
from toolkit.briefing.render_docx import render_docx
from toolkit.briefing.render_html import to_html
from toolkit.briefing.sentences import NO_TARGET, RECOMMENDATION, Cell, recommendation
from toolkit.cli import main
from toolkit.indicators.publishing import PRIMARY, SECONDARY
from toolkit.register import Dataset, Economy, Target
from toolkit.store import Store

NOW, BEFORE = "3. kvt. 2026", "3. kvt. 2025"
RIGHT, WRONG = "Det går den rigtige vej.", "Det går den forkerte vej."


def _target(value: float, direction: str, indicator: str = "waiting_days_median") -> Target:
    return Target(indicator, None, None, None, value, direction, None)


# -- the change rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "before", "kind", "fires"),
    [
        (110.0, 100.0, "count", False),  # exactly 10 %: «mere end» would be wrong
        (110.5, 100.0, "count", True),
        (89.5, 100.0, "count", True),
        (55.0, 50.0, "percent", False),  # exactly 5 procentpoint
        (55.1, 50.0, "percent", True),
        (44.9, 50.0, "percent", True),
        (3.0, 0.0, "count", True),  # from zero
        (0.0, 0.0, "count", False),
    ],
)
def test_the_change_rule_fires_beyond_its_threshold(
    now: float, before: float, kind: str, fires: bool
) -> None:
    bullet = rules.change_bullet("Nøgletal", Cell(now), Cell(before), kind, BEFORE)  # type: ignore[arg-type]
    assert (bullet is not None) == fires


def test_a_change_says_good_or_bad_by_the_figures_direction() -> None:
    up = rules.change_bullet("Borgere i fleksjob", Cell(206), Cell(172), "count", BEFORE, "op")
    assert up is not None and up.verdict == "good" and up.rule == "change"
    assert up.text == (
        "Borgere i fleksjob: steget mere end 10 % siden 3. kvt. 2025, fra 172 til 206 "
        f"(+19,8 %). {RIGHT}"
    )
    worse = rules.change_bullet("Ventende indsatser", Cell(30), Cell(20), "count", BEFORE, "ned")
    assert worse is not None and worse.verdict == "bad" and worse.text.endswith(WRONG)
    share = rules.change_bullet("Andel med mål", Cell(40.0), Cell(50.0), "percent", BEFORE, "op")
    assert share is not None and share.verdict == "bad"
    assert "faldet mere end 5 procentpoint" in share.text and "−10,0 procentpoint" in share.text
    neutral = rules.change_bullet("Sager", Cell(130), Cell(100), "count", BEFORE)
    assert neutral is not None and neutral.verdict == "neutral"
    assert RIGHT not in neutral.text and WRONG not in neutral.text


@pytest.mark.parametrize(
    ("now", "before"),
    [
        (Cell(None, PRIMARY), Cell(100)),
        (Cell(300), Cell(None, SECONDARY)),
        (Cell(None), Cell(100)),
    ],
)
def test_a_hidden_or_missing_value_never_makes_a_change_bullet(now: Cell, before: Cell) -> None:
    assert rules.change_bullet("Borgere", now, before, "count", BEFORE, "op") is None


# -- the budget rule ---------------------------------------------------------------------------


def test_the_budget_rule_judges_beyond_one_percent() -> None:
    over = rules.budget_bullet("Socialafdelingen", 2026, 100_000_000, 101_500_000)
    assert over is not None and over.verdict == "bad" and over.rule == "budget"
    assert over.text == (
        "Socialafdelingen: forventet merforbrug på 1,5 mio. kr. i 2026, 1,5 % af det "
        f"korrigerede budget på 100,0 mio. kr. {WRONG}"
    )
    # an underspend is not simply good (it may be a service not given): said neutrally
    under = rules.budget_bullet("Sundhed", 2026, 100_000_000, 98_000_000)
    assert under is not None and under.verdict == "neutral"
    assert under.text == (
        "Sundhed: forventet mindreforbrug på 2,0 mio. kr. i 2026, 2,0 % af det korrigerede "
        "budget på 100,0 mio. kr. Budgettet holder."
    )
    assert RIGHT not in under.text and WRONG not in under.text
    # within ±1 % (the limit included) no bullet: the «Økonomi» lines say the budget holds
    assert rules.budget_bullet("Sundhed", 2026, 100_000_000, 101_000_000) is None
    assert rules.budget_bullet("Sundhed", 2026, 100_000_000, 99_000_000) is None
    assert rules.budget_bullet("Sundhed", 2026, 100_000_000, 101_000_100) is not None


def test_the_budget_rule_needs_a_budget_and_a_forecast() -> None:
    assert rules.budget_bullet("Sundhed", 2026, None, 1_000_000) is None
    assert rules.budget_bullet("Sundhed", 2026, float("nan"), 1_000_000) is None
    assert rules.budget_bullet("Sundhed", 2026, 0.0, 1_000_000) is None


# -- the waiting rule --------------------------------------------------------------------------


def test_waiting_without_a_target_says_so_and_invents_none() -> None:
    medians = [("mentor", Cell(15.0)), ("løntilskud", Cell(None, PRIMARY))]
    bullet = rules.waiting_bullet("Beskæftigelse (Jobcenter)", medians, None)
    assert bullet is not None and bullet.verdict == "neutral"
    assert bullet.text == (
        f"Ventetid til indsatser i Beskæftigelse (Jobcenter) (median): mentor 15 dage; {NO_TARGET}."
    )
    assert "løntilskud" not in bullet.text  # a hidden median is left out


def test_waiting_against_a_target_met_and_missed() -> None:
    medians = [("genoptræning", Cell(22.5)), ("psykologbehandling", Cell(57.0)),
               ("smertehåndtering", Cell(None, SECONDARY))]  # fmt: skip
    missed = rules.waiting_bullet("Sundhed", medians, _target(30, "hoejst"))
    assert missed is not None and missed.verdict == "bad"
    assert "psykologbehandling 57 dage ligger over målet på højst 30 dage" in missed.text
    assert "(1 af 2 indsatstyper med tal)" in missed.text and missed.text.endswith(WRONG)
    assert "genoptræning" not in missed.text and "smertehåndtering" not in missed.text
    met = rules.waiting_bullet("Sundhed", medians, _target(60, "hoejst"))
    assert met is not None and met.verdict == "good"
    assert "alle 2 indsatstyper med tal ligger inden for målet på højst 60 dage" in met.text
    at_target = rules.waiting_bullet("Sundhed", medians[1:2], _target(57, "hoejst"))
    assert at_target is not None and at_target.verdict == "good"  # equal to the target: met


def test_waiting_with_every_median_hidden_makes_no_bullet() -> None:
    medians = [("mentor", Cell(None, PRIMARY)), ("løntilskud", Cell(None, SECONDARY))]
    assert rules.waiting_bullet("Beskæftigelse (Jobcenter)", medians, None) is None
    assert rules.waiting_bullet("Beskæftigelse (Jobcenter)", [], _target(30, "hoejst")) is None


# -- the goal rule -----------------------------------------------------------------------------


def test_goal_attainment_falling_beyond_the_threshold_is_bad() -> None:
    fell = rules.goal_bullet("Opnåede delmål", Cell(44.0), Cell(51.0), NOW, BEFORE, None)
    assert fell is not None and fell.verdict == "bad" and fell.rule == "goal"
    assert fell.text == (
        "Opnåede delmål: 44,0 % i 3. kvt. 2026; faldet mere end 5 procentpoint siden "
        f"3. kvt. 2025 (fra 51,0 %). {WRONG}"
    )
    assert rules.goal_bullet("Opnåede delmål", Cell(46.0), Cell(51.0), NOW, BEFORE, None) is None


def test_goal_attainment_against_a_target() -> None:
    goal = _target(40, "mindst", "subgoals_achieved_pct")
    met = rules.goal_bullet("Opnåede delmål", Cell(45.0), Cell(44.0), NOW, BEFORE, goal)
    assert met is not None and met.verdict == "good"
    assert met.text == f"Opnåede delmål: 45,0 % i 3. kvt. 2026, når målet på mindst 40 %. {RIGHT}"
    missed = rules.goal_bullet("Opnåede delmål", Cell(35.0), Cell(None, PRIMARY), NOW, BEFORE,
                               goal)  # fmt: skip
    assert missed is not None and missed.verdict == "bad"
    assert "når ikke målet på mindst 40 %" in missed.text and "siden" not in missed.text
    hidden = rules.goal_bullet("Opnåede delmål", Cell(None, PRIMARY), Cell(44.0), NOW, BEFORE,
                               goal)  # fmt: skip
    assert hidden is None


# -- choosing and the Indstilling --------------------------------------------------------------


def test_the_economy_leads_then_bad_news_at_most_six() -> None:
    made = [
        Bullet("god", "change", "good"),
        Bullet("uændret", "unchanged"),
        Bullet("ventetid", "waiting"),
        Bullet("skidt", "goal", "bad"),
        Bullet("økonomi", "budget", "neutral"),
    ]
    assert [b.text for b in rules.choose(made)] == [
        "økonomi", "skidt", "god", "ventetid", "uændret",
    ]  # fmt: skip
    many = [Bullet(f"skidt {i}", "change", "bad") for i in range(8)] + made
    chosen = rules.choose(many)
    assert len(chosen) == rules.MAX_BULLETS
    assert chosen[0].text == "økonomi" and "uændret" not in [b.text for b in chosen]


def test_the_recommendation_with_and_without_scenarios() -> None:
    assert recommendation([]) == RECOMMENDATION
    assert RECOMMENDATION == "Det indstilles, at udvalget tager orienteringen til efterretning."
    assert recommendation(["Flere mentorer"]) == (
        "Det indstilles, at udvalget tager orienteringen til efterretning og drøfter "
        "scenariet «Flere mentorer» som et muligt grundlag for budgetlægningen."
    )
    assert "drøfter scenarierne «A», «B» og «C» som" in recommendation(["A", "B", "C"])


# -- the municipality's name -------------------------------------------------------------------


def test_the_municipality_comes_from_kommune_then_the_workbook_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    named = Economy(municipality=pd.DataFrame({"name": ["Fra Arket Kommune"], "code": ["999"]}))
    monkeypatch.setenv("TVAERBLIK_KOMMUNE", "Fra Miljøet Kommune")
    assert municipality_name(" Givet Kommune ", named) == "Givet Kommune"
    assert municipality_name(None, named) == "Fra Arket Kommune"
    assert municipality_name(None, Economy()) == "Fra Miljøet Kommune"
    monkeypatch.delenv("TVAERBLIK_KOMMUNE")
    assert municipality_name(None, Economy()) == ""
    assert municipality_name("  ", Economy()) == ""


# -- page 1 of the sample ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset(sample_dir: Path) -> Dataset:
    return Store(sample_dir).load()


@pytest.fixture(scope="module")
def social(dataset: Dataset) -> Briefing:
    return build_briefing(dataset, "Socialudvalget", "2026-K3", scenario_ids=("S1", "S3"),
                          today=date(2026, 11, 26))  # fmt: skip


def test_page_one_of_the_sample(social: Briefing, dataset: Dataset) -> None:
    page = social.orientation
    assert page.committee == "Socialudvalget"
    assert page.title == (
        "Orientering om status på den tværfaglige rehabiliteringsindsats, 3. kvt. 2026"
    )
    assert page.data_as_of == "Data opgjort 31-10-2026"
    assert 3 <= len(page.bullets) <= rules.MAX_BULLETS
    assert page.bullets[0].rule == "budget" and page.bullets[0].verdict == "bad"
    assert "Socialafdelingen: forventet merforbrug på 1,4 mio. kr. i 2026" in page.bullets[0].text
    for bullet in page.bullets:
        if bullet.verdict == "good":
            assert bullet.text.endswith(RIGHT)
        if bullet.verdict == "bad":
            assert bullet.text.endswith(WRONG)
    assert len(page.economy) == 2 and all(page.economy)
    names = dataset.scenarios.scenarios.set_index("scenario_id")["name"]
    assert page.recommendation.startswith(RECOMMENDATION.removesuffix("."))
    assert f"«{names['S1']}» og «{names['S3']}»" in page.recommendation
    expected = dataset.economy.municipality_name or ""
    assert page.municipality == expected
    assert social.municipality == (expected or FALLBACK_MUNICIPALITY)


def test_without_scenarios_the_committee_takes_it_to_note(dataset: Dataset) -> None:
    briefing = build_briefing(dataset, "Sundhedsudvalget", "2026-K3", today=date(2026, 11, 26))
    assert briefing.orientation.recommendation == RECOMMENDATION


def test_page_one_of_the_word_file_holds_the_message(tmp_path: Path) -> None:
    briefing = make_briefing()
    document = docx.Document(str(render_docx(briefing, tmp_path / "b.docx", charts={})))
    first_page: list[str] = []
    for paragraph in document.paragraphs:
        first_page.append(paragraph.text)
        if any(b.get(qn("w:type")) == "page" for b in paragraph._p.iter(qn("w:br"))):
            break
    text = "\n".join(first_page)
    for expected in ("Eksempel Kommune", "Sagsfremstilling", "Økonomi", "Indstilling",
                     briefing.orientation.recommendation, *briefing.orientation.economy,
                     *(b.text for b in briefing.orientation.bullets)):  # fmt: skip
        assert expected in text
    assert "Kommunen" not in text


def test_without_a_name_the_municipality_line_is_left_out(tmp_path: Path) -> None:
    from dataclasses import replace

    briefing = replace(make_briefing(), municipality="Kommunen",
                       orientation=make_orientation(municipality=""))  # fmt: skip
    document = docx.Document(str(render_docx(briefing, tmp_path / "b.docx", charts={})))
    assert document.paragraphs[0].text == "Beskæftigelsesudvalget"
    assert document.core_properties.author == "Kommunen"


# -- the Word template -------------------------------------------------------------------------


def _template(path: Path, *, font: str = "Garamond", drop: str | None = None) -> Path:
    document = docx.Document()
    document.styles["Normal"].font.name = font
    document.styles["Normal"].font.size = Pt(12)
    document.add_paragraph("Skabelonens egen tekst, der ikke må komme med.")
    if drop is not None:
        document.styles[drop].element.getparent().remove(document.styles[drop].element)
    document.save(str(path))
    return path


def test_the_template_gives_the_styles_and_not_its_text(tmp_path: Path) -> None:
    template = _template(tmp_path / "kommunen.docx")
    path = render_docx(make_briefing(), tmp_path / "b.docx", charts={}, template=template)
    document = docx.Document(str(path))
    assert document.styles["Normal"].font.name == "Garamond"
    assert document.styles["Normal"].font.size == Pt(12)
    assert "Skabelonens egen tekst" not in "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == "Eksempel Kommune"
    plain = docx.Document(str(render_docx(make_briefing(), tmp_path / "c.docx", charts={})))
    assert plain.styles["Normal"].font.name != "Garamond"


@pytest.mark.parametrize("name", ["kommunen.dotx", "kommunen.pdf"])
def test_a_template_that_is_not_a_docx_is_refused_in_danish(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"ikke et word-dokument")
    with pytest.raises(BriefingError, match=r"ikke en Word-fil \(\.docx\)"):
        render_docx(make_briefing(), tmp_path / "b.docx", charts={}, template=path)
    fake = tmp_path / "falsk.docx"
    fake.write_bytes(b"ikke et word-dokument")
    with pytest.raises(BriefingError, match="kan ikke åbnes som Word-dokument"):
        render_docx(make_briefing(), tmp_path / "b.docx", charts={}, template=fake)


def test_a_template_without_a_needed_style_names_it(tmp_path: Path) -> None:
    assert "Caption" in REQUIRED_STYLES
    template = _template(tmp_path / "kommunen.docx", drop="Caption")
    with pytest.raises(BriefingError, match="mangler typografien «Caption»"):
        render_docx(make_briefing(), tmp_path / "b.docx", charts={}, template=template)


def test_brief_takes_a_template(
    sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = _template(tmp_path / "kommunen.docx", font="Georgia")
    out = tmp_path / "ud"
    code = main(["--data", str(sample_dir), "brief", "--committee", "social", "--period",
                 "2026-K3", "--out", str(out), "--format", "docx",
                 "--template", str(template)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    document = docx.Document(str(out / "socialudvalget-2026-Q3.docx"))
    assert document.styles["Normal"].font.name == "Georgia"
    wrong = tmp_path / "kommunen.dotx"
    wrong.write_bytes(b"x")
    code = main(["--data", str(sample_dir), "brief", "--committee", "social", "--period",
                 "2026-K3", "--out", str(tmp_path / "ud2"), "--template", str(wrong)])  # fmt: skip
    assert code != 0
    assert "ikke en Word-fil (.docx)" in capsys.readouterr().err
    assert not (tmp_path / "ud2").exists()


# -- the marks at first use --------------------------------------------------------------------


def test_the_marks_legend_sits_right_under_its_table(tmp_path: Path) -> None:
    from dataclasses import replace

    legend = MarksLegend("«<5»: skjult, fordi tallet bygger på færre end 5 borgere.", "table", 1)
    briefing = replace(make_briefing(), marks_legend=legend)
    document = docx.Document(str(render_docx(briefing, tmp_path / "b.docx", charts={})))
    body = list(document.element.body.iterchildren())
    first_table = next(
        i for i, child in enumerate(body)
        if child.tag == qn("w:tbl") and "Ressourceforløb" in "".join(child.itertext())
    )  # fmt: skip
    after = [
        "".join(t.text or "" for t in child.iter(qn("w:t")))
        for child in body[first_table + 1 : first_table + 3]
    ]
    assert after == ["Kilde: register.xlsx.", legend.text]
    texts = [p.text for p in document.paragraphs]
    assert texts.count(legend.text) == 1
    page = to_html(briefing, charts=dict.fromkeys((f.number for f in briefing.figures), "<svg/>"))
    block = page[page.index("id='tabel-1'") : page.index("id='tabel-2'")]
    assert f"<span class='legend'>{legend.text.replace('«<', '«&lt;')}</span>" in block
    assert page.count("class='legend'") == 1
    on_key_figures = replace(briefing, marks_legend=MarksLegend(legend.text, "key_figures"))
    page = to_html(
        on_key_figures, charts=dict.fromkeys((f.number for f in briefing.figures), "<svg/>")
    )
    assert page.index("class='legend'") < page.index("id='tabel-1'")
