"""The code location loads, with the expected assets, checks, job and schedule."""

from __future__ import annotations

import dagster as dg
import pytest

from orchestration.assets.dbt import ManifestMissing, build_dbt_assets
from orchestration.definitions import FULL_JOB, build_definitions
from orchestration.settings import Settings


def test_code_location_loads(tmp_path):
    defs = build_definitions(Settings(tmp_path, tmp_path / "wh.duckdb", tmp_path / "pub", "2026.1"))
    keys = {key.to_user_string() for key in defs.resolve_all_asset_keys()}
    assert {"raw/yearbook_energy_consumption", "marts/league_emissions", "marts/region_emissions",
            "marts/league_emissions_detail", "published/analytics"} <= keys
    checks = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    assert {"region_total_matches_leagues", "power_balance_identity", "no_negative_amounts",
            "every_league_present_every_year"} <= checks
    assert defs.resolve_job_def(FULL_JOB) is not None
    assert defs.resolve_schedule_def("quarterly_refresh").execution_timezone == "Asia/Shanghai"


def test_dbt_sources_are_the_ingestion_assets(tmp_path):
    defs = build_definitions(Settings(tmp_path, tmp_path / "wh.duckdb", tmp_path / "pub", "2026.1"))
    graph = defs.resolve_asset_graph()
    parents = graph.get(dg.AssetKey(["staging", "stg_yearbook__electricity"])).parent_keys
    assert dg.AssetKey(["raw", "yearbook_electricity"]) in parents


def test_missing_manifest_says_what_to_do(tmp_path):
    with pytest.raises(ManifestMissing, match="make manifest"):
        build_dbt_assets(tmp_path / "manifest.json")
