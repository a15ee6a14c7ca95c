"""The versioned store: round trips, inheritance, rollback, audit log, crash safety."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from tests.store_data import make_economy, make_register, source
from tests.workbooks import cpr
from toolkit import pseudonyms
from toolkit.register import Economy, Register, Scenarios, stored_dtypes
from toolkit.store import (
    CprInDataError,
    EmptyStoreError,
    Store,
    StoreBusyError,
    StoreError,
    UnknownVersionError,
    normalise_version,
)
from toolkit.workbook.check import SourceFile

ROOT = Path(__file__).resolve().parents[1]


def assert_bundles_equal(
    left: Register | Economy | Scenarios, right: Register | Economy | Scenarios
) -> None:
    for table, frame in left.tables().items():
        pd.testing.assert_frame_equal(right.tables()[table], frame, check_exact=True)


def folder_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}  # fmt: skip


# -- round trip and listing --------------------------------------------------------------


def test_round_trip_keeps_values_and_dtypes(data_dir: Path) -> None:
    store = Store(data_dir)
    register, economy = make_register(), make_economy()
    version = store.save(register, economy, [source("register"), source("oekonomi")])

    loaded = store.load()
    assert version == loaded.version == "v0001"
    assert_bundles_equal(register, loaded.register)
    assert_bundles_equal(economy, loaded.economy)
    for table, frame in loaded.register.tables().items():
        assert {c: str(t) for c, t in frame.dtypes.items()} == stored_dtypes(table), table
    assert loaded.manifest["schema_version"]
    assert loaded.register.courses["start"].dtype == "datetime64[us]"
    assert pd.isna(loaded.register.cases["goal_in_recommendation"][1])


def test_versions_list_sources_rows_and_current(data_dir: Path) -> None:
    store = Store(data_dir)
    assert store.versions() == []
    assert store.current_version() is None
    store.save(make_register(3), make_economy(), [source("register"), source("oekonomi")],
               user="anna")  # fmt: skip
    store.save(make_register(5), None, [source("register", "register2.xlsx")], user="bo")

    first, second = store.versions()
    assert (first.id, first.user, first.is_current) == ("v0001", "anna", False)
    assert (second.id, second.user, second.is_current) == ("v0002", "bo", True)
    assert second.row_counts["register"]["citizens"] == 5
    assert [s.name for s in second.imported_sources] == ["register2.xlsx"]
    assert {s.name for s in second.sources} == {"register2.xlsx", "oekonomi.xlsx"}
    assert second.inherited_from == {"oekonomi": "v0001"}
    assert first.created.utcoffset() is not None  # stored with its offset
    assert store.current_version() == "v0002"


def test_parts_imported_separately_inherit_the_other_part(data_dir: Path) -> None:
    store = Store(data_dir)
    v1 = store.save(make_register(3), None, [source("register")])
    assert store.load().economy.departments.empty  # never imported: empty bundle
    v2 = store.save(None, make_economy(500.0), [source("oekonomi")])
    v3 = store.save(make_register(4), None, [source("register")])

    at_v2, at_v3 = store.load(v2), store.load(v3)
    assert_bundles_equal(make_register(3), at_v2.register)
    assert_bundles_equal(make_economy(500.0), at_v3.economy)
    assert_bundles_equal(make_register(4), at_v3.register)
    assert at_v2.manifest["parts"]["register"]["inherited_from"] == v1
    assert at_v3.manifest["parts"]["oekonomi"]["inherited_from"] == v2
    assert at_v3.manifest["parts"]["oekonomi"]["sources"][0]["name"] == "oekonomi.xlsx"
    # Older versions are untouched by later saves.
    assert_bundles_equal(make_register(3), store.load(v1).register)
    assert store.load(v1).economy.prices.empty


def test_read_table_reads_only_asked_columns(data_dir: Path) -> None:
    store = Store(data_dir)
    store.save(make_register(), None, [source("register")])
    frame = store.read_table("courses", ["coordinating_department"])
    assert frame is not None
    assert list(frame.columns) == ["coordinating_department"]
    assert store.read_table("departments") is None


# -- rollback and audit ------------------------------------------------------------------


def test_rollback_moves_pointer_and_load_follows(data_dir: Path) -> None:
    store = Store(data_dir)
    v1 = store.save(make_register(3), make_economy(), [source("register")])
    v2 = store.save(make_register(5), None, [source("register")])
    assert len(store.load().register.citizens) == 5

    store.rollback("1")  # short forms are accepted
    assert store.current_version() == v1
    assert len(store.load().register.citizens) == 3
    assert [v.is_current for v in store.versions()] == [True, False]
    store.rollback(v2)
    assert len(store.load().register.citizens) == 5
    events = [e for e in store.audit_events() if e["event"] == "rollback"]
    assert [(e["previous"], e["version"]) for e in events] == [(v2, v1), (v1, v2)]

    # A following save builds on the current version, whatever number it has.
    store.rollback(v1)
    v3 = store.save(None, make_economy(999.0), [source("oekonomi")])
    assert v3 == "v0003"
    assert len(store.load().register.citizens) == 3


def test_audit_log_is_append_only_and_records_every_kind(data_dir: Path) -> None:
    store = Store(data_dir)
    store.save(make_register(), None, [source("register")], user="anna")
    before = store.audit_path.read_bytes()
    store.audit({"event": "rejection", "files": [{"name": "register.xlsx"}], "errors": 2,
                 "warnings": 1})  # fmt: skip
    store.save(None, make_economy(), [source("oekonomi")])
    store.rollback("v0001")
    after = store.audit_path.read_bytes()

    assert after.startswith(before)
    events = store.audit_events()
    assert [e["event"] for e in events] == ["import", "rejection", "import", "rollback"]
    assert all(e["time"] and e["user"] for e in events)
    first = events[0]
    assert first["version"] == "v0001" and first["user"] == "anna"
    assert first["files"] == [{"name": "register.xlsx", "sha256": "ab" * 32, "size": 1234}]
    assert first["rows"]["register"]["citizens"] == 3
    assert events[2]["inherited"] == {"register": "v0001"}
    # Counts, names and hashes only: no cell value (an ID or a pseudonym) is in the log.
    text = after.decode("utf-8")
    assert "F1" not in text and "P" + "0" * 20 not in text


def test_audit_log_survives_a_torn_last_line(data_dir: Path) -> None:
    store = Store(data_dir)
    store.audit({"event": "rejection", "errors": 1, "warnings": 0})
    with store.audit_path.open("ab") as handle:
        handle.write(b'{"event": "imp')  # a crash mid-write
    store.audit({"event": "rollback", "version": "v0001"})
    assert [e["event"] for e in store.audit_events()] == ["rejection", "rollback"]


# -- errors ------------------------------------------------------------------------------


def test_empty_store_and_unknown_version_give_danish_errors(tmp_path: Path) -> None:
    store = Store(tmp_path / "nothing-here")
    with pytest.raises(EmptyStoreError, match="ingen data"):
        store.load()
    assert not store.root.exists()  # reading never creates the folder
    store.save(make_register(), None, [source("register")])
    with pytest.raises(UnknownVersionError, match="findes ikke"):
        store.load("v0042")
    with pytest.raises(UnknownVersionError, match="ikke et versionsnavn"):
        store.rollback("../../etc")
    assert store.current_version() == "v0001"


def test_normalise_version() -> None:
    assert normalise_version("3") == normalise_version("V3") == "v0003"
    assert normalise_version(" v0012 ") == "v0012"


def test_save_refuses_cpr_numbers_in_text_columns(data_dir: Path) -> None:
    register = make_register()
    courses = register.courses.copy()
    courses.loc[0, "course_id"] = "150375" + "-0123"  # a plausible CPR number
    bad = Register.from_tables({**register.tables(), "courses": courses})
    store = Store(data_dir)
    with pytest.raises(CprInDataError, match="Forløbs-ID"):
        store.save(bad, None, [source("register")])
    assert store.current_version() is None
    assert not list(store.versions_dir.glob("v*"))


def test_cpr_like_mask_wants_a_real_date() -> None:
    person = cpr(15, 3, 1975, 123)  # composed: no CPR-shaped literal in the source
    values = pd.Series([person, person.replace("-", ""), "202401-0001", "F1", None], dtype="str")
    assert pseudonyms.cpr_like_mask(values).tolist() == [True, True, False, False, False]


def test_lock_keeps_a_second_writer_out(data_dir: Path) -> None:
    first, second = Store(data_dir), Store(data_dir)
    with (
        first.lock(),
        first.lock(),  # re-entrant within one Store
        pytest.raises(StoreBusyError, match="anden indlæsning"),
        second.lock(timeout=0.2),
    ):
        pass
    with second.lock(timeout=0.2):
        pass


def test_file_names_with_cpr_are_masked_in_manifest_and_log(data_dir: Path) -> None:
    store = Store(data_dir)
    name = "register " + "150375" + "0123.xlsx"
    store.save(make_register(), None, [source("register", name)])
    text = (store.version_dir("v0001") / "manifest.json").read_text() + store.audit_path.read_text()
    assert "150375" + "0123" not in text
    assert "register XXXXXX-XXXX.xlsx" in text


# -- crash safety ------------------------------------------------------------------------


def test_stray_temp_folder_is_ignored_then_cleaned(data_dir: Path) -> None:
    store = Store(data_dir)
    store.save(make_register(3), None, [source("register")])
    stray = store.versions_dir / ".tmp-v0002-99999"
    (stray / "register").mkdir(parents=True)
    (stray / "register" / "citizens.parquet").write_bytes(b"PAR1 half written")
    (data_dir / "CURRENT.tmp").write_text("v0002\n")

    assert [v.id for v in store.versions()] == ["v0001"]
    assert len(store.load().register.citizens) == 3
    assert store.save(make_register(4), None, [source("register")]) == "v0002"
    assert not stray.exists()
    assert not (data_dir / "CURRENT.tmp").exists()


_CRASHING_SAVE = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    import pandas as pd
    import toolkit.store as store_module
    from toolkit.register import Register
    from toolkit.store import Store
    from toolkit.workbook.check import SourceFile

    root, where = Path(sys.argv[1]), sys.argv[2]
    if where == "pointer":
        store_module.Store._switch_pointer = lambda self, version: os._exit(137)
    else:
        real_write = store_module._write_parquet
        written = []
        def write_then_die(frame, path):
            written.append(path)
            if len(written) == 3:  # third table: die with half a file on disk
                path.write_bytes(b"PAR1 half")
                os._exit(137)
            real_write(frame, path)
        store_module._write_parquet = write_then_die
    citizens = pd.DataFrame({"person_id": ["P1", "P2"], "sex": ["K", "M"],
                             "birth_year": [1970, 1980], "support_at_entry": ["anden"] * 2,
                             "primary_barrier": ["andet"] * 2})
    source = SourceFile(Path("register.xlsx"), "register.xlsx", "cd" * 32, 1, "register")
    Store(root).save(Register.from_tables({"citizens": citizens}), None, [source])
    sys.exit(0)  # not reached: the save is killed
    """
)


