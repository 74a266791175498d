"""Read, validate and load the CSV files of a landing directory (forestry survey, CCUS, measures).

What the data owners send is CSV exported from Excel or a database: UTF-8 (with or without a
byte-order mark) or, from older Windows tools, GB18030/GBK. Cells are kept as text; each source's
parser types them with `values.parse_number` (blank, `—`, `-`, `…` mean not reported).

A file that cannot be used at all (unreadable, undecodable, broken quoting, no header, required
columns missing) raises `CsvFileError` with a reason code and a message naming the problem; the
caller rejects the whole file. Row-level problems (a row with more or fewer fields than the
header) and unknown columns are returned as `RowProblem`s so the caller can quarantine them and
keep the rest of the file.

`accept_rows` applies a source's row validation (a row with any problem is quarantined whole) and
the one-row-per-key rule; `load_extracts` replaces a source's raw table, quarantine and ingest log
from the parsed files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from orchestration.ingest.quarantine import Rejection, rejection_record
from orchestration.ingest.values import CellError, is_missing, normalise_text, parse_number
from orchestration.ingest.warehouse import ensure_raw_tables, replace_source

if TYPE_CHECKING:
    import duckdb
    import pandera.polars as pa

ENCODINGS = ("utf-8-sig", "gb18030")


class CsvFileError(Exception):
    """The file as a whole cannot be used."""

    def __init__(self, reason_code: str, message: str) -> None:
        super().__init__(message)
        self.reason_code = reason_code
        self.message = message


@dataclass(frozen=True)
class CsvRow:
    line_number: int  # line of the file where the record starts (the header is line 1)
    cells: dict[str, str]  # column -> cell text, stripped (empty string for an empty cell)

    def content(self) -> str:
        """The whole row as JSON, kept in the quarantine so nothing is lost."""
        return json.dumps(self.cells, ensure_ascii=False)


@dataclass(frozen=True)
class RowProblem:
    line_number: int
    column_name: str | None
    value: str | None
    reason_code: str
    reason: str
    row_content: str | None


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def _decode(data: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvFileError("unreadable_file", "the file is neither UTF-8 nor GB18030 text (is it a CSV file?)")


def read_csv(path: Path, columns: tuple[str, ...], required: tuple[str, ...]) -> tuple[list[CsvRow], list[RowProblem]]:
    """Rows of `path` keyed by the expected `columns`; raises CsvFileError for a file-level fault."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CsvFileError("unreadable_file", f"cannot read the file: {exc.strerror or exc}") from exc
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        previous_end = 0
        for record in reader:
            records.append((previous_end + 1, record))
            previous_end = reader.line_num
    except csv.Error as exc:
        raise CsvFileError("malformed_csv", f"malformed CSV near line {reader.line_num}: {exc}") from exc

    records = [(line, record) for line, record in records if any(cell.strip() for cell in record)]
    if not records:
        raise CsvFileError("empty_file", "the file is empty (expected a header row: " + ", ".join(columns) + ")")
    header_line, header = records[0]
    names = [normalise_text(name) for name in header]
    duplicated = sorted({name for name in names if name and names.count(name) > 1})
    if duplicated:
        raise CsvFileError("duplicate_column", f"header row {header_line}: duplicated column(s) {', '.join(duplicated)}")
    missing = [name for name in required if name not in names]
    if missing:
        raise CsvFileError(
            "missing_column",
            f"header row {header_line}: missing column(s) {', '.join(missing)}; "
            f"expected the columns {', '.join(columns)}",
        )

    problems: list[RowProblem] = []
    for index, name in enumerate(names):
        if name not in columns:
            problems.append(RowProblem(header_line, name or f"column {index + 1}", header[index], "unknown_column",
                                       f"unknown column {header[index]!r} is ignored; expected: {', '.join(columns)}",
                                       None))
    rows: list[CsvRow] = []
    for line, record in records[1:]:
        cells = {name: cell.strip() for name, cell in zip(names, record) if name in columns}
        if len(record) != len(names):
            content = json.dumps(record, ensure_ascii=False)
            problems.append(RowProblem(line, None, None, "wrong_field_count",
                                       f"row has {len(record)} fields but the header has {len(names)} "
                                       "(a stray separator or a truncated line); the row is rejected", content))
            continue
        for name in columns:
            cells.setdefault(name, "")
        rows.append(CsvRow(line, cells))
    return rows, problems


