"""What Eksempel Kommune is made of: departments, intervention types, accounts and rates.

Prices, rates and budget sizes are assumptions for a synthetic municipality of about 60.000
inhabitants (2022 level unless stated). Benefit rates follow the published rates where
``shared/reference/domain-economics.md`` has them (ressourceforløbsydelse 2022 and 2024,
the sygedagpenge maximum 2023, the fleksløntilskud maximum 2022); the other years are
indexed. Nothing here is a default for a real municipality: controllers type their own.
"""

from __future__ import annotations

from dataclasses import dataclass

SAMPLE_NAME = "Eksempel Kommune"
# Synthetic on purpose: Danmarks Statistik's municipality numbers run from 101 to 860, so 999
# can never be taken for a real municipality's.
SAMPLE_CODE = "999"


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    committee: str
    hourly_rate: float  # kr. per staff hour incl. overhead (Timesatser)
    staff: int  # contact persons at scale 1


DEPARTMENTS: tuple[Department, ...] = (
    Department("BESK", "Beskæftigelse (Jobcenter)", "Beskæftigelsesudvalget", 545.0, 14),
    Department("SOC", "Socialafdelingen", "Socialudvalget", 560.0, 8),
    Department("SUND", "Sundhed", "Sundhedsudvalget", 585.0, 6),
    Department("UNGE", "Unge og uddannelse", "Børne- og Ungeudvalget", 530.0, 5),
)


@dataclass(frozen=True)
class InterventionType:
    code: str
    name: str
    department: str
    unit: str  # time, uge, maaned, forloeb
    price: float  # kr. per unit, 2022
    wait_median: float  # days from request to start
    wait_sigma: float
    duration_median: float  # days from start to end
    duration_sigma: float
    hours: tuple[tuple[float, ...], tuple[float, ...]] | None = None  # weekly hours, shares
    external: bool = False  # bought from a provider: some rows carry the invoice amount
    account: str = ""  # where the department books it


# Waiting times (median days request -> start): mentor about two weeks, SEL § 85 about five
# months with a long tail (seed 004: "op til et år eller mere").
INTERVENTION_TYPES: tuple[InterventionType, ...] = (
    InterventionType("mentor", "Mentorstøtte", "BESK", "time", 425, 14, 0.6, 180, 0.4,
                     ((1, 1.5, 2, 2.5, 3, 4, 5), (0.08, 0.07, 0.36, 0.10, 0.29, 0.07, 0.03)),
                     external=True, account="5.68.90"),
    InterventionType("virksomhedspraktik", "Virksomhedspraktik", "BESK", "uge", 450, 21, 0.6,
                     91, 0.4, account="5.68.90"),
    InterventionType("loentilskud", "Ansættelse med løntilskud", "BESK", "maaned", 13500, 45,
                     0.6, 180, 0.4, account="5.68.90"),
    InterventionType("virksomhedskonsulent", "Virksomhedskonsulent (job og fastholdelse)",
                     "BESK", "time", 560, 10, 0.5, 120, 0.5, ((1, 1.5, 2), (0.5, 0.2, 0.3)),
                     account="5.68.90"),
    InterventionType("afklaring_ekstern", "Afklaringsforløb hos ekstern leverandør", "BESK",
                     "forloeb", 24000, 30, 0.5, 84, 0.3, external=True, account="5.68.90"),
    InterventionType("stoettekontaktperson", "Støttekontaktperson (SEL § 85)", "SOC", "time",
                     520, 160, 0.75, 270, 0.5, ((2, 3, 4, 5, 6), (0.25, 0.30, 0.25, 0.12, 0.08)),
                     account="5.38.38"),
    InterventionType("bostoette", "Bostøtte (SEL § 85)", "SOC", "time", 495, 75, 0.6, 365, 0.5,
                     ((2, 3, 4, 6, 8), (0.20, 0.30, 0.25, 0.15, 0.10)), account="5.38.38"),
    InterventionType("misbrugsbehandling", "Misbrugsbehandling (ambulant)", "SOC", "maaned",
                     8900, 21, 0.5, 150, 0.5, external=True, account="5.38.45"),
    InterventionType("samvaerstilbud", "Aktivitets- og samværstilbud (SEL § 104)", "SOC",
                     "maaned", 6200, 45, 0.6, 240, 0.5, account="5.38.59"),
    InterventionType("psykologbehandling", "Psykologbehandling", "SUND", "time", 1050, 50, 0.6,
                     100, 0.4, ((0.5, 1), (0.3, 0.7)), external=True, account="4.62.90"),
    InterventionType("smertehaandtering", "Smertehåndtering (hold)", "SUND", "forloeb", 11800,
                     70, 0.5, 84, 0.3, external=True, account="4.62.88"),
    InterventionType("genoptraening", "Genoptræning (SUL § 140)", "SUND", "forloeb", 9400, 21,
                     0.5, 84, 0.3, account="4.62.82"),
    InterventionType("mestringsforloeb", "Mestringsforløb (stress, angst, depression)", "SUND",
                     "forloeb", 6900, 35, 0.5, 70, 0.3, external=True, account="4.62.88"),
    InterventionType("uddannelsesvejledning", "Uddannelsesvejledning", "UNGE", "time", 540, 10,
                     0.5, 90, 0.5, ((1, 1.5, 2), (0.6, 0.2, 0.2)), account="3.22.15"),
    InterventionType("ung_mentor", "Mentor for unge", "UNGE", "time", 410, 20, 0.6, 180, 0.4,
                     ((2, 3, 4), (0.4, 0.4, 0.2)), account="5.68.90"),
    InterventionType("stu", "Særligt tilrettelagt ungdomsuddannelse (STU)", "UNGE", "maaned",
                     24500, 90, 0.5, 1000, 0.2, external=True, account="3.30.46"),
)  # fmt: skip

