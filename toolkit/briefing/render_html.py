"""A briefing as one self-contained HTML file: inline CSS, charts as inline SVG.

The file references nothing outside itself (no ``<link>``, no scripts, no URLs in ``src`` or
``href``), so it can be mailed, opened offline and archived. It prints on A4 with every
chapter on a new page; figures are ``<figure>``/``<figcaption>`` with the chart's description
as ``aria-label`` and ``<title>``, tables have ``<caption>`` and ``<th scope>``. Every text
from the model is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from toolkit import formats
from toolkit.briefing import static_charts
from toolkit.briefing.key_figure_trend import KeyFigureTable, key_figure_table
from toolkit.briefing.model import (
    CASE_HEADING,
    ECONOMY_HEADING,
    RECOMMENDATION_HEADING,
    Briefing,
    Figure,
    Paragraph,
    Table,
)
from toolkit.briefing.render_docx import visible_sections
from toolkit.templating import html_environment

__all__ = ["render_html"]

# The document with its stylesheet; the environment escapes every value it is given.
TEMPLATE = "briefing.html.j2"
_ENVIRONMENT = html_environment("toolkit.briefing", keep_trailing_newline=True)
_ENVIRONMENT.tests.update(
    paragraph=lambda block: isinstance(block, Paragraph),
    figure=lambda block: isinstance(block, Figure),
    table=lambda block: isinstance(block, Table),
)
_SVG_OPEN = re.compile(r"<svg\b", re.IGNORECASE)
HEADINGS = {
    "case": CASE_HEADING,
    "economy": ECONOMY_HEADING,
    "recommendation": RECOMMENDATION_HEADING,
}

# A chapter is a list of (kind, content): the summary, a section, the definitions, the notes.
Chapter = list[tuple[str, Any]]


@dataclass(frozen=True)
class Summary:
    """The key figures as their table (see ``key_figure_trend.key_figure_table``)."""

    table: KeyFigureTable


def render_html(
    briefing: Briefing, path: str | Path, *, charts: Mapping[int, str] | None = None
) -> Path:
    """Write ``briefing`` as one self-contained .html at ``path`` and return the path.

    ``charts`` holds already drawn SVGs by figure number; a figure missing there is drawn
    here.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_html(briefing, charts=charts), encoding="utf-8")
    return path


def to_html(briefing: Briefing, *, charts: Mapping[int, str] | None = None) -> str:
    """The whole document as a string."""
    charts = charts or {}
    chapters: list[Chapter] = []
    if briefing.key_figures:
        chapters.append([("summary", _summary(briefing))])
    for section in visible_sections(briefing.sections):
        if section.level <= 1 or not chapters:
            chapters.append([("section", section)])
        else:
            chapters[-1].append(("section", section))
    if briefing.definitions:
        chapters.append([("definitions", briefing.definitions)])
    if briefing.notes:
        chapters.append([("notes", briefing.notes)])
    svgs = {figure.number: _svg(figure, charts) for figure in briefing.figures}
    return _ENVIRONMENT.get_template(TEMPLATE).render(
        briefing=briefing,
        created=formats.day(briefing.created),
        chapters=chapters,
        svgs=svgs,
        headings=HEADINGS,
        legend=briefing.marks_legend,
    )


def _summary(briefing: Briefing) -> Summary:
    return Summary(
        key_figure_table(briefing.key_figures, briefing.period_label, briefing.key_figures_source),
    )


def _svg(figure: Figure, charts: Mapping[int, str]) -> Markup:
    """The figure's chart (drawn here when ``charts`` lacks it) as an image for screen
    readers: role, label and a title. An XML declaration before the element is dropped."""
    svg = charts.get(figure.number)
    if svg is None:
        svg = static_charts.to_svg(figure.spec)
    alt = figure.alt_text or figure.caption
    start = _SVG_OPEN.search(svg)
    if start is None:
        return Markup("<div role='img' aria-label='{}'></div>").format(alt)
    svg = svg[start.start() :]
    head_end = svg.index(">")
    # The drawn SVG is markup by construction (vl-convert's output): passed on unescaped.
    return Markup("<svg role='img' aria-label='{}' focusable='false'{}><title>{}</title>{}").format(
        alt, Markup(svg[4:head_end]), alt, Markup(svg[head_end + 1 :])
    )
