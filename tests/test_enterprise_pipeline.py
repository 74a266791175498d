"""Enterprise accounting through the whole pipeline.

1. Hand calculations: one run on the tiny hand-calculation yearbook (tests/handcalc.py, 2021-2023)
   with the three reports written by hand in the CONTRACTS format
   (tests/fixtures/enterprise_reports/, not made by the generator; every number below is derived
   in tests/fixtures/enterprise_handcalc.md) and one broken report.
2. The embedded sample (`sample_run`): counts, industries, parks, the restricted file, and no
   enterprise-level table in the analysts' file.
3. A landing directory without enterprise reports (`handcalc_run`): the run succeeds, the
   enterprise marts are empty.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from orchestration.assets.publish import RESTRICTED_MARTS
from orchestration.cli import RunReport
from orchestration.quality.detection import load_truth
from orchestration.settings import RESTRICTED_FILE
from sample_generator import DEFAULT_SEED
from sample_generator.falsification import FalsificationInjector
from tests import handcalc
from tests.conftest import query, run_on

FIXTURES = Path(__file__).parent / "fixtures" / "enterprise_reports"
A, B, C = "91150624MA0HANDA19", "91150100MA0HANDB2T", "91150223MA0HANDC3E"
BROKEN = "91150602MA0HANDD4R"
CO2_PER_C = 44 / 12


@pytest.fixture(scope="module")
def enterprise_run(tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    root = tmp_path_factory.mktemp("enterprise")
    landing = handcalc.write_landing(root / "landing", years=(2021, 2022, 2023))
    shutil.copytree(FIXTURES, landing / "enterprise_reports")
    broken = json.loads((FIXTURES / "2022" / f"{A}.json").read_text(encoding="utf-8"))
    broken["enterprise"]["credit_code"] = BROKEN
    broken["fuel_combustion"][3]["consumption"] = -1000  # a negative amount: the report is rejected
    (landing / "enterprise_reports" / "2022" / f"{BROKEN}.json").write_text(
        json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    report = run_on(root, landing)
    assert report.success, report.errors
    return report


def restricted(run: RunReport) -> Path:
    return run.settings.published_dir / RESTRICTED_FILE


def emissions(run: RunReport, code: str, column: str):
    (value,), = query(restricted(run), f"select {column} from marts.enterprise_emissions where credit_code = ?", [code])
    return value


# --- 1. hand calculations --------------------------------------------------------------------------


def test_measured_values_with_a_valid_lab_record_are_used(enterprise_run):
    # January: 1,000 t × 20.0 GJ/t × 0.026 tC/GJ × 0.94 (default oxidation) × 44/12
    rows = query(restricted(enterprise_run), """
        select t_co2, ncv_basis, carbon_content_basis, oxidation_rate_applied, lab_report_id, is_defaulted
        from marts.enterprise_emissions_monthly
        where credit_code = ? and month = 1 and item = '原煤'""", [A])
    assert rows == [(pytest.approx(1000 * 20 * 0.026 * 0.94 * CO2_PER_C), "measured", "measured", 0.94,
                     "HC-202201-001", False)]
    assert rows[0][0] == pytest.approx(1792.2667, abs=1e-4)


def test_untested_coal_takes_the_high_default_of_the_report_years_edition(enterprise_run):
    lines = {month: rest for month, *rest in query(restricted(enterprise_run), """
        select month, t_co2, ncv_applied_gj_per_base_unit, carbon_content_applied_tc_per_gj, carbon_content_basis,
               ncv_default_reason, carbon_default_reason
        from marts.enterprise_emissions_monthly
        where credit_code = ? and item = '原煤' and month in (6, 7, 12)""", [A])}
    # June: carbon reported as default → 2022 edition 0.03085 tC/GJ per unit heat, NCV still measured
    assert lines[6][:4] == [pytest.approx(2126.5933, abs=1e-4), 20.0, 0.03085, "untested_coal_high_default"]
    assert lines[6][5] == "reported as default"
    # July: sample date 2022-08-05 after the month of the line → the lab record is invalid, both default
    assert lines[7][:4] == [pytest.approx(2223.1407, abs=1e-4), 20.908, 0.03085, "untested_coal_high_default"]
    assert "not within the report year up to the month of the line" in lines[7][4]
    # December: 0.05 tC/GJ is physically implausible → untested default, the valid NCV stays
    assert lines[12][:4] == [pytest.approx(2126.5933, abs=1e-4), 20.0, 0.03085, "untested_coal_high_default"]
    assert "outside the physical bounds 0.02-0.036" in lines[12][5]
    # 2021 report: the 2021 edition (0.03356), NCV 18.0 measured, oxidation 0.99 reported
    (t_co2, carbon, edition_basis), = query(restricted(enterprise_run), """
        select t_co2, carbon_content_applied_tc_per_gj, value_basis from marts.enterprise_emissions_monthly
        where credit_code = ? and item = '原煤' and month = 1""", [B])
    assert carbon == 0.03356 and "untested_coal_high_default_2021" in edition_basis
    assert t_co2 == pytest.approx(100_000 * 18 * 0.03356 * 0.99 * CO2_PER_C) == pytest.approx(219_281.04)


def test_natural_gas_per_ten_thousand_cubic_metres(enterprise_run):
    # 1 × 10^4 m3: 389.31 GJ × 15.3 tC/TJ × 0.99 × 44/12 = 21.6219 t
    (t_co2, activity, unit, ncv), = query(restricted(enterprise_run), """
        select t_co2, activity_value, activity_unit, ncv_applied_gj_per_base_unit from marts.enterprise_emissions_monthly
        where credit_code = ? and item = '天然气' and month = 1""", [A])
    assert (activity, unit, ncv) == (1.0, "10k_m3", 0.038931)
    assert t_co2 == pytest.approx(21.6219, abs=1e-4)


def test_a_line_in_gj_is_already_heat(enterprise_run):
    (t_co2, basis), = query(restricted(enterprise_run), """
        select t_co2, ncv_basis from marts.enterprise_emissions_monthly
        where credit_code = ? and item = '其他煤气' and month = 1""", [A])
    assert basis == "heat_reported" and t_co2 == pytest.approx(100 * 0.0122 * 0.99 * CO2_PER_C) == pytest.approx(4.4286)


def test_purchased_electricity_with_the_provincial_and_the_ets_factor(enterprise_run):
    # 10,000 MWh bought in Inner Mongolia in 2022 = 6,849 t with the provincial factor; ETS 5,703 t apart
    row = query(restricted(enterprise_run), """
        select electricity_t_co2, electricity_regional_t_co2, electricity_ets_t_co2,
               electricity_regional_factor_year, electricity_ets_factor_year
        from marts.enterprise_emissions where credit_code = ?""", [A])[0]
    assert row == (pytest.approx(6849), pytest.approx(6849), pytest.approx(5703), 2022, 2022)
    # 2023: green purchases are zero-carbon; the ETS seed has no 2023 factor → nearest year 2022, said so
    row = query(restricted(enterprise_run), """
        select fossil_purchased_mwh, electricity_t_co2, electricity_ets_t_co2, electricity_regional_factor_year,
               electricity_ets_factor_year from marts.enterprise_emissions where credit_code = ?""", [C])[0]
    assert row == (2400, pytest.approx(1554.96), pytest.approx(1368.72), 2023, 2022)


def test_heat_and_process(enterprise_run):
    assert emissions(enterprise_run, A, "heat_t_co2") == pytest.approx(110)  # 1,000 GJ × 0.11
    assert emissions(enterprise_run, A, "process_t_co2") == pytest.approx(13_080)  # 12,000 t 电石 × 1.09


def test_enterprise_totals_match_the_hand_calculation(enterprise_run):
    rows = {code: rest for code, *rest in query(restricted(enterprise_run), """
        select credit_code, combustion_t_co2, process_t_co2, electricity_t_co2, heat_t_co2, total_t_co2,
               n_defaulted_lines, n_untested_coal_lines, defaulted_values
        from marts.enterprise_emissions""")}
    assert set(rows) == {A, B, C}  # the broken report is not there
    assert rows[A][:5] == [pytest.approx(22_632.7778, abs=1e-3), 13_080, pytest.approx(6_849), 110,
                           pytest.approx(42_671.7778, abs=1e-3)]
    assert rows[A][5:7] == [5, 3]
    assert rows[A][7] == ("carbon_content=default(其他煤气); carbon_content=default(天然气); "
                          "carbon_content=untested_coal_high_default_2022(原煤); ncv=default(原煤); ncv=default(天然气)")
    assert rows[B][:5] == [pytest.approx(2_631_403.4391, abs=1e-3), 0, pytest.approx(4_215), 0,
                           pytest.approx(2_635_618.4391, abs=1e-3)]
    assert rows[C][4] == pytest.approx(1_592.1109, abs=1e-3)


def test_monthly_detail_adds_up_to_the_annual_components(enterprise_run):
    rows = query(restricted(enterprise_run), """
        select e.credit_code, e.combustion_t_co2, e.process_t_co2, e.electricity_t_co2, e.heat_t_co2,
               sum(m.t_co2) filter (where category = 'combustion'),
               coalesce(sum(m.t_co2) filter (where category = 'process'), 0),
               coalesce(sum(m.t_co2) filter (where category = 'electricity'), 0),
               coalesce(sum(m.t_co2) filter (where category = 'heat'), 0)
        from marts.enterprise_emissions e join marts.enterprise_emissions_monthly m using (credit_code, year)
        group by all""")
    for code, *values in rows:
        assert values[:4] == pytest.approx(values[4:]), code


def test_a_report_whose_arithmetic_does_not_reproduce_its_total(enterprise_run):
    rows = {code: rest for code, *rest in query(restricted(enterprise_run), """
        select credit_code, reported_arithmetic_gap_t_co2, recomputed_minus_reported_t_co2,
               recomputed_minus_reported_pct, recomputed_minus_verified_t_co2, reported_arithmetic_consistent,
               reconciliation_status
        from marts.enterprise_reconciliation""")}
    gap, difference, pct, versus_verified, consistent, status = rows[B]
    assert gap == pytest.approx(10_000) and difference == pytest.approx(-10_000, abs=0.01)
    assert pct == pytest.approx(-10_000 / 2_645_618.44 * 100)
    assert versus_verified == pytest.approx(0, abs=0.01)
    assert (consistent, status) == (False, "reported_total_not_sum_of_components")
    assert rows[A][4:] == [True, "consistent"] and rows[C][4:] == [True, "consistent"]


def test_efficiency_classes(enterprise_run):
    rows = {code: rest for code, *rest in query(restricted(enterprise_run), """
        select credit_code, indicator, unit_consumption, efficiency_class, best_level_met, is_exit_candidate
        from marts.efficiency_list""")}
    assert set(rows) == {A, B}  # 风电装备 has no efficiency level
    # 10,800 tce ÷ 12,000 t = 900 kgce/t against 805 / 823 / 940
    assert rows[A] == ["电石单位产品综合能耗", pytest.approx(900), "between_levels", 3, False]
    # one unit supplying 2,616,000 MWh ≥ 1,900,000 → the 600 MW row; 737,025 tce ÷ 2,616,000 MWh = 281.74 gce/kWh
    assert rows[B] == ["燃煤机组供电煤耗(超超临界600MW)", pytest.approx(281.7374, abs=1e-4), "between_levels", 2, False]


def test_park_renewable_share(enterprise_run):
    rows = {(park, year): rest for park, year, *rest in query(enterprise_run.analytics, """
        select park, year, n_enterprises, electricity_use_mwh, own_renewable_consumed_mwh, renewable_share,
               meets_target from marts.park_renewable_share where n_enterprises > 0""")}
    # use 14,400 MWh; own generation 2,400 − fossil bound 511.824 GJ ÷ 3.6 × 0.6 = 85.304 → 2,314.696
    assert rows[("达茂零碳园区", 2023)] == [1, 14_400, pytest.approx(2_314.696), pytest.approx(0.827409, abs=1e-6), True]
    assert rows[("鄂托克低碳园区", 2022)] == [1, 10_000, 0, 0, False]


def test_league_fuel_reconciliation_shows_the_statistical_gap(enterprise_run):
    rows = {(league, year, fuel): rest for league, year, fuel, *rest in query(enterprise_run.analytics, """
        select league_code, year, fuel, enterprise_quantity, yearbook_quantity, statistical_gap,
               enterprise_exceeds_yearbook from marts.league_fuel_reconciliation""")}
    # Hohhot 2021: the yearbook's 48 万吨 of raw coal (火力发电) against 1,200,000 t burned by plant B
    assert rows[("150100", 2021, "原煤")] == [1_200_000, 480_000, -720_000, True]
    # Ordos 2022: 12,000 t of plant A against 100 + 30 万吨 (火力发电 + 工业; 炼焦 is not compared)
    assert rows[("150600", 2022, "原煤")] == [12_000, 1_300_000, 1_288_000, False]
    # a league with no reporting enterprise in a year with reports: 0, not NULL
    assert rows[("150600", 2021, "原煤")] == [0, 1_300_000, 1_300_000, False]
    # the GJ line of 其他煤气 is converted at the default NCV (100 GJ ÷ 0.005227 GJ/m3)
    assert rows[("150600", 2022, "其他煤气")][0] == pytest.approx(100 / 0.005227)


def test_the_broken_report_is_quarantined_for_inspectors_and_the_others_load(enterprise_run):
    rows = query(restricted(enterprise_run), """
        select source_file, sheet, reason_code, is_fatal from raw.quarantine""")
    assert len(rows) == 1
    file, path, code, fatal = rows[0]
    assert file.endswith(f"enterprise_reports/2022/{BROKEN}.json")
    assert (path, code, fatal) == ("$.fuel_combustion[3].consumption", "negative_amount", True)
    log = dict(query(restricted(enterprise_run), "select status, count(*) from raw.ingest_log group by 1"))
    assert log == {"loaded": 3, "rejected": 1}
    assert any("no_rejected_reports" in warning for warning in enterprise_run.check_warnings)
    # the analysts' file has neither the enterprise quarantine nor the enterprise ingest log
    assert query(enterprise_run.analytics, "select count(*) from raw.quarantine where source = 'enterprise_reports'") == [(0,)]


# --- 2. the embedded sample ------------------------------------------------------------------------


def test_sample_enterprises_cover_every_league_industry_and_park(sample_run):
    path = restricted(sample_run)
    (enterprises, reports), = query(path, "select count(distinct credit_code), count(*) from marts.enterprise_emissions")
    assert 200 <= enterprises <= 400 and reports >= 4 * enterprises
    years = [row[0] for row in query(path, "select distinct year from marts.enterprise_emissions order by 1")]
    assert years == [2020, 2021, 2022, 2023, 2024]
    assert len(query(path, "select distinct league_code from marts.enterprise_emissions")) == 12
    industries = {row[0] for row in query(path, "select distinct industry from marts.enterprise_emissions")}
    assert industries == {"power", "steel", "nonferrous", "building_materials", "petrochemical", "chemical", "other"}
    parks = {row[0] for row in query(path, "select distinct park from marts.enterprise_emissions where park is not null")}
    assert len(parks) == 6
    assert query(path, "select count(*) from raw.quarantine") == [(0,)]


def test_sample_reports_reproduce_their_totals_and_stay_below_the_yearbook(sample_run):
    # the labelled falsification cases (sample_generator/falsification.py, data/sample_truth/) are the
    # exceptions: lab values the accounting rejects, understated totals, a fuel over-reported until
    # the league exceeds the yearbook; every other report is clean
    labelled = {(code, year) for code, year in load_truth().select("credit_code", "report_year").iter_rows()}
    statuses = query(restricted(sample_run), "select credit_code, year, reconciliation_status from marts.enterprise_reconciliation")
    assert {status for code, year, status in statuses if (code, year) not in labelled} == {"consistent"}
    exceeding = set(query(sample_run.analytics, """
        select league_code, year, fuel from marts.league_fuel_reconciliation where enterprise_exceeds_yearbook"""))
    assert exceeding == FalsificationInjector(DEFAULT_SEED).yearbook_guard_exempt  # exactly the labelled cases
    # trial years: the enterprises are a large part, not all, of the statistics
    for year, share in query(sample_run.analytics, """
            select year, sum(enterprise_quantity) / sum(yearbook_quantity) from marts.league_fuel_reconciliation
            where fuel = '原煤' group by year order by year"""):
        assert 0.2 < share < 0.9, year


def test_sample_defaults_and_efficiency_classes_are_all_represented(sample_run):
    path = restricted(sample_run)
    bases = {row[0] for row in query(path, """
        select distinct carbon_content_basis from marts.enterprise_emissions_monthly where category = 'combustion'""")}
    assert bases == {"measured", "default", "untested_coal_high_default"}
    classes = {row[0] for row in query(path, "select distinct efficiency_class from marts.efficiency_list")}
    assert classes == {"at_or_above_level_1", "between_levels", "below_level_3", "not_classified"}
    shares = query(sample_run.analytics, "select count(*), count(level_1_capacity_share) from marts.efficiency_level1_share")
    assert shares[0][0] >= 35 and shares[0][0] == shares[0][1]


def test_restricted_file_holds_the_enterprise_marts_and_analytics_none(sample_run):
    tables = {tuple(row) for row in query(restricted(sample_run), """
        select schema_name, table_name from duckdb_tables() where database_name = 'restricted'""")}
    assert {("marts", name) for name in RESTRICTED_MARTS} <= tables
    assert {schema for schema, _ in tables} == {"marts", "raw", "quality"}
    sources = query(restricted(sample_run), "select distinct source from raw.ingest_log order by 1")
    assert sources == [("ccus",), ("enterprise_reports",)]  # the sources that name enterprises
    enterprise_level = query(sample_run.analytics, """
        select distinct table_schema || '.' || table_name from information_schema.columns
        where column_name = 'credit_code' or table_name in ('enterprise_emissions', 'enterprise_emissions_monthly',
              'enterprise_reconciliation', 'efficiency_list')""")
    assert enterprise_level == []
    analytics = {row[0] for row in query(sample_run.analytics, "select table_name from duckdb_tables() where schema_name = 'marts'")}
    assert {"league_fuel_reconciliation", "park_renewable_share", "efficiency_level1_share"} <= analytics


# --- 3. no enterprise reports --------------------------------------------------------------------


def test_without_enterprise_reports_the_run_succeeds_with_empty_enterprise_marts(handcalc_run):
    assert handcalc_run.success
    for table in sorted(RESTRICTED_MARTS):
        assert query(restricted(handcalc_run), f"select count(*) from marts.{table}") == [(0,)], table
    for table in ("league_fuel_reconciliation", "park_renewable_share", "efficiency_level1_share"):
        assert query(handcalc_run.analytics, f"select count(*) from marts.{table}") == [(0,)], table
    assert not any("enterprise" in warning for warning in handcalc_run.check_warnings)
