"""Rules of scenarier.xlsx that tie its sheets together (one sheet's rules are in ``rules``).

A year must lie within its scenario's horizon, a reallocation must move money between two
departments, a volume change names one target and one size (and «I stedet for ydelse» only
with a scheme, and not the scheme's own benefit), an investment ends after it
starts, an effect should start within the horizon, an uncertainty range holds the expected
value (low at most 100 %, high at least 100 %) and is given once per assumption, an
assumption should name its source, and a scenario with no rows anywhere else does nothing.
Each problem is one ``Issue`` with sheet, Excel row, header, value and a Danish sentence,
like every other rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from toolkit import schema
from toolkit.accounts import scheme_benefits
from toolkit.workbook.report import Issue, Severity
from toolkit.workbook.typed import TypedSheet

MSG_NO_SOURCE = (
    "Antagelsen har ingen kilde; skriv, hvor den kommer fra (fx en evaluering eller "
    "kommunens eget skøn)."
)
# A scheme's own benefit (the account table, as ``toolkit.scenarios.baseline`` reads it): a
# volume change cannot save it «i stedet for», since the scheme's persons receive it.
SCHEME_BENEFIT: dict[str, str] = scheme_benefits()
_DETAIL_TABLES = ("reallocations", "volume_changes", "investments", "effects",
                  "consequence_prices")  # fmt: skip
# Sheet -> the year columns that must lie within the scenario's horizon.
_YEAR_COLUMNS = {
    "reallocations": ("year",),
    "volume_changes": ("from_year",),
    "investments": ("from_year", "to_year"),
}


@dataclass(frozen=True)
class Horizon:
    first: int
    last: int

    @property
    def years(self) -> int:
        return self.last - self.first + 1

    def text(self) -> str:
        return f"{self.first}-{self.last}"


def check_scenarios(sheets: dict[str, TypedSheet]) -> list[Issue]:
    """Every cross-sheet problem of one scenario workbook (``sheets``: table -> sheet)."""
    horizons = _horizons(sheets.get("scenarios"))
    issues: list[Issue] = []
    if "reallocations" in sheets:
        issues.extend(_same_department(sheets["reallocations"]))
    for table, columns in _YEAR_COLUMNS.items():
        if table in sheets:
            for column in columns:
                issues.extend(_outside_horizon(sheets[table], column, horizons))
    if "volume_changes" in sheets:
        volume = sheets["volume_changes"]
        issues.extend(_exactly_one(volume, "scheme", "intervention_type"))
        issues.extend(_exactly_one(volume, "change_persons", "change_pct"))
        issues.extend(_replaced_benefit(volume))
    if "investments" in sheets:
        issues.extend(_ends_before_start(sheets["investments"]))
    if "effects" in sheets:
        issues.extend(_starts_after_horizon(sheets["effects"], horizons))
    if "uncertainty" in sheets:
        issues.extend(_range_around_expected(sheets["uncertainty"]))
        issues.extend(_shared_ranges_twice(sheets["uncertainty"]))
    for table in ("effects", "consequence_prices", "uncertainty", "price_index"):
        if table in sheets:
            issues.extend(_without_source(sheets[table]))
    if "consequence_prices" in sheets:
        issues.extend(_duplicates_with_blanks(sheets["consequence_prices"]))
    if "scenarios" in sheets:
        issues.extend(_empty_scenarios(sheets["scenarios"], sheets))
    return issues


def _positions(mask: pd.Series) -> Iterator[int]:
    yield from (int(p) for p in mask.fillna(False).to_numpy(dtype=bool).nonzero()[0])


def _filled(typed: TypedSheet, column: str) -> pd.Series:
    """True where the cell holds something: a value, or text that could not be read."""
    return typed.frame[column].notna() | ~typed.readable(column)


def _horizons(scenarios: TypedSheet | None) -> dict[str, Horizon]:
    """Scenario ID -> its years; scenarios whose years are unreadable are left out."""
    if scenarios is None:
        return {}
    frame = scenarios.frame
    horizons: dict[str, Horizon] = {}
    for scenario_id, first, years in zip(
        frame["scenario_id"], frame["first_year"], frame["horizon_years"], strict=True
    ):
        if pd.isna(scenario_id) or pd.isna(first) or scenario_id in horizons:
            continue
        if pd.isna(years):
            continue  # unreadable or out of range: already reported on the Scenarier sheet
        horizons[str(scenario_id)] = Horizon(int(first), int(first) + int(years) - 1)
    return horizons


def _same_department(typed: TypedSheet) -> Iterator[Issue]:
    frame = typed.frame
    same = frame["from_department"].notna() & (frame["from_department"] == frame["to_department"])
    col = typed.raw.sheet.column("to_department")
    for pos in _positions(same):
        yield typed.issue(
            pos,
            col,
            "«Til afdeling» er den samme som «Fra afdeling»; en omplacering flytter penge "
            "mellem to forskellige afdelinger.",
        )


def _outside_horizon(
    typed: TypedSheet, column: str, horizons: dict[str, Horizon]
) -> Iterator[Issue]:
    frame = typed.frame
    col = typed.raw.sheet.column(column)
    for pos, (scenario_id, year) in enumerate(
        zip(frame["scenario_id"], frame[column], strict=True)
    ):
        if pd.isna(scenario_id) or pd.isna(year):
            continue
        horizon = horizons.get(str(scenario_id))
        if horizon is None or horizon.first <= int(year) <= horizon.last:
            continue
        yield typed.issue(
            pos,
            col,
            f"Året ligger uden for scenariets horisont {horizon.text()}.",
        )


def _exactly_one(typed: TypedSheet, first: str, second: str) -> Iterator[Issue]:
    sheet = typed.raw.sheet
    one, other = sheet.column(first), sheet.column(second)
    has_one, has_other = _filled(typed, first), _filled(typed, second)
    for pos in _positions(~has_one & ~has_other):
        yield typed.issue(pos, one, f"Udfyld enten «{one.header}» eller «{other.header}».")
    for pos in _positions(has_one & has_other):
        yield typed.issue(
            pos, other, f"Udfyld kun én af «{one.header}» og «{other.header}», ikke begge."
        )


def _replaced_benefit(typed: TypedSheet) -> Iterator[Issue]:
    """«I stedet for ydelse» belongs to a change in a scheme, and not the scheme's own benefit."""
    sheet = typed.raw.sheet
    col, scheme = sheet.column("replaces_benefit"), sheet.column("scheme")
    if col.name not in typed.raw.excel_columns:
        return
    filled = _filled(typed, "replaces_benefit")
    for pos in _positions(filled & ~_filled(typed, "scheme")):
        yield typed.issue(
            pos,
            col,
            f"«{col.header}» gælder kun en ændring i en ordning; udfyld «{scheme.header}», "
            f"eller lad «{col.header}» stå tom.",
        )
    frame = typed.frame
    for pos, (code, benefit) in enumerate(
        zip(frame["scheme"], frame["replaces_benefit"], strict=True)
    ):
        if pd.isna(code) or pd.isna(benefit) or SCHEME_BENEFIT.get(str(code)) != benefit:
            continue
        yield typed.issue(
            pos,
            col,
            f"Ydelsen er ordningens egen, som de ekstra personer selv får; «{col.header}» "
            "skal være den ydelse, de ellers ville have fået (fx kontanthjælp).",
            Severity.WARNING,
        )


