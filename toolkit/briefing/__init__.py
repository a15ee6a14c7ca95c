"""Committee briefings in Danish: one data version in, Word, HTML and PDF out.

The content is plain data (:mod:`toolkit.briefing.model`), filled from a data version by
``content.build_briefing`` with the committee's departments (``committees``) and sentences
generated from the numbers (``sentences``). The renderers only lay it out:

- ``render_docx``: Word (A4, built-in styles; ``template``: a municipality's own styles);
- ``render_html``: one self-contained HTML file (inline CSS and SVG, prints on A4);
- ``render_pdf``: the Word file as PDF through LibreOffice headless (skipped with a Danish
  reason when LibreOffice is missing or fails);
- ``static_charts``: the charts drawn without a browser (vl-convert), Danish locale.

:func:`write_briefing` does it all and draws every chart once for all formats::

    files = write_briefing(toolkit.load(), "Beskæftigelsesudvalget", "2026-Q3", "ud")
    files.docx, files.html, files.pdf, files.pdf_skipped, files.timings
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.briefing.model import Briefing, BriefingError, BriefingFiles

if TYPE_CHECKING:
    from toolkit.register import Dataset

__all__ = [
    "FORMATS",
    "Briefing",
    "BriefingError",
    "BriefingFiles",
    "draw_charts",
    "write_briefing",
]

FORMATS = ("docx", "html", "pdf")

Progress = Callable[[str], None]


def draw_charts(
    briefing: Briefing, *, png: bool = True, svg: bool = True
) -> tuple[dict[int, bytes], dict[int, str]]:
    """Every figure drawn once: PNGs (for Word) and SVGs (for HTML) by figure number."""
    from toolkit.briefing import static_charts

    pngs: dict[int, bytes] = {}
    svgs: dict[int, str] = {}
    for figure in briefing.figures:
        if png and figure.number not in pngs:
            pngs[figure.number] = static_charts.to_png(figure.spec)
        if svg and figure.number not in svgs:
            svgs[figure.number] = static_charts.to_svg(figure.spec)
    return pngs, svgs


def write_briefing(
    dataset: Dataset,
    committee: str,
    period: str,
    out_dir: str | Path,
    *,
    scenario_ids: Sequence[str] = (),
    formats: Iterable[str] = FORMATS,
    progress: Progress | None = None,
    today: date | None = None,
    municipality: str | None = None,
    template: Path | None = None,
) -> BriefingFiles:
    """Build the committee's briefing for ``period`` (a quarter such as «2026-Q3») and write
    ``<file_stem>.docx``, ``.html`` and ``.pdf`` to ``out_dir``.

    Raises ``BriefingError`` (one Danish sentence) when the briefing cannot be made as asked
    (unknown committee or scenario, a quarter without data). ``formats`` picks the files
    (the PDF is made from the Word file, which is then written too); ``progress`` receives
    short Danish messages. A PDF that LibreOffice cannot make is skipped: ``pdf`` is None and
    ``pdf_skipped`` says why. ``timings`` holds seconds per step. ``municipality`` is the
    name on page 1 (None: the workbook's sheet Kommune, then ``TVAERBLIK_KOMMUNE``, else the
    line is left out). ``template`` is a municipality's Word template whose styles the Word
    file (and so the PDF) uses; checked before anything is computed (a BriefingError when it
    is not a .docx or lacks a style).
    """
    from toolkit.briefing.content import build_briefing
    from toolkit.briefing.docx_template import open_template
    from toolkit.briefing.render_docx import render_docx
    from toolkit.briefing.render_html import render_html
    from toolkit.briefing.render_pdf import render_pdf

    wanted = set(formats)
    unknown = wanted - set(FORMATS)
    if unknown:
        raise ValueError(
            f"Ukendt format: {', '.join(sorted(unknown))} (brug {', '.join(FORMATS)})."
        )
    if template is not None:
        open_template(template)  # a wrong template should not cost the computation first
    say: Progress = progress or (lambda _message: None)
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def lap(step: str, since: float) -> float:
        now = time.perf_counter()
        timings[step] = round(now - since, 3)
        return now

    say("Beregner tallene …")
    mark = time.perf_counter()
    briefing = build_briefing(
        dataset,
        committee,
        period,
        scenario_ids=tuple(scenario_ids),
        today=today,
        progress=say,
        municipality=municipality,
    )
    mark = lap("content", mark)

    need_docx = bool(wanted & {"docx", "pdf"})
    say(f"Tegner figurer ({len(briefing.figures)}) …")
    pngs, svgs = draw_charts(briefing, png=need_docx, svg="html" in wanted)
    mark = lap("charts", mark)

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # Rendered into a folder beside ``out`` and moved into place only when every file is
    # made: a failure half-way leaves no half-written briefing (and no older file replaced).
    try:
        stage = Path(tempfile.mkdtemp(prefix=".tvaerblik-briefing-", dir=out.parent))
    except OSError:  # a folder one may write in but not beside
        stage = Path(tempfile.mkdtemp(prefix=".tvaerblik-briefing-", dir=out))
    docx_path: Path | None = None
    html_path: Path | None = None
    pdf_path: Path | None = None
    skipped: str | None = None
    try:
        if need_docx:
            say("Skriver Word …")
            docx_path = render_docx(
                briefing, stage / f"{briefing.file_stem}.docx", charts=pngs, template=template
            )
            mark = lap("docx", mark)
        if "html" in wanted:
            say("Skriver HTML …")
            html_path = render_html(briefing, stage / f"{briefing.file_stem}.html", charts=svgs)
            mark = lap("html", mark)
        if "pdf" in wanted and docx_path is not None:
            say("Laver PDF …")
            pdf_path, skipped = render_pdf(docx_path, stage)
            mark = lap("pdf", mark)
        docx_path, html_path, pdf_path = (
            _move(path, out) for path in (docx_path, html_path, pdf_path)
        )
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    timings["total"] = round(time.perf_counter() - started, 3)
    say("Færdig.")
    return BriefingFiles(
        docx=docx_path, html=html_path, pdf=pdf_path, pdf_skipped=skipped, timings=timings
    )


def _move(path: Path | None, out: Path) -> Path | None:
    """``path`` moved into ``out`` (replacing a file of the same name); None stays None."""
    if path is None:
        return None
    return Path(shutil.move(str(path), str(out / path.name)))
