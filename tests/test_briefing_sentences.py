"""Plain Danish sentences from numbers (toolkit/briefing/sentences.py)."""

from __future__ import annotations

import pytest

from toolkit import disclosure
from toolkit.briefing.sentences import (
    Cell,
    count_sentence,
    format_value,
    kind_of_unit,
    points_or_relative_change_text,
    sentence,
    shown,
    value_sentence,
)

NOW, BEFORE = "3. kvt. 2026", "3. kvt. 2025"
HIDDEN = Cell(None, disclosure.PRIMARY)
SECONDARY = Cell(None, disclosure.SECONDARY)


def test_count_rise_matches_the_issue_example() -> None:
    text = count_sentence("borgere i ressourceforløb", Cell(312), Cell(286), NOW, BEFORE)
    assert text == (
        "Der var 312 borgere i ressourceforløb i 3. kvt. 2026, 26 flere end i 3. kvt. 2025 "
        "(+9,1 %)."
    )


def test_count_fall_unchanged_and_one_more() -> None:
    assert count_sentence("sager", Cell(90), Cell(100), NOW, BEFORE) == (
        "Der var 90 sager i 3. kvt. 2026, 10 færre end i 3. kvt. 2025 (−10,0 %)."
    )
    assert count_sentence("sager", Cell(12), Cell(12), NOW, BEFORE).endswith(
        ", lige så mange som i 3. kvt. 2025."
    )
    assert "1 mere end" in count_sentence("sager", Cell(13), Cell(12), NOW, BEFORE)


def test_count_from_zero_has_no_relative_change() -> None:
    text = count_sentence("forløb", Cell(7), Cell(0), NOW, BEFORE, lead="Der blev påbegyndt")
    assert text == "Der blev påbegyndt 7 forløb i 3. kvt. 2026, 7 flere end i 3. kvt. 2025."


def test_thousands_are_danish() -> None:
    assert "1.234 borgere" in count_sentence("borgere", Cell(1234), Cell(1000), NOW, BEFORE)


def test_suppressed_current_value_says_fewer_than_five_and_never_the_number() -> None:
    text = count_sentence("borgere i fleksjob", Cell(3, disclosure.PRIMARY), Cell(40), NOW, BEFORE)
    assert "færre end 5 borgere i fleksjob" in text
    assert "3" not in text.replace("3. kvt.", "")
    assert "skjult" in count_sentence("borgere", SECONDARY, Cell(40), NOW, BEFORE)


def test_suppressed_or_missing_last_year_is_not_compared() -> None:
    hidden = count_sentence("borgere", Cell(40), HIDDEN, NOW, BEFORE)
    assert hidden.startswith("Der var 40 borgere i 3. kvt. 2026; tallet for 3. kvt. 2025 er skjult")
    assert "færre end 5" in hidden
    assert "beskytte små tal" in count_sentence("borgere", Cell(40), SECONDARY, NOW, BEFORE)
    missing = count_sentence("borgere", Cell(40), Cell(None), NOW, BEFORE)
    assert missing.endswith("der er ingen tal for 3. kvt. 2025 at sammenligne med.")
    assert count_sentence("borgere", Cell(None), Cell(3), NOW, BEFORE) == (
        "Der er ingen tal for borgere i 3. kvt. 2026."
    )


def test_money() -> None:
    text = value_sentence("Forbruget i Sundhed", Cell(1_234_567.4), Cell(1_000_000), "money",
                          NOW, BEFORE)  # fmt: skip
    assert text == (
        "Forbruget i Sundhed var 1.234.567 kr. i 3. kvt. 2026, 234.567 kr. mere end i "
        "3. kvt. 2025 (+23,5 %)."
    )
    less = value_sentence("Forbruget", Cell(900), Cell(1000), "money", NOW, BEFORE)
    assert "100 kr. mindre end" in less and "(−10,0 %)" in less


def test_percent_changes_in_percentage_points_from_the_unrounded_values() -> None:
    # 72,43 − 73,67 = −1,24: «1,2 lavere», not the −1,3 of the two shown values (72,4 − 73,7).
    text = value_sentence("Budgetforbruget", Cell(72.43), Cell(73.67), "percent", NOW, BEFORE)
    assert text == (
        "Budgetforbruget var 72,4 % i 3. kvt. 2026, 1,2 procentpoint lavere end i 3. kvt. 2025."
    )
    assert points_or_relative_change_text(Cell(72.43), Cell(73.67), "percent", BEFORE) == (
        "−1,2 procentpoint mod 3. kvt. 2025"
    )
    assert "det samme som" in value_sentence("Andelen", Cell(50), Cell(50.01), "percent",
                                             NOW, BEFORE)  # fmt: skip


def test_days() -> None:
    text = value_sentence("Medianventetiden", Cell(13), Cell(15), "days", NOW, BEFORE)
    assert text == (
        "Medianventetiden var 13 dage i 3. kvt. 2026, 2 dage færre end i 3. kvt. 2025 (−13,3 %)."
    )
    assert "1 dag i" in value_sentence("Ventetiden", Cell(1), Cell(None), "days", NOW, BEFORE)
    assert "13,5 dage" in value_sentence("Ventetiden", Cell(13.5), Cell(10), "days", NOW, BEFORE)


