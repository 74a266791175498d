"""Falsification screening 碳排放数据造假筛查 (DESIGN rule 11): explainable flags on the enterprise
reports, with their evidence rows, the inspectors' decisions applied, and a transparent risk score.

    warehouse (enterprise marts, intermediate and staging models)
        │ read_inputs: Polars frames (ScreeningInputs)
        ▼
    rules (orchestration/quality/rules/, thresholds from falsification_rules.yml)
        │ evaluate: findings per rule (enterprise × year, observed vs expected, evidence rows)
        ▼
    flags + evidence ──dispositions.apply──▶ status (open, confirmed, cleared, reopened)
        │ risk_scores: 100 × (1 − Π (1 − weight)) over the flags that count
        ▼
    marts.falsification_flags · marts.falsification_evidence · marts.enterprise_risk

Every rule, severity, weight and threshold lives in `falsification_rules.yml` (versioned; the
version is written into every flag). `python -m orchestration.quality.falsification --catalogue
docs/falsification_rules.md` writes the readable rule catalogue from it.
"""

from __future__ import annotations

import argparse
import math
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import yaml

from orchestration.inspection import dispositions
from orchestration.quality.rules import REGISTRY
from orchestration.quality.rules.base import CHARTS, SEVERITIES, Finding, Rule

RULES_PATH = Path(__file__).with_name("falsification_rules.yml")
SCHEMA = "marts"
FLAGS_TABLE, EVIDENCE_TABLE, RISK_TABLE = "falsification_flags", "falsification_evidence", "enterprise_risk"
TABLES = (FLAGS_TABLE, EVIDENCE_TABLE, RISK_TABLE)


# ----------------------------------------------------------------------------------------------
# the rules file


# a line break inside Chinese text folds into a space: removed between two non-ASCII characters
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7F])\s+(?=[^\x00-\x7F])")


class RulesFileError(ValueError):
    """The rules file is not usable (names the file and the problem)."""


@dataclass(frozen=True)
class RuleSet:
    """`falsification_rules.yml`: the version, the rules in file order and the score."""

    version: str
    rules: tuple[Rule, ...]
    severity_weights: Mapping[str, float]
    counted_statuses: tuple[str, ...]
    score_formula: str
    score_formula_zh: str
    score_why: str
    severities: Mapping[str, Mapping[str, str]]
    path: Path | None = None

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"no rule {rule_id!r} in {self.path or 'the rules file'}")

    @property
    def ids(self) -> list[str]:
        return [rule.id for rule in self.rules]


