"""Personal data at the border: CPR numbers and staff initials become keyed pseudonyms.

A pseudonym is HMAC-SHA256 over the normalised value with a secret key that lives in a file
outside the data folder (mode 0600). Without the key nobody can recompute a pseudonym from a
CPR number; with it, the same person gets the same pseudonym in every import. Nothing in
this module logs or returns a CPR number in a message.

The CPR space is small (a few million valid numbers), so whoever holds the key can reverse
every pseudonym in minutes: a key file others can read, a key with little randomness, or a
key reachable from inside the data folder (also through a hard link) is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import stat
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit import config, formats, schema

_CPR_TEXT = re.compile(r"^\s*(\d{6})-?(\d{4})\s*$")
PSEUDONYM_HEX_CHARS = 20  # 80 bits: collisions are out of reach for any municipality
KEY_BYTES = 32
MIN_KEY_BYTES = 16
FINGERPRINT_HEX_CHARS = 16
_FINGERPRINT_LABEL = b"tvaerblik:key-fingerprint:v1"


class KeyFileError(RuntimeError):
    """The key file exists but cannot be used; the message is Danish."""


class KeyMismatchError(KeyFileError):
    """The key is missing or is not the one the data folder's versions were made with."""


def normalise_cpr(value: object) -> str | None:
    """Ten digits without the dash, or None when the value is not CPR-shaped.

    Excel may turn a CPR number without a dash into a number and drop a leading zero
    (a leading 0 lost): whole numbers of nine or ten digits are padded back to ten.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return None
        digits = f"{int(value):010d}"
        return digits if len(digits) == 10 else None
    if not isinstance(value, str):
        return None
    match = _CPR_TEXT.match(value)
    return match.group(1) + match.group(2) if match else None


def birth_date(cpr: str) -> date | None:
    """Birth date from a normalised CPR number by the 7th-digit century rule; None if invalid."""
    day, month, yy, seventh = int(cpr[0:2]), int(cpr[2:4]), int(cpr[4:6]), int(cpr[6])
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:  # 5-8
        century = 2000 if yy <= 57 else 1800
    try:
        return date(century + yy, month, day)
    except ValueError:
        return None


def birth_year(cpr: str) -> int | None:
    born = birth_date(cpr)
    return born.year if born else None


def sex_from_cpr(cpr: str) -> str:
    """K for an even last digit, M for an odd one."""
    return "M" if int(cpr[-1]) % 2 else "K"


def key_fingerprint(key: bytes) -> str:
    """Names the key in manifests and the audit log; reveals nothing about the key itself."""
    digest = hmac.new(key, _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()
    return digest[:FINGERPRINT_HEX_CHARS]


def load_or_create_key(path: Path | None = None) -> bytes:
    """Read the pseudonymisation key, creating it (mode 0600) on first use."""
    path = path or config.key_file()
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(KEY_BYTES)
    while _too_regular(key):  # astronomically unlikely, but the reader would refuse it
        key = secrets.token_bytes(KEY_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its key
        return _read_key(path)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.hex().encode("ascii"))
    return key


def _read_key(path: Path) -> bytes:
    with path.open("rb") as handle:
        mode = stat.S_IMODE(os.fstat(handle.fileno()).st_mode)
        content = handle.read()
    try:
        key = bytes.fromhex(content.decode("ascii").strip())
    except ValueError as exc:  # UnicodeDecodeError is a ValueError too
        raise KeyFileError(f"Nøglefilen {path} er ugyldig (forventede 64 hex-tegn).") from exc
    if mode & 0o077:  # as ssh: group or others may not even see it
        raise KeyFileError(
            f"Nøglefilen {path} kan læses af andre end ejeren (rettigheder {mode:04o}). "
            f"Med nøglen kan alle pseudonymer regnes tilbage til CPR-numre. Gør den privat "
            f"med «chmod 600 {path}», og prøv igen."
        )
    if len(key) < MIN_KEY_BYTES:
        raise KeyFileError(f"Nøglefilen {path} er for kort (mindst 32 hex-tegn).")
    if _too_regular(key):
        raise KeyFileError(
            f"Nøglefilen {path} er ikke tilfældig nok (fx kun nuller eller et gentaget "
            "mønster). Lav en ny nøgle med «python -c 'import secrets; "
            "print(secrets.token_hex(32))'» – og start en ny nøgleserie."
        )
    return key


def _too_regular(key: bytes) -> bool:
    """Few distinct bytes or a repeating pattern: not what a random generator gives."""
    if len(set(key)) < max(8, len(key) // 2):
        return True
    return any(key[period:] == key[:-period] for period in range(1, len(key) // 2 + 1))


def check_key_outside(data_dir: Path, key_path: Path | None = None) -> None:
    """Refuse a key kept inside the data folder, also as a hard link under another name."""
    key_path = (key_path or config.key_file()).resolve()
    data = data_dir.resolve()
    if key_path == data or data in key_path.parents:
        raise KeyFileError(
            f"Nøglefilen ({key_path}) ligger i datamappen. Den skal opbevares adskilt fra "
            "data: sæt TVAERBLIK_KEY_FILE til en sti uden for datamappen."
        )
    try:
        key_stat = key_path.stat()
    except FileNotFoundError:
        return  # created later, outside the folder
    if key_stat.st_nlink < 2 or not data.is_dir():
        return
    identity = (key_stat.st_dev, key_stat.st_ino)
    for folder, _, files in os.walk(data):
        for name in files:
            with_same = Path(folder) / name
            found = with_same.lstat()
            if (found.st_dev, found.st_ino) == identity:
                raise KeyFileError(
                    f"Nøglefilen ({key_path}) er samme fil som {with_same} i datamappen (en "
                    "hård kobling). Nøglen skal opbevares adskilt fra data: fjern filen fra "
                    "datamappen."
                )


def _pseudonym(key: bytes, domain: bytes, value: str) -> str:
    digest = hmac.new(key, domain + value.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_HEX_CHARS]


def pseudonymise_cpr(
    values: Iterable[str | None], key: bytes, cache: dict[str, str] | None = None
) -> list[str | None]:
    """Keyed pseudonyms for normalised CPR numbers; None stays None.

    ``cache`` may be shared between the columns of one import (the same people recur).
    """
    cache = {} if cache is None else cache
    out: list[str | None] = []
    for value in values:
        if value is None or value != value:  # None or NaN
            out.append(None)
            continue
        if value not in cache:
            cache[value] = "P" + _pseudonym(key, b"cpr:", value)
        out.append(cache[value])
    return out


def normalise_staff(value: str) -> str:
    return " ".join(value.split()).upper()


def pseudonymise_staff(
    values: Iterable[str | None], key: bytes, cache: dict[str, str] | None = None
) -> list[str | None]:
    """Keyed pseudonyms for staff initials (case and spaces ignored); None stays None."""
    cache = {} if cache is None else cache
    out: list[str | None] = []
    for value in values:
        if value is None or value != value:
            out.append(None)
            continue
        norm = normalise_staff(value)
        if norm not in cache:
            cache[norm] = "S" + _pseudonym(key, b"staff:", norm)
        out.append(cache[norm])
    return out


def pseudonymise_column(
    series: pd.Series, key: bytes, *, staff: bool = False, cache: dict[str, str] | None = None
) -> pd.Series:
    """Pseudonymise a column of normalised CPR numbers (or initials) as a ``str`` Series.

    Each distinct value is hashed once; a register repeats the same person many times.
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    fn = pseudonymise_staff if staff else pseudonymise_cpr
    hashed = pd.array([*fn([str(v) for v in uniques], key, cache), None], dtype="str")
    codes = np.where(codes < 0, len(uniques), codes)
    return pd.Series(hashed.take(codes), index=series.index, dtype="str")


