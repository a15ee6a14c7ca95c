"""What a person sees of a widget tree, and what a chart in it holds: for in-process tests."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path
from typing import Any, TypeVar

import ipywidgets as widgets
import openpyxl

PAGE_TEMPLATE = (
    Path(__file__).resolve().parents[1] / "share/jupyter/voila/templates/tvaerblik/index.html.j2"
)
# Words that must never show on a page: English leftovers, code and Python values.
ENGLISH = re.compile(
    r"\b(None|nan|NaN|NaT|null|undefined|Traceback|Error|True|False|total|count|department"
    r"|scheme|value|indicator|period)\b"
)

PageT = TypeVar("PageT", bound=widgets.Widget)


def built_page(kind: type[PageT], built: widgets.Widget) -> PageT:
    """A page builder's result, which must be the page ``kind`` and not the message shown
    instead of a page (its text is the assertion's message)."""
    assert isinstance(built, kind), visible_text(built)
    return built


def html_values(widget: widgets.Widget) -> list[str]:
    found = []
    if isinstance(widget, widgets.HTML):
        found.append(widget.value)
    for child in getattr(widget, "children", ()):
        found.extend(html_values(child))
    return found


def visible_text(widget: widgets.Widget) -> str:
    """The text of every HTML widget, without tags and without data-URI links' payload."""
    text = " ".join(html_values(widget))
    text = re.sub(r"<a [^>]*href='data:[^']*'[^>]*>", " ", text)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def page_style(class_name: str) -> str:
    """The declarations of the Voilà page template's rule for ``.class_name`` ("" when it has
    none): the pages' HTML carries classes, the looks are there."""
    found = re.search(r"\." + re.escape(class_name) + r" \{([^}]*)\}", PAGE_TEMPLATE.read_text())
    return found.group(1) if found else ""


def datasets(card: Any) -> dict[str, Any]:
    """The data sets of a figure card's chart (toolkit.ui.frame.FigureCard)."""
    spec: dict[str, Any] = card.chart.chart.to_dict()
    return spec["datasets"]


def chart_rows(card: Any) -> list[dict[str, Any]]:
    """Every row of every data set of a figure card's chart."""
    return [row for data in datasets(card).values() for row in data]


def xlsx_from(card: Any) -> openpyxl.Workbook:
    """The workbook behind a figure card's «Hent som Excel» button, built as a click does."""
    assert card.download.button.description == "Hent som Excel"
    link = card.download.prepare()
    found = re.search(r"href='data:[^;]+;base64,([^']+)'", link)
    assert found, link
    return openpyxl.load_workbook(io.BytesIO(base64.b64decode(found.group(1))))
