"""Cross-source rules: the report against another source — the yearbook, the verifier, the grid's
electricity, the plant's own generation.

Inputs: `reports` (one row per report: credit_code, report_year, league_code, industry,
reported_total_t_co2, verified_total_t_co2, verifier, verification_conclusion), `fuel_lines`
(int_enterprise__combustion), `league_fuel` (marts.league_fuel_reconciliation with report_year),
`electricity` (monthly: purchased_mwh, generated_mwh, sold_mwh, consumption_mwh), `production`
(monthly: product, output, output_unit).
"""

from __future__ import annotations

import statistics
from collections import defaultdict

import polars as pl

from orchestration.quality.rules.arithmetic import claimed_lines
from orchestration.quality.rules.base import EvidenceRow, Finding, Rule, fmt

GJ_PER_MWH = 3.6  # energy-unit identity


# ----------------------------------------------------------------------------------------------
# XSRC-YEARBOOK


def enterprise_fuel_use(fuel_lines: pl.DataFrame, reports: pl.DataFrame) -> pl.DataFrame:
    """credit_code, report_year, league_code, fuel, quantity (base units, GJ lines at the default
    NCV) — what league_fuel_reconciliation sums."""
    return (
        fuel_lines.group_by("credit_code", "report_year", "fuel")
        .agg(quantity=pl.col("quantity_base_equivalent").sum())
        .join(reports.select("credit_code", "report_year", "league_code"), on=["credit_code", "report_year"])
    )


def attribute_excess(excess: float, contributors: list[tuple[str, float, float | None]]) -> list[tuple[str, float]]:
    """Which contributors make an excess: (credit_code, use this year, median use of its other
    years or None) → the enterprises with the largest growth over their own median, largest first,
    until their growth covers the excess. No other years: no growth (cannot be told apart)."""
    growth = sorted(((code, use - baseline) for code, use, baseline in contributors if baseline is not None),
                    key=lambda item: (-item[1], item[0]))
    flagged, covered = [], 0.0
    for code, grew in growth:
        if grew <= 0 or covered >= excess:
            break
        flagged.append((code, grew))
        covered += grew
    return flagged


def xsrc_yearbook(league_fuel: pl.DataFrame, fuel_lines: pl.DataFrame, reports: pl.DataFrame, rule: Rule) -> list[Finding]:
    max_share = float(rule.param("max_share_of_yearbook"))
    exceeding = league_fuel.filter(
        pl.col("yearbook_quantity").is_not_null() & (pl.col("yearbook_quantity") > 0)
        & (pl.col("enterprise_quantity") > max_share * pl.col("yearbook_quantity"))
    )
    if exceeding.is_empty():
        return []
    use = enterprise_fuel_use(fuel_lines, reports)
    years_of = {code: sorted(set(years)) for code, years in
                reports.group_by("credit_code").agg(pl.col("report_year")).iter_rows()}
    quantity = {(r["credit_code"], r["report_year"], r["fuel"]): r["quantity"] for r in use.iter_rows(named=True)}
    hits: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for league in exceeding.sort("league_code", "report_year", "fuel").iter_rows(named=True):
        year, fuel = int(league["report_year"]), league["fuel"]
        excess = league["enterprise_quantity"] - max_share * league["yearbook_quantity"]
        contributors = []
        for row in use.filter((pl.col("league_code") == league["league_code"]) & (pl.col("report_year") == year)
                              & (pl.col("fuel") == fuel) & (pl.col("quantity") > 0)).iter_rows(named=True):
            others = [quantity.get((row["credit_code"], y, fuel), 0.0) for y in years_of[row["credit_code"]] if y != year]
            contributors.append((row["credit_code"], row["quantity"], statistics.median(others) if others else None))
        baselines = {code: baseline for code, _, baseline in contributors}
        for code, grew in attribute_excess(excess, contributors):
            hits[(code, year)].append({**league, "excess": excess, "growth": grew, "baseline": baselines[code],
                                       "own": quantity[(code, year, fuel)]})
    findings = []
    for (code, year), items in sorted(hits.items()):
        evidence, texts_zh, texts_en = [], [], []
        worst = max(items, key=lambda i: i["enterprise_quantity"] / i["yearbook_quantity"])
        for item in items:
            fuel, unit = item["fuel"], item["unit"]
            share = item["enterprise_quantity"] / item["yearbook_quantity"]
            evidence.append(EvidenceRow(
                label=f"{fuel} 盟市企业合计 enterprises in the league", value=item["enterprise_quantity"], unit=unit,
                reference_low=None, reference_high=max_share * item["yearbook_quantity"],
                detail={"league_code": item["league_code"], "fuel": fuel, "yearbook_quantity": item["yearbook_quantity"],
                        "excess": item["excess"], "share_of_yearbook": share},
            ))
            for y in years_of[code]:
                evidence.append(EvidenceRow(
                    label=f"{fuel} 本企业 {y} this enterprise", value=quantity.get((code, y, fuel), 0.0), unit=unit,
                    detail={"year": y, "fuel": fuel, "is_subject": y == year,
                            "median_other_years": item["baseline"] if y == year else None},
                ))
            texts_zh.append(f"{item['league_code']} {fuel} 企业合计 {fmt(item['enterprise_quantity'])} {unit}，为年鉴用量 "
                            f"{fmt(item['yearbook_quantity'])} 的 {share * 100:.0f}%；本企业 {fmt(item['own'])} {unit}，比其他年份"
                            f"中位数多 {fmt(item['growth'])}，覆盖超出量 {fmt(item['excess'])}")
            texts_en.append(f"{item['league_code']} {fuel}: enterprises {fmt(item['enterprise_quantity'])} {unit}, "
                            f"{share * 100:.0f} % of the yearbook's {fmt(item['yearbook_quantity'])}; this enterprise "
                            f"{fmt(item['own'])} {unit}, {fmt(item['growth'])} above the median of its other years, "
                            f"covering the excess of {fmt(item['excess'])}")
        findings.append(Finding(
            code, year, worst["enterprise_quantity"] / worst["yearbook_quantity"], None, max_share,
            "；".join(texts_zh) + "。", "; ".join(texts_en) + ".", evidence, "enterprise sum ÷ yearbook",
        ))
    return findings


