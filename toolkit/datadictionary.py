"""The data dictionary: the input contract in schema.py as Danish text and Markdown.

``render_markdown()`` is the page ``docs/inputs.md``; regenerate it with
``python -m toolkit.datadictionary > docs/inputs.md``. The small sentence builders here
(required, bounds, codes, sheet rules) are shared with the Vejledning sheet of the Excel
templates, so the documentation and the workbooks say the same thing in the same words.
No Excel library is imported here: this is pure schema -> text.
"""

from __future__ import annotations

import sys

from toolkit import formats, schema
from toolkit.schema import Column, Kind, Sheet

REGENERATE_COMMAND = "python -m toolkit.datadictionary > docs/inputs.md"


danish_number = formats.plain  # kept as a name: the writer's Vejledning uses it too


def required_text(sheet: Sheet, column: Column) -> str:
    """'ja', 'nej' or 'betinget' (required only when another cell holds certain values)."""
    if column.required:
        return "ja"
    if any(rule.column == column.name for rule in sheet.required_when):
        return "betinget"
    return "nej"


def bounds_text(column: Column) -> str:
    """The allowed range in words, e.g. 'over 0 og højst 37', 'fra 1 til 10', or ''."""
    low, high = column.minimum, column.maximum
    if low is None and high is None:
        return ""
    if low is not None and high is not None and not column.exclusive_minimum:
        return f"fra {danish_number(low)} til {danish_number(high)}"
    parts = []
    if low is not None:
        word = "over" if column.exclusive_minimum else "mindst"
        parts.append(f"{word} {danish_number(low)}")
    if high is not None:
        parts.append(f"højst {danish_number(high)}")
    return " og ".join(parts)


def type_text(column: Column) -> str:
    """The kind in words plus its bounds: 'tal, over 0 og højst 37'."""
    label = (
        "navn fra listen"
        if column.codes and column.codes.by_label
        else schema.KIND_LABELS[column.kind]
    )
    bounds = bounds_text(column)
    return f"{label}, {bounds}" if bounds else label


def code_lines(column: Column) -> list[str]:
    """Allowed codes as 'kode – Dansk label' (ja/nej for yes/no columns)."""
    if column.kind is Kind.BOOL:
        return ["ja", "nej"]
    if column.codes is None:
        return []
    if column.codes.by_label:
        return list(column.codes.labels.values())
    return [f"{code} – {label}" for code, label in column.codes.labels.items()]


def _header_of(table: str, column: str) -> str:
    return schema.sheet(table).column(column).header


def column_rules(sheet: Sheet, column: Column) -> list[str]:
    """Rules on one column besides type and codes: unique, references, default."""
    rules = []
    if column.kind in schema.CODE_KINDS and column.references is None:
        rules.append(schema.CODE_RULE)  # where the codes are defined
    if column.unique:
        rules.append("Hver værdi må kun stå én gang.")
    if column.references is not None and schema.sheet(column.references[0]).name not in (
        column.description
    ):  # the description often says it already; don't say it twice
        table, ref_column = column.references
        target = schema.sheet(table)
        where = f"arket {target.name}"
        if target.workbook != sheet.workbook:
            where += f" i {schema.WORKBOOKS[target.workbook].file_name}"
        sentence = f"Skal findes i {where} (kolonnen {_header_of(table, ref_column)})"
        sentence += "; ellers gives en advarsel." if column.reference_is_warning else "."
        rules.append(sentence)
    if column.default is not None:
        default = column.default
        shown = danish_number(default) if isinstance(default, int | float) else str(default)
        rules.append(f"Tom celle betyder {shown}.")
    return rules


def sheet_rules(sheet: Sheet) -> list[str]:
    """Rules that tie several columns of a row or several rows together, in Danish."""
    rules = [rule.sentence for rule in sheet.required_when if rule.sentence]
    rules += [rule.sentence for rule in sheet.blank_unless if rule.sentence]
    for rule in sheet.not_before:
        rules.append(
            f"{sheet.column(rule.column).header} må ikke ligge før "
            f"{sheet.column(rule.other).header}."
        )
    if sheet.unique_together:
        headers = [sheet.column(name).header for name in sheet.unique_together]
        if sheet.additive:
            summed = [sheet.column(name).header for name in sheet.additive]
            rules.append(
                f"Rækker med samme {formats.listing(headers)} lægges sammen: "
                f"{formats.listing(summed)} summeres, og rapporten siger, hvor mange rækker der "
                "er lagt sammen."
            )
            rules += [
                f"{sheet.column(name).header} skal være udfyldt i alle eller ingen af de "
                "rækker, der lægges sammen."
                for name in sheet.additive
                if not sheet.column(name).required
            ]
        else:
            blank = "; en tom celle tæller som en værdi" if sheet.blank_is_key else ""
            rules.append(f"Kombinationen af {formats.listing(headers)} må kun stå én gang{blank}.")
    if sheet.single_row:
        rules.append("Arket har højst én række.")
    return rules


# --- Markdown -----------------------------------------------------------------------------


