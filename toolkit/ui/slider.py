"""A slider a screen reader can name: the browser's own range input with an accessible name
and a Danish spoken value («1,9 mio. kr.», «50 % af den antagne effekt»).

ipywidgets' sliders draw a ``div`` with ``role="slider"`` that no label can name, and they
announce the raw float, with its residue in the tenth decimal. This one is an
``<input type="range">`` with ``aria-label`` and ``aria-valuetext`` from Python; it sends its
value when it is let go (or on each arrow key), like a slider with ``continuous_update=False``.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

__all__ = ["Slider"]

_ESM = """
function render({ model, el }) {
  const input = document.createElement("input");
  input.type = "range";
  input.className = "tvaerblik-slider";
  input.style.width = model.get("width");
  input.style.verticalAlign = "middle";
  const show = () => {
    input.min = String(model.get("min"));
    input.max = String(model.get("max"));
    input.step = String(model.get("step"));
    input.value = String(model.get("value"));
    input.disabled = model.get("disabled");
    input.setAttribute("aria-label", model.get("label"));
    input.setAttribute("aria-valuetext", model.get("value_text"));
    input.title = model.get("value_text");
  };
  show();
  model.on("change", show);
  input.addEventListener("change", () => {
    model.set("value", Number(input.value));
    model.save_changes();
  });
  el.appendChild(input);
  return () => model.off("change", show);
}
export default { render };
"""


class Slider(anywidget.AnyWidget):
    """``value`` between ``min`` and ``max`` in steps of ``step``; ``label`` names it and
    ``value_text`` is what a screen reader says for the value (set it on every change)."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    value = traitlets.Float(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(100.0).tag(sync=True)
    step = traitlets.Float(1.0).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    value_text = traitlets.Unicode("").tag(sync=True)
    width = traitlets.Unicode("22em").tag(sync=True)

    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(label=label, **kwargs)

    @traitlets.validate("value")
    def _on_the_grid(self, proposal: Any) -> float:
        """Kept between min and max and on the step grid, without float residue, so the
        value never carries a float residue in its tenth decimal."""
        low, high, step = float(self.min), float(self.max), float(self.step)
        value = min(max(float(proposal["value"]), low), high)
        if step > 0:
            value = low + round((value - low) / step) * step
        return float(round(min(value, high), 6))
