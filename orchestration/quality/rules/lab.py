"""Lab evidence rules: the lab records of measured NCV and carbon content on the fuel lines.

Input `fuel_lines`: one row per fuel line (intermediate.int_enterprise__combustion), columns
credit_code, report_year, month, unit_id, fuel, consumption_unit, ncv_reported_gj_per_unit,
ncv_reported_gj_per_base_unit, ncv_source, carbon_content_reported_tc_per_gj,
carbon_content_source, lab_report_id, lab_name, sample_date (date).
"""

from __future__ import annotations

import calendar
import math
from collections import defaultdict
from datetime import date, timedelta

import polars as pl

from orchestration.quality.rules.base import EvidenceRow, Finding, Rule, fmt, iso

NCV_MEASURED = (pl.col("ncv_source") == "measured") & pl.col("ncv_reported_gj_per_unit").is_not_null()
CARBON_MEASURED = (pl.col("carbon_content_source") == "measured") & pl.col("carbon_content_reported_tc_per_gj").is_not_null()
HAS_LAB_RECORD = (
    pl.col("lab_report_id").str.strip_chars().fill_null("").ne("")
    & pl.col("lab_name").str.strip_chars().fill_null("").ne("")
    & pl.col("sample_date").is_not_null()
)


def measured_lines(fuel_lines: pl.DataFrame) -> pl.DataFrame:
    """Lines declaring a measured NCV or carbon content with its value."""
    return fuel_lines.filter(NCV_MEASURED | CARBON_MEASURED)


def _line_label(row: dict) -> str:
    return f"{row['unit_id']} {row['fuel']}"


def _lab_value(row: dict) -> tuple[float | None, str | None]:
    """The value a lab record stands for: carbon content when measured, else the NCV."""
    if row.get("carbon_content_source") == "measured" and row.get("carbon_content_reported_tc_per_gj") is not None:
        return row["carbon_content_reported_tc_per_gj"], "tC/GJ"
    if row.get("ncv_reported_gj_per_unit") is not None:
        return row["ncv_reported_gj_per_unit"], f"GJ/{row.get('consumption_unit') or 'unit'}"
    return None, None


def _lab_row(row: dict, **detail) -> EvidenceRow:
    value, unit = _lab_value(row)
    return EvidenceRow(
        label=_line_label(row), value=value, unit=unit, month=row["month"], date=iso(row.get("sample_date")),
        detail={"lab_report_id": row.get("lab_report_id"), "lab_name": row.get("lab_name"), "unit_id": row["unit_id"],
                "fuel": row["fuel"], **detail},
    )


def _by_report(frame: pl.DataFrame) -> dict[tuple[str, int], list[dict]]:
    grouped: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for row in frame.sort("credit_code", "report_year", "fuel", "month", "unit_id").iter_rows(named=True):
        grouped[(row["credit_code"], int(row["report_year"]))].append(row)
    return grouped


# ----------------------------------------------------------------------------------------------
# LAB-DATE-CLUSTER


def densest_window(records: list[tuple[date, int]], window_days: int) -> tuple[int, list[int]]:
    """The largest number of distinct months among records whose dates lie within `window_days`
    of each other, and the indexes of those records. `records`: (sample date, line month)."""
    order = sorted(range(len(records)), key=lambda i: (records[i][0], records[i][1]))
    best, members = 0, []
    end = 0
    for start_position, start in enumerate(order):
        end = max(end, start_position)
        while end + 1 < len(order) and (records[order[end + 1]][0] - records[start][0]).days <= window_days:
            end += 1
        window = order[start_position:end + 1]
        months = {records[i][1] for i in window}
        if len(months) > best:
            best, members = len(months), window
    return best, members


