"""Sample ecosystem survey `forestry_survey/<YYYY>/plots.csv` (林草湿调查样地, CONTRACTS layout).

Permanent plots measured in three waves (2017, 2020, 2023), shaped like Inner Mongolia:

- 乔木林: the Greater Khingan larch (落叶松) and birch (白桦) forests of Hulunbuir and Hinggan hold
  most of the forest carbon (≈70 % and ≈18 %, Huang et al. 2016); oak/pine/poplar in Chifeng and
  Tongliao; poplar shelterbelts and sandland Mongolian pine (樟子松) elsewhere; P. euphratica
  (杨树 group) in Alxa. About 2,600万 ha of forest (乔木林 + 疏林地 + 灌木林) and ≈0.8 Pg C.
- 草地: ≈5,470万 ha, the steppes of Xilingol and Hulunbuir first; desert steppe in Alxa.
- 湿地: ≈380万 ha, half of it in Hulunbuir.

Each league × land class is a stratum of `n` plots on a systematic grid: every plot represents
the same expansion area (stratum area ÷ n). Between waves the stands grow; some poplar
shelterbelts are harvested, a few larch/birch plots burn, shrubs suffer drought and grass
biomass follows the weather, so some plot stock changes are negative. A few plots are measured
in one wave only (lost to mining or not reachable, new afforestation and wetland restoration
plots) - the pipeline must report them and leave them out of the stock difference.

Everything is deterministic: the same seed gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sample_generator import DEFAULT_SEED
from sample_generator.model import Noise, round_to

WAVES: tuple[int, ...] = (2017, 2020, 2023)
COLUMNS = (
    "plot_id", "league_code", "survey_year", "land_class", "species_group", "area_ha",
    "stock_volume_m3_per_ha", "shrub_biomass_t_per_ha", "grass_agb_dry_g_per_m2", "wetland_type",
)
TEN_THOUSAND_HA = 10_000.0

# fmt: off
# Annual growth of stand volume by species group (net of natural mortality), a plausible spread:
# natural larch/birch forests grow slowly, plantations of pine and poplar fast.
VOLUME_GROWTH: Mapping[str, float] = {
    "落叶松": 0.021, "白桦": 0.018, "樟子松": 0.040, "油松": 0.036, "云杉": 0.018, "山杨": 0.022,
    "杨树": 0.050, "柳树": 0.030, "栎类": 0.020, "榆树": 0.020, "其他阔叶": 0.022, "其他针叶": 0.022,
}


@dataclass(frozen=True)
class Stratum:
    """One league × land class: area in 万 ha, plots, the 2017 mean measure and the mix.

    `measure` is the 2017 mean stock volume (m3/ha) for 乔木林/疏林地, shrub biomass (t/ha) for
    灌木林, dry above-ground grass biomass (g/m2) for 草地, unused for 湿地. `mix` is species
    group (乔木林/疏林地), dominant shrub (灌木林) or wetland type (湿地) -> share.
    """

    area_10k_ha: float
    plots: int
    measure: float = 0.0
    mix: tuple[tuple[str, float], ...] = ()


HULUNBUIR, HINGGAN, CHIFENG, TONGLIAO, XILINGOL = "150700", "152200", "150400", "150500", "152500"
HOHHOT, BAOTOU, WUHAI, ORDOS, BAYANNUR, ULANQAB, ALXA = (
    "150100", "150200", "150300", "150600", "150800", "150900", "152900")

FOREST: Mapping[str, Stratum] = {  # 乔木林
    HULUNBUIR: Stratum(1250, 420, 96, (("落叶松", 0.58), ("白桦", 0.30), ("樟子松", 0.05), ("山杨", 0.04), ("栎类", 0.03))),
    HINGGAN:   Stratum(330, 170, 90, (("落叶松", 0.40), ("白桦", 0.30), ("栎类", 0.20), ("山杨", 0.10))),
    CHIFENG:   Stratum(220, 130, 38, (("油松", 0.30), ("落叶松", 0.20), ("白桦", 0.20), ("杨树", 0.20), ("栎类", 0.10))),
    TONGLIAO:  Stratum(150, 90, 50, (("杨树", 0.50), ("樟子松", 0.30), ("榆树", 0.20))),
    XILINGOL:  Stratum(60, 50, 45, (("白桦", 0.40), ("山杨", 0.20), ("榆树", 0.40))),
    ORDOS:     Stratum(40, 40, 20, (("樟子松", 0.40), ("油松", 0.30), ("杨树", 0.30))),
    HOHHOT:    Stratum(20, 25, 30, (("油松", 0.40), ("杨树", 0.40), ("其他阔叶", 0.20))),
    BAOTOU:    Stratum(10, 15, 28, (("油松", 0.40), ("杨树", 0.40), ("其他针叶", 0.20))),
    WUHAI:     Stratum(1, 6, 20, (("杨树", 0.70), ("榆树", 0.30))),
    BAYANNUR:  Stratum(15, 20, 40, (("杨树", 0.80), ("柳树", 0.20))),
    ULANQAB:   Stratum(25, 30, 25, (("杨树", 0.50), ("油松", 0.30), ("云杉", 0.20))),
    ALXA:      Stratum(15, 20, 25, (("杨树", 0.85), ("柳树", 0.15))),  # P. euphratica groves
}
SPARSE: Mapping[str, Stratum] = {  # 疏林地: elm sparse forest of the sandlands, Euphrates poplar
    XILINGOL: Stratum(15, 20, 14, (("榆树", 1.0),)),
    TONGLIAO: Stratum(10, 15, 15, (("榆树", 0.7), ("杨树", 0.3))),
    CHIFENG:  Stratum(10, 15, 15, (("榆树", 0.5), ("油松", 0.5))),
    HULUNBUIR: Stratum(8, 10, 18, (("白桦", 0.5), ("落叶松", 0.5))),
    HINGGAN:  Stratum(4, 8, 16, (("白桦", 0.5), ("栎类", 0.5))),
    ORDOS:    Stratum(4, 8, 10, (("榆树", 0.6), ("杨树", 0.4))),
    ALXA:     Stratum(6, 8, 12, (("杨树", 1.0),)),
    ULANQAB:  Stratum(3, 6, 10, (("榆树", 1.0),)),
    BAYANNUR: Stratum(3, 6, 12, (("杨树", 0.5), ("榆树", 0.5))),
    BAOTOU:   Stratum(2, 5, 10, (("榆树", 1.0),)),
    HOHHOT:   Stratum(2, 5, 12, (("榆树", 1.0),)),
    WUHAI:    Stratum(0.5, 3, 8, (("榆树", 1.0),)),
}
SHRUB: Mapping[str, Stratum] = {  # 灌木林 (national special shrub forest counts as forest)
    ORDOS:    Stratum(100, 50, 8.5, (("沙柳", 0.5), ("柠条", 0.3), ("沙棘", 0.2))),
    ALXA:     Stratum(80, 40, 5.5, (("梭梭", 0.7), ("白刺", 0.3))),
    BAYANNUR: Stratum(40, 25, 6.5, (("梭梭", 0.4), ("柠条", 0.6))),
    XILINGOL: Stratum(50, 30, 9.0, (("柠条", 0.5), ("山杏", 0.5))),
    CHIFENG:  Stratum(40, 25, 11.0, (("山杏", 0.6), ("柠条", 0.4))),
    TONGLIAO: Stratum(30, 20, 10.0, (("山杏", 0.5), ("胡枝子", 0.5))),
    ULANQAB:  Stratum(30, 20, 8.0, (("柠条", 1.0),)),
    BAOTOU:   Stratum(15, 12, 7.5, (("柠条", 1.0),)),
    HOHHOT:   Stratum(10, 10, 9.5, (("沙棘", 0.5), ("柠条", 0.5))),
    HULUNBUIR: Stratum(20, 15, 14.0, (("榛", 0.5), ("胡枝子", 0.5))),
    HINGGAN:  Stratum(10, 10, 13.0, (("榛", 0.5), ("胡枝子", 0.5))),
    WUHAI:    Stratum(3, 5, 4.5, (("霸王", 1.0),)),
}
GRASS: Mapping[str, Stratum] = {  # 草地: 2017 mean dry above-ground biomass, g/m2
    XILINGOL: Stratum(1750, 220, 105), HULUNBUIR: Stratum(820, 150, 190), ALXA: Stratum(600, 90, 35),
    ORDOS: Stratum(450, 80, 65), BAYANNUR: Stratum(400, 70, 55), CHIFENG: Stratum(400, 80, 120),
    ULANQAB: Stratum(300, 60, 80), TONGLIAO: Stratum(250, 50, 115), HINGGAN: Stratum(200, 40, 170),
    BAOTOU: Stratum(200, 40, 75), HOHHOT: Stratum(80, 20, 95), WUHAI: Stratum(20, 8, 35),
}
_MARSH, _LAKE, _RIVER, _MADE = "沼泽湿地", "湖泊湿地", "河流湿地", "人工湿地"
WETLAND: Mapping[str, Stratum] = {
    HULUNBUIR: Stratum(150, 40, 0, ((_MARSH, 0.6), (_LAKE, 0.2), (_RIVER, 0.2))),
    XILINGOL:  Stratum(50, 15, 0, ((_MARSH, 0.5), (_LAKE, 0.3), (_RIVER, 0.2))),
    HINGGAN:   Stratum(30, 10, 0, ((_MARSH, 0.6), (_RIVER, 0.4))),
    CHIFENG:   Stratum(30, 10, 0, ((_RIVER, 0.5), (_MARSH, 0.3), (_MADE, 0.2))),
    TONGLIAO:  Stratum(25, 8, 0, ((_RIVER, 0.5), (_MARSH, 0.5))),
    ORDOS:     Stratum(25, 8, 0, ((_LAKE, 0.5), (_RIVER, 0.5))),
    BAYANNUR:  Stratum(30, 10, 0, ((_LAKE, 0.5), (_MARSH, 0.2), (_RIVER, 0.2), (_MADE, 0.1))),
    ALXA:      Stratum(20, 6, 0, ((_LAKE, 0.5), (_MARSH, 0.5))),
    ULANQAB:   Stratum(8, 4, 0, ((_LAKE, 0.5), (_MADE, 0.5))),
    BAOTOU:    Stratum(6, 3, 0, ((_RIVER, 0.7), (_MADE, 0.3))),
    HOHHOT:    Stratum(4, 3, 0, ((_RIVER, 0.7), (_MADE, 0.3))),
    WUHAI:     Stratum(2, 2, 0, ((_LAKE, 1.0),)),
}
LAND_CLASSES: tuple[tuple[str, Mapping[str, Stratum]], ...] = (
    ("乔木林", FOREST), ("疏林地", SPARSE), ("灌木林", SHRUB), ("草地", GRASS), ("湿地", WETLAND),
)

# Disturbances per inter-wave period (probability, surviving share low-high)
POPLAR_HARVEST = (0.10, 0.05, 0.20)      # shelterbelt poplars felled and replanted
SELECTIVE_CUT = (0.01, 0.35, 0.60)       # thinning elsewhere (commercial logging of natural forest ended)
FIRE = (0.015, 0.05, 0.30)               # Greater Khingan fires (Hulunbuir, Hinggan)
SHRUB_DROUGHT = (0.03, 0.55, 0.75)
SHRUB_GROWTH = 0.02                      # shrub biomass, per year
GRASS_TREND = 0.007                      # grass cover 44 % (2017) -> 45 % (2023)
GRASS_WEATHER = 0.04                     # ± league-wide weather effect per wave

# Plots measured in one wave only: (league, land class, plot number in the stratum) lost after
# the first wave, the one plot not reachable in 2020, and new plots of the last wave with their
# (species or type, measure).
LOST_AFTER_2017 = ((ORDOS, "草地", 3), (XILINGOL, "草地", 17), (XILINGOL, "草地", 18),
                   (CHIFENG, "乔木林", 5), (CHIFENG, "乔木林", 6), (ORDOS, "灌木林", 9))
NOT_REACHED_2020 = ((HULUNBUIR, "湿地", 4),)
NEW_IN_2023 = ((ORDOS, "乔木林", "樟子松", 6.5), (ORDOS, "乔木林", "樟子松", 5.8), (ORDOS, "乔木林", "樟子松", 7.1),
               (ULANQAB, "乔木林", "油松", 5.2), (ULANQAB, "乔木林", "油松", 4.9), (HOHHOT, "乔木林", "杨树", 9.0),
               (BAYANNUR, "湿地", _MADE, 0.0), (BAYANNUR, "湿地", _LAKE, 0.0))
NEW_PLOT_AREA_HA = 2_000.0
# fmt: on


@dataclass
class Plot:
    plot_id: str
    league_code: str
    land_class: str
    species: str  # species group, dominant shrub or wetland type
    area_ha: float
    measures: dict[int, float]  # wave -> measure (m3/ha, t/ha or g/m2); absent wave = not measured


def _pick(mix: tuple[tuple[str, float], ...], u: float) -> str:
    running = 0.0
    for name, share in mix:
        running += share
        if u < running:
            return name
    return mix[-1][0]


def _disturbed(noise: Noise, key: tuple, rule: tuple[float, float, float]) -> float:
    """1.0 or the surviving share after a disturbance drawn with the rule's probability."""
    probability, low, high = rule
    if noise.uniform(*key, "event") >= probability:
        return 1.0
    return low + (high - low) * noise.uniform(*key, "severity")


