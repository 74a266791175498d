"""Ingestion of the enterprise emission reports into raw.enterprise_* (one multi-asset, six tables),
and the Python checks on them (dbt tests on the enterprise models become checks of the dbt assets).

The source is optional (CONTRACTS): without an `enterprise_reports/` directory the tables are
written empty and the run goes on. A rejected report never stops the others: it is quarantined
(raw.quarantine, source = 'enterprise_reports', with file and JSON path) and flagged by the check
`no_rejected_reports`.
"""

from pathlib import Path

import dagster as dg

from orchestration.assets.yearbook import WAREHOUSE_POOL
from orchestration.ingest.enterprise_reports import describe
from orchestration.ingest.enterprise_reports_load import SOURCE, TABLES, ingest_enterprise_reports
from orchestration.resources import LandingResource, WarehouseResource

GROUP = "raw_enterprise"
TABLE_DESCRIPTIONS = {
    "enterprise_reports": "重点排放单位年度排放报告 One row per report (enterprise × year): enterprise, energy use, "
    "reported and verified totals",
    "enterprise_fuel_combustion": "化石燃料燃烧 Monthly fuel lines per unit with NCV, carbon content, oxidation and "
    "the lab record (report id, lab, sample date) as reported",
    "enterprise_process": "工业生产过程 Monthly output of the process products (t)",
    "enterprise_electricity": "电力 Monthly purchased, green, generated, supplied and sold electricity (MWh)",
    "enterprise_heat": "热力 Monthly purchased and sold heat (GJ)",
    "enterprise_production": "产品产量 Monthly output of the main products (电力 MWh, others t)",
}
ENTERPRISE_KEYS = {table: dg.AssetKey(["raw", table]) for table in TABLES}


class EnterpriseIngestConfig(dg.Config):
    """Run config: point one run at another landing directory without changing the environment."""

    data_dir: str | None = None


@dg.multi_asset(
    specs=[
        dg.AssetSpec(key, description=TABLE_DESCRIPTIONS[table], group_name=GROUP, kinds={"duckdb", "polars"})
        for table, key in ENTERPRISE_KEYS.items()
    ],
    pool=WAREHOUSE_POOL,
)
def enterprise_reports_raw(
    context: dg.AssetExecutionContext,
    config: EnterpriseIngestConfig,
    landing: LandingResource,
    warehouse: WarehouseResource,
):
    """Parse every `enterprise_reports/<YYYY>/<credit_code>.json` (structure, types, Pandera value
    contracts, months 1-12), quarantine rejected reports with file and JSON path, and replace the
    raw enterprise tables (empty when the landing directory has no enterprise reports)."""
    data_dir = Path(config.data_dir or landing.data_dir)
    with warehouse.connection() as con:
        result = ingest_enterprise_reports(data_dir, con)
    if not result.directory_found:
        context.log.info(f"{data_dir / 'enterprise_reports'}: no enterprise reports (optional source); "
                         "the enterprise tables are empty")
    for rejection in result.rejections[:50]:
        context.log.warning(describe(rejection))
    if len(result.rejections) > 50:
        context.log.warning(f"… {len(result.rejections) - 50} more quarantined records in raw.quarantine")
    for table, key in ENTERPRISE_KEYS.items():
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "rows": result.rows_loaded[table],
                "reports_loaded": result.reports_loaded,
                "reports_rejected": result.reports_rejected,
                "years": ", ".join(map(str, result.years)) or "none",
                "source": SOURCE,
            },
        )


@dg.asset_check(
    asset=ENTERPRISE_KEYS["enterprise_reports"],
    name="no_rejected_reports",
    description="Every enterprise report file was accepted 所有企业报告均已接收 (rejected ones are in raw.quarantine)",
)
def no_rejected_reports(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connection() as con:
        rows = con.execute(
            """select source_file, count(*) as problems, min(sheet || ': ' || reason) as first_problem
               from raw.quarantine where source = ? group by source_file order by source_file""",
            [SOURCE],
        ).fetchall()
    findings = [f"{file} ({problems} problem(s)) — {first}" for file, problems, first in rows]
    return dg.AssetCheckResult(
        passed=not rows,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"{len(rows)} enterprise report(s) rejected" if rows else "no enterprise report rejected",
        metadata={"count": len(rows), "findings": dg.MetadataValue.md("\n".join(f"- {f}" for f in findings[:100]) or "none")},
    )


@dg.asset_check(
    asset=ENTERPRISE_KEYS["enterprise_reports"],
    name="report_years_have_a_yearbook",
    description="Every report year has a yearbook year, so enterprise use can be reconciled with the statistics "
    "报告年份均有统计年鉴",
)
def report_years_have_a_yearbook(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connection() as con:
        years = [row[0] for row in con.execute(
            """select distinct report_year from raw.enterprise_reports
               where report_year not in (select distinct data_year from raw.yearbook_energy_consumption)
               order by 1"""
        ).fetchall()]
    return dg.AssetCheckResult(
        passed=not years,
        severity=dg.AssetCheckSeverity.WARN,
        description=("report years without a yearbook: " + ", ".join(map(str, years))) if years
        else "every report year has a yearbook",
        metadata={"count": len(years)},
    )


enterprise_checks = [no_rejected_reports, report_years_have_a_yearbook]
