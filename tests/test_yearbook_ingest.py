"""Loading into the warehouse: idempotent replace, quarantine kept, bad files fail the run with a
message naming them (after their quarantine rows are written)."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.ingest.yearbook_load import IngestError, ingest_yearbooks
from sample_generator.workbook import write_workbook
from tests import handcalc
from tests.conftest import query, run_on


def _counts(con):
    return {
        table: con.execute(f"select count(*) from raw.{table}").fetchone()[0]
        for table in ("yearbook_energy_consumption", "yearbook_electricity", "yearbook_gdp",
                      "yearbook_industrial_output", "quarantine", "ingest_log")
    }


def test_reingesting_the_same_files_never_duplicates(tmp_path):
    landing = handcalc.write_landing(tmp_path / "landing", years=(2020, 2021))
    sheets = handcalc.build_sheets(2022)
    sheets[1].rows[0][1] = "abc"  # one quarantined cell
    write_workbook(landing / "yearbook" / "2022.xlsx", sheets)
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    first = ingest_yearbooks(landing, con)
    counts = _counts(con)
    second = ingest_yearbooks(landing, con)
    assert _counts(con) == counts
    assert first.rows_loaded == second.rows_loaded and counts["ingest_log"] == 3
    # the text cell, and the 全区 发电量 that no longer matches the leagues without it
    assert sorted(r.reason_code for r in second.rejections) == ["not_a_number", "region_total_mismatch"]
    assert counts["quarantine"] == 2
    assert counts["yearbook_electricity"] == 3 * 13


def test_removing_a_file_removes_its_rows(tmp_path):
    landing = handcalc.write_landing(tmp_path / "landing", years=(2020, 2021))
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    ingest_yearbooks(landing, con)
    (landing / "yearbook" / "2021.xlsx").unlink()
    ingest_yearbooks(landing, con)
    assert con.execute("select distinct data_year from raw.yearbook_gdp").fetchall() == [(2020,)]


def test_no_yearbook_directory_is_a_clear_error(tmp_path):
    with pytest.raises(IngestError, match="no yearbook directory"):
        ingest_yearbooks(tmp_path, duckdb.connect())


def test_a_broken_workbook_fails_the_run_naming_the_file(tmp_path):
    landing = handcalc.write_landing(tmp_path / "landing", years=(2020,))
    sheets = [s for s in handcalc.build_sheets(2021) if s.name != "地区生产总值"]
    write_workbook(landing / "yearbook" / "2021.xlsx", sheets)
    report = run_on(tmp_path, landing)
    assert not report.success
    assert any("2021.xlsx, sheet 地区生产总值: sheet '地区生产总值' is missing" in e for e in report.errors)
    rows = query(report.settings.warehouse, "select source_file, sheet, reason_code, is_fatal from raw.quarantine")
    assert [(r[1], r[2], r[3]) for r in rows] == [("地区生产总值", "missing_sheet", True)]
    assert rows[0][0].endswith("2021.xlsx")
    assert not report.analytics.exists()  # nothing is published from a failed run
