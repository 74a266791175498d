"""Parse one ecosystem-survey file `forestry_survey/<YYYY>/plots.csv` (林草湿调查样地).

Contract (CONTRACTS `forestry_survey`): `plot_id, league_code, survey_year, land_class,
species_group, area_ha, stock_volume_m3_per_ha, shrub_biomass_t_per_ha, grass_agb_dry_g_per_m2,
wetland_type`.

- `land_class` decides which measure column must be filled and that the others are blank
  (seed `ref_survey_land_classes`: stock volume for 乔木林/疏林地, shrub biomass for 灌木林, dry
  above-ground biomass for 草地, wetland type for 湿地);
- `species_group` is required for 乔木林/疏林地 and must be a species group of
  `ref_forest_species_params`; for the other classes it is descriptive (dominant shrub …);
- `area_ha` (the expansion area the plot represents) must be > 0; measures must be numbers ≥ 0;
- `league_code` is one of the 12 leagues (a league name is accepted and mapped to its code; the
  region code 150000 is not a league); `survey_year` equals the folder's year;
- a `plot_id` appears once per wave: identical repeats keep the first row, conflicting
  repeats are all quarantined.

A row failing any rule is quarantined with one record per problem (file, CSV line, column,
value, reason and the whole row); the rest of the file loads. A file that cannot be read or
lacks required columns is rejected as a whole (fatal) and contributes no rows. Cross-wave rules
(plots in one wave only) are applied by `forestry_load` over all waves.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from orchestration.ingest.csvfile import (
    CsvExtract,
    CsvFileError,
    RowCheck,
    accept_rows,
    file_sha256,
    problem_rejections,
    read_csv,
)
from orchestration.ingest.quarantine import Rejection
from orchestration.ingest.reference import Reference, load_reference
from orchestration.ingest.values import is_missing
from orchestration.settings import SEEDS_DIR

COLUMNS = (
    "plot_id", "league_code", "survey_year", "land_class", "species_group", "area_ha",
    "stock_volume_m3_per_ha", "shrub_biomass_t_per_ha", "grass_agb_dry_g_per_m2", "wetland_type",
)
MEASURE_COLUMNS = ("stock_volume_m3_per_ha", "shrub_biomass_t_per_ha", "grass_agb_dry_g_per_m2", "wetland_type")
NUMERIC_MEASURES = MEASURE_COLUMNS[:3]
FILE_NAME = "plots.csv"
SCHEMA = {
    "survey_year": pl.Int32, "plot_id": pl.String, "league_code": pl.String, "land_class": pl.String,
    "species_group": pl.String, "area_ha": pl.Float64, "stock_volume_m3_per_ha": pl.Float64,
    "shrub_biomass_t_per_ha": pl.Float64, "grass_agb_dry_g_per_m2": pl.Float64, "wetland_type": pl.String,
    "source_file": pl.String, "source_row": pl.Int32,
}


@dataclass(frozen=True)
class LandClass:
    land_class: str
    measure_column: str
    carbon_method: str  # volume_expansion | biomass | area_rate

    @property
    def needs_species(self) -> bool:
        return self.carbon_method == "volume_expansion"


@dataclass(frozen=True)
class SurveyReference:
    land_classes: dict[str, LandClass]
    species_groups: tuple[str, ...]


@cache
def load_survey_reference(seeds_dir: Path = SEEDS_DIR) -> SurveyReference:
    """Land classes and species groups from the dbt seeds (the single source of truth)."""
    classes = pl.read_csv(seeds_dir / "ref_survey_land_classes.csv", infer_schema_length=0)
    species = pl.read_csv(seeds_dir / "ref_forest_species_params.csv", infer_schema_length=0)
    return SurveyReference(
        land_classes={
            row["land_class"]: LandClass(row["land_class"], row["measure_column"], row["carbon_method"])
            for row in classes.iter_rows(named=True)
        },
        species_groups=tuple(species["species_group"].unique(maintain_order=True)),
    )


def league_of(text: str | None, reference: Reference) -> str | None:
    """League code for a code or a name; None for unknown values and for the region."""
    if text is None:
        return None
    code = reference.league_code(text)
    return code if code in reference.league_codes else None


def parse_plots(path: Path, folder_year: int | None, reference: Reference | None = None,
                survey: SurveyReference | None = None) -> CsvExtract:
    """Parse one plots.csv of survey year `folder_year`. Never raises for bad content."""
    reference = reference or load_reference()
    survey = survey or load_survey_reference()
    source_file = str(path)
    extract = CsvExtract(source_file, folder_year, file_sha256(path))
    if folder_year is None:
        extract.fatal.append(Rejection(source_file, None, None, None, path.parent.name, "bad_file_name",
                                       f"survey files must be forestry_survey/<YYYY>/{FILE_NAME}; "
                                       f"{path.parent.name!r} is not a year"))
        return extract
    try:
        rows, problems = read_csv(path, COLUMNS, COLUMNS)
    except CsvFileError as exc:
        extract.fatal.append(Rejection(source_file, None, None, None, None, exc.reason_code, exc.message))
        return extract
    extract.rejections += problem_rejections(source_file, problems)
    return accept_rows(extract, rows, lambda check: _validate(check, folder_year, reference, survey),
                       "plot_id", "plot", "the wave", SCHEMA)


def _validate(check: RowCheck, folder_year: int, reference: Reference, survey: SurveyReference) -> dict:
    cells = check.row.cells
    plot_id = check.text("plot_id")
    league_text = check.text("league_code")
    league_code = league_of(league_text, reference)
    if league_text is not None and league_code is None:
        check.reject("league_code", "unknown_league",
                     f"unknown league_code {league_text!r}; expected the GB/T 2260 code of one of the 12 leagues "
                     f"({', '.join(reference.league_codes)})")

    year = check.number("survey_year")
    if year is not None and year != folder_year:
        check.reject("survey_year", "year_mismatch",
                     f"survey_year {cells['survey_year']!r} differs from the folder's survey year {folder_year}")

    land_class_text = check.text("land_class")
    land_class = survey.land_classes.get(land_class_text or "")
    if land_class_text is not None and land_class is None:
        check.reject("land_class", "unknown_land_class",
                     f"unknown land_class {land_class_text!r}; expected one of {', '.join(survey.land_classes)}")

    area = check.number("area_ha", positive=True, positive_code="non_positive_area",
                        positive_hint=" (the expansion area the plot represents)")
    species = check.text("species_group", required=False)
    values: dict[str, float | str | None] = {column: None for column in MEASURE_COLUMNS}
    if land_class is not None:
        if land_class.needs_species:
            if species is None:
                check.reject("species_group", "missing_value",
                             f"species_group is required for {land_class.land_class} (it selects the wood density, "
                             "expansion factor, root:shoot ratio and carbon fraction)")
            elif species not in survey.species_groups:
                check.reject("species_group", "unknown_species_group",
                             f"unknown species_group {species!r} for {land_class.land_class}; expected one of "
                             f"{', '.join(survey.species_groups)}")
        for column in MEASURE_COLUMNS:
            filled = not is_missing(cells.get(column))
            if column != land_class.measure_column:
                if filled:
                    check.reject(column, "wrong_measure_column",
                                 f"land class {land_class.land_class} takes {land_class.measure_column} only; "
                                 f"{column} must be blank, got {cells[column]!r}")
                continue
            if not filled:
                check.reject(column, "missing_measure",
                             f"land class {land_class.land_class} requires {column}, which is blank")
            elif column in NUMERIC_MEASURES:
                values[column] = check.number(column)
            else:
                values[column] = cells[column]
    return {
        "survey_year": folder_year, "plot_id": plot_id, "league_code": league_code,
        "land_class": land_class_text, "species_group": species, "area_ha": area, **values,
        "source_file": check.source_file, "source_row": check.row.line_number,
    }
