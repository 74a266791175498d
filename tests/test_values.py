"""Cell parsing, header units and league names (CONTRACTS conventions)."""

import pytest

from orchestration.ingest.reference import load_reference
from orchestration.ingest.values import CellError, parse_number, split_header


@pytest.mark.parametrize("text", [None, "", " ", "—", "——", "-", "…", "...", "－"])
def test_missing_markers_are_null_not_zero(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12,345.67", 12345.67), ("1，234", 1234.0), (" 0 ", 0.0), ("0.0000001", 1e-7), ("-3.5", -3.5), ("1e3", 1000.0)],
)
def test_numbers_as_text_with_separators(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["abc", "12.3.4", "约100", "1,2a"])
def test_text_in_a_number_cell_is_an_error(text):
    with pytest.raises(CellError):
        parse_number(text)


@pytest.mark.parametrize(
    ("header", "name", "unit"),
    [("原煤(万吨)", "原煤", "万吨"), ("天然气（亿立方米）", "天然气", "亿立方米"), ("热力 (万百万千焦)", "热力", "万百万千焦"),
     ("火电", "火电", None), ("地区生产总值指数(上年=100)", "地区生产总值指数", "上年=100")],
)
def test_header_units_ascii_and_full_width(header, name, unit):
    parsed = split_header(header)
    assert (parsed.name, parsed.unit) == (name, unit)


@pytest.mark.parametrize(
    ("unit", "base", "multiplier"),
    [("万吨", "t", 1e4), ("亿立方米", "m3", 1e8), ("亿千瓦时", "MWh", 1e5), ("万百万千焦", "GJ", 1e4), ("亿元", "10k_yuan", 1e4)],
)
def test_yearbook_units_convert_to_base_units(unit, base, multiplier):
    # 1 亿千瓦时 = 10^8 kWh = 10^5 MWh; 1 万百万千焦 = 10^4 × 10^6 kJ = 10^4 GJ; 1 亿元 = 10^4 万元
    converted = load_reference().units[unit]
    assert (converted.base_unit, converted.multiplier_to_base) == (base, pytest.approx(multiplier))


@pytest.mark.parametrize(
    ("name", "code"),
    [("鄂尔多斯市", "150600"), ("鄂尔多斯", "150600"), ("兴安盟", "152200"), ("兴安", "152200"), (" 呼和 浩特 ", "150100"),
     ("全区", "150000"), ("内蒙古自治区", "150000"), ("北京市", None)],
)
def test_league_names_with_or_without_suffix(name, code):
    assert load_reference().league_code(name) == code


def test_gas_standard_coal_coefficient_is_per_cubic_metre():
    """reference/fuels.csv gives gases in kgce/m3; the seed must hold tce/m3 (GB/T 2589 natural
    gas 1.2143 kgce/m3 = 0.0012143 tce/m3), consistent with NCV 0.038931 GJ/m3 ÷ 29.3076 GJ/tce."""
    import polars as pl

    from orchestration.settings import SEEDS_DIR

    fuels = pl.read_csv(SEEDS_DIR / "ref_fuels.csv")
    gas = fuels.filter(pl.col("fuel") == "天然气").row(0, named=True)
    assert gas["tce_per_base_unit"] == pytest.approx(0.0012143)
    for row in fuels.iter_rows(named=True):  # every fuel: tce within 25 % of NCV / 29.3076
        assert row["tce_per_base_unit"] == pytest.approx(row["ncv_gj_per_base_unit"] / 29.3076, rel=0.5), row["fuel"]
