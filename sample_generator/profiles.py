"""Parameters of the sample data: every per-league number lives in `LEAGUE_PROFILES`.

The sample is invented but shaped like Inner Mongolia: coal power in the west exporting to
North China, coal chemicals in Ordos, steel and aluminium in Baotou, carbide and ferroalloys
around Wuhai, Alxa and Ulanqab, wind and solar growing fast. Base values are for 2020; later
years follow the growth rates below plus a small seeded noise (see `model.py`).

Units: electricity 亿千瓦时, energy 万tce (10^4 tonnes of standard coal), fuels in their
yearbook units (万吨 or 亿立方米), GDP 亿元, products 万吨, population 万人.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# The tables below are aligned by hand.
# fmt: off
BASE_YEAR = 2020
YEARS: tuple[int, ...] = (2020, 2021, 2022, 2023, 2024)
REGION_NAME = "全区"

# --- fuels, uses and products (names exactly as in reference/) ----------------------------


@dataclass(frozen=True)
class Fuel:
    """A yearbook fuel column.

    `tce_10k_per_unit` is 万tce per yearbook unit: the GB/T 2589 coefficient of
    reference/fuels.csv (tce/t for solids and liquids; for gases reference/fuels.csv lists
    kgce/m3, so one 亿立方米 is coefficient x 10 万tce).
    """

    name: str
    unit: str
    tce_10k_per_unit: float


FUELS: tuple[Fuel, ...] = (
    Fuel("原煤", "万吨", 0.7143),
    Fuel("洗精煤", "万吨", 0.9),
    Fuel("其他洗煤", "万吨", 0.2857),
    Fuel("型煤", "万吨", 0.5957),
    Fuel("煤矸石", "万吨", 0.2857),
    Fuel("焦炭", "万吨", 0.9714),
    Fuel("焦炉煤气", "亿立方米", 5.929),
    Fuel("高炉煤气", "亿立方米", 1.286),
    Fuel("转炉煤气", "亿立方米", 2.866),
    Fuel("其他煤气", "亿立方米", 1.786),
    Fuel("其他焦化产品", "万吨", 1.1429),
    Fuel("原油", "万吨", 1.4286),
    Fuel("汽油", "万吨", 1.4714),
    Fuel("煤油", "万吨", 1.4714),
    Fuel("柴油", "万吨", 1.4571),
    Fuel("燃料油", "万吨", 1.4286),
    Fuel("石脑油", "万吨", 1.5184),
    Fuel("石油焦", "万吨", 1.1089),
    Fuel("液化石油气", "万吨", 1.7143),
    Fuel("炼厂干气", "万吨", 1.5714),
    Fuel("其他石油制品", "万吨", 1.4286),
    Fuel("天然气", "亿立方米", 12.143),
    Fuel("液化天然气", "万吨", 1.7572),
)
FUEL_BY_NAME: Mapping[str, Fuel] = MappingProxyType({fuel.name: fuel for fuel in FUELS})
HEAT = "热力"
HEAT_UNIT = "万百万千焦"
ELECTRICITY = "电力"
ELECTRICITY_UNIT = "亿千瓦时"

# Decimals the yearbook prints per unit.
DECIMALS: Mapping[str, int] = MappingProxyType(
    {"万吨": 2, "亿立方米": 4, HEAT_UNIT: 2, ELECTRICITY_UNIT: 2, "亿元": 2, "上年=100": 1}
)

USES: tuple[str, ...] = (
    "火力发电",
    "供热",
    "炼焦",
    "炼油及煤制油",
    "制气",
    "工业",
    "其中：用作原料、材料",
    "农林牧渔业",
    "建筑业",
    "交通运输、仓储和邮政业",
    "批发和零售业、住宿和餐饮业",
    "其他行业",
    "城镇居民生活",
    "乡村居民生活",
)
INDUSTRY = "工业"
FEEDSTOCK = "其中：用作原料、材料"
TRANSFORMATION_USES = ("炼焦", "炼油及煤制油", "制气")
OTHER_FINAL_USES = USES[7:]

PRODUCTS: tuple[str, ...] = ("电石", "精甲醇", "合成氨", "水泥熟料", "生石灰", "粗钢", "铁合金", "原铝", "工业硅")

# Reductants and chemical feedstock per tonne of product, in base units (t, or m3 for gases);
# booked under 其中：用作原料、材料 (and inside 工业), so that the process factors (which cover the
# reductant carbon, e.g. blast-furnace coke for 粗钢) do not double count with energy accounting.
FEEDSTOCK_PER_T: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {
        "电石": {"焦炭": 0.60},
        "精甲醇": {"原煤": 1.50},
        "合成氨": {"原煤": 1.60},
        "铁合金": {"焦炭": 0.45},
        "粗钢": {"焦炭": 0.35},  # blast-furnace coke rate, ~350 kg per t of hot metal
        "原铝": {"石油焦": 0.42},
        "工业硅": {"洗精煤": 1.00, "石油焦": 0.45},
    }
)

# --- trends ----------------------------------------------------------------------------------

WIND_GROWTH = 0.095
SOLAR_GROWTH = 0.16
OTHER_GENERATION_GROWTH = 0.03
HEAT_GROWTH = 0.012
TRANSFORMATION_GROWTH = 0.02
FINAL_USE_GROWTH = 0.012
KEROSENE_GROWTH = 0.04
PRODUCT_GROWTH: Mapping[str, float] = MappingProxyType(
    {
        "电石": 0.01,
        "精甲醇": 0.02,
        "合成氨": 0.02,
        "水泥熟料": -0.01,
        "生石灰": 0.01,
        "粗钢": 0.02,
        "铁合金": 0.03,
        "原铝": 0.025,
        "工业硅": 0.06,
    }
)

# Power losses: plant own use of thermal and of other plants, line losses per consumption.
THERMAL_OWN_USE = 0.06
RENEWABLE_OWN_USE = 0.015
LINE_LOSS = 0.03

# Region real GDP growth index (上年=100) and the GDP deflator, per year.
GDP_INDEX: Mapping[int, float] = MappingProxyType(
    {2020: 101.2, 2021: 106.3, 2022: 104.2, 2023: 107.3, 2024: 105.8}
)
GDP_DEFLATOR: Mapping[int, float] = MappingProxyType(
    {2020: 1.012, 2021: 1.085, 2022: 1.055, 2023: 1.01, 2024: 1.006}
)
GDP_ANCHOR_YEAR = 2023

# --- fuel mixes (shares of the energy in tce of a row) ---------------------------------------

POWER_FUEL_MIXES: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {
        "coal": {"原煤": 0.80, "其他洗煤": 0.15, "煤矸石": 0.048, "柴油": 0.002},
        "coal_gangue": {"原煤": 0.75, "其他洗煤": 0.12, "煤矸石": 0.12, "焦炉煤气": 0.008, "柴油": 0.002},
        "steel_gas": {"原煤": 0.76, "其他洗煤": 0.12, "高炉煤气": 0.08, "焦炉煤气": 0.02, "转炉煤气": 0.018,
                      "柴油": 0.002},
        "gas_city": {"原煤": 0.80, "其他洗煤": 0.15, "天然气": 0.048, "柴油": 0.002},
    }
)
HEAT_FUEL_MIXES: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {
        "coal": {"原煤": 0.88, "其他洗煤": 0.12},
        "gas": {"原煤": 0.72, "其他洗煤": 0.10, "天然气": 0.18},
        "gangue": {"原煤": 0.72, "煤矸石": 0.15, "其他洗煤": 0.08, "焦炉煤气": 0.05},
    }
)
INDUSTRY_FUEL_MIXES: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {
        "coal_chemical": {"原煤": 0.66, "其他洗煤": 0.08, "洗精煤": 0.03, "焦炭": 0.05, "焦炉煤气": 0.02,
                          "其他煤气": 0.03, "其他焦化产品": 0.01, "天然气": 0.07, "柴油": 0.015,
                          "石脑油": 0.01, "炼厂干气": 0.01, "其他石油制品": 0.005, "液化石油气": 0.01},
        "steel": {"原煤": 0.47, "洗精煤": 0.08, "焦炭": 0.06, "焦炉煤气": 0.08, "高炉煤气": 0.22,
                  "转炉煤气": 0.03, "天然气": 0.03, "柴油": 0.02, "燃料油": 0.005, "液化石油气": 0.005},
        "coking": {"原煤": 0.50, "其他洗煤": 0.06, "洗精煤": 0.05, "焦炭": 0.17, "焦炉煤气": 0.12,
                   "其他煤气": 0.04, "其他焦化产品": 0.03, "天然气": 0.01, "柴油": 0.02},
        "refinery_city": {"原煤": 0.66, "其他洗煤": 0.06, "天然气": 0.08, "炼厂干气": 0.05, "燃料油": 0.02,
                          "石油焦": 0.03, "柴油": 0.03, "焦炭": 0.03, "液化石油气": 0.02, "其他石油制品": 0.02},
        "ferroalloy": {"原煤": 0.58, "其他洗煤": 0.06, "焦炭": 0.22, "天然气": 0.03, "柴油": 0.04,
                       "其他煤气": 0.05, "液化石油气": 0.02},
        "aluminium": {"原煤": 0.76, "其他洗煤": 0.06, "焦炭": 0.05, "天然气": 0.02, "柴油": 0.04,
                      "燃料油": 0.02, "石油焦": 0.05},
        "general": {"原煤": 0.75, "其他洗煤": 0.08, "焦炭": 0.06, "洗精煤": 0.03, "柴油": 0.05,
                    "液化石油气": 0.01, "燃料油": 0.02},
    }
)
# Fuels only burned where a gas grid exists.
GRID_GAS_FUELS = frozenset({"天然气", "液化天然气"})

# Other final uses per million residents (yearbook units): households per urban / rural
# million, the other rows per million of the whole population.
FINAL_USE_PER_MILLION: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {
        "农林牧渔业": {"原煤": 2.5, "柴油": 2.2, "汽油": 0.3},
        "建筑业": {"原煤": 0.6, "柴油": 1.5, "汽油": 0.4, "燃料油": 0.1},
        "交通运输、仓储和邮政业": {"柴油": 11.0, "汽油": 2.5, "液化天然气": 1.2, "天然气": 0.03, "燃料油": 0.1},
        "批发和零售业、住宿和餐饮业": {"原煤": 6.0, "液化石油气": 0.4, "天然气": 0.015, "柴油": 0.3},
        "其他行业": {"原煤": 3.0, "汽油": 1.2, "柴油": 1.0, "天然气": 0.012},
        "城镇居民生活": {"原煤": 8.0, "天然气": 0.06, "液化石油气": 0.5, "汽油": 5.5},
        "乡村居民生活": {"原煤": 35.0, "型煤": 3.0, "液化石油气": 0.35, "汽油": 1.6, "柴油": 0.5},
    }
)
TRANSPORT = "交通运输、仓储和邮政业"
URBAN_HOUSEHOLDS = "城镇居民生活"
RURAL_HOUSEHOLDS = "乡村居民生活"

# Where the heat (热力 column) and the non-industrial electricity (电力 column) go.
HEAT_EFFICIENCY = 0.85  # heat delivered per heat of the fuel of 供热
HEAT_TCE_PER_GJ = 0.03412  # reference/energy_carriers.csv (GB/T 2589)
HEAT_USE_SHARES: Mapping[str, float] = MappingProxyType(
    {"工业": 0.30, "批发和零售业、住宿和餐饮业": 0.06, "其他行业": 0.14, "城镇居民生活": 0.50}
)
NON_INDUSTRY_ELECTRICITY_SHARES: Mapping[str, float] = MappingProxyType(
    {
        "农林牧渔业": 0.10,
        "建筑业": 0.04,
        "交通运输、仓储和邮政业": 0.07,
        "批发和零售业、住宿和餐饮业": 0.13,
        "其他行业": 0.20,
        "城镇居民生活": 0.30,
        "乡村居民生活": 0.16,
    }
)

# --- the 12 leagues ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerProfile:
    """2020 electricity of a league (亿千瓦时) and how it moves.

    `intra_share` sizes the flow against the dominant direction: for an exporter its imports
    as a share of consumption, for an importer its exports as a share of generation.
    """

    thermal: float
    hydro: float
    wind: float
    solar: float
    other: float
    consumption: float
    coal_rate_kgce_per_kwh: float
    thermal_growth: float
    consumption_growth: float
    intra_share: float
    fuel_mix: str


def _frozen(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class LeagueProfile:
    """Everything that makes one league's sample numbers (base year 2020 unless noted)."""

    code: str
    name: str
    short_name: str
    population_10k: float
    urban_share: float
    gdp_2023_100m_yuan: float
    primary_share: float
    secondary_share: float
    growth_offset_pp: float
    power: PowerProfile
    heat_10k_tce: float
    heat_mix: str
    industry_10k_tce: float
    industry_mix: str
    industry_growth: float
    electricity_industry_share: float
    products: Mapping[str, float]
    transformation: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    feedstock_override: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    product_start_year: Mapping[str, int] = field(default_factory=dict)
    final_use_scale: float = 1.0
    transport_scale: float = 1.0
    kerosene_10k_t: float | None = None
    has_gas_grid: bool = True