_CPR_INSIDE = re.compile(r"(?<!\d)(\d{6})-?(\d{4})(?!\d)")
_CPR_SHAPE_ANYWHERE = r"(?<!\d)\d{6}-?\d{4}(?!\d)"  # the same, without groups, for pandas


def contains_cpr(text: str) -> bool:
    """True when ``text`` holds a plausible CPR number anywhere (ten digits, alone or with a
    dash, forming a valid birth date), also inside IDs such as "ddmmåå-xxxx-1"."""
    return any(birth_date(m.group(1) + m.group(2)) for m in _CPR_INSIDE.finditer(text))


def mask_cpr(text: str) -> str:
    """``text`` with every plausible CPR number replaced by "XXXXXX-XXXX"."""

    def hide(match: re.Match[str]) -> str:
        valid = birth_date(match.group(1) + match.group(2)) is not None
        return "XXXXXX-XXXX" if valid else match.group(0)

    return _CPR_INSIDE.sub(hide, text)


def cpr_like_mask(series: pd.Series) -> pd.Series:
    """True where a text cell holds a plausible CPR number, alone or inside other text.

    The date check keeps ordinary IDs such as "202401-0001" (month 24) from being flagged.
    """
    text = series.astype("str")
    mask = text.str.contains(_CPR_SHAPE_ANYWHERE, regex=True).fillna(False).astype(bool)
    for label in mask.index[mask.to_numpy()]:
        if not contains_cpr(str(text[label])):
            mask[label] = False
    return mask


