"""Read a worksheet as a grid of strings while keeping the real Excel coordinates.

fastexcel (calamine) trims empty leading rows and columns, so row 0 of its frame is not
necessarily Excel row 1. Error messages must name the row an inspector sees in Excel, so the
origin of the used range is read from the sheet XML and added back.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import fastexcel

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


class WorkbookError(Exception):
    """A workbook (or one of its sheets) cannot be read at all."""


@dataclass(frozen=True)
class Grid:
    """Cells of one sheet as strings (None = empty), with the Excel position of cell [0][0]."""

    sheet: str
    rows: list[list[str | None]]
    first_row_number: int  # Excel row number (1-based) of rows[0]
    first_col_index: int  # 0-based column index of rows[*][0] (0 = column A)

    def row_number(self, index: int) -> int:
        return self.first_row_number + index

    def column_letter(self, index: int) -> str:
        return column_letter(self.first_col_index + index)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_index(letters: str) -> int:
    value = 0
    for char in letters:
        value = value * 26 + (ord(char) - 64)
    return value - 1


def _sheet_xml_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.findall("rel:Relationship", _NS)}
    paths = {}
    for sheet in workbook.findall("m:sheets/m:sheet", _NS):
        target = targets[sheet.get(f"{{{_NS['r']}}}id")]
        target = target.lstrip("/")
        paths[sheet.get("name")] = target if target.startswith("xl/") else f"xl/{target}"
    return paths


def _used_origin(archive: zipfile.ZipFile, xml_path: str) -> tuple[int, int]:
    """(first row number, first column index) over cells that hold a value."""
    min_row, min_col = None, None
    with archive.open(xml_path) as handle:
        for _, element in ElementTree.iterparse(handle):
            if element.tag != f"{{{_NS['m']}}}c":
                continue
            has_value = element.find("m:v", _NS) is not None or element.find("m:is", _NS) is not None
            ref = element.get("r")
            if has_value and ref:
                match = _CELL_REF.match(ref)
                if match:
                    col, row = _column_index(match.group(1)), int(match.group(2))
                    min_row = row if min_row is None else min(min_row, row)
                    min_col = col if min_col is None else min(min_col, col)
            element.clear()
    return (min_row or 1, min_col or 0)


def read_workbook(path: Path, sheet_names: list[str]) -> tuple[dict[str, Grid], list[str]]:
    """Read the named sheets of a workbook as string grids.

    Returns the grids found and the names of the requested sheets that are missing.
    Raises WorkbookError when the file is not a readable xlsx workbook.
    """
    try:
        reader = fastexcel.read_excel(str(path))
        available = list(reader.sheet_names)
        with zipfile.ZipFile(path) as archive:
            xml_paths = _sheet_xml_paths(archive)
            origins = {
                name: _used_origin(archive, xml_paths[name])
                for name in sheet_names
                if name in available and name in xml_paths
            }
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as exc:
        raise WorkbookError(f"{path}: not a readable .xlsx workbook ({exc})") from exc
    except Exception as exc:  # fastexcel raises its own error classes
        raise WorkbookError(f"{path}: not a readable .xlsx workbook ({exc})") from exc

    grids: dict[str, Grid] = {}
    missing: list[str] = []
    for name in sheet_names:
        if name not in available:
            missing.append(name)
            continue
        try:
            frame = reader.load_sheet_by_name(name, header_row=None, dtypes="string").to_polars()
        except Exception as exc:
            raise WorkbookError(f"{path} [sheet {name}]: cannot be read ({exc})") from exc
        rows = [list(row) for row in frame.iter_rows()]
        first_row, first_col = origins.get(name, (1, 0))
        grids[name] = Grid(name, rows, first_row, first_col)
    return grids, missing
