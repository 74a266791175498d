"""Digit analysis for falsification screening 数字分布检验: a small, dependency-free Python API
usable on any sequence of numbers (lists, tuples, numpy arrays, Polars/pandas series).

Four tests, each returning a frozen result with `applicable`, `flagged`, `summary()` (one
bilingual line of evidence for an inspector) and `to_dict()` (JSON-ready):

| function | what it measures | flag |
|---|---|---|
| `benford_first_digit` | first significant digit (1–9) vs Benford's law, MAD and Nigrini's conformity class, χ² | MAD > 0.015 (nonconformity) |
| `benford_first_two_digits` | first two significant digits (10–99) vs Benford | MAD > 0.0022 (nonconformity) |
| `terminal_digit_test` | last digit as reported (0–9) vs uniform, χ² | p < 0.01 |
| `round_number_heaping` | share of multiples of 10/100/1000 (optionally also of half the base: ending 0/5) vs the share expected without rounding | share > 2 × expected |

These are *screens*, never verdicts (research note on fraud detection, section 5.2): Benford's
law only describes values that span several orders of magnitude and are neither capped nor
assigned (fuel tonnes, kWh, tce, t CO2 line items — not NCV, carbon content or percentages).
Every test therefore reports `applicable = False` with a `reason` instead of a verdict when the
sample is too small or too narrow, and a not-applicable result is never flagged.

Which values count (all tests): `None`, NaN, ±infinity, zero and negative values are ignored and
counted in `n_ignored` (a sign carries no digit information, and zero has no first digit; pass
`abs()` values yourself when negative amounts are meaningful, e.g. net exports). Booleans are
rejected (TypeError), as are strings except in `terminal_digit_test`, where a string is the value
*as reported*.

How digits are read: the first significant digits come from the value's decimal scientific notation
rounded to 15 significant digits (`f"{v:.14e}"`), so 0.00123, 1.23 and 1230 all start with 1 and 2,
and binary floating-point noise (2.9999999999999996) cannot change a digit. The terminal digit is
defined in `terminal_digit_test`.

Thresholds are module constants: Nigrini's MAD conformity ranges (M. Nigrini, *Benford's Law*,
2012), as implemented by R `benford.analysis::MAD.conformity`, and the research note's 2× heaping
and p < 0.01 rules. p-values are exact χ² upper-tail probabilities for integer degrees of freedom,
computed here without SciPy.

Example::

    from orchestration.quality.digits import benford_first_digit, round_number_heaping

    result = benford_first_digit(monthly_coal_tonnes)   # any iterable of numbers
    result.applicable, result.mad, result.conformity, result.flagged
    print(result.summary())   # 首位数字本福特检验 first-digit Benford test: n=412, MAD=0.0041 → 接近符合 …
    round_number_heaping(monthly_coal_tonnes, base=100).flagged
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from numbers import Real
from typing import Any

# Nigrini's conformity bands: (upper MAD bound, class); above the last bound: nonconformity.
FIRST_DIGIT_MAD_BANDS: tuple[tuple[float, str], ...] = (
    (0.006, "close"),
    (0.012, "acceptable"),
    (0.015, "marginal"),
)
FIRST_TWO_DIGITS_MAD_BANDS: tuple[tuple[float, str], ...] = (
    (0.0012, "close"),
    (0.0018, "acceptable"),
    (0.0022, "marginal"),
)
NONCONFORMITY = "nonconformity"
CONFORMITY_LABELS = {  # class -> (中文, English as in Nigrini)
    "close": ("接近符合", "close conformity"),
    "acceptable": ("可接受的符合", "acceptable conformity"),
    "marginal": ("勉强可接受的符合", "marginally acceptable conformity"),
    NONCONFORMITY: ("不符合", "nonconformity"),
}

# Applicability. Benford: ≥ 100 values (first digit) — with 9 cells the smallest expected count
# (digit 9, 4.6 %) is then 4.6, the usual χ² rule of thumb of 5 per cell; the first-two-digits
# test has 90 cells (digit pair 99: 0.44 %) and needs ≥ 1000 for the same. Both need the values to
# span at least two orders of magnitude between the 1st and 99th percentile (one outlier does not
# make a narrow sample wide).
BENFORD_FIRST_DIGIT_MIN_N = 100
BENFORD_FIRST_TWO_DIGITS_MIN_N = 1000
BENFORD_MIN_ORDERS_OF_MAGNITUDE = 2.0
# Terminal digit: 10 equiprobable cells, ≥ 5 expected per cell -> ≥ 50 values; only values with at
# least three significant digits, because the 2nd digit itself follows Benford (12.0 % zeros vs
# 8.5 % nines) while from the 3rd digit on the deviation from uniform is below 0.2 points.
TERMINAL_DIGIT_MIN_N = 50
TERMINAL_DIGIT_MIN_SIGNIFICANT_DIGITS = 3
TERMINAL_DIGIT_P_THRESHOLD = 0.01  # research note 5.2: flag χ² p < 0.01
# Heaping: flag a share of round values above 2 × the share expected without rounding (research
# note 5.2), when at least 5 round values are expected (so that "2 ×" is not one value).
HEAPING_RATIO_THRESHOLD = 2.0
HEAPING_MIN_EXPECTED_COUNT = 5.0


# ----------------------------------------------------------------------------------------------
# results


def _format_p(p: float | None) -> str:
    """'=0.19', '<0.0001' (to follow a 'p')."""
    if p is None:
        return "=n/a"
    return f"={p:.2g}" if p >= 1e-4 else "<0.0001"


@dataclass(frozen=True)
class DigitTestResult:
    """Observed vs expected digit distribution (Benford or terminal-digit test).

    `digits`, `observed_counts`, `observed` (proportions) and `expected` (proportions) are aligned
    tuples. `mad` = mean over the digits of |observed − expected|; `conformity` is Nigrini's class
    (Benford tests only). `chi_square` = Σ (O − E)² / E over counts, with `degrees_of_freedom`
    = number of digits − 1, and `p_value` its upper-tail probability. When `applicable` is False,
    `reason` says why and the statistics are still filled in when n > 0 (for information), but
    `conformity` is None and `flagged` is False.
    """

    test: str
    n: int
    n_ignored: int
    digits: tuple[int, ...]
    observed_counts: tuple[int, ...]
    observed: tuple[float, ...]
    expected: tuple[float, ...]
    mad: float | None
    conformity: str | None
    chi_square: float | None
    degrees_of_freedom: int
    p_value: float | None
    applicable: bool
    reason: str = ""
    orders_of_magnitude: float | None = None
    flagged: bool = False

    @property
    def largest_excess(self) -> tuple[int, float, float] | None:
        """(digit, observed proportion, expected proportion) of the most over-represented digit."""
        if not self.n:
            return None
        index = max(range(len(self.digits)), key=lambda i: self.observed[i] - self.expected[i])
        return self.digits[index], self.observed[index], self.expected[index]

    def summary(self) -> str:
        """One line of bilingual evidence, e.g. for a falsification flag."""
        name_zh, name_en = _TEST_NAMES[self.test]
        if not self.applicable:
            return f"{name_zh}不适用 {name_en} not applicable: {self.reason}"
        excess = self.largest_excess
        excess_text = ""
        if excess is not None:
            digit, observed, expected = excess
            width = 2 if self.test == "benford_first_two_digits" else 1
            excess_text = (
                f"; 最多偏高数字 most over-represented digit{'s' if width == 2 else ''} {digit:0{width}d}: "
                f"{observed:.1%} vs {expected:.1%}"
            )
        statistics = f"χ²={self.chi_square:.1f}, df={self.degrees_of_freedom}, p{_format_p(self.p_value)}"
        if self.conformity is not None:
            label_zh, label_en = CONFORMITY_LABELS[self.conformity]
            verdict = f"MAD={self.mad:.4f} → {label_zh} {label_en} ({statistics})"
        else:
            verdict = f"{statistics} → " + (
                f"不均匀 not uniform (p < {TERMINAL_DIGIT_P_THRESHOLD})"
                if self.flagged
                else f"未见异常 no departure from uniform (p ≥ {TERMINAL_DIGIT_P_THRESHOLD})"
            )
        return f"{name_zh} {name_en}: n={self.n}, {verdict}{excess_text}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: proportions keyed by digit as a string ("1" … "9", "10" … "99", "0" … "9")."""
        return {
            "test": self.test,
            "n": self.n,
            "n_ignored": self.n_ignored,
            "applicable": self.applicable,
            "reason": self.reason,
            "flagged": self.flagged,
            "mad": self.mad,
            "conformity": self.conformity,
            "chi_square": self.chi_square,
            "degrees_of_freedom": self.degrees_of_freedom,
            "p_value": self.p_value,
            "orders_of_magnitude": self.orders_of_magnitude,
            "observed_counts": {str(d): c for d, c in zip(self.digits, self.observed_counts)},
            "observed": {str(d): p for d, p in zip(self.digits, self.observed)},
            "expected": {str(d): p for d, p in zip(self.digits, self.expected)},
            "summary": self.summary(),
        }


