"""Digit analysis API (orchestration.quality.digits): hand-computed values, Nigrini's bands,
synthetic conforming and non-conforming samples, heaping, not-applicable cases."""

from __future__ import annotations

import dataclasses
import json
import math
import random
from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from orchestration.quality import digits
from orchestration.quality.digits import (
    benford_first_digit,
    benford_first_two_digits,
    chi_square_sf,
    nigrini_conformity,
    reported_digits,
    round_number_heaping,
    terminal_digit_test,
)

# Benford's first-digit proportions log10(1 + 1/d), written out by hand (6 decimals).
BENFORD_1 = [0.301030, 0.176091, 0.124939, 0.096910, 0.079181, 0.066947, 0.057992, 0.051153, 0.045757]


def benford_sample(n: int, seed: int, decades: float = 6.0) -> list[float]:
    """10**U(0, decades): the mantissa is log-uniform, i.e. exactly Benford-distributed."""
    rng = random.Random(seed)
    return [10 ** rng.uniform(0, decades) for _ in range(n)]


def uniform_first_digit_sample(n: int, seed: int) -> list[float]:
    """First digit uniform on 1–9 (each 11.1 %), spread over 5 decades."""
    rng = random.Random(seed)
    return [(rng.randint(1, 9) + rng.random()) * 10 ** rng.randint(0, 4) for _ in range(n)]


# ---------------------------------------------------------------------------------------------
# first digit, by hand


SMALL = [1, 12, 150, 2.5, 0.03, 3400, 9, 11, None, 0, -5, float("nan")]
# usable: 1 12 150 11 -> digit 1 (4), 2.5 -> 2 (1), 0.03 3400 -> 3 (2), 9 -> 9 (1); n = 8
# ignored: None, 0, -5, NaN -> 4


def test_first_digit_proportions_by_hand() -> None:
    result = benford_first_digit(SMALL)
    assert result.n == 8
    assert result.n_ignored == 4
    assert result.digits == (1, 2, 3, 4, 5, 6, 7, 8, 9)
    assert result.observed_counts == (4, 1, 2, 0, 0, 0, 0, 0, 1)
    assert result.observed == pytest.approx((0.5, 0.125, 0.25, 0, 0, 0, 0, 0, 0.125))
    assert result.expected == pytest.approx(BENFORD_1, abs=1e-6)


def test_first_digit_mad_and_chi_square_by_hand() -> None:
    result = benford_first_digit(SMALL)
    # |0.5-0.301030| + |0.125-0.176091| + |0.25-0.124939| + 0.096910 + 0.079181 + 0.066947
    # + 0.057992 + 0.051153 + |0.125-0.045757| = 0.806548; MAD = 0.806548 / 9
    assert result.mad == pytest.approx(0.806548 / 9, abs=1e-6)
    # E = 8 p: Σ (O-E)²/E = 1.052096 + 0.118590 + 1.001465 + 0.775280 + 0.633448 + 0.535576
    #                       + 0.463936 + 0.409224 + 1.097879
    assert result.chi_square == pytest.approx(6.087494, abs=1e-4)
    assert result.degrees_of_freedom == 8
    assert result.p_value == pytest.approx(chi_square_sf(result.chi_square, 8))
    # 8 values are far below the minimum sample: statistics for information, no verdict
    assert not result.applicable
    assert result.conformity is None and not result.flagged
    assert "n=8 < 100" in result.reason


def test_first_digit_reads_the_decimal_digits_not_binary_noise() -> None:
    # 0.30000000000000004 starts with 3; 2.9999999999999996 and 999.9999999999999 are 3 and 1000
    # at 15 significant digits; Decimal is accepted
    result = benford_first_digit([0.1 + 0.2, 2.9999999999999996, 1000.0, 999.9999999999999, Decimal("0.0042")],
                                 min_n=1)
    assert result.observed_counts == (2, 0, 2, 1, 0, 0, 0, 0, 0)


