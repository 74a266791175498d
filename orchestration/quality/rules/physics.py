"""Physics and peer rules on the efficiency list: unit consumption beyond physical limits, and far
out of line with peers of the same indicator and year.

Input `efficiency`: marts.efficiency_list with report_year (credit_code, report_year, product,
indicator, indicator_unit, route, unit_consumption, level1, level2, level3, standard, output,
output_unit, energy_consumption_tce, electricity_consumption_mwh).
"""

from __future__ import annotations

import statistics

import polars as pl

from orchestration.quality.rules.base import EvidenceRow, Finding, Rule, fmt

ROBUST_Z_CONSTANT = 0.6745  # Φ⁻¹(0.75): makes the MAD a standard-deviation estimate for normal data


def robust_z(value: float, median: float, mad: float) -> float:
    """Iglewicz & Hoaglin's modified z-score 0.6745 (x − median) / MAD (±inf when MAD = 0 and x ≠ median)."""
    if mad == 0:
        return 0.0 if value == median else float("inf") if value > median else float("-inf")
    return ROBUST_Z_CONSTANT * (value - median) / mad


def median_and_mad(values: list[float]) -> tuple[float, float]:
    median = statistics.median(values)
    return median, statistics.median(abs(v - median) for v in values)


def _rows(efficiency: pl.DataFrame) -> pl.DataFrame:
    return efficiency.filter(pl.col("unit_consumption").is_not_null() & (pl.col("route") != "not_comparable"))


def _peer_rows(group: list[dict], subject: dict, low: float | None, high: float | None, **subject_detail) -> list[EvidenceRow]:
    rows = []
    for peer in sorted(group, key=lambda r: (r["unit_consumption"], r["credit_code"])):
        is_subject = peer["credit_code"] == subject["credit_code"] and peer["product"] == subject["product"]
        detail = {"credit_code": peer["credit_code"], "product": peer["product"], "is_subject": is_subject}
        if is_subject:
            detail.update({"level1": subject.get("level1"), "level2": subject.get("level2"),
                           "level3": subject.get("level3"), "standard": subject.get("standard"),
                           "output": subject.get("output"), "output_unit": subject.get("output_unit"),
                           "energy_consumption_tce": subject.get("energy_consumption_tce"), **subject_detail})
        rows.append(EvidenceRow(
            label="本企业 this enterprise" if is_subject else "同行 peer", value=peer["unit_consumption"],
            unit=peer["indicator_unit"], reference_low=low, reference_high=high, detail=detail,
        ))
    return rows


def _by_indicator_year(rows: pl.DataFrame) -> dict[tuple[str, int], list[dict]]:
    grouped: dict[tuple[str, int], list[dict]] = {}
    for row in rows.sort("indicator", "report_year", "credit_code", "product").iter_rows(named=True):
        grouped.setdefault((row["indicator"], int(row["report_year"])), []).append(row)
    return grouped


def phys_unit_consumption(efficiency: pl.DataFrame, rule: Rule) -> list[Finding]:
    bands = {indicator: (float(low), float(high)) for indicator, (low, high) in rule.param("bands").items()}
    findings: dict[tuple[str, int], Finding] = {}
    for (indicator, year), group in _by_indicator_year(_rows(efficiency).filter(pl.col("indicator").is_in(list(bands)))).items():
        low, high = bands[indicator]
        for row in group:
            value = row["unit_consumption"]
            if low <= value <= high:
                continue
            key = (row["credit_code"], year)
            if key in findings:
                continue  # one flag per enterprise-year (the first product found)
            side_zh, side_en = ("低于", "below") if value < low else ("高于", "above")
            findings[key] = Finding(
                row["credit_code"], year, value, low, high,
                f"{row['product']}的{indicator} {fmt(value)} {row['indicator_unit']}，{side_zh}物理可能范围 {fmt(low)}–{fmt(high)}"
                f"（一级 {fmt(row['level1'])}、三级 {fmt(row['level3'])}，{row['standard']}）。",
                f"{row['product']} {indicator} {fmt(value)} {row['indicator_unit']} is {side_en} the physically possible "
                f"range {fmt(low)}-{fmt(high)} (level 1 {fmt(row['level1'])}, level 3 {fmt(row['level3'])}, {row['standard']}).",
                _peer_rows(group, row, low, high), row["indicator_unit"],
            )
    return list(findings.values())


def peer_robust_z(efficiency: pl.DataFrame, rule: Rule, physical_bands: dict | None = None) -> list[Finding]:
    units = list(rule.param("indicator_units"))
    max_z, min_deviation = float(rule.param("max_abs_z")), float(rule.param("min_relative_deviation"))
    min_peers = int(rule.param("min_peers"))
    direction = str(rule.param("direction"))
    if direction not in ("low", "high", "both"):
        raise ValueError(f"{rule.id}: direction must be low, high or both, not {direction!r}")
    bands = {k: (float(v[0]), float(v[1])) for k, v in (physical_bands or {}).items()}
    rows = _rows(efficiency).filter(pl.col("indicator_unit").is_in(units))
    findings: dict[tuple[str, int], Finding] = {}
    for (indicator, year), group in _by_indicator_year(rows).items():
        if indicator in bands:  # values beyond physical limits are PHYS-UNIT-CONSUMPTION's
            low_limit, high_limit = bands[indicator]
            group = [r for r in group if low_limit <= r["unit_consumption"] <= high_limit]
        if len(group) < min_peers:
            continue
        median, mad = median_and_mad([r["unit_consumption"] for r in group])
        half_width = max(max_z * mad / ROBUST_Z_CONSTANT, min_deviation * abs(median))
        low = median - half_width if direction != "high" else None
        high = median + half_width if direction != "low" else None
        for row in group:
            value = row["unit_consumption"]
            z = robust_z(value, median, mad)
            if abs(z) <= max_z or abs(value - median) <= min_deviation * abs(median):
                continue
            if (direction == "low" and value > median) or (direction == "high" and value < median):
                continue
            key = (row["credit_code"], year)
            if key in findings:
                continue
            deviation = (value - median) / median
            z_text = f"{z:+.1f}" if abs(z) != float("inf") else "∞"
            findings[key] = Finding(
                row["credit_code"], year, value, low, high,
                f"{row['product']}的{indicator} {fmt(value)} {row['indicator_unit']}，同类 {len(group)} 家企业中位数 {fmt(median)}"
                f"（MAD {fmt(mad)}），稳健Z值 {z_text}，偏离 {deviation * 100:+.1f}%。",
                f"{row['product']} {indicator} {fmt(value)} {row['indicator_unit']} against a median of {fmt(median)} over "
                f"{len(group)} peers (MAD {fmt(mad)}): robust z {z_text}, {deviation * 100:+.1f} % from the median.",
                _peer_rows(group, row, low, high, robust_z=z if abs(z) != float("inf") else None, median=median,
                           mad=mad, n_peers=len(group)),
                row["indicator_unit"],
            )
    return list(findings.values())
