"""The audit log and the pointer (issue 11, points 12-14): a chained log, «tvaerblik check»,
intent before a switch and confirmation after it, and rollbacks that report what happened."""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
from pathlib import Path

import pytest

import toolkit.store as store_module
from tests.cli_runs import run_cli
from tests.store_data import make_economy, make_register, source
from toolkit import cli
from toolkit.store import Store


class Crash(BaseException):
    """Stands in for a power cut: nothing after it runs."""


def two_versions(data_dir: Path) -> Store:
    store = Store(data_dir)
    store.save(make_register(3), make_economy(), [source("register"), source("oekonomi")])
    store.save(make_register(5), None, [source("register")])
    return store


def log_lines(store: Store) -> list[str]:
    return store.audit_path.read_text(encoding="utf-8").splitlines()


# -- 12. the chain and «tvaerblik check» ---------------------------------------------------


def test_each_line_carries_the_hash_of_the_line_before(data_dir: Path) -> None:
    store = two_versions(data_dir)
    store.audit({"event": "rejection", "errors": 1, "warnings": 0})
    lines = log_lines(store)
    assert len(lines) == 5  # two imports (intent and confirmation each) and a rejection
    assert json.loads(lines[0])["prev"] == "0" * 64
    for before, line in itertools.pairwise(lines):
        assert json.loads(line)["prev"] == hashlib.sha256(before.encode()).hexdigest()


def test_check_is_clean_on_an_untouched_folder(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two_versions(data_dir)
    code, out, err = run_cli(capsys, "--data", data_dir, "check")
    assert code == 0, out + err
    assert "Alt er i orden" in out and "2 versioner" in out
    assert "Sidste linje i audit-loggen" in out


def test_check_finds_an_edited_audit_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = two_versions(data_dir)
    lines = log_lines(store)
    lines[1] = lines[1].replace(f'"user": "{json.loads(lines[1])["user"]}"', '"user": "mallory"')
    store.audit_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "--data", data_dir, "check")
    assert code == 1
    assert "linje 3" in out and "ændret eller slettet" in out


def test_check_finds_a_removed_audit_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = two_versions(data_dir)
    store.audit({"event": "rejection", "errors": 1, "warnings": 0})
    lines = log_lines(store)
    del lines[2]
    store.audit_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "--data", data_dir, "check")
    assert code == 1 and "linje 3" in out


def test_check_finds_a_cut_off_log(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = two_versions(data_dir)
    lines = log_lines(store)
    store.audit_path.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "--data", data_dir, "check")
    assert code == 1 and "v0002" in out and "audit-loggen" in out


def test_check_finds_a_changed_file_and_manifest(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = two_versions(data_dir)
    parquet = store.version_dir("v0001") / "oekonomi" / "prices.parquet"
    parquet.chmod(0o600)
    parquet.write_bytes(parquet.read_bytes() + b"\0")
    manifest = store.version_dir("v0002") / "manifest.json"
    manifest.chmod(0o600)
    manifest.write_text(manifest.read_text().replace('"user"', '"user" ', 1))
    code, out, _ = run_cli(capsys, "--data", data_dir, "check")
    assert code == 1
    assert "oekonomi/prices.parquet" in out  # named in v0001 and in v0002 (a hard link)
    assert "v0001" in out and "v0002" in out
    assert "Manifestet for v0002" in out


def test_check_on_a_folder_without_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "--data", tmp_path / "intet", "check")
    assert code == 0 and "ingen versioner" in out