def test_first_two_digits_by_hand() -> None:
    result = benford_first_two_digits([1.05, 10.9, 109, 0.0998, 99, 54_321, 5.4], min_n=1)
    assert result.digits == tuple(range(10, 100))
    counts = dict(zip(result.digits, result.observed_counts))
    assert (counts[10], counts[99], counts[54]) == (3, 2, 2)
    assert sum(result.observed_counts) == result.n == 7
    assert result.expected[0] == pytest.approx(math.log10(1 + 1 / 10))
    assert sum(result.expected) == pytest.approx(1.0)


# ---------------------------------------------------------------------------------------------
# Nigrini's bands


@pytest.mark.parametrize(
    ("mad", "expected"),
    [(0.0, "close"), (0.006, "close"), (0.0061, "acceptable"), (0.012, "acceptable"), (0.0121, "marginal"),
     (0.015, "marginal"), (0.0151, "nonconformity"), (0.2, "nonconformity")],
)
def test_first_digit_bands(mad: float, expected: str) -> None:
    assert nigrini_conformity(mad) == expected


@pytest.mark.parametrize(
    ("mad", "expected"),
    [(0.0012, "close"), (0.00121, "acceptable"), (0.0018, "acceptable"), (0.00181, "marginal"),
     (0.0022, "marginal"), (0.00221, "nonconformity")],
)
def test_first_two_digits_bands(mad: float, expected: str) -> None:
    assert nigrini_conformity(mad, first_two_digits=True) == expected


# ---------------------------------------------------------------------------------------------
# synthetic samples


def test_benford_sample_is_close_conformity() -> None:
    result = benford_first_digit(benford_sample(3000, seed=11))
    assert result.applicable, result.reason
    assert result.orders_of_magnitude == pytest.approx(6 * 0.98, abs=0.1)  # P1 … P99 of 6 decades
    assert result.mad <= 0.006
    assert result.conformity == "close"
    assert not result.flagged
    assert result.p_value > 0.01
    assert "接近符合 close conformity" in result.summary()


def test_benford_sample_first_two_digits_conforms() -> None:
    result = benford_first_two_digits(benford_sample(20_000, seed=12))
    assert result.applicable, result.reason
    assert result.conformity == "close"
    assert not result.flagged


def test_uniform_first_digit_is_nonconformity() -> None:
    result = benford_first_digit(uniform_first_digit_sample(1000, seed=13))
    assert result.applicable, result.reason
    # uniform 1/9 each: MAD ≈ Σ|1/9 − p_d| / 9 = 0.0597
    assert result.mad == pytest.approx(0.0597, abs=0.01)
    assert result.conformity == "nonconformity"
    assert result.flagged
    assert result.p_value < 1e-6
    summary = result.summary()
    assert "不符合 nonconformity" in summary and "n=1000" in summary
    # the most over-represented digits of a uniform sample are the high ones
    digit, observed, expected = result.largest_excess
    assert digit >= 7 and observed > expected


# ---------------------------------------------------------------------------------------------
# not applicable


def test_too_small_sample_is_not_applicable() -> None:
    result = benford_first_digit(benford_sample(99, seed=1))
    assert not result.applicable and not result.flagged and result.conformity is None
    assert result.reason.startswith("样本过小 sample too small: n=99 < 100")
    assert "不适用 first-digit Benford test not applicable" in result.summary()
    assert benford_first_digit(benford_sample(100, seed=1)).applicable


def test_narrow_sample_is_not_applicable() -> None:
    narrow = [100 + i * 4.5 for i in range(200)]  # 100 … 995.5: one order of magnitude
    result = benford_first_digit(narrow)
    assert not result.applicable
    assert result.orders_of_magnitude < 2
    assert "orders of magnitude" in result.reason


def test_one_outlier_does_not_make_a_narrow_sample_wide() -> None:
    values = [100 + i for i in range(199)] + [1e9]  # P99 is still < 1000
    assert not benford_first_digit(values).applicable


def test_first_two_digits_need_a_thousand_values() -> None:
    result = benford_first_two_digits(benford_sample(999, seed=2))
    assert not result.applicable and "n=999 < 1000" in result.reason