@dataclass(frozen=True)
class HeapingResult:
    """Share of round values (multiples of `base`, or of `base`/2 with `include_half`) vs the share
    expected when the reported digits carry no rounding preference.

    `ratio` = share ÷ expected share; `p_value` = exact binomial P(X ≥ round count) under the
    expected share (one-sided, for information; the flag follows the research note's 2× rule).
    """

    base: int
    decimals: int
    include_half: bool
    n: int
    n_ignored: int
    n_round: int
    share: float | None
    expected_share: float
    ratio: float | None
    p_value: float | None
    applicable: bool
    reason: str = ""
    flagged: bool = False
    examples: tuple[float, ...] = field(default=())

    def summary(self) -> str:
        what = f"{self.base}/{self.base // 2}" if self.include_half else f"{self.base}"
        name = f"整数倍堆积检验（{what} 的倍数）round-number heaping (multiples of {what})"
        if not self.applicable:
            return f"{name}: 不适用 not applicable: {self.reason}"
        verdict = "堆积 heaping" if self.flagged else "未见堆积 no heaping"
        return (
            f"{name}: {self.n_round}/{self.n} = {self.share:.1%} vs expected 预期 {self.expected_share:.1%} "
            f"(×{self.ratio:.1f}, threshold 阈值 ×{HEAPING_RATIO_THRESHOLD:g}, p{_format_p(self.p_value)}) → {verdict}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "test": "round_number_heaping",
            "base": self.base,
            "decimals": self.decimals,
            "include_half": self.include_half,
            "n": self.n,
            "n_ignored": self.n_ignored,
            "n_round": self.n_round,
            "share": self.share,
            "expected_share": self.expected_share,
            "ratio": self.ratio,
            "p_value": self.p_value,
            "applicable": self.applicable,
            "reason": self.reason,
            "flagged": self.flagged,
            "examples": list(self.examples),
            "summary": self.summary(),
        }