@pytest.mark.parametrize("where", ["pointer", "parquet"])
def test_killed_import_leaves_previous_version_current(data_dir: Path, where: str) -> None:
    store = Store(data_dir)
    register, economy = make_register(3), make_economy()
    store.save(register, economy, [source("register"), source("oekonomi")])
    audit_before = store.audit_path.read_bytes()

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _CRASHING_SAVE, str(data_dir), where],
                          env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 137, done.stderr

    assert store.current_version() == "v0001"
    loaded = store.load()
    assert_bundles_equal(register, loaded.register)
    assert_bundles_equal(economy, loaded.economy)
    if where == "pointer":  # the intent was logged, the switch never happened
        assert store.audit_path.read_bytes().startswith(audit_before)
        last = store.audit_events()[-1]
        assert (last["version"], last["status"]) == ("v0002", "intent")
        assert [v.was_current for v in store.versions()] == [True, False]
    else:
        assert store.audit_path.read_bytes() == audit_before  # no import was recorded
    if where == "parquet":
        assert list(store.versions_dir.glob(".tmp-*"))  # the half-written folder is there
        assert [v.id for v in store.versions()] == ["v0001"]

    # The next save works, cleans up, and never reuses a number.
    following = store.save(make_register(6), None, [source("register")])
    assert following == ("v0003" if where == "pointer" else "v0002")
    assert store.current_version() == following
    assert len(store.load().register.citizens) == 6
    assert_bundles_equal(economy, store.load().economy)
    assert not list(store.versions_dir.glob(".tmp-*"))
    assert json.loads(store.audit_path.read_text().splitlines()[-1])["version"] == following
    assert all(e.get("status") != "intent" for e in store.audit_events())  # settled


