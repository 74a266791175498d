"""The numbers of the sample yearbook, before any formatting.

One consistent set of quantities per league and year: the power balance, the energy table
(用途 x fuel), GDP and industrial output. Values are already rounded to the decimals the
yearbook prints, so region totals are exact sums of what the reader sees. A missing key
means *not reported* (the sheet shows a dash); 0.0 is a genuine zero.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, fields

from sample_generator import profiles as p

EnergyTable = dict[str, dict[str, float]]  # 用途 -> column (fuel, 热力 or 电力) -> value


def round_to(value: float, decimals: int) -> float:
    """Round half away from zero, so 0.125 -> 0.13 as a yearbook would print it."""
    scale = 10**decimals
    rounded = int(abs(value) * scale + 0.5) / scale
    return rounded if value >= 0 else -rounded


def round_unit(value: float, unit: str) -> float:
    """Round a value to the decimals printed for its unit."""
    return round_to(value, p.DECIMALS[unit])


class Noise:
    """Deterministic multiplicative noise: the same (seed, key) always gives the same factor."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def uniform(self, *key: object) -> float:
        """A number in [0, 1) drawn from a generator seeded by the seed and the key."""
        return random.Random(":".join(str(part) for part in (self.seed, *key))).random()

    def factor(self, *key: object, spread: float = 0.02) -> float:
        """1 plus a uniform deviation within +-spread."""
        return 1.0 + spread * (2.0 * self.uniform(*key) - 1.0)


def trend(base: float, growth: float, year: int) -> float:
    """Compound growth from the base year."""
    return base * (1.0 + growth) ** (year - p.BASE_YEAR)


# --- electricity -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerBalance:
    """One row of the 电力 sheet (亿千瓦时). Identity: generation + imported - exported - losses
    = consumption, and generation = the sum of the five sources."""

    thermal: float
    hydro: float
    wind: float
    solar: float
    other: float
    consumption: float
    imported: float
    exported: float
    losses: float

    @property
    def generation(self) -> float:
        return round_to(self.thermal + self.hydro + self.wind + self.solar + self.other, 2)

    @property
    def non_fossil(self) -> float:
        return round_to(self.generation - self.thermal, 2)


def power_balance(profile: p.LeagueProfile, year: int, noise: Noise) -> PowerBalance:
    """The electricity balance of one league and year."""
    power = profile.power
    key = (profile.code, year)
    thermal = round_to(
        trend(power.thermal, power.thermal_growth, year) * noise.factor(*key, "火电"), 2
    )
    hydro = round_to(power.hydro * noise.factor(*key, "水电", spread=0.1), 2)
    wind = round_to(
        trend(power.wind, p.WIND_GROWTH, year) * noise.factor(*key, "风电", spread=0.04), 2
    )
    solar = round_to(
        trend(power.solar, p.SOLAR_GROWTH, year) * noise.factor(*key, "太阳能", spread=0.04), 2
    )
    other = round_to(
        trend(power.other, p.OTHER_GENERATION_GROWTH, year) * noise.factor(*key, "其他"), 2
    )
    generation = thermal + hydro + wind + solar + other
    demand = trend(power.consumption, power.consumption_growth, year) * noise.factor(*key, "用电")
    losses = round_to(
        p.THERMAL_OWN_USE * thermal
        + p.RENEWABLE_OWN_USE * (generation - thermal)
        + p.LINE_LOSS * demand,
        2,
    )
    net_import = demand + losses - generation
    if net_import < 0:
        imported = round_to(power.intra_share * demand, 2)
        exported = round_to(imported - net_import, 2)
    else:
        exported = round_to(power.intra_share * generation, 2)
        imported = round_to(exported + net_import, 2)
    consumption = round_to(generation + imported - exported - losses, 2)
    return PowerBalance(thermal, hydro, wind, solar, other, consumption, imported, exported, losses)


