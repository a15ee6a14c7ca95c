"""The Data page, in-process: versions, upload, the Danish report, import and its refusals.

The upload box is driven the way the browser drives it: by setting the FileUpload widget's
value (ipywidgets 8: a tuple of dicts with name, type, size, content and last_modified).
"""

from __future__ import annotations

import re
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from tests.fake_hub import logged_in
from tests.national_data import jobindsats_row, national, population_row
from tests.store_data import store_version
from tests.workbooks import PERSON_A, valid_register, write_pair, write_xlsx
from toolkit.sample.published_shapes import write_folk1a_csv, write_jobindsats_v2_json
from toolkit.store import Store
from toolkit.ui import data_page as module
from toolkit.ui.data_page import DataPage, data_page, uploads_from_value

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload_value(*paths: Path, names: list[str] | None = None) -> tuple[dict[str, Any], ...]:
    """What the FileUpload widget holds after the browser sent these files."""
    names = names or [path.name for path in paths]
    return tuple(
        {
            "name": name,
            "type": XLSX,
            "size": path.stat().st_size,
            "content": memoryview(path.read_bytes()),
            "last_modified": datetime(2026, 11, 23, 14, 5, tzinfo=UTC),
        }
        for name, path in zip(names, paths, strict=True)
    )


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def everything_shown(page: DataPage) -> str:
    return "\n".join(
        [page.versions.value, page.progress.value, page.message.value, page.report.value]
    )


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder the page writes uploads to, so the test can see it stays empty."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def bad_register(tmp_path: Path) -> Path:
    sheets = valid_register()
    sheets["Borgere"][1][1] = "X"  # sex: not a code (Excel row 2)
    sheets["Forløb"][1][3] = "32-13-2024"  # start date: not a date (Excel row 2)
    folder = tmp_path / "bad"
    folder.mkdir()
    return write_xlsx(folder / "register.xlsx", sheets)


def test_empty_folder(data_dir: Path) -> None:
    page = DataPage(data_dir)
    assert "Der er ikke indlæst data endnu" in text(page.versions.value)
    assert page.import_button.disabled
    assert page.import_button.description == "Indlæs"
    assert page.upload.accept == ".xlsx,.xlsm,.json,.csv" and page.upload.multiple
    assert isinstance(data_page(data_dir), widgets.VBox)


def test_versions_are_listed_newest_first_in_danish(data_dir: Path) -> None:
    first = store_version(data_dir, n_citizens=1234)
    second = store_version(data_dir, n_citizens=7, economy=False)
    shown = text(DataPage(data_dir).versions.value)
    assert shown.index(second) < shown.index(first)
    assert re.search(rf"{second} \(aktuel\) \d\d-\d\d-\d{{4}} \d\d:\d\d controller1", shown)
    assert re.search(rf"{first} \d\d-\d\d-\d{{4}} \d\d:\d\d controller1", shown)
    assert "register.xlsx" in shown and "oekonomi.xlsx" in shown
    assert f"uændret fra {first}" in shown  # the economy part of the second version
    assert "Borgere 1.234" in shown and "Borgere 7" in shown


