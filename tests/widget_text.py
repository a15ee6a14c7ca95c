"""What a person sees of a widget tree, and what a chart in it holds: for in-process tests."""

from __future__ import annotations

import base64
import io
import re
from typing import Any

import ipywidgets as widgets
import openpyxl

# Words that must never show on a page: English leftovers, code and Python values.
ENGLISH = re.compile(
    r"\b(None|nan|NaN|NaT|null|undefined|Traceback|Error|True|False|total|count|department"
    r"|scheme|value|indicator|period)\b"
)


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


def datasets(card: Any) -> dict[str, Any]:
    """The data sets of a figure card's chart (toolkit.ui.frame.FigureCard)."""
    spec: dict[str, Any] = card.chart.chart.to_dict()
    return spec["datasets"]


def xlsx_from(card: Any) -> openpyxl.Workbook:
    """The workbook behind a figure card's «Hent som Excel» button, built as a click does."""
    assert card.download.button.description == "Hent som Excel"
    link = card.download.prepare()
    found = re.search(r"href='data:[^;]+;base64,([^']+)'", link)
    assert found, link
    return openpyxl.load_workbook(io.BytesIO(base64.b64decode(found.group(1))))
