"""A briefing as one self-contained HTML file: inline CSS, charts as inline SVG.

The file references nothing outside itself (no ``<link>``, no scripts, no URLs in ``src`` or
``href``), so it can be mailed, opened offline and archived. It prints on A4 with every
chapter on a new page; figures are ``<figure>``/``<figcaption>`` with the chart's description
as ``aria-label`` and ``<title>``, tables have ``<caption>`` and ``<th scope>``. Every text
from the model is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from toolkit import formats
from toolkit.briefing import static_charts
from toolkit.briefing.model import (
    Briefing,
    Definition,
    Figure,
    KeyFigure,
    Paragraph,
    Section,
    Table,
)
from toolkit.briefing.render_docx import visible_sections

__all__ = ["render_html"]

CSS = """
@page { size: A4 portrait; margin: 20mm 20mm 22mm 22mm; }
:root { color-scheme: light; }
* { box-sizing: border-box; }
body {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #222; line-height: 1.45; margin: 0 auto; max-width: 48rem; padding: 1.5rem;
  font-size: 11pt; background: #fff;
}
header.cover { padding: 4rem 0 3rem; border-bottom: 2px solid #0072B2; margin-bottom: 2rem; }
header.cover .municipality { font-weight: 700; font-size: 1.2rem; margin: 0; }
header.cover .committee { font-size: 1.1rem; margin: 0.2rem 0 1.5rem; }
header.cover h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 0.5rem; color: #0b3d66; }
header.cover .period { font-size: 1.15rem; margin: 0 0 1.5rem; }
header.cover .facts { color: #555; margin: 0; }
h2 { font-size: 1.45rem; color: #0b3d66; margin: 2.2rem 0 0.6rem; }
h3 { font-size: 1.15rem; color: #0b3d66; margin: 1.6rem 0 0.4rem; }
p { margin: 0.4rem 0 0.8rem; }
figure { margin: 1.2rem 0 1.6rem; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { margin-top: 0.4rem; font-size: 0.95rem; }
.label { font-weight: 700; }
.source { display: block; color: #595959; font-size: 0.8rem; margin-top: 0.2rem; }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0 0.2rem; font-size: 0.92rem; }
table caption { caption-side: top; text-align: left; font-size: 0.95rem; padding-bottom: 0.3rem; }
th, td { border-bottom: 1px solid #d9d9d9; padding: 0.3rem 0.5rem; text-align: left;
  vertical-align: top; }
thead th { border-bottom: 2px solid #0072B2; background: #f4f6f8; }
tbody th { font-weight: 400; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.table-block { margin: 1.2rem 0 1.6rem; break-inside: avoid; page-break-inside: avoid; }
ul.sentences { padding-left: 1.2rem; }
dl.definitions dt { font-weight: 700; margin-top: 0.6rem; }
dl.definitions dd { margin: 0.1rem 0 0 0; }
footer { margin-top: 3rem; padding-top: 0.6rem; border-top: 1px solid #d9d9d9; color: #555;
  font-size: 0.85rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  header.cover { break-after: page; page-break-after: always; border-bottom: none; }
  section.chapter { break-before: page; page-break-before: always; }
  section.chapter.first { break-before: auto; page-break-before: auto; }
  h2, h3, figcaption, caption { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
"""

_SVG_OPEN = re.compile(r"<svg\b", re.IGNORECASE)


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
    chapters: list[list[str]] = []
    summary = _summary(briefing.key_figures)
    if summary:
        chapters.append(summary)
    for section in visible_sections(briefing.sections):
        part = _section(section, charts)
        if section.level <= 1 or not chapters:
            chapters.append(part)
        else:
            chapters[-1].extend(part)
    annex = _annex(briefing.definitions, briefing.notes)
    chapters.extend(annex)
    body = "\n".join(
        f"<section class='chapter{' first' if i == 0 else ''}'>\n"
        + "\n".join(parts)
        + "\n</section>"
        for i, parts in enumerate(chapters)
    )
    e = html.escape
    return (
        "<!DOCTYPE html>\n"
        "<html lang='da'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<meta name='author' content='Tværblik'>\n"
        f"<meta name='description' content='{e(briefing.committee)}, {e(briefing.period_label)}'>\n"
        f"<title>{e(briefing.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{_cover(briefing)}\n<main>\n{body}\n</main>\n{_footer(briefing)}\n</body>\n</html>\n"
    )


def _cover(briefing: Briefing) -> str:
    e = html.escape
    version = f"Dataversion {e(briefing.version)}" if briefing.version else "Dataversion: ikke gemt"
    return (
        "<header class='cover'>\n"
        f"<p class='municipality'>{e(briefing.municipality)}</p>\n"
        f"<p class='committee'>{e(briefing.committee)}</p>\n"
        f"<h1>{e(briefing.title)}</h1>\n"
        f"<p class='period'>{e(briefing.period_label)}</p>\n"
        f"<p class='facts'>Udarbejdet {formats.day(briefing.created)} · {version} · "
        "Lavet med Tværblik</p>\n</header>"
    )


def _footer(briefing: Briefing) -> str:
    e = html.escape
    parts = [f"{e(briefing.title)}.", f"Udarbejdet {formats.day(briefing.created)}."]
    if briefing.version:
        parts.append(f"Dataversion {e(briefing.version)}.")
    return f"<footer><p>{' '.join(parts)}</p></footer>"


def _summary(key_figures: Sequence[KeyFigure]) -> list[str]:
    if not key_figures:
        return []
    table = _table_html(
        None,
        ("Nøgletal", "Værdi", "Ændring"),
        tuple((k.label, k.value, k.change) for k in key_figures),
        (False, True, True),
    )
    sentences = "".join(f"<li>{html.escape(k.sentence)}</li>" for k in key_figures if k.sentence)
    out = ["<h2 id='sammenfatning'>Sammenfatning</h2>", table]
    if sentences:
        out.append(f"<ul class='sentences'>{sentences}</ul>")
    return out


def _section(section: Section, charts: Mapping[int, str]) -> list[str]:
    tag = "h2" if section.level <= 1 else "h3"
    out = [f"<{tag}>{html.escape(section.title)}</{tag}>"]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            if block.text:
                out.append(f"<p>{html.escape(block.text)}</p>")
        elif isinstance(block, Figure):
            out.append(_figure(block, charts))
        elif isinstance(block, Table):
            out.append(_table_block(block))
    return out


def _source_html(source: str) -> str:
    if not source:
        return ""
    text = source if source.lower().startswith("kilde") else f"Kilde: {source}"
    return f"<span class='source'>{html.escape(text)}</span>"


def _figure(figure: Figure, charts: Mapping[int, str]) -> str:
    svg = charts.get(figure.number)
    if svg is None:
        svg = static_charts.to_svg(figure.spec)
    alt = html.escape(figure.alt_text or figure.caption)
    svg = _accessible_svg(svg, alt)
    return (
        f"<figure id='figur-{figure.number}'>\n{svg}\n<figcaption><span class='label'>Figur "
        f"{figure.number}.</span> {html.escape(figure.caption)}{_source_html(figure.source)}"
        "</figcaption>\n</figure>"
    )


def _accessible_svg(svg: str, alt: str) -> str:
    """The chart as an image for screen readers: role, label and a title (``alt`` is
    already escaped). An XML declaration before the element is dropped."""
    start = _SVG_OPEN.search(svg)
    if start is None:
        return f"<div role='img' aria-label='{alt}'></div>"
    svg = svg[start.start() :]
    head_end = svg.index(">")
    return (
        f"<svg role='img' aria-label='{alt}' focusable='false'{svg[4:head_end]}>"
        f"<title>{alt}</title>{svg[head_end + 1 :]}"
    )


def _table_block(table: Table) -> str:
    caption = f"<span class='label'>Tabel {table.number}.</span> {html.escape(table.caption)}"
    inner = _table_html(caption, table.headers, table.rows, table.numeric)
    source = _source_html(table.source)
    return f"<div class='table-block' id='tabel-{table.number}'>{inner}{source}</div>"


def _table_html(
    caption: str | None,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
) -> str:
    """A table; ``caption`` is HTML (already escaped). The first column heads its row when
    it is not a number."""
    columns = len(headers)
    right = [i < len(numeric) and numeric[i] for i in range(columns)]

    def cls(c: int) -> str:
        return " class='num'" if right[c] else ""

    head = "".join(f"<th scope='col'{cls(c)}>{html.escape(h)}</th>" for c, h in enumerate(headers))
    body = []
    for row in rows:
        cells = []
        for c in range(columns):
            value = html.escape(row[c] if c < len(row) else "")
            if c == 0 and not right[0]:
                cells.append(f"<th scope='row'>{value}</th>")
            else:
                cells.append(f"<td{cls(c)}>{value}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    cap = f"<caption>{caption}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _annex(definitions: Sequence[Definition], notes: Sequence[str]) -> list[list[str]]:
    chapters = []
    if definitions:
        items = []
        for d in definitions:
            unit = f" ({html.escape(d.unit)})" if d.unit else ""
            items.append(
                f"<dt>{html.escape(d.label)}{unit}</dt><dd>{html.escape(d.definition)}</dd>"
            )
        chapters.append(
            [
                "<h2 id='definitioner'>Bilag: Definitioner</h2>",
                f"<dl class='definitions'>{''.join(items)}</dl>",
            ]
        )
    if notes:
        listed = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        chapters.append(["<h2 id='om-tallene'>Om tallene</h2>", f"<ul>{listed}</ul>"])
    return chapters
