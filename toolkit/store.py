"""The versioned store: every accepted import becomes an immutable version on disk.

Layout of the data folder::

    root/
      CURRENT                  names the current version ("v0003"); replaced atomically
      audit.log                chained JSON lines: imports, rejections, rollbacks (audit.py)
      .lock                    flock target so two imports or rollbacks cannot interleave
      versions/
        v0001/
          manifest.json        written last: a version folder without it is never used
          register/<table>.parquet
          oekonomi/<table>.parquet
          scenarier/<table>.parquet   (only from the version that first imported scenarier.xlsx)
          national/<table>.parquet    (only from the version that first imported published files)
        .tmp-v0004-…/          a write in progress (or one that crashed): ignored, cleaned later

A version is written into a temporary folder, every file fsynced, the manifest last, then
the folder is renamed into place and only then does ``CURRENT`` move (write ``CURRENT.tmp``,
fsync, ``os.replace``). A crash at any moment therefore leaves the previous version current
and readable. Versions are never changed or deleted; a rollback only moves the pointer.
Every move of the pointer is written to the audit log as an intent before and confirmed
after; an intent left unconfirmed by a crash is settled at the next move.

The folder is its owner's only (folders 0700, files 0600); a version's files are read-only
(0400) and their SHA-256 is in the manifest and checked whenever a table is read, because
versions share unchanged files through hard links: one edited file would change several.

A version has up to four parts: one per workbook (``register``, ``oekonomi`` and
``scenarier``) and ``national``, the published national figures (Jobindsats, the
ministry's benchmark, FOLK1A). Each may be imported alone; the others are inherited from the
previous version. A version written before scenarier.xlsx or the national figures existed
lacks that part and loads with its tables empty. The national part is written whole, like the
others; that it holds the previous version's rows merged with the new files' (toolkit.ingest)
is recorded in the part's ``merged_with``.

Nothing here ever writes a CPR number or a cell value outside the Parquet tables, and
:meth:`Store.save` refuses tables in which a text cell looks like a CPR number.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import toolkit
from toolkit import pseudonyms, schema
from toolkit.audit import ABORTED, CONFIRM, DONE, INTENT, AuditLog, current_user, now_iso
from toolkit.register import Dataset, Economy, National, Register, Scenarios, conform

if TYPE_CHECKING:  # only the type: loading data must not pull in the Excel readers
    from toolkit.workbook.check import SourceFile

Progress = Callable[[str], None]

MANIFEST_FORMAT = 1
# "register", "oekonomi", "scenarier", "national"
PARTS: tuple[str, ...] = (
    schema.REGISTER.kind,
    schema.ECONOMY.kind,
    schema.SCENARIO_BOOK.kind,
    schema.NATIONAL.kind,
)

_VERSION_NAME = re.compile(r"^v(\d{4,})$")
_TEMP_PREFIX = ".tmp-"
FOLDER_MODE, FILE_MODE, STORED_MODE = 0o700, 0o600, 0o400
_POINTER_EVENTS = ("import", "rollback")


class StoreError(RuntimeError):
    """An expected problem with the data folder; the message is one Danish sentence."""


class EmptyStoreError(StoreError):
    pass


class UnknownVersionError(StoreError):
    pass


class StoreBusyError(StoreError):
    pass


class CprInDataError(StoreError):
    """A text column holds values shaped like CPR numbers: the table is not stored."""


class IntegrityError(StoreError):
    """A stored file differs from its checksum in the manifest: the version is not used."""


@dataclass(frozen=True)
class StoredSource:
    """A source workbook as the manifest records it (no folder, never its content)."""

    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class PartInfo:
    """One part (register, economy, scenarios or national figures) of a version."""

    sources: tuple[StoredSource, ...]
    rows: dict[str, int]  # table -> row count
    inherited_from: str | None  # None: imported in this version
    # The version whose rows the imported files were merged into (national figures only):
    # its rows the new files did not replace are in this part too.
    merged_with: str | None = None

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@dataclass(frozen=True)
class VersionInfo:
    id: str
    created: datetime
    user: str
    parts: dict[str, PartInfo]  # only the parts the version holds
    is_current: bool
    toolkit_version: str = ""
    schema_version: str = ""
    key_fingerprint: str = ""  # "": made before fingerprints were recorded
    was_current: bool = True  # False: its import never got as far as switching to it

    @property
    def sources(self) -> tuple[StoredSource, ...]:
        """The files behind this version's data, inherited parts included."""
        return tuple(s for part in self.parts.values() for s in part.sources)

    @property
    def imported_sources(self) -> tuple[StoredSource, ...]:
        """The files imported when this version was made."""
        return tuple(
            s for part in self.parts.values() if part.inherited_from is None for s in part.sources
        )

    @property
    def row_counts(self) -> dict[str, dict[str, int]]:
        return {name: dict(part.rows) for name, part in self.parts.items()}

    @property
    def inherited_from(self) -> dict[str, str]:
        return {
            name: part.inherited_from
            for name, part in self.parts.items()
            if part.inherited_from is not None
        }


