"""Publishing is atomic: a reader that has the old file open keeps reading it."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.publish.snapshot import publish


def _warehouse(path, value):
    con = duckdb.connect(str(path))
    con.execute("create schema if not exists marts")
    con.execute("create or replace table marts.t as select ? as v", [value])
    con.execute("comment on table marts.t is 'a table'")
    con.close()


def test_reader_keeps_the_old_file_during_republication(tmp_path):
    warehouse, target = tmp_path / "wh.duckdb", tmp_path / "pub" / "analytics.duckdb"
    _warehouse(warehouse, 1)
    publish(warehouse, target, {"marts": None})
    reader = duckdb.connect(str(target), read_only=True)
    assert reader.execute("select v from marts.t").fetchall() == [(1,)]

    _warehouse(warehouse, 2)
    publish(warehouse, target, {"marts": None})
    assert reader.execute("select v from marts.t").fetchall() == [(1,)]  # still the old snapshot
    reader.close()
    fresh = duckdb.connect(str(target), read_only=True)
    assert fresh.execute("select v from marts.t").fetchall() == [(2,)]
    assert fresh.execute("select comment from duckdb_tables() where table_name = 't'").fetchall() == [("a table",)]
    assert [p.name for p in target.parent.iterdir()] == ["analytics.duckdb"]  # no temp files left


def test_a_schema_named_like_the_file_is_refused(tmp_path):
    _warehouse(tmp_path / "wh.duckdb", 1)
    with pytest.raises(ValueError, match="must not contain a schema named 'marts'"):
        publish(tmp_path / "wh.duckdb", tmp_path / "marts.duckdb", {"marts": None})