# Positional columns of each entry:
#   LeagueProfile(code, name, short name, population 万人, urban share, GDP 2023 亿元 (兴安: estimate),
#                 primary share, secondary share, real-growth offset vs the region (percentage points))
#   PowerProfile(火电, 水电, 风电, 太阳能发电, 其他发电, 全社会用电量 (亿千瓦时, 2020),
#                supply coal rate kgce/kWh, thermal growth, consumption growth, intra share, fuel mix)
LEAGUE_PROFILES: Mapping[str, LeagueProfile] = _frozen(
    {
        profile.code: profile
        for profile in (
            LeagueProfile(
                "150100", "呼和浩特市", "呼和浩特", 344.61, 0.78, 3801.55, 0.035, 0.31, 0.3,
                power=PowerProfile(400, 4, 38, 20, 6, 450, 0.318, 0.02, 0.032, 0.1, "gas_city"),
                heat_10k_tce=420, heat_mix="gas",
                industry_10k_tce=420, industry_mix="refinery_city", industry_growth=0.01,
                electricity_industry_share=0.62,
                products={"水泥熟料": 300, "生石灰": 40},
                transformation={"炼油及煤制油": {"原油": 480}},
                final_use_scale=1.2, transport_scale=1.2, kerosene_10k_t=18.0,
            ),
            LeagueProfile(
                "150200", "包头市", "包头", 270.94, 0.86, 4263.9, 0.035, 0.48, 0.8,
                power=PowerProfile(640, 0, 105, 32, 5, 650, 0.322, 0.02, 0.032, 0.03, "steel_gas"),
                heat_10k_tce=380, heat_mix="coal",
                industry_10k_tce=1250, industry_mix="steel", industry_growth=0.01,
                electricity_industry_share=0.86,
                products={"电石": 120, "水泥熟料": 320, "生石灰": 200, "粗钢": 1650, "铁合金": 200,
                          "原铝": 240, "工业硅": 20},
                transformation={"炼焦": {"洗精煤": 700}, "制气": {"原煤": 20}},
                final_use_scale=1.15, transport_scale=1.2, kerosene_10k_t=3.0,
            ),
            LeagueProfile(
                "150300", "乌海市", "乌海", 55.66, 0.96, 713.12, 0.009, 0.64, 0.5,
                power=PowerProfile(220, 6, 2, 10, 0, 175, 0.332, 0.015, 0.027, 0.02, "coal_gangue"),
                heat_10k_tce=90, heat_mix="gangue",
                industry_10k_tce=500, industry_mix="coking", industry_growth=0.01,
                electricity_industry_share=0.88,
                products={"电石": 330, "精甲醇": 50, "水泥熟料": 200, "生石灰": 300, "粗钢": 120,
                          "铁合金": 160, "工业硅": 20},
                transformation={"炼焦": {"洗精煤": 1300, "原煤": 100}},
                product_start_year={"工业硅": 2021},
                transport_scale=1.3,
            ),
            LeagueProfile(
                "150400", "赤峰市", "赤峰", 403.60, 0.53, 2197.5, 0.19, 0.34, -0.2,
                power=PowerProfile(210, 3, 120, 18, 8, 250, 0.326, 0.015, 0.027, 0.025, "coal"),
                heat_10k_tce=330, heat_mix="coal",
                industry_10k_tce=380, industry_mix="general", industry_growth=0.01,
                electricity_industry_share=0.62,
                products={"合成氨": 45, "水泥熟料": 350, "生石灰": 50, "粗钢": 260},
                transformation={"制气": {"原煤": 350}},
                kerosene_10k_t=1.5,
            ),
            LeagueProfile(
                "150500", "通辽市", "通辽", 287.32, 0.50, 1609.0, 0.22, 0.33, -0.4,
                power=PowerProfile(430, 0, 105, 16, 5, 370, 0.324, 0.02, 0.027, 0.02, "coal"),
                heat_10k_tce=230, heat_mix="coal",
                industry_10k_tce=420, industry_mix="aluminium", industry_growth=0.01,
                electricity_industry_share=0.80,
                products={"水泥熟料": 250, "原铝": 180},
                kerosene_10k_t=1.2,
            ),
            LeagueProfile(
                "150600", "鄂尔多斯市", "鄂尔多斯", 215.36, 0.77, 5849.86, 0.035, 0.62, 1.0,
                power=PowerProfile(
                    1650, 0, 60, 50, 8, 600, 0.312, 0.025, 0.037, 0.015, "coal_gangue"
                ),
                heat_10k_tce=300, heat_mix="gas",
                industry_10k_tce=3600, industry_mix="coal_chemical", industry_growth=0.015,
                electricity_industry_share=0.88,
                products={"电石": 420, "精甲醇": 750, "合成氨": 170, "水泥熟料": 300, "生石灰": 350,
                          "铁合金": 120},
                transformation={"炼焦": {"洗精煤": 1200}, "炼油及煤制油": {"原煤": 1100},
                                "制气": {"原煤": 120}},
                feedstock_override={"精甲醇": {"原煤": 1.35, "天然气": 100.0},
                                    "合成氨": {"原煤": 0.80, "天然气": 500.0}},
                final_use_scale=1.3, transport_scale=2.5, kerosene_10k_t=4.0,
            ),
            LeagueProfile(
                "150700", "呼伦贝尔市", "呼伦贝尔", 224.29, 0.74, 1595.57, 0.25, 0.30, -0.8,
                power=PowerProfile(300, 16, 30, 6, 5, 150, 0.330, 0.015, 0.027, 0.015, "coal"),
                heat_10k_tce=330, heat_mix="coal",
                industry_10k_tce=330, industry_mix="general", industry_growth=0.01,
                electricity_industry_share=0.60,
                products={"合成氨": 60, "水泥熟料": 200},
                kerosene_10k_t=2.5, has_gas_grid=False,
            ),
            LeagueProfile(
                "150800", "巴彦淖尔市", "巴彦淖尔", 153.87, 0.57, 1161.1, 0.25, 0.36, -0.3,
                power=PowerProfile(140, 2, 105, 36, 4, 180, 0.325, 0.015, 0.032, 0.025, "coal"),
                heat_10k_tce=150, heat_mix="coal",
                industry_10k_tce=200, industry_mix="general", industry_growth=0.01,
                electricity_industry_share=0.65,
                products={"水泥熟料": 150, "粗钢": 150, "铁合金": 40},
            ),
            LeagueProfile(
                "150900", "乌兰察布市", "乌兰察布", 170.63, 0.57, 1084.6, 0.16, 0.42, 0.0,
                power=PowerProfile(240, 0, 135, 24, 3, 440, 0.320, 0.015, 0.037, 0.06, "coal"),
                heat_10k_tce=170, heat_mix="coal",
                industry_10k_tce=450, industry_mix="ferroalloy", industry_growth=0.01,
                electricity_industry_share=0.82,
                products={"水泥熟料": 250, "生石灰": 80, "粗钢": 250, "铁合金": 480, "工业硅": 15},
            ),
            LeagueProfile(
                "152200", "兴安盟", "兴安", 141.69, 0.50, 700.0, 0.33, 0.25, -0.6,
                power=PowerProfile(38, 2, 35, 8, 3, 95, 0.330, 0.015, 0.032, 0.03, "coal"),
                heat_10k_tce=120, heat_mix="coal",
                industry_10k_tce=90, industry_mix="general", industry_growth=0.01,
                electricity_industry_share=0.50,
                products={"水泥熟料": 100},
                final_use_scale=0.9, has_gas_grid=False,
            ),
            LeagueProfile(
                "152500", "锡林郭勒盟", "锡林郭勒", 110.71, 0.70, 1184.78, 0.11, 0.55, 0.4,
                power=PowerProfile(580, 0, 130, 20, 2, 115, 0.316, 0.025, 0.037, 0.015, "coal"),
                heat_10k_tce=140, heat_mix="coal",
                industry_10k_tce=380, industry_mix="general", industry_growth=0.01,
                electricity_industry_share=0.75,
                products={"水泥熟料": 80},
                transport_scale=1.5, kerosene_10k_t=1.0, has_gas_grid=False,
            ),
            LeagueProfile(
                "152900", "阿拉善盟", "阿拉善", 26.24, 0.81, 404.93, 0.045, 0.62, 0.6,
                power=PowerProfile(140, 0, 22, 20, 0, 120, 0.325, 0.025, 0.037, 0.025, "coal"),
                heat_10k_tce=40, heat_mix="coal",
                industry_10k_tce=250, industry_mix="coking", industry_growth=0.01,
                electricity_industry_share=0.90,
                products={"电石": 260, "水泥熟料": 60, "生石灰": 200, "工业硅": 30},
                transformation={"炼焦": {"洗精煤": 300}},
                transport_scale=1.4,
            ),
        )
    }
)
LEAGUE_CODES: tuple[str, ...] = tuple(LEAGUE_PROFILES)
# fmt: on
