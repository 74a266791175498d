"""Ingestion of the ecosystem survey, CCUS projects and reduction measures into raw.*, with
their Python asset checks (DESIGN rules 4-5; CONTRACTS `forestry_survey`, `ccus`, `measures`).

All three sources are optional. A file that cannot be used is rejected on its own (quarantine
is_fatal, ingest_log status rejected, so its year counts as absent and the measures that depend
on it are NULL) and never stops the other files or the run: the problem is logged as an error
and reported by the `files_and_rows_accepted` check, which the run summary prints.
"""


from itertools import pairwise
from pathlib import Path
from typing import Optional

import dagster as dg

from orchestration.assets.yearbook import WAREHOUSE_POOL
from orchestration.ingest.ccus_load import (
    CCUS_SOURCE,
    CCUS_TABLE,
    MEASURES_SOURCE,
    MEASURES_TABLE,
    ingest_ccus,
    ingest_measures,
)
from orchestration.ingest.csvfile import SourceIngestResult
from orchestration.ingest.forestry_load import (
    CROSS_WAVE_CODES,
    FORESTRY_SOURCE,
    FORESTRY_TABLE,
    ingest_forestry_surveys,
)
from orchestration.resources import LandingResource, WarehouseResource

FORESTRY_KEY = dg.AssetKey(["raw", FORESTRY_TABLE])
CCUS_KEY = dg.AssetKey(["raw", CCUS_TABLE])
MEASURES_KEY = dg.AssetKey(["raw", MEASURES_TABLE])
LOGGED = 50


class LandingConfig(dg.Config):
    """Run config: point one run at another landing directory without changing the environment."""

    data_dir: Optional[str] = None  # noqa: UP045 (Dagster config fields need Optional)


def _report(context: dg.AssetExecutionContext, result: SourceIngestResult, key: dg.AssetKey, table: str):
    for rejection in result.fatal:
        context.log.error(f"rejected file 文件被拒收: {rejection.message()}")
    for rejection in result.rejections[:LOGGED]:
        context.log.warning(rejection.message())
    if len(result.rejections) > LOGGED:
        context.log.warning(f"… {len(result.rejections) - LOGGED} more records in raw.quarantine")
    return dg.MaterializeResult(
        asset_key=key,
        metadata={
            "rows": result.rows_loaded[table],
            "years": ", ".join(map(str, result.years)) or "none (source absent)",
            "files": len(result.files),
            "rejected_files": len(result.fatal),
            "quarantined_records": len(result.rejections),
            "source": result.source,
        },
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            FORESTRY_KEY,
            description="林草湿调查样地 Ecosystem survey plots, one row per survey year × plot "
            "(forestry_survey/<YYYY>/plots.csv; expansion area in ha, stock volume m3/ha, shrub "
            "biomass t/ha, grass dry above-ground biomass g/m2, wetland type)",
            group_name="raw_ecosystem",
            kinds={"duckdb", "polars"},
        )
    ],
    pool=WAREHOUSE_POOL,
)
def forestry_survey_raw(
    context: dg.AssetExecutionContext, config: LandingConfig, landing: LandingResource, warehouse: WarehouseResource
):
    """Parse every survey wave (land-class measure rules, quarantine of bad rows, plots in one
    wave only reported) and replace raw.forestry_survey_plots."""
    data_dir = Path(config.data_dir or landing.data_dir)
    with warehouse.connection() as con:
        result = ingest_forestry_surveys(data_dir, con)
    yield _report(context, result, FORESTRY_KEY, FORESTRY_TABLE)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            CCUS_KEY,
            description="碳捕集利用与封存项目 CCUS projects, one row per year × project (ccus/<YYYY>.csv; t CO2, "
            "MWh and GJ of the capture's own energy)",
            group_name="raw_ccus",
            kinds={"duckdb", "polars"},
        ),
        dg.AssetSpec(
            MEASURES_KEY,
            description="减排措施 Reduction measures, one row per year × measure (measures/<YYYY>.csv; "
            "only verified ones reach the budget models, none is added to league_emissions)",
            group_name="raw_ccus",
            kinds={"duckdb", "polars"},
        ),
    ],
    pool=WAREHOUSE_POOL,
)
def ccus_raw(
    context: dg.AssetExecutionContext, config: LandingConfig, landing: LandingResource, warehouse: WarehouseResource
):
    """Parse every ccus/<YYYY>.csv and measures/<YYYY>.csv and replace their raw tables."""
    data_dir = Path(config.data_dir or landing.data_dir)
    with warehouse.connection() as con:
        ccus = ingest_ccus(data_dir, con)
        measures = ingest_measures(data_dir, con)
    yield _report(context, ccus, CCUS_KEY, CCUS_TABLE)
    yield _report(context, measures, MEASURES_KEY, MEASURES_TABLE)


