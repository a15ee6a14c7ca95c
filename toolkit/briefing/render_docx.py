"""A briefing as a Word document (python-docx): A4, built-in styles only.

Only Word's built-in styles are used (Title, Heading 1/2, Normal, Caption, List Bullet and
one built-in table style), so a municipality can pour the document into its own template
(or restyle it) without touching a paragraph. Layout: a title page, «Sammenfatning» (the key
figures as a table and their sentences), the chapters with figures (PNG, 16 cm wide),
tables and their captions («Figur 1. …», «Tabel 1. …») and source lines, and an annex with
the definitions and the notes about the numbers. The footer says «Side X af Y».

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
from toolkit.briefing.model import Briefing, Figure, KeyFigure, Paragraph, Section, Table

__all__ = ["render_docx", "visible_sections"]

LANGUAGE = "da-DK"
AUTHOR = "Tværblik"
FIGURE_WIDTH = TEXT_WIDTH
FIGURE_MAX_HEIGHT = Cm(12)
CSS_PIXEL = 2.54 / 96  # cm
SOURCE_COLOUR = RGBColor(0x59, 0x59, 0x59)
SOURCE_SIZE = Pt(8.5)


def render_docx(
    briefing: Briefing, path: str | Path, *, charts: Mapping[int, bytes] | None = None
) -> Path:
    """Write ``briefing`` as a .docx at ``path`` and return the path.

    ``charts`` holds already drawn PNGs by figure number (``write_briefing`` draws each
    chart once for all formats); a figure missing there is drawn here.
    """
    path = Path(path)
    document = Document()
    _set_up(document, briefing)
    _title_page(document, briefing)
    _summary(document, briefing.key_figures)
    for section in visible_sections(briefing.sections):
        _section(document, section, charts or {})
    _annex(document, briefing)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


# -- the document as a whole -------------------------------------------------------------------


def _set_up(document: DocumentObject, briefing: Briefing) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)  # 160 mm for text: a 16 cm figure
    section.top_margin, section.bottom_margin = Mm(22), Mm(22)
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True  # no page number on the title page
    _page_footer(section.footer.paragraphs[0])

    properties = document.core_properties
    properties.title = briefing.title
    properties.author = briefing.municipality
    properties.last_modified_by = AUTHOR
    properties.language = LANGUAGE
    properties.subject = f"{briefing.committee}, {briefing.period_label}"
    properties.keywords = f"briefing; {briefing.period}"
    properties.comments = f"Dataversion {briefing.version or 'ukendt'}"
    # python-docx's blank template says «created 2013» and «Microsoft Macintosh Word».
    made = datetime.now(UTC).replace(microsecond=0)
    properties.created = properties.modified = made
    properties.revision = 1
    _application_properties(document, briefing.municipality)
    _default_language(document)

    caption = document.styles["Caption"]
    caption.font.italic = False
    caption.font.bold = True
    caption.font.size = Pt(9.5)


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


# -- title page and summary --------------------------------------------------------------------


def _title_page(document: DocumentObject, briefing: Briefing) -> None:
    municipality = document.add_paragraph(briefing.municipality)
    municipality.paragraph_format.space_before = Cm(5)
    municipality.runs[0].font.size = Pt(14)
    municipality.runs[0].font.bold = True
    document.add_paragraph(briefing.committee).runs[0].font.size = Pt(13)
    document.add_paragraph(briefing.title, style="Title")
    document.add_paragraph(briefing.period_label).runs[0].font.size = Pt(13)
    lines = [f"Udarbejdet {formats.day(briefing.created)}"]
    if briefing.data_as_of:
        lines.append(briefing.data_as_of)
    lines.append("Lavet med Tværblik")
    facts = document.add_paragraph()
    facts.paragraph_format.space_before = Cm(2)
    for i, line in enumerate(lines):
        run = facts.add_run(line)
        run.font.color.rgb = SOURCE_COLOUR
        if i < len(lines) - 1:
            run.add_break()
    facts.add_run().add_break(WD_BREAK.PAGE)


def _summary(document: DocumentObject, key_figures: Sequence[KeyFigure]) -> None:
    if not key_figures:
        return
    document.add_heading("Sammenfatning", level=1)
    rows = tuple((k.label, k.value, k.change) for k in key_figures)
    add_table(document, ("Nøgletal", "Værdi", "Ændring"), rows, (False, True, True))
    document.add_paragraph()
    for key in key_figures:
        if key.sentence:
            document.add_paragraph(key.sentence, style="List Bullet")


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


def _section(document: DocumentObject, section: Section, charts: Mapping[int, bytes]) -> None:
    document.add_heading(section.title, level=1 if section.level <= 1 else 2)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            if block.text:
                document.add_paragraph(block.text)
        elif isinstance(block, Figure):
            _figure(document, block, charts)
        elif isinstance(block, Table):
            _captioned_table(document, block)


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
    add_table(document, table.headers, table.rows, table.numeric, followed=bool(table.source))
    _source(document, table.source)


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