TYPES_BY_CODE = {t.code: t for t in INTERVENTION_TYPES}

# Price level per year relative to 2022 (rows 2019-2021 share one price). The support-contact
# contract is re-tendered mid-2024, so one type has a period that is not a calendar year.
PRICE_INDEX = {2021: 0.97, 2022: 1.0, 2023: 1.045, 2024: 1.075, 2025: 1.10, 2026: 1.13}
RETENDERED = ("stoettekontaktperson", "2024-07-01", 1.06)


@dataclass(frozen=True)
class Account:
    department: str
    account: str
    name: str
    amount: float  # budget 2022 at scale 1, kr.
    drift: float  # typical yearly over(+)/under(-) spend against budget


# Function numbers of the authorised chart of accounts. 4.62.90 is marked uncertain in
# reference/domain-economics.md; 3.22.15 and 3.30.46 are STAR's konteringsregler.
ACCOUNTS: tuple[Account, ...] = (
    Account("BESK", "5.57.71", "Sygedagpenge", 118_000_000, 0.02),
    Account("BESK", "5.58.81", "Løntilskud til personer i fleksjob", 95_000_000, 0.01),
    Account("BESK", "5.58.82", "Ressourceforløb og jobafklaringsforløb", 62_000_000, 0.04),
    Account("BESK", "5.58.83", "Ledighedsydelse", 24_000_000, -0.02),
    Account("BESK", "5.68.90", "Driftsudgifter til den kommunale beskæftigelsesindsats",
            38_000_000, 0.0),
    Account("BESK", "5.68.98", "Beskæftigelsesordninger", 9_500_000, -0.03),
    Account("SOC", "5.38.38", "Personlig støtte og pasning af personer med handicap mv. "
            "(SEL § 85)", 74_000_000, 0.06),
    Account("SOC", "5.38.45", "Behandling af personer med stofmisbrug", 12_500_000, 0.01),
    Account("SOC", "5.38.59", "Aktivitets- og samværstilbud (SEL § 104)", 21_000_000, -0.01),
    Account("SUND", "4.62.82", "Kommunal genoptræning og vedligeholdelsestræning",
            38_000_000, -0.02),
    Account("SUND", "4.62.88", "Sundhedsfremme og forebyggelse", 14_000_000, -0.03),
    Account("SUND", "4.62.90", "Andre sundhedsudgifter", 6_500_000, 0.02),
    Account("UNGE", "3.22.15", "Uddannelses- og erhvervsvejledning og øvrige indsatser "
            "(kommunal ungeindsats)", 11_000_000, 0.0),
    Account("UNGE", "3.30.46", "Særligt tilrettelagt ungdomsuddannelse (STU)", 19_000_000,
            0.07),
    Account("UNGE", "5.68.90", "Driftsudgifter til den kommunale beskæftigelsesindsats "
            "(unge)", 7_500_000, 0.01),
)  # fmt: skip

