"""The inspectors' report (static HTML) built from the published restricted.duckdb after every run:
$DUALCTL_PUBLISHED_DIR/inspection/index.html, linked to the Data Docs. `python -m orchestration
report` rebuilds it without a run."""


from pathlib import Path

import dagster as dg

from orchestration.inspection.report import (
    build_report,
    data_docs_links,
    read_restricted,
    report_dir,
    restricted_path,
)
from orchestration.resources import PublishResource

RESTRICTED_KEY = dg.AssetKey(["published", "restricted"])


@dg.asset(
    key=dg.AssetKey(["published", "inspection_report"]),
    deps=[RESTRICTED_KEY],
    group_name="published",
    kinds={"html"},
    description="检查报告 Inspectors' report: a static bilingual HTML site (inspection/index.html) listing the "
    "enterprises by risk score, each flag with its evidence rows, chart and decision, linked to the Data Docs. "
    "Read from the published restricted.duckdb (read-only); replaced as a whole.",
)
def inspection_report(context: dg.AssetExecutionContext, publishing: PublishResource) -> dg.MaterializeResult:
    published_dir = Path(publishing.published_dir)
    restricted = restricted_path(published_dir)
    # The flags' statuses were applied by the screening asset in this run (dispositions.apply).
    data_docs, restricted_data_docs = data_docs_links(published_dir)
    index = build_report(restricted, report_dir(published_dir), data_docs,
                         restricted_data_docs=restricted_data_docs)
    data = read_restricted(restricted)
    context.log.info(f"inspectors' report: {index}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(index)),
            "enterprise_years": dg.MetadataValue.int(len(data.enterprises)),
            "flags": dg.MetadataValue.int(len(data.flags)),
            "open_flags": dg.MetadataValue.int(sum(f["status"] in ("open", "reopened") for f in data.flags)),
        }
    )
