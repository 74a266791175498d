"""Arithmetic rule: does the report reproduce its own total?

The recomputation takes the values the report *claims*: a measured NCV or carbon content is used
whenever the line declares it (whether or not the accounting accepts the lab record), else the
default the accounting applies (for untested coal the guideline's high default). So a report is
judged on its own arithmetic, not on the platform's validity rules (those are the lab rules).
Purchased electricity is taken at the factor the report used: the regional or the national ETS one,
whichever reproduces its electricity component.

Inputs: `fuel_lines` (intermediate.int_enterprise__combustion: consumption_unit,
consumption_reported, quantity_base, ncv_source, ncv_reported_gj_per_base_unit,
default_ncv_gj_per_base_unit, carbon_content_source, carbon_content_reported_tc_per_gj,
carbon_content_applied_tc_per_gj, oxidation_rate_applied) and `reports` (one row per report: the
reported components and total, and the platform's process, electricity (regional and ETS) and
heat components).
"""

from __future__ import annotations

import polars as pl

from orchestration.quality.rules.base import EvidenceRow, Finding, Rule, fmt

CO2_PER_C = 44.0 / 12.0  # molecular-weight ratio


def claimed_lines(fuel_lines: pl.DataFrame) -> pl.DataFrame:
    """Adds heat_claimed_gj and t_co2_claimed: each line at the NCV and carbon content the report
    declares (measured when it says measured, else the applied default)."""
    ncv = (
        pl.when((pl.col("ncv_source") == "measured") & pl.col("ncv_reported_gj_per_base_unit").is_not_null())
        .then(pl.col("ncv_reported_gj_per_base_unit"))
        .otherwise(pl.col("default_ncv_gj_per_base_unit"))
    )
    carbon = (
        pl.when((pl.col("carbon_content_source") == "measured") & pl.col("carbon_content_reported_tc_per_gj").is_not_null())
        .then(pl.col("carbon_content_reported_tc_per_gj"))
        .otherwise(pl.col("carbon_content_applied_tc_per_gj"))
    )
    heat = pl.when(pl.col("consumption_unit") == "GJ").then(pl.col("consumption_reported")).otherwise(
        pl.col("quantity_base") * ncv
    )
    return fuel_lines.with_columns(heat_claimed_gj=heat).with_columns(
        t_co2_claimed=pl.col("heat_claimed_gj") * carbon * pl.col("oxidation_rate_applied") * CO2_PER_C
    )


def claimed_combustion(fuel_lines: pl.DataFrame) -> pl.DataFrame:
    """credit_code, report_year, n_fuel_lines, combustion_claimed_t_co2 and heat_claimed_gj (NULL
    when a line cannot be computed)."""
    lines = claimed_lines(fuel_lines)
    return lines.group_by("credit_code", "report_year").agg(
        n_fuel_lines=pl.len(),
        combustion_claimed_t_co2=pl.when(pl.col("t_co2_claimed").null_count() == 0).then(pl.col("t_co2_claimed").sum()),
        heat_claimed_gj=pl.when(pl.col("heat_claimed_gj").null_count() == 0).then(pl.col("heat_claimed_gj").sum()),
    )


COMPONENTS = (  # (label zh, label en, reported column, recomputed column)
    ("化石燃料燃烧", "combustion", "reported_combustion_t_co2", "combustion_claimed_t_co2"),
    ("工业生产过程", "process", "reported_process_t_co2", "process_t_co2"),
    ("外购电力", "purchased electricity", "reported_electricity_t_co2", "electricity_t_co2"),
    ("外购热力", "purchased heat", "reported_heat_t_co2", "heat_t_co2"),
)


