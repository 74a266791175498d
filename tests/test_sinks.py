"""Ecosystem stocks and sinks (DESIGN rule 4) against hand-computed values, through the real
pipeline on tests/sinks_handcalc.py, and the sink/stock figures of the embedded sample.

Parameters (seeds 2026.1): t C per m3 of stock volume = wood density × BEF × (1 + R:S) × CF:
  落叶松 0.49 × 1.416 × 1.212 × 0.5211 = 0.43821075; 榆树 0.598 × 1.674 × 1.261 × 0.4834 = 0.61020866;
  油松 0.36 × 1.589 × 1.251 × 0.5207 = 0.37262440.
  灌木林 (1 + 0.4) × 0.47 = 0.658 t C per t shrub biomass; 草地 0.01 × (1 + 5.9) × 0.45 = 0.03105 t C/ha per
  g/m2; 湿地 0.45 t C/ha/yr. 44/12 = 3.6666667.
"""

from __future__ import annotations

import math

import pytest

from tests import sinks_handcalc as hc
from tests.conftest import query

ORDOS, HOHHOT, HULUNBUIR, BAOTOU = hc.ORDOS, hc.HOHHOT, hc.HULUNBUIR, hc.BAOTOU
LEAGUES = 12
SAMPLE_YEARS = (2020, 2021, 2022, 2023, 2024)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return hc.run_once(tmp_path_factory)


def _stock(run, code, wave, land_class):
    return query(run.analytics, """select stock_t_c, stock_se_t_c, n_plots, area_ha from marts.league_carbon_stocks
                                   where league_code = ? and survey_year = ? and land_class = ?""",
                 [code, wave, land_class])[0]


def _sink_item(run, code, year, land_class):
    rows = query(run.analytics, """select activity_value, activity_unit, factor_value, t_co2, basis
                                   from marts.league_emissions_detail
                                   where league_code = ? and year = ? and category = 'sink' and item = ?""",
                 [code, year, land_class])
    return rows[0] if rows else None


def _league(run, code, year, columns):
    return query(run.analytics, f"select {columns} from marts.league_emissions where league_code = ? and year = ?",
                 [code, year])[0]


# --- stocks of each land class ---------------------------------------------------------------


def test_forest_stock_from_volume(run):
    # 乔木林 Ordos 2015: two larch plots, 100 m3/ha on 1,000 ha each → 2 × 100 × 1,000 × 0.43821075 = 87,642.15 t C
    stock, se, n, area = _stock(run, ORDOS, 2015, "乔木林")
    assert stock == pytest.approx(87_642.1498, abs=0.001) and n == 2 and area == 2_000
    # identical plots: SE = sqrt(2/1 × 0) = 0
    assert se == pytest.approx(0, abs=1e-9)


def test_sparse_forest_uses_the_tree_species_parameters(run):
    # 疏林地 Ordos 2015: elm 20 m3/ha × 500 ha × 0.61020866 = 6,102.09 t C; 2020: 25 m3/ha → 7,627.61 t C
    assert _stock(run, ORDOS, 2015, "疏林地")[0] == pytest.approx(6_102.0866, abs=0.001)
    assert _stock(run, ORDOS, 2020, "疏林地")[0] == pytest.approx(7_627.6083, abs=0.001)


def test_shrub_stock(run):
    # 灌木林 Ordos 2015: 10 t/ha × (1 + 0.4) × 0.47 × 1,000 ha = 6,580 t C; 2020: 12 t/ha → 7,896 t C
    assert _stock(run, ORDOS, 2015, "灌木林")[0] == pytest.approx(6_580)
    assert _stock(run, ORDOS, 2020, "灌木林")[0] == pytest.approx(7_896)


def test_grass_stock_and_its_standard_error(run):
    # 草地 Ordos 2015: AGB 100, 200, 300 g/m2 → × 0.01 = 1, 2, 3 t/ha × 6.9 × 0.45 × 1,000 ha
    #   = 3,105 + 6,210 + 9,315 = 18,630 t C
    # SE = sqrt(n/(n−1) × Σ (x − x̄)²) = sqrt(3/2 × (3,105² + 0 + 3,105²)) = 3,105 × √3 = 5,378.02 t C
    stock, se, n, area = _stock(run, ORDOS, 2015, "草地")
    assert stock == pytest.approx(18_630) and n == 3 and area == 3_000
    assert se == pytest.approx(3_105 * math.sqrt(3)) and se == pytest.approx(5_378.02, abs=0.01)


