"""The briefing's key figures: four to six numbers with a sentence each, the committee's first.

Which figures a committee sees follows from the data, not from its name:

* its departments' *roles*, read from the data (``profile``): a department that coordinates
  most of a scheme's courses (Forløb, «Koordinerende afdeling») runs that scheme; one that
  pays for intervention types (Takster, «Afdeling») delivers interventions; one whose
  intervention recipients are mostly young (median age under 30 when the intervention is
  asked for) serves young citizens;
* ``ROLE_FAMILIES``, the small table of indicator families that fit each role (below);
* then one or two cross-sector figures (``CROSS_SECTOR``), and further cross-sector figures
  only when fewer than four figures are found.

A figure by intervention type shows the department's total row where the published frame
has one (``intervention_type`` NA), else its largest type (most interventions started this
quarter). A visible figure is always chosen before a hidden one («<5»); a hidden one is
taken only to reach four figures, so the briefing says plainly what is hidden.

``key_figure_trend`` adds each figure's value in the same quarter of the earlier years.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from toolkit import schema
from toolkit.briefing import sentences
from toolkit.briefing.builder import Builder
from toolkit.briefing.committees import Committee
from toolkit.briefing.model import KeyFigure
from toolkit.register import Economy, Register

MAX_FIGURES = 6
MIN_FIGURES = 4
MAX_OWN = 4  # the committee's own figures; the rest of the six are cross-sector
MAX_CROSS = 2
YOUNG_MEDIAN_AGE = 30
YOUNG_SCHEME_SHARE = 0.1  # a scheme holding a tenth of the young recipients' interventions

# Roles -> the indicator families that fit them, in the order they are shown.
ROLE_FAMILIES: dict[str, tuple[str, ...]] = {
    # runs a scheme: how many are in it and how they leave it
    "ordninger": ("persons_active_count", "exit_to_work_or_education_pct"),
    # delivers interventions: how many start, how long citizens wait, what a citizen costs
    "indsatser": (
        "interventions_started_count",
        "waiting_days_median",
        "waiting_now_count",
        "cost_per_person_dkk",
    ),
    # serves young citizens: how many of the citizens in its schemes are young
    "unge": ("active_under_40_pct",),
}

# Which way of change is good: «op», «ned»; an indicator not named here is neutral.
DIRECTION_GOOD: dict[str, str] = {
    "waiting_days_median": "ned",
    "waiting_days_p90": "ned",
    "waiting_now_count": "ned",
    "interventions_refused_pct": "ned",
    "exit_to_work_or_education_pct": "op",
    "goal_in_recommendation_pct": "op",
    "citizen_present_pct": "op",
    "plans_with_subgoal_pct": "op",
    "subgoals_achieved_pct": "op",
    "progression_change_mean": "op",
}

# Every indicator a key figure can come from: the briefing computes them all.
CANDIDATE_IDS: tuple[str, ...] = (
    *(i for family in ROLE_FAMILIES.values() for i in family),
    "cases_per_meeting_mean",
    "parallel_interventions_pct",
    "course_starts_count",
    "goal_in_recommendation_pct",
)

_BY_TYPE = ("interventions_started_count", "waiting_days_median", "waiting_now_count")
_SCHEMES_SHOWN = 3  # the schemes a running department shows citizens for


@dataclass(frozen=True)
class Profile:
    """What the data say about a committee's departments (see the module's note)."""

    schemes: tuple[str, ...] = ()  # the schemes it runs, most courses first
    # department -> the intervention types it pays for, in the order of Takster
    intervention_types: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    young_schemes: tuple[str, ...] = ()  # the schemes its young recipients are in

    def types(self, department: str) -> tuple[str, ...]:
        return self.intervention_types.get(department, ())


@dataclass(frozen=True)
class _Candidate:
    indicator: str
    dims: Mapping[str, str]
    label: str
    subject: str  # the plural noun for counts, the sentence's subject otherwise
    lead: str = "Der var"


def profile(register: Register, economy: Economy, committee: Committee) -> Profile:
    """The committee's roles as the register and the economy show them."""
    mine = set(committee.departments)
    courses = register.courses
    by_scheme = courses.groupby("scheme", observed=True)["coordinating_department"]
    ours = by_scheme.apply(lambda c: int(c.isin(mine).sum()))
    runs = ours[ours * 2 > by_scheme.size()].sort_values(ascending=False, kind="stable")
    prices = economy.prices
    types = {
        code: tuple(dict.fromkeys(str(t) for t in prices.loc[prices["department"] == code,
                                                               "intervention_type"]))
        for code in committee.departments
    }  # fmt: skip
    return Profile(tuple(str(s) for s in runs.index), types, _young_schemes(register, mine))


