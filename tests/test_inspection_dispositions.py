"""Dispositions end to end through the command line: a decision recorded with `dispose` shows in
the report at once, survives a re-run (the screening asset applies the decisions file), a cleared
flag stays cleared while its evidence is unchanged and comes back as reopened when it changes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from orchestration.cli import main
from orchestration.inspection.report import enterprise_page_name, report_index
from tests import inspection_fixture as fx
from tests.browser import render, require_chromium


@pytest.fixture()
def published(tmp_path) -> Path:
    directory = tmp_path / "published"
    fx.write_restricted(directory / "restricted.duckdb")
    return directory


@pytest.fixture()
def decisions(tmp_path) -> Path:
    return tmp_path / "dispositions" / "dispositions.jsonl"


def _cli(published: Path, decisions: Path, *args: str) -> int:
    return main([*args, "--published-dir", str(published), "--dispositions", str(decisions)])


def _dispose(published: Path, decisions: Path, rule_id: str, decision: str, reason: str = "", inspector: str = "张三",
             *extra: str) -> int:
    return _cli(published, decisions, "dispose", "--flag", fx.flag_id_of(rule_id), "--decision", decision,
                "--reason", reason, "--inspector", inspector, *extra)


def _page(published: Path, rule_id: str) -> str:
    flag = next(f for f in fx.flags() if f.rule_id == rule_id)
    return (published / "inspection" / "enterprise" / enterprise_page_name(flag.credit_code, flag.report_year)
            ).read_text(encoding="utf-8")


def _status(html: str, rule_id: str) -> str:
    match = re.search(rf'data-flag-id="{fx.flag_id_of(rule_id)}" data-status="(\w+)"', html)
    assert match, f"no section for {rule_id}"
    return match.group(1)


def _rerun(published: Path, decisions: Path, changed: set[str] = frozenset()) -> None:
    """What the next pipeline run does: the screening asset applies the decisions, then the report is rebuilt."""
    fx.write_restricted(published / "restricted.duckdb", dispositions=decisions, changed_rules=changed)
    assert _cli(published, decisions, "report") == 0


def test_dispose_records_the_current_evidence_hash_and_rebuilds_the_report(published, decisions, capsys) -> None:
    assert _dispose(published, decisions, "TOTAL-MISMATCH", "cleared", "供热折算口径差异，已核实 heat conversion explained") == 0
    out = capsys.readouterr().out
    assert "已记录 Recorded: 排除 cleared" in out and fx.flag_id_of("TOTAL-MISMATCH") in out
    assert "Report updated" in out
    (entry,) = [json.loads(line) for line in decisions.read_text(encoding="utf-8").splitlines()]
    from orchestration.inspection.report import find_flag

    published_flag = find_flag(published / "restricted.duckdb", fx.flag_id_of("TOTAL-MISMATCH"))
    assert entry["evidence_hash"] == published_flag["evidence_hash"]
    assert entry["inspector"] == "张三" and entry["decision"] == "cleared"
    html = _page(published, "TOTAL-MISMATCH")
    assert _status(html, "TOTAL-MISMATCH") == "cleared"
    assert "供热折算口径差异，已核实 heat conversion explained" in html and "已排除 cleared" in html
    assert report_index(published).exists()


def test_a_decision_shows_in_chromium(published, decisions) -> None:
    chromium = require_chromium()
    assert _dispose(published, decisions, "LAB-DATE-CLUSTER", "confirmed", "实验室承认补测", "李四") == 0
    flag = next(f for f in fx.flags() if f.rule_id == "LAB-DATE-CLUSTER")
    page = render(published / "inspection" / "enterprise" / enterprise_page_name(flag.credit_code, fx.YEAR),
                  chromium=chromium)
    assert page.script_errors == []
    assert "已确认 confirmed" in page.text and "实验室承认补测" in page.text and "李四" in page.text
    index = render(report_index(published), chromium=chromium)
    assert re.search(r"已确认 confirmed</span>1", index.dom)


def test_cleared_stays_cleared_across_reruns_until_the_evidence_changes(published, decisions) -> None:
    assert _dispose(published, decisions, "LAB-DATE-CLUSTER", "cleared", "批量化验经备案 batch testing was approved") == 0
    assert _dispose(published, decisions, "MONTHLY-JUMP", "confirmed") == 0
    _rerun(published, decisions)  # same data
    html = _page(published, "LAB-DATE-CLUSTER")
    assert _status(html, "LAB-DATE-CLUSTER") == "cleared"
    assert _status(_page(published, "MONTHLY-JUMP"), "MONTHLY-JUMP") == "confirmed"
    assert _status(html, "CARBON-NCV-RESIDUAL") == "open"  # undecided flags stay open
    _rerun(published, decisions, changed={"LAB-DATE-CLUSTER"})  # the lab dates changed in new data
    html = _page(published, "LAB-DATE-CLUSTER")
    assert _status(html, "LAB-DATE-CLUSTER") == "reopened"
    assert "上次决定 previous decision" in html and "证据已变化" in html
    assert "重新打开 reopened" in report_index(published).read_text(encoding="utf-8")
    # a new decision on the changed evidence settles it again
    assert _dispose(published, decisions, "LAB-DATE-CLUSTER", "cleared", "复核后仍为合规 compliant on review") == 0
    assert _status(_page(published, "LAB-DATE-CLUSTER"), "LAB-DATE-CLUSTER") == "cleared"


def test_decision_recorded_after_the_run_applies_over_the_published_status(published, decisions) -> None:
    """`report` re-applies the decisions file: no run needed to see a new decision."""
    assert _cli(published, decisions, "report") == 0
    assert _status(_page(published, "PEER-INTENSITY"), "PEER-INTENSITY") == "open"
    assert _dispose(published, decisions, "PEER-INTENSITY", "cleared", "工艺先进 efficient process", "王五",
                    "--no-report") == 0
    assert _status(_page(published, "PEER-INTENSITY"), "PEER-INTENSITY") == "open"  # not rebuilt yet
    assert _cli(published, decisions, "report") == 0
    html = _page(published, "PEER-INTENSITY")
    assert _status(html, "PEER-INTENSITY") == "cleared" and "决定记录 decision history" in html


def test_list_dispositions(published, decisions, capsys) -> None:
    assert _cli(published, decisions, "dispositions") == 0
    assert "尚无决定 No decisions recorded yet" in capsys.readouterr().out
    _dispose(published, decisions, "BENFORD-FIRST", "confirmed", "", "赵六")
    _dispose(published, decisions, "BENFORD-FIRST", "cleared", "数据来自计量仪表 metered data", "赵六")
    capsys.readouterr()
    assert _cli(published, decisions, "dispositions") == 0
    out = capsys.readouterr().out
    assert fx.flag_id_of("BENFORD-FIRST") in out and "已排除 cleared" in out and "metered data" in out
    assert out.count(fx.flag_id_of("BENFORD-FIRST")) == 1  # latest only
    assert _cli(published, decisions, "dispositions", "--all") == 0
    assert capsys.readouterr().out.count(fx.flag_id_of("BENFORD-FIRST")) == 2


# ---------------------------------------------------------------------------------------------
# errors the inspector can fix


def test_unknown_flag_id(published, decisions, capsys) -> None:
    assert _cli(published, decisions, "dispose", "--flag", "0000notaflag0000", "--decision", "confirmed",
                "--inspector", "张三") == 2
    assert "unknown flag id 未知疑点编号 '0000notaflag0000'" in capsys.readouterr().err
    assert not decisions.exists()


def test_cleared_needs_a_reason(published, decisions, capsys) -> None:
    assert _dispose(published, decisions, "TOTAL-MISMATCH", "cleared", "  ") == 2
    assert "a cleared flag needs a reason 排除疑点须说明理由" in capsys.readouterr().err
    assert not decisions.exists()


def test_unknown_decision_is_refused_by_the_parser(published, decisions) -> None:
    with pytest.raises(SystemExit):
        _dispose(published, decisions, "TOTAL-MISMATCH", "dismissed", "x")


@pytest.mark.parametrize("command", [
    ["report"],
    ["dispose", "--flag", "abc", "--decision", "confirmed", "--inspector", "张三"],
    ["sample", "--year", "2023", "--size", "3", "--seed", "1"],
])
def test_no_restricted_file_yet(tmp_path, command, capsys) -> None:
    assert _cli(tmp_path / "empty", tmp_path / "d.jsonl", *command) == 2
    assert "run `make run` first" in capsys.readouterr().err