def _stratum_plots(noise: Noise, league: str, land_class: str, stratum: Stratum, first: int) -> list[Plot]:
    plots = []
    area = round_to(stratum.area_10k_ha * TEN_THOUSAND_HA / stratum.plots, 1)
    weather = {w: noise.factor("weather", league, w, spread=GRASS_WEATHER) for w in WAVES}
    for number in range(1, stratum.plots + 1):
        key = (league, land_class, number)
        species = _pick(stratum.mix, noise.uniform(*key, "mix")) if stratum.mix else ""
        level = 0.25 + 1.5 * noise.uniform(*key, "level")  # plot-to-plot spread, mean 1
        measures: dict[int, float] = {}
        value = stratum.measure * level
        for index, wave in enumerate(WAVES):
            if index:
                years = wave - WAVES[index - 1]
                pkey = (*key, wave)
                if land_class in ("乔木林", "疏林地"):
                    growth = VOLUME_GROWTH[species] * (0.5 + noise.uniform(*pkey, "growth"))
                    value *= (1 + growth) ** years
                    if species == "杨树" and land_class == "乔木林":
                        value *= _disturbed(noise, pkey, POPLAR_HARVEST)
                    else:
                        value *= _disturbed(noise, pkey, SELECTIVE_CUT)
                    if league in (HULUNBUIR, HINGGAN) and species in ("落叶松", "白桦"):
                        value *= _disturbed(noise, pkey, FIRE)
                elif land_class == "灌木林":
                    value *= (1 + SHRUB_GROWTH * (0.5 + noise.uniform(*pkey, "growth"))) ** years
                    value *= _disturbed(noise, pkey, SHRUB_DROUGHT)
            if land_class == "草地":
                trend = (1 + GRASS_TREND) ** (wave - WAVES[0])
                measures[wave] = stratum.measure * level * trend * weather[wave] * noise.factor(*key, wave, spread=0.1)
            else:
                measures[wave] = value
        if (league, land_class, number) in LOST_AFTER_2017:
            measures = {WAVES[0]: measures[WAVES[0]]}
        if (league, land_class, number) in NOT_REACHED_2020:
            del measures[2020]
        plots.append(Plot(f"{league}{first + number:05d}", league, land_class, species, area, measures))
    return plots


