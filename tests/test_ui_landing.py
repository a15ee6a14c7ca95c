"""The Forside, in-process: empty data folder, a stored version, an unreadable folder."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime
from pathlib import Path

import ipywidgets as widgets
import pytest

from tests.national_data import small_national
from tests.store_data import store_version
from toolkit import schema
from toolkit.store import Store
from toolkit.ui import wait_for_visitor
from toolkit.ui.briefing_box import BriefingBox
from toolkit.ui.landing import danish_datetime, landing_page, pages_html
from toolkit.ui.pages import LANDING, LINKED_FROM_LANDING, Page
from toolkit.workbook.check import SourceFile


def page_text(widget: widgets.Widget, *, fold: bool = True) -> str:
    """The HTML of the Forside's text sections, in order (the «Hent briefing» box aside);
    with ``fold``, the controllers' fold at the end too."""
    assert isinstance(widget, widgets.Box)
    parts = [child.value for child in widget.children if isinstance(child, widgets.HTML)]
    folds = [child for child in widget.children if isinstance(child, widgets.Accordion)]
    others = [c for c in widget.children if not isinstance(c, widgets.HTML | widgets.Accordion)]
    assert all(isinstance(child, BriefingBox) for child in others), others
    assert len(folds) == 1 and widget.children[-1] is folds[0]
    if fold:
        parts += [child.value for child in folds[0].children]
    return "\n".join(parts)


def main_text(widget: widgets.Widget) -> str:
    """What a department head reads without opening the controllers' fold."""
    return " ".join(re.sub(r"<[^>]+>", " ", page_text(widget, fold=False)).split())


def test_the_briefing_box_follows_the_pages_only_when_there_is_data(data_dir: Path) -> None:
    assert not any(isinstance(c, BriefingBox) for c in landing_page(data_dir).children)
    store_version(data_dir)
    children = landing_page(data_dir).children
    assert isinstance(children[-2], BriefingBox)  # the controllers' fold comes last
    assert sum(isinstance(c, BriefingBox) for c in children) == 1