def pseudonymise_tables(tables: dict[str, pd.DataFrame], key: bytes) -> dict[str, pd.DataFrame]:
    """Replace every CPR column by ``person_id`` and staff columns by ``<name>_id``.

    Input frames hold normalised CPR numbers (as the reader produces them); output frames
    have the stored columns of ``toolkit.schema.stored_columns`` and no CPR anywhere.
    """

    out: dict[str, pd.DataFrame] = {}
    people: dict[str, str] = {}
    staff: dict[str, str] = {}
    for table, frame in tables.items():
        sheet = schema.sheet(table)
        frame = frame.copy()
        for col in sheet.columns:
            if col.name not in frame.columns:
                continue
            if col.kind is schema.Kind.CPR:
                frame[col.name] = pseudonymise_column(frame[col.name], key, cache=people)
                frame = frame.rename(columns={col.name: "person_id"})
            elif col.kind is schema.Kind.STAFF:
                frame[col.name] = pseudonymise_column(frame[col.name], key, staff=True, cache=staff)
                frame = frame.rename(columns={col.name: f"{col.name}_id"})
        out[table] = frame
    return out


# ---------------------------------------------------------------------------------------
# Small-cell suppression
# ---------------------------------------------------------------------------------------
#
# Every published number (dashboard, briefing, export) passes ``suppress`` first. It works
# on the tidy indicator frame ``indicator, period, <dimension columns>, value, n`` where
# ``n`` is the number of distinct persons behind ``value``.
#
# The rules, in order:
#
# 1. Primary suppression. A row is hidden when 0 < n < threshold (default 5). A row whose
#    ``n`` is missing is hidden too: without a count nobody can vouch for it (fail safe).
#    A row with n == 0 is published: a count of nobody reveals nobody, and a mean or share
#    over nobody is already missing (NA) in the value column.
# 2. Breakdowns. For an indicator with dimensions [d1, ..., dk], a breakdown along di is
#    the set of rows with the same indicator and period and the same values in every other
#    dimension. A row whose di is NA is that breakdown's total (the toolkit publishes
#    totals as rows with fewer dimensions, the dropped dimension set to NA), so a total
#    is an ordinary member: "cells summing to a published total" and "cells summing to
#    each other" are covered by the same rule. Dimension columns that an indicator does
#    not use must be NA on its rows and are ignored for it, so indicators never mix.
# 3. Secondary suppression. When a breakdown of two or more rows has exactly one hidden
#    row, the hidden value could be recomputed from the others (total minus the rest),
#    so one more row of that breakdown is hidden: the published row with the smallest n,
#    then the smallest value, then the first in frame order. Rows with n == 0 come last:
#    hiding a zero gives no cover (the two hidden values would add up to the small one).
#    The dimensions are visited in turn and the passes repeat until nothing changes,
#    because a secondary hide can leave a single hidden row in a breakdown along another
#    dimension. It always terminates, and afterwards no breakdown of two or more rows has
#    exactly one hidden row. A breakdown of one row has nothing to protect it with.
# 4. Hidden means hidden: ``value`` and ``n`` become NA (never 0), and the new column
#    ``suppressed`` says why ("" / "primær" / "sekundær"). Running ``suppress`` again on
#    its own output changes nothing.
#
# Not covered (callers keep them apart): sums across periods (a quarter next to its three
# months) and relations between different indicators (counts next to shares of the same
# people). Publish one period level at a time.

