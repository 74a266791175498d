"""Random sampling for on-site checks (随机抽查): a reproducible, risk-weighted, stratified sample
of the enterprises that reported for a year, drawn without replacement.

Design (`draw`):
1. **Frame**: every enterprise with a report for the year (`marts.enterprise_emissions`, plus any
   enterprise of `marts.enterprise_risk`) in the published restricted.duckdb; risk_score 0 when the
   enterprise has no risk row.
2. **Strata** (`--strata league|industry`, default league): proportional allocation
   n_h = size × N_h / N, rounded by largest remainder (ties: the larger stratum, then the stratum
   code), with at least one enterprise per non-empty stratum when size ≥ the number of strata,
   and never more than N_h.
3. **Weights**: w_i = floor + (1 − floor) × risk_score_i / 100 (floor default 0.1): an enterprise
   with risk 100 weighs 10 times one without flags, and every enterprise has a positive chance, so
   clean ones are drawn as random controls too.
4. **Inclusion probabilities** within stratum h: π_i = n_h × w_i / Σ_h w (πps); an enterprise whose
   π would reach 1 is taken with certainty (π = 1) and the others are recomputed over the rest
   until none exceeds 1. Σ π_i = n_h exactly (rational arithmetic).
5. **Draw**: randomised systematic PPS (Hartley–Rao): the stratum's enterprises, sorted by credit
   code, are shuffled by a generator seeded with (seed, stratum); with one uniform start
   u ∈ [0, 1) from the same generator, the enterprises whose cumulative-π interval contains
   u, u + 1, …, u + n_h − 1 are drawn. Each enterprise is drawn with probability exactly π_i,
   none twice. 1/π_i is its design weight (Horvitz–Thompson) for estimating from the sample.
6. **Seed**: given with `--seed`, else a fresh one from the operating system's entropy (a seed
   derived from the year would let anyone predict the sample). It is printed, written in every
   CSV row and in the sampling log: the same seed on the same published data gives the same sample.

The reason printed for each drawn enterprise says what it is: 高风险 high risk (risk ≥ 50, with
its top rule), 有疑点 flagged (a flag, lower risk) or 随机对照 random control (no flag), prefixed
必查 certain when π = 1.
"""

from __future__ import annotations

import csv
import json
import random
import secrets
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

import duckdb

from orchestration.inspection.report import (
    HIGH_RISK,
    industry_label,
    league_label,
    require_restricted,
)

STRATA = {"league": "league_code", "industry": "industry"}
DEFAULT_FLOOR = 0.1
LOG_NAME = "sampling_log.jsonl"
CSV_COLUMNS = (
    "year", "seed", "stratum", "credit_code", "enterprise_name", "league_code", "league_name", "industry",
    "risk_score", "n_flags", "top_rule_id", "top_rule_title", "weight", "inclusion_probability",
    "design_weight", "reason",
)


class SamplingError(ValueError):
    """A sample that cannot be drawn (no data for the year, size too large, …)."""


@dataclass(frozen=True)
class Drawn:
    stratum: str
    credit_code: str
    enterprise_name: str
    league_code: str
    league_name: str
    industry: str
    risk_score: float
    n_flags: int
    top_rule_id: str
    top_rule_title: str
    weight: float
    inclusion_probability: float
    reason: str

    @property
    def design_weight(self) -> float:
        return 1 / self.inclusion_probability


@dataclass
class Sample:
    year: int
    size: int
    seed: int
    strata: str
    floor: float
    population: int
    allocation: dict[str, tuple[int, int]]  # stratum -> (enterprises, drawn)
    units: list[Drawn]
    drawn_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    restricted_file: str = ""
    published_at: str | None = None

    @property
    def credit_codes(self) -> list[str]:
        return [unit.credit_code for unit in self.units]


def new_seed() -> int:
    """A fresh seed from the operating system (recorded with the draw)."""
    return secrets.randbelow(10**9)


def weight(risk_score: float | None, floor: float = DEFAULT_FLOOR) -> float:
    """w = floor + (1 − floor) × risk/100, risk clipped to 0..100 (None = 0)."""
    risk = min(max(float(risk_score or 0.0), 0.0), 100.0)
    return floor + (1 - floor) * risk / 100


