"""Filter changes in a quick row are computed once, for the last of them."""

from __future__ import annotations

import asyncio
from datetime import date

from toolkit.ui.frame import SETTLE_S, FilterBar
from toolkit.ui.selection import Selection


def bar() -> FilterBar:
    return FilterBar(date(2025, 1, 1), date(2026, 10, 31), [("BESK", "Beskæftigelse")])


def test_arrow_keys_down_a_list_compute_once_for_the_last_choice() -> None:
    filters = bar()
    seen: list[Selection] = []
    filters.on_change(seen.append)
    codes = [code for _, code in filters.groups.options]

    async def walk_down_the_list() -> None:
        for code in codes[:4]:  # four arrow-key steps, 50 ms apart
            filters.groups.value = (code,)
            await asyncio.sleep(0.05)
        await asyncio.sleep(SETTLE_S + 0.2)

    asyncio.run(walk_down_the_list())
    assert [s.groups for s in seen] == [(codes[3],)]


def test_changes_further_apart_are_each_computed() -> None:
    filters = bar()
    seen: list[Selection] = []
    filters.on_change(seen.append)

    async def two_choices() -> None:
        filters.level.value = "quarter"
        await asyncio.sleep(SETTLE_S + 0.2)
        filters.level.value = "month"
        await asyncio.sleep(SETTLE_S + 0.2)

    asyncio.run(two_choices())
    assert [s.level for s in seen] == ["quarter", "month"]


def test_without_an_event_loop_a_change_is_computed_at_once() -> None:
    filters = bar()
    seen: list[Selection] = []
    filters.on_change(seen.append)
    filters.level.value = "quarter"
    assert [s.level for s in seen] == ["quarter"]
