"""The rules of the input contract that can be checked within one sheet.

Each check returns issues; none stops the others, so the controller sees every problem at
once. Cells that could not be read are not checked again (one message per cell).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pandas as pd

from toolkit import formats, pseudonyms, schema
from toolkit.schema import Column, Kind
from toolkit.workbook.additive import check_partly_given
from toolkit.workbook.report import Issue, Severity
from toolkit.workbook.typed import TypedSheet, display_value

MSG_REQUIRED = "Feltet skal udfyldes."
_FREE_TEXT = (Kind.TEXT, Kind.STAFF)
_DATES = (Kind.DATE, Kind.MONTH)
_PLANS = frozenset({"planned_end"})  # a plan may lie years ahead; what happened may not
FUTURE_MARGIN_DAYS = 366
_CODE = re.compile(schema.CODE_PATTERN)


def check_sheet(typed: TypedSheet) -> list[Issue]:
    sheet = typed.raw.sheet
    issues: list[Issue] = []
    for col in sheet.columns:
        if col.name not in typed.raw.excel_columns:
            continue  # a missing column is reported once, as a shape problem
        issues.extend(_required(typed, col))
        issues.extend(_codes(typed, col))
        issues.extend(_ranges(typed, col))
        if col.unique:
            issues.extend(_unique(typed, (col.name,)))
        if col.kind in _FREE_TEXT:
            issues.extend(_cpr_outside_cpr_columns(typed, col))
        if col.kind in _DATES and sheet.workbook == "register" and col.name not in _PLANS:
            issues.extend(_far_future(typed, col))
    if sheet.additive:
        issues.extend(check_partly_given(typed))  # rows sharing a key are added together
    elif sheet.unique_together:
        issues.extend(_unique(typed, sheet.unique_together, blank_is_key=sheet.blank_is_key))
    if sheet.single_row:
        issues.extend(_single_row(typed))
    for rule in sheet.required_when:
        issues.extend(_required_when(typed, rule))
    for blank_rule in sheet.blank_unless:
        issues.extend(_blank_unless(typed, blank_rule))
    for order in sheet.not_before:
        issues.extend(_not_before(typed, order))
    issues.extend(_SHEET_CHECKS.get(sheet.table, _no_checks)(typed))
    return issues


def _positions(mask: pd.Series) -> Iterator[int]:
    yield from (int(p) for p in mask.to_numpy().nonzero()[0])


def _required(typed: TypedSheet, col: Column) -> Iterator[Issue]:
    if not col.required:
        return
    missing = typed.frame[col.name].isna() & typed.readable(col.name)
    for pos in _positions(missing):
        yield typed.issue(pos, col, MSG_REQUIRED)


def _cpr_outside_cpr_columns(typed: TypedSheet, col: Column) -> Iterator[Issue]:
    """A CPR number typed into an ID or name column would escape pseudonymisation."""
    values = typed.frame[col.name]
    for pos in _positions(pseudonyms.cpr_like_mask(values.fillna(""))):
        yield typed.issue(
            pos,
            col,
            "Værdien ligner et CPR-nummer. CPR-numre må kun stå i "
            "kolonnen «CPR-nummer», hvor de pseudonymiseres.",
            show_value=False,
        )


def _far_future(typed: TypedSheet, col: Column) -> Iterator[Issue]:
    """A date more than a year after today is a typing error (2042 for 2024): it would move
    every running course's as-of date and cost into the future."""
    limit = pd.Timestamp(date.today()) + pd.Timedelta(days=FUTURE_MARGIN_DAYS)
    late = (typed.frame[col.name] > limit).fillna(False)
    for pos in _positions(late):
        yield typed.issue(
            pos, col, "Datoen ligger mere end et år ude i fremtiden; er årstallet skrevet rigtigt?"
        )


def _codes(typed: TypedSheet, col: Column) -> Iterator[Issue]:
    if col.kind in schema.CODE_KINDS:
        yield from _code_pattern(typed, col)
    if col.codes is None:
        return
    values = typed.frame[col.name]
    unknown = values.notna() & ~values.isin(col.allowed)
    if col.codes.by_label:
        labels = [f"«{label}»" for label in col.codes.labels.values()]
        message = f"Ukendt værdi. Vælg en af {formats.listing(labels)}."
    else:
        message = f"Ukendt kode. Tilladte koder: {', '.join(col.allowed)}."
    for pos in _positions(unknown):
        yield typed.issue(pos, col, message)


def _code_pattern(typed: TypedSheet, col: Column) -> Iterator[Issue]:
    values = typed.frame[col.name]
    wrong = [code for code in values.dropna().unique() if not _CODE.fullmatch(str(code))]
    for pos in _positions(values.isin(wrong)):
        yield typed.issue(pos, col, schema.CODE_RULE)


