"""Pandera (Polars) contracts of the enterprise report tables, and the reference facts they need.

The JSON parser (`enterprise_reports.py`) checks the structure and the types of every field and
flattens each report into rows that carry their file and JSON path. These contracts then check
the values of all reports at once: known leagues, industries, parks, fuels, units and products,
the GB 32100 check character, months 1-12, non-negative amounts, unit/fuel compatibility and the
electricity identities. A failing row is mapped back to its file and JSON path (see
`enterprise_reports_load.py`) and its whole report is rejected; the other reports load.

Every accepted value list comes from the dbt seeds (the single source of truth), read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandera.polars as pa
import polars as pl

from orchestration.ingest.credit_code import is_valid_credit_code
from orchestration.settings import SEEDS_DIR

SCHEMA_VERSIONS = ("1.0",)
LINE_UNITS = ("t", "10k_m3", "m3", "GJ")
VALUE_SOURCES = ("measured", "default")
CONCLUSIONS = ("pass", "fail", "pending")


@dataclass(frozen=True)
class EnterpriseReference:
    """Accepted values of the enterprise report contract, from the seeds."""

    league_codes: tuple[str, ...]  # the 12 leagues (a report never belongs to the region)
    industries: tuple[str, ...]
    parks: dict[str, str]  # park -> league_code
    fuels: dict[str, str]  # fuel -> base unit (t | m3)
    line_units: dict[str, tuple[str, float]]  # t | 10k_m3 | m3 | GJ -> (base unit, multiplier)
    process_products: tuple[str, ...]
    products: dict[str, str]  # production product -> output unit (t | MWh)


def _seed(name: str, seeds_dir: Path) -> pl.DataFrame:
    return pl.read_csv(seeds_dir / f"{name}.csv", infer_schema_length=0)


def _unique(frame: pl.DataFrame, column: str) -> tuple[str, ...]:
    return tuple(frame[column].unique(maintain_order=True).to_list())


@cache
def load_enterprise_reference(seeds_dir: Path = SEEDS_DIR) -> EnterpriseReference:
    leagues = _seed("ref_leagues", seeds_dir).filter(pl.col("kind") != "region")
    units = {row["unit"]: (row["base_unit"], float(row["multiplier_to_base"]))
             for row in _seed("ref_units", seeds_dir).iter_rows(named=True)}
    missing = [unit for unit in LINE_UNITS if unit not in units]
    if missing:
        raise RuntimeError(f"seed ref_units has no row for the report units {missing}")
    return EnterpriseReference(
        league_codes=_unique(leagues, "league_code"),
        industries=_unique(_seed("ref_enterprise_industries", seeds_dir), "industry"),
        parks={row["park"]: row["league_code"] for row in _seed("ref_parks", seeds_dir).iter_rows(named=True)},
        fuels={row["fuel"]: row["base_unit"] for row in _seed("ref_fuels", seeds_dir).iter_rows(named=True)},
        line_units={unit: units[unit] for unit in LINE_UNITS},
        process_products=_unique(_seed("ref_process_factors", seeds_dir), "product"),
        products={row["product"]: row["output_unit"]
                  for row in _seed("ref_enterprise_products", seeds_dir).iter_rows(named=True)},
    )


REF = load_enterprise_reference()

# Columns every row carries back to its report (not part of the checks).
KEY_COLUMNS = {"source_file": pl.String, "json_path": pl.String, "credit_code": pl.String,
               "report_year": pl.Int64}


class _Located(pa.DataFrameModel):
    source_file: pl.String
    json_path: pl.String
    credit_code: pl.String = pa.Field(nullable=True)  # NULL only in a report already rejected
    report_year: pl.Int64 = pa.Field(nullable=True)


class _Monthly(_Located):
    month: pl.Int64 = pa.Field(ge=1, le=12)


class EnterpriseReportHeader(_Located):
    """raw.enterprise_reports: one row per report (enterprise × year)."""

    file_sha256: pl.String
    schema_version: pl.String = pa.Field(isin=list(SCHEMA_VERSIONS))
    report_year: pl.Int64 = pa.Field(ge=2000, le=2100)
    enterprise_name: pl.String = pa.Field(str_length={"min_value": 1})
    league_code: pl.String = pa.Field(isin=list(REF.league_codes))
    industry: pl.String = pa.Field(isin=list(REF.industries))
    park: pl.String = pa.Field(isin=list(REF.parks), nullable=True)
    energy_consumption_tce: pl.Float64 = pa.Field(ge=0)
    reported_combustion_t_co2: pl.Float64 = pa.Field(ge=0)
    reported_process_t_co2: pl.Float64 = pa.Field(ge=0)
    reported_purchased_electricity_t_co2: pl.Float64 = pa.Field(ge=0)
    reported_purchased_heat_t_co2: pl.Float64 = pa.Field(ge=0)
    reported_total_t_co2: pl.Float64 = pa.Field(ge=0)
    verifier: pl.String = pa.Field(nullable=True)
    verified_total_t_co2: pl.Float64 = pa.Field(ge=0, nullable=True)
    verification_conclusion: pl.String = pa.Field(isin=list(CONCLUSIONS), nullable=True)

    @pa.check("credit_code", name="gb32100_check_character", element_wise=True)
    def credit_code_valid(cls, code: str) -> bool:
        return is_valid_credit_code(code)

    @pa.dataframe_check(name="park_in_league")
    def park_in_league(cls, data: pa.PolarsData) -> pl.LazyFrame:
        park_league = pl.col("park").replace_strict(REF.parks, default=None, return_dtype=pl.String)
        return data.lazyframe.select(pl.col("park").is_null() | (park_league == pl.col("league_code")))

    class Config:
        unique = ["credit_code", "report_year"]


class EnterpriseFuelCombustion(_Monthly):
    """raw.enterprise_fuel_combustion: one row per fuel line (unit × month × fuel)."""

    line_index: pl.Int64 = pa.Field(ge=0)
    unit_id: pl.String = pa.Field(str_length={"min_value": 1})
    fuel: pl.String = pa.Field(isin=list(REF.fuels))
    consumption: pl.Float64 = pa.Field(ge=0)
    unit: pl.String = pa.Field(isin=list(LINE_UNITS))
    ncv_gj_per_unit: pl.Float64 = pa.Field(gt=0, nullable=True)
    ncv_source: pl.String = pa.Field(isin=list(VALUE_SOURCES))
    carbon_content_tc_per_gj: pl.Float64 = pa.Field(gt=0, nullable=True)
    carbon_content_source: pl.String = pa.Field(isin=list(VALUE_SOURCES))
    oxidation_rate: pl.Float64 = pa.Field(gt=0, le=1, nullable=True)
    lab_report_id: pl.String = pa.Field(nullable=True)
    lab_name: pl.String = pa.Field(nullable=True)
    sample_date: pl.Date = pa.Field(nullable=True)

    @pa.dataframe_check(name="unit_matches_fuel")
    def unit_matches_fuel(cls, data: pa.PolarsData) -> pl.LazyFrame:
        fuel_base = pl.col("fuel").replace_strict(REF.fuels, default=None, return_dtype=pl.String)
        line_base = pl.col("unit").replace_strict(
            {unit: base for unit, (base, _) in REF.line_units.items()}, default=None, return_dtype=pl.String
        )
        return data.lazyframe.select((pl.col("unit") == "GJ") | (line_base == fuel_base))

    @pa.dataframe_check(name="no_ncv_for_heat_lines")
    def no_ncv_for_heat_lines(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("unit") != "GJ") | pl.col("ncv_gj_per_unit").is_null() | (pl.col("ncv_gj_per_unit") == 1.0)
        )


class EnterpriseProcess(_Monthly):
    """raw.enterprise_process: process product output per month."""

    line_index: pl.Int64 = pa.Field(ge=0)
    product: pl.String = pa.Field(isin=list(REF.process_products))
    output_t: pl.Float64 = pa.Field(ge=0)


class EnterpriseElectricity(_Monthly):
    """raw.enterprise_electricity: one row per month."""

    line_index: pl.Int64 = pa.Field(ge=0)
    purchased_mwh: pl.Float64 = pa.Field(ge=0)
    green_purchased_mwh: pl.Float64 = pa.Field(ge=0)
    generated_mwh: pl.Float64 = pa.Field(ge=0)
    supplied_mwh: pl.Float64 = pa.Field(ge=0)
    sold_mwh: pl.Float64 = pa.Field(ge=0)

    @pa.dataframe_check(name="green_within_purchased")
    def green_within_purchased(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("green_purchased_mwh") <= pl.col("purchased_mwh"))

    @pa.dataframe_check(name="supplied_within_generated")
    def supplied_within_generated(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("supplied_mwh") <= pl.col("generated_mwh"))

    @pa.dataframe_check(name="sold_within_available")
    def sold_within_available(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("sold_mwh") <= pl.col("generated_mwh") + pl.col("purchased_mwh"))


class EnterpriseHeat(_Monthly):
    """raw.enterprise_heat: purchased and sold heat per month."""

    line_index: pl.Int64 = pa.Field(ge=0)
    purchased_gj: pl.Float64 = pa.Field(ge=0)
    sold_gj: pl.Float64 = pa.Field(ge=0)


class EnterpriseProduction(_Monthly):
    """raw.enterprise_production: main product output per month (电力 in MWh, others t)."""

    line_index: pl.Int64 = pa.Field(ge=0)
    product: pl.String = pa.Field(isin=list(REF.products))
    output: pl.Float64 = pa.Field(ge=0)
    unit: pl.String = pa.Field(isin=sorted(set(REF.products.values())))

    @pa.dataframe_check(name="unit_matches_product")
    def unit_matches_product(cls, data: pa.PolarsData) -> pl.LazyFrame:
        expected = pl.col("product").replace_strict(REF.products, default=None, return_dtype=pl.String)
        return data.lazyframe.select(pl.col("product").is_in(list(REF.products)).not_() | (pl.col("unit") == expected))


# Human-readable reasons for failed checks: (column, check) -> (reason code, message template).
# {value} is the offending value. Checks not listed fall back to a generic message.
MESSAGES: dict[tuple[str, str], tuple[str, str]] = {
    ("schema_version", "isin"): ("unknown_schema_version", f"schema_version {{value}} is not supported (expected one of {', '.join(SCHEMA_VERSIONS)})"),
    ("report_year", "in_range"): ("bad_report_year", "report_year {value} is outside 2000-2100"),
    ("credit_code", "gb32100_check_character"): ("bad_credit_code", "credit code {value} fails the GB 32100 check character"),
    ("enterprise_name", "str_length"): ("missing_value", "enterprise name is empty"),
    ("league_code", "isin"): ("unknown_league", "league_code {value} is not one of the 12 leagues (reference/leagues.csv)"),
    ("industry", "isin"): ("unknown_industry", f"industry {{value}} is not one of {' | '.join(REF.industries)}"),
    ("park", "isin"): ("unknown_park", "park {value} is not in reference/parks.csv"),
    ("*", "park_in_league"): ("park_not_in_league", "park {park} lies in league {park_league}, not in the report's league {league_code}"),
    ("month", "in_range"): ("bad_month", "month {value} is outside 1-12"),
    ("fuel", "isin"): ("unknown_fuel", "fuel {value} is not a reference fuel (reference/fuels.csv)"),
    ("unit", "isin"): ("unknown_unit", "unit {value} is not one of the report units"),
    ("*", "unit_matches_fuel"): ("unit_fuel_mismatch", "unit {unit} does not fit fuel {fuel} (base unit {fuel_base}): use {allowed}"),
    ("*", "no_ncv_for_heat_lines"): ("ncv_on_heat_line", "a line in GJ is already heat: ncv_gj_per_unit must be null, got {ncv_gj_per_unit}"),
    ("ncv_source", "isin"): ("unknown_value_source", "ncv_source {value} must be measured or default"),
    ("carbon_content_source", "isin"): ("unknown_value_source", "carbon_content_source {value} must be measured or default"),
    ("oxidation_rate", "in_range"): ("bad_oxidation_rate", "oxidation_rate {value} must be in (0, 1]"),
    ("product", "isin"): ("unknown_product", "product {value} is not a reference product"),
    ("*", "green_within_purchased"): ("green_exceeds_purchased", "green_purchased_mwh {green_purchased_mwh} exceeds purchased_mwh {purchased_mwh}"),
    ("*", "supplied_within_generated"): ("supplied_exceeds_generated", "supplied_mwh {supplied_mwh} exceeds generated_mwh {generated_mwh}"),
    ("*", "sold_within_available"): ("sold_exceeds_available", "sold_mwh {sold_mwh} exceeds generated_mwh + purchased_mwh ({generated_mwh} + {purchased_mwh})"),
    ("*", "unit_matches_product"): ("unit_product_mismatch", "product {product} is reported in {unit}, expected {expected_unit}"),
    ("verification_conclusion", "isin"): ("unknown_conclusion", f"verification conclusion {{value}} must be one of {' | '.join(CONCLUSIONS)}"),
}
NEGATIVE = ("negative_amount", "{column} = {value} is negative (amounts must be >= 0)")
NOT_POSITIVE = ("bad_value", "{column} = {value} must be > 0 when given")
