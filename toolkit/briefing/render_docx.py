"""A briefing as a Word document (python-docx): A4, built-in styles only.

Only Word's built-in styles are used (Title, Heading 1/2, Normal, Caption, List Bullet and
one built-in table style), so the document takes a municipality's own Word template
(``template``: its styles, headers and footers; the page stays A4 with 16 cm of text, the
width the tables and figures are laid out for). Layout: page 1 is the orientation (header
block, «Sagsfremstilling», «Økonomi», «Indstilling»), then the key figures, the chapters
with figures (PNG, 16 cm wide), tables and their captions («Figur 1. …», «Tabel 1. …») and
source lines, and an annex with the definitions and the notes about the numbers. The footer
says «Side X af Y».

Every text comes formatted from the model; nothing here formats a number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.image import Image
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from toolkit import formats
from toolkit.briefing import static_charts
from toolkit.briefing.docx_tables import TEXT_WIDTH, add_table
from toolkit.briefing.docx_template import open_template
from toolkit.briefing.key_figure_trend import TABLE_HEADING, key_figure_table
from toolkit.briefing.model import (
    CASE_HEADING,
    ECONOMY_HEADING,
    RECOMMENDATION_HEADING,
    Briefing,
    Figure,
    MarksLegend,
    Orientation,
    Paragraph,
    Section,
    Table,
)

__all__ = ["render_docx", "visible_sections"]

LANGUAGE = "da-DK"
AUTHOR = "Tværblik"
FIGURE_WIDTH = TEXT_WIDTH
FIGURE_MAX_HEIGHT = Cm(12)
CSS_PIXEL = 2.54 / 96  # cm
SOURCE_COLOUR = RGBColor(0x59, 0x59, 0x59)
SOURCE_SIZE = Pt(8.5)


def render_docx(
    briefing: Briefing,
    path: str | Path,
    *,
    charts: Mapping[int, bytes] | None = None,
    template: Path | None = None,
) -> Path:
    """Write ``briefing`` as a .docx at ``path`` and return the path.

    ``charts`` holds already drawn PNGs by figure number (``write_briefing`` draws each
    chart once for all formats); a figure missing there is drawn here. ``template`` is a
    municipality's Word file whose styles are used (``docx_template.open_template``: its
    body is dropped; a BriefingError in Danish when it is not a .docx or lacks a style).
    """
    path = Path(path)
    document = open_template(template) if template is not None else Document()
    _set_up(document, briefing, own_styles=template is None)
    _orientation(document, briefing)
    _summary(document, briefing)
    legend = briefing.marks_legend
    if legend is not None and legend.after == "key_figures" and briefing.key_figures:
        _legend(document, legend.text)
    legend_table = legend.number if legend is not None and legend.after == "table" else None
    for section in visible_sections(briefing.sections):
        _section(document, section, charts or {}, legend, legend_table)
    _annex(document, briefing)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


# -- the document as a whole -------------------------------------------------------------------


def _set_up(document: DocumentObject, briefing: Briefing, *, own_styles: bool) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)  # 160 mm for text: a 16 cm figure
    section.top_margin, section.bottom_margin = Mm(22), Mm(22)
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = False  # page 1 is content: numbered too
    footer = section.footer
    if not any(p.text.strip() for p in footer.paragraphs):  # a template's own footer stays
        _page_footer(footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph())

    properties = document.core_properties
    properties.title = briefing.title
    properties.author = briefing.municipality
    properties.last_modified_by = AUTHOR
    properties.language = LANGUAGE
    properties.subject = f"{briefing.committee}, {briefing.period_label}"
    properties.keywords = f"orientering; {briefing.period}"
    properties.comments = f"Dataversion {briefing.version or 'ukendt'}"
    # python-docx's blank template says «created 2013» and «Microsoft Macintosh Word».
    made = datetime.now(UTC).replace(microsecond=0)
    properties.created = properties.modified = made
    properties.revision = 1
    _application_properties(document, briefing.municipality)
    _default_language(document)

    if not own_styles:  # a template's styles are the municipality's: used as they are
        return
    caption = document.styles["Caption"]
    caption.font.italic = False
    caption.font.bold = True
    caption.font.size = Pt(9.5)
    document.styles["Title"].font.size = Pt(20)  # the orientation's title in two lines


APP_PROPERTIES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>Tværblik</Application>'
    "<Company>{company}</Company><DocSecurity>0</DocSecurity></Properties>"
)


def _application_properties(document: DocumentObject, municipality: str) -> None:
    """docProps/app.xml names Tværblik as the program and the municipality as the
    organisation, not the blank template's «Microsoft Macintosh Word»."""
    xml = APP_PROPERTIES.format(company=escape(municipality))
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = xml.encode("utf-8")  # a plain Part: its bytes are saved as they are


