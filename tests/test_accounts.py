"""The benefit -> account table (toolkit/data/benefit_accounts.csv): its rows follow the
authorised chart of accounts, the code's mappings are derived from it, and a malformed table
is refused."""

from __future__ import annotations

import pytest

from toolkit import accounts, schema
from toolkit.accounts import (
    COLUMNS,
    benefit_accounts,
    other_benefit_accounts,
    parse_benefit_accounts,
    scheme_accounts,
    scheme_benefits,
)

HEADER = ",".join(COLUMNS)
GOOD = "kontanthjaelp,,5.57.73,Kontant- og uddannelseshjælp,verified,https://star.dk/x/"


def test_each_scheme_has_its_own_benefit_and_accounts() -> None:
    assert scheme_benefits() == {
        "ressourceforloeb": "ressourceforloebsydelse",
        "jobafklaring": "jobafklaringsydelse",
        "fleksjob": "fleksloentilskud",
        "foertidspension": "foertidspension",
    }
    found = scheme_accounts()
    assert found["ressourceforloeb"] == found["jobafklaring"] == ("5.58.82",)
    assert found["fleksjob"] == ("5.58.81",)
    # Hovedfunktion 5.48 without 5.48.65 (seniorpension) and 5.48.67 (personlige tillæg).
    assert found["foertidspension"] == tuple(f"5.48.{n}" for n in (60, 61, 62, 63, 64, 66, 68))


def test_other_benefits_are_on_their_authorised_functions() -> None:
    assert other_benefit_accounts() == {
        "kontanthjaelp": ("5.57.73",),  # not 5.46.61/65: the integration programme
        "sygedagpenge": ("5.57.71",),  # not 5.57.72: Sociale formål
        "ledighedsydelse": ("5.58.83",),
    }


def test_rows_name_known_codes_a_status_and_a_source() -> None:
    rows = benefit_accounts()
    assert {r.benefit for r in rows} <= set(schema.BENEFIT.labels)
    assert {r.scheme for r in rows if r.scheme} == set(schema.SCHEME.labels)
    for row in rows:
        assert row.source.startswith("https://star.dk/"), row
        # Only førtidspension's numbers were not seen in the source.
        expected = "uncertain" if row.benefit == "foertidspension" else "verified"
        assert row.status == expected, row


def test_the_code_uses_the_table() -> None:
    from toolkit.scenarios import baseline
    from toolkit.workbook import scenario_rules

    assert baseline.SCHEME_BENEFIT == scenario_rules.SCHEME_BENEFIT == scheme_benefits()
    assert scheme_accounts() == baseline.SCHEME_ACCOUNTS
    assert other_benefit_accounts() == baseline.BENEFIT_ACCOUNTS


def test_derivations_read_a_given_table() -> None:
    rows = parse_benefit_accounts(
        f"{HEADER}\n{GOOD}\n"
        "x_ydelse,x_ordning,5.58.82,Navn,uncertain,https://a/\n"
        "x_ydelse,x_ordning,5.58.83,Navn,uncertain,https://b/\n"
    )
    assert rows[1].scheme == "x_ordning" and rows[0].scheme is None
    assert scheme_benefits(rows) == {"x_ordning": "x_ydelse"}
    assert scheme_accounts(rows) == {"x_ordning": ("5.58.82", "5.58.83")}
    assert other_benefit_accounts(rows) == {"kontanthjaelp": ("5.57.73",)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("benefit,account\nkontanthjaelp,5.57.73\n", "kolonnerne"),
        (f"{HEADER}\n" + GOOD.replace("5.57.73", "5.57"), "funktionsnummer"),
        (f"{HEADER}\n" + GOOD.replace("verified", "maaske"), "status"),
        (f"{HEADER}\n" + GOOD.replace("https://star.dk/x/", ""), "kilden"),
        (f"{HEADER}\n" + GOOD.replace("Kontant- og uddannelseshjælp", ""), "kontonavn"),
        (f"{HEADER}\n{GOOD}\n{GOOD}\n", "to gange"),
        (f"{HEADER}\n{GOOD}\n" + GOOD.replace(",,5.57.73", ",x,5.57.74"), "to forskellige"),
        (f"{HEADER}\na,s,5.58.82,N,verified,https://a/\nb,s,5.58.83,N,verified,https://a/\n",
         "to ydelser"),
    ],
)  # fmt: skip
def test_a_malformed_table_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_benefit_accounts(text)


def test_the_shipped_table_is_read_once() -> None:
    assert accounts.benefit_accounts() is accounts.benefit_accounts()
