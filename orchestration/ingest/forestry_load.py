"""Load every survey wave of a landing directory into raw.forestry_survey_plots.

The source is optional: without a `forestry_survey/` directory the table is emptied and no
survey year is present (the sink columns are NULL). Each `forestry_survey/<YYYY>/plots.csv` is
one wave. Files are parsed independently (a broken file is rejected on its own and never stops
the others); then the permanent-plot rule is checked across the loaded waves:

- `plot_in_one_wave`: a plot measured in only one wave of a pair of consecutive waves. Its row
  is loaded (it counts for that wave's stock) but it cannot enter the stock difference of the
  pair; one record per plot and pair goes to raw.quarantine (not fatal) so nothing is silent.
- `plot_league_changed`: a plot id reappearing in another league. Plot ids must be stable; the
  two rows are treated as different plots (left out of the difference) and reported.

Everything the source wrote before (raw table, quarantine, ingest log) is replaced in one
transaction, so re-running never duplicates anything.
"""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import duckdb

from orchestration.ingest import schemas
from orchestration.ingest.csvfile import CsvExtract, SourceIngestResult, load_extracts
from orchestration.ingest.forestry import FILE_NAME, SCHEMA, parse_plots
from orchestration.ingest.quarantine import Rejection

FORESTRY_SOURCE, FORESTRY_TABLE = "forestry_survey", "forestry_survey_plots"
FOLDER = "forestry_survey"
YEAR_FOLDER = re.compile(r"^\d{4}$")
DDL = {
    FORESTRY_TABLE: """
create table if not exists raw.forestry_survey_plots (
    survey_year integer, plot_id varchar, league_code varchar, land_class varchar, species_group varchar,
    area_ha double, stock_volume_m3_per_ha double, shrub_biomass_t_per_ha double,
    grass_agb_dry_g_per_m2 double, wetland_type varchar, source_file varchar, source_row integer)""",
}
CROSS_WAVE_CODES = ("plot_in_one_wave", "plot_league_changed")


def survey_files(data_dir: Path) -> tuple[list[tuple[Path, int | None]], list[Rejection]]:
    """(plots.csv, survey year) of every wave folder, and fatal records for what does not fit."""
    folder = data_dir / FOLDER
    if not folder.is_dir():
        return [], []
    found: list[tuple[Path, int | None]] = []
    problems: list[Rejection] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith((".", "~$")):
            continue
        if not entry.is_dir() or not YEAR_FOLDER.match(entry.name):
            problems.append(Rejection(str(entry), None, None, None, entry.name, "bad_file_name",
                                      f"unexpected {'folder' if entry.is_dir() else 'file'} {entry.name!r}: survey "
                                      f"files must be {FOLDER}/<YYYY>/{FILE_NAME}"))
            continue
        path = entry / FILE_NAME
        if not path.is_file():
            problems.append(Rejection(str(path), None, None, None, None, "missing_file",
                                      f"survey folder {entry.name} has no {FILE_NAME}"))
            continue
        found.append((path, int(entry.name)))
    return found, problems


def cross_wave_records(extracts: list[CsvExtract]) -> list[Rejection]:
    """Plots in one wave only of a consecutive pair, and plot ids that changed league."""
    waves = sorted((e.data_year, e) for e in extracts if e.ok and e.data_year is not None and e.frame is not None)
    records: list[Rejection] = []
    by_wave = {year: {row["plot_id"]: row for row in e.frame.iter_rows(named=True)} for year, e in waves}
    years = [year for year, _ in waves]
    for first, second in pairwise(years):
        before, after = by_wave[first], by_wave[second]
        for plot_id in sorted(before.keys() | after.keys()):
            a, b = before.get(plot_id), after.get(plot_id)
            if a is not None and b is not None:
                if a["league_code"] != b["league_code"]:
                    records.append(_record(b, "plot_league_changed",
                                           f"plot {plot_id} is in league {a['league_code']} in {first} but in "
                                           f"{b['league_code']} in {second}: plot ids must be stable across waves; "
                                           f"the two rows are treated as different plots and left out of the "
                                           f"{first}→{second} stock difference"))
                continue
            row, present, absent = (a, first, second) if b is None else (b, second, first)
            use = (f"loaded and counted in the {present} wetland area (wetlands have no stock difference)"
                   if row["land_class"] == "湿地" else
                   f"loaded and counted in the {present} stock, left out of the {first}→{second} stock difference "
                   "(permanent plots only)")
            records.append(_record(row, "plot_in_one_wave",
                                   f"plot {plot_id} ({row['land_class']}, league {row['league_code']}) is surveyed in "
                                   f"{present} but not in {absent}: {use}"))
    return records


def _record(row: dict, code: str, reason: str) -> Rejection:
    content = {k: v for k, v in row.items() if k not in ("source_file", "source_row")}
    return Rejection(row["source_file"], None, row["source_row"], "plot_id", row["plot_id"], code, reason,
                     json.dumps(content, ensure_ascii=False))


def ingest_forestry_surveys(data_dir: Path, con: duckdb.DuckDBPyConnection) -> SourceIngestResult:
    """Parse every wave, validate the contract and replace raw.forestry_survey_plots."""
    files, structural = survey_files(data_dir)
    extracts = [parse_plots(path, year) for path, year in files]
    cross_wave = cross_wave_records([e for e in extracts if e.ok])
    return load_extracts(con, FORESTRY_SOURCE, FORESTRY_TABLE, DDL, extracts, SCHEMA,
                         schemas.ForestrySurveyPlots, structural, cross_wave)