def test_standard_error_of_unequal_plots(run):
    # 乔木林 Ordos 2020: x = 110, 40, 50 m3/ha × 1,000 ha × 0.43821075 = 48,203.2, 17,528.4, 21,910.5 t C
    # x̄ = 66.667 units; deviations 43.333, −26.667, −16.667 → Σ² = 2,866.67; × 3/2 = 4,300
    # SE = 438.21075 × √4,300 = 28,735.40 t C
    stock, se, n, _ = _stock(run, ORDOS, 2020, "乔木林")
    assert n == 3 and stock == pytest.approx(200 * 1_000 * hc.LARCH)
    assert se == pytest.approx(28_735.40, abs=0.01)


def test_wetland_has_area_but_no_stock(run):
    stock, se, n, area = _stock(run, ORDOS, 2020, "湿地")
    assert stock is None and se is None and n == 1 and area == 2_400


def test_every_league_wave_and_land_class_has_a_row(run):
    rows = query(run.analytics, "select survey_year, count(*) from marts.league_carbon_stocks group by 1 order by 1")
    assert rows == [(2015, LEAGUES * 5), (2020, LEAGUES * 5)]
    # a league without plots: stock 0 (the survey is present), SE NULL (fewer than 2 plots)
    assert _stock(run, BAOTOU, 2020, "乔木林") == (0, None, 0, 0)


def test_single_plot_has_no_standard_error(run):
    # Hulunbuir: one plot → no variance can be estimated
    stock, se, n, _ = _stock(run, HULUNBUIR, 2015, "乔木林")
    assert n == 1 and se is None and stock > 0


# --- the stock-difference sink -----------------------------------------------------------------


def test_worked_example_stock_difference(run):
    # Hulunbuir 乔木林: 471.29 Tg C (2015) → 505.76 Tg C (2020), five years apart:
    #   (505.76 − 471.29) / 5 = 6.894 Tg C/yr × 44/12 = 25.278 Mt CO2/yr (removal)
    assert _stock(run, HULUNBUIR, 2015, "乔木林")[0] == pytest.approx(471.29e6, abs=0.01)
    assert _stock(run, HULUNBUIR, 2020, "乔木林")[0] == pytest.approx(505.76e6, abs=0.01)
    activity, unit, factor, t_co2, _ = _sink_item(run, HULUNBUIR, 2020, "乔木林")
    assert unit == "t C/yr" and activity == pytest.approx(6.894e6, abs=0.01)
    assert factor == pytest.approx(44 / 12)
    assert t_co2 == pytest.approx(25.278e6, abs=0.01)
    assert round(t_co2 / 1e6, 2) == 25.28


def test_permanent_plots_only_and_a_burned_plot_makes_the_change_negative(run):
    # Ordos 乔木林: the 2015 and 2020 totals are equal (200 m3/ha-plots × 1,000 ha × 0.43821 = 87,642.15 t C
    # both times) but the new plot O-QM-3 (2020 only) is left out: permanent plots 110 + 40 − 2 × 100
    # = −50 m3/ha × 1,000 ha × 0.43821075 = −21,910.54 t C / 5 yr = −4,382.11 t C/yr × 44/12 = −16,067.73 t CO2
    activity, _, _, t_co2, basis = _sink_item(run, ORDOS, 2019, "乔木林")
    assert activity == pytest.approx(-4_382.1075, abs=0.001)
    assert t_co2 == pytest.approx(-16_067.7275, abs=0.001)
    assert "2015→2020 of 2 permanent plots" in basis


def test_sink_of_each_stock_class(run):
    # 疏林地: (25 − 20) × 500 × 0.61020866 = 1,525.52 t C / 5 = 305.10 t C/yr → 1,118.72 t CO2
    assert _sink_item(run, ORDOS, 2020, "疏林地")[3] == pytest.approx(1_118.7159, abs=0.001)
    # 灌木林: (12 − 10) × 0.658 × 1,000 = 1,316 t C / 5 = 263.2 t C/yr → 965.07 t CO2
    assert _sink_item(run, ORDOS, 2020, "灌木林")[3] == pytest.approx(965.0667, abs=0.001)
    # 草地: (110 + 210 + 320 − 600) g/m2 × 0.03105 × 1,000 = 1,242 t C / 5 = 248.4 t C/yr → 910.8 t CO2
    assert _sink_item(run, ORDOS, 2020, "草地")[3] == pytest.approx(910.8)