def sum_power(balances: list[PowerBalance]) -> PowerBalance:
    """The region row: column sums of the league rows."""
    totals = {
        f.name: round_to(sum(getattr(b, f.name) for b in balances), 2) for f in fields(PowerBalance)
    }
    return PowerBalance(**totals)


# --- industrial output ---------------------------------------------------------------------------


def product_output(profile: p.LeagueProfile, year: int, noise: Noise) -> dict[str, float]:
    """Output (万吨) of the process products a league makes; 0.0 before a plant starts."""
    outputs: dict[str, float] = {}
    for product, base in profile.products.items():
        if year < profile.product_start_year.get(product, p.BASE_YEAR):
            outputs[product] = 0.0
            continue
        value = trend(base, p.PRODUCT_GROWTH[product], year) * noise.factor(
            profile.code, year, product, spread=0.04
        )
        outputs[product] = round_to(value, 2)
    return outputs


# --- energy table ---------------------------------------------------------------------------------


def _add(table: EnergyTable, use: str, column: str, amount: float) -> None:
    table.setdefault(use, {})
    table[use][column] = table[use].get(column, 0.0) + amount


def _add_mix(
    table: EnergyTable,
    use: str,
    energy_10k_tce: float,
    mix: Mapping[str, float],
    noise: Noise,
    key: tuple[object, ...],
) -> None:
    """Split an amount of energy (万tce) over fuels by tce shares, in yearbook units."""
    for fuel_name, share in mix.items():
        fuel = p.FUEL_BY_NAME[fuel_name]
        amount = energy_10k_tce * share * noise.factor(*key, use, fuel_name, spread=0.03)
        _add(table, use, fuel_name, amount / fuel.tce_10k_per_unit)


def _feedstock(profile: p.LeagueProfile, outputs: Mapping[str, float]) -> dict[str, float]:
    """Reductants and feedstock (yearbook units) implied by the product outputs."""
    feedstock: dict[str, float] = {}
    for product, output_10k_t in outputs.items():
        coefficients = profile.feedstock_override.get(product, p.FEEDSTOCK_PER_T.get(product, {}))
        for fuel_name, per_t in coefficients.items():
            fuel = p.FUEL_BY_NAME[fuel_name]
            base_per_unit = 1e4 if fuel.unit == "万吨" else 1e8  # t per 万吨, m3 per 亿立方米
            amount = output_10k_t * 1e4 * per_t / base_per_unit
            feedstock[fuel_name] = feedstock.get(fuel_name, 0.0) + amount
    return feedstock


def _final_uses(table: EnergyTable, profile: p.LeagueProfile, year: int, noise: Noise) -> None:
    """Agriculture, construction, transport, services and households, from per-capita templates."""
    millions = profile.population_10k / 100.0
    residents = {
        p.URBAN_HOUSEHOLDS: millions * profile.urban_share,
        p.RURAL_HOUSEHOLDS: millions * (1.0 - profile.urban_share),
    }
    scale = profile.final_use_scale * trend(1.0, p.FINAL_USE_GROWTH, year)
    for use, template in p.FINAL_USE_PER_MILLION.items():
        people = residents.get(use, millions)
        use_scale = scale * (profile.transport_scale if use == p.TRANSPORT else 1.0)
        for fuel_name, per_million in template.items():
            if fuel_name in p.GRID_GAS_FUELS and not profile.has_gas_grid:
                continue
            amount = (
                per_million
                * people
                * use_scale
                * noise.factor(profile.code, year, use, fuel_name, spread=0.05)
            )
            _add(table, use, fuel_name, amount)
    if profile.kerosene_10k_t is not None:
        kerosene = trend(profile.kerosene_10k_t, p.KEROSENE_GROWTH, year) * noise.factor(
            profile.code, year, "煤油"
        )
        _add(table, p.TRANSPORT, "煤油", kerosene)


