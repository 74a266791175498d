"""Pandera (Polars) contracts of the raw yearbook tables, checked before anything is written.

The parser already quarantines bad cells; these contracts are the boundary guarantee that what
reaches the warehouse is typed, in base units, keyed and non-negative. A failure here is a bug in
ingestion, not bad input, so it stops the run with pandera's full failure report.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from orchestration.ingest.reference import load_reference


def _league_codes() -> list[str]:
    reference = load_reference()
    return [*reference.league_codes, reference.region_code]


class _Keyed(pa.DataFrameModel):
    data_year: pl.Int32 = pa.Field(ge=1990, le=2100)
    league_code: pl.String = pa.Field(isin=_league_codes())
    source_file: pl.String
    source_row: pl.Int32 = pa.Field(ge=1)


class YearbookEnergy(_Keyed):
    use_category: pl.String = pa.Field(isin=list(load_reference().use_categories))
    fuel: pl.String = pa.Field(isin=list(load_reference().fuel_base_unit))
    quantity: pl.Float64 = pa.Field(ge=0, nullable=True)  # NULL = not reported
    unit: pl.String = pa.Field(isin=["t", "m3", "GJ", "MWh"])

    class Config:
        unique = ["data_year", "league_code", "use_category", "fuel"]


class YearbookElectricity(_Keyed):
    generation_mwh: pl.Float64 = pa.Field(ge=0, nullable=True)
    thermal_generation_mwh: pl.Float64 = pa.Field(ge=0, nullable=True)
    hydro_generation_mwh: pl.Float64 = pa.Field(ge=0, nullable=True)
    wind_generation_mwh: pl.Float64 = pa.Field(ge=0, nullable=True)
    solar_generation_mwh: pl.Float64 = pa.Field(ge=0, nullable=True)
    other_generation_mwh: pl.Float64 = pa.Field(ge=0, nullable=True)
    consumption_mwh: pl.Float64 = pa.Field(ge=0, nullable=True)
    imported_mwh: pl.Float64 = pa.Field(ge=0, nullable=True)
    exported_mwh: pl.Float64 = pa.Field(ge=0, nullable=True)
    plant_use_and_losses_mwh: pl.Float64 = pa.Field(ge=0, nullable=True)

    class Config:
        unique = ["data_year", "league_code"]


class YearbookGdp(_Keyed):
    gdp_current_10k_yuan: pl.Float64 = pa.Field(ge=0, nullable=True)
    gdp_index_prev_year_100: pl.Float64 = pa.Field(gt=50, lt=200, nullable=True)
    primary_industry_10k_yuan: pl.Float64 = pa.Field(ge=0, nullable=True)
    secondary_industry_10k_yuan: pl.Float64 = pa.Field(ge=0, nullable=True)
    tertiary_industry_10k_yuan: pl.Float64 = pa.Field(ge=0, nullable=True)

    class Config:
        unique = ["data_year", "league_code"]


class YearbookOutput(_Keyed):
    product: pl.String = pa.Field(isin=list(load_reference().products))
    output_t: pl.Float64 = pa.Field(ge=0, nullable=True)  # NULL = not reported

    class Config:
        unique = ["data_year", "league_code", "product"]
