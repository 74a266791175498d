"""Dagster resources. Paths default to the environment (settings.py) when the code location
loads; run config can override the landing directory per run (CONTRACTS)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.ingest.warehouse import connect


class WarehouseResource(dg.ConfigurableResource):
    """The working DuckDB warehouse. One writer process at a time (DuckDB's rule): every asset
    that writes opens, writes and closes; runs are serialised (in-process executor, run queue
    limit 1, pool `dualctl_warehouse`)."""

    path: str

    @contextmanager
    def connection(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        con = duckdb.connect(self.path, read_only=True) if read_only else connect(Path(self.path))
        try:
            yield con
        finally:
            con.close()

    def export_for_dbt(self) -> None:
        """dbt reads the warehouse path from DUALCTL_WAREHOUSE (profiles.yml): keep them equal."""
        os.environ["DUALCTL_WAREHOUSE"] = self.path


class LandingResource(dg.ConfigurableResource):
    """The landing directory (yearbook/, enterprise_reports/, …)."""

    data_dir: str


class PublishResource(dg.ConfigurableResource):
    """Where the read-only files for analysts (analytics.duckdb) and inspectors
    (restricted.duckdb) are published."""

    published_dir: str


class InspectionResource(dg.ConfigurableResource):
    """The inspectors' decisions on falsification flags (append-only JSON lines outside the
    warehouse; settings DUALCTL_DISPOSITIONS), applied to every screening run."""

    dispositions_path: str
