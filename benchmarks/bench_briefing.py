"""Benchmark: a committee briefing on the sample municipality.

Targets (the briefing issue), on this machine with the sample municipality:
- ``write_briefing`` to Word and HTML (content, at least 6 charts drawn once as PNG and SVG,
  both files) in under 10 s;
- the PDF through LibreOffice (headless, private profile) is timed on its own: reported
  (expected ≈ 1.5-2 s).

The first run in a process also pays the chart engine's warm-up (≈ 0.6 s); it is reported
separately and the medians are over the runs after it.

Run with ``make bench`` or ``python benchmarks/bench_briefing.py [--repeat 5]``. The sample
(sample_data/*.xlsx) is imported once into a cache folder under the system's temp directory.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from _harness import arguments, prepare_workdir, verdict

# The same sample data folder as the scenario benchmark (imported once per sample version).
from bench_scenarios import prepared_data

TARGET_DOCX_HTML_S = 10.0
MIN_FIGURES = 6


def fmt(runs: list[float]) -> str:
    return ", ".join(f"{r:.2f}" for r in runs)


def main() -> int:
    parser = arguments(__doc__, repeat=5)
    parser.add_argument("--committee", default="Beskæftigelsesudvalget")
    args = parser.parse_args()
    prepare_workdir(args.workdir)

    import toolkit
    from toolkit.briefing import write_briefing
    from toolkit.briefing.render_pdf import find_soffice, render_pdf
    from toolkit.periods import as_of_default, period_of

    dataset = toolkit.load(prepared_data(args.workdir))
    as_of = as_of_default(dataset.register)
    quarter = period_of(as_of, "quarter")
    if quarter.end > as_of:  # the newest whole quarter
        quarter = period_of(quarter.start - timedelta(days=1), "quarter")
    print(
        f"sample: {args.committee}, {quarter.danish} ({quarter.label}), version {dataset.version}"
    )

    out = args.workdir / "briefing"
    runs: list[float] = []
    steps: dict[str, list[float]] = {}
    files = None
    for i in range(args.repeat + 1):
        started = time.perf_counter()
        files = write_briefing(
            dataset, args.committee, quarter.label, out, formats=("docx", "html")
        )
        elapsed = time.perf_counter() - started
        if i == 0:
            print(f"first run (chart engine warm-up included): {elapsed:.2f} s {files.timings}")
            continue
        runs.append(elapsed)
        for step, seconds in files.timings.items():
            steps.setdefault(step, []).append(seconds)
    assert files is not None
    page = Path(files.html).read_text(encoding="utf-8")
    figures = page.count("<figure")
    median = statistics.median(runs)
    print(f"write_briefing docx+html: median {median:.2f} s (runs {fmt(runs)}), {figures} figures")
    print("  per step (median s): " + ", ".join(
        f"{step} {statistics.median(values):.3f}" for step, values in steps.items()
    ))  # fmt: skip
    print(
        f"  sizes: docx {Path(files.docx).stat().st_size / 1024:.0f} KiB, "
        f"html {Path(files.html).stat().st_size / 1024:.0f} KiB"
    )

    if find_soffice() is None:
        print("PDF: LibreOffice is not installed, skipped")
    else:
        pdf_runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            pdf, reason = render_pdf(files.docx, out)
            pdf_runs.append(time.perf_counter() - started)
            if pdf is None:
                print(f"PDF failed: {reason}")
                break
        print(f"render_pdf (LibreOffice): median {statistics.median(pdf_runs):.2f} s "
              f"(runs {fmt(pdf_runs)})")  # fmt: skip

    ok = median < TARGET_DOCX_HTML_S and figures >= MIN_FIGURES
    return verdict(
        ok, f"targets: docx+html < {TARGET_DOCX_HTML_S:g} s with >= {MIN_FIGURES} figures"
    )


if __name__ == "__main__":
    sys.exit(main())
