"""GB 32100 unified social credit code: the check character (orchestration/ingest/credit_code.py)."""

from __future__ import annotations

import pytest

from orchestration.ingest.credit_code import (
    CHARSET,
    WEIGHTS,
    check_character,
    credit_code_error,
    is_valid_credit_code,
)


def test_weights_are_powers_of_three_mod_31():
    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert len(CHARSET) == 31 and not set("IOSVZ") & set(CHARSET)


@pytest.mark.parametrize("code", [
    "91350100M000100Y43",  # the standard's example
    "91440300708461136T",  # published codes of large companies
    "9144030071526726XG",
    "91110000600037341L",
    "91150624MA0HANDA19",  # the hand-written fixtures (hand calculation in tests/fixtures/enterprise_handcalc.md)
    "91150100MA0HANDB2T",
    "91150223MA0HANDC3E",
])
def test_valid_codes(code):
    assert is_valid_credit_code(code)
    assert credit_code_error(code) is None


def test_hand_calculated_check_character():
    # values 9 1 1 5 0 6 2 4 21 10 0 17 10 22 13 10 1 · weights → 2409; 2409 mod 31 = 22; 31 − 22 = 9
    assert check_character("91150624MA0HANDA1") == "9"
    # a weighted sum divisible by 31 gives 31 − 0 = 31, written 0
    assert check_character("91150624MA0HAND11") == "0"
    assert check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize("code, fragment", [
    ("91150624MA0HANDA18", "has check character '8', GB 32100 gives '9'"),
    ("91150624MA0HANDA1", "must have 18 characters, got 17"),
    ("91150624MA0HANDA190", "must have 18 characters, got 19"),
    ("91150624MA0HSNDA19", "not allowed by GB 32100: 'S'"),
    ("91150624ma0handa19", "not allowed by GB 32100"),
    (915006240, "must be a string"),
])
def test_invalid_codes_say_why(code, fragment):
    assert not is_valid_credit_code(code)
    assert fragment in credit_code_error(code)


def test_the_generator_computes_the_same_check_character():
    from sample_generator.enterprises import credit_check_character

    for first17 in ("91150624MA0HANDA1", "91350100M000100Y4", "91150100MA0HANDB2", "12150000MB1234567"):
        assert credit_check_character(first17) == check_character(first17)
