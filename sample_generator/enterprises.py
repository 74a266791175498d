"""Sample enterprise emission reports `enterprise_reports/<YYYY>/<credit_code>.json` (CONTRACTS).

A few hundred key emitting enterprises across the 12 leagues and the six key industries plus
`other`, one report per enterprise and year 2020-2024, built in three steps:

1. `build_enterprises(seed)`: the enterprises. Power plants are sized from the yearbook's
   thermal generation of their league, product makers from the yearbook's output of their
   league (both from the generator's own model, `model.year_data`, never from the xlsx), the
   rest from `enterprise_profiles.EXTRA_ENTERPRISES`. Each gets a GB 32100 credit code, a unit
   list with fuels, a coal-testing practice, an efficiency class and, for some, a park.
2. `build_report(enterprise, year, context)`: one clean report as a dict: monthly fuel lines per
   unit with lab records (report id, lab, sample date) where the enterprise tests, process
   output, electricity (purchased, green, generated, supplied, sold), heat, production, energy
   use, the reported emissions computed with the platform's own rules and factors (read from the
   seeds), and a verification. Clean means: every measured value has a valid lab record, the
   reported totals reproduce the platform's recomputation, nothing is falsified.
3. `generate(out_dir, seed, hooks)`: every report through the hooks, then written. A hook
   `(report, context) -> report | None` may change or drop a report: the falsification screening
   issue injects its labelled cases there (`sample_generator/falsification.py`, installed by
   `python -m sample_generator`; `generate` itself installs none).

Invariant (checked on every generation): per league x year x fuel the enterprises burn at most
`MAX_SHARE_OF_YEARBOOK` of the yearbook's 火力发电 + 供热 + 工业 use (GJ lines converted at the
default NCV), except the (league, year, fuel) a hook exempts for its labelled cases
(`hook.yearbook_guard_exempt`).

Deterministic: the same seed gives byte-identical files.
"""

from __future__ import annotations

import json
import random
import shutil
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sample_generator import DEFAULT_SEED
from sample_generator import enterprise_profiles as ep
from sample_generator import profiles as p
from sample_generator.enterprise_reference import CO2_PER_C, GJ_PER_TCE, EnterpriseReference, load
from sample_generator.model import year_data

SCHEMA_VERSION = "1.0"
FOLDER = "enterprise_reports"
YEARS: tuple[int, ...] = p.YEARS
SCOPE_USES = ("火力发电", "供热", "工业")  # yearbook rows enterprise fuel use falls under
LINE_UNIT_TO_BASE = {"t": 1.0, "10k_m3": 1e4, "m3": 1.0}
YEARBOOK_UNIT_TO_BASE = {"万吨": 1e4, "亿立方米": 1e8}
HEAT_TCE_PER_GJ = 0.03412  # reference/energy_carriers.csv (GB/T 2589)

# GB 32100-2015 unified social credit code (computed independently of the pipeline's checker).
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def credit_check_character(first17: str) -> str:
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def _rng(seed: int, *key: object) -> random.Random:
    return random.Random(":".join(str(part) for part in (seed, "enterprise", *key)))


def _r(value: float, decimals: int) -> float:
    """Round half away from zero (as an accountant would) and drop the float noise."""
    scale = 10**decimals
    rounded = int(abs(value) * scale + 0.5) / scale
    return rounded if value >= 0 else -rounded


# --- the yearbook the enterprises must fit into ------------------------------------------------


@dataclass(frozen=True)
class YearbookFacts:
    """What the generator reads from its own yearbook model."""

    caps: dict[tuple[str, int, str], float]  # (league, year, fuel) -> base units (t or m3)
    thermal_mwh: dict[tuple[str, int], float]
    output_t: dict[tuple[str, int, str], float]

    def available(self, league: str, fuel: str) -> bool:
        return all(self.caps.get((league, year, fuel), 0.0) > 0 for year in YEARS)


def yearbook_facts(seed: int) -> YearbookFacts:
    caps: dict[tuple[str, int, str], float] = defaultdict(float)
    thermal: dict[tuple[str, int], float] = {}
    output: dict[tuple[str, int, str], float] = {}
    for year in YEARS:
        data = year_data(year, seed)
        for league in p.LEAGUE_CODES:
            for use in SCOPE_USES:
                for fuel, value in data.energy[league].get(use, {}).items():
                    if fuel in p.FUEL_BY_NAME:
                        caps[(league, year, fuel)] += value * YEARBOOK_UNIT_TO_BASE[p.FUEL_BY_NAME[fuel].unit]
            thermal[(league, year)] = data.power[league].thermal * 1e5  # 亿kWh -> MWh
            for product, value in data.output[league].items():
                output[(league, year, product)] = value * 1e4  # 万吨 -> t
    return YearbookFacts(dict(caps), thermal, output)


