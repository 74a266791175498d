"""Random sampling for on-site checks: reproducible with the seed, risk-weighted with a floor,
stratified with proportional allocation, without replacement; CSV, printed table and log."""

from __future__ import annotations

import csv
import random
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from orchestration.cli import main
from orchestration.inspection import sampling as s
from tests import inspection_fixture as fx

LEAGUES = {"150100": 16, "150200": 42, "150300": 34, "150600": 59, "152200": 2, "152900": 17}


def _population(seed: int = 1) -> list[dict]:
    """170 enterprises in 6 leagues; every tenth one flagged with a high risk, a few medium."""
    rng = random.Random(seed)
    units = []
    for league, count in LEAGUES.items():
        for i in range(count):
            risk = 90.0 if i % 10 == 3 else 30.0 if i % 10 == 7 else 0.0
            units.append({"credit_code": f"91{league}{i:04d}XXXXXXX"[:18], "enterprise_name": f"企业{league}-{i}",
                          "league_code": league, "industry": rng.choice(["power", "steel", "chemical"]),
                          "risk_score": risk, "n_flags": int(risk > 0), "top_rule_id": "LAB-DATE-CLUSTER" if risk else None,
                          "top_rule_title_zh": "化验日期集中" if risk else None,
                          "top_rule_title_en": "Lab dates clustered" if risk else None})
    return units


# ---------------------------------------------------------------------------------------------
# the design


def test_weight_formula_has_a_positive_floor() -> None:
    assert s.weight(0) == pytest.approx(0.1) and s.weight(None) == pytest.approx(0.1)
    assert s.weight(100) == pytest.approx(1.0) and s.weight(50) == pytest.approx(0.55)
    assert s.weight(250) == pytest.approx(1.0)  # clipped
    assert s.weight(0, floor=0.5) == pytest.approx(0.5)


def test_proportional_allocation() -> None:
    counts = {"a": 50, "b": 30, "c": 20}
    assert s.allocate(counts, 10) == {"a": 5, "b": 3, "c": 2}
    allocation = s.allocate(LEAGUES, 20)
    assert sum(allocation.values()) == 20 and min(allocation.values()) == 1  # every league at least one
    assert allocation["150600"] == max(allocation.values())
    assert all(allocation[h] <= LEAGUES[h] for h in LEAGUES)
    # fewer draws than strata: the largest strata get them
    assert s.allocate({"a": 50, "b": 30, "c": 2, "d": 1}, 2) == {"a": 1, "b": 1, "c": 0, "d": 0}
    # a stratum never gets more than it has
    assert s.allocate({"a": 1, "b": 9}, 8) == {"a": 1, "b": 7}
    with pytest.raises(s.SamplingError, match="sample size 11 > 10"):
        s.allocate({"a": 1, "b": 9}, 11)


def test_inclusion_probabilities_sum_to_n_with_certainty_units() -> None:
    probabilities = s.inclusion_probabilities([10.0, 1.0, 1.0, 1.0, 1.0], 2)
    assert sum(probabilities) == 2
    assert probabilities[0] == 1 and probabilities[1] == Fraction(1, 4)
    assert s.inclusion_probabilities([1.0, 1.0], 2) == [1, 1]


def test_systematic_pps_draws_n_distinct() -> None:
    probabilities = s.inclusion_probabilities([0.1 + i / 50 for i in range(40)], 7)
    for seed in range(50):
        chosen = s.systematic_pps([f"c{i:02d}" for i in range(40)], probabilities, random.Random(seed))
        assert len(chosen) == 7 == len(set(chosen))


def test_same_seed_same_sample_and_order_of_the_frame_does_not_matter() -> None:
    population = _population()
    first = s.draw(population, 2023, 20, seed=20240601)
    again = s.draw(list(reversed(population)), 2023, 20, seed=20240601)
    assert first.credit_codes == again.credit_codes
    assert [u.inclusion_probability for u in first.units] == [u.inclusion_probability for u in again.units]
    others = {tuple(s.draw(population, 2023, 20, seed=seed).credit_codes) for seed in range(1, 6)}
    assert tuple(first.credit_codes) not in others and len(others) == 5  # another seed, another sample


def test_stratified_without_replacement() -> None:
    sample = s.draw(_population(), 2023, 20, seed=7)
    assert len(sample.units) == 20 == len(set(sample.credit_codes))
    drawn = Counter(unit.stratum for unit in sample.units)
    assert {h: n for h, (_, n) in sample.allocation.items()} == {h: drawn.get(h, 0) for h in LEAGUES}
    assert all(unit.stratum == unit.league_code for unit in sample.units)
    by_industry = s.draw(_population(), 2023, 12, seed=7, strata="industry")
    assert {unit.stratum for unit in by_industry.units} == {"power", "steel", "chemical"}
    assert all(unit.stratum == unit.industry for unit in by_industry.units)


def test_risk_weighting_over_many_seeds() -> None:
    """High-risk enterprises are drawn far more often, clean ones still are, and each enterprise's
    frequency matches its printed inclusion probability."""
    population = _population()
    seeds = 1500
    hits: Counter[str] = Counter()
    probability: dict[str, float] = {}
    for seed in range(seeds):
        for unit in s.draw(population, 2023, 20, seed=seed).units:
            hits[unit.credit_code] += 1
            probability[unit.credit_code] = unit.inclusion_probability
    risk = {u["credit_code"]: u["risk_score"] for u in population}
    high = [hits[c] / seeds for c in risk if risk[c] == 90]
    clean = [hits[c] / seeds for c in risk if risk[c] == 0]
    assert sum(high) / len(high) > 5 * sum(clean) / len(clean)
    assert min(clean) > 0  # the floor: clean enterprises are drawn too
    for code, p in probability.items():  # frequency ≈ π (binomial, 5 standard errors)
        assert abs(hits[code] / seeds - p) < 5 * (p * (1 - p) / seeds) ** 0.5 + 1e-9, code


