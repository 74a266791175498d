"""Reference facts the enterprise generator needs, read from the dbt seeds (the single source of
truth of every factor), so that the reports' own arithmetic uses the platform's factors.

Only the current factor version (`DEFAULT_FACTOR_VERSION`) is read.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds"
DEFAULT_FACTOR_VERSION = "2026.1"
CO2_PER_C = 44.0 / 12.0  # molecular-weight ratio, not an emission factor
GJ_PER_TCE = 29.3076  # GB/T 2589: 1 kgce = 29,307.6 kJ (definition of the coal equivalent)


@dataclass(frozen=True)
class FuelFactors:
    fuel: str
    base_unit: str  # t | m3
    ncv_gj_per_base_unit: float
    carbon_tc_per_gj: float
    oxidation_rate: float
    is_coal: bool


@dataclass(frozen=True)
class EfficiencyLevels:
    indicator: str
    product: str
    unit: str
    level1: float
    level2: float | None
    level3: float


@dataclass(frozen=True)
class EnterpriseReference:
    fuels: dict[str, FuelFactors]
    untested_coal_default: dict[int, float]  # report year -> tC/GJ (edition of that year)
    regional_grid_factor: dict[int, float]  # year -> t CO2/MWh (inner_mongolia scope)
    heat_t_co2_per_gj: float
    process_t_co2_per_t: dict[str, float]
    efficiency: dict[str, EfficiencyLevels]  # indicator -> levels
    electricity_tce_per_mwh: float
    parks: dict[str, tuple[str, str, float]]  # park -> (league_code, kind, target share)

    def grid_factor(self, year: int) -> float:
        """The year's regional factor, or the nearest year's (as the models do)."""
        nearest = min(self.regional_grid_factor, key=lambda y: (abs(y - year), y))
        return self.regional_grid_factor[nearest]

    def coal_default(self, year: int) -> float:
        return self.untested_coal_default[year]


def _rows(name: str, version: str) -> list[dict[str, str]]:
    with open(SEEDS_DIR / f"{name}.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row for row in rows if row.get("factor_version", version) == version]


@cache
def load(version: str = DEFAULT_FACTOR_VERSION) -> EnterpriseReference:
    coal = {row["fuel"]: row["is_coal"] == "true" for row in _rows("ref_enterprise_fuel_rules", version)}
    fuels = {
        row["fuel"]: FuelFactors(
            fuel=row["fuel"],
            base_unit=row["base_unit"],
            ncv_gj_per_base_unit=float(row["ncv_gj_per_base_unit"]),
            carbon_tc_per_gj=float(row["carbon_content_tc_per_tj"]) / 1000.0,
            oxidation_rate=float(row["oxidation_rate"]),
            is_coal=coal.get(row["fuel"], False),
        )
        for row in _rows("ref_fuels", version)
    }
    editions = {
        row["edition"]: float(row["value"])
        for row in _rows("ref_ets_power_parameters", version)
        if row["parameter"] == "coal_carbon_content_default_untested"
    }
    untested: dict[int, float] = {}
    for row in _rows("ref_untested_coal_default_editions", version):
        for year in range(int(row["report_year_from"]), int(row["report_year_to"]) + 1):
            untested[year] = editions[row["edition"]]
    grid = {
        int(row["year"]): float(row["t_co2_per_mwh"])
        for row in _rows("ref_grid_emission_factors", version)
        if row["scope"] == "inner_mongolia"
    }
    heat = next(float(r["t_co2_per_unit"]) for r in _rows("ref_indirect_emission_factors", version)
                if r["carrier"] == "热力")
    process = {row["product"]: float(row["t_co2_per_t"]) for row in _rows("ref_process_factors", version)}
    efficiency = {
        row["indicator"]: EfficiencyLevels(
            row["indicator"], row["product"], row["unit"], float(row["level1"]),
            float(row["level2"]) if row["level2"] else None, float(row["level3"]),
        )
        for row in _rows("ref_efficiency_levels", version)
    }
    electricity = next(float(r["tce_per_base_unit"]) for r in _rows("ref_energy_carriers", version)
                       if r["carrier"] == "电力") * 1000.0  # tce per kWh -> per MWh
    parks = {
        row["park"]: (row["league_code"], row["kind"], float(row["renewable_share_target"]))
        for row in _rows("ref_parks", version)
    }
    return EnterpriseReference(fuels, untested, grid, heat, process, efficiency, electricity, parks)
