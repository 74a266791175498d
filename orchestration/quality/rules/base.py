"""What every falsification rule shares: the rule definition read from the YAML (`Rule`), what a
rule returns (`Finding`, one per enterprise × year, with its `EvidenceRow`s), and small helpers.

A rule function takes the frames it needs and its `Rule` (thresholds in `rule.param(name)`), and
returns a list of findings; it never reads the warehouse and holds no threshold of its own, so it
can be tested on hand-made frames.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

SEVERITIES = ("high", "medium", "low")
CHARTS = ("lab_timeline", "carbon_vs_ncv", "monthly_series", "peer_distribution", "digits", "none")


@dataclass(frozen=True)
class Rule:
    """One rule of `falsification_rules.yml`."""

    id: str
    group: str
    severity: str
    weight: float
    chart: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    parameters: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def param(self, name: str) -> Any:
        """The value of a parameter (KeyError naming the rule when the YAML lacks it)."""
        try:
            return self.parameters[name]["value"]
        except KeyError as error:
            raise KeyError(f"rule {self.id}: parameter {name!r} is missing in the rules file") from error


@dataclass
class EvidenceRow:
    """One evidence row of a flag (marts.falsification_evidence without flag_id and row_number).

    `month` the month the row is about (line month), `date` an ISO date (a sample date), `value`
    the figure shown, `reference_low`/`reference_high` what it should lie within, `detail`
    anything else (JSON object: lab report id, lab, fitted value …)."""

    label: str
    value: float | None = None
    unit: str | None = None
    month: int | None = None
    date: str | None = None
    reference_low: float | None = None
    reference_high: float | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def as_record(self) -> dict[str, Any]:
        """The row as written to the table (and hashed): floats to 6 significant digits, detail as
        canonical JSON, so that the same data always gives the same evidence hash."""
        return {
            "label": self.label,
            "month": None if self.month is None else int(self.month),
            "date": self.date,
            "value": rounded(self.value),
            "unit": self.unit,
            "reference_low": rounded(self.reference_low),
            "reference_high": rounded(self.reference_high),
            "detail": canonical_json(self.detail),
        }


@dataclass
class Finding:
    """One flag of a rule: enterprise × year, the observed figure against its expected range, the
    one-line evidence (Chinese, then English) and the evidence rows."""

    credit_code: str
    report_year: int
    observed: float | None
    expected_low: float | None
    expected_high: float | None
    evidence_zh: str
    evidence_en: str
    rows: list[EvidenceRow] = field(default_factory=list)
    observed_unit: str | None = None

    @property
    def evidence(self) -> str:
        return f"{self.evidence_zh} {self.evidence_en}"


# ----------------------------------------------------------------------------------------------
# helpers


def rounded(value: Any, digits: int = 6) -> float | None:
    """A float to `digits` significant digits (None, NaN and ±inf → None)."""
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    return float(f"{number:.{digits}g}")


def _jsonable(value: Any) -> Any:
    if isinstance(value, float):
        return rounded(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def canonical_json(detail: Mapping[str, Any] | None) -> str:
    """Sorted keys, floats to 6 significant digits, Chinese kept readable."""
    return json.dumps(_jsonable(dict(detail or {})), ensure_ascii=False, sort_keys=True)


def fmt(value: float | None, digits: int = 4) -> str:
    """A number for an evidence sentence: 4 significant digits, thousands separators for large ones."""
    if value is None or not math.isfinite(float(value)):
        return "n/a"
    number = float(value)
    if abs(number) >= 10_000:
        return f"{number:,.0f}"
    return f"{number:.{digits}g}"


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:+.1f} %"


def iso(value: Any) -> str | None:
    """A date (or ISO string) as YYYY-MM-DD, None for missing."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]