def test_wetland_sink_uses_the_area_of_the_latest_wave(run):
    # 2019: area of the 2015 wave 2,000 ha × 0.45 t C/ha/yr × 44/12 = 3,300 t CO2
    # 2020 and 2021: area of the 2020 wave 2,400 ha → 3,960 t CO2
    activity, unit, factor, t_co2, _ = _sink_item(run, ORDOS, 2019, "湿地")
    assert (activity, unit) == (2_000, "ha") and factor == pytest.approx(0.45 * 44 / 12) and t_co2 == pytest.approx(3_300)
    assert _sink_item(run, ORDOS, 2020, "湿地")[3] == pytest.approx(3_960)
    assert _sink_item(run, ORDOS, 2021, "湿地")[3] == pytest.approx(3_960)


def test_league_sink_is_the_sum_of_its_land_classes(run):
    # 2019: −16,067.73 + 1,118.72 + 965.07 + 910.80 + 3,300 = −9,773.14 t CO2 (a net stock loss)
    # 2020: the same with the wetland at 3,960 → −9,113.14 t CO2
    assert _league(run, ORDOS, 2019, "sink_t_co2")[0] == pytest.approx(-9_773.1449, abs=0.001)
    assert _league(run, ORDOS, 2020, "sink_t_co2")[0] == pytest.approx(-9_113.1449, abs=0.001)


def test_a_plot_that_changed_land_class_counts_under_its_later_class(run):
    # Hohhot H-GM-1: 灌木林 5 t/ha × 0.658 × 100 ha = 329 t C (2015) → 乔木林 油松 30 m3/ha × 0.37262440 × 100 ha
    # = 1,117.87 t C (2020): +788.87 t C / 5 = 157.77 t C/yr → 578.51 t CO2 under 乔木林; H-CD-1 (2015 only) is out
    assert _sink_item(run, HOHHOT, 2020, "乔木林")[3] == pytest.approx(578.5070, abs=0.001)
    assert _sink_item(run, HOHHOT, 2020, "灌木林") is None and _sink_item(run, HOHHOT, 2020, "草地") is None
    assert _league(run, HOHHOT, 2020, "sink_t_co2")[0] == pytest.approx(578.5070, abs=0.001)


def test_sink_years_null_zero_and_carried_forward(run):
    # 2015 is the first wave: no pair covers it → NULL (and net NULL); 2019-2020 lie in 2015→2020;
    # 2021 is after the last wave: the 2015→2020 annual sink is carried forward
    assert _league(run, ORDOS, 2015, "sink_t_co2, sink_method, net_t_co2") == (None, None, None)
    assert _league(run, ORDOS, 2019, "sink_method, sink_survey_period") == ("stock_difference", "2015-2020")
    sink_2021, method = _league(run, ORDOS, 2021, "sink_t_co2, sink_method")
    assert method == "carried_forward" and sink_2021 == pytest.approx(-9_113.1449, abs=0.001)
    # Baotou has no plot: 0 when the survey covers the year, NULL when it does not
    assert _league(run, BAOTOU, 2020, "sink_t_co2")[0] == 0
    assert _league(run, BAOTOU, 2015, "sink_t_co2")[0] is None


def test_plots_in_one_wave_are_reported_not_dropped(run):
    rows = query(run.settings.warehouse, """select source_file, row_number, value, reason from raw.quarantine
                                            where source = 'forestry_survey' and reason_code = 'plot_in_one_wave'
                                            order by value""")
    assert [(r[2]) for r in rows] == ["H-CD-1", "O-QM-3"]
    assert rows[1][0].endswith("2020/plots.csv") and "surveyed in 2020 but not in 2015" in rows[1][3]
    # still loaded and counted in its wave's stock
    assert query(run.settings.warehouse, "select count(*) from raw.forestry_survey_plots where plot_id = 'O-QM-3'") == [(1,)]


def test_net_emissions_subtract_sink_and_ccus(run):
    # Ordos 2020: net = gross − CCUS − sink = 1,609,236.83 − 116,457.5 − (−9,113.14): a stock loss raises net
    gross, ccus, sink, net, intensity, gdp = _league(
        run, ORDOS, 2020, "gross_t_co2, ccus_reduction_t_co2, sink_t_co2, net_t_co2, "
        "carbon_intensity_t_per_10k_yuan, gdp_2020_prices_10k_yuan")
    assert net == pytest.approx(gross - ccus - sink) and net == pytest.approx(1_609_236.83 - 116_457.5 + 9_113.1449, abs=0.01)
    assert intensity == pytest.approx(net / gdp)