def _ranges(typed: TypedSheet, col: Column) -> Iterator[Issue]:
    if col.minimum is None and col.maximum is None:
        return
    values = typed.frame[col.name]
    if col.minimum is not None:
        low = values <= col.minimum if col.exclusive_minimum else values < col.minimum
        word = "større end" if col.exclusive_minimum else "mindst"
        for pos in _positions(low.fillna(False)):
            yield typed.issue(pos, col, f"Skal være {word} {_number(col.minimum)}.")
    if col.maximum is not None:
        for pos in _positions((values > col.maximum).fillna(False)):
            yield typed.issue(pos, col, f"Må højst være {_number(col.maximum)}.")


def _number(value: float) -> str:
    return display_value(float(value)) or ""


def _unique(
    typed: TypedSheet, columns: tuple[str, ...], *, blank_is_key: bool = False
) -> Iterator[Issue]:
    frame = typed.frame.loc[:, list(columns)]
    if blank_is_key:  # a blank is a value of its own here, so it takes part in the key
        frame = frame.astype(object).where(frame.notna(), "")
    complete = frame.notna().all(axis=1)
    duplicated = frame.duplicated(keep="first") & complete
    if not duplicated.any():
        return
    first_pos = (
        frame[complete].reset_index().groupby(list(columns), sort=False)["index"].transform("min")
    )
    first_pos.index = frame[complete].index
    sheet = typed.raw.sheet
    cols = [sheet.column(c) for c in columns]
    headers = " og ".join(f"«{c.header}»" for c in cols)
    for pos in _positions(duplicated):
        first_row = typed.raw.rows[int(first_pos[pos])]
        if len(cols) == 1 and cols[0].kind is Kind.CPR:
            message = f"CPR-nummeret står også i række {first_row}; det må kun stå én gang."
        elif len(cols) == 1:
            message = f"Værdien står også i række {first_row}; {headers} skal være entydig."
        else:
            message = (
                f"Kombinationen af {headers} står også i række {first_row}; den skal være entydig."
            )
        yield typed.issue(pos, cols[-1], message)


def _condition(typed: TypedSheet, when: str, values: tuple[str, ...]) -> pd.Series:
    column = typed.frame[when]
    return column.notna() if not values else column.isin(values)


def _required_when(typed: TypedSheet, rule: schema.RequiredWhen) -> Iterator[Issue]:
    col = typed.raw.sheet.column(rule.column)
    missing = (
        _condition(typed, rule.when, rule.values)
        & typed.frame[rule.column].isna()
        & typed.readable(rule.column)
    )
    for pos in _positions(missing.fillna(False)):
        yield typed.issue(pos, col, rule.sentence or MSG_REQUIRED)


def _blank_unless(typed: TypedSheet, rule: schema.BlankUnless) -> Iterator[Issue]:
    col = typed.raw.sheet.column(rule.column)
    when = typed.frame[rule.when]
    stray = typed.frame[rule.column].notna() & when.notna() & ~when.isin(rule.values)
    for pos in _positions(stray.fillna(False)):
        yield typed.issue(pos, col, rule.sentence, Severity.WARNING)


def _not_before(typed: TypedSheet, order: schema.NotBefore) -> Iterator[Issue]:
    sheet = typed.raw.sheet
    col, other = sheet.column(order.column), sheet.column(order.other)
    later, earlier = typed.frame[order.column], typed.frame[order.other]
    wrong = (later < earlier).fillna(False)
    for pos in _positions(wrong):
        yield typed.issue(
            pos,
            col,
            f"«{col.header}» ({_date(later.iloc[pos])}) ligger før "
            f"«{other.header}» ({_date(earlier.iloc[pos])}).",
        )


def _date(value: pd.Timestamp) -> str:
    return value.strftime("%d-%m-%Y")


def _no_checks(typed: TypedSheet) -> list[Issue]:
    return []


def _single_row(typed: TypedSheet) -> Iterator[Issue]:
    first_row = typed.raw.rows[0] if typed.raw.rows else None
    for pos in range(1, len(typed.raw.rows)):
        yield typed.issue(
            pos,
            None,
            f"Arket må kun have én række, og række {first_row} er allerede udfyldt; "
            "slet de andre rækker.",
        )


def _municipality(typed: TypedSheet) -> list[Issue]:
    """Kommunenummer (sheets Kommune and Sammenligningskommuner) has the shape of Danmarks
    Statistik's codes (which codes exist is not checked: the number labels the briefing and
    matches Jobindsats' areas, where an unknown one simply matches nothing)."""
    codes = typed.frame["code"]
    wrong = codes.notna() & ~codes.fillna("").str.fullmatch(schema.MUNICIPALITY_CODE_PATTERN)
    col = typed.raw.sheet.column("code")
    message = "Kommunenummeret skal være tre cifre, som i Danmarks Statistiks liste (fx 101)."
    return [typed.issue(pos, col, message) for pos in _positions(wrong)]