def _young_schemes(register: Register, departments: set[str]) -> tuple[str, ...]:
    interventions = register.interventions
    given = interventions[interventions["department"].isin(departments)]
    if given.empty:
        return ()
    born = register.citizens.set_index("person_id")["birth_year"]
    ages = pd.to_datetime(given["requested"]).dt.year - given["person_id"].map(born)
    if not ages.notna().any() or ages.median() >= YOUNG_MEDIAN_AGE:
        return ()
    schemes = given["course_id"].map(register.courses.set_index("course_id")["scheme"])
    shares = schemes.value_counts(normalize=True)
    return tuple(str(s) for s, share in shares.items() if share >= YOUNG_SCHEME_SHARE)


# -- choosing ----------------------------------------------------------------------------------


def key_figures(b: Builder, found: Profile) -> tuple[KeyFigure, ...]:
    """The committee's own figures (at most four), then one or two cross-sector ones."""
    own = _own_candidates(b, found)
    cross = [c for c in _cross_candidates(runs_schemes=bool(found.schemes)) if not _same(c, own)]
    chosen = [c for c in own if _visible(b, c)][:MAX_OWN]
    chosen += [c for c in cross if _visible(b, c)][:MAX_CROSS]
    # Too few: more visible cross-sector figures, then hidden ones (the committee's first),
    # then cross-sector figures without data, so the briefing says what is missing.
    fills = (
        [c for c in cross if _visible(b, c)],
        [c for c in [*own, *cross] if _exists(b, c)],
        cross,
    )
    for candidate in (c for fill in fills for c in fill):
        if len(chosen) >= MIN_FIGURES:
            break
        if not _same(candidate, chosen):
            chosen.append(candidate)
    ordered = [c for c in [*own, *cross] if _same(c, chosen)]
    return tuple(_key_figure(b, c) for c in ordered[:MAX_FIGURES])


def _same(candidate: _Candidate, among: Iterable[_Candidate]) -> bool:
    return any(
        c.indicator == candidate.indicator and dict(c.dims) == dict(candidate.dims) for c in among
    )


def _exists(b: Builder, c: _Candidate) -> bool:
    cell = b.values.cell(c.indicator, b.period, **c.dims)
    return cell is not None and (cell.known or cell.hidden)


def _visible(b: Builder, c: _Candidate) -> bool:
    cell = b.values.cell(c.indicator, b.period, **c.dims)
    return cell is not None and cell.known and not cell.hidden


def _own_candidates(b: Builder, found: Profile) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    if found.schemes:
        for indicator in ROLE_FAMILIES["ordninger"]:
            shown = found.schemes[:_SCHEMES_SHOWN] if indicator == "persons_active_count" else (
                found.schemes[:1]
            )  # fmt: skip
            candidates += [_scheme_candidate(indicator, s) for s in shown]
    for department in b.committee.departments:
        types = found.types(department)
        for indicator in ROLE_FAMILIES["indsatser"]:
            if indicator in _BY_TYPE:
                if types:
                    candidates.append(_by_type(b, indicator, department, types))
            else:
                candidates.append(_department_candidate(b, indicator, department))
    for scheme in found.young_schemes:
        candidates += [_scheme_candidate(i, scheme) for i in ROLE_FAMILIES["unge"]]
    return candidates


def _cross_candidates(*, runs_schemes: bool) -> list[_Candidate]:
    """The cross-sector picture: the first two when the committee's own figures are enough.

    After the citizens in ressourceforløb, a committee that runs schemes sees the workload
    of the rehabilitation team it chairs (cases per meeting); one that delivers
    interventions to others' courses sees how often they run beside other departments'."""
    meetings = _Candidate(
        "cases_per_meeting_mean",
        {},
        "Sager pr. møde i rehabiliteringsteamet",
        "Antallet af sager pr. møde i rehabiliteringsteamet",
    )
    parallel = _Candidate(
        "parallel_interventions_pct",
        {},
        "Borgere med parallelle indsatser",
        "Andelen af borgere i forløb med indsatser fra flere afdelinger samtidig",
    )
    return [
        _scheme_candidate("persons_active_count", "ressourceforloeb"),
        *((meetings, parallel) if runs_schemes else (parallel, meetings)),
        _Candidate(
            "course_starts_count",
            {"scheme": "ressourceforloeb"},
            "Påbegyndte ressourceforløb",
            "ressourceforløb",
            lead="Der blev påbegyndt",
        ),
        _scheme_candidate("exit_to_work_or_education_pct", "ressourceforloeb"),
        _Candidate(
            "goal_in_recommendation_pct",
            {},
            "Sager med mål i indstillingen",
            "Andelen af sager med mål i indstillingen",
        ),
    ]