# --- checks ---------------------------------------------------------------------------------


def _quarantine(warehouse: WarehouseResource, source: str, where: str, params: list) -> list[tuple]:
    with warehouse.connection() as con:
        return con.execute(
            f"""select is_fatal, source_file, row_number, column_name, reason_code, reason
                from raw.quarantine where source = ? and {where}
                order by source_file, row_number""",
            [source, *params],
        ).fetchall()


def _findings(rows: list[tuple], limit: int = 20) -> str:
    lines = [f"- {'FILE ' if fatal else ''}{file}{f' line {row}' if row else ''}"
             f"{f' [{column}]' if column else ''}: {reason}" for fatal, file, row, column, _, reason in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"- … {len(rows) - limit} more in raw.quarantine")
    return "\n".join(lines) or "none"


def _accepted_check(key: dg.AssetKey, source: str, label: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=key, name="files_and_rows_accepted",
                    description=f"Every {label} file and row was accepted (rejected files and quarantined rows "
                    "are listed) 文件和记录全部通过校验")
    def files_and_rows_accepted(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        codes = list(CROSS_WAVE_CODES)
        rows = _quarantine(warehouse, source, "not list_contains(?::varchar[], reason_code)", [codes])
        files = sum(1 for r in rows if r[0])
        return dg.AssetCheckResult(
            passed=not rows,
            severity=dg.AssetCheckSeverity.WARN,
            description=f"{files} rejected file(s) and {len(rows) - files} quarantined record(s)" if rows
            else "all files and rows accepted",
            metadata={"rejected_files": files, "quarantined_records": len(rows) - files,
                      "findings": dg.MetadataValue.md(_findings(rows))},
        )

    return files_and_rows_accepted


# Plots in one wave only are normal in small numbers (a plot lost to mining, a new afforestation
# plot); many of them mean the plot ids were not kept stable (renumbering, a missing batch), which
# would bias the stock difference.
MAX_UNPAIRED_SHARE = 0.01


@dg.asset_check(asset=FORESTRY_KEY, name="plots_in_both_waves",
                description="Permanent plots are re-measured: plots in one wave of a consecutive pair only are "
                f"reported (raw.quarantine, plot_in_one_wave) and left out of the stock difference; warns when they "
                f"exceed {MAX_UNPAIRED_SHARE:.0%} of a pair's plots or a plot id changed league 样地前后期一致")
def plots_in_both_waves(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    rows = _quarantine(warehouse, FORESTRY_SOURCE, "list_contains(?::varchar[], reason_code)",
                       [list(CROSS_WAVE_CODES)])
    with warehouse.connection() as con:
        pairs = _pair_counts(con)
    moved = sum(1 for r in rows if r[4] == "plot_league_changed")
    worst = max((unpaired / total for _, _, total, unpaired in pairs if total), default=0.0)
    summary = "; ".join(f"{a}→{b}: {unpaired} of {total} plots in one wave only" for a, b, total, unpaired in pairs)
    return dg.AssetCheckResult(
        passed=worst <= MAX_UNPAIRED_SHARE and moved == 0,
        severity=dg.AssetCheckSeverity.WARN,
        description=(summary or "fewer than two survey waves") + (f"; {moved} plot id(s) changed league" if moved else ""),
        metadata={"count": len(rows), "largest_unpaired_share": worst, "plot_league_changed": moved,
                  "findings": dg.MetadataValue.md(_findings(rows))},
    )


def _pair_counts(con) -> list[tuple[int, int, int, int]]:
    """(wave, next wave, plots in either, plots in one of the two only) per consecutive pair."""
    years = [y for (y,) in con.execute(
        "select distinct survey_year from raw.forestry_survey_plots order by 1").fetchall()]
    counts = []
    for first, second in pairwise(years):
        total, unpaired = con.execute(
            """with a as (select plot_id from raw.forestry_survey_plots where survey_year = ?),
                    b as (select plot_id from raw.forestry_survey_plots where survey_year = ?)
               select count(*), count(*) filter (where a.plot_id is null or b.plot_id is null)
               from a full join b on a.plot_id = b.plot_id""", [first, second]).fetchone()
        counts.append((first, second, total, unpaired))
    return counts


sink_checks = [
    _accepted_check(FORESTRY_KEY, FORESTRY_SOURCE, "survey"),
    plots_in_both_waves,
    _accepted_check(CCUS_KEY, CCUS_SOURCE, "CCUS"),
    _accepted_check(MEASURES_KEY, MEASURES_SOURCE, "measures"),
]