@dataclass(frozen=True)
class PointerChange:
    """What a rollback did, as seen under the lock."""

    previous: str | None
    current: str

    @property
    def changed(self) -> bool:
        return self.previous != self.current


@dataclass(frozen=True)
class KeyReference:
    """The key fingerprint a new version must match, and the version it comes from."""

    version: str
    fingerprint: str | None  # None: no version records a fingerprint


@dataclass
class _LockState:
    depth: int = 0
    handle: Any = None
    mutex: threading.RLock = field(default_factory=threading.RLock)


class Store:
    """Immutable versions of the pseudonymised tables in ``root`` (the data folder)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._lock_state = _LockState()
        self.audit_log = AuditLog(self.audit_path)

    # -- paths ---------------------------------------------------------------------------

    @property
    def versions_dir(self) -> Path:
        return self.root / "versions"

    @property
    def pointer_path(self) -> Path:
        return self.root / "CURRENT"

    @property
    def audit_path(self) -> Path:
        return self.root / "audit.log"

    @property
    def lock_path(self) -> Path:
        return self.root / ".lock"

    def version_dir(self, version: str) -> Path:
        return self.versions_dir / normalise_version(version)

    # -- reading -------------------------------------------------------------------------

    def current_version(self) -> str | None:
        try:
            text = self.pointer_path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        if not _VERSION_NAME.match(text) or not self._is_complete(text):
            stored = ", ".join(self._version_names()) or "ingen"
            raise StoreError(
                f"Filen {self.pointer_path} peger på en version, der ikke findes ({text!r}). "
                f"Gemte versioner: {stored}. Vælg en af dem med «tvaerblik rollback VERSION»."
            )
        return text

    def versions(self) -> list[VersionInfo]:
        """Every complete version, oldest first."""
        current = self.current_version()
        names = self._version_names()
        made_current = self._made_current() if names else set()
        return [
            _version_info(
                self._read_manifest(name),
                is_current=name == current,
                was_current=name == current or name in made_current,
            )
            for name in names
        ]

    def key_reference(self) -> KeyReference | None:
        """The key a new version must be made with: the current version's, or (when that
        version predates fingerprints) the newest recorded one. None when nothing is stored."""
        current = self.current_version()
        if current is None:
            return None
        fingerprint = self._read_manifest(current).get("key_fingerprint")
        if fingerprint:
            return KeyReference(current, fingerprint)
        for name in reversed(self._version_names()):
            fingerprint = self._read_manifest(name).get("key_fingerprint")
            if fingerprint:
                return KeyReference(name, fingerprint)
        return KeyReference(current, None)

    def permission_warning(self) -> str | None:
        """A Danish warning when others than the owner may enter or read the data folder."""
        try:
            mode = stat.S_IMODE(self.root.stat().st_mode)
        except FileNotFoundError:
            return None
        if not mode & 0o077:
            return None
        return (
            f"Datamappen {self.root} kan læses af andre end ejeren (rettigheder {mode:04o}). "
            f"Gør den privat med «chmod 700 {self.root}»."
        )

    def manifest(self, version: str | None = None) -> dict[str, Any]:
        return self._read_manifest(self._resolve(version))

    def load(self, version: str | None = None) -> Dataset:
        """The current (or the named) version as a :class:`Dataset`."""
        name = self._resolve(version)
        manifest = self._read_manifest(name)
        tables = {part: self._read_part(name, manifest, part) for part in PARTS}
        return Dataset(
            version=name,
            register=Register.from_tables(tables["register"]),
            economy=Economy.from_tables(tables["oekonomi"]),
            manifest=manifest,
            scenarios=Scenarios.from_tables(tables["scenarier"]),
            national=National.from_tables(tables[schema.NATIONAL.kind]),
        )

    def read_table(
        self, table: str, columns: Sequence[str] | None = None, version: str | None = None
    ) -> pd.DataFrame | None:
        """One stored table (optionally only some columns); None when its part is absent."""
        name = self._resolve(version)
        part = schema.sheet(table).workbook
        entry = (self._read_manifest(name)["parts"].get(part) or {}).get("files", {}).get(table)
        if entry is None:
            return None
        return self._read_verified(name, entry, list(columns) if columns else None)

    # -- writing -------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the store's write lock (re-entrant within this Store object).

        ``timeout`` seconds to wait for another process; None waits as long as it takes.
        """
        state = self._lock_state
        with state.mutex:
            if state.depth == 0:
                self.root.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
                handle = os.fdopen(
                    os.open(self.lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE), "r+b"
                )
                try:
                    _flock(handle, timeout)
                except BaseException:
                    handle.close()
                    raise
                state.handle = handle
            state.depth += 1
            try:
                yield
            finally:
                state.depth -= 1
                if state.depth == 0:
                    fcntl.flock(state.handle.fileno(), fcntl.LOCK_UN)
                    state.handle.close()
                    state.handle = None

    def save(
        self,
        register: Register | None,
        economy: Economy | None,
        sources: Sequence[SourceFile],
        user: str | None = None,
        *,
        scenarios: Scenarios | None = None,
        national: National | None = None,
        national_merged_with: str | None = None,
        progress: Progress | None = None,
        key_fingerprint: str | None = None,
        audit_extra: Mapping[str, Any] | None = None,
    ) -> str:
        """Store a new version and make it current; a part given as None is inherited.

        Register, economy, scenarios and national figures may be imported separately: a part
        not given keeps the data of the current version (hard-linked, or copied where links
        are not possible), or stays absent if the current version has none.
        ``national_merged_with`` names the version whose national rows ``national`` already
        holds besides the new files' (the manifest records it). ``key_fingerprint`` names
        the pseudonym key the tables were made with; ``audit_extra`` goes into the import's
        audit line.
        """
        if register is None and economy is None and scenarios is None and national is None:
            raise ValueError("save needs a register, an economy, scenarios, national or several")
        given: dict[str, Mapping[str, pd.DataFrame]] = {}
        if register is not None:
            given["register"] = register.tables()
        if economy is not None:
            given["oekonomi"] = economy.tables()
        if scenarios is not None:
            given["scenarier"] = scenarios.tables()
        if national is not None:
            given[schema.NATIONAL.kind] = national.tables()
        frames = {part: _conform_all(tables) for part, tables in given.items()}
        for tables in frames.values():
            refuse_cpr_like_values(tables)
        user = user or current_user()

        with self.lock():
            self._remove_stray_temp_folders()
            self._settle_unconfirmed()
            previous = self.current_version()
            previous_manifest = self._read_manifest(previous) if previous else None
            version = self._next_version_id()
            if progress:
                progress(f"Gemmer version {version} …")
            self.versions_dir.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
            temp = self.versions_dir / f"{_TEMP_PREFIX}{version}-{os.getpid()}"
            temp.mkdir(mode=FOLDER_MODE)
            try:
                parts: dict[str, dict[str, Any] | None] = {}
                for part in PARTS:
                    if part in frames:
                        written = self._write_part(temp, part, frames[part], sources)
                        if part == schema.NATIONAL.kind and national_merged_with:
                            written["merged_with"] = national_merged_with
                        parts[part] = written
                    elif previous and previous_manifest and previous_manifest["parts"].get(part):
                        parts[part] = self._inherit_part(temp, part, previous, previous_manifest)
                    else:
                        parts[part] = None
                manifest = {
                    "format": MANIFEST_FORMAT,
                    "version": version,
                    "created": now_iso(),
                    "user": user,
                    "toolkit_version": toolkit.__version__,
                    "schema_version": schema.SCHEMA_VERSION,
                    "previous": previous,
                    "key_fingerprint": key_fingerprint,
                    "parts": parts,
                }
                manifest_bytes = _json_bytes(manifest)
                _write_bytes(temp / "manifest.json", manifest_bytes, mode=STORED_MODE)
                _fsync_dir(temp)
            except BaseException:
                # An ordinary failure (disk full, bad frame) cleans up at once; a hard
                # crash leaves the folder for the next save to remove.
                shutil.rmtree(temp, ignore_errors=True)
                raise
            temp.rename(self.versions_dir / version)
            _fsync_dir(self.versions_dir)
            intent = {
                "event": "import",
                "status": INTENT,
                "version": version,
                "previous": previous,
                "user": user,
                "manifest_sha256": hashlib.sha256(manifest_bytes).hexdigest(),
                "key_fingerprint": key_fingerprint,
                **(audit_extra or {}),
                "files": [
                    source
                    for entry in parts.values()
                    if entry and entry["inherited_from"] is None
                    for source in entry["sources"]
                ],
                "rows": {name: entry["rows"] for name, entry in parts.items() if entry},
                "inherited": {
                    name: entry["inherited_from"]
                    for name, entry in parts.items()
                    if entry and entry["inherited_from"] is not None
                },
            }
            self._move_pointer(version, intent)
        return version

    def rollback(self, version: str, user: str | None = None) -> PointerChange:
        """Make an older (or newer) stored version current again; nothing is deleted.

        Returns what was current just before, as seen under the lock: another import may
        have moved the pointer after the caller last looked.
        """
        with self.lock():
            self._settle_unconfirmed()
            target = self._resolve(version)
            try:
                previous = self.current_version()
            except StoreError:  # a damaged pointer is exactly what a rollback repairs
                previous = None
            if target != previous:
                intent = {"event": "rollback", "status": INTENT, "version": target,
                          "previous": previous, "user": user or current_user()}  # fmt: skip
                self._move_pointer(target, intent)
            return PointerChange(previous, target)

    # -- audit log -----------------------------------------------------------------------

    def audit(self, event: Mapping[str, Any]) -> str:
        """Append one event (time, user and the chain added) to the audit log; returns the
        line's hash. Callers pass file names, hashes, counts and version ids, never cell
        values."""
        self.root.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        return self.audit_log.append(event)

    def audit_events(self) -> list[dict[str, Any]]:
        """The events, oldest first, each intent folded with its confirmation."""
        return self.audit_log.events()

    # -- internals -----------------------------------------------------------------------

    def _move_pointer(self, version: str, intent: Mapping[str, Any]) -> None:
        """Log the intent, switch, confirm: a crash leaves an intent the next move settles."""
        digest = self.audit(intent)
        self._switch_pointer(version)
        self.audit({"event": CONFIRM, "confirms": digest, "version": version, "outcome": DONE})

    def _settle_unconfirmed(self) -> None:
        """Confirm or abort the last pointer move a crash left unconfirmed (under the lock)."""
        lines = self.audit_log.lines()
        for line in reversed(lines):
            record = line.record or {}
            if record.get("event") == CONFIRM:
                return
            if record.get("event") not in _POINTER_EVENTS:
                continue
            if record.get("status") == INTENT:
                try:
                    current = self.current_version()
                except StoreError:
                    current = None
                outcome = DONE if current == record.get("version") else ABORTED
                self.audit({"event": CONFIRM, "confirms": line.digest,
                            "version": record.get("version"), "outcome": outcome,
                            "recovered": True})  # fmt: skip
            return

    def _made_current(self) -> set[str]:
        """Versions an import or a rollback made current (lines from before the two-step
        log count as done: they were written after the switch)."""
        return {
            str(event.get("version"))
            for event in self.audit_events()
            if event.get("event") in _POINTER_EVENTS and event.get("status", DONE) == DONE
        }

    def _switch_pointer(self, version: str) -> None:
        """Point CURRENT at ``version`` atomically: write a temp file, fsync, rename."""
        temp = self.root / "CURRENT.tmp"
        _write_bytes(temp, f"{version}\n".encode("ascii"), mode=FILE_MODE)
        temp.replace(self.pointer_path)  # atomic on POSIX: readers see old or new
        _fsync_dir(self.root)

    def _resolve(self, version: str | None) -> str:
        if version is None:
            current = self.current_version()
            if current is None:
                raise EmptyStoreError(
                    f"Datamappen {self.root} indeholder ingen data endnu. Indlæs regnearkene "
                    "med «tvaerblik import» eller prøv eksemplet med «tvaerblik demo»."
                )
            return current
        name = normalise_version(version)
        if not self._is_complete(name):
            raise UnknownVersionError(
                f"Versionen «{version}» findes ikke i {self.root}. Se de gemte versioner med "
                "«tvaerblik versions»."
            )
        return name

    def _is_complete(self, name: str) -> bool:
        return (self.versions_dir / name / "manifest.json").is_file()

    def _version_names(self) -> list[str]:
        if not self.versions_dir.is_dir():
            return []
        names = [
            p.name
            for p in self.versions_dir.iterdir()
            if _VERSION_NAME.match(p.name) and self._is_complete(p.name)
        ]
        return sorted(names, key=_version_number)

    def _next_version_id(self) -> str:
        # Count every vNNNN folder, complete or not, so a number is never reused.
        numbers = [0]
        if self.versions_dir.is_dir():
            numbers += [
                _version_number(p.name)
                for p in self.versions_dir.iterdir()
                if _VERSION_NAME.match(p.name)
            ]
        return f"v{max(numbers) + 1:04d}"

    def _read_manifest(self, name: str) -> dict[str, Any]:
        path = self.versions_dir / name / "manifest.json"
        try:
            manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise UnknownVersionError(
                f"Versionen «{name}» findes ikke i {self.root}. Se de gemte versioner med "
                "«tvaerblik versions»."
            ) from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise StoreError(f"Manifestet for version {name} ({path}) kan ikke læses.") from exc
        return manifest

    def _read_part(self, name: str, manifest: Mapping[str, Any], part: str) -> dict[str, Any]:
        entry = manifest["parts"].get(part)
        if not entry:
            return {}  # never imported: the bundle's empty tables stand in
        return {table: self._read_verified(name, info) for table, info in entry["files"].items()}

    def _read_verified(
        self, name: str, info: Mapping[str, Any], columns: list[str] | None = None
    ) -> pd.DataFrame:
        """One table, read once and refused when its bytes differ from the manifest's hash."""
        path = self.version_dir(name) / info["path"]
        data = path.read_bytes()
        expected = info.get("sha256")
        if expected and hashlib.sha256(data).hexdigest() != expected:
            raise IntegrityError(changed_file_message(name, info["path"]))
        return pq.read_table(pa.BufferReader(data), columns=columns).to_pandas()

    def _write_part(
        self,
        temp: Path,
        part: str,
        tables: Mapping[str, pd.DataFrame],
        sources: Sequence[SourceFile],
    ) -> dict[str, Any]:
        (temp / part).mkdir(mode=FOLDER_MODE)
        files = {}
        for table, frame in tables.items():
            relative = f"{part}/{table}.parquet"
            _write_parquet(frame, temp / relative)
            (temp / relative).chmod(STORED_MODE)
            files[table] = {"path": relative, "sha256": sha256_file(temp / relative)}
        _fsync_dir(temp / part)
        return {
            "sources": [_source_entry(s) for s in sources if s.kind == part],
            "rows": {table: len(frame) for table, frame in tables.items()},
            "files": files,
            "inherited_from": None,
        }

    def _inherit_part(
        self, temp: Path, part: str, previous: str, previous_manifest: Mapping[str, Any]
    ) -> dict[str, Any]:
        (temp / part).mkdir(mode=FOLDER_MODE)
        entry = previous_manifest["parts"][part]
        for info in entry["files"].values():
            source = self.versions_dir / previous / info["path"]
            expected = info.get("sha256")
            # A changed file must not be passed on to a new version as if it were intact.
            if expected and sha256_file(source) != expected:
                raise IntegrityError(changed_file_message(previous, info["path"]))
            _link_or_copy(source, temp / info["path"])
        _fsync_dir(temp / part)
        inherited = {
            "sources": entry["sources"],
            "rows": entry["rows"],
            "files": entry["files"],
            "inherited_from": previous,
            # Where the files were first imported, following a chain of inheritances.
            "imported_in": entry.get("imported_in") or entry.get("inherited_from") or previous,
        }
        if entry.get("merged_with"):
            inherited["merged_with"] = entry["merged_with"]
        return inherited

    def _remove_stray_temp_folders(self) -> None:
        """Remove what crashed writes left behind (only called while holding the lock)."""
        if not self.versions_dir.is_dir():
            return
        for path in self.versions_dir.iterdir():
            if path.name.startswith(_TEMP_PREFIX):
                shutil.rmtree(path, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            (self.root / "CURRENT.tmp").unlink()


# -- helpers ---------------------------------------------------------------------------


def normalise_version(version: str) -> str:
    """'3', 'v3', 'V0003' -> 'v0003'; anything else is an unknown version."""
    match = re.fullmatch(r"\s*[vV]?(\d{1,9})\s*", version)
    if not match:
        raise UnknownVersionError(
            f"«{version}» er ikke et versionsnavn. Versioner hedder v0001, v0002 osv."
        )
    return f"v{int(match.group(1)):04d}"


def refuse_cpr_like_values(tables: Mapping[str, pd.DataFrame]) -> None:
    """Raise :class:`CprInDataError` when a text column of a stored table holds a CPR number."""
    for table, frame in tables.items():
        sheet = schema.sheet(table)
        # Pseudonyms are ours: 20 hex characters may by chance hold ten digits in a row.
        pseudonym_columns = set(schema.stored_columns(sheet)) - {c.name for c in sheet.columns}
        for column in frame.columns:
            if column in pseudonym_columns or not pd.api.types.is_string_dtype(frame[column].dtype):
                continue
            count = int(pseudonyms.cpr_like_mask(frame[column]).sum())
            if count:
                header = _header(sheet, column)
                raise CprInDataError(
                    f"Arket «{sheet.name}», kolonne «{header}» indeholder {count} "
                    "værdi(er), der ligner CPR-numre; de gemmes ikke i datamappen."
                )


def safe_file_name(name: str) -> str:
    """A file name fit for the manifest and the audit log: CPR-shaped runs are masked."""
    return pseudonyms.mask_cpr(Path(name).name)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def changed_file_message(version: str, relative: str) -> str:
    return (
        f"Filen versions/{version}/{relative} i version {version} er ændret, efter den blev "
        "gemt (kontrolsummen passer ikke). Versionen bruges ikke. Rul tilbage til en anden "
        "version, og find årsagen med «tvaerblik check»."
    )


def _header(sheet: schema.Sheet, column: str) -> str:
    for stored, col in zip(schema.stored_columns(sheet), sheet.columns, strict=True):
        if stored == column:
            return col.header
    return column


def _conform_all(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    # Only the schema's stored columns reach the disk: an extra column (e.g. a raw CPR
    # column left over by mistake) is dropped here, not written.
    return {table: conform(table, frame) for table, frame in tables.items()}


def _source_entry(source: SourceFile) -> dict[str, Any]:
    return {"name": safe_file_name(source.name), "sha256": source.sha256, "size": source.size}


def _version_info(
    manifest: Mapping[str, Any], *, is_current: bool, was_current: bool = True
) -> VersionInfo:
    parts = {
        name: PartInfo(
            sources=tuple(
                StoredSource(s["name"], s.get("sha256", ""), int(s.get("size", 0)))
                for s in entry["sources"]
            ),
            rows={table: int(n) for table, n in entry["rows"].items()},
            inherited_from=entry.get("inherited_from"),
            merged_with=entry.get("merged_with"),
        )
        for name, entry in manifest["parts"].items()
        if entry
    }
    return VersionInfo(
        id=manifest["version"],
        created=datetime.fromisoformat(manifest["created"]),
        user=manifest.get("user", ""),
        parts=parts,
        is_current=is_current,
        toolkit_version=manifest.get("toolkit_version", ""),
        schema_version=manifest.get("schema_version", ""),
        key_fingerprint=manifest.get("key_fingerprint") or "",
        was_current=was_current,
    )


def _version_number(name: str) -> int:
    match = _VERSION_NAME.match(name)
    return int(match.group(1)) if match else 0


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    with _open_private(path) as handle:
        pq.write_table(table, handle)
        handle.flush()
        os.fsync(handle.fileno())


def _write_bytes(path: Path, data: bytes, *, mode: int) -> None:
    with _open_private(path) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    path.chmod(mode)


def _open_private(path: Path) -> Any:
    """A new file only its owner can read, whatever the umask (replacing a stale one)."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb")


def _json_bytes(obj: object) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _link_or_copy(source: Path, target: Path) -> None:
    # Versions are immutable, so sharing the bytes through a hard link is safe and free.
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
        with target.open("rb") as handle:
            os.fsync(handle.fileno())
    # A link made from a version written before files were read-only protects both names.
    with contextlib.suppress(PermissionError):
        target.chmod(STORED_MODE)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _flock(handle: Any, timeout: float | None) -> None:
    if timeout is None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise StoreBusyError(
                    "En anden indlæsning er i gang i samme datamappe. Vent til den er færdig, "
                    "og prøv igen."
                ) from None
            time.sleep(0.1)
