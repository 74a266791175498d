"""Shared fixtures: the dbt manifest is prepared once per session, and the whole pipeline is
materialised in-process on the embedded sample and on the hand-calculation landing directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import RunReport, run_pipeline
from orchestration.settings import DBT_PROJECT_DIR, SAMPLE_DATA_DIR, Settings
from tests import handcalc


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest() -> Path:
    """`dbt parse` once (the build step the Makefile also does); never at import of the code."""
    os.environ.pop("DAGSTER_HOME", None)  # tests use ephemeral Dagster instances
    dbt = Path(sys.executable).parent / "dbt"
    subprocess.run([str(dbt), "parse", "--profiles-dir", ".", "--quiet"], cwd=DBT_PROJECT_DIR, check=True)
    return DBT_PROJECT_DIR / "target" / "manifest.json"


def make_settings(root: Path, data_dir: Path) -> Settings:
    return Settings(
        data_dir=data_dir,
        warehouse=root / "warehouse" / "dualctl.duckdb",
        published_dir=root / "published",
        factor_version="2026.1",
        dispositions=root / "dispositions" / "dispositions.jsonl",  # never the checkout's decisions
    )


def run_on(root: Path, data_dir: Path) -> RunReport:
    return run_pipeline(make_settings(root, data_dir), log_file=root / "run.log")


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    report = run_on(tmp_path_factory.mktemp("sample"), SAMPLE_DATA_DIR)
    assert report.success, report.errors
    return report


@pytest.fixture(scope="session")
def handcalc_run(tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    root = tmp_path_factory.mktemp("handcalc")
    report = run_on(root, handcalc.write_landing(root / "landing"))
    assert report.success, report.errors
    return report


def query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Read-only query of a published or warehouse file."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
