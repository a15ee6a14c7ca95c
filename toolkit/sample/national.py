"""The sample's published national figures: Jobindsats, the benchmark Y30R21 and FOLK1A.

EVERY FIGURE HERE IS SYNTHETIC. Nothing is copied from Jobindsats or Statistikbanken; the
levels are rounded assumptions (``toolkit.sample.national_levels``, which also draws the
population and the benchmark from them), and the comparison group «Ådal», «Bakkeby»,
«Fjordby», «Lyngå», «Skovlund» (codes 991-995) is fictional, so the figures can never be
taken for a real municipality's.

«Eksempel» (the sample municipality) is built from the register, person by person, so that
the bridge (``toolkit.national.bridge``) has real differences to explain. Its person-months
(``eksempel_person_months``) carry a ``source``:

- ``register``: paid the scheme's benefit that month in Ydelser;
- ``moved_away``: in the register, but Jobindsats counts the citizen in the new municipality
  from the month after the move (two citizens per scheme; not counted here);
- ``moved_in``: paid by Eksempel before the register records the course (two per scheme);
- ``missing_in_register``: about 2,5 % more citizens for six months in 2024, whom the
  register lacks (ressourceforløb and jobafklaringsforløb);
- ``outside_register``: fleksjob, ledighedsydelse and kontanthjælp are paid to many citizens
  the rehabilitation team never sees (the register follows a flex job only for its first
  year), so Jobindsats' count is far larger: a stock at a plausible municipal level.

Persons in a quarter are the distinct citizens paid in it, not a sum of months. Full-time
persons are the counted person-months divided by the period's months, a few per cent lower
for part months. The five and «Hele landet» are drawn around ``NATIONAL_RATE`` per 1.000
inhabitants 16-66 (Ådal above Eksempel, Lyngå below); Lyngå has one «..» (a published mark).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.register import conform
from toolkit.sample import published_shapes as shapes
from toolkit.sample.national_levels import (
    AREA_LEVEL,
    COUNTRY,
    EKSEMPEL_LEVEL,
    FIRST_MONTH,
    INHABITANTS_16_66,
    LAST_MONTH,
    MARKED,
    MEAN_MONTHS,
    NATIONAL_RATE,
    OUTSIDE_REGISTER,
    SAMPLE_AREA,
    SCHEME_BENEFIT,
    TABLE_OF,
    YEARLY_TREND,
    area_columns,
    benchmark_table,
    canonical_period,
    months,
    population_table,
    quarters,
    seeded,
)

if TYPE_CHECKING:
    from toolkit.sample import SampleMunicipality

FILE_NAMES = {
    table: f"{table.lower()}.json" for table in (*schema.JOBINDSATS_TABLES, schema.BENCHMARK_TABLE)
}
POPULATION_FILE = "folk1a.csv"


# --- Eksempel: person by person from the register ---------------------------------------------


def eksempel_person_months(sample: SampleMunicipality) -> dict[str, pd.DataFrame]:
    """Per scheme: person, month (Period) and source of every person-month behind Eksempel's
    Jobindsats figures; ``counted`` is False for the register's rows after a move."""
    rng = seeded(sample, 1)
    benefits = sample.register["benefits"]
    month = benefits["month"].dt.to_period("M")
    out = {}
    for scheme, benefit in SCHEME_BENEFIT.items():
        paid = (benefits["benefit"] == benefit) & (month >= FIRST_MONTH) & (month <= LAST_MONTH)
        register = pd.DataFrame(
            {"person": benefits.loc[paid, "cpr"].to_numpy(), "month": month[paid].to_numpy()}
        ).assign(source="register")
        register = register.drop_duplicates(["person", "month"], ignore_index=True)
        parts = [_moved_away(rng, register), _moved_in(rng, scheme)]
        if scheme in OUTSIDE_REGISTER:
            parts.append(_outside_register(rng, scheme, register, sample.scale))
        else:
            parts.append(_missing_in_register(rng, scheme, register))
        frame = pd.concat(parts, ignore_index=True)
        frame["month"] = frame["month"].astype(pd.PeriodDtype("M"))
        frame["counted"] = frame["source"] != "moved_away"
        out[scheme] = frame.sort_values(["month", "source", "person"], ignore_index=True)
    return out


