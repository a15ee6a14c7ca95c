"""Guards for untrusted workbook files, applied before any parser sees the content.

An .xlsx file is a zip of XML parts. We refuse: files over the size limit, anything that is
not a zip (old .xls, csv, encrypted or corrupt files), zip members that expand suspiciously
(zip bombs), XML with a DTD or entity declarations (billion-laughs and external-entity
attacks), and sheets whose cells reach beyond the row, column or cell limits. The reader
allocates the rectangle from A1 to the farthest cell that holds a value, whatever the sheet
declares, so one value in XFD1048576 would cost it 550 GB: the extent is measured from the
cells actually present (``extent.py``), streamed, before any parser sees the sheet.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET

from toolkit.config import Limits
from toolkit.workbook.extent import Extent, column_letter, sheet_extent
from toolkit.workbook.report import danish_int

ACCEPTED_SUFFIXES = (".xlsx", ".xlsm")
MAX_COLUMNS = 256  # our widest sheet has 13 columns; extracts bring some more
MAX_CELLS = 30_000_000  # rows x columns of a wide sheet; a narrow one is bound by its rows
_MAX_EXPANSION_RATIO = 1000  # real sheets compress 5-100x; bombs compress far more
_MAX_TOTAL_UNCOMPRESSED = 3 * 1024**3
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z]")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
# Where the reader may find a sheet: it resolves the workbook's relations to a path under one
# of these folders and looks the path up in the zip ignoring case and reading "\\" as "/".
_SHEET_FOLDERS = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/")
_CHUNK = 64 * 1024
_MEASURE_THREADS = 2


class UnsafeFile(Exception):
    """The file is refused; ``args[0]`` is one Danish sentence for the controller."""


@dataclass(frozen=True)
class FileFacts:
    size: int
    sheet_rows: dict[str, int]  # zip part name -> last row declared in <dimension>
    sheet_bytes: dict[str, int]  # sheet title -> uncompressed size of its XML part


def inspect_file(path: Path, limits: Limits) -> FileFacts:
    """Check ``path`` is an Excel workbook within limits; raise UnsafeFile otherwise."""
    if not path.exists():
        raise UnsafeFile("Filen findes ikke.")
    if path.is_dir():
        raise UnsafeFile("Stien er en mappe, ikke en fil.")
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise UnsafeFile(
            f"Filen fylder {_mb(size)} MB; grænsen er {_mb(limits.max_file_bytes)} MB. "
            "Del den op, eller hæv grænsen med TVAERBLIK_MAX_FILE_MB."
        )
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise UnsafeFile("Filen er i det gamle Excel-format (.xls). Gem den som .xlsx i Excel.")
    if suffix not in ACCEPTED_SUFFIXES:
        raise UnsafeFile("Tværblik læser kun Excel-projektmapper (.xlsx eller .xlsm).")
    if not zipfile.is_zipfile(path):
        raise UnsafeFile(
            "Filen kan ikke åbnes som Excel-projektmappe: den er beskadiget, krypteret med "
            "adgangskode eller ikke en Excel-fil."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            rows = _inspect_members(archive, limits)
            titles = _sheet_titles(archive)
            # A sheet may live anywhere the workbook's relations point, under a name in any
            # case: every part that may be a sheet, by name or by relation, is measured before
            # a reader parses it.
            members = archive.infolist()
            sheets = [
                index for index, info in enumerate(members) if _may_be_sheet(info.filename, titles)
            ]
            _check_extents(path, members, sheets, titles, limits)
            sizes = {_zip_key(info.filename): info.file_size for info in members}
            sheet_bytes: dict[str, int] = {}
            for part, title in titles.items():
                sheet_bytes[title] = max(sheet_bytes.get(title, 0), sizes.get(part, 0))
            return FileFacts(size, rows, sheet_bytes)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, DefusedXmlException) as exc:
        raise UnsafeFile("Filen er beskadiget og kan ikke læses.") from exc
    except (DefusedET.ParseError, ExpatError) as exc:
        raise UnsafeFile("Filen har en ugyldig XML-opbygning og afvises.") from exc


def _zip_key(name: str) -> str:
    """A part name as the reader matches it: "\\" read as "/", case ignored."""
    return name.replace("\\", "/").lower()


def _may_be_sheet(name: str, titles: dict[str, str]) -> bool:
    key = _zip_key(name)
    return key.startswith(_SHEET_FOLDERS) or key in titles


def _check_extents(
    path: Path,
    members: list[zipfile.ZipInfo],
    sheets: list[int],
    titles: dict[str, str],
    limits: Limits,
) -> None:
    """Measure the sheet parts (positions in ``members``), two at a time, biggest first:
    unzipping runs without the GIL, so one sheet is unzipped while the other is searched.
    The first refusal in the file's own order is raised, whatever finished first, so the
    message never varies."""

    def measure(index: int) -> None:
        with zipfile.ZipFile(path) as archive:
            info = archive.infolist()[index]
            _check_extent(archive, info, titles.get(_zip_key(info.filename), "?"), limits)

    biggest_first = sorted(sheets, key=lambda index: -members[index].file_size)
    with ThreadPoolExecutor(max_workers=_MEASURE_THREADS) as pool:
        futures = {index: pool.submit(measure, index) for index in biggest_first}
        try:
            for index in sheets:
                futures[index].result()
        finally:
            for future in futures.values():
                future.cancel()


def _check_extent(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, title: str, limits: Limits
) -> None:
    last_allowed_row = limits.max_rows_per_sheet + 1  # the header row comes on top
    extent = sheet_extent(archive, info, len(str(last_allowed_row + 1)))
    if extent.rows > last_allowed_row:
        raise UnsafeFile(
            f"Arket «{title}» har indhold i række {danish_int(extent.rows)}; grænsen er "
            f"{danish_int(limits.max_rows_per_sheet)} rækker pr. ark. Hæv grænsen med "
            "TVAERBLIK_MAX_ROWS, hvis filen er i orden."
        )
    if extent.columns > MAX_COLUMNS:
        raise UnsafeFile(
            f"Arket «{title}» har indhold i {danish_int(extent.columns)} kolonner (til og med "
            f"kolonne {column_letter(extent.columns)}); Tværblik læser højst {MAX_COLUMNS}. "
            "Slet de overflødige kolonner til højre, og prøv igen."
        )
    if extent.wide and extent.cells > MAX_CELLS:
        raise UnsafeFile(_too_many_cells(title, extent))


def _too_many_cells(title: str, extent: Extent) -> str:
    return (
        f"Arket «{title}» spænder over {danish_int(extent.rows)} rækker og "
        f"{danish_int(extent.columns)} kolonner; det er flere celler, end Tværblik kan "
        f"læse ({danish_int(MAX_CELLS)}). Slet de overflødige kolonner til højre."
    )


def _inspect_members(archive: zipfile.ZipFile, limits: Limits) -> dict[str, int]:
    total = 0
    sheet_rows: dict[str, int] = {}
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > _MAX_TOTAL_UNCOMPRESSED or (
            info.file_size > 10 * 1024**2 and ratio > _MAX_EXPANSION_RATIO
        ):
            raise UnsafeFile(
                "Filen pakker sig ud til en mistænkelig stor mængde data og afvises af "
                "sikkerhedshensyn."
            )
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        prolog = _prolog(archive, info)
        if _DTD.search(prolog):
            raise UnsafeFile(
                "Filen indeholder XML-erklæringer (DTD/entiteter), som ikke hører hjemme i en "
                "Excel-fil; den afvises af sikkerhedshensyn."
            )
        if _SHEET_PART.match(info.filename):
            rows = _declared_rows(archive, info)
            if rows is not None:
                sheet_rows[info.filename] = rows
                if rows > limits.max_rows_per_sheet + 1:
                    raise UnsafeFile(
                        f"Et ark har {danish_int(rows - 1)} rækker; grænsen er "
                        f"{danish_int(limits.max_rows_per_sheet)} pr. ark. Hæv grænsen med "
                        "TVAERBLIK_MAX_ROWS, hvis filen er i orden."
                    )
    return sheet_rows


_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Zip part name of each sheet (as ``_zip_key`` writes it; both the resolved path and the
    path the reader looks up) -> the sheet's title (parsed with defusedxml; the DTD check has
    already run). A workbook without the usual parts gives {}: the reader then calls it
    damaged."""
    try:
        book = DefusedET.fromstring(archive.read("xl/workbook.xml"))
        rels = DefusedET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    out: dict[str, str] = {}
    for sheet in book.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        out[_zip_key(posixpath.normpath(part))] = sheet.get("name", "")
        # The reader does not resolve the path, and keeps a target that starts with "xl/".
        reader_part = target[1:] if target.startswith("/xl/") else target
        if not reader_part.startswith("xl/"):
            reader_part = f"xl/{reader_part}"
        out[_zip_key(reader_part)] = sheet.get("name", "")
    return out


def _prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The bytes of an XML part up to its first element: where a DTD would have to be."""
    seen = b""
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                return seen
            seen += chunk
            match = _FIRST_ELEMENT.search(seen)
            if match:
                return seen[: match.start() + 2]
            if len(seen) > 16 * _CHUNK:  # a prolog this long is itself a sign of abuse
                raise UnsafeFile("Filen har en ugyldig XML-opbygning og afvises.")


def _declared_rows(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int | None:
    with archive.open(info) as stream:
        head = stream.read(_CHUNK)
    match = _DIMENSION.search(head)
    if not match:
        return None
    return int(match.group(1)) if match.group(1) else 1


def _mb(size: int) -> str:
    return f"{size / 1024**2:.1f}".replace(".", ",").removesuffix(",0")