def load_rules(path: Path = RULES_PATH) -> RuleSet:
    """Read and check the rules file: unique ids, known severities and charts, a weight in [0, 1),
    every rule implemented (orchestration/quality/rules) and every implementation in the file."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RulesFileError(f"{path}: cannot read the rules file: {error}") from error
    problems: list[str] = []
    score = data.get("score") or {}
    weights = {str(k): float(v) for k, v in (score.get("severity_weights") or {}).items()}
    if set(weights) != set(SEVERITIES):
        problems.append(f"score.severity_weights must give {', '.join(SEVERITIES)}")
    counted = tuple(score.get("counted_statuses") or ())
    if not set(counted) <= set(dispositions.STATUSES):
        problems.append(f"score.counted_statuses must be among {', '.join(dispositions.STATUSES)}")
    rules: list[Rule] = []
    for number, entry in enumerate(data.get("rules") or [], start=1):
        rule_id = str(entry.get("id") or f"#{number}")
        severity = entry.get("severity")
        if severity not in SEVERITIES:
            problems.append(f"{rule_id}: severity must be one of {', '.join(SEVERITIES)}")
            continue
        weight = float(entry.get("weight", weights.get(severity, 0.0)))
        if not 0 <= weight < 1:
            problems.append(f"{rule_id}: weight must lie in [0, 1)")
        if entry.get("chart") not in CHARTS:
            problems.append(f"{rule_id}: chart must be one of {', '.join(CHARTS)}")
        parameters = entry.get("parameters") or {}
        for name, parameter in parameters.items():
            if not isinstance(parameter, dict) or "value" not in parameter or not parameter.get("why"):
                problems.append(f"{rule_id}: parameter {name} needs a value and a why")
        missing = [k for k in ("title_zh", "title_en", "description_zh", "description_en") if not entry.get(k)]
        if missing:
            problems.append(f"{rule_id}: missing {', '.join(missing)}")
        rules.append(Rule(
            id=rule_id, group=str(entry.get("group", "")), severity=severity, weight=weight, chart=entry.get("chart"),
            title_zh=str(entry.get("title_zh", "")).strip(), title_en=str(entry.get("title_en", "")).strip(),
            description_zh=_CJK_GAP.sub("", " ".join(str(entry.get("description_zh", "")).split())),
            description_en=" ".join(str(entry.get("description_en", "")).split()),
            parameters=parameters,
        ))
    ids = [rule.id for rule in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"duplicate rule ids: {', '.join(duplicates)}")
    unimplemented = [i for i in ids if i not in REGISTRY]
    if unimplemented:
        problems.append(f"rules without an implementation: {', '.join(unimplemented)}")
    orphans = [i for i in REGISTRY if i not in ids]
    if orphans:
        problems.append(f"implemented rules missing from the file: {', '.join(orphans)}")
    if not data.get("version"):
        problems.append("a version is required")
    if problems:
        raise RulesFileError(f"{path}: " + "; ".join(problems))
    return RuleSet(
        version=str(data["version"]), rules=tuple(rules), severity_weights=weights, counted_statuses=counted,
        score_formula=str(score.get("formula", "")), score_formula_zh=str(score.get("formula_zh", "")),
        score_why=" ".join(str(score.get("why", "")).split()), severities=data.get("severities") or {}, path=Path(path),
    )


# ----------------------------------------------------------------------------------------------
# inputs

_S, _I, _F, _D = pl.String, pl.Int32, pl.Float64, pl.Date
INPUT_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "reports": {
        "credit_code": _S, "report_year": _I, "enterprise_name": _S, "league_code": _S, "industry": _S, "park": _S,
        "combustion_t_co2": _F, "process_t_co2": _F, "electricity_regional_t_co2": _F, "electricity_ets_t_co2": _F,
        "heat_t_co2": _F, "total_t_co2": _F, "reported_combustion_t_co2": _F, "reported_process_t_co2": _F,
        "reported_electricity_t_co2": _F, "reported_heat_t_co2": _F, "reported_total_t_co2": _F,
        "verified_total_t_co2": _F, "verifier": _S, "verification_conclusion": _S, "energy_consumption_tce": _F,
    },
    "fuel_lines": {
        "credit_code": _S, "report_year": _I, "month": _I, "unit_id": _S, "fuel": _S, "consumption_reported": _F,
        "consumption_unit": _S, "quantity_base": _F, "quantity_base_equivalent": _F, "ncv_reported_gj_per_unit": _F,
        "ncv_reported_gj_per_base_unit": _F, "ncv_source": _S, "default_ncv_gj_per_base_unit": _F,
        "carbon_content_reported_tc_per_gj": _F, "carbon_content_source": _S, "carbon_content_applied_tc_per_gj": _F,
        "oxidation_rate_applied": _F, "lab_report_id": _S, "lab_name": _S, "sample_date": _D, "heat_gj": _F,
    },
    "electricity": {
        "credit_code": _S, "report_year": _I, "month": _I, "purchased_mwh": _F, "green_purchased_mwh": _F,
        "generated_mwh": _F, "supplied_mwh": _F, "sold_mwh": _F, "consumption_mwh": _F,
    },
    "production": {"credit_code": _S, "report_year": _I, "month": _I, "product": _S, "output": _F, "output_unit": _S},
    "heat": {"credit_code": _S, "report_year": _I, "month": _I, "purchased_gj": _F, "sold_gj": _F},
    "efficiency": {
        "credit_code": _S, "report_year": _I, "product": _S, "indicator": _S, "indicator_unit": _S, "route": _S,
        "unit_consumption": _F, "level1": _F, "level2": _F, "level3": _F, "standard": _S, "output": _F,
        "output_unit": _S, "energy_consumption_tce": _F, "electricity_consumption_mwh": _F,
    },
    "league_fuel": {
        "league_code": _S, "report_year": _I, "fuel": _S, "unit": _S, "enterprise_quantity": _F,
        "yearbook_quantity": _F,
    },
}

# Where each input comes from in the warehouse (the screening asset depends on these models).
INPUT_SQL: dict[str, str] = {
    "reports": """
        select e.credit_code, e.year as report_year, e.enterprise_name, e.league_code, e.industry, e.park,
               e.combustion_t_co2, e.process_t_co2, e.electricity_regional_t_co2, e.electricity_ets_t_co2,
               e.heat_t_co2, e.total_t_co2, s.reported_combustion_t_co2, s.reported_process_t_co2,
               s.reported_electricity_t_co2, s.reported_heat_t_co2, e.reported_total_t_co2, e.verified_total_t_co2,
               s.verifier, e.verification_conclusion, e.energy_consumption_tce
        from marts.enterprise_emissions as e
        left join staging.stg_enterprise__reports as s on s.credit_code = e.credit_code and s.year = e.year""",
    "fuel_lines": """
        select credit_code, year as report_year, month, unit_id, fuel, consumption_reported, consumption_unit,
               quantity_base, quantity_base_equivalent, ncv_reported_gj_per_unit, ncv_reported_gj_per_base_unit,
               ncv_source, default_ncv_gj_per_base_unit, carbon_content_reported_tc_per_gj, carbon_content_source,
               carbon_content_applied_tc_per_gj, oxidation_rate_applied, lab_report_id, lab_name, sample_date, heat_gj
        from intermediate.int_enterprise__combustion""",
    "electricity": """
        select credit_code, year as report_year, month, purchased_mwh, green_purchased_mwh, generated_mwh,
               supplied_mwh, sold_mwh, consumption_mwh
        from intermediate.int_enterprise__electricity""",
    "production": """
        select credit_code, year as report_year, month, product, output, output_unit
        from staging.stg_enterprise__production""",
    "heat": "select credit_code, year as report_year, month, purchased_gj, sold_gj from intermediate.int_enterprise__heat",
    "efficiency": """
        select credit_code, year as report_year, product, indicator, indicator_unit, route, unit_consumption,
               level1, level2, level3, standard, output, output_unit, energy_consumption_tce,
               electricity_consumption_mwh
        from marts.efficiency_list""",
    "league_fuel": """
        select league_code, year as report_year, fuel, unit, enterprise_quantity, yearbook_quantity
        from marts.league_fuel_reconciliation""",
}

# The warehouse models read (Dagster asset keys of the dbt models, [schema, model]).
INPUT_MODELS: tuple[tuple[str, str], ...] = (
    ("marts", "enterprise_emissions"),
    ("marts", "efficiency_list"),
    ("marts", "league_fuel_reconciliation"),
    ("staging", "stg_enterprise__reports"),
    ("staging", "stg_enterprise__production"),
    ("intermediate", "int_enterprise__combustion"),
    ("intermediate", "int_enterprise__electricity"),
    ("intermediate", "int_enterprise__heat"),
)


def input_frame(name: str, rows: Iterable[Mapping[str, Any]] | pl.DataFrame | None = None) -> pl.DataFrame:
    """A frame of one input in its schema; columns the rows lack are NULL (for hand-made test frames)."""
    schema = INPUT_SCHEMAS[name]
    if rows is None:
        return pl.DataFrame(schema=schema)
    frame = rows if isinstance(rows, pl.DataFrame) else pl.DataFrame(list(rows), infer_schema_length=None)
    if frame.is_empty() and not frame.columns:
        return pl.DataFrame(schema=schema)
    return frame.with_columns(
        [pl.lit(None, dtype=dtype).alias(column) for column, dtype in schema.items() if column not in frame.columns]
    ).select([pl.col(column).cast(dtype) for column, dtype in schema.items()])


@dataclass
class ScreeningInputs:
    """The frames the rules read (INPUT_SCHEMAS)."""

    reports: pl.DataFrame = field(default_factory=lambda: input_frame("reports"))
    fuel_lines: pl.DataFrame = field(default_factory=lambda: input_frame("fuel_lines"))
    electricity: pl.DataFrame = field(default_factory=lambda: input_frame("electricity"))
    production: pl.DataFrame = field(default_factory=lambda: input_frame("production"))
    heat: pl.DataFrame = field(default_factory=lambda: input_frame("heat"))
    efficiency: pl.DataFrame = field(default_factory=lambda: input_frame("efficiency"))
    league_fuel: pl.DataFrame = field(default_factory=lambda: input_frame("league_fuel"))
    _series: pl.DataFrame | None = field(default=None, repr=False)

    @classmethod
    def of(cls, **frames: Iterable[Mapping[str, Any]] | pl.DataFrame) -> ScreeningInputs:
        """Inputs from hand-made rows or frames (missing inputs empty, missing columns NULL)."""
        unknown = set(frames) - set(INPUT_SCHEMAS)
        if unknown:
            raise TypeError(f"unknown inputs: {', '.join(sorted(unknown))}")
        return cls(**{name: input_frame(name, rows) for name, rows in frames.items()})

    def digit_series(self) -> pl.DataFrame:
        from orchestration.quality.rules.statistics import digit_series

        if self._series is None:
            self._series = digit_series(self.fuel_lines, self.electricity, self.production, self.heat)
        return self._series


def read_inputs(con: duckdb.DuckDBPyConnection) -> ScreeningInputs:
    """Every input from the warehouse (Polars, through DuckDB's Arrow export)."""
    return ScreeningInputs(**{name: input_frame(name, con.sql(sql).pl()) for name, sql in INPUT_SQL.items()})


# ----------------------------------------------------------------------------------------------
# flags, evidence, risk

FLAG_SCHEMA: dict[str, pl.DataType] = {
    "flag_id": _S, "credit_code": _S, "report_year": _I, "rule_id": _S, "severity": _S, "observed": _F,
    "expected_low": _F, "expected_high": _F, "evidence": _S, "observed_unit": _S, "enterprise_name": _S,
    "league_code": _S, "industry": _S, "rule_version": _S, "rule_title_zh": _S, "rule_title_en": _S, "chart": _S,
    "weight": _F, "evidence_hash": _S, "status": _S, "decision": _S, "decision_reason": _S, "decided_by": _S,
    "decided_at": _S,
}
EVIDENCE_SCHEMA: dict[str, pl.DataType] = {
    "flag_id": _S, "row_number": _I, "label": _S, "month": _I, "date": _S, "value": _F, "unit": _S,
    "reference_low": _F, "reference_high": _F, "detail": _S,
}
RISK_SCHEMA: dict[str, pl.DataType] = {
    "credit_code": _S, "report_year": _I, "risk_score": _F, "n_flags": _I, "top_rule_id": _S,
    "enterprise_name": _S, "league_code": _S, "industry": _S, "n_high": _I, "n_medium": _I, "n_low": _I,
    "n_cleared": _I, "rule_version": _S,
}
DECISION_COLUMNS = ("status", "decision", "decision_reason", "decided_by", "decided_at")
EVIDENCE_HASH_COLUMNS = ("label", "month", "date", "value", "unit", "reference_low", "reference_high", "detail")


def hash_evidence(rows: Sequence[Mapping[str, Any]]) -> str:
    """evidence_hash of a flag: dispositions.evidence_hash over its evidence rows as written in
    marts.falsification_evidence (columns EVIDENCE_HASH_COLUMNS; flag_id and row_number left out)."""
    return dispositions.evidence_hash([{column: row.get(column) for column in EVIDENCE_HASH_COLUMNS} for row in rows])


def evaluate(inputs: ScreeningInputs, ruleset: RuleSet, only: Iterable[str] | None = None) -> dict[str, list[Finding]]:
    """Findings per rule id (file order), every rule unless `only`."""
    wanted = set(only) if only is not None else None
    return {rule.id: REGISTRY[rule.id](inputs, rule, ruleset) for rule in ruleset.rules
            if wanted is None or rule.id in wanted}


def flags_and_evidence(findings: Mapping[str, list[Finding]], reports: pl.DataFrame,
                       ruleset: RuleSet) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The flags (without the decision columns) and their evidence rows."""
    names = {(r["credit_code"], int(r["report_year"])): r for r in
             reports.select("credit_code", "report_year", "enterprise_name", "league_code", "industry").iter_rows(named=True)}
    flag_rows, evidence_rows = [], []
    for rule in ruleset.rules:
        for finding in sorted(findings.get(rule.id, []), key=lambda f: (f.credit_code, f.report_year)):
            flag = dispositions.flag_id(finding.credit_code, finding.report_year, rule.id)
            records = [row.as_record() for row in finding.rows]
            report = names.get((finding.credit_code, finding.report_year), {})
            flag_rows.append({
                "flag_id": flag, "credit_code": finding.credit_code, "report_year": finding.report_year,
                "rule_id": rule.id, "severity": rule.severity, "observed": _finite(finding.observed),
                "expected_low": _finite(finding.expected_low), "expected_high": _finite(finding.expected_high),
                "evidence": finding.evidence, "observed_unit": finding.observed_unit,
                "enterprise_name": report.get("enterprise_name"), "league_code": report.get("league_code"),
                "industry": report.get("industry"), "rule_version": ruleset.version, "rule_title_zh": rule.title_zh,
                "rule_title_en": rule.title_en, "chart": rule.chart, "weight": rule.weight,
                "evidence_hash": hash_evidence(records),
            })
            evidence_rows += [{"flag_id": flag, "row_number": number, **record}
                              for number, record in enumerate(records, start=1)]
    flag_schema = {k: v for k, v in FLAG_SCHEMA.items() if k not in DECISION_COLUMNS}
    return (pl.DataFrame(flag_rows, schema=flag_schema) if flag_rows else pl.DataFrame(schema=flag_schema),
            pl.DataFrame(evidence_rows, schema=EVIDENCE_SCHEMA) if evidence_rows else pl.DataFrame(schema=EVIDENCE_SCHEMA))


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(float(value)) else float(value)


def apply_dispositions(flags: pl.DataFrame, decisions: pl.DataFrame) -> pl.DataFrame:
    """The flags with status, decision, decision_reason, decided_by, decided_at
    (dispositions.apply: open, confirmed, cleared, or reopened when the evidence changed)."""
    applied = dispositions.apply(flags.drop([c for c in DECISION_COLUMNS if c in flags.columns]), decisions)
    return applied.select([pl.col(c).cast(t) for c, t in FLAG_SCHEMA.items()])


def risk_score(weights: Iterable[float]) -> float:
    """100 × (1 − Π (1 − w)), rounded half up to 0.1 (0 without flags)."""
    remaining = 1.0
    for weight in weights:
        remaining *= 1.0 - weight
    score = Decimal(repr(100.0 * (1.0 - remaining))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return float(score)


def risk_scores(flags: pl.DataFrame, reports: pl.DataFrame, ruleset: RuleSet) -> pl.DataFrame:
    """One row per report (enterprise × year), flagged or not: the score over the flags whose status
    counts (ruleset.counted_statuses), their number by severity, the top rule and the cleared flags."""
    order = {rule_id: position for position, rule_id in enumerate(ruleset.ids)}
    severity_rank = {severity: rank for rank, severity in enumerate(SEVERITIES)}
    by_report: dict[tuple[str, int], list[dict]] = {}
    for flag in flags.iter_rows(named=True):
        by_report.setdefault((flag["credit_code"], int(flag["report_year"])), []).append(flag)
    rows = []
    for report in reports.sort("credit_code", "report_year").iter_rows(named=True):
        key = (report["credit_code"], int(report["report_year"]))
        report_flags = by_report.get(key, [])
        counted = [f for f in report_flags if f["status"] in ruleset.counted_statuses]
        top = min(counted, key=lambda f: (-f["weight"], severity_rank[f["severity"]], order.get(f["rule_id"], 99)),
                  default=None)
        rows.append({
            "credit_code": key[0], "report_year": key[1], "risk_score": risk_score(f["weight"] for f in counted),
            "n_flags": len(counted), "top_rule_id": top["rule_id"] if top else None,
            "enterprise_name": report["enterprise_name"], "league_code": report["league_code"],
            "industry": report["industry"],
            **{f"n_{severity}": sum(f["severity"] == severity for f in counted) for severity in SEVERITIES},
            "n_cleared": sum(f["status"] == "cleared" for f in report_flags), "rule_version": ruleset.version,
        })
    return pl.DataFrame(rows, schema=RISK_SCHEMA) if rows else pl.DataFrame(schema=RISK_SCHEMA)


@dataclass
class Screening:
    flags: pl.DataFrame
    evidence: pl.DataFrame
    risk: pl.DataFrame
    findings: dict[str, list[Finding]]
    seconds: dict[str, float]


def screen(inputs: ScreeningInputs, ruleset: RuleSet, decisions: pl.DataFrame | None = None) -> Screening:
    """Evaluate every rule, apply the decisions and score the reports."""
    findings, seconds = {}, {}
    for rule in ruleset.rules:
        started = time.perf_counter()
        findings[rule.id] = REGISTRY[rule.id](inputs, rule, ruleset)
        seconds[rule.id] = time.perf_counter() - started
    flags, evidence = flags_and_evidence(findings, inputs.reports, ruleset)
    flags = apply_dispositions(flags, decisions if decisions is not None else pl.DataFrame(schema=dispositions.SCHEMA))
    return Screening(flags, evidence, risk_scores(flags, inputs.reports, ruleset), findings, seconds)


# ----------------------------------------------------------------------------------------------
# the warehouse tables (their comments travel to the published file)

TABLE_COMMENTS = {
    FLAGS_TABLE: "数据造假筛查疑点 Falsification flags: one row per enterprise × report year × rule that fired, with the "
    "observed figure, its expected range, a bilingual evidence sentence and the inspectors' decision "
    "(rules: orchestration/quality/falsification_rules.yml, rule_version).",
    EVIDENCE_TABLE: "疑点证据 Evidence rows behind each falsification flag (lab records, regression points, peers, "
    "digit counts …); evidence_hash of a flag is computed over them.",
    RISK_TABLE: "企业造假风险分 Risk score per enterprise × report year (every report, 0 without flags): "
    "100 × (1 − Π(1 − weight)) over the flags that are open, reopened or confirmed; cleared flags do not count.",
}
COLUMN_COMMENTS: dict[str, dict[str, str]] = {
    FLAGS_TABLE: {
        "flag_id": "Stable id of the flag: enterprise, year and rule (dispositions.flag_id).",
        "credit_code": "Unified social credit code of the enterprise.",
        "report_year": "Report year.",
        "rule_id": "Rule that fired (falsification_rules.yml).",
        "severity": "high (cannot be right) | medium (needs an explanation) | low (worth a look).",
        "observed": "The figure the rule judged (unit in observed_unit).",
        "expected_low": "Lowest value that would not have fired the rule (NULL: no lower bound).",
        "expected_high": "Highest value that would not have fired the rule (NULL: no upper bound).",
        "evidence": "One-line evidence, Chinese then English.",
        "observed_unit": "Unit of observed, expected_low and expected_high.",
        "enterprise_name": "Enterprise name as reported.",
        "league_code": "League/city of the enterprise.",
        "industry": "Industry of the enterprise.",
        "rule_version": "Version of the rules file that produced the flag.",
        "rule_title_zh": "Rule title (Chinese).",
        "rule_title_en": "Rule title (English).",
        "chart": "Chart of the evidence: lab_timeline | carbon_vs_ncv | monthly_series | peer_distribution | digits | none.",
        "weight": "Weight of the flag in the risk score (the rule's, by severity).",
        "evidence_hash": "Digest of the evidence rows: a cleared flag returns (reopened) only when it changes.",
        "status": "open | confirmed | cleared | reopened (the evidence changed after the latest decision).",
        "decision": "Latest inspector decision: confirmed | cleared (NULL: none).",
        "decision_reason": "Reason given with the latest decision.",
        "decided_by": "Inspector of the latest decision.",
        "decided_at": "When the latest decision was recorded (ISO timestamp, UTC).",
    },
    EVIDENCE_TABLE: {
        "flag_id": "Flag the row belongs to (falsification_flags.flag_id).",
        "row_number": "Position of the row within the flag's evidence (1, 2 …).",
        "label": "What the row is (unit and fuel, component, peer, digit …).",
        "month": "Month the row is about (NULL: annual).",
        "date": "Date of the row, ISO (a sample date; NULL when none).",
        "value": "The figure (unit in unit).",
        "unit": "Unit of value, reference_low and reference_high.",
        "reference_low": "Lower end of what the value should lie within (NULL: none).",
        "reference_high": "Upper end of what the value should lie within (NULL: none).",
        "detail": "JSON object with anything else (lab report id, lab, fitted value, is_subject …).",
    },
    RISK_TABLE: {
        "credit_code": "Unified social credit code of the enterprise.",
        "report_year": "Report year.",
        "risk_score": "0-100: 100 × (1 − Π(1 − weight)) over the counted flags (open, reopened, confirmed).",
        "n_flags": "Flags that count in the score (cleared ones excluded).",
        "top_rule_id": "Counted flag of the largest weight (ties: severity, then rule order); NULL without flags.",
        "enterprise_name": "Enterprise name as reported.",
        "league_code": "League/city of the enterprise.",
        "industry": "Industry of the enterprise.",
        "n_high": "Counted flags of severity high.",
        "n_medium": "Counted flags of severity medium.",
        "n_low": "Counted flags of severity low.",
        "n_cleared": "Flags the inspectors cleared (not counted).",
        "rule_version": "Version of the rules file.",
    },
}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_tables(con: duckdb.DuckDBPyConnection, screening: Screening) -> dict[str, int]:
    """Replace marts.falsification_flags, falsification_evidence and enterprise_risk (one
    transaction) with their table and column comments. Returns rows per table."""
    frames = {FLAGS_TABLE: (screening.flags, FLAG_SCHEMA), EVIDENCE_TABLE: (screening.evidence, EVIDENCE_SCHEMA),
              RISK_TABLE: (screening.risk, RISK_SCHEMA)}
    con.execute(f"create schema if not exists {SCHEMA}")
    con.execute("begin transaction")
    try:
        for table, (frame, schema) in frames.items():
            arrow = frame.select([pl.col(c).cast(t) for c, t in schema.items()]).to_arrow()
            con.register("_screening_frame", arrow)
            con.execute(f"create or replace table {SCHEMA}.{table} as select * from _screening_frame")
            con.unregister("_screening_frame")
            con.execute(f"comment on table {SCHEMA}.{table} is {_quote(TABLE_COMMENTS[table])}")
            for column, text in COLUMN_COMMENTS[table].items():
                con.execute(f"comment on column {SCHEMA}.{table}.{column} is {_quote(text)}")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return {table: frame.height for table, (frame, _) in frames.items()}


# ----------------------------------------------------------------------------------------------
# the readable catalogue (docs/falsification_rules.md)


def _value_text(value: Any) -> str:
    if isinstance(value, Mapping):
        return "<br>".join(f"{k}: {_value_text(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "–".join(str(v) for v in value) if len(value) == 2 and all(isinstance(v, (int, float)) for v in value) \
            else ", ".join(str(v) for v in value)
    return str(value)


def render_catalogue(ruleset: RuleSet) -> str:
    """Markdown catalogue of the rules file (generated; edit the YAML, not the catalogue)."""
    lines = [
        "# 数据造假筛查规则目录 Falsification screening rules",
        "",
        ("<!-- generated from orchestration/quality/falsification_rules.yml by `python -m "
         "orchestration.quality.falsification --catalogue docs/falsification_rules.md`; edit the YAML -->"),
        "",
        (f"Rule set version **{ruleset.version}** ({len(ruleset.rules)} rules). Every threshold below lives in the "
         "YAML file, none in code; the version is written into every flag (`rule_version`)."),
        "",
        "## 风险分 Risk score",
        "",
        f"- {ruleset.score_formula_zh}",
        f"- {ruleset.score_formula}",
        "- Weights by severity: " + ", ".join(f"{s} {w:g}" for s, w in ruleset.severity_weights.items())
        + f"; counted statuses: {', '.join(ruleset.counted_statuses)}.",
        f"- Why: {ruleset.score_why}",
        "",
        "Severities: " + "; ".join(f"**{s}** {v.get('zh', '')} / {v.get('en', '')}" for s, v in ruleset.severities.items())
        + ".",
        "",
        "## 规则一览 Rules",
        "",
        "| id | severity | weight | chart | 规则 | rule |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| [{r.id}](#{r.id.lower()}) | {r.severity} | {r.weight:g} | {r.chart} | {r.title_zh} | {r.title_en} |"
              for r in ruleset.rules]
    for rule in ruleset.rules:
        lines += ["", f"### {rule.id}", "", f"**{rule.title_zh}** — {rule.title_en}  ",
                  f"group {rule.group} · severity **{rule.severity}** · weight {rule.weight:g} · chart `{rule.chart}`", "",
                  rule.description_zh, "", rule.description_en, ""]
        if rule.parameters:
            lines += ["| parameter | value | unit | why |", "|---|---|---|---|"]
            for name, parameter in rule.parameters.items():
                why = " ".join(str(parameter.get("why", "")).split())
                lines.append(f"| `{name}` | {_value_text(parameter['value'])} | {parameter.get('unit', '')} | {why} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.quality.falsification", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--catalogue", type=Path, help="write the markdown rule catalogue to this file")
    args = parser.parse_args(argv)
    ruleset = load_rules()
    if args.catalogue:
        args.catalogue.write_text(render_catalogue(ruleset), encoding="utf-8")
        print(f"{args.catalogue}: {len(ruleset.rules)} rules, version {ruleset.version}")
    else:
        print(render_catalogue(ruleset))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
