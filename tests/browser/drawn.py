"""What a chart really draws, read from the page as the browser shows it.

``DRAWN_JS`` runs in the page and returns, for every chart (the elements the chart widget
marks with ``data-chart-draw``):

- every bar and point with the numbers of its own datum (from the mark's ``aria-label``,
  which vega writes from the data), its box on screen, and the part of that box that is
  really visible after SVG clipping. The clip is resolved the way the browser resolves it:
  ``url(#id)`` means the first element with that id in the whole document, so a clip path
  of another chart with the same id is found exactly when the browser would use it;
- the linear axes as (screen position, value) pairs of their ticks, to turn pixels into
  values.

``check_chart`` then compares: a mark's visible box must be its whole box (nothing cut),
and its length (bars) or position (points) on the value axis must be one of its datum's
numbers, to within two pixels of the scale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

TOLERANCE_PX = 2.0

DRAWN_JS = r"""
() => {
  const rectOf = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  const intersect = (a, b) => ({
    left: Math.max(a.left, b.left), top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom),
  });
  const screenBox = (ctm, box) => {
    const corners = [[box.x, box.y], [box.x + box.width, box.y],
                     [box.x, box.y + box.height], [box.x + box.width, box.y + box.height]]
      .map(([x, y]) => new DOMPoint(x, y).matrixTransform(ctm));
    return {left: Math.min(...corners.map(p => p.x)), right: Math.max(...corners.map(p => p.x)),
            top: Math.min(...corners.map(p => p.y)), bottom: Math.max(...corners.map(p => p.y))};
  };
  const visibleBox = (element) => {
    let box = rectOf(element.getBoundingClientRect());
    for (let node = element; node && node.tagName !== 'svg'; node = node.parentElement) {
      const ref = node.getAttribute && node.getAttribute('clip-path');
      if (!ref) continue;
      const id = (ref.match(/url\(["']?#([^"')]+)["']?\)/) || [])[1];
      const clip = id && document.getElementById(id);  // the browser's choice: first in page
      if (!clip) continue;
      for (const shape of clip.children) {
        box = intersect(box, screenBox(node.getScreenCTM(), shape.getBBox()));
      }
    }
    return box;
  };
  const axes = (svg) => [...svg.querySelectorAll('g[aria-roledescription="axis"]')].map(axis => {
    const label = axis.getAttribute('aria-label') || '';
    const ticks = [...axis.querySelectorAll('g.role-axis-tick line')].map(line => {
      const r = line.getBoundingClientRect();
      return {x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2};
    });
    const labels = [...axis.querySelectorAll('g.role-axis-label text')].map(t => t.textContent);
    return {label, ticks, labels, orient: label.trim().startsWith('X') ? 'x' : 'y'};
  });
  const charts = [...document.querySelectorAll('[data-chart-draw]')];
  const headingOf = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const heading = node.querySelector('h2, h3');
      if (heading) return heading.textContent.trim();
    }
    return '';
  };
  return charts.map((chart, index) => {
    const svg = chart.querySelector('svg');
    const heading = headingOf(chart);
    if (!svg) return {index, heading, title: '', marks: [], axes: [], ids: []};
    const marks = [...svg.querySelectorAll(
      'g.role-mark.mark-rect path, g.role-mark.mark-symbol path')].map(element => ({
        kind: element.parentElement.classList.contains('mark-rect') ? 'bar' : 'point',
        label: element.getAttribute('aria-label') || '',
        box: rectOf(element.getBoundingClientRect()),
        visible: visibleBox(element),
      }));
    const title = (svg.querySelector('g.role-title text') || {}).textContent || '';
    const ids = [...svg.querySelectorAll('[id]')].map(e => e.id);
    return {index, heading, title, marks, axes: axes(svg), ids, draw: chart.dataset.chartDraw};
  });
}
"""

_NUMBER = re.compile(r"[−-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[−-]?\d+(?:,\d+)?")


def danish_numbers(text: str) -> list[float]:
    """The numbers in a Danish text: «1.234,5» is 1234.5, «−3» is -3."""
    found = []
    for token in _NUMBER.findall(text):
        plain = token.replace(".", "").replace(",", ".").replace("−", "-")
        found.append(float(plain))
    return found


@dataclass(frozen=True)
class Scale:
    """A linear axis: value = intercept + slope · pixel, from two ticks; ``span`` is where its
    ticks lie along it and ``at`` where it sits across (a panel of a concatenated chart has
    its own axes)."""

    orient: str
    slope: float
    intercept: float
    span: tuple[float, float]
    at: float

    def value(self, pixel: float) -> float:
        return self.intercept + self.slope * pixel

    @property
    def units_per_px(self) -> float:
        return abs(self.slope)


def linear_scales(axes: list[dict[str, Any]]) -> list[Scale]:
    """The linear axes of a chart, from their first and last numeric tick."""
    scales: list[Scale] = []
    for axis in axes:
        if "linear" not in axis["label"] or len(axis["ticks"]) < 2:
            continue
        along = axis["orient"]
        across = "y" if along == "x" else "x"
        pairs = [
            (tick[along], numbers[0])
            for tick, label in zip(axis["ticks"], axis["labels"], strict=False)
            if (numbers := danish_numbers(label))
        ]
        if len(pairs) < 2:
            continue
        (p0, v0), (p1, v1) = pairs[0], pairs[-1]
        if p0 == p1:
            continue
        slope = (v1 - v0) / (p1 - p0)
        positions = [tick[along] for tick in axis["ticks"]]
        span = (min(positions), max(positions))
        at = sum(tick[across] for tick in axis["ticks"]) / len(axis["ticks"])
        scales.append(Scale(along, slope, v0 - slope * p0, span, at))
    return scales


def scales_of(mark: dict[str, Any], scales: list[Scale]) -> dict[str, Scale]:
    """The linear axes a mark is drawn against: per orientation, the nearest axis whose
    ticks reach across the mark's centre."""
    box = mark["box"]
    centre = {"x": (box["left"] + box["right"]) / 2, "y": (box["top"] + box["bottom"]) / 2}
    found: dict[str, Scale] = {}
    for orient in ("x", "y"):
        across = "y" if orient == "x" else "x"
        candidates = [
            s
            for s in scales
            if s.orient == orient and s.span[0] - 40 <= centre[orient] <= s.span[1] + 40
        ]
        if candidates:
            found[orient] = min(candidates, key=lambda s: abs(s.at - centre[across]))
    return found


