"""A restatement with new factors is a new factor_version, never an overwrite (foundation item 5).

A copy of the dbt project gets a second version of every versioned seed (raw coal's carbon content
doubled) and is built on a copy of the hand-calculation warehouse with DUALCTL_FACTOR_VERSION set
to it: the figures follow the new version and the old version's rows stay in the seeds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from orchestration.settings import DBT_PROJECT_DIR
from tests.conftest import query

NEW = "2099.1"


def _add_version(seeds: Path) -> None:
    for path in seeds.glob("*.csv"):
        frame = pl.read_csv(path, infer_schema_length=0)
        if "factor_version" not in frame.columns:
            continue
        restated = frame.filter(pl.col("factor_version") == "2026.1").with_columns(factor_version=pl.lit(NEW))
        if path.name == "ref_fuels.csv":
            restated = restated.with_columns(
                carbon_content_tc_per_tj=pl.when(pl.col("fuel") == "原煤").then(pl.lit("52.74"))
                .otherwise(pl.col("carbon_content_tc_per_tj"))
            )
        pl.concat([frame, restated]).write_csv(path)


def test_new_factor_version_restates_without_overwriting(handcalc_run, tmp_path):
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    _add_version(project / "seeds")
    warehouse = tmp_path / "wh.duckdb"
    shutil.copy(handcalc_run.settings.warehouse, warehouse)
    env = {**os.environ, "DUALCTL_WAREHOUSE": str(warehouse), "DUALCTL_FACTOR_VERSION": NEW}
    dbt = Path(sys.executable).parent / "dbt"
    subprocess.run([str(dbt), "build", "--profiles-dir", ".", "--quiet"], cwd=project, env=env, check=True)

    (t_co2, factor_version), = query(warehouse, """
        select t_co2, factor_version from marts.league_emissions_detail
        where league_code = '150600' and year = 2020 and category = 'energy_direct' and item = '原煤'""")
    # 1,200,000 t × 20.908 × 52.74/1000 × 0.94 × 44/12 = 4,560,717.2 t (twice the 2026.1 figure)
    assert t_co2 == pytest.approx(4_560_717.24, abs=0.01) and factor_version == NEW
    assert query(warehouse, "select distinct factor_version from marts.league_emissions") == [(NEW,)]
    versions = query(warehouse, """select factor_version, carbon_content_tc_per_tj from reference.ref_fuels
                                   where fuel = '原煤' order by 1""")
    assert versions == [("2026.1", 26.37), (NEW, 52.74)]  # the old version is kept, not overwritten
