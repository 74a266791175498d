"""Each falsification rule on hand-made frames, with hand-computed expected values.

The thresholds come from orchestration/quality/falsification_rules.yml; every test first asserts
the thresholds its hand calculation assumes, so a changed threshold fails here, loudly.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date

import pytest

from orchestration.quality import falsification as f
from orchestration.quality.rules import arithmetic, cross_source, lab, physics, statistics

RULES = f.load_rules()
CODE_A, CODE_B, CODE_C = "91150602MA0AAAAA01", "91150602MA0BBBBB02", "91150602MA0CCCCC03"


def rule(rule_id: str, **overrides) -> f.Rule:
    """The rule of the YAML, optionally with parameters overridden for a small hand example."""
    base = RULES.rule(rule_id)
    parameters = {name: dict(spec) for name, spec in base.parameters.items()}
    for name, value in overrides.items():
        parameters[name]["value"] = value
    return dataclasses.replace(base, parameters=parameters)


def coal_line(month: int, sample: date | None, carbon: float | None = 0.0265, ncv: float | None = 19.5,
              code: str = CODE_A, year: int = 2023, unit_id: str = "1#机组", fuel: str = "原煤",
              lab_id: str | None = "auto", **extra) -> dict:
    """A raw-coal line in t with measured NCV and carbon content and a lab record."""
    return {
        "credit_code": code, "report_year": year, "month": month, "unit_id": unit_id, "fuel": fuel,
        "consumption_reported": 1000.0, "consumption_unit": "t", "quantity_base": 1000.0,
        "quantity_base_equivalent": 1000.0, "ncv_reported_gj_per_unit": ncv, "ncv_reported_gj_per_base_unit": ncv,
        "ncv_source": "measured" if ncv is not None else "default", "default_ncv_gj_per_base_unit": 20.908,
        "carbon_content_reported_tc_per_gj": carbon,
        "carbon_content_source": "measured" if carbon is not None else "default",
        "carbon_content_applied_tc_per_gj": carbon if carbon is not None else 0.03085, "oxidation_rate_applied": 0.99,
        "lab_report_id": f"LAB-{code[-4:]}-{year}{month:02d}-{unit_id}" if lab_id == "auto" else lab_id,
        "lab_name": "内蒙古煤炭质量检验检测中心", "sample_date": sample, **extra,
    }


def lines(*rows: dict):
    return f.input_frame("fuel_lines", rows)


def honest_year(year: int = 2023, code: str = CODE_A) -> list[dict]:
    """Twelve monthly tests, each sampled on the 15th of its month."""
    return [coal_line(m, date(year, m, 15), code=code, year=year, carbon=0.0260 + m * 0.00001) for m in range(1, 13)]


# ----------------------------------------------------------------------------------------------
# lab evidence


def test_densest_window_counts_distinct_months_within_the_window():
    records = [(date(2023, 1, 5), 1), (date(2023, 1, 9), 2), (date(2023, 1, 18), 3), (date(2023, 3, 3), 4)]
    count, members = lab.densest_window(records, 14)
    assert count == 3 and sorted(members) == [0, 1, 2]  # Jan 5 → Jan 18 is 13 days: three months
    assert lab.densest_window(records, 12)[0] == 2      # Jan 5 → Jan 18 is more than 12
    # honest sampling at a month boundary: two months within a few days, never three
    assert lab.densest_window([(date(2023, 1, 25), 1), (date(2023, 2, 2), 2), (date(2023, 3, 2), 3)], 14)[0] == 2


def test_lab_date_cluster_flags_a_batch_disguised_as_monthly_tests():
    current = rule("LAB-DATE-CLUSTER")
    assert (current.param("window_days"), current.param("min_months")) == (14, 3)
    batch = [coal_line(m, date(2023, 1, 3 + m % 10)) for m in range(1, 13)]  # Jan 3 … Jan 12
    (finding,) = lab.lab_date_cluster(lines(*batch), current)
    assert (finding.credit_code, finding.report_year) == (CODE_A, 2023)
    assert (finding.observed, finding.expected_low, finding.expected_high) == (12, None, 2)
    assert len(finding.rows) == 12 and all(row.detail["in_cluster"] for row in finding.rows)
    assert {row.date for row in finding.rows} <= {f"2023-01-{d:02d}" for d in range(3, 13)}
    assert finding.evidence_zh.startswith("原煤 12 个不同月份") and "2023-01-03" in finding.evidence_en
    assert lab.lab_date_cluster(lines(*honest_year()), current) == []


def test_lab_late_uses_month_end_plus_the_deadline():
    current = rule("LAB-LATE")
    assert current.param("deadline_days") == 40
    # March ends on the 31st: the deadline is 10 May; a sample taken on 15 May is 45 days after the month
    late = honest_year()
    late[2] = coal_line(3, date(2023, 5, 15))
    (finding,) = lab.lab_late(lines(*late), current)
    assert (finding.observed, finding.expected_high) == (45, 40)
    (row,) = finding.rows
    assert (row.month, row.date, row.detail["deadline"], row.detail["days_after_month_end"]) == (3, "2023-05-15", "2023-05-10", 45)
    on_time = honest_year()
    on_time[2] = coal_line(3, date(2023, 5, 10))  # exactly 40 days: on the deadline, not after it
    assert lab.lab_late(lines(*on_time), current) == []


def test_lab_id_reuse_across_months_and_enterprises_but_not_across_units():
    current = rule("LAB-ID-REUSE")
    assert (current.param("max_months_per_id"), current.param("max_enterprises_per_id")) == (1, 1)
    shared_units = [coal_line(4, date(2023, 4, 10), unit_id=u, lab_id="NMMJ-202304-0001") for u in ("1#机组", "2#机组")]
    assert lab.lab_id_reuse(lines(*shared_units), current) == []  # one test for two units burning the same coal
    months = [coal_line(4, date(2023, 4, 10), lab_id="NMMJ-202304-0001"),
              coal_line(5, date(2023, 4, 10), lab_id="nmmj-202304-0001 ")]  # case and blanks do not hide it
    (finding,) = lab.lab_id_reuse(lines(*months), current)
    assert (finding.observed, finding.expected_high) == (1, 0) and len(finding.rows) == 2
    enterprises = [coal_line(6, date(2023, 6, 8), code=CODE_A, lab_id="ZTNT-202306-777"),
                   coal_line(6, date(2023, 6, 8), code=CODE_B, lab_id="ZTNT-202306-777")]
    flagged = lab.lab_id_reuse(lines(*enterprises), current)
    assert sorted(x.credit_code for x in flagged) == [CODE_A, CODE_B]
    assert all(len(x.rows) == 2 for x in flagged)  # each sees both uses


def test_lab_repeat_needs_three_identical_months():
    current = rule("LAB-REPEAT")
    assert current.param("min_months") == 3
    copied = honest_year()
    for month in (2, 5, 9):
        copied[month - 1] = coal_line(month, date(2023, month, 15), carbon=0.02611, ncv=19.204)
    (finding,) = lab.lab_repeat(lines(*copied), current)
    assert (finding.observed, finding.expected_high) == (3, 2)
    assert sum(row.detail["repeated"] for row in finding.rows) == 3
    two = honest_year()
    for month in (2, 5):
        two[month - 1] = coal_line(month, date(2023, month, 15), carbon=0.02611, ncv=19.204)
    assert lab.lab_repeat(lines(*two), current) == []
    same_carbon = honest_year()  # the same carbon content with different NCVs is not a copy
    for month in (2, 5, 9):
        same_carbon[month - 1] = coal_line(month, date(2023, month, 15), carbon=0.02611, ncv=19.0 + month / 10)
    assert lab.lab_repeat(lines(*same_carbon), current) == []


def test_lab_no_record_lists_what_is_missing():
    current = rule("LAB-NO-RECORD")
    rows = honest_year()
    rows[6] = coal_line(7, date(2023, 7, 15), lab_id=None)
    rows[7] = coal_line(8, None)
    (finding,) = lab.lab_no_record(lines(*rows), current)
    assert finding.observed == 2
    assert [(r.month, r.detail["missing"]) for r in finding.rows] == [(7, ["lab_report_id"]), (8, ["sample_date"])]
    default_line = coal_line(9, None, carbon=None, ncv=None, lab_id=None)  # nothing claimed measured: fine
    assert lab.lab_no_record(lines(default_line), current) == []


def test_lab_carbon_band_bounds_are_inclusive():
    current = rule("LAB-CARBON-BAND")
    assert current.param("bands_tc_per_gj")["原煤"] == [0.0240, 0.0300]
    rows = honest_year()
    rows[0] = coal_line(1, date(2023, 1, 15), carbon=0.0240)   # on the bound: inside
    rows[1] = coal_line(2, date(2023, 2, 15), carbon=0.0230)   # 23.0 tC/TJ: outside by 1.0
    rows[2] = coal_line(3, date(2023, 3, 15), carbon=0.0235)   # outside by 0.5
    (finding,) = lab.lab_carbon_band(lines(*rows), current)
    assert (finding.observed, finding.expected_low, finding.expected_high) == (0.0230, 0.0240, 0.0300)
    assert [r.month for r in finding.rows if r.detail["outside"]] == [2, 3]
    assert len(finding.rows) == 12 and finding.rows[0].reference_low == 0.0240
    assert lab.lab_carbon_band(lines(*honest_year()), current) == []


def test_carbon_on_ncv_regression_by_hand_on_five_points():
    """x = NCV (GJ/t) 18…22, y = carbon per tonne (tC/t) 0.48, 0.50, 0.55, 0.56, 0.58.
    x̄ = 20, ȳ = 0.534, Sxx = 10, Sxy = 0.108 + 0.034 + 0 + 0.026 + 0.092 = 0.26:
    slope = 0.026, intercept = 0.534 − 0.026 × 20 = 0.014; fitted 0.482, 0.508, 0.534, 0.560, 0.586;
    residuals −0.002, −0.008, +0.016, 0, −0.006; Σr² = 360e-6, RMSE = √(360e-6 / 5) = 0.0084853.
    The NCV-20 point lies 0.016 / 0.0084853 = 1.886 RMSE off: flagged at 1.5 RMSE, not at 3 (with
    n points no residual can exceed √n RMSE, so 3 RMSE needs at least 10 points)."""
    xs, ys = [18, 19, 20, 21, 22], [0.48, 0.50, 0.55, 0.56, 0.58]
    intercept, slope, rmse = lab.least_squares(xs, ys)
    assert slope == pytest.approx(0.026) and intercept == pytest.approx(0.014)
    assert rmse == pytest.approx(math.sqrt(360e-6 / 5)) and rmse == pytest.approx(0.0084853, abs=1e-7)
    points = [coal_line(month, date(2023, month, 10), code=code, ncv=x, carbon=y / x)
              for month, (code, x, y) in enumerate(zip((CODE_A, CODE_A, CODE_B, CODE_C, CODE_C), xs, ys), start=1)]
    current = rule("LAB-CARBON-NCV", min_points=5, max_residual_rmse=1.5)
    (finding,) = lab.lab_carbon_ncv(lines(*points), current, {"原煤": (0.024, 0.030)})
    assert finding.credit_code == CODE_B and finding.observed == pytest.approx(0.55)
    assert finding.expected_low == pytest.approx(0.534 - 1.5 * 0.0084853, abs=1e-6)
    assert finding.expected_high == pytest.approx(0.534 + 1.5 * 0.0084853, abs=1e-6)
    (row,) = finding.rows
    assert row.detail["fitted"] == pytest.approx(0.534) and row.detail["residual"] == pytest.approx(0.016)
    assert row.detail["ncv"] == 20 and row.unit == "tC/t"
    assert RULES.rule("LAB-CARBON-NCV").param("max_residual_rmse") == 3.0
    assert lab.lab_carbon_ncv(lines(*points), rule("LAB-CARBON-NCV", min_points=5), {"原煤": (0.024, 0.030)}) == []
    assert lab.lab_carbon_ncv(lines(*points), rule("LAB-CARBON-NCV", max_residual_rmse=1.5), {}) == []  # < 30 points


def test_points_outside_the_band_are_left_out_of_the_regression():
    points = [coal_line(1, date(2023, 1, 10), ncv=20.0, carbon=0.0215)]
    assert lab.carbon_ncv_points(lines(*points), ["原煤"], {"原煤": (0.024, 0.030)}).height == 0
    assert lab.carbon_ncv_points(lines(*points), ["原煤"], {}).height == 1


# ----------------------------------------------------------------------------------------------
# arithmetic


def report_row(code: str = CODE_A, **values) -> dict:
    base = {"credit_code": code, "report_year": 2023, "enterprise_name": "示例", "league_code": "150600",
            "industry": "power", "process_t_co2": 100.0, "electricity_regional_t_co2": 50.0,
            "electricity_ets_t_co2": 57.0, "heat_t_co2": 10.0, "reported_combustion_t_co2": 1960.2,
            "reported_process_t_co2": 100.0, "reported_electricity_t_co2": 50.0, "reported_heat_t_co2": 10.0,
            "reported_total_t_co2": 2120.2}
    return {**base, **values}


def test_arith_total_recomputes_the_claimed_values():
    """1,000 t of coal × 20 GJ/t × 0.027 tC/GJ × 0.99 × 44/12 = 1,960.2 t; + process 100 + electricity
    50 (regional; 57 at the ETS factor) + heat 10 = 2,120.2 t."""
    current = rule("ARITH-TOTAL")
    assert (current.param("relative_tolerance"), current.param("components_tolerance_t")) == (0.005, 1.0)
    # the accounting rejected the lab record (applied = the untested-coal default) but the report claims 0.027
    line = coal_line(1, date(2023, 1, 5), ncv=20.0, carbon=0.027, carbon_content_applied_tc_per_gj=0.03085)
    combustion = arithmetic.claimed_combustion(lines(line))
    assert combustion["combustion_claimed_t_co2"][0] == pytest.approx(1960.2)
    reports = f.input_frame("reports", [report_row()])
    assert arithmetic.arith_total(lines(line), reports, current) == []
    with_ets = f.input_frame("reports", [report_row(reported_electricity_t_co2=57.0, reported_total_t_co2=2127.2)])
    assert arithmetic.arith_total(lines(line), with_ets, current) == []  # the national factor also reproduces it
    understated = f.input_frame("reports", [report_row(reported_combustion_t_co2=1940.0, reported_total_t_co2=2100.0)])
    (finding,) = arithmetic.arith_total(lines(line), understated, current)
    assert finding.observed == 2100.0
    assert finding.expected_low == pytest.approx(2120.2 - 0.005 * 2100) and finding.expected_high == pytest.approx(2120.2 + 10.5)
    assert [r.label for r in finding.rows][-1] == "总量 total" and finding.rows[-1].detail["difference_t_co2"] == pytest.approx(-20.2)
    within = f.input_frame("reports", [report_row(reported_combustion_t_co2=1950.0, reported_total_t_co2=2110.0)])
    assert arithmetic.arith_total(lines(line), within, current) == []  # −10.2 t = 0.48 % < 0.5 %
    parts = f.input_frame("reports", [report_row(reported_total_t_co2=2125.0)])
    (finding,) = arithmetic.arith_total(lines(line), parts, current)  # components add up to 2,120.2, not 2,125
    assert "4.8" in finding.evidence_en


# ----------------------------------------------------------------------------------------------
# physics and peers


def efficiency_row(code: str, value: float, indicator: str = "燃煤机组供电煤耗(亚临界300MW)", unit: str = "gce/kWh",
                   year: int = 2022) -> dict:
    return {"credit_code": code, "report_year": year, "product": "电力", "indicator": indicator,
            "indicator_unit": unit, "route": "unit_size", "unit_consumption": value, "level1": 309.0,
            "level3": 321.0, "standard": "GB 21258-2024", "output": 1.0e6, "output_unit": "MWh"}


def test_phys_unit_consumption_band():
    current = rule("PHYS-UNIT-CONSUMPTION")
    assert current.param("bands")["燃煤机组供电煤耗(亚临界300MW)"] == [250, 450]
    frame = f.input_frame("efficiency", [efficiency_row(CODE_A, 240.0), efficiency_row(CODE_B, 250.0),
                                         efficiency_row(CODE_C, 460.0)])
    flagged = {x.credit_code: x for x in physics.phys_unit_consumption(frame, current)}
    assert set(flagged) == {CODE_A, CODE_C}  # 250 is on the bound
    assert (flagged[CODE_A].observed, flagged[CODE_A].expected_low, flagged[CODE_A].expected_high) == (240.0, 250, 450)
    subject = [r for r in flagged[CODE_A].rows if r.detail["is_subject"]]
    assert len(subject) == 1 and subject[0].value == 240.0 and len(flagged[CODE_A].rows) == 3


def test_peer_robust_z_by_hand():
    """Values 260, 300, 305, 310, 312, 315: median (305 + 310) / 2 = 307.5; absolute deviations
    47.5, 7.5, 2.5, 2.5, 4.5, 7.5 → MAD (4.5 + 7.5) / 2 = 6; z(260) = 0.6745 × (260 − 307.5) / 6 =
    −5.340, 15.4 % below the median: flagged. The band is 307.5 − max(3.5 × 6 / 0.6745, 0.08 × 307.5)
    = 307.5 − 31.134 = 276.366."""
    current = rule("PEER-ROBUST-Z")
    assert (current.param("max_abs_z"), current.param("min_relative_deviation"), current.param("direction")) == (3.5, 0.08, "low")
    values = {"A": 260.0, "B": 300.0, "C": 305.0, "D": 310.0, "E": 312.0, "F": 315.0}
    frame = f.input_frame("efficiency", [efficiency_row(f"91150602MA0PEER00{k}", v) for k, v in values.items()])
    assert physics.median_and_mad(list(values.values())) == (307.5, 6.0)
    assert physics.robust_z(260.0, 307.5, 6.0) == pytest.approx(0.6745 * -47.5 / 6) == pytest.approx(-5.3398, abs=1e-4)
    (finding,) = physics.peer_robust_z(frame, current, {})
    assert finding.credit_code.endswith("A") and finding.observed == 260.0
    assert finding.expected_low == pytest.approx(307.5 - 3.5 * 6 / 0.6745) == pytest.approx(276.366, abs=1e-3)
    assert finding.expected_high is None  # only the low side is screened
    subject = next(r for r in finding.rows if r.detail["is_subject"])
    assert subject.detail["robust_z"] == pytest.approx(-5.3398, abs=1e-4) and subject.detail["n_peers"] == 6
    high = dict(values, A=360.0)  # far above: inefficiency, not falsification
    frame = f.input_frame("efficiency", [efficiency_row(f"91150602MA0PEER00{k}", v) for k, v in high.items()])
    assert physics.peer_robust_z(frame, current, {}) == []
    few = f.input_frame("efficiency", [efficiency_row(f"91150602MA0PEER00{k}", v) for k, v in list(values.items())[:4]])
    assert physics.peer_robust_z(few, current, {}) == []  # fewer than 5 peers


def test_peer_values_beyond_physics_are_left_to_the_physics_rule():
    values = [200.0, 300.0, 305.0, 310.0, 312.0, 315.0]
    frame = f.input_frame("efficiency", [efficiency_row(f"91150602MA0PEER00{i}", v) for i, v in enumerate(values)])
    bands = RULES.rule("PHYS-UNIT-CONSUMPTION").param("bands")
    assert physics.peer_robust_z(frame, rule("PEER-ROBUST-Z"), bands) == []


def test_peer_needs_both_a_large_z_and_a_large_deviation():
    # identical peers: MAD 0, any difference is an infinite z, but 2 % is within the efficiency classes
    frame = f.input_frame("efficiency", [efficiency_row(f"91150602MA0PEER00{i}", v)
                                         for i, v in enumerate([300.0, 300.0, 300.0, 300.0, 300.0, 294.0])])
    assert physics.peer_robust_z(frame, rule("PEER-ROBUST-Z"), {}) == []


# ----------------------------------------------------------------------------------------------
# cross-source


def test_attribute_excess_to_the_enterprise_that_grew():
    # excess 100 t: A grew 800 t over its own median, B not at all, C has no other year
    flagged = cross_source.attribute_excess(100.0, [("A", 900.0, 100.0), ("B", 200.0, 200.0), ("C", 500.0, None)])
    assert flagged == [("A", 800.0)]
    # no single grower covers it: the largest first until covered
    assert cross_source.attribute_excess(100.0, [("A", 160.0, 100.0), ("B", 250.0, 200.0), ("C", 90.0, 80.0)]) == [
        ("A", 60.0), ("B", 50.0)]


def test_xsrc_yearbook_flags_the_enterprises_that_make_the_excess():
    current = rule("XSRC-YEARBOOK")
    assert current.param("max_share_of_yearbook") == 1.0
    use = {CODE_A: {2021: 100.0, 2022: 110.0, 2023: 900.0, 2024: 90.0}, CODE_B: {2021: 190.0, 2022: 210.0, 2023: 200.0}}
    fuel_lines = [{"credit_code": code, "report_year": year, "month": 1, "fuel": "柴油", "quantity_base_equivalent": q}
                  for code, years in use.items() for year, q in years.items()]
    reports = [{"credit_code": code, "report_year": year, "league_code": "152200"}
               for code, years in use.items() for year in years]
    league = [{"league_code": "152200", "report_year": 2023, "fuel": "柴油", "unit": "t", "enterprise_quantity": 1100.0,
               "yearbook_quantity": 1000.0},
              {"league_code": "152200", "report_year": 2022, "fuel": "柴油", "unit": "t", "enterprise_quantity": 320.0,
               "yearbook_quantity": 1000.0}]
    (finding,) = cross_source.xsrc_yearbook(f.input_frame("league_fuel", league), f.input_frame("fuel_lines", fuel_lines),
                                            f.input_frame("reports", reports), current)
    assert (finding.credit_code, finding.report_year) == (CODE_A, 2023)
    assert (finding.observed, finding.expected_high) == (pytest.approx(1.1), 1.0)
    league_row = finding.rows[0]
    assert (league_row.value, league_row.reference_high, league_row.detail["excess"]) == (1100.0, 1000.0, 100.0)
    subject = next(r for r in finding.rows if r.detail.get("is_subject"))
    assert subject.value == 900.0 and subject.detail["median_other_years"] == 100.0


def test_xsrc_verified_gap_materiality_boundary():
    current = rule("XSRC-VERIFIED-GAP")
    assert current.param("materiality") == 0.05
    reports = f.input_frame("reports", [
        {"credit_code": CODE_A, "report_year": 2023, "reported_total_t_co2": 1000.0, "verified_total_t_co2": 1050.0},
        {"credit_code": CODE_B, "report_year": 2023, "reported_total_t_co2": 1000.0, "verified_total_t_co2": 1050.1},
        {"credit_code": CODE_C, "report_year": 2023, "reported_total_t_co2": 1000.0, "verified_total_t_co2": 949.0},
        {"credit_code": CODE_C, "report_year": 2024, "reported_total_t_co2": 1000.0, "verified_total_t_co2": None},
    ])
    flagged = {(x.credit_code, x.report_year): x for x in cross_source.xsrc_verified_gap(reports, current)}
    assert set(flagged) == {(CODE_B, 2023), (CODE_C, 2023)}  # exactly 5 % is within materiality
    assert (flagged[(CODE_C, 2023)].observed, flagged[(CODE_C, 2023)].expected_low,
            flagged[(CODE_C, 2023)].expected_high) == (949.0, 950.0, 1050.0)


def test_xsrc_elec_output_implied_by_metered_electricity():
    """电石 at 3,100 kWh/t: 31,000 MWh imply 10,000 t; reporting 8,000 t is a ratio of 0.80."""
    current = rule("XSRC-ELEC-OUTPUT")
    assert current.param("kwh_per_t")["电石"] == 3100 and current.param("ratio_band") == [0.85, 1.15]
    electricity = f.input_frame("electricity", [
        {"credit_code": code, "report_year": 2023, "month": m, "purchased_mwh": 31000 / 12, "generated_mwh": 0.0,
         "sold_mwh": 0.0, "consumption_mwh": 31000 / 12} for code in (CODE_A, CODE_B) for m in range(1, 13)])
    production = f.input_frame("production", [
        {"credit_code": code, "report_year": 2023, "month": m, "product": "电石", "output": output / 12, "output_unit": "t"}
        for code, output in ((CODE_A, 10000.0), (CODE_B, 8000.0)) for m in range(1, 13)])
    (finding,) = cross_source.xsrc_elec_output(production, electricity, current)
    assert finding.credit_code == CODE_B and finding.observed == pytest.approx(0.8)
    assert (finding.expected_low, finding.expected_high) == (0.85, 1.15)
    assert finding.rows[1].value == pytest.approx(10000.0)  # implied output


def test_xsrc_fuel_generation_efficiency_band():
    """1,000 MWh a month × 3.6 GJ/MWh from 7,200 GJ of fuel is 50 % (on the bound); from 6,000 GJ, 60 %."""
    current = rule("XSRC-FUEL-GENERATION")
    assert current.param("efficiency_band") == [0.25, 0.50]
    fuel = [coal_line(m, date(2023, m, 10), code=code, ncv=heat / 1000.0, carbon=0.026)
            for code, heat in ((CODE_A, 7200.0), (CODE_B, 6000.0)) for m in range(1, 13)]
    electricity = f.input_frame("electricity", [
        {"credit_code": code, "report_year": 2023, "month": m, "generated_mwh": 1000.0}
        for code in (CODE_A, CODE_B) for m in range(1, 13)])
    reports = f.input_frame("reports", [{"credit_code": code, "report_year": 2023, "industry": "power"}
                                        for code in (CODE_A, CODE_B)])
    (finding,) = cross_source.xsrc_fuel_generation(lines(*fuel), electricity, reports, current)
    assert finding.credit_code == CODE_B and finding.observed == pytest.approx(0.6)
    assert len(finding.rows) == 12 and finding.rows[0].value == pytest.approx(0.6)
    other_industry = reports.with_columns(industry=f.pl.lit("chemical"))
    assert cross_source.xsrc_fuel_generation(lines(*fuel), electricity, other_industry, current) == []


# ----------------------------------------------------------------------------------------------
# statistics


def series_frame(values: dict[str, list[float]], code: str = CODE_A, year: int = 2023):
    return f.pl.DataFrame([{"credit_code": code, "report_year": year, "series": name, "value": v}
                           for name, vs in values.items() for v in vs], schema=statistics.SERIES_SCHEMA)


def test_values_are_read_at_their_series_precision():
    assert statistics.decimals_of(12.5) == 1 and statistics.decimals_of(1200.0) == 0 and statistics.decimals_of(0.0265) == 4
    assert statistics.as_reported([12.5, 12.25, 1200.0, 0.0], 6) == ["12.50", "12.25", "1200.00"]


def test_stat_terminal_by_hand():
    """60 values all ending in 0: χ² = (60 − 6)² / 6 + 9 × 6² / 6 = 486 + 54 = 540 (9 df) ≫ 27.88 (p = 0.001)."""
    current = rule("STAT-TERMINAL")
    assert current.param("max_p_value") == 0.001
    assert statistics.chi_square_critical(0.001, 9) == pytest.approx(27.877, abs=1e-3)
    invented = series_frame({"燃料 fuel": [1000.0 + 10 * i for i in range(60)]})
    (finding,) = statistics.stat_terminal(invented, current)
    assert finding.observed == pytest.approx(540.0) and finding.expected_high == pytest.approx(27.877, abs=1e-3)
    assert [r.label for r in finding.rows] == [str(d) for d in range(10)] and finding.rows[0].value == 60
    uniform = series_frame({"燃料 fuel": [1000.0 + i for i in range(60)]})  # last digits 0-9, six each: χ² = 0
    assert statistics.stat_terminal(uniform, current) == []


def test_stat_heaping_by_hand():
    """30 of 60 values are multiples of 10: share 0.5 against 0.1 expected (×5)."""
    current = rule("STAT-HEAPING")
    assert (current.param("base"), current.param("max_p_value")) == (10, 0.0001)
    values = [1000.0 + 10 * i for i in range(30)] + [1001.0 + 10 * i for i in range(30)]
    (finding,) = statistics.stat_heaping(series_frame({"燃料 fuel": values}), current)
    assert (finding.observed, finding.expected_high) == (pytest.approx(0.5), pytest.approx(0.2))
    assert finding.rows[0].label == "0" and finding.rows[0].value == 30 and finding.rows[1].value == 30
    honest = [1000.0 + i for i in range(60)]  # 6 of 60 round: as expected
    assert statistics.stat_heaping(series_frame({"燃料 fuel": honest}), current) == []


def test_stat_benford_needs_many_independent_series():
    current = rule("STAT-BENFORD")
    assert (current.param("min_series"), current.param("max_series_share")) == (30, 0.1)
    # 120 values all starting with 9, over three orders of magnitude: nonconforming for the digit API
    nines = {f"series {i}": [9.1 * 10 ** (i % 3), 9.5 * 10 ** (i % 3), 9.9 * 10 ** (i % 3), 9.3 * 10 ** (i % 3)]
             for i in range(30)}
    (finding,) = statistics.stat_benford(series_frame(nines), current)
    assert finding.observed > 0.015 and finding.expected_high == 0.015
    few_series = {name: values * 3 for name, values in list(nines.items())[:10]}  # 10 series: clusters, not Benford
    assert statistics.stat_benford(series_frame(few_series), current) == []


def test_fuel_intensity_and_yoy_jump_by_hand():
    """Output 1,000 t every year; fuel 10,000 GJ (at the default NCV) in four years, 7,000 GJ in 2023:
    intensity 7 against the median 10 of the other years = −30 % (> 20 %) with output unchanged."""
    current = rule("STAT-YOY-JUMP")
    assert (current.param("max_intensity_change"), current.param("max_output_change"), current.param("min_other_years")) == (0.2, 0.1, 3)

    def build(heat_2023: float, output_2023: float, years=(2020, 2021, 2022, 2023, 2024)):
        fuel = [{"credit_code": CODE_A, "report_year": y, "month": 1, "fuel": "原煤", "default_ncv_gj_per_base_unit": 20.0,
                 "quantity_base_equivalent": (heat_2023 if y == 2023 else 10000.0) / 20.0} for y in years]
        production = [{"credit_code": CODE_A, "report_year": y, "month": 1, "product": "电石",
                       "output": output_2023 if y == 2023 else 1000.0, "output_unit": "t"} for y in years]
        return f.input_frame("fuel_lines", fuel), f.input_frame("production", production)

    fuel, production = build(7000.0, 1000.0)
    intensity = statistics.fuel_intensity(fuel, production).sort("report_year")
    assert intensity["intensity"].to_list() == [10.0, 10.0, 10.0, 7.0, 10.0]
    (finding,) = statistics.stat_yoy_jump(fuel, production, current)
    assert (finding.report_year, finding.observed, finding.expected_low, finding.expected_high) == (2023, 7.0, 8.0, 12.0)
    assert statistics.stat_yoy_jump(*build(8100.0, 1000.0), current) == []   # −19 %
    assert statistics.stat_yoy_jump(*build(7000.0, 850.0), current) == []    # output −15 %: load explains it
    assert statistics.stat_yoy_jump(*build(7000.0, 1000.0, years=(2021, 2022, 2023)), current) == []  # 2 other years
