"""CCUS reductions (DESIGN rule 5) and verified measures against hand-computed values, through
the real pipeline on tests/sinks_handcalc.py, and the CCUS figures of the embedded sample.

net reduction = stored + utilised × counts_as_permanent − leakage − capture MWh × grid factor −
capture GJ × 0.11 t CO2/GJ (热力). Grid factor: inner_mongolia 2021 = 0.7025 t CO2/MWh (2020 has no
published factor: the nearest year, 2021, is used and flagged).
"""

from __future__ import annotations

import pytest

from tests import sinks_handcalc as hc
from tests.conftest import query

ORDOS, HOHHOT, HULUNBUIR = hc.ORDOS, hc.HOHHOT, hc.HULUNBUIR


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return hc.run_once(tmp_path_factory)


def _project(run, year, project_id):
    return query(run.settings.warehouse, """
        select retained_t_co2, capture_electricity_t_co2, capture_heat_t_co2, net_reduction_t_co2,
               grid_factor_year, grid_factor_is_nearest_year
        from intermediate.int_ccus__project_reductions where year = ? and project_id = ?""", [year, project_id])[0]


def _ccus(run, code, year):
    return query(run.analytics, "select ccus_reduction_t_co2 from marts.league_emissions where league_code = ? and year = ?",
                 [code, year])[0][0]


def test_geological_storage_minus_leakage_and_capture_electricity(run):
    # stored 100,000 − leakage 500 − 10,000 MWh × 0.7025 = 100,000 − 500 − 7,025 = 92,475 t CO2
    retained, electricity, heat, net, factor_year, nearest = _project(run, 2020, "CCUS-S1")
    assert retained == 99_500 and electricity == pytest.approx(7_025) and heat == 0
    assert net == pytest.approx(92_475)
    assert (factor_year, nearest) == (2021, True)
    assert _project(run, 2021, "CCUS-S1")[4:] == (2021, False)


def test_enhanced_oil_recovery_counts_only_what_stays_stored(run):
    # 驱油: injected (utilised) 50,000 t does not count; stored (retained in the reservoir) 30,000 t does:
    # 30,000 − 5,000 MWh × 0.7025 − 10,000 GJ × 0.11 = 30,000 − 3,512.5 − 1,100 = 25,387.5 t CO2
    retained, electricity, heat, net, *_ = _project(run, 2020, "CCUS-E1")
    assert retained == 30_000 and electricity == pytest.approx(3_512.5) and heat == pytest.approx(1_100)
    assert net == pytest.approx(25_387.5)


def test_food_and_chemical_use_count_nothing_and_can_go_negative(run):
    # 食品: 0 stored, 20,000 t utilised (released when consumed) → 0 − 2,000 MWh × 0.7025 = −1,405 t CO2
    assert _project(run, 2020, "CCUS-F1")[0] == 0
    assert _project(run, 2020, "CCUS-F1")[3] == pytest.approx(-1_405)
    # 化工利用 (methanol): 0 − 1,000 × 0.7025 = −702.5 t CO2, reported, not clipped
    assert _project(run, 2020, "CCUS-C1")[3] == pytest.approx(-702.5)
    assert _ccus(run, HULUNBUIR, 2020) == pytest.approx(-702.5)


def test_league_reduction_is_the_sum_of_its_projects(run):
    # Ordos 2020: 92,475 + 25,387.5 − 1,405 = 116,457.5 t CO2; 2021: storage only, 92,475
    assert _ccus(run, ORDOS, 2020) == pytest.approx(116_457.5)
    assert _ccus(run, ORDOS, 2021) == pytest.approx(92_475)


