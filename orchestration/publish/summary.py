"""The bilingual run summary printed by the run command, read from the published file."""

from __future__ import annotations

from pathlib import Path

import duckdb

MT = 1e6  # t -> Mt
TCE_100M = 1e8  # tce -> 亿 tce


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
        quarantined = con.execute("select count(*) from raw.quarantine").fetchone()[0]
    finally:
        con.close()

    lines = ["", "全区碳排放 Region emissions (内蒙古自治区 150000)", ""]
    lines.append(
        f"{'年份 year':>9} {'总排放 gross Mt':>16} {'能源直接 energy Mt':>19} {'电力调入 elec. Mt':>18} "
        f"{'工业过程 process Mt':>19} {'能耗 energy 亿tce':>17} {'纳入调控 controlled 亿tce':>24} {'强度 t/万元':>11}"
    )
    for year, gross, energy, elec, process, tce, controlled, intensity, complete in region:
        flag = "" if complete == 12 else f"  ({complete}/12 leagues complete 盟市数据不全)"
        lines.append(
            f"{year:>9} {_fmt(gross, MT):>16} {_fmt(energy, MT):>19} {_fmt(elec, MT):>18} {_fmt(process, MT):>19} "
            f"{_fmt(tce, TCE_100M, 2):>17} {_fmt(controlled, TCE_100M, 2):>24} "
            f"{'NULL' if intensity is None else f'{intensity:.2f}':>11}{flag}"
        )
    if latest is not None:
        lines += ["", f"各盟市 {latest} 年排放 League emissions {latest} (Mt CO2, by gross)", ""]
        lines.append(f"{'代码 code':>9}  {'盟市 league':<10} {'总排放 gross':>12} {'能源 energy':>12} {'电力 elec.':>11} {'过程 process':>12}")
        for code, name, gross, energy, elec, process, _ in leagues:
            lines.append(
                f"{code:>9}  {name:<10} {_fmt(gross, MT):>12} {_fmt(energy, MT):>12} {_fmt(elec, MT):>11} {_fmt(process, MT):>12}"
            )
    lines += ["", f"隔离记录 Quarantined records: {quarantined} (table raw.quarantine)"]
    return "\n".join(lines)
