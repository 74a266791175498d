"""Load every enterprise report of a landing directory into the raw schema.

Steps: find `enterprise_reports/<YYYY>/*.json`; parse each file (structure and types,
`enterprise_reports.py`); validate the values of all reports at once with the Pandera contracts
(`enterprise_schemas.py`); check that every monthly series has the months 1-12 without gaps or
duplicates; reject every report with a problem as a whole (each problem is a quarantine row with
the file and the JSON path); replace the source's raw tables, quarantine and ingest log in one
transaction (`warehouse.replace_source`), so re-running never duplicates anything.

The source is optional: without an `enterprise_reports/` directory the raw tables are created
empty and the run goes on.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandera.polars as pa
import polars as pl

from orchestration.ingest import enterprise_schemas as schemas
from orchestration.ingest.enterprise_reports import (
    FOLDER,
    HEADER_PATHS,
    YEAR_DIR,
    ReportExtract,
    parse_report,
)
from orchestration.ingest.quarantine import Rejection, rejection_record
from orchestration.ingest.warehouse import ensure_raw_tables, replace_source

SOURCE = "enterprise_reports"

_KEYS = "source_file varchar, json_path varchar, credit_code varchar, report_year integer"
ENTERPRISE_DDL = {
    "enterprise_reports": f"""
create table if not exists raw.enterprise_reports (
    {_KEYS}, file_sha256 varchar, schema_version varchar, enterprise_name varchar,
    league_code varchar, industry varchar, park varchar, energy_consumption_tce double,
    reported_combustion_t_co2 double, reported_process_t_co2 double,
    reported_purchased_electricity_t_co2 double, reported_purchased_heat_t_co2 double,
    reported_total_t_co2 double, verifier varchar, verified_total_t_co2 double,
    verification_conclusion varchar)""",
    "enterprise_fuel_combustion": f"""
create table if not exists raw.enterprise_fuel_combustion (
    {_KEYS}, line_index integer, month integer, unit_id varchar, fuel varchar, consumption double,
    unit varchar, ncv_gj_per_unit double, ncv_source varchar, carbon_content_tc_per_gj double,
    carbon_content_source varchar, oxidation_rate double, lab_report_id varchar, lab_name varchar,
    sample_date date)""",
    "enterprise_process": f"""
create table if not exists raw.enterprise_process (
    {_KEYS}, line_index integer, month integer, product varchar, output_t double)""",
    "enterprise_electricity": f"""
create table if not exists raw.enterprise_electricity (
    {_KEYS}, line_index integer, month integer, purchased_mwh double, green_purchased_mwh double,
    generated_mwh double, supplied_mwh double, sold_mwh double)""",
    "enterprise_heat": f"""
create table if not exists raw.enterprise_heat (
    {_KEYS}, line_index integer, month integer, purchased_gj double, sold_gj double)""",
    "enterprise_production": f"""