def visible_text(widget: widgets.Widget) -> str:
    """The text a reader sees, one space between the pieces of markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", page_text(widget)).split())


def test_empty_folder_says_how_to_import(data_dir: Path) -> None:
    text = visible_text(landing_page(data_dir))
    assert "Tværblik samler tallene" in text
    assert "Der er ikke indlæst data endnu" in text
    assert "tvaerblik demo" in text
    assert "tvaerblik import register.xlsx oekonomi.xlsx" in text
    assert "tvaerblik validate" in text
    assert str(data_dir.resolve()) in text
    assert "Scenarierne for omfordeling" in text
    main = main_text(landing_page(data_dir))
    assert "Der er ikke indlæst data endnu" in main and "siden Data" in main
    assert "tvaerblik" not in main and str(data_dir.resolve()) not in main


def test_missing_folder_counts_as_empty(tmp_path: Path) -> None:
    text = visible_text(landing_page(tmp_path / "findes-ikke"))
    assert "Der er ikke indlæst data endnu" in text


def test_stored_version_is_described_in_danish(data_dir: Path) -> None:
    version = store_version(data_dir)
    text = visible_text(landing_page(data_dir))
    assert f"Siderne viser version {version}" in text
    assert "af kontoen «controller1»" in text
    assert re.search(r"indlæst \d\d-\d\d-\d{4} \d\d:\d\d af kontoen", text)
    assert "register.xlsx" in text and "oekonomi.xlsx" in text
    assert "1 gemt version" in text
    # Row counts under the Danish sheet names, Danish thousands separator.
    assert re.search(r"Borgere 1\.234\b", text)
    assert re.search(r"Afdelinger 2\b", text)
    assert re.search(r"Forløb 0\b", text)
    for sheet in (*schema.REGISTER.sheets, *schema.ECONOMY.sheets):  # the parts stored
        assert sheet.name in text
    assert "Scenarier: ikke indlæst endnu" in text
    assert "Der er ikke indlæst data endnu" not in text


def test_the_national_part_is_listed_with_its_files_and_tables(data_dir: Path) -> None:
    store_version(data_dir)
    assert "Nationale tal: ikke indlæst endnu" in visible_text(landing_page(data_dir))
    source = SourceFile(Path("y11a02.json"), "y11a02.json", "c" * 64, 10, "national")
    Store(data_dir).save(None, None, [source], national=small_national())
    text = visible_text(landing_page(data_dir))
    assert "Nationale tal: y11a02.json" in text
    assert re.search(r"Nationale tal Jobindsats 13 Benchmark 6 Befolkning 9\b", text)
    assert "Register: register.xlsx (uændret fra v0001)" in text


def test_main_text_has_no_commands_paths_or_accounts(data_dir: Path) -> None:
    version = store_version(data_dir)
    page = landing_page(data_dir)
    main = main_text(page)
    assert re.search(rf"Siderne viser version {version} ?, indlæst \d\d-\d\d-\d{{4}} kl\. "
                     r"\d\d\.\d\d\. Scenarierne er ikke indlæst endnu\.", main)  # fmt: skip
    for detail in ("controller1", "tvaerblik", "rollback", "templates_xlsx",
                   str(data_dir.resolve()), "Kildefiler"):  # fmt: skip
        assert detail not in main, detail
    fold = page.children[-1]
    assert isinstance(fold, widgets.Accordion) and fold.selected_index is None
    assert fold.titles == ("For controllere: datamappe og kommandoer",)
    details = fold.children[0].value
    for detail in ("controller1", "tvaerblik rollback VERSION", str(data_dir.resolve())):
        assert detail in details, detail


def test_missing_parts_are_named_in_the_main_text(data_dir: Path) -> None:
    store_version(data_dir, economy=False)
    main = main_text(landing_page(data_dir))
    assert "Økonomien og scenarierne er ikke indlæst endnu." in main


def test_new_version_and_inherited_part(data_dir: Path) -> None:
    store_version(data_dir)
    second = store_version(data_dir, n_citizens=5, economy=False)
    text = visible_text(landing_page(data_dir))
    assert f"version {second}" in text
    assert "2 gemte versioner" in text
    assert re.search(r"Borgere 5\b", text)
    assert "oekonomi.xlsx (uændret fra v0001)" in text


def test_register_only_says_economy_is_missing(data_dir: Path) -> None:
    store_version(data_dir, economy=False)
    text = visible_text(landing_page(data_dir))
    assert "Økonomi: ikke indlæst endnu" in text
    assert "Afdelinger" not in text


def test_environment_names_the_data_folder(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    version = store_version(data_dir)
    monkeypatch.setenv("TVAERBLIK_DATA", str(data_dir))
    assert f"version {version}" in visible_text(landing_page())


def test_broken_pointer_gives_a_danish_sentence(data_dir: Path) -> None:
    (data_dir / "CURRENT").write_text("v0042\n", encoding="ascii")
    text = visible_text(landing_page(data_dir))
    assert "Data kan ikke vises." in text
    assert "v0042" in text
    assert "Traceback" not in text


def test_values_from_the_manifest_are_escaped(data_dir: Path) -> None:
    store_version(data_dir)
    manifest_path = data_dir / "versions" / "v0001" / "manifest.json"
    manifest_path.write_text(
        manifest_path.read_text(encoding="utf-8").replace("controller1", "<b>x</b>"),
        encoding="utf-8",
    )
    html = page_text(landing_page(data_dir))
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<b>x</b>" not in html


def test_danish_datetime_uses_danish_time() -> None:
    moment = datetime.fromisoformat("2026-11-23T13:05:00+00:00")
    assert danish_datetime(moment) == "23-11-2026 14:05"
    assert danish_datetime(datetime(2026, 7, 1, 9, 0)) == "01-07-2026 09:00"


def test_pages_are_relative_links() -> None:
    page = Page("Oekonomi.ipynb", "Økonomi", "Budget og forbrug pr. afdeling.", "m", "f")
    html = pages_html([page])
    assert "<a href='Oekonomi.ipynb'>Økonomi</a>" in html
    shown = re.sub(r"<[^>]+>", " ", html)
    assert "Scenarierne for omfordeling" in shown and "tvaerblik" not in shown


def test_the_forside_links_every_other_registered_page_in_order() -> None:
    html = pages_html()
    links = [f"<a href='{page.notebook}'>{page.title}</a>" for page in LINKED_FROM_LANDING]
    assert [html.index(link) for link in links] == sorted(html.index(link) for link in links)
    assert LANDING not in LINKED_FROM_LANDING and LANDING.notebook not in html


def test_damaged_manifest_gives_a_danish_sentence(data_dir: Path) -> None:
    store_version(data_dir)
    manifest_path = data_dir / "versions" / "v0001" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    del manifest["created"]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    text = visible_text(landing_page(data_dir))
    assert "Data kan ikke vises." in text
    assert "manifest" in text


def test_wait_for_visitor_returns_at_once_outside_a_preheated_kernel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    started = time.monotonic()
    wait_for_visitor()
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    wait_for_visitor()
    assert time.monotonic() - started < 1
