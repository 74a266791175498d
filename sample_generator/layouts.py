"""How each year's yearbook sheets are laid out: the formatting traps a reader must survive.

Real yearbook extracts differ from year to year; the sample spreads the traps over the five
years so that every one of them appears at least once (see `LAYOUTS`):

- 0 to 3 title/note rows above the header (`title_rows`, `{year}` is filled in);
- units in ASCII `原煤(万吨)` or full-width `天然气（亿立方米）` parentheses, mixed, or absent
  where the contract allows it (`unit_style`);
- not-reported markers `—`, `-`, `…`, `...` (`missing_markers`, the first is the usual one);
- numbers as text with thousands separators (`number_style` text: every number; mixed:
  numbers of 1,000 and more);
- league names with or without the suffix 市/盟 (`name_style`), shuffled league order
  (`shuffle`), the 全区 row first or last (`total_first`);
- footnotes `注：…` after the table (`notes`);
- in 能源消费 the 地区 cell filled only on the first row of each league (`fill_down`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

ENERGY_SHEET = "能源消费"
POWER_SHEET = "电力"
GDP_SHEET = "地区生产总值"
OUTPUT_SHEET = "工业产品产量"
SHEET_ORDER = (ENERGY_SHEET, POWER_SHEET, GDP_SHEET, OUTPUT_SHEET)

UnitStyle = Literal["ascii", "fullwidth", "mixed", "none"]
NumberStyle = Literal["numeric", "text", "mixed"]
NameStyle = Literal["full", "short", "mixed"]


@dataclass(frozen=True)
class SheetLayout:
    """Formatting choices of one sheet in one year."""

    title_rows: tuple[str, ...]
    unit_style: UnitStyle
    number_style: NumberStyle
    name_style: NameStyle
    shuffle: bool
    total_first: bool
    missing_markers: tuple[str, ...] = ("—",)
    notes: tuple[str, ...] = ()
    fill_down: bool = False


ENERGY_TITLE = "表3-12 分盟市分用途能源消费量"
POWER_TITLE = "表3-15 分盟市电力生产与消费"
GDP_TITLE = "表2-5 分盟市地区生产总值"
OUTPUT_TITLE = "表4-8 分盟市主要工业产品产量"
FEEDSTOCK_NOTE = "注：“其中：用作原料、材料”为“工业”的其中项，合计时不应重复计算。"
TRANSFER_NOTE = "注：调入、调出电量含盟市之间的交换电量。"
PRICE_NOTE = "注：地区生产总值按当年价格计算，指数按可比价格计算（上年=100）。"

# fmt: off
LAYOUTS: Mapping[int, Mapping[str, SheetLayout]] = {
    2020: {
        ENERGY_SHEET: SheetLayout(
            title_rows=(f"{ENERGY_TITLE}（{{year}}年）", "{year}年", "单位：见各列"),
            unit_style="ascii", number_style="numeric", name_style="full",
            shuffle=False, total_first=False,
            notes=(FEEDSTOCK_NOTE, "注：“—”表示无数据或未统计。"),
        ),
        POWER_SHEET: SheetLayout(
            title_rows=(f"{POWER_TITLE}（{{year}}年）",),
            unit_style="none", number_style="numeric", name_style="full",
            shuffle=False, total_first=True,
            notes=(TRANSFER_NOTE,),
        ),
        GDP_SHEET: SheetLayout(
            title_rows=(GDP_TITLE, "{year}年"),
            unit_style="ascii", number_style="numeric", name_style="full",
            shuffle=False, total_first=True,
            notes=(PRICE_NOTE,),
        ),
        OUTPUT_SHEET: SheetLayout(
            title_rows=(),
            unit_style="none", number_style="numeric", name_style="full",
            shuffle=False, total_first=False,
        ),
    },
    2021: {
        ENERGY_SHEET: SheetLayout(
            title_rows=("分盟市能源消费量", "单位：万吨、亿立方米、万百万千焦、亿千瓦时"),
            unit_style="fullwidth", number_style="text", name_style="short",
            shuffle=True, total_first=True, missing_markers=("-",),
            notes=("注：本表数据为初步核算数。",),
        ),
        POWER_SHEET: SheetLayout(
            title_rows=(),
            unit_style="ascii", number_style="text", name_style="short",
            shuffle=True, total_first=False,
        ),
        GDP_SHEET: SheetLayout(
            title_rows=(f"{GDP_TITLE}（{{year}}年）", "单位：亿元", "（按当年价格计算）"),
            unit_style="fullwidth", number_style="numeric", name_style="short",
            shuffle=False, total_first=False,
            notes=("注：地区生产总值指数按可比价格计算，上年=100。", "注：全区数据为各盟市合计数。"),
        ),
        OUTPUT_SHEET: SheetLayout(
            title_rows=(OUTPUT_TITLE,),
            unit_style="fullwidth", number_style="numeric", name_style="short",
            shuffle=False, total_first=True, missing_markers=("-",),
            notes=("注：“-”表示该盟市无此产品。",),
        ),
    },
    2022: {
        ENERGY_SHEET: SheetLayout(
            title_rows=(ENERGY_TITLE,),
            unit_style="mixed", number_style="mixed", name_style="mixed",
            shuffle=False, total_first=False,
        ),
        POWER_SHEET: SheetLayout(
            title_rows=("表3-15 分盟市电力平衡表", "单位：亿千瓦时"),
            unit_style="none", number_style="numeric", name_style="mixed",
            shuffle=False, total_first=True,
            notes=("注：发电量含自备电厂发电量。", "注：厂用电及线损含发电厂厂用电量和输配电线路损失。"),
        ),
        GDP_SHEET: SheetLayout(
            title_rows=(),
            unit_style="ascii", number_style="text", name_style="mixed",
            shuffle=True, total_first=False,
        ),
        OUTPUT_SHEET: SheetLayout(
            title_rows=(OUTPUT_TITLE, "{year}年", "单位：万吨"),
            unit_style="none", number_style="text", name_style="mixed",
            shuffle=True, total_first=False, missing_markers=("…",),
            notes=("注：“…”表示无产量或数据不详。",),
        ),
    },
    2023: {
        ENERGY_SHEET: SheetLayout(
            title_rows=(f"{ENERGY_TITLE}（{{year}}年）", "{year}年", "单位：见各列"),
            unit_style="ascii", number_style="numeric", name_style="full",
            shuffle=True, total_first=True, missing_markers=("—", "…"), fill_down=True,
            notes=(FEEDSTOCK_NOTE, "注：“—”、“…”表示无数据。"),
        ),
        POWER_SHEET: SheetLayout(
            title_rows=(POWER_TITLE,),
            unit_style="fullwidth", number_style="mixed", name_style="full",
            shuffle=False, total_first=False,
            notes=(TRANSFER_NOTE,),
        ),
        GDP_SHEET: SheetLayout(
            title_rows=(GDP_TITLE, "{year}年"),
            unit_style="mixed", number_style="numeric", name_style="full",
            shuffle=True, total_first=True,
            notes=(PRICE_NOTE,),
        ),
        OUTPUT_SHEET: SheetLayout(
            title_rows=(),
            unit_style="ascii", number_style="numeric", name_style="full",
            shuffle=False, total_first=False,
        ),
    },
    2024: {
        ENERGY_SHEET: SheetLayout(
            title_rows=(),
            unit_style="fullwidth", number_style="text", name_style="short",
            shuffle=True, total_first=False,
            notes=("注：{year}年数据为初步数。",),
        ),
        POWER_SHEET: SheetLayout(
            title_rows=("表3-15 分盟市电力平衡表", "{year}年", "单位：亿千瓦时"),
            unit_style="none", number_style="numeric", name_style="short",
            shuffle=True, total_first=True,
        ),
        GDP_SHEET: SheetLayout(
            title_rows=(GDP_TITLE,),
            unit_style="fullwidth", number_style="mixed", name_style="short",
            shuffle=False, total_first=False,
            notes=("注：{year}年为初步核算数。",),
        ),
        OUTPUT_SHEET: SheetLayout(
            title_rows=(OUTPUT_TITLE, "单位：万吨"),
            unit_style="none", number_style="numeric", name_style="short",
            shuffle=True, total_first=True, missing_markers=("...", "—"),
            notes=("注：“...”、“—”表示无此产品或数据不详。", "注：产量为规模以上工业企业口径。"),
        ),
    },
}
# fmt: on
