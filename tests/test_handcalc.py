"""Every foundation formula against hand-computed values, through the real pipeline (Dagster →
dbt → published file) on tests/handcalc.py. Arithmetic is written out in the comments.

Factors (ref_fuels 2026.1): raw coal 20.908 GJ/t × 26.37 tC/TJ × 0.94 × 44/12 = 1.9002988 t CO2/t;
natural gas 0.038931 GJ/m3 × 15.3 × 0.99 × 44/12 = 0.00216219 t CO2/m3 (21.6219 t per 10^4 m3);
diesel 42.652 × 20.2 × 0.98 × 44/12 = 3.0959096 t CO2/t.
"""

from __future__ import annotations

import pytest

from tests.conftest import query

ORDOS, HOHHOT, HULUNBUIR = "150600", "150100", "150700"


def _league(run, code, year, column):
    return query(run.analytics, f"select {column} from marts.league_emissions where league_code = ? and year = ?",
                 [code, year])[0][0]


def _detail(run, code, year, category, item):
    return query(run.analytics, """select activity_value, factor_value, t_co2 from marts.league_emissions_detail
                                   where league_code = ? and year = ? and category = ? and item = ?""",
                 [code, year, category, item])[0]


def test_ten_thousand_tonnes_of_raw_coal(handcalc_run):
    # reference/README worked check: 10,000 t raw coal = 19,003 t CO2
    _, factor, _ = _detail(handcalc_run, ORDOS, 2020, "energy_direct", "原煤")
    assert 10_000 * factor == pytest.approx(19_003, abs=0.5)


def test_combusted_amount_excludes_transformation_and_the_feedstock_subset(handcalc_run):
    # Ordos 原煤: 火力发电 100 + 工业 30 − 其中：用作原料、材料 10 = 120 万吨; 炼焦 50 万吨 is not combusted
    activity, _, t_co2 = _detail(handcalc_run, ORDOS, 2020, "energy_direct", "原煤")
    assert activity == pytest.approx(1_200_000)
    assert t_co2 == pytest.approx(1_200_000 * 1.9002988488, rel=1e-9)  # 2,280,358.6 t


def test_gas_and_diesel(handcalc_run):
    # 0.5 亿 m3 = 5×10^7 m3 → 5,000 × 21.6219 = 108,109.4 t; 2 万吨 diesel = 20,000 t → 61,918.2 t
    assert _detail(handcalc_run, ORDOS, 2020, "energy_direct", "天然气")[2] == pytest.approx(108_109.44, abs=0.01)
    assert _detail(handcalc_run, ORDOS, 2020, "energy_direct", "柴油")[2] == pytest.approx(61_918.19, abs=0.01)


def test_energy_direct_total_ignores_the_electricity_column(handcalc_run):
    # 2,280,358.62 + 108,109.44 + 61,918.19 = 2,450,386.25 (the 电力 column of 城镇居民生活 adds nothing)
    assert _league(handcalc_run, ORDOS, 2020, "energy_direct_t_co2") == pytest.approx(2_450_386.25, abs=0.01)
    assert _league(handcalc_run, HOHHOT, 2020, "energy_direct_t_co2") == pytest.approx(480_000 * 1.9002988488)


def test_exporter_gets_a_negative_indirect_entry_with_its_own_share_and_factor(handcalc_run):
    # Ordos: 调出 20 亿kWh, 调入 not reported → net −2,000,000 MWh; own share 火电 30 / 发电量 40 = 0.75;
    # own factor = CO2 of 火力发电 (1,000,000 t × 1.9002988) / 3,000,000 MWh = 0.6334329 t/MWh
    # → −2,000,000 × 0.75 × 0.6334329 = −950,149.4 t
    assert _league(handcalc_run, ORDOS, 2020, "electricity_indirect_t_co2") == pytest.approx(-950_149.42, abs=0.01)
    activity, factor, _ = _detail(handcalc_run, ORDOS, 2020, "electricity_indirect", "化石能源电力净调入")
    assert activity == -2_000_000 and factor == pytest.approx(0.75 * 0.63343295, rel=1e-6)


def test_importer_uses_its_grid_region_pool(handcalc_run):
    # Hohhot imports 10 亿kWh = 1,000,000 MWh. mengxi pool: 火电 30 + 12 = 42, 发电量 40 + 12 = 52 (others 0)
    # → share 42/52; factor (1,900,298.8 + 912,143.4) t / 4,200,000 MWh = 0.6696291 t/MWh
    # → 1,000,000 × 0.8076923 × 0.6696291 = 540,854.3 t
    assert _league(handcalc_run, HOHHOT, 2020, "electricity_indirect_t_co2") == pytest.approx(540_854.29, abs=0.01)


