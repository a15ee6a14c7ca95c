"""``tvaerblik brief``: the committee briefing from the command line."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import docx
import pytest

import toolkit.briefing as briefing
from toolkit.briefing.model import BriefingFiles
from toolkit.cli import main


def test_brief_writes_the_files_for_real(
    sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ud"
    code = main(["--data", str(sample_dir), "brief", "--committee", "beskaeftigelse",
                 "--period", "2026-K3", "--out", str(out), "--format", "docx,html"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert (out / "beskaeftigelsesudvalget-2026-Q3.docx").is_file()
    assert (out / "beskaeftigelsesudvalget-2026-Q3.html").is_file()
    assert not (out / "beskaeftigelsesudvalget-2026-Q3.pdf").exists()
    assert "Skrevet (Word):" in captured.out and "Skrevet (HTML):" in captured.out
    assert "Laver briefingen" in captured.err
    html = (out / "beskaeftigelsesudvalget-2026-Q3.html").read_text(encoding="utf-8")
    assert not re.search(r"(?<!\d)\d{6}-?\d{4}(?!\d)", html)


def test_brief_takes_the_municipalitys_name_from_kommune(
    sample_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TVAERBLIK_KOMMUNE", "Fra miljøet")
    out = tmp_path / "ud"
    code = main(["--data", str(sample_dir), "brief", "--committee", "social", "--period",
                 "2026-K3", "--out", str(out), "--format", "docx",
                 "--kommune", " Eksempel Kommune "])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    document = docx.Document(str(out / "socialudvalget-2026-Q3.docx"))
    assert document.core_properties.author == "Eksempel Kommune"
    assert "Eksempel Kommune" in [p.text for p in document.paragraphs]
    assert "Fra miljøet" not in "\n".join(p.text for p in document.paragraphs)


def test_brief_passes_the_arguments_and_reports_a_skipped_pdf(
    sample_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}

    def fake(dataset: Any, committee: str, period: str, out_dir: Any, **kwargs: Any) -> Any:
        seen.update(committee=committee, period=period, out_dir=out_dir, **kwargs)
        return BriefingFiles(docx=Path(out_dir) / "a.docx", html=Path(out_dir) / "a.html",
                             pdf=None, pdf_skipped="LibreOffice er ikke installeret.")  # fmt: skip

    monkeypatch.setattr(briefing, "write_briefing", fake)
    code = main(["--data", str(sample_dir), "brief", "--committee", "Socialudvalget",
                 "--period", "2026-Q3", "--scenarios", "S1, S2",
                 "--out", str(tmp_path)])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0
    assert seen["committee"] == "Socialudvalget" and seen["period"] == "2026-Q3"
    assert seen["scenario_ids"] == ("S1", "S2")
    assert seen["formats"] == ("docx", "html", "pdf")
    assert callable(seen["progress"])
    assert seen["municipality"] is None  # no --kommune: the workbook, then the environment
    assert seen["template"] is None
    assert "PDF er ikke lavet: LibreOffice er ikke installeret." in captured.out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--committee", "teknik", "--period", "2026-K3"], "findes ikke i data"),
        (["--committee", "social", "--period", "2026-13"], "Ukendt periode"),
        (["--committee", "social", "--period", "2026-K3", "--scenarios", "S9"],
         "Ukendte scenarier"),
        (["--committee", "social", "--period", "2026-K3", "--format", "odt"], "Ukendt format"),
    ],
)  # fmt: skip
def test_brief_errors_exit_2_with_a_danish_sentence(
    sample_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    words: str,
) -> None:
    code = main(["--data", str(sample_dir), "brief", *args, "--out", str(tmp_path / "ud")])
    captured = capsys.readouterr()
    assert code == 2
    assert "Fejl:" in captured.err and words in captured.err
    assert "Traceback" not in captured.err


def test_brief_requires_committee_period_and_out(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(sample_dir), "brief", "--period", "2026-K3"]) == 2


def test_brief_checks_out_before_computing(
    sample_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("computed before --out was checked")

    monkeypatch.setattr(briefing, "write_briefing", never)
    a_file = tmp_path / "fil.txt"
    a_file.write_text("x", encoding="utf-8")
    base = ["--data", str(sample_dir), "brief", "--committee", "besk", "--period", "2026-K3"]
    assert main([*base, "--out", str(a_file)]) == 2
    err = capsys.readouterr().err
    assert "er en fil, ikke en mappe" in err and "Errno" not in err
    assert main([*base, "--out", str(a_file / "ud")]) == 2
    assert "er en fil" in capsys.readouterr().err
    locked = tmp_path / "laast"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if not os.access(locked, os.W_OK):  # root may write anywhere
            assert main([*base, "--out", str(locked / "ud")]) == 2
            err = capsys.readouterr().err
            assert "Der kan ikke skrives i mappen" in err and "Permission" not in err
    finally:
        locked.chmod(0o700)


def test_brief_failing_to_write_gives_danish_without_os_text(
    sample_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(briefing, "write_briefing", full)
    code = main(["--data", str(sample_dir), "brief", "--committee", "besk", "--period",
                 "2026-K3", "--out", str(tmp_path / "ud")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "kunne ikke skrives" in err and "No space" not in err
