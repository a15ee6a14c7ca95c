"""A briefing as plain data: what the renderers (Word, HTML, PDF) lay out, nothing more.

``content.build_briefing`` fills these from one data version; ``render_docx`` and
``render_html`` turn them into files. Every text is Danish and already formatted (numbers
the Danish way, suppressed cells as «<5»), so the renderers never format a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


class BriefingError(ValueError):
    """A briefing that cannot be made as asked (unknown committee, bad period); the message
    is one Danish sentence for the user."""


@dataclass(frozen=True)
class KeyFigure:
    """One of the 4-6 figures in «Sammenfatning»."""

    indicator: str  # the catalogue id the figure comes from
    label: str  # «Borgere i ressourceforløb»
    value: str  # «312» or «<5» or «1.234.567 kr.»
    change: str  # «+9,0 % mod 3. kvt. 2025» or «–» when it cannot be compared
    sentence: str  # one plain Danish sentence generated from the numbers


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
    """A table of formatted strings; ``numeric`` marks the columns to right-align."""

    number: int
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    source: str
    numeric: tuple[bool, ...] = ()


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
class Briefing:
    municipality: str
    committee: str  # «Beskæftigelsesudvalget»
    period: str  # «2026-Q3»
    period_label: str  # «3. kvt. 2026»
    created: date
    version: str | None
    title: str  # «Status på den tværfaglige rehabiliteringsindsats, 3. kvt. 2026»
    key_figures: tuple[KeyFigure, ...]
    sections: tuple[Section, ...]
    definitions: tuple[Definition, ...]
    notes: tuple[str, ...]  # suppression, data version, method notes
    file_stem: str = "briefing"  # «beskaeftigelsesudvalget-2026-Q3»
    # «Data opgjort 31-10-2026»: what the title page says; ``version`` is metadata only.
    data_as_of: str = ""

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
