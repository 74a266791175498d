"""Inspectors' decisions on falsification flags, stored durably outside the warehouse.

The warehouse is rebuilt on every run; decisions are not. They live in an append-only JSON-lines
file (settings: DUALCTL_DISPOSITIONS, default data/dispositions/dispositions.jsonl), one line per
decision, never rewritten, so the file is also the audit trail.

A decision is about one flag (`flag_id`, stable across runs for the same enterprise, year and
rule) *as it looked when decided* (`evidence_hash`). When a run produces the flag again:
  - no decision                         -> status `open`
  - latest decision `confirmed`          -> `confirmed`
  - latest decision `cleared`, same hash -> `cleared` (does not come back)
  - latest decision, different hash      -> `reopened` (the evidence changed since the decision)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

DECISIONS = ("confirmed", "cleared")
STATUSES = ("open", "confirmed", "cleared", "reopened")
SCHEMA = {
    "flag_id": pl.String, "evidence_hash": pl.String, "decision": pl.String, "reason": pl.String,
    "inspector": pl.String, "decided_at": pl.String,
}


class DispositionError(ValueError):
    """A decision that cannot be recorded (unknown decision, missing reason, …)."""


def flag_id(credit_code: str, report_year: int, rule_id: str) -> str:
    """Stable id of a flag: the same enterprise, year and rule give the same id in every run."""
    return hashlib.sha1(f"{credit_code}|{report_year}|{rule_id}".encode()).hexdigest()[:16]


def evidence_hash(evidence_rows: list[dict]) -> str:
    """Digest of a flag's evidence rows (order-insensitive, values rounded to 6 significant digits),
    so a re-run with the same data gives the same hash and changed evidence a different one."""
    def canonical(value):
        return float(f"{value:.6g}") if isinstance(value, float) else value

    rows = sorted(json.dumps({k: canonical(v) for k, v in sorted(r.items())}, ensure_ascii=False) for r in evidence_rows)
    return hashlib.sha1("\n".join(rows).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Disposition:
    flag_id: str
    evidence_hash: str
    decision: str
    reason: str
    inspector: str
    decided_at: str


def record(
    path: Path, flag: str, evidence: str, decision: str, reason: str, inspector: str,
    decided_at: datetime | None = None,
) -> Disposition:
    """Append one decision. `cleared` needs a reason (why the flag is not a falsification)."""
    if decision not in DECISIONS:
        raise DispositionError(f"decision must be one of {', '.join(DECISIONS)}, got {decision!r}")
    if not inspector.strip():
        raise DispositionError("the inspector's name is required 需填写检查人员")
    if decision == "cleared" and not reason.strip():
        raise DispositionError("a cleared flag needs a reason 排除疑点须说明理由")
    entry = Disposition(flag, evidence, decision, reason.strip(), inspector.strip(),
                        (decided_at or datetime.now(UTC)).isoformat(timespec="seconds"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
    return entry


def load(path: Path) -> pl.DataFrame:
    """Every recorded decision, oldest first (empty frame when there is no file yet)."""
    if not path.exists():
        return pl.DataFrame(schema=SCHEMA)
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise DispositionError(f"{path}, line {number}: not valid JSON ({exc})") from exc
    return pl.DataFrame(rows, schema=SCHEMA) if rows else pl.DataFrame(schema=SCHEMA)


def latest(dispositions: pl.DataFrame) -> pl.DataFrame:
    """The latest decision per flag."""
    return dispositions.with_row_index("_order").sort("_order").group_by("flag_id", maintain_order=True).last().drop("_order")


def apply(flags: pl.DataFrame, dispositions: pl.DataFrame) -> pl.DataFrame:
    """Add `status`, `decision`, `decision_reason`, `decided_by`, `decided_at` to a frame of flags
    with `flag_id` and `evidence_hash` columns."""
    decided = latest(dispositions).select(
        "flag_id",
        pl.col("evidence_hash").alias("decided_evidence_hash"),
        "decision",
        pl.col("reason").alias("decision_reason"),
        pl.col("inspector").alias("decided_by"),
        "decided_at",
    )
    joined = flags.join(decided, on="flag_id", how="left")
    status = (
        pl.when(pl.col("decision").is_null()).then(pl.lit("open"))
        .when(pl.col("decided_evidence_hash") != pl.col("evidence_hash")).then(pl.lit("reopened"))
        .otherwise(pl.col("decision"))
    )
    return joined.with_columns(status=status).drop("decided_evidence_hash")