def build_plots(seed: int = DEFAULT_SEED) -> list[Plot]:
    """Every plot of every league with its measure in each wave it was surveyed."""
    noise = Noise(seed)
    plots: list[Plot] = []
    leagues = sorted({code for _, strata in LAND_CLASSES for code in strata})
    for league in leagues:
        count = 0
        for land_class, strata in LAND_CLASSES:
            stratum = strata.get(league)
            if stratum is None:
                continue
            plots += _stratum_plots(noise, league, land_class, stratum, count)
            count += stratum.plots
        for league_new, land_class, species, measure in NEW_IN_2023:
            if league_new == league:
                count += 1
                plots.append(Plot(f"{league}{count:05d}", league, land_class, species, NEW_PLOT_AREA_HA,
                                  {WAVES[-1]: measure}))
    return plots


def _row(plot: Plot, wave: int) -> list[str]:
    value = plot.measures[wave]
    cells = {column: "" for column in COLUMNS}
    cells |= {"plot_id": plot.plot_id, "league_code": plot.league_code, "survey_year": str(wave),
              "land_class": plot.land_class, "area_ha": f"{plot.area_ha:.1f}"}
    if plot.land_class in ("乔木林", "疏林地"):
        cells["species_group"] = plot.species
        cells["stock_volume_m3_per_ha"] = f"{round_to(value, 1):.1f}"
    elif plot.land_class == "灌木林":
        cells["species_group"] = plot.species  # dominant shrub, descriptive only
        cells["shrub_biomass_t_per_ha"] = f"{round_to(value, 2):.2f}"
    elif plot.land_class == "草地":
        cells["grass_agb_dry_g_per_m2"] = f"{round_to(value, 1):.1f}"
    else:
        cells["wetland_type"] = plot.species
    return [cells[column] for column in COLUMNS]


def render_wave(plots: list[Plot], wave: int) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for plot in sorted(plots, key=lambda p: p.plot_id):
        if wave in plot.measures:
            writer.writerow(_row(plot, wave))
    return buffer.getvalue()


def generate(out_dir: Path | str, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write `<out_dir>/forestry_survey/<wave>/plots.csv` for every wave; returns the paths."""
    plots = build_plots(seed)
    paths = []
    for wave in WAVES:
        path = Path(out_dir) / "forestry_survey" / str(wave) / "plots.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_wave(plots, wave), encoding="utf-8", newline="")
        paths.append(path)
    return paths