def test_commands_and_the_folder_are_folded_away_for_controllers(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store_version(data_dir)
    monkeypatch.setattr(module, "MAX_LINES_PER_GROUP", 1)
    sheets = valid_register()
    for row in sheets["Borgere"][1:3]:
        row[1] = "X"  # sex: not a code, twice: one line more than shown
    page = DataPage(data_dir)
    page.upload.value = upload_value(write_xlsx(tmp_path / "register.xlsx", sheets))
    assert "flere i denne gruppe" in text(page.report.value)
    main = text(
        " ".join(child.value for child in page.widget.children if isinstance(child, widgets.HTML))
    )
    assert "tvaerblik" not in main and str(data_dir) not in main
    fold = page.widget.children[-1]
    assert isinstance(fold, widgets.Accordion) and fold.selected_index is None
    assert fold.titles == ("For controllere: datamappe og kommandoer",)
    details = text(fold.children[0].value)
    assert str(data_dir) in details and "tvaerblik rollback VERSION" in details
    assert "--annotated" in details
    assert module.failure_sentence(RuntimeError()).count("tvaerblik") == 0


def test_good_pair_is_checked_then_imported(
    data_dir: Path, tmp_path: Path, private_tmp: Path
) -> None:
    register, economy = write_pair(tmp_path)
    page = DataPage(data_dir, user="controller2")
    page.upload.value = upload_value(register, economy)

    assert "Fejl:" not in text(page.report.value)
    assert "regnearkene kan indlæses" in text(page.report.value) or "Ingen fejl" in text(
        page.report.value
    )
    assert not page.import_button.disabled
    assert "Indlæs" in page.progress.value
    assert list(private_tmp.iterdir()) == []  # written only while checked
    assert Store(data_dir).versions() == []  # checking stores nothing

    page.import_button.click()
    versions = Store(data_dir).versions()
    assert [info.id for info in versions] == ["v0001"]
    assert versions[0].user == "controller2"
    assert "Indlæst som version v0001, som nu er den aktuelle" in text(page.message.value)
    shown = text(page.versions.value)
    assert "v0001" in shown and "aktuel" in shown and "register.xlsx" in shown
    assert page.import_button.disabled
    assert page.upload.value == ()
    assert list(private_tmp.iterdir()) == []
    assert PERSON_A not in everything_shown(page)
    assert not list(data_dir.rglob("*.xlsx"))


def test_bad_workbook_gives_a_danish_report_and_no_import(
    data_dir: Path, bad_register: Path, private_tmp: Path
) -> None:
    page = DataPage(data_dir)
    page.upload.value = upload_value(bad_register)
    report = text(page.report.value)
    assert "kan ikke indlæses" in report
    assert "Fejl i værdier" in report
    assert re.search(r"Fejl register\.xlsx Borgere 2 Køn ", report), report
    assert re.search(r"Fejl register\.xlsx Forløb 2 \S+", report), report
    assert "32-13-2024" in report
    assert page.import_button.disabled
    assert page.run_import() is None
    assert Store(data_dir).versions() == []
    assert list(private_tmp.iterdir()) == []
    for cpr in (PERSON_A, PERSON_A.replace("-", "")):
        assert cpr not in everything_shown(page)
    for word in ("Traceback", "Error", "Exception"):
        assert word not in everything_shown(page)


def test_new_upload_replaces_the_report(data_dir: Path, tmp_path: Path, bad_register: Path) -> None:
    page = DataPage(data_dir)
    page.upload.value = upload_value(bad_register)
    assert page.import_button.disabled
    page.upload.value = upload_value(*write_pair(tmp_path))
    assert not page.import_button.disabled
    assert "Fejl i værdier" not in page.report.value


def test_not_a_workbook_is_one_danish_sentence(data_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "noter.txt"
    other.write_text("hej", encoding="utf-8")
    page = DataPage(data_dir)
    page.upload.value = upload_value(other)
    assert "«noter.txt» er ikke et Excel-regneark eller en fil med offentliggjorte tal" in text(
        page.message.value
    )
    assert page.import_button.disabled and page.report.value == ""


def test_damaged_workbook_is_reported_not_raised(data_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "register.xlsx"
    broken.write_bytes(b"PK\x03\x04 ikke en rigtig projektmappe")
    page = DataPage(data_dir)
    page.upload.value = upload_value(broken)
    assert "Filen kan ikke læses" in text(page.report.value)
    assert page.import_button.disabled


def test_file_names_lose_their_folders() -> None:
    value = ({"name": "../../etc/register.xlsx", "content": b"x"},)
    assert [u.name for u in uploads_from_value(value)] == ["register.xlsx"]
    with pytest.raises(module.UploadError, match="to filer med navnet"):
        uploads_from_value(value * 2)


def test_busy_store_is_one_danish_sentence(
    data_dir: Path, tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(module, "LOCK_TIMEOUT_S", 0.2)
    page = DataPage(data_dir)
    page.upload.value = upload_value(*write_pair(tmp_path))
    held, release = threading.Event(), threading.Event()

    def hold_lock() -> None:
        with Store(data_dir).lock():
            held.set()
            release.wait(10)

    other = threading.Thread(target=hold_lock)
    other.start()
    try:
        held.wait(10)
        assert page.run_import() is None
    finally:
        release.set()
        other.join()
    assert "En anden indlæsning er i gang" in text(page.message.value)
    assert not page.import_button.disabled  # may be tried again
    assert list(private_tmp.iterdir()) == []
    assert page.run_import() == "v0001"


def test_key_file_in_data_folder_is_one_danish_sentence(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TVAERBLIK_KEY_FILE", str(data_dir / "pseudonym.key"))
    page = DataPage(data_dir)
    page.upload.value = upload_value(*write_pair(tmp_path))
    assert page.run_import() is None
    assert "Nøglefilen" in text(page.message.value)
    assert "ligger i datamappen" in text(page.message.value)
    assert Store(data_dir).versions() == []


def test_unexpected_failure_is_one_danish_sentence(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("internal detail")

    monkeypatch.setattr(module.ingest, "validate_files", boom)
    page = DataPage(data_dir)
    page.upload.value = upload_value(*write_pair(tmp_path))
    assert "uventet fejl" in text(page.message.value)
    assert "internal detail" not in everything_shown(page)
    assert not page.upload.disabled


def test_a_scenario_workbook_alone_is_checked_and_imported(
    data_dir: Path, tmp_path: Path, private_tmp: Path
) -> None:
    from workbooks import write_scenarios

    page = DataPage(data_dir, user="controller2")
    page.upload.value = upload_value(*write_pair(tmp_path))
    page.import_button.click()
    (tmp_path / "s").mkdir()
    page.upload.value = upload_value(write_scenarios(tmp_path / "s"))
    assert "Ingen fejl" in text(page.report.value)
    page.import_button.click()

    versions = Store(data_dir).versions()
    assert [info.id for info in versions] == ["v0001", "v0002"]
    assert versions[-1].inherited_from == {"register": "v0001", "oekonomi": "v0001"}
    shown = text(page.versions.value)
    assert "Scenarier" in shown and "scenarier.xlsx" in shown and "Omplaceringer" in shown
    assert list(private_tmp.iterdir()) == []


def test_published_files_are_checked_imported_and_listed_as_the_national_part(
    data_dir: Path, tmp_path: Path, private_tmp: Path
) -> None:
    page = DataPage(data_dir, user="controller2")
    page.upload.value = upload_value(*write_pair(tmp_path))
    page.import_button.click()
    figures = national([jobindsats_row("Eksempel", "2024-01", 9.0)],
                       [population_row("Eksempel", "2024-Q1", 10000)])  # fmt: skip
    files = [write_jobindsats_v2_json(figures.jobindsats, tmp_path / "y11a02.json"),
             write_folk1a_csv(figures.population, tmp_path / "folk1a.csv")]  # fmt: skip
    page.upload.value = upload_value(*files)
    report = text(page.report.value)
    assert report.startswith("Kontrol Ingen fejl eller advarsler fundet.")
    assert not page.import_button.disabled
    assert "Ingen fejl: filerne kan indlæses. Oplysninger (intet at rette)" in report
    assert "Fejl i værdier" not in report and "advarslerne" not in report
    assert "Oplysning y11a02.json Y11A02: 0 rækker erstattet, 2 nye." in report
    page.import_button.click()

    versions = Store(data_dir).versions()
    assert [info.id for info in versions] == ["v0001", "v0002"]
    assert versions[-1].inherited_from == {"register": "v0001", "oekonomi": "v0001"}
    assert Store(data_dir).load().national.population["persons_16_66"].tolist() == [10000]
    shown = text(page.versions.value)
    assert "Nationale tal" in shown and "y11a02.json, folk1a.csv" in shown
    assert "Jobindsats 2" in shown and "Befolkning 1" in shown
    assert list(private_tmp.iterdir()) == []


# -- roles on JupyterHub ------------------------------------------------------------------


def descendants(widget: widgets.Widget) -> list[widgets.Widget]:
    children = list(getattr(widget, "children", ()))
    return [widget] + [w for child in children for w in descendants(child)]


LEDER_REFUSED = "Din rolle (leder) må ikke indlæse regneark; det må kun controllere."


def test_a_leder_sees_the_versions_and_why_she_cannot_import(
    data_dir: Path, tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = store_version(data_dir)
    register, economy = write_pair(tmp_path)
    audit_before = Store(data_dir).audit_path.read_bytes()
    with logged_in(monkeypatch, tmp_path, "anna"):
        page = DataPage(data_dir)
        shown = descendants(page.widget)
        assert page.upload not in shown and page.import_button not in shown
        assert not any(isinstance(widget, widgets.Accordion) for widget in shown)
        assert stored in text(page.versions.value)
        assert LEDER_REFUSED in text(
            " ".join(w.value for w in shown if isinstance(w, widgets.HTML))
        )

        # Hidden is not refused: a crafted comm message can still set the upload's value ...
        page.upload.value = upload_value(register, economy)
        assert text(page.message.value) == LEDER_REFUSED
        assert page.report.value == "" and page.import_button.disabled
        assert list(private_tmp.iterdir()) == []  # not even written for a check

        # ... and "click" Indlæs, as if checked files were in hand: the callback refuses.
        page._uploads = [
            module.Upload(path.name, path.read_bytes()) for path in (register, economy)
        ]
        assert page.run_import() is None
        page._uploads = [module.Upload(register.name, register.read_bytes())]
        page.import_button.click()
        assert text(page.message.value) == LEDER_REFUSED
    assert [info.id for info in Store(data_dir).versions()] == [stored]
    assert Store(data_dir).audit_path.read_bytes() == audit_before
    assert list(private_tmp.iterdir()) == []


def test_a_controllers_import_is_logged_with_the_hub_user(
    data_dir: Path, tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register, economy = write_pair(tmp_path)
    with logged_in(monkeypatch, tmp_path, "bo"):
        page = DataPage(data_dir)
        shown = descendants(page.widget)
        assert page.upload in shown and page.import_button in shown
        assert isinstance(page.widget.children[-1], widgets.Accordion)
        page.upload.value = upload_value(register, economy)
        page.import_button.click()
    assert "Indlæst som version v0001" in text(page.message.value)
    assert [info.user for info in Store(data_dir).versions()] == ["bo"]
    events = Store(data_dir).audit_events()
    assert [event["event"] for event in events] == ["import"]
    assert {event["user"] for event in events} == {"bo"}


def test_a_role_taken_away_applies_to_a_page_already_open(
    data_dir: Path, tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register, economy = write_pair(tmp_path)
    with logged_in(monkeypatch, tmp_path, "bo"):
        page = DataPage(data_dir)
        page.upload.value = upload_value(register, economy)
        assert not page.import_button.disabled
        (tmp_path / "roller.toml").write_text('[brugere.bo]\nrolle = "sekretaer"\n')
        page.import_button.click()
    assert "Din rolle (sekretær) må ikke indlæse regneark" in text(page.message.value)
    assert Store(data_dir).versions() == []
