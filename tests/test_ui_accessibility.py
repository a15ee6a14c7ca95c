"""Accessibility of every page's widgets, in-process on the sample municipality: every
control a visitor can set has a name (its <label>), and headings go h1, h2, … without
skipping a level. tests/browser/test_accessibility.py checks the drawn pages with axe-core."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import ipywidgets as widgets
import pytest

from toolkit.ui.frame import FilterBar
from toolkit.ui.pages import PAGES, Page

# Controls that ipywidgets 8 draws as a bare <select>, <input> or slider: without a
# description (rendered as the control's <label>) a screen reader only says "list box".
NEEDS_A_NAME = (
    widgets.Dropdown,
    widgets.Select,
    widgets.SelectMultiple,
    widgets.SelectionSlider,
    widgets.SelectionRangeSlider,
    widgets.IntSlider,
    widgets.FloatSlider,
    widgets.IntRangeSlider,
    widgets.FloatRangeSlider,
    widgets.FloatLogSlider,
    widgets.Text,
    widgets.Textarea,
    widgets.IntText,
    widgets.FloatText,
    widgets.BoundedIntText,
    widgets.BoundedFloatText,
    widgets.DatePicker,
)
HEADING = re.compile(r"<h([1-6])\b")


def walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """The widget and everything inside it, in the order a browser shows them."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def unnamed_controls(page: widgets.Widget) -> list[str]:
    return [
        f"{type(w).__name__} med valgene {list(getattr(w, 'options', ()))[:3]}"
        for w in walk(page)
        if isinstance(w, NEEDS_A_NAME) and not w.description.strip()
    ]


def heading_levels(page: widgets.Widget) -> list[int]:
    return [
        int(level)
        for w in walk(page)
        if isinstance(w, widgets.HTML)
        for level in HEADING.findall(w.value)
    ]


def skipped_levels(levels: list[int]) -> list[str]:
    """Where a heading is more than one level below the one before it (h1 → h3)."""
    return [
        f"h{before} → h{after}"
        for before, after in zip([0, *levels], levels, strict=False)
        if after > before + 1
    ]


@pytest.fixture(scope="module", params=PAGES, ids=[page.title for page in PAGES])
def built(request: pytest.FixtureRequest, sample_dir: Path) -> tuple[str, widgets.Widget]:
    listed: Page = request.param
    return listed.title, listed.builder()(sample_dir)


def test_every_control_has_a_name(built: tuple[str, widgets.Widget]) -> None:
    name, page = built
    assert not unnamed_controls(page), f"{name}: {unnamed_controls(page)}"


def test_headings_start_at_h1_and_skip_no_level(built: tuple[str, widgets.Widget]) -> None:
    name, page = built
    levels = heading_levels(page)
    assert levels[:1] == [1], f"{name}: første overskrift er ikke h1: {levels}"
    assert levels.count(1) == 1, f"{name}: mere end én h1: {levels}"
    assert not skipped_levels(levels), f"{name}: {skipped_levels(levels)} i {levels}"


def test_filter_lists_are_named_by_their_visible_titles() -> None:
    bar = FilterBar(date(2025, 1, 1), date(2026, 10, 31), [("BESK", "Beskæftigelse")])
    names = [box.description for box in (bar.departments, bar.schemes, bar.groups)]
    assert names == ["Afdeling", "Ordning", "Målgruppe (forsørgelse ved start)"]
    shown = " ".join(w.value for w in walk(bar) if isinstance(w, widgets.HTML))
    assert "<b>Afdeling</b>" not in shown  # the label is the title, not a second copy


def test_skipped_levels_are_found() -> None:
    assert skipped_levels([1, 3]) == ["h1 → h3"]
    assert skipped_levels([1, 2, 3, 2, 3, 2]) == []
    assert skipped_levels([2]) == ["h0 → h2"]
