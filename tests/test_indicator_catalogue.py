"""The catalogue stays honest: every indicator documented, tested and generated into docs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from toolkit.indicators import REGISTRY
from toolkit.indicators.docs import REGENERATE_COMMAND, render_markdown

ROOT = Path(__file__).resolve().parents[1]
UNITS = {
    "personer",
    "forløb",
    "fuldtidspersoner",
    "sager",
    "sager pr. møde",
    "indsatser",
    "kr.",
    "dage",
    "%",
    "point",
    "kontaktpersoner",
}


def test_the_docs_page_is_generated_from_the_catalogue() -> None:
    page = (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
    assert page == render_markdown(), f"docs/indicators.md is stale: run {REGENERATE_COMMAND}"


@pytest.mark.parametrize("indicator_id", sorted(REGISTRY))
def test_every_indicator_is_described_in_danish(indicator_id: str) -> None:
    item = REGISTRY[indicator_id]
    assert item.label and item.label[0].isupper()
    assert item.definition.endswith(".") and len(item.definition) > 30
    assert item.unit in UNITS
    assert indicator_id.endswith(
        ("_count", "_dkk", "_days", "_pct", "_mean", "_persons", "_median", "_p90")
    )


def _test_names() -> set[str]:
    names = set()
    for path in (ROOT / "tests").glob("test_indicators_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    return names


@pytest.mark.parametrize("indicator_id", sorted(REGISTRY))
def test_every_indicator_has_a_hand_computed_test(indicator_id: str) -> None:
    assert any(name.startswith(f"test_{indicator_id}") for name in _test_names()), (
        f"no test named test_{indicator_id}… in tests/test_indicators_*.py"
    )