# --- enterprises ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Enterprise:
    """One reporting enterprise and everything that shapes its reports."""

    credit_code: str
    name: str
    league_code: str
    industry: str
    park: str | None
    kind: str  # a key of ep.KINDS, or "power"
    size: float  # t of main product a year at scale 1 (power: gross MWh)
    scale: dict[int, float]  # year -> multiplier of size (0 = no report that year)
    firing: tuple[ep.Firing, ...]
    products: tuple[str, ...]
    process_product: str | None
    indicator: str | None
    efficiency_class: str | None
    unit_consumption: float | None  # in the indicator's unit at 2020 (kgce/t, kWh/t, gce/kWh)
    electricity_kwh_per_t: float
    fuel_kgce_per_t: float
    heat_gj_per_t: float
    season: str
    lab_policy: str  # full | ncv_only | none (coal and coke)
    lab_upgrade_year: int | None  # from this year on the enterprise tests fully
    lab_code: str
    lab_name: str
    gas_ncv_tested: bool
    coal_quality: dict[str, tuple[float, float]]  # fuel -> (NCV GJ/t, carbon tC/GJ)
    green_share: float  # of purchases, from 2022 (half of it in 2021)
    pv_share: float  # own renewable generation, share of use
    captive_share: float  # own coal generation, share of use
    own_use_share: float = 0.0  # power plants
    verified: bool = True
    oxidation_rate: float | None = None  # reported for coal lines (power plants)

    @property
    def years(self) -> list[int]:
        return [year for year in YEARS if self.scale.get(year, 0.0) > 0]


def _draw_efficiency(levels, rng: random.Random) -> tuple[str, float]:
    roll, cumulative = rng.random(), 0.0
    chosen = ep.EFFICIENCY_CLASS_WEIGHTS[-1][0]
    for name, weight in ep.EFFICIENCY_CLASS_WEIGHTS:
        cumulative += weight
        if roll < cumulative:
            chosen = name
            break
    if chosen == "level_1":
        value = rng.uniform(levels.level1 * 0.985, levels.level1 * 0.998)
    elif chosen == "between":
        value = rng.uniform(levels.level1 * 1.005, levels.level3 * 0.995)
    else:
        value = rng.uniform(levels.level3 * 1.005, levels.level3 * 1.04)
    return chosen, value


def _allocate(total: float, size_range: tuple[float, float], rng: random.Random) -> list[float]:
    """Plant sizes adding up to about `total` (each within the range, the last one the rest)."""
    low, high = size_range
    sizes: list[float] = []
    while sum(sizes) < total * 0.97:
        rest = total - sum(sizes)
        size = rng.uniform(low, high)
        if rest < low * 1.5:
            size = max(rest, low * 0.5)
        sizes.append(min(size, max(rest, low * 0.5)))
    return sizes


class _Registry:
    """Allocates unique names and credit codes."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.codes: set[str] = set()
        self.names: set[str] = set()

    def credit_code(self, league: str, county: str | None, rng: random.Random) -> str:
        while True:
            division = county or league[:4] + rng.choice(ep.COUNTIES[league])
            body = "".join(rng.choice(CREDIT_CHARSET) for _ in range(6))
            first17 = "91" + division + "MA0" + body
            code = first17 + credit_check_character(first17)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def name(self, league: str, suffix: str, rng: random.Random) -> str:
        short = p.LEAGUE_PROFILES[league].short_name
        while True:
            word = rng.choice(ep.NAME_FIRST) + rng.choice(ep.NAME_SECOND)
            name = f"{short}{word}{suffix}"
            if name not in self.names:
                self.names.add(name)
                return name


def _lab_for(league: str, power: bool, rng: random.Random) -> tuple[str, str]:
    local = [(code, name) for code, name, served in ep.LABS if served == league]
    region = [(code, name) for code, name, served in ep.LABS if served is None]
    if power and rng.random() < 0.6:
        return next((c, n) for c, n in region if c == "DKY")
    return local[0] if local and rng.random() < 0.75 else region[0]


def _substitute(firing: Iterable[ep.Firing], league: str, facts: YearbookFacts) -> tuple[ep.Firing, ...]:
    """Fuels the league's yearbook does not report are replaced by raw coal (same heat)."""
    merged: dict[tuple[str, str, str], float] = {}
    for item in firing:
        fuel, unit = (item.fuel, item.line_unit) if facts.available(league, item.fuel) else ("原煤", "t")
        key = (item.unit_id, fuel, unit)
        merged[key] = merged.get(key, 0.0) + item.heat_share
    return tuple(ep.Firing(u, f, unit, share) for (u, f, unit), share in merged.items())


