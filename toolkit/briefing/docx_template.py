"""A municipality's Word template for the briefing (``--template FIL.docx``): its styles,
headers and footers are used, its own text is not.

The briefing is written in Word's built-in styles (``REQUIRED_STYLES`` and the table style of
``docx_tables``), so a template that defines them gives the document the municipality's
look. A template that is not a .docx, or lacks one of those styles, is refused with a Danish
sentence saying what to do; the table style alone is copied in from python-docx's own
template when missing (it is Tværblik's table look, not one a municipality must have).
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn

from toolkit import formats
from toolkit.briefing.docx_tables import TABLE_STYLE
from toolkit.briefing.model import BriefingError

__all__ = ["REQUIRED_STYLES", "open_template"]

# The styles the document is written in: a template must have them.
REQUIRED_STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Caption", "List Bullet")


def open_template(path: Path) -> DocumentObject:
    """A municipality's Word template with its body emptied (its styles, section headers and
    footers kept); a BriefingError saying what is wrong when it cannot be used."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        hint = " Gem skabelonen som Word-dokument (.docx)." if path.suffix.lower() in (
            ".dotx", ".dot", ".doc", ".docm", ".dotm") else ""  # fmt: skip
        raise BriefingError(f"Skabelonen «{path.name}» er ikke en Word-fil (.docx).{hint}")
    if not path.is_file():
        raise BriefingError(f"Skabelonen «{path}» findes ikke.")
    try:
        document = Document(str(path))
    except Exception:  # python-docx raises many kinds for a file that is not a .docx inside
        raise BriefingError(
            f"Skabelonen «{path.name}» kan ikke åbnes som Word-dokument (.docx)."
        ) from None
    names = {style.name for style in document.styles}
    missing = [name for name in REQUIRED_STYLES if name not in names]
    if missing:
        listed = formats.listing([f"«{name}»" for name in missing])
        noun = "typografien" if len(missing) == 1 else "typografierne"
        raise BriefingError(
            f"Skabelonen «{path.name}» mangler {noun} {listed}. Tilføj {noun} i Word "
            "(eller brug dem én gang i skabelonen) og prøv igen."
        )
    if TABLE_STYLE not in names:
        _copy_style(document, TABLE_STYLE)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _copy_style(document: DocumentObject, name: str) -> None:
    """``name`` from python-docx's own template into ``document``'s styles."""
    style = Document().styles[name].element
    document.styles.element.append(deepcopy(style))
