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


# --- ecosystem survey, CCUS and reduction measures (optional CSV sources) -------------------


def _leagues_only() -> list[str]:
    return list(load_reference().league_codes)


class ForestrySurveyPlots(pa.DataFrameModel):
    """raw.forestry_survey_plots: one row per survey year × plot (the parser enforces the
    land-class rules; this is the typed boundary)."""

    survey_year: pl.Int32 = pa.Field(ge=1990, le=2100)
    plot_id: pl.String
    league_code: pl.String = pa.Field(isin=_leagues_only())
    land_class: pl.String = pa.Field(isin=["乔木林", "疏林地", "灌木林", "草地", "湿地"])
    species_group: pl.String = pa.Field(nullable=True)
    area_ha: pl.Float64 = pa.Field(gt=0)
    stock_volume_m3_per_ha: pl.Float64 = pa.Field(ge=0, nullable=True)
    shrub_biomass_t_per_ha: pl.Float64 = pa.Field(ge=0, nullable=True)
    grass_agb_dry_g_per_m2: pl.Float64 = pa.Field(ge=0, nullable=True)
    wetland_type: pl.String = pa.Field(nullable=True)
    source_file: pl.String
    source_row: pl.Int32 = pa.Field(ge=1)

    class Config:
        unique = ["survey_year", "plot_id"]


class CcusProjects(pa.DataFrameModel):
    """raw.ccus_projects: one row per year × CCUS project, amounts in t CO2, MWh and GJ."""

    year: pl.Int32 = pa.Field(ge=1990, le=2100)
    project_id: pl.String
    project_name: pl.String = pa.Field(nullable=True)
    league_code: pl.String = pa.Field(isin=_leagues_only())
    credit_code: pl.String = pa.Field(nullable=True, str_length={"min_value": 18, "max_value": 18})
    captured_t: pl.Float64 = pa.Field(ge=0)
    stored_t: pl.Float64 = pa.Field(ge=0)
    utilized_t: pl.Float64 = pa.Field(ge=0)
    utilization_type: pl.String = pa.Field(nullable=True)
    capture_electricity_mwh: pl.Float64 = pa.Field(ge=0)
    capture_heat_gj: pl.Float64 = pa.Field(ge=0)
    leakage_t: pl.Float64 = pa.Field(ge=0)
    source_file: pl.String
    source_row: pl.Int32 = pa.Field(ge=1)

    class Config:
        unique = ["year", "project_id"]


class ReductionMeasures(pa.DataFrameModel):
    """raw.reduction_measures: one row per year × reduction measure."""

    year: pl.Int32 = pa.Field(ge=1990, le=2100)
    measure_id: pl.String
    league_code: pl.String = pa.Field(isin=_leagues_only())
    kind: pl.String
    reduction_t_co2: pl.Float64 = pa.Field(ge=0)
    energy_saving_tce: pl.Float64 = pa.Field(ge=0, nullable=True)
    verified: pl.Boolean
    source_file: pl.String
    source_row: pl.Int32 = pa.Field(ge=1)

    class Config:
        unique = ["year", "measure_id"]
