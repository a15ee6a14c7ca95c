"""«Bilag: Scenarierne i kroner»: the scenario section's results to the krone.

The section «Scenarier» (``scenario_section``) shows mio. kr.; a controller checking a
number, or a secretary copying one into a case, finds it here in whole kroner: each
scenario's net result (undiscounted and discounted, with its 90 %-interval) and per
department the costs, gains, budget moved and net. Built after every other section, so its
table numbers come last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from toolkit.briefing.builder import Builder, as_text
from toolkit.briefing.model import Block, Section
from toolkit.briefing.sentences import format_value

if TYPE_CHECKING:
    from toolkit.briefing.scenario_section import ScenarioResults

ANNEX_TITLE = "Bilag: Scenarierne i kroner"
NOT_COMPUTABLE = "–"


def _kroner(value: Any) -> str:
    """Whole kroner without the unit (the caption says kr.): «−3.767.374»."""
    if pd.isna(value):
        return NOT_COMPUTABLE
    return format_value(float(value), "money").removesuffix(" kr.")


def scenario_annex(b: Builder, results: ScenarioResults) -> Section:
    """«Bilag: Scenarierne i kroner»: the net results and, per department, the costs,
    gains, budget moved and net, to the krone. Built after every other section: its table
    numbers follow theirs."""
    prices = results.prices
    summary = results.report.summary.to_dict(orient="records")
    who = results.report.who_pays
    order = b.departments(who["department"].astype(str))
    who = who.assign(_order=[order.index(str(d)) for d in who["department"]])
    scenario_order = {s.scenario_id: i for i, s in enumerate(results.chosen)}
    who = who.assign(_scenario=who["scenario"].map(scenario_order))
    who = who.sort_values(["_scenario", "_order"], kind="stable")
    blocks: list[Block] = [
        b.table(
            f"{results.whose} nettoresultat for kommunen over horisonten og grænserne for det "
            f"tilbagediskonterede nettoresultats 90 %-interval (kr., {prices})",
            ("Scenarie", "Nettoresultat", "Tilbagediskonteret", "Nedre grænse",
             "Øvre grænse"),
            [(results.name(str(row["scenario"])), _kroner(row["net"]),
              _kroner(row["net_discounted"]), _kroner(row["net_low"]), _kroner(row["net_high"]))
             for row in summary],
            (),
            (False, True, True, True, True),
            source=results.source,
        )
    ]  # fmt: skip
    if not who.empty:
        blocks.append(
            b.table(
                "Udgifter, gevinster og flyttet budget pr. afdeling over horisonten, uden "
                f"tilbagediskontering (kr., {prices})",
                ("Scenarie", "Afdeling", "Udgifter", "Gevinster", "Flyttet budget", "Netto"),
                [
                    (
                        results.name(str(r["scenario"])),
                        as_text(r["department_label"]) or b.department(str(r["department"])),
                        _kroner(r["cost"]),
                        _kroner(r["gain"]),
                        _kroner(r["budget_moved"]),
                        _kroner(r["net"]),
                    )
                    for r in who.to_dict(orient="records")
                ],
                (),
                (False, False, True, True, True, True),
                source=results.source,
            )
        )
    return Section(ANNEX_TITLE, tuple(blocks))
