"""Command line: `python -m orchestration run` runs the whole pipeline in-process.

Options mirror the environment variables of CONTRACTS ("Running against a landing directory").
The same Dagster job runs here, in the UI and on the schedule.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import dagster as dg

from orchestration.settings import ANALYTICS_FILE, RESTRICTED_FILE, Settings


@dataclass
class RunReport:
    success: bool
    settings: Settings
    seconds: float
    log_file: Path | None = None
    failed_steps: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    check_warnings: list[str] = field(default_factory=list)
    check_errors: list[str] = field(default_factory=list)
    step_seconds: dict[str, float] = field(default_factory=dict)  # Dagster step -> wall time

    @property
    def analytics(self) -> Path:
        return self.settings.published_dir / ANALYTICS_FILE


def _instance() -> dg.DagsterInstance:
    """The persistent instance when DAGSTER_HOME is set (run history in the UI), else ephemeral."""
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def run_pipeline(
    settings: Settings, instance: dg.DagsterInstance | None = None, log_file: Path | None = None
) -> RunReport:
    """Materialise every asset and check of the code location for `settings`.

    With `log_file`, the Dagster and dbt logs go to that file instead of the terminal.
    """
    from orchestration.definitions import FULL_JOB, build_definitions

    os.environ["DUALCTL_WAREHOUSE"] = str(settings.warehouse)
    os.environ["DUALCTL_FACTOR_VERSION"] = settings.factor_version
    started = time.perf_counter()
    job = build_definitions(settings).resolve_job_def(FULL_JOB)
    with contextlib.ExitStack() as stack:
        if log_file is not None:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            stream = stack.enter_context(open(log_file, "w", encoding="utf-8"))
            stack.enter_context(contextlib.redirect_stdout(stream))
            stack.enter_context(contextlib.redirect_stderr(stream))
        instance = instance or _instance()
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    report = RunReport(result.success, settings, time.perf_counter() - started, log_file)
    for stats in instance.get_run_step_stats(result.run_id):
        if stats.start_time is not None and stats.end_time is not None:
            report.step_seconds[stats.step_key] = stats.end_time - stats.start_time
    for event in result.all_events:
        if event.is_step_failure:
            report.failed_steps.append(event.step_key or "?")
            error = event.step_failure_data.error
            report.errors.append(error.message.strip() if error else str(event.message))
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed:
                line = f"{evaluation.asset_key.to_user_string()} · {evaluation.check_name}: {_check_detail(evaluation)}"
                if evaluation.severity == dg.AssetCheckSeverity.ERROR:
                    report.check_errors.append(line)
                else:
                    report.check_warnings.append(line)
    return report


def _check_detail(evaluation) -> str:
    """A failed check's description, or for a dbt test (which has none) its failing-row count."""
    if evaluation.description:
        return evaluation.description
    failed = evaluation.metadata.get("dagster_dbt/failed_row_count")
    rows = getattr(failed, "value", failed)
    return f"dbt test: {rows} failing rows 行未通过" if rows is not None else "see the run log 见运行日志"


