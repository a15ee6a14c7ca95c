"""The catalogue as a Markdown page (docs/indicators.md), generated so it cannot drift.

Regenerate with ``python -m toolkit.indicators.docs > docs/indicators.md`` (``make docs``).
"""

from __future__ import annotations

from toolkit.indicators import DIMENSIONS, FAMILIES, REGISTRY

REGENERATE_COMMAND = "python -m toolkit.indicators.docs > docs/indicators.md"


def render_markdown() -> str:
    lines = [
        "# Indikatorer",
        "",
        f"<!-- Genereret af toolkit/indicators/docs.py, ret ikke: {REGENERATE_COMMAND} -->",
        "",
        "Alle tal i Tværblik kommer fra dette katalog. Hver indikator har et id (det samme i "
        "koden, i eksporter og i diagrammer), en enhed, de opdelinger den kan vises i, og en "
        "definition. Perioder er måneder (`2024-03`), kvartaler (`2024-Q1`) eller år "
        "(`2024`); datoer tæller begge ender med, og et forløb uden slutdato kører til "
        "opgørelsesdatoen. `n` er antallet af forskellige borgere bag et tal; tal for færre "
        "end 5 borgere skjules, når de vises eller eksporteres.",
        "",
    ]
    for family, title in FAMILIES.items():
        members = [item for item in REGISTRY.values() if item.family == family]
        if not members:
            continue
        lines += [f"## {title}", ""]
        for item in members:
            dims = ", ".join(DIMENSIONS[d] for d in item.dimensions) or "ingen"
            better = {True: "højere er bedre", False: "lavere er bedre", None: "–"}
            lines += [
                f"### {item.label} (`{item.id}`)",
                "",
                item.definition,
                "",
                f"- Enhed: {item.unit}",
                f"- Opdelinger: {dims}",
                f"- Retning: {better[item.higher_is_better]}",
            ]
            if item.source:
                lines.append(f"- Følger: {item.source}")
            lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_markdown(), end="")