def _scheme_candidate(indicator: str, scheme: str) -> _Candidate:
    name = schema.SCHEME.labels.get(scheme, scheme)
    lower = _lower_first(name)
    dims = {"scheme": scheme}
    if indicator == "persons_active_count":
        return _Candidate(indicator, dims, f"Borgere i {lower}", f"borgere i {lower}")
    if indicator == "exit_to_work_or_education_pct":
        return _Candidate(
            indicator,
            dims,
            f"{name} afsluttet med job eller uddannelse",
            f"Andelen af afsluttede {lower}, der endte i job eller uddannelse,",
        )
    if indicator == "active_under_40_pct":
        return _Candidate(
            indicator,
            dims,
            f"Borgere under 40 år i {lower}",
            f"Andelen af borgerne i {lower}, der er under 40 år,",
        )
    raise ValueError(f"no scheme figure for {indicator}")


def _department_candidate(b: Builder, indicator: str, department: str) -> _Candidate:
    name = b.department(department)
    if indicator == "cost_per_person_dkk":
        return _Candidate(
            indicator,
            {"department": department},
            f"Udgift pr. borger i forløb, {name}",
            f"Udgiften pr. borger i forløb i {name}",
        )
    raise ValueError(f"no department figure for {indicator}")


def _by_type(b: Builder, indicator: str, department: str, types: Sequence[str]) -> _Candidate:
    """The department's total row if published, else its largest type (most interventions
    started this quarter) with a visible cell, else its largest type. A type none were
    started of is no «largest type» while another type started any."""
    rows = b.values.rows(indicator, (b.period,))
    total = rows[(rows["department"] == department) & rows["intervention_type"].isna()]
    if len(total):
        return _type_candidate(indicator, {"department": department}, b.department(department))
    ranked = sorted(types, key=lambda t: -_started(b, department, t))
    active = [t for t in ranked if _started(b, department, t) > 0] or ranked
    visible = [
        t
        for t in active
        if _visible(b, _type_candidate(indicator, {"department": department,
                                                    "intervention_type": t}, ""))
    ]  # fmt: skip
    chosen = (visible or active)[0]
    name = b.intervention_names.get(chosen, chosen)
    return _type_candidate(indicator, {"department": department, "intervention_type": chosen}, name)


def _started(b: Builder, department: str, intervention_type: str) -> float:
    """Interventions of the type started this quarter; a hidden count ranks above a true
    0 and below any shown count (it lies between them)."""
    cell = b.values.cell(
        "interventions_started_count",
        b.period,
        department=department,
        intervention_type=intervention_type,
    )
    if cell is None:
        return -1.0
    if cell.hidden:
        return 0.5
    return cell.value if cell.value is not None else -1.0


def _type_candidate(indicator: str, dims: Mapping[str, str], name: str) -> _Candidate:
    lower = _lower_first(name)
    if indicator == "interventions_started_count":
        return _Candidate(
            indicator,
            dims,
            f"Igangsatte indsatser, {lower}",
            f"indsatser med {lower}",
            lead="Der blev igangsat",
        )
    if indicator == "waiting_days_median":
        return _Candidate(
            indicator, dims, f"Ventetid i dage (median), {lower}", f"Ventetiden til {lower}"
        )
    return _Candidate(
        indicator,
        dims,
        f"Ventende indsatser ved kvartalets udgang, {lower}",
        f"ventende indsatser med {lower} ved kvartalets udgang",
    )


def _lower_first(text: str) -> str:
    """«Psykologbehandling» → «psykologbehandling»; «STU …» keeps its capitals."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


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
    return KeyFigure(
        indicator=c.indicator,
        label=c.label,
        value=sentences.shown(now, kind, threshold=threshold) or b.show(c.indicator, **c.dims),
        change=sentences.table_change_text(now, before, kind),
        sentence=sentence,
        dims=dict(c.dims),
        direction_good=DIRECTION_GOOD.get(c.indicator, ""),
    )
