"""Sample statistical-yearbook workbooks `yearbook/<YYYY>.xlsx` (CONTRACTS layout).

`build_tables(year, seed)` turns the numbers of `model.py` into formatted sheets following the
year's layout in `layouts.py`; `generate(out_dir, seed)` writes one workbook per data year.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from sample_generator import DEFAULT_SEED
from sample_generator import profiles as p
from sample_generator.layouts import (
    ENERGY_SHEET,
    GDP_SHEET,
    LAYOUTS,
    OUTPUT_SHEET,
    POWER_SHEET,
    SheetLayout,
)
from sample_generator.model import REGION_CODE, GdpRow, PowerBalance, YearData, year_data
from sample_generator.workbook import Cell, SheetSpec, write_workbook

REGION_LABEL = p.REGION_NAME
POWER_COLUMNS: tuple[tuple[str, Callable[[PowerBalance], float]], ...] = (
    ("发电量", lambda b: b.generation),
    ("火电", lambda b: b.thermal),
    ("水电", lambda b: b.hydro),
    ("风电", lambda b: b.wind),
    ("太阳能发电", lambda b: b.solar),
    ("其他发电", lambda b: b.other),
    ("全社会用电量", lambda b: b.consumption),
    ("调入电量", lambda b: b.imported),
    ("调出电量", lambda b: b.exported),
    ("厂用电及线损", lambda b: b.losses),
)
GDP_COLUMNS: tuple[tuple[str, str, Callable[[GdpRow], float]], ...] = (
    ("地区生产总值", "亿元", lambda g: g.total),
    ("地区生产总值指数", "上年=100", lambda g: g.index),
    ("第一产业", "亿元", lambda g: g.primary),
    ("第二产业", "亿元", lambda g: g.secondary),
    ("第三产业", "亿元", lambda g: g.tertiary),
)
OUTPUT_UNIT = "万吨"


class SheetFormatter:
    """Applies one sheet layout: header units, league labels and order, number cells."""

    def __init__(self, layout: SheetLayout, year: int, rng: random.Random) -> None:
        self.layout = layout
        self.year = year
        self.rng = rng

    def header(self, name: str, unit: str | None, position: int) -> str:
        """`name(unit)` in the layout's parentheses style (position alternates when mixed)."""
        style = self.layout.unit_style
        if unit is None or style == "none":
            return name
        if style == "mixed":
            style = "ascii" if position % 2 == 0 else "fullwidth"
        return f"{name}({unit})" if style == "ascii" else f"{name}（{unit}）"

    def league_order(self) -> list[str]:
        """League codes in sheet order, the region first or last."""
        codes = list(p.LEAGUE_CODES)
        if self.layout.shuffle:
            self.rng.shuffle(codes)
        return [REGION_CODE, *codes] if self.layout.total_first else [*codes, REGION_CODE]

    def label(self, code: str) -> str:
        """The 地区 cell of a league: with or without its suffix."""
        if code == REGION_CODE:
            return REGION_LABEL
        profile = p.LEAGUE_PROFILES[code]
        style = self.layout.name_style
        if style == "mixed":
            style = self.rng.choice(("full", "short"))
        return profile.name if style == "full" else profile.short_name

    def number(self, value: float | None, decimals: int) -> Cell:
        """A value cell: a dash when not reported, else a number or text as the layout says."""
        if value is None:
            return self.missing()
        style = self.layout.number_style
        if style == "text" or (style == "mixed" and abs(value) >= 1000):
            return f"{value:,.{decimals}f}"
        return value

    def missing(self) -> str:
        markers = self.layout.missing_markers
        if len(markers) > 1 and self.rng.random() < 0.2:
            return self.rng.choice(markers[1:])
        return markers[0]

    def titles(self) -> list[str]:
        return [title.format(year=self.year) for title in self.layout.title_rows]

    def notes(self) -> list[str]:
        return [note.format(year=self.year) for note in self.layout.notes]


def _energy_columns() -> list[tuple[str, str]]:
    """(column name, unit) of the 能源消费 value columns."""
    return [(fuel.name, fuel.unit) for fuel in p.FUELS] + [
        (p.HEAT, p.HEAT_UNIT),
        (p.ELECTRICITY, p.ELECTRICITY_UNIT),
    ]


