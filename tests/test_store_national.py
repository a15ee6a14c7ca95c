"""The store's fourth part «national»: saved alone, inherited, merged-with recorded, old
versions without it, the CPR guard, rollback and the integrity check."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tests.national_data import jobindsats_row, national, population_row, small_national
from tests.store_data import make_economy, make_register, source
from toolkit.integrity import check_store
from toolkit.register import National, stored_dtypes
from toolkit.store import PARTS, CprInDataError, Store, refuse_cpr_like_values
from toolkit.workbook.check import SourceFile


def national_source(name: str = "y11a02.json") -> SourceFile:
    return SourceFile(Path("/x") / name, name, "cd" * 32, 321, "national")


def assert_national_equal(left: National, right: National) -> None:
    for table, frame in left.tables().items():
        pd.testing.assert_frame_equal(right.tables()[table], frame, check_exact=True)


def test_national_is_the_fourth_part() -> None:
    assert PARTS == ("register", "oekonomi", "scenarier", "national")


def test_national_alone_into_an_empty_folder_round_trips(data_dir: Path) -> None:
    store = Store(data_dir)
    version = store.save(None, None, [national_source()], national=small_national())

    loaded = store.load(version)
    assert_national_equal(small_national(), loaded.national)
    assert loaded.register.citizens.empty and loaded.economy.departments.empty
    [info] = store.versions()
    assert set(info.parts) == {"national"}
    assert info.parts["national"].rows == {"jobindsats": 13, "benchmark": 6, "population": 9}
    assert [s.name for s in info.imported_sources] == ["y11a02.json"]
    frame = store.read_table("jobindsats", ["area", "value"])
    assert frame is not None and list(frame.columns) == ["area", "value"] and len(frame) == 13
    assert store.read_table("citizens") is None


def test_national_is_inherited_and_other_parts_are_inherited_by_it(data_dir: Path) -> None:
    store = Store(data_dir)
    v1 = store.save(make_register(3), make_economy(), [source("register"), source("oekonomi")])
    v2 = store.save(None, None, [national_source()], national=small_national())
    v3 = store.save(make_register(4), None, [source("register")])

    assert store.load(v1).national.jobindsats.empty  # older versions untouched
    assert_national_equal(small_national(), store.load(v3).national)
    info = {v.id: v for v in store.versions()}
    assert info[v2].inherited_from == {"register": v1, "oekonomi": v1}
    assert info[v3].inherited_from == {"oekonomi": v2, "national": v2}
    assert len(store.load(v2).register.citizens) == 3
    # Shared by a hard link, not copied: the versions hold one file.
    first, second = (store.version_dir(v) / "national" / "jobindsats.parquet" for v in (v2, v3))
    assert first.stat().st_ino == second.stat().st_ino


def test_the_version_merged_with_is_recorded_and_inherited(data_dir: Path) -> None:
    store = Store(data_dir)
    v1 = store.save(None, None, [national_source()], national=small_national())
    v2 = store.save(None, None, [national_source("y12a02.json")], national=small_national(),
                    national_merged_with=v1)  # fmt: skip
    v3 = store.save(make_register(2), make_economy(), [source("register"), source("oekonomi")])
    info = {v.id: v for v in store.versions()}
    assert info[v1].parts["national"].merged_with is None
    assert info[v2].parts["national"].merged_with == v1
    assert store.manifest(v2)["parts"]["national"]["merged_with"] == v1
    assert info[v3].parts["national"].merged_with == v1
    assert info[v3].parts["national"].inherited_from == v2
    assert [s.name for s in info[v2].imported_sources] == ["y12a02.json"]


def test_a_version_from_before_the_national_part_loads_with_empty_tables(data_dir: Path) -> None:
    store = Store(data_dir)
    version = store.save(make_register(3), make_economy(), [source("register"),
                                                            source("oekonomi")])  # fmt: skip
    path = store.version_dir(version) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    del manifest["parts"]["national"]  # what a version written before issue 16 holds
    path.chmod(0o600)
    path.write_text(json.dumps(manifest), encoding="utf-8")

    loaded = store.load()
    for table in ("jobindsats", "benchmark", "population"):
        frame = loaded.national.tables()[table]
        assert frame.empty
        assert dict(frame.dtypes.astype(str)) == stored_dtypes(table)
        assert store.read_table(table) is None
    assert "national" not in store.versions()[0].parts
    later = store.save(None, None, [national_source()], national=small_national())
    assert store.versions()[-1].inherited_from == {"register": version, "oekonomi": version}
    assert len(store.load(later).national.population) == 9


def test_the_cpr_guard_reads_the_national_tables_and_still_refuses_a_cpr(
    data_dir: Path,
) -> None:
    refuse_cpr_like_values(small_national().tables())  # marks, NA and periods pass
    bad = national([jobindsats_row("0101801234", "2024-Q1", 3.0)])
    with pytest.raises(CprInDataError, match="«Jobindsats», kolonne «Område»"):
        Store(data_dir).save(None, None, [national_source()], national=bad)
    assert Store(data_dir).current_version() is None


def test_rollback_brings_the_old_national_part_back(data_dir: Path) -> None:
    store = Store(data_dir)
    old = national([jobindsats_row("Eksempel", "2024-Q1", 9.0)],
                   [population_row("Eksempel", "2024-Q1", 10000)])  # fmt: skip
    v1 = store.save(None, None, [national_source()], national=old)
    v2 = store.save(None, None, [national_source()], national=small_national())
    assert len(store.load().national.jobindsats) == 13
    store.rollback(v1)
    assert_national_equal(old, store.load().national)
    store.rollback(v2)
    assert_national_equal(small_national(), store.load().national)


def test_the_integrity_check_verifies_the_national_files(data_dir: Path) -> None:
    store = Store(data_dir)
    store.save(make_register(3), make_economy(), [source("register"), source("oekonomi")])
    version = store.save(None, None, [national_source()], national=small_national())
    healthy = check_store(store)
    assert healthy.ok
    path = store.version_dir(version) / "national" / "population.parquet"
    path.chmod(0o600)
    path.write_bytes(path.read_bytes() + b"\0")
    problems = check_store(store).problems
    assert any(f"versions/{version}/national/population.parquet" in p for p in problems)
    assert healthy.files == check_store(store).files


def test_the_integrity_check_wants_the_merged_with_version_stored_and_older(
    data_dir: Path,
) -> None:
    store = Store(data_dir)
    v1 = store.save(None, None, [national_source()], national=small_national())
    v2 = store.save(None, None, [national_source()], national=small_national(),
                    national_merged_with=v1)  # fmt: skip
    assert check_store(store).ok
    path = store.version_dir(v2) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["parts"]["national"]["merged_with"] = "v0007"
    path.chmod(0o600)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    problems = check_store(store).problems
    assert (
        f"Version {v2} siger, at delen «national» bygger videre på version v0007, men den "
        f"findes ikke før {v2} i datamappen." in problems
    )