def _heat_and_electricity(
    table: EnergyTable,
    heat_input_10k_tce: float,
    industry_electricity_share: float,
    consumption: float,
) -> None:
    """Distribute delivered heat and electricity consumption over the final-use rows."""
    heat_gj = heat_input_10k_tce * 1e4 * p.HEAT_EFFICIENCY / p.HEAT_TCE_PER_GJ
    for use, share in p.HEAT_USE_SHARES.items():
        _add(table, use, p.HEAT, heat_gj * share / 1e4)  # 万百万千焦 = 10^4 GJ
    _add(table, p.INDUSTRY, p.ELECTRICITY, consumption * industry_electricity_share)
    for use, share in p.NON_INDUSTRY_ELECTRICITY_SHARES.items():
        _add(table, use, p.ELECTRICITY, consumption * (1.0 - industry_electricity_share) * share)


def _column_unit(column: str) -> str:
    if column == p.HEAT:
        return p.HEAT_UNIT
    if column == p.ELECTRICITY:
        return p.ELECTRICITY_UNIT
    return p.FUEL_BY_NAME[column].unit


def _rounded(table: EnergyTable) -> EnergyTable:
    return {
        use: {column: round_unit(value, _column_unit(column)) for column, value in columns.items()}
        for use, columns in table.items()
    }


def energy_table(
    profile: p.LeagueProfile,
    year: int,
    power: PowerBalance,
    outputs: Mapping[str, float],
    noise: Noise,
) -> EnergyTable:
    """The 能源消费 block of one league and year (yearbook units, rounded)."""
    key = (profile.code, year)
    table: EnergyTable = {}
    power_10k_tce = (
        power.thermal * profile.power.coal_rate_kgce_per_kwh * 10.0
    )  # 亿kWh x kgce/kWh = 10 万tce
    _add_mix(
        table, "火力发电", power_10k_tce, p.POWER_FUEL_MIXES[profile.power.fuel_mix], noise, key
    )
    heat_10k_tce = trend(profile.heat_10k_tce, p.HEAT_GROWTH, year) * noise.factor(*key, "供热")
    _add_mix(table, "供热", heat_10k_tce, p.HEAT_FUEL_MIXES[profile.heat_mix], noise, key)
    for use, inputs in profile.transformation.items():
        for fuel_name, base in inputs.items():
            amount = trend(base, p.TRANSFORMATION_GROWTH, year) * noise.factor(
                *key, use, fuel_name, spread=0.04
            )
            _add(table, use, fuel_name, amount)
    industry_10k_tce = trend(
        profile.industry_10k_tce, profile.industry_growth, year
    ) * noise.factor(*key, "工业")
    _add_mix(
        table, p.INDUSTRY, industry_10k_tce, p.INDUSTRY_FUEL_MIXES[profile.industry_mix], noise, key
    )
    for fuel_name, amount in _feedstock(profile, outputs).items():
        _add(table, p.INDUSTRY, fuel_name, amount)
        _add(table, p.FEEDSTOCK, fuel_name, amount)
    _final_uses(table, profile, year, noise)
    _heat_and_electricity(
        table, heat_10k_tce, profile.electricity_industry_share, power.consumption
    )
    return _rounded(table)


def sum_energy(tables: list[EnergyTable]) -> EnergyTable:
    """The 全区 block: per 用途 and column the sum of the reported league values."""
    totals: EnergyTable = {}
    for table in tables:
        for use, columns in table.items():
            for column, value in columns.items():
                _add(totals, use, column, value)
    return _rounded(totals)


# --- GDP --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GdpRow:
    """One row of the 地区生产总值 sheet (亿元, index 上年=100)."""

    total: float
    index: float
    primary: float
    secondary: float
    tertiary: float


def _real_index(profile: p.LeagueProfile, year: int, noise: Noise) -> float:
    jitter = 1.2 * (2.0 * noise.uniform(profile.code, year, "gdp_index") - 1.0)
    return round_to(p.GDP_INDEX[year] + profile.growth_offset_pp + jitter, 1)


