"""``tvaerblik check``: is the data folder what its imports left? In Danish, read-only.

Checks the audit log's chain, the pointer, every version's manifest and the SHA-256 of
every stored file, that each version's manifest is the one its import logged, that every
version made current was logged, and that the pseudonym key changed only where a new key
series was logged, and that a national part merged with an earlier version names one that
is stored. Problems make the check fail; notes (a crash that was recovered, lines
from before the chain) and warnings (a folder others can read) do not.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from toolkit.audit import DONE, INTENT
from toolkit.store import PARTS, Store, StoreError, changed_file_message, sha256_file


@dataclass
class IntegrityReport:
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    versions: int = 0
    files: int = 0
    audit_lines: int = 0
    audit_head: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(store: Store) -> IntegrityReport:
    report = IntegrityReport()
    warning = store.permission_warning()
    if warning:
        report.warnings.append(warning)
    chain = store.audit_log.verify()
    report.problems += chain.problems
    report.notes += chain.notes
    report.audit_lines, report.audit_head = chain.lines, chain.head
    try:
        current = store.current_version()
    except StoreError as exc:
        report.problems.append(str(exc))
        current = None
    names = _version_folders(store)
    report.versions = len(names)
    if names and not chain.lines:
        report.problems.append(f"Audit-loggen {store.audit_path} mangler eller er tom.")
    logged = _pointer_events(store)
    manifests: dict[str, dict[str, Any]] = {}
    for name in names:
        manifest = _check_manifest(store, name, report)
        if manifest is not None:
            manifests[name] = manifest
            report.files += _check_files(store, name, manifest, report)
        _check_logged(name, manifest_bytes(store, name), logged, current, report)
    _check_key_series(manifests, logged, report)
    _check_merged_with(manifests, report)
    return report


def manifest_bytes(store: Store, name: str) -> bytes | None:
    try:
        return (store.version_dir(name) / "manifest.json").read_bytes()
    except FileNotFoundError:
        return None


def _version_folders(store: Store) -> list[str]:
    """Every vNNNN folder, complete or not (an incomplete one is reported)."""
    if not store.versions_dir.is_dir():
        return []
    found = []
    for path in sorted(store.versions_dir.iterdir()):
        if path.is_dir() and not path.name.startswith("."):
            found.append(path.name)
    return found


def _check_manifest(store: Store, name: str, report: IntegrityReport) -> dict[str, Any] | None:
    data = manifest_bytes(store, name)
    if data is None:
        report.problems.append(
            f"Version {name} har intet manifest (versions/{name}/manifest.json mangler)."
        )
        return None
    try:
        manifest = json.loads(data)
        readable = all(
            isinstance(entry.get("files"), dict) for entry in manifest["parts"].values() if entry
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        readable = False
    if not readable:
        report.problems.append(f"Manifestet for {name} kan ikke læses.")
        return None
    return dict(manifest)


def _check_files(
    store: Store, name: str, manifest: Mapping[str, Any], report: IntegrityReport
) -> int:
    checked = 0
    without_checksum = 0
    for part in PARTS:
        entry = manifest["parts"].get(part)
        if not entry:
            continue
        for info in entry["files"].values():
            path = store.version_dir(name) / info["path"]
            if not path.is_file():
                report.problems.append(f"Filen versions/{name}/{info['path']} mangler.")
                continue
            expected = info.get("sha256")
            if not expected:
                without_checksum += 1
                continue
            checked += 1
            if sha256_file(path) != expected:
                report.problems.append(changed_file_message(name, info["path"]))
    if without_checksum:
        report.notes.append(
            f"Version {name} har {without_checksum} fil(er) uden kontrolsum i manifestet "
            "(gemt af en ældre Tværblik); de kan ikke kontrolleres."
        )
    return checked


def _pointer_events(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Import and rollback events per version they point at."""
    found: dict[str, list[dict[str, Any]]] = {}
    for event in store.audit_events():
        if event.get("event") in ("import", "rollback"):
            found.setdefault(str(event.get("version")), []).append(event)
    return found


def _check_logged(
    name: str,
    manifest: bytes | None,
    logged: Mapping[str, list[dict[str, Any]]],
    current: str | None,
    report: IntegrityReport,
) -> None:
    events = logged.get(name, [])
    imports = [e for e in events if e.get("event") == "import"]
    if not imports:
        if name == current or events:
            report.problems.append(
                f"Version {name} er brugt som den aktuelle, men audit-loggen har ingen "
                "indlæsning af den: loggen er afkortet eller redigeret."
            )
        else:
            report.notes.append(
                f"Version {name} blev aldrig den aktuelle version (indlæsningen blev afbrudt)."
            )
        return
    recorded = imports[-1].get("manifest_sha256")
    if recorded and manifest is not None and hashlib.sha256(manifest).hexdigest() != recorded:
        report.problems.append(
            f"Manifestet for {name} er ændret, efter versionen blev indlæst (det passer ikke "
            "med kontrolsummen i audit-loggen)."
        )
    last = events[-1]
    if last.get("status") == INTENT:
        made = "blev den aktuelle" if name == current else "blev ikke den aktuelle"
        report.notes.append(
            f"Skiftet til {name} er ikke bekræftet i audit-loggen (et nedbrud); versionen "
            f"{made}. Det bekræftes ved næste indlæsning eller tilbagerulning."
        )
    elif name != current and not any(e.get("status", DONE) == DONE for e in events):
        report.notes.append(
            f"Version {name} blev aldrig den aktuelle version (indlæsningen blev afbrudt)."
        )


def _check_merged_with(manifests: Mapping[str, Mapping[str, Any]], report: IntegrityReport) -> None:
    """The national rows a version kept came from a version that exists and is older."""
    for name, manifest in manifests.items():
        for part, entry in manifest["parts"].items():
            merged_with = (entry or {}).get("merged_with")
            if merged_with and (
                merged_with not in manifests or _number(merged_with) >= _number(name)
            ):
                report.problems.append(
                    f"Version {name} siger, at delen «{part}» bygger videre på version "
                    f"{merged_with}, men den findes ikke før {name} i datamappen."
                )


def _number(version: str) -> int:
    digits = version.removeprefix("v")
    return int(digits) if digits.isdigit() else -1


def _check_key_series(
    manifests: Mapping[str, Mapping[str, Any]],
    logged: Mapping[str, list[dict[str, Any]]],
    report: IntegrityReport,
) -> None:
    for name, manifest in manifests.items():
        fingerprint, based_on = manifest.get("key_fingerprint"), manifest.get("previous")
        before = manifests.get(based_on or "", {}).get("key_fingerprint")
        if not fingerprint or not before or fingerprint == before:
            continue
        imports = [e for e in logged.get(name, []) if e.get("event") == "import"]
        if not any(e.get("new_key_series") for e in imports):
            report.problems.append(
                f"Version {name} er lavet med en anden nøgle end {based_on}, som den bygger på, "
                "uden at audit-loggen viser en ny nøgleserie."
            )
        else:
            report.notes.append(f"Version {name} begynder en ny nøgleserie (logget).")
