"""Parsing of yearbook workbooks: every bad-input kind names the file, sheet, row and column and
keeps the rejected value in quarantine; a hand-made workbook in another style parses."""

from __future__ import annotations

import copy
from pathlib import Path

import xlsxwriter

from orchestration.ingest.yearbook import parse_yearbook
from sample_generator.workbook import write_workbook
from tests import handcalc


def _sheets(year: int = 2020):
    return handcalc.build_sheets(year)


def _sheet(sheets, name):
    return next(s for s in sheets if s.name == name)


def _write(tmp_path: Path, sheets, name: str = "2020.xlsx") -> Path:
    return write_workbook(tmp_path / "yearbook" / name, sheets)


def _excel_row(sheet, index: int) -> int:
    """Excel row number of data row `index` of a SheetSpec (1 header row after the titles)."""
    return len(sheet.title_rows) + 2 + index


def _only(rejections, code):
    found = [r for r in rejections if r.reason_code == code]
    assert found, f"no {code} rejection in {[r.reason_code for r in rejections]}"
    return found


def test_clean_workbook_has_no_rejections(tmp_path):
    extract = parse_yearbook(_write(tmp_path, _sheets()))
    assert extract.ok and extract.rejections == []
    assert extract.data_year == 2020
    assert extract.electricity.height == 13  # 12 leagues + 全区


def test_missing_sheet_is_fatal_and_names_the_sheet(tmp_path):
    sheets = [s for s in _sheets() if s.name != "电力"]
    extract = parse_yearbook(_write(tmp_path, sheets))
    assert not extract.ok and extract.energy is None
    (fatal,) = extract.fatal
    assert fatal.reason_code == "missing_sheet" and fatal.sheet == "电力"
    assert "2020.xlsx" in fatal.message() and "'电力' is missing" in fatal.message()


def test_unknown_league_row_is_quarantined_whole(tmp_path):
    sheets = _sheets()
    power = _sheet(sheets, "电力")
    power.rows[3][0] = "北京市"
    extract = parse_yearbook(_write(tmp_path, sheets))
    (rejection,) = _only(extract.rejections, "unknown_league")
    assert rejection.sheet == "电力" and rejection.row_number == _excel_row(power, 3)
    assert rejection.value == "北京市" and rejection.column_name.startswith("A")
    assert "unknown league/city '北京市'" in rejection.message()
    assert '"发电量"' in rejection.row_content  # the whole row is kept
    assert extract.electricity.height == 12


def test_unknown_unit_rejects_the_column(tmp_path):
    sheets = _sheets()
    energy = _sheet(sheets, "能源消费")
    energy.header[2] = "原煤(万桶)"
    extract = parse_yearbook(_write(tmp_path, sheets))
    header = _only(extract.rejections, "unknown_unit")[0]
    assert header.column_name == "C" and header.row_number == len(energy.title_rows) + 1
    assert "unknown unit '万桶'" in header.reason
    values = _only(extract.rejections, "rejected_column")  # every value of the column is kept
    assert {r.value for r in values} >= {"100", "48"}
    assert extract.energy.filter(extract.energy["fuel"] == "原煤").height == 0


def test_wrong_unit_dimension_is_rejected(tmp_path):
    sheets = _sheets()
    _sheet(sheets, "能源消费").header[5] = "天然气(万吨)"  # a gas in tonnes
    extract = parse_yearbook(_write(tmp_path, sheets))
    (rejection,) = _only(extract.rejections, "wrong_unit")
    assert "converts to t" in rejection.reason and "convertible to m3" in rejection.reason


def test_text_in_a_number_cell(tmp_path):
    sheets = _sheets()
    power = _sheet(sheets, "电力")
    power.rows[5][1] = "约12"
    extract = parse_yearbook(_write(tmp_path, sheets))
    (rejection,) = _only(extract.rejections, "not_a_number")
    assert rejection.row_number == _excel_row(power, 5) and rejection.column_name == "B (发电量)"
    assert rejection.value == "约12" and "text in a number cell" in rejection.reason