# ----------------------------------------------------------------------------------------------
# XSRC-VERIFIED-GAP


def xsrc_verified_gap(reports: pl.DataFrame, rule: Rule) -> list[Finding]:
    materiality = float(rule.param("materiality"))
    rows = reports.filter(pl.col("verified_total_t_co2").is_not_null() & (pl.col("reported_total_t_co2") > 0))
    findings = []
    for row in rows.sort("credit_code", "report_year").iter_rows(named=True):
        reported, verified = row["reported_total_t_co2"], row["verified_total_t_co2"]
        gap = (verified - reported) / reported
        if abs(gap) <= materiality:
            continue
        low, high = reported * (1 - materiality), reported * (1 + materiality)
        findings.append(Finding(
            row["credit_code"], int(row["report_year"]), verified, low, high,
            f"核查量 {fmt(verified)} t 与报告量 {fmt(reported)} t 相差 {gap * 100:+.1f}%，超过重要性水平 ±{materiality * 100:g}%"
            f"（核查机构 {row.get('verifier') or '—'}）。",
            f"The verified total {fmt(verified)} t differs from the reported {fmt(reported)} t by {gap * 100:+.1f} %, beyond "
            f"the ±{materiality * 100:g} % materiality (verifier {row.get('verifier') or '—'}).",
            [EvidenceRow(label="报告总量 reported total", value=reported, unit="t CO2"),
             EvidenceRow(label="核查总量 verified total", value=verified, unit="t CO2", reference_low=low,
                         reference_high=high, detail={"verifier": row.get("verifier"), "gap": gap,
                                                      "conclusion": row.get("verification_conclusion")})],
            "t CO2",
        ))
    return findings


# ----------------------------------------------------------------------------------------------
# XSRC-ELEC-OUTPUT


def annual_electricity(electricity: pl.DataFrame) -> pl.DataFrame:
    return electricity.group_by("credit_code", "report_year").agg(
        purchased_mwh=pl.col("purchased_mwh").sum(), generated_mwh=pl.col("generated_mwh").sum(),
        sold_mwh=pl.col("sold_mwh").sum(), consumption_mwh=pl.col("consumption_mwh").sum(),
    )


def annual_production(production: pl.DataFrame) -> pl.DataFrame:
    return production.group_by("credit_code", "report_year", "product").agg(
        output=pl.col("output").sum(), output_unit=pl.col("output_unit").first()
    )


