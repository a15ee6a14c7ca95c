"""A tiny hand-made case for the national figures: a few published rows, a small register.

Eksempel Kommune (999) compares itself with three fictional municipalities: Ådal (991),
Bakkeby (992, whose first quarter Jobindsats marks «..») and Fjordby (no code in the sheet,
no population row for 2024-Q2). Every figure the tests expect is worked out by hand in the
test modules from the rows below.
"""

from __future__ import annotations

from typing import Any

from tests.indicator_data import economy, register, table
from toolkit.periods import parse_period
from toolkit.register import Dataset, Economy, National, Register

OWN_NAME = "Eksempel Kommune"
OWN_CODE = "999"
GROUP = (("Ådal", "991"), ("Bakkeby", "992"), ("Fjordby Kommune", None))
# The published area names and codes (Jobindsats writes «Eksempel», not «Eksempel Kommune»).
PUBLISHED_AREAS = {
    "Eksempel": "999",
    "Ådal": "991",
    "Bakkeby": "992",
    "Fjordby": None,
    "Hele landet": "000",
}
SCHEME_TABLES = {
    "ressourceforloeb": "Y11A02",
    "jobafklaring": "Y12A02",
    "fleksjob": "Y08A02",
    "ledighedsydelse": "Y09A02",
    "kontanthjaelp": "Y36A02",
}


def period_kind(period: str) -> str:
    return parse_period(period).level


def jobindsats_row(
    area: str,
    period: str,
    value: float | None,
    *,
    mark: str | None = None,
    scheme: str = "ressourceforloeb",
    measure: str = "persons",
    kind: str | None = None,
) -> dict[str, Any]:
    return {
        "table_id": SCHEME_TABLES[scheme],
        "scheme": scheme,
        "measure": measure,
        "area": area,
        "area_code": PUBLISHED_AREAS.get(area),
        "period": period,
        "period_kind": kind or period_kind(period),
        "value": value,
        "mark": mark,
    }


def population_row(area: str, period: str, persons: int) -> dict[str, Any]:
    return {
        "area": area,
        "area_code": PUBLISHED_AREAS.get(area),
        "period": period,
        "period_kind": "quarter",
        "persons_16_66": persons,
    }


def benchmark_row(
    area: str,
    rank: int | None,
    *,
    period: str = "2024-Q2",
    group: str = "Ydelsesgrupper i alt",
    expected: float | None = None,
    actual: float | None = None,
    mark: str | None = None,
) -> dict[str, Any]:
    difference = None if expected is None or actual is None else expected - actual
    return {
        "area": area,
        "area_code": PUBLISHED_AREAS.get(area),
        "period": period,
        "period_kind": "rolling_year",
        "group": group,
        "expected": expected,
        "actual": actual,
        "difference": difference,
        "rank": rank,
        "mark": mark,
    }


def national(
    jobindsats: list[dict[str, Any]] | None = None,
    population: list[dict[str, Any]] | None = None,
    benchmark: list[dict[str, Any]] | None = None,
) -> National:
    return National.from_tables({
        "jobindsats": table("jobindsats", jobindsats or []),
        "population": table("population", population or []),
        "benchmark": table("benchmark", benchmark or []),
    })  # fmt: skip


def small_economy(
    name: str | None = OWN_NAME,
    code: str | None = OWN_CODE,
    group: tuple[tuple[str, str | None], ...] = GROUP,
) -> Economy:
    municipality = [{"name": name, "code": code}] if name is not None else []
    return economy(
        municipality=municipality,
        comparison_group=[{"name": member, "code": number} for member, number in group],
    )


