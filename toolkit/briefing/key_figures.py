"""The briefing's key figures: four to six numbers with a sentence each, committee first.

Candidates are tried in order; one whose cell is missing this quarter is skipped (a hidden
cell still counts: it shows «<5» and says why). Fewer than four found: the first candidates
left out come back, so the briefing says plainly what is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from toolkit.briefing import sentences
from toolkit.briefing.builder import Builder, with_unit_label
from toolkit.briefing.model import KeyFigure
from toolkit.indicators import REGISTRY


@dataclass(frozen=True)
class _Candidate:
    indicator: str
    dims: Mapping[str, str]
    label: str
    subject: str  # the plural noun for counts, the sentence's subject otherwise
    lead: str = "Der var"


def key_figures(b: Builder) -> tuple[KeyFigure, ...]:
    candidates = _candidates(b)
    chosen: list[KeyFigure] = []
    for candidate in candidates:
        if len(chosen) == 6:
            break
        found = b.values.cell(candidate.indicator, b.period, **candidate.dims)
        if found is None or (not found.known and not found.hidden):
            continue
        chosen.append(_key_figure(b, candidate))
    for candidate in candidates:  # never fewer than 4: say plainly what is missing
        if len(chosen) >= 4:
            break
        if candidate.indicator not in {k.indicator for k in chosen}:
            chosen.append(_key_figure(b, candidate))
    return tuple(chosen)


def _candidates(b: Builder) -> list[_Candidate]:
    first = b.committee.departments[0] if b.committee.departments else ""
    candidates = [
        _Candidate(
            "persons_active_count",
            {"scheme": "ressourceforloeb"},
            "Borgere i ressourceforløb",
            "borgere i ressourceforløb",
        ),
        _Candidate(
            "course_starts_count",
            {"scheme": "ressourceforloeb"},
            "Påbegyndte ressourceforløb",
            "ressourceforløb",
            lead="Der blev påbegyndt",
        ),
        _Candidate(
            "cases_per_meeting_mean",
            {},
            "Sager pr. møde i rehabiliteringsteamet",
            "Antallet af sager pr. møde i rehabiliteringsteamet",
        ),
    ]
    for code in b.committee.departments[:2]:
        name = b.department(code)
        candidates.append(
            _Candidate(
                "budget_utilisation_pct",
                {"department": code},
                f"Budgetforbrug år til dato, {name}",
                f"Budgetforbruget år til dato i {name}",
            )
        )
    if first:
        name = b.department(first)
        candidates.append(
            _Candidate(
                "forecast_year_end_dkk",
                {"department": first},
                f"Forventet årsforbrug, {name}",
                f"Det forventede årsforbrug i {name}",
            )
        )
    return [
        *candidates,
        _Candidate(
            "parallel_interventions_pct",
            {},
            "Borgere i ressourceforløb med parallelle indsatser",
            "Andelen af borgere i ressourceforløb med indsatser fra flere afdelinger samtidig",
        ),
        _Candidate(
            "exit_to_work_or_education_pct",
            {"scheme": "ressourceforloeb"},
            "Ressourceforløb afsluttet med job eller uddannelse",
            "Andelen af afsluttede ressourceforløb, der endte i job eller uddannelse,",
        ),
        _Candidate(
            "goal_in_recommendation_pct",
            {},
            "Sager med mål i indstillingen",
            "Andelen af sager med mål i indstillingen",
        ),
    ]


def _key_figure(b: Builder, c: _Candidate) -> KeyFigure:
    kind = b.kind(c.indicator)
    now = b.cell(c.indicator, b.period, **c.dims)
    before = b.cell(c.indicator, b.previous, **c.dims)
    threshold = b.values.threshold
    sentence = sentences.sentence(
        c.subject,
        now,
        before,
        kind,
        b.period.danish,
        b.previous.danish,
        lead=c.lead,
        threshold=threshold,
    )
    unit = REGISTRY[c.indicator].unit
    label = c.label if kind in ("money", "percent", "count") else with_unit_label(c.label, unit)
    return KeyFigure(
        indicator=c.indicator,
        label=label,
        value=sentences.shown(now, kind, threshold=threshold) or b.show(c.indicator, **c.dims),
        change=sentences.points_or_relative_change_text(now, before, kind, b.previous.danish),
        sentence=sentence,
    )