def xsrc_elec_output(production: pl.DataFrame, electricity: pl.DataFrame, rule: Rule) -> list[Finding]:
    kwh_per_t = {product: float(value) for product, value in rule.param("kwh_per_t").items()}
    low, high = (float(v) for v in rule.param("ratio_band"))
    products = annual_production(production).filter(pl.col("product").is_in(list(kwh_per_t)) & (pl.col("output") > 0))
    # electricity is one figure per enterprise: with two electro-intensive products it cannot be split
    products = products.filter(pl.len().over("credit_code", "report_year") == 1)
    joined = products.join(annual_electricity(electricity), on=["credit_code", "report_year"], how="inner")
    findings = []
    for row in joined.sort("credit_code", "report_year").iter_rows(named=True):
        use = row["consumption_mwh"]
        if not use or use <= 0:
            continue
        reference = kwh_per_t[row["product"]]
        implied = use * 1000.0 / reference
        ratio = row["output"] / implied
        if low <= ratio <= high:
            continue
        findings.append(Finding(
            row["credit_code"], int(row["report_year"]), ratio, low, high,
            f"{row['product']}报告产量 {fmt(row['output'])} t，按用电量 {fmt(use)} MWh（外购 + 自发 − 售出）和典型电耗 "
            f"{fmt(reference)} kWh/t 推算为 {fmt(implied)} t，二者之比 {ratio:.2f}，超出 {low:g}–{high:g}"
            f"（实际单位电耗 {fmt(use * 1000.0 / row['output'])} kWh/t）。",
            f"{row['product']}: reported output {fmt(row['output'])} t, implied by the electricity use of {fmt(use)} MWh "
            f"(purchased + generated − sold) at a typical {fmt(reference)} kWh/t: {fmt(implied)} t; ratio {ratio:.2f}, "
            f"outside {low:g}-{high:g} (electricity per tonne as reported: {fmt(use * 1000.0 / row['output'])} kWh/t).",
            [EvidenceRow(label="报告产量 reported output", value=row["output"], unit="t",
                         reference_low=implied * low, reference_high=implied * high,
                         detail={"product": row["product"]}),
             EvidenceRow(label="用电量推算产量 output implied by electricity", value=implied, unit="t",
                         detail={"kwh_per_t": reference}),
             EvidenceRow(label="用电量 electricity use", value=use, unit="MWh",
                         detail={"purchased_mwh": row["purchased_mwh"], "generated_mwh": row["generated_mwh"],
                                 "sold_mwh": row["sold_mwh"]})],
            "reported ÷ implied output",
        ))
    return findings


# ----------------------------------------------------------------------------------------------
# XSRC-FUEL-GENERATION


def xsrc_fuel_generation(fuel_lines: pl.DataFrame, electricity: pl.DataFrame, reports: pl.DataFrame,
                         rule: Rule) -> list[Finding]:
    industries = list(rule.param("industries"))
    low, high = (float(v) for v in rule.param("efficiency_band"))
    plants = reports.filter(pl.col("industry").is_in(industries)).select("credit_code", "report_year")
    heat = (
        claimed_lines(fuel_lines).join(plants, on=["credit_code", "report_year"])
        .group_by("credit_code", "report_year", "month").agg(heat_gj=pl.col("heat_claimed_gj").sum())
    )
    monthly = heat.join(electricity.select("credit_code", "report_year", "month", "generated_mwh"),
                        on=["credit_code", "report_year", "month"], how="inner")
    findings = []
    for (code, year), group in sorted(monthly.group_by("credit_code", "report_year"), key=lambda item: item[0]):
        generated, fuel_heat = group["generated_mwh"].sum(), group["heat_gj"].sum()
        if not generated or generated <= 0 or fuel_heat is None:
            continue
        efficiency = generated * GJ_PER_MWH / fuel_heat if fuel_heat > 0 else float("inf")
        if low <= efficiency <= high:
            continue
        evidence = [
            EvidenceRow(label="毛发电效率 gross efficiency", month=row["month"], unit="MWh×3.6/GJ",
                        value=row["generated_mwh"] * GJ_PER_MWH / row["heat_gj"] if row["heat_gj"] else None,
                        reference_low=low, reference_high=high,
                        detail={"generated_mwh": row["generated_mwh"], "fuel_heat_gj": row["heat_gj"]})
            for row in group.sort("month").iter_rows(named=True)
        ]
        side_zh = "高于" if efficiency > high else "低于"
        side_en = "above" if efficiency > high else "below"
        findings.append(Finding(
            code, int(year), efficiency if efficiency != float("inf") else None, low, high,
            f"发电量 {fmt(generated)} MWh，报告燃料热量 {fmt(fuel_heat)} GJ，毛发电效率 {efficiency * 100:.1f}%，{side_zh}"
            f"物理合理范围 {low * 100:.0f}%–{high * 100:.0f}%：报告的燃料与发电量不符。",
            f"Generation {fmt(generated)} MWh from a reported fuel heat of {fmt(fuel_heat)} GJ: gross efficiency "
            f"{efficiency * 100:.1f} %, {side_en} the plausible {low * 100:.0f}-{high * 100:.0f} %: the reported fuel does not "
            "match the generation.",
            evidence, "gross efficiency",
        ))
    return findings