def _ends_before_start(typed: TypedSheet) -> Iterator[Issue]:
    frame = typed.frame
    sheet = typed.raw.sheet
    col, other = sheet.column("to_year"), sheet.column("from_year")
    wrong = frame["to_year"] < frame["from_year"]
    for pos in _positions(wrong):
        yield typed.issue(
            pos,
            col,
            f"«{col.header}» ({frame['to_year'].iloc[pos]}) ligger før «{other.header}» "
            f"({frame['from_year'].iloc[pos]}).",
        )


def _starts_after_horizon(typed: TypedSheet, horizons: dict[str, Horizon]) -> Iterator[Issue]:
    frame = typed.frame
    col = typed.raw.sheet.column("delay_years")
    for pos, (scenario_id, delay) in enumerate(
        zip(frame["scenario_id"], frame["delay_years"], strict=True)
    ):
        if pd.isna(scenario_id) or pd.isna(delay):
            continue
        horizon = horizons.get(str(scenario_id))
        if horizon is None or int(delay) < horizon.years:
            continue
        yield typed.issue(
            pos,
            col,
            f"Effekten begynder først i {horizon.first + int(delay)}, efter scenariets "
            f"horisont {horizon.text()}; den tæller ikke med i resultatet.",
            Severity.WARNING,
        )


