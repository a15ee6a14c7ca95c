"""The chart widget: altair's chart in, a Danish spec out, a front end where the newest
chart wins and nothing is loaded from the internet."""

from __future__ import annotations

import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from toolkit.charts import theme
from toolkit.ui import chart_widget
from toolkit.ui.chart_widget import FRONT_END, ChartWidget, bundle_path, bundled_front_end


def chart(values: list[int], title: str = "Sager") -> alt.Chart:
    frame = pd.DataFrame({"gruppe": ["a", "b", "c"][: len(values)], "value": values})
    return (
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(x=alt.X("value:Q", axis=alt.Axis(format=theme.NUMBER_FORMAT)), y="gruppe:N")
    )


def test_spec_is_danish_with_whole_number_ticks_and_follows_a_new_chart() -> None:
    widget = ChartWidget(chart([1, 2]))
    assert widget.spec["config"]["locale"]["number"]["decimal"] == ","
    assert widget.spec["encoding"]["x"]["axis"]["tickMinStep"] == 1
    assert widget.spec["config"]["locale"]["number"]["minus"] == "-"  # as the tables write it
    assert widget.embed_options == theme.EMBED_OPTIONS
    widget.chart = chart([3, 4, 5], title="Nye sager")
    assert widget.spec["title"] == "Nye sager"
    assert widget.spec["encoding"]["x"]["axis"]["tickMinStep"] == 1
    assert widget.chart.to_dict()["title"] == "Nye sager"  # tests read the chart as data


def test_front_end_is_bundled_offline_and_shows_only_the_newest_draw() -> None:
    source = FRONT_END.read_text(encoding="utf-8")
    # Each draw is numbered and drawn off-page; an older draw that finishes late is dropped.
    assert "const mine = ++newest" in source
    assert "if (mine !== newest)" in source
    assert "el.replaceChildren(target)" in source
    bundle = bundled_front_end()
    assert ChartWidget(chart([1]))._esm == bundle
    assert "mine!==newest" in bundle.replace(" ", "")
    assert not re.search(r"""(import|from)\s*\(?["']https?://""", bundle)


def test_the_bundle_is_made_once_and_then_read_from_the_users_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    bundled_front_end.cache_clear()
    made = bundled_front_end()
    path = bundle_path()
    assert path.parent == tmp_path / "tvaerblik" and path.read_text(encoding="utf-8") == made
    assert path.stat().st_mode & 0o077 == 0 and path.parent.stat().st_mode & 0o077 == 0

    def no_bundling() -> None:
        raise AssertionError("vl-convert was asked again")

    monkeypatch.setattr(chart_widget, "import_vl_convert", no_bundling)
    bundled_front_end.cache_clear()
    assert bundled_front_end() == made  # read, not made again

    path.write_text("damaged", encoding="utf-8")
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    bundled_front_end.cache_clear()
    assert bundled_front_end() == made  # a damaged file is made again
    bundled_front_end.cache_clear()