def energy_sheet(data: YearData, fmt: SheetFormatter) -> SheetSpec:
    """能源消费: one row per league x 用途, fuels in their yearbook units."""
    columns = _energy_columns()
    header: list[Cell] = ["地区", "用途"] + [
        fmt.header(name, unit, i) for i, (name, unit) in enumerate(columns)
    ]
    rows: list[list[Cell]] = []
    for code in fmt.league_order():
        label = fmt.label(code)
        table = data.energy[code]
        for position, use in enumerate(p.USES):
            region_cell = label if position == 0 or not fmt.layout.fill_down else None
            values = table.get(use, {})
            cells = [fmt.number(values.get(name), p.DECIMALS[unit]) for name, unit in columns]
            rows.append([region_cell, use, *cells])
    return SheetSpec(ENERGY_SHEET, fmt.titles(), header, rows, fmt.notes())


def power_sheet(data: YearData, fmt: SheetFormatter) -> SheetSpec:
    """电力: the electricity balance of each league (亿千瓦时)."""
    decimals = p.DECIMALS[p.ELECTRICITY_UNIT]
    header: list[Cell] = ["地区"] + [
        fmt.header(name, p.ELECTRICITY_UNIT, i) for i, (name, _) in enumerate(POWER_COLUMNS)
    ]
    rows = [
        [fmt.label(code)]
        + [fmt.number(getter(data.power[code]), decimals) for _, getter in POWER_COLUMNS]
        for code in fmt.league_order()
    ]
    return SheetSpec(POWER_SHEET, fmt.titles(), header, rows, fmt.notes())


def gdp_sheet(data: YearData, fmt: SheetFormatter) -> SheetSpec:
    """地区生产总值: current-price GDP, volume index and the three sectors."""
    header: list[Cell] = ["地区"] + [
        fmt.header(name, unit, i) for i, (name, unit, _) in enumerate(GDP_COLUMNS)
    ]
    rows = [
        [fmt.label(code)]
        + [fmt.number(getter(data.gdp[code]), p.DECIMALS[unit]) for _, unit, getter in GDP_COLUMNS]
        for code in fmt.league_order()
    ]
    return SheetSpec(GDP_SHEET, fmt.titles(), header, rows, fmt.notes())


def output_sheet(data: YearData, fmt: SheetFormatter) -> SheetSpec:
    """工业产品产量: output of the nine process products (万吨); a dash where a league has none."""
    decimals = p.DECIMALS[OUTPUT_UNIT]
    header: list[Cell] = ["地区"] + [
        fmt.header(product, OUTPUT_UNIT, i) for i, product in enumerate(p.PRODUCTS)
    ]
    rows = [
        [fmt.label(code)]
        + [fmt.number(data.output[code].get(product), decimals) for product in p.PRODUCTS]
        for code in fmt.league_order()
    ]
    return SheetSpec(OUTPUT_SHEET, fmt.titles(), header, rows, fmt.notes())


SHEET_BUILDERS: tuple[tuple[str, Callable[[YearData, SheetFormatter], SheetSpec]], ...] = (
    (ENERGY_SHEET, energy_sheet),
    (POWER_SHEET, power_sheet),
    (GDP_SHEET, gdp_sheet),
    (OUTPUT_SHEET, output_sheet),
)


def build_tables(year: int, seed: int = DEFAULT_SEED) -> list[SheetSpec]:
    """The clean, formatted sheets of one data year (tests mutate them to make bad files)."""
    if year not in LAYOUTS:
        raise ValueError(f"no sample layout for year {year}; available: {sorted(LAYOUTS)}")
    data = year_data(year, seed)
    sheets = []
    for name, builder in SHEET_BUILDERS:
        formatter = SheetFormatter(
            LAYOUTS[year][name], year, random.Random(f"{seed}:{year}:{name}:layout")
        )
        sheets.append(builder(data, formatter))
    return sheets


def generate(out_dir: Path | str, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write `<out_dir>/yearbook/<YYYY>.xlsx` for every sample year; returns the paths."""
    target = Path(out_dir) / "yearbook"
    return [write_workbook(target / f"{year}.xlsx", build_tables(year, seed)) for year in p.YEARS]
