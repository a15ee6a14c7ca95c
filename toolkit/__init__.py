"""Tværblik: steering toolkit for the cross-sector rehabilitation effort in Danish municipalities.

``toolkit.load()`` returns the current stored version as a :class:`toolkit.register.Dataset`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from toolkit.register import Dataset


def load(data: str | os.PathLike[str] | None = None, version: str | None = None) -> Dataset:
    """The current (or a named) version of the store in ``data`` (default ``./data``)."""
    from toolkit import config
    from toolkit.store import Store

    return Store(config.data_dir(data)).load(version)
