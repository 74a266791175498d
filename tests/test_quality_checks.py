"""The Python asset checks fail when they should (and name what is wrong)."""

from __future__ import annotations

import duckdb

from orchestration.ingest.yearbook_load import ingest_yearbooks
from orchestration.quality import yearbook_checks as checks
from sample_generator.workbook import write_workbook
from tests import handcalc


def _ingest(tmp_path, mutate=None):
    landing = tmp_path / "landing"
    sheets = handcalc.build_sheets(2020)
    if mutate:
        mutate(sheets)
    write_workbook(landing / "yearbook" / "2020.xlsx", sheets)
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    ingest_yearbooks(landing, con)
    return con


def test_all_checks_pass_on_consistent_data(tmp_path):
    con = _ingest(tmp_path)
    assert checks.power_balance_identity(con).passed
    assert checks.region_total_matches_leagues(con, "电力").passed
    assert checks.every_league_present_every_year(con, "yearbook_gdp").passed
    assert checks.no_negative_amounts(con, "yearbook_gdp", "地区生产总值", ["gdp_current_10k_yuan"]).passed


def test_power_balance_violation(tmp_path):
    def break_balance(sheets):
        sheets[1].rows[5][7] = 50  # 鄂尔多斯 全社会用电量 50 instead of 17
        sheets[1].rows[-1][7] += 33  # keep 全区 consistent

    outcome = checks.power_balance_identity(_ingest(tmp_path, break_balance))
    assert not outcome.passed and outcome.count == 1
    assert "鄂尔多斯市" in outcome.findings[0] and "全社会用电量 50.00 亿kWh" in outcome.findings[0]


def test_missing_league(tmp_path):
    def drop_alxa(sheets):
        sheets[2].rows = [r for r in sheets[2].rows if r[0] != "阿拉善盟"]

    outcome = checks.every_league_present_every_year(_ingest(tmp_path, drop_alxa), "yearbook_gdp")
    assert not outcome.passed and outcome.findings == ["2020: 152900 阿拉善盟"]


def test_region_mismatch_and_negative_values_are_reported(tmp_path):
    def corrupt(sheets):
        sheets[1].rows[-1][1] = 999  # 全区 发电量
        sheets[2].rows[0][1] = "-5"

    con = _ingest(tmp_path, corrupt)
    region = checks.region_total_matches_leagues(con, "电力")
    assert not region.passed and "全区 generation_mwh" in region.findings[0]
    negative = checks.no_negative_amounts(con, "yearbook_gdp", "地区生产总值", ["gdp_current_10k_yuan"])
    assert not negative.passed and negative.severity == "WARN" and "'-5'" in negative.findings[0]