def gdp_rows(profile: p.LeagueProfile, noise: Noise) -> tuple[dict[int, GdpRow], dict[int, float]]:
    """Current-price GDP of every year, anchored at the league's 2023 figure.

    Returns the sheet rows and the unrounded nominal GDP by year, including the year before the
    first one (the weights of the region's volume index)."""
    index = {year: _real_index(profile, year, noise) for year in p.YEARS}
    deflator = {
        year: p.GDP_DEFLATOR[year] * noise.factor(profile.code, year, "deflator", spread=0.01)
        for year in p.YEARS
    }
    nominal = {p.GDP_ANCHOR_YEAR: profile.gdp_2023_100m_yuan}
    for year in range(p.GDP_ANCHOR_YEAR + 1, max(p.YEARS) + 1):
        nominal[year] = nominal[year - 1] * index[year] / 100.0 * deflator[year]
    for year in range(p.GDP_ANCHOR_YEAR - 1, min(p.YEARS) - 2, -1):
        nominal[year] = nominal[year + 1] / (index[year + 1] / 100.0 * deflator[year + 1])
    rows: dict[int, GdpRow] = {}
    for year in p.YEARS:
        total = round_to(nominal[year], 2)
        drift = (year - p.BASE_YEAR) * 0.002  # the economy slowly moves out of agriculture
        primary = round_to(total * (profile.primary_share + 0.008 - drift), 2)
        secondary = round_to(
            total * profile.secondary_share * noise.factor(profile.code, year, "第二产业"), 2
        )
        rows[year] = GdpRow(
            total, index[year], primary, secondary, round_to(total - primary - secondary, 2)
        )
    return rows, nominal


def sum_gdp(rows: list[GdpRow], previous_totals: list[float]) -> GdpRow:
    """The region row: sums, and the volume index weighted by last year's GDP."""
    index = sum(r.index * w for r, w in zip(rows, previous_totals)) / sum(previous_totals)
    return GdpRow(
        total=round_to(sum(r.total for r in rows), 2),
        index=round_to(index, 1),
        primary=round_to(sum(r.primary for r in rows), 2),
        secondary=round_to(sum(r.secondary for r in rows), 2),
        tertiary=round_to(sum(r.tertiary for r in rows), 2),
    )


# --- one year --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearData:
    """All quantities of one data year, keyed by league code (the region under 150000)."""

    year: int
    power: dict[str, PowerBalance]
    energy: dict[str, EnergyTable]
    gdp: dict[str, GdpRow]
    output: dict[str, dict[str, float]]


REGION_CODE = "150000"


def year_data(year: int, seed: int) -> YearData:
    """Compute every league's numbers for one year, plus the region totals."""
    noise = Noise(seed)
    power: dict[str, PowerBalance] = {}
    energy: dict[str, EnergyTable] = {}
    gdp: dict[str, GdpRow] = {}
    previous_gdp: list[float] = []
    output: dict[str, dict[str, float]] = {}
    for code, profile in p.LEAGUE_PROFILES.items():
        power[code] = power_balance(profile, year, noise)
        output[code] = product_output(profile, year, noise)
        energy[code] = energy_table(profile, year, power[code], output[code], noise)
        rows, nominal = gdp_rows(profile, noise)
        gdp[code] = rows[year]
        previous_gdp.append(nominal[year - 1])
    codes = list(p.LEAGUE_PROFILES)
    power[REGION_CODE] = sum_power([power[c] for c in codes])
    energy[REGION_CODE] = sum_energy([energy[c] for c in codes])
    gdp[REGION_CODE] = sum_gdp([gdp[c] for c in codes], previous_gdp)
    output[REGION_CODE] = {
        product: round_to(sum(output[c][product] for c in codes if product in output[c]), 2)
        for product in p.PRODUCTS
        if any(product in output[c] for c in codes)
    }
    return YearData(year, power, energy, gdp, output)
