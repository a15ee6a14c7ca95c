"""The import path: validate, pseudonymise, store; all or nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tests.workbooks import (
    PERSON_A,
    PERSON_B,
    PERSON_C,
    valid_register,
    valid_scenarios,
    write_pair,
    write_scenarios,
    write_xlsx,
)
from toolkit import ingest
from toolkit.ingest import import_files, reference_from_store, validate_files
from toolkit.pseudonyms import KeyFileError
from toolkit.store import Store

CPRS = [PERSON_A, PERSON_B, PERSON_C]


def cpr_forms() -> list[bytes]:
    return [form.encode() for cpr in CPRS for form in (cpr, cpr.replace("-", ""))]


def tree_hashes(root: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name not in skip}  # fmt: skip


def all_text_in(root: Path) -> bytes:
    """Every file's bytes, plus the decoded cells of every Parquet table."""
    chunks = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        chunks.append(path.read_bytes())
        if path.suffix == ".parquet":
            frame = pq.read_table(path).to_pandas()
            chunks.append(frame.astype(str).to_csv(index=False).encode())
    return b"\n".join(chunks)


def test_import_stores_pseudonymised_tables_and_no_cpr(tmp_path: Path, data_dir: Path) -> None:
    messages: list[str] = []
    outcome = import_files(write_pair(tmp_path), data_dir, user="anna", progress=messages.append)

    assert outcome.imported, outcome.report.to_text()
    assert outcome.version == "v0001"
    dataset = Store(data_dir).load()
    citizens = dataset.register.citizens
    assert len(citizens) == 3 and "cpr" not in citizens.columns
    assert citizens["person_id"].str.fullmatch(r"P[0-9a-f]{20}").all()
    # Blank sex and birth year were derived from the CPR number before it was dropped.
    assert citizens["sex"].notna().all() and citizens["birth_year"].notna().all()
    cases = dataset.register.cases
    assert set(cases["person_id"]) <= set(citizens["person_id"])
    assert dataset.register.interventions["contact_person_id"].dropna().str.startswith("S").all()
    assert len(dataset.economy.prices) == 3

    everything = all_text_in(data_dir)
    assert not [form for form in cpr_forms() if form in everything]
    assert any(m.startswith("Pseudonymiserer") for m in messages)
    assert "Gemmer version v0001 …" in messages
    event = Store(data_dir).audit_events()[-1]
    assert event["event"] == "import" and event["user"] == "anna"
    assert sorted(f["name"] for f in event["files"]) == ["oekonomi.xlsx", "register.xlsx"]


def test_rejected_import_leaves_store_byte_for_byte_unchanged(
    tmp_path: Path, data_dir: Path
) -> None:
    register, economy = write_pair(tmp_path)
    assert import_files([register, economy], data_dir).imported
    store = Store(data_dir)
    before = tree_hashes(data_dir, skip=("audit.log",))
    log_before = store.audit_path.read_bytes()

    broken = valid_register()
    broken["Borgere"][1][3] = "ukendt_forsoergelse"  # not in the code list
    del broken["Mål"]  # a required sheet is missing
    (tmp_path / "bad").mkdir()
    bad = write_xlsx(tmp_path / "bad" / "register.xlsx", broken)
    outcome = import_files([bad], data_dir)

    assert not outcome.imported and outcome.version is None
    assert outcome.report.has_errors
    assert tree_hashes(data_dir, skip=("audit.log",)) == before
    log_after = store.audit_path.read_bytes()
    assert log_after.startswith(log_before)
    event = store.audit_events()[-1]
    assert event["event"] == "rejection"
    assert event["errors"] == len(outcome.report.errors) >= 2
    assert event["files"][0]["name"] == "register.xlsx" and len(event["files"][0]["sha256"]) == 64
    assert b"ukendt_forsoergelse" not in log_after  # counts, never values
    assert store.current_version() == "v0001"


def test_rejection_on_an_empty_store_makes_no_version(tmp_path: Path, data_dir: Path) -> None:
    broken = valid_register()
    broken["Borgere"][2][0] = "12345"  # not a CPR number
    outcome = import_files([write_xlsx(tmp_path / "register.xlsx", broken)], data_dir)
    assert not outcome.imported
    store = Store(data_dir)
    assert store.current_version() is None and store.versions() == []
    assert [e["event"] for e in store.audit_events()] == ["rejection"]


def test_reference_codes_come_from_the_current_version(tmp_path: Path, data_dir: Path) -> None:
    store = Store(data_dir)
    assert reference_from_store(store) is None
    import_files(write_pair(tmp_path), data_dir)

    reference = reference_from_store(store)
    assert reference is not None
    assert reference.departments == {"BESK", "SOC", "SUND"}
    assert reference.intervention_types == {"mentor", "stoettekontakt"}
    assert reference.used_departments == {"BESK", "SOC", "SUND"}
    assert reference.used_intervention_types == {"mentor", "stoettekontakt"}
    assert "v0001" in reference.source


def test_register_alone_is_checked_against_the_stored_economy(
    tmp_path: Path, data_dir: Path
) -> None:
    import_files(write_pair(tmp_path), data_dir)
    unknown_type = valid_register()
    unknown_type["Indsatser"][1][3] = "ukendt_indsats"
    (tmp_path / "new").mkdir()
    path = write_xlsx(tmp_path / "new" / "register.xlsx", unknown_type)

    checked = validate_files([path], data_dir)
    assert checked.report.has_errors
    assert any(i.column == "Indsatstype" for i in checked.report.errors)

    good = write_xlsx(tmp_path / "new" / "register.xlsx", valid_register())
    outcome = import_files([good], data_dir)
    assert outcome.version == "v0002"
    assert Store(data_dir).manifest()["parts"]["oekonomi"]["inherited_from"] == "v0001"


