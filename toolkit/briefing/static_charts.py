"""Charts drawn without a browser: Vega-Lite specs to PNG (for Word) and SVG (for HTML).

vl-convert runs Vega in an embedded JavaScript engine that lives for the whole process: the
first drawing pays ≈ 0.6 s to start it, every later one ≈ 0.1 s. The Danish locale comes
with the theme (``config.locale`` in :func:`toolkit.charts.theme.config`); it is passed once
more as vl-convert's own format locales, from the same dictionaries, so a spec built
without the theme still shows 1.234.567 and «jan. 2026». A briefing prints the minus of
printed Danish (U+2212) in every chart, also in one built for a page that asks for the
hyphen of its tables. Nothing is fetched from the network: data must be inline.
"""

from __future__ import annotations

from typing import Any

import vl_convert as vlc

from toolkit.charts import theme

__all__ = ["PNG_SCALE", "to_png", "to_svg", "warm_up"]

PNG_SCALE = 2  # pixels per CSS pixel: sharp in print


def _options(spec: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {
        "format_locale": theme.DANISH_NUMBERS,
        "time_format_locale": theme.DANISH_TIME,
        "allowed_base_urls": [],  # inline data only: a briefing never reaches the network
    }
    if "config" not in spec:
        options["config"] = theme.config()
    return options


def _printed(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with the typographic minus wherever its config sets a number locale."""
    number = spec.get("config", {}).get("locale", {}).get("number")
    if not isinstance(number, dict) or number.get("minus") == theme.DANISH_NUMBERS["minus"]:
        return spec
    config = spec["config"]
    locale = {**config["locale"], "number": {**number, "minus": theme.DANISH_NUMBERS["minus"]}}
    return {**spec, "config": {**config, "locale": locale}}


def to_png(spec: dict[str, Any], scale: float = PNG_SCALE) -> bytes:
    """The chart as PNG, ``scale`` times its size in CSS pixels (2: sharp in print)."""
    spec = _printed(spec)
    png: bytes = vlc.vegalite_to_png(spec, scale=scale, **_options(spec))
    return png


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as one ``<svg>`` element (text as text, so it scales and can be searched)."""
    spec = _printed(spec)
    svg: str = vlc.vegalite_to_svg(spec, **_options(spec))
    return svg


def warm_up() -> None:
    """Start the drawing engine now (≈ 0.6 s once per process) rather than at the first
    chart."""
    to_svg({"data": {"values": [{"a": 1}]}, "mark": "point", "encoding": {}})