def _coal_quality(firing: Iterable[ep.Firing], rng: random.Random) -> dict[str, tuple[float, float]]:
    quality = {}
    for item in firing:
        if item.fuel in ep.COAL_QUALITY and item.fuel not in quality:
            (ncv_low, ncv_high), (c_low, c_high) = ep.COAL_QUALITY[item.fuel]
            quality[item.fuel] = (rng.uniform(ncv_low, ncv_high), rng.uniform(c_low, c_high))
    return quality


def _lab_practice(rng: random.Random, mix: tuple[float, float, float]) -> tuple[str, int | None]:
    roll = rng.random()
    policy = "full" if roll < mix[0] else "ncv_only" if roll < mix[0] + mix[1] else "none"
    upgrade = 2022 if policy != "full" and rng.random() < 0.5 else None
    return policy, upgrade


def _park_kind(park: str | None, ref: EnterpriseReference) -> str:
    return ref.parks[park][1] if park else "none"


def _green_share(park: str | None, ref: EnterpriseReference, rng: random.Random) -> float:
    kind = _park_kind(park, ref)
    if kind == "none" and rng.random() >= ep.GREEN_BUYERS_OUTSIDE_PARKS:
        return 0.0
    return rng.uniform(*ep.GREEN_SHARE[kind])


def _lifetime(scale: dict[int, float], efficiency_class: str | None, rng: random.Random,
              start: int | None = None) -> dict[int, float]:
    scale = dict(scale)
    if start is None and rng.random() < ep.NEW_PLANT_SHARE:
        start = rng.choice((2021, 2022, 2023))
    if start is not None:
        scale = {year: (value if year >= start else 0.0) for year, value in scale.items()}
    if efficiency_class == "below_level_3" and rng.random() < ep.EXIT_CLOSE_SHARE:
        scale = {year: (value if year <= 2023 else 0.0) for year, value in scale.items()}
    return scale


def _power_plants(league: str, facts: YearbookFacts, registry: _Registry, ref: EnterpriseReference,
                  seed: int) -> list[Enterprise]:
    rng = _rng(seed, "power", league)
    target = ep.POWER_COVERAGE * facts.thermal_mwh[(league, 2020)]
    gangue_league = facts.available(league, "煤矸石") and league in ("150300", "150600")
    plants: list[Enterprise] = []
    total = 0.0
    while total < target * 0.97:
        roll, cumulative, mw = rng.random(), 0.0, 600
        for size, weight in ep.POWER_SIZE_WEIGHTS:
            cumulative += weight
            if roll < cumulative:
                mw = size
                break
        gangue = gangue_league and mw == 300 and rng.random() < 0.6
        hours = rng.uniform(*ep.POWER_HOURS)
        gross = 2 * mw * hours
        if total + gross > target * 1.03 and plants:
            break
        total += gross
        indicator, own_use = ep.POWER_SIZES[mw]
        efficiency_class, rate = _draw_efficiency(ref.efficiency[indicator], rng)
        mix = ep.POWER_FIRING["gangue" if gangue else "coal"]
        firing = [ep.Firing(f"{n}#机组", fuel, "t", share / 2) for n in (1, 2) for fuel, share in mix]
        firing = _substitute(firing, league, facts)
        scale = {
            year: facts.thermal_mwh[(league, year)] / facts.thermal_mwh[(league, 2020)]
            * (1.0 + 0.03 * (2.0 * rng.random() - 1.0))
            for year in YEARS
        }
        policy, upgrade = _lab_practice(rng, ep.POWER_LAB_MIX)
        lab_code, lab_name = _lab_for(league, True, rng)
        suffix = "煤矸石发电有限公司" if gangue else "发电有限责任公司"
        plants.append(Enterprise(
            credit_code=registry.credit_code(league, None, rng),
            name=registry.name(league, suffix, rng),
            league_code=league, industry="power", park=None, kind="power", size=gross,
            scale=_lifetime(scale, efficiency_class, rng), firing=firing, products=("电力",),
            process_product=None, indicator=indicator, efficiency_class=efficiency_class,
            unit_consumption=rate, electricity_kwh_per_t=0.0, fuel_kgce_per_t=0.0, heat_gj_per_t=0.0,
            season="power", lab_policy=policy, lab_upgrade_year=upgrade, lab_code=lab_code,
            lab_name=lab_name, gas_ncv_tested=False, coal_quality=_coal_quality(firing, rng),
            green_share=0.0, pv_share=0.0, captive_share=0.0, own_use_share=own_use,
            oxidation_rate=ep.POWER_OXIDATION,
        ))
    return plants


