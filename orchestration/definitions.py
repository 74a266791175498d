"""The Dagster code location: `dagster dev -w workspace.yaml` loads `defs` from here.

Settings are read when the location loads (not at import), and the dbt manifest must have been
prepared by the build step (`make manifest`); nothing here runs dbt.
"""

from __future__ import annotations

import dagster as dg

from orchestration.assets.checks import yearbook_checks
from orchestration.assets.dbt import build_dbt_assets, dbt_resource
from orchestration.assets.enterprise import enterprise_checks, enterprise_reports_raw
from orchestration.assets.expectations import build_expectation_checks
from orchestration.assets.inspection import inspection_report
from orchestration.assets.publish import build_publish_asset, build_restricted_publish_asset
from orchestration.assets.screening import SCREENING_KEYS, falsification_screening
from orchestration.assets.sinks import ccus_raw, forestry_survey_raw, sink_checks
from orchestration.assets.yearbook import yearbook_raw
from orchestration.automation import build_automation
from orchestration.resources import (
    InspectionResource,
    LandingResource,
    PublishResource,
    WarehouseResource,
)
from orchestration.settings import Settings

FULL_JOB = "dualctl_full_refresh"


def build_definitions(settings: Settings) -> dg.Definitions:
    dbt_models = build_dbt_assets()
    mart_keys = sorted((key for key in dbt_models.keys if key.path[0] == "marts"), key=lambda k: k.path)
    published = build_publish_asset(mart_keys)
    screening_keys = list(SCREENING_KEYS.values())
    published_restricted = build_restricted_publish_asset(mart_keys, extra_deps=screening_keys)
    full_job = dg.define_asset_job(
        FULL_JOB,
        selection=dg.AssetSelection.all(),
        description="Ingest every source of the landing directory, build all dbt models and tests, "
        "run the checks and publish the marts 全流程刷新.",
    )
    schedules, sensors = build_automation(full_job, settings)
    return dg.Definitions(
        assets=[yearbook_raw, forestry_survey_raw, ccus_raw, enterprise_reports_raw, dbt_models, published,
                published_restricted, inspection_report, falsification_screening],
        asset_checks=[*yearbook_checks, *sink_checks, *enterprise_checks,
                      *build_expectation_checks([*mart_keys, *screening_keys])],
        jobs=[full_job],
        schedules=schedules,
        sensors=sensors,
        resources={
            "warehouse": WarehouseResource(path=str(settings.warehouse)),
            "landing": LandingResource(data_dir=str(settings.data_dir)),
            "publishing": PublishResource(published_dir=str(settings.published_dir)),
            "inspection": InspectionResource(dispositions_path=str(settings.dispositions)),
            "dbt": dbt_resource(),
        },
        # One process per run: every writer shares the single DuckDB file (one writer at a time).
        executor=dg.in_process_executor,
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions(Settings.from_env())