def allocate(counts: dict[str, int], size: int) -> dict[str, int]:
    """Proportional allocation of `size` over strata of `counts` enterprises (largest remainder,
    at least one per non-empty stratum when size allows, never more than the stratum has)."""
    total = sum(counts.values())
    if size > total:
        raise SamplingError(f"sample size {size} > {total} enterprises 样本量超过企业数")
    strata = sorted(h for h, n in counts.items() if n > 0)
    minimum = 1 if size >= len(strata) else 0
    quota = {h: Fraction(size * counts[h], total) for h in strata}
    drawn = {h: min(counts[h], max(int(quota[h]), minimum)) for h in strata}
    while sum(drawn.values()) < size:  # the largest remainders get one more
        h = min((h for h in strata if drawn[h] < counts[h]), key=lambda h: (drawn[h] - quota[h], -counts[h], h))
        drawn[h] += 1
    while sum(drawn.values()) > size:  # the minimum of one overshot: take back from the most over-allocated
        h = min((h for h in strata if drawn[h] > minimum), key=lambda h: (quota[h] - drawn[h], counts[h], h))
        drawn[h] -= 1
    return {h: drawn.get(h, 0) for h in sorted(counts)}


def inclusion_probabilities(weights: list[float], n: int) -> list[Fraction]:
    """πps inclusion probabilities summing to n exactly, with certainty units (π = 1) for weights
    too large for their share."""
    values = [Fraction(w) for w in weights]
    if n > len(values):
        raise SamplingError(f"cannot draw {n} of {len(values)}")
    certain: set[int] = set()
    while True:
        rest = sum(v for i, v in enumerate(values) if i not in certain)
        left = n - len(certain)
        more = {i for i, v in enumerate(values) if i not in certain and left > 0 and left * v >= rest}
        if not more:
            break
        certain |= more
    left = n - len(certain)
    return [Fraction(1) if i in certain else (left * v / rest if left and rest else Fraction(0))
            for i, v in enumerate(values)]


def systematic_pps(codes: list[str], probabilities: list[Fraction], rng: random.Random) -> list[int]:
    """Indices drawn by randomised systematic PPS: a random order, one random start, unit steps."""
    order = list(range(len(codes)))
    order.sort(key=lambda i: codes[i])
    rng.shuffle(order)
    n = sum(probabilities)
    start = Fraction(rng.random())
    points = [start + k for k in range(int(n))]
    chosen, cumulative, next_point = [], Fraction(0), 0
    for i in order:
        low, cumulative = cumulative, cumulative + probabilities[i]
        if next_point < len(points) and low <= points[next_point] < cumulative:
            chosen.append(i)
            next_point += 1
    return chosen


def _reason(unit: dict, certain: bool) -> str:
    risk, rule = float(unit["risk_score"] or 0.0), unit.get("top_rule_id")
    title = " ".join(t for t in (unit.get("top_rule_title_zh"), unit.get("top_rule_title_en")) if t)
    if risk >= HIGH_RISK and rule:
        text = f"高风险 high risk {risk:.0f}: {rule}" + (f" {title}" if title else "")
    elif unit.get("n_flags"):
        text = f"有疑点 flagged, risk {risk:.0f}: {rule or ''}" + (f" {title}" if title else "")
    else:
        text = "随机对照 random control: 无疑点 no flags"
    return ("必查 certain (π = 1); " if certain else "") + text


