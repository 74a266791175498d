"""Parse one statistical-yearbook workbook (统计年鉴分盟市表) into base-unit frames.

Layout (CONTRACTS `yearbook/<YYYY>.xlsx`): up to a few title rows above a header row that starts
with `地区`; units in each header in ASCII or full-width parentheses; `—` etc. for not reported;
numbers possibly as text with thousands separators; a `全区` row; notes (`注：…`) after the table.

Every rejected cell or row becomes a `Rejection` (quarantine record) naming the file, sheet,
Excel row and column; structural problems that make the file unusable (a missing sheet, no header
row, a file name that is not `<YYYY>.xlsx`) are `fatal` and the file contributes no rows.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from orchestration.ingest.excel import Grid, WorkbookError, read_workbook
from orchestration.ingest.quarantine import Rejection
from orchestration.ingest.reference import Reference, load_reference
from orchestration.ingest.values import (
    CellError,
    Header,
    normalise_text,
    parse_number,
    split_header,
)

SHEET_ENERGY = "能源消费"
SHEET_ELECTRICITY = "电力"
SHEET_GDP = "地区生产总值"
SHEET_OUTPUT = "工业产品产量"
SHEETS = (SHEET_ENERGY, SHEET_ELECTRICITY, SHEET_GDP, SHEET_OUTPUT)

REGION_TOLERANCE = 0.005  # 全区 must equal the sum of the leagues within 0.5 %
HEADER_SEARCH_ROWS = 10
NOTE_PREFIXES = ("注", "资料来源", "说明", "备注")
INDEX_UNIT = "上年=100"
FILE_NAME = re.compile(r"^(?P<year>\d{4})\.xlsx$")

# Wide sheets: Chinese column name -> (warehouse column, unit assumed when the header has none,
# base unit the column must convert to). The 电力 and 工业产品产量 headers often carry no unit.
ELECTRICITY_COLUMNS = {
    "发电量": ("generation_mwh", "亿千瓦时", "MWh"),
    "火电": ("thermal_generation_mwh", "亿千瓦时", "MWh"),
    "水电": ("hydro_generation_mwh", "亿千瓦时", "MWh"),
    "风电": ("wind_generation_mwh", "亿千瓦时", "MWh"),
    "太阳能发电": ("solar_generation_mwh", "亿千瓦时", "MWh"),
    "其他发电": ("other_generation_mwh", "亿千瓦时", "MWh"),
    "全社会用电量": ("consumption_mwh", "亿千瓦时", "MWh"),
    "调入电量": ("imported_mwh", "亿千瓦时", "MWh"),
    "调出电量": ("exported_mwh", "亿千瓦时", "MWh"),
    "厂用电及线损": ("plant_use_and_losses_mwh", "亿千瓦时", "MWh"),
}
GDP_COLUMNS = {
    "地区生产总值": ("gdp_current_10k_yuan", None, "10k_yuan"),
    "地区生产总值指数": ("gdp_index_prev_year_100", INDEX_UNIT, "index"),
    "第一产业": ("primary_industry_10k_yuan", None, "10k_yuan"),
    "第二产业": ("secondary_industry_10k_yuan", None, "10k_yuan"),
    "第三产业": ("tertiary_industry_10k_yuan", None, "10k_yuan"),
}
NON_ADDITIVE = {"gdp_index_prev_year_100"}


@dataclass(frozen=True)
class ColumnTarget:
    index: int  # position in the grid row
    header: Header
    target: str  # warehouse column name, fuel or product
    multiplier: float
    base_unit: str


@dataclass
class ParsedRow:
    row_number: int
    league_code: str
    use_category: str | None
    values: dict[str, float | None]
    raw: dict[str, str | None]  # header text -> cell text, kept for quarantine


@dataclass
class YearbookExtract:
    """What one workbook yields: base-unit frames, rejections and fatal errors."""

    source_file: str
    data_year: int | None
    file_sha256: str
    energy: pl.DataFrame | None = None
    electricity: pl.DataFrame | None = None
    gdp: pl.DataFrame | None = None
    output: pl.DataFrame | None = None
    rejections: list[Rejection] = field(default_factory=list)
    fatal: list[Rejection] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.fatal


class _Context:
    """Per-file state: the file name for messages and the rejection list."""

    def __init__(self, source_file: str, reference: Reference) -> None:
        self.source_file = source_file
        self.reference = reference
        self.rejections: list[Rejection] = []
        self.fatal: list[Rejection] = []

    def reject(self, sheet, row_number, column, value, code, reason, row_content=None) -> None:
        self.rejections.append(
            Rejection(self.source_file, sheet, row_number, column, value, code, reason, row_content)
        )

    def fail(self, sheet, code, reason) -> None:
        self.fatal.append(Rejection(self.source_file, sheet, None, None, None, code, reason))


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_yearbook(path: Path, reference: Reference | None = None) -> YearbookExtract:
    """Parse one yearbook workbook. Never raises for bad content: problems are returned."""
    reference = reference or load_reference()
    source_file = str(path)
    ctx = _Context(source_file, reference)
    extract = YearbookExtract(source_file, None, file_sha256(path) if path.exists() else "")

    match = FILE_NAME.match(path.name)
    if not match:
        ctx.fail(None, "bad_file_name", f"file name must be <YYYY>.xlsx (the data year), got {path.name!r}")
    else:
        extract.data_year = int(match.group("year"))
    try:
        grids, missing = read_workbook(path, list(SHEETS))
    except WorkbookError as exc:
        ctx.fail(None, "unreadable_file", str(exc))
        grids, missing = {}, []
    for sheet in missing:
        ctx.fail(sheet, "missing_sheet", f"sheet {sheet!r} is missing (the workbook must have {', '.join(SHEETS)})")

    parsers: dict[str, Callable[[Grid, _Context], list[ParsedRow] | None]] = {
        SHEET_ENERGY: _parse_energy_sheet,
        SHEET_ELECTRICITY: lambda g, c: _parse_wide_sheet(g, c, _fixed_columns(ELECTRICITY_COLUMNS)),
        SHEET_GDP: lambda g, c: _parse_wide_sheet(g, c, _fixed_columns(GDP_COLUMNS)),
        SHEET_OUTPUT: lambda g, c: _parse_wide_sheet(g, c, _product_columns),
    }
    parsed: dict[str, list[ParsedRow]] = {}
    for sheet, grid in grids.items():
        rows = parsers[sheet](grid, ctx)
        if rows is not None:
            rows = _resolve_duplicates(rows, sheet, ctx)
            _check_region_totals(rows, sheet, ctx)
            parsed[sheet] = rows

    extract.rejections = ctx.rejections
    extract.fatal = ctx.fatal
    if extract.ok and extract.data_year is not None:
        year = extract.data_year
        extract.energy = _energy_frame(parsed[SHEET_ENERGY], year, source_file, reference)
        extract.electricity = _wide_frame(parsed[SHEET_ELECTRICITY], year, source_file, ELECTRICITY_COLUMNS)
        extract.gdp = _wide_frame(parsed[SHEET_GDP], year, source_file, GDP_COLUMNS)
        extract.output = _output_frame(parsed[SHEET_OUTPUT], year, source_file)
    return extract


# --- header and columns -------------------------------------------------------------------


def _find_header(grid: Grid, ctx: _Context) -> int | None:
    for index, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        if row and normalise_text(row[0]) == "地区":
            return index
    ctx.fail(
        grid.sheet,
        "no_header_row",
        f"no header row starting with 地区 in the first {HEADER_SEARCH_ROWS} rows of the sheet",
    )
    return None


def _resolve_unit(
    header: Header, default_unit: str | None, expected_base: str, ctx: _Context, grid: Grid, column: str, row_number: int
) -> tuple[float, str] | None:
    unit = header.unit or default_unit
    if unit == INDEX_UNIT and expected_base == "index":
        return 1.0, "index"
    if unit is None:
        ctx.reject(grid.sheet, row_number, column, header.raw, "missing_unit",
                   f"header {header.raw!r} has no unit in parentheses; expected a unit convertible to {expected_base}")
        return None
    known = ctx.reference.units.get(unit)
    if known is None:
        ctx.reject(grid.sheet, row_number, column, header.raw, "unknown_unit",
                   f"unknown unit {unit!r} in header {header.raw!r}; known units: {', '.join(ctx.reference.units)}")
        return None
    if known.base_unit != expected_base:
        ctx.reject(grid.sheet, row_number, column, header.raw, "wrong_unit",
                   f"unit {unit!r} in header {header.raw!r} converts to {known.base_unit}, "
                   f"but {header.name} must be in a unit convertible to {expected_base}")
        return None
    return known.multiplier_to_base, known.base_unit


ColumnResolver = Callable[[int, Header, Grid, _Context, int], "ColumnTarget | None"]


def _fixed_columns(spec: dict[str, tuple[str, str | None, str]]) -> ColumnResolver:
    def resolve(index: int, header: Header, grid: Grid, ctx: _Context, row_number: int) -> ColumnTarget | None:
        column = grid.column_letter(index)
        if header.name not in spec:
            ctx.reject(grid.sheet, row_number, column, header.raw, "unknown_column",
                       f"unknown column {header.raw!r}; expected: {', '.join(spec)}")
            return None
        target, default_unit, base = spec[header.name]
        unit = _resolve_unit(header, default_unit, base, ctx, grid, column, row_number)
        return None if unit is None else ColumnTarget(index, header, target, unit[0], unit[1])

    return resolve


def _product_columns(index: int, header: Header, grid: Grid, ctx: _Context, row_number: int) -> ColumnTarget | None:
    column = grid.column_letter(index)
    if header.name not in ctx.reference.products:
        ctx.reject(grid.sheet, row_number, column, header.raw, "unknown_product",
                   f"unknown product column {header.raw!r}; known products: {', '.join(ctx.reference.products)}")
        return None
    unit = _resolve_unit(header, "万吨", "t", ctx, grid, column, row_number)
    return None if unit is None else ColumnTarget(index, header, header.name, unit[0], unit[1])


def _fuel_columns(index: int, header: Header, grid: Grid, ctx: _Context, row_number: int) -> ColumnTarget | None:
    column = grid.column_letter(index)
    expected = ctx.reference.fuel_base_unit.get(header.name)
    if expected is None:
        ctx.reject(grid.sheet, row_number, column, header.raw, "unknown_fuel",
                   f"unknown fuel column {header.raw!r}; known fuels: {', '.join(ctx.reference.fuel_base_unit)}")
        return None
    unit = _resolve_unit(header, None, expected, ctx, grid, column, row_number)
    return None if unit is None else ColumnTarget(index, header, header.name, unit[0], unit[1])


# --- rows ----------------------------------------------------------------------------------


def _row_content(header_row: list[str | None], row: list[str | None]) -> str:
    content = {
        normalise_text(name) or f"col{i}": cell for i, (name, cell) in enumerate(zip(header_row, row)) if cell is not None
    }
    return json.dumps(content, ensure_ascii=False)


def _is_note(first_cell: str) -> bool:
    return first_cell.startswith(NOTE_PREFIXES)


def _parse_rows(grid: Grid, ctx: _Context, key_count: int, resolver: ColumnResolver) -> list[ParsedRow] | None:
    """Shared row loop for both layouts (key columns = 地区 [, 用途])."""
    header_index = _find_header(grid, ctx)
    if header_index is None:
        return None
    header_row = grid.rows[header_index]
    header_number = grid.row_number(header_index)
    if key_count == 2 and normalise_text(header_row[1] if len(header_row) > 1 else None) != "用途":
        ctx.fail(grid.sheet, "no_header_row", f"header row {header_number}: second column must be 用途")
        return None
    targets = [
        target
        for index, cell in enumerate(header_row[key_count:], start=key_count)
        if normalise_text(cell)
        for target in [resolver(index, split_header(cell), grid, ctx, header_number)]
        if target is not None
    ]
    rejected_columns = {i for i, cell in enumerate(header_row) if i >= key_count and normalise_text(cell)} - {
        t.index for t in targets
    }

    rows: list[ParsedRow] = []
    current_league: str | None = None
    for offset, row in enumerate(grid.rows[header_index + 1 :], start=header_index + 1):
        row_number = grid.row_number(offset)
        cells = [normalise_text(c) for c in row]
        if not any(cells):
            continue
        if _is_note(cells[0]):
            continue
        content = _row_content(header_row, row)
        league_cell = cells[0]
        if league_cell:
            league_code = ctx.reference.league_code(league_cell)
            if league_code is None:
                ctx.reject(grid.sheet, row_number, f"{grid.column_letter(0)} (地区)", row[0], "unknown_league",
                           f"unknown league/city {row[0]!r}; expected one of the 12 leagues or 全区", content)
                current_league = None
                continue
            current_league = league_code
        elif key_count == 2 and current_league is not None:
            league_code = current_league  # merged 地区 cell: the league of the rows above
        else:
            ctx.reject(grid.sheet, row_number, f"{grid.column_letter(0)} (地区)", None, "missing_league",
                       "row has values but no 地区 (league) and none above it to carry down", content)
            continue

        use_category = None
        if key_count == 2:
            use_category = cells[1] if len(cells) > 1 else ""
            if use_category not in ctx.reference.use_categories:
                ctx.reject(grid.sheet, row_number, f"{grid.column_letter(1)} (用途)", row[1], "unknown_use_category",
                           f"unknown 用途 {row[1]!r}; expected one of: {', '.join(ctx.reference.use_categories)}",
                           content)
                continue

        values: dict[str, float | None] = {}
        raw: dict[str, str | None] = {}
        for target in targets:
            cell = row[target.index] if target.index < len(row) else None
            raw[target.header.raw] = cell
            column = f"{grid.column_letter(target.index)} ({target.header.raw})"
            try:
                number = parse_number(cell)
            except CellError:
                ctx.reject(grid.sheet, row_number, column, cell, "not_a_number",
                           f"text in a number cell: {cell!r} is not a number", content)
                values[target.target] = None
                continue
            if number is not None and number < 0:
                ctx.reject(grid.sheet, row_number, column, cell, "negative_value",
                           f"negative amount {cell!r}; yearbook amounts cannot be negative", content)
                values[target.target] = None
                continue
            values[target.target] = None if number is None else number * target.multiplier
        for index in rejected_columns:
            if index < len(row) and normalise_text(row[index]):
                ctx.reject(grid.sheet, row_number, f"{grid.column_letter(index)} ({header_row[index]})", row[index],
                           "rejected_column", f"value in rejected column {header_row[index]!r} (see the header error)",
                           content)
        rows.append(ParsedRow(row_number, league_code, use_category, values, raw))
    return rows


def _parse_energy_sheet(grid: Grid, ctx: _Context) -> list[ParsedRow] | None:
    return _parse_rows(grid, ctx, 2, _fuel_columns)


def _parse_wide_sheet(grid: Grid, ctx: _Context, resolver: ColumnResolver) -> list[ParsedRow] | None:
    return _parse_rows(grid, ctx, 1, resolver)


# --- duplicates and the 全区 expectation -----------------------------------------------------


def _resolve_duplicates(rows: list[ParsedRow], sheet: str, ctx: _Context) -> list[ParsedRow]:
    """Identical repeats: keep the first. Conflicting repeats: quarantine all (cannot choose)."""
    groups: dict[tuple[str, str | None], list[ParsedRow]] = defaultdict(list)
    for row in rows:
        groups[(row.league_code, row.use_category)].append(row)
    kept: list[ParsedRow] = []
    for (league_code, use_category), group in groups.items():
        label = ctx.reference.league_label(league_code) + (f" / {use_category}" if use_category else "")
        if len(group) == 1:
            kept.append(group[0])
            continue
        numbers = [r.row_number for r in group]
        if all(r.values == group[0].values for r in group):
            kept.append(group[0])
            for dup in group[1:]:
                ctx.reject(sheet, dup.row_number, "地区", league_code, "duplicate_row",
                           f"duplicated row for {label}: identical to row {group[0].row_number}; kept row "
                           f"{group[0].row_number}", json.dumps(dup.raw, ensure_ascii=False))
        else:
            for dup in group:
                ctx.reject(sheet, dup.row_number, "地区", league_code, "conflicting_duplicate",
                           f"duplicated row for {label} with different values (rows {numbers}); "
                           "none can be chosen, all are quarantined", json.dumps(dup.raw, ensure_ascii=False))
    return sorted(kept, key=lambda r: r.row_number)


def _check_region_totals(rows: list[ParsedRow], sheet: str, ctx: _Context) -> None:
    """The 全区 row must equal the sum of the leagues within 0.5 %; a mismatching cell is
    quarantined (region figures are then derived from the leagues)."""
    region = ctx.reference.region_code
    sums: dict[tuple[str | None, str], float] = defaultdict(float)
    counts: dict[tuple[str | None, str], int] = defaultdict(int)
    for row in rows:
        if row.league_code == region:
            continue
        for target, value in row.values.items():
            if value is not None:
                sums[(row.use_category, target)] += value
                counts[(row.use_category, target)] += 1
    for row in rows:
        if row.league_code != region:
            continue
        for target, value in list(row.values.items()):
            if value is None or target in NON_ADDITIVE:
                continue
            total = sums.get((row.use_category, target), 0.0)
            if abs(value - total) > REGION_TOLERANCE * max(abs(total), abs(value), 1e-9):
                scope = f"{row.use_category} / {target}" if row.use_category else target
                ctx.reject(sheet, row.row_number, target, str(value), "region_total_mismatch",
                           f"全区 {scope} = {value:,.4f} but the {counts.get((row.use_category, target), 0)} "
                           f"leagues sum to {total:,.4f} (difference {(value - total) / max(abs(total), 1e-9):+.2%}, "
                           f"tolerance {REGION_TOLERANCE:.1%}); the 全区 value is quarantined")
                row.values[target] = None


# --- frames --------------------------------------------------------------------------------


def _energy_frame(rows: list[ParsedRow], year: int, source_file: str, reference: Reference) -> pl.DataFrame:
    records = [
        {
            "data_year": year,
            "league_code": row.league_code,
            "use_category": row.use_category,
            "fuel": fuel,
            "quantity": value,
            "unit": reference.fuel_base_unit[fuel],
            "source_file": source_file,
            "source_row": row.row_number,
        }
        for row in rows
        for fuel, value in row.values.items()
    ]
    schema = {
        "data_year": pl.Int32, "league_code": pl.String, "use_category": pl.String, "fuel": pl.String,
        "quantity": pl.Float64, "unit": pl.String, "source_file": pl.String, "source_row": pl.Int32,
    }
    return pl.DataFrame(records, schema=schema)


def _wide_frame(rows: list[ParsedRow], year: int, source_file: str, spec: dict) -> pl.DataFrame:
    columns = [target for target, _, _ in spec.values()]
    schema = {"data_year": pl.Int32, "league_code": pl.String}
    schema |= {column: pl.Float64 for column in columns}
    schema |= {"source_file": pl.String, "source_row": pl.Int32}
    records = [
        {"data_year": year, "league_code": row.league_code}
        | {column: row.values.get(column) for column in columns}
        | {"source_file": source_file, "source_row": row.row_number}
        for row in rows
    ]
    return pl.DataFrame(records, schema=schema)


def _output_frame(rows: list[ParsedRow], year: int, source_file: str) -> pl.DataFrame:
    records = [
        {"data_year": year, "league_code": row.league_code, "product": product, "output_t": value,
         "source_file": source_file, "source_row": row.row_number}
        for row in rows
        for product, value in row.values.items()
    ]
    schema = {"data_year": pl.Int32, "league_code": pl.String, "product": pl.String, "output_t": pl.Float64,
              "source_file": pl.String, "source_row": pl.Int32}
    return pl.DataFrame(records, schema=schema)
