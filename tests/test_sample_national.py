"""The sample's published national files: shapes, consistency with the register, determinism.

The register holds CPR numbers: assertions compare counts, never persons.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from toolkit import schema
from toolkit.published import check_published
from toolkit.sample import SampleMunicipality, generate
from toolkit.sample import published_shapes as shapes
from toolkit.sample.economy import COMPARISON_GROUP
from toolkit.sample.national import (
    FILE_NAMES,
    POPULATION_FILE,
    eksempel_person_months,
    national_tables,
    write_national,
)
from toolkit.sample.national_levels import COUNTRY, SAMPLE_AREA, SCHEME_BENEFIT

AREAS = {SAMPLE_AREA, *COMPARISON_GROUP, COUNTRY}
COVERED = ("ressourceforloeb", "jobafklaring")  # every citizen on them is in the register
SOURCES = ("register", "moved_away", "moved_in", "missing_in_register", "outside_register")


@pytest.fixture(scope="module")
def sample() -> SampleMunicipality:
    return generate()


@pytest.fixture(scope="module")
def tables(sample: SampleMunicipality) -> dict[str, pd.DataFrame]:
    return national_tables(sample)


@pytest.fixture(scope="module")
def written(sample: SampleMunicipality, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_national(tmp_path_factory.mktemp("sample"), sample)


def _persons(tables: dict[str, pd.DataFrame], kind: str) -> pd.DataFrame:
    frame = tables["jobindsats"]
    chosen = frame[(frame["measure"] == "persons") & (frame["period_kind"] == kind)]
    return chosen.set_index(["area", "scheme", "period"])["value"]


# -- the files -----------------------------------------------------------------------------


def test_write_national_writes_the_published_files(written: list[Path]) -> None:
    assert {path.parent.name for path in written} == {"national"}
    assert sorted(path.name for path in written) == sorted([*FILE_NAMES.values(), POPULATION_FILE])


def test_jobindsats_files_are_api_v2_json_with_the_published_labels(written: list[Path]) -> None:
    for table in schema.JOBINDSATS_TABLES:
        body = json.loads((written[0].parent / FILE_NAMES[table]).read_text(encoding="utf-8"))
        assert isinstance(body, list) and len(body) == 1
        labels = [variable["Label"] for variable in body[0]["Variables"]]
        assert labels == ["Område", "Periode", "Antal personer", "Antal fuldtidspersoner"]
        assert [v["Name"] for v in body[0]["Variables"]][:2] == ["area", "period"]
        rows = body[0]["Data"]
        assert rows and all(len(row) == 4 for row in rows)
        assert {row[0] for row in rows} == AREAS
        periods = {row[1] for row in rows}
        assert "2022M01" in periods and "2026Q2" in periods
        assert all(re.fullmatch(r"\d{4}(M(0[1-9]|1[0-2])|Q[1-4])", p) for p in periods), table


def test_benchmark_file_has_the_labels_of_y30r21(
    written: list[Path], sample: SampleMunicipality
) -> None:
    path = written[0].parent / FILE_NAMES[schema.BENCHMARK_TABLE]
    body = json.loads(path.read_text(encoding="utf-8"))
    assert [v["Label"] for v in body[0]["Variables"]] == list(shapes.BENCHMARK_LABELS)
    rows = body[0]["Data"]
    assert {row[1] for row in rows} == {"2024QMAT04", "2025QMAT02", "2025QMAT04", "2026QMAT02"}
    assert {row[2] for row in rows} >= {"Ydelsesgrupper i alt"}
    ranks = [row[-1] for row in rows if row[0] != COUNTRY]
    assert all(isinstance(rank, int) and 1 <= rank <= 98 for rank in ranks)
    assert all(row[-1] is None for row in rows if row[0] == COUNTRY)
    # The shares are the counts per 100 inhabitants 16-66, with the counts' sign.
    for row in rows:
        assert row[3] - row[4] == row[5]
        assert row[8] == pytest.approx(row[6] - row[7], abs=0.11)


def test_folk1a_file_is_the_api_csv_and_sums_to_the_population(
    written: list[Path], tables: dict[str, pd.DataFrame]
) -> None:
    path = written[0].parent / POPULATION_FILE
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    assert tuple(rows[0]) == shapes.FOLK1A_HEADER
    frame = pd.DataFrame(rows[1:], columns=rows[0])
    assert set(frame["ALDER"]) == {f"{age} år" for age in range(16, 67)}
    assert set(frame["KØN"]) == set(frame["CIVILSTAND"]) == {"I alt"}
    sums = frame.assign(n=frame["INDHOLD"].astype(int)).groupby(["OMRÅDE", "TID"])["n"].sum()
    population = tables["population"]
    expected = population.assign(TID=population["period"].str.replace("-Q", "K"))
    expected = expected.set_index(["area", "TID"])["persons_16_66"].astype(int)
    pd.testing.assert_series_equal(sums.sort_index(), expected.sort_index(), check_names=False)


def test_exactly_one_published_mark(written: list[Path], tables: dict[str, pd.DataFrame]) -> None:
    cells = []
    for table in schema.JOBINDSATS_TABLES:
        body = json.loads((written[0].parent / FILE_NAMES[table]).read_text(encoding="utf-8"))
        cells += [cell for row in body[0]["Data"] for cell in row[2:]]
    assert cells.count("..") == 1
    assert all(isinstance(c, int | float) for c in cells if c != "..")
    marked = tables["jobindsats"].dropna(subset=["mark"])
    assert len(marked) == 1 and marked["value"].isna().all()
    assert marked["area"].iloc[0] in COMPARISON_GROUP


# -- the figures -----------------------------------------------------------------------------


def test_tables_are_canonical(tables: dict[str, pd.DataFrame]) -> None:
    from toolkit.register import conform

    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, conform(name, frame))
        unique = schema.sheet(name).unique_together
        assert not frame.duplicated(list(unique)).any(), name
        assert set(frame["area"]) == AREAS, name
    country = tables["population"][tables["population"]["area"] == COUNTRY]
    assert set(country["area_code"]) == {schema.COUNTRY_CODE}


def test_published_with_a_lag(tables: dict[str, pd.DataFrame]) -> None:
    jobindsats = tables["jobindsats"]
    by_kind = jobindsats.groupby("period_kind")["period"].agg(["min", "max", "nunique"])
    assert by_kind.loc["month"].tolist() == ["2022-01", "2026-08", 56]
    assert by_kind.loc["quarter"].tolist() == ["2022-Q1", "2026-Q2", 18]
    population = tables["population"]["period"]
    assert (population.min(), population.max()) == ("2022-Q1", "2026-Q3")
    # Every area has every period of every table.
    counts = jobindsats.groupby(["table_id", "measure", "area"]).size()
    assert counts.nunique() == 1


def _register_persons(sample: SampleMunicipality, scheme: str, freq: str) -> pd.Series:
    benefits = sample.register["benefits"]
    paid = benefits[benefits["benefit"] == SCHEME_BENEFIT[scheme]]
    return paid.groupby(_canonical(paid["month"].dt.to_period(freq)))["cpr"].nunique()


def _canonical(periods: pd.Series) -> pd.Series:
    """2024-03 for a month, 2024-Q1 for a quarter."""
    return periods.astype(str).str.replace(r"Q(\d)", r"-Q\1", regex=True)


@pytest.mark.parametrize("freq", ["M", "Q"])
def test_own_counts_are_the_register_plus_the_documented_differences(
    sample: SampleMunicipality, tables: dict[str, pd.DataFrame], freq: str
) -> None:
    persons = _persons(tables, "month" if freq == "M" else "quarter")
    person_months = eksempel_person_months(sample)
    for scheme in SCHEME_BENEFIT:
        published = persons.loc[SAMPLE_AREA].loc[scheme]
        register = _register_persons(sample, scheme, freq).reindex(published.index, fill_value=0)
        months = person_months[scheme]
        assert set(months["source"]) <= set(SOURCES)
        months = months.assign(period=_canonical(months["month"].dt.asfreq(freq)))
        known = months[months["source"].isin(["register", "moved_away"])]
        in_register = known.groupby("period")["person"].agg(set)
        counted = months[months["counted"]].groupby("period")["person"].agg(set)
        # The person-months behind the figures hold exactly the register's persons ...
        pd.testing.assert_series_equal(
            in_register.map(len).reindex(published.index, fill_value=0), register,
            check_names=False,
        )  # fmt: skip
        # ... and the figures differ from them by the persons the sources add or take away.
        gained = [len(counted.get(p, set()) - in_register.get(p, set())) for p in published.index]
        lost = [len(in_register.get(p, set()) - counted.get(p, set())) for p in published.index]
        difference = published - register
        assert difference.tolist() == [
            plus - minus for plus, minus in zip(gained, lost, strict=True)
        ], scheme
        if scheme in COVERED:
            assert (difference.abs() <= np.maximum(3, 0.06 * register)).all(), scheme
            assert (difference != 0).any(), scheme
        else:
            assert (difference > 3 * register).all(), scheme


def test_moves_are_a_few_persons(sample: SampleMunicipality) -> None:
    for scheme, months in eksempel_person_months(sample).items():
        sources = months.groupby("source")["person"].nunique()
        assert sources.get("moved_away", 0) == 2, scheme
        assert sources.get("moved_in", 0) == 2, scheme


def test_quarters_count_distinct_persons(tables: dict[str, pd.DataFrame]) -> None:
    months = _persons(tables, "month").reset_index()
    months["quarter"] = pd.PeriodIndex(months["period"], freq="M").asfreq("Q").astype(str)
    months["quarter"] = months["quarter"].str.replace("Q", "-Q")
    grouped = months.groupby(["area", "scheme", "quarter"])["value"]
    quarters = _persons(tables, "quarter")
    eksempel = quarters.loc[SAMPLE_AREA]
    highest = grouped.max().loc[SAMPLE_AREA].reindex(eksempel.index)
    total = grouped.sum().loc[SAMPLE_AREA].reindex(eksempel.index)
    assert (eksempel >= highest).all()
    assert (eksempel < total).all()  # not a sum of months: most persons stay for months


def test_full_time_persons_are_a_little_below_persons(tables: dict[str, pd.DataFrame]) -> None:
    frame = tables["jobindsats"]
    months = frame[frame["period_kind"] == "month"]
    wide = months.pivot_table(index=["area", "scheme", "period"], columns="measure",
                              values="value").dropna()  # fmt: skip
    share = wide["full_time_persons"] / wide["persons"]
    assert share.between(0.85, 1.0).all()


def test_rates_per_1000_are_plausible_and_vary(tables: dict[str, pd.DataFrame]) -> None:
    persons = _persons(tables, "quarter").reset_index()
    population = tables["population"].set_index(["area", "period"])["persons_16_66"]
    persons["rate"] = [
        1000 * value / population[(area, period)]
        for area, period, value in persons[["area", "period", "value"]].itertuples(index=False)
    ]
    rate = persons[persons["scheme"] == "ressourceforloeb"].groupby("area")["rate"].mean()
    assert 3 <= rate[SAMPLE_AREA] <= 8
    assert 5 <= rate[COUNTRY] <= 8
    assert rate.drop([SAMPLE_AREA, COUNTRY]).max() > rate[SAMPLE_AREA]
    assert rate.drop([SAMPLE_AREA, COUNTRY]).min() < rate[SAMPLE_AREA]


def test_populations_are_positive_and_sized(tables: dict[str, pd.DataFrame]) -> None:
    population = tables["population"]
    assert (population["persons_16_66"] > 0).all()
    country = population[population["area"] == COUNTRY]["persons_16_66"]
    assert country.between(3_600_000, 3_900_000).all()


def test_deterministic_for_a_seed(tables: dict[str, pd.DataFrame]) -> None:
    again = national_tables(generate())
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, again[name])
    other = national_tables(generate(seed=7))
    assert not other["jobindsats"]["value"].equals(tables["jobindsats"]["value"])


def test_population_follows_the_scale() -> None:
    small = national_tables(generate(scale=0.2))["population"]
    eksempel = small[small["area"] == SAMPLE_AREA]["persons_16_66"]
    assert eksempel.between(0.2 * 30_000, 0.2 * 36_000).all()


def test_comparison_group_in_the_economy(sample: SampleMunicipality) -> None:
    group = sample.economy["comparison_group"]
    assert group["name"].tolist() == ["Ådal", "Bakkeby", "Fjordby", "Lyngå", "Skovlund"]
    assert group["code"].tolist() == ["991", "992", "993", "994", "995"]


# -- the writers of the other shapes --------------------------------------------------------


def test_published_periods() -> None:
    assert shapes.published_period("2024-03", "month") == "2024M03"
    assert shapes.published_period("2024-Q1", "quarter") == "2024Q1"
    assert shapes.published_period("2024-Q1", "quarter", quarter_letter="K") == "2024K1"
    assert shapes.published_period("2023-Q2", "rolling_year") == "2023QMAT02"
    assert shapes.published_period("2024", "year") == "2024"
    with pytest.raises(ValueError):
        shapes.published_period("2024", "week")


def test_age_split_sums_exactly() -> None:
    for total in (0, 1, 50, 51, 33_001, 3_718_000):
        split = shapes.age_split(total)
        assert len(split) == 51 and sum(split) == total and min(split) >= 0


def test_download_csv_and_v3(tables: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    frame = tables["jobindsats"]
    one = frame[frame["table_id"] == "Y36A02"]
    lines = shapes.write_jobindsats_download(one, tmp_path / "y36a02.csv").read_bytes()
    assert lines.startswith(b"\xef\xbb\xbf")
    text = lines.decode("utf-8-sig").splitlines()
    assert text[0] == "Y36A02: Kontanthjælp - antal personer og fuldtidspersoner"
    assert text[1] == "Område;Periode;Antal personer;Antal fuldtidspersoner"
    assert any("," in line.split(";")[3] for line in text[2:])  # decimal comma
    assert len(text) == 2 + len(one) // 2
    body = json.loads(shapes.write_jobindsats_v3_json(one, tmp_path / "v3.json").read_text())
    assert body["columns"][:2] == ["Område", "Periode"] and len(body["rows"]) == len(one) // 2
    with pytest.raises(ValueError):
        shapes.write_jobindsats_v2_json(frame, tmp_path / "mixed.json")
    with pytest.raises(ValueError):
        shapes.write_jobindsats_download(one, tmp_path / "y36a02.txt")


def test_folk1a_web_csv_is_cp1252_and_wide(tables: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    path = shapes.write_folk1a_web_csv(tables["population"], tmp_path / "folk1a.csv")
    lines = path.read_bytes().decode("cp1252").splitlines()
    assert lines[0] == shapes.FOLK1A_TITLE
    header = lines[1].split(";")
    assert header[:2] == ["", ""] and header[2] == "2022K1" and header[-1] == "2026K3"
    assert lines[2].startswith(f"{SAMPLE_AREA};16 år;") and lines[3].startswith(";17 år;")
    assert any(line.startswith("Ådal;16 år;") for line in lines)


# -- read back by the border ------------------------------------------------------------------


def _sorted(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    key = list(schema.sheet(name).unique_together)
    return frame.sort_values(key, ignore_index=True)


def test_the_border_reads_the_sample_files_back_unchanged(
    written: list[Path], tables: dict[str, pd.DataFrame]
) -> None:
    result = check_published(written)
    assert result.ok and not result.report.errors
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(_sorted(name, result.tables[name]), _sorted(name, frame))


@pytest.mark.parametrize(
    ("file_name", "table"),
    [
        ("y36a02.json", "jobindsats"),  # API v3
        ("y36a02.csv", "jobindsats"),  # download
        ("y36a02.xlsx", "jobindsats"),  # download
        ("folk1a.csv", "population"),  # statbank.dk
    ],
)
def test_the_border_reads_every_other_shape_back_unchanged(
    tables: dict[str, pd.DataFrame], tmp_path: Path, file_name: str, table: str
) -> None:
    frame = tables[table]
    path = tmp_path / file_name
    if table == "population":
        shapes.write_folk1a_web_csv(frame, path)
    else:
        frame = frame[frame["table_id"] == "Y36A02"]
        if path.suffix == ".json":
            shapes.write_jobindsats_v3_json(frame, path)
        else:
            shapes.write_jobindsats_download(frame, path)
    result = check_published([path])
    assert result.ok and not result.report.errors
    pd.testing.assert_frame_equal(_sorted(table, result.tables[table]), _sorted(table, frame))