def _default_language(document: DocumentObject) -> None:
    """Danish as the language of every run (spelling and hyphenation in Word)."""
    r_pr = document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault"))
    if r_pr is None:
        return
    props = r_pr.find(qn("w:rPr"))
    if props is None:
        props = OxmlElement("w:rPr")
        r_pr.append(props)
    lang = props.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        props.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES, SEQ) with ``shown`` as its value until Word updates it."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(shown)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _page_footer(paragraph: DocxParagraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Side ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" af ")
    _field(paragraph, "NUMPAGES", "1")
    for run in paragraph.runs:
        run.font.size = Pt(9)


# -- page 1: the orientation -------------------------------------------------------------------


def _orientation(document: DocumentObject, briefing: Briefing) -> None:
    """Header block, «Sagsfremstilling», «Økonomi» and «Indstilling», then a page break."""
    page: Orientation = briefing.orientation
    if page.municipality:
        municipality = document.add_paragraph(page.municipality)
        municipality.runs[0].font.bold = True
        municipality.paragraph_format.space_after = Pt(0)
    document.add_paragraph(page.committee).paragraph_format.space_after = Pt(6)
    document.add_paragraph(page.title, style="Title")
    facts = document.add_paragraph()
    lines = [page.period, page.data_as_of, f"Udarbejdet {formats.day(briefing.created)}"]
    for i, line in enumerate(line for line in lines if line):
        run = facts.add_run(line if i == 0 else f" · {line}")
        run.font.color.rgb = SOURCE_COLOUR
    document.add_heading(CASE_HEADING, level=1)
    for bullet in page.bullets:
        document.add_paragraph(bullet.text, style="List Bullet")
    document.add_heading(ECONOMY_HEADING, level=1)
    for line in page.economy:
        document.add_paragraph(line)
    document.add_heading(RECOMMENDATION_HEADING, level=1)
    closing = document.add_paragraph(page.recommendation)
    closing.add_run().add_break(WD_BREAK.PAGE)


def _summary(document: DocumentObject, briefing: Briefing) -> None:
    if not briefing.key_figures:
        return
    document.add_heading(TABLE_HEADING, level=1)
    table = key_figure_table(
        briefing.key_figures, briefing.period_label, briefing.key_figures_source
    )
    add_table(document, table.headers, table.rows, table.numeric, followed=bool(table.source))
    _source(document, table.source)


# -- chapters ----------------------------------------------------------------------------------


def visible_sections(sections: Sequence[Section]) -> list[Section]:
    """The sections that have something to show: a section without blocks stays only as
    the heading of the subsections with blocks that follow it."""
    shown: list[Section] = []
    for i, section in enumerate(sections):
        if section.blocks:
            shown.append(section)
            continue
        for later in sections[i + 1 :]:
            if later.level <= section.level:
                break
            if later.blocks:
                shown.append(section)
                break
    return shown


