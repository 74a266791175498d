"""The sample enterprise reports: determinism, the committed sample, magnitudes, the yearbook
ceiling, clean arithmetic and the hook for later (labelled) falsifications."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from orchestration.ingest.credit_code import is_valid_credit_code
from sample_generator import DEFAULT_SEED, falsification
from sample_generator import enterprises as gen
from sample_generator.enterprise_profiles import MAX_SHARE_OF_YEARBOOK
from sample_generator.enterprise_reference import load

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture(scope="module")
def facts() -> gen.YearbookFacts:
    return gen.yearbook_facts(DEFAULT_SEED)


@pytest.fixture(scope="module")
def companies(facts) -> list[gen.Enterprise]:
    return gen.build_enterprises(DEFAULT_SEED, facts)


@pytest.fixture(scope="module")
def reports(companies) -> list[tuple[Path, dict]]:
    return gen.build_reports(DEFAULT_SEED, enterprises=companies)


def test_the_committed_sample_is_the_generated_one(tmp_path):
    # the committed sample carries the labelled falsification cases (`make sample` installs the hook)
    out = tmp_path / "sample"
    paths = sorted(p for p in falsification.generate(out, DEFAULT_SEED) if p.suffix == ".json")
    committed = sorted((SAMPLE / gen.FOLDER).rglob("*.json"))
    assert [p.relative_to(out) for p in paths] == [p.relative_to(SAMPLE) for p in committed]
    for fresh, old in zip(paths, committed):
        assert fresh.read_bytes() == old.read_bytes(), old


def test_a_few_hundred_enterprises_in_every_league_and_industry(companies, reports):
    assert 200 <= len(companies) <= 400
    assert {c.league_code for c in companies} == set(gen.p.LEAGUE_CODES)
    assert {c.industry for c in companies} == {"power", "steel", "nonferrous", "building_materials",
                                               "petrochemical", "chemical", "other"}
    assert {c.park for c in companies if c.park} == set(load().parks)
    assert all(is_valid_credit_code(c.credit_code) for c in companies)
    assert len({c.credit_code for c in companies}) == len(companies)
    assert len({c.name for c in companies}) == len(companies)
    assert Counter(r["report_year"] for _, r in reports).keys() == {2020, 2021, 2022, 2023, 2024}


def test_enterprise_fuel_use_stays_below_the_yearbook(facts, reports):
    use = gen.enterprise_fuel_use(r for _, r in reports)
    assert use
    for (league, year, fuel), amount in use.items():
        assert amount <= MAX_SHARE_OF_YEARBOOK * facts.caps[(league, year, fuel)], (league, year, fuel)


def test_aluminium_smelters_use_about_13000_kwh_per_tonne(companies, reports):
    by_code = {c.credit_code: c for c in companies}
    values = []
    for _, report in reports:
        if by_code[report["enterprise"]["credit_code"]].kind == "aluminium":
            electricity = sum(e["purchased_mwh"] + e["generated_mwh"] - e["sold_mwh"] for e in report["electricity"])
            values.append(electricity * 1000 / sum(p["output"] for p in report["production"]))
    assert values and all(12_500 < v < 14_000 for v in values)


def test_six_hundred_megawatt_units_burn_one_and_a_half_million_tonnes(companies, reports):
    by_code = {c.credit_code: c for c in companies}
    for _, report in reports:
        company = by_code[report["enterprise"]["credit_code"]]
        if company.kind != "power" or company.indicator is None or "600MW" not in company.indicator:
            continue
        gross_mwh = sum(e["generated_mwh"] for e in report["electricity"])
        if not 2 * 600 * 4300 * 0.95 <= gross_mwh <= 2 * 600 * 5300 * 1.1:
            continue  # a 1,000 MW plant
        tonnes = sum(line["consumption"] for line in report["fuel_combustion"] if line["fuel"] in ("原煤", "其他洗煤"))
        assert 1.1e6 <= tonnes / 2 <= 2.0e6, (company.name, tonnes / 2)
        return
    pytest.fail("no 2 × 600 MW plant in the sample")


def test_reports_reproduce_their_own_totals(reports):
    ref = load()
    for _, report in reports[::25]:
        assert gen.reported_emissions(report, ref) == report["reported_emissions_t"]
        reported = report["reported_emissions_t"]
        parts = reported["combustion"] + reported["process"] + reported["purchased_electricity"] + reported["purchased_heat"]
        assert reported["total"] == pytest.approx(parts, abs=0.011)


def test_lab_records_are_clean_and_unique(reports):
    ids = Counter()
    for _, report in reports:
        year = report["report_year"]
        for line in report["fuel_combustion"]:
            if line["ncv_source"] == "measured" or line["carbon_content_source"] == "measured":
                assert line["lab_report_id"] and line["lab_name"] and line["sample_date"]
                assert line["sample_date"].startswith(f"{year}-{line['month']:02d}-")
                ids[(line["lab_name"], line["lab_report_id"])] += 1
            else:
                assert line["lab_report_id"] is None
    assert ids and max(ids.values()) == 1  # every lab report id is used once (reuse is a screening signal)
    sources = Counter((line["ncv_source"], line["carbon_content_source"])
                      for _, report in reports for line in report["fuel_combustion"])
    assert sources[("measured", "measured")] and sources[("measured", "default")] and sources[("default", "default")]


def test_hooks_can_change_or_drop_a_report(companies):
    first = companies[0]

    def drop_first(report, context):
        return None if context.enterprise is first and context.year == 2020 else report

    def mark(report, context):
        context.labels["touched"] = True
        report["energy_consumption_tce"] = 1.0
        return report

    plain = gen.build_reports(DEFAULT_SEED, enterprises=companies[:3])
    hooked = gen.build_reports(DEFAULT_SEED, hooks=[drop_first, mark], enterprises=companies[:3])
    assert len(hooked) == len(plain) - 1
    assert all(report["energy_consumption_tce"] == 1.0 for _, report in hooked)
