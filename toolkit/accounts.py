"""Which function accounts of the authorised chart of accounts hold each benefit.

The table is data, not code: ``toolkit/data/benefit_accounts.csv``, one row per (benefit,
function account) with the scheme whose own benefit it is (blank for a benefit that is no
scheme's own), the account's name, whether the number was read in the source
(``verified``) or not (``uncertain``) and the source's address. The chart of accounts is
Indenrigsministeriet's «Budget- og regnskabssystem for kommuner», kapitel 3; STAR's
function pages quote it (/work/shared/reference/domain-economics.md §4).

Førtidspension's function numbers under hovedfunktion 5.48 were not seen in the source, so
its rows are ``uncertain``; 5.48.65 (seniorpension) and 5.48.67 (personlige tillæg) are
verified as other benefits and therefore left out. Correct the numbers in the file, not in
the code.

An account is a function prefix: a budget line's account belongs to a row when it starts
with it (5.58.82 holds 5.58.82.01).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

COLUMNS = ("benefit", "scheme", "account", "account_name", "status", "source")
STATUSES = ("verified", "uncertain")
_ACCOUNT = re.compile(r"\d\.\d{2}\.\d{2}")


@dataclass(frozen=True)
class BenefitAccount:
    """One row of the table: ``benefit`` is booked on function ``account``."""

    benefit: str
    scheme: str | None  # the scheme whose own benefit it is; None for other benefits
    account: str
    account_name: str
    status: str  # verified | uncertain
    source: str  # the address the number was read at (or, if uncertain, looked for at)


def parse_benefit_accounts(text: str) -> tuple[BenefitAccount, ...]:
    """The rows of a benefit-account table in CSV ``text``; ValueError, in Danish, on a
    malformed table (a missing column, a bad account number or status, a blank source, a
    scheme with two benefits, the same row twice)."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ValueError(f"Kontotabellen skal have kolonnerne {', '.join(COLUMNS)}; den har "
                         f"{', '.join(reader.fieldnames or ())}.")  # fmt: skip
    rows: list[BenefitAccount] = []
    for line, record in enumerate(reader, start=2):
        values = {column: (record.get(column) or "").strip() for column in COLUMNS}
        row = BenefitAccount(
            benefit=values["benefit"],
            scheme=values["scheme"] or None,
            account=values["account"],
            account_name=values["account_name"],
            status=values["status"],
            source=values["source"],
        )
        _check_row(row, line)
        rows.append(row)
    _check_table(rows)
    return tuple(rows)


def _check_row(row: BenefitAccount, line: int) -> None:
    where = f"Kontotabellen, linje {line}"
    if not row.benefit or not row.account_name:
        raise ValueError(f"{where}: ydelse og kontonavn skal udfyldes.")
    if not _ACCOUNT.fullmatch(row.account):
        raise ValueError(f"{where}: «{row.account}» er ikke et funktionsnummer som 5.58.82.")
    if row.status not in STATUSES:
        raise ValueError(f"{where}: status skal være {' eller '.join(STATUSES)}, ikke "
                         f"«{row.status}».")  # fmt: skip
    if not row.source.startswith("https://"):
        raise ValueError(f"{where}: kilden skal være en adresse (https://…).")


def _check_table(rows: Iterable[BenefitAccount]) -> None:
    benefit_of: dict[str, str] = {}
    scheme_of: dict[str, str | None] = {}
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if (row.benefit, row.account) in seen:
            raise ValueError(f"Kontotabellen har {row.benefit} på {row.account} to gange.")
        seen.add((row.benefit, row.account))
        if scheme_of.setdefault(row.benefit, row.scheme) != row.scheme:
            raise ValueError(f"Kontotabellen giver {row.benefit} to forskellige ordninger.")
        if row.scheme is not None and benefit_of.setdefault(row.scheme, row.benefit) != (
            row.benefit
        ):
            raise ValueError(f"Kontotabellen giver ordningen {row.scheme} to ydelser.")


@functools.cache
def benefit_accounts() -> tuple[BenefitAccount, ...]:
    """The shipped table (read once)."""
    path = resources.files("toolkit").joinpath("data/benefit_accounts.csv")
    return parse_benefit_accounts(path.read_text("utf-8"))


def scheme_benefits(rows: Iterable[BenefitAccount] | None = None) -> dict[str, str]:
    """Scheme -> its own benefit, in the table's order."""
    return {r.scheme: r.benefit for r in _rows(rows) if r.scheme is not None}


def scheme_accounts(rows: Iterable[BenefitAccount] | None = None) -> dict[str, tuple[str, ...]]:
    """Scheme -> the accounts holding its own benefit, in the table's order."""
    return _accounts_by((r.scheme, r.account) for r in _rows(rows) if r.scheme is not None)


def other_benefit_accounts(
    rows: Iterable[BenefitAccount] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Benefit -> its accounts, for the benefits that are no scheme's own."""
    return _accounts_by((r.benefit, r.account) for r in _rows(rows) if r.scheme is None)


def _rows(rows: Iterable[BenefitAccount] | None) -> Iterable[BenefitAccount]:
    return benefit_accounts() if rows is None else rows


def _accounts_by(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for key, account in pairs:
        out[key] = (*out.get(key, ()), account)
    return out
