"""Ingestion of forestry_survey/<YYYY>/plots.csv: the land-class contract, every bad-input kind
(message and quarantined row), the cross-wave rule, idempotence and the optional source."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.forestry import COLUMNS, parse_plots
from orchestration.ingest.forestry_load import ingest_forestry_surveys

GOOD = [
    {"plot_id": "P1", "league_code": "150700", "land_class": "乔木林", "species_group": "落叶松", "area_ha": "1000",
     "stock_volume_m3_per_ha": "100.5"},
    {"plot_id": "P2", "league_code": "150700", "land_class": "疏林地", "species_group": "白桦", "area_ha": "500",
     "stock_volume_m3_per_ha": "12"},
    {"plot_id": "P3", "league_code": "152500", "land_class": "灌木林", "species_group": "柠条", "area_ha": "800",
     "shrub_biomass_t_per_ha": "8.25"},
    {"plot_id": "P4", "league_code": "152500", "land_class": "草地", "area_ha": "1,200.0",
     "grass_agb_dry_g_per_m2": "105.4"},
    {"plot_id": "P5", "league_code": "150800", "land_class": "湿地", "area_ha": "2000", "wetland_type": "湖泊湿地"},
]


def write_wave(root: Path, year: int, rows: list[dict], header: tuple[str, ...] = COLUMNS) -> Path:
    path = root / "forestry_survey" / str(year) / "plots.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            values = {"survey_year": str(year), **row}
            writer.writerow([values.get(column, "") for column in header])
    return path


def parse(tmp_path: Path, rows: list[dict], year: int = 2020):
    return parse_plots(write_wave(tmp_path, year, rows), year)


def only_rejection(extract, code: str):
    matches = [r for r in extract.rejections if r.reason_code == code]
    assert len(matches) == 1, [(r.reason_code, r.reason) for r in extract.rejections]
    return matches[0]


def test_good_file_loads_every_land_class(tmp_path):
    extract = parse(tmp_path, GOOD)
    assert extract.ok and extract.rejections == []
    frame = extract.frame
    assert frame.height == 5 and frame["survey_year"].unique().to_list() == [2020]
    row = frame.filter(frame["plot_id"] == "P4").row(0, named=True)
    assert row["area_ha"] == 1200.0 and row["grass_agb_dry_g_per_m2"] == 105.4 and row["stock_volume_m3_per_ha"] is None
    assert frame.filter(frame["plot_id"] == "P5")["wetland_type"].to_list() == ["湖泊湿地"]
    assert frame["source_row"].to_list() == [2, 3, 4, 5, 6]


def test_wrong_measure_column_for_the_land_class(tmp_path):
    bad = {**GOOD[3], "stock_volume_m3_per_ha": "55.2"}  # 草地 with a stock volume
    rejection = only_rejection(parse(tmp_path, [bad]), "wrong_measure_column")
    assert rejection.column_name == "stock_volume_m3_per_ha" and rejection.value == "55.2" and rejection.row_number == 2
    assert "land class 草地 takes grass_agb_dry_g_per_m2 only; stock_volume_m3_per_ha must be blank" in rejection.reason
    assert json.loads(rejection.row_content)["plot_id"] == "P4"


def test_missing_measure_for_the_land_class(tmp_path):
    bad = {**GOOD[0], "stock_volume_m3_per_ha": "—"}
    extract = parse(tmp_path, [bad])
    assert "乔木林 requires stock_volume_m3_per_ha" in only_rejection(extract, "missing_measure").reason
    assert extract.frame.height == 0


@pytest.mark.parametrize("area", ["0", "-5"])
def test_area_must_be_positive(tmp_path, area):
    rejection = only_rejection(parse(tmp_path, [{**GOOD[0], "area_ha": area}]), "non_positive_area")
    assert rejection.column_name == "area_ha" and rejection.value == area
    assert "area_ha must be > 0" in rejection.reason


@pytest.mark.parametrize("league", ["150000", "159999", "北京"])
def test_unknown_league(tmp_path, league):
    rejection = only_rejection(parse(tmp_path, [{**GOOD[0], "league_code": league}]), "unknown_league")
    assert f"unknown league_code {league!r}" in rejection.reason


def test_league_name_is_mapped_to_its_code(tmp_path):
    assert parse(tmp_path, [{**GOOD[0], "league_code": "呼伦贝尔市"}]).frame["league_code"].to_list() == ["150700"]


def test_unknown_and_missing_species_group(tmp_path):
    unknown = only_rejection(parse(tmp_path, [{**GOOD[0], "species_group": "桉树"}]), "unknown_species_group")
    assert "unknown species_group '桉树' for 乔木林" in unknown.reason and "落叶松" in unknown.reason
    missing = only_rejection(parse(tmp_path, [{**GOOD[1], "species_group": ""}]), "missing_value")
    assert missing.column_name == "species_group" and "required for 疏林地" in missing.reason


def test_unknown_land_class(tmp_path):
    rejection = only_rejection(parse(tmp_path, [{**GOOD[0], "land_class": "有林地"}]), "unknown_land_class")
    assert "unknown land_class '有林地'" in rejection.reason


def test_non_numeric_and_negative_measures(tmp_path):
    extract = parse(tmp_path, [{**GOOD[0], "stock_volume_m3_per_ha": "12,3x"}, {**GOOD[2], "shrub_biomass_t_per_ha": "-1"}])
    assert "'12,3x' is not a number" in only_rejection(extract, "not_a_number").reason
    assert only_rejection(extract, "negative_value").row_number == 3
    assert extract.frame.height == 0


def test_survey_year_must_match_the_folder(tmp_path):
    rejection = only_rejection(parse(tmp_path, [{**GOOD[0], "survey_year": "2019"}]), "year_mismatch")
    assert "differs from the folder's survey year 2020" in rejection.reason


def test_duplicate_plot_ids_in_a_wave(tmp_path):
    extract = parse(tmp_path, [GOOD[0], {**GOOD[0], "stock_volume_m3_per_ha": "99"}, GOOD[2], GOOD[2]])
    conflicting = [r for r in extract.rejections if r.reason_code == "duplicate_plot_id"]
    assert [r.row_number for r in conflicting] == [2, 3]
    assert "plot P1 appears 2 times in the wave with different values (lines 2, 3)" in conflicting[0].reason
    identical = only_rejection(extract, "duplicate_row")
    assert identical.row_number == 5 and "identical to line 4" in identical.reason
    assert extract.frame["plot_id"].to_list() == ["P3"]


def test_malformed_csv(tmp_path):
    missing = write_wave(tmp_path, 2020, GOOD, header=tuple(c for c in COLUMNS if c != "area_ha"))
    extract = parse_plots(missing, 2020)
    assert not extract.ok and extract.fatal[0].reason_code == "missing_column"
    assert "missing column(s) area_ha" in extract.fatal[0].message() and str(missing) in extract.fatal[0].message()

    path = write_wave(tmp_path, 2021, GOOD)
    path.write_text(path.read_text(encoding="utf-8") + "P9,150700,2021,乔木林,落叶松,10,1,,,,surplus\n", encoding="utf-8")
    extract = parse_plots(path, 2021)
    assert extract.ok and extract.frame.height == 5
    extra = only_rejection(extract, "wrong_field_count")
    assert extra.row_number == 7 and "11 fields but the header has 10" in extra.reason and "surplus" in extra.row_content

    path.write_text('plot_id,league_code\n"P1,150700\n', encoding="utf-8")
    assert parse_plots(path, 2021).fatal[0].reason_code in ("malformed_csv", "missing_column")
    path.write_bytes(b"\xff\xfe\xff\x00garbage")
    assert parse_plots(path, 2021).fatal[0].reason_code == "unreadable_file"


def test_gb18030_file_is_accepted(tmp_path):
    path = write_wave(tmp_path, 2020, GOOD)
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    extract = parse_plots(path, 2020)
    assert extract.ok and extract.frame["land_class"].to_list() == ["乔木林", "疏林地", "灌木林", "草地", "湿地"]


# --- loading: quarantine, cross-wave rule, idempotence ------------------------------------------


def test_load_quarantines_reports_one_wave_plots_and_never_duplicates(tmp_path):
    write_wave(tmp_path, 2017, GOOD[:4] + [{**GOOD[0], "plot_id": "P9", "area_ha": "0"}])
    write_wave(tmp_path, 2020, GOOD[1:] + [{**GOOD[0], "plot_id": "P6"}, {**GOOD[2], "plot_id": "P2"}])
    con = duckdb.connect()
    for _ in range(2):  # re-running replaces everything the source wrote
        result = ingest_forestry_surveys(tmp_path, con)
    assert result.years == [2017, 2020]
    assert con.execute("select survey_year, count(*) from raw.forestry_survey_plots group by 1 order by 1").fetchall() \
        == [(2017, 4), (2020, 4)]
    reasons = con.execute("""select reason_code, value, row_number, is_fatal from raw.quarantine
                             where source = 'forestry_survey' order by reason_code, value""").fetchall()
    # P2 is 疏林地 in 2017 and appears twice in 2020 (conflicting: both quarantined) → in one wave only;
    # P1 is 2017 only, P5 and P6 are 2020 only; P9 has area 0
    assert [r[:2] for r in reasons] == [
        ("duplicate_plot_id", "P2"), ("duplicate_plot_id", "P2"), ("non_positive_area", "0"),
        ("plot_in_one_wave", "P1"), ("plot_in_one_wave", "P2"), ("plot_in_one_wave", "P5"), ("plot_in_one_wave", "P6")]
    assert not any(r[3] for r in reasons)
    log = con.execute("""select data_year, status, rows_loaded, rows_quarantined from raw.ingest_log
                         where source = 'forestry_survey' order by 1""").fetchall()
    assert log == [(2017, "loaded", 4, 1), (2020, "loaded", 4, 2)]


def test_plot_moving_to_another_league_is_reported(tmp_path):
    write_wave(tmp_path, 2017, [GOOD[0]])
    write_wave(tmp_path, 2020, [{**GOOD[0], "league_code": "152200"}])
    con = duckdb.connect()
    ingest_forestry_surveys(tmp_path, con)
    (reason,), = con.execute("select reason from raw.quarantine where reason_code = 'plot_league_changed'").fetchall()
    assert "plot P1 is in league 150700 in 2017 but in 152200 in 2020" in reason


def test_a_broken_file_never_stops_the_other_waves(tmp_path):
    write_wave(tmp_path, 2017, GOOD)
    broken = write_wave(tmp_path, 2020, GOOD)
    broken.write_bytes(b"\xff\xfe\xff")
    (tmp_path / "forestry_survey" / "latest").mkdir()
    con = duckdb.connect()
    result = ingest_forestry_surveys(tmp_path, con)
    assert result.years == [2017] and {r.reason_code for r in result.fatal} == {"unreadable_file", "bad_file_name"}
    assert con.execute("select count(*) from raw.forestry_survey_plots").fetchone() == (5,)
    assert con.execute("""select data_year, status from raw.ingest_log where source = 'forestry_survey'
                          order by data_year nulls last""").fetchall() == [(2017, "loaded"), (2020, "rejected"),
                                                                           (None, "rejected")]
    assert con.execute("select count(*) from raw.quarantine where is_fatal").fetchone() == (2,)


def test_absent_source_empties_the_table(tmp_path):
    con = duckdb.connect()
    write_wave(tmp_path, 2020, GOOD)
    ingest_forestry_surveys(tmp_path, con)
    (tmp_path / "forestry_survey" / "2020" / "plots.csv").unlink()
    (tmp_path / "forestry_survey" / "2020").rmdir()
    result = ingest_forestry_surveys(tmp_path, con)
    assert result.years == [] and result.fatal == []
    assert con.execute("select count(*) from raw.forestry_survey_plots").fetchone() == (0,)
    assert con.execute("select count(*) from raw.ingest_log where source = 'forestry_survey'").fetchone() == (0,)