class RowCheck:
    """Validation of one CSV row: collects its problems (one quarantine record each, with the
    whole row), returns typed values."""

    def __init__(self, row: CsvRow, source_file: str, sheet: str | None) -> None:
        self.row = row
        self.source_file = source_file
        self.sheet = sheet
        self.problems: list[Rejection] = []

    def reject(self, column: str | None, code: str, reason: str) -> None:
        value = self.row.cells.get(column) if column else None
        self.problems.append(Rejection(self.source_file, self.sheet, self.row.line_number, column, value or None,
                                       code, reason, self.row.content()))

    def text(self, column: str, required: bool = True) -> str | None:
        value = self.row.cells.get(column, "")
        if is_missing(value):
            if required:
                self.reject(column, "missing_value", f"{column} is blank; it is required")
            return None
        return value

    def number(self, column: str, required: bool = True, positive: bool = False,
               positive_code: str = "non_positive_value", positive_hint: str = "",
               missing_hint: str = "") -> float | None:
        """The cell as a number: None (and a problem) when it is text, blank but required, or
        negative (or ≤ 0 when `positive`)."""
        cell = self.row.cells.get(column, "")
        try:
            value = parse_number(cell)
        except CellError:
            self.reject(column, "not_a_number", f"{column} {cell!r} is not a number")
            return None
        if value is None:
            if required:
                self.reject(column, "missing_value", f"{column} is blank; it is required{missing_hint}")
            return None
        if positive and value <= 0:
            self.reject(column, positive_code, f"{column} must be > 0{positive_hint}, got {cell!r}")
            return None
        if value < 0:
            self.reject(column, "negative_value", f"{column} cannot be negative, got {cell!r}")
            return None
        return value


def resolve_duplicates(
    accepted: list[tuple[CsvRow, dict]], key: str, label: str, scope: str
) -> tuple[list[dict], list[Rejection]]:
    """One row per `key` value: identical repeats keep the first row (the others are
    quarantined as duplicate_row); conflicting repeats are all quarantined as duplicate_<key>
    (none can be chosen). Returns the kept records (in file order) and the rejections."""
    groups: dict[object, list[tuple[CsvRow, dict]]] = defaultdict(list)
    for row, record in accepted:
        groups[record[key]].append((row, record))
    kept: list[dict] = []
    rejections: list[Rejection] = []
    for value, group in groups.items():
        if len(group) == 1:
            kept.append(group[0][1])
            continue
        lines = [row.line_number for row, _ in group]
        contents = [{k: v for k, v in record.items() if k != "source_row"} for _, record in group]
        if all(content == contents[0] for content in contents):
            kept.append(group[0][1])
            for row, record in group[1:]:
                rejections.append(Rejection(
                    record["source_file"], None, row.line_number, key, str(value), "duplicate_row",
                    f"{label} {value} appears twice in {scope}: identical to line {lines[0]}; kept line {lines[0]}",
                    row.content()))
        else:
            for row, record in group:
                rejections.append(Rejection(
                    record["source_file"], None, row.line_number, key, str(value), f"duplicate_{key}",
                    f"{label} {value} appears {len(group)} times in {scope} with different values (lines "
                    f"{', '.join(map(str, lines))}); none can be chosen, all are quarantined", row.content()))
    return sorted(kept, key=lambda r: r["source_row"]), rejections


