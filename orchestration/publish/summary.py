"""The bilingual run summary printed by the run command, read from the published file."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import duckdb

MT = 1e6  # t -> Mt
TCE_100M = 1e8  # tce -> 亿 tce


def _pad(text: str, width: int, right: bool = True) -> str:
    """Pad to a terminal width, counting CJK characters as two columns."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    fill = " " * max(width - shown, 0)
    return fill + text if right else text + fill


def _fmt(value: float | None, scale: float, digits: int = 1) -> str:
    return "NULL" if value is None else f"{value / scale:,.{digits}f}"


def render_summary(analytics: Path) -> str:
    con = duckdb.connect(str(analytics), read_only=True)
    try:
        region = con.execute(
            """select year, gross_t_co2, energy_direct_t_co2, electricity_indirect_t_co2, process_t_co2,
                      energy_tce, controlled_energy_tce, gross_carbon_intensity_t_per_10k_yuan, n_leagues_complete
               from marts.region_emissions order by year"""
        ).fetchall()
        latest = region[-1][0] if region else None
        leagues = con.execute(
            """select league_code, league_name, gross_t_co2, energy_direct_t_co2, electricity_indirect_t_co2,
                      process_t_co2, energy_tce
               from marts.league_emissions where year = ? order by gross_t_co2 desc nulls last""",
            [latest],
        ).fetchall()
        quarantined = con.execute(
            "select source, reason_code, count(*) from raw.quarantine group by all order by 1, 2"
        ).fetchall()
        net_balance = _net_balance_lines(con)
    finally:
        con.close()

    lines = ["", "全区碳排放 Region emissions, 内蒙古自治区 150000 (Mt CO2; energy in 亿 tce)", ""]
    region_heads = ["年份 year", "总排放 gross Mt", "能源直接 energy", "电力调入 electricity", "工业过程 process",
                    "能耗 energy 亿tce", "纳入调控 controlled 亿tce", "总排放强度 gross t/万元"]
    widths = [10, 16, 16, 21, 17, 17, 25, 24]
    lines.append(" ".join(_pad(h, w) for h, w in zip(region_heads, widths)))
    for year, gross, energy, elec, process, tce, controlled, intensity, complete in region:
        flag = "" if complete == 12 else f"  ({complete}/12 leagues complete 盟市数据不全)"
        cells = [str(year), _fmt(gross, MT), _fmt(energy, MT), _fmt(elec, MT), _fmt(process, MT),
                 _fmt(tce, TCE_100M, 2), _fmt(controlled, TCE_100M, 2),
                 "NULL" if intensity is None else f"{intensity:.2f}"]
        lines.append(" ".join(_pad(c, w) for c, w in zip(cells, widths)) + flag)
    lines += net_balance
    if latest is not None:
        lines += ["", f"各盟市 {latest} 年排放 League emissions {latest} (Mt CO2, by gross)", ""]
        league_widths = [9, 14, 14, 14, 20, 14]
        heads = ["代码 code", "盟市 league", "总排放 gross", "能源 energy", "电力 electricity", "过程 process"]
        lines.append(" ".join(_pad(h, w, right=i != 1) for i, (h, w) in enumerate(zip(heads, league_widths))))
        for code, name, gross, energy, elec, process, _ in leagues:
            cells = [code, name, _fmt(gross, MT), _fmt(energy, MT), _fmt(elec, MT), _fmt(process, MT)]
            lines.append(" ".join(_pad(c, w, right=i != 1) for i, (c, w) in enumerate(zip(cells, league_widths))))
    total = sum(count for _, _, count in quarantined)
    lines += ["", f"隔离记录 Quarantined records: {total} (table raw.quarantine of the published file)"]
    lines += [f"  {source} · {reason}: {count}" for source, reason, count in quarantined]
    return "\n".join(lines)


def _net_balance_lines(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Sinks, CCUS and net emissions of the region (rules 4-6): net = gross − CCUS − sink."""
    rows = con.execute(
        """select year, gross_t_co2, sink_t_co2, ccus_reduction_t_co2, net_t_co2, carbon_intensity_t_per_10k_yuan,
                  sink_method
           from marts.region_emissions order by year"""
    ).fetchall()
    lines = ["", "碳汇、CCUS 与净排放 Sinks, CCUS and net emissions (Mt CO2; net = gross − CCUS − sink)", ""]
    heads = ["年份 year", "总排放 gross", "碳汇 sink", "CCUS", "净排放 net", "净排放强度 net t/万元", "碳汇方法 sink method"]
    widths = [10, 14, 12, 10, 14, 22, 22]
    lines.append(" ".join(_pad(h, w) for h, w in zip(heads, widths)))
    for year, gross, sink, ccus, net, intensity, method in rows:
        cells = [str(year), _fmt(gross, MT), _fmt(sink, MT), _fmt(ccus, MT, 2), _fmt(net, MT),
                 "NULL" if intensity is None else f"{intensity:.2f}", method or "NULL"]
        lines.append(" ".join(_pad(c, w) for c, w in zip(cells, widths)))
    return lines
