"""Measured detection: the definitions on a hand example, and the targets on the sample run
(recall ≥ 0.9 and precision ≥ 0.8 overall and for every rule with at least 5 positives)."""

from __future__ import annotations

import polars as pl
import pytest

from orchestration.quality import detection
from orchestration.quality.falsification import load_rules
from orchestration.settings import PROJECT_ROOT, RESTRICTED_FILE

MIN_POSITIVES = 5  # rules with fewer labelled cases are reported, not asserted
RECALL_TARGET, PRECISION_TARGET = 0.9, 0.8


def _frame(rows: list[tuple[str, int, str]], **extra) -> pl.DataFrame:
    return pl.DataFrame([{"credit_code": c, "report_year": y, "rule_id": r, **extra} for c, y, r in rows],
                        schema={"credit_code": pl.String, "report_year": pl.Int32, "rule_id": pl.String,
                                **{k: pl.String for k in extra}})


def test_precision_and_recall_by_hand():
    """Truth: A 2022 LAB-LATE, B 2022 ARITH-TOTAL, B 2022 LAB-LATE. Flags: A 2022 LAB-LATE (TP),
    B 2022 LAB-LATE (TP), C 2022 LAB-LATE (a clean control: FP), A 2022 STAT-HEAPING (the wrong
    pattern: FP). LAB-LATE: 2 TP of 3 flags and 2 positives → precision 0.67, recall 1;
    ARITH-TOTAL: no flag, 1 positive → recall 0, no precision; overall 2 TP, 4 flags, 3 positives."""
    truth = _frame([("A", 2022, "LAB-LATE"), ("B", 2022, "ARITH-TOTAL"), ("B", 2022, "LAB-LATE")],
                   case_id="x", pattern="p")
    flags = _frame([("A", 2022, "LAB-LATE"), ("B", 2022, "LAB-LATE"), ("C", 2022, "LAB-LATE"), ("A", 2022, "STAT-HEAPING")])
    reports = pl.DataFrame({"credit_code": ["A", "B", "C", "D"], "report_year": [2022] * 4})
    measured = detection.measure(flags, truth, reports, ["LAB-LATE", "ARITH-TOTAL", "STAT-HEAPING"])
    late, arith, heaping = measured.rules
    assert (late.positives, late.flags, late.true_positives, late.false_positives, late.false_negatives) == (2, 3, 2, 1, 0)
    assert late.precision == pytest.approx(2 / 3) and late.recall == 1.0
    assert (arith.precision, arith.recall, arith.false_negatives) == (None, 0.0, 1)
    assert (heaping.precision, heaping.recall) == (0.0, None)
    overall = measured.overall
    assert (overall.positives, overall.flags, overall.true_positives) == (3, 4, 2)
    assert overall.precision == 0.5 and overall.recall == pytest.approx(2 / 3)
    assert (measured.controls, measured.flagged_controls, measured.labelled_reports) == (2, 1, 2)  # C and D
    assert measured.false_positives.rows() == [("A", 2022, "STAT-HEAPING"), ("C", 2022, "LAB-LATE")]
    assert measured.false_negatives.rows() == [("B", 2022, "ARITH-TOTAL")]


@pytest.fixture(scope="module")
def measured(sample_run) -> detection.Detection:
    flags, reports = detection.read_flags(sample_run.settings.published_dir / RESTRICTED_FILE)
    return detection.measure(flags, detection.load_truth(), reports, load_rules().ids)


def test_detection_meets_the_targets_on_the_sample(measured):
    overall = measured.overall
    assert overall.positives >= 100
    assert overall.recall >= RECALL_TARGET, measured.false_negatives
    assert overall.precision >= PRECISION_TARGET, measured.false_positives
    asserted = [score for score in measured.rules if score.positives >= MIN_POSITIVES]
    assert len(asserted) >= 16  # every rule but Benford (not applicable on the sample) has enough cases
    for score in asserted:
        assert score.recall >= RECALL_TARGET, (score.name, measured.false_negatives)
        assert score.precision >= PRECISION_TARGET, (score.name, measured.false_positives)
    assert measured.controls >= 1000 and measured.flagged_controls <= 0.02 * measured.controls


def test_the_published_detection_table_is_current(measured):
    """docs/detection.md (scripts/bench_detection.py) shows the figures this run measures."""
    page = (PROJECT_ROOT / "docs" / "detection.md").read_text(encoding="utf-8")
    fresh = detection.render(measured, "now", detection.load_truth())
    table = [line for line in fresh.splitlines() if line.startswith("|")]
    assert all(line in page for line in table), "rerun scripts/bench_detection.py"
