"""The sample yearbook generator: determinism, the committed sample, magnitudes and traps.

The workbooks are read back with fastexcel and a deliberately tiny parser written here (no
other project module), and checked with the accounting rules of DESIGN.md:

- combusted = 火力发电 + 供热 + (工业 − 其中：用作原料、材料) + the 7 other final-use rows;
  t CO2 = combusted base amount x NCV x carbon content / 1000 x oxidation x 44/12;
- energy use (tce) = fuels of 火力发电 + 供热 + 工业 + the 7 other final-use rows x tce
  coefficient + (non-fossil generation + 调入 − 调出) x the year's coal-equivalent factor.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections import defaultdict
from pathlib import Path

import fastexcel
import pytest

from sample_generator import DEFAULT_SEED, yearbook
from sample_generator.workbook import SheetSpec, write_workbook

YEARS = (2020, 2021, 2022, 2023, 2024)
SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample" / "yearbook"
REGION = "150000"

# reference/fuels.csv: yearbook unit, NCV (GJ per t or m3), carbon content (tC/TJ), oxidation,
# tce per t or m3. fuels.csv lists the gases' standard-coal coefficients in kgce/m3 although
# their base unit is m3; they are divided by 1000 here.
FUEL_FACTORS: dict[str, tuple[str, float, float, float, float]] = {
    "原煤": ("万吨", 20.908, 26.37, 0.94, 0.7143),
    "洗精煤": ("万吨", 26.344, 25.41, 0.9, 0.9),
    "其他洗煤": ("万吨", 12.545, 25.41, 0.9, 0.2857),
    "型煤": ("万吨", 17.46, 33.6, 0.9, 0.5957),
    "煤矸石": ("万吨", 8.374, 25.41, 0.9, 0.2857),
    "焦炭": ("万吨", 28.435, 29.5, 0.93, 0.9714),
    "焦炉煤气": ("亿立方米", 0.017981, 13.58, 0.99, 0.5929e-3),
    "高炉煤气": ("亿立方米", 0.0033, 70.8, 0.99, 0.1286e-3),
    "转炉煤气": ("亿立方米", 0.0084, 49.6, 0.99, 0.2866e-3),
    "其他煤气": ("亿立方米", 0.005227, 12.2, 0.99, 0.1786e-3),
    "其他焦化产品": ("万吨", 33.453, 22.0, 0.98, 1.1429),
    "原油": ("万吨", 41.816, 20.1, 0.98, 1.4286),
    "汽油": ("万吨", 43.07, 18.9, 0.98, 1.4714),
    "煤油": ("万吨", 43.07, 19.5, 0.98, 1.4714),
    "柴油": ("万吨", 42.652, 20.2, 0.98, 1.4571),
    "燃料油": ("万吨", 41.816, 21.1, 0.98, 1.4286),
    "石脑油": ("万吨", 44.5, 20.0, 0.98, 1.5184),
    "石油焦": ("万吨", 32.5, 27.5, 0.98, 1.1089),
    "液化石油气": ("万吨", 50.179, 17.2, 0.98, 1.7143),
    "炼厂干气": ("万吨", 45.998, 18.2, 0.99, 1.5714),
    "其他石油制品": ("万吨", 41.031, 20.0, 0.98, 1.4286),
    "天然气": ("亿立方米", 0.038931, 15.3, 0.99, 1.2143e-3),
    "液化天然气": ("万吨", 51.498, 15.3, 0.98, 1.7572),
}
BASE_PER_UNIT = {"万吨": 1e4, "亿立方米": 1e8}
COAL_EQUIVALENT_GCE_PER_KWH = {2020: 305.5, 2021: 304.7, 2022: 304.0, 2023: 303.2, 2024: 302.4}

USES = (
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
FEEDSTOCK = "其中：用作原料、材料"
OTHER_FINAL_USES = USES[7:]
ENERGY_USES = ("火力发电", "供热", "工业", *OTHER_FINAL_USES)
LEAGUES = {
    "呼和浩特": "150100",
    "包头": "150200",
    "乌海": "150300",
    "赤峰": "150400",
    "通辽": "150500",
    "鄂尔多斯": "150600",
    "呼伦贝尔": "150700",
    "巴彦淖尔": "150800",
    "乌兰察布": "150900",
    "兴安": "152200",
    "锡林郭勒": "152500",
    "阿拉善": "152900",
    "全区": REGION,
}
ORDOS, BAOTOU = "150600", "150200"
MISSING = {"", "—", "——", "-", "…", "...", "……"}


# --- a tiny independent reader -----------------------------------------------------------------


def number(cell: str | None) -> float | None:
    """A yearbook number: dashes and blanks are None, thousands separators are dropped."""
    text = (cell or "").strip()
    if text in MISSING:
        return None
    return float(text.replace(",", ""))


def column_name(header: str) -> str:
    """`原煤(万吨)` / `天然气（亿立方米）` -> the name without its unit."""
    return re.split(r"[(（]", header, maxsplit=1)[0].strip()


def league_code(name: str) -> str:
    return LEAGUES[name.strip().removesuffix("市").removesuffix("盟")]


def read_table(path: Path, sheet: str) -> tuple[list[str], list[list[str | None]]]:
    """Header names (units stripped) and the data rows between the header and the notes."""
    frame = (
        fastexcel.read_excel(path)
        .load_sheet_by_name(sheet, header_row=None, dtypes="string")
        .to_polars()
    )
    rows = frame.rows()
    start = next(i for i, row in enumerate(rows) if (row[0] or "").strip() == "地区")
    header = [column_name(cell or "") for cell in rows[start]]
    body: list[list[str | None]] = []
    for row in rows[start + 1 :]:
        first = (row[0] or "").strip()
        if first.startswith("注"):
            break
        if any(cell not in (None, "") for cell in row):
            body.append(list(row))
    return header, body


def read_wide(path: Path, sheet: str) -> dict[str, dict[str, float | None]]:
    """League code -> column -> value for the one-row-per-league sheets."""
    header, body = read_table(path, sheet)
    return {
        league_code(row[0]): {name: number(cell) for name, cell in zip(header[1:], row[1:])}
        for row in body
    }


def read_energy(path: Path) -> dict[str, dict[str, dict[str, float | None]]]:
    """League code -> 用途 -> column -> value, carrying a blank 地区 down from the row above."""
    header, body = read_table(path, "能源消费")
    assert header[:2] == ["地区", "用途"]
    table: dict[str, dict[str, dict[str, float | None]]] = defaultdict(dict)
    current = None
    for row in body:
        if row[0] not in (None, ""):
            current = league_code(row[0])
        assert current is not None, "a 能源消费 row without 地区 and nothing above it"
        table[current][row[1].strip()] = {
            name: number(cell) for name, cell in zip(header[2:], row[2:])
        }
    return dict(table)


def base_amount(fuel: str, value: float | None) -> float:
    return 0.0 if value is None else value * BASE_PER_UNIT[FUEL_FACTORS[fuel][0]]


def direct_co2_t(block: dict[str, dict[str, float | None]]) -> float:
    total = 0.0
    for fuel, (_, ncv, carbon, oxidation, _) in FUEL_FACTORS.items():
        burned = sum(base_amount(fuel, block[use][fuel]) for use in ENERGY_USES)
        burned -= base_amount(fuel, block[FEEDSTOCK][fuel])
        total += burned * ncv * carbon / 1000 * oxidation * 44 / 12
    return total


def energy_tce(
    block: dict[str, dict[str, float | None]], power: dict[str, float | None], year: int
) -> float:
    fuels = sum(
        base_amount(fuel, block[use][fuel]) * factors[4]
        for fuel, factors in FUEL_FACTORS.items()
        for use in ENERGY_USES
    )
    non_fossil = (power["发电量"] or 0.0) - (power["火电"] or 0.0)
    net_transfer = (power["调入电量"] or 0.0) - (power["调出电量"] or 0.0)
    return fuels + (non_fossil + net_transfer) * 1e8 * COAL_EQUIVALENT_GCE_PER_KWH[year] / 1e6


# --- fixtures ------------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    out = tmp_path_factory.mktemp("fresh")
    paths = yearbook.generate(out, DEFAULT_SEED)
    return {int(path.stem): path for path in paths}


@pytest.fixture(scope="module")
def accounts(fresh: dict[int, Path]) -> dict[int, dict[str, tuple[float, float]]]:
    """Year -> league code -> (direct CO2 t, energy use tce), computed from the files."""
    result: dict[int, dict[str, tuple[float, float]]] = {}
    for year, path in fresh.items():
        energy, power = read_energy(path), read_wide(path, "电力")
        result[year] = {
            code: (direct_co2_t(energy[code]), energy_tce(energy[code], power[code], year))
            for code in energy
            if code != REGION
        }
    return result


# --- determinism ----------------------------------------------------------------------------------


def test_regeneration_is_byte_identical(tmp_path: Path, fresh: dict[int, Path]) -> None:
    again = yearbook.generate(tmp_path, DEFAULT_SEED)
    assert [p.name for p in again] == [f"{year}.xlsx" for year in YEARS]
    assert {p.name: sha256(p) for p in again} == {p.name: sha256(p) for p in fresh.values()}


def test_committed_sample_equals_fresh_generation(fresh: dict[int, Path]) -> None:
    committed = sorted(SAMPLE_DIR.glob("*.xlsx"))
    assert [p.name for p in committed] == [f"{year}.xlsx" for year in YEARS], (
        "data/sample/yearbook must hold exactly the generated workbooks; "
        "run `uv run python -m sample_generator --out data/sample`"
    )
    for path in committed:
        assert sha256(path) == sha256(fresh[int(path.stem)]), (
            f"{path} differs from a fresh generation: never edit the sample by hand, "
            "regenerate it with `uv run python -m sample_generator --out data/sample`"
        )


def test_other_seed_gives_other_numbers(tmp_path: Path, fresh: dict[int, Path]) -> None:
    other = yearbook.generate(tmp_path, DEFAULT_SEED + 1)
    assert sha256(other[0]) != sha256(fresh[2020])


# --- structure --------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_workbook_structure(fresh: dict[int, Path], year: int) -> None:
    path = fresh[year]
    assert fastexcel.read_excel(path).sheet_names == [
        "能源消费",
        "电力",
        "地区生产总值",
        "工业产品产量",
    ]
    header, _ = read_table(path, "能源消费")
    assert header == ["地区", "用途", *FUEL_FACTORS, "热力", "电力"]
    energy = read_energy(path)
    assert set(energy) == set(LEAGUES.values())
    assert all(list(block) == list(USES) for block in energy.values())
    for sheet in ("电力", "地区生产总值", "工业产品产量"):
        assert set(read_wide(path, sheet)) == set(LEAGUES.values())


# --- magnitudes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_region_direct_co2_and_energy_use(
    accounts: dict[int, dict[str, tuple[float, float]]], year: int
) -> None:
    co2_mt = sum(co2 for co2, _ in accounts[year].values()) / 1e6
    energy_100m_tce = sum(tce for _, tce in accounts[year].values()) / 1e8
    assert 750 <= co2_mt <= 950, f"{year}: region direct energy CO2 {co2_mt:.1f} Mt"
    assert 2.7 <= energy_100m_tce <= 3.2, f"{year}: region energy use {energy_100m_tce:.3f} 亿tce"


@pytest.mark.parametrize("year", YEARS)
def test_ordos_is_the_largest_emitter(
    accounts: dict[int, dict[str, tuple[float, float]]], year: int
) -> None:
    co2 = {code: value[0] for code, value in accounts[year].items()}
    ranked = sorted(co2, key=co2.get, reverse=True)
    assert ranked[:2] == [ORDOS, BAOTOU]
    assert 0.28 <= co2[ORDOS] / sum(co2.values()) <= 0.40
    assert co2[ORDOS] > 1.5 * co2[BAOTOU]


@pytest.mark.parametrize("year", YEARS)
def test_thermal_fuel_matches_thermal_generation(fresh: dict[int, Path], year: int) -> None:
    energy, power = read_energy(fresh[year]), read_wide(fresh[year], "电力")
    for code, block in energy.items():
        if code == REGION:
            continue
        tce = sum(
            base_amount(fuel, block["火力发电"][fuel]) * f[4] for fuel, f in FUEL_FACTORS.items()
        )
        gce_per_kwh = tce * 1e6 / (power[code]["火电"] * 1e8)
        assert 290 <= gce_per_kwh <= 345, f"{year} {code}: {gce_per_kwh:.0f} gce/kWh"


@pytest.mark.parametrize("year", YEARS)
def test_feedstock_is_a_subset_of_industry(fresh: dict[int, Path], year: int) -> None:
    for code, block in read_energy(fresh[year]).items():
        for fuel, feedstock in block[FEEDSTOCK].items():
            if feedstock is not None:
                industry = block["工业"][fuel]
                assert industry is not None and feedstock <= industry, f"{year} {code} {fuel}"


@pytest.mark.parametrize("year", YEARS)
def test_feedstock_follows_product_output(fresh: dict[int, Path], year: int) -> None:
    energy, output = read_energy(fresh[year]), read_wide(fresh[year], "工业产品产量")
    region_output = {product: value or 0.0 for product, value in output[REGION].items()}
    region_feedstock = {fuel: value or 0.0 for fuel, value in energy[REGION][FEEDSTOCK].items()}
    reductant_coke = 0.60 * region_output["电石"] + 0.45 * region_output["铁合金"] + 0.35 * region_output["粗钢"]
    assert region_feedstock["焦炭"] == pytest.approx(reductant_coke, rel=0.02)
    assert region_feedstock["石油焦"] == pytest.approx(
        0.42 * region_output["原铝"] + 0.45 * region_output["工业硅"], rel=0.02
    )
    assert region_feedstock["原煤"] > 1.2 * region_output["精甲醇"]


# --- identities ------------------------------------------------------------------------------------------


def _assert_region_is_sum(
    rows: dict[str, dict[str, float | None]], label: str, skip: tuple[str, ...] = ()
) -> None:
    for column, total in rows[REGION].items():
        if column in skip:
            continue
        leagues = [
            r[column] for code, r in rows.items() if code != REGION and r[column] is not None
        ]
        if total is None:
            assert not leagues, f"{label} {column}: 全区 blank but leagues report"
            continue
        assert total == pytest.approx(sum(leagues), rel=0.005, abs=0.01), f"{label} {column}"


@pytest.mark.parametrize("year", YEARS)
def test_region_rows_equal_league_sums(fresh: dict[int, Path], year: int) -> None:
    energy = read_energy(fresh[year])
    for use in USES:
        _assert_region_is_sum(
            {code: block[use] for code, block in energy.items()}, f"{year} 能源消费 {use}"
        )
    _assert_region_is_sum(read_wide(fresh[year], "电力"), f"{year} 电力")
    _assert_region_is_sum(
        read_wide(fresh[year], "地区生产总值"), f"{year} GDP", skip=("地区生产总值指数",)
    )
    _assert_region_is_sum(read_wide(fresh[year], "工业产品产量"), f"{year} 工业产品产量")


@pytest.mark.parametrize("year", YEARS)
def test_power_balance_identity(fresh: dict[int, Path], year: int) -> None:
    for code, r in read_wide(fresh[year], "电力").items():
        sources = r["火电"] + r["水电"] + r["风电"] + r["太阳能发电"] + r["其他发电"]
        assert r["发电量"] == pytest.approx(sources, rel=0.01), f"{year} {code}"
        balance = r["发电量"] + r["调入电量"] - r["调出电量"] - r["厂用电及线损"]
        assert r["全社会用电量"] == pytest.approx(balance, rel=0.01), f"{year} {code}"


@pytest.mark.parametrize("year", YEARS)
def test_gdp_sectors_add_up(fresh: dict[int, Path], year: int) -> None:
    for code, r in read_wide(fresh[year], "地区生产总值").items():
        assert r["第一产业"] + r["第二产业"] + r["第三产业"] == pytest.approx(
            r["地区生产总值"], abs=0.02
        )
        assert 99 <= r["地区生产总值指数"] <= 111, f"{year} {code}"


def test_region_trends(fresh: dict[int, Path]) -> None:
    power = {year: read_wide(fresh[year], "电力")[REGION] for year in YEARS}
    thermal_share = [power[y]["火电"] / power[y]["发电量"] for y in YEARS]
    assert thermal_share == sorted(thermal_share, reverse=True), "thermal share must fall"
    assert 0.78 <= thermal_share[0] <= 0.82 and 0.72 <= thermal_share[-1] <= 0.77
    for year in YEARS:
        assert 6000 <= power[year]["发电量"] <= 7500
        assert 2000 <= power[year]["调出电量"] <= 3000
        assert 0.3 <= power[year]["调出电量"] / power[year]["发电量"] <= 0.41
    assert power[2024]["风电"] > 1.3 * power[2020]["风电"]
    assert power[2024]["太阳能发电"] > 1.5 * power[2020]["太阳能发电"]


# --- formatting traps --------------------------------------------------------------------------------------


def _cells(sheets: list[SheetSpec]):
    for sheet in sheets:
        for row in sheet.rows:
            yield sheet.name, row


def test_every_formatting_trap_appears() -> None:
    tables = {year: yearbook.build_tables(year, DEFAULT_SEED) for year in YEARS}
    specs = [sheet for sheets in tables.values() for sheet in sheets]
    values = [cell for _, row in _cells(specs) for cell in row[1:]]
    assert {len(s.title_rows) for s in specs} == {0, 1, 2, 3}
    headers = [h for s in specs for h in s.header if isinstance(h, str)]
    assert any("(" in h for h in headers) and any("（" in h for h in headers)
    assert any(re.fullmatch(r"\d{1,3}(,\d{3})+\.\d+", str(v)) for v in values), (
        "text with thousands separators"
    )
    assert any(isinstance(v, float) for v in values) and any(
        isinstance(v, str) and v[0].isdigit() for v in values
    )
    assert {"—", "-", "…", "..."} <= {v for v in values if isinstance(v, str)}
    assert 0.0 in values, "a genuine zero"
    labels = [row[0] for _, row in _cells(specs) if row[0]]
    assert (
        "鄂尔多斯市" in labels and "鄂尔多斯" in labels and "兴安盟" in labels and "兴安" in labels
    )
    first_labels = {s.rows[0][0] for s in specs}
    last_labels = {s.rows[-1 if s.name != "能源消费" else -14][0] for s in specs}
    assert "全区" in first_labels and "全区" in last_labels
    assert any(s.notes for s in specs) and any(not s.notes for s in specs)
    assert all(note.startswith("注：") for s in specs for note in s.notes)
    fill_down = [y for y, sheets in tables.items() if any(row[0] is None for row in sheets[0].rows)]
    assert fill_down and len(fill_down) < len(YEARS), (
        "地区 carried down in some years, filled in others"
    )
    orders = {
        tuple(league_code(row[0]) for row in s.rows if row[0]) for s in specs if s.name == "电力"
    }
    assert len(orders) > 2, "league order differs between years"


def test_write_workbook_keeps_strings_verbatim(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "t.xlsx",
        [
            SheetSpec(
                "电力",
                ["标题"],
                ["地区", "发电量"],
                [["包头", "1,234.5"], ["乌海", 12.5], ["阿拉善", None]],
                ["注：x"],
            )
        ],
    )
    with zipfile.ZipFile(path) as archive:
        shared = archive.read("xl/sharedStrings.xml").decode()
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "1,234.5" in shared and "<v>12.5</v>" in sheet
    _, body = read_table(path, "电力")
    assert body == [["包头", "1,234.5"], ["乌海", "12.5"], ["阿拉善", None]]