_TEST_NAMES = {
    "benford_first_digit": ("首位数字本福特检验", "first-digit Benford test"),
    "benford_first_two_digits": ("前两位数字本福特检验", "first-two-digits Benford test"),
    "terminal_digit_test": ("末位数字均匀性检验", "terminal-digit uniformity test"),
}


# ----------------------------------------------------------------------------------------------
# input handling


_MISSING_REPRS = frozenset({"<NA>", "NaT"})  # pandas.NA, pandas.NaT


def _positive_floats(values: Iterable[Any]) -> tuple[list[float], int]:
    """The usable values (finite and > 0) and the number ignored (None, NaN, inf, 0, negative)."""
    kept: list[float] = []
    ignored = 0
    for value in values:
        if value is None:
            ignored += 1
            continue
        if isinstance(value, (bool, str, bytes)):
            raise TypeError(f"not a number: {value!r}")
        if isinstance(value, (Decimal, Real)):
            number = float(value)
        else:
            try:
                number = float(value)  # numpy scalars not registered as Real, pyarrow scalars …
            except (TypeError, ValueError) as error:
                if repr(value) in _MISSING_REPRS:
                    ignored += 1
                    continue
                raise TypeError(f"not a number: {value!r}") from error
        if math.isfinite(number) and number > 0:
            kept.append(number)
        else:
            ignored += 1
    return kept, ignored


def _significant_digits(number: float) -> str:
    """'1.23450000000000e+03' -> '123450000000000' (15 significant digits, first is non-zero)."""
    mantissa = f"{number:.14e}".split("e")[0]
    return mantissa.replace(".", "")


def _percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def orders_of_magnitude(values: Iterable[Any]) -> float | None:
    """log10(P99 / P1) of the usable values (nearest-rank percentiles); None without values."""
    kept, _ = _positive_floats(values)
    if not kept:
        return None
    kept.sort()
    return math.log10(_percentile(kept, 0.99) / _percentile(kept, 0.01))


# ----------------------------------------------------------------------------------------------
# statistics


