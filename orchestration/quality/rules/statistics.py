"""Statistical rules: digit tests on the report's line items (through the digit-analysis API,
orchestration/quality/digits.py) and sudden jumps of fuel intensity.

Line items (`digit_series`): every monthly figure an enterprise enters — fuel consumption per
unit × fuel, purchased and generated electricity, output per product, purchased heat — one
series each (12 months). Derived figures (green share, supplied, sold) are left out: they copy
or scale other figures.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from decimal import Decimal

import polars as pl

from orchestration.quality import digits
from orchestration.quality.rules.base import EvidenceRow, Finding, Rule, fmt

SERIES_SCHEMA = {"credit_code": pl.String, "report_year": pl.Int32, "series": pl.String, "value": pl.Float64}


def digit_series(fuel_lines: pl.DataFrame, electricity: pl.DataFrame, production: pl.DataFrame,
                 heat: pl.DataFrame) -> pl.DataFrame:
    """credit_code, report_year, series, value: the enterprise's monthly line items."""
    parts = [
        fuel_lines.select("credit_code", "report_year",
                          series=pl.concat_str(pl.lit("燃料 fuel "), "unit_id", pl.lit(" "), "fuel", pl.lit(" ("),
                                               "consumption_unit", pl.lit(")")),
                          value="consumption_reported"),
        electricity.select("credit_code", "report_year", series=pl.lit("外购电 purchased MWh"), value="purchased_mwh"),
        electricity.select("credit_code", "report_year", series=pl.lit("发电 generated MWh"), value="generated_mwh"),
        production.select("credit_code", "report_year",
                          series=pl.concat_str(pl.lit("产量 output "), "product", pl.lit(" ("), "output_unit", pl.lit(")")),
                          value="output"),
        heat.select("credit_code", "report_year", series=pl.lit("外购热 purchased GJ"), value="purchased_gj"),
    ]
    return pl.concat([p.cast(SERIES_SCHEMA) for p in parts], how="vertical")


