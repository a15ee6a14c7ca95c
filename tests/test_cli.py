"""The ``tvaerblik`` command: exit codes, Danish output, no tracebacks, no CPR in the data."""

from __future__ import annotations

import hashlib
import importlib
import re
import subprocess
import sys
import types
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest

from tests.cli_runs import run_cli
from tests.national_data import jobindsats_row, national
from tests.workbooks import (
    PERSON_A,
    PERSON_B,
    PERSON_C,
    valid_economy,
    valid_register,
    write_pair,
    write_scenarios,
    write_xlsx,
)
from toolkit import schema
from toolkit.pseudonyms import birth_date
from toolkit.sample.published_shapes import write_jobindsats_v2_json
from toolkit.store import Store

ROOT = Path(__file__).resolve().parents[1]
# A CPR number standing on its own (not the tail of a longer ID such as "F2024000123").
CPR_SHAPE = re.compile(rb"(?<![0-9A-Za-z])\d{6}-?\d{4}(?![0-9A-Za-z])")
# Hashes and pseudonyms are long hex runs that may hold ten digits in a row by chance.
HEX_RUN = re.compile(rb"[0-9a-fA-F]{16,}")


def require(module: str, name: str) -> None:
    """Fail (not skip) while a function another engineer is writing has not landed."""
    try:
        found = hasattr(importlib.import_module(module), name)
    except ModuleNotFoundError:
        found = False
    if not found:
        pytest.fail(f"{module}.{name} findes ikke endnu; testen kører, når den er skrevet.")


def tree_hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != "audit.log"}  # fmt: skip


def decoded_files(root: Path) -> list[tuple[Path, bytes]]:
    """Each file's raw bytes, and for Parquet also every cell as text (compression hides)."""
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            found.append((path, path.read_bytes()))
            if path.suffix == ".parquet":
                frame = pq.read_table(path).to_pandas()
                found.append((path, frame.astype(str).to_csv(index=False).encode()))
    return found


def cprs_in_workbook(path: Path) -> set[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = book["Borgere"]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() for h in next(rows)]
    column = header.index("CPR-nummer")
    values = {str(row[column]).strip() for row in rows if row[column] is not None}
    book.close()
    return values


def assert_no_cpr_in(root: Path, known: set[str]) -> None:
    forms = {form.encode() for cpr in known for form in (cpr, cpr.replace("-", ""))}
    for path, data in decoded_files(root):
        leaked = [form for form in forms if form in data]
        assert not leaked, f"CPR-nummer fundet i {path}"
        # Binary pages may hold runs like the bytes 0x30..0x39 ("0123456789"): only a
        # run that forms a real birth date counts as CPR-shaped.
        shaped = [m.group() for m in CPR_SHAPE.finditer(HEX_RUN.sub(b"#", data))
                  if birth_date(m.group().decode().replace("-", ""))]  # fmt: skip
        assert not shaped, f"CPR-lignende tekst {shaped[:3]!r} i {path}"


# -- import, versions, rollback ----------------------------------------------------------