def _section(
    document: DocumentObject,
    section: Section,
    charts: Mapping[int, bytes],
    legend: MarksLegend | None = None,
    legend_table: int | None = None,
) -> None:
    document.add_heading(section.title, level=1 if section.level <= 1 else 2)
    for i, block in enumerate(section.blocks):
        if isinstance(block, Paragraph):
            if block.text:
                paragraph = document.add_paragraph(block.text)
                # The paragraph that introduces a table or a figure never ends a page alone.
                following = section.blocks[i + 1] if i + 1 < len(section.blocks) else None
                paragraph.paragraph_format.keep_with_next = isinstance(following, Table | Figure)
        elif isinstance(block, Figure):
            _figure(document, block, charts)
        elif isinstance(block, Table):
            _captioned_table(document, block)
            if legend is not None and block.number == legend_table:
                _legend(document, legend.text)


def _figure(document: DocumentObject, figure: Figure, charts: Mapping[int, bytes]) -> None:
    png = charts.get(figure.number)
    if png is None:
        png = static_charts.to_png(figure.spec)
    holder = document.add_paragraph()
    holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
    holder.paragraph_format.keep_with_next = True
    run = holder.add_run()
    width, height = _picture_size(png)
    shape = run.add_picture(BytesIO(png), width=width, height=height)
    alt = figure.alt_text or figure.caption
    shape._inline.docPr.set("descr", alt)
    shape._inline.docPr.set("title", f"Figur {figure.number}")
    caption = _caption(document, "Figur", figure.number, figure.caption)
    caption.paragraph_format.keep_with_next = bool(figure.source)
    _source(document, figure.source)


def _picture_size(png: bytes) -> tuple[Length, Length]:
    """The chart's own size (drawn at ``PNG_SCALE``), shrunk to the text width (16 cm) and at
    most 12 cm high; a narrow chart is not blown up."""
    image = Image.from_blob(png)
    width = Cm(image.px_width / static_charts.PNG_SCALE * CSS_PIXEL)
    height = Cm(image.px_height / static_charts.PNG_SCALE * CSS_PIXEL)
    factor = min(1.0, FIGURE_WIDTH / width, FIGURE_MAX_HEIGHT / height)
    return Emu(round(width * factor)), Emu(round(height * factor))


def _caption(document: DocumentObject, label: str, number: int, text: str) -> DocxParagraph:
    """«Figur 1. …» with the number as a SEQ field: Word's list of figures finds it."""
    caption = document.add_paragraph(f"{label} ", style="Caption")
    _field(caption, f"SEQ {label} \\* ARABIC", str(number))
    caption.add_run(f". {text}")
    return caption


def _captioned_table(document: DocumentObject, table: Table) -> None:
    caption = _caption(document, "Tabel", table.number, table.caption)
    caption.paragraph_format.keep_with_next = True
    add_table(
        document,
        table.headers,
        table.rows,
        table.numeric,
        followed=bool(table.source),
        emphasis=table.emphasis,
    )
    _source(document, table.source)


def _legend(document: DocumentObject, text: str) -> None:
    """The marks explained right under the first table that uses one (first use)."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(10)
    run = paragraph.add_run(text)
    run.font.size = SOURCE_SIZE
    run.font.color.rgb = SOURCE_COLOUR


def _source(document: DocumentObject, source: str) -> None:
    if not source:
        return
    text = source if source.lower().startswith("kilde") else f"Kilde: {source}"
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(10)
    run = paragraph.add_run(text)
    run.font.size = SOURCE_SIZE
    run.font.color.rgb = SOURCE_COLOUR


# -- annex -------------------------------------------------------------------------------------


def _annex(document: DocumentObject, briefing: Briefing) -> None:
    if briefing.definitions:
        heading = document.add_heading("Bilag: Definitioner", level=1)
        heading.paragraph_format.page_break_before = True
        for definition in briefing.definitions:
            paragraph = document.add_paragraph()
            paragraph.add_run(definition.label).bold = True
            if definition.unit:
                paragraph.add_run(f" ({definition.unit})")
            paragraph.add_run(f": {definition.definition}")
    if briefing.notes:
        heading = document.add_heading("Om tallene", level=1)
        heading.paragraph_format.page_break_before = not briefing.definitions
        for note in briefing.notes:
            document.add_paragraph(note, style="List Bullet")