def _cell(text: str) -> str:
    """Text fit for one Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _rule_cell(sheet: Sheet, column: Column) -> str:
    parts = [column.description, *column_rules(sheet, column)]
    if column.codes is not None and column.codes.by_label:
        listed = (f"{label} (`{code}`)" for code, label in column.codes.labels.items())
        parts.append("Skriv navnet: " + "; ".join(listed) + ".")
    elif column.codes is not None:
        listed = (f"`{code}` ({label})" for code, label in column.codes.labels.items())
        parts.append("Koder: " + "; ".join(listed) + ".")
    return _cell(" ".join(parts))


def _sheet_markdown(sheet: Sheet, rules_heading: str = "Regler for arket:") -> list[str]:
    optional = " Valgfrit ark: det kan udelades." if sheet.optional else ""
    lines = [
        f"### {sheet.name}",
        "",
        f"Tabel `{sheet.table}`.{optional} {sheet.description}",
        "",
        "| Overskrift | Kolonne | Type | Obligatorisk | Regel og koder |",
        "|---|---|---|---|---|",
    ]
    for column in sheet.columns:
        cells = (
            _cell(column.header),
            f"`{column.name}`",
            _cell(type_text(column)),
            required_text(sheet, column),
            _rule_cell(sheet, column),
        )
        lines.append("| " + " | ".join(cells) + " |")
    if sheet.default_rows:
        lines += ["", "Skabelonen leveres med disse standardrækker:", ""]
        lines.append("| " + " | ".join(_cell(c.header) for c in sheet.columns) + " |")
        lines.append("|" + "---|" * len(sheet.columns))
        for row in sheet.default_rows:
            shown = ["" if v is None else _cell(str(v)) for v in row]
            lines.append("| " + " | ".join(shown) + " |")
    rules = sheet_rules(sheet)
    if rules:
        lines += ["", rules_heading, ""]
        lines += [f"- {_cell(rule)}" for rule in rules]
    lines.append("")
    return lines


def render_markdown() -> str:
    """docs/inputs.md: every workbook, sheet and column of the input contract, and the
    published national files with the tables they are read into."""
    lines = [
        "# Inddata: arbejdsbøgerne controllerne udfylder",
        "",
        f"Genereret fra `toolkit/schema.py` (skemaversion {schema.SCHEMA_VERSION}). Ret ikke "
        f"i denne fil; ret skemaet og kør `{REGENERATE_COMMAND}`.",
        "",
        "Overskrifterne er dem, controllerne ser i Excel; kolonnenavnet i koden står ved "
        "siden af. Store og små bogstaver og mellemrum omkring overskrifter og koder er "
        "ligegyldige. Datoer skrives dd-mm-åååå, beløb i kroner, ja/nej som ja eller nej. "
        "CPR-numre og medarbejderinitialer omdannes til pseudonymer ved indlæsningen og "
        "gemmes aldrig.",
        "",
    ]
    for workbook in schema.WORKBOOKS.values():
        lines += [f"## {workbook.file_name}: {workbook.title}", "", workbook.description, ""]
        for sheet in workbook.sheets:
            lines += _sheet_markdown(sheet)
    lines += national_markdown()
    return "\n".join(lines)


NATIONAL_TITLE = "## Nationale tal: filer fra Jobindsats og Statistikbanken"


def national_markdown() -> list[str]:
    """The published files Tværblik reads beside the workbooks, and the tables they become."""
    book = schema.NATIONAL
    tables = "; ".join(
        f"`{table_id}` ({schema.NATIONAL_SCHEME.labels[scheme]})"
        for table_id, scheme in schema.JOBINDSATS_TABLES.items()
    )
    jobindsats, benchmark, population = (
        [sheet.column(name).header.lower() for name in sheet.unique_together]
        for sheet in book.sheets
    )
    lines = [
        NATIONAL_TITLE,
        "",
        f"{book.description} Tallene skrives ikke i et regneark: filerne hentes hos udgiverne "
        "og indlæses, som de er, sammen med regnearkene eller alene (siden Data eller "
        "`tvaerblik import`). Tværblik læser:",
        "",
        "- Jobindsats' API, version 2 og 3: svaret gemt som en JSON-fil (`.json`).",
        "- Jobindsats' «Hent data» på jobindsats.dk: Excel (`.xlsx`) eller CSV (`.csv`, "
        "semikolonsepareret, UTF-8 eller Windows-1252).",
        f"- Beskæftigelsesministeriets benchmark: Jobindsats' tabel `{schema.BENCHMARK_TABLE}` "
        "i de samme formater.",
        "- Statistikbankens FOLK1A (befolkningen den 1. i kvartalet efter område og alder): "
        "API'ets CSV-svar eller en CSV-fil hentet på statistikbanken.dk, gerne med FOLK1A i "
        "navnet. Aldrene 16 til 66 år lægges sammen, med mindre båndet «16-66 år» er hentet.",
        "",
        "Giv filerne fra Jobindsats tabellens id i navnet, fx `y11a02.json` eller "
        "`Y11A02 ressourceforløb.xlsx`: API'ets svar siger ikke selv, hvilken tabel det er (en "
        "download fra jobindsats.dk nævner den i titellinjen). Tværblik bruger "
        f"{tables} og benchmarken `{schema.BENCHMARK_TABLE}`; andre tabeller afvises.",
        "",
        "Nye filer lægges til de gemte tal: en række med samme "
        f"{formats.listing(jobindsats)} (Jobindsats), {formats.listing(benchmark)} "
        f"(benchmark) eller {formats.listing(population)} (befolkning) som en gemt række "
        "erstatter den, og de andre gemte rækker beholdes. En ny download retter altså de "
        "måneder, den har med, og de ældre bliver; en anden tabel fjerner ikke de gemte. "
        "Rapporten siger, hvor mange rækker der er erstattet, og hvor mange der er nye. "
        "Udgiverens egne tegn i stedet for et tal (fx `..`) gemmes uændret og vises som dem.",
        "",
        "Tabellerne, filerne bliver til:",
        "",
    ]
    for sheet in book.sheets:
        lines += _sheet_markdown(sheet, "Regler for tabellen:")
    return lines


def main() -> None:
    # Bytes, not text: the page is UTF-8 whatever the terminal's locale says.
    sys.stdout.buffer.write(render_markdown().encode("utf-8"))


if __name__ == "__main__":
    main()