def lab_date_cluster(fuel_lines: pl.DataFrame, rule: Rule) -> list[Finding]:
    window_days, min_months = int(rule.param("window_days")), int(rule.param("min_months"))
    lines = measured_lines(fuel_lines).filter(pl.col("sample_date").is_not_null())
    findings = []
    for (credit_code, year), rows in _by_report(lines).items():
        by_fuel: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            by_fuel[row["fuel"]].append(row)
        worst, evidence, clustered = 0, [], []
        for fuel, fuel_rows in by_fuel.items():
            count, members = densest_window([(r["sample_date"], r["month"]) for r in fuel_rows], window_days)
            if count < min_months:
                continue
            worst = max(worst, count)
            member_rows = [fuel_rows[i] for i in members]
            dates = sorted(r["sample_date"] for r in member_rows)
            clustered.append((fuel, count, dates[0], dates[-1]))
            member_ids = {id(r) for r in member_rows}
            evidence += [_lab_row(r, in_cluster=id(r) in member_ids) for r in fuel_rows]
        if not clustered:
            continue
        text_zh = "；".join(f"{fuel} {count} 个不同月份的化验样品采样于 {a.isoformat()} 至 {b.isoformat()}（{(b - a).days} 天内）"
                           for fuel, count, a, b in clustered)
        text_en = "; ".join(f"{fuel}: samples of {count} different months taken {a.isoformat()} to {b.isoformat()} "
                            f"(within {(b - a).days} days)" for fuel, count, a, b in clustered)
        findings.append(Finding(
            credit_code, year, float(worst), None, float(min_months - 1),
            f"{text_zh}，逐月采样不可能如此集中。", f"{text_en}: monthly sampling cannot be this close.",
            evidence, "distinct months",
        ))
    return findings


# ----------------------------------------------------------------------------------------------
# LAB-LATE


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def lab_late(fuel_lines: pl.DataFrame, rule: Rule) -> list[Finding]:
    deadline_days, min_lines = int(rule.param("deadline_days")), int(rule.param("min_lines"))
    lines = measured_lines(fuel_lines).filter(pl.col("sample_date").is_not_null())
    findings = []
    for (credit_code, year), rows in _by_report(lines).items():
        late = []
        for row in rows:
            end = month_end(year, row["month"])
            days_after = (row["sample_date"] - end).days
            if days_after > deadline_days:
                late.append((row, days_after, end + timedelta(days=deadline_days)))
        if len(late) < min_lines:
            continue
        worst = max(days for _, days, _ in late)
        evidence = [_lab_row(row, days_after_month_end=days, deadline=deadline.isoformat())
                    for row, days, deadline in late]
        months = "、".join(sorted({f"{row['month']}月" for row, _, _ in late}, key=lambda m: int(m[:-1])))
        months_en = ", ".join(str(m) for m in sorted({row["month"] for row, _, _ in late}))
        findings.append(Finding(
            credit_code, year, float(worst), None, float(deadline_days),
            f"{len(late)} 条燃料行（{months}）的化验样品采样日期晚于该月月末 {deadline_days} 天的报告期限，最晚 {worst} 天：报告必然逾期（事后补测）。",
            f"{len(late)} fuel line(s) (months {months_en}) were sampled after the report deadline of month end + "
            f"{deadline_days} days, the latest {worst} days after the month: the report was necessarily late (a catch-up test).",
            evidence, "days after month end",
        ))
    return findings


# ----------------------------------------------------------------------------------------------
# LAB-ID-REUSE


def lab_id_reuse(fuel_lines: pl.DataFrame, rule: Rule) -> list[Finding]:
    max_months = int(rule.param("max_months_per_id"))
    max_enterprises = int(rule.param("max_enterprises_per_id"))
    max_fuels = int(rule.param("max_fuels_per_id"))
    lines = measured_lines(fuel_lines).with_columns(
        report_id=pl.col("lab_report_id").str.strip_chars().str.to_uppercase()
    ).filter(pl.col("report_id").fill_null("") != "")
    if lines.is_empty():
        return []
    # months and fuels per report id and enterprise
    per_enterprise = lines.group_by("report_id", "credit_code").agg(
        n_months=pl.struct("report_year", "month").n_unique(), n_fuels=pl.col("fuel").n_unique()
    )
    problems = (
        per_enterprise.group_by("report_id")
        .agg(n_enterprises=pl.len(), n_months=pl.col("n_months").max(), n_fuels=pl.col("n_fuels").max())
        .filter((pl.col("n_enterprises") > max_enterprises) | (pl.col("n_months") > max_months)
                | (pl.col("n_fuels") > max_fuels))
    )
    if problems.is_empty():
        return []
    reused = lines.join(problems, on="report_id", how="inner")
    uses_by_id: dict[str, list[dict]] = defaultdict(list)
    for row in reused.sort("report_id", "credit_code", "report_year", "month", "unit_id").iter_rows(named=True):
        uses_by_id[row["report_id"]].append(row)
    findings = []
    for (credit_code, year), rows in _by_report(reused).items():
        ids = sorted({r["report_id"] for r in rows})
        evidence = []
        for report_id in ids:
            for use in uses_by_id[report_id]:
                evidence.append(_lab_row(
                    use, report_id=report_id, used_by=use["credit_code"], used_in_year=use["report_year"],
                    this_report=use["credit_code"] == credit_code and use["report_year"] == year,
                ))
        summary_zh, summary_en = [], []
        for report_id in ids:
            uses = uses_by_id[report_id]
            enterprises = {u["credit_code"] for u in uses}
            months = sorted({(u["report_year"], u["month"]) for u in uses})
            fuels = sorted({u["fuel"] for u in uses})
            months_text = ", ".join(f"{y}-{m:02d}" for y, m in months)
            summary_zh.append(f"{report_id} 用于 {len(enterprises)} 家企业、{len(months)} 个月份（{months_text}）、燃料 {'/'.join(fuels)}")
            summary_en.append(f"{report_id} used by {len(enterprises)} enterprise(s) for {len(months)} month(s) "
                              f"({months_text}), fuel {'/'.join(fuels)}")
        findings.append(Finding(
            credit_code, year, float(len(ids)), None, 0.0,
            "同一化验报告编号重复使用：" + "；".join(summary_zh) + "。",
            "One lab report id reused: " + "; ".join(summary_en) + ".",
            evidence, "reused report ids",
        ))
    return findings


