"""Benchmark: enterprise report ingestion (reports per second) on the embedded sample.

    .venv/bin/python scripts/bench_enterprise_ingest.py [--runs 5] [--no-write]

Times `ingest_enterprise_reports` (find the files, parse and type-check every JSON, Pandera value
contracts over all reports, months 1-12 series checks, replace the raw tables in a DuckDB file)
on data/sample `--runs` times into a fresh temporary warehouse, plus the median of as many runs
timed phase by phase, and writes the median figures into docs/benchmarks.md between the
`bench:enterprise_ingest` markers (other sections of that file are left as they are).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path

from benchdoc import machine, write_section  # scripts/benchdoc.py

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:enterprise_ingest:start -->", "<!-- bench:enterprise_ingest:end -->"


def _phases(data_dir: Path) -> dict[str, float]:
    """One ingestion split by phase (the same steps as ingest_enterprise_reports)."""
    import duckdb

    from orchestration.ingest import enterprise_reports_load as load
    from orchestration.ingest.enterprise_reports import parse_report
    from orchestration.ingest.quarantine import rejection_record
    from orchestration.ingest.warehouse import ensure_raw_tables, replace_source

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    found = load.report_files(data_dir)
    extracts = [parse_report(path, year) for path, year in found]
    seconds["read, JSON and type checks"] = time.perf_counter() - started
    started = time.perf_counter()
    frames = {table: load._frame(table, extracts) for table in load.TABLES}
    seconds["frames (Polars)"] = time.perf_counter() - started
    started = time.perf_counter()
    problems = [r for table, frame in frames.items() for r in load._validate(table, frame)]
    seconds["value contracts (Pandera)"] = time.perf_counter() - started
    started = time.perf_counter()
    problems += [r for table, frame in frames.items() if table in load.SERIES
                 for r in load._series_problems(table, frame)]
    seconds["months 1-12 series checks"] = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "wh.duckdb"))
        started = time.perf_counter()
        ensure_raw_tables(con, load.ENTERPRISE_DDL)
        replace_source(con, load.SOURCE, frames, [rejection_record(r, True) for r in problems], [])
        seconds["write raw tables (DuckDB)"] = time.perf_counter() - started
        con.close()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data" / "sample")
    parser.add_argument("--no-write", action="store_true", help="print only, do not update docs/benchmarks.md")
    args = parser.parse_args()

    import duckdb

    from orchestration.ingest.enterprise_reports_load import ingest_enterprise_reports

    load_before = os.getloadavg()[0]
    times: list[float] = []
    result = None
    for index in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            con = duckdb.connect(str(Path(tmp) / "wh.duckdb"))
            started = time.perf_counter()
            result = ingest_enterprise_reports(args.data_dir, con)
            times.append(time.perf_counter() - started)
            con.close()
        print(f"run {index + 1}: {times[-1]:.2f} s")
    assert result is not None
    reports = result.reports_loaded + result.reports_rejected
    lines = result.rows_loaded["enterprise_fuel_combustion"]
    rows = sum(result.rows_loaded.values())
    megabytes = sum(p.stat().st_size for p in (args.data_dir / "enterprise_reports").rglob("*.json")) / 1e6
    median = statistics.median(times)
    phase_runs = [_phases(args.data_dir) for _ in range(args.runs)]
    phases = {name: statistics.median(run[name] for run in phase_runs) for name in phase_runs[0]}

    section = "\n".join([
        START,
        "## Enterprise report ingestion (issue: enterprise emission reports)",
        "",
        (f"Measured {date.today().isoformat()} by `.venv/bin/python scripts/bench_enterprise_ingest.py` "
        f"({args.runs} runs, median) on {machine()}; duckdb {version('duckdb')}, polars {version('polars')}, "
        f"pandera {version('pandera')}; 1-minute load average before the runs {load_before:.1f} "
        "(other processes on the machine slow the figures down)."),
        "",
        (f"Input: data/sample/enterprise_reports — {reports:,} reports (enterprise × year), {lines:,} monthly fuel "
        f"lines, {rows:,} rows in all raw tables, {megabytes:.1f} MB of JSON; {result.reports_rejected} rejected."),
        "",
        "| measure | value |",
        "|---|---|",
        f"| **reports per second** | **{reports / median:,.0f}** |",
        f"| fuel lines per second | {lines / median:,.0f} |",
        f"| whole ingestion (median) | {median:.2f} s |",
        *[f"| of which {name} | {value:.2f} s |" for name, value in phases.items()],
        "",
        (f"Runs: {', '.join(f'{t:.2f}' for t in times)} s. `ingest_enterprise_reports` end to end into a fresh "
        "DuckDB file: find the files, parse and type-check every JSON (Python), the Pandera value contracts over "
        "all reports at once, the months 1-12 checks (Polars), one transaction replacing the raw tables, "
        "quarantine and ingest log. The phase breakdown is the median of as many extra runs, timed phase by phase. Roughly half of the parse "
        "phase is `json.loads` itself."),
        END,
    ])
    print("\n" + section)
    if not args.no_write:
        write_section(DOC, START, END, section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