def arith_total(fuel_lines: pl.DataFrame, reports: pl.DataFrame, rule: Rule) -> list[Finding]:
    tolerance, components_tolerance = float(rule.param("relative_tolerance")), float(rule.param("components_tolerance_t"))
    combustion = claimed_combustion(fuel_lines)
    joined = reports.join(combustion, on=["credit_code", "report_year"], how="left").with_columns(
        # a report without fuel lines (an empty fuel_combustion section) burns nothing
        pl.when(pl.col("n_fuel_lines").is_null()).then(0.0).otherwise(pl.col("combustion_claimed_t_co2"))
        .alias("combustion_claimed_t_co2")
    )
    findings = []
    for row in joined.sort("credit_code", "report_year").iter_rows(named=True):
        reported = row["reported_total_t_co2"]
        if reported is None:
            continue
        base = [row["combustion_claimed_t_co2"], row["process_t_co2"], row["heat_t_co2"]]
        candidates = []  # (distance, scope, recomputed total, electricity): the scope whose factor the report used
        for scope, column in (("regional", "electricity_regional_t_co2"), ("ets", "electricity_ets_t_co2")):
            if all(v is not None for v in base) and row[column] is not None:
                total = sum(base) + row[column]
                reported_electricity = row["reported_electricity_t_co2"]
                distance = abs(reported_electricity - row[column]) if reported_electricity is not None else abs(reported - total)
                candidates.append((distance, scope, total, row[column]))
        reported_parts = [row[c] for _, _, c, _ in COMPONENTS]
        parts_gap = None if any(v is None for v in reported_parts) else reported - sum(reported_parts)
        parts_broken = parts_gap is not None and abs(parts_gap) > components_tolerance
        if not candidates and not parts_broken:
            continue  # not recomputable (a factor is missing): nothing to judge
        allowed = tolerance * abs(reported)
        total_broken = bool(candidates) and abs(reported - min(candidates)[2]) > allowed
        if not total_broken and not parts_broken:
            continue
        evidence, recomputed, scope = [], None, None
        if candidates:
            _, scope, recomputed, electricity = min(candidates)
            values = {"combustion_claimed_t_co2": row["combustion_claimed_t_co2"], "process_t_co2": row["process_t_co2"],
                      "electricity_t_co2": electricity, "heat_t_co2": row["heat_t_co2"]}
            for zh, en, reported_column, recomputed_column in COMPONENTS:
                value, expected = row[reported_column], values[recomputed_column]
                evidence.append(EvidenceRow(
                    label=f"{zh} {en}", value=value, unit="t CO2",
                    reference_low=expected - tolerance * abs(expected), reference_high=expected + tolerance * abs(expected),
                    detail={"recomputed_t_co2": expected, "difference_t_co2": None if value is None else value - expected,
                            "electricity_factor_scope": scope if recomputed_column == "electricity_t_co2" else None},
                ))
            evidence.append(EvidenceRow(
                label="总量 total", value=reported, unit="t CO2", reference_low=recomputed - allowed,
                reference_high=recomputed + allowed,
                detail={"recomputed_t_co2": recomputed, "difference_t_co2": reported - recomputed,
                        "components_sum_t_co2": None if parts_gap is None else reported - parts_gap},
            ))
        else:
            evidence.append(EvidenceRow(label="总量 total", value=reported, unit="t CO2",
                                        detail={"components_sum_t_co2": reported - parts_gap}))
        texts_zh, texts_en = [], []
        if total_broken:
            gap = reported - recomputed
            texts_zh.append(f"报告总量 {fmt(reported)} t，按报告自身数据复算 {fmt(recomputed)} t，相差 {gap / recomputed * 100:+.1f}%"
                            f"（允许 ±{tolerance * 100:g}%）")
            texts_en.append(f"reported total {fmt(reported)} t, recomputed from the report's own data {fmt(recomputed)} t: "
                            f"{gap / recomputed * 100:+.1f} % (allowed ±{tolerance * 100:g} %)")
        if parts_broken:
            texts_zh.append(f"各分项之和与总量相差 {fmt(parts_gap)} t")
            texts_en.append(f"the components differ from the total by {fmt(parts_gap)} t")
        low = None if recomputed is None else recomputed - allowed
        high = None if recomputed is None else recomputed + allowed
        findings.append(Finding(
            row["credit_code"], int(row["report_year"]), reported, low, high,
            "；".join(texts_zh) + "。", "; ".join(texts_en).capitalize() + ".", evidence, "t CO2",
        ))
    return findings