# ----------------------------------------------------------------------------------------------
# LAB-REPEAT


def lab_repeat(fuel_lines: pl.DataFrame, rule: Rule) -> list[Finding]:
    min_months = int(rule.param("min_months"))
    lines = measured_lines(fuel_lines).with_columns(
        ncv_key=pl.when(NCV_MEASURED).then(pl.col("ncv_reported_gj_per_unit")),
        carbon_key=pl.when(CARBON_MEASURED).then(pl.col("carbon_content_reported_tc_per_gj")),
    )
    findings = []
    for (credit_code, year), rows in _by_report(lines).items():
        by_fuel: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            by_fuel[row["fuel"]].append(row)
        worst, evidence, texts_zh, texts_en = 0, [], [], []
        for fuel, fuel_rows in by_fuel.items():
            months_by_value: dict[tuple, set[int]] = defaultdict(set)
            for row in fuel_rows:
                months_by_value[(row["ncv_key"], row["carbon_key"])].add(row["month"])
            repeated = {key: months for key, months in months_by_value.items() if len(months) >= min_months}
            if not repeated:
                continue
            for (ncv, carbon), months in sorted(repeated.items(), key=lambda item: -len(item[1])):
                worst = max(worst, len(months))
                values = " / ".join(v for v in (f"NCV {fmt(ncv, 6)}" if ncv is not None else "",
                                                f"C {fmt(carbon, 6)} tC/GJ" if carbon is not None else "") if v)
                month_list = ", ".join(str(m) for m in sorted(months))
                texts_zh.append(f"{fuel} {len(months)} 个月份（{month_list}月）报告完全相同的实测值（{values}）")
                texts_en.append(f"{fuel}: {len(months)} months ({month_list}) report identical measured values ({values})")
            keys = set(repeated)
            evidence += [_lab_row(r, ncv=r["ncv_key"], carbon_content=r["carbon_key"],
                                  repeated=(r["ncv_key"], r["carbon_key"]) in keys) for r in fuel_rows]
        if not texts_zh:
            continue
        findings.append(Finding(
            credit_code, year, float(worst), None, float(min_months - 1),
            "；".join(texts_zh) + "，逐月煤质不会逐位相同。", "; ".join(texts_en) + ": monthly coal quality is never digit-for-digit equal.",
            evidence, "months with one identical value",
        ))
    return findings


# ----------------------------------------------------------------------------------------------
# LAB-NO-RECORD


def lab_no_record(fuel_lines: pl.DataFrame, rule: Rule) -> list[Finding]:
    min_lines = int(rule.param("min_lines"))
    lines = measured_lines(fuel_lines).filter(~HAS_LAB_RECORD)
    findings = []
    for (credit_code, year), rows in _by_report(lines).items():
        if len(rows) < min_lines:
            continue
        evidence = []
        for row in rows:
            missing = [name for name, present in (
                ("lab_report_id", bool((row.get("lab_report_id") or "").strip())),
                ("lab_name", bool((row.get("lab_name") or "").strip())),
                ("sample_date", row.get("sample_date") is not None)) if not present]
            evidence.append(_lab_row(row, missing=missing))
        months = ", ".join(str(m) for m in sorted({r["month"] for r in rows}))
        findings.append(Finding(
            credit_code, year, float(len(rows)), None, 0.0,
            f"{len(rows)} 条燃料行声明实测值却缺少完整化验记录（报告编号、化验机构或采样日期），涉及 {months} 月，无法核验。",
            f"{len(rows)} fuel line(s) declare measured values without a complete lab record (report id, lab or sample "
            f"date), months {months}: they cannot be verified.",
            evidence, "lines",
        ))
    return findings


