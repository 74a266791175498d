"""Ingestion of the statistical yearbook workbooks into raw.* (one multi-asset, four tables)."""


from pathlib import Path

import dagster as dg

from orchestration.ingest.yearbook import SHEET_ELECTRICITY, SHEET_ENERGY, SHEET_GDP, SHEET_OUTPUT
from orchestration.ingest.yearbook_load import SOURCE, TABLE_SCHEMAS, ingest_yearbooks
from orchestration.resources import LandingResource, WarehouseResource

WAREHOUSE_POOL = "dualctl_warehouse"
GROUP = "raw_yearbook"

# raw table -> the workbook sheet it comes from
TABLE_SHEETS = {
    "yearbook_energy_consumption": SHEET_ENERGY,
    "yearbook_electricity": SHEET_ELECTRICITY,
    "yearbook_gdp": SHEET_GDP,
    "yearbook_industrial_output": SHEET_OUTPUT,
}
TABLE_DESCRIPTIONS = {
    "yearbook_energy_consumption": "能源消费 Energy consumption by league × 用途 × fuel (base units, long form)",
    "yearbook_electricity": "电力 Power generation, consumption and transfers by league (MWh)",
    "yearbook_gdp": "地区生产总值 GDP at current prices and volume index by league (10k yuan)",
    "yearbook_industrial_output": "工业产品产量 Output of the nine process products by league (t)",
}
YEARBOOK_KEYS = {table: dg.AssetKey(["raw", table]) for table in TABLE_SCHEMAS}


class YearbookIngestConfig(dg.Config):
    """Run config: point one run at another landing directory without changing the environment."""

    data_dir: str | None = None


@dg.multi_asset(
    specs=[
        dg.AssetSpec(key, description=TABLE_DESCRIPTIONS[table], group_name=GROUP, kinds={"duckdb", "polars"})
        for table, key in YEARBOOK_KEYS.items()
    ],
    pool=WAREHOUSE_POOL,
)
def yearbook_raw(
    context: dg.AssetExecutionContext,
    config: YearbookIngestConfig,
    landing: LandingResource,
    warehouse: WarehouseResource,
):
    """Parse every `yearbook/<YYYY>.xlsx` of the landing directory (units to base units, league
    names to codes, quarantine of rejected cells/rows) and replace the raw yearbook tables.
    A file that cannot be used fails the run with a message naming it (after its quarantine rows
    are written)."""
    data_dir = Path(config.data_dir or landing.data_dir)
    with warehouse.connection() as con:
        result = ingest_yearbooks(data_dir, con)
    for rejection in result.rejections[:50]:
        context.log.warning(rejection.message())
    if len(result.rejections) > 50:
        context.log.warning(f"… {len(result.rejections) - 50} more quarantined records in raw.quarantine")
    if result.fatal:
        raise dg.Failure(
            description="Yearbook files rejected 年鉴文件被拒收:\n" + "\n".join(r.message() for r in result.fatal),
            metadata={"quarantine": "raw.quarantine (source = 'yearbook', is_fatal)"},
        )
    for table, key in YEARBOOK_KEYS.items():
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "rows": result.rows_loaded[table],
                "years": ", ".join(map(str, result.years)),
                "files": len(result.files),
                "quarantined_records": sum(1 for r in result.rejections if r.sheet == TABLE_SHEETS[table]),
                "source": SOURCE,
            },
        )