def test_importer_in_a_pool_without_thermal_power(handcalc_run):
    # Hulunbuir (mengdong) imports 2 亿kWh, but the mengdong pool has no 火电: share 0 → 0 t, and the
    # published northeast-grid factor is the fallback (nearest year to 2020 is 2021)
    assert _league(handcalc_run, HULUNBUIR, 2020, "electricity_indirect_t_co2") == 0
    rows = query(handcalc_run.settings.warehouse,
                 "select factor_basis from intermediate.int_electricity__transfers where league_code = ? and year = 2020",
                 [HULUNBUIR])
    assert rows == [("published_fallback:northeast_grid:2021",)]


def test_process_emissions(handcalc_run):
    # 电石 10 万吨 = 100,000 t × 1.09 = 109,000 t
    assert _league(handcalc_run, ORDOS, 2020, "process_t_co2") == pytest.approx(109_000)


def test_gross_is_the_sum_of_the_three(handcalc_run):
    # 2,450,386.25 − 950,149.42 + 109,000 = 1,609,236.83
    assert _league(handcalc_run, ORDOS, 2020, "gross_t_co2") == pytest.approx(1_609_236.83, abs=0.01)


def test_gdp_chain_linked_to_2020_prices(handcalc_run):
    # Ordos: 2020 3,000 亿元 = 30,000,000 万元; 2021 index 106 → 31,800,000; 2019 = 30,000,000 / 1.03
    assert _league(handcalc_run, ORDOS, 2020, "gdp_2020_prices_10k_yuan") == pytest.approx(30_000_000)
    assert _league(handcalc_run, ORDOS, 2021, "gdp_2020_prices_10k_yuan") == pytest.approx(31_800_000)
    assert _league(handcalc_run, ORDOS, 2019, "gdp_2020_prices_10k_yuan") == pytest.approx(29_126_213.59, abs=0.01)
    assert _league(handcalc_run, ORDOS, 2021, "gdp_current_10k_yuan") == pytest.approx(33_000_000)


def test_carbon_intensity(handcalc_run):
    # net is NULL while sinks and CCUS are not accounted; the gross intensity is 1,609,236.83 / 31,800,000
    assert _league(handcalc_run, ORDOS, 2021, "gross_carbon_intensity_t_per_10k_yuan") == pytest.approx(
        1_609_236.83 / 31_800_000, rel=1e-8)


def test_energy_use_and_controlled_energy(handcalc_run):
    # fuels: 原煤 (火力发电 100 + 工业 30) 万吨 × 0.7143 = 928,590; gas 5×10^7 × 0.0012143 = 60,715;
    #        diesel 20,000 × 1.4571 = 29,142 → 1,018,447 tce (炼焦 and the 电力 column left out)
    # electricity: (non-fossil 1,000,000 MWh + net −2,000,000 MWh) × 0.3055 tce/MWh (2020) = −305,500
    # energy use = 712,947 tce; feedstock = 10 万吨 × 0.7143 = 71,430 tce
    # renewable consumption = 1,000,000 + (−2,000,000) × (1 − 0.75) = 500,000 MWh
    # controlled = 712,947 − 71,430 − 500,000 × 0.3055 = 488,767 tce
    assert _league(handcalc_run, ORDOS, 2020, "energy_tce") == pytest.approx(712_947, abs=0.01)
    assert _league(handcalc_run, ORDOS, 2020, "feedstock_tce") == pytest.approx(71_430, abs=0.01)
    assert _league(handcalc_run, ORDOS, 2020, "renewable_consumption_mwh") == pytest.approx(500_000)
    assert _league(handcalc_run, ORDOS, 2020, "controlled_energy_tce") == pytest.approx(488_767, abs=0.01)
    # 2021 uses that year's coal-equivalent factor 0.3047: 1,018,447 − 1,000,000 × 0.3047 = 713,747
    assert _league(handcalc_run, ORDOS, 2021, "energy_tce") == pytest.approx(713_747, abs=0.01)


def test_region_is_the_sum_of_the_leagues(handcalc_run):
    # the nine other leagues report zeros: region gross = Ordos 1,609,236.83 + Hohhot (912,143.45 + 540,854.29)
    (gross, complete), = query(handcalc_run.analytics,
                               "select gross_t_co2, n_leagues_complete from marts.region_emissions where year = 2020")
    assert gross == pytest.approx(1_609_236.83 + 912_143.45 + 540_854.29, abs=0.02) and complete == 12


def test_detail_reproduces_the_league_totals(handcalc_run):
    rows = query(handcalc_run.analytics, """
        select l.league_code, l.year, l.energy_direct_t_co2 + l.electricity_indirect_t_co2 + l.process_t_co2,
               sum(d.t_co2) filter (where d.category in ('energy_direct', 'electricity_indirect', 'process'))
        from marts.league_emissions l join marts.league_emissions_detail d using (league_code, year)
        group by all""")
    for code, year, total, detail in rows:
        assert detail == pytest.approx(total, abs=1e-6), (code, year)