def _range_around_expected(typed: TypedSheet) -> Iterator[Issue]:
    """Low at most 100 % and high at least 100 %: the expected value lies between them."""
    sheet = typed.raw.sheet
    low, high = sheet.column("low_pct"), sheet.column("high_pct")
    sentence = (f"«{low.header}» skal være højst 100 og «{high.header}» mindst 100, så den "
                "forventede værdi ligger mellem den lave og den høje.")  # fmt: skip
    frame = typed.frame
    for column, wrong in ((low, frame["low_pct"] > 100), (high, frame["high_pct"] < 100)):
        for pos in _positions(wrong):
            yield typed.issue(pos, column, sentence)


def _shared_ranges_twice(typed: TypedSheet) -> Iterator[Issue]:
    """Two rows without a scenario ID for one assumption (the uniqueness rule skips blanks)."""
    sheet = typed.raw.sheet
    col = sheet.column("parameter")
    frame = typed.frame
    first: dict[str, int] = {}
    for pos, (scenario_id, parameter) in enumerate(
        zip(frame["scenario_id"], frame["parameter"], strict=True)
    ):
        if not pd.isna(scenario_id) or pd.isna(parameter):
            continue
        if str(parameter) not in first:
            first[str(parameter)] = pos
            continue
        yield typed.issue(
            pos,
            col,
            f"Antagelsen har også et spænd uden «{sheet.column('scenario_id').header}» i række "
            f"{typed.raw.rows[first[str(parameter)]]}; den må kun stå én gang for alle "
            "scenarier.",
        )


def _without_source(typed: TypedSheet) -> Iterator[Issue]:
    col = typed.raw.sheet.column("source")
    if col.name not in typed.raw.excel_columns:
        return  # the missing column is reported once, as a shape problem
    for pos in _positions(~_filled(typed, "source")):
        yield typed.issue(pos, col, MSG_NO_SOURCE, Severity.WARNING)


def _duplicates_with_blanks(typed: TypedSheet) -> Iterator[Issue]:
    """Doubled rows whose key has a blank cell (the sheet's uniqueness rule skips those).

    A blank Scenarie-ID means every scenario and a blank Afdeling belongs to the region or
    the state, so two such rows for the same outcome, scheme and purse say the same thing
    twice. The projection ignores Afdeling when the purse is not the kommune, so there it
    counts as blank: two region rows for BESK and SOC are the same price twice.
    """
    sheet = typed.raw.sheet
    columns = list(sheet.unique_together)
    frame = typed.frame.loc[:, columns]
    ignored = frame["purse"].notna() & (frame["purse"] != "kommune")
    keyed = frame.copy()
    keyed.loc[ignored, "department"] = None
    with_blank = keyed.isna().any(axis=1)
    if not with_blank.any():
        return
    complete = frame.notna().all(axis=1)
    plain = frame.astype(object).where(frame.notna(), None)
    originals = list(plain.itertuples(index=False, name=None))
    keys = keyed.astype(object).where(keyed.notna(), None)
    seen: dict[tuple[object, ...], int] = {}
    headers = " og ".join(f"«{sheet.column(c).header}»" for c in columns)
    for pos, key in enumerate(keys.itertuples(index=False, name=None)):
        if not with_blank.iloc[pos]:
            continue
        if key not in seen:
            seen[key] = pos
            continue
        first = seen[key]
        if complete.iloc[pos] and originals[pos] == originals[first]:
            continue  # a complete key twice: the sheet's uniqueness rule reports it
        first_row = typed.raw.rows[first]
        message = (f"Kombinationen af {headers} står også i række {first_row}; den skal være "
                   "entydig.")  # fmt: skip
        if ignored.iloc[pos] and originals[pos] != originals[first]:
            message += (" «Afdeling» tæller ikke, når kassen ikke er kommunen, så rækkerne "
                        "er den samme pris to gange.")  # fmt: skip
        yield typed.issue(pos, sheet.column(columns[-1]), message)


def _empty_scenarios(scenarios: TypedSheet, sheets: dict[str, TypedSheet]) -> Iterator[Issue]:
    used: set[str] = set()
    for table in _DETAIL_TABLES:
        if table in sheets:
            used.update(str(v) for v in sheets[table].frame["scenario_id"].dropna())
    col = scenarios.raw.sheet.column("scenario_id")
    names = ", ".join(schema.sheet(table).name for table in _DETAIL_TABLES)
    ids = scenarios.frame["scenario_id"]
    for pos in _positions(ids.notna() & ~ids.isin(sorted(used))):
        yield scenarios.issue(
            pos,
            col,
            f"Scenariet har ingen rækker i de andre ark ({names}); det ændrer intet.",
            Severity.WARNING,
        )
