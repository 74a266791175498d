"""The whole pipeline materialised in-process on the embedded sample (data/sample)."""

from __future__ import annotations

import pytest

from tests.conftest import query

YEARS = [2020, 2021, 2022, 2023, 2024]


# The sample carries labelled falsification cases (sample_generator/falsification.py, truth in
# data/sample_truth/): in the exceeds_yearbook cases a minor fuel is over-reported until the league's
# enterprises burn more than the yearbook, so the dbt test `not_exceeding` on league_fuel_reconciliation
# correctly warns (XSRC-YEARBOOK flags the enterprises). It is the only warning.
EXPECTED_SAMPLE_WARNING = "not_exceeding_league_fuel_reconciliation_yearbook_quantity__enterprise_quantity"


def test_run_succeeds_without_check_failures(sample_run):
    assert sample_run.success
    assert sample_run.check_errors == []
    assert [w.split(" · ")[1].split(":")[0] for w in sample_run.check_warnings] == [EXPECTED_SAMPLE_WARNING]
    assert sample_run.check_warnings[0].startswith("marts/league_fuel_reconciliation · ")


def test_every_league_every_year_has_complete_figures(sample_run):
    rows = query(sample_run.analytics, """
        select year, count(*), count(gross_t_co2), count(gdp_2020_prices_10k_yuan), count(energy_tce),
               count(controlled_energy_tce)
        from marts.league_emissions group by year order by year""")
    assert rows == [(year, 12, 12, 12, 12, 12) for year in YEARS]


def test_region_magnitudes_look_like_inner_mongolia(sample_run):
    for year, energy_mt, energy_100m_tce, complete in query(sample_run.analytics, """
            select year, energy_direct_t_co2 / 1e6, energy_tce / 1e8, n_leagues_complete
            from marts.region_emissions order by year"""):
        assert 750 <= energy_mt <= 950, year
        assert 2.7 <= energy_100m_tce <= 3.2, year
        assert complete == 12


def test_ordos_is_the_largest_emitter_every_year(sample_run):
    rows = query(sample_run.analytics, """
        select year, arg_max(league_code, gross_t_co2) from marts.league_emissions group by year order by year""")
    assert rows == [(year, "150600") for year in YEARS]


def test_western_coal_leagues_export_fossil_power(sample_run):
    rows = dict(query(sample_run.analytics, """
        select league_code, max(electricity_indirect_t_co2) from marts.league_emissions
        where league_code in ('150600', '152500') group by league_code"""))
    assert rows["150600"] < 0 and rows["152500"] < 0
    (region,), = query(sample_run.analytics, "select max(electricity_indirect_t_co2) from marts.region_emissions")
    assert region < 0  # the region as a whole exports fossil electricity


def test_region_equals_the_sum_of_the_leagues(sample_run):
    rows = query(sample_run.analytics, """
        select r.year, r.gross_t_co2, sum(l.gross_t_co2), r.controlled_energy_tce, sum(l.controlled_energy_tce)
        from marts.region_emissions r join marts.league_emissions l using (year) group by all""")
    for year, region, leagues, region_energy, league_energy in rows:
        assert region == pytest.approx(leagues) and region_energy == pytest.approx(league_energy), year


def test_controlled_energy_excludes_feedstock_and_renewables(sample_run):
    rows = query(sample_run.analytics, """
        select league_code, year, energy_tce, feedstock_tce, renewable_consumption_mwh, controlled_energy_tce
        from marts.league_emissions""")
    for code, year, energy, feedstock, renewable, controlled in rows:
        assert controlled < energy - feedstock, (code, year)
        assert feedstock >= 0 and renewable >= 0


def test_quarantine_on_the_sample(sample_run):
    # the yearbook is clean; the survey reports its plots measured in one wave only; enterprise and
    # CCUS rows (credit codes) are never in the analysts' file
    rows = query(sample_run.analytics, "select source, reason_code, count(*) from raw.quarantine group by all")
    assert {(source, reason) for source, reason, _ in rows} == {("forestry_survey", "plot_in_one_wave")}
    assert query(sample_run.analytics, "select count(*) from raw.ingest_log where source in ('enterprise_reports', 'ccus')") == [(0,)]
    assert query(sample_run.analytics, "select count(*), count(distinct data_year) from raw.ingest_log "
                                       "where source = 'yearbook' and status = 'loaded'") == [(5, 5)]


def test_published_file_layout(sample_run):
    schemas = {row[0] for row in query(sample_run.analytics, "select distinct schema_name from duckdb_tables()")}
    assert {"marts", "reference", "raw", "quality"} <= schemas
    assert "analytics" not in schemas  # a schema named like the file would make marts.x ambiguous
    (tags,), = query(sample_run.analytics,
                     "select tags['storage_version'] from duckdb_databases() where database_name = 'analytics'")
    assert tags.startswith("v1.0.0")  # readable by DuckDB >= 1.0
    comments = query(sample_run.analytics, """select comment from duckdb_columns()
                                              where table_name = 'league_emissions' and column_name = 'net_t_co2'""")
    assert comments and "gross" in comments[0][0]  # dbt docs travel with the published tables


def test_factor_version_is_recorded(sample_run):
    assert query(sample_run.analytics, "select distinct factor_version from marts.league_emissions_detail") == [("2026.1",)]
