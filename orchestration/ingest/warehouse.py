"""Write raw tables into the working DuckDB warehouse, idempotently.

Every source owns its raw tables, its quarantine rows and its ingest-log rows (column `source`).
A load replaces everything the source wrote before inside one transaction, so re-ingesting the
same files never duplicates anything and a failed load leaves the previous state intact.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

RAW_SCHEMA = "raw"

QUARANTINE_DDL = """
create table if not exists raw.quarantine (
    source        varchar not null,   -- yearbook | enterprise_reports | ...
    source_file   varchar not null,
    sheet         varchar,            -- sheet (workbooks) or JSON path (reports)
    row_number    integer,            -- Excel row / CSV line
    column_name   varchar,
    value         varchar,            -- the rejected cell text
    reason_code   varchar not null,
    reason        varchar not null,   -- human-readable message
    row_content   varchar,            -- the whole rejected row as JSON, so nothing is lost
    is_fatal      boolean not null    -- the whole file was rejected
)"""

INGEST_LOG_DDL = """
create table if not exists raw.ingest_log (
    source            varchar not null,
    source_file       varchar not null,
    file_sha256       varchar,
    data_year         integer,
    status            varchar not null,  -- loaded | rejected
    rows_loaded       integer not null,
    rows_quarantined  integer not null,
    ingested_at       timestamp with time zone not null
)"""

YEARBOOK_DDL = {
    "yearbook_energy_consumption": """
create table if not exists raw.yearbook_energy_consumption (
    data_year integer, league_code varchar, use_category varchar, fuel varchar,
    quantity double, unit varchar, source_file varchar, source_row integer)""",
    "yearbook_electricity": """
create table if not exists raw.yearbook_electricity (
    data_year integer, league_code varchar,
    generation_mwh double, thermal_generation_mwh double, hydro_generation_mwh double,
    wind_generation_mwh double, solar_generation_mwh double, other_generation_mwh double,
    consumption_mwh double, imported_mwh double, exported_mwh double,
    plant_use_and_losses_mwh double, source_file varchar, source_row integer)""",
    "yearbook_gdp": """
create table if not exists raw.yearbook_gdp (
    data_year integer, league_code varchar, gdp_current_10k_yuan double,
    gdp_index_prev_year_100 double, primary_industry_10k_yuan double,
    secondary_industry_10k_yuan double, tertiary_industry_10k_yuan double,
    source_file varchar, source_row integer)""",
    "yearbook_industrial_output": """
create table if not exists raw.yearbook_industrial_output (
    data_year integer, league_code varchar, product varchar, output_t double,
    source_file varchar, source_row integer)""",
}


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(warehouse))


def ensure_raw_tables(con: duckdb.DuckDBPyConnection, ddl: dict[str, str]) -> None:
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.execute(QUARANTINE_DDL)
    con.execute(INGEST_LOG_DDL)
    for statement in ddl.values():
        con.execute(statement)


def replace_source(
    con: duckdb.DuckDBPyConnection,
    source: str,
    tables: dict[str, pl.DataFrame],
    rejections: Iterable[dict],
    log_rows: Iterable[dict],
) -> None:
    """Replace all rows of `source` (its raw tables, quarantine and log) in one transaction."""
    quarantine = pl.DataFrame(
        [{"source": source, **r} for r in rejections],
        schema={
            "source": pl.String, "source_file": pl.String, "sheet": pl.String, "row_number": pl.Int32,
            "column_name": pl.String, "value": pl.String, "reason_code": pl.String, "reason": pl.String,
            "row_content": pl.String, "is_fatal": pl.Boolean,
        },
    )
    now = datetime.now(UTC)
    log = pl.DataFrame(
        [{"source": source, **row, "ingested_at": now} for row in log_rows],
        schema={
            "source": pl.String, "source_file": pl.String, "file_sha256": pl.String, "data_year": pl.Int32,
            "status": pl.String, "rows_loaded": pl.Int32, "rows_quarantined": pl.Int32,
            "ingested_at": pl.Datetime("us", "UTC"),
        },
    )
    con.execute("begin transaction")
    try:
        for table, frame in tables.items():
            con.execute(f"delete from {RAW_SCHEMA}.{table}")
            if frame.height:
                con.register("incoming", frame.to_arrow())
                con.execute(f"insert into {RAW_SCHEMA}.{table} by name select * from incoming")
                con.unregister("incoming")
        for table, frame in (("quarantine", quarantine), ("ingest_log", log)):
            con.execute(f"delete from {RAW_SCHEMA}.{table} where source = ?", [source])
            if frame.height:
                con.register("incoming", frame.to_arrow())
                con.execute(f"insert into {RAW_SCHEMA}.{table} by name select * from incoming")
                con.unregister("incoming")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
