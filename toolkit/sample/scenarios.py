"""Three scenarios for Eksempel Kommune, as a controller would type them into scenarier.xlsx.

The as-of date is 31 October 2026, so the base year is 2025 and the scenarios start in
2027 (the budget year being planned) with a five-year horizon and the Finance Ministry's
discount rate of 3,5 %. Each assumption names its source by the document's title and
publisher (the seeds in ``shared/seeds``: evaluations of the 2013 reform of førtidspension
and fleksjob, and a municipality's notes on a holistic effort) where it describes the
problem, and the municipality's own estimate for the size of an effect, which no evaluation
gives.

1. **S1** moves budget from employment (BESK) to social services (SOC) to buy more support
   contact persons (SEL § 85), whose waiting time holds up resource courses (seed 004).
2. **S2** lets 25 more recipients of kontanthjælp a year into a resource course (seed 002:
   they are rarely let in), an inflow that builds a stock over the course's duration, and
   expects more of them to leave for work or education.
3. **S3** runs a mentor and a health-sector coping course in parallel rather than one after
   the other (seeds 002 and 003), with a small gain for the region too.

Each scenario widens or narrows the range of the one assumption the municipality has a view
on (Usikkerhed); the others keep the derived ±25 %. Prices are typed in the results' price
level (Prisniveau blank) and the shipped price index is used (no Prisindeks rows).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from toolkit import schema
from toolkit.register import column_dtype

FIRST_YEAR = 2027
HORIZON_YEARS = 5
DISCOUNT_RATE_PCT = 3.5
YEARS = tuple(range(FIRST_YEAR, FIRST_YEAR + HORIZON_YEARS))

# The source documents by title and publisher, as a department head would look them up (the
# seed files in shared/seeds are these documents); never the seed's number.
SEED_002 = (
    "Mploy: Status på kommunernes implementering af førtidspensions- og fleksjobreformen, "
    "evaluering 2013"
)
SEED_003 = (
    "Københavns Kommune: Elementer i helhedsorienteret indsats, bilag 2 til Beskæftigelses- og "
    "Integrationsudvalget og Sundheds- og Omsorgsudvalget, 2021"
)
SEED_004 = (
    "COWI: evaluering af ressourceforløb og de koordinerende sagsbehandlere, afsnittet "
    "«Koordinering med øvrige forvaltninger»"
)
OWN_ESTIMATE = "antagelse sat af kommunen"

_SCENARIOS = [
    ("S1", "Flere støttekontaktpersoner (SEL § 85)",
     "Budget flyttes fra Beskæftigelse til Socialafdelingen, så borgere i ressourceforløb "
     "får en støttekontaktperson uden lang ventetid.",
     FIRST_YEAR, HORIZON_YEARS, DISCOUNT_RATE_PCT, None, "tendens"),
    ("S2", "Ressourceforløb for flere kontanthjælpsmodtagere",
     "25 flere kontanthjælpsmodtagere om året får et ressourceforløb i stedet for at blive "
     "på kontanthjælp.",
     FIRST_YEAR, HORIZON_YEARS, DISCOUNT_RATE_PCT, None, "tendens"),
    ("S3", "Parallel mentor- og sundhedsindsats",
     "Borgere i ressourceforløb får mentor og mestringsforløb på samme tid i stedet for "
     "efter hinanden.",
     FIRST_YEAR, HORIZON_YEARS, DISCOUNT_RATE_PCT, None, "tendens"),
]  # fmt: skip

_REALLOCATIONS = [
    ("S1", year, "BESK", "SOC", 1_800_000.0,
     "Flere støttekontaktpersoner (SEL § 85) til borgere i ressourceforløb")
    for year in YEARS
]  # fmt: skip

_VOLUME_CHANGES = [
    ("S2", "ressourceforloeb", None, 25.0, None, FIRST_YEAR,
     "25 kontanthjælpsmodtagere om året visiteres til ressourceforløb", "kontanthjaelp",
     "tilgang", None),
]  # fmt: skip

# «Ekstra personer pr. år» are full-year places: the register's recipients had a support
# contact person for half a year on average, a mentor for a third and a coping course for a
# fifth (person-years ÷ recipients in 2025), so 30, 40 and 40 citizens a year need 15, 13
# and 8 places.
_INVESTMENTS = [
    ("S1", "stoettekontaktperson", 15.0, None, None, "SOC", None, None,
     "30 borgere om året i et halvt år = 15 helårspladser; driftsudgiften pr. helårsperson "
     "beregnes ud fra registeret"),
    ("S3", "mentor", 13.0, None, None, "BESK", None, None,
     "Mentor fra første uge i forløbet: 40 borgere om året i en tredjedel af året = 13 "
     "helårspladser"),
    ("S3", "mestringsforloeb", 8.0, 300_000.0, None, "SUND", None, None,
     "Opstart: uddannelse af behandlere og fælles visitation med Jobcentret; 40 borgere om "
     "året i en femtedel af året = 8 helårspladser"),
]  # fmt: skip

_EFFECTS = [
    ("S1", "ressourceforloeb", None, "faerre_ventedage", 45.0, 1, None, 60.0,
     f"{SEED_004}: der er ofte ventetid på § 85, og nogle kommuner har ikke nok "
     f"støttekontaktpersoner; 45 dage kortere ventetid for de 60 borgere om året, der venter, "
     f"fra andet år (når de nye medarbejdere er ansat), er en {OWN_ESTIMATE}"),
    ("S1", "ressourceforloeb", None, "kortere_forloeb", 2.0, 1, None, 60.0,
     f"{SEED_004}: ventetid på tilbud er en barriere for et godt ressourceforløb; "
     f"2 måneder kortere forløb for de samme 60 borgere fra andet år er en {OWN_ESTIMATE}"),
    ("S2", "ressourceforloeb", "kontanthjaelp", "afgang_arbejde", 12.0, 2, None, 25.0,
     f"{SEED_002}: kontanthjælpsmodtagerne lukkes ikke ind i ressourceforløb; "
     f"12 procentpoint flere afgange fra tredje år er en {OWN_ESTIMATE}"),
    ("S3", "ressourceforloeb", None, "afgang_arbejde", 8.0, 1, 4.0, 40.0,
     f"{SEED_002} og {SEED_003}: parallelle og kombinerede indsatser fra flere "
     f"forvaltninger; 8 procentpoint flere afgange i fire år er en {OWN_ESTIMATE}"),
    ("S3", "ressourceforloeb", None, "kortere_forloeb", 3.0, 1, None, 40.0,
     f"{SEED_003}: indsatser på samme tid i stedet for efter hinanden; 3 måneder kortere "
     f"forløb fra andet år er en {OWN_ESTIMATE}"),
]  # fmt: skip

_NET_BENEFIT = (
    "Kommunens antagelse: ressourceforløbsydelse og kontanthjælp netto efter refusion plus "
    "sparede indsatser pr. personår (økonomiafdelingen)"
)
_STATE_REFUND = "Kommunens antagelse: statens sparede refusion og ydelser pr. personår"
_REGION = (
    f"{SEED_003}: sundhedsindsatsen i kommunen; færre kontakter til hospital og "
    "praktiserende læge, 8.000 kr. pr. personår er en antagelse sat af kommunen"
)
_CONSEQUENCE_PRICES = [
    ("S2", "afgang_arbejde", "ressourceforloeb", "BESK", "kommune", 160_000.0, _NET_BENEFIT),
    ("S2", "afgang_arbejde", "ressourceforloeb", None, "stat", 60_000.0, _STATE_REFUND),
    ("S3", "afgang_arbejde", "ressourceforloeb", "BESK", "kommune", 160_000.0, _NET_BENEFIT),
    ("S3", "afgang_arbejde", "ressourceforloeb", None, "stat", 60_000.0, _STATE_REFUND),
    ("S3", "afgang_arbejde", "ressourceforloeb", None, "region", 8_000.0, _REGION),
]

# One range per scenario, where the municipality has a view; blank cells are ±25 %.
_UNCERTAINTY = [
    ("S1", "effekt_stoerrelse", 50.0, 150.0,
     f"{SEED_004} beskriver ventetiden på § 85, men ikke hvor meget den falder med flere "
     f"støttekontaktpersoner; et bredere spænd end ±25 % er en {OWN_ESTIMATE}"),
    ("S2", "personer", 60.0, 100.0,
     "Kommunen visiterer selv de 25 om året; flere bliver det ikke, men færre kan vise sig at "
     f"have brug for et ressourceforløb; spændet er en {OWN_ESTIMATE}"),
    ("S3", "indsatsudgift", None, 150.0,
     f"{SEED_003}: en helhedsorienteret indsats kræver koordinering mellem forvaltningerne, "
     f"som kan koste mere end mentor og mestringsforløb hver for sig; {OWN_ESTIMATE}"),
]  # fmt: skip

_ROWS: dict[str, Sequence[Sequence[object]]] = {
    "scenarios": _SCENARIOS,
    "reallocations": _REALLOCATIONS,
    "volume_changes": _VOLUME_CHANGES,
    "investments": _INVESTMENTS,
    "effects": _EFFECTS,
    "consequence_prices": _CONSEQUENCE_PRICES,
    "uncertainty": _UNCERTAINTY,
    "price_index": [],
}


def scenario_tables() -> dict[str, pd.DataFrame]:
    """The scenario workbook's tables, keyed by schema table name: the schema's columns, in
    order, with the dtypes of their kind (blank cells missing, as a controller leaves them)."""
    tables = {}
    for sheet in schema.SCENARIO_BOOK.sheets:
        width = len(sheet.columns)  # columns added later stay blank in the rows above
        rows = [(*row, *(None,) * (width - len(row))) for row in _ROWS[sheet.table]]
        frame = pd.DataFrame(rows, columns=list(sheet.column_names), dtype=object)
        tables[sheet.table] = frame.astype(
            {col.name: column_dtype(col.kind) for col in sheet.columns}
        )
    return tables
