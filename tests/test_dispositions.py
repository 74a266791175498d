"""Inspectors' decisions survive re-runs; a cleared flag comes back only when its evidence changes."""

from __future__ import annotations

import polars as pl
import pytest

from orchestration.inspection import dispositions as d


def _flags(evidence: str = "h1") -> pl.DataFrame:
    return pl.DataFrame({"flag_id": ["a", "b", "c"], "evidence_hash": [evidence, "h2", "h3"]})


def test_flag_id_is_stable_and_distinct():
    assert d.flag_id("91150600MA0N0000X1", 2023, "LAB-01") == d.flag_id("91150600MA0N0000X1", 2023, "LAB-01")
    assert d.flag_id("91150600MA0N0000X1", 2023, "LAB-01") != d.flag_id("91150600MA0N0000X1", 2022, "LAB-01")


def test_evidence_hash_ignores_row_order_and_float_noise():
    rows = [{"month": 1, "value": 0.1 + 0.2}, {"month": 2, "value": 5.0}]
    assert d.evidence_hash(rows) == d.evidence_hash([{"value": 5.0, "month": 2}, {"month": 1, "value": 0.3}])
    assert d.evidence_hash(rows) != d.evidence_hash([{"month": 1, "value": 0.31}, {"month": 2, "value": 5.0}])


def test_statuses(tmp_path):
    path = tmp_path / "dispositions.jsonl"
    d.record(path, "a", "h1", "cleared", "lab re-tested on site", "王检查")
    d.record(path, "b", "h2", "confirmed", "", "王检查")
    d.record(path, "c", "old", "cleared", "explained", "李检查")
    status = dict(d.apply(_flags(), d.load(path)).select("flag_id", "status").iter_rows())
    assert status == {"a": "cleared", "b": "confirmed", "c": "reopened"}
    # the evidence of flag a changes in a later run: it comes back
    assert d.apply(_flags("h1-changed"), d.load(path)).filter(pl.col("flag_id") == "a")["status"].item() == "reopened"


def test_latest_decision_wins_and_the_log_is_kept(tmp_path):
    path = tmp_path / "dispositions.jsonl"
    d.record(path, "a", "h1", "confirmed", "", "王检查")
    d.record(path, "a", "h1", "cleared", "second look: a lab mix-up, corrected report filed", "王检查")
    assert d.apply(_flags(), d.load(path)).filter(pl.col("flag_id") == "a")["status"].item() == "cleared"
    assert d.load(path).height == 2  # append-only audit trail


def test_no_file_means_every_flag_is_open(tmp_path):
    assert set(d.apply(_flags(), d.load(tmp_path / "none.jsonl"))["status"]) == {"open"}


@pytest.mark.parametrize(("decision", "reason", "inspector", "message"), [
    ("dismissed", "x", "王", "decision must be one of"),
    ("cleared", " ", "王", "needs a reason"),
    ("confirmed", "", "", "inspector"),
])
def test_invalid_decisions(tmp_path, decision, reason, inspector, message):
    with pytest.raises(d.DispositionError, match=message):
        d.record(tmp_path / "x.jsonl", "a", "h", decision, reason, inspector)


def test_broken_line_names_the_file_and_line(tmp_path):
    path = tmp_path / "dispositions.jsonl"
    d.record(path, "a", "h1", "confirmed", "", "王")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("{broken\n")
    with pytest.raises(d.DispositionError, match="line 2"):
        d.load(path)