def test_no_usable_values() -> None:
    result = benford_first_digit([None, 0, -3, float("nan"), float("inf")])
    assert (result.n, result.n_ignored, result.applicable, result.mad) == (0, 5, False, None)
    assert "no usable values" in result.summary()
    json.dumps(result.to_dict())


def test_rejects_non_numbers() -> None:
    with pytest.raises(TypeError):
        benford_first_digit([1.0, "12"])
    with pytest.raises(TypeError):
        benford_first_digit([True, 2.0])


def test_accepts_arrays_and_series() -> None:
    values = benford_sample(500, seed=3)
    expected = benford_first_digit(values).observed_counts
    assert benford_first_digit(np.array(values)).observed_counts == expected
    assert benford_first_digit(pl.Series(values + [None])).observed_counts == expected


# ---------------------------------------------------------------------------------------------
# terminal digit


def test_reported_digits() -> None:
    assert reported_digits(1200.0) == "1200"  # integral float: no '.0'
    assert reported_digits(12.5) == "125"
    assert reported_digits("12.50") == "1250"  # a reported trailing zero is a digit
    assert reported_digits("1,230") == "1230"
    assert reported_digits("0.0250") == "250"
    assert reported_digits(12.5, decimals=2) == "1250"
    assert reported_digits(7, decimals=0) == "7"
    assert reported_digits(0) is None and reported_digits(-4.0) is None and reported_digits(None) is None
    assert reported_digits("—") is None


def test_terminal_digits_uniform_by_hand() -> None:
    # 100 … 199: each last digit exactly 10 times -> χ² = 0, p = 1
    result = terminal_digit_test(range(100, 200))
    assert result.observed_counts == (10,) * 10
    assert result.chi_square == 0 and result.p_value == 1.0
    assert result.applicable and not result.flagged
    assert result.expected == (0.1,) * 10


def test_terminal_digits_heaped_on_zero_and_five() -> None:
    # 60 values: 30 end in 0, 30 end in 5 -> E = 6 per digit:
    # χ² = 2 × (30−6)²/6 + 8 × 6²/6 = 192 + 48 = 240
    values = [str(1000 + 10 * i) for i in range(30)] + [str(1005 + 10 * i) for i in range(30)]
    result = terminal_digit_test(values)
    assert result.n == 60
    assert result.chi_square == pytest.approx(240.0)
    assert result.p_value < 1e-40
    assert result.flagged
    assert "不均匀 not uniform" in result.summary()


def test_terminal_digit_of_floats_with_decimals() -> None:
    # reported with one decimal: 12.3 -> '123' (3), 45.6 -> '456' (6), 7.8 -> '78' (too short);
    # with two decimals 7.8 -> '780' ends in 0
    result = terminal_digit_test([12.3, 45.6, 7.8], decimals=1, min_n=1)
    assert dict(zip(result.digits, result.observed_counts)) == {0: 0, 1: 0, 2: 0, 3: 1, 4: 0, 5: 0, 6: 1, 7: 0,
                                                                8: 0, 9: 0}
    two = terminal_digit_test([12.3, 45.6, 7.8], decimals=2, min_n=1)
    assert two.observed_counts[0] == 3
    # short values are ignored (the first digits are not uniform)
    short = terminal_digit_test([5, 12, 123], min_n=1)
    assert (short.n, short.n_ignored) == (1, 2)


def test_terminal_digit_not_applicable_below_fifty() -> None:
    result = terminal_digit_test(range(100, 149))
    assert not result.applicable and not result.flagged
    assert "n=49 < 50" in result.reason


# ---------------------------------------------------------------------------------------------
# heaping


def test_heaping_flagged_with_many_round_numbers() -> None:
    # 100 values ≥ 10: 40 multiples of 10 -> share 40 % vs 10 % expected = ×4 > ×2
    values = [1000 + 10 * i for i in range(40)] + [1001 + 10 * i for i in range(60)]
    result = round_number_heaping(values, base=10)
    assert (result.n, result.n_round) == (100, 40)
    assert result.share == pytest.approx(0.40)
    assert result.expected_share == pytest.approx(0.10)
    assert result.ratio == pytest.approx(4.0)
    assert result.applicable and result.flagged
    assert result.p_value < 1e-10
    assert result.examples == (1000.0, 1010.0, 1020.0, 1030.0, 1040.0)
    assert "堆积 heaping" in result.summary()


