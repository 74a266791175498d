"""Ingestion of ccus/<YYYY>.csv and measures/<YYYY>.csv: every bad-input kind (message and
quarantined row), the file-level rules, idempotence and the optional sources."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.ccus import CCUS_COLUMNS, MEASURE_COLUMNS, parse_ccus, parse_measures
from orchestration.ingest.ccus_load import ingest_ccus, ingest_measures

STORAGE = {"project_id": "S1", "project_name": "咸水层封存", "league_code": "150600",
           "credit_code": "91150627MA0N2C8K3E", "captured_t": "100000", "stored_t": "98000", "utilized_t": "0",
           "utilization_type": "", "capture_electricity_mwh": "12000", "capture_heat_gj": "0", "leakage_t": "0"}
EOR = {**STORAGE, "project_id": "E1", "credit_code": "", "captured_t": "50000", "stored_t": "30000",
       "utilized_t": "50000", "utilization_type": "驱油"}
MEASURE = {"measure_id": "M1", "league_code": "150200", "kind": "节能改造", "reduction_t_co2": "1000",
           "energy_saving_tce": "400", "verified": "true"}


def write(root: Path, folder: str, name: str, header: tuple[str, ...], rows: list[dict], year: int = 2022) -> Path:
    path = root / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            values = {"year": str(year), **row}
            writer.writerow([values.get(column, "") for column in header])
    return path


def ccus(tmp_path: Path, rows: list[dict]):
    return parse_ccus(write(tmp_path, "ccus", "2022.csv", CCUS_COLUMNS, rows))


def measures(tmp_path: Path, rows: list[dict]):
    return parse_measures(write(tmp_path, "measures", "2022.csv", MEASURE_COLUMNS, rows))


def only_rejection(extract, code: str):
    matches = [r for r in extract.rejections if r.reason_code == code]
    assert len(matches) == 1, [(r.reason_code, r.reason) for r in extract.rejections]
    return matches[0]


def test_good_ccus_file(tmp_path):
    extract = ccus(tmp_path, [STORAGE, EOR])
    assert extract.ok and extract.rejections == [] and extract.data_year == 2022
    assert extract.frame["project_id"].to_list() == ["S1", "E1"]
    assert extract.frame["utilization_type"].to_list() == [None, "驱油"]  # EOR: stored may be part of utilised


def test_unknown_utilization_type(tmp_path):
    rejection = only_rejection(ccus(tmp_path, [{**EOR, "utilization_type": "矿化"}]), "unknown_utilization_type")
    assert rejection.column_name == "utilization_type" and rejection.value == "矿化"
    assert "unknown utilization_type '矿化'; expected one of 驱油, 化工利用, 食品, 其他" in rejection.reason


def test_utilised_co2_needs_a_utilization_type(tmp_path):
    rejection = only_rejection(ccus(tmp_path, [{**EOR, "utilization_type": ""}]), "missing_value")
    assert "utilized_t is 50000 but utilization_type is blank" in rejection.reason


@pytest.mark.parametrize("column", ["stored_t", "leakage_t", "capture_electricity_mwh", "capture_heat_gj"])
def test_negative_amounts(tmp_path, column):
    extract = ccus(tmp_path, [{**STORAGE, column: "-10"}])
    rejection = only_rejection(extract, "negative_value")
    assert rejection.column_name == column and f"{column} cannot be negative, got '-10'" in rejection.reason
    assert extract.frame.height == 0 and json.loads(rejection.row_content)["project_id"] == "S1"


def test_blank_and_non_numeric_amounts(tmp_path):
    extract = ccus(tmp_path, [{**STORAGE, "capture_electricity_mwh": ""}, {**STORAGE, "project_id": "S2", "leakage_t": "n/a"}])
    blank = only_rejection(extract, "missing_value")
    assert "capture_electricity_mwh is blank" in blank.reason and "write 0 when there is none" in blank.reason
    assert "leakage_t 'n/a' is not a number" in only_rejection(extract, "not_a_number").reason


def test_mass_balance(tmp_path):
    extract = ccus(tmp_path, [{**STORAGE, "stored_t": "90000", "utilized_t": "20000", "utilization_type": "食品"}])
    rejection = only_rejection(extract, "mass_balance")
    assert "stored_t 90,000 + utilized_t 20,000 exceeds captured_t 100,000 t" in rejection.reason
    leak = only_rejection(ccus(tmp_path, [{**STORAGE, "leakage_t": "99000"}]), "mass_balance")
    assert "leakage_t 99,000 t exceeds what was stored and utilised" in leak.reason


def test_invalid_credit_code_league_and_year(tmp_path):
    extract = ccus(tmp_path, [{**STORAGE, "credit_code": "91150627MA0N2C8K3A"},
                              {**STORAGE, "project_id": "S2", "league_code": "150000"},
                              {**STORAGE, "project_id": "S3", "year": "2021"}])
    assert "check character 'A', GB 32100 gives 'E'" in only_rejection(extract, "invalid_credit_code").reason
    assert only_rejection(extract, "unknown_league").row_number == 3
    assert "year '2021' differs from the file's year 2022" in only_rejection(extract, "year_mismatch").reason
    assert extract.frame.height == 0


def test_duplicate_project_in_a_file(tmp_path):
    extract = ccus(tmp_path, [STORAGE, {**STORAGE, "stored_t": "97000"}])
    assert [r.reason_code for r in extract.rejections] == ["duplicate_project_id", "duplicate_project_id"]
    assert extract.frame.height == 0


def test_file_level_errors(tmp_path):
    bad_name = write(tmp_path, "ccus", "2022_final.csv", CCUS_COLUMNS, [STORAGE])
    extract = parse_ccus(bad_name)
    assert extract.fatal[0].reason_code == "bad_file_name" and "ccus/<YYYY>.csv" in extract.fatal[0].reason
    missing = write(tmp_path, "ccus", "2023.csv", CCUS_COLUMNS[:-1], [STORAGE], year=2023)
    assert "missing column(s) leakage_t" in parse_ccus(missing).fatal[0].reason
    empty = tmp_path / "ccus" / "2024.csv"
    empty.write_text("", encoding="utf-8")
    assert parse_ccus(empty).fatal[0].reason_code == "empty_file"


def test_measures_rules(tmp_path):
    extract = measures(tmp_path, [MEASURE, {**MEASURE, "measure_id": "M2", "kind": "植树"},
                                  {**MEASURE, "measure_id": "M3", "verified": "yes"},
                                  {**MEASURE, "measure_id": "M4", "reduction_t_co2": "-5"},
                                  {**MEASURE, "measure_id": "M5", "kind": "碳汇", "energy_saving_tce": ""}])
    assert "unknown kind '植树'" in only_rejection(extract, "unknown_kind").reason
    assert "verified must be true or false, got 'yes'" in only_rejection(extract, "invalid_boolean").reason
    assert only_rejection(extract, "negative_value").column_name == "reduction_t_co2"
    assert extract.frame.select("measure_id", "energy_saving_tce", "verified").rows() == [
        ("M1", 400.0, True), ("M5", None, True)]


def test_load_quarantines_and_never_duplicates(tmp_path):
    write(tmp_path, "ccus", "2021.csv", CCUS_COLUMNS, [STORAGE, {**STORAGE, "project_id": "S2", "stored_t": "-1"}],
          year=2021)
    write(tmp_path, "ccus", "2022.csv", CCUS_COLUMNS, [STORAGE, EOR])
    (tmp_path / "ccus" / "2023.csv").write_bytes(b"\xff\xfe\xff")
    write(tmp_path, "measures", "2022.csv", MEASURE_COLUMNS, [MEASURE, {**MEASURE, "measure_id": "M2", "verified": "x"}])
    con = duckdb.connect()
    for _ in range(2):
        result = ingest_ccus(tmp_path, con)
        ingest_measures(tmp_path, con)
    assert result.years == [2021, 2022] and [r.reason_code for r in result.fatal] == ["unreadable_file"]
    assert con.execute("select year, count(*) from raw.ccus_projects group by 1 order by 1").fetchall() == [(2021, 1), (2022, 2)]
    assert con.execute("select source, reason_code, row_number, is_fatal from raw.quarantine order by 1, 2").fetchall() == [
        ("ccus", "negative_value", 3, False), ("ccus", "unreadable_file", None, True),
        ("measures", "invalid_boolean", 3, False)]
    assert con.execute("""select source, data_year, status from raw.ingest_log order by 1, 2""").fetchall() == [
        ("ccus", 2021, "loaded"), ("ccus", 2022, "loaded"), ("ccus", 2023, "rejected"), ("measures", 2022, "loaded")]
    assert con.execute("select count(*) from raw.reduction_measures").fetchone() == (1,)


def test_absent_sources_leave_empty_tables(tmp_path):
    con = duckdb.connect()
    assert ingest_ccus(tmp_path, con).years == [] and ingest_measures(tmp_path, con).years == []
    assert con.execute("select count(*) from raw.ccus_projects").fetchone() == (0,)
    assert con.execute("select count(*) from raw.reduction_measures").fetchone() == (0,)