def test_failed_write_cleans_up_and_keeps_the_previous_version(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import toolkit.store as store_module

    store = Store(data_dir)
    store.save(make_register(3), None, [source("register")])
    real_write = store_module._write_parquet
    calls = []

    def disk_full(frame: pd.DataFrame, path: Path) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(path))
        real_write(frame, path)

    monkeypatch.setattr(store_module, "_write_parquet", disk_full)
    with pytest.raises(OSError):
        store.save(make_register(5), None, [source("register")])
    assert not list(store.versions_dir.glob(".tmp-*"))
    assert store.current_version() == "v0001"
    assert len(store.load().register.citizens) == 3


def test_a_damaged_pointer_is_reported_and_repaired_by_rollback(data_dir: Path) -> None:
    store = Store(data_dir)
    store.save(make_register(3), None, [source("register")])
    store.pointer_path.write_text("v0009\n")
    for read in (store.load, store.versions):
        with pytest.raises(StoreError, match=r"Gemte versioner: v0001\. .*rollback"):
            read()
    store.rollback("v0001")
    assert len(store.load().register.citizens) == 3


# -- the scenario part (scenarier.xlsx) ----------------------------------------------------


def make_scenarios(name: str = "Flere støttekontaktpersoner") -> Scenarios:
    return Scenarios.from_tables({
        "scenarios": pd.DataFrame({
            "scenario_id": ["S1"], "name": [name], "description": [None],
            "first_year": pd.array([2027], dtype="Int64"),
            "horizon_years": pd.array([5], dtype="Int64"), "discount_rate_pct": [3.5],
            "price_level_year": pd.array([None], dtype="Int64"), "baseline_trend": ["tendens"],
        }),
        "reallocations": pd.DataFrame({
            "scenario_id": ["S1", "S1"], "year": pd.array([2027, 2028], dtype="Int64"),
            "from_department": ["BESK", "BESK"], "to_department": ["SOC", "SOC"],
            "amount": [1_800_000.0, 1_800_000.0], "purpose": ["Støttekontakt", None],
        }),
    })  # fmt: skip


