"""A tiny landing directory with round numbers, for hand-computed expected values.

Only Ordos (150600), Hohhot (150100) and Hulunbuir (150700) carry data; the other nine leagues
report zeros or `—`, so every league is present and the region is the sum of the three.
Years 2019–2021 (2020 is the GDP base year; 2019 tests chaining backwards). Energy, power and
output are the same every year; only GDP changes.

The 全区 rows are computed as the exact sum of the leagues so the fixture is consistent; tests
that need a defect change a copy of the sheets.
"""

from __future__ import annotations

from pathlib import Path

from orchestration.ingest.reference import load_reference
from sample_generator.workbook import SheetSpec, write_workbook

FUELS = ["原煤", "洗精煤", "焦炭", "天然气", "柴油", "电力"]
FUEL_HEADERS = ["原煤(万吨)", "洗精煤（万吨）", "焦炭(万吨)", "天然气（亿立方米）", "柴油(万吨)", "电力(亿千瓦时)"]
USES = [
    "火力发电", "供热", "炼焦", "炼油及煤制油", "制气", "工业", "其中：用作原料、材料", "农林牧渔业", "建筑业",
    "交通运输、仓储和邮政业", "批发和零售业、住宿和餐饮业", "其他行业", "城镇居民生活", "乡村居民生活",
]
ORDOS, HOHHOT, HULUNBUIR = "150600", "150100", "150700"
YEARS = (2019, 2020, 2021)

# league -> 用途 -> fuel -> amount in yearbook units (万吨, 亿立方米, 亿千瓦时)
ENERGY = {
    ORDOS: {
        "火力发电": {"原煤": 100},
        "工业": {"原煤": 30, "天然气": 0.5},
        "其中：用作原料、材料": {"原煤": 10},
        "炼焦": {"原煤": 50},  # transformation: not combusted, not energy use
        "交通运输、仓储和邮政业": {"柴油": 2},
        "城镇居民生活": {"电力": 3},  # the 电力 column carries no direct CO2
    },
    HOHHOT: {"火力发电": {"原煤": 48}},
}
# 发电量, 火电, 水电, 风电, 太阳能发电, 其他发电, 全社会用电量, 调入电量, 调出电量, 厂用电及线损 (亿千瓦时)
POWER_HEADER = ["发电量", "火电", "水电", "风电", "太阳能发电", "其他发电", "全社会用电量", "调入电量", "调出电量", "厂用电及线损"]
POWER = {
    ORDOS: [40, 30, "—", 8, 2, "—", 17, "—", 20, 3],  # exporter; 调入 not reported
    HOHHOT: [12, 12, "—", "—", "—", "—", 21, 10, "—", 1],  # importer (mengxi pool)
    HULUNBUIR: [5, 0, "—", 5, "—", "—", 7, 2, 0, 0],  # importer in a pool without thermal power
}
# GDP (亿元) and volume index (上年=100) by year
GDP = {
    ORDOS: {2019: (2900, 104), 2020: (3000, 103), 2021: (3300, 106)},
    HOHHOT: {2019: (1900, 105), 2020: (2000, 105), 2021: (2150, 104)},
}
OTHER_GDP = (100, 100)
OUTPUT = {ORDOS: {"电石": 10}}
PRODUCTS = ["电石", "精甲醇", "合成氨", "水泥熟料", "生石灰", "粗钢", "铁合金", "原铝", "工业硅"]


def _region_row(rows: list[list], first_value: int) -> list:
    totals = []
    for column in range(first_value, len(rows[0])):
        numbers = [r[column] for r in rows if isinstance(r[column], (int, float))]
        totals.append(round(sum(numbers), 6) if numbers else "—")
    return totals


def build_sheets(year: int) -> list[SheetSpec]:
    reference = load_reference()
    names = {code: reference.league_label(code) for code in reference.league_codes}

    energy_rows = []
    for code in reference.league_codes:
        uses = ENERGY.get(code, {"城镇居民生活": {}})
        for use in USES:
            if use in uses:
                energy_rows.append([names[code], use] + [uses[use].get(f, "—") for f in FUELS])
    region_energy = []
    for use in USES:
        block = [r for r in energy_rows if r[1] == use]
        if block:
            region_energy.append(["全区", use] + _region_row(block, 2))

    power_rows = [[names[c]] + POWER.get(c, [0] * 10) for c in reference.league_codes]
    gdp_rows = []
    for code in reference.league_codes:
        gdp, index = GDP.get(code, {}).get(year, OTHER_GDP)
        gdp_rows.append([names[code], f"{gdp:,.1f}", index, "—", "—", "—"])
    output_rows = [[names[c]] + [OUTPUT.get(c, {}).get(p, "—") for p in PRODUCTS] for c in reference.league_codes]

    return [
        SheetSpec("能源消费", [f"{year}年分盟市能源消费量", "单位：见各列"], ["地区", "用途"] + FUEL_HEADERS,
                  energy_rows + region_energy, ["注：其中：用作原料、材料 是工业的一部分。"]),
        SheetSpec("电力", ["分盟市电力（亿千瓦时）"], ["地区"] + POWER_HEADER,
                  power_rows + [["全区"] + _region_row(power_rows, 1)]),
        SheetSpec("地区生产总值", [], ["地区", "地区生产总值(亿元)", "地区生产总值指数(上年=100)", "第一产业(亿元)",
                                  "第二产业（亿元）", "第三产业(亿元)"], gdp_rows),
        SheetSpec("工业产品产量", ["主要工业产品产量（万吨）"], ["地区"] + PRODUCTS,
                  [["全区"] + _region_row(output_rows, 1)] + output_rows),
    ]


def write_landing(directory: Path, years: tuple[int, ...] = YEARS) -> Path:
    for year in years:
        write_workbook(directory / "yearbook" / f"{year}.xlsx", build_sheets(year))
    return directory
