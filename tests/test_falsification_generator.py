"""The labelled falsifications of the sample (sample_generator/falsification.py): deterministic,
the truth outside the landing layout and never read by the pipeline, clean controls untouched,
falsifiers that reproduce their own totals, the yearbook guard exempting exactly the labelled cases."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from orchestration.quality.detection import TRUTH_PATH, load_truth
from orchestration.quality.falsification import load_rules
from orchestration.settings import PROJECT_ROOT, SAMPLE_DATA_DIR
from sample_generator import DEFAULT_SEED
from sample_generator import enterprises as gen
from sample_generator import falsification as fz
from sample_generator.enterprise_reference import load


@pytest.fixture(scope="module")
def injector() -> fz.FalsificationInjector:
    return fz.FalsificationInjector(DEFAULT_SEED)


@pytest.fixture(scope="module")
def hooked(injector) -> dict[tuple[str, int], dict]:
    return {(r["enterprise"]["credit_code"], r["report_year"]): r
            for _, r in gen.build_reports(DEFAULT_SEED, hooks=[injector])}


@pytest.fixture(scope="module")
def clean() -> dict[tuple[str, int], dict]:
    return {(r["enterprise"]["credit_code"], r["report_year"]): r for _, r in gen.build_reports(DEFAULT_SEED)}


def test_the_truth_lives_next_to_the_landing_directory_not_in_it():
    assert fz.truth_path(SAMPLE_DATA_DIR) == PROJECT_ROOT / "data" / "sample_truth" / "falsification_truth.csv" == TRUTH_PATH
    assert SAMPLE_DATA_DIR not in TRUTH_PATH.parents
    # only the detection measure reads it; no pipeline module knows it
    readers = [p.relative_to(PROJECT_ROOT).as_posix() for p in (PROJECT_ROOT / "orchestration").rglob("*.py")
               if "sample_truth" in p.read_text(encoding="utf-8") or "falsification_truth" in p.read_text(encoding="utf-8")]
    assert readers == ["orchestration/quality/detection.py"]


def test_the_committed_truth_is_the_generated_one(injector, tmp_path):
    fresh = fz.write_truth(injector.truth, tmp_path / "truth.csv")
    assert fresh.read_bytes() == TRUTH_PATH.read_bytes()
    with open(TRUTH_PATH, encoding="utf-8", newline="") as handle:
        assert tuple(csv.DictReader(handle).fieldnames) == fz.TRUTH_COLUMNS


def test_generation_is_deterministic(injector):
    again = fz.FalsificationInjector(DEFAULT_SEED)
    assert again.truth == injector.truth and again.yearbook_guard_exempt == injector.yearbook_guard_exempt
    assert fz.FalsificationInjector(DEFAULT_SEED + 1).truth != injector.truth


def test_every_pattern_and_every_rule_with_a_case_has_enough_cases():
    truth = load_truth()
    cases = Counter(truth.unique("case_id")["pattern"].to_list())
    assert cases == {pattern: p.cases for pattern, p in fz.PATTERNS.items()}
    positives = Counter(truth["rule_id"].to_list())
    rule_ids = set(load_rules().ids)
    assert set(positives) == rule_ids - {"STAT-BENFORD"}  # no sample enterprise has enough series for Benford
    assert min(positives.values()) >= 5
    for row in truth.iter_rows(named=True):
        assert row["rule_id"] in fz.PATTERNS[row["pattern"]].rule_ids
    assert truth.select("credit_code", "report_year").unique().height >= 100  # ~10 % of the 1,131 reports


def test_clean_controls_are_untouched_and_falsifiers_reproduce_their_own_totals(injector, hooked, clean):
    labelled = {(row["credit_code"], row["report_year"]) for row in injector.truth}
    assert hooked.keys() == clean.keys()
    assert all(hooked[key] == clean[key] for key in clean if key not in labelled)
    assert all(hooked[key] != clean[key] for key in labelled)
    ref = load()
    understated = {(r["credit_code"], r["report_year"]) for r in injector.truth if r["pattern"] == "total_not_reproduced"}
    for key in labelled - understated:
        assert fz.claimed_emissions(hooked[key], ref) == hooked[key]["reported_emissions_t"], key
    for key in understated:
        assert fz.claimed_emissions(hooked[key], ref)["total"] > hooked[key]["reported_emissions_t"]["total"] * 1.03


def test_claimed_emissions_are_the_generators_own_on_clean_reports(clean):
    ref = load()
    for report in list(clean.values())[::40]:
        assert fz.claimed_emissions(report, ref) == gen.reported_emissions(report, ref)


def test_the_yearbook_guard_exempts_exactly_the_labelled_cases(injector, hooked):
    facts = gen.yearbook_facts(DEFAULT_SEED)
    gen.check_within_yearbook(hooked.values(), facts, exempt=injector.yearbook_guard_exempt)
    with pytest.raises(ValueError, match="sample enterprises exceed the yearbook") as error:
        gen.check_within_yearbook(hooked.values(), facts)
    exceeded = {tuple(line.split(":")[0].split(" ")) for line in str(error.value).splitlines()[1:]}
    assert {(league, int(year), fuel) for league, year, fuel in exceeded} == injector.yearbook_guard_exempt
    assert len(injector.yearbook_guard_exempt) == fz.PATTERNS["exceeds_yearbook"].cases


def test_the_sample_keeps_its_magnitudes(hooked, clean):
    """The injections are small against the totals: region emissions of the enterprises move < 1 %."""
    for year in gen.YEARS:
        before = sum(r["reported_emissions_t"]["total"] for (c, y), r in clean.items() if y == year)
        after = sum(r["reported_emissions_t"]["total"] for (c, y), r in hooked.items() if y == year)
        assert after == pytest.approx(before, rel=0.01), year


def test_only_the_enterprise_reports_carry_injections(tmp_path):
    """`python -m sample_generator` writes the injected reports and the truth; other sources are unchanged."""
    from sample_generator.__main__ import SOURCES

    assert SOURCES["enterprise_reports"] is fz.generate
    paths = fz.generate(tmp_path / "landing", DEFAULT_SEED)
    assert paths[-1] == tmp_path / "sample_truth" / "falsification_truth.csv"
    assert paths[-1].read_bytes() == TRUTH_PATH.read_bytes()
    assert {p.relative_to(tmp_path / "landing").parts[0] for p in paths[:-1]} == {"enterprise_reports"}
    assert Path(SAMPLE_DATA_DIR / "enterprise_reports").is_dir()