def test_scenarios_are_a_third_part_saved_alone_and_inherited(data_dir: Path) -> None:
    store = Store(data_dir)
    v1 = store.save(make_register(3), make_economy(), [source("register"), source("oekonomi")])
    assert store.load(v1).scenarios.scenarios.empty  # never imported: empty bundle
    scenario_source = SourceFile(Path("/x/scenarier.xlsx"), "scenarier.xlsx", "cd" * 32, 99,
                                 "scenarier")  # fmt: skip
    v2 = store.save(None, None, [scenario_source], scenarios=make_scenarios())
    v3 = store.save(make_register(4), None, [source("register")])

    at_v2, at_v3 = store.load(v2), store.load(v3)
    assert_bundles_equal(make_scenarios(), at_v2.scenarios)
    assert_bundles_equal(make_scenarios(), at_v3.scenarios)
    assert_bundles_equal(make_register(3), at_v2.register)
    assert_bundles_equal(make_economy(), at_v2.economy)
    info = {v.id: v for v in store.versions()}
    assert info[v2].inherited_from == {"register": v1, "oekonomi": v1}
    assert info[v3].inherited_from == {"oekonomi": v2, "scenarier": v2}
    assert info[v2].row_counts["scenarier"]["reallocations"] == 2
    assert [s.name for s in info[v2].imported_sources] == ["scenarier.xlsx"]
    assert at_v3.manifest["parts"]["scenarier"]["sources"][0]["name"] == "scenarier.xlsx"
    assert store.read_table("reallocations", ["amount"])["amount"].sum() == 3_600_000
    assert store.load(v1).scenarios.reallocations.empty  # older versions untouched


