"""Parameters of the sample enterprise reports: what kinds of enterprise exist, how big they are,
what they burn and how they test their coal. Every number here is invented but sized like the
real thing (sources of the magnitudes in the comments); the factors themselves come from the
seeds (`enterprise_reference.py`).

Units: output t per year (power plants: MW and hours), electricity kWh per t, energy kgce per t.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

# fmt: off
# Enterprises cover at most this share of a league's yearbook quantity; the generator checks that
# enterprise fuel use per league x fuel x year stays below MAX_SHARE_OF_YEARBOOK of the yearbook's
# 火力发电 + 供热 + 工业 use.
POWER_COVERAGE = 0.50          # share of the league's thermal generation in reporting plants
PRODUCT_COVERAGE = 0.65        # share of the league's product output in reporting plants
MAX_SHARE_OF_YEARBOOK = 0.90

# Monthly weights (January..December).
SEASONS: Mapping[str, tuple[float, ...]] = MappingProxyType({
    "power": (1.12, 1.02, 0.98, 0.90, 0.88, 0.96, 1.06, 1.06, 0.94, 0.96, 1.04, 1.12),
    "flat": (1.0, 0.92, 1.0, 1.0, 1.02, 1.0, 1.0, 1.02, 1.0, 1.0, 1.0, 1.02),
    # cement kilns in north China stop in winter (错峰生产, mid-November to mid-March)
    "kiln_winter_stop": (0.0, 0.0, 0.55, 1.15, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.1, 0.45),
    "dairy": (0.95, 0.9, 1.0, 1.0, 1.05, 1.08, 1.1, 1.1, 1.05, 1.0, 0.9, 0.9),
})


@dataclass(frozen=True)
class Firing:
    """One fuel series of a combustion unit: the share of the enterprise's fuel heat it takes."""

    unit_id: str
    fuel: str
    line_unit: str  # t | 10k_m3 | m3 | GJ
    heat_share: float


@dataclass(frozen=True)
class Kind:
    """A kind of enterprise (the template of its report)."""

    name: str
    industry: str
    name_suffix: str
    size_t: tuple[float, float]  # annual output of the main product at the base year
    firing: tuple[Firing, ...]
    electricity_kwh_per_t: float
    fuel_kgce_per_t: float  # fuel burned per t (capped by the drawn unit consumption)
    products: tuple[str, ...] = ()  # production products (main first); () = no product
    process_product: str | None = None
    indicator: str | None = None  # ref_efficiency_levels row the unit consumption is drawn around
    heat_gj_per_t: float = 0.0  # purchased heat
    season: str = "flat"
    lab_mix: tuple[float, float, float] = (0.45, 0.40, 0.15)  # coal testing: full, NCV only, none
    gas_ncv_tested: float = 0.2  # share of enterprises measuring the NCV of natural gas


def _f(unit_id: str, fuel: str, unit: str, share: float) -> Firing:
    return Firing(unit_id, fuel, unit, share)


