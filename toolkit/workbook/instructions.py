"""The Vejledning sheet of the schema workbooks: how to fill them in, what Tværblik does with
them, and every sheet's columns with type, rules and codes, in Danish for the controllers."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from toolkit import datadictionary as words
from toolkit import schema
from toolkit.schema import Column, Kind, Sheet, Workbook
from toolkit.workbook.xlsx import HEADER_FILL, HEADER_FONT, set_text

INSTRUCTIONS_SHEET, CODES_SHEET = schema.INSTRUCTION_SHEETS
TITLE_FONT = Font(bold=True, size=16)
HEADING_FONT = Font(bold=True, size=12)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")

_GUIDE_COLUMNS = (
    ("Overskrift", 28),
    ("Type", 34),
    ("Obligatorisk", 13),
    ("Beskrivelse", 60),
    ("Tilladte koder", 48),
)


def _how_to_fill(book: Workbook) -> list[str]:
    lines = [
        "Hvert ark er en tabel: første række er overskrifterne, og hver række derunder er én "
        "post. Ret ikke overskrifterne og slet ikke kolonner; rækkefølgen er ligegyldig.",
        "Skriv datoer som dd-mm-åååå (fx 23-11-2026), beløb i kroner som tal (fx 1.234,50) "
        "og ja/nej-felter som ja eller nej.",
        "Koder vælges fra rullelisten i cellen. De tilladte koder og deres betydning står "
        "nedenfor.",
        "Sæt data ind fra andre systemer med Indsæt speciel > Værdier, så formater og "
        "rullelister bevares.",
    ]
    optional = [sheet.name for sheet in book.sheets if sheet.optional]
    if optional:
        lines.append(f"Valgfrie ark ({', '.join(optional)}) må stå tomme.")
    department_book = schema.WORKBOOKS[schema.sheet("departments").workbook]
    if book.kind != department_book.kind:
        lines.append(
            f"Afdelingskoder og indsatstyper defineres i {department_book.file_name} (arkene "
            f"{schema.sheet('departments').name} og {schema.sheet('prices').name}). Derfor har "
            "de kolonner ingen rulleliste her: skriv koden præcis som dér."
        )
    else:
        lines.append(
            f"Udfyld {schema.sheet('departments').name} først: afdelingskoderne dér "
            "er rullelisten i de andre ark."
        )
    for sheet in book.sheets:
        if sheet.default_rows:
            lines.append(
                f"Arket {sheet.name} leveres udfyldt med standardværdier; ret dem kun, "
                "hvis reglerne ændres."
            )
    lines.append(
        f"Arkene {INSTRUCTIONS_SHEET} og {CODES_SHEET} læses ikke af Tværblik; "
        f"{CODES_SHEET} er skjult og rummer rullelisterne."
    )
    return lines


def _what_happens(book: Workbook) -> list[str]:
    has_cpr = any(col.kind is Kind.CPR for sheet in book.sheets for col in sheet.columns)
    privacy = (
        "CPR-numre og medarbejderinitialer omdannes til pseudonymer ved indlæsningen; selve "
        "CPR-numrene gemmes aldrig og vises ingen steder."
        if has_cpr
        else "Arbejdsbogen skal ikke indeholde personoplysninger."
    )
    return [
        "Tværblik kontrollerer hele arbejdsbogen og melder alle fejl og advarsler på én gang "
        "med ark, række og kolonne. Du får en kopi af arbejdsbogen, hvor fejl er farvet røde og "
        "advarsler gule, med en forklaring i cellens kommentar.",
        "Er der fejl, indlæses intet. Ellers gemmes indholdet som en ny version; tidligere "
        "versioner bevares og kan hentes frem igen.",
        privacy,
        "Tal, der bygger på færre end 5 personer, vises ikke i dashboards og notater.",
    ]


def _codes_cell(book: Workbook, sheet: Sheet, column: Column) -> str:
    if column.kind in (Kind.DEPARTMENT, Kind.INTERVENTION_TYPE) and not column.codes:
        defining = schema.sheet("departments" if column.kind is Kind.DEPARTMENT else "prices")
        if sheet.table == defining.table:
            return "Koderne defineres her."
        if has_department_list(sheet, column):
            return f"Rulleliste med koderne fra arket {defining.name}."
        file_name = schema.WORKBOOKS[defining.workbook].file_name
        return f"Koderne fra arket {defining.name} i {file_name} (ingen rulleliste her)."
    return "\n".join(words.code_lines(column))


def add_instructions(ws: Worksheet, book: Workbook) -> None:
    for index, (_, width) in enumerate(_GUIDE_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    row = 1

    def line(text: str, font: Font | None = None) -> None:
        nonlocal row
        set_text(ws.cell(row, 1), text)
        if font is not None:
            ws.cell(row, 1).font = font
        row += 1

    line(f"Tværblik: {book.title} ({book.file_name})", TITLE_FONT)
    line(book.description)
    row += 1
    line("Sådan udfylder du arbejdsbogen", HEADING_FONT)
    for text in _how_to_fill(book):
        line(f"• {text}")
    row += 1
    line("Hvad Tværblik gør med arbejdsbogen", HEADING_FONT)
    for text in _what_happens(book):
        line(f"• {text}")
    for sheet in book.sheets:
        row += 1
        line(f"Ark: {sheet.name}" + (" (valgfrit)" if sheet.optional else ""), HEADING_FONT)
        line(sheet.description)
        for index, (title, _) in enumerate(_GUIDE_COLUMNS, 1):
            set_text(ws.cell(row, index), title)
            ws.cell(row, index).font, ws.cell(row, index).fill = HEADER_FONT, HEADER_FILL
        row += 1
        for column in sheet.columns:
            description = " ".join([column.description, *words.column_rules(sheet, column)])
            cells = (
                column.header,
                words.type_text(column),
                words.required_text(sheet, column),
                description,
                _codes_cell(book, sheet, column),
            )
            for index, text in enumerate(cells, 1):
                set_text(ws.cell(row, index), text)
                ws.cell(row, index).alignment = WRAP_TOP
            row += 1
        for rule in words.sheet_rules(sheet):
            line(f"Regel: {rule}")
    ws.sheet_view.showGridLines = False


def has_department_list(sheet: Sheet, column: Column) -> bool:
    """Department codes get a drop-down only where Afdelinger is in the same workbook."""
    same_book = sheet.workbook == schema.sheet("departments").workbook
    is_department = column.kind is Kind.DEPARTMENT
    return is_department and same_book and column.references == ("departments", "department")
