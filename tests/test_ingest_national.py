"""Importing published national files: routed to the published check beside the workbooks,
merged with the stored national part (same key replaced, the rest kept), all or nothing,
national files alone, rollback, and the commands import, validate and versions."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from tests.cli_runs import run_cli
from tests.national_data import (
    benchmark_row,
    jobindsats_row,
    national,
    population_row,
)
from tests.workbooks import valid_register, write_pair
from toolkit import ingest
from toolkit.ingest.national import merge_national
from toolkit.register import National
from toolkit.sample.published_shapes import (
    write_benchmark_v2_json,
    write_folk1a_csv,
    write_jobindsats_v2_json,
)
from toolkit.store import Store
from toolkit.workbook.report import Severity


def y11a02(months: dict[str, float], area: str = "Eksempel") -> list[dict[str, object]]:
    """Ressourceforløb: both measures per month, full-time persons half the persons."""
    return [
        jobindsats_row(area, month, value * share, measure=measure)
        for month, value in months.items()
        for measure, share in (("persons", 1.0), ("full_time_persons", 0.5))
    ]


def write_table(folder: Path, rows: list[dict[str, object]], name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_jobindsats_v2_json(national(rows).jobindsats, folder / name)


def write_population(folder: Path, rows: list[dict[str, object]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_folk1a_csv(national(population=rows).population, folder / "folk1a.csv")


def values(frame: pd.DataFrame, table_id: str = "Y11A02") -> dict[str, float]:
    """Persons per period of one table (the own area)."""
    mine = frame[(frame["table_id"] == table_id) & (frame["measure"] == "persons")]
    return dict(zip(mine["period"], mine["value"], strict=True))


def tree_hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != "audit.log"}  # fmt: skip


def info_lines(outcome: ingest.ImportResult) -> list[str]:
    return [i.message for i in outcome.report.issues if i.severity is Severity.INFO]


# -- the merge, by hand ---------------------------------------------------------------------


def test_new_rows_replace_the_same_key_and_every_other_stored_row_stays() -> None:
    stored = national(
        [*y11a02({"2024-01": 10, "2024-02": 20, "2024-03": 30}),
         jobindsats_row("Eksempel", "2024-01", 5.0, scheme="jobafklaring")],
        [population_row("Eksempel", "2024-Q1", 10000), population_row("Ådal", "2024-Q1", 5000)],
        [benchmark_row("Eksempel", 12, expected=10.0, actual=9.5)],
    )  # fmt: skip
    new = national(
        y11a02({"2024-03": 33, "2024-04": 40}),
        [population_row("Eksempel", "2024-Q1", 10010),
         population_row("Eksempel", "2024-Q2", 10100)],
        [benchmark_row("Eksempel", 11, expected=10.0, actual=9.0),
         benchmark_row("Eksempel", 30, group="Kontanthjælp mv.")],
    )  # fmt: skip

    merged, counts = merge_national(stored, new.tables())

    assert values(merged.jobindsats) == {"2024-01": 10, "2024-02": 20, "2024-03": 33, "2024-04": 40}
    assert values(merged.jobindsats, "Y12A02") == {"2024-01": 5.0}
    assert len(merged.jobindsats) == 9  # 4 months x 2 measures + jobafklaring
    population = merged.population.set_index(["area", "period"])["persons_16_66"].to_dict()
    assert population == {("Eksempel", "2024-Q1"): 10010, ("Eksempel", "2024-Q2"): 10100,
                          ("Ådal", "2024-Q1"): 5000}  # fmt: skip
    ranks = dict(zip(merged.benchmark["group"], merged.benchmark["rank"], strict=True))
    assert ranks == {"Ydelsesgrupper i alt": 11, "Kontanthjælp mv.": 30}
    assert [c.sentence() for c in counts] == [
        "Y11A02: 2 rækker erstattet, 2 nye, 4 rækker fra den gemte version beholdt.",
        "Y30R21: 1 række erstattet, 1 ny.",
        "FOLK1A: 1 række erstattet, 1 ny, 1 række fra den gemte version beholdt.",
    ]
    # The result is a stored national part: conformed, one row per key.
    assert dict(merged.jobindsats.dtypes.astype(str)) == dict(
        National().jobindsats.dtypes.astype(str)
    )
    assert not merged.jobindsats.duplicated(["table_id", "measure", "area", "period"]).any()


def test_nothing_new_leaves_the_stored_part_as_it_was() -> None:
    stored = national(y11a02({"2024-01": 10}))
    merged, counts = merge_national(stored, National().tables())
    pd.testing.assert_frame_equal(merged.jobindsats, stored.jobindsats)
    assert counts == []


# -- importing ------------------------------------------------------------------------------


def test_national_files_alone_into_an_empty_data_folder(tmp_path: Path, data_dir: Path) -> None:
    folder = tmp_path / "in"
    files = [
        write_table(folder, y11a02({"2024-01": 9, "2024-02": 11}), "y11a02.json"),
        write_population(folder, [population_row("Eksempel", "2024-Q1", 10000)]),
    ]
    outcome = ingest.import_files(files, data_dir)

    assert outcome.version == "v0001", outcome.report.to_text()
    assert not outcome.report.errors and not outcome.report.warnings
    assert info_lines(outcome) == ["Y11A02: 0 rækker erstattet, 4 nye.",
                                   "FOLK1A: 0 rækker erstattet, 1 ny."]  # fmt: skip
    loaded = Store(data_dir).load()
    assert values(loaded.national.jobindsats) == {"2024-01": 9, "2024-02": 11}
    assert loaded.national.population["persons_16_66"].tolist() == [10000]
    assert loaded.register.citizens.empty and loaded.economy.departments.empty
    [info] = Store(data_dir).versions()
    assert set(info.parts) == {"national"}
    assert info.parts["national"].merged_with is None
    [event] = [e for e in Store(data_dir).audit_events() if e["event"] == "import"]
    assert [f["name"] for f in event["files"]] == ["y11a02.json", "folk1a.csv"]
    assert event["files"][0]["sha256"] == hashlib.sha256(files[0].read_bytes()).hexdigest()
    assert event["rows"]["national"] == {"jobindsats": 4, "benchmark": 0, "population": 1}


def test_a_newer_download_revises_its_months_and_another_table_loses_nothing(
    tmp_path: Path, data_dir: Path
) -> None:
    first = ingest.import_files([*write_pair(tmp_path), write_table(
        tmp_path / "a", y11a02({"2024-01": 10, "2024-02": 20, "2024-03": 30}), "y11a02.json")],
        data_dir)  # fmt: skip
    assert first.version == "v0001", first.report.to_text()

    newer = write_table(tmp_path / "b", y11a02({"2024-03": 31, "2024-04": 40}), "Y11A02.json")
    second = ingest.import_files([newer], data_dir)
    assert second.version == "v0002", second.report.to_text()
    assert info_lines(second) == [
        "Y11A02: 2 rækker erstattet, 2 nye, 4 rækker fra den gemte version beholdt."
    ]
    other = [jobindsats_row("Eksempel", "2024-01", 7.0, scheme="jobafklaring"),
             jobindsats_row("Eksempel", "2024-01", 3.5, scheme="jobafklaring",
                            measure="full_time_persons")]  # fmt: skip
    third = ingest.import_files([write_table(tmp_path / "c", other, "y12a02.json")], data_dir)
    assert third.version == "v0003", third.report.to_text()

    store = Store(data_dir)
    jobindsats = store.load().national.jobindsats
    assert values(jobindsats) == {"2024-01": 10, "2024-02": 20, "2024-03": 31, "2024-04": 40}
    assert values(jobindsats, "Y12A02") == {"2024-01": 7.0}
    assert len(store.load().register.citizens) == len(valid_register()["Borgere"]) - 1
    info = {v.id: v for v in store.versions()}
    assert info["v0002"].parts["national"].merged_with == "v0001"
    assert info["v0003"].parts["national"].merged_with == "v0002"
    assert info["v0003"].inherited_from == {"register": "v0002", "oekonomi": "v0002"}
    assert [s.name for s in info["v0003"].imported_sources] == ["y12a02.json"]

    store.rollback("v0001")  # the national part of v0001 comes back whole
    assert values(store.load().national.jobindsats) == {"2024-01": 10, "2024-02": 20,
                                                        "2024-03": 30}  # fmt: skip
    assert "Y12A02" not in set(store.load().national.jobindsats["table_id"])


@pytest.mark.parametrize("bad", ["national", "workbook"])
def test_an_error_in_any_file_stores_nothing(tmp_path: Path, data_dir: Path, bad: str) -> None:
    stored = ingest.import_files(
        [write_table(tmp_path / "a", y11a02({"2024-01": 10}), "y11a02.json")], data_dir
    )
    assert stored.version, stored.report.to_text()
    before = tree_hashes(data_dir)

    (tmp_path / "wb").mkdir()
    broken_register = {"Borgere": [["CPR-nummer"]]} if bad == "workbook" else None
    register, economy = write_pair(tmp_path / "wb", register=broken_register)
    good = write_table(tmp_path / "b", y11a02({"2024-01": 11, "2024-02": 12}), "y11a02.json")
    broken = tmp_path / "b" / "y12a02.json"
    broken.write_text(json.dumps({"columns": ["Område"]}), encoding="utf-8")
    paths = [register, economy, good] + ([broken] if bad == "national" else [])
    outcome = ingest.import_files(paths, data_dir)

    assert outcome.version is None
    assert outcome.report.errors
    assert tree_hashes(data_dir) == before
    assert values(Store(data_dir).load().national.jobindsats) == {"2024-01": 10}
    rejection = Store(data_dir).audit_events()[-1]
    assert rejection["event"] == "rejection"
    assert {f["name"] for f in rejection["files"]} == {p.name for p in paths}


def test_validate_tells_what_an_import_would_replace_and_changes_nothing(
    tmp_path: Path, data_dir: Path
) -> None:
    ingest.import_files([write_table(tmp_path / "a", y11a02({"2024-01": 10}), "y11a02.json")],
                        data_dir)  # fmt: skip
    before = tree_hashes(data_dir)
    newer = write_table(tmp_path / "b", y11a02({"2024-01": 12, "2024-02": 13}), "y11a02.json")
    result = ingest.validate_files([newer], data_dir)
    assert result.ok
    lines = [issue.line() for issue in result.report]
    assert lines == ["Oplysning: y11a02.json: Y11A02: 2 rækker erstattet, "
                     "2 nye."]  # fmt: skip
    assert tree_hashes(data_dir) == before


# -- the commands ---------------------------------------------------------------------------


def test_the_commands_import_validate_and_list_national_files(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jobs = write_table(tmp_path / "in", y11a02({"2024-01": 10}), "y11a02.json")
    people = write_population(tmp_path / "in", [population_row("Eksempel", "2024-Q1", 10000)])
    ranks = write_benchmark_v2_json(
        national(benchmark=[benchmark_row("Eksempel", 12, expected=10.0, actual=9.5)]).benchmark,
        tmp_path / "in" / "y30r21.json",
    )
    code, out, err = run_cli(capsys, "--data", data_dir, "validate", jobs, people, ranks,
                             "--annotated", tmp_path / "marked")  # fmt: skip
    assert code == 0, out + err
    assert "Y11A02: 0 rækker erstattet, 2 nye." in out
    assert "y11a02.json: offentliggjorte tal; rapporten ovenfor nævner rækkerne." in out
    assert not list((tmp_path / "marked").iterdir())
    assert Store(data_dir).current_version() is None

    code, out, err = run_cli(capsys, "--data", data_dir, "import", *write_pair(tmp_path), jobs,
                             people, ranks)  # fmt: skip
    assert code == 0, out + err
    assert "Indlæst som version v0001" in out
    assert re.search(r"Nationale tal:\n  Jobindsats +2 rækker\n  Benchmark +1 række\n"
                     r"  Befolkning +1 række", out), out  # fmt: skip

    code, out, _ = run_cli(capsys, "--data", data_dir, "import", jobs)
    assert code == 0 and "Register (uændret fra v0001)" in out

    code, out, _ = run_cli(capsys, "--data", data_dir, "versions")
    lines = out.splitlines()
    assert lines[0].split()[-2:] == ["Nationale", "tal"]
    assert "y11a02.json lagt til v0001, 4 rækker" in lines[1]
    assert "y11a02.json, folk1a.csv, y30r21.json, 4 rækker" in lines[2]

    code, out, _ = run_cli(capsys, "--data", data_dir, "check")
    assert code == 0, out


def test_the_commands_refuse_other_kinds_of_file_in_danish(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "tal.txt"
    text.write_text("1;2", encoding="utf-8")
    code, _, err = run_cli(capsys, "--data", data_dir, "import", text)
    assert code == 2
    assert ".json, .csv" in err and "Traceback" not in err