KINDS: Mapping[str, Kind] = MappingProxyType({k.name: k for k in (
    # steel: BF/BOF works; ~1,100 m3 BFG, 90 m3 COG, 70 m3 BOF gas burned per t of steel
    Kind("steel", "steel", "钢铁有限责任公司", (1.0e6, 4.5e6),
         (_f("烧结机", "原煤", "t", 0.32), _f("1#高炉热风炉", "高炉煤气", "10k_m3", 0.28),
          _f("2#高炉热风炉", "高炉煤气", "10k_m3", 0.15), _f("轧钢加热炉", "焦炉煤气", "10k_m3", 0.13),
          _f("转炉煤气锅炉", "转炉煤气", "10k_m3", 0.07), _f("石灰窑", "天然气", "10k_m3", 0.05)),
         electricity_kwh_per_t=450, fuel_kgce_per_t=290, products=("粗钢",), process_product="粗钢",
         indicator=None),
    Kind("ferrosilicon", "steel", "硅铁有限公司", (8.0e4, 3.0e5),
         (_f("1#矿热炉", "原煤", "t", 0.6), _f("烘干窑", "焦炭", "t", 0.4)),
         electricity_kwh_per_t=8300, fuel_kgce_per_t=25, products=("硅铁",), process_product="铁合金",
         indicator="硅铁单位产品综合能耗"),
    Kind("silicomanganese", "steel", "铁合金有限公司", (8.0e4, 3.5e5),
         (_f("1#矿热炉", "原煤", "t", 0.6), _f("烘干窑", "焦炭", "t", 0.4)),
         electricity_kwh_per_t=4100, fuel_kgce_per_t=25, products=("锰硅合金",), process_product="铁合金",
         indicator="锰硅合金单位产品综合能耗"),
    # primary aluminium: 13,000-13,500 kWh/t; anode baking and casting on gas or coal
    Kind("aluminium", "nonferrous", "铝业有限公司", (3.0e5, 8.0e5),
         (_f("阳极焙烧炉", "天然气", "10k_m3", 0.6), _f("铸造炉", "原煤", "t", 0.4)),
         electricity_kwh_per_t=13200, fuel_kgce_per_t=45, products=("原铝",), process_product="原铝",
         indicator="电解铝铝液交流电耗"),
    Kind("silicon", "nonferrous", "硅业有限公司", (3.0e4, 1.2e5),
         (_f("1#矿热炉", "原煤", "t", 1.0),),
         electricity_kwh_per_t=12000, fuel_kgce_per_t=40, products=("工业硅",), process_product="工业硅"),
    # chemicals
    Kind("carbide", "chemical", "电石有限公司", (1.2e5, 4.0e5),
         (_f("电石炉尾气锅炉", "其他煤气", "GJ", 0.4), _f("石灰窑", "原煤", "t", 0.6)),
         electricity_kwh_per_t=3050, fuel_kgce_per_t=60, products=("电石",), process_product="电石",
         indicator="电石单位产品综合能耗"),
    Kind("methanol", "chemical", "甲醇有限公司", (3.0e5, 1.8e6),
         (_f("1#动力锅炉", "原煤", "t", 0.5), _f("2#动力锅炉", "原煤", "t", 0.4),
          _f("加热炉", "其他煤气", "GJ", 0.1)),
         electricity_kwh_per_t=500, fuel_kgce_per_t=450, products=("精甲醇",), process_product="精甲醇",
         indicator="烟煤制甲醇单位产品综合能耗"),
    Kind("ammonia", "chemical", "化肥有限公司", (2.0e5, 6.0e5),
         (_f("1#动力锅炉", "原煤", "t", 1.0),),
         electricity_kwh_per_t=1000, fuel_kgce_per_t=600, products=("合成氨",), process_product="合成氨",
         indicator="合成氨(粉煤)单位产品综合能耗"),
    Kind("meg", "chemical", "煤化工有限公司", (2.0e5, 6.0e5),
         (_f("1#动力锅炉", "原煤", "t", 0.7), _f("2#动力锅炉", "原煤", "t", 0.3)),
         electricity_kwh_per_t=1200, fuel_kgce_per_t=1000, products=("乙二醇",)),
    Kind("pvc", "chemical", "氯碱化工有限公司", (2.0e5, 4.0e5),
         (_f("1#动力锅炉", "原煤", "t", 1.0),),
         electricity_kwh_per_t=1500, fuel_kgce_per_t=250, products=("聚氯乙烯",)),
    # petrochemical
    Kind("refinery", "petrochemical", "石化有限公司", (3.5e6, 4.2e6),
         (_f("常减压加热炉", "炼厂干气", "t", 0.5), _f("催化再生器", "石油焦", "t", 0.25),
          _f("重整加热炉", "天然气", "10k_m3", 0.15), _f("1#锅炉", "燃料油", "t", 0.1)),
         electricity_kwh_per_t=60, fuel_kgce_per_t=65, products=("成品油",)),
    Kind("ctl", "petrochemical", "煤制油有限公司", (9.0e5, 1.1e6),
         (_f("1#动力锅炉", "原煤", "t", 0.6), _f("2#动力锅炉", "原煤", "t", 0.4)),
         electricity_kwh_per_t=800, fuel_kgce_per_t=1200, products=("煤制油品",)),
    Kind("coking", "petrochemical", "焦化有限公司", (8.0e5, 2.0e6),
         (_f("1#焦炉", "焦炉煤气", "10k_m3", 0.9), _f("干熄焦锅炉", "原煤", "t", 0.1)),
         electricity_kwh_per_t=35, fuel_kgce_per_t=110, products=("焦炭",)),
    # building materials
    Kind("clinker", "building_materials", "水泥有限公司", (6.0e5, 2.0e6),
         (_f("1#回转窑", "原煤", "t", 1.0),),
         electricity_kwh_per_t=55, fuel_kgce_per_t=105, products=("水泥熟料",), process_product="水泥熟料",
         indicator="水泥熟料单位产品综合能耗", season="kiln_winter_stop"),
    Kind("lime", "building_materials", "石灰有限公司", (1.5e5, 6.0e5),
         (_f("1#石灰窑", "原煤", "t", 0.75), _f("2#石灰窑", "焦炉煤气", "10k_m3", 0.25)),
         electricity_kwh_per_t=30, fuel_kgce_per_t=130, products=("生石灰",), process_product="生石灰"),
    # other
    Kind("polysilicon", "other", "多晶硅有限公司", (5.0e4, 1.0e5),
         (_f("还原炉尾气焚烧", "天然气", "10k_m3", 1.0),),
         electricity_kwh_per_t=55000, fuel_kgce_per_t=30, products=("多晶硅",), heat_gj_per_t=60),
    Kind("monosilicon", "other", "硅材料科技有限公司", (2.0e4, 6.0e4),
         (_f("叉车", "柴油", "t", 1.0),),
         electricity_kwh_per_t=25000, fuel_kgce_per_t=2, products=("单晶硅",)),
    Kind("cathode", "other", "新能源材料有限公司", (2.0e4, 5.0e4),
         (_f("叉车", "柴油", "t", 1.0),),
         electricity_kwh_per_t=3500, fuel_kgce_per_t=3, products=("锂电池正极材料",)),
    Kind("wind_equipment", "other", "风电装备有限公司", (3.0e4, 1.0e5),
         (_f("叉车", "柴油", "t", 1.0),),
         electricity_kwh_per_t=400, fuel_kgce_per_t=4, products=("风电装备",)),
    Kind("rare_earth", "other", "稀土冶炼有限公司", (1.0e4, 4.0e4),
         (_f("焙烧窑", "原煤", "t", 1.0),),
         electricity_kwh_per_t=5000, fuel_kgce_per_t=300, products=("稀土冶炼产品",)),
    Kind("dairy", "other", "乳业有限公司", (3.0e5, 1.5e6),
         (_f("1#燃气锅炉", "天然气", "10k_m3", 1.0),),
         electricity_kwh_per_t=90, fuel_kgce_per_t=40, products=("乳制品",), heat_gj_per_t=0.3,
         season="dairy"),
    Kind("data_centre", "other", "云计算数据中心有限公司", (1.0e5, 6.0e5),  # MWh a year
         (_f("备用柴油发电机", "柴油", "t", 1.0),),
         electricity_kwh_per_t=1000, fuel_kgce_per_t=0.15),
)})

