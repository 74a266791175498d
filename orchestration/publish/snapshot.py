"""Publish marts from the working warehouse into a separate DuckDB file, atomically.

Analysts never open the working warehouse (DuckDB: one writer process, and a reader cannot open
a file another process is writing). After a successful run the marts are copied as *tables*
(not views) into a temporary file next to the target, which then replaces the target with an
atomic rename: a reader that has the old file open keeps reading it (POSIX keeps the old inode).
Table and column comments (the dbt docs, persisted with persist_docs) are copied too.
The file is written in an older storage format (settings.PUBLISHED_STORAGE_VERSION) so that
analysts' tools with an older DuckDB can open it.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.settings import PUBLISHED_STORAGE_VERSION


@dataclass(frozen=True)
class PublishedTable:
    schema: str
    table: str
    rows: int


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _tables(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    return [
        row[0]
        for row in con.execute(
            "select table_name from duckdb_tables() where database_name = 'wh' and schema_name = ? order by 1",
            [schema],
        ).fetchall()
    ]


def publish(
    warehouse: Path,
    target: Path,
    selection: dict[str, list[str] | None],
    row_filters: dict[tuple[str, str], str] | None = None,
    metadata: dict[str, str] | None = None,
) -> list[PublishedTable]:
    """Copy `selection` ({schema: [tables] or None for all tables}) from the warehouse into
    `target`, replacing it atomically. `row_filters` restricts rows of a table (SQL predicate)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.stem in selection:
        raise ValueError(f"{target.name}: a published file must not contain a schema named {target.stem!r}")
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    published: list[PublishedTable] = []
    con = duckdb.connect()
    try:
        con.execute(
            f"attach {_quote(str(temporary))} as pub (storage_version {_quote(PUBLISHED_STORAGE_VERSION)})"
        )
        con.execute("use pub")
        con.execute(f"attach {_quote(str(warehouse))} as wh (read_only)")
        for schema, tables in selection.items():
            available = _tables(con, schema)
            wanted = available if tables is None else [t for t in tables if t in available]
            if not wanted:
                continue
            con.execute(f'create schema if not exists "{schema}"')
            for table in wanted:
                where = (row_filters or {}).get((schema, table))
                con.execute(
                    f'create table "{schema}"."{table}" as select * from wh."{schema}"."{table}"'
                    + (f" where {where}" if where else "")
                )
                rows = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
                published.append(PublishedTable(schema, table, rows))
                _copy_comments(con, schema, table)
        _write_publication(con, published, metadata or {})
        con.execute("detach wh")
        con.execute("checkpoint pub")
        con.execute("use memory")
        con.execute("detach pub")
    except BaseException:
        con.close()
        temporary.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(temporary, target)
    return published


def _copy_comments(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> None:
    comment = con.execute(
        "select comment from duckdb_tables() where database_name = 'wh' and schema_name = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    if comment and comment[0]:
        con.execute(f'comment on table "{schema}"."{table}" is {_quote(comment[0])}')
    for column, text in con.execute(
        """select column_name, comment from duckdb_columns()
           where database_name = 'wh' and schema_name = ? and table_name = ? and comment is not null""",
        [schema, table],
    ).fetchall():
        con.execute(f'comment on column "{schema}"."{table}"."{column}" is {_quote(text)}')


def _write_publication(con: duckdb.DuckDBPyConnection, published: list[PublishedTable], metadata: dict[str, str]) -> None:
    con.execute('create schema if not exists "quality"')
    con.execute(
        'create table "quality"."publication" (published_at timestamp with time zone, tables varchar, metadata varchar)'
    )
    con.execute(
        'insert into "quality"."publication" values (?, ?, ?)',
        [
            datetime.now(UTC),
            json.dumps({f"{p.schema}.{p.table}": p.rows for p in published}, ensure_ascii=False),
            json.dumps(metadata, ensure_ascii=False),
        ],
    )