BUDGET_GROWTH = {2022: 1.0, 2023: 1.04, 2024: 1.075, 2025: 1.105, 2026: 1.135}
# Booked spend by month relative to an even twelfth: holidays in July, year-end in December.
SEASON = (0.96, 0.97, 1.0, 1.0, 1.01, 1.0, 0.88, 0.97, 1.02, 1.03, 1.02, 1.14)

# Monthly benefit rates (kr., gross) by year. Ressourceforløbsydelse 2022/2024 and the
# maxima are published rates; the rest is indexed.
RATE_PROVIDER = {2022: 15570, 2023: 16040, 2024: 16382, 2025: 16850, 2026: 17250}
RATE_SINGLE = {2022: 11716, 2023: 12068, 2024: 12326, 2025: 12680, 2026: 12990}
SICK_PAY_WEEKLY_MAX = {2022: 4455, 2023: 4550, 2024: 4695, 2025: 4835, 2026: 4980}
LEDIGHEDSYDELSE = {2022: 16560, 2023: 17060, 2024: 17560, 2025: 18090, 2026: 18630}
FLEX_SUBSIDY_MAX = {2022: 18964, 2023: 19530, 2024: 20110, 2025: 20700, 2026: 21300}
FLEX_HOURLY_WAGE = {2022: 205, 2023: 211, 2024: 218, 2025: 224, 2026: 230}
FLEX_TAPER = 0.30
PENSION_SINGLE = {2022: 19450, 2023: 20130, 2024: 20790, 2025: 21420, 2026: 22050}
PENSION_COUPLE = {2022: 16530, 2023: 17110, 2024: 17670, 2025: 18200, 2026: 18740}
YOUTH_FACTOR = 0.55  # kontanthjælp/uddannelseshjælp under 30 is far lower


@dataclass(frozen=True)
class SampleTarget:
    indicator: str  # catalogue id
    department: str | None
    scheme: str | None
    year: int | None
    target: float
    direction: str  # hoejst | mindst
    note: str


# Targets of the kind a municipality sets in its budget and its employment plan. The
# numbers sit near the sample's level so a briefing shows some met and some missed.
TARGETS: tuple[SampleTarget, ...] = (
    SampleTarget("waiting_days_median", "SUND", None, None, 30, "hoejst",
                 "Servicemål vedtaget af Sundhedsudvalget i budget 2026"),
    SampleTarget("waiting_days_median", "SOC", None, None, 90, "hoejst",
                 "Servicemål for socialområdet i budget 2026"),
    SampleTarget("cases_per_meeting_mean", None, None, None, 5, "mindst",
                 "Mploys evaluering af reformen (2013): mindst 5 sager pr. mødedag"),
    SampleTarget("plans_with_subgoal_pct", None, None, None, 50, "mindst",
                 "Beskæftigelsesplan 2026"),
    SampleTarget("exit_to_work_or_education_pct", None, "ressourceforloeb", 2026, 40, "mindst",
                 "Beskæftigelsesplan 2026"),
)  # fmt: skip
