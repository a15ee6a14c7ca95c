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
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toolkit import config, schema

# The one shape of a CPR number: six digits (the birth date), an optional dash, four digits.
CPR_SHAPE = r"\d{6}-?\d{4}"
_CPR_TEXT = re.compile(rf"^\s*({CPR_SHAPE})\s*$")
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
    return match.group(1).replace("-", "") if match else None


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
    hashed = pd.array([*fn([str(v) for v in uniques.tolist()], key, cache), None], dtype="str")
    codes = np.where(codes < 0, len(uniques), codes)
    return pd.Series(hashed.take(codes), index=series.index, dtype="str")


_CPR_INSIDE = re.compile(rf"(?<!\d){CPR_SHAPE}(?!\d)")


def contains_cpr(text: str) -> bool:
    """True when ``text`` holds a plausible CPR number anywhere (ten digits, alone or with a
    dash, forming a valid birth date), also inside IDs such as "ddmmåå-xxxx-1"."""
    return any(birth_date(m.group(0).replace("-", "")) for m in _CPR_INSIDE.finditer(text))


def mask_cpr(text: str) -> str:
    """``text`` with every plausible CPR number replaced by "XXXXXX-XXXX"."""

    def hide(match: re.Match[str]) -> str:
        valid = birth_date(match.group(0).replace("-", "")) is not None
        return "XXXXXX-XXXX" if valid else match.group(0)

    return _CPR_INSIDE.sub(hide, text)


# _CPR_INSIDE for Arrow's RE2, which has no look-behind: it finds every text _CPR_INSIDE
# finds (a digit is any decimal digit, as Python's \d; only an ASCII digit beside the run
# rules it out), so only the few texts it finds need the exact check in Python.
_CPR_CANDIDATE = r"(?:^|[^0-9])\p{Nd}{6}-?\p{Nd}{4}(?:[^0-9]|$)"


def cpr_like_mask(series: pd.Series) -> pd.Series:
    """True where a text cell holds a plausible CPR number, alone or inside other text.

    The date check keeps ordinary IDs such as "202401-0001" (month 24) from being flagged.
    Each distinct text is looked at once.
    """
    codes, uniques = pd.factorize(series.astype("str"), use_na_sentinel=True)
    texts = pa.array(uniques, type=pa.large_string())
    candidates = pc.match_substring_regex(texts, _CPR_CANDIDATE)
    flagged = np.zeros(len(uniques) + 1, dtype=bool)  # the last: a missing value (code -1)
    for position in np.flatnonzero(candidates.to_numpy(zero_copy_only=False)):
        flagged[position] = contains_cpr(str(uniques[int(position)]))
    return pd.Series(flagged[codes], index=series.index)


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
