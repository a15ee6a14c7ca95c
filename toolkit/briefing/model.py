"""A briefing as plain data: what the renderers (Word, HTML, PDF) lay out, nothing more.

``content.build_briefing`` fills these from one data version; ``render_docx`` and
``render_html`` turn them into files. Every text is Danish and already formatted (numbers
the Danish way, suppressed cells as «<5»), so the renderers never format a number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


class BriefingError(ValueError):
    """A briefing that cannot be made as asked (unknown committee, bad period); the message
    is one Danish sentence for the user."""


@dataclass(frozen=True)
class KeyFigure:
    """One of the 4-6 figures in the table «Nøgletal», the committee's own first."""

    indicator: str  # the catalogue id the figure comes from
    label: str  # «Borgere i ressourceforløb»
    value: str  # «312» or «<5» or «1.234.567 kr.»
    # against the same quarter last year, as the table shows it: «+9,0 %», «−2,1 pct.-point»,
    # «uændret» or «–» when it cannot be compared
    change: str
    sentence: str  # one plain Danish sentence generated from the numbers
    # the cell the figure shows ({"department": "SUND", "intervention_type": "NA"}), so a
    # target for the same cell can be looked up
    dims: Mapping[str, str] = field(default_factory=dict)
    direction_good: str = ""  # «op», «ned» or «» (neutral): which way of change is good
    # the same quarter in earlier years, oldest first, this quarter last: («3. kvt. 2022»,
    # «312»); empty when the data cover fewer than three of them
    trend: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Figure:
    """A chart: the Vega-Lite spec (from toolkit.charts, theme included), its caption and
    source line. ``number`` is set by the content builder (Figur 1, 2, …)."""

    number: int
    spec: dict[str, Any]
    caption: str
    source: str
    alt_text: str = ""  # a sentence describing the chart for screen readers


@dataclass(frozen=True)
class Table:
    """A table of formatted strings; ``numeric`` marks the columns to right-align, and
    ``emphasis`` the rows that are sums (bold); the header row is always bold."""

    number: int
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    source: str
    numeric: tuple[bool, ...] = ()
    # the rows (0 = the first under the header) set in bold: a department's sum and the
    # grand total, never an ordinary row
    emphasis: tuple[int, ...] = ()


Block = Paragraph | Figure | Table


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]
    level: int = 1  # 1: a chapter (Heading 1), 2: a subsection (Heading 2)


@dataclass(frozen=True)
class Definition:
    indicator: str
    label: str
    unit: str
    definition: str


@dataclass(frozen=True)
class MarksLegend:
    """What the marks («<5», «..», «–») mean, shown once right under the first table that
    uses one: the key figures (``after`` "key_figures") or table ``number`` ("table")."""

    text: str
    after: str
    number: int = 0


# A cell's text starting with an em space stands under the row above it (an account under
# its department); Word indents all its lines, HTML keeps the space.
INDENT = "\u2003"

# The three parts of page 1 after its header block.
CASE_HEADING = "Sagsfremstilling"
ECONOMY_HEADING = "Økonomi"
RECOMMENDATION_HEADING = "Indstilling"


@dataclass(frozen=True)
class Bullet:
    """One bullet of «Sagsfremstilling»: its text says good or bad in words."""

    text: str
    rule: str  # which rule made it: "budget", "waiting", "goal", "change" or "unchanged"
    verdict: str = "neutral"  # "good", "bad" or "neutral"


@dataclass(frozen=True)
class Orientation:
    """Page 1: the header block, «Sagsfremstilling», «Økonomi» and «Indstilling»."""

    municipality: str  # "" when no name is given: the renderers leave the line out
    committee: str
    title: str  # «Orientering om status på den tværfaglige rehabiliteringsindsats, 3. kvt. 2026»
    period: str  # «3. kvt. 2026 sammenlignet med 3. kvt. 2025»
    data_as_of: str  # «Data opgjort 31-10-2026»
    bullets: tuple[Bullet, ...]
    economy: tuple[str, ...]  # the two lines of «Økonomi»
    recommendation: str


@dataclass(frozen=True)
class Briefing:
    municipality: str  # for the file's properties; «Kommunen» when no name is given
    committee: str  # «Beskæftigelsesudvalget»
    period: str  # «2026-Q3»
    period_label: str  # «3. kvt. 2026»
    created: date
    version: str | None
    title: str  # «Orientering om status på den tværfaglige rehabiliteringsindsats, 3. kvt. 2026»
    key_figures: tuple[KeyFigure, ...]
    sections: tuple[Section, ...]
    definitions: tuple[Definition, ...]
    notes: tuple[str, ...]  # suppression, data version, method notes
    orientation: Orientation  # page 1
    marks_legend: MarksLegend | None = None  # None: no table shows a mark
    key_figures_source: str = ""  # the source line under «Nøgletal»
    file_stem: str = "briefing"  # «beskaeftigelsesudvalget-2026-Q3»

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, Figure))

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, Table))


@dataclass(frozen=True)
class BriefingFiles:
    """What ``write_briefing`` wrote; ``pdf`` None with ``pdf_skipped`` saying why (Danish)."""

    docx: Any
    html: Any
    pdf: Any | None
    pdf_skipped: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