def _settings_from_args(args: argparse.Namespace) -> Settings:
    for option, variable in (("data_dir", "DUALCTL_DATA_DIR"), ("warehouse", "DUALCTL_WAREHOUSE"),
                             ("published_dir", "DUALCTL_PUBLISHED_DIR")):
        value = getattr(args, option)
        if value:
            os.environ[variable] = value
    return Settings.from_env()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the whole pipeline 运行全流程")
    run.add_argument("--data-dir", help="landing directory (DUALCTL_DATA_DIR, default data/sample)")
    run.add_argument("--warehouse", help="working DuckDB file (DUALCTL_WAREHOUSE)")
    run.add_argument("--published-dir", help="published files directory (DUALCTL_PUBLISHED_DIR)")
    _add_inspection_commands(sub)
    args = parser.parse_args(argv)
    if args.command != "run":
        return _inspection_command(args)

    settings = _settings_from_args(args)
    print(f"落地目录 Landing directory: {settings.data_dir}")
    print(f"工作库 Working warehouse:   {settings.warehouse}")
    log_file = settings.warehouse.parent / "logs" / f"run-{datetime.now():%Y%m%d-%H%M%S}.log"
    print(f"运行中 Running … (full log: {log_file})")
    report = run_pipeline(settings, log_file=log_file)
    if not report.success:
        print(f"\n运行失败 Run FAILED (full log: {log_file})", file=sys.stderr)
        for step, error in zip(report.failed_steps, report.errors):
            print(f"- {step}: {error}", file=sys.stderr)
        for line in report.check_errors:
            print(f"- check 检查: {line}", file=sys.stderr)
        return 1

    from orchestration.publish.summary import render_summary

    print(render_summary(report.analytics))
    if report.check_warnings:
        print(f"\n检查警告 Check warnings ({len(report.check_warnings)}):")
        for line in report.check_warnings:
            print(f"- {line}")
    print(f"\n完成 Done in {report.seconds:.1f} s.")
    print(f"分析库 Analyst marts (read-only): {report.analytics}")
    print(f"  .venv/bin/python -c \"import duckdb; print(duckdb.connect('{report.analytics}', read_only=True)"
          ".sql('from marts.league_emissions'))\"")
    from orchestration.quality.gx_runner import data_docs_index  # (does not import GX)

    if data_docs_index(settings.published_dir).exists():
        print(f"质量报告 Data Docs (Great Expectations): {data_docs_index(settings.published_dir)}")
    restricted = settings.published_dir / RESTRICTED_FILE
    if restricted.exists():
        print(f"企业级数据 Enterprise-level marts (inspectors only): {restricted}")
    from orchestration.inspection.report import report_index

    if report_index(settings.published_dir).exists():
        print(f"检查报告 Inspectors' report (restricted): {report_index(settings.published_dir)}")
    return 0


# ----------------------------------------------------------------------------------------------
# inspectors' commands: report, dispose, dispositions, sample (orchestration/inspection/)


def _add_inspection_commands(sub: argparse._SubParsersAction) -> None:
    def common(command: argparse.ArgumentParser) -> argparse.ArgumentParser:
        command.add_argument("--published-dir", help="published files directory (DUALCTL_PUBLISHED_DIR)")
        command.add_argument("--dispositions", help="decisions file (DUALCTL_DISPOSITIONS)")
        return command

    common(sub.add_parser("report", help="rebuild the inspectors' report from the published files 重建检查报告"))
    dispose = common(sub.add_parser("dispose", help="record a decision on a flag 记录疑点处理决定"))
    dispose.add_argument("--flag", required=True, help="flag id 疑点编号 (on the enterprise page)")
    dispose.add_argument("--decision", required=True, choices=("confirmed", "cleared"), help="confirmed 确认 | cleared 排除")
    dispose.add_argument("--reason", default="", help="why (required for cleared) 理由（排除须填写）")
    dispose.add_argument("--inspector", required=True, help="your name 检查人员")
    dispose.add_argument("--no-report", action="store_true", help="do not rebuild the report afterwards")
    listing = common(sub.add_parser("dispositions", help="list recorded decisions 查看处理决定"))
    listing.add_argument("--all", action="store_true", help="every decision, not only the latest per flag")
    sample = common(sub.add_parser("sample", help="draw a random sample for on-site checks 随机抽查"))
    sample.add_argument("--year", type=int, required=True, help="report year 报告年度")
    sample.add_argument("--size", type=int, required=True, help="number of enterprises 抽取企业数")
    sample.add_argument("--seed", type=int, help="random seed (default: a fresh one, printed and logged) 随机种子")
    sample.add_argument("--strata", choices=("league", "industry"), default="league", help="分层 (default league)")
    sample.add_argument("--floor", type=float, default=0.1,
                        help="weight of a risk-0 enterprise; w = floor + (1 - floor) * risk/100 (default 0.1)")
    sample.add_argument("--out", help="CSV file (default: samples/ next to the dispositions file)")


def _inspection_command(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from orchestration.inspection import commands

    settings = Settings.from_env()
    if args.published_dir:
        settings = replace(settings, published_dir=Path(args.published_dir).resolve())
    if args.dispositions:
        settings = replace(settings, dispositions=Path(args.dispositions).resolve())
    return commands.run(args, settings)