def chi_square_sf(statistic: float, degrees_of_freedom: int) -> float:
    """P(χ²_k ≥ statistic) for an integer k ≥ 1, in closed form (the regularised upper incomplete
    gamma function Q(k/2, x/2) for integer and half-integer arguments), without SciPy."""
    if degrees_of_freedom < 1:
        raise ValueError("degrees_of_freedom must be >= 1")
    if statistic <= 0:
        return 1.0
    half = statistic / 2.0
    if degrees_of_freedom % 2 == 0:
        # Q(m, x) = e^-x Σ_{i<m} x^i / i!, summed in log space against underflow
        log_terms = [i * math.log(half) - half - math.lgamma(i + 1) for i in range(degrees_of_freedom // 2)]
    else:
        # Q(m + 1/2, x) = erfc(√x) + e^-x Σ_{i=1..m} x^(i-1/2) / Γ(i + 1/2)
        log_terms = [
            (i - 0.5) * math.log(half) - half - math.lgamma(i + 0.5) for i in range(1, (degrees_of_freedom - 1) // 2 + 1)
        ]
        base = math.erfc(math.sqrt(half))
        if log_terms:
            top = max(log_terms)
            return min(1.0, base + math.exp(top) * sum(math.exp(t - top) for t in log_terms))
        return min(1.0, base)
    top = max(log_terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in log_terms))


def binomial_sf(successes: int, trials: int, probability: float) -> float:
    """P(X ≥ successes) for X ~ Binomial(trials, probability), exact (log-space sum)."""
    if successes <= 0:
        return 1.0
    if successes > trials:
        return 0.0
    if probability <= 0:
        return 0.0
    if probability >= 1:
        return 1.0
    log_p, log_q = math.log(probability), math.log1p(-probability)
    log_terms = [
        math.lgamma(trials + 1) - math.lgamma(k + 1) - math.lgamma(trials - k + 1) + k * log_p + (trials - k) * log_q
        for k in range(successes, trials + 1)
    ]
    top = max(log_terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in log_terms))


def mean_absolute_deviation(observed: Iterable[float], expected: Iterable[float]) -> float:
    """Nigrini's MAD: mean over the digits of |observed proportion − expected proportion|."""
    pairs = list(zip(observed, expected, strict=True))
    return sum(abs(o - e) for o, e in pairs) / len(pairs)


def nigrini_conformity(mad: float, first_two_digits: bool = False) -> str:
    """Nigrini's class for a MAD: close / acceptable / marginal / nonconformity (bounds inclusive)."""
    for upper, label in FIRST_TWO_DIGITS_MAD_BANDS if first_two_digits else FIRST_DIGIT_MAD_BANDS:
        if mad <= upper:
            return label
    return NONCONFORMITY


def benford_expected(first_two_digits: bool = False) -> dict[int, float]:
    """Benford's proportions: P(d) = log10(1 + 1/d) for d in 1–9 (or 10–99)."""
    digits = range(10, 100) if first_two_digits else range(1, 10)
    return {d: math.log10(1 + 1 / d) for d in digits}


def _chi_square(counts: list[int], expected_proportions: list[float]) -> float:
    n = sum(counts)
    return sum((c - n * p) ** 2 / (n * p) for c, p in zip(counts, expected_proportions))


# ----------------------------------------------------------------------------------------------
# Benford


def _benford(values: Iterable[Any], first_two: bool, min_n: int, min_orders: float) -> DigitTestResult:
    test = "benford_first_two_digits" if first_two else "benford_first_digit"
    kept, ignored = _positive_floats(values)
    expected_map = benford_expected(first_two)
    digits = tuple(expected_map)
    expected = tuple(expected_map.values())
    counts = dict.fromkeys(digits, 0)
    for number in kept:
        significant = _significant_digits(number)
        counts[int(significant[:2] if first_two else significant[0])] += 1
    n = len(kept)
    observed_counts = tuple(counts[d] for d in digits)
    if n == 0:
        return DigitTestResult(
            test, 0, ignored, digits, observed_counts, tuple(0.0 for _ in digits), expected, None, None, None,
            len(digits) - 1, None, False, "没有可用数值 no usable values (all None/NaN/0/negative)", None,
        )
    observed = tuple(c / n for c in observed_counts)
    mad = mean_absolute_deviation(observed, expected)
    chi_square = _chi_square(list(observed_counts), list(expected))
    p_value = chi_square_sf(chi_square, len(digits) - 1)
    kept.sort()
    span = math.log10(_percentile(kept, 0.99) / _percentile(kept, 0.01))
    reason = ""
    if n < min_n:
        reason = f"样本过小 sample too small: n={n} < {min_n}"
    elif span < min_orders:
        reason = (
            f"数值跨度不足 values span only {span:.1f} orders of magnitude (P1–P99) < {min_orders:g}; "
            "Benford's law needs values spread over several orders of magnitude"
        )
    applicable = not reason
    conformity = nigrini_conformity(mad, first_two) if applicable else None
    return DigitTestResult(
        test, n, ignored, digits, observed_counts, observed, expected, mad, conformity, chi_square,
        len(digits) - 1, p_value, applicable, reason, span, flagged=conformity == NONCONFORMITY,
    )


def benford_first_digit(
    values: Iterable[Any],
    min_n: int = BENFORD_FIRST_DIGIT_MIN_N,
    min_orders_of_magnitude: float = BENFORD_MIN_ORDERS_OF_MAGNITUDE,
) -> DigitTestResult:
    """First significant digit (1–9) vs Benford's law P(d) = log10(1 + 1/d).

    Applicable when at least `min_n` usable values (default 100) span at least
    `min_orders_of_magnitude` (default 2) between their 1st and 99th percentiles. Conformity is
    Nigrini's class of the MAD: ≤ 0.006 close, ≤ 0.012 acceptable, ≤ 0.015 marginal, above:
    nonconformity (flagged).
    """
    return _benford(values, False, min_n, min_orders_of_magnitude)


def benford_first_two_digits(
    values: Iterable[Any],
    min_n: int = BENFORD_FIRST_TWO_DIGITS_MIN_N,
    min_orders_of_magnitude: float = BENFORD_MIN_ORDERS_OF_MAGNITUDE,
) -> DigitTestResult:
    """First two significant digits (10–99) vs Benford's law P(d) = log10(1 + 1/d).

    Applicable from `min_n` values (default 1000) spanning `min_orders_of_magnitude`. Nigrini's
    bands: ≤ 0.0012 close, ≤ 0.0018 acceptable, ≤ 0.0022 marginal, above: nonconformity (flagged).
    """
    return _benford(values, True, min_n, min_orders_of_magnitude)


# ----------------------------------------------------------------------------------------------
# terminal digit


def reported_digits(value: Any, decimals: int | None = None) -> str | None:
    """The digits of a value as reported, without sign, decimal point or leading zeros
    ('0.0250' -> '250', '1,200' -> '1200'); None when the value is not usable (see the module doc).

    - a string is taken as reported: thousands separators (, and full-width ，) and spaces are
      removed, trailing zeros are kept ('12.50' ends in 0: a reported trailing zero is a digit);
    - a number with `decimals` is first written with that many decimals (`f"{v:.{decimals}f}"`),
      i.e. as it would appear in a report with that precision;
    - a number without `decimals` is written in its shortest round-trip form (`repr`), without
      the '.0' of an integral float: 1200.0 -> '1200', 12.5 -> '125'. Computed floats can carry
      binary noise (0.1 + 0.2 = 0.30000000000000004): pass `decimals` for them.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (str, bytes)):
        text = value.decode() if isinstance(value, bytes) else value
        text = text.strip().replace(",", "").replace("，", "").replace(" ", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        if not number.is_finite() or number <= 0:
            return None
        if "e" in text.lower():
            text = format(number, "f")
    else:
        try:
            number_float = float(value)
        except (TypeError, ValueError) as error:
            if repr(value) in _MISSING_REPRS:
                return None
            raise TypeError(f"not a number: {value!r}") from error
        if not math.isfinite(number_float) or number_float <= 0:
            return None
        if decimals is not None:
            text = f"{number_float:.{decimals}f}"
        else:
            text = format(Decimal(repr(number_float)), "f").removesuffix(".0")
    digits = text.lstrip("+").replace(".", "").lstrip("0")
    return digits or None


def terminal_digit_test(
    values: Iterable[Any],
    decimals: int | None = None,
    min_n: int = TERMINAL_DIGIT_MIN_N,
    min_significant_digits: int = TERMINAL_DIGIT_MIN_SIGNIFICANT_DIGITS,
) -> DigitTestResult:
    """Uniformity of the last reported digit (0–9): χ² against 10 % each, flagged when p < 0.01.

    The last digit is the last character of the value as reported (see `reported_digits`): of the
    string itself for strings, of `f"{v:.{decimals}f}"` when `decimals` is given, else of the
    shortest round-trip form. Reported data keep their trailing zeros only as strings or with
    `decimals`; floats lose them (12.50 -> 12.5). Only values with at least
    `min_significant_digits` significant digits (default 3) take part — shorter values are counted
    in `n_ignored` — because the first digits are not uniform (Benford). Applicable from `min_n`
    (default 50) values.
    """
    digits = tuple(range(10))
    counts = dict.fromkeys(digits, 0)
    ignored = 0
    for value in values:
        text = reported_digits(value, decimals)
        if text is None or len(text) < min_significant_digits:
            ignored += 1
            continue
        counts[int(text[-1])] += 1
    n = sum(counts.values())
    expected = tuple(0.1 for _ in digits)
    observed_counts = tuple(counts[d] for d in digits)
    if n == 0:
        return DigitTestResult(
            "terminal_digit_test", 0, ignored, digits, observed_counts, tuple(0.0 for _ in digits), expected, None,
            None, None, 9, None, False,
            f"没有可用数值 no usable values (need ≥ {min_significant_digits} significant digits, > 0)",
        )
    observed = tuple(c / n for c in observed_counts)
    mad = mean_absolute_deviation(observed, expected)
    chi_square = _chi_square(list(observed_counts), list(expected))
    p_value = chi_square_sf(chi_square, 9)
    applicable = n >= min_n
    reason = "" if applicable else f"样本过小 sample too small: n={n} < {min_n}"
    return DigitTestResult(
        "terminal_digit_test", n, ignored, digits, observed_counts, observed, expected, mad, None, chi_square, 9,
        p_value, applicable, reason, None, flagged=applicable and p_value < TERMINAL_DIGIT_P_THRESHOLD,
    )


# ----------------------------------------------------------------------------------------------
# round-number heaping


def round_number_heaping(
    values: Iterable[Any],
    base: int = 10,
    decimals: int = 0,
    include_half: bool = False,
    min_expected_count: float = HEAPING_MIN_EXPECTED_COUNT,
) -> HeapingResult:
    """Share of values that are multiples of `base` (10, 100, 1000 …) — with `include_half`, of
    `base`/2 too, i.e. ending in 0 or 5 for base 10 — vs the share expected without rounding.

    Values are read at the reporting resolution 10^-`decimals` (default 0: whole units), rounded
    half away from zero; only values ≥ `base` take part (a smaller positive value cannot be a
    multiple), the others are counted in `n_ignored`. Without a rounding preference, the reported
    last digits are uniform, so the expected share is resolution ÷ base (× 2 with `include_half`):
    10 % for multiples of 10 in whole units, 1 % for 100, 20 % for 0/5. Flagged when the share
    exceeds 2 × expected (research note 5.2). Applicable when at least `min_expected_count`
    (default 5) round values are expected: n ≥ 50 for base 10, 500 for 100, 5000 for 1000.
    """
    if base < 2:
        raise ValueError("base must be >= 2")
    if include_half and base % 2:
        raise ValueError("include_half needs an even base")
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    kept, ignored = _positive_floats(values)
    scale = 10**decimals
    step = base * scale // 2 if include_half else base * scale  # in units of the resolution
    units = [int(Decimal(repr(v)).scaleb(decimals).to_integral_value(rounding="ROUND_HALF_UP")) for v in kept]
    usable = [(v, u) for v, u in zip(kept, units) if u >= base * scale]
    ignored += len(kept) - len(usable)
    n = len(usable)
    expected_share = min(1.0, 1 / step)
    round_values = [v for v, u in usable if u % step == 0]
    n_round = len(round_values)
    if n == 0:
        return HeapingResult(
            base, decimals, include_half, 0, ignored, 0, None, expected_share, None, None, False,
            f"没有可用数值 no usable values (need values ≥ {base})",
        )
    share = n_round / n
    ratio = share / expected_share
    p_value = binomial_sf(n_round, n, expected_share)
    needed = math.ceil(min_expected_count / expected_share)
    applicable = n >= needed
    reason = "" if applicable else (
        f"样本过小 sample too small: n={n} < {needed} (expected round values {n * expected_share:.1f} < {min_expected_count:g})"
    )
    return HeapingResult(
        base, decimals, include_half, n, ignored, n_round, share, expected_share, ratio, p_value, applicable, reason,
        flagged=applicable and ratio > HEAPING_RATIO_THRESHOLD, examples=tuple(round_values[:5]),
    )
