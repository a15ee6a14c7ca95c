"""Small registers, economies and stored versions for the tests that need a data folder
(the store, the audit chain, the Forside, the Data page, Voilà), and data folders holding the
sample municipality."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest

from tests.paths import SAMPLE_DIR
from toolkit import ingest
from toolkit.register import Economy, Register
from toolkit.store import Store
from toolkit.workbook.check import SourceFile

SAMPLE_WORKBOOKS = ("register.xlsx", "oekonomi.xlsx", "scenarier.xlsx")


def imported_sample(
    tmp_path_factory: pytest.TempPathFactory, name: str, workbooks: Sequence[str] = SAMPLE_WORKBOOKS
) -> Path:
    """A new data folder holding the sample municipality's ``workbooks`` (sample_data/), for a
    fixture that outlives a test: imported under a key of its own, as each test has its own."""
    folder = tmp_path_factory.mktemp(name) / "data"
    with pytest.MonkeyPatch.context() as patch:
        keys = tmp_path_factory.mktemp(f"{name}-keys")
        patch.setenv("TVAERBLIK_KEY_FILE", str(keys / "pseudonym.key"))
        outcome = ingest.import_files([SAMPLE_DIR / workbook for workbook in workbooks], folder)
        assert outcome.version, outcome.report.to_text()
    return folder


def make_register(n_citizens: int = 3) -> Register:
    """A small register with every stored dtype and some blanks."""
    ids = [f"P{i:020x}" for i in range(n_citizens)]
    citizens = pd.DataFrame({
        "person_id": ids,
        "sex": ["K", "M", None][: n_citizens] + ["K"] * max(0, n_citizens - 3),
        "birth_year": pd.array(([1970, None, 1988] * n_citizens)[:n_citizens], dtype="Int64"),
        "support_at_entry": ["sygedagpenge"] * n_citizens,
        "primary_barrier": ["helbred"] * n_citizens,
    })  # fmt: skip
    courses = pd.DataFrame({
        "course_id": ["F1", "F2"], "person_id": ids[:2], "scheme": ["fleksjob", "jobafklaring"],
        "start": pd.to_datetime(["2024-01-08", "2024-03-01"]),
        "planned_end": pd.to_datetime(["2025-12-31", None]),
        "end": pd.to_datetime([None, "2024-09-30"]),
        "exit_reason": [None, "uddannelse"], "weekly_hours": [12.5, None],
        "coordinating_department": ["BESK", "BESK"],
    })  # fmt: skip
    cases = pd.DataFrame({
        "meeting_id": ["M1", "M1"], "person_id": ids[:2], "case_type": ["fleksjob"] * 2,
        "recommendation": ["fleksjob", "anden_indsats"],
        "goal_in_recommendation": pd.array([True, None], dtype="boolean"),
        "citizen_present": pd.array([False, True], dtype="boolean"),
        "return_reason": [None, "dokumentation"], "minutes": [60.0, 45.5],
    })  # fmt: skip
    interventions = pd.DataFrame({
        "intervention_id": ["I1"], "person_id": ids[:1], "course_id": ["F1"],
        "intervention_type": ["mentor"], "department": ["BESK"],
        "requested": pd.to_datetime(["2024-01-10"]), "status": ["igangsat"],
        "refusal_reason": [None], "start": pd.to_datetime(["2024-01-20"]),
        "end": pd.to_datetime([None]), "weekly_hours": [3.0], "actual_cost": [None],
        "contact_person_id": ["S" + "0" * 20],
    })  # fmt: skip
    return Register.from_tables({"citizens": citizens, "courses": courses, "cases": cases,
                                 "interventions": interventions})  # fmt: skip


def make_economy(price: float = 450.0) -> Economy:
    return Economy.from_tables({
        "departments": pd.DataFrame({"department": ["BESK", "SOC"], "name": ["Jobcenter", "Social"],
                                     "committee": ["Beskæftigelsesudvalget", "Socialudvalget"]}),
        "prices": pd.DataFrame({
            "intervention_type": ["mentor"], "name": ["Mentor"], "department": ["BESK"],
            "unit": ["time"], "price": [price], "valid_from": pd.to_datetime(["2024-01-01"]),
            "valid_to": pd.to_datetime([None]),
        }),
        "refund_ladder": pd.DataFrame({"from_week": [1, 53], "to_week": [52, None],
                                       "refund_pct": [80.0, 20.0]}),
    })  # fmt: skip


def source(kind: str, name: str | None = None) -> SourceFile:
    name = name or ("register.xlsx" if kind == "register" else "oekonomi.xlsx")
    return SourceFile(Path("/somewhere") / name, name, "ab" * 32, 1234, kind)


def store_version(data_dir: Path, n_citizens: int = 1234, *, economy: bool = True) -> str:
    """A version of ``n_citizens`` citizens (and two departments, with ``economy``) saved in
    ``data_dir`` by «controller1»; its id."""
    citizens = pd.DataFrame(
        {
            "person_id": [f"P{i:020x}" for i in range(n_citizens)],
            "sex": ["K"] * n_citizens,
            "birth_year": pd.array([1970] * n_citizens, dtype="Int64"),
            "support_at_entry": ["sygedagpenge"] * n_citizens,
            "primary_barrier": ["helbred"] * n_citizens,
        }
    )
    departments = pd.DataFrame(
        {"department": ["BESK", "SOC"], "name": ["Jobcenter", "Social"],
         "committee": ["Beskæftigelsesudvalget", "Socialudvalget"]}
    )  # fmt: skip
    sources = [
        SourceFile(Path("register.xlsx"), "register.xlsx", "a" * 64, 100, "register"),
        SourceFile(Path("oekonomi.xlsx"), "oekonomi.xlsx", "b" * 64, 100, "oekonomi"),
    ]
    return Store(data_dir).save(
        Register.from_tables({"citizens": citizens}),
        Economy.from_tables({"departments": departments}) if economy else None,
        sources if economy else sources[:1],
        user="controller1",
    )
