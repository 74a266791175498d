"""Reference data for ingestion, read from the dbt seeds (the single source of truth).

Ingestion needs a few facts at parse time (league names, fuels and their units, unit
multipliers, yearbook use categories, process products); they are read from the same seed CSVs
that dbt loads, never restated in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from orchestration.settings import SEEDS_DIR

REGION_ALIASES = ("全区", "内蒙古", "内蒙古自治区", "全区合计", "合计")


@dataclass(frozen=True)
class Unit:
    unit: str
    base_unit: str
    multiplier_to_base: float


@dataclass(frozen=True)
class Reference:
    league_by_name: dict[str, str]  # every accepted spelling -> league_code
    league_names: dict[str, str]  # league_code -> official Chinese name
    region_code: str
    league_codes: tuple[str, ...]  # the 12 leagues (region excluded)
    fuel_base_unit: dict[str, str]  # fuel or carrier -> expected base unit
    fuel_yearbook_unit: dict[str, str]
    units: dict[str, Unit]
    use_categories: tuple[str, ...]
    products: tuple[str, ...]

    def league_code(self, name: str) -> str | None:
        key = "".join(name.split())
        return self.league_by_name.get(key)

    def league_label(self, code: str) -> str:
        return self.league_names.get(code, code)


def _read_seed(name: str, seeds_dir: Path) -> pl.DataFrame:
    return pl.read_csv(seeds_dir / f"{name}.csv", infer_schema_length=0)


@cache
def load_reference(seeds_dir: Path = SEEDS_DIR) -> Reference:
    leagues = _read_seed("ref_leagues", seeds_dir)
    league_by_name: dict[str, str] = {}
    league_names: dict[str, str] = {}
    region_code = ""
    league_codes: list[str] = []
    for row in leagues.iter_rows(named=True):
        code = row["league_code"]
        league_names[code] = row["name_zh"]
        for name in (row["name_zh"], row["short_name_zh"], code):
            league_by_name[name] = code
        if row["kind"] == "region":
            region_code = code
            for alias in REGION_ALIASES:
                league_by_name[alias] = code
        else:
            league_codes.append(code)

    units = {
        row["unit"]: Unit(row["unit"], row["base_unit"], float(row["multiplier_to_base"]))
        for row in _read_seed("ref_units", seeds_dir).iter_rows(named=True)
    }
    fuel_yearbook_unit: dict[str, str] = {}
    for seed in ("ref_fuels", "ref_energy_carriers"):
        frame = _read_seed(seed, seeds_dir)
        key = "fuel" if "fuel" in frame.columns else "carrier"
        for row in frame.iter_rows(named=True):
            fuel_yearbook_unit[row[key]] = row["yearbook_unit"]
    fuel_base_unit = {fuel: units[unit].base_unit for fuel, unit in fuel_yearbook_unit.items()}
    use_categories = tuple(
        _read_seed("ref_yearbook_use_categories", seeds_dir)
        .sort(pl.col("sort_order").cast(pl.Int32))["use_category"]
        .to_list()
    )
    products = tuple(_read_seed("ref_process_factors", seeds_dir)["product"].unique(maintain_order=True))
    return Reference(
        league_by_name=league_by_name,
        league_names=league_names,
        region_code=region_code,
        league_codes=tuple(league_codes),
        fuel_base_unit=fuel_base_unit,
        fuel_yearbook_unit=fuel_yearbook_unit,
        units=units,
        use_categories=use_categories,
        products=products,
    )
