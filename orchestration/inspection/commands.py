"""The inspectors' sub-commands of `python -m orchestration` (argparse in cli.py):

    report         rebuild the report from the published files (decisions applied)
    dispose        record a decision on a flag, then rebuild the report
    dispositions   list the recorded decisions
    sample         draw a random sample for on-site checks (CSV + sampling log)

Each returns the exit code: 0, or 2 with a message on stderr for what the inspector can fix.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

from orchestration.inspection import dispositions as disp
from orchestration.inspection import sampling
from orchestration.inspection.report import (
    DECISION_LABELS,
    ENTERPRISE_SUBDIR,
    STATUS_LABELS,
    ReportError,
    apply_dispositions,
    build_report,
    data_docs_links,
    enterprise_page_name,
    find_flag,
    report_dir,
    restricted_path,
)
from orchestration.settings import Settings


def rebuild_report(settings: Settings) -> Path:
    """The report from the published restricted file, with the decisions file applied."""
    data_docs, restricted_data_docs = data_docs_links(settings.published_dir)
    return build_report(restricted_path(settings.published_dir), report_dir(settings.published_dir), data_docs,
                        settings.dispositions, restricted_data_docs)


def report(args: argparse.Namespace, settings: Settings) -> int:
    index = rebuild_report(settings)
    print(f"检查报告 Inspectors' report: {index}")
    return 0


def dispose(args: argparse.Namespace, settings: Settings) -> int:
    flag = find_flag(restricted_path(settings.published_dir), args.flag)
    entry = disp.record(settings.dispositions, flag["flag_id"], flag["evidence_hash"], args.decision, args.reason,
                        args.inspector)
    print(f"已记录 Recorded: {DECISION_LABELS.get(entry.decision, entry.decision)} · flag 疑点 {entry.flag_id} · "
          f"{flag.get('enterprise_name') or flag['credit_code']} {flag['report_year']} · {flag['rule_id']} "
          f"{flag.get('rule_title_zh') or ''} {flag.get('rule_title_en') or ''}".rstrip())
    print(f"  检查人员 inspector: {entry.inspector} · 时间 at: {entry.decided_at} · "
          f"证据指纹 evidence hash: {entry.evidence_hash}")
    if entry.reason:
        print(f"  理由 reason: {entry.reason}")
    print(f"  决定文件 decisions file: {settings.dispositions}")
    if entry.decision == "cleared":
        print("  排除的疑点不会再出现，除非其证据变化 A cleared flag does not come back unless its evidence changes.")
    if not args.no_report:
        rebuild_report(settings)
        page = report_dir(settings.published_dir) / ENTERPRISE_SUBDIR / enterprise_page_name(
            flag["credit_code"], flag["report_year"])
        print(f"检查报告已更新 Report updated: {page}#flag-{entry.flag_id}")
    return 0


def _pad(text: str, width: int) -> str:
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - shown, 0)


def list_dispositions(args: argparse.Namespace, settings: Settings) -> int:
    decisions = disp.load(settings.dispositions)
    if decisions.is_empty():
        print(f"尚无决定 No decisions recorded yet ({settings.dispositions}).")
        return 0
    shown = decisions if args.all else disp.latest(decisions)
    flags: dict[str, dict] = {}
    restricted = restricted_path(settings.published_dir)
    if restricted.exists():
        from orchestration.inspection.report import read_restricted

        flags = {f["flag_id"]: f for f in apply_dispositions(read_restricted(restricted).flags, decisions)}
    print(f"{'全部决定 All decisions' if args.all else '各疑点最新决定 Latest decision per flag'} "
          f"({shown.height}; file 文件 {settings.dispositions})")
    widths = (26, 18, 20, 30, 22, 20, 10)
    heads = ("时间 at", "疑点编号 flag", "决定 decision", "企业 enterprise · 年份 year", "规则 rule", "当前状态 status now",
             "检查人员 inspector")
    print(" ".join(_pad(h, w) for h, w in zip(heads, widths)) + " 理由 reason")
    for entry in shown.to_dicts():
        flag = flags.get(entry["flag_id"])
        enterprise = f"{flag.get('enterprise_name') or flag['credit_code']} {flag['report_year']}" if flag else "–"
        status = STATUS_LABELS.get(flag["status"], flag["status"]) if flag else "未发布 not in published flags"
        cells = (entry["decided_at"], entry["flag_id"], DECISION_LABELS.get(entry["decision"], entry["decision"]),
                 enterprise, flag["rule_id"] if flag else "–", status, entry["inspector"])
        print(" ".join(_pad(str(c), w) for c, w in zip(cells, widths)) + " " + (entry["reason"] or ""))
    return 0


def sample(args: argparse.Namespace, settings: Settings) -> int:
    drawn = sampling.draw_sample(restricted_path(settings.published_dir), args.year, args.size, args.seed,
                                 args.strata, args.floor)
    csv_file = sampling.write_csv(drawn, Path(args.out) if args.out else sampling.default_csv_path(settings.dispositions, drawn))
    log = sampling.append_log(drawn, sampling.log_path(settings.dispositions), csv_file)
    print(sampling.render(drawn))
    print(f"\n抽样清单 Sample list (CSV): {csv_file}")
    print(f"抽样记录 Sampling log: {log}")
    print(f"重复本次抽样 To repeat this draw: python -m orchestration sample --year {drawn.year} --size {drawn.size} "
          f"--seed {drawn.seed} --strata {drawn.strata}" + (f" --floor {drawn.floor:g}" if drawn.floor != sampling.DEFAULT_FLOOR else ""))
    return 0


COMMANDS = {"report": report, "dispose": dispose, "dispositions": list_dispositions, "sample": sample}


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        return COMMANDS[args.command](args, settings)
    except (ReportError, disp.DispositionError, sampling.SamplingError) as error:
        print(f"错误 Error: {error}", file=sys.stderr)
        return 2