SUPPRESSION_THRESHOLD = 5
MIN_CELL_ENV = "TVAERBLIK_MIN_CELL"
NOT_SUPPRESSED = ""
PRIMARY = "primær"
SECONDARY = "sekundær"
SECONDARY_MARK = "–"  # en dash: what a table shows for a secondary-suppressed cell
THRESHOLD_ATTR = "suppression_threshold"  # ``suppress`` records its threshold in frame.attrs
_MARKS = (NOT_SUPPRESSED, PRIMARY, SECONDARY)
_REQUIRED = ("indicator", "period", "value", "n")


def share_disclosure_n(with_flag: Any, without: Any, group: Any = None) -> Any:
    """The persons a share points at, which is what suppression must look at.

    A share says something about both sides: 1 of 6 exiting to work singles out one citizen.
    So it is the smaller side when both sides have persons, else the whole group (``group``,
    default both sides together). Numbers or arrays/Series of equal length.
    """
    whole = with_flag + without if group is None else group
    both = (with_flag > 0) & (without > 0)
    return np.where(both, np.minimum(with_flag, without), whole)


def suppression_threshold(explicit: int | None = None) -> int:
    """The smallest published count: ``explicit`` wins, then ``TVAERBLIK_MIN_CELL``, then 5."""
    if explicit is None:
        text = os.environ.get(MIN_CELL_ENV, "").strip()
        if not text:
            return SUPPRESSION_THRESHOLD
        try:
            explicit = int(text)
        except ValueError:
            raise ValueError(
                f"{MIN_CELL_ENV} skal være et helt tal, mindst 1 (fik {text!r})."
            ) from None
    if isinstance(explicit, bool) or not isinstance(explicit, int | np.integer) or explicit < 1:
        raise ValueError(f"Grænsen for små tal skal være et helt tal, mindst 1 (fik {explicit!r}).")
    return int(explicit)


def footnote_da(threshold: int | None = None) -> str:
    """The footnote every table or chart with suppressed cells carries."""
    limit = suppression_threshold(threshold)
    return (
        f"Tal for færre end {limit} personer er skjult («<{limit}»), og det samme gælder tal, "
        f"der ville gøre det muligt at regne dem ud («{SECONDARY_MARK}»)."
    )


FOOTNOTE_DA = footnote_da(SUPPRESSION_THRESHOLD)


def suppress(
    frame: pd.DataFrame,
    dimensions: Mapping[str, Sequence[str]],
    threshold: int | None = None,
    *,
    exempt: Collection[str] = (),
) -> pd.DataFrame:
    """A copy of the tidy indicator ``frame`` with small cells hidden (rules above).

    ``dimensions`` maps every indicator id in the frame to its dimension columns.
    ``exempt`` names indicators with no persons behind them (e.g. budgets from the
    accounts); their rows pass unchanged. ``threshold`` defaults to
    ``suppression_threshold()``. Returns the frame with ``value`` and ``n`` set to NA where
    hidden, ``n`` as Int64, and a ``suppressed`` column ("" / "primær" / "sekundær").
    """
    limit = suppression_threshold(threshold)
    exempt = frozenset(exempt)
    _check_frame(frame, dimensions, exempt)
    out = frame.copy()

    indicator_codes, indicators = pd.factorize(out["indicator"])
    period_codes = pd.factorize(out["period"], use_na_sentinel=False)[0]
    is_exempt = np.isin(indicator_codes, [i for i, ind in enumerate(indicators) if ind in exempt])

    n = out["n"].astype("Int64")
    n_missing = n.isna().to_numpy(dtype=bool)
    n_values = n.to_numpy(dtype="int64", na_value=-1)
    prior = _prior_marks(out)
    secondary = ~is_exempt & (prior == SECONDARY)
    primary = (
        ~is_exempt
        & ~secondary
        & ((prior == PRIMARY) | n_missing | ((n_values > 0) & (n_values < limit)))
    )
    hidden = primary | secondary

    value_key = pd.to_numeric(out["value"]).to_numpy(dtype="float64", na_value=np.inf)
    zero_last = (n_values == 0).astype(np.int8)
    groups = _breakdowns(out, dimensions, indicator_codes, indicators, period_codes, is_exempt)
    changed = True
    while changed:
        changed = False
        for group_ids in groups:
            chosen = _complements(group_ids, hidden, zero_last, n_values, value_key)
            if chosen.size:
                hidden[chosen] = True
                secondary[chosen] = True
                changed = True

    mask = pd.Series(hidden, index=out.index)
    out["value"] = out["value"].mask(mask)
    out["n"] = n.mask(mask)
    marks = np.array(_MARKS, dtype=object)[primary.astype(np.int8) + 2 * secondary.astype(np.int8)]
    out["suppressed"] = pd.Series(pd.array(marks, dtype="str"), index=out.index)
    out.attrs[THRESHOLD_ATTR] = limit
    return out