def decimals_of(value: float) -> int:
    """Decimals of a number in its shortest round-trip form (12.50 → 1, 1200.0 → 0)."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def as_reported(values: list[float], max_decimals: int) -> list[str]:
    """The values of one series as text at the series' reporting precision: the most decimals any
    of its values carries (JSON drops trailing zeros, so 12.5 in a 2-decimal series is 12.50)."""
    usable = [v for v in values if v is not None and math.isfinite(v) and v > 0]
    if not usable:
        return []
    places = min(max(decimals_of(v) for v in usable), max_decimals)
    return [f"{v:.{places}f}" for v in usable]


def _reports(series: pl.DataFrame) -> dict[tuple[str, int], dict[str, list[float]]]:
    grouped: dict[tuple[str, int], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for code, year, name, value in series.sort("credit_code", "report_year", "series").iter_rows():
        if value is not None:
            grouped[(code, int(year))][name].append(value)
    return grouped


def chi_square_critical(p_value: float, degrees_of_freedom: int) -> float:
    """The χ² value whose upper-tail probability is `p_value` (bisection on digits.chi_square_sf)."""
    low, high = 0.0, 1000.0
    for _ in range(200):
        middle = (low + high) / 2
        if digits.chi_square_sf(middle, degrees_of_freedom) > p_value:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _digit_rows(result: digits.DigitTestResult, what: str) -> list[EvidenceRow]:
    return [EvidenceRow(label=str(digit), value=float(count), unit="count",
                        detail={"expected": expected, "share": share, "test": what})
            for digit, count, share, expected in zip(result.digits, result.observed_counts, result.observed,
                                                     result.expected, strict=True)]


# ----------------------------------------------------------------------------------------------
# STAT-TERMINAL


def stat_terminal(series: pl.DataFrame, rule: Rule) -> list[Finding]:
    max_p, max_decimals = float(rule.param("max_p_value")), int(rule.param("max_decimals"))
    min_values = int(rule.param("min_values"))
    critical = chi_square_critical(max_p, 9)
    findings = []
    for (code, year), by_series in _reports(series).items():
        texts = [text for values in by_series.values() for text in as_reported(values, max_decimals)]
        result = digits.terminal_digit_test(texts, min_n=min_values)
        if not result.applicable or result.p_value is None or result.p_value >= max_p:
            continue
        digit, observed, expected = result.largest_excess
        findings.append(Finding(
            code, year, result.chi_square, None, critical,
            f"{result.n} 个月度填报数值的末位数字不均匀：χ²={result.chi_square:.1f}（9自由度，p={result.p_value:.2g} < {max_p:g}），"
            f"数字 {digit} 占 {observed:.1%}（应约 {expected:.0%}）。",
            f"The last digits of {result.n} monthly figures are not uniform: χ²={result.chi_square:.1f} (9 df, "
            f"p={result.p_value:.2g} < {max_p:g}); digit {digit} is {observed:.1%} of them (expected about {expected:.0%}).",
            _digit_rows(result, "terminal_digit"), "χ²",
        ))
    return findings


# ----------------------------------------------------------------------------------------------
# STAT-HEAPING


def stat_heaping(series: pl.DataFrame, rule: Rule) -> list[Finding]:
    base, max_p, min_ratio = int(rule.param("base")), float(rule.param("max_p_value")), float(rule.param("min_ratio"))
    min_expected = float(rule.param("min_expected_round"))
    findings = []
    for (code, year), by_series in _reports(series).items():
        values = [v for vs in by_series.values() for v in vs]
        result = digits.round_number_heaping(values, base=base, min_expected_count=min_expected)
        if not result.applicable or result.ratio is None or result.ratio <= min_ratio or result.p_value >= max_p:
            continue
        # the last whole-unit digit of every value that took part (the chart shows the spike at 0)
        whole = [int(Decimal(repr(v)).to_integral_value(rounding="ROUND_HALF_UP")) for v in values
                 if v is not None and math.isfinite(v) and v >= base]
        counts = [sum(1 for w in whole if w % 10 == d) for d in range(10)]
        evidence = [EvidenceRow(label=str(d), value=float(c), unit="count",
                                detail={"expected": 0.1, "share": c / len(whole) if whole else None,
                                        "test": "last whole-unit digit"}) for d, c in enumerate(counts)]
        round_examples = [(name, v) for name, vs in sorted(by_series.items()) for v in vs
                          if v is not None and v >= base and round(v) % base == 0 and abs(v - round(v)) < 0.5][:10]
        evidence += [EvidenceRow(label=f"整数倍示例 round value {i + 1}", value=v, unit=None, detail={"series": name})
                     for i, (name, v) in enumerate(round_examples)]
        findings.append(Finding(
            code, year, result.share, None, min_ratio * result.expected_share,
            f"{result.n} 个数值中 {result.n_round} 个是 {base} 的整数倍（{result.share:.0%}，无取整时约 {result.expected_share:.0%}，"
            f"{result.ratio:.1f} 倍；p={result.p_value:.2g}）：数值疑为估算或编造。",
            f"{result.n_round} of {result.n} figures are multiples of {base} ({result.share:.0%} against about "
            f"{result.expected_share:.0%} without rounding, ×{result.ratio:.1f}; p={result.p_value:.2g}): estimated or "
            "invented figures.",
            evidence, "share of multiples",
        ))
    return findings


# ----------------------------------------------------------------------------------------------
# STAT-BENFORD


def stat_benford(series: pl.DataFrame, rule: Rule) -> list[Finding]:
    min_series, max_share = int(rule.param("min_series")), float(rule.param("max_series_share"))
    min_values, min_orders = int(rule.param("min_values")), float(rule.param("min_orders_of_magnitude"))
    max_mad = float(rule.param("max_mad"))
    findings = []
    for (code, year), by_series in _reports(series).items():
        counts = {name: sum(1 for v in vs if v and v > 0) for name, vs in by_series.items()}
        usable = {name: n for name, n in counts.items() if n}
        total = sum(usable.values())
        if len(usable) < min_series or not total or max(usable.values()) / total > max_share:
            continue  # too few independent series: a few clusters of months, not a Benford population
        result = digits.benford_first_digit([v for vs in by_series.values() for v in vs], min_n=min_values,
                                            min_orders_of_magnitude=min_orders)
        if not result.applicable or result.mad is None or result.mad <= max_mad:
            continue
        findings.append(Finding(
            code, year, result.mad, None, max_mad,
            f"{len(usable)} 个序列 {result.n} 个数值的首位数字 MAD={result.mad:.4f}，按Nigrini标准“不符合”本福特定律（>{max_mad:g}）。",
            f"First digits of {result.n} figures in {len(usable)} series: MAD={result.mad:.4f}, Nigrini's "
            f"nonconformity (> {max_mad:g}) with Benford's law.",
            _digit_rows(result, "benford_first_digit"), "MAD",
        ))
    return findings


# ----------------------------------------------------------------------------------------------
# STAT-YOY-JUMP


def fuel_intensity(fuel_lines: pl.DataFrame, production: pl.DataFrame) -> pl.DataFrame:
    """credit_code, report_year, product, output, heat_default_gj, intensity: fuel heat at the
    default NCVs per unit of the enterprise's main product (its largest output over its years)."""
    heat = fuel_lines.group_by("credit_code", "report_year").agg(
        heat_default_gj=(pl.col("quantity_base_equivalent") * pl.col("default_ncv_gj_per_base_unit")).sum()
    )
    output = production.group_by("credit_code", "report_year", "product").agg(
        output=pl.col("output").sum(), output_unit=pl.col("output_unit").first())
    main = (output.group_by("credit_code", "product").agg(total=pl.col("output").sum())
            .sort("credit_code", "total", "product", descending=[False, True, False])
            .group_by("credit_code", maintain_order=True).first().select("credit_code", "product"))
    return (output.join(main, on=["credit_code", "product"]).join(heat, on=["credit_code", "report_year"])
            .filter(pl.col("output") > 0)
            .with_columns(intensity=pl.col("heat_default_gj") / pl.col("output")))