def _moved_away(rng: np.random.Generator, register: pd.DataFrame) -> pd.DataFrame:
    """Two citizens with a long spell move away half-way: their later months are relabelled."""
    spell = register.groupby("person")["month"].agg(["min", "count"])
    long = spell.index[spell["count"] >= 6].to_numpy()
    movers = rng.choice(long, size=min(2, len(long)), replace=False)
    frame = register.copy()
    for person in movers:
        first, count = spell.loc[person, "min"], int(spell.loc[person, "count"])
        move = first + int(rng.integers(2, count - 1))
        frame.loc[(frame["person"] == person) & (frame["month"] >= move), "source"] = "moved_away"
    return frame


def _spells(prefix: str, starts: list[pd.Period], lengths: np.ndarray, source: str) -> pd.DataFrame:
    """Person-months of synthetic citizens (ids ``prefix-n``), cut at ``LAST_MONTH``."""
    lengths = np.asarray(lengths, dtype=np.int64)
    citizen = np.repeat(np.arange(len(lengths)), lengths)
    offset = np.arange(len(citizen)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    first = np.array([start.ordinal for start in starts], dtype=np.int64)
    month = first[citizen] + offset
    keep = month <= LAST_MONTH.ordinal
    return pd.DataFrame({
        "person": pd.Series(citizen[keep]).map(f"{prefix}-{{}}".format),
        "month": months()[month[keep] - FIRST_MONTH.ordinal],  # every start is in months()
        "source": source,
    })  # fmt: skip


def _moved_in(rng: np.random.Generator, scheme: str) -> pd.DataFrame:
    """Two citizens who moved in and are paid for a few months before any course of theirs
    reaches the register."""
    first = int(rng.integers(6, len(months()) - 12))
    starts = [months()[first], months()[first + int(rng.integers(3, 10))]]
    return _spells(f"tilflyttet-{scheme}", starts, rng.integers(3, 9, 2), "moved_in")


def _missing_in_register(
    rng: np.random.Generator, scheme: str, register: pd.DataFrame
) -> pd.DataFrame:
    """About 2,5 % more citizens for six months from early 2024: cases never typed into the
    register, the gap a controller looks for."""
    start = pd.Period("2024-01", "M") + int(rng.integers(0, 6))
    window = register[(register["month"] >= start) & (register["month"] < start + 6)]
    level = window.groupby("month")["person"].nunique().mean()
    count = max(1, round(0.025 * level))
    return _spells(f"mangler-{scheme}", [start] * count, np.full(count, 6), "missing_in_register")


def _outside_register(
    rng: np.random.Generator, scheme: str, register: pd.DataFrame, scale: float
) -> pd.DataFrame:
    """A stock of citizens outside the register at Eksempel's level: those present when the
    period starts, then a monthly inflow, each paid for a geometric number of months."""
    target = NATIONAL_RATE[scheme] * EKSEMPEL_LEVEL * INHABITANTS_16_66[SAMPLE_AREA] * scale
    in_register = register.groupby("month")["person"].nunique().mean()
    level = max(0.0, target / 1000 - (0 if np.isnan(in_register) else in_register))
    mean = MEAN_MONTHS[scheme]
    starts = [FIRST_MONTH] * round(level)
    for month in months()[1:]:
        starts += [month] * int(rng.poisson(level / mean))
    lengths = rng.geometric(1 / mean, len(starts))
    return _spells(f"udenfor-{scheme}", starts, lengths, "outside_register")


def _eksempel_rows(sample: SampleMunicipality) -> list[dict[str, object]]:
    rng = seeded(sample, 2)
    rows: list[dict[str, object]] = []
    for scheme, frame in eksempel_person_months(sample).items():
        counted = frame[frame["counted"]]
        for periods, freq in ((months(), "M"), (quarters(), "Q")):
            key = counted["month"].dt.asfreq(freq)
            persons = counted.groupby(key)["person"].nunique()
            person_months = counted.groupby(key).size()
            for period in periods:
                full_time = person_months.get(period, 0) / (1 if freq == "M" else 3)
                full_time *= rng.uniform(0.94, 0.99)
                rows += _measure_rows(
                    scheme, SAMPLE_AREA, period, persons.get(period, 0), round(full_time, 1)
                )
    return rows


# --- the comparison group and the country ---------------------------------------------------


def _measure_rows(
    scheme: str, area: str, period: pd.Period, persons: float, full_time: float
) -> list[dict[str, object]]:
    kind = "month" if period.freqstr == "M" else "quarter"
    common = {
        "table_id": TABLE_OF[scheme],
        "scheme": scheme,
        **area_columns(area),
        "period": canonical_period(period),
        "period_kind": kind,
        "mark": None,
    }
    return [
        {**common, "measure": "persons", "value": float(persons)},
        {**common, "measure": "full_time_persons", "value": float(full_time)},
    ]


def _area_rows(sample: SampleMunicipality, area: str, level: float) -> list[dict[str, object]]:
    rng = seeded(sample, 3 + list(INHABITANTS_16_66).index(area))
    rows: list[dict[str, object]] = []
    years = np.arange(len(months())) / 12
    for scheme, rate in NATIONAL_RATE.items():
        scheme_level = level * float(np.exp(rng.normal(0, 0.08)))
        base = rate * scheme_level * INHABITANTS_16_66[area] / 1000
        path = base * (1 + YEARLY_TREND[scheme]) ** years * (1 + rng.normal(0, 0.012, len(years)))
        monthly = np.rint(path)
        for month, persons in zip(months(), monthly, strict=True):
            rows += _measure_rows(
                scheme, area, month, persons, round(persons * rng.uniform(0.93, 0.98), 1)
            )
        for quarter in quarters():
            inside = monthly[[m.asfreq("Q") == quarter for m in months()]]
            persons = round(inside.mean() * (1 + 2 / MEAN_MONTHS[scheme]))
            rows += _measure_rows(
                scheme, area, quarter, persons, round(inside.mean() * rng.uniform(0.93, 0.98), 1)
            )
    return rows


def _jobindsats(sample: SampleMunicipality) -> pd.DataFrame:
    rows = _eksempel_rows(sample)
    for area, level in AREA_LEVEL.items():
        rows += _area_rows(sample, area, level)
    rows += _area_rows(sample, COUNTRY, 1.0)
    frame = pd.DataFrame(rows)
    area, table, measure = MARKED
    first = canonical_period(FIRST_MONTH)
    hidden = (
        (frame["area"] == area)
        & (frame["table_id"] == table)
        & (frame["measure"] == measure)
        & (frame["period"] == first)
    )
    frame.loc[hidden, "value"] = np.nan
    frame.loc[hidden, "mark"] = ".."
    return conform("jobindsats", frame)


def national_tables(sample: SampleMunicipality) -> dict[str, pd.DataFrame]:
    """The canonical tables ``jobindsats``, ``benchmark`` and ``population`` of the sample."""
    population = population_table(sample)
    return {
        "jobindsats": _jobindsats(sample),
        "benchmark": benchmark_table(sample, population),
        "population": population,
    }


def write_national(out_dir: Path, sample: SampleMunicipality) -> list[Path]:
    """The sample's published files in ``out_dir/national/``: the five Jobindsats tables and
    Y30R21 as the API v2 returns them, and FOLK1A as the Statistikbanken API's CSV."""
    tables = national_tables(sample)
    folder = Path(out_dir) / "national"
    folder.mkdir(parents=True, exist_ok=True)
    jobindsats = tables["jobindsats"]
    written = [
        shapes.write_jobindsats_v2_json(
            jobindsats[jobindsats["table_id"] == table], folder / FILE_NAMES[table]
        )
        for table in schema.JOBINDSATS_TABLES
    ]
    written.append(
        shapes.write_benchmark_v2_json(
            tables["benchmark"], folder / FILE_NAMES[schema.BENCHMARK_TABLE], tables["population"]
        )
    )
    written.append(shapes.write_folk1a_csv(tables["population"], folder / POPULATION_FILE))
    return written
