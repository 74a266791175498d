"""Publish the analyst marts to $DUALCTL_PUBLISHED_DIR/analytics.duckdb after a successful run."""


from pathlib import Path

import dagster as dg

from orchestration.assets.yearbook import WAREHOUSE_POOL
from orchestration.publish.snapshot import publish
from orchestration.resources import PublishResource, WarehouseResource
from orchestration.settings import ANALYTICS_FILE

# Enterprise-level marts are for inspectors only (restricted.duckdb); later issues list them here.
RESTRICTED_MARTS: frozenset[str] = frozenset()


def build_publish_asset(mart_keys: list[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["published", "analytics"]),
        deps=mart_keys,
        group_name="published",
        kinds={"duckdb"},
        pool=WAREHOUSE_POOL,
        description="analytics.duckdb for analysts: schema marts (league/region marts), reference "
        "(the factors used), quality (yearbook quarantine and ingest log). Replaced atomically.",
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
            row_filters={("raw", "quarantine"): "source = 'yearbook'", ("raw", "ingest_log"): "source = 'yearbook'"},
            metadata={"run_id": context.run.run_id},
        )
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(target)),
                "tables": dg.MetadataValue.md("\n".join(f"- {t.schema}.{t.table}: {t.rows} rows" for t in tables)),
            }
        )

    return published_analytics