def test_lines_from_before_the_chain_are_accepted_and_said(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = {"time": "2026-01-05T10:00:00+01:00", "user": "anna", "event": "rejection",
           "errors": 1, "warnings": 0}  # fmt: skip
    (data_dir / "audit.log").write_text(json.dumps(old) + "\n", encoding="utf-8")
    two_versions(data_dir)
    code, out, _ = run_cli(capsys, "--data", data_dir, "check")
    assert code == 0, out
    assert "1 linje fra før kæden" in out


def test_a_torn_line_from_a_crash_is_a_note_not_a_problem(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = two_versions(data_dir)
    with store.audit_path.open("ab") as handle:
        handle.write(b'{"event": "rejec')  # a crash mid-write
    code, out, _ = run_cli(capsys, "--data", data_dir, "check")
    assert code == 0 and "ufuldstændig" in out
    store.audit({"event": "rejection", "errors": 1, "warnings": 0})
    code, out, _ = run_cli(capsys, "--data", data_dir, "check")
    assert code == 0, out
    assert "kæden fortsætter korrekt" in out
    assert store.audit_events()[-1]["event"] == "rejection"


# -- 13. intent, switch, confirmation --------------------------------------------------------


def crash_while_saving_a_second_version(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, *, after_switch: bool
) -> Store:
    """A store holding v0001 whose save of v0002 then stopped dead just before or just after
    the pointer switch."""
    store = Store(data_dir)
    store.save(make_register(3), make_economy(), [source("register"), source("oekonomi")])
    real_switch = Store._switch_pointer

    def crash(self: Store, version: str) -> None:
        if after_switch:
            real_switch(self, version)
        raise Crash

    monkeypatch.setattr(Store, "_switch_pointer", crash)
    with pytest.raises(Crash):
        store.save(make_register(5), None, [source("register")])
    monkeypatch.undo()
    return store


def test_a_crash_after_the_switch_leaves_an_audited_intent(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = crash_while_saving_a_second_version(data_dir, monkeypatch, after_switch=True)
    assert store.current_version() == "v0002"
    last = store.audit_events()[-1]
    assert (last["event"], last["version"], last["status"]) == ("import", "v0002", "intent")
    code, out, _ = run_cli(capsys, "--data", data_dir, "check")
    assert code == 0 and "ikke bekræftet" in out
    # The next pointer change settles it: v0002 did become current.
    store.rollback("v0001")
    events = store.audit_events()
    assert events[-2]["status"] == "done" and events[-2]["recovered"] is True
    assert all(v.was_current for v in store.versions())


def test_a_crash_before_the_switch_marks_the_version_never_current(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = crash_while_saving_a_second_version(data_dir, monkeypatch, after_switch=False)
    assert store.current_version() == "v0001"
    assert [v.was_current for v in store.versions()] == [True, False]
    code, out, _ = run_cli(capsys, "--data", data_dir, "versions")
    assert code == 0
    row = next(line for line in out.splitlines() if "v0002" in line)
    assert row.startswith("x")
    assert "x = blev aldrig den aktuelle version" in out
    store.save(None, make_economy(1.0), [source("oekonomi")])
    assert store.audit_events()[1]["status"] == "aborted"


# -- 14. rollback racing an import -----------------------------------------------------------


def test_a_rollback_that_waited_for_an_import_reports_what_it_replaced(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    importer = Store(data_dir)
    importer.save(make_register(3), make_economy(), [source("register"), source("oekonomi")])
    waiting = threading.Event()
    real_flock = store_module._flock

    def flock_and_tell(handle: object, timeout: float | None) -> None:
        if threading.current_thread().name == "rollback":
            waiting.set()
        real_flock(handle, timeout)

    monkeypatch.setattr(store_module, "_flock", flock_and_tell)
    results: list[int] = []
    with importer.lock():
        thread = threading.Thread(
            target=lambda: results.append(cli.main(["--data", str(data_dir), "rollback", "v1"])),
            name="rollback",
        )
        thread.start()
        assert waiting.wait(10)
        importer.save(make_register(5), None, [source("register")])  # v0002 becomes current
    thread.join(30)
    out = capsys.readouterr().out
    assert results == [0]
    assert importer.current_version() == "v0001"
    assert "allerede" not in out
    assert "Den aktuelle version er nu v0001 (før: v0002)" in out