def test_other_numbers_use_absolute_change() -> None:
    text = value_sentence("Sager pr. møde", Cell(4.91), Cell(4.33), "number", NOW, BEFORE)
    assert text == "Sager pr. møde var 4,9 i 3. kvt. 2026, 0,6 højere end i 3. kvt. 2025."
    change = points_or_relative_change_text(Cell(4.91), Cell(4.33), "number", BEFORE)
    assert change == "+0,6 mod 3. kvt. 2025"


def test_hidden_values_in_value_sentences() -> None:
    text = value_sentence("Andelen", HIDDEN, Cell(37), "percent", NOW, BEFORE)
    assert "færre end 5 borgere" in text and "37" not in text
    assert "skjult" in value_sentence("Andelen", SECONDARY, Cell(20), "percent", NOW, BEFORE)
    assert value_sentence("Andelen", Cell(None), Cell(2), "percent", NOW, BEFORE) == (
        "Der er ingen tal for andelen i 3. kvt. 2026."
    )


@pytest.mark.parametrize(
    ("now", "before", "kind", "expected"),
    [
        (Cell(312), Cell(286), "count", "+9,1 % mod 3. kvt. 2025"),
        (Cell(10), Cell(10), "count", "uændret mod 3. kvt. 2025"),
        (Cell(5), Cell(0), "count", "+5 mod 3. kvt. 2025"),
        (Cell(5), HIDDEN, "count", "–"),
        (HIDDEN, Cell(5), "count", "–"),
        (Cell(None), Cell(5), "money", "–"),
        (Cell(900), Cell(1000), "money", "−10,0 % mod 3. kvt. 2025"),
    ],
)
def test_change_text(now: Cell, before: Cell, kind: str, expected: str) -> None:
    assert points_or_relative_change_text(now, before, kind, BEFORE) == expected  # type: ignore[arg-type]


def test_shown_and_formats() -> None:
    assert shown(HIDDEN, "count") == "<5"
    assert shown(SECONDARY, "money") == ".."
    assert shown(Cell(None), "count") == ""
    assert shown(Cell(1234567.4), "money") == "1.234.567 kr."
    assert shown(Cell(12.46), "percent") == "12,5 %"
    assert format_value(163.467, "number") == "163,5"
    assert format_value(699.5, "days") == "699,5"
    assert shown(Cell(None, disclosure.PRIMARY), "count", threshold=10) == "<10"


def test_kind_of_unit() -> None:
    assert kind_of_unit("personer") == "count"
    assert kind_of_unit("forløb") == "count"
    assert kind_of_unit("kr.") == "money"
    assert kind_of_unit("%") == "percent"
    assert kind_of_unit("dage") == "days"
    assert kind_of_unit("sager pr. møde") == "number"


def test_sentence_dispatches_on_kind() -> None:
    assert sentence(
        "borgere", Cell(3, disclosure.PRIMARY), Cell(9), "count", NOW, BEFORE
    ).startswith("Der var færre end 5 borgere")
    assert sentence("Forbruget", Cell(10), Cell(5), "money", NOW, BEFORE).startswith(
        "Forbruget var 10 kr."
    )


def test_percentage_point_changes_keep_one_decimal_and_negatives_the_minus() -> None:
    from toolkit.briefing.sentences import (
        format_value,
        points_or_relative_change_text,
        value_sentence,
    )

    for before, expected in ((46.0, "+4,0 procentpoint mod x"), (45.8, "+4,2 procentpoint mod x")):
        assert points_or_relative_change_text(Cell(50.0), Cell(before), "percent", "x") == expected
    text = value_sentence("Andelen", Cell(50.0), Cell(46.0), "percent", "nu", "før")
    assert "4,0 procentpoint højere" in text or "4,0 procentpoint" in text
    assert format_value(-1234.0, "money") == "−1.234 kr."
    assert format_value(-0.2, "money") == "0 kr."


def test_a_table_writes_a_change_of_a_share_in_pct_point() -> None:
    """In a table cell «pct.-point» (the Danish abbreviation), in a sentence «procentpoint»;
    the table's header says what it is compared with, so no «mod …»."""
    from toolkit.briefing.sentences import points_or_relative_change_text, table_change_text

    cases = [
        (Cell(23.6), Cell(25.7), "percent", "−2,1 pct.-point"),
        (Cell(50.0), Cell(46.0), "percent", "+4,0 pct.-point"),
        (Cell(178), Cell(175), "count", "+1,7 %"),
        (Cell(4.9), Cell(4.3), "number", "+0,6"),
        (Cell(10), Cell(10), "count", "uændret"),
        (Cell(None, "primær"), Cell(10), "count", "–"),
    ]
    for now, before, kind, expected in cases:
        assert table_change_text(now, before, kind) == expected
    sentence = points_or_relative_change_text(Cell(23.6), Cell(25.7), "percent", "3. kvt. 2025")
    assert sentence == "−2,1 procentpoint mod 3. kvt. 2025"
