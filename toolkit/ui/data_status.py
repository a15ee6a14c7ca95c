"""Which version the pages show: the data folder's current version read from the versions'
manifests, or a Danish sentence saying why the folder cannot be read.

Shared by the Forside and every page that opens the current version; only the manifests are
read, never the tables, so it stays quick however large the register grows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit import config
from toolkit.store import Store, StoreError, VersionInfo


@dataclass(frozen=True)
class DataStatus:
    """What the pages say about the data folder."""

    data_dir: Path
    current: VersionInfo | None = None
    version_count: int = 0
    problem: str | None = None  # a Danish sentence when the folder cannot be read


def data_status(data_dir: Path | None = None) -> DataStatus:
    """The current version of the store in ``data_dir`` (``TVAERBLIK_DATA`` or ``./data``)."""
    folder = config.data_dir(data_dir).expanduser().resolve()
    try:
        versions = Store(folder).versions()
    except StoreError as exc:
        return DataStatus(folder, problem=str(exc))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return DataStatus(folder, problem=f"Datamappen kan ikke læses ({reason}).")
    except (KeyError, TypeError, ValueError):  # a manifest without the expected fields
        return DataStatus(
            folder, problem="Et manifest i datamappen mangler oplysninger og kan ikke læses."
        )
    current = next((info for info in versions if info.is_current), None)
    return DataStatus(folder, current=current, version_count=len(versions))