def test_region_sums_sinks_and_carries_the_method(run):
    (sink, method, net, gross, ccus), = query(run.analytics, """
        select sink_t_co2, sink_method, net_t_co2, gross_t_co2, ccus_reduction_t_co2
        from marts.region_emissions where year = 2021""")
    # Ordos −9,113.14 + Hohhot 578.51 + Hulunbuir 25,278,000 (the other nine leagues have no plot: 0)
    assert sink == pytest.approx(-9_113.1449 + 578.5070 + 25_278_000, abs=0.01) and method == "carried_forward"
    assert net == pytest.approx(gross - ccus - sink)
    assert query(run.analytics, "select sink_t_co2 from marts.region_emissions where year = 2015") == [(None,)]


# --- the embedded sample ---------------------------------------------------------------------------


def test_sample_every_league_and_year_has_sink_ccus_and_net(sample_run):
    rows = query(sample_run.analytics, """
        select year, count(sink_t_co2), count(ccus_reduction_t_co2), count(net_t_co2), count(carbon_intensity_t_per_10k_yuan)
        from marts.league_emissions group by year order by year""")
    assert rows == [(year, LEAGUES, LEAGUES, LEAGUES, LEAGUES) for year in SAMPLE_YEARS]
    methods = dict(query(sample_run.analytics, "select year, sink_method from marts.region_emissions"))
    assert methods == {2020: "stock_difference", 2021: "stock_difference", 2022: "stock_difference",
                       2023: "stock_difference", 2024: "carried_forward"}


def test_sample_region_sink_is_tens_of_megatonnes(sample_run):
    for year, sink, net, gross in query(sample_run.analytics, """
            select year, sink_t_co2 / 1e6, net_t_co2 / 1e6, gross_t_co2 / 1e6 from marts.region_emissions"""):
        assert 30 <= sink <= 100, year
        assert net < gross, year


def test_sample_hulunbuir_and_hinggan_hold_most_forest_carbon(sample_run):
    shares = dict(query(sample_run.analytics, """
        select league_code, sum(stock_t_c) / sum(sum(stock_t_c)) over ()
        from marts.league_carbon_stocks
        where survey_year = 2020 and land_class in ('乔木林', '疏林地', '灌木林') group by league_code"""))
    assert 0.60 <= shares[HULUNBUIR] <= 0.75 and 0.12 <= shares["152200"] <= 0.22
    assert shares[HULUNBUIR] + shares["152200"] >= 0.80
    (forest_pg,), = query(sample_run.analytics, """select sum(stock_t_c) / 1e9 from marts.league_carbon_stocks
                                                   where survey_year = 2020 and land_class in ('乔木林', '疏林地', '灌木林')""")
    assert 0.7 <= forest_pg <= 0.95  # Inner Mongolia forest vegetation ≈ 0.8 Pg C


def test_sample_stocks_for_every_league_and_wave_with_standard_errors(sample_run):
    rows = query(sample_run.analytics, """
        select league_code, survey_year, sum(stock_t_c), max(stock_se_t_c), sum(n_plots)
        from marts.league_carbon_stocks group by all""")
    assert {(code, year) for code, year, *_ in rows} == {
        (code, year) for code in {r[0] for r in rows} for year in (2017, 2020, 2023)}
    assert len(rows) == LEAGUES * 3
    for code, year, stock, se, plots in rows:
        assert stock > 0 and se > 0 and plots > 0, (code, year)


def test_sample_has_negative_plot_changes_and_unpaired_plots(sample_run):
    (negative,), = query(sample_run.settings.warehouse, """
        select count(*) from intermediate.int_sinks__plot_carbon a join intermediate.int_sinks__plot_carbon b
            on a.plot_id = b.plot_id and b.survey_year = a.survey_year + 3
        where b.stock_t_c < a.stock_t_c""")
    assert negative > 10  # harvested, burned, drought and weather
    (unpaired,), = query(sample_run.settings.warehouse, """select count(*) from raw.quarantine
                                                          where source = 'forestry_survey' and reason_code = 'plot_in_one_wave'""")
    assert 0 < unpaired < 50