def _industrial(kind_name: str, league: str, size: float, scale: dict[int, float], park: str | None,
                facts: YearbookFacts, registry: _Registry, ref: EnterpriseReference,
                rng: random.Random) -> Enterprise:
    kind = ep.KINDS[kind_name]
    efficiency_class, unit_consumption = (None, None)
    if kind.indicator:
        efficiency_class, unit_consumption = _draw_efficiency(ref.efficiency[kind.indicator], rng)
    products = kind.products
    if kind_name == "silicomanganese" and rng.random() < ep.UNSPECIFIED_FERROALLOY_SHARE:
        products = ("铁合金",)
    firing = _substitute(kind.firing, league, facts)
    captive = rng.uniform(*ep.CAPTIVE_POWER_SHARE) if park in ep.CAPTIVE_POWER_PARKS else 0.0
    if captive:
        firing = firing + (ep.Firing("自备电厂1#机组", "原煤", "t", 0.0),)  # sized from generation
    quality = _coal_quality(firing, rng)
    if captive:
        quality["原煤"] = (rng.uniform(*ep.CAPTIVE_COAL_NCV), quality.get("原煤", (0, 0.027))[1])
    policy, upgrade = _lab_practice(rng, kind.lab_mix)
    lab_code, lab_name = _lab_for(league, False, rng)
    pv = rng.uniform(*ep.ONSITE_PV_SHARE) if _park_kind(park, ref) == "zero_carbon" else 0.0
    start = ep.NEW_PARK_START_YEAR.get(park) if park else None
    verified = not (kind.industry == "other" and rng.random() < ep.UNVERIFIED_OTHER_SHARE)
    return Enterprise(
        credit_code=registry.credit_code(league, ep.PARK_COUNTY.get(park) if park else None, rng),
        name=registry.name(league, kind.name_suffix, rng),
        league_code=league, industry=kind.industry, park=park, kind=kind_name, size=size,
        scale=_lifetime(scale, efficiency_class, rng, start), firing=firing, products=products,
        process_product=kind.process_product, indicator=kind.indicator,
        efficiency_class=efficiency_class, unit_consumption=unit_consumption,
        electricity_kwh_per_t=kind.electricity_kwh_per_t, fuel_kgce_per_t=kind.fuel_kgce_per_t,
        heat_gj_per_t=kind.heat_gj_per_t, season=kind.season, lab_policy=policy,
        lab_upgrade_year=upgrade, lab_code=lab_code, lab_name=lab_name,
        gas_ncv_tested=rng.random() < kind.gas_ncv_tested, coal_quality=quality,
        green_share=_green_share(park, ref, rng), pv_share=pv, captive_share=captive,
        verified=verified,
    )


def _park_slots(league: str, ref: EnterpriseReference) -> dict[str, list[str]]:
    """kind -> park names for the first enterprises of that kind in the league."""
    slots: dict[str, list[str]] = defaultdict(list)
    for park, members in ep.PARK_MEMBERS.items():
        if ref.parks[park][0] != league:
            continue
        for kind, count in members:
            slots[kind].extend([park] * count)
    return slots


def build_enterprises(seed: int = DEFAULT_SEED, facts: YearbookFacts | None = None) -> list[Enterprise]:
    """Every sample enterprise, in a fixed order (league, then power, products, extras)."""
    facts = facts or yearbook_facts(seed)
    ref = load()
    registry = _Registry(seed)
    enterprises: list[Enterprise] = []
    for league in p.LEAGUE_CODES:
        enterprises += _power_plants(league, facts, registry, ref, seed)
        slots = _park_slots(league, ref)
        for product, kinds in ep.PRODUCT_KINDS.items():
            outputs = {year: facts.output_t.get((league, year, product), 0.0) for year in YEARS}
            first = next((year for year in YEARS if outputs[year] > 0), None)
            if first is None:
                continue
            for kind_name, share in kinds:
                rng = _rng(seed, "product", league, product, kind_name)
                total = ep.PRODUCT_COVERAGE * share * outputs[first]
                for size in _allocate(total, ep.KINDS[kind_name].size_t, rng):
                    scale = {
                        year: outputs[year] / outputs[first] * (1.0 + 0.03 * (2.0 * rng.random() - 1.0))
                        if outputs[year] > 0 else 0.0
                        for year in YEARS
                    }
                    park = slots[kind_name].pop(0) if slots[kind_name] else None
                    enterprises.append(_industrial(kind_name, league, size, scale, park, facts, registry,
                                                   ref, rng))
        for kind_name, count in ep.EXTRA_ENTERPRISES.get(league, ()):
            for index in range(count):
                rng = _rng(seed, "extra", league, kind_name, index)
                size = rng.uniform(*ep.KINDS[kind_name].size_t)
                growth = rng.uniform(0.0, 0.06)
                scale = {year: (1.0 + growth) ** (year - 2020) * (1.0 + 0.03 * (2.0 * rng.random() - 1.0))
                         for year in YEARS}
                park = slots[kind_name].pop(0) if slots[kind_name] else None
                enterprises.append(_industrial(kind_name, league, size, scale, park, facts, registry,
                                               ref, rng))
    return enterprises


