"""CPR numbers become keyed pseudonyms; sex and birth year follow the CPR rules."""

from __future__ import annotations

import stat
from pathlib import Path

import pandas as pd
import pytest

from tests.workbooks import cpr
from toolkit import pseudonyms


def _with_seventh(day: int, month: int, yy: int, seventh: int, last: int = 2) -> str:
    return f"{day:02d}{month:02d}{yy:02d}{seventh}00{last}"


@pytest.mark.parametrize(
    "yy, seventh, year",
    [
        (75, 0, 1975),
        (5, 3, 1905),  # 0-3: 1900s
        (36, 4, 2036),
        (37, 4, 1937),  # 4 and 9: 2000-2036, else 1900s
        (10, 9, 2010),
        (99, 9, 1999),
        (57, 5, 2057),
        (58, 5, 1858),  # 5-8: 2000-2057, else 1800s
        (3, 8, 2003),
        (90, 6, 1890),
    ],
)
def test_the_seventh_digit_century_rule(yy: int, seventh: int, year: int) -> None:
    assert pseudonyms.birth_year(_with_seventh(1, 2, yy, seventh)) == year


def test_invalid_dates_are_not_cpr_numbers() -> None:
    assert pseudonyms.birth_date(_with_seventh(31, 2, 80, 1)) is None
    assert pseudonyms.birth_date(_with_seventh(29, 2, 0, 4)) is not None  # 2000 was a leap year


def test_sex_follows_the_last_digit() -> None:
    assert pseudonyms.sex_from_cpr(_with_seventh(1, 1, 80, 1, last=3)) == "M"
    assert pseudonyms.sex_from_cpr(_with_seventh(1, 1, 80, 1, last=4)) == "K"


@pytest.mark.parametrize("raw", ["dash", "plain", "spaces", "number"])
def test_cpr_spellings_normalise_to_ten_digits(raw: str) -> None:
    person = cpr(5, 1, 1990, 321)  # starts with 0: as a number Excel drops the zero
    digits = person.replace("-", "")
    value: object = {
        "dash": person,
        "plain": digits,
        "spaces": f"  {person} ",
        "number": float(int(digits)),
    }[raw]
    assert pseudonyms.normalise_cpr(value) == digits
    assert pseudonyms.normalise_cpr("12345") is None
    assert pseudonyms.normalise_cpr(True) is None


def test_the_key_is_created_once_with_mode_0600(tmp_path: Path) -> None:
    key_path = tmp_path / "secret" / "pseudonym.key"
    key = pseudonyms.load_or_create_key(key_path)
    assert len(key) == 32
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert pseudonyms.load_or_create_key(key_path) == key


def test_a_damaged_key_file_gives_a_danish_error(tmp_path: Path) -> None:
    key_path = tmp_path / "pseudonym.key"
    key_path.write_text("ikke en nøgle")
    with pytest.raises(pseudonyms.KeyFileError, match=r"Nøglefilen .* er ugyldig"):
        pseudonyms.load_or_create_key(key_path)


def test_the_key_must_live_outside_the_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with pytest.raises(pseudonyms.KeyFileError, match="ligger i datamappen"):
        pseudonyms.check_key_outside(data, data / "pseudonym.key")
    pseudonyms.check_key_outside(data, tmp_path / "keys" / "pseudonym.key")


def test_pseudonyms_are_stable_per_key_and_reveal_nothing() -> None:
    person = cpr(15, 3, 1975, 123).replace("-", "")
    key_a, key_b = b"a" * 32, b"b" * 32
    first = pseudonyms.pseudonymise_cpr([person, person, None], key_a)
    assert first[0] == first[1] and first[2] is None
    assert first[0] != pseudonyms.pseudonymise_cpr([person], key_b)[0]
    assert first[0] is not None and first[0].startswith("P") and len(first[0]) == 21
    assert person not in first[0]


def test_staff_initials_ignore_case_and_spaces() -> None:
    key = b"k" * 32
    assert (
        pseudonyms.pseudonymise_staff(["ab", " AB ", "Ab"], key)
        == pseudonyms.pseudonymise_staff(["AB"], key) * 3
    )
    assert pseudonyms.pseudonymise_staff(["AB"], key) != pseudonyms.pseudonymise_cpr(["AB"], key)


def test_tables_lose_their_cpr_columns() -> None:
    person = cpr(15, 3, 1975, 123).replace("-", "")
    tables = {
        "citizens": pd.DataFrame({"cpr": [person], "sex": ["K"]}),
        "interventions": pd.DataFrame({"cpr": [person], "contact_person": ["ab"]}),
    }
    out = pseudonyms.pseudonymise_tables(tables, b"k" * 32)
    assert list(out["citizens"].columns) == ["person_id", "sex"]
    assert list(out["interventions"].columns) == ["person_id", "contact_person_id"]
    assert out["citizens"]["person_id"].iloc[0] == out["interventions"]["person_id"].iloc[0]
    assert person not in out["citizens"].to_string()


def test_cpr_numbers_inside_other_text_are_found_and_masked() -> None:
    person = cpr(15, 3, 1975, 123)
    values = pd.Series(
        [f"{person}-1", f"M {person.replace('-', '')}", "202401-0001-7", "F1"], dtype="str"
    )
    assert pseudonyms.cpr_like_mask(values).tolist() == [True, True, False, False]
    assert pseudonyms.mask_cpr(f"forløb {person}-1") == "forløb XXXXXX-XXXX-1"
    assert pseudonyms.mask_cpr("202401-0001") == "202401-0001"  # not a date: kept