def test_save_needs_at_least_one_part(data_dir: Path) -> None:
    with pytest.raises(ValueError):
        Store(data_dir).save(None, None, [])
    assert Store(data_dir).current_version() is None


def test_a_version_from_before_scenarios_existed_still_loads(data_dir: Path) -> None:
    store = Store(data_dir)
    version = store.save(make_register(3), make_economy(), [source("register"),
                                                            source("oekonomi")])  # fmt: skip
    path = store.version_dir(version) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    del manifest["parts"]["scenarier"]  # what a version written by Tværblik 1.0 holds
    path.chmod(0o600)
    path.write_text(json.dumps(manifest), encoding="utf-8")

    loaded = store.load()
    assert loaded.scenarios.effects.empty
    assert list(loaded.scenarios.effects.columns) == list(stored_dtypes("effects"))
    assert "scenarier" not in store.versions()[0].parts
    assert store.read_table("effects") is None
    later = store.save(None, None, [], scenarios=make_scenarios("Nyt navn"))
    assert store.load(later).scenarios.scenarios["name"].tolist() == ["Nyt navn"]
    assert store.versions()[-1].inherited_from == {"register": version, "oekonomi": version}


# -- integrity: checksums and read-only files (issue 11, point 11) ---------------------------


def test_a_changed_file_is_refused_on_load_naming_it(data_dir: Path) -> None:
    store = Store(data_dir)
    store.save(make_register(3), make_economy(), [source("register"), source("oekonomi")])
    store.save(make_register(5), None, [source("register")])  # inherits oekonomi by a link
    prices = store.version_dir("v0001") / "oekonomi" / "prices.parquet"
    changed = make_economy(1.0).prices
    prices.chmod(0o600)
    changed.to_parquet(prices, index=False)  # a valid Parquet file with other prices

    for version in ("v0001", "v0002"):  # the hard link shares the change
        with pytest.raises(StoreError, match=r"oekonomi/prices\.parquet.*er ændret"):
            store.load(version)
    with pytest.raises(StoreError, match="er ændret"):
        store.read_table("prices", ["price"])


def test_stored_and_inherited_files_are_read_only(data_dir: Path) -> None:
    store = Store(data_dir)
    store.save(make_register(3), make_economy(), [source("register"), source("oekonomi")])
    store.save(make_register(5), None, [source("register")])
    for version in ("v0001", "v0002"):
        folder = store.version_dir(version)
        files = [p for p in folder.rglob("*") if p.is_file()]
        assert files
        assert {oct(p.stat().st_mode & 0o777) for p in files} == {"0o400"}, version
    manifest = store.manifest("v0002")
    assert all(len(info["sha256"]) == 64
               for part in manifest["parts"].values() if part
               for info in part["files"].values())  # fmt: skip