def draw(population: list[dict], year: int, size: int, seed: int, strata: str = "league",
         floor: float = DEFAULT_FLOOR) -> Sample:
    """Draw the sample from `population` (dicts with credit_code, enterprise_name, league_code,
    industry, risk_score, n_flags, top_rule_id[, top_rule_title_zh/en, league_name])."""
    if strata not in STRATA:
        raise SamplingError(f"strata must be one of {', '.join(STRATA)}, got {strata!r}")
    if not 0 < floor <= 1:
        raise SamplingError(f"floor must be in (0, 1], got {floor}")
    if size < 1:
        raise SamplingError(f"sample size must be at least 1, got {size}")
    if not population:
        raise SamplingError(f"no enterprise reported for {year} 该年度无企业报告")
    if size > len(population):
        raise SamplingError(f"sample size {size} > the {len(population)} enterprises that reported for {year} "
                            "样本量超过该年度企业数")
    by_stratum: dict[str, list[dict]] = defaultdict(list)
    for unit in population:
        by_stratum[str(unit.get(STRATA[strata]) or "unknown")].append(unit)
    allocation = allocate({h: len(units) for h, units in by_stratum.items()}, size)
    drawn: list[Drawn] = []
    for stratum in sorted(by_stratum):
        units = sorted(by_stratum[stratum], key=lambda u: u["credit_code"])
        n = allocation[stratum]
        if n == 0:
            continue
        weights = [weight(u.get("risk_score"), floor) for u in units]
        probabilities = inclusion_probabilities(weights, n)
        rng = random.Random(f"{seed}|{year}|{strata}|{stratum}")
        for i in systematic_pps([u["credit_code"] for u in units], probabilities, rng):
            unit = units[i]
            drawn.append(Drawn(
                stratum=stratum, credit_code=unit["credit_code"], enterprise_name=unit.get("enterprise_name") or "",
                league_code=unit.get("league_code") or "",
                league_name=league_label(unit.get("league_code"), unit.get("league_name")),
                industry=unit.get("industry") or "", risk_score=float(unit.get("risk_score") or 0.0),
                n_flags=int(unit.get("n_flags") or 0), top_rule_id=unit.get("top_rule_id") or "",
                top_rule_title=" ".join(t for t in (unit.get("top_rule_title_zh"), unit.get("top_rule_title_en")) if t),
                weight=weights[i], inclusion_probability=float(probabilities[i]),
                reason=_reason(unit, probabilities[i] == 1),
            ))
    drawn.sort(key=lambda d: (d.stratum, -d.risk_score, d.credit_code))
    counts = {h: len(units) for h, units in by_stratum.items()}
    return Sample(year, size, seed, strata, floor, len(population),
                  {h: (counts[h], allocation[h]) for h in sorted(counts)}, drawn)


def read_population(restricted_db: Path, year: int) -> tuple[list[dict], str | None]:
    """The enterprises that reported for `year`, with their risk (0 without a risk row) and the
    title of their top rule; and when the file was published."""
    con = duckdb.connect(str(require_restricted(restricted_db)), read_only=True)
    try:
        tables = {f"{s}.{t}" for s, t in con.execute("select schema_name, table_name from duckdb_tables()").fetchall()}
        units: dict[str, dict] = {}
        if "marts.enterprise_emissions" in tables:
            for code, name, league, league_name, industry in con.execute(
                "select credit_code, enterprise_name, league_code, league_name, industry from marts.enterprise_emissions "
                "where year = ?", [year]).fetchall():
                units[code] = {"credit_code": code, "enterprise_name": name, "league_code": league,
                               "league_name": league_name, "industry": industry, "risk_score": 0.0, "n_flags": 0,
                               "top_rule_id": None}
        if "marts.enterprise_risk" in tables:
            for code, name, league, industry, risk, n_flags, top in con.execute(
                "select credit_code, enterprise_name, league_code, industry, risk_score, n_flags, top_rule_id "
                "from marts.enterprise_risk where report_year = ?", [year]).fetchall():
                unit = units.setdefault(code, {"credit_code": code, "league_name": None})
                for key, value in (("enterprise_name", name), ("league_code", league), ("industry", industry)):
                    if unit.get(key) is None:
                        unit[key] = value
                unit.update(risk_score=float(risk or 0.0), n_flags=int(n_flags or 0), top_rule_id=top)
        if "marts.falsification_flags" in tables:
            titles = {rule: (zh, en) for rule, zh, en in con.execute(
                "select rule_id, any_value(rule_title_zh), any_value(rule_title_en) from marts.falsification_flags "
                "group by rule_id").fetchall()}
            for unit in units.values():
                zh, en = titles.get(unit.get("top_rule_id"), (None, None))
                unit.update(top_rule_title_zh=zh, top_rule_title_en=en)
        published_at = None
        if "quality.publication" in tables:
            found = con.execute("select max(published_at) from quality.publication").fetchone()
            published_at = found[0].isoformat(timespec="seconds") if found and found[0] else None
    finally:
        con.close()
    return sorted(units.values(), key=lambda u: u["credit_code"]), published_at


def draw_sample(restricted_db: Path, year: int, size: int, seed: int | None = None, strata: str = "league",
                floor: float = DEFAULT_FLOOR) -> Sample:
    """Draw from the published restricted file (a fresh seed when none is given)."""
    population, published_at = read_population(restricted_db, year)
    if not population:
        raise SamplingError(f"no enterprise reported for {year} in {restricted_db} 该年度无企业报告")
    sample = draw(population, year, size, new_seed() if seed is None else seed, strata, floor)
    sample.restricted_file = str(restricted_db)
    sample.published_at = published_at
    return sample