def _matches(value: float, numbers: list[float], tolerance: float) -> bool:
    return any(abs(value - n) <= tolerance for n in numbers)


def check_chart(chart: dict[str, Any]) -> list[str]:
    """What is wrong with one drawn chart (empty: it shows its data)."""
    problems: list[str] = []
    name = f"«{chart['heading'] or chart['title']}» (diagram {chart['index'] + 1})"
    duplicated = {i for i in chart["ids"] if chart["ids"].count(i) > 1}
    if duplicated:
        problems.append(f"{name}: ids used twice in one chart: {sorted(duplicated)}")
    all_scales = linear_scales(chart["axes"])
    for mark in chart["marks"]:
        scales = scales_of(mark, all_scales)
        box, seen = mark["box"], mark["visible"]
        for side in ("left", "top", "right", "bottom"):
            if abs(box[side] - seen[side]) > TOLERANCE_PX:
                problems.append(
                    f"{name}: «{mark['label']}» is cut: drawn {box}, visible only {seen}"
                )
                break
        numbers = danish_numbers(mark["label"])
        if not numbers or not scales:
            continue
        for orient, scale in scales.items():
            low, high = ("left", "right") if orient == "x" else ("bottom", "top")
            # A rounded label («452») may be up to half a unit from the drawn value.
            tolerance = TOLERANCE_PX * scale.units_per_px + 0.5
            start, end = scale.value(seen[low]), scale.value(seen[high])
            if mark["kind"] == "point":
                centre = scale.value((seen[low] + seen[high]) / 2)
                if not _matches(centre, numbers, tolerance):
                    problems.append(
                        f"{name}: point «{mark['label']}» drawn at {centre:.1f} on the "
                        f"{orient} axis"
                    )
                continue
            along = len(scales) == 1 or orient == _bar_direction(box)
            if not along:
                continue
            length = abs(end - start)
            ends = _matches(start, numbers, tolerance) and _matches(end, numbers, tolerance)
            if not (_matches(length, numbers, tolerance) or ends):
                problems.append(
                    f"{name}: bar «{mark['label']}» drawn {length:.1f} long "
                    f"({start:.1f} to {end:.1f}) on the {orient} axis"
                )
    return problems


def _bar_direction(box: dict[str, float]) -> str:
    return "x" if box["right"] - box["left"] >= box["bottom"] - box["top"] else "y"