# ----------------------------------------------------------------------------------------------
# LAB-CARBON-BAND


def outside_band(value: float, band: tuple[float, float]) -> float:
    """How far a value lies outside [low, high] (0 inside)."""
    low, high = band
    return max(low - value, value - high, 0.0)


def lab_carbon_band(fuel_lines: pl.DataFrame, rule: Rule) -> list[Finding]:
    bands = {fuel: (float(low), float(high)) for fuel, (low, high) in rule.param("bands_tc_per_gj").items()}
    lines = fuel_lines.filter(CARBON_MEASURED & pl.col("fuel").is_in(list(bands)))
    findings = []
    for (credit_code, year), rows in _by_report(lines).items():
        outside = [r for r in rows if outside_band(r["carbon_content_reported_tc_per_gj"], bands[r["fuel"]]) > 0]
        if not outside:
            continue
        worst = max(outside, key=lambda r: outside_band(r["carbon_content_reported_tc_per_gj"], bands[r["fuel"]]))
        fuels = sorted({r["fuel"] for r in outside})
        evidence = []
        for row in rows:
            if row["fuel"] not in fuels:
                continue
            low, high = bands[row["fuel"]]
            evidence.append(EvidenceRow(
                label=_line_label(row), value=row["carbon_content_reported_tc_per_gj"], unit="tC/GJ",
                month=row["month"], date=iso(row.get("sample_date")), reference_low=low, reference_high=high,
                detail={"lab_report_id": row.get("lab_report_id"), "lab_name": row.get("lab_name"),
                        "ncv": row.get("ncv_reported_gj_per_unit"),
                        "outside": outside_band(row["carbon_content_reported_tc_per_gj"], (low, high)) > 0},
            ))
        low, high = bands[worst["fuel"]]
        value = worst["carbon_content_reported_tc_per_gj"]
        findings.append(Finding(
            credit_code, year, value, low, high,
            f"{len(outside)} 个月份的实测单位热值含碳量超出物理范围，最偏者 {worst['fuel']} {worst['month']}月 {value * 1000:.2f} tC/TJ"
            f"（该燃料范围 {low * 1000:.1f}–{high * 1000:.1f} tC/TJ）。",
            f"{len(outside)} measured carbon content(s) outside the physical band, the furthest {worst['fuel']} month "
            f"{worst['month']}: {value * 1000:.2f} tC/TJ (band {low * 1000:.1f}-{high * 1000:.1f} tC/TJ).",
            evidence, "tC/GJ",
        ))
    return findings


# ----------------------------------------------------------------------------------------------
# LAB-CARBON-NCV


