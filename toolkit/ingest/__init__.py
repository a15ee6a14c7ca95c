"""The single import path: validate workbooks and published files, pseudonymise, store a
new version.

The ``tvaerblik`` command and the dashboards' upload box both come through here, so a
workbook is always checked the same way and the store only ever sees pseudonymised data.
Published national files (Jobindsats, FOLK1A: :func:`toolkit.published.is_published`) go
to :mod:`toolkit.published` and are merged into the stored national figures
(:mod:`toolkit.ingest.national`); the workbooks go to the workbook check; one report holds
both. An import is all or nothing: one error in any file and the store is left exactly as it
was (only the audit log records the rejection).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit import config, pseudonyms, schema
from toolkit.config import Limits
from toolkit.ingest.national import NationalCheck, check_national
from toolkit.published import is_published
from toolkit.register import Economy, Register, Scenarios
from toolkit.store import KeyReference, Store, safe_file_name
from toolkit.workbook.check import CheckResult, ReferenceData, check_files
from toolkit.workbook.report import Report

Progress = Callable[[str], None]

# Columns of the stored register that name a department or an intervention type.
_REGISTER_DEPARTMENT_COLUMNS = {
    "courses": "coordinating_department",
    "meetings": "department",
    "interventions": "department",
}
_REGISTER_TYPE_COLUMNS = {"interventions": "intervention_type"}


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the full check result, and the new version (None: rejected)."""

    result: CheckResult
    version: str | None
    notes: tuple[str, ...] = ()  # Danish sentences worth telling (a new key series)

    @property
    def imported(self) -> bool:
        return self.version is not None

    @property
    def report(self) -> Report:
        return self.result.report


def reference_from_store(store: Store) -> ReferenceData | None:
    """Codes of the current version, for checking one workbook without the other.

    None when nothing is stored yet. Only the few code columns are read, not whole tables.
    """
    version = store.current_version()
    if version is None:
        return None

    def codes(columns: Mapping[str, str]) -> frozenset[str] | None:
        found: set[str] = set()
        for table, column in columns.items():
            frame = store.read_table(table, [column], version=version)
            if frame is None:
                return None  # the part was never imported
            found.update(str(v) for v in frame[column].dropna())
        return frozenset(found)

    return ReferenceData(
        departments=codes({"departments": "department"}),
        intervention_types=codes({"prices": "intervention_type"}),
        used_departments=codes(_REGISTER_DEPARTMENT_COLUMNS),
        used_intervention_types=codes(_REGISTER_TYPE_COLUMNS),
        source=f"den gemte version {version}",
    )


