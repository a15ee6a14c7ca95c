"""The briefing renderers on a hand-made briefing: Word structure, self-contained HTML, PDF
through LibreOffice, static charts in Danish, and no CPR-shaped text anywhere."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from html import escape as html_escape
from pathlib import Path

import altair as alt
import docx
import pandas as pd
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from tests.briefing_data import chart_specs, make_briefing
from toolkit import formats
from toolkit.briefing import draw_charts, static_charts
from toolkit.briefing.model import (
    Briefing,
    Bullet,
    Figure,
    Paragraph,
    Section,
    Table,
)
from toolkit.briefing.render_docx import render_docx, visible_sections
from toolkit.briefing.render_html import render_html, to_html
from toolkit.briefing.render_pdf import render_pdf
from toolkit.charts import theme

CPR = re.compile(r"\d{6}-?\d{4}")
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return make_briefing()


@pytest.fixture(scope="module")
def rendered(briefing: Briefing, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("briefing")
    pngs, svgs = draw_charts(briefing)
    return {
        "docx": render_docx(briefing, folder / f"{briefing.file_stem}.docx", charts=pngs),
        "html": render_html(briefing, folder / f"{briefing.file_stem}.html", charts=svgs),
    }


# -- static charts ------------------------------------------------------------------------------


def svg_texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_svg_numbers_and_months_are_danish() -> None:
    theme.enable()
    frame = pd.DataFrame(
        {"month": pd.date_range("2026-01-01", periods=4, freq="MS"), "n": [1234567, 5, 9, 12]}
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("month:T", axis=alt.Axis(format=theme.MONTH_FORMAT)),
            y=alt.Y("n:Q", axis=alt.Axis(format=theme.NUMBER_FORMAT)),
            tooltip="n:Q",
        )
    )
    layered = chart + alt.Chart(frame.head(1)).mark_text(dy=-8).encode(
        x="month:T", y="n:Q", text=alt.Text("n:Q", format=theme.NUMBER_FORMAT)
    )
    svg = static_charts.to_svg(layered.to_dict())
    texts = svg_texts(svg)
    assert "1.234.567" in texts
    assert any(t.startswith(("jan.", "feb.", "mar.")) for t in texts), texts
    assert not any("Jan" in t or "Feb" in t or "Mar " in t for t in texts)


def test_svg_locale_without_theme_config() -> None:
    spec = {
        "data": {"values": [{"m": "2026-05-01", "n": 1234567}]},
        "mark": "text",
        "encoding": {
            "text": {"field": "n", "type": "quantitative", "format": ",.0f"},
            "x": {"field": "m", "type": "temporal", "timeUnit": "yearmonth",
                  "axis": {"format": "%B %Y"}},
        },
    }  # fmt: skip
    texts = svg_texts(static_charts.to_svg(spec))
    assert "1.234.567" in texts
    assert "maj 2026" in texts


def test_png_is_png() -> None:
    png = static_charts.to_png(chart_specs()[1])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


# -- Word ---------------------------------------------------------------------------------------


def test_docx_layout(briefing: Briefing, rendered: dict[str, Path]) -> None:
    document = docx.Document(str(rendered["docx"]))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.page_width < section.page_height
    assert document.core_properties.title == briefing.title
    assert document.core_properties.author == briefing.municipality
    assert document.core_properties.last_modified_by == "Tværblik"
    assert document.core_properties.language == "da-DK"
    # Made now by Tværblik, not «2013, Microsoft Macintosh Word» from the blank template.
    created = document.core_properties.created
    assert created is not None and abs(datetime.now(UTC) - created.replace(tzinfo=UTC)) < (
        timedelta(hours=1)
    )
    with zipfile.ZipFile(rendered["docx"]) as package:
        application = package.read("docProps/app.xml").decode("utf-8")
    assert "<Application>Tværblik</Application>" in application
    assert f"<Company>{briefing.municipality}</Company>" in application
    assert "Microsoft" not in application

    paragraphs = document.paragraphs
    styles = [p.style.name for p in paragraphs]
    assert styles.count("Title") == 1
    text = "\n".join(p.text for p in paragraphs)
    for expected in (
        "Eksempel Kommune",
        "Beskæftigelsesudvalget",
        "3. kvt. 2026",
        "14-10-2026",
        "v0003",
    ):
        assert expected in text

    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Sagsfremstilling",
        "Økonomi",
        "Indstilling",
        "Nøgletal",
        "Borgere i forløb",
        "Økonomi",
        "Rehabiliteringsteamet",
        "Forløb og resultater",
        "Bilag: Definitioner",
        "Om tallene",
    ]
    assert [p.text for p in paragraphs if p.style.name == "Heading 2"] == ["Budgetopfølgning"]
    assert "En tom sektion" not in text

    captions = [p.text for p in paragraphs if p.style.name == "Caption"]
    figure_captions = [c for c in captions if c.startswith("Figur ")]
    assert figure_captions == [f"Figur {f.number}. {f.caption}" for f in briefing.figures]
    assert [c for c in captions if c.startswith("Tabel ")] == [
        f"Tabel {t.number}. {t.caption}" for t in briefing.tables
    ]

    pictures = document.inline_shapes
    assert len(pictures) == len(briefing.figures) >= 6
    widths = sorted(shape.width.cm for shape in pictures)
    assert widths[-1] == pytest.approx(16, abs=0.05)  # wide charts fill the text width
    assert all(w <= 16.01 for w in widths)
    for shape in pictures:
        assert shape.height.cm <= 12.01
        assert shape._inline.docPr.get("descr")


def test_docx_no_empty_sections(rendered: dict[str, Path]) -> None:
    """Every heading has a paragraph, picture or table before the next heading of its
    level or above."""
    document = docx.Document(str(rendered["docx"]))
    body = document.element.body
    pending: tuple[str, int] | None = None
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            style = (
                child.pPr.pStyle.val
                if child.pPr is not None and child.pPr.pStyle is not None
                else ""
            )
            level = {"Heading1": 1, "Heading2": 2}.get(style)
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if level is not None:
                if pending is not None and pending[1] >= level:
                    raise AssertionError(f"empty section: {pending[0]}")
                pending = (text, level)
            elif pending is not None and (
                text.strip() or child.find(".//" + qn("w:drawing")) is not None
            ):
                pending = None
        elif child.tag == qn("w:tbl") and pending is not None:
            pending = None
    assert pending is None


def test_docx_tables(briefing: Briefing, rendered: dict[str, Path]) -> None:
    document = docx.Document(str(rendered["docx"]))
    tables = document.tables
    assert len(tables) == 1 + len(briefing.tables)  # the key figures, then the model's
    years = [f"3. kvt. {y}" for y in range(2022, 2027)]
    assert [c.text for c in tables[0].rows[0].cells] == ["Nøgletal", *years, "Ændring"]
    assert tables[0].rows[2].cells[5].text == "1.234.567 kr."
    assert tables[0].rows[3].cells[2].text == ".."  # a hidden year keeps its mark
    for table, model in zip(tables[1:], briefing.tables, strict=True):
        assert table.style.name in ("Light Grid Accent 1", "Table Grid")
        assert [c.text for c in table.rows[0].cells] == list(model.headers)
        assert len(table.rows) == 1 + len(model.rows)
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
        for c, numeric in enumerate(model.numeric):
            alignment = table.rows[1].cells[c].paragraphs[0].alignment
            assert (alignment is not None and alignment.name == "RIGHT") == numeric


def test_key_figures_have_their_source_line(briefing: Briefing, rendered: dict[str, Path]) -> None:
    """«Nøgletal» says where its numbers come from, right under the table, like the others."""
    assert briefing.key_figures_source.startswith("Kilde: Tværblik")
    document = docx.Document(str(rendered["docx"]))
    after = document.tables[0]._tbl.getnext()  # the paragraph right after the table
    assert after is not None
    assert DocxParagraph(after, document._body).text == briefing.key_figures_source
    page = rendered["html"].read_text(encoding="utf-8")
    table_end = page.index("</table>")
    source = page.index(html_escape(briefing.key_figures_source))
    assert table_end < source < page.index("<h2", table_end)


def test_only_the_header_and_sums_are_bold(briefing: Briefing, rendered: dict[str, Path]) -> None:
    """The table style's first-column bold is off: an ordinary row's label is no heading;
    the header and the rows the model marks as sums are bold, in Word and in HTML."""
    document = docx.Document(str(rendered["docx"]))
    model = briefing.tables[0]
    assert model.emphasis == (3,)
    table = document.tables[1]
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    assert look is not None and look.get(qn("w:firstColumn")) == "0"
    for r, row in enumerate(table.rows):
        runs = [run for cell in row.cells for p in cell.paragraphs for run in p.runs]
        assert runs and all(run.font.bold is (r == 0 or r - 1 in model.emphasis) for run in runs)
    page = rendered["html"].read_text(encoding="utf-8")
    block = page[page.index("id='tabel-1'") :]
    block = block[: block.index("</table>")]
    assert block.count("<tr class='sum'>") == 1
    assert "<tr class='sum'><th scope='row'>Alle ordninger</th>" in block
    assert re.search(r"tr\.sum th, tbody tr\.sum td \{ font-weight: 700", page)


def test_an_introduction_stays_with_its_table_or_figure(
    briefing: Briefing, rendered: dict[str, Path]
) -> None:
    document = docx.Document(str(rendered["docx"]))
    texts = {
        b.text: isinstance(s.blocks[i + 1], Table | Figure) if i + 1 < len(s.blocks) else False
        for s in briefing.sections
        for i, b in enumerate(s.blocks)
        if isinstance(b, Paragraph)
    }
    assert True in texts.values() and False in texts.values()
    for paragraph in document.paragraphs:
        if paragraph.text in texts:
            assert bool(paragraph.paragraph_format.keep_with_next) is texts[paragraph.text]
    page = rendered["html"].read_text(encoding="utf-8")
    assert "p:has(+ .table-block), p:has(+ figure) { break-after: avoid;" in page


def test_docx_footer_has_page_fields(rendered: dict[str, Path]) -> None:
    footer = docx.Document(str(rendered["docx"])).sections[0].footer
    xml = footer._element.xml
    instructions = " ".join(re.findall(r"<w:instrText[^>]*>([^<]*)<", xml))
    assert "PAGE" in instructions.split() and "NUMPAGES" in instructions.split()
    assert footer.paragraphs[0].text.startswith("Side ")
    assert " af " in footer.paragraphs[0].text


def test_docx_captions_number_with_seq_fields(
    briefing: Briefing, rendered: dict[str, Path]
) -> None:
    document = docx.Document(str(rendered["docx"]))
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    figures = [p for p in captions if p.text.startswith("Figur ")]
    tables = [p for p in captions if p.text.startswith("Tabel ")]
    assert len(figures) == len(briefing.figures) and len(tables) == len(briefing.tables)
    for paragraphs, name in ((figures, "Figur"), (tables, "Tabel")):
        for p in paragraphs:
            instructions = re.findall(r"<w:instrText[^>]*>([^<]*)<", p._p.xml)
            assert [i.split()[:2] for i in instructions] == [["SEQ", name]]


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = "".join(
            archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")
        )
    return " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def test_no_cpr_shaped_text(rendered: dict[str, Path]) -> None:
    assert not CPR.search(docx_text(rendered["docx"]))
    html_text = re.sub(r"<[^>]+>", " ", rendered["html"].read_text(encoding="utf-8"))
    assert not CPR.search(html_text)


def test_visible_sections_keep_parents_of_subsections() -> None:
    parent = Section("Økonomi", ())
    child = Section("Budget", (Paragraph("x"),), level=2)
    empty = Section("Tom", ())
    assert visible_sections([parent, child, empty]) == [parent, child]
    assert visible_sections([parent, Section("Næste", (Paragraph("y"),))]) == [
        Section("Næste", (Paragraph("y"),))
    ]


# -- HTML ---------------------------------------------------------------------------------------


def test_html_is_self_contained_and_accessible(
    briefing: Briefing, rendered: dict[str, Path]
) -> None:
    page = rendered["html"].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<html lang='da'>" in page
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<(img|iframe|object|embed)\b", page, re.IGNORECASE)
    assert "@page" in page and "A4" in page
    assert page.count("<svg") == len(briefing.figures)
    assert page.count("<figure") == len(briefing.figures)
    assert page.count("<figcaption>") == len(briefing.figures)
    for figure in briefing.figures:
        assert f"Figur {figure.number}.</span> {figure.caption}" in page
        assert f"aria-label='{figure.alt_text}'" in page
    for table in briefing.tables:
        assert f"Tabel {table.number}.</span> {table.caption}" in page
    assert len(re.findall(r"<table\b", page)) == 1 + len(briefing.tables)
    for table in briefing.tables:  # the caption outside the scroll box names the table
        assert f"<table aria-labelledby='tabel-{table.number}-titel'>" in page
        assert f"<p class='table-caption' id='tabel-{table.number}-titel'>" in page
    assert "scope='col'" in page and "scope='row'" in page
    assert "class='num'" in page
    assert "1.234.567 kr." in page
    assert "Bilag: Definitioner" in page and "Om tallene" in page
    assert "En tom sektion" not in page


def test_html_escapes_text(briefing: Briefing) -> None:
    page = to_html(
        briefing, charts=dict.fromkeys((f.number for f in briefing.figures), "<svg></svg>")
    )
    assert "afdelingerne &amp; ordningerne &lt;i&gt;." in page
    assert "<i>" not in page
    assert "&lt;5" in page


def test_html_keeps_hostile_names_as_text(briefing: Briefing) -> None:
    """A committee, a department in a table, a caption or a chart's description that looks
    like markup is shown as the text it is, in element content and in attribute values."""
    script = "<script>alert(1)</script>"
    tag = '"><img src=x onerror=alert(1)>'
    quote = "' onmouseover='alert(1)"
    sections = (
        Section(
            f"Afdeling {script}",
            (
                Paragraph(tag),
                Figure(1, {}, f"Figur {script}", f"Kilde {tag}", alt_text=quote + tag),
                Table(
                    1, f"Tabel {tag}", ("Afdeling", "Beløb"), ((script, tag),), quote, (False, True)
                ),
            ),
        ),
    )
    page_one = replace(
        briefing.orientation,
        committee=quote + script,
        title=tag,
        bullets=(Bullet(script, "change"),),
        recommendation=tag,
    )
    hostile = replace(
        briefing, committee=quote + script, title=tag, sections=sections, orientation=page_one
    )
    page = to_html(hostile, charts={1: "<svg width='10'></svg>"})
    assert "<script" not in page and "<img" not in page and quote not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "aria-label='&#39; onmouseover=&#39;alert(1)&#34;&gt;&lt;img" in page
    assert "<svg role='img' aria-label=" in page and "width='10'>" in page


def test_html_chapters_break_pages(rendered: dict[str, Path]) -> None:
    page = rendered["html"].read_text(encoding="utf-8")
    assert "break-before: page" in page
    # chapters: Nøgletal, four sections (the subsection joins its chapter), two annexes
    assert page.count("<section class='chapter") == 7


# -- PDF ----------------------------------------------------------------------------------------


@pytest.mark.libreoffice
@pytest.mark.slow
def test_pdf_through_libreoffice(rendered: dict[str, Path], tmp_path: Path) -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice er ikke installeret")
    pdf, reason = render_pdf(rendered["docx"], tmp_path / "pdf")
    assert reason is None and pdf is not None
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.name == rendered["docx"].with_suffix(".pdf").name
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
            check=True,
            capture_output=True,
            timeout=60,
        )
        assert list(tmp_path.glob("p*.png"))
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60
        ).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        assert pages >= 2
        # Tagged (structure and reading order): an agenda attachment on the web must be.
        assert re.search(r"Tagged:\s+yes", info), info
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
        ).stdout
        assert "Nøgletal" in text
        assert "1.234.567" in text
        assert not CPR.search(text)


def test_pdf_without_libreoffice(
    rendered: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    pdf, reason = render_pdf(rendered["docx"], tmp_path)
    assert pdf is None
    assert reason is not None and "LibreOffice" in reason and "ikke er installeret" in reason


@pytest.mark.libreoffice
def test_pdf_failure_gives_a_danish_reason(tmp_path: Path) -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice er ikke installeret")
    pdf, reason = render_pdf(tmp_path / "findes-ikke.docx", tmp_path, timeout=60)
    assert pdf is None
    assert reason is not None and reason.startswith("PDF-filen blev ikke lavet")


def test_pdf_timeout_gives_a_danish_reason(
    rendered: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setattr(shutil, "which", lambda name: str(fake) if name == "soffice" else None)
    pdf, reason = render_pdf(rendered["docx"], tmp_path, timeout=0.5)
    assert pdf is None
    assert reason is not None and "sekunder" in reason


# -- end to end on the sample municipality ------------------------------------------------------


def test_write_briefing_on_the_sample(sample_dir: Path, tmp_path: Path) -> None:
    import toolkit
    from toolkit.briefing import write_briefing

    messages: list[str] = []
    files = write_briefing(
        toolkit.load(sample_dir),
        "Beskæftigelsesudvalget",
        "2026-Q2",
        tmp_path,
        formats=("docx", "html"),
        progress=messages.append,
        today=date(2026, 11, 15),
    )
    assert files.pdf is None and files.pdf_skipped is None
    assert files.docx.name.endswith("-2026-Q2.docx") and files.html.suffix == ".html"
    assert messages[0] == "Beregner tallene …" and messages[-1] == "Færdig."
    assert any(m.startswith("Tegner figurer") for m in messages)
    assert {"content", "charts", "docx", "html", "total"} <= set(files.timings)
    document = docx.Document(str(files.docx))
    page = files.html.read_text(encoding="utf-8")
    figures = page.count("<figure")
    assert figures >= 6
    assert len(document.inline_shapes) == figures == page.count("<svg")
    assert not EXTERNAL.search(page)
    assert not CPR.search(docx_text(files.docx))
    assert not CPR.search(re.sub(r"<[^>]+>", " ", page))


def test_write_briefing_leaves_nothing_half_written(
    sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import toolkit
    from toolkit.briefing import render_html as html_module
    from toolkit.briefing import write_briefing

    def broken(*_args: object, **_kwargs: object) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(html_module, "render_html", broken)
    out = tmp_path / "ud"
    with pytest.raises(OSError, match="disk full"):
        write_briefing(
            toolkit.load(sample_dir), "Beskæftigelsesudvalget", "2026-Q2", out,
            formats=("docx", "html"), today=date(2026, 11, 15),
        )  # fmt: skip
    assert list(out.iterdir()) == []  # the Word file made before the failure is not there
    assert [p.name for p in tmp_path.iterdir()] == ["ud"]  # and no staging folder is left


def test_the_scenario_section_reaches_word_and_html(sample_dir: Path, tmp_path: Path) -> None:
    import html

    import toolkit
    from toolkit.briefing import write_briefing
    from toolkit.scenarios import build_baseline, scenario_report, scenarios_from_tables

    dataset = toolkit.load(sample_dir)
    files = write_briefing(
        dataset, "Beskæftigelsesudvalget", "2026-Q2", tmp_path, formats=("docx", "html"),
        scenario_ids=("S1", "S3"), today=date(2026, 11, 15),
    )  # fmt: skip
    stored = {s.scenario_id: s for s in scenarios_from_tables(dataset.scenarios.tables())}
    baseline = build_baseline(dataset.register, dataset.economy, version=dataset.version)
    report = scenario_report(baseline, [stored["S1"], stored["S3"]])
    page = html.unescape(re.sub(r"<[^>]+>", " ", files.html.read_text(encoding="utf-8")))
    word = docx_text(files.docx)
    s1 = report.summary.set_index("scenario").loc["S1"]
    for text in (page, word):
        assert f"i mio. kr. i {report.price_label} (faste priser)" in text
        assert "Nedre grænse" in text and "Sandsynlighed for tilbagebetaling" in text
        assert "kan få den største nettogevinst" in text
        assert formats.millions(s1["net"]) in text  # in the section, in mio. kr.
        # and to the krone in the annex
        assert "Bilag: Scenarierne i kroner" in text
        assert formats.kroner(s1["net"]).replace("-", "−").removesuffix(" kr.") in text
        for row in report.summary.to_dict(orient="records"):
            if row["overlap"]:
                assert f"Bemærk om «{row['name']}»:" in text
    assert any(report.summary["overlap"] != "")