def least_squares(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Ordinary least squares y = intercept + slope × x: (intercept, slope, RMSE = sqrt(Σ r² / n))."""
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx if sxx else 0.0
    intercept = mean_y - slope * mean_x
    rmse = math.sqrt(sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True)) / n)
    return intercept, slope, rmse


def carbon_ncv_points(fuel_lines: pl.DataFrame, fuels: list[str],
                      bands: dict[str, tuple[float, float]]) -> pl.DataFrame:
    """The (NCV GJ/t, carbon tC/t) points of the regression: coal lines in t with both values
    measured and the carbon content within the fuel's physical band."""
    points = fuel_lines.filter(
        NCV_MEASURED & CARBON_MEASURED & pl.col("fuel").is_in(fuels) & (pl.col("consumption_unit") == "t")
    ).with_columns(
        ncv_gj_per_t=pl.col("ncv_reported_gj_per_base_unit"),
        carbon_t_per_t=pl.col("carbon_content_reported_tc_per_gj") * pl.col("ncv_reported_gj_per_base_unit"),
    )
    if bands:
        low = pl.col("fuel").replace_strict({f: b[0] for f, b in bands.items()}, default=None, return_dtype=pl.Float64)
        high = pl.col("fuel").replace_strict({f: b[1] for f, b in bands.items()}, default=None, return_dtype=pl.Float64)
        carbon = pl.col("carbon_content_reported_tc_per_gj")
        points = points.filter(low.is_null() | ((carbon >= low) & (carbon <= high)))
    return points


def lab_carbon_ncv(fuel_lines: pl.DataFrame, rule: Rule, bands: dict[str, tuple[float, float]] | None = None) -> list[Finding]:
    fuels = list(rule.param("fuels"))
    limit, min_points = float(rule.param("max_residual_rmse")), int(rule.param("min_points"))
    points = carbon_ncv_points(fuel_lines, fuels, bands or {})
    outliers: dict[tuple[str, int], list[tuple[dict, dict]]] = defaultdict(list)
    fits: dict[str, dict] = {}
    for (fuel,), group in points.group_by("fuel"):
        if group.height < min_points:
            continue
        xs, ys = group["ncv_gj_per_t"].to_list(), group["carbon_t_per_t"].to_list()
        intercept, slope, rmse = least_squares(xs, ys)
        fit = {"fuel": fuel, "intercept": intercept, "slope": slope, "rmse": rmse, "n": group.height}
        fits[fuel] = fit
        for row in group.iter_rows(named=True):
            residual = row["carbon_t_per_t"] - (intercept + slope * row["ncv_gj_per_t"])
            if rmse > 0 and abs(residual) > limit * rmse:
                outliers[(row["credit_code"], int(row["report_year"]))].append((row, fit))
    findings = []
    for (credit_code, year), found in sorted(outliers.items()):
        worst_row, worst_fit = max(found, key=lambda item: abs(
            item[0]["carbon_t_per_t"] - item[1]["intercept"] - item[1]["slope"] * item[0]["ncv_gj_per_t"]) / item[1]["rmse"])
        fitted = worst_fit["intercept"] + worst_fit["slope"] * worst_row["ncv_gj_per_t"]
        band = limit * worst_fit["rmse"]
        outlier_keys = {(r["unit_id"], r["fuel"], r["month"]) for r, _ in found}
        fuels_hit = sorted({r["fuel"] for r, _ in found})
        report_points = points.filter(
            (pl.col("credit_code") == credit_code) & (pl.col("report_year") == year) & pl.col("fuel").is_in(fuels_hit)
        ).sort("fuel", "month", "unit_id")
        evidence = []
        for row in report_points.iter_rows(named=True):
            fit = fits[row["fuel"]]
            row_fitted = fit["intercept"] + fit["slope"] * row["ncv_gj_per_t"]
            residual = row["carbon_t_per_t"] - row_fitted
            evidence.append(EvidenceRow(
                label=_line_label(row), value=row["carbon_t_per_t"], unit="tC/t", month=row["month"],
                date=iso(row.get("sample_date")), reference_low=row_fitted - limit * fit["rmse"],
                reference_high=row_fitted + limit * fit["rmse"],
                detail={"ncv": row["ncv_gj_per_t"], "ncv_unit": "GJ/t",
                        "carbon_content_tc_per_gj": row["carbon_content_reported_tc_per_gj"],
                        "fitted": row_fitted, "residual": residual, "residual_rmse": residual / fit["rmse"],
                        "rmse": fit["rmse"], "slope": fit["slope"], "intercept": fit["intercept"], "n_points": fit["n"],
                        "lab_report_id": row.get("lab_report_id"), "lab_name": row.get("lab_name"),
                        "outside": (row["unit_id"], row["fuel"], row["month"]) in outlier_keys},
            ))
        value = worst_row["carbon_t_per_t"]
        ratio = (value - fitted) / worst_fit["rmse"]
        findings.append(Finding(
            credit_code, year, value, fitted - band, fitted + band,
            f"{len(found)} 个实测点的单位质量含碳量偏离全部报告的含碳量—发热量回归线超过 {limit:g} 倍RMSE；最偏者 {worst_row['fuel']} "
            f"{worst_row['month']}月：发热量 {worst_row['ncv_gj_per_t']:.3f} GJ/t 时含碳量 {value:.4f} tC/t，回归值 {fitted:.4f}（{ratio:+.1f} RMSE）。",
            f"{len(found)} measured point(s) lie more than {limit:g} RMSE off the carbon-on-NCV regression of all reports; "
            f"the furthest {worst_row['fuel']} month {worst_row['month']}: {value:.4f} tC/t at NCV "
            f"{worst_row['ncv_gj_per_t']:.3f} GJ/t against {fitted:.4f} fitted ({ratio:+.1f} RMSE).",
            evidence, "tC/t",
        ))
    return findings