def test_no_heaping_on_consecutive_integers() -> None:
    result = round_number_heaping(range(100, 200), base=10)  # exactly 10 multiples of 10
    assert result.share == pytest.approx(0.10) and result.ratio == pytest.approx(1.0)
    assert not result.flagged
    half = round_number_heaping(range(100, 200), base=10, include_half=True)  # 20 end in 0 or 5
    assert (half.n_round, half.expected_share, half.ratio) == (20, pytest.approx(0.2), pytest.approx(1.0))


def test_heaping_threshold_is_strictly_more_than_twice() -> None:
    values = [100 + 10 * i for i in range(10)] + [x for x in range(101, 200) if x % 10][:40]  # 10/50 = 2 × 10 %
    result = round_number_heaping(values, base=10)
    assert result.ratio == pytest.approx(2.0) and not result.flagged


def test_heaping_resolution_and_small_values() -> None:
    # tonnes reported with 1 decimal: a multiple of 10 t is 1 value in 100 at 0.1 t resolution
    result = round_number_heaping([12.3, 20.0, 35.55, 5.0], base=10, decimals=1)
    assert result.expected_share == pytest.approx(0.01)
    assert (result.n, result.n_ignored, result.n_round) == (3, 1, 1)  # 5.0 < 10 cannot be a multiple


def test_heaping_needs_enough_expected_round_values() -> None:
    result = round_number_heaping(range(1000, 1100), base=100)  # 5 round values expected from n = 500
    assert not result.applicable and "n=100 < 500" in result.reason
    assert not result.flagged


# ---------------------------------------------------------------------------------------------
# chi-square tail, results


@pytest.mark.parametrize(
    ("statistic", "df", "p"),
    # textbook critical values (p = 0.05 / 0.01) and closed forms
    [(3.841459, 1, 0.05), (15.507313, 8, 0.05), (20.090235, 8, 0.01), (16.918978, 9, 0.05),
     (21.665994, 9, 0.01), (112.022, 89, 0.05), (2.0, 2, math.exp(-1)), (0.0, 8, 1.0)],
)
def test_chi_square_tail(statistic: float, df: int, p: float) -> None:
    assert chi_square_sf(statistic, df) == pytest.approx(p, rel=1e-4)


def test_chi_square_tail_matches_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")
    for df in (1, 2, 8, 9, 89, 90):
        for statistic in (0.3, 7.0, 50.0, 150.0, 900.0):
            assert chi_square_sf(statistic, df) == pytest.approx(stats.chi2.sf(statistic, df), rel=1e-9, abs=1e-300)


def test_results_are_frozen_and_serialisable() -> None:
    result = benford_first_digit(benford_sample(300, seed=4))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.mad = 0.0  # type: ignore[misc]
    payload = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert set(payload["observed"]) == {str(d) for d in range(1, 10)}
    assert payload["conformity"] == result.conformity
    assert payload["summary"] == result.summary()
    heaping = round_number_heaping(range(100, 200))
    assert json.loads(json.dumps(heaping.to_dict()))["n_round"] == 10


def test_summaries_are_one_bilingual_line() -> None:
    for result in (
        benford_first_digit(benford_sample(300, seed=5)),
        benford_first_two_digits(benford_sample(300, seed=5)),
        terminal_digit_test(range(100, 300)),
        round_number_heaping(range(100, 300)),
    ):
        summary = result.summary()
        assert "\n" not in summary
        assert any("\u4e00" <= ch <= "\u9fff" for ch in summary)  # Chinese
        assert any(ch.isascii() and ch.isalpha() for ch in summary)  # English


def test_module_is_dependency_light() -> None:
    source = Path(digits.__file__).read_text(encoding="utf-8")
    for heavy in ("import numpy", "import scipy", "import pandas", "import polars"):
        assert heavy not in source