def test_negative_value_is_quarantined_and_the_cell_becomes_null(tmp_path):
    sheets = _sheets()
    gdp = _sheet(sheets, "地区生产总值")
    gdp.rows[0][1] = "-100"
    extract = parse_yearbook(_write(tmp_path, sheets))
    (rejection,) = _only(extract.rejections, "negative_value")
    assert rejection.sheet == "地区生产总值" and rejection.value == "-100"
    code = gdp.rows[0][0]
    row = extract.gdp.filter(extract.gdp["source_row"] == _excel_row(gdp, 0)).row(0, named=True)
    assert row["gdp_current_10k_yuan"] is None, code


def test_identical_duplicate_row_keeps_the_first(tmp_path):
    sheets = _sheets()
    gdp = _sheet(sheets, "地区生产总值")
    gdp.rows.append(copy.copy(gdp.rows[0]))
    extract = parse_yearbook(_write(tmp_path, sheets))
    (rejection,) = _only(extract.rejections, "duplicate_row")
    assert rejection.row_number == _excel_row(gdp, len(gdp.rows) - 1)
    assert f"identical to row {_excel_row(gdp, 0)}" in rejection.reason
    assert extract.gdp.height == 12


def test_conflicting_duplicate_rows_are_all_quarantined(tmp_path):
    sheets = _sheets()
    gdp = _sheet(sheets, "地区生产总值")
    changed = copy.copy(gdp.rows[0])
    changed[1] = "9,999.0"
    gdp.rows.append(changed)
    extract = parse_yearbook(_write(tmp_path, sheets))
    rejections = _only(extract.rejections, "conflicting_duplicate")
    assert len(rejections) == 2 and "none can be chosen" in rejections[0].reason
    assert extract.gdp.height == 11


def test_region_total_mismatch_is_quarantined(tmp_path):
    sheets = _sheets()
    power = _sheet(sheets, "电力")
    region = power.rows[-1]
    assert region[0] == "全区"
    region[1] = region[1] * 1.01  # 发电量 1 % above the league sum (tolerance 0.5 %)
    extract = parse_yearbook(_write(tmp_path, sheets))
    (rejection,) = _only(extract.rejections, "region_total_mismatch")
    assert rejection.row_number == _excel_row(power, len(power.rows) - 1)
    assert rejection.column_name == "generation_mwh" and "+1.00%" in rejection.reason
    region_row = extract.electricity.filter(extract.electricity["league_code"] == "150000").row(0, named=True)
    assert region_row["generation_mwh"] is None and region_row["thermal_generation_mwh"] is not None


def test_region_total_within_tolerance_is_accepted(tmp_path):
    sheets = _sheets()
    power = _sheet(sheets, "电力")
    power.rows[-1][1] = power.rows[-1][1] * 1.004
    assert parse_yearbook(_write(tmp_path, sheets)).rejections == []


def test_unknown_fuel_and_use_category(tmp_path):
    sheets = _sheets()
    energy = _sheet(sheets, "能源消费")
    energy.header[3] = "褐煤(万吨)"
    energy.rows[0][1] = "火电厂"
    extract = parse_yearbook(_write(tmp_path, sheets))
    assert "unknown fuel column '褐煤(万吨)'" in _only(extract.rejections, "unknown_fuel")[0].reason
    assert _only(extract.rejections, "unknown_use_category")[0].value == "火电厂"


def test_not_a_workbook_is_fatal(tmp_path):
    path = tmp_path / "yearbook" / "2020.xlsx"
    path.parent.mkdir(parents=True)
    path.write_text("地区,原煤\n")
    extract = parse_yearbook(path)
    (fatal,) = extract.fatal
    assert fatal.reason_code == "unreadable_file" and str(path) in fatal.message()


def test_file_name_must_be_the_year(tmp_path):
    extract = parse_yearbook(_write(tmp_path, _sheets(), name="yearbook-2020.xlsx"))
    assert [f.reason_code for f in extract.fatal] == ["bad_file_name"]


def test_no_header_row(tmp_path):
    sheets = _sheets()
    _sheet(sheets, "地区生产总值").header[0] = "盟市"
    extract = parse_yearbook(_write(tmp_path, sheets))
    assert [(f.reason_code, f.sheet) for f in extract.fatal] == [("no_header_row", "地区生产总值")]