def log_path(dispositions: Path) -> Path:
    """The sampling log lives next to the dispositions file (outside the rebuilt warehouse)."""
    return Path(dispositions).parent / LOG_NAME


def default_csv_path(dispositions: Path, sample: Sample) -> Path:
    stamp = sample.drawn_at.replace(":", "").replace("-", "")[:15]
    return Path(dispositions).parent / "samples" / f"sample-{sample.year}-seed{sample.seed}-{stamp}.csv"


def _row(sample: Sample, unit: Drawn) -> dict:
    return {
        "year": sample.year, "seed": sample.seed, "stratum": unit.stratum, "credit_code": unit.credit_code,
        "enterprise_name": unit.enterprise_name, "league_code": unit.league_code, "league_name": unit.league_name,
        "industry": unit.industry, "risk_score": round(unit.risk_score, 2), "n_flags": unit.n_flags,
        "top_rule_id": unit.top_rule_id, "top_rule_title": unit.top_rule_title, "weight": round(unit.weight, 6),
        "inclusion_probability": round(unit.inclusion_probability, 6), "design_weight": round(unit.design_weight, 4),
        "reason": unit.reason,
    }


def write_csv(sample: Sample, path: Path) -> Path:
    """The drawn enterprises, one row each, with the year and seed in every row (UTF-8 with BOM so
    that spreadsheet programs show the Chinese names)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for unit in sample.units:
            writer.writerow(_row(sample, unit))
    return path


def append_log(sample: Sample, path: Path, csv_file: Path | None = None) -> Path:
    """Append the draw (time, seed, parameters, list) to the sampling log (JSON lines, append-only)."""
    entry = {
        "drawn_at": sample.drawn_at, "seed": sample.seed, "year": sample.year, "size": sample.size,
        "strata": sample.strata, "floor": sample.floor, "weight_formula": "w = floor + (1 - floor) * risk_score / 100",
        "design": "stratified proportional allocation; randomised systematic PPS within strata",
        "restricted_file": sample.restricted_file, "published_at": sample.published_at,
        "population": sample.population, "allocation": {h: list(v) for h, v in sample.allocation.items()},
        "csv": str(csv_file) if csv_file else None,
        "sample": [{k: v for k, v in asdict(unit).items() if k in ("stratum", "credit_code", "enterprise_name",
                                                                   "risk_score", "inclusion_probability", "reason")}
                   for unit in sample.units],
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return path


def read_log(path: Path) -> list[dict]:
    if not Path(path).exists():
        return []
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(text: str, width: int, right: bool = False) -> str:
    if _width(text) > width:
        while _width(text + "…") > width:
            text = text[:-1]
        text += "…"
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def render(sample: Sample) -> str:
    """The sample as a bilingual text table, with the design in the heading."""
    stratum_label = league_label if sample.strata == "league" else industry_label
    lines = [
        (f"随机抽查 Random sample {sample.year}: {len(sample.units)} of {sample.population} enterprises 家企业, "
         f"seed 随机种子 {sample.seed}, strata 分层 {sample.strata}, weight 权重 w = {sample.floor:g} + "
         f"{1 - sample.floor:g} × risk/100"),
        "分配 Allocation (drawn/enterprises 抽取/企业数): " + ", ".join(
            f"{stratum_label(h)} {n}/{N}" for h, (N, n) in sample.allocation.items()),
        "",
    ]
    heads = [("#", 3, True), ("信用代码 credit code", 20, False), ("企业 enterprise", 28, False),
             ("盟市 league", 20, False), ("行业 industry", 24, False), ("风险 risk", 9, True),
             ("入样概率 π", 10, True)]
    lines.append(" ".join(_cell(h, w, r) for h, w, r in heads) + " 抽取理由 reason")
    for number, unit in enumerate(sample.units, start=1):
        cells = [str(number), unit.credit_code, unit.enterprise_name, unit.league_name, industry_label(unit.industry),
                 f"{unit.risk_score:.1f}", f"{unit.inclusion_probability:.3f}"]
        lines.append(" ".join(_cell(c, w, r) for c, (_, w, r) in zip(cells, heads)) + " " + unit.reason)
    return "\n".join(lines)
