"""The falsification rules, one small function per rule (thresholds from falsification_rules.yml).

`REGISTRY` maps a rule id of the YAML to the function that evaluates it on the screening inputs
(`orchestration.quality.falsification.ScreeningInputs`). Every rule of the YAML must have a
function and every function a rule (checked when the rules file is loaded).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from orchestration.quality.rules import arithmetic, cross_source, lab, physics, statistics
from orchestration.quality.rules.base import Finding, Rule

if TYPE_CHECKING:
    from orchestration.quality.falsification import RuleSet, ScreeningInputs

Evaluator = Callable[["ScreeningInputs", Rule, "RuleSet"], list[Finding]]


def _bands(ruleset: RuleSet, rule_id: str, name: str) -> dict[str, tuple[float, float]]:
    return {key: (float(low), float(high)) for key, (low, high) in ruleset.rule(rule_id).param(name).items()}


REGISTRY: dict[str, Evaluator] = {
    "LAB-DATE-CLUSTER": lambda data, rule, rules: lab.lab_date_cluster(data.fuel_lines, rule),
    "LAB-LATE": lambda data, rule, rules: lab.lab_late(data.fuel_lines, rule),
    "LAB-ID-REUSE": lambda data, rule, rules: lab.lab_id_reuse(data.fuel_lines, rule),
    "LAB-REPEAT": lambda data, rule, rules: lab.lab_repeat(data.fuel_lines, rule),
    "LAB-NO-RECORD": lambda data, rule, rules: lab.lab_no_record(data.fuel_lines, rule),
    "LAB-CARBON-BAND": lambda data, rule, rules: lab.lab_carbon_band(data.fuel_lines, rule),
    "LAB-CARBON-NCV": lambda data, rule, rules: lab.lab_carbon_ncv(
        data.fuel_lines, rule, _bands(rules, "LAB-CARBON-BAND", "bands_tc_per_gj")),
    "ARITH-TOTAL": lambda data, rule, rules: arithmetic.arith_total(data.fuel_lines, data.reports, rule),
    "PHYS-UNIT-CONSUMPTION": lambda data, rule, rules: physics.phys_unit_consumption(data.efficiency, rule),
    "PEER-ROBUST-Z": lambda data, rule, rules: physics.peer_robust_z(
        data.efficiency, rule, _bands(rules, "PHYS-UNIT-CONSUMPTION", "bands")),
    "XSRC-YEARBOOK": lambda data, rule, rules: cross_source.xsrc_yearbook(
        data.league_fuel, data.fuel_lines, data.reports, rule),
    "XSRC-VERIFIED-GAP": lambda data, rule, rules: cross_source.xsrc_verified_gap(data.reports, rule),
    "XSRC-ELEC-OUTPUT": lambda data, rule, rules: cross_source.xsrc_elec_output(data.production, data.electricity, rule),
    "XSRC-FUEL-GENERATION": lambda data, rule, rules: cross_source.xsrc_fuel_generation(
        data.fuel_lines, data.electricity, data.reports, rule),
    "STAT-BENFORD": lambda data, rule, rules: statistics.stat_benford(data.digit_series(), rule),
    "STAT-TERMINAL": lambda data, rule, rules: statistics.stat_terminal(data.digit_series(), rule),
    "STAT-HEAPING": lambda data, rule, rules: statistics.stat_heaping(data.digit_series(), rule),
    "STAT-YOY-JUMP": lambda data, rule, rules: statistics.stat_yoy_jump(data.fuel_lines, data.production, rule),
}

__all__ = ["REGISTRY", "Evaluator", "Finding", "Rule"]
