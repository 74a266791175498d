"""Low-level xlsx writer for yearbook-style sheets (also used by tests to build bad workbooks).

A sheet is: title rows, a header row, data rows, note rows - top to bottom, no gaps. Cells are
written as given: `str` verbatim as text (never converted to a number, so "1,234.5" stays
text), `int`/`float` as numbers, `None` as an empty cell. Files are byte-identical for the same
content: the document creation time is fixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import xlsxwriter

FIXED_CREATION_TIME = datetime(2026, 1, 1)
Cell = str | int | float | None


@dataclass
class SheetSpec:
    """The content of one worksheet, in yearbook layout."""

    name: str
    title_rows: list[str] = field(default_factory=list)
    header: list[Cell] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _write_cell(worksheet, row: int, column: int, value: Cell) -> None:
    if value is None:
        return
    if isinstance(value, bool):  # bool is an int subclass; a yearbook has no booleans
        raise TypeError(f"unsupported cell value {value!r} at row {row}, column {column}")
    if isinstance(value, str):
        worksheet.write_string(row, column, value)
    elif isinstance(value, (int, float)):
        worksheet.write_number(row, column, value)
    else:
        raise TypeError(f"unsupported cell value {value!r} at row {row}, column {column}")


def _write_row(worksheet, row: int, cells: Sequence[Cell]) -> None:
    for column, value in enumerate(cells):
        _write_cell(worksheet, row, column, value)


def _write_sheet(workbook: xlsxwriter.Workbook, sheet: SheetSpec) -> None:
    worksheet = workbook.add_worksheet(sheet.name)
    row = 0
    for title in sheet.title_rows:
        _write_cell(worksheet, row, 0, title)
        row += 1
    _write_row(worksheet, row, sheet.header)
    row += 1
    for cells in sheet.rows:
        _write_row(worksheet, row, cells)
        row += 1
    for note in sheet.notes:
        _write_cell(worksheet, row, 0, note)
        row += 1
    worksheet.set_column(0, 0, 14)
    if len(sheet.header) > 1:
        worksheet.set_column(1, len(sheet.header) - 1, 12)


def write_workbook(path: Path | str, sheets: Sequence[SheetSpec]) -> Path:
    """Write the sheets, in order, to a new xlsx file (parent directories are created)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"created": FIXED_CREATION_TIME})
    for sheet in sheets:
        _write_sheet(workbook, sheet)
    workbook.close()
    return path
