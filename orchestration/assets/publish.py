"""Publish the analyst marts to $DUALCTL_PUBLISHED_DIR/analytics.duckdb and the enterprise-level
marts to $DUALCTL_PUBLISHED_DIR/restricted.duckdb (inspectors) after a successful run."""


from collections.abc import Sequence
from pathlib import Path

import dagster as dg

from orchestration.assets.yearbook import WAREHOUSE_POOL
from orchestration.publish.snapshot import publish
from orchestration.resources import PublishResource, WarehouseResource
from orchestration.settings import ANALYTICS_FILE, RESTRICTED_FILE

# Enterprise-level marts are for inspectors only (restricted.duckdb); later issues list them here.
# League-, park- and product-level aggregates of the enterprise data (league_fuel_reconciliation,
# park_renewable_share, efficiency_level1_share) stay in analytics.duckdb.
RESTRICTED_MARTS: frozenset[str] = frozenset({
    "enterprise_emissions",
    "enterprise_emissions_monthly",
    "enterprise_reconciliation",
    "efficiency_list",
    "falsification_flags",  # written by the falsification screening (orchestration/assets/screening.py)
    "falsification_evidence",
    "enterprise_risk",
})
# Sources whose quarantine and ingest-log rows are enterprise-level (restricted.duckdb only): the
# reports, and the CCUS projects (they name the capturing enterprise by credit code).
RESTRICTED_SOURCES: tuple[str, ...] = ("enterprise_reports", "ccus")


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def build_publish_asset(mart_keys: list[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["published", "analytics"]),
        deps=mart_keys,
        group_name="published",
        kinds={"duckdb"},
        pool=WAREHOUSE_POOL,
        description="analytics.duckdb for analysts: schema marts (league/region marts), reference "
        "(the factors used), raw (quarantine and ingest log of the non-enterprise sources), quality "
        "(publication). Replaced atomically.",
    )
    def published_analytics(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, publishing: PublishResource
    ) -> dg.MaterializeResult:
        target = Path(publishing.published_dir) / ANALYTICS_FILE
        analyst_marts = [key.path[-1] for key in mart_keys if key.path[-1] not in RESTRICTED_MARTS]
        tables = publish(
            Path(warehouse.path),
            target,
            selection={"marts": analyst_marts, "reference": None, "raw": ["quarantine", "ingest_log"]},
            row_filters={("raw", "quarantine"): f"source not in ({_sql_list(RESTRICTED_SOURCES)})",
                         ("raw", "ingest_log"): f"source not in ({_sql_list(RESTRICTED_SOURCES)})"},
            metadata={"run_id": context.run.run_id},
        )
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(target)),
                "tables": dg.MetadataValue.md("\n".join(f"- {t.schema}.{t.table}: {t.rows} rows" for t in tables)),
            }
        )

    return published_analytics


def build_restricted_publish_asset(
    mart_keys: list[dg.AssetKey], extra_deps: Sequence[dg.AssetKey] = ()
) -> dg.AssetsDefinition:
    """restricted.duckdb: the RESTRICTED_MARTS (schema marts) and the quarantine and ingest log of
    the enterprise source (schema raw), for inspectors only. `extra_deps`: restricted marts written
    by Python assets (the falsification screening) rather than by dbt."""
    restricted_keys = [key for key in [*mart_keys, *extra_deps] if key.path[-1] in RESTRICTED_MARTS]
    source_list = _sql_list(RESTRICTED_SOURCES)

    @dg.asset(
        key=dg.AssetKey(["published", "restricted"]),
        deps=restricted_keys,
        group_name="published",
        kinds={"duckdb"},
        pool=WAREHOUSE_POOL,
        description="restricted.duckdb for inspectors: schema marts (enterprise-level marts: "
        + ", ".join(sorted(RESTRICTED_MARTS)) + "), raw (quarantine and ingest log of the enterprise "
        "reports). Never copied to analytics.duckdb. Replaced atomically.",
    )
    def published_restricted(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, publishing: PublishResource
    ) -> dg.MaterializeResult:
        target = Path(publishing.published_dir) / RESTRICTED_FILE
        tables = publish(
            Path(warehouse.path),
            target,
            selection={"marts": [key.path[-1] for key in restricted_keys], "raw": ["quarantine", "ingest_log"]},
            row_filters={("raw", "quarantine"): f"source in ({source_list})",
                         ("raw", "ingest_log"): f"source in ({source_list})"},
            metadata={"run_id": context.run.run_id, "audience": "inspectors (restricted)"},
        )
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(target)),
                "tables": dg.MetadataValue.md("\n".join(f"- {t.schema}.{t.table}: {t.rows} rows" for t in tables)),
            }
        )

    return published_restricted