# Power plants (火电): unit size -> (efficiency indicator, own use share, coal-rate bands)
POWER_SIZES: Mapping[int, tuple[str, float]] = MappingProxyType({
    300: ("燃煤机组供电煤耗(亚临界300MW)", 0.065),
    600: ("燃煤机组供电煤耗(超超临界600MW)", 0.050),
    1000: ("燃煤机组供电煤耗(超超临界600MW)", 0.045),
})
POWER_SIZE_WEIGHTS = ((300, 0.35), (600, 0.45), (1000, 0.20))
POWER_HOURS = (4300.0, 5300.0)
POWER_FIRING: Mapping[str, tuple[tuple[str, float], ...]] = MappingProxyType({
    # a 600 MW unit at ~5,000 h burns 1.3-1.7 Mt of Inner Mongolian coal (17.5-21 GJ/t)
    "coal": (("原煤", 0.85), ("其他洗煤", 0.147), ("柴油", 0.003)),
    # circulating fluidised bed units on gangue and middlings (乌海, 鄂尔多斯)
    "gangue": (("煤矸石", 0.45), ("其他洗煤", 0.30), ("原煤", 0.247), ("柴油", 0.003)),
})
POWER_PURCHASED_SHARE = 0.003  # start-up and back-up power bought from the grid, of gross
POWER_LAB_MIX = (0.80, 0.15, 0.05)  # full monthly tests, NCV only (carbon untested), none
POWER_OXIDATION = 0.99  # the power-sector guideline's coal oxidation rate, reported by the plants