def test_ccus_null_without_a_file_and_zero_without_a_project(run):
    # no ccus file for 2019 (nor 2015) → NULL, and net NULL; the 2020 file has no Hohhot project → 0
    assert _ccus(run, ORDOS, 2019) is None and _ccus(run, HOHHOT, 2019) is None
    assert query(run.analytics, "select net_t_co2 from marts.league_emissions where league_code = ? and year = 2019",
                 [ORDOS]) == [(None,)]
    assert _ccus(run, HOHHOT, 2020) == 0 and _ccus(run, HULUNBUIR, 2021) == 0
    (region_2019, region_2020), = query(run.analytics, """
        select max(ccus_reduction_t_co2) filter (where year = 2019), max(ccus_reduction_t_co2) filter (where year = 2020)
        from marts.region_emissions""")
    assert region_2019 is None and region_2020 == pytest.approx(116_457.5 - 702.5)


def test_detail_items_per_project(run):
    rows = {item: (activity, unit, factor, t_co2, basis) for item, activity, unit, factor, t_co2, basis in query(
        run.analytics, """select item, activity_value, activity_unit, factor_value, t_co2, basis
                          from marts.league_emissions_detail
                          where league_code = ? and year = 2020 and category = 'ccus'""", [ORDOS])}
    assert set(rows) == {"CCUS-S1 咸水层封存", "CCUS-E1 驱油封存", "CCUS-F1 食品级CO2"}
    activity, unit, factor, t_co2, basis = rows["CCUS-S1 咸水层封存"]
    # activity = stored + permanently utilised − leakage = 99,500 t; factor = 92,475 / 99,500 = 0.929397
    assert (activity, unit) == (99_500, "t CO2") and factor == pytest.approx(92_475 / 99_500)
    assert t_co2 == pytest.approx(92_475) and "nearest year" in basis
    assert "驱油, not counted" in rows["CCUS-E1 驱油封存"][4]
    # nothing retained: the factor is undefined and t_co2 is minus the capture energy CO2
    assert rows["CCUS-F1 食品级CO2"][0] == 0 and rows["CCUS-F1 食品级CO2"][2] is None
    assert rows["CCUS-F1 食品级CO2"][3] == pytest.approx(-1_405)


def test_detail_reproduces_net_with_the_sign_convention(run):
    rows = query(run.analytics, """
        select l.league_code, l.year, l.net_t_co2, sum(d.t_co2 * d.sign_in_net)
        from marts.league_emissions l join marts.league_emissions_detail d using (league_code, year)
        where l.net_t_co2 is not null group by all""")
    assert rows
    for code, year, net, detail in rows:
        assert detail == pytest.approx(net, abs=1e-6), (code, year)


def test_only_verified_measures_are_kept_and_none_is_added_to_emissions(run):
    rows = query(run.settings.warehouse, """select measure_id, kind, reduction_t_co2, in_league_emissions
                                            from intermediate.int_measures__verified_reductions order by measure_id""")
    assert rows == [("M1", "节能改造", 1_000, False), ("M2", "CCUS", 92_475, False)]
    # the verified CCUS measure does not add to the CCUS accounted from ccus/2020.csv (no double count)
    assert _ccus(run, ORDOS, 2020) == pytest.approx(116_457.5)


# --- the embedded sample ---------------------------------------------------------------------------


def test_sample_ccus_projects_and_rules(sample_run):
    rows = {(year, pid): (utilization, retained, net) for year, pid, utilization, retained, net in query(
        sample_run.settings.warehouse, """select year, project_id, utilization_type, retained_t_co2, net_reduction_t_co2
                                          from intermediate.int_ccus__project_reductions""")}
    ordos_storage = [v for (year, pid), v in rows.items() if pid == "CCUS-150600-001"]
    assert len(ordos_storage) == 5 and all(90_000 <= retained <= 110_000 for _, retained, _ in ordos_storage)
    assert {v[0] for v in rows.values()} >= {"驱油", "食品", "化工利用"}
    assert all(net < 0 for utilization, _, net in rows.values() if utilization in ("食品", "化工利用"))
    (ordos_2024,), = query(sample_run.analytics, """select ccus_reduction_t_co2 from marts.league_emissions
                                                   where league_code = '150600' and year = 2024""")
    assert 100_000 < ordos_2024 < 400_000