def stat_yoy_jump(fuel_lines: pl.DataFrame, production: pl.DataFrame, rule: Rule) -> list[Finding]:
    max_change, max_output_change = float(rule.param("max_intensity_change")), float(rule.param("max_output_change"))
    min_other = int(rule.param("min_other_years"))
    intensity = fuel_intensity(fuel_lines, production)
    findings = []
    for (code,), group in sorted(intensity.group_by("credit_code"), key=lambda item: item[0]):
        years = group.sort("report_year").to_dicts()
        for row in years:
            others = [r for r in years if r["report_year"] != row["report_year"]]
            if len(others) < min_other:
                continue
            median_intensity = statistics.median(r["intensity"] for r in others)
            median_output = statistics.median(r["output"] for r in others)
            if median_intensity <= 0 or median_output <= 0:
                continue
            change = row["intensity"] / median_intensity - 1
            output_change = row["output"] / median_output - 1
            if abs(change) <= max_change or abs(output_change) > max_output_change:
                continue
            low, high = median_intensity * (1 - max_change), median_intensity * (1 + max_change)
            unit = f"GJ/{row['output_unit']}"
            evidence = [EvidenceRow(
                label=f"{r['report_year']} 燃料热量强度 fuel heat per {r['product']}", value=r["intensity"], unit=unit,
                reference_low=low, reference_high=high,
                detail={"year": r["report_year"], "output": r["output"], "heat_default_gj": r["heat_default_gj"],
                        "is_subject": r["report_year"] == row["report_year"]})
                for r in years]
            findings.append(Finding(
                code, int(row["report_year"]), row["intensity"], low, high,
                f"单位{row['product']}燃料热量 {fmt(row['intensity'])} {unit}，比其他年份中位数 {fmt(median_intensity)} 变化 "
                f"{change * 100:+.1f}%，而产量仅变化 {output_change * 100:+.1f}%。",
                f"Fuel heat per {row['product']} {fmt(row['intensity'])} {unit}, {change * 100:+.1f} % against the median "
                f"{fmt(median_intensity)} of the other years, while output changed only {output_change * 100:+.1f} %.",
                evidence, unit,
            ))
    return findings
