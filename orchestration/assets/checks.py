"""Python asset checks on the raw yearbook tables (dbt tests become checks on the dbt assets)."""


import dagster as dg

from orchestration.assets.yearbook import TABLE_SHEETS, YEARBOOK_KEYS
from orchestration.quality import yearbook_checks as checks
from orchestration.quality.yearbook_checks import CheckOutcome
from orchestration.resources import WarehouseResource

VALUE_COLUMNS = {
    "yearbook_energy_consumption": ["quantity"],
    "yearbook_electricity": [
        "generation_mwh", "thermal_generation_mwh", "hydro_generation_mwh", "wind_generation_mwh",
        "solar_generation_mwh", "other_generation_mwh", "consumption_mwh", "imported_mwh", "exported_mwh",
        "plant_use_and_losses_mwh",
    ],
    "yearbook_gdp": [
        "gdp_current_10k_yuan", "gdp_index_prev_year_100", "primary_industry_10k_yuan",
        "secondary_industry_10k_yuan", "tertiary_industry_10k_yuan",
    ],
    "yearbook_industrial_output": ["output_t"],
}


def _result(outcome: CheckOutcome) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=outcome.passed,
        severity=dg.AssetCheckSeverity.ERROR if outcome.severity == "ERROR" else dg.AssetCheckSeverity.WARN,
        description=outcome.description,
        metadata={"count": outcome.count, "findings": dg.MetadataValue.md("\n".join(f"- {f}" for f in outcome.findings) or "none")},
    )


def _checks_for(table: str) -> list[dg.AssetChecksDefinition]:
    key, sheet = YEARBOOK_KEYS[table], TABLE_SHEETS[table]

    @dg.asset_check(asset=key, name="region_total_matches_leagues",
                    description="全区 equals the sum of the 12 leagues within 0.5 % 全区等于各盟市之和")
    def region_total(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connection() as con:
            return _result(checks.region_total_matches_leagues(con, sheet))

    @dg.asset_check(asset=key, name="no_negative_amounts", blocking=True,
                    description="No negative amounts in the raw table; negatives sent are quarantined 无负值")
    def no_negative(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connection() as con:
            return _result(checks.no_negative_amounts(con, table, sheet, VALUE_COLUMNS[table]))

    @dg.asset_check(asset=key, name="every_league_present_every_year",
                    description="Each of the 12 leagues has a row in every data year 各盟市每年齐全")
    def every_league(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connection() as con:
            return _result(checks.every_league_present_every_year(con, table))

    return [region_total, no_negative, every_league]


@dg.asset_check(asset=YEARBOOK_KEYS["yearbook_electricity"], name="power_balance_identity",
                description="发电量 + 调入 − 调出 − 厂用电及线损 = 全社会用电量 within 1 %")
def power_balance(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connection() as con:
        return _result(checks.power_balance_identity(con))


yearbook_checks = [check for table in YEARBOOK_KEYS for check in _checks_for(table)] + [power_balance]
