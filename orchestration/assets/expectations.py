"""Great Expectations suites as one Dagster multi-asset check (one check per suite's table).

Every `expectations/suites/<table>.json` whose table is an asset of the code location becomes a
check named `great_expectations` on that asset. One step evaluates all suites (GX is imported
once, ~7 s; one Data Docs build per run), reading the tables from the warehouse after dbt built
them, and publishes the Data Docs to $DUALCTL_PUBLISHED_DIR/quality/data_docs/index.html.
Severity WARN, never blocking: the suites describe plausibility for people; the blocking
guarantees are the dbt contracts and tests.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

import dagster as dg

from orchestration.assets.yearbook import WAREHOUSE_POOL
from orchestration.quality.gx_runner import (
    SUITES_DIR,
    SuiteDefinition,
    SuiteResult,
    ValidationRun,
    load_suites,
    validate_warehouse,
)
from orchestration.resources import PublishResource, WarehouseResource

CHECK_NAME = "great_expectations"
MAX_FAILED_IN_DESCRIPTION = 5


def suites_for(asset_keys: Iterable[dg.AssetKey], suites_dir: Path = SUITES_DIR) -> list[SuiteDefinition]:
    """The suites whose table is one of `asset_keys` (a suite for a table no model builds yet is left out)."""
    available = set(asset_keys)
    return [suite for suite in load_suites(suites_dir) if dg.AssetKey(suite.asset_key_path) in available]


def _description(result: SuiteResult) -> str:
    if result.error or result.success:
        return result.describe()
    failed = [f.describe() for f in result.failed[:MAX_FAILED_IN_DESCRIPTION]]
    more = len(result.failed) - len(failed)
    return (
        f"{result.suite}: {result.unsuccessful} of {result.evaluated} expectations not met 未通过: "
        + "; ".join(failed)
        + (f"; … and {more} more" if more > 0 else "")
    )


def _check_result(suite: SuiteDefinition, result: SuiteResult, run: ValidationRun) -> dg.AssetCheckResult:
    metadata: dict[str, dg.MetadataValue] = {
        "statistics": dg.MetadataValue.json(result.statistics),
        "evaluated_expectations": dg.MetadataValue.int(result.evaluated),
        "unsuccessful_expectations": dg.MetadataValue.int(result.unsuccessful),
        "failed_expectations": dg.MetadataValue.md(
            "\n".join(f"- {f.describe()}" for f in result.failed) or ("none" if not result.error else result.error)
        ),
        "failed_expectations_detail": dg.MetadataValue.json([f.to_dict() for f in result.failed]),
        "suite_file": dg.MetadataValue.path(str(suite.path)),
        "gx_seconds": dg.MetadataValue.float(round(run.seconds, 2)),
    }
    if run.data_docs_index is not None and suite.audience == "analytics":
        metadata["data_docs"] = dg.MetadataValue.path(str(run.data_docs_index))
    if result.data_docs_page is not None:
        metadata["data_docs_page"] = dg.MetadataValue.path(str(result.data_docs_page))
    return dg.AssetCheckResult(
        asset_key=dg.AssetKey(suite.asset_key_path),
        check_name=CHECK_NAME,
        passed=result.success,
        severity=dg.AssetCheckSeverity.WARN,
        description=_description(result),
        metadata=metadata,
    )


def build_expectation_checks(
    asset_keys: Iterable[dg.AssetKey], suites_dir: Path = SUITES_DIR
) -> list[dg.AssetChecksDefinition]:
    """One multi-asset check over the tables that have a suite (none when no suite applies)."""
    suites = suites_for(asset_keys, suites_dir)
    if not suites:
        return []
    specs = [
        dg.AssetCheckSpec(
            CHECK_NAME,
            asset=dg.AssetKey(suite.asset_key_path),
            description=f"Great Expectations suite expectations/suites/{suite.path.name} "
            f"({suite.expectation_count} expectations): {suite.description}",
        )
        for suite in suites
    ]

    @dg.multi_asset_check(
        specs=specs,
        name="great_expectations_suites",
        description="Great Expectations suites on the marts (frames read from DuckDB), Data Docs published to "
        "quality/data_docs/ 数据质量期望套件",
        pool=WAREHOUSE_POOL,
        compute_kind="great_expectations",
    )
    def great_expectations_suites(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource, publishing: PublishResource
    ) -> Iterator[dg.AssetCheckResult]:
        run = validate_warehouse(
            Path(warehouse.path), Path(publishing.published_dir), suites=suites, run_name=f"dualctl-{context.run.run_id[:8]}"
        )
        context.log.info(
            f"Great Expectations: {sum(r.success for r in run.results)}/{len(run.results)} suites passed in "
            f"{run.seconds:.1f} s ({', '.join(f'{k} {v:.1f} s' for k, v in run.timings.items())}); "
            f"Data Docs: {run.data_docs_index}"
        )
        for suite, result in zip(suites, run.results, strict=True):
            yield _check_result(suite, result, run)

    return [great_expectations_suites]
