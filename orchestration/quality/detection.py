"""Measured detection of the falsification screening: the flags of a run against the truth of the
labelled falsifications the sample generator injected (`sample_generator/falsification.py`,
`data/sample_truth/falsification_truth.csv`; the pipeline itself never reads the truth).

Definitions (the unit is one enterprise × report year × rule):
- a *positive* is a truth row: the report (credit_code, report_year) carries an injected pattern
  and the rule `rule_id` is expected to flag it;
- a flag (any status: detection is about the rules, not the decisions) is a *true positive* when
  its (credit_code, report_year, rule_id) is a positive, else a *false positive* — a flag on a
  clean control, or by a rule the report's pattern does not call for (the wrong pattern);
- a positive without its flag is a *false negative*;
- precision = TP / (TP + FP), recall = TP / (TP + FN), per rule and overall (micro: pooled over
  the rules); a rule without flags has no precision, one without positives no recall;
- a *control* is a report without any truth row; a *case* is one injection (`case_id`; a shared
  lab report id is one case on two reports, a fuel-generation case is one plant in every year).

What the figures mean: measured on synthetic injections into synthetic reports, with rules whose
thresholds were set knowing the patterns: an upper bound for real data, not an estimate of it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from orchestration.settings import PROJECT_ROOT

TRUTH_PATH = PROJECT_ROOT / "data" / "sample_truth" / "falsification_truth.csv"
KEY = ("credit_code", "report_year", "rule_id")
TRUTH_SCHEMA = {"case_id": pl.String, "pattern": pl.String, "credit_code": pl.String, "report_year": pl.Int32,
                "rule_id": pl.String, "description": pl.String}


def load_truth(path: Path = TRUTH_PATH) -> pl.DataFrame:
    """The truth file (one row per report and expected rule)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return pl.DataFrame(rows, schema=TRUTH_SCHEMA) if rows else pl.DataFrame(schema=TRUTH_SCHEMA)


def read_flags(database: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(flags, reports) from a warehouse or a published restricted file: marts.falsification_flags
    (credit_code, report_year, rule_id, severity, status) and the reports screened
    (marts.enterprise_risk: one row per report)."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        flags = con.sql("select credit_code, report_year, rule_id, severity, status from marts.falsification_flags").pl()
        reports = con.sql("select credit_code, report_year from marts.enterprise_risk").pl()
    finally:
        con.close()
    return flags.cast({"report_year": pl.Int32}), reports.cast({"report_year": pl.Int32})


@dataclass(frozen=True)
class Score:
    """Counts and rates of one rule, one pattern or overall."""

    name: str
    positives: int
    flags: int
    true_positives: int

    @property
    def false_positives(self) -> int:
        return self.flags - self.true_positives

    @property
    def false_negatives(self) -> int:
        return self.positives - self.true_positives

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.flags if self.flags else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.positives if self.positives else None


@dataclass
class Detection:
    rules: list[Score]
    overall: Score
    patterns: list[tuple[str, int, int, str, Score]]  # pattern, cases, reports, expected rules, score
    controls: int
    flagged_controls: int
    labelled_reports: int
    false_positives: pl.DataFrame = field(repr=False)
    false_negatives: pl.DataFrame = field(repr=False)

    def rule(self, rule_id: str) -> Score:
        return next(score for score in self.rules if score.name == rule_id)


def _keys(frame: pl.DataFrame) -> set[tuple[str, int, str]]:
    return {(code, int(year), rule) for code, year, rule in frame.select(KEY).iter_rows()}


def measure(flags: pl.DataFrame, truth: pl.DataFrame, reports: pl.DataFrame | None = None,
            rule_ids: Sequence[str] | None = None) -> Detection:
    """Precision and recall of `flags` (credit_code, report_year, rule_id) against `truth`.
    `reports` (credit_code, report_year) are the reports screened (for the control counts);
    `rule_ids` the rules to list (default: every rule in the flags or the truth, sorted)."""
    flagged, positives = _keys(flags), _keys(truth)
    hits = flagged & positives
    names = list(rule_ids) if rule_ids is not None else sorted({k[2] for k in flagged | positives})
    rules = [Score(rule, sum(k[2] == rule for k in positives), sum(k[2] == rule for k in flagged),
                   sum(k[2] == rule for k in hits)) for rule in names]
    overall = Score("overall", len(positives), len(flagged), len(hits))
    patterns = []
    for (pattern,), group in sorted(truth.group_by("pattern"), key=lambda item: item[0]):
        keys = _keys(group)
        reports_of = {(code, year) for code, year, _ in keys}
        flags_on = {k for k in flagged if (k[0], k[1]) in reports_of}
        patterns.append((pattern, group["case_id"].n_unique(), len(reports_of),
                         ", ".join(sorted(group["rule_id"].unique())),
                         Score(pattern, len(keys), len(flags_on), len(flags_on & keys))))
    labelled = {(code, year) for code, year, _ in positives}
    screened = {(c, int(y)) for c, y in reports.select("credit_code", "report_year").iter_rows()} if reports is not None \
        else labelled | {(c, y) for c, y, _ in flagged}
    controls = screened - labelled
    flagged_controls = {(c, y) for c, y, _ in flagged if (c, y) in controls}
    schema = {"credit_code": pl.String, "report_year": pl.Int32, "rule_id": pl.String}
    return Detection(
        rules, overall, patterns, len(controls), len(flagged_controls), len(labelled),
        pl.DataFrame(sorted(flagged - positives), schema=schema, orient="row"),
        pl.DataFrame(sorted(positives - flagged), schema=schema, orient="row"),
    )


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def render(detection: Detection, measured_on: str, truth: pl.DataFrame, note: Iterable[str] = ()) -> str:
    """The detection tables as markdown (docs/detection.md)."""
    lines = [
        (f"Measured {measured_on}. Unit: enterprise × report year × rule. Flags of every status count "
         "(detection is about the rules, not the inspectors' decisions)."),
        "",
        (f"Reports screened: {detection.controls + detection.labelled_reports:,} — {detection.labelled_reports} with "
         f"an injected pattern ({truth['case_id'].n_unique()} cases), {detection.controls:,} clean controls, of which "
         f"{detection.flagged_controls} flagged."),
        "",
        "### Per rule",
        "",
        "| rule | positives | flags | TP | FP | FN | precision | recall |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for score in [*detection.rules, detection.overall]:
        name = f"**{score.name}**" if score.name == "overall" else score.name
        lines.append(f"| {name} | {score.positives} | {score.flags} | {score.true_positives} | {score.false_positives} "
                     f"| {score.false_negatives} | {_rate(score.precision)} | {_rate(score.recall)} |")
    lines += ["", "### Per injected pattern (sample size)", "",
              "| pattern | cases | reports | expected rules | positives | found | flags on these reports | recall |",
              "|---|---|---|---|---|---|---|---|"]
    for pattern, cases, reports, expected, score in detection.patterns:
        lines.append(f"| {pattern} | {cases} | {reports} | {expected} | {score.positives} | {score.true_positives} | "
                     f"{score.flags} | {_rate(score.recall)} |")
    if detection.false_positives.height:
        lines += ["", "False positives (enterprise, year, rule): " + "; ".join(
            f"{c} {y} {r}" for c, y, r in detection.false_positives.iter_rows()) + "."]
    if detection.false_negatives.height:
        lines += ["", "False negatives (enterprise, year, rule): " + "; ".join(
            f"{c} {y} {r}" for c, y, r in detection.false_negatives.iter_rows()) + "."]
    lines += ["", *note]
    return "\n".join(lines) + "\n"