# --- one report -----------------------------------------------------------------------------------


class LabBook:
    """Issues lab report ids: `<lab code>-<YYYYMM>-<sequence>`, unique per lab and month."""

    def __init__(self) -> None:
        self.sequence: dict[tuple[str, int, int], int] = defaultdict(int)

    def next_id(self, lab_code: str, year: int, month: int) -> str:
        self.sequence[(lab_code, year, month)] += 1
        return f"{lab_code}-{year}{month:02d}-{self.sequence[(lab_code, year, month)]:04d}"


@dataclass
class ReportContext:
    """What a hook gets with a report: the enterprise, the year, a private random generator and
    the reference factors (to recompute totals after a change)."""

    enterprise: Enterprise
    year: int
    seed: int
    rng: random.Random
    reference: EnterpriseReference
    labels: dict[str, object] = field(default_factory=dict)  # a hook may record what it did


ReportHook = Callable[[dict, ReportContext], "dict | None"]


def _weights(season: str, rng: random.Random, spread: float = 0.04) -> list[float]:
    raw = [w * (1.0 + spread * (2.0 * rng.random() - 1.0)) for w in ep.SEASONS[season]]
    total = sum(raw)
    return [w / total for w in raw]


def _efficiency_value(enterprise: Enterprise, year: int, rng: random.Random) -> float:
    assert enterprise.unit_consumption is not None
    improvement = 1.0 - ep.EFFICIENCY_IMPROVEMENT_PER_YEAR * (year - 2020)
    return enterprise.unit_consumption * improvement * (1.0 + 0.005 * (2.0 * rng.random() - 1.0))


@dataclass
class _Annual:
    output: float  # main product (t; power: supplied MWh)
    fuel_gj: dict[tuple[str, str, str], float]  # (unit_id, fuel, line unit) -> true heat GJ
    purchased_mwh: float
    green_mwh: float
    generated_mwh: float
    supplied_mwh: float
    sold_mwh: float
    heat_purchased_gj: float
    energy_tce: float


def _annual(enterprise: Enterprise, year: int, ref: EnterpriseReference, rng: random.Random) -> _Annual:
    scale = enterprise.scale[year]
    if enterprise.kind == "power":
        gross = enterprise.size * scale
        supplied = gross * (1.0 - enterprise.own_use_share)
        purchased = gross * ep.POWER_PURCHASED_SHARE
        energy = supplied * _efficiency_value(enterprise, year, rng) / 1000.0  # MWh x gce/kWh -> tce
        fuel_gj_total = (energy - purchased * ref.electricity_tce_per_mwh) * GJ_PER_TCE
        fuel = {(f.unit_id, f.fuel, f.line_unit): fuel_gj_total * f.heat_share for f in enterprise.firing}
        return _Annual(supplied, fuel, purchased, 0.0, gross, supplied, supplied, 0.0, energy)

    output = enterprise.size * scale
    levels = ref.efficiency.get(enterprise.indicator) if enterprise.indicator else None
    kwh_per_t = enterprise.electricity_kwh_per_t
    if levels is not None and levels.unit == "kWh/t":
        kwh_per_t = _efficiency_value(enterprise, year, rng)
    use_mwh = output * kwh_per_t / 1000.0
    heat_gj = output * enterprise.heat_gj_per_t
    electricity_tce = use_mwh * ref.electricity_tce_per_mwh
    heat_tce = heat_gj * HEAT_TCE_PER_GJ
    fuel_kgce = enterprise.fuel_kgce_per_t * (1.0 + 0.03 * (2.0 * rng.random() - 1.0))
    if levels is not None and levels.unit == "kgce/t":
        unit_consumption = _efficiency_value(enterprise, year, rng)
        room = unit_consumption - (electricity_tce + heat_tce) * 1000.0 / output
        fuel_kgce = min(fuel_kgce, 0.95 * room)
        energy = output * unit_consumption / 1000.0  # the rest is feedstock (reductants, coal)
    else:
        energy = output * fuel_kgce / 1000.0 + electricity_tce + heat_tce
    fuel_gj_total = output * fuel_kgce / 1000.0 * GJ_PER_TCE
    fuel = {(f.unit_id, f.fuel, f.line_unit): fuel_gj_total * f.heat_share for f in enterprise.firing}

    generated = supplied = 0.0
    if enterprise.captive_share:
        generated = use_mwh * enterprise.captive_share
        supplied = generated * 0.93
        captive_tce = generated * ep.CAPTIVE_COAL_TCE_PER_MWH
        fuel[("自备电厂1#机组", "原煤", "t")] = captive_tce * GJ_PER_TCE
        energy += captive_tce - generated * ref.electricity_tce_per_mwh  # own power is not bought
    elif enterprise.pv_share:
        generated = supplied = use_mwh * enterprise.pv_share
    purchased = use_mwh - generated
    green_share = 0.0 if year < 2021 else enterprise.green_share * (0.5 if year == 2021 else 1.0)
    if green_share:
        green_share = min(1.0, green_share + ep.GREEN_GROWTH_PER_YEAR * max(0, year - 2022))
    return _Annual(output, fuel, purchased, purchased * green_share, generated, supplied, 0.0, heat_gj,
                   energy)