def display(
    value: object,
    suppressed: object,
    *,
    formatter: Callable[[float], str] = formats.number,
    threshold: int | None = None,
) -> str:
    """The Danish text of one cell: "<5" (primary), "–" (secondary), else ``formatter(value)``.

    A missing value that is not suppressed (a mean over nobody) shows as an empty string.
    Pass the ``threshold`` given to ``suppress`` if it was not the configured one.
    """
    mark = suppressed if isinstance(suppressed, str) else NOT_SUPPRESSED
    if mark == PRIMARY:
        return f"<{suppression_threshold(threshold)}"
    if mark == SECONDARY:
        return SECONDARY_MARK
    if value is None or bool(pd.isna(value)):  # type: ignore[call-overload]
        return ""
    return formatter(float(value))  # type: ignore[arg-type]


def display_values(
    frame: pd.DataFrame,
    *,
    formatter: Callable[[float], str] = formats.number,
    threshold: int | None = None,
) -> pd.Series:
    """``display`` for every row of a suppressed frame, as a ``str`` Series.

    The threshold defaults to the one ``suppress`` recorded in ``frame.attrs``.
    """
    if threshold is None:
        threshold = frame.attrs.get(THRESHOLD_ATTR)
    limit = suppression_threshold(threshold)
    marks = frame["suppressed"].astype("str").fillna(NOT_SUPPRESSED).to_numpy(dtype=object)
    shown = (marks == NOT_SUPPRESSED) & frame["value"].notna().to_numpy(dtype=bool)
    values = frame["value"].to_numpy(dtype=object)
    text = np.full(len(frame), "", dtype=object)
    text[shown] = [formatter(float(v)) for v in values[shown]]
    text[marks == PRIMARY] = f"<{limit}"
    text[marks == SECONDARY] = SECONDARY_MARK
    return pd.Series(pd.array(text, dtype="str"), index=frame.index)


def _check_frame(
    frame: pd.DataFrame, dimensions: Mapping[str, Sequence[str]], exempt: frozenset[str]
) -> None:
    """Refuse a frame the rules cannot vouch for: a wiring error must not leak a cell."""
    missing = [col for col in _REQUIRED if col not in frame.columns]
    if missing:
        raise ValueError(f"suppress: the frame lacks the column(s) {missing}")
    if frame["indicator"].isna().any():
        raise ValueError("suppress: an indicator id is missing")
    present = set(frame["indicator"].unique())
    unmapped = sorted(present - set(dimensions) - exempt)
    if unmapped:
        raise ValueError(f"suppress: no dimensions given for indicator(s) {unmapped}")
    used: set[str] = set()
    for indicator in present - exempt:
        dims = dimensions[indicator]
        if isinstance(dims, str):
            raise TypeError(f"suppress: dimensions of {indicator!r} must be a list of columns")
        used.update(dims)
    absent = sorted(used - set(frame.columns))
    if absent:
        raise ValueError(f"suppress: dimension column(s) {absent} are not in the frame")
    if not used:
        return
    codes = frame["indicator"]
    filled = frame[sorted(used)].notna()
    for indicator in present - exempt:
        foreign = sorted(used - set(dimensions[indicator]))
        if foreign:
            leaks = filled.loc[(codes == indicator).to_numpy(), foreign].any()
            if leaks.any():
                raise ValueError(
                    f"suppress: rows of {indicator!r} have values in column(s) "
                    f"{list(leaks.index[leaks.to_numpy()])}, which are not among its dimensions"
                )


