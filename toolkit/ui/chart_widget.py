"""The chart widget every page uses: altair's JupyterChart with a front end where the newest
chart always wins.

altair's own front end draws each new spec straight into the page, so two quick filter
changes can race and leave the older chart on screen. ``chart_widget.js`` numbers every
draw, draws it off-page and shows only the newest. The JavaScript is bundled with vega,
vega-lite and vega-embed by vl-convert, as altair does for ``enable_offline()``: nothing is
loaded from the internet. The bundle is kept in the user's cache folder.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from importlib import metadata
from pathlib import Path
from typing import Any

import altair as alt
import traitlets
from altair.utils._importers import import_vl_convert, vl_version_for_vl_convert

from toolkit import config
from toolkit.charts import theme

__all__ = ["ChartWidget"]

FRONT_END = Path(__file__).with_name("chart_widget.js")
PAGE_MINUS = "-"


def _source() -> str:
    lines = FRONT_END.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("import "))


def bundle_path() -> Path:
    """Where the bundle is kept, named by what it is made of: this front end, the vega-lite
    version altair asks for and the vl-convert that bundles it."""
    recipe = "\n".join(
        [_source(), vl_version_for_vl_convert(), metadata.version("vl-convert-python")]
    )
    digest = hashlib.sha256(recipe.encode("utf-8")).hexdigest()[:16]
    return config.cache_dir() / f"chart_widget-{digest}.js"


@functools.cache
def bundled_front_end() -> str:
    """``chart_widget.js`` with vega-embed, vega-lite and vega bundled in.

    Bundling takes seconds and vl-convert holds ≈ 90 MB in every kernel that imports it, so
    the bundle is made once per user and version and read from the cache after that."""
    path = bundle_path()
    with contextlib.suppress(OSError):
        cached = path.read_text(encoding="utf-8")
        if "chartDraw" in cached:  # this front end, not a damaged or foreign file
            return cached
    bundle: str = import_vl_convert().javascript_bundle(
        _source(), vl_version=vl_version_for_vl_convert()
    )
    with contextlib.suppress(OSError):  # no cache (read-only home): bundle every time
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(bundle, encoding="utf-8")
        partial.chmod(0o600)
        partial.replace(path)  # whole or not at all, also with kernels bundling at once
    return bundle


def with_page_minus(spec: dict[str, Any]) -> dict[str, Any]:
    """Negative numbers in a page's charts with the hyphen-minus its tiles and tables use
    (``toolkit.formats``); d3's default is U+2212, so one page showed both."""
    number = spec.get("config", {}).get("locale", {}).get("number")
    if isinstance(number, dict):
        number["minus"] = PAGE_MINUS
    return spec


class ChartWidget(alt.JupyterChart):
    """An altair chart in the Danish theme, redrawn by assigning ``.chart``."""

    def __init__(self, chart: alt.TopLevelSpec, **kwargs: Any) -> None:
        theme.enable()
        type(self)._esm = bundled_front_end()
        super().__init__(chart, embed_options=theme.EMBED_OPTIONS, **kwargs)

    @traitlets.observe("chart")
    def _on_change_chart(self, change: Any) -> None:
        """altair turns the chart into a spec; before it is sent (in the same message) it gets
        the theme's whole-number ticks and the pages' minus sign."""
        with self.hold_sync():
            super()._on_change_chart(change)
            if self.spec is not None:
                self.spec = with_page_minus(theme.whole_number_ticks(self.spec))