def _testing(enterprise: Enterprise, year: int) -> str:
    if enterprise.lab_upgrade_year is not None and year >= enterprise.lab_upgrade_year:
        return "full"
    return enterprise.lab_policy


def _fuel_lines(enterprise: Enterprise, year: int, annual: _Annual, weights: list[float],
                ref: EnterpriseReference, labs: LabBook, rng: random.Random) -> list[dict]:
    testing = _testing(enterprise, year)
    lines = []
    for (unit_id, fuel, line_unit), heat in annual.fuel_gj.items():
        factors = ref.fuels[fuel]
        for month in range(1, 13):
            month_heat = heat * weights[month - 1] * (1.0 + 0.03 * (2.0 * rng.random() - 1.0))
            line = {"month": month, "unit_id": unit_id, "fuel": fuel, "consumption": 0.0, "unit": line_unit,
                    "ncv_gj_per_unit": None, "ncv_source": "default", "carbon_content_tc_per_gj": None,
                    "carbon_content_source": "default",
                    "oxidation_rate": enterprise.oxidation_rate if factors.is_coal else None,
                    "lab_report_id": None, "lab_name": None, "sample_date": None}
            if line_unit == "GJ":
                line["consumption"] = _r(month_heat, 1)
                lines.append(line)
                continue
            per_unit = LINE_UNIT_TO_BASE[line_unit]
            tested = fuel in enterprise.coal_quality and testing != "none"
            gas_tested = fuel == "天然气" and enterprise.gas_ncv_tested
            if tested:
                ncv, carbon = enterprise.coal_quality[fuel]
                ncv_month = ncv * (1.0 + 0.03 * (2.0 * rng.random() - 1.0))
                carbon_month = carbon * (1.0 + 0.015 * (2.0 * rng.random() - 1.0))
            elif gas_tested:
                ncv_month = rng.uniform(*ep.GAS_NCV_RANGE) / 1e4  # GJ per m3
                carbon_month = None
            else:
                ncv_month = (enterprise.coal_quality.get(fuel, (factors.ncv_gj_per_base_unit, 0))[0]
                             if fuel in enterprise.coal_quality else factors.ncv_gj_per_base_unit)
                carbon_month = None
            amount = month_heat / ncv_month / per_unit
            line["consumption"] = _r(amount, 2 if line_unit == "t" else 3)
            if line["consumption"] > 0 and (tested or gas_tested):
                line["ncv_gj_per_unit"] = _r(ncv_month * per_unit, 3 if line_unit == "t" else 2)
                line["ncv_source"] = "measured"
                if tested and testing == "full":
                    line["carbon_content_tc_per_gj"] = _r(carbon_month, 5)
                    line["carbon_content_source"] = "measured"
                line["lab_report_id"] = labs.next_id(enterprise.lab_code, year, month)
                line["lab_name"] = enterprise.lab_name
                line["sample_date"] = date(year, month, rng.randint(2, 25)).isoformat()
            lines.append(line)
    return lines


