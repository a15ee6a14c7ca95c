"""Where things live and how much input is accepted: one place for paths and limits."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = Path("data")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS_PER_SHEET = 1_000_000


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--data DIR`` wins, then ``TVAERBLIK_DATA``, then ``./data``."""
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get("TVAERBLIK_DATA")
    return Path(env) if env else DEFAULT_DATA_DIR


def key_file() -> Path:
    """The pseudonymisation key: ``TVAERBLIK_KEY_FILE`` or a per-user file outside the data."""
    env = os.environ.get("TVAERBLIK_KEY_FILE")
    if env:
        return Path(env)
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "tvaerblik" / "pseudonym.key"


def cache_dir() -> Path:
    """Per-user files that can be made again (the charts' bundled JavaScript):
    ``$XDG_CACHE_HOME/tvaerblik`` or ``~/.cache/tvaerblik``."""
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache_home) / "tvaerblik"


def municipality() -> str:
    """The municipality's name on briefings from ``TVAERBLIK_KOMMUNE``, '' when unset (the
    briefing first takes ``--kommune``, then the sheet Kommune in oekonomi.xlsx)."""
    return os.environ.get("TVAERBLIK_KOMMUNE", "").strip()


@dataclass(frozen=True)
class Limits:
    """Bounds on untrusted workbooks; both can be raised by environment variables."""

    max_file_bytes: int = MAX_FILE_BYTES
    max_rows_per_sheet: int = MAX_ROWS_PER_SHEET

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            max_file_bytes=int(os.environ.get("TVAERBLIK_MAX_FILE_MB", "50")) * 1024 * 1024,
            max_rows_per_sheet=int(os.environ.get("TVAERBLIK_MAX_ROWS", str(MAX_ROWS_PER_SHEET))),
        )