# True coal quality of the sample (as-received NCV GJ/t, carbon tC/GJ): base ranges per fuel.
COAL_QUALITY: Mapping[str, tuple[tuple[float, float], tuple[float, float]]] = MappingProxyType({
    "原煤": ((17.5, 21.0), (0.0258, 0.0276)),
    "洗精煤": ((24.5, 27.5), (0.0252, 0.0262)),
    "其他洗煤": ((11.5, 14.0), (0.0255, 0.0270)),
    "型煤": ((16.5, 18.5), (0.0300, 0.0330)),
    "煤矸石": ((7.5, 10.0), (0.0255, 0.0275)),
    "焦炭": ((27.5, 29.0), (0.0290, 0.0300)),
})
GAS_NCV_RANGE = (375.0, 395.0)  # GJ per 10^4 m3 of natural gas when measured

# Efficiency classes of the sample: level 1 or better, between level 1 and 3, worse than level 3.
EFFICIENCY_CLASS_WEIGHTS = (("level_1", 0.30), ("between", 0.55), ("below_level_3", 0.15))
EFFICIENCY_IMPROVEMENT_PER_YEAR = 0.004
EXIT_CLOSE_SHARE = 0.35  # of the enterprises below level 3, those that close after 2023
NEW_PLANT_SHARE = 0.05  # enterprises that start reporting in 2021-2023

# Green electricity (绿电交易 started in September 2021): share of purchases, by where the
# enterprise is; own on-site PV as a share of use in zero-carbon parks.
GREEN_SHARE = MappingProxyType({"zero_carbon": (0.72, 0.92), "low_carbon": (0.25, 0.55),
                                "none": (0.05, 0.20)})
GREEN_BUYERS_OUTSIDE_PARKS = 0.10
GREEN_GROWTH_PER_YEAR = 0.02
ONSITE_PV_SHARE = (0.05, 0.15)
CAPTIVE_POWER_SHARE = (0.30, 0.45)  # aluminium smelters with a captive coal plant (霍林郭勒)
CAPTIVE_COAL_TCE_PER_MWH = 0.33  # fuel per MWh generated in a captive plant
CAPTIVE_COAL_NCV = (14.0, 16.0)  # Huolinhe lignite

# Verification: other-industry enterprises outside the ETS often have none; the last year is
# partly still pending; verifiers sometimes correct the total a little.
UNVERIFIED_OTHER_SHARE = 0.30
PENDING_LAST_YEAR_SHARE = 0.35
VERIFIER_CORRECTION_SHARE = 0.30
VERIFIER_CORRECTION_PCT = (-0.8, 0.8)
VERIFIERS = ("华北碳核查中心", "内蒙古低碳发展研究中心", "中环碳核证(北京)有限公司", "北方质量认证中心",
             "蒙西能源审计事务所")

# Labs (CMA/CNAS): code, name, the league it serves (None: region-wide).
LABS = (
    ("NMMJ", "内蒙古煤炭质量检验检测中心", None),
    ("DKY", "内蒙古电力科学研究院燃料检测中心", None),
    ("HHZJ", "呼和浩特市产品质量检验研究院", "150100"),
    ("BTJC", "包头市检验检测研究院", "150200"),
    ("WHMJ", "乌海市煤炭检测站", "150300"),
    ("CFZJ", "赤峰市质量技术监督检测中心", "150400"),
    ("TLMZ", "通辽市煤质检验中心", "150500"),
    ("EDMZ", "鄂尔多斯市煤质检测中心", "150600"),
    ("HLMZ", "呼伦贝尔煤质化验中心", "150700"),
    ("XLMZ", "锡林郭勒煤质检测站", "152500"),
)

