"""Measure the falsification screening's detection on the sample and write it into docs/detection.md.

    .venv/bin/python scripts/bench_detection.py                      # runs the pipeline on data/sample
    .venv/bin/python scripts/bench_detection.py --restricted PATH    # measures a published restricted.duckdb

The flags of the run are compared with data/sample_truth/falsification_truth.csv (the labelled
injections of sample_generator/falsification.py): precision and recall per rule, per pattern and
overall (definitions in orchestration/quality/detection.py). The table replaces the block between
the detection markers of docs/detection.md; the rest of the page is hand-written.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from orchestration.quality import detection
from orchestration.quality.falsification import load_rules
from orchestration.settings import RESTRICTED_FILE, SAMPLE_DATA_DIR, Settings

DOC = ROOT / "docs" / "detection.md"
START, END = "<!-- detection:start -->", "<!-- detection:end -->"


def run_sample(root: Path) -> tuple[Path, float | None]:
    """Run the whole pipeline on the sample (in-process); the restricted file and the screening step's seconds."""
    from orchestration.cli import run_pipeline

    os.environ.pop("DAGSTER_HOME", None)
    settings = Settings(SAMPLE_DATA_DIR, root / "warehouse" / "dualctl.duckdb", root / "published", "2026.1",
                        dispositions=root / "dispositions.jsonl")
    report = run_pipeline(settings, log_file=root / "run.log")
    if not report.success:
        raise SystemExit(f"the pipeline failed: {report.errors}")
    return settings.published_dir / RESTRICTED_FILE, report.step_seconds.get("falsification_screening")


def block(measured: detection.Detection, truth, seconds: float | None) -> str:
    rules = load_rules()
    when = (f"{date.today().isoformat()} by `scripts/bench_detection.py` on data/sample (seed 20260101), "
            f"rules version {rules.version}")
    if seconds is not None:
        when += f"; the screening step took {seconds:.1f} s ({os.cpu_count()} cores, Python {platform.python_version()})"
    return detection.render(measured, when, truth)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--restricted", type=Path, help="published restricted.duckdb to measure (default: run the sample)")
    parser.add_argument("--truth", type=Path, default=detection.TRUTH_PATH)
    parser.add_argument("--doc", type=Path, default=DOC)
    args = parser.parse_args(argv)
    truth = detection.load_truth(args.truth)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dualctl-detection-") as scratch:
        restricted, seconds = (args.restricted, None) if args.restricted else run_sample(Path(scratch))
        flags, reports = detection.read_flags(restricted)
    measured = detection.measure(flags, truth, reports, load_rules().ids)
    text = block(measured, truth, seconds)
    page = args.doc.read_text(encoding="utf-8")
    if START not in page or END not in page:
        raise SystemExit(f"{args.doc}: the markers {START} … {END} are missing")
    head, rest = page.split(START, 1)
    _, tail = rest.split(END, 1)
    args.doc.write_text(f"{head}{START}\n{text}{END}{tail}", encoding="utf-8")
    overall = measured.overall
    print(f"{args.doc}: precision {overall.precision:.2f}, recall {overall.recall:.2f} over {overall.positives} "
          f"positives and {overall.flags} flags ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
