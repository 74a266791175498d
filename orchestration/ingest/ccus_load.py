"""Load `ccus/<YYYY>.csv` into raw.ccus_projects and `measures/<YYYY>.csv` into
raw.reduction_measures (two optional sources, `ccus` and `measures`).

Without the folder the table is emptied and no year is present (CCUS reductions are then
NULL, never zero). Each file is parsed on its own: a broken file is rejected (quarantine
is_fatal, ingest_log status rejected, its year absent) and never stops the others. Each source
replaces what it wrote before in one transaction, so re-running never duplicates anything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pandera.polars as pa

from orchestration.ingest import schemas
from orchestration.ingest.ccus import (
    CCUS_SCHEMA,
    MEASURE_SCHEMA,
    CsvExtract,
    parse_ccus,
    parse_measures,
)
from orchestration.ingest.csvfile import SourceIngestResult, load_extracts
from orchestration.ingest.quarantine import Rejection

CCUS_SOURCE, CCUS_TABLE = "ccus", "ccus_projects"
MEASURES_SOURCE, MEASURES_TABLE = "measures", "reduction_measures"
DDL = {
    CCUS_TABLE: """
create table if not exists raw.ccus_projects (
    year integer, project_id varchar, project_name varchar, league_code varchar, credit_code varchar,
    captured_t double, stored_t double, utilized_t double, utilization_type varchar,
    capture_electricity_mwh double, capture_heat_gj double, leakage_t double,
    source_file varchar, source_row integer)""",
    MEASURES_TABLE: """
create table if not exists raw.reduction_measures (
    year integer, measure_id varchar, league_code varchar, kind varchar, reduction_t_co2 double,
    energy_saving_tce double, verified boolean, source_file varchar, source_row integer)""",
}


def annual_files(data_dir: Path, folder: str) -> list[Path]:
    directory = data_dir / folder
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if not p.name.startswith((".", "~$")))


def _ingest(
    data_dir: Path, con: duckdb.DuckDBPyConnection, source: str, table: str,
    parse: Callable[[Path], CsvExtract], schema: dict, model: type[pa.DataFrameModel],
) -> SourceIngestResult:
    extracts = []
    fatal_extra: list[Rejection] = []
    for path in annual_files(data_dir, source):
        if path.is_dir():
            fatal_extra.append(Rejection(str(path), None, None, None, path.name, "bad_file_name",
                                         f"unexpected folder {path.name!r}: files must be {source}/<YYYY>.csv"))
            continue
        extracts.append(parse(path))
    return load_extracts(con, source, table, DDL, extracts, schema, model, fatal_extra)


def ingest_ccus(data_dir: Path, con: duckdb.DuckDBPyConnection) -> SourceIngestResult:
    """Parse every ccus/<YYYY>.csv and replace raw.ccus_projects."""
    return _ingest(data_dir, con, CCUS_SOURCE, CCUS_TABLE, parse_ccus, CCUS_SCHEMA, schemas.CcusProjects)


def ingest_measures(data_dir: Path, con: duckdb.DuckDBPyConnection) -> SourceIngestResult:
    """Parse every measures/<YYYY>.csv and replace raw.reduction_measures."""
    return _ingest(data_dir, con, MEASURES_SOURCE, MEASURES_TABLE, parse_measures, MEASURE_SCHEMA,
                   schemas.ReductionMeasures)
