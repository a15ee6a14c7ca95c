"""Which published rows are the municipality, its comparison group and the country."""

from __future__ import annotations

import pytest

from tests.national_data import (
    jobindsats_row,
    national,
    population_row,
    small_economy,
    small_national,
)
from toolkit.national.areas import Area, area_rows, resolve_areas
from toolkit.published.areas import area_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Vejle Kommune", "vejle"),
        ("  vejle  ", "vejle"),
        ("VEJLE", "vejle"),
        ("Ringkøbing-Skjern   Kommune", "ringkøbing-skjern"),
        ("Lyngby-Taarbæk kommune", "lyngby-taarbæk"),
        ("Hele landet", "hele landet"),
        ("Kommune", "kommune"),  # nothing before it: not a trailing word to strip
    ],
)
def test_area_key(name: str, key: str) -> None:
    assert area_key(name) == key


def test_resolves_own_group_and_country() -> None:
    areas = resolve_areas(small_economy(), small_national())
    assert areas.own == Area("Eksempel Kommune", "eksempel", "999")
    assert [member.name for member in areas.group] == ["Ådal", "Bakkeby", "Fjordby Kommune"]
    assert areas.country == Area("Hele landet", "hele landet", "000")
    assert areas.problems == ()


def test_codes_win_when_both_sides_have_one() -> None:
    own = Area("Eksempel Kommune", "eksempel", "999")
    rows = national(
        population=[
            population_row("Eksempel", "2024-Q1", 10),  # 999: the own
            population_row("Eksempelby", "2024-Q1", 20) | {"area_code": "999"},  # renamed
            population_row("Eksempel", "2024-Q2", 30) | {"area_code": "998"},  # another
            population_row("Eksempel", "2024-Q3", 40) | {"area_code": None},  # name only
        ]
    ).population
    assert rows.loc[area_rows(rows, own), "persons_16_66"].tolist() == [10, 20, 40]


def test_without_a_code_the_name_decides() -> None:
    fjordby = Area("Fjordby Kommune", "fjordby", None)
    rows = national(
        population=[
            population_row("Fjordby", "2024-Q1", 1) | {"area_code": "993"},
            population_row("FJORDBY KOMMUNE", "2024-Q2", 2),
            population_row("Fjordbyen", "2024-Q2", 3),
        ]
    ).population
    assert rows.loc[area_rows(rows, fjordby), "persons_16_66"].tolist() == [1, 2]


def test_a_municipality_without_a_name_is_a_problem() -> None:
    areas = resolve_areas(small_economy(name=None, code=None), small_national())
    assert areas.own is None
    assert areas.problems == (
        "Kommunens navn står ikke i arket Kommune i oekonomi.xlsx, så kommunens egne tal kan "
        "ikke findes i de nationale tal.",
    )


def test_own_and_members_missing_from_the_data_are_named() -> None:
    economy = small_economy(name="Nordby Kommune", code="990",
                            group=(("Ådal", "991"), ("Skovlund", "995")))  # fmt: skip
    areas = resolve_areas(economy, small_national())
    assert areas.problems == (
        "Nordby Kommune findes ikke i de nationale tal (Jobindsats og Befolkning).",
        "Sammenligningskommunen Skovlund findes ikke i de nationale tal; den tæller ikke med "
        "i sammenligningsgruppen.",
    )
    assert [member.name for member in areas.group] == ["Ådal", "Skovlund"]


def test_no_published_figures_no_missing_area_problems() -> None:
    assert resolve_areas(small_economy(), national()).problems == ()


def test_the_own_municipality_in_its_own_group_is_left_out_of_the_group() -> None:
    economy = small_economy(group=(("Eksempel", "999"), ("Ådal", "991")))
    areas = resolve_areas(economy, national([jobindsats_row("Ådal", "2024-Q1", 1)]))
    assert [member.name for member in areas.group] == ["Ådal"]


def test_a_member_named_twice_counts_once_in_the_group() -> None:
    # «Ådal» and «Ådal Kommune» are one municipality: its citizens are pooled once.
    economy = small_economy(group=(("Ådal", None), ("Ådal Kommune", None), ("Bakkeby", "992")))
    areas = resolve_areas(economy, national([jobindsats_row("Ådal", "2024-Q1", 1)]))
    assert [member.name for member in areas.group] == ["Ådal", "Bakkeby"]
