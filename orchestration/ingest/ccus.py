"""Parse the CCUS project files `ccus/<YYYY>.csv` and the reduction measures `measures/<YYYY>.csv`.

CCUS (CONTRACTS `ccus`): `project_id, project_name, league_code, credit_code, year, captured_t,
stored_t, utilized_t, utilization_type, capture_electricity_mwh, capture_heat_gj, leakage_t`.

- every amount is required (a reduction cannot be accounted without its capture energy or
  leakage: write 0 when there is none) and must be a number ≥ 0;
- `utilization_type` is one of `ref_ccus_utilization` (驱油 | 化工利用 | 食品 | 其他); it is
  required when `utilized_t` > 0 and may be blank otherwise;
- mass balance: stored_t ≤ captured_t and utilized_t ≤ captured_t; leakage_t ≤ stored_t +
  utilized_t; except for 驱油 (where stored_t is the part of the injected utilized_t that stays in
  the reservoir) stored_t + utilized_t ≤ captured_t (0.1 % tolerance for rounding);
- `credit_code`, when given, is a valid GB 32100 unified social credit code;
- `year` equals the file's year; a `project_id` appears once per file.

Measures (CONTRACTS `measures`): `measure_id, league_code, year, kind, reduction_t_co2,
energy_saving_tce, verified` with `kind` from `ref_measure_kinds`, `reduction_t_co2` required
≥ 0, `energy_saving_tce` optional ≥ 0 and `verified` true | false.

Bad rows are quarantined (one record per problem, with the whole row); a file that cannot be
read is rejected as a whole. Nothing here raises for bad content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from orchestration.ingest.credit_code import credit_code_error
from orchestration.ingest.csvfile import (
    CsvExtract,
    CsvFileError,
    CsvRow,
    RowCheck,
    accept_rows,
    file_sha256,
    problem_rejections,
    read_csv,
)
from orchestration.ingest.forestry import league_of
from orchestration.ingest.quarantine import Rejection
from orchestration.ingest.reference import Reference, load_reference
from orchestration.settings import SEEDS_DIR

FILE_NAME = re.compile(r"^(?P<year>\d{4})\.csv$")
EOR = "驱油"
MASS_BALANCE_TOLERANCE = 0.001

CCUS_COLUMNS = (
    "project_id", "project_name", "league_code", "credit_code", "year", "captured_t", "stored_t",
    "utilized_t", "utilization_type", "capture_electricity_mwh", "capture_heat_gj", "leakage_t",
)
CCUS_AMOUNTS = ("captured_t", "stored_t", "utilized_t", "capture_electricity_mwh", "capture_heat_gj", "leakage_t")
CCUS_SCHEMA = {
    "year": pl.Int32, "project_id": pl.String, "project_name": pl.String, "league_code": pl.String,
    "credit_code": pl.String, **{column: pl.Float64 for column in CCUS_AMOUNTS[:3]},
    "utilization_type": pl.String, **{column: pl.Float64 for column in CCUS_AMOUNTS[3:]},
    "source_file": pl.String, "source_row": pl.Int32,
}
MEASURE_COLUMNS = ("measure_id", "league_code", "year", "kind", "reduction_t_co2", "energy_saving_tce", "verified")
MEASURE_SCHEMA = {
    "year": pl.Int32, "measure_id": pl.String, "league_code": pl.String, "kind": pl.String,
    "reduction_t_co2": pl.Float64, "energy_saving_tce": pl.Float64, "verified": pl.Boolean,
    "source_file": pl.String, "source_row": pl.Int32,
}
BOOLEANS = {"true": True, "false": False}


@dataclass(frozen=True)
class ReductionReference:
    utilization_types: tuple[str, ...]
    measure_kinds: tuple[str, ...]


@cache
def load_reduction_reference(seeds_dir: Path = SEEDS_DIR) -> ReductionReference:
    """Utilisation types and measure kinds from the dbt seeds (the single source of truth)."""
    utilization = pl.read_csv(seeds_dir / "ref_ccus_utilization.csv", infer_schema_length=0)
    kinds = pl.read_csv(seeds_dir / "ref_measure_kinds.csv", infer_schema_length=0)
    return ReductionReference(
        utilization_types=tuple(utilization["utilization_type"].unique(maintain_order=True)),
        measure_kinds=tuple(kinds["kind"].unique(maintain_order=True)),
    )


def file_year(path: Path) -> int | None:
    match = FILE_NAME.match(path.name)
    return int(match.group("year")) if match else None


def _read(path: Path, columns: tuple[str, ...], folder: str) -> tuple[CsvExtract, list[CsvRow]]:
    year = file_year(path)
    extract = CsvExtract(str(path), year, file_sha256(path))
    if year is None:
        extract.fatal.append(Rejection(str(path), None, None, None, path.name, "bad_file_name",
                                       f"file name must be {folder}/<YYYY>.csv (the data year), got {path.name!r}"))
        return extract, []
    try:
        rows, problems = read_csv(path, columns, columns)
    except CsvFileError as exc:
        extract.fatal.append(Rejection(str(path), None, None, None, None, exc.reason_code, exc.message))
        return extract, []
    extract.rejections += problem_rejections(str(path), problems)
    return extract, rows


def _common(check: RowCheck, year: int, reference: Reference) -> tuple[str | None, str | None]:
    """The league (code) and year rules shared by both files."""
    league_text = check.text("league_code")
    league_code = league_of(league_text, reference)
    if league_text is not None and league_code is None:
        check.reject("league_code", "unknown_league",
                     f"unknown league_code {league_text!r}; expected the GB/T 2260 code of one of the 12 leagues "
                     f"({', '.join(reference.league_codes)})")
    row_year = check.number("year")
    if row_year is not None and row_year != year:
        check.reject("year", "year_mismatch", f"year {check.row.cells['year']!r} differs from the file's year {year}")
    return league_code, league_text


def parse_ccus(path: Path, reference: Reference | None = None,
               reductions: ReductionReference | None = None) -> CsvExtract:
    """Parse one ccus/<YYYY>.csv. Never raises for bad content."""
    reference = reference or load_reference()
    reductions = reductions or load_reduction_reference()
    extract, rows = _read(path, CCUS_COLUMNS, "ccus")
    if not extract.ok:
        return extract
    return accept_rows(extract, rows, lambda check: _validate_ccus(check, extract.data_year, reference, reductions),
                       "project_id", "project", "the file", CCUS_SCHEMA)


def _validate_ccus(check: RowCheck, year: int, reference: Reference, reductions: ReductionReference) -> dict:
    cells = check.row.cells
    project_id = check.text("project_id")
    league_code, _ = _common(check, year, reference)
    credit_code = check.text("credit_code", required=False)
    if credit_code is not None and (problem := credit_code_error(credit_code)) is not None:
        check.reject("credit_code", "invalid_credit_code", problem)
    amounts = {
        column: check.number(column, missing_hint=": a CCUS reduction cannot be accounted without it "
                             "(write 0 when there is none)")
        for column in CCUS_AMOUNTS
    }
    utilization_type = check.text("utilization_type", required=False)
    utilized = amounts["utilized_t"]
    if utilization_type is not None and utilization_type not in reductions.utilization_types:
        check.reject("utilization_type", "unknown_utilization_type",
                     f"unknown utilization_type {utilization_type!r}; expected one of "
                     f"{', '.join(reductions.utilization_types)}")
    elif utilization_type is None and utilized:
        check.reject("utilization_type", "missing_value",
                     f"utilized_t is {cells['utilized_t']} but utilization_type is blank: say how the CO2 is used "
                     f"({', '.join(reductions.utilization_types)})")
    _mass_balance(check, amounts, utilization_type)
    return {
        "year": year, "project_id": project_id, "project_name": check.text("project_name", required=False),
        "league_code": league_code, "credit_code": credit_code, **{c: amounts[c] for c in CCUS_AMOUNTS[:3]},
        "utilization_type": utilization_type, **{c: amounts[c] for c in CCUS_AMOUNTS[3:]},
        "source_file": check.source_file, "source_row": check.row.line_number,
    }


def _mass_balance(check: RowCheck, amounts: dict[str, float | None], utilization_type: str | None) -> None:
    captured, stored, utilized, leakage = (amounts[c] for c in ("captured_t", "stored_t", "utilized_t", "leakage_t"))
    if None in (captured, stored, utilized, leakage):
        return
    limit = captured * (1 + MASS_BALANCE_TOLERANCE)
    for column, value in (("stored_t", stored), ("utilized_t", utilized)):
        if value > limit:
            check.reject(column, "mass_balance", f"{column} {value:,.0f} t exceeds captured_t {captured:,.0f} t")
    if utilization_type != EOR and stored + utilized > limit:
        check.reject("stored_t", "mass_balance",
                     f"stored_t {stored:,.0f} + utilized_t {utilized:,.0f} exceeds captured_t {captured:,.0f} t "
                     "(only for 驱油 may stored_t be the retained part of utilized_t)")
    if leakage > stored + utilized:
        check.reject("leakage_t", "mass_balance",
                     f"leakage_t {leakage:,.0f} t exceeds what was stored and utilised ({stored + utilized:,.0f} t)")


def parse_measures(path: Path, reference: Reference | None = None,
                   reductions: ReductionReference | None = None) -> CsvExtract:
    """Parse one measures/<YYYY>.csv. Never raises for bad content."""
    reference = reference or load_reference()
    reductions = reductions or load_reduction_reference()
    extract, rows = _read(path, MEASURE_COLUMNS, "measures")
    if not extract.ok:
        return extract
    return accept_rows(extract, rows, lambda check: _validate_measure(check, extract.data_year, reference, reductions),
                       "measure_id", "measure", "the file", MEASURE_SCHEMA)


def _validate_measure(check: RowCheck, year: int, reference: Reference, reductions: ReductionReference) -> dict:
    measure_id = check.text("measure_id")
    league_code, _ = _common(check, year, reference)
    kind = check.text("kind")
    if kind is not None and kind not in reductions.measure_kinds:
        check.reject("kind", "unknown_kind",
                     f"unknown kind {kind!r}; expected one of {', '.join(reductions.measure_kinds)}")
    reduction = check.number("reduction_t_co2")
    saving = check.number("energy_saving_tce", required=False)
    verified_text = check.text("verified")
    verified = BOOLEANS.get((verified_text or "").lower())
    if verified_text is not None and verified is None:
        check.reject("verified", "invalid_boolean", f"verified must be true or false, got {verified_text!r}")
    return {
        "year": year, "measure_id": measure_id, "league_code": league_code, "kind": kind,
        "reduction_t_co2": reduction, "energy_saving_tce": saving, "verified": verified,
        "source_file": check.source_file, "source_row": check.row.line_number,
    }
