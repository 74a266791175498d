"""Load every yearbook workbook of a landing directory into the raw schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from orchestration.ingest import schemas
from orchestration.ingest.quarantine import Rejection, rejection_record
from orchestration.ingest.warehouse import YEARBOOK_DDL, ensure_raw_tables, replace_source
from orchestration.ingest.yearbook import YearbookExtract, parse_yearbook

SOURCE = "yearbook"
TABLE_SCHEMAS = {
    "yearbook_energy_consumption": ("energy", schemas.YearbookEnergy),
    "yearbook_electricity": ("electricity", schemas.YearbookElectricity),
    "yearbook_gdp": ("gdp", schemas.YearbookGdp),
    "yearbook_industrial_output": ("output", schemas.YearbookOutput),
}


class IngestError(Exception):
    """A source cannot be ingested; the message names the file(s)."""


@dataclass
class IngestResult:
    files: list[str]
    years: list[int]
    rows_loaded: dict[str, int]
    rejections: list[Rejection] = field(default_factory=list)
    fatal: list[Rejection] = field(default_factory=list)


def yearbook_files(data_dir: Path) -> list[Path]:
    folder = data_dir / "yearbook"
    if not folder.is_dir():
        raise IngestError(f"{folder}: no yearbook directory; the yearbook is the one required source")
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))
    if not files:
        raise IngestError(f"{folder}: no yearbook workbooks (expected <YYYY>.xlsx files)")
    return files


def ingest_yearbooks(data_dir: Path, con: duckdb.DuckDBPyConnection) -> IngestResult:
    """Parse all workbooks, validate the contracts and replace the yearbook raw tables."""
    extracts: list[YearbookExtract] = [parse_yearbook(path) for path in yearbook_files(data_dir)]
    good = [e for e in extracts if e.ok]
    tables: dict[str, pl.DataFrame] = {}
    for table, (attribute, model) in TABLE_SCHEMAS.items():
        frames = [getattr(e, attribute) for e in good]
        frame = pl.concat(frames) if frames else pl.DataFrame()
        tables[table] = model.validate(frame, lazy=True) if frames else frame

    rejections = [r for e in extracts for r in e.rejections]
    fatal = [r for e in extracts for r in e.fatal]
    records = [rejection_record(r, False) for r in rejections] + [rejection_record(r, True) for r in fatal]
    log_rows = [
        {
            "source_file": e.source_file,
            "file_sha256": e.file_sha256,
            "data_year": e.data_year,
            "status": "loaded" if e.ok else "rejected",
            "rows_loaded": sum(getattr(e, a).height for a, _ in TABLE_SCHEMAS.values()) if e.ok else 0,
            "rows_quarantined": len(e.rejections) + len(e.fatal),
        }
        for e in extracts
    ]
    ensure_raw_tables(con, YEARBOOK_DDL)
    replace_source(con, SOURCE, tables, records, log_rows)
    return IngestResult(
        files=[e.source_file for e in extracts],
        years=sorted(e.data_year for e in good if e.data_year is not None),
        rows_loaded={t: f.height for t, f in tables.items()},
        rejections=rejections,
        fatal=fatal,
    )
