"""A tiny landing directory for hand-computed sinks, stocks, CCUS and measures.

The yearbook is tests/handcalc.py's (Ordos, Hohhot, Hulunbuir; the other leagues report zeros)
for the years 2015, 2019, 2020 and 2021, plus:

- forestry_survey/2015 and /2020 (two waves five years apart): round-number plots of every land
  class in Ordos, a land-class change and a lost plot in Hohhot, and the issue's worked example in
  Hulunbuir (one 乔木林 plot whose stock is 471.29 Tg C in 2015 and 505.76 Tg C in 2020). The
  years 2016-2020 get the 2015→2020 sink, 2021 carries it forward, 2015 has none (NULL).
- ccus/2020.csv (storage, EOR, food, chemical use) and ccus/2021.csv; no file for 2015 and 2019.
- measures/2020.csv: two verified measures and one not verified.

The expected values are written out in tests/test_sinks.py and tests/test_ccus.py. One pipeline
run serves both modules (`run_once`).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from orchestration.cli import RunReport
from tests import handcalc
from tests.conftest import run_on

YEARBOOK_YEARS = (2015, 2019, 2020, 2021)
WAVES = (2015, 2020)
ORDOS, HOHHOT, HULUNBUIR, BAOTOU = "150600", "150100", "150700", "150200"

# Parameters of the seeds (2026.1), restated here only to write the expected values by hand.
LARCH = 0.49 * 1.416 * 1.212 * 0.5211  # 落叶松: t C per m3 of stock volume = 0.43821075
ELM = 0.598 * 1.674 * 1.261 * 0.4834  # 榆树 = 0.61020893
CHINESE_PINE = 0.36 * 1.589 * 1.251 * 0.5207  # 油松 = 0.37263539
SHRUB = (1 + 0.4) * 0.47  # t C per t shrub biomass = 0.658
GRASS = 0.01 * (1 + 5.9) * 0.45  # t C/ha per g/m2 of dry AGB = 0.03105
CO2_PER_C = 44 / 12

# The worked example: stock volumes giving 471.29 and 505.76 Tg C on 10,000,000 ha of larch.
WORKED_AREA_HA = 10_000_000.0
WORKED_VOLUMES = (round(471.29e6 / (WORKED_AREA_HA * LARCH), 9), round(505.76e6 / (WORKED_AREA_HA * LARCH), 9))

COLUMNS = ("plot_id", "league_code", "survey_year", "land_class", "species_group", "area_ha",
           "stock_volume_m3_per_ha", "shrub_biomass_t_per_ha", "grass_agb_dry_g_per_m2", "wetland_type")
MEASURE = {"乔木林": 6, "疏林地": 6, "灌木林": 7, "草地": 8, "湿地": 9}  # column index of the measure

# plot_id -> (league, {wave: (land class, species, area, measure)})
PLOTS: dict[str, tuple[str, dict[int, tuple[str, str, float, float | str]]]] = {
    "O-QM-1": (ORDOS, {2015: ("乔木林", "落叶松", 1000, 100), 2020: ("乔木林", "落叶松", 1000, 110)}),
    "O-QM-2": (ORDOS, {2015: ("乔木林", "落叶松", 1000, 100), 2020: ("乔木林", "落叶松", 1000, 40)}),  # burned
    "O-QM-3": (ORDOS, {2020: ("乔木林", "落叶松", 1000, 50)}),  # new plot: 2020 only
    "O-SL-1": (ORDOS, {2015: ("疏林地", "榆树", 500, 20), 2020: ("疏林地", "榆树", 500, 25)}),
    "O-GM-1": (ORDOS, {2015: ("灌木林", "沙柳", 1000, 10), 2020: ("灌木林", "沙柳", 1000, 12)}),
    "O-CD-1": (ORDOS, {2015: ("草地", "", 1000, 100), 2020: ("草地", "", 1000, 110)}),
    "O-CD-2": (ORDOS, {2015: ("草地", "", 1000, 200), 2020: ("草地", "", 1000, 210)}),
    "O-CD-3": (ORDOS, {2015: ("草地", "", 1000, 300), 2020: ("草地", "", 1000, 320)}),
    "O-SD-1": (ORDOS, {2015: ("湿地", "", 2000, "沼泽湿地"), 2020: ("湿地", "", 2400, "沼泽湿地")}),
    "H-GM-1": (HOHHOT, {2015: ("灌木林", "", 100, 5), 2020: ("乔木林", "油松", 100, 30)}),  # shrub grew into forest
    "H-CD-1": (HOHHOT, {2015: ("草地", "", 500, 80)}),  # lost after 2015
    "L-QM-1": (HULUNBUIR, {2015: ("乔木林", "落叶松", WORKED_AREA_HA, WORKED_VOLUMES[0]),
                           2020: ("乔木林", "落叶松", WORKED_AREA_HA, WORKED_VOLUMES[1])}),
}

CCUS_HEADER = ("project_id", "project_name", "league_code", "credit_code", "year", "captured_t", "stored_t",
               "utilized_t", "utilization_type", "capture_electricity_mwh", "capture_heat_gj", "leakage_t")
CCUS = {
    2020: [
        ("CCUS-S1", "咸水层封存", ORDOS, "", 100_000, 100_000, 0, "", 10_000, 0, 500),
        ("CCUS-E1", "驱油封存", ORDOS, "", 50_000, 30_000, 50_000, "驱油", 5_000, 10_000, 0),
        ("CCUS-F1", "食品级CO2", ORDOS, "", 20_000, 0, 20_000, "食品", 2_000, 0, 0),
        ("CCUS-C1", "CO2制甲醇", HULUNBUIR, "", 10_000, 0, 10_000, "化工利用", 1_000, 0, 0),
    ],
    2021: [("CCUS-S1", "咸水层封存", ORDOS, "", 100_000, 100_000, 0, "", 10_000, 0, 500)],
}
MEASURES_HEADER = ("measure_id", "league_code", "year", "kind", "reduction_t_co2", "energy_saving_tce", "verified")
MEASURES = {
    2020: [("M1", ORDOS, 2020, "节能改造", 1000, 400, "true"),
           ("M2", ORDOS, 2020, "CCUS", 92_475, "", "true"),
           ("M3", HOHHOT, 2020, "淘汰产能", 500, 200, "false")],
}


def _write(path: Path, header: tuple[str, ...], rows: list[tuple]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def plot_rows(wave: int) -> list[list]:
    rows = []
    for plot_id, (league, waves) in PLOTS.items():
        if wave not in waves:
            continue
        land_class, species, area, measure = waves[wave]
        row: list = [plot_id, league, wave, land_class, species, area, "", "", "", ""]
        row[MEASURE[land_class]] = measure
        rows.append(row)
    return rows


def write_landing(directory: Path) -> Path:
    handcalc.write_landing(directory, YEARBOOK_YEARS)
    for wave in WAVES:
        _write(directory / "forestry_survey" / str(wave) / "plots.csv", COLUMNS, plot_rows(wave))
    for year, projects in CCUS.items():
        _write(directory / "ccus" / f"{year}.csv", CCUS_HEADER,
               [(pid, name, league, code, year, *amounts) for pid, name, league, code, *amounts in projects])
    for year, measures in MEASURES.items():
        _write(directory / "measures" / f"{year}.csv", MEASURES_HEADER, measures)
    return directory


_RUNS: dict[str, RunReport] = {}


def run_once(tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    """The one pipeline run on this landing directory, shared by the test modules."""
    if "run" not in _RUNS:
        root = tmp_path_factory.mktemp("sinks_handcalc")
        report = run_on(root, write_landing(root / "landing"))
        assert report.success, report.errors
        _RUNS["run"] = report
    return _RUNS["run"]
