"""Falsification screening 数据造假筛查 as one Dagster multi-asset: marts.falsification_flags,
marts.falsification_evidence and marts.enterprise_risk, written by Python (Polars) after dbt built
the enterprise models they read, published only to restricted.duckdb (RESTRICTED_MARTS).

The rules and thresholds are in orchestration/quality/falsification_rules.yml; the inspectors'
decisions come from the dispositions file (resource `inspection`, default DUALCTL_DISPOSITIONS) and
are applied to every run's flags, so a cleared flag stays cleared until its evidence changes.
"""

from pathlib import Path

import dagster as dg

from orchestration.assets.yearbook import WAREHOUSE_POOL
from orchestration.inspection import dispositions
from orchestration.quality.falsification import (
    EVIDENCE_TABLE,
    FLAGS_TABLE,
    INPUT_MODELS,
    RISK_TABLE,
    SCHEMA,
    TABLE_COMMENTS,
    load_rules,
    read_inputs,
    screen,
    write_tables,
)
from orchestration.resources import InspectionResource, WarehouseResource

GROUP = "quality"
SCREENING_KEYS = {table: dg.AssetKey([SCHEMA, table]) for table in (FLAGS_TABLE, EVIDENCE_TABLE, RISK_TABLE)}
INPUT_KEYS = [dg.AssetKey(list(model)) for model in INPUT_MODELS]


@dg.multi_asset(
    name="falsification_screening",
    specs=[
        dg.AssetSpec(key, deps=INPUT_KEYS, description=TABLE_COMMENTS[table], group_name=GROUP,
                     kinds={"duckdb", "polars"})
        for table, key in SCREENING_KEYS.items()
    ],
    pool=WAREHOUSE_POOL,
)
def falsification_screening(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, inspection: InspectionResource
):
    """Evaluate the falsification rules on the enterprise reports (flags with their evidence rows),
    apply the inspectors' decisions (status open / confirmed / cleared / reopened) and score every
    report (risk 0-100); replace the three tables."""
    ruleset = load_rules()
    decisions = dispositions.load(Path(inspection.dispositions_path))
    with warehouse.connection() as con:
        inputs = read_inputs(con)
        screening = screen(inputs, ruleset, decisions)
        rows = write_tables(con, screening)
    flags = screening.flags
    by_rule = {rule.id: len(screening.findings[rule.id]) for rule in ruleset.rules}
    by_status = {status: flags.filter(flags["status"] == status).height for status in dispositions.STATUSES}
    context.log.info(
        f"falsification screening (rules {ruleset.version}): {rows[FLAGS_TABLE]} flags on {inputs.reports.height} "
        f"reports in {sum(screening.seconds.values()):.1f} s; " + ", ".join(f"{k} {v}" for k, v in by_status.items())
    )
    rules_table = "\n".join(f"| {rule_id} | {count} | {screening.seconds[rule_id]:.2f} |" for rule_id, count in by_rule.items())
    common = {"rule_version": ruleset.version, "reports_screened": inputs.reports.height,
              "dispositions_file": dg.MetadataValue.path(str(inspection.dispositions_path))}
    yield dg.MaterializeResult(
        asset_key=SCREENING_KEYS[FLAGS_TABLE],
        metadata={**common, "rows": rows[FLAGS_TABLE], **{f"status_{k}": v for k, v in by_status.items()},
                  "flags_per_rule": dg.MetadataValue.md("| rule | flags | seconds |\n|---|---|---|\n" + rules_table)},
    )
    yield dg.MaterializeResult(asset_key=SCREENING_KEYS[EVIDENCE_TABLE], metadata={**common, "rows": rows[EVIDENCE_TABLE]})
    risk = screening.risk
    yield dg.MaterializeResult(
        asset_key=SCREENING_KEYS[RISK_TABLE],
        metadata={**common, "rows": rows[RISK_TABLE],
                  "reports_with_flags": risk.filter(risk["n_flags"] > 0).height,
                  "max_risk_score": float(risk["risk_score"].max() or 0.0) if risk.height else 0.0},
    )