def line_t_co2(line: dict, year: int, ref: EnterpriseReference) -> float:
    """CO2 of one fuel line by the platform's rule (the clean reports' own arithmetic)."""
    factors = ref.fuels[line["fuel"]]
    measured = line["lab_report_id"] is not None
    if line["unit"] == "GJ":
        heat = line["consumption"]
    else:
        per_unit = LINE_UNIT_TO_BASE[line["unit"]]
        ncv = (line["ncv_gj_per_unit"] / per_unit if measured and line["ncv_source"] == "measured"
               else factors.ncv_gj_per_base_unit)
        heat = line["consumption"] * per_unit * ncv
    if measured and line["carbon_content_source"] == "measured":
        carbon = line["carbon_content_tc_per_gj"]
    elif factors.is_coal:
        carbon = ref.coal_default(year)
    else:
        carbon = factors.carbon_tc_per_gj
    oxidation = line["oxidation_rate"] if line["oxidation_rate"] is not None else factors.oxidation_rate
    return heat * carbon * oxidation * CO2_PER_C


def reported_emissions(report: dict, ref: EnterpriseReference) -> dict[str, float]:
    """The reported_emissions_t block the report's own numbers give (rounded to 0.01 t)."""
    year = report["report_year"]
    combustion = _r(sum(line_t_co2(line, year, ref) for line in report["fuel_combustion"]), 2)
    process = _r(sum(row["output_t"] * ref.process_t_co2_per_t[row["product"]] for row in report["process"]), 2)
    electricity = _r(sum((row["purchased_mwh"] - row["green_purchased_mwh"]) * ref.grid_factor(year)
                         for row in report["electricity"]), 2)
    heat = _r(sum(row["purchased_gj"] * ref.heat_t_co2_per_gj for row in report["heat"]), 2)
    return {"combustion": combustion, "process": process, "purchased_electricity": electricity,
            "purchased_heat": heat, "total": _r(combustion + process + electricity + heat, 2)}


def build_report(enterprise: Enterprise, year: int, ref: EnterpriseReference, labs: LabBook,
                 seed: int = DEFAULT_SEED) -> dict:
    """The clean report of one enterprise and year (a dict in the CONTRACTS layout)."""
    rng = _rng(seed, "report", enterprise.credit_code, year)
    annual = _annual(enterprise, year, ref, rng)
    weights = _weights(enterprise.season, rng)
    electricity_weights = [max(w, 0.08 / 12) for w in weights]
    electricity_total = sum(electricity_weights)
    electricity_weights = [w / electricity_total for w in electricity_weights]

    production = []
    for product in enterprise.products:
        unit = "MWh" if product == "电力" else "t"
        production += [{"month": m, "product": product, "output": _r(annual.output * weights[m - 1], 1),
                        "unit": unit} for m in range(1, 13)]
    process = []
    if enterprise.process_product:
        process = [{"month": m, "product": enterprise.process_product,
                    "output_t": _r(annual.output * weights[m - 1], 1)} for m in range(1, 13)]
    electricity = []
    for m in range(1, 13):
        w = electricity_weights[m - 1]
        purchased = _r(annual.purchased_mwh * w, 1)
        share = annual.green_mwh / annual.purchased_mwh if annual.purchased_mwh else 0.0
        generated = _r(annual.generated_mwh * w, 1)
        electricity.append({"month": m, "purchased_mwh": purchased, "green_purchased_mwh": _r(purchased * share, 1),
                            "generated_mwh": generated, "supplied_mwh": min(_r(annual.supplied_mwh * w, 1), generated),
                            "sold_mwh": min(_r(annual.sold_mwh * w, 1), generated)})
    heat = []
    if annual.heat_purchased_gj:
        heat = [{"month": m, "purchased_gj": _r(annual.heat_purchased_gj * weights[m - 1], 1), "sold_gj": 0.0}
                for m in range(1, 13)]

    report = {
        "schema_version": SCHEMA_VERSION,
        "report_year": year,
        "enterprise": {"credit_code": enterprise.credit_code, "name": enterprise.name,
                       "league_code": enterprise.league_code, "industry": enterprise.industry,
                       "park": enterprise.park},
        "fuel_combustion": _fuel_lines(enterprise, year, annual, weights, ref, labs, rng),
        "process": process,
        "electricity": electricity,
        "heat": heat,
        "production": production,
        "energy_consumption_tce": _r(annual.energy_tce, 2),
        "reported_emissions_t": {},
        "verification": None,
    }
    report["reported_emissions_t"] = reported_emissions(report, ref)
    report["verification"] = _verification(enterprise, year, report["reported_emissions_t"]["total"], rng)
    return report


def _verification(enterprise: Enterprise, year: int, total: float, rng: random.Random) -> dict | None:
    if not enterprise.verified:
        return None
    verifier = ep.VERIFIERS[sum(map(ord, enterprise.credit_code)) % len(ep.VERIFIERS)]
    if year == max(YEARS) and rng.random() < ep.PENDING_LAST_YEAR_SHARE:
        return {"verifier": verifier, "verified_total_t": None, "conclusion": "pending"}
    correction = 0.0
    if rng.random() < ep.VERIFIER_CORRECTION_SHARE:
        correction = rng.uniform(*ep.VERIFIER_CORRECTION_PCT) / 100.0
    return {"verifier": verifier, "verified_total_t": _r(total * (1.0 + correction), 2), "conclusion": "pass"}