def test_validate_passes_the_stored_reference_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []
    real = ingest.check_files

    def spy(paths, reference, limits, progress):  # type: ignore[no-untyped-def]
        seen.append(reference)
        return real(paths, reference, limits, progress)

    monkeypatch.setattr(ingest, "check_files", spy)
    absent = tmp_path / "not-yet"
    result = validate_files(write_pair(tmp_path), absent)
    assert result.ok and seen == [None]
    assert not absent.exists()


def test_cpr_typed_into_an_id_column_is_rejected(tmp_path: Path, data_dir: Path) -> None:
    register = valid_register()
    register["Mål"][1][0] = PERSON_B  # a goal ID that is a CPR number
    path = write_xlsx(tmp_path / "register.xlsx", register)

    outcome = import_files([path], data_dir)
    assert not outcome.imported
    flagged = [i for i in outcome.report.errors if i.column == "Mål-ID"]
    assert flagged and flagged[0].sheet == "Mål"
    assert PERSON_B not in outcome.report.to_text()
    assert Store(data_dir).current_version() is None


def test_key_inside_the_data_folder_is_refused(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TVAERBLIK_KEY_FILE", str(data_dir / "keys" / "pseudonym.key"))
    with pytest.raises(KeyFileError, match="datamappen"):
        import_files(write_pair(tmp_path), data_dir)
    assert not (data_dir / "keys").exists()
    assert Store(data_dir).current_version() is None


def test_same_person_gets_the_same_pseudonym_in_every_import(
    tmp_path: Path, data_dir: Path
) -> None:
    first = import_files(write_pair(tmp_path), data_dir).version
    second = import_files(write_pair(tmp_path), data_dir).version
    store = Store(data_dir)
    ids_1 = store.load(first).register.citizens["person_id"]
    ids_2 = store.load(second).register.citizens["person_id"]
    pd.testing.assert_series_equal(ids_1, ids_2)


# -- scenarier.xlsx ------------------------------------------------------------------------


def test_a_scenario_workbook_alone_inherits_register_and_economy(
    tmp_path: Path, data_dir: Path
) -> None:
    assert import_files(write_pair(tmp_path), data_dir).imported
    (tmp_path / "s").mkdir()
    outcome = import_files([write_scenarios(tmp_path / "s")], data_dir, user="anna")

    assert outcome.imported, outcome.report.to_text()
    assert outcome.version == "v0002"
    # Checked against the stored economy's codes, so no "cannot be checked" warnings.
    assert outcome.report.issues == []
    store = Store(data_dir)
    dataset = store.load()
    assert dataset.scenarios.scenarios["scenario_id"].tolist() == ["S1", "S2"]
    assert dataset.scenarios.consequence_prices["purse"].tolist() == [
        "kommune", "stat", "region"]  # fmt: skip
    assert len(dataset.register.citizens) == 3 and len(dataset.economy.prices) == 3
    manifest = store.manifest()
    assert manifest["parts"]["register"]["inherited_from"] == "v0001"
    assert manifest["parts"]["oekonomi"]["inherited_from"] == "v0001"
    assert manifest["parts"]["scenarier"]["inherited_from"] is None
    event = store.audit_events()[-1]
    assert [f["name"] for f in event["files"]] == ["scenarier.xlsx"]
    assert event["inherited"] == {"register": "v0001", "oekonomi": "v0001"}


def test_a_scenario_workbook_is_checked_against_the_stored_economy(
    tmp_path: Path, data_dir: Path
) -> None:
    assert import_files(write_pair(tmp_path), data_dir).imported
    sheets = valid_scenarios()
    sheets["Investeringer"][1][5] = "UNGE"  # not in the stored Afdelinger
    (tmp_path / "s").mkdir()
    checked = validate_files([write_scenarios(tmp_path / "s", sheets)], data_dir)
    assert [issue.line() for issue in checked.report] == [
        "Fejl: scenarier.xlsx, ark «Investeringer», række 2, kolonne «Betalende afdeling»: "
        "Findes ikke i arket «Afdelinger» i den gemte version v0001. (værdi: UNGE)",
    ]


def test_a_bad_scenario_workbook_changes_nothing(tmp_path: Path, data_dir: Path) -> None:
    assert import_files(write_pair(tmp_path), data_dir).imported
    store = Store(data_dir)
    before = tree_hashes(data_dir, skip=("audit.log",))
    log_before = store.audit_path.read_bytes()

    sheets = valid_scenarios()
    sheets["Omplaceringer"][1][3] = "BESK"  # from BESK to BESK
    sheets["Effekter"][1][3] = "glaedere_borgere"  # not a code
    (tmp_path / "s").mkdir()
    outcome = import_files([write_scenarios(tmp_path / "s", sheets)], data_dir)

    assert not outcome.imported and len(outcome.report.errors) == 2
    assert tree_hashes(data_dir, skip=("audit.log",)) == before
    assert store.audit_path.read_bytes().startswith(log_before)
    event = store.audit_events()[-1]
    assert event["event"] == "rejection" and event["errors"] == 2
    assert event["files"][0]["name"] == "scenarier.xlsx"
    assert store.current_version() == "v0001"


def test_all_three_workbooks_import_together(tmp_path: Path, data_dir: Path) -> None:
    outcome = import_files([*write_pair(tmp_path), write_scenarios(tmp_path)], data_dir)
    assert outcome.imported, outcome.report.to_text()
    info = Store(data_dir).versions()[-1]
    assert set(info.parts) == {"register", "oekonomi", "scenarier"}
    assert info.inherited_from == {}
    assert info.row_counts["scenarier"]["effects"] == 2
