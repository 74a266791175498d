"""Yearbook expectations (issue: foundation, item 8), as pure functions over the warehouse.

Each returns a CheckOutcome; the Dagster asset checks in assets/checks.py wrap them. They read
the raw tables and the quarantine, so they also see what ingestion rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from orchestration.ingest.reference import load_reference

POWER_BALANCE_TOLERANCE = 0.01  # 发电量 + 调入 − 调出 − 厂用电及线损 = 全社会用电量 within 1 %
MAX_LISTED = 25


@dataclass
class CheckOutcome:
    passed: bool
    severity: str  # "ERROR" | "WARN"
    description: str
    findings: list[str] = field(default_factory=list)
    count: int = 0


def _warn_unless_empty(findings: list[str], passed_text: str, failed_text: str) -> CheckOutcome:
    """A WARN outcome that passes when there are no findings (listing at most MAX_LISTED)."""
    return CheckOutcome(
        passed=not findings,
        severity="WARN",
        description=passed_text if not findings else failed_text,
        findings=findings[:MAX_LISTED],
        count=len(findings),
    )


def _quarantined(con: duckdb.DuckDBPyConnection, sheet: str, reason_code: str) -> list[str]:
    rows = con.execute(
        """select source_file, row_number, column_name, reason from raw.quarantine
           where source = 'yearbook' and sheet = ? and reason_code = ?
           order by source_file, row_number, column_name""",
        [sheet, reason_code],
    ).fetchall()
    return [f"{file}, row {row}, {column}: {reason}" for file, row, column, reason in rows]


def region_total_matches_leagues(con: duckdb.DuckDBPyConnection, sheet: str) -> CheckOutcome:
    """全区 = Σ 12 leagues within 0.5 % (mismatching 全区 cells were quarantined at ingestion)."""
    findings = _quarantined(con, sheet, "region_total_mismatch")
    return _warn_unless_empty(
        findings,
        f"{sheet}: 全区 equals the sum of the leagues within 0.5 % 全区与各盟市合计一致",
        f"{sheet}: {len(findings)} 全区 values differ from the sum of the leagues by more than 0.5 %",
    )


def no_negative_amounts(con: duckdb.DuckDBPyConnection, table: str, sheet: str, value_columns: list[str]) -> CheckOutcome:
    """No negative amount reaches raw (ERROR); negatives the data owner sent were quarantined (WARN)."""
    condition = " or ".join(f"{column} < 0" for column in value_columns)
    in_raw = con.execute(f"select count(*) from raw.{table} where {condition}").fetchone()[0]
    if in_raw:
        return CheckOutcome(False, "ERROR", f"raw.{table}: {in_raw} negative amounts reached the warehouse", count=in_raw)
    findings = _quarantined(con, sheet, "negative_value")
    return _warn_unless_empty(
        findings,
        f"{sheet}: no negative amounts 无负值",
        f"{sheet}: {len(findings)} negative amounts were sent and quarantined",
    )


def every_league_present_every_year(con: duckdb.DuckDBPyConnection, table: str) -> CheckOutcome:
    """Each of the 12 leagues has a row in every loaded data year."""
    reference = load_reference()
    years = [
        row[0]
        for row in con.execute(
            "select distinct data_year from raw.ingest_log where source = 'yearbook' and status = 'loaded' order by 1"
        ).fetchall()
    ]
    present = set(con.execute(f"select distinct data_year, league_code from raw.{table}").fetchall())
    missing = [
        f"{year}: {code} {reference.league_label(code)}"
        for year in years
        for code in reference.league_codes
        if (year, code) not in present
    ]
    return _warn_unless_empty(
        missing,
        f"raw.{table}: all 12 leagues present in {len(years)} years 各盟市齐全",
        f"raw.{table}: {len(missing)} league-years missing",
    )


def power_balance_identity(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """发电量 + 调入电量 − 调出电量 − 厂用电及线损 = 全社会用电量 within 1 % for every league."""
    rows = con.execute(
        """
        select data_year, league_code, consumption_mwh,
               generation_mwh + coalesce(imported_mwh, 0) - coalesce(exported_mwh, 0)
                 - coalesce(plant_use_and_losses_mwh, 0) as implied_mwh,
               source_file, source_row
        from raw.yearbook_electricity
        where generation_mwh is not null and consumption_mwh is not null and league_code <> ?
        order by data_year, league_code
        """,
        [load_reference().region_code],  # the 全区 row only repeats a league's imbalance
    ).fetchall()
    reference = load_reference()
    findings = [
        f"{file}, row {row}: {year} {code} {reference.league_label(code)}: 全社会用电量 {consumption / 1e5:,.2f} 亿kWh "
        f"vs 发电量+调入−调出−厂用电及线损 {implied / 1e5:,.2f} 亿kWh ({(implied - consumption) / consumption:+.2%})"
        for year, code, consumption, implied, file, row in rows
        if consumption and abs(implied - consumption) > POWER_BALANCE_TOLERANCE * abs(consumption)
    ]
    return _warn_unless_empty(
        findings,
        f"power balance holds within 1 % for {len(rows)} league-years 电力平衡",
        f"power balance off by more than 1 % in {len(findings)} league-years",
    )