def test_import_versions_rollback(tmp_path: Path, data_dir: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    register, economy = write_pair(tmp_path)
    code, out, err = run_cli(capsys, "--data", data_dir, "import", register, economy)
    assert code == 0, out + err
    assert "version v0001" in out and "Borgere" in out
    assert "Gemmer version v0001" in err  # progress goes to stderr

    code, out, _ = run_cli(capsys, "import", register, "--data", data_dir)  # --data after too
    assert code == 0 and "v0002" in out
    assert "Økonomi (uændret fra v0001)" in out

    code, out, _ = run_cli(capsys, "--data", data_dir, "versions")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Version", "Oprettet", "Bruger", "Register", "Økonomi", "Scenarier",
                                "Nationale", "tal"]  # fmt: skip
    assert lines[1].startswith("→") and "v0002" in lines[1] and "som v0001" in lines[1]
    assert re.search(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", lines[2])

    code, out, _ = run_cli(capsys, "--data", data_dir, "rollback", "v0001")
    assert code == 0 and "v0001" in out
    assert Store(data_dir).current_version() == "v0001"
    code, out, _ = run_cli(capsys, "--data", data_dir, "rollback", "v0001")
    assert code == 0 and "allerede" in out
    assert [e["event"] for e in Store(data_dir).audit_events()] == ["import", "import",
                                                                     "rollback"]  # fmt: skip
    assert_no_cpr_in(data_dir, {PERSON_A, PERSON_B, PERSON_C})


def test_a_scenario_workbook_is_imported_alone(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "--data", data_dir, "import", *write_pair(tmp_path))
    assert code == 0, out + err
    (tmp_path / "s").mkdir()
    code, out, err = run_cli(capsys, "--data", data_dir, "import", write_scenarios(tmp_path / "s"))
    assert code == 0, out + err
    assert "Register (uændret fra v0001)" in out and "Økonomi (uændret fra v0001)" in out
    assert re.search(r"Omplaceringer +2 rækker", out)
    code, out, _ = run_cli(capsys, "--data", data_dir, "versions")
    assert "scenarier.xlsx, 13 rækker" in out.splitlines()[1]


def test_data_folder_from_environment(tmp_path: Path, data_dir: Path,
                                      capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("TVAERBLIK_DATA", str(data_dir))
    code, _, _ = run_cli(capsys, "import", *write_pair(tmp_path))
    assert code == 0
    assert Store(data_dir).current_version() == "v0001"


def test_import_with_errors_exits_1_and_changes_nothing(tmp_path: Path, data_dir: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        ) -> None:  # fmt: skip
    register, economy = write_pair(tmp_path)
    assert run_cli(capsys, "--data", data_dir, "import", register, economy)[0] == 0
    before = tree_hashes(data_dir)
    broken = valid_economy()
    broken["Takster"][1][4] = "gratis"  # a price that is not a number
    bad = write_xlsx(tmp_path / "oekonomi.xlsx", broken)

    code, out, err = run_cli(capsys, "--data", data_dir, "import", bad)
    assert code == 1
    assert "Fejl" in out and "Intet er indlæst" in out
    assert "Traceback" not in out + err
    assert tree_hashes(data_dir) == before
    assert Store(data_dir).audit_events()[-1]["event"] == "rejection"


def test_validate_exit_codes(tmp_path: Path, data_dir: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    register, economy = write_pair(tmp_path)
    code, out, _ = run_cli(capsys, "--data", data_dir, "validate", register, economy)
    assert (code, out.strip()) == (0, "Ingen fejl eller advarsler fundet.")

    # A register alone, nothing stored: department codes can't be checked -> warnings only.
    code, out, _ = run_cli(capsys, "--data", data_dir, "validate", register)
    assert code == 0 and "Advarsel" in out and "Fejl:" not in out

    broken = valid_register()
    broken["Forløb"][1][2] = "ukendt_ordning"
    bad = write_xlsx(tmp_path / "broken.xlsx", broken)
    code, out, _ = run_cli(capsys, "--data", data_dir, "validate", bad, economy)
    assert code == 1 and "Fejl" in out and "Ordning" in out
    assert not any(data_dir.iterdir())  # validate never writes to the data folder


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: d / "mangler.xlsx", "findes ikke"),
        (lambda d: (d / "noter.txt").write_text("hej") and d / "noter.txt", "hverken en Excel"),
        (lambda d: (d / "gammel.xls").write_bytes(b"x") and d / "gammel.xls", ".xls"),
        (lambda d: d, "er en mappe"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "import"])
def test_bad_files_give_one_danish_sentence_and_exit_2(tmp_path: Path, data_dir: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       make: object, expected: str,
                                                       command: str) -> None:  # fmt: skip
    path = make(tmp_path)  # type: ignore[operator]
    code, out, err = run_cli(capsys, "--data", data_dir, command, path)
    assert code == 2
    assert expected in err and err.startswith("Fejl: ")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


def test_corrupt_xlsx_is_reported_not_raised(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "register.xlsx"
    fake.write_text("dette er ikke et regneark")
    code, out, err = run_cli(capsys, "--data", data_dir, "import", fake)
    assert code == 1
    assert "Filen kan ikke læses" in out
    assert "Traceback" not in out + err


def test_usage_problems_exit_2_in_danish(tmp_path: Path, data_dir: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    code, _, err = run_cli(capsys, "frobnicate")
    assert code == 2 and "ugyldigt valg" in err and "Brug:" in err
    code, _, err = run_cli(capsys, "import")
    assert code == 2 and "mangler" in err
    code, _, err = run_cli(capsys, "demo", "--scale", "-1")
    assert code == 2 and "større end 0" in err

    code, out, err = run_cli(capsys, "--data", data_dir, "rollback", "v0007")
    assert code == 2 and "findes ikke" in err and not out
    code, out, _ = run_cli(capsys, "--data", tmp_path / "tom", "versions")
    assert code == 0 and "ingen versioner" in out
    assert not (tmp_path / "tom").exists()


def test_help_is_danish(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "--help")
    assert code == 0
    assert out.startswith("Brug: tvaerblik")
    assert "vis denne hjælp og afslut" in out and "kommandoer" in out
    code, out, _ = run_cli(capsys, "validate", "--help")
    assert code == 0 and "--annotated MAPPE" in out and "argumenter" in out


def test_broken_key_file_exits_2(tmp_path: Path, data_dir: Path,
                                 capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    key = tmp_path / "key"
    key.write_text("ikke-hex")
    monkeypatch.setenv("TVAERBLIK_KEY_FILE", str(key))
    code, _, err = run_cli(capsys, "--data", data_dir, "import", *write_pair(tmp_path))
    assert code == 2 and "Nøglefilen" in err and "Traceback" not in err
    assert Store(data_dir).current_version() is None


def test_module_runs_as_a_script() -> None:
    done = subprocess.run([sys.executable, "-m", "toolkit.cli", "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0 and "Brug: tvaerblik" in done.stdout


def test_serve_passes_its_options(data_dir: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    calls = []

    def fake_serve(path: Path, host: str, port: int, open_browser: bool) -> int:
        calls.append((path, host, port, open_browser))
        return 0

    monkeypatch.setitem(sys.modules, "toolkit.serve", types.SimpleNamespace(serve=fake_serve))
    code, _, _ = run_cli(capsys, "--data", data_dir, "serve", "--port", "9001", "--no-browser")
    assert code == 0
    assert calls == [(data_dir, "127.0.0.1", 9001, False)]


# -- needs the other engineers' modules ------------------------------------------------


def test_demo_imports_the_sample_and_leaves_no_cpr(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require("toolkit.sample", "write_sample")
    out_dir = tmp_path / "eksempel"
    code, out, err = run_cli(capsys, "--data", data_dir, "demo", "--scale", "0.2",
                         "--out", out_dir)  # fmt: skip
    assert code == 0, out + err
    assert "v0001" in out and "Borgere" in out
    known = cprs_in_workbook(out_dir / schema.REGISTER.file_name)
    assert len(known) > 10
    assert_no_cpr_in(data_dir, known)
    assert not list(data_dir.rglob("*.xlsx"))


def test_demo_by_default_keeps_no_workbooks(tmp_path: Path, data_dir: Path,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    require("toolkit.sample", "write_sample")
    temp_root = tmp_path / "temp"
    temp_root.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp_root))
    monkeypatch.setattr("tempfile.tempdir", None)
    code, out, err = run_cli(capsys, "--data", data_dir, "demo", "--scale", "0.2")
    assert code == 0, out + err
    assert not list(temp_root.rglob("*.xlsx"))  # the temporary workbooks are gone
    assert_no_cpr_in(data_dir, {PERSON_A})


def test_demo_flow_with_a_stand_in_sample(tmp_path: Path, data_dir: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The demo's own logic, whatever the sample generator does: temp folder, import, summary."""
    written: list[Path] = []

    def write_sample(out_dir: Path, scale: float, progress: object) -> list[Path]:
        assert scale == 0.5
        written.append(out_dir)
        figures = national([jobindsats_row("Eksempel", "2024-01", 9.0)]).jobindsats
        return [*write_pair(out_dir), write_jobindsats_v2_json(figures, out_dir / "y11a02.json")]

    monkeypatch.setitem(sys.modules, "toolkit.sample",
                        types.SimpleNamespace(write_sample=write_sample))  # fmt: skip
    code, out, err = run_cli(capsys, "--data", data_dir, "demo", "--scale", "0,5")
    assert code == 0, out + err
    assert "Eksempelkommunen er indlæst" in out and "v0001" in out
    assert re.search(r"Borgere +3 rækker", out) and re.search(r"Budget +1 række\n", out)
    assert re.search(r"Nationale tal:\n  Jobindsats +2 rækker", out)  # whatever it wrote
    assert written and not written[0].exists()  # the workbooks with CPR numbers are gone
    assert data_dir.resolve() not in written[0].resolve().parents
    assert_no_cpr_in(data_dir, {PERSON_A, PERSON_B, PERSON_C})


def test_demo_refuses_to_write_workbooks_into_the_data_folder(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "--data", data_dir, "demo", "--out", data_dir / "eksempel")
    assert code == 2 and "datamappen" in err
    assert not any(data_dir.iterdir())


def test_templates_are_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require("toolkit.workbook.writer", "write_templates")
    code, out, _ = run_cli(capsys, "templates", tmp_path / "skabeloner")
    assert code == 0 and "skabeloner" in out.lower()
    for book in schema.WORKBOOKS.values():
        assert (tmp_path / "skabeloner" / book.file_name).is_file()


def test_validate_writes_annotated_copies(tmp_path: Path, data_dir: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    require("toolkit.workbook.annotate", "write_annotated")
    broken = valid_register()
    broken["Forløb"][1][2] = "ukendt_ordning"
    bad = write_xlsx(tmp_path / "register.xlsx", broken)
    economy = write_xlsx(tmp_path / "oekonomi.xlsx", valid_economy())
    out_dir = tmp_path / "markeret"
    code, out, _ = run_cli(capsys, "--data", data_dir, "validate", bad, economy,
                       "--annotated", out_dir)  # fmt: skip
    assert code == 1
    assert list(out_dir.glob("*.xlsx"))
    assert "oekonomi.xlsx: intet at markere" in out


def test_annotated_copies_never_go_into_the_data_folder(tmp_path: Path, data_dir: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        ) -> None:  # fmt: skip
    register, _ = write_pair(tmp_path)
    code, _, err = run_cli(capsys, "--data", data_dir, "validate", register,
                       "--annotated", data_dir / "kopier")  # fmt: skip
    assert code == 2 and "datamappen" in err
    assert not any(data_dir.iterdir())


def test_damaged_pointer_is_explained_and_rollback_repairs_it(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(capsys, "--data", data_dir, "import", *write_pair(tmp_path))[0] == 0
    (data_dir / "CURRENT").write_text("v0042\n")
    code, _, err = run_cli(capsys, "--data", data_dir, "versions")
    assert code == 2 and "Gemte versioner: v0001" in err and "Traceback" not in err
    code, out, _ = run_cli(capsys, "--data", data_dir, "rollback", "v0001")
    assert code == 0 and "v0001" in out
    assert Store(data_dir).current_version() == "v0001"