@dataclass
class CsvExtract:
    """What one CSV file yields (a survey wave, a year of CCUS projects or measures): typed rows,
    rejections and fatal errors."""

    source_file: str
    data_year: int | None
    file_sha256: str
    frame: pl.DataFrame | None = None
    rejections: list[Rejection] = field(default_factory=list)
    fatal: list[Rejection] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.fatal

    @property
    def rows_quarantined(self) -> int:
        return len({r.row_number for r in self.rejections if r.row_number is not None and r.row_content})


def ingest_log_rows(extracts: list[CsvExtract], structural: list[Rejection]) -> list[dict]:
    """raw.ingest_log rows: one per parsed file, and one per file rejected before parsing
    (`structural`: a file in the wrong place or with a wrong name)."""
    return [
        {
            "source_file": e.source_file, "file_sha256": e.file_sha256, "data_year": e.data_year,
            "status": "loaded" if e.ok else "rejected",
            "rows_loaded": e.frame.height if e.ok and e.frame is not None else 0,
            "rows_quarantined": e.rows_quarantined,
        }
        for e in extracts
    ] + [
        {"source_file": r.source_file, "file_sha256": file_sha256(Path(r.source_file)), "data_year": None,
         "status": "rejected", "rows_loaded": 0, "rows_quarantined": 0}
        for r in structural
    ]


@dataclass
class SourceIngestResult:
    """What an optional CSV source loaded: files, years present, rows and quarantine records."""

    source: str
    files: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    rows_loaded: dict[str, int] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    fatal: list[Rejection] = field(default_factory=list)


def problem_rejections(source_file: str, problems: list[RowProblem]) -> list[Rejection]:
    """Quarantine records of the row-level problems `read_csv` returned."""
    return [
        Rejection(source_file, None, p.line_number, p.column_name, p.value, p.reason_code, p.reason, p.row_content)
        for p in problems
    ]


def accept_rows(
    extract: CsvExtract, rows: list[CsvRow], validate: Callable[[RowCheck], dict],
    key: str, label: str, scope: str, schema: dict,
) -> CsvExtract:
    """Validate every row with `validate` (it records problems on the RowCheck and returns the typed
    record); a row with any problem is quarantined whole. Then one row per `key`
    (`resolve_duplicates`), and the typed frame is set on the extract."""
    accepted: list[tuple[CsvRow, dict]] = []
    for row in rows:
        check = RowCheck(row, extract.source_file, None)
        record = validate(check)
        if check.problems:
            extract.rejections += check.problems
        else:
            accepted.append((row, record))
    records, duplicates = resolve_duplicates(accepted, key, label, scope)
    extract.rejections += duplicates
    extract.frame = pl.DataFrame(records, schema=schema)
    return extract


def load_extracts(
    con: duckdb.DuckDBPyConnection, source: str, table: str, ddl: dict[str, str], extracts: list[CsvExtract],
    schema: dict, model: type[pa.DataFrameModel], structural: list[Rejection],
    extra_rejections: list[Rejection] | None = None,
) -> SourceIngestResult:
    """Validate the accepted rows of every file against the Pandera `model` and replace the
    source's raw `table`, quarantine and ingest log (`structural`: files rejected before parsing;
    `extra_rejections`: records of checks across files)."""
    good = [e for e in extracts if e.ok]
    frames = [e.frame for e in good if e.frame is not None]
    frame = model.validate(pl.concat(frames) if frames else pl.DataFrame(schema=schema), lazy=True)
    rejections = [r for e in extracts for r in e.rejections] + (extra_rejections or [])
    fatal = structural + [r for e in extracts for r in e.fatal]
    records = [rejection_record(r, False) for r in rejections] + [rejection_record(r, True) for r in fatal]
    ensure_raw_tables(con, ddl)
    replace_source(con, source, {table: frame}, records, ingest_log_rows(extracts, structural))
    return SourceIngestResult(
        source=source,
        files=[e.source_file for e in extracts],
        years=sorted(e.data_year for e in good if e.data_year is not None),
        rows_loaded={table: frame.height},
        rejections=rejections,
        fatal=fatal,
    )