def _prior_marks(frame: pd.DataFrame) -> np.ndarray:
    """The marks of an earlier ``suppress`` run (so a second run changes nothing)."""
    if "suppressed" not in frame.columns:
        return np.full(len(frame), NOT_SUPPRESSED, dtype=object)
    marks = frame["suppressed"].astype("str").fillna(NOT_SUPPRESSED)
    unknown = set(marks.unique()) - set(_MARKS)
    if unknown:
        raise ValueError(f"suppress: unknown marks in column 'suppressed': {sorted(unknown)}")
    return marks.to_numpy(dtype=object)


def _breakdowns(
    frame: pd.DataFrame,
    dimensions: Mapping[str, Sequence[str]],
    indicator_codes: np.ndarray,
    indicators: pd.Index,
    period_codes: np.ndarray,
    is_exempt: np.ndarray,
) -> list[np.ndarray]:
    """One array of breakdown ids per dimension position (-1: the row is in none).

    Indicators use different columns, so each row's dimensions are laid out by position:
    slot i holds the codes of the row's indicator's i-th dimension (NA is a code of its
    own, the total). A breakdown along position i groups rows by indicator, period and
    every other slot; rows of indicators with fewer than i + 1 dimensions are left out.
    """
    rows = len(frame)
    width = max((len(dimensions[ind]) for ind in indicators if ind in dimensions), default=0)
    slots = np.zeros((width, rows), dtype=np.int64)
    depth = np.zeros(rows, dtype=np.int64)
    codes: dict[str, np.ndarray] = {}
    for position, indicator in enumerate(indicators):
        if indicator not in dimensions:  # exempt
            continue
        own = indicator_codes == position
        depth[own] = len(dimensions[indicator])
        for slot, column in enumerate(dimensions[indicator]):
            if column not in codes:
                codes[column] = pd.factorize(frame[column], use_na_sentinel=True)[0]
            slots[slot, own] = codes[column][own]
    depth[is_exempt] = 0

    groups = []
    for slot in range(width):
        member = depth > slot
        ids = np.full(rows, -1, dtype=np.int64)
        keys = [indicator_codes[member], period_codes[member]]
        keys += [slots[other, member] for other in range(width) if other != slot]
        ids[member] = _dense_ids(keys)
        groups.append(ids)
    return groups


def _dense_ids(keys: list[np.ndarray]) -> np.ndarray:
    """Ids 0..m-1 for the distinct combinations of equally long integer arrays."""
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    for key in keys:
        key_codes, uniques = pd.factorize(key)
        combined = pd.factorize(combined * len(uniques) + key_codes)[0].astype(np.int64)
    return combined


def _complements(
    group_ids: np.ndarray,
    hidden: np.ndarray,
    zero_last: np.ndarray,
    n_values: np.ndarray,
    value_key: np.ndarray,
) -> np.ndarray:
    """Rows to hide so that no breakdown of two or more rows has exactly one hidden row."""
    member = group_ids >= 0
    if not member.any():
        return np.empty(0, dtype=np.int64)
    ids = group_ids[member]
    size = np.bincount(ids)
    hidden_count = np.bincount(ids, weights=hidden[member], minlength=len(size))
    exposed = (size >= 2) & (hidden_count == 1)
    if not exposed.any():
        return np.empty(0, dtype=np.int64)
    candidates = np.flatnonzero(member & ~hidden)
    candidates = candidates[exposed[group_ids[candidates]]]
    order = np.lexsort(
        (
            candidates,
            value_key[candidates],
            n_values[candidates],
            zero_last[candidates],
            group_ids[candidates],
        )
    )
    ranked = candidates[order]
    ranked_ids = group_ids[ranked]
    first = np.ones(len(ranked), dtype=bool)
    first[1:] = ranked_ids[1:] != ranked_ids[:-1]
    return ranked[first]
