"""Sample CCUS projects `ccus/<YYYY>.csv` and reduction measures `measures/<YYYY>.csv`.

CCUS (碳捕集利用与封存), 2020-2024, chosen so that every accounting rule matters:

- the Ordos coal-liquefaction CCS (鄂尔多斯咸水层封存), ≈100 kt/yr into a saline aquifer, capture
  energy ≈0.12 MWh/t (high-purity CO2 only needs drying, compression and liquefaction);
- an enhanced-oil-recovery project (驱油) from 2021: only the CO2 that stays in the reservoir
  (`stored_t`, ≈55-60 % of the injected `utilized_t`) counts;
- food-grade CO2 from coking tail gas in Wuhai (食品): released on consumption, counts nothing,
  so its capture energy makes its net reduction negative;
- CO2-to-methanol at Wusitai, Alxa (化工利用) from 2022: short-lived product, counts nothing;
- a post-combustion amine pilot at Togtoh (Hohhot) in 2024 with a large heat demand (≈2.8 GJ/t).

Measures (减排措施): a few per league and year, some not (yet) verified.

Deterministic: the same seed gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sample_generator import DEFAULT_SEED
from sample_generator.model import Noise

YEARS: tuple[int, ...] = (2020, 2021, 2022, 2023, 2024)
CCUS_COLUMNS = (
    "project_id", "project_name", "league_code", "credit_code", "year", "captured_t", "stored_t",
    "utilized_t", "utilization_type", "capture_electricity_mwh", "capture_heat_gj", "leakage_t",
)
MEASURE_COLUMNS = (
    "measure_id", "league_code", "year", "kind", "reduction_t_co2", "energy_saving_tce", "verified",
)

# GB 32100-2015 unified social credit code: 17 characters + a check character.
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(first_17: str) -> str:
    """Append the GB 32100 check character to 17 code characters."""
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first_17, CREDIT_WEIGHTS, strict=True))
    return first_17 + CREDIT_CHARSET[(31 - total % 31) % 31]


@dataclass(frozen=True)
class Project:
    project_id: str
    name: str
    league_code: str
    credit_code: str
    first_year: int
    base_t: float  # captured t CO2 in the first year
    growth: float  # per year
    stored_share: float  # stored_t / captured_t
    utilized_share: float  # utilized_t / captured_t
    utilization_type: str
    mwh_per_t: float  # capture, compression, liquefaction electricity per t captured
    gj_per_t: float  # capture heat (solvent regeneration) per t captured
    leakage_share: float  # of what is stored


# fmt: off
PROJECTS: tuple[Project, ...] = (
    Project("CCUS-150600-001", "国家能源集团鄂尔多斯煤直接液化CCS示范（咸水层封存）", "150600",
            credit_code("91150627MA0N2C8K3"), 2020, 102_000, 0.0, 0.98, 0.0, "", 0.12, 0.0, 0.0),
    Project("CCUS-150600-002", "鄂托克前旗煤化工CO2驱油与封存（长庆油田）", "150600",
            credit_code("91150623MA13PX5R7"), 2021, 150_000, 0.18, 0.58, 1.0, "驱油", 0.11, 0.0, 0.005),
    Project("CCUS-150300-001", "乌海焦化尾气回收食品级二氧化碳", "150300",
            credit_code("91150302MA0Q7LJ22"), 2020, 42_000, 0.04, 0.0, 1.0, "食品", 0.18, 0.9, 0.0),
    Project("CCUS-152900-001", "乌斯太电石尾气二氧化碳制甲醇", "152900",
            credit_code("91152921MA0R1TWQ5"), 2022, 60_000, 0.05, 0.0, 1.0, "化工利用", 0.15, 0.5, 0.0),
    Project("CCUS-150100-001", "托克托电厂燃烧后捕集示范（咸水层封存）", "150100",
            credit_code("91150122MA0P3H6X9"), 2024, 20_000, 0.0, 0.98, 0.0, "", 0.12, 2.8, 0.001),
)

# Measures: league -> kinds it reports (with a typical size in t CO2 per year).
MEASURE_KINDS = ("节能改造", "淘汰产能", "用能结构优化", "碳汇", "CCUS")
MEASURE_SIZE_T = {"节能改造": 120_000, "淘汰产能": 250_000, "用能结构优化": 180_000, "碳汇": 60_000, "CCUS": 90_000}
T_CO2_PER_TCE = 2.66  # coal-dominated saving: t CO2 avoided per tce saved (sample shape only)
LEAGUE_MEASURES = {
    "150100": ("节能改造", "用能结构优化"), "150200": ("节能改造", "淘汰产能", "用能结构优化"),
    "150300": ("淘汰产能", "节能改造"), "150400": ("节能改造", "碳汇"), "150500": ("节能改造", "用能结构优化"),
    "150600": ("节能改造", "淘汰产能", "CCUS"), "150700": ("碳汇", "节能改造"), "150800": ("节能改造",),
    "150900": ("淘汰产能", "节能改造"), "152200": ("碳汇",), "152500": ("用能结构优化", "碳汇"),
    "152900": ("淘汰产能", "节能改造"),
}
UNVERIFIED_SHARE = 0.2
# fmt: on


def _project_row(project: Project, year: int, noise: Noise) -> list[str]:
    captured = project.base_t * (1 + project.growth) ** (year - project.first_year)
    captured = round(captured * noise.factor("ccus", project.project_id, year, spread=0.03))
    stored = round(captured * project.stored_share)
    utilized = round(captured * project.utilized_share)
    cells = {
        "project_id": project.project_id, "project_name": project.name, "league_code": project.league_code,
        "credit_code": project.credit_code, "year": str(year), "captured_t": str(captured),
        "stored_t": str(stored), "utilized_t": str(utilized), "utilization_type": project.utilization_type,
        "capture_electricity_mwh": str(round(captured * project.mwh_per_t)),
        "capture_heat_gj": str(round(captured * project.gj_per_t)),
        "leakage_t": str(round(stored * project.leakage_share)),
    }
    return [cells[column] for column in CCUS_COLUMNS]


def _measure_rows(year: int, noise: Noise) -> list[list[str]]:
    rows = []
    for league, kinds in LEAGUE_MEASURES.items():
        for number, kind in enumerate(kinds, start=1):
            key = ("measure", league, year, number)
            reduction = round(MEASURE_SIZE_T[kind] * (0.3 + 1.4 * noise.uniform(*key)))
            saving = "" if kind in ("碳汇", "CCUS") else str(round(reduction / T_CO2_PER_TCE))
            verified = "false" if noise.uniform(*key, "verified") < UNVERIFIED_SHARE else "true"
            rows.append([f"JP-{year}-{league}-{number:02d}", league, str(year), kind, str(reduction), saving, verified])
    return rows


def _write(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def generate(out_dir: Path | str, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write `<out_dir>/ccus/<YYYY>.csv` and `<out_dir>/measures/<YYYY>.csv`; returns the paths."""
    noise = Noise(seed)
    out = Path(out_dir)
    paths = []
    for year in YEARS:
        rows = [_project_row(p, year, noise) for p in PROJECTS if p.first_year <= year]
        paths.append(_write(out / "ccus" / f"{year}.csv", CCUS_COLUMNS, rows))
    for year in YEARS:
        paths.append(_write(out / "measures" / f"{year}.csv", MEASURE_COLUMNS, _measure_rows(year, noise)))
    return paths