# --- all reports ----------------------------------------------------------------------------------


def build_reports(seed: int = DEFAULT_SEED, hooks: Sequence[ReportHook] = (),
                  enterprises: list[Enterprise] | None = None) -> list[tuple[Path, dict]]:
    """(relative path, report) of every enterprise and year, through the hooks, in a fixed order."""
    ref = load()
    enterprises = enterprises if enterprises is not None else build_enterprises(seed)
    labs = LabBook()
    reports: list[tuple[Path, dict]] = []
    for year in YEARS:
        for enterprise in enterprises:
            if enterprise.scale.get(year, 0.0) <= 0:
                continue
            report = build_report(enterprise, year, ref, labs, seed)
            context = ReportContext(enterprise, year, seed, _rng(seed, "hook", enterprise.credit_code, year), ref)
            for hook in hooks:
                report = hook(report, context)
                if report is None:
                    break
            if report is not None:
                reports.append((Path(FOLDER) / str(year) / f"{enterprise.credit_code}.json", report))
    return reports


def enterprise_fuel_use(reports: Iterable[dict], ref: EnterpriseReference | None = None) -> dict[tuple[str, int, str], float]:
    """Σ enterprise fuel use per (league, year, fuel) in base units (GJ lines at the default NCV)."""
    ref = ref or load()
    totals: dict[tuple[str, int, str], float] = defaultdict(float)
    for report in reports:
        key = (report["enterprise"]["league_code"], report["report_year"])
        for line in report["fuel_combustion"]:
            if line["unit"] == "GJ":
                amount = line["consumption"] / ref.fuels[line["fuel"]].ncv_gj_per_base_unit
            else:
                amount = line["consumption"] * LINE_UNIT_TO_BASE[line["unit"]]
            totals[(*key, line["fuel"])] += amount
    return dict(totals)


def check_within_yearbook(reports: Iterable[dict], facts: YearbookFacts,
                          max_share: float = ep.MAX_SHARE_OF_YEARBOOK,
                          exempt: Collection[tuple[str, int, str]] = ()) -> None:
    """Raise when enterprises burn more than `max_share` of a league's yearbook use of a fuel
    (except the (league, year, fuel) in `exempt`: labelled falsification cases)."""
    problems = []
    for (league, year, fuel), amount in sorted(enterprise_fuel_use(reports).items()):
        if (league, year, fuel) in exempt:
            continue
        cap = facts.caps.get((league, year, fuel), 0.0)
        if amount > max_share * cap:
            problems.append(f"{league} {year} {fuel}: enterprises {amount:,.0f} > {max_share:.0%} of the "
                            f"yearbook's {cap:,.0f}")
    if problems:
        raise ValueError("sample enterprises exceed the yearbook:\n" + "\n".join(problems))


def dump_report(report: dict) -> str:
    """The report as JSON text: one line per top-level key and per array element."""
    lines = ["{"]
    items = list(report.items())
    for index, (key, value) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {json.dumps(key)}: [")
            for position, element in enumerate(value):
                tail = "," if position < len(value) - 1 else ""
                lines.append(f"    {json.dumps(element, ensure_ascii=False)}{tail}")
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def generate(out_dir: Path | str, seed: int = DEFAULT_SEED, hooks: Sequence[ReportHook] = ()) -> list[Path]:
    """Write `<out_dir>/enterprise_reports/<YYYY>/<credit_code>.json` (the folder is replaced)."""
    facts = yearbook_facts(seed)
    reports = build_reports(seed, hooks, build_enterprises(seed, facts))
    # a hook may exempt the (league, year, fuel) of its labelled cases: `yearbook_guard_exempt`
    exempt = {key for hook in hooks for key in getattr(hook, "yearbook_guard_exempt", ())}
    check_within_yearbook((report for _, report in reports), facts, exempt=exempt)
    target = Path(out_dir) / FOLDER
    if target.exists():
        shutil.rmtree(target)
    paths = []
    for relative, report in reports:
        path = Path(out_dir) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_report(report), encoding="utf-8")
        paths.append(path)
    return paths


__all__ = [
    "Enterprise", "LabBook", "ReportContext", "ReportHook", "YearbookFacts", "build_enterprises",
    "build_report", "build_reports", "check_within_yearbook", "credit_check_character", "dump_report",
    "enterprise_fuel_use", "generate", "line_t_co2", "reported_emissions", "yearbook_facts",
]