def validate_files(
    paths: Sequence[Path],
    data_dir: Path,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> CheckResult:
    """Check workbooks and published files; a workbook given alone is checked against the
    stored version's codes, and the report says what the published files would replace in
    the stored national figures.

    Changes nothing on disk (the data folder is not even created).
    """
    result, _national = _validate(Store(data_dir), paths, limits, progress)
    return result


def import_files(
    paths: Sequence[Path],
    data_dir: Path,
    *,
    user: str | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
    lock_timeout: float | None = None,
    new_key_series: bool = False,
) -> ImportResult:
    """Validate ``paths`` and, only if there are no errors, store them as a new version.

    The key must be the one the current version was made with (its fingerprint is in the
    manifest), or ``new_key_series`` says on purpose that another key starts a new series.

    Raises :class:`toolkit.pseudonyms.KeyFileError` for a key problem and
    :class:`toolkit.store.StoreError` for a data folder problem (Danish messages); a
    workbook's own problems are in the returned report instead.
    """
    say = progress or _quiet
    paths = [Path(p) for p in paths]
    store = Store(data_dir)
    key_path = config.key_file()
    pseudonyms.check_key_outside(data_dir, key_path)
    warning = store.permission_warning()
    if warning:
        say(f"Advarsel: {warning}")
    with store.lock(timeout=lock_timeout):
        # The key is checked before the work of reading: a wrong key stops the import early.
        reference = store.key_reference()
        fingerprint = _existing_key_fingerprint(key_path, reference, new_key_series, say)
        # Validate under the lock, so the codes checked against and the national rows merged
        # with are those of the version the new one will be built on.
        result, national = _validate(store, paths, limits, progress)
        if not result.ok:
            store.audit(_rejection_event(paths, result))
            return ImportResult(result, None)
        starts_series = (
            reference is not None
            and reference.fingerprint is not None
            and fingerprint != reference.fingerprint
        )
        if starts_series:
            _refuse_mixed_series(store, result.tables.keys())
        key = pseudonyms.load_or_create_key(key_path)

        if set(result.tables) & set(schema.WORKBOOKS):  # published files hold no CPR
            say("Pseudonymiserer CPR-numre og initialer …")
        register = economy = scenarios = None
        if "register" in result.tables:
            register = Register.from_tables(
                pseudonyms.pseudonymise_tables(result.tables["register"], key)
            )
        if "oekonomi" in result.tables:
            economy = Economy.from_tables(
                pseudonyms.pseudonymise_tables(result.tables["oekonomi"], key)
            )
        if "scenarier" in result.tables:
            # No CPR in scenarier.xlsx; the same call keeps one path for every workbook.
            scenarios = Scenarios.from_tables(
                pseudonyms.pseudonymise_tables(result.tables["scenarier"], key)
            )
        extra: dict[str, Any] = {}
        notes: tuple[str, ...] = ()
        if starts_series and reference is not None:
            extra["new_key_series"] = {
                "previous_fingerprint": reference.fingerprint,
                "based_on": reference.version,
            }
            notes = (
                "Versionen begynder en ny nøgleserie: borgernes pseudonymer kan ikke kobles "
                f"til versionerne til og med {reference.version}.",
            )
        version = store.save(
            register,
            economy,
            result.sources,
            user=user,
            scenarios=scenarios,
            national=national.national if national else None,
            national_merged_with=national.merged_with if national else None,
            progress=say,
            key_fingerprint=pseudonyms.key_fingerprint(key),
            audit_extra=extra,
        )
    return ImportResult(result, version, notes)


def _existing_key_fingerprint(
    key_path: Path, reference: KeyReference | None, new_key_series: bool, say: Progress
) -> str | None:
    """The fingerprint of the key file (None: not created yet), refused unless it matches
    the data folder's or a new series is asked for. Never creates the key."""
    fingerprint = (
        pseudonyms.key_fingerprint(pseudonyms.load_or_create_key(key_path))
        if key_path.exists()
        else None
    )
    if reference is None:
        return fingerprint
    if reference.fingerprint is None:
        say(
            "Bemærk: versionerne i datamappen er lavet uden fingeraftryk af nøglen (før "
            "Tværblik gemte det), så nøglen kan ikke kontrolleres mod dem. Den nye version "
            "får fingeraftrykket."
        )
        return fingerprint
    if fingerprint == reference.fingerprint or new_key_series:
        return fingerprint
    consequence = (
        "Med en anden nøgle får borgerne nye pseudonymer og kan ikke følges fra de gemte "
        "versioner. Vil du med vilje begynde en ny nøgleserie, så kør «tvaerblik import "
        "--ny-noegle …» (det skrives i audit-loggen)."
    )
    if fingerprint is None:
        raise pseudonyms.KeyMismatchError(
            f"Nøglefilen {key_path} findes ikke, men version {reference.version} i datamappen "
            f"er lavet med en nøgle (fingeraftryk {reference.fingerprint}). Find nøglen (fx "
            f"sikkerhedskopien), og sæt TVAERBLIK_KEY_FILE til den. {consequence}"
        )
    raise pseudonyms.KeyMismatchError(
        f"Nøglen i {key_path} (fingeraftryk {fingerprint}) er en anden nøgle end den, version "
        f"{reference.version} i datamappen er lavet med (fingeraftryk "
        f"{reference.fingerprint}). {consequence}"
    )


def _refuse_mixed_series(store: Store, imported: Collection[str]) -> None:
    """A new key series may not inherit pseudonyms made with the old key."""
    current = store.current_version()
    parts = store.manifest(current)["parts"] if current else {}
    for workbook in schema.WORKBOOKS.values():
        holds_pseudonyms = any(
            column.kind in (schema.Kind.CPR, schema.Kind.STAFF)
            for sheet in workbook.sheets
            for column in sheet.columns
        )
        if holds_pseudonyms and parts.get(workbook.kind) and workbook.kind not in imported:
            raise pseudonyms.KeyMismatchError(
                f"En ny nøgleserie skal begynde med {workbook.file_name}: ellers ville den nye "
                "version blande pseudonymer lavet med to forskellige nøgler. Indlæs "
                f"{workbook.file_name} sammen med de andre regneark."
            )


def _validate(
    store: Store, paths: Sequence[Path], limits: Limits | None, progress: Progress | None
) -> tuple[CheckResult, NationalCheck | None]:
    """The workbooks' check with the published files' issues, files and merged national
    tables (``tables["national"]``) added; and the national check (None: no such files)."""
    paths = [Path(p) for p in paths]
    published = [path for path in paths if is_published(path)]
    workbooks = [path for path in paths if path not in published]
    if workbooks or not published:
        reference = reference_from_store(store)
        if reference is not None and progress:
            progress(f"Kontrollerer koder mod {reference.source} …")
        result = check_files(workbooks, reference, limits, progress)
    else:
        result = CheckResult(Report())
    if not published:
        return result, None
    national = check_national(store, published, limits, progress)
    result.report.extend(national.report.issues)
    result.sources.extend(national.sources)
    result.tables[schema.NATIONAL.kind] = national.national.tables()
    return result, national


def _rejection_event(paths: Sequence[Path], result: CheckResult) -> dict[str, object]:
    """What the audit log keeps of a rejected import: files, hashes and counts, no values."""
    by_path = {source.path: source for source in result.sources}
    by_name = {source.name: source for source in result.sources}
    files: list[dict[str, object]] = []
    for path in paths:
        source = by_path.get(path) or by_name.get(path.name)
        entry: dict[str, object] = {"name": safe_file_name(path.name)}
        if source is not None:
            entry.update(sha256=source.sha256, size=source.size)
        files.append(entry)
    return {
        "event": "rejection",
        "files": files,
        "errors": len(result.report.errors),
        "warnings": len(result.report.warnings),
    }


def _quiet(message: str) -> None:
    pass
