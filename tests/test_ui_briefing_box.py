"""«Hent briefing» in-process: choices from the sample, three downloads, Danish errors."""

from __future__ import annotations

import base64
import io
import re
import shutil
from datetime import date
from pathlib import Path

import docx
import pytest

from tests.fake_hub import logged_in
from tests.widget_text import visible_text
from toolkit.store import Store
from toolkit.ui import briefing_box as box_module
from toolkit.ui.briefing_box import BriefingBox, briefing_box, briefing_choices

LINK = re.compile(r"<a download='([^']+)' href='data:([^;]+);base64,([^']+)'")


def downloads(box: BriefingBox) -> dict[str, bytes]:
    return {
        Path(name).suffix.lstrip("."): base64.b64decode(payload)
        for name, _mime, payload in LINK.findall(box.links.value)
    }


def test_choices_come_from_the_sample(sample_dir: Path) -> None:
    choices = briefing_choices(sample_dir)
    assert choices.problem == ""
    assert "Beskæftigelsesudvalget" in choices.committees
    assert len(choices.committees) >= 2
    labels = [q.label for q in choices.quarters]
    assert labels == sorted(labels, reverse=True)  # newest first
    assert all(re.fullmatch(r"\d{4}-Q[1-4]", label) for label in labels)
    assert choices.default_quarter is not None
    assert choices.as_of is not None and choices.default_quarter.end <= choices.as_of
    assert [sid for _label, sid in choices.scenarios] == ["S1", "S2", "S3"]

    box = briefing_box(sample_dir)
    assert isinstance(box, BriefingBox)
    assert list(box.committee.options) == list(choices.committees)
    assert [value for _label, value in box.quarter.options] == labels
    assert box.quarter.value == choices.default_quarter.label
    assert box.quarter.label.endswith(str(choices.default_quarter.start.year))
    assert not box.button.disabled
    assert "Hent briefing" in visible_text(box)


@pytest.mark.slow
@pytest.mark.libreoffice
def test_click_gives_three_files(sample_dir: Path) -> None:
    box = BriefingBox(sample_dir, today=date(2026, 11, 15))
    box.committee.value = "Beskæftigelsesudvalget"
    box.button.click()
    files = downloads(box)
    assert set(files) == {"docx", "html", "pdf"}, visible_text(box)
    document = docx.Document(io.BytesIO(files["docx"]))
    assert any(p.style.name == "Heading 1" for p in document.paragraphs)
    assert b"<html" in files["html"]
    assert files["pdf"].startswith(b"%PDF")
    assert "Hent som Word" in box.links.value and "Hent som PDF" in box.links.value
    assert "klar" in visible_text(box)
    assert not box.button.disabled


def test_pdf_skipped_is_said_in_danish(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.briefing import render_pdf

    monkeypatch.setattr(render_pdf, "find_soffice", lambda: None)
    box = BriefingBox(sample_dir)
    box.build()
    files = downloads(box)
    assert set(files) == {"docx", "html"}
    assert "LibreOffice" in box.links.value and "ikke er installeret" in box.links.value


def test_errors_are_danish_without_traceback(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    box = BriefingBox(sample_dir)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(box_module, "write_briefing", broken)
    box.build()
    text = visible_text(box)
    assert "kunne ikke laves" in text
    assert "boom" not in text and "Traceback" not in text and "RuntimeError" not in text
    assert box.links.value == ""
    assert not box.button.disabled

    from toolkit.briefing import BriefingError

    def refused(*_args: object, **_kwargs: object) -> None:
        raise BriefingError("Der er ingen data for 1. kvt. 2019.")

    monkeypatch.setattr(box_module, "write_briefing", refused)
    box.build()
    assert "Der er ingen data for 1. kvt. 2019." in visible_text(box)


def test_empty_data_folder(data_dir: Path) -> None:
    box = BriefingBox(data_dir)
    assert box.button.disabled
    assert "ingen data" in visible_text(box).lower()


def test_quarters_offered_are_whole_quarters_only() -> None:
    import pandas as pd

    dates = {"courses": pd.DataFrame({"start": pd.to_datetime(["2026-02-10", "2026-10-31"])})}
    as_of, quarters = box_module._quarters(dates, date(2026, 11, 26))
    assert as_of == date(2026, 10, 31)
    assert [q.label for q in quarters] == ["2026-Q3", "2026-Q2", "2026-Q1"]


def test_an_admin_gets_no_briefing_even_by_a_crafted_click(
    sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    monkeypatch.setattr(box_module, "write_briefing", lambda *args, **kwargs: made.append("x"))
    with logged_in(monkeypatch, tmp_path, "ib", ["it"]):  # the group it: admin
        box = BriefingBox(sample_dir)
        assert box.button.disabled and box.committee.options == ()
        refused = "Din rolle (administrator) må ikke hente en briefing"
        assert refused in visible_text(box)
        box.committee.options, box.committee.value = ["Socialudvalget"], "Socialudvalget"
        box.build()  # what a comm message "clicking" the disabled button runs
        assert refused in visible_text(box)
    assert made == [] and box.links.value == ""


def test_a_briefing_is_logged_with_the_hub_user(
    sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.briefing import render_pdf

    monkeypatch.setattr(render_pdf, "find_soffice", lambda: None)
    data = tmp_path / "data"
    shutil.copytree(sample_dir, data)
    before = len(Store(data).audit_events())
    with logged_in(monkeypatch, tmp_path, "cecilie", ["sekretariat"]):
        box = BriefingBox(data)
        box.committee.value = "Socialudvalget"
        box.build()
    assert set(downloads(box)) == {"docx", "html"}, visible_text(box)
    events = Store(data).audit_events()[before:]
    assert [(e["event"], e["user"], e["committee"]) for e in events] == [
        ("briefing", "cecilie", "Socialudvalget")
    ]
    assert events[0]["period"] == box.quarter.value
    assert events[0]["version"] == Store(data).current_version()