def _targets(typed: TypedSheet) -> list[Issue]:
    """A target may name a department or a scheme only where its indicator is reported by
    one; a percentage written as a fraction (0,5 for 50 %) is most likely Excel's % format."""
    frame = typed.frame
    sheet = typed.raw.sheet
    issues: list[Issue] = []
    dimensions = {
        "department": "opgøres ikke pr. afdeling; lad «{header}» stå tom.",
        "scheme": "opgøres ikke pr. ordning; lad «{header}» stå tom.",
    }
    for pos, indicator in enumerate(frame["indicator"].tolist()):
        target = schema.TARGET_INDICATORS.get(indicator) if isinstance(indicator, str) else None
        if target is None:
            continue  # blank or unknown: reported by the column checks
        for dimension, sentence in dimensions.items():
            col = sheet.column(dimension)
            if dimension not in target.dimensions and pd.notna(frame[dimension].iloc[pos]):
                message = f"«{target.label}» " + sentence.format(header=col.header)
                issues.append(typed.issue(pos, col, message))
        value = frame["target"].iloc[pos]
        if target.unit == "%" and pd.notna(value) and 0 < value < 1:
            issues.append(
                typed.issue(
                    pos,
                    sheet.column("target"),
                    "Målet er under 1 %; er procenten skrevet som en brøk? Skriv fx 50 for "
                    "50 %, og brug ikke Excels procentformat.",
                    Severity.WARNING,
                )
            )
    return issues


def _citizens(typed: TypedSheet) -> list[Issue]:
    """A Fødselsår that contradicts the CPR number is most likely a typing error."""
    frame = typed.frame
    given = frame["birth_year"].notna() & frame["cpr"].notna() & typed.readable("birth_year")
    from_cpr = frame.loc[given, "cpr"].map(pseudonyms.birth_year)
    contradicts = given.copy()
    contradicts[given] = from_cpr.to_numpy() != frame.loc[given, "birth_year"].to_numpy()
    col = typed.raw.sheet.column("birth_year")
    message = "Fødselsåret passer ikke med CPR-nummeret."
    return [typed.issue(pos, col, message, Severity.WARNING) for pos in _positions(contradicts)]


def _meetings(typed: TypedSheet) -> list[Issue]:
    """All rows of one meeting must carry the same date."""
    frame = typed.frame
    first_date = frame.groupby("meeting_id")["date"].transform("first")
    differs = (frame["date"] != first_date).fillna(False) & frame["meeting_id"].notna()
    col = typed.raw.sheet.column("date")
    return [
        typed.issue(pos, col, "Mødet har en anden dato i en anden række; et møde har én dato.")
        for pos in _positions(differs)
    ]


def _prices(typed: TypedSheet) -> list[Issue]:
    """One price per intervention type on any given day: validity periods must not overlap."""
    frame = typed.frame.dropna(subset=["intervention_type", "valid_from"])
    ends = frame["valid_to"].fillna(pd.Timestamp.max.floor("D"))
    ordered = frame.assign(_end=ends).sort_values(["intervention_type", "valid_from"])
    col = typed.raw.sheet.column("valid_from")
    issues: list[Issue] = []
    current_type: object = None
    latest_end: pd.Timestamp | None = None
    latest_pos = 0
    for pos, kind, start, end in zip(
        ordered.index.tolist(),
        ordered["intervention_type"].tolist(),
        ordered["valid_from"].tolist(),
        ordered["_end"].tolist(),
        strict=True,
    ):
        if kind != current_type:
            current_type, latest_end = kind, None
        if latest_end is not None and start <= latest_end:
            row = typed.raw.rows[latest_pos]
            message = f"Perioden overlapper taksten for samme indsatstype i række {row}."
            issues.append(typed.issue(pos, col, message))
        if latest_end is None or end > latest_end:
            latest_end, latest_pos = end, pos
    return issues


def _refund_ladder(typed: TypedSheet) -> list[Issue]:
    """The steps must start at week 1 and follow each other without gaps or overlaps."""
    frame = typed.frame.dropna(subset=["from_week"]).sort_values("from_week")
    col = typed.raw.sheet.column("from_week")
    issues: list[Issue] = []
    expected: int | None = 1
    last_pos = 0
    for pos, from_week, to_week in zip(
        frame.index.tolist(), frame["from_week"].tolist(), frame["to_week"].tolist(), strict=True
    ):
        if expected is None:
            message = "Trinnet kommer efter et trin uden øvre grænse (tom «Til uge»)."
            issues.append(typed.issue(pos, col, message))
            continue
        if from_week != expected:
            message = f"Trappen skal fortsætte fra uge {expected} uden huller eller overlap."
            issues.append(typed.issue(pos, col, message))
        expected = None if pd.isna(to_week) else int(to_week) + 1
        last_pos = pos
    if expected is not None and len(frame):
        to_col = typed.raw.sheet.column("to_week")
        message = "Det sidste trin skal have tom «Til uge», så alle uger har en refusion."
        issues.append(typed.issue(last_pos, to_col, message))
    return issues


_SHEET_CHECKS = {
    "citizens": _citizens,
    "meetings": _meetings,
    "prices": _prices,
    "refund_ladder": _refund_ladder,
    "municipality": _municipality,
    "targets": _targets,
    "comparison_group": _municipality,  # the same Kommunenummer, one row per municipality
}