def test_merged_league_cells_are_carried_down(tmp_path):
    sheets = _sheets()
    energy = _sheet(sheets, "能源消费")
    ordos_rows = [r for r in energy.rows if r[0] == "鄂尔多斯市"]
    for row in ordos_rows[1:]:
        row[0] = None
    extract = parse_yearbook(_write(tmp_path, sheets))
    assert extract.rejections == []
    ordos = extract.energy.filter((extract.energy["league_code"] == "150600") & extract.energy["quantity"].is_not_null())
    assert set(ordos["use_category"]) == {"火力发电", "工业", "其中：用作原料、材料", "炼焦", "交通运输、仓储和邮政业", "城镇居民生活"}


def test_hand_made_workbook_in_another_style(tmp_path):
    """A workbook the generator did not produce: the table starts at B5 (calamine trims empty
    rows/columns, the reported rows must still be Excel's), other title rows, another league
    order, 全区 in the middle, numbers as text with spaces and separators, full-width units,
    units also on the 电力 sheet, an `-` and a `...`."""
    path = tmp_path / "yearbook" / "2022.xlsx"
    path.parent.mkdir(parents=True)
    reference_names = ["阿拉善", "锡林郭勒", "兴安", "乌兰察布", "巴彦淖尔", "呼伦贝尔", "鄂尔多斯", "全区",
                       "通辽", "赤峰", "乌海", "包头", "呼和浩特"]
    book = xlsxwriter.Workbook(str(path))
    energy = book.add_worksheet("能源消费")
    energy.write_string(1, 1, "表8-3  分地区能源消费（2022年）")
    energy.write_row(4, 1, ["地区", "用途", "原煤（万吨）", "天然气（亿立方米）"])
    row = 5
    for name in reference_names:
        coal = "1 200.5" if name == "鄂尔多斯" else ("1,200.5" if name == "全区" else "-")
        energy.write_row(row, 1, [name, "工业", coal, "..."])
        row += 1
    energy.write_string(row + 1, 1, "注：本表不含港澳台。")
    power = book.add_worksheet("电力")
    power.write_row(0, 0, ["地区", "发电量(亿千瓦时)", "火电(亿千瓦时)", "全社会用电量(亿千瓦时)"])
    for i, name in enumerate(reference_names, start=1):
        power.write_row(i, 0, [name, 10.0 if name != "全区" else 120.0, 8.0 if name != "全区" else 96.0, 5])
    gdp = book.add_worksheet("地区生产总值")
    gdp.write_row(2, 0, ["地区", "地区生产总值（亿元）", "地区生产总值指数（上年=100）"])
    for i, name in enumerate(reference_names, start=3):
        gdp.write_row(i, 0, [name, "1,000" if name != "全区" else "12,000", "105.0"])
    output = book.add_worksheet("工业产品产量")
    output.write_row(0, 0, ["地区", "电石（万吨）", "原铝(吨)"])
    for i, name in enumerate(reference_names, start=1):
        output.write_row(i, 0, [name, "—", "50000" if name in ("包头", "全区") else "—"])
    book.close()

    extract = parse_yearbook(path)
    # 全区 全社会用电量 = 5 while the leagues sum to 60: flagged, everything else clean
    assert [(r.reason_code, r.row_number) for r in extract.rejections] == [("region_total_mismatch", 9)]
    coal = extract.energy.filter((extract.energy["fuel"] == "原煤") & extract.energy["quantity"].is_not_null())
    assert coal.sort("league_code").rows() == [
        (2022, "150000", "工业", "原煤", 12_005_000.0, "t", str(path), 13),
        (2022, "150600", "工业", "原煤", 12_005_000.0, "t", str(path), 12),
    ]
    assert extract.energy.filter(extract.energy["fuel"] == "天然气")["quantity"].null_count() == 13
    baotou = extract.output.filter((extract.output["league_code"] == "150200") & (extract.output["product"] == "原铝"))
    assert baotou["output_t"].to_list() == [50000.0]
    assert extract.gdp.filter(extract.gdp["league_code"] == "150100")["gdp_current_10k_yuan"].to_list() == [1e7]