create table if not exists raw.enterprise_production (
    {_KEYS}, line_index integer, month integer, product varchar, output double, unit varchar)""",
}

_F, _S, _I = pl.Float64, pl.String, pl.Int64
# raw table -> (report section or None for the header, Pandera model, frame schema)
TABLES: dict[str, tuple[str | None, type[pa.DataFrameModel], dict[str, pl.DataType]]] = {
    "enterprise_reports": (None, schemas.EnterpriseReportHeader, {
        **schemas.KEY_COLUMNS, "file_sha256": _S, "schema_version": _S, "enterprise_name": _S,
        "league_code": _S, "industry": _S, "park": _S, "energy_consumption_tce": _F,
        "reported_combustion_t_co2": _F, "reported_process_t_co2": _F,
        "reported_purchased_electricity_t_co2": _F, "reported_purchased_heat_t_co2": _F,
        "reported_total_t_co2": _F, "verifier": _S, "verified_total_t_co2": _F, "verification_conclusion": _S,
    }),
    "enterprise_fuel_combustion": ("fuel_combustion", schemas.EnterpriseFuelCombustion, {
        **schemas.KEY_COLUMNS, "line_index": _I, "month": _I, "unit_id": _S, "fuel": _S, "consumption": _F,
        "unit": _S, "ncv_gj_per_unit": _F, "ncv_source": _S, "carbon_content_tc_per_gj": _F,
        "carbon_content_source": _S, "oxidation_rate": _F, "lab_report_id": _S, "lab_name": _S,
        "sample_date": pl.Date,
    }),
    "enterprise_process": ("process", schemas.EnterpriseProcess, {
        **schemas.KEY_COLUMNS, "line_index": _I, "month": _I, "product": _S, "output_t": _F,
    }),
    "enterprise_electricity": ("electricity", schemas.EnterpriseElectricity, {
        **schemas.KEY_COLUMNS, "line_index": _I, "month": _I, "purchased_mwh": _F,
        "green_purchased_mwh": _F, "generated_mwh": _F, "supplied_mwh": _F, "sold_mwh": _F,
    }),
    "enterprise_heat": ("heat", schemas.EnterpriseHeat, {
        **schemas.KEY_COLUMNS, "line_index": _I, "month": _I, "purchased_gj": _F, "sold_gj": _F,
    }),
    "enterprise_production": ("production", schemas.EnterpriseProduction, {
        **schemas.KEY_COLUMNS, "line_index": _I, "month": _I, "product": _S, "output": _F, "unit": _S,
    }),
}
# Monthly series that must hold the months 1-12 once each: section -> columns naming a series.
SERIES = {
    "enterprise_fuel_combustion": ("unit_id", "fuel"),
    "enterprise_process": ("product",),
    "enterprise_electricity": (),
    "enterprise_heat": (),
    "enterprise_production": ("product",),
}
MONTHS = set(range(1, 13))


@dataclass
class EnterpriseIngestResult:
    files: list[str]
    years: list[int]
    reports_loaded: int
    reports_rejected: int
    rows_loaded: dict[str, int]
    rejections: list[Rejection] = field(default_factory=list)
    directory_found: bool = True

    @property
    def rejected_files(self) -> list[str]:
        return sorted({r.source_file for r in self.rejections})


def report_files(data_dir: Path) -> list[tuple[Path, int | None]]:
    """Every file under enterprise_reports/ with the year of its folder (None: not in a year folder)."""
    folder = data_dir / FOLDER
    if not folder.is_dir():
        return []
    found: list[tuple[Path, int | None]] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith((".", "~$")):
            continue
        if entry.is_file():
            found.append((entry, None))
            continue
        year = int(entry.name) if YEAR_DIR.match(entry.name) else None
        for path in sorted(entry.rglob("*")):
            if path.is_file() and not any(part.startswith((".", "~$")) for part in path.relative_to(entry).parts):
                found.append((path, year if path.parent == entry else None))
    return found


def _frame(table: str, extracts: list[ReportExtract]) -> pl.DataFrame:
    section, _, schema = TABLES[table]
    if section is None:
        rows = [e.header for e in extracts if e.header is not None]
    else:
        rows = [row for e in extracts for row in e.sections.get(section, [])]
    return pl.from_dicts(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    if isinstance(value, float):
        return f"{value:,.6g}"
    return str(value)


def _failure_reason(column: str, check: str, row: dict[str, Any]) -> tuple[str, str]:
    """(reason code, message) of one failed Pandera check on `column` ('*': a row-level check)."""
    name = check.split("(")[0]
    message = schemas.MESSAGES.get((column, name)) or schemas.MESSAGES.get(("*", name))
    value = row.get(column)
    if message is not None:
        code, template = message
        context = {k: _fmt(v) for k, v in row.items()}
        context["value"] = repr(value)
        if name == "park_in_league":
            context["park_league"] = schemas.REF.parks.get(row.get("park"), "?")
        if name == "unit_matches_fuel":
            base = schemas.REF.fuels.get(row["fuel"], "?")
            context["fuel_base"] = base
            context["allowed"] = " | ".join(u for u, (b, _) in schemas.REF.line_units.items() if b == base) + " | GJ"
        if name == "unit_matches_product":
            context["expected_unit"] = schemas.REF.products.get(row["product"], "?")
        return code, template.format(**context)
    if column == "month":
        return "bad_month", f"month {value!r} is outside 1-12"
    if column == "oxidation_rate":
        return "bad_oxidation_rate", f"oxidation_rate {value!r} must be in (0, 1]"
    if column == "report_year":
        return "bad_report_year", f"report_year {value!r} is outside 2000-2100"
    if name == "greater_than_or_equal_to":
        return schemas.NEGATIVE[0], schemas.NEGATIVE[1].format(column=column, value=_fmt(value))
    if name == "greater_than":
        return schemas.NOT_POSITIVE[0], schemas.NOT_POSITIVE[1].format(column=column, value=_fmt(value))
    if name == "not_nullable":
        return "missing_value", f"{column} must not be null"
    return "invalid_value", f"{column} = {value!r} fails the check {check}"


def _validate(table: str, frame: pl.DataFrame) -> list[Rejection]:
    """Pandera contract of one table over all reports; failures mapped to file and JSON path."""
    _, model, _ = TABLES[table]
    if frame.height == 0:
        return []
    try:
        model.validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    rejections = []
    for case in cases.iter_rows(named=True):
        index = case["index"]
        if index is None:  # a schema-level failure (a bug in ingestion, not bad input)
            raise RuntimeError(f"enterprise report contract {table}: {case}") from None
        row = frame.row(int(index), named=True)
        column = case["column"] if case["schema_context"] == "Column" else "*"
        code, reason = _failure_reason(column, str(case["check"]), row)
        if table == "enterprise_reports":
            path = HEADER_PATHS.get(column, "$")
        else:
            path = row["json_path"] + (f".{column}" if column != "*" else "")
        content = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()
                   if k not in ("source_file", "json_path")}
        rejections.append(Rejection(
            source_file=row["source_file"], sheet=path, row_number=None,
            column_name=None if column == "*" else column,
            value=None if column == "*" else _fmt(row.get(column)),
            reason_code=code, reason=reason, row_content=json.dumps(content, ensure_ascii=False, default=str),
        ))
    return rejections


def _series_problems(table: str, frame: pl.DataFrame) -> list[Rejection]:
    """Months 1-12 once each per series (fuel: unit × fuel; process and production: product)."""
    if frame.height == 0:
        return []
    section = TABLES[table][0]
    keys = SERIES[table]
    grouped = (
        frame.group_by(["source_file", *keys], maintain_order=True)
        .agg(pl.col("month"), pl.col("json_path"))
    )
    rejections = []
    for row in grouped.iter_rows(named=True):
        months: list[int] = row["month"]
        counts: dict[int, list[str]] = defaultdict(list)
        for month, path in zip(months, row["json_path"]):
            counts[month].append(path)
        missing = sorted(MONTHS - set(months))
        duplicated = {m: paths for m, paths in sorted(counts.items()) if len(paths) > 1 and m in MONTHS}
        if not missing and not duplicated:
            continue
        series = " / ".join(str(row[k]) for k in keys) or section
        parts = []
        if missing:
            parts.append("missing month(s) " + ", ".join(map(str, missing)))
        for month, paths in duplicated.items():
            parts.append(f"month {month} appears {len(paths)} times ({', '.join(paths)})")
        code = "duplicate_month" if duplicated and not missing else "missing_month"
        first_path = next(iter(duplicated.values()))[1] if duplicated else f"$.{section}"
        rejections.append(Rejection(
            source_file=row["source_file"], sheet=first_path, row_number=None, column_name="month",
            value=None, reason_code=code,
            reason=f"{section} series {series} must have the months 1-12 once each: " + "; ".join(parts),
            row_content=json.dumps({k: row[k] for k in keys} | {"months": months}, ensure_ascii=False),
        ))
    return rejections


def ingest_enterprise_reports(data_dir: Path, con: duckdb.DuckDBPyConnection) -> EnterpriseIngestResult:
    """Parse, validate and load every report of the landing directory (see the module docstring)."""
    found = report_files(data_dir)
    extracts = [parse_report(path, year) for path, year in found]
    frames = {table: _frame(table, extracts) for table in TABLES}

    problems: list[Rejection] = [r for e in extracts for r in e.rejections]
    for table, frame in frames.items():
        problems += _validate(table, frame)
        if table in SERIES:
            problems += _series_problems(table, frame)
    by_file: dict[str, list[Rejection]] = defaultdict(list)
    for rejection in problems:
        by_file[rejection.source_file].append(rejection)
    rejected = set(by_file)

    tables = {
        table: frame.filter(~pl.col("source_file").is_in(list(rejected))) if rejected else frame
        for table, frame in frames.items()
    }
    log_rows = [
        {
            "source_file": e.source_file, "file_sha256": e.file_sha256, "data_year": e.report_year,
            "status": "rejected" if e.source_file in rejected else "loaded",
            "rows_loaded": 0 if e.source_file in rejected else e.rows,
            "rows_quarantined": len(by_file.get(e.source_file, [])),
        }
        for e in extracts
    ]
    ordered = [r for e in extracts for r in by_file.get(e.source_file, [])]
    ensure_raw_tables(con, ENTERPRISE_DDL)
    replace_source(con, SOURCE, tables, [rejection_record(r, True) for r in ordered], log_rows)
    loaded = [e for e in extracts if e.source_file not in rejected]
    return EnterpriseIngestResult(
        files=[e.source_file for e in extracts],
        years=sorted({e.report_year for e in loaded if e.report_year is not None}),
        reports_loaded=len(loaded),
        reports_rejected=len(extracts) - len(loaded),
        rows_loaded={table: frame.height for table, frame in tables.items()},
        rejections=ordered,
        directory_found=(data_dir / FOLDER).is_dir(),
    )