# Enterprises that are not sized from a yearbook product: league -> ((kind, count), ...).
EXTRA_ENTERPRISES: Mapping[str, tuple[tuple[str, int], ...]] = MappingProxyType({
    "150100": (("refinery", 1), ("dairy", 3), ("data_centre", 2), ("monosilicon", 2)),
    "150200": (("rare_earth", 3), ("polysilicon", 2), ("wind_equipment", 1), ("cathode", 1),
               ("monosilicon", 1)),
    "150300": (("coking", 3), ("pvc", 2)),
    "150400": (("dairy", 1),),
    "150600": (("ctl", 1), ("meg", 3), ("coking", 2), ("pvc", 1), ("cathode", 2),
               ("wind_equipment", 2), ("monosilicon", 1)),
    "150800": (("dairy", 1),),
    "150900": (("data_centre", 3),),
    "152900": (("coking", 1),),
})
# Process product -> the kinds making it (the first kind gets the rest of the split).
PRODUCT_KINDS: Mapping[str, tuple[tuple[str, float], ...]] = MappingProxyType({
    "粗钢": (("steel", 1.0),),
    "铁合金": (("silicomanganese", 0.55), ("ferrosilicon", 0.45)),
    "原铝": (("aluminium", 1.0),),
    "工业硅": (("silicon", 1.0),),
    "电石": (("carbide", 1.0),),
    "精甲醇": (("methanol", 1.0),),
    "合成氨": (("ammonia", 1.0),),
    "水泥熟料": (("clinker", 1.0),),
    "生石灰": (("lime", 1.0),),
})
UNSPECIFIED_FERROALLOY_SHARE = 0.3  # silicomanganese plants reporting their product as 铁合金

# Parks: park -> ((kind, how many of that kind in the park's league), ...); the first ones made.
PARK_MEMBERS: Mapping[str, tuple[tuple[str, int], ...]] = MappingProxyType({
    "蒙苏零碳产业园": (("cathode", 2), ("wind_equipment", 2), ("monosilicon", 1)),
    "达茂零碳园区": (("wind_equipment", 1), ("cathode", 1), ("monosilicon", 1)),
    "霍林郭勒低碳园区": (("aluminium", 3),),
    "包头铝业低碳园区": (("aluminium", 2),),
    "鄂托克低碳园区": (("carbide", 3), ("ferrosilicon", 1), ("silicomanganese", 1)),
    "乌斯太低碳园区": (("carbide", 3), ("silicon", 1)),
})
CAPTIVE_POWER_PARKS = frozenset({"霍林郭勒低碳园区"})
PARK_COUNTY: Mapping[str, str] = MappingProxyType({
    "蒙苏零碳产业园": "150627", "达茂零碳园区": "150223", "霍林郭勒低碳园区": "150581",
    "包头铝业低碳园区": "150202", "鄂托克低碳园区": "150624", "乌斯太低碳园区": "152921",
})
NEW_PARK_START_YEAR: Mapping[str, int] = MappingProxyType({"蒙苏零碳产业园": 2022, "达茂零碳园区": 2021})

# County codes (GB/T 2260) used in the credit codes of each league.
COUNTIES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "150100": ("02", "03", "04", "05", "21", "22", "23", "24", "25"),
    "150200": ("02", "03", "04", "05", "06", "07", "22", "23"),
    "150300": ("02", "03", "04"),
    "150400": ("02", "03", "04", "21", "22", "23", "24", "25", "26", "28", "29", "30"),
    "150500": ("02", "21", "22", "23", "24", "25", "26", "81"),
    "150600": ("02", "03", "21", "22", "23", "24", "25", "26", "27"),
    "150700": ("02", "03", "21", "22", "23", "24", "25", "26", "81", "82", "83", "84", "85"),
    "150800": ("02", "21", "22", "23", "24", "25", "26"),
    "150900": ("02", "21", "22", "23", "24", "25", "26", "27", "28", "29", "81"),
    "152200": ("01", "02", "21", "22", "23", "24"),
    "152500": ("01", "02", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31"),
    "152900": ("21", "22", "23"),
})
NAME_FIRST = "蒙北恒瑞宏鑫金华远东天聚兴昌瀚朔青赛云河长塞龙明新嘉锦博伊君中广荣晟凯祥"
NAME_SECOND = "泰辰源丰达海桥星航方润业盛山城罕川原宇通信安和利峰德隆汇"


# fmt: on