def test_reasons() -> None:
    population = _population()
    sample = s.draw(population, 2023, len(population), seed=3)  # everyone: every kind of reason
    reasons = {u.risk_score: u.reason for u in sample.units}
    assert reasons[90.0].startswith("必查 certain (π = 1); 高风险 high risk 90: LAB-DATE-CLUSTER 化验日期集中")
    assert "有疑点 flagged, risk 30" in reasons[30.0]
    assert "随机对照 random control" in reasons[0.0]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"size": 0}, "at least 1"),
    ({"size": 500}, "sample size 500 > the 170 enterprises that reported for 2023"),
    ({"size": 5, "strata": "park"}, "strata must be one of"),
    ({"size": 5, "floor": 0.0}, "floor must be in"),
])
def test_invalid_draws(kwargs, message) -> None:
    with pytest.raises(s.SamplingError, match=message):
        s.draw(_population(), 2023, seed=1, **kwargs)


# ---------------------------------------------------------------------------------------------
# the command


@pytest.fixture()
def published(tmp_path) -> Path:
    directory = tmp_path / "published"
    fx.write_restricted(directory / "restricted.duckdb")
    return directory


def _sample(published: Path, decisions: Path, *args: str) -> int:
    return main(["sample", "--published-dir", str(published), "--dispositions", str(decisions), *args])


def _csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_sample_command_writes_csv_log_and_table(published, tmp_path, capsys) -> None:
    decisions = tmp_path / "state" / "dispositions.jsonl"
    out = tmp_path / "draw.csv"
    assert _sample(published, decisions, "--year", "2023", "--size", "4", "--seed", "42", "--out", str(out)) == 0
    printed = capsys.readouterr().out
    assert "随机抽查 Random sample 2023: 4 of 6 enterprises" in printed and "seed 随机种子 42" in printed
    assert "抽取理由 reason" in printed and "--seed 42" in printed
    rows = _csv(out)
    assert len(rows) == 4 and {r["seed"] for r in rows} == {"42"} and {r["year"] for r in rows} == {"2023"}
    assert set(rows[0]) == set(s.CSV_COLUMNS)
    assert all(0 < float(r["inclusion_probability"]) <= 1 and r["reason"] for r in rows)
    (entry,) = s.read_log(decisions.parent / "sampling_log.jsonl")
    assert entry["seed"] == 42 and entry["size"] == 4 and entry["strata"] == "league" and entry["population"] == 6
    assert [u["credit_code"] for u in entry["sample"]] == [r["credit_code"] for r in rows]
    assert entry["csv"] == str(out) and entry["published_at"].startswith("2024-03-01")
    # the same seed on the same data: the same list, and the log keeps both draws
    again = tmp_path / "again.csv"
    assert _sample(published, decisions, "--year", "2023", "--size", "4", "--seed", "42", "--out", str(again)) == 0
    assert [r["credit_code"] for r in _csv(again)] == [r["credit_code"] for r in rows]
    assert len(s.read_log(decisions.parent / "sampling_log.jsonl")) == 2


def test_without_seed_a_fresh_one_is_recorded_and_repeats_the_draw(published, tmp_path, capsys) -> None:
    decisions = tmp_path / "state" / "dispositions.jsonl"
    assert _sample(published, decisions, "--year", "2023", "--size", "3", "--strata", "industry") == 0
    (entry,) = s.read_log(decisions.parent / "sampling_log.jsonl")
    assert Path(entry["csv"]).parent == decisions.parent / "samples" and Path(entry["csv"]).exists()
    assert {r["seed"] for r in _csv(Path(entry["csv"]))} == {str(entry["seed"])}
    repeat = tmp_path / "repeat.csv"
    assert _sample(published, decisions, "--year", "2023", "--size", "3", "--strata", "industry",
                   "--seed", str(entry["seed"]), "--out", str(repeat)) == 0
    assert [r["credit_code"] for r in _csv(repeat)] == [u["credit_code"] for u in entry["sample"]]


@pytest.mark.parametrize(("args", "message"), [
    (["--year", "2019", "--size", "3"], "no enterprise reported for 2019"),
    (["--year", "2023", "--size", "30"], "sample size 30 > the 6 enterprises"),
])
def test_sample_command_errors(published, tmp_path, capsys, args, message) -> None:
    assert _sample(published, tmp_path / "d.jsonl", *args) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "sampling_log.jsonl").exists()


def test_population_includes_enterprises_without_risk_rows(published) -> None:
    population, published_at = s.read_population(published / "restricted.duckdb", fx.YEAR)
    assert len(population) == len(fx.ENTERPRISES) and published_at
    clean = next(u for u in population if u["credit_code"] == fx.ENTERPRISES[5][0])
    assert clean["risk_score"] == 0.0 and clean["n_flags"] == 0
    top = next(u for u in population if u["credit_code"] == fx.ENTERPRISES[0][0])
    assert top["top_rule_id"] == "LAB-DATE-CLUSTER" and top["top_rule_title_en"] == "Lab dates clustered"
