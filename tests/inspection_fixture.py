"""A small published restricted.duckdb with the inspectors' marts (falsification_flags,
falsification_evidence, enterprise_risk, enterprise_emissions) in the columns of the screening
contract, one flag per chart type, so the report, dispositions and sampling are tested without a
pipeline run.

`write_restricted(path, dispositions=…)` plays the screening asset: it applies the recorded
decisions (`dispositions.apply`) to the flags it writes; `changed_rules` alters the evidence of
those rules (a later run with different data).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from orchestration.inspection import dispositions as d

YEAR = 2023
ENTERPRISES = [
    # credit_code, name, league_code, league_name, industry
    ("91150602MA0AAAAA01", "鄂尔多斯示例发电有限公司", "150600", "鄂尔多斯市", "power"),
    ("91150602MA0BBBBB02", "鄂尔多斯示例化工有限公司", "150600", "鄂尔多斯市", "chemical"),
    ("91150203MA0CCCCC03", "包头示例钢铁有限公司", "150200", "包头市", "steel"),
    ("91150302MA0DDDDD04", "乌海示例焦化有限公司", "150300", "乌海市", "chemical"),
    ("91150302MA0EEEEE05", "乌海示例水泥有限公司 <&\"'>", "150300", "乌海市", "building_materials"),
    ("91150102MA0FFFFF06", "呼和浩特示例乳业有限公司", "150100", "呼和浩特市", "other"),
]


@dataclass
class Flag:
    credit_code: str
    report_year: int
    rule_id: str
    title_zh: str
    title_en: str
    severity: str
    chart: str
    observed: float | None
    expected_low: float | None
    expected_high: float | None
    evidence: str
    rows: list[dict] = field(default_factory=list)


def _lab_rows(changed: bool) -> list[dict]:
    # months 1-11 "tested" on one day after the year ended (batch test passed off as monthly), December genuine
    rows = []
    for month in range(1, 13):
        sample_date = "2024-01-15" if month < 12 else "2023-12-10"
        if changed and month == 3:
            sample_date = "2023-03-09"
        rows.append({"label": f"1号机组 原煤 LAB-{month:02d}", "month": month, "date": sample_date,
                     "value": 0.0262 + month * 0.00001, "unit": "tC/GJ", "reference_low": None,
                     "reference_high": None, "detail": {"lab_report_id": f"CT2024-{month:03d}", "lab_name": "东煤测试"}})
    return rows


def _carbon_rows() -> list[dict]:
    rows = []
    for month in range(1, 13):
        ncv = 18.0 + month * 0.6
        fitted = 0.0290 - 0.00015 * ncv
        value = fitted + (0.0021 if month == 7 else 0.0002 * math.sin(month))
        rmse = 0.00035
        rows.append({"label": "原煤", "month": month, "date": None, "value": round(value, 6), "unit": "tC/GJ",
                     "reference_low": round(fitted - 3 * rmse, 6), "reference_high": round(fitted + 3 * rmse, 6),
                     "detail": {"ncv": round(ncv, 3), "fitted": round(fitted, 6), "rmse": rmse}})
    return rows


def _monthly_rows() -> list[dict]:
    values = [41_200, 40_800, 42_100, 39_900, 40_300, 41_000, 118_500, 40_700, 41_600, 40_200, 39_800, 41_400]
    return [{"label": "原煤 消耗量 consumption", "month": m, "date": None, "value": float(v), "unit": "t",
             "reference_low": 30_000.0, "reference_high": 52_000.0, "detail": {"robust_z": 9.1 if m == 7 else 0.2}}
            for m, v in enumerate(values, start=1)]


def _peer_rows(subject: str) -> list[dict]:
    peers = [1.62, 1.71, 1.66, 1.80, 1.58, 1.75, 1.69, 1.64]
    rows = [{"label": f"同行 peer {i}", "month": None, "date": None, "value": v, "unit": "tce/t",
             "reference_low": 1.45, "reference_high": 1.90, "detail": {}} for i, v in enumerate(peers, start=1)]
    rows.append({"label": subject, "month": None, "date": None, "value": 1.12, "unit": "tce/t",
                 "reference_low": 1.45, "reference_high": 1.90, "detail": {"is_subject": True}})
    return rows


def _digit_rows() -> list[dict]:
    counts = [12, 14, 13, 12, 11, 10, 9, 10, 9]  # flat: far from Benford
    return [{"label": str(digit), "month": None, "date": None, "value": float(count), "unit": "count",
             "reference_low": None, "reference_high": None,
             "detail": {"expected": math.log10(1 + 1 / digit)}} for digit, count in enumerate(counts, start=1)]


def flags(changed_rules: frozenset[str] = frozenset()) -> list[Flag]:
    e = ENTERPRISES
    return [
        Flag(e[0][0], YEAR, "LAB-DATE-CLUSTER", "化验日期集中", "Lab dates clustered", "high", "lab_timeline",
             11, 0, 2, "11 个月的化验样品于同一天 2024-01-15 采样 11 monthly lab samples were all taken on 2024-01-15",
             _lab_rows("LAB-DATE-CLUSTER" in changed_rules)),
        Flag(e[0][0], YEAR, "CARBON-NCV-RESIDUAL", "含碳量偏离热值回归", "Carbon content off the NCV regression",
             "medium", "carbon_vs_ncv", 0.02668, 0.02453, 0.02663,
             "7 月含碳量超出回归带 ±3 RMSE July carbon content outside the ±3 RMSE band", _carbon_rows()),
        Flag(e[1][0], YEAR, "MONTHLY-JUMP", "月度突变", "Sudden monthly jump", "medium", "monthly_series",
             118_500, 30_000, 52_000, "7 月原煤消耗量突增 (robust z = 9.1) July coal use jumps (robust z = 9.1)",
             _monthly_rows()),
        Flag(e[1][0], YEAR - 1, "MONTHLY-JUMP", "月度突变", "Sudden monthly jump", "low", "monthly_series",
             60_000, 30_000, 52_000, "上年 7 月突增 July jump of the previous year", _monthly_rows()[:6]),
        Flag(e[2][0], YEAR, "PEER-INTENSITY", "单位产品能耗低于同行", "Energy per tonne below peers", "low",
             "peer_distribution", 1.12, 1.45, 1.90,
             "吨钢综合能耗 1.12 tce/t 低于同行区间 Energy per tonne of steel 1.12 tce/t below the peer range",
             _peer_rows(e[2][1])),
        Flag(e[3][0], YEAR, "BENFORD-FIRST", "首位数字偏离本福特", "First digits off Benford", "low", "digits",
             0.031, 0.0, 0.015, "首位数字 MAD = 0.031 (不符合) first-digit MAD 0.031 (nonconformity)", _digit_rows()),
        Flag(e[4][0], YEAR, "TOTAL-MISMATCH", "排放总量不能复算", "Reported total does not reproduce", "high", "none",
             512_000, 455_000, 465_000, "报告总量 512,000 t 与复算 460,000 t 不符 <script>alert(1)</script>",
             [{"label": "报告总量 reported", "month": None, "date": None, "value": 512_000.0, "unit": "t CO2",
               "reference_low": 455_000.0, "reference_high": 465_000.0, "detail": {"recomputed": 460_000}}]),
    ]


def risk_rows() -> list[dict]:
    scores = {e[0]: s for e, s in zip(ENTERPRISES, (92.0, 61.5, 24.0, 18.0, 70.0, 0.0))}
    out = []
    for year in (YEAR - 1, YEAR):
        for code, name, league, _, industry in ENTERPRISES:
            mine = [f for f in flags() if f.credit_code == code and f.report_year == year]
            score = scores[code] if year == YEAR else (35.0 if mine else 0.0)
            top = max(mine, key=lambda f: ("low", "medium", "high").index(f.severity)).rule_id if mine else None
            out.append({"credit_code": code, "report_year": year, "risk_score": score, "n_flags": len(mine),
                        "top_rule_id": top, "enterprise_name": name, "league_code": league, "industry": industry,
                        "n_high": sum(f.severity == "high" for f in mine),
                        "n_medium": sum(f.severity == "medium" for f in mine),
                        "n_low": sum(f.severity == "low" for f in mine), "n_cleared": 0})
    return out


def write_restricted(path: Path, dispositions: Path | None = None,
                     changed_rules: frozenset[str] | set[str] = frozenset()) -> Path:
    """Write (replace) a restricted.duckdb at `path`; returns `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    by_code = {e[0]: e for e in ENTERPRISES}
    flag_rows, evidence_rows = [], []
    for flag in flags(frozenset(changed_rules)):
        fid = d.flag_id(flag.credit_code, flag.report_year, flag.rule_id)
        rows = [{**row, "detail": json.dumps(row["detail"], ensure_ascii=False)} for row in flag.rows]
        for number, row in enumerate(rows, start=1):
            evidence_rows.append({"flag_id": fid, "row_number": number, **row})
        _, name, league, _, industry = by_code[flag.credit_code]
        flag_rows.append({
            "flag_id": fid, "credit_code": flag.credit_code, "enterprise_name": name, "league_code": league,
            "industry": industry, "report_year": flag.report_year, "rule_id": flag.rule_id, "rule_version": "1",
            "rule_title_zh": flag.title_zh, "rule_title_en": flag.title_en, "severity": flag.severity,
            "observed": flag.observed, "expected_low": flag.expected_low, "expected_high": flag.expected_high,
            "evidence": flag.evidence, "chart": flag.chart, "evidence_hash": d.evidence_hash(rows),
        })
    frame = pl.DataFrame(flag_rows)
    decided = d.apply(frame, d.load(dispositions) if dispositions else d.load(path.with_suffix(".none")))
    falsification_flags = decided.select(
        "flag_id", "credit_code", "enterprise_name", "league_code", "industry", "report_year", "rule_id",
        "rule_version", "rule_title_zh", "rule_title_en", "severity", "observed", "expected_low", "expected_high",
        "evidence", "chart", "evidence_hash", "status", "decision", "decision_reason", "decided_by", "decided_at",
    )
    falsification_evidence = pl.DataFrame(evidence_rows, schema={
        "flag_id": pl.String, "row_number": pl.Int32, "label": pl.String, "month": pl.Int32, "date": pl.String,
        "value": pl.Float64, "unit": pl.String, "reference_low": pl.Float64, "reference_high": pl.Float64,
        "detail": pl.String,
    })
    enterprise_risk = pl.DataFrame(risk_rows())
    enterprise_emissions = pl.DataFrame([
        {"credit_code": code, "enterprise_name": name, "league_code": league, "league_name": league_name,
         "industry": industry, "year": year, "total_t_co2": 400_000.0 + i * 1000, "reported_total_t_co2": 401_000.0,
         "verified_total_t_co2": None if i == 4 else 400_500.0}
        for year in (YEAR - 1, YEAR) for i, (code, name, league, league_name, industry) in enumerate(ENTERPRISES)
    ], schema_overrides={"verified_total_t_co2": pl.Float64})
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema marts")
        for name, table in (("falsification_flags", falsification_flags), ("falsification_evidence", falsification_evidence),
                            ("enterprise_risk", enterprise_risk), ("enterprise_emissions", enterprise_emissions)):
            con.register("frame", table.to_arrow())
            con.execute(f"create table marts.{name} as select * from frame")
            con.unregister("frame")
        con.execute("create schema quality")
        con.execute("create table quality.publication as select timestamptz '2024-03-01 08:00:00+00' as published_at, "
                    "'{}' as tables, '{\"run_id\": \"fixture\"}' as metadata")
    finally:
        con.close()
    return path


def flag_id_of(rule_id: str, year: int = YEAR) -> str:
    flag = next(f for f in flags() if f.rule_id == rule_id and f.report_year == year)
    return d.flag_id(flag.credit_code, flag.report_year, flag.rule_id)