def small_jobindsats() -> list[dict[str, Any]]:
    """Ressourceforløb per quarter for all five areas, full-time persons for the own, and a
    jobafklaring quarter (2023-Q1) before any population row and before the register."""
    persons = {
        "Eksempel": (9, 15),
        "Ådal": (20, 22),
        "Bakkeby": (None, 10),
        "Fjordby": (30, 33),
        "Hele landet": (25000, 26000),
    }
    rows = []
    for area, (first, second) in persons.items():
        rows.append(jobindsats_row(area, "2024-Q1", first, mark=None if first else ".."))
        rows.append(jobindsats_row(area, "2024-Q2", second))
    rows.append(jobindsats_row("Eksempel", "2024-Q1", 7.5, measure="full_time_persons"))
    rows.append(jobindsats_row("Eksempel", "2024-Q2", 6.0, measure="full_time_persons"))
    rows.append(jobindsats_row("Eksempel", "2023-Q1", 6, scheme="jobafklaring"))
    return rows


def small_population() -> list[dict[str, Any]]:
    """2024-Q1 for all; 2024-Q2 for all but Fjordby (it falls back on 2024-Q1)."""
    first = {"Eksempel": 10000, "Ådal": 5000, "Bakkeby": 4000, "Fjordby": 6000,
             "Hele landet": 3800000}  # fmt: skip
    second = {"Eksempel": 10100, "Ådal": 5050, "Bakkeby": 4000, "Hele landet": 3810000}
    return [population_row(area, "2024-Q1", persons) for area, persons in first.items()] + [
        population_row(area, "2024-Q2", persons) for area, persons in second.items()
    ]


def small_benchmark() -> list[dict[str, Any]]:
    """Y30R21 for 2024-Q2 (rolling year): four areas ranked (Andeby is not in the group),
    Bakkeby marked «..», and a row of another group that must not show."""
    return [
        benchmark_row("Eksempel", 12, expected=10.0, actual=9.5),
        benchmark_row("Ådal", 40, expected=8.0, actual=8.4),
        benchmark_row("Bakkeby", None, mark=".."),
        benchmark_row("Fjordby", 3, expected=9.0, actual=7.0),
        benchmark_row("Andeby", 50, expected=7.0, actual=9.0),
        benchmark_row("Eksempel", 30, group="Kontanthjælp mv.", expected=3.0, actual=3.1),
    ]


def small_national() -> National:
    return national(small_jobindsats(), small_population(), small_benchmark())


def small_register() -> Register:
    """Ressourceforløb 2024-H1, the as-of date 2024-06-30.

    p1-p6: a running course and ressourceforløbsydelse every month of 2024-H1.
    p7: a course ending 2024-02-15 «Fraflyttet kommunen», paid January and February.
    p8: a running course and no payment (a course without payment).
    p9: paid in February without any course (a payment without a course).
    """
    running = [f"p{i}" for i in (1, 2, 3, 4, 5, 6, 8)]
    courses = [
        {"course_id": f"c-{person}", "person_id": person, "scheme": "ressourceforloeb",
         "start": "2023-06-01", "coordinating_department": "JOB"}
        for person in running
    ]  # fmt: skip
    courses.append({"course_id": "c-p7", "person_id": "p7", "scheme": "ressourceforloeb",
                    "start": "2023-06-01", "end": "2024-02-15", "exit_reason": "flyttet",
                    "coordinating_department": "JOB"})  # fmt: skip
    months = [f"2024-{m:02d}-01" for m in range(1, 7)]
    paid = [(f"p{i}", month) for i in range(1, 7) for month in months]
    paid += [("p7", "2024-01-01"), ("p7", "2024-02-01"), ("p9", "2024-02-01")]
    benefits = [
        {"person_id": person, "month": month, "benefit": "ressourceforloebsydelse",
         "amount": 15000.0}
        for person, month in paid
    ]  # fmt: skip
    return register(courses=_dated(courses), benefits=_dated(benefits))


def _dated(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    import pandas as pd

    date_columns = ("start", "end", "month")
    return [
        {k: pd.Timestamp(v) if k in date_columns and v else v for k, v in row.items()}
        for row in rows
    ]


def small_dataset() -> Dataset:
    return Dataset(
        version=None,
        register=small_register(),
        economy=small_economy(),
        national=small_national(),
    )
