"""The input contract, once: workbooks, sheets, columns, Danish headers, types, rules, codes.

Everything that touches a workbook reads this module: the template writer, the reader and
validator, the sample generator, the store's table names and the data dictionary test.
``docs/inputs.md`` (written from this module by ``make docs``) is the public description of
the same facts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

SCHEMA_VERSION = "1.0"


class Kind(StrEnum):
    """How a cell is read and stored."""

    TEXT = "text"  # free text
    CODE = "code"  # lower-case code from a fixed code list
    DEPARTMENT = "department"  # department code defined in Afdelinger (upper case)
    INTERVENTION_TYPE = "intervention_type"  # code defined in Takster (lower case)
    CPR = "cpr"  # CPR number: pseudonymised at import, never stored
    STAFF = "staff"  # staff initials: pseudonymised at import
    DATE = "date"
    MONTH = "month"  # a date (first of month) or text "åååå-mm"
    INT = "int"
    NUMBER = "number"
    BOOL = "bool"  # ja/nej


KIND_LABELS: dict[Kind, str] = {
    Kind.TEXT: "tekst",
    Kind.CODE: "kode fra listen",
    Kind.DEPARTMENT: "afdelingskode fra Afdelinger i oekonomi.xlsx",
    Kind.INTERVENTION_TYPE: "indsatstype fra Takster i oekonomi.xlsx",
    Kind.CPR: "CPR-nummer (10 cifre, med eller uden bindestreg)",
    Kind.STAFF: "initialer",
    Kind.DATE: "dato (dd-mm-åååå)",
    Kind.MONTH: "måned (dato eller åååå-mm)",
    Kind.INT: "heltal",
    Kind.NUMBER: "tal",
    Kind.BOOL: "ja/nej",
}


# Department and intervention-type codes are defined by the municipality; they end up in
# filters, file names and links, so they are kept to letters (æøå too), digits, _, - and .
CODE_KINDS = (Kind.DEPARTMENT, Kind.INTERVENTION_TYPE)
CODE_PATTERN = r"[^\W_][\w.-]*"  # \w: any letter, digit or _; the first is a letter or digit
CODE_RULE = (
    "Koden må kun indeholde bogstaver, tal, _, - og . og skal begynde med et bogstav eller et tal."
)


@dataclass(frozen=True)
class CodeList:
    name: str
    labels: dict[str, str]  # code -> Danish label, in display order
    # True: controllers write (and the drop-down offers) the Danish label, never the code,
    # because the code is an internal id (an indicator's); the label is read as the code.
    by_label: bool = False

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def label(self, code: str) -> str:
        return self.labels.get(code, code)


def _codes(name: str, **labels: str) -> CodeList:
    return CodeList(name, dict(labels))


SEX = _codes("sex", K="Kvinde", M="Mand")
SUPPORT_AT_ENTRY = _codes(
    "support_at_entry",
    sygedagpenge="Sygedagpenge",
    kontanthjaelp="Kontanthjælp",
    uddannelseshjaelp="Uddannelseshjælp",
    jobafklaring="Jobafklaringsforløb",
    ledighedsydelse="Ledighedsydelse",
    selvforsoergende="Selvforsørgende",
    anden="Anden forsørgelse",
)
PRIMARY_BARRIER = _codes(
    "primary_barrier",
    helbred="Helbred",
    sociale="Sociale forhold",
    faglige="Faglige forhold",
    andet="Andet",
)
SCHEME = _codes(
    "scheme",
    ressourceforloeb="Ressourceforløb",
    jobafklaring="Jobafklaringsforløb",
    fleksjob="Fleksjob",
    foertidspension="Førtidspension",
)
EXIT_REASON = _codes(
    "exit_reason",
    ordinaer_beskaeftigelse="Ordinær beskæftigelse",
    uddannelse="Uddannelse",
    fleksjob="Fleksjob",
    foertidspension="Førtidspension",
    nyt_forloeb="Nyt forløb",
    anden_ydelse="Anden ydelse",
    flyttet="Fraflyttet kommunen",
    doed="Død",
    andet="Andet",
)
CASE_TYPE = _codes(
    "case_type",
    ressourceforloeb="Ressourceforløb",
    jobafklaring="Jobafklaringsforløb",
    fleksjob="Fleksjob",
    foertidspension="Førtidspension",
    anden_indsats="Anden indsats",
    paragraf17="Forelæggelse efter § 17",
)
RECOMMENDATION = _codes(
    "recommendation",
    ressourceforloeb="Ressourceforløb",
    jobafklaring="Jobafklaringsforløb",
    fleksjob="Fleksjob",
    foertidspension="Førtidspension",
    anden_indsats="Anden indsats (tilbagesendt)",
)
RETURN_REASON = _codes(
    "return_reason",
    lab_ikke_udtoemt="Beskæftigelsesrettede muligheder ikke udtømt",
    dokumentation="Mere dokumentation nødvendig",
    behandling_foerst="Behandling først",
    andet="Andet",
)
INTERVENTION_STATUS = _codes(
    "intervention_status",
    igangsat="Igangsat",
    afsluttet="Afsluttet",
    venter="Venter",
    afvist="Afvist",
    afslaaet_af_borger="Afslået af borger",
)
REFUSAL_REASON = _codes(
    "refusal_reason",
    kriterier_ikke_opfyldt="Kriterier ikke opfyldt",
    allerede_kompenseret="Allerede kompenseret",
    borger_takker_nej="Borger takker nej",
    kan_ikke_deltage="Borger kan ikke deltage",
    kapacitet="Manglende kapacitet",
    oekonomi="Økonomi",
    andet="Andet",
)
GOAL_KIND = _codes("goal_kind", slutmaal="Slutmål", delmaal="Delmål")
GOAL_CATEGORY = _codes(
    "goal_category",
    ordinaer_beskaeftigelse="Ordinær beskæftigelse",
    fleksjob="Fleksjob",
    uddannelse="Uddannelse",
    afklaring="Afklaring",
    helbred="Helbred",
    sociale_forhold="Sociale forhold",
    andet="Andet",
)
BENEFIT = _codes(
    "benefit",
    ressourceforloebsydelse="Ressourceforløbsydelse",
    ledighedsydelse="Ledighedsydelse",
    fleksloentilskud="Fleksløntilskud",
    sygedagpenge="Sygedagpenge",
    kontanthjaelp="Kontanthjælp",
    foertidspension="Førtidspension",
    jobafklaringsydelse="Jobafklaringsydelse",
)
# Where a citizen is in a month after a course ended (sheet «Status efter forløb»; the same
# statuses Jobindsats and DREAM report after a ressourceforløb).
FOLLOW_UP_STATUS = _codes(
    "follow_up_status",
    job_uddannelse="Job eller uddannelse",
    fleksjob="Fleksjob",
    ledighedsydelse="Ledighedsydelse",
    foertidspension="Førtidspension",
    kontanthjaelp="Kontanthjælp eller anden ydelse",
    sygedagpenge="Sygedagpenge",
    selvforsoerget="Selvforsørget uden ydelse",
    fraflyttet="Fraflyttet kommunen",
)
# How a month of «Ydelser» reads as a status after the course when «Status efter forløb»
# has no row (docs/outcomes.md), in priority order: a wage subsidy for a flex job says the
# citizen works, so it wins over ledighedsydelse paid the same month (a job started
# mid-month); a lasting pension wins over a temporary benefit; the benefits of a new course
# or of cash assistance come last, as «kontanthjælp eller anden ydelse».
BENEFIT_STATUS: tuple[tuple[str, str], ...] = (
    ("fleksloentilskud", "fleksjob"),
    ("ledighedsydelse", "ledighedsydelse"),
    ("foertidspension", "foertidspension"),
    ("sygedagpenge", "sygedagpenge"),
    ("kontanthjaelp", "kontanthjaelp"),
    ("ressourceforloebsydelse", "kontanthjaelp"),
    ("jobafklaringsydelse", "kontanthjaelp"),
)
BUDGET_KIND = _codes(
    "budget_kind", oprindeligt="Oprindeligt budget", korrigeret="Korrigeret budget"
)
PRICE_UNIT = _codes(
    "price_unit",
    time="Pr. time",
    uge="Pr. uge",
    maaned="Pr. måned",
    forloeb="Pr. forløb (hele prisen ved start)",
)
BASELINE_TREND = _codes(
    "baseline_trend",
    tendens="Fremskriv med tendensen",
    flad="Hold niveauet (flad)",
)
SCENARIO_OUTCOME = _codes(
    "scenario_outcome",
    afgang_arbejde="Flere afgange til arbejde eller uddannelse (procentpoint)",
    kortere_forloeb="Kortere forløb (måneder)",
    faerre_ventedage="Færre ventedage (dage)",
)
PURSE = _codes("purse", kommune="Kommunen", region="Regionen", stat="Staten")
SCENARIO_DESTINATION = _codes(
    "scenario_destination",
    job_uddannelse="Job eller uddannelse (selvforsørgelse)",
    fleksjob="Fleksjob",
    ledighedsydelse="Ledighedsydelse",
    foertidspension="Førtidspension",
    kontanthjaelp="Kontanthjælp",
)
VOLUME_KIND = _codes(
    "volume_kind",
    bestand="Bestand (personer på samme tid)",
    tilgang="Tilgang (nye personer pr. år)",
)
SCENARIO_PARAMETER = _codes(
    "scenario_parameter",
    effekt_stoerrelse="Effektens størrelse",
    effekt_varighed="Effektens varighed",
    virkning_varighed="Virkning pr. person",
    doedvaegt="Dødvægt",
    konsekvenspriser="Konsekvenspriser",
    indsatsudgift="Udgift til indsatser",
    personer="Antal personer",
)


@dataclass(frozen=True)
class TargetIndicator:
    """An indicator a municipality may set a target for, as the catalogue has it."""

    label: str  # the catalogue's Danish label (docs/indicators.md)
    unit: str  # the catalogue's unit
    dimensions: tuple[str, ...] = ()  # of "department", "scheme": what a target may name


# Targets make sense where a value can be good or bad against a political level: rates
# (%), waiting and duration (dage), the team's caseload (sager pr. møde), volumes a budget
# assumes (personer, forløb) and cost per person (kr.). Totals that the budget already
# governs (Budget, Forbrug, Ydelser) and shares that only describe (Afslutningsårsager,
# Tilgang fra sygedagpenge, Borgere under 40 år) are left out. The schema sits below the
# indicator layer, so the catalogue's labels, units and dimensions are repeated here;
# tests/test_targets_sheet.py holds the two together.
TARGET_INDICATORS: dict[str, TargetIndicator] = {
    "waiting_days_median": TargetIndicator("Ventetid til indsats (median)", "dage",
                                           ("department",)),
    "waiting_days_p90": TargetIndicator("Ventetid til indsats (90 %-fraktil)", "dage",
                                        ("department",)),
    "course_duration_days_median": TargetIndicator("Forløbenes varighed (median)", "dage",
                                                   ("scheme",)),
    "cases_per_meeting_mean": TargetIndicator("Sager pr. møde", "sager pr. møde"),
    "plans_with_subgoal_pct": TargetIndicator("Ressourceforløb med delmål", "%"),
    "subgoals_achieved_pct": TargetIndicator("Opnåede delmål", "%"),
    "goal_in_recommendation_pct": TargetIndicator("Sager med mål i indstillingen", "%"),
    "citizen_present_pct": TargetIndicator("Sager hvor borgeren deltog", "%"),
    "parallel_interventions_pct": TargetIndicator("Borgere med parallelle indsatser", "%"),
    "exit_to_work_or_education_pct": TargetIndicator("Afgang til job eller uddannelse", "%",
                                                     ("scheme",)),
    "interventions_refused_pct": TargetIndicator("Afviste og afslåede indsatser", "%",
                                                 ("department",)),
    "budget_utilisation_pct": TargetIndicator("Budgetforbrug", "%", ("department",)),
    "persons_active_count": TargetIndicator("Borgere i forløb", "personer", ("scheme",)),
    "course_starts_count": TargetIndicator("Påbegyndte forløb", "forløb", ("scheme",)),
    "cost_per_person_dkk": TargetIndicator("Udgift pr. borger i forløb", "kr.",
                                           ("department",)),
}  # fmt: skip
TARGET_INDICATOR = CodeList(
    "target_indicator",
    {indicator: target.label for indicator, target in TARGET_INDICATORS.items()},
    by_label=True,
)
TARGET_DIRECTION = _codes("target_direction", hoejst="Højst", mindst="Mindst")
# The schemes Jobindsats publishes that Tværblik compares with the register; the keys of
# ``JOBINDSATS_TABLES`` are the tables' ids at Jobindsats.
NATIONAL_SCHEME = _codes(
    "national_scheme",
    ressourceforloeb="Ressourceforløb",
    jobafklaring="Jobafklaringsforløb",
    fleksjob="Fleksjob",
    ledighedsydelse="Ledighedsydelse",
    kontanthjaelp="Kontanthjælp",
)
JOBINDSATS_TABLES: dict[str, str] = {
    "Y11A02": "ressourceforloeb",
    "Y12A02": "jobafklaring",
    "Y08A02": "fleksjob",
    "Y09A02": "ledighedsydelse",
    "Y36A02": "kontanthjaelp",
}
BENCHMARK_TABLE = "Y30R21"
NATIONAL_MEASURE = _codes(
    "national_measure",
    persons="Antal personer",
    full_time_persons="Antal fuldtidspersoner",
)
PERIOD_KIND = _codes(
    "period_kind",
    month="Måned",
    quarter="Kvartal",
    year="År",
    rolling_year="12 måneder til og med kvartalet",  # Jobindsats' QMAT periods (Y30R21)
)
# Statistics Denmark's code for the whole country (OMRÅDE 000 in FOLK1A).
COUNTRY_CODE = "000"

CODE_LISTS: tuple[CodeList, ...] = (
    SEX, SUPPORT_AT_ENTRY, PRIMARY_BARRIER, SCHEME, EXIT_REASON, CASE_TYPE, RECOMMENDATION,
    RETURN_REASON, INTERVENTION_STATUS, REFUSAL_REASON, GOAL_KIND, GOAL_CATEGORY, BENEFIT,
    BUDGET_KIND, PRICE_UNIT, BASELINE_TREND, SCENARIO_OUTCOME, PURSE, SCENARIO_DESTINATION,
    VOLUME_KIND, SCENARIO_PARAMETER, TARGET_INDICATOR, TARGET_DIRECTION,
)  # fmt: skip


@dataclass(frozen=True)
class Column:
    name: str  # canonical English name used by the code
    header: str  # Danish header the controller sees
    kind: Kind
    description: str  # Danish, one sentence, shown in the Vejledning sheet
    required: bool = True
    codes: CodeList | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False  # True: value must be > minimum
    unique: bool = False
    references: tuple[str, str] | None = None  # (table, column) the value must exist in
    reference_is_warning: bool = False  # a missing reference is a warning, not an error
    default: object = None  # value used when the cell is blank
    width: int = 16  # template column width in characters

    @property
    def allowed(self) -> tuple[str, ...]:
        return self.codes.codes if self.codes else ()


@dataclass(frozen=True)
class RequiredWhen:
    """``column`` must be filled when ``when`` holds one of ``values`` (any value if empty)."""

    column: str
    when: str
    values: tuple[str, ...] = ()
    sentence: str = ""  # Danish explanation of the rule


@dataclass(frozen=True)
class BlankUnless:
    """``column`` should only be filled when ``when`` holds one of ``values`` (a warning)."""

    column: str
    when: str
    values: tuple[str, ...]
    sentence: str = ""


@dataclass(frozen=True)
class NotBefore:
    """Date ``column`` must be on or after date ``other`` in the same row."""

    column: str
    other: str


@dataclass(frozen=True)
class Sheet:
    table: str  # canonical table name (store file name, Register attribute)
    name: str  # Danish sheet name in the workbook
    workbook: str  # "register", "oekonomi" or "scenarier"
    description: str
    columns: tuple[Column, ...]
    optional: bool = False  # the whole sheet may be left out
    unique_together: tuple[str, ...] = ()
    required_when: tuple[RequiredWhen, ...] = ()
    blank_unless: tuple[BlankUnless, ...] = ()
    not_before: tuple[NotBefore, ...] = ()
    default_rows: tuple[tuple[object, ...], ...] = ()  # shipped defaults in the template
    # Money columns summed over rows that share ``unique_together``: such rows are added
    # together instead of refused (payment extracts, posting lines, supplementary budgets).
    additive: tuple[str, ...] = ()
    # True: a blank cell in ``unique_together`` is a value of its own (blank means "all"),
    # so two rows alike but for blanks in the same places are duplicates too.
    blank_is_key: bool = False
    single_row: bool = False  # at most one row (a sheet of facts, not a table of records)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.table} has no column {name!r}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class Workbook:
    kind: str  # "register" | "oekonomi" | "scenarier"
    file_name: str
    title: str
    description: str
    sheets: tuple[Sheet, ...] = field(default=())


def _cpr(description: str = "Borgerens CPR-nummer; skal findes i Borgere.", *,
         unique: bool = False, references: tuple[str, str] | None = ("citizens", "cpr"),
         reference_is_warning: bool = False) -> Column:  # fmt: skip
    return Column("cpr", "CPR-nummer", Kind.CPR, description, unique=unique,
                  references=references, reference_is_warning=reference_is_warning,
                  width=14)  # fmt: skip


_RUNNING = ("igangsat", "afsluttet")

CITIZENS = Sheet(
    "citizens", "Borgere", "register",
    "Én række pr. borger. CPR-nummeret omdannes til et pseudonym ved indlæsning og gemmes aldrig.",
    (
        _cpr("Borgerens CPR-nummer (10 cifre, med eller uden bindestreg).", unique=True,
             references=None),
        Column("sex", "Køn", Kind.CODE, "K eller M. Udfyldes automatisk fra CPR-nummeret, hvis "
               "cellen er tom.", required=False, codes=SEX, width=8),
        Column("birth_year", "Fødselsår", Kind.INT, "Fødselsår (åååå). Udfyldes automatisk fra "
               "CPR-nummeret, hvis cellen er tom.", required=False, minimum=1900,
               maximum=2030, width=11),
        Column("support_at_entry", "Forsørgelse ved start", Kind.CODE,
               "Borgerens forsørgelsesgrundlag ved første forelæggelse.",
               codes=SUPPORT_AT_ENTRY, width=22),
        Column("primary_barrier", "Primær barriere", Kind.CODE,
               "Den vigtigste barriere for beskæftigelse.", codes=PRIMARY_BARRIER, width=18),
    ),
)  # fmt: skip

COURSES = Sheet(
    "courses", "Forløb", "register",
    "Én række pr. forløb (ressourceforløb, jobafklaring, fleksjob, førtidspension).",
    (
        Column("course_id", "Forløbs-ID", Kind.TEXT, "Entydigt ID for forløbet.", unique=True,
               width=14),
        _cpr(),
        Column("scheme", "Ordning", Kind.CODE, "Ordningen forløbet hører under.", codes=SCHEME,
               width=18),
        Column("start", "Startdato", Kind.DATE, "Forløbets første dag.", width=12),
        Column("planned_end", "Planlagt slutdato", Kind.DATE, "Planlagt sidste dag.",
               required=False, width=16),
        Column("end", "Slutdato", Kind.DATE, "Sidste dag. Tom, mens forløbet kører.",
               required=False, width=12),
        Column("exit_reason", "Afslutningsårsag", Kind.CODE, "Hvorfor forløbet sluttede. "
               "Skal udfyldes, når der er en slutdato.", required=False, codes=EXIT_REASON,
               width=24),
        Column("weekly_hours", "Ugentlige timer", Kind.NUMBER, "Kun fleksjob: arbejdstimer "
               "pr. uge (over 0 og højst 37).", required=False, minimum=0,
               exclusive_minimum=True, maximum=37, width=15),
        Column("coordinating_department", "Koordinerende afdeling", Kind.DEPARTMENT,
               "Afdelingen med den koordinerende sagsbehandler.",
               references=("departments", "department"), width=22),
    ),
    required_when=(
        RequiredWhen("exit_reason", "end", (), "Afslutningsårsag skal udfyldes, når forløbet "
                     "har en slutdato."),
        RequiredWhen("weekly_hours", "scheme", ("fleksjob",), "Ugentlige timer skal udfyldes "
                     "for fleksjob."),
    ),
    blank_unless=(
        BlankUnless("weekly_hours", "scheme", ("fleksjob",), "Ugentlige timer bruges kun for "
                    "fleksjob og ignoreres her."),
    ),
    not_before=(NotBefore("planned_end", "start"), NotBefore("end", "start")),
)  # fmt: skip

MEETINGS = Sheet(
    "meetings", "Møder", "register",
    "Rehabiliteringsteamets møder: én række pr. møde og deltagende afdeling.",
    (
        Column("meeting_id", "Møde-ID", Kind.TEXT, "ID for mødet (samme ID på alle mødets "
               "rækker).", width=12),
        Column("date", "Mødedato", Kind.DATE, "Dagen mødet blev holdt.", width=12),
        Column("department", "Afdeling", Kind.DEPARTMENT, "Afdeling der deltog i mødet.",
               references=("departments", "department"), width=12),
        Column("participants", "Deltagere", Kind.INT, "Antal deltagere fra afdelingen.",
               minimum=0, width=11),
        Column("prep_minutes_per_case", "Forberedelse pr. sag (min)", Kind.NUMBER,
               "Forberedelsestid pr. sag pr. deltager i minutter.", minimum=0, width=24),
    ),
    unique_together=("meeting_id", "department"),
)  # fmt: skip

CASES = Sheet(
    "cases", "Sager", "register",
    "Én række pr. sag behandlet på et møde i rehabiliteringsteamet.",
    (
        Column("meeting_id", "Møde-ID", Kind.TEXT, "Mødet hvor sagen blev behandlet.",
               references=("meetings", "meeting_id"), width=12),
        _cpr(),
        Column("case_type", "Sagstype", Kind.CODE, "Hvad sagen blev forelagt som.",
               codes=CASE_TYPE, width=18),
        Column("recommendation", "Indstilling", Kind.CODE, "Rehabiliteringsteamets "
               "indstilling.", codes=RECOMMENDATION, width=18),
        Column("goal_in_recommendation", "Mål i indstilling", Kind.BOOL, "Indeholder "
               "indstillingen et beskæftigelses- eller uddannelsesmål? (ja/nej)", width=16),
        Column("citizen_present", "Borger deltog", Kind.BOOL, "Deltog borgeren i mødet? "
               "(ja/nej)", width=14),
        Column("return_reason", "Tilbagesendelsesårsag", Kind.CODE, "Skal udfyldes, når "
               "indstillingen er anden indsats.", required=False, codes=RETURN_REASON,
               width=22),
        Column("minutes", "Minutter på mødet", Kind.NUMBER, "Tid brugt på sagen på mødet. "
               "Tom betyder 60 minutter.", required=False, minimum=0, default=60.0,
               width=17),
    ),
    required_when=(
        RequiredWhen("return_reason", "recommendation", ("anden_indsats",),
                     "Tilbagesendelsesårsag skal udfyldes, når indstillingen er anden indsats."),
    ),
    blank_unless=(
        BlankUnless("return_reason", "recommendation", ("anden_indsats",),
                    "Tilbagesendelsesårsag bruges kun, når indstillingen er anden indsats."),
    ),
)  # fmt: skip

INTERVENTIONS = Sheet(
    "interventions", "Indsatser", "register",
    "Én række pr. indsats der er anmodet om, uanset om den blev bevilget.",
    (
        Column("intervention_id", "Indsats-ID", Kind.TEXT, "Entydigt ID for indsatsen.",
               unique=True, width=13),
        _cpr(),
        Column("course_id", "Forløbs-ID", Kind.TEXT, "Forløbet indsatsen hører til (kan "
               "være tom).", required=False, references=("courses", "course_id"), width=14),
        Column("intervention_type", "Indsatstype", Kind.INTERVENTION_TYPE, "Type af indsats; "
               "skal findes i Takster i oekonomi.xlsx.",
               references=("prices", "intervention_type"), width=22),
        Column("department", "Afdeling", Kind.DEPARTMENT, "Afdelingen der bevilger og "
               "betaler.", references=("departments", "department"), width=12),
        Column("requested", "Anmodet dato", Kind.DATE, "Dagen indsatsen blev anmodet.",
               width=14),
        Column("status", "Status", Kind.CODE, "Hvor indsatsen står nu.",
               codes=INTERVENTION_STATUS, width=18),
        Column("refusal_reason", "Afvisningsårsag", Kind.CODE, "Skal udfyldes, når status "
               "er afvist eller afslået af borger.", required=False, codes=REFUSAL_REASON,
               width=22),
        Column("start", "Startdato", Kind.DATE, "Første dag med indsatsen. Skal udfyldes "
               "for igangsat og afsluttet.", required=False, width=12),
        Column("end", "Slutdato", Kind.DATE, "Sidste dag. Skal udfyldes for afsluttet.",
               required=False, width=12),
        Column("weekly_hours", "Timer pr. uge", Kind.NUMBER, "Timer pr. uge for indsatser "
               "med timepris (over 0 og højst 40).", required=False, minimum=0,
               exclusive_minimum=True, maximum=40, width=13),
        Column("actual_cost", "Faktisk udgift (kr.)", Kind.NUMBER, "Faktisk udgift i kroner; "
               "erstatter mængde × takst.", required=False, minimum=0, width=18),
        Column("contact_person", "Kontaktperson", Kind.STAFF, "Medarbejderens initialer "
               "(pseudonymiseres ved indlæsning).", required=False, width=14),
    ),
    required_when=(
        RequiredWhen("refusal_reason", "status", ("afvist", "afslaaet_af_borger"),
                     "Afvisningsårsag skal udfyldes, når status er afvist eller afslået af "
                     "borger."),
        RequiredWhen("start", "status", _RUNNING, "Startdato skal udfyldes, når status er "
                     "igangsat eller afsluttet."),
        RequiredWhen("end", "status", ("afsluttet",), "Slutdato skal udfyldes, når status er "
                     "afsluttet."),
    ),
    blank_unless=(
        BlankUnless("refusal_reason", "status", ("afvist", "afslaaet_af_borger"),
                    "Afvisningsårsag bruges kun, når status er afvist eller afslået af "
                    "borger."),
        BlankUnless("start", "status", _RUNNING, "Startdato bruges kun, når status er "
                    "igangsat eller afsluttet; indsatsen tæller ikke som startet."),
        BlankUnless("end", "status", _RUNNING, "Slutdato bruges kun, når status er igangsat "
                    "eller afsluttet; indsatsen tæller ikke med i udgiften."),
    ),
    not_before=(NotBefore("start", "requested"), NotBefore("end", "start")),
)  # fmt: skip

GOALS = Sheet(
    "goals", "Mål", "register",
    "Slutmål og delmål i rehabiliteringsplanens indsatsdel.",
    (
        Column("goal_id", "Mål-ID", Kind.TEXT, "Entydigt ID for målet.", unique=True, width=12),
        Column("course_id", "Forløbs-ID", Kind.TEXT, "Forløbet målet hører til.",
               references=("courses", "course_id"), width=14),
        Column("goal_kind", "Måltype", Kind.CODE, "Slutmål eller delmål.", codes=GOAL_KIND,
               width=12),
        Column("goal_category", "Målkategori", Kind.CODE, "Hvad målet handler om.",
               codes=GOAL_CATEGORY, width=24),
        Column("created", "Oprettet", Kind.DATE, "Dagen målet blev sat.", width=12),
        Column("achieved", "Opnået", Kind.DATE, "Dagen målet blev nået (tom hvis ikke nået).",
               required=False, width=12),
    ),
    not_before=(NotBefore("achieved", "created"),),
)  # fmt: skip

PROGRESSION = Sheet(
    "progression", "Progression", "register",
    "Gentagne målinger af borgerens progression (valgfrit ark).",
    (
        _cpr(),
        Column("date", "Dato", Kind.DATE, "Dagen for målingen.", width=12),
        Column("score", "Score (1-10)", Kind.INT, "Progressionsscore fra 1 til 10.",
               minimum=1, maximum=10, width=13),
    ),
    optional=True,
)  # fmt: skip

BENEFITS = Sheet(
    "benefits", "Ydelser", "register",
    "Udbetalte ydelser pr. borger og måned (valgfrit ark). Efterbetalinger, reguleringer "
    "og flere arbejdsgivere må stå i hver sin række.",
    (
        _cpr("Borgerens CPR-nummer. Borgere, der ikke står i Borgere, giver en advarsel.",
             reference_is_warning=True),
        Column("month", "Måned", Kind.MONTH, "Måneden ydelsen gælder (dato eller åååå-mm).",
               width=12),
        Column("benefit", "Ydelse", Kind.CODE, "Ydelsestype.", codes=BENEFIT, width=24),
        Column("amount", "Beløb (kr.)", Kind.NUMBER, "Udbetalt bruttobeløb i kroner.",
               width=14),
        Column("refund", "Refusion (kr.)", Kind.NUMBER, "Statsrefusion i kroner. Tom: "
               "beregnes efter refusionstrappen.", required=False, width=15),
    ),
    optional=True,
    unique_together=("cpr", "month", "benefit"),
    additive=("amount", "refund"),
)  # fmt: skip

STATUS_AFTER = Sheet(
    "status_after", "Status efter forløb", "register",
    "Hvor borgeren er måned for måned efter et ressourceforløb eller jobafklaringsforløb "
    "(valgfrit ark): én række pr. borger og måned, som controlleren kan trække den fra "
    "ydelsessystemerne eller DREAM. En måned uden række aflæses i Ydelser, ellers er status "
    "ukendt.",
    (
        _cpr("Borgerens CPR-nummer. Borgere, der ikke står i Borgere, giver en advarsel.",
             reference_is_warning=True),
        Column("month", "Måned", Kind.MONTH, "Måneden status gælder (dato eller åååå-mm).",
               width=12),
        Column("status", "Status", Kind.CODE, "Hvor borgeren var i måneden; job eller "
               "uddannelse også uden løntilskud, selvforsørget når ingen ydelse blev udbetalt.",
               codes=FOLLOW_UP_STATUS, width=30),
        Column("source", "Kilde", Kind.TEXT, "Hvor status kommer fra, fx DREAM eller "
               "ydelsessystemet.", required=False, width=24),
    ),
    optional=True,
    unique_together=("cpr", "month"),
)  # fmt: skip

DEPARTMENTS = Sheet(
    "departments", "Afdelinger", "oekonomi",
    "Kommunens afdelinger (forvaltninger) og det udvalg, de hører under.",
    (
        Column("department", "Afdelingskode", Kind.DEPARTMENT, "Kort kode med store bogstaver, "
               "fx BESK, SOC, SUND, UNGE.", unique=True, width=15),
        Column("name", "Navn", Kind.TEXT, "Afdelingens navn.", width=34),
        Column("committee", "Udvalg", Kind.TEXT, "Det politiske udvalg afdelingen hører under.",
               width=30),
    ),
)  # fmt: skip

BUDGET = Sheet(
    "budget", "Budget", "oekonomi",
    "Budget pr. år, afdeling og konto (autoriseret kontoplan). Tillægsbevillinger må stå i "
    "hver sin række.",
    (
        Column("year", "År", Kind.INT, "Budgetår.", minimum=2000, maximum=2100, width=8),
        Column("department", "Afdeling", Kind.DEPARTMENT, "Afdelingskode.",
               references=("departments", "department"), width=12),
        Column("account", "Konto", Kind.TEXT, "Kontonummer i den autoriserede kontoplan, "
               "fx 5.68.98.", width=12),
        Column("account_name", "Kontonavn", Kind.TEXT, "Kontoens navn.", width=40),
        Column("budget_kind", "Budgettype", Kind.CODE, "Oprindeligt eller korrigeret budget.",
               codes=BUDGET_KIND, width=14),
        Column("amount", "Beløb (kr.)", Kind.NUMBER, "Budgetbeløb i kroner.", width=16),
    ),
    unique_together=("year", "department", "account", "budget_kind"),
    additive=("amount",),
)  # fmt: skip

ACTUALS = Sheet(
    "actuals", "Regnskab", "oekonomi",
    "Bogført forbrug pr. måned, afdeling og konto; hver postering må stå i sin egen række.",
    (
        Column("year", "År", Kind.INT, "Regnskabsår.", minimum=2000, maximum=2100, width=8),
        Column("month", "Måned", Kind.INT, "Måned (1-12).", minimum=1, maximum=12, width=8),
        Column("department", "Afdeling", Kind.DEPARTMENT, "Afdelingskode.",
               references=("departments", "department"), width=12),
        Column("account", "Konto", Kind.TEXT, "Kontonummer i den autoriserede kontoplan.",
               width=12),
        Column("amount", "Beløb (kr.)", Kind.NUMBER, "Bogført beløb i kroner.", width=16),
    ),
    unique_together=("year", "month", "department", "account"),
    additive=("amount",),
)  # fmt: skip

PRICES = Sheet(
    "prices", "Takster", "oekonomi",
    "Takster (enhedspriser) pr. indsatstype med gyldighedsperiode.",
    (
        Column("intervention_type", "Indsatstype", Kind.INTERVENTION_TYPE, "Kode for "
               "indsatstypen (små bogstaver, fx mentor).", width=22),
        Column("name", "Navn", Kind.TEXT, "Indsatstypens navn.", width=34),
        Column("department", "Afdeling", Kind.DEPARTMENT, "Afdelingen der normalt leverer "
               "indsatsen.", references=("departments", "department"), width=12),
        Column("unit", "Enhed", Kind.CODE, "Hvad prisen gælder for.", codes=PRICE_UNIT,
               width=10),
        Column("price", "Pris (kr.)", Kind.NUMBER, "Pris pr. enhed i kroner.", minimum=0,
               width=12),
        Column("valid_from", "Gyldig fra", Kind.DATE, "Første dag prisen gælder.", width=12),
        Column("valid_to", "Gyldig til", Kind.DATE, "Sidste dag prisen gælder (tom: indtil "
               "videre).", required=False, width=12),
    ),
    not_before=(NotBefore("valid_to", "valid_from"),),
)  # fmt: skip

HOURLY_RATES = Sheet(
    "hourly_rates", "Timesatser", "oekonomi",
    "Timeløn inkl. overhead for medarbejdernes tid på rehabiliteringsteamets møder.",
    (
        Column("department", "Afdeling", Kind.DEPARTMENT, "Afdelingskode.", unique=True,
               references=("departments", "department"), width=12),
        Column("hourly_rate", "Timesats (kr.)", Kind.NUMBER, "Kroner pr. medarbejdertime.",
               minimum=0, exclusive_minimum=True, width=15),
    ),
)  # fmt: skip

REFUND_LADDER = Sheet(
    "refund_ladder", "Refusion", "oekonomi",
    "Refusionstrappen: statens refusion efter antal uger med ydelse, talt sammen på tværs af "
    "ydelser; tællingen starter forfra efter 52 ugers selvforsørgelse inden for 3 år. "
    "Standard: lov om kommunernes finansiering af visse offentlige ydelser § 5 "
    "(80/40/30/20 %).",
    (
        Column("from_week", "Fra uge", Kind.INT, "Første uge i trinnet.", minimum=1, width=10),
        Column("to_week", "Til uge", Kind.INT, "Sidste uge i trinnet (tom: ingen øvre "
               "grænse).", required=False, minimum=1, width=10),
        Column("refund_pct", "Refusionsprocent", Kind.NUMBER, "Statens refusion i procent "
               "(0-100).", minimum=0, maximum=100, width=17),
    ),
    default_rows=((1, 4, 80), (5, 26, 40), (27, 52, 30), (53, None, 20)),
)  # fmt: skip


def _scenario_ref(description: str = "Scenariet rækken hører til; skal findes i arket "
                  "Scenarier.", *, required: bool = True) -> Column:  # fmt: skip
    return Column("scenario_id", "Scenarie-ID", Kind.TEXT, description, required=required,
                  references=("scenarios", "scenario_id"), width=13)  # fmt: skip


def _year(name: str, header: str, description: str, *, required: bool = True) -> Column:
    return Column(name, header, Kind.INT, description, required=required, minimum=2000,
                  maximum=2100, width=10)  # fmt: skip


_DEPARTMENTS_REF = ("departments", "department")
_PRICES_REF = ("prices", "intervention_type")

SCENARIOS = Sheet(
    "scenarios", "Scenarier", "scenarier",
    "Én række pr. scenarie: hvad det hedder, hvilke år det dækker, hvordan beløbene "
    "diskonteres, og hvilket års priser de beløb, der er skrevet i projektmappen, er i.",
    (
        Column("scenario_id", "Scenarie-ID", Kind.TEXT, "Kort, entydigt ID for scenariet, "
               "fx S1.", unique=True, width=13),
        Column("name", "Navn", Kind.TEXT, "Scenariets navn, som det vises på siderne.",
               width=44),
        Column("description", "Beskrivelse", Kind.TEXT, "Hvad scenariet går ud på, med "
               "egne ord.", required=False, width=50),
        _year("first_year", "Første år", "Scenariets første år (åååå)."),
        Column("horizon_years", "Horisont (år)", Kind.INT, "Antal år scenariet regnes over, "
               "fra og med første år.", required=False, minimum=1, maximum=10, default=5,
               width=13),
        Column("discount_rate_pct", "Diskonteringsrente (%)", Kind.NUMBER, "Årlig "
               "diskonteringsrente i procent; standard er Finansministeriets "
               "samfundsøkonomiske diskonteringsrente på 3,5 %, som har gældt siden 2021.",
               required=False, minimum=0, maximum=20, default=3.5, width=21),
        _year("price_level_year", "Prisniveau (år)", "Året hvis priser de beløb, der er "
              "skrevet i projektmappen, er opgjort i; de omregnes med Prisindeks til "
              "resultaternes prisniveau, og tom betyder, at de allerede er i resultaternes "
              "prisniveau.", required=False),
        Column("baseline_trend", "Basisfremskrivning", Kind.CODE, "Om basisforløbet "
               "fremskrives med de seneste års tendens eller holdes på basisårets niveau.",
               required=False, codes=BASELINE_TREND, default="tendens", width=19),
    ),
)  # fmt: skip

REALLOCATIONS = Sheet(
    "reallocations", "Omplaceringer", "scenarier",
    "Budget der flyttes mellem afdelinger i et scenarie: én række pr. år og flytning.",
    (
        _scenario_ref(),
        _year("year", "År", "Året beløbet flyttes; skal ligge inden for scenariets horisont."),
        Column("from_department", "Fra afdeling", Kind.DEPARTMENT, "Afdelingen der afgiver "
               "budget; skal findes i Afdelinger i oekonomi.xlsx.",
               references=_DEPARTMENTS_REF, width=13),
        Column("to_department", "Til afdeling", Kind.DEPARTMENT, "Afdelingen der modtager "
               "budget; skal findes i Afdelinger i oekonomi.xlsx.",
               references=_DEPARTMENTS_REF, width=13),
        Column("amount", "Beløb (kr.)", Kind.NUMBER, "Beløbet der flyttes i kroner (over 0).",
               minimum=0, exclusive_minimum=True, width=14),
        Column("purpose", "Formål", Kind.TEXT, "Hvad de flyttede penge skal bruges til.",
               required=False, width=40),
    ),
    optional=True,
)  # fmt: skip

VOLUME_CHANGES = Sheet(
    "volume_changes", "Volumenændringer", "scenarier",
    "Flere eller færre borgere i en ordning eller en indsatstype fra et givet år: udfyld "
    "enten Ordning eller Indsatstype og enten Ændring (personer) eller Ændring (%).",
    (
        _scenario_ref(),
        Column("scheme", "Ordning", Kind.CODE, "Ordningen hvor antallet af borgere ændres "
               "(tom, hvis ændringen gælder en indsatstype).", required=False, codes=SCHEME,
               width=18),
        Column("intervention_type", "Indsatstype", Kind.INTERVENTION_TYPE, "Indsatstypen hvor "
               "antallet af modtagere ændres (tom, hvis ændringen gælder en ordning); skal "
               "findes i Takster i oekonomi.xlsx.", required=False, references=_PRICES_REF,
               width=22),
        Column("change_persons", "Ændring (personer)", Kind.NUMBER, "Ændringen i antal "
               "personer (på samme tid eller nye pr. år, efter Type); minus betyder færre.",
               required=False, width=18),
        Column("change_pct", "Ændring (%)", Kind.NUMBER, "Ændringen i procent af basisårets "
               "antal personer; minus betyder færre.", required=False, minimum=-100,
               width=12),
        _year("from_year", "Fra år", "Første år med ændringen; den gælder til horisontens "
              "slut."),
        Column("note", "Bemærkning", Kind.TEXT, "Fri tekst til forklaring af ændringen.",
               required=False, width=40),
        Column("replaces_benefit", "I stedet for ydelse", Kind.CODE, "Kun for en ordning: "
               "den ydelse borgerne ellers ville have fået (fx kontanthjælp); den spares, "
               "netto efter refusion.", required=False, codes=BENEFIT, width=22),
        Column("kind", "Type", Kind.CODE, "Om ændringen er en bestand (personer på samme "
               "tid) eller en tilgang (nye personer pr. år, der bliver i ordningens "
               "gennemsnitlige forløbsvarighed); tom betyder bestand.", required=False,
               codes=VOLUME_KIND, width=30),
        Column("capacity", "Pladser", Kind.NUMBER, "Højst så mange personer på samme tid, "
               "så bestanden aldrig giver flere personår om året end pladserne; tom betyder "
               "ingen grænse.", required=False, minimum=0, exclusive_minimum=True, width=10),
    ),
    optional=True,
)  # fmt: skip

INVESTMENTS = Sheet(
    "investments", "Investeringer", "scenarier",
    "Ekstra indsatser et scenarie køber: personer pr. år, opstartsudgift og driftsudgift.",
    (
        _scenario_ref(),
        Column("intervention_type", "Indsatstype", Kind.INTERVENTION_TYPE, "Indsatstypen der "
               "investeres i; skal findes i Takster i oekonomi.xlsx.",
               references=_PRICES_REF, width=22),
        Column("extra_persons", "Ekstra personer pr. år", Kind.NUMBER, "Antal ekstra "
               "helårspladser i indsatsen hvert år (30 borgere i et halvt år er 15).",
               minimum=0, width=20),
        Column("startup_cost", "Opstartsudgift (kr.)", Kind.NUMBER, "Engangsudgift i "
               "kroner i det første år med investeringen.", required=False, minimum=0,
               default=0, width=19),
        Column("running_cost_per_person", "Driftsudgift pr. person pr. år (kr.)", Kind.NUMBER,
               "Driftsudgift i kroner pr. helårsperson (én person i indsatsen et helt år); tom "
               "betyder, at den beregnes ud fra registeret og Takster.", required=False,
               minimum=0, width=32),
        Column("paying_department", "Betalende afdeling", Kind.DEPARTMENT, "Afdelingen der "
               "betaler; tom betyder indsatstypens afdeling i Takster.", required=False,
               references=_DEPARTMENTS_REF, width=18),
        Column("from_year", "Fra år", Kind.INT, "Første år med investeringen; tom betyder "
               "scenariets første år.", required=False, width=10),
        Column("to_year", "Til år", Kind.INT, "Sidste år med investeringen; tom betyder "
               "horisontens sidste år.", required=False, width=10),
        Column("note", "Bemærkning", Kind.TEXT, "Fri tekst til forklaring af investeringen.",
               required=False, width=40),
    ),
    optional=True,
)  # fmt: skip

EFFECTS = Sheet(
    "effects", "Effekter", "scenarier",
    "Den virkning et scenarie forventes at have på en målgruppe: udfald, størrelse, "
    "forsinkelse, varighed, hvor borgerne går hen, hvor længe virkningen holder, dødvægt og "
    "kilden til antagelsen.",
    (
        _scenario_ref(),
        Column("scheme", "Ordning", Kind.CODE, "Målgruppens ordning.", codes=SCHEME,
               width=18),
        Column("support_at_entry", "Forsørgelse ved start", Kind.CODE, "Målgruppens "
               "forsørgelse ved start; tom betyder alle i ordningen.", required=False,
               codes=SUPPORT_AT_ENTRY, width=22),
        Column("outcome", "Udfald", Kind.CODE, "Hvad effekten ændrer; enheden for Størrelse "
               "står i parentes ved koden.", codes=SCENARIO_OUTCOME, width=24),
        Column("size", "Størrelse", Kind.NUMBER, "Effektens størrelse i udfaldets enhed "
               "(procentpoint, måneder eller dage).", minimum=0, width=11),
        Column("delay_years", "Forsinkelse (år)", Kind.INT, "Antal år fra scenariets første "
               "år, til effekten begynder.", required=False, minimum=0, default=0, width=16),
        Column("duration_years", "Varighed (år)", Kind.NUMBER, "Hvor mange år effekten "
               "varer; tom betyder til horisontens slut.", required=False, minimum=0,
               exclusive_minimum=True, width=13),
        Column("persons", "Personer pr. år", Kind.NUMBER, "Antal personer effekten gælder "
               "hvert år; tom betyder målgruppens personer i basisåret.", required=False,
               minimum=0, width=15),
        Column("source", "Kilde", Kind.TEXT, "Hvor antagelsen kommer fra, fx en evaluering "
               "eller kommunens eget skøn.", required=False, width=50),
        Column("destination", "Afgang til", Kind.CODE, "Hvor borgerne går hen fra ordningen; "
               "tom betyder job eller uddannelse for flere afgange og basisårets afgange fra "
               "ordningen for kortere forløb og færre ventedage.", required=False,
               codes=SCENARIO_DESTINATION, width=30),
        Column("persistence_years", "Virkning pr. person (år)", Kind.NUMBER, "Kun for flere "
               "afgange: hvor mange år én afgang holder borgeren ude af ordningen; tom betyder "
               "1 år.", required=False, minimum=0, exclusive_minimum=True, width=22),
        Column("deadweight_pct", "Dødvægt (%)", Kind.NUMBER, "Den del af effekten i procent, "
               "der ville være sket alligevel (0-100); tom betyder 0 %.", required=False,
               minimum=0, maximum=100, width=12),
    ),
    optional=True,
    blank_unless=(
        BlankUnless("persistence_years", "outcome", ("afgang_arbejde",), "Virkning pr. person "
                    "bruges kun for flere afgange til arbejde eller uddannelse og ignoreres "
                    "her."),
    ),
)  # fmt: skip

CONSEQUENCE_PRICES = Sheet(
    "consequence_prices", "Konsekvenspriser", "scenarier",
    "Hvad ét personår mindre i en ordning er værd for en kasse og en afdeling; rækkerne "
    "erstatter de beregnede standardpriser for udfaldet og ordningen.",
    (
        _scenario_ref("Scenariet prisen gælder for; tom betyder alle scenarier i "
                      "projektmappen.", required=False),
        Column("outcome", "Udfald", Kind.CODE, "Udfaldet prisen gælder for.",
               codes=SCENARIO_OUTCOME, width=24),
        Column("scheme", "Ordning", Kind.CODE, "Ordningen prisen gælder for.", codes=SCHEME,
               width=18),
        Column("department", "Afdeling", Kind.DEPARTMENT, "Kommunens afdeling der får "
               "gevinsten eller udgiften; skal findes i Afdelinger i oekonomi.xlsx.",
               required=False, references=_DEPARTMENTS_REF, width=12),
        Column("purse", "Kasse", Kind.CODE, "Den offentlige kasse der får gevinsten eller "
               "udgiften.", codes=PURSE, width=11),
        Column("amount", "Beløb pr. person pr. år (kr.)", Kind.NUMBER, "Beløb i kroner pr. "
               "sparet personår; plus er en besparelse, minus en merudgift.", width=28),
        Column("source", "Kilde", Kind.TEXT, "Hvor prisen kommer fra, fx en evaluering eller "
               "kommunens eget skøn.", required=False, width=50),
    ),
    optional=True,
    unique_together=("scenario_id", "outcome", "scheme", "department", "purse"),
    required_when=(
        RequiredWhen("department", "purse", ("kommune",), "Afdeling skal udfyldes, når "
                     "kassen er kommunen."),
    ),
    blank_unless=(
        BlankUnless("department", "purse", ("kommune",), "Afdeling bruges kun, når kassen "
                    "er kommunen, og ignoreres her."),
    ),
)  # fmt: skip

UNCERTAINTY = Sheet(
    "uncertainty", "Usikkerhed", "scenarier",
    "Hvor lavt og højt en antagelse kan ligge, i procent af den forventede værdi; en "
    "antagelse uden række varierer 25 % til hver side (75 og 125). Lav skal være højst 100 og "
    "høj mindst 100, så den forventede værdi ligger mellem dem.",
    (
        _scenario_ref("Scenariet antagelsen gælder for; tom betyder alle scenarier i "
                      "projektmappen, der ikke har deres egen række for antagelsen.",
                      required=False),
        Column("parameter", "Antagelse", Kind.CODE, "Den antagelse, rækken giver et spænd "
               "for.", codes=SCENARIO_PARAMETER, width=24),
        Column("low_pct", "Lav (% af forventet)", Kind.NUMBER, "Den lave værdi i procent af "
               "den forventede (0-100); tom betyder 75.", required=False, minimum=0,
               width=20),
        Column("high_pct", "Høj (% af forventet)", Kind.NUMBER, "Den høje værdi i procent af "
               "den forventede (100 eller mere); tom betyder 125.", required=False, minimum=0,
               width=20),
        Column("source", "Kilde", Kind.TEXT, "Hvor spændet kommer fra, fx en evaluering eller "
               "kommunens eget skøn.", required=False, width=50),
    ),
    optional=True,
    unique_together=("scenario_id", "parameter"),
)  # fmt: skip

PRICE_INDEX = Sheet(
    "price_index", "Prisindeks", "scenarier",
    "Prisindeks til omregning mellem års prisniveauer; rækkerne gælder alle scenarier i "
    "projektmappen og erstatter den medfølgende standardserie år for år.",
    (
        Column("year", "År", Kind.INT, "Året indekset gælder for (åååå).", unique=True,
               minimum=2000, maximum=2100, width=10),
        Column("index", "Indeks", Kind.NUMBER, "Prisindeksets værdi for året (over 0); kun "
               "forholdet mellem årene bruges.", minimum=0, exclusive_minimum=True, width=10),
        Column("source", "Kilde", Kind.TEXT, "Hvor indekset kommer fra, fx en pris- og "
               "lønfremskrivning fra KL eller Danmarks Statistik.", required=False, width=50),
    ),
    optional=True,
)  # fmt: skip

MUNICIPALITY = Sheet(
    "municipality", "Kommune", "oekonomi",
    "Kommunens navn og nummer, som de står i notaterne til udvalgene.",
    (
        Column("name", "Kommunenavn", Kind.TEXT, "Kommunens navn, fx Esbjerg Kommune.",
               width=30),
        Column("code", "Kommunenummer", Kind.TEXT, "Kommunenummeret med tre cifre som i "
               "Danmarks Statistiks liste, fx 101 for København.", required=False, width=16),
    ),
    optional=True,
    single_row=True,
)  # fmt: skip

MUNICIPALITY_CODE_PATTERN = r"\d{3}"


def _targets_by(dimension: str) -> str:
    return ", ".join(t.label for t in TARGET_INDICATORS.values() if dimension in t.dimensions)


TARGETS = Sheet(
    "targets", "Måltal", "oekonomi",
    "De mål kommunen har sat for indikatorerne: én række pr. mål. Notaterne til udvalgene "
    "holder tallene op mod målene; for en indikator uden mål står der «ingen mål sat».",
    (
        Column("indicator", "Indikator", Kind.CODE, "Indikatorens navn som i "
               "indikatorkataloget, fx Ventetid til indsats (median).",
               codes=TARGET_INDICATOR, width=40),
        Column("department", "Afdeling", Kind.DEPARTMENT, "Afdelingen målet gælder; tom "
               "betyder hele kommunen. Kun for indikatorer, der opgøres pr. afdeling: "
               f"{_targets_by('department')}.", required=False, references=_DEPARTMENTS_REF,
               width=12),
        Column("scheme", "Ordning", Kind.CODE, "Ordningen målet gælder; tom betyder alle "
               "ordninger. Kun for indikatorer, der opgøres pr. ordning: "
               f"{_targets_by('scheme')}.", required=False, codes=SCHEME, width=18),
        _year("year", "År", "Året målet gælder; tom betyder alle år.", required=False),
        Column("target", "Mål", Kind.NUMBER, "Målets værdi i indikatorens enhed (dage, %, "
               "kr. osv. som i indikatorkataloget); procent skrives som tal, fx 50 for 50 %.",
               minimum=0, width=10),
        Column("direction", "Retning", Kind.CODE, "Højst: værdien skal være målet eller "
               "lavere (fx ventetid); mindst: målet eller højere.", codes=TARGET_DIRECTION,
               width=10),
        Column("note", "Begrundelse", Kind.TEXT, "Hvor målet kommer fra, fx Politisk "
               "vedtaget mål i budget 2026.", required=False, width=44),
    ),
    optional=True,
    unique_together=("indicator", "department", "scheme", "year"),
    blank_is_key=True,
)  # fmt: skip

COMPARISON_GROUP = Sheet(
    "comparison_group", "Sammenligningskommuner", "oekonomi",
    "De kommuner, kommunen sammenligner sig med i Jobindsats' tal: én række pr. kommune. "
    "Hele landet er altid med; arket kan udelades.",
    (
        Column("name", "Kommunenavn", Kind.TEXT, "Kommunens navn som i Jobindsats, fx "
               "Vejle (»Kommune« må stå bagefter).", unique=True, width=30),
        Column("code", "Kommunenummer", Kind.TEXT, "Kommunenummeret med tre cifre som i "
               "Danmarks Statistiks liste, fx 630 for Vejle.", required=False, width=16),
    ),
    optional=True,
)  # fmt: skip


def _area_columns() -> tuple[Column, ...]:
    return (
        Column("area", "Område", Kind.TEXT, "Området som udgiveren skriver det, fx Vejle "
               "eller Hele landet.", width=24),
        Column("area_code", "Områdekode", Kind.TEXT, "Kommunenummeret med tre cifre; 000 "
               "for hele landet; tom når udgiveren ikke angiver det og navnet ikke kendes.",
               required=False, width=12),
    )  # fmt: skip


def _period_columns() -> tuple[Column, ...]:
    return (
        Column("period", "Periode", Kind.TEXT, "Perioden som Tværblik skriver den: 2024-03 "
               "(måned), 2024-Q1 (kvartal) eller 2024 (år); Jobindsats' 2024M03, 2024K1 og "
               "2024Q1 og Statistikbankens 2024K1 læses om.", width=10),
        Column("period_kind", "Periodetype", Kind.CODE, "Måned, kvartal eller år.",
               codes=PERIOD_KIND, width=10),
    )  # fmt: skip


JOBINDSATS = Sheet(
    "jobindsats", "Jobindsats", "national",
    "Jobindsats' tal for ordningerne pr. område og periode, som STAR offentliggør dem.",
    (
        Column("table_id", "Tabel", Kind.TEXT, "Jobindsats' tabel, fx Y11A02.", width=8),
        Column("scheme", "Ordning", Kind.CODE, "Ordningen tabellen opgør.",
               codes=NATIONAL_SCHEME, width=18),
        Column("measure", "Måletal", Kind.CODE, "Antal personer eller antal fuldtidspersoner.",
               codes=NATIONAL_MEASURE, width=22),
        *_area_columns(),
        *_period_columns(),
        Column("value", "Værdi", Kind.NUMBER, "Tallet; tomt når udgiveren har sat et tegn i "
               "stedet.", required=False, width=10),
        Column("mark", "Tegn", Kind.TEXT, "Udgiverens eget tegn i stedet for et tal (fx .. "
               "for diskretioneret), uændret.", required=False, width=6),
    ),
    unique_together=("table_id", "measure", "area", "period"),
)  # fmt: skip

BENCHMARK = Sheet(
    "benchmark", "Benchmark", "national",
    "Beskæftigelsesministeriets benchmark (Jobindsats Y30R21): kommunens faktiske niveau mod "
    "det niveau, rammevilkårene forventer, og placeringen blandt kommunerne.",
    (
        *_area_columns(),
        *_period_columns(),
        Column("group", "Gruppe", Kind.TEXT, "Den ydelsesgruppe, benchmarken gælder, som "
               "udgiveren skriver den.", width=30),
        Column("expected", "Forventet", Kind.NUMBER, "Forventet niveau.", required=False,
               width=10),
        Column("actual", "Faktisk", Kind.NUMBER, "Faktisk niveau.", required=False, width=10),
        Column("difference", "Forskel", Kind.NUMBER, "Forskellen mellem forventet og faktisk "
               "niveau, som udgiveren opgør den.", required=False, width=10),
        Column("rank", "Placering", Kind.INT, "Placeringen blandt kommunerne (1 er bedst).",
               required=False, width=10),
        Column("mark", "Tegn", Kind.TEXT, "Udgiverens eget tegn i stedet for et tal.",
               required=False, width=6),
    ),
    unique_together=("area", "period", "group"),
)  # fmt: skip

POPULATION = Sheet(
    "population", "Befolkning", "national",
    "Indbyggere på 16-66 år pr. område og periode (Statistikbanken FOLK1A: befolkningen den "
    "1. i kvartalet).",
    (
        *_area_columns(),
        *_period_columns(),
        Column("persons_16_66", "Indbyggere 16-66 år", Kind.INT, "Antal indbyggere på 16-66 år.",
               minimum=0, width=12),
    ),
    unique_together=("area", "period"),
)  # fmt: skip

REGISTER = Workbook(
    "register", "register.xlsx", "Register",
    "Borgere, forløb, møder i rehabiliteringsteamet, sager, indsatser, mål, progression, "
    "ydelser og status efter forløb.",
    (CITIZENS, COURSES, MEETINGS, CASES, INTERVENTIONS, GOALS, PROGRESSION, BENEFITS,
     STATUS_AFTER),
)  # fmt: skip
ECONOMY = Workbook(
    "oekonomi", "oekonomi.xlsx", "Økonomi",
    "Afdelinger, budget, regnskab, takster, timesatser, refusionstrappe, kommunens navn, "
    "kommunens mål og de kommuner, den sammenligner sig med.",
    (DEPARTMENTS, BUDGET, ACTUALS, PRICES, HOURLY_RATES, REFUND_LADDER, MUNICIPALITY, TARGETS,
     COMPARISON_GROUP),
)  # fmt: skip

SCENARIO_BOOK = Workbook(
    "scenarier", "scenarier.xlsx", "Scenarier",
    "Scenarier for flytning af budget mellem afdelinger og investering i indsatser: "
    "omplaceringer, volumenændringer, investeringer, forventede effekter, konsekvenspriser, "
    "usikkerhed og prisindeks.",
    (SCENARIOS, REALLOCATIONS, VOLUME_CHANGES, INVESTMENTS, EFFECTS, CONSEQUENCE_PRICES,
     UNCERTAINTY, PRICE_INDEX),
)  # fmt: skip

# Not a workbook a controller fills in: the canonical tables that the published national
# files (Jobindsats' downloads and API, Statistikbanken's FOLK1A) are read into
# (toolkit/published/). Stored as the version's part «national».
NATIONAL = Workbook(
    "national", "", "Nationale tal",
    "Jobindsats' tal for ordningerne, Beskæftigelsesministeriets benchmark og befolkningen "
    "16-66 år fra Statistikbanken.",
    (JOBINDSATS, BENCHMARK, POPULATION),
)  # fmt: skip

WORKBOOKS: dict[str, Workbook] = {
    REGISTER.kind: REGISTER,
    ECONOMY.kind: ECONOMY,
    SCENARIO_BOOK.kind: SCENARIO_BOOK,
}

# Sheets any workbook may carry that the reader skips without a warning.
INSTRUCTION_SHEETS = ("Vejledning", "Koder")


def all_sheets() -> Iterator[Sheet]:
    for workbook in WORKBOOKS.values():
        yield from workbook.sheets


def sheet(table: str) -> Sheet:
    """A table of a workbook or of the published national files."""
    for candidate in (*all_sheets(), *NATIONAL.sheets):
        if candidate.table == table:
            return candidate
    raise KeyError(table)


def stored_columns(sheet_: Sheet) -> tuple[str, ...]:
    """The columns a stored table has: CPR and staff initials become pseudonyms."""
    names = []
    for col in sheet_.columns:
        if col.kind is Kind.CPR:
            names.append("person_id")
        elif col.kind is Kind.STAFF:
            names.append(f"{col.name}_id")
        else:
            names.append(col.name)
    return tuple(names)
