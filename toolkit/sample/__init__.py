"""Eksempel Kommune: a synthetic, seeded and calibrated municipality of about 60.000 people.

``generate(seed, scale)`` returns the register and economy tables as a controller would type
them into the two workbooks; ``write_sample(out_dir)`` writes ``register.xlsx``,
``oekonomi.xlsx`` and ``scenarier.xlsx`` (three scenarios from ``scenarios.py``), and the
synthetic Jobindsats, benchmark and FOLK1A files in ``national/`` (``national.py``). The period
runs from 1 January 2022 to the fixed as-of date ``AS_OF`` (31 October 2026); nothing
depends on today's date. At scale 1 the rehabilitation team treats about 250 cases a year
and about 2.000 interventions are asked for; every volume scales linearly (scale 50 gives
about 100.000 interventions for benchmarks).

The shares in DOMAIN.md's calibration table (seed 002 and 004) are reproduced within a few
percentage points; ``tests/test_sample.py`` computes each from the frames.

CPR numbers are synthetic and fail the modulus-11 check (see ``toolkit.sample.people``),
but the code treats them as real: they are never printed or logged.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.sample import benefits as _benefits
from toolkit.sample import follow_up as _follow_up
from toolkit.sample import frames as _frames
from toolkit.sample import interventions as _interventions
from toolkit.sample import plans as _plans
from toolkit.sample._base import AS_OF, PERIOD_START
from toolkit.sample.catalogue import SAMPLE_NAME
from toolkit.sample.economy import economy_tables
from toolkit.sample.flow import simulate
from toolkit.sample.national import write_national
from toolkit.sample.scenarios import scenario_tables

DEFAULT_SEED = 2026
Progress = Callable[[str], None]

__all__ = ["AS_OF", "DEFAULT_SEED", "PERIOD_START", "SAMPLE_NAME", "SampleMunicipality",
           "generate", "main", "write_sample"]  # fmt: skip


@dataclass(frozen=True, repr=False)
class SampleMunicipality:
    """The sample's tables keyed by schema table name, columns as in ``toolkit.schema``."""

    register: dict[str, pd.DataFrame]
    economy: dict[str, pd.DataFrame]
    seed: int = DEFAULT_SEED
    scale: float = 1.0

    def __repr__(self) -> str:
        # Row counts only: the frames hold CPR numbers, which must not reach a log or a
        # test report through a repr.
        rows = ", ".join(f"{name}={len(frame)}" for name, frame in
                         {**self.register, **self.economy}.items())  # fmt: skip
        return f"SampleMunicipality(seed={self.seed}, scale={self.scale:g}; rows: {rows})"

    def tables(self, kind: str) -> dict[str, pd.DataFrame]:
        """The tables of one workbook: "register", "oekonomi" or "scenarier"."""
        if kind == schema.REGISTER.kind:
            return self.register
        if kind == schema.ECONOMY.kind:
            return self.economy
        if kind == schema.SCENARIO_BOOK.kind:
            return scenario_tables()  # fixed assumptions: the same at every seed and scale
        raise ValueError(f"unknown workbook kind {kind!r}")


def generate(seed: int = DEFAULT_SEED, scale: float = 1.0) -> SampleMunicipality:
    """The sample municipality for ``seed`` at ``scale`` (same arguments, same frames)."""
    if not scale > 0:
        raise ValueError("scale must be positive")
    # The eighth stream came with «Status efter forløb»; the first seven keep their draws.
    streams = np.random.SeedSequence(seed).spawn(8)
    rng = [np.random.default_rng(s) for s in streams]
    flow = simulate(rng[0], scale)
    economy = economy_tables(rng[1], scale)
    citizens, cpr = _frames.citizens(rng[2], flow)
    courses, course_id = _frames.courses(flow, cpr)
    meetings, cases = _frames.meetings_and_cases(rng[3], flow, cpr)
    intervention_rows = _interventions.interventions(rng[4], flow, economy["prices"], scale)
    register = {
        "citizens": citizens,
        "courses": courses,
        "meetings": meetings,
        "cases": cases,
        "interventions": _frames.interventions(intervention_rows, cpr, course_id),
        "goals": _frames.goals(_plans.goals(rng[5], flow), course_id),
        "progression": _frames.progression(_plans.progression(rng[5], flow), cpr),
        "benefits": _frames.benefits(_benefits.benefits(rng[6], flow), cpr),
    }
    register["status_after"] = _follow_up.status_after(rng[7], courses, register["benefits"])
    return SampleMunicipality(register=register, economy=economy, seed=seed, scale=scale)


def write_sample(out_dir: Path, *, seed: int = DEFAULT_SEED, scale: float = 1.0,
                 progress: Progress | None = None) -> list[Path]:  # fmt: skip
    """Write ``register.xlsx``, ``oekonomi.xlsx`` and ``scenarier.xlsx`` into ``out_dir``,
    and the published national files consistent with them into ``out_dir/national/``."""
    from toolkit.workbook.writer import write_workbook  # the Excel border writes the files

    say = progress or (lambda message: None)
    say(f"Danner {SAMPLE_NAME} (skala {scale:g}) …")
    sample = generate(seed=seed, scale=scale)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for workbook in schema.WORKBOOKS.values():
        say(f"Skriver {workbook.file_name} …")
        written.append(write_workbook(out_dir / workbook.file_name, workbook.kind,
                                      sample.tables(workbook.kind)))  # fmt: skip
    say("Skriver Jobindsats- og befolkningstal …")
    return written + write_national(out_dir, sample)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m toolkit.sample [--out DIR] [--scale S] [--seed N]``."""
    parser = argparse.ArgumentParser(
        prog="python -m toolkit.sample", description=f"Skriv eksempeldata for {SAMPLE_NAME}."
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("sample_data"),
        help="mappe til register.xlsx, oekonomi.xlsx og scenarier.xlsx (standard: sample_data)",
    )
    parser.add_argument("--scale", type=float, default=1.0, help="størrelse (standard: 1)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="frø (standard: 2026)")
    args = parser.parse_args(argv)
    for path in write_sample(args.out, seed=args.seed, scale=args.scale, progress=print):
        print(f"Skrevet: {path}")
    return 0
