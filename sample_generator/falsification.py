"""Labelled falsifications in the sample enterprise reports, to measure the screening's detection.

The 2022 national cases (MEE, "2022年第一批突出环境问题"; research note section 5) and the other
patterns the screening rules look for are injected, deterministically from the seed, into a
subset of the clean sample reports through the generator's hook (`enterprises.generate(...,
hooks=[injector])`); every other report stays a clean control. What was injected where is written
to a truth file *outside* the landing layout (`data/sample_truth/falsification_truth.csv`), one
row per report and expected rule: the pipeline never reads it; only the detection measure
(`orchestration/quality/detection.py`) does.

| pattern | what the falsifier did | rules expected |
|---|---|---|
| batch_redated | one batch of coal tested once and rewritten as 12 monthly tests (all samples within ~10 days in January) | LAB-DATE-CLUSTER |
| late_lab_report | a month's coal tested long after the month (sample later than month end + 40 days) | LAB-LATE |
| lab_id_reused_months | one month's lab report (id, date, values) copied into the next month | LAB-ID-REUSE |
| lab_id_shared_enterprises | a consultancy put one forged report (id, date, values) into two clients' reports | LAB-ID-REUSE (both) |
| copied_values | four months carry digit-for-digit identical NCV and carbon content | LAB-REPEAT |
| deleted_lab_record | the report ids of measured values removed (the deleted QR codes) | LAB-NO-RECORD |
| carbon_out_of_band | invented carbon contents below 24 tC/TJ | LAB-CARBON-BAND |
| carbon_inconsistent_with_ncv | carbon content lowered and NCV raised (invented moisture), within the band | LAB-CARBON-NCV |
| total_not_reproduced | combustion and total reported 4-9 % below the report's own data | ARITH-TOTAL |
| implausible_unit_consumption | energy use reported below what the product physically needs | PHYS-UNIT-CONSUMPTION |
| peer_outlier | a 300 MW plant's energy reported 12-16 % below its peers' median | PEER-ROBUST-Z |
| exceeds_yearbook | a minor fuel over-reported so that the league's enterprises exceed the yearbook | XSRC-YEARBOOK |
| verified_gap | the verifier's total 6-12 % away from the reported total | XSRC-VERIFIED-GAP |
| electricity_output_mismatch | aluminium/ferroalloy/carbide/silicon output (and energy) reported 22 % low; metered electricity unchanged | XSRC-ELEC-OUTPUT |
| fuel_generation_mismatch | a power plant's coal under-reported by 30 % in every year | XSRC-FUEL-GENERATION (every year) |
| round_numbers | half of the monthly figures invented as round numbers | STAT-HEAPING, STAT-TERMINAL |
| digit_preference | invented last digits (3 and 7) on most monthly figures | STAT-TERMINAL |
| intensity_jump | a year's fuel under-reported by a third with output unchanged | STAT-YOY-JUMP |

Each falsifier stays consistent where a real one would: the reported emissions are recomputed from
the changed figures with the values the report claims (`claimed_emissions`), and the verifier (a
negligent one) keeps its usual small correction. The enterprise-fuel ≤ yearbook guard of the
generator exempts exactly the (league, year, fuel) of the exceeds_yearbook cases
(`yearbook_guard_exempt`). Benford's first-digit test has no case: no sample enterprise has enough
independent series for it to apply (see the rule's parameters).

`python -m sample_generator --out data/sample` uses this hook by default (`generate`).
"""

from __future__ import annotations

import calendar
import copy
import csv
import random
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sample_generator import DEFAULT_SEED
from sample_generator import enterprises as gen
from sample_generator.enterprise_reference import CO2_PER_C, EnterpriseReference, load

TRUTH_DIR = "sample_truth"
TRUTH_FILE = "falsification_truth.csv"
TRUTH_COLUMNS = ("case_id", "pattern", "credit_code", "report_year", "rule_id", "description")


@dataclass(frozen=True)
class Pattern:
    id: str
    rule_ids: tuple[str, ...]
    cases: int
    description: str


PATTERNS: dict[str, Pattern] = {p.id: p for p in (
    Pattern("batch_redated", ("LAB-DATE-CLUSTER",), 6,
            "one batch test rewritten as monthly tests: every sample of a coal taken within ~10 days in January"),
    Pattern("late_lab_report", ("LAB-LATE",), 6, "a month's coal sampled 45-75 days after the month ended"),
    Pattern("lab_id_reused_months", ("LAB-ID-REUSE",), 6,
            "one month's lab report (id, sample date, values) copied into the next month"),
    Pattern("lab_id_shared_enterprises", ("LAB-ID-REUSE",), 3,
            "a consultancy put one forged lab report (id, date, values) into two clients' reports"),
    Pattern("copied_values", ("LAB-REPEAT",), 6, "four months with digit-for-digit identical NCV and carbon content"),
    Pattern("deleted_lab_record", ("LAB-NO-RECORD",), 6,
            "lab report ids of three months' measured values deleted (values still claimed as measured)"),
    Pattern("carbon_out_of_band", ("LAB-CARBON-BAND",), 6, "invented carbon contents of 21.2-23.2 tC/TJ for a coal"),
    Pattern("carbon_inconsistent_with_ncv", ("LAB-CARBON-NCV",), 6,
            "raw-coal carbon content lowered to 24.1-24.4 tC/TJ and NCV raised 6 % (invented moisture)"),
    Pattern("total_not_reproduced", ("ARITH-TOTAL",), 6,
            "combustion and total reported 4-9 % below what the report's own data give"),
    Pattern("implausible_unit_consumption", ("PHYS-UNIT-CONSUMPTION",), 6,
            "energy consumption reported at 60-72 % of level 1 of the efficiency standard (below physical limits)"),
    Pattern("peer_outlier", ("PEER-ROBUST-Z",), 6,
            "a 300 MW plant's energy consumption reported 12-16 % below the median of its peers"),
    Pattern("exceeds_yearbook", ("XSRC-YEARBOOK",), 5,
            "a minor fuel over-reported so that the league's enterprises burn 10 % more than the yearbook"),
    Pattern("verified_gap", ("XSRC-VERIFIED-GAP",), 6, "verified total 6-12 % away from the reported total"),
    Pattern("electricity_output_mismatch", ("XSRC-ELEC-OUTPUT",), 6,
            "output, process output and energy of an electro-intensive product reported at 78 %; electricity unchanged"),
    Pattern("fuel_generation_mismatch", ("XSRC-FUEL-GENERATION",), 2,
            "a power plant's fuel reported at 70 % in every year (generation unchanged)"),
    Pattern("round_numbers", ("STAT-HEAPING", "STAT-TERMINAL"), 6,
            "about half of the monthly figures invented as round numbers (multiples of 10 or 100)"),
    Pattern("digit_preference", ("STAT-TERMINAL",), 6, "the last reported digit of most monthly figures set to 3 or 7"),
    Pattern("intensity_jump", ("STAT-YOY-JUMP",), 6,
            "a year's fuel reported at 60-70 % with output within 5 % of the other years"),
)}


# ----------------------------------------------------------------------------------------------
# the report's own arithmetic with the values it claims


def _round(value: float, decimals: int) -> float:
    scale = 10**decimals
    rounded = int(abs(value) * scale + 0.5) / scale
    return rounded if value >= 0 else -rounded


def claimed_line_t_co2(line: dict, year: int, ref: EnterpriseReference) -> float:
    """CO2 of a line with the values the report claims: a value declared measured is used (whether
    or not its lab record is complete), else the default (untested coal: the high default)."""
    factors = ref.fuels[line["fuel"]]
    if line["unit"] == "GJ":
        heat = line["consumption"]
    else:
        per_unit = gen.LINE_UNIT_TO_BASE[line["unit"]]
        ncv = (line["ncv_gj_per_unit"] / per_unit if line["ncv_source"] == "measured" and line["ncv_gj_per_unit"]
               is not None else factors.ncv_gj_per_base_unit)
        heat = line["consumption"] * per_unit * ncv
    if line["carbon_content_source"] == "measured" and line["carbon_content_tc_per_gj"] is not None:
        carbon = line["carbon_content_tc_per_gj"]
    elif factors.is_coal:
        carbon = ref.coal_default(year)
    else:
        carbon = factors.carbon_tc_per_gj
    oxidation = line["oxidation_rate"] if line["oxidation_rate"] is not None else factors.oxidation_rate
    return heat * carbon * oxidation * CO2_PER_C


def claimed_emissions(report: dict, ref: EnterpriseReference) -> dict[str, float]:
    """The reported_emissions_t block from the report's own figures (as `enterprises.reported_emissions`,
    with the measured values the report claims)."""
    year = report["report_year"]
    combustion = _round(sum(claimed_line_t_co2(line, year, ref) for line in report["fuel_combustion"]), 2)
    process = _round(sum(row["output_t"] * ref.process_t_co2_per_t[row["product"]] for row in report["process"]), 2)
    electricity = _round(sum((row["purchased_mwh"] - row["green_purchased_mwh"]) * ref.grid_factor(year)
                             for row in report["electricity"]), 2)
    heat = _round(sum(row["purchased_gj"] * ref.heat_t_co2_per_gj for row in report["heat"]), 2)
    return {"combustion": combustion, "process": process, "purchased_electricity": electricity,
            "purchased_heat": heat, "total": _round(combustion + process + electricity + heat, 2)}


def restate(report: dict, ref: EnterpriseReference) -> dict:
    """Recompute the reported emissions after a change; a verifier keeps its relative correction."""
    old_total = report["reported_emissions_t"]["total"]
    report["reported_emissions_t"] = claimed_emissions(report, ref)
    verification = report.get("verification")
    if verification and verification.get("verified_total_t") is not None and old_total:
        ratio = verification["verified_total_t"] / old_total
        verification["verified_total_t"] = _round(report["reported_emissions_t"]["total"] * ratio, 2)
    return report


# ----------------------------------------------------------------------------------------------
# what can be injected where


def _measured_series(report: dict, carbon: bool = True, unit: str | None = "t") -> dict[tuple[str, str], list[dict]]:
    """(unit_id, fuel) -> lines with a complete lab record (carbon measured when `carbon`)."""
    series: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for line in report["fuel_combustion"]:
        if line["lab_report_id"] is None or (unit is not None and line["unit"] != unit):
            continue
        if carbon and line["carbon_content_source"] != "measured":
            continue
        series[(line["unit_id"], line["fuel"])].append(line)
    return series


def max_months_within(records: list[tuple[date, int]], days: int = 14) -> int:
    """Most distinct months among sample dates lying within `days` of each other (the generator's
    own check that an injection does not create a date cluster it does not label)."""
    ordered = sorted(records)
    best = 0
    for i, (start, _) in enumerate(ordered):
        months = {m for d, m in ordered[i:] if (d - start).days <= days}
        best = max(best, len(months))
    return best


def _dated(report: dict, fuel: str) -> list[tuple[date, int]]:
    return [(date.fromisoformat(line["sample_date"]), line["month"]) for line in report["fuel_combustion"]
            if line["fuel"] == fuel and line["sample_date"] is not None
            and (line["ncv_source"] == "measured" or line["carbon_content_source"] == "measured")]


def clusters_after(report: dict, fuel: str, apply: Callable[[dict, EnterpriseReference], dict],
                   ref: EnterpriseReference) -> int:
    """max_months_within of a fuel's sample dates once `apply` changed (a copy of) the report."""
    return max_months_within(_dated(apply(copy.deepcopy(report), ref), fuel))


LAB_FIELDS = ("lab_report_id", "lab_name", "sample_date", "ncv_gj_per_unit", "carbon_content_tc_per_gj")


def set_lab_record(key: tuple[str, str], month: int, record: dict) -> Callable[[dict, EnterpriseReference], dict]:
    """An action writing a lab record (report id, lab, sample date and the values) on the line of
    unit × fuel `key` and `month`, then restating the report."""
    values = {name: record[name] for name in LAB_FIELDS}

    def apply(report: dict, ref: EnterpriseReference) -> dict:
        for line in report["fuel_combustion"]:
            if (line["unit_id"], line["fuel"], line["month"]) == (*key, month):
                line.update(values)
        return restate(report, ref)
    return apply


def _main_output(report: dict) -> float:
    return sum(row["output"] for row in report["production"])


@dataclass
class Action:
    case_id: str
    pattern: str
    apply: Callable[[dict, EnterpriseReference], dict]


@dataclass
class Plan:
    """What to inject into which report (credit_code, year), and the truth."""

    actions: dict[tuple[str, int], list[Action]] = field(default_factory=lambda: defaultdict(list))
    truth: list[dict] = field(default_factory=list)
    yearbook_guard_exempt: set[tuple[str, int, str]] = field(default_factory=set)
    used: set[str] = field(default_factory=set)

    def add(self, case_id: str, pattern: str, targets: list[tuple[str, int, Callable]], rules: tuple[str, ...] | None = None,
            note: str = "") -> None:
        for code, year, apply in targets:
            self.actions[(code, year)].append(Action(case_id, pattern, apply))
            self.used.add(code)
            for rule_id in rules or PATTERNS[pattern].rule_ids:
                self.truth.append({"case_id": case_id, "pattern": pattern, "credit_code": code, "report_year": year,
                                   "rule_id": rule_id, "description": note or PATTERNS[pattern].description})


class Planner:
    """Chooses the targets of every pattern from the clean reports, deterministically."""

    def __init__(self, seed: int, companies: list[gen.Enterprise], reports: list[tuple[Path, dict]],
                 facts: gen.YearbookFacts, ref: EnterpriseReference) -> None:
        self.seed, self.facts, self.ref = seed, facts, ref
        self.rng = random.Random(f"{seed}:falsification")
        self.companies = {c.credit_code: c for c in companies}
        self.reports = {(r["enterprise"]["credit_code"], r["report_year"]): r for _, r in reports}
        self.years_of: dict[str, list[int]] = defaultdict(list)
        for code, year in sorted(self.reports):
            self.years_of[code].append(year)
        self.plan = Plan()

    # -- helpers
    def _candidates(self, predicate: Callable[[str, int, dict], bool]) -> list[tuple[str, int, dict]]:
        found = [(code, year, report) for (code, year), report in sorted(self.reports.items())
                 if code not in self.plan.used and predicate(code, year, report)]
        self.rng.shuffle(found)
        return found

    def _take(self, pattern: str, predicate: Callable[[str, int, dict], bool],
              build: Callable[[str, int, dict, random.Random], Callable | None]) -> None:
        wanted, number = PATTERNS[pattern].cases, 0
        for code, year, report in self._candidates(predicate):
            if number >= wanted:
                break
            if code in self.plan.used:
                continue
            apply = build(code, year, report, random.Random(f"{self.seed}:falsification:{pattern}:{code}:{year}"))
            if apply is None:
                continue
            number += 1
            self.plan.add(f"{pattern}-{number}", pattern, [(code, year, apply)])

    def build(self) -> Plan:
        self._exceeds_yearbook()  # the most constrained pattern chooses first
        self._lab_patterns()
        self._arithmetic_and_physics()
        self._cross_source()
        self._statistics()
        return self.plan

    # -- lab
    def _lab_patterns(self) -> None:
        def tested_coal(min_months: int) -> Callable[[str, int, dict], bool]:
            def predicate(code: str, year: int, report: dict) -> bool:
                return any(len(lines) >= min_months for (_, fuel), lines in _measured_series(report).items()
                           if self.ref.fuels[fuel].is_coal)
            return predicate

        def pick_series(report: dict, rng: random.Random, min_months: int, fuels: tuple[str, ...] | None = None):
            options = sorted(key for key, lines in _measured_series(report).items()
                             if len(lines) >= min_months and self.ref.fuels[key[1]].is_coal
                             and (fuels is None or key[1] in fuels))
            return rng.choice(options) if options else None

        def batch(code, year, report, rng):
            fuel = pick_series(report, rng, 6)
            if fuel is None:
                return None
            fuel = fuel[1]
            start = date(year, 1, rng.randint(3, 10))
            offsets = {}

            def apply(r, ref):
                for line in r["fuel_combustion"]:
                    if line["fuel"] == fuel and line["lab_report_id"] is not None:
                        offset = offsets.setdefault((line["unit_id"], line["month"]), rng.randint(0, 9))
                        line["sample_date"] = (start + timedelta(days=offset)).isoformat()
                return r
            return apply
        self._take("batch_redated", tested_coal(6), batch)

        def late(code, year, report, rng):
            key = pick_series(report, rng, 6)
            if key is None:
                return None
            months = [line["month"] for line in _measured_series(report)[key] if line["month"] <= 9]
            for month in rng.sample(months, len(months)):
                end = date(year, month, calendar.monthrange(year, month)[1])
                sampled = end + timedelta(days=rng.randint(45, 75))

                def apply(r, ref, key=key, month=month, sampled=sampled):
                    for line in r["fuel_combustion"]:
                        if (line["unit_id"], line["fuel"], line["month"]) == (*key, month):
                            line["sample_date"] = sampled.isoformat()
                    return r
                if clusters_after(report, key[1], apply, self.ref) < 3:
                    return apply
            return None
        self._take("late_lab_report", tested_coal(6), late)

        def reuse_months(code, year, report, rng):
            key = pick_series(report, rng, 6)
            if key is None:
                return None
            lines = {line["month"]: line for line in _measured_series(report)[key]}
            for month in rng.sample(sorted(lines), len(lines)):
                if month + 1 not in lines:
                    continue
                apply = set_lab_record(key, month + 1, lines[month])
                if clusters_after(report, key[1], apply, self.ref) < 3:
                    return apply
            return None
        self._take("lab_id_reused_months", tested_coal(6), reuse_months)

        # a consultancy's forged report in two clients' reports (same year, same coal)
        pairs = 0
        candidates = self._candidates(lambda c, y, r: any(k[1] == "原煤" for k in _measured_series(r)))
        for index, (code_a, year, report_a) in enumerate(candidates):
            if pairs >= PATTERNS["lab_id_shared_enterprises"].cases:
                break
            if code_a in self.plan.used:
                continue
            partner = next(((c, r) for c, y, r in candidates[index + 1:]
                            if y == year and c not in self.plan.used and c != code_a), None)
            if partner is None:
                continue
            code_b, report_b = partner
            key_a = min(k for k in _measured_series(report_a) if k[1] == "原煤")
            key_b = min(k for k in _measured_series(report_b) if k[1] == "原煤")
            months = sorted({line["month"] for line in _measured_series(report_a)[key_a]}
                            & {line["month"] for line in _measured_series(report_b)[key_b]})
            if not months:
                continue
            month = self.rng.choice(months)
            source = next(line for line in _measured_series(report_a)[key_a] if line["month"] == month)
            forged = dict(source, lab_report_id=f"ZTNT-{year}{month:02d}-{self.rng.randint(100, 999)}")
            forge_a, forge_b = set_lab_record(key_a, month, forged), set_lab_record(key_b, month, forged)
            if (clusters_after(report_a, "原煤", forge_a, self.ref) >= 3
                    or clusters_after(report_b, "原煤", forge_b, self.ref) >= 3):
                continue
            pairs += 1
            self.plan.add(f"lab_id_shared_enterprises-{pairs}", "lab_id_shared_enterprises",
                          [(code_a, year, forge_a), (code_b, year, forge_b)])

        def copied(code, year, report, rng):
            key = pick_series(report, rng, 6)
            if key is None:
                return None
            months = sorted(rng.sample([line["month"] for line in _measured_series(report)[key]], 4))

            def apply(r, ref):
                lines = [line for line in r["fuel_combustion"]
                         if (line["unit_id"], line["fuel"]) == key and line["month"] in months]
                first = min(lines, key=lambda line: line["month"])
                for line in lines:
                    line["ncv_gj_per_unit"] = first["ncv_gj_per_unit"]
                    line["carbon_content_tc_per_gj"] = first["carbon_content_tc_per_gj"]
                return restate(r, ref)
            return apply
        self._take("copied_values", tested_coal(6), copied)

        def deleted(code, year, report, rng):
            key = pick_series(report, rng, 6)
            if key is None:
                return None
            months = rng.sample([line["month"] for line in _measured_series(report)[key]], 3)

            def apply(r, ref):
                for line in r["fuel_combustion"]:
                    if (line["unit_id"], line["fuel"]) == key and line["month"] in months:
                        line["lab_report_id"] = None
                return restate(r, ref)
            return apply
        self._take("deleted_lab_record", tested_coal(6), deleted)

        def out_of_band(code, year, report, rng):
            key = pick_series(report, rng, 6, ("原煤", "其他洗煤", "煤矸石", "洗精煤"))
            if key is None:
                return None
            values = {}

            def apply(r, ref):
                for line in r["fuel_combustion"]:
                    if (line["unit_id"], line["fuel"]) == key and line["carbon_content_source"] == "measured":
                        value = values.setdefault(line["month"], rng.uniform(0.0212, 0.0232))
                        line["carbon_content_tc_per_gj"] = _round(value, 5)
                return restate(r, ref)
            return apply
        self._take("carbon_out_of_band", tested_coal(6), out_of_band)

        def inconsistent(code, year, report, rng):
            key = pick_series(report, rng, 6, ("原煤",))
            if key is None:
                return None
            values = {}

            def apply(r, ref):
                for line in r["fuel_combustion"]:
                    if (line["unit_id"], line["fuel"]) == key and line["carbon_content_source"] == "measured":
                        carbon = values.setdefault(line["month"], rng.uniform(0.0241, 0.0244))
                        line["carbon_content_tc_per_gj"] = _round(carbon, 5)
                        line["ncv_gj_per_unit"] = _round(line["ncv_gj_per_unit"] * 1.06, 3)
                return restate(r, ref)
            return apply
        self._take("carbon_inconsistent_with_ncv", tested_coal(6), inconsistent)

    # -- arithmetic, physics, peers
    def _arithmetic_and_physics(self) -> None:
        def combustion_heavy(code, year, report):
            emissions = report["reported_emissions_t"]
            return emissions["total"] > 0 and emissions["combustion"] >= 0.3 * emissions["total"]

        def understate(code, year, report, rng):
            share = rng.uniform(0.04, 0.09)

            def apply(r, ref):
                emissions = r["reported_emissions_t"]
                cut = _round(emissions["total"] * share, 2)
                emissions["combustion"] = _round(emissions["combustion"] - cut, 2)
                emissions["total"] = _round(emissions["combustion"] + emissions["process"]
                                            + emissions["purchased_electricity"] + emissions["purchased_heat"], 2)
                verification = r.get("verification")
                if verification and verification.get("verified_total_t") is not None:
                    verification["verified_total_t"] = _round(emissions["total"] * (1 + rng.uniform(-0.003, 0.003)), 2)
                return r
            return apply
        self._take("total_not_reproduced", combustion_heavy, understate)

        def with_energy_level(code, year, report):
            company = self.companies[code]
            levels = self.ref.efficiency.get(company.indicator) if company.indicator else None
            return levels is not None and levels.unit in ("kgce/t", "gce/kWh") and len(company.products) == 1 \
                and _main_output(report) > 0

        def implausible(code, year, report, rng):
            levels = self.ref.efficiency[self.companies[code].indicator]
            target = rng.uniform(0.60, 0.72) * levels.level1  # kgce/t or gce/kWh

            def apply(r, ref):
                r["energy_consumption_tce"] = _round(target * _main_output(r) / 1000.0, 2)
                return r
            return apply
        self._take("implausible_unit_consumption", with_energy_level, implausible)

        subcritical = "燃煤机组供电煤耗(亚临界300MW)"
        medians = {}
        for year in gen.YEARS:
            values = [r["energy_consumption_tce"] * 1000.0 / _main_output(r) for (code, y), r in self.reports.items()
                      if y == year and self.companies[code].indicator == subcritical and _main_output(r) > 0]
            if values:
                medians[year] = statistics.median(values)

        def is_subcritical(code, year, report):
            return self.companies[code].indicator == subcritical and year in medians and _main_output(report) > 0

        def peer(code, year, report, rng):
            target = rng.uniform(0.84, 0.88) * medians[year]

            def apply(r, ref):
                r["energy_consumption_tce"] = _round(target * _main_output(r) / 1000.0, 2)
                return r
            return apply
        self._take("peer_outlier", is_subcritical, peer)

    # -- cross-source
    def _cross_source(self) -> None:
        def verified(code, year, report):
            v = report.get("verification")
            return bool(v) and v.get("verified_total_t") is not None and report["reported_emissions_t"]["total"] > 0

        def gap(code, year, report, rng):
            change = rng.choice((-1, 1)) * rng.uniform(0.06, 0.12)

            def apply(r, ref):
                r["verification"]["verified_total_t"] = _round(r["reported_emissions_t"]["total"] * (1 + change), 2)
                return r
            return apply
        self._take("verified_gap", verified, gap)

        electro = ("原铝", "硅铁", "锰硅合金", "电石", "工业硅")

        def electro_intensive(code, year, report):
            company = self.companies[code]
            return company.products in tuple((p,) for p in electro) and len(self.years_of[code]) >= 3

        def mismatch(code, year, report, rng):
            factor = 0.78

            def apply(r, ref):
                for row in r["production"]:
                    row["output"] = _round(row["output"] * factor, 1)
                for row in r["process"]:
                    row["output_t"] = _round(row["output_t"] * factor, 1)
                r["energy_consumption_tce"] = _round(r["energy_consumption_tce"] * factor, 2)
                return restate(r, ref)
            return apply
        self._take("electricity_output_mismatch", electro_intensive, mismatch)

        plants = sorted(code for code, company in self.companies.items()
                        if company.kind == "power" and code not in self.plan.used and len(self.years_of[code]) >= 3)
        self.rng.shuffle(plants)
        for number, code in enumerate(plants[:PATTERNS["fuel_generation_mismatch"].cases], start=1):
            def cut(r, ref):
                for line in r["fuel_combustion"]:
                    line["consumption"] = _round(line["consumption"] * 0.7, 2 if line["unit"] == "t" else 3)
                return restate(r, ref)
            self.plan.add(f"fuel_generation_mismatch-{number}", "fuel_generation_mismatch",
                          [(code, year, cut) for year in self.years_of[code]])

    def _exceeds_yearbook(self) -> None:
        """The top user of a minor fuel in a league over-reports it so that the league's enterprises
        burn 10 % more than the yearbook, with its own fuel heat up by less than 8 %."""
        use = gen.enterprise_fuel_use(r for r in self.reports.values())
        per_enterprise: dict[tuple[str, int, str], dict[str, float]] = defaultdict(dict)
        heat: dict[tuple[str, int], float] = defaultdict(float)
        fuel_heat: dict[tuple[str, int, str], float] = defaultdict(float)
        for (code, year), report in self.reports.items():
            league = report["enterprise"]["league_code"]
            for line in report["fuel_combustion"]:
                factors = self.ref.fuels[line["fuel"]]
                if line["unit"] == "GJ":
                    amount, gj = line["consumption"] / factors.ncv_gj_per_base_unit, line["consumption"]
                else:
                    amount = line["consumption"] * gen.LINE_UNIT_TO_BASE[line["unit"]]
                    gj = amount * factors.ncv_gj_per_base_unit
                key = (league, year, line["fuel"])
                per_enterprise[key][code] = per_enterprise[key].get(code, 0.0) + amount
                heat[(code, year)] += gj
                fuel_heat[(code, year, line["fuel"])] += gj
        options = []
        for key, users in sorted(per_enterprise.items()):
            league, year, fuel = key
            cap = self.facts.caps.get(key, 0.0)
            if cap <= 0 or use.get(key, 0.0) <= 0:
                continue
            code, own = max(sorted(users.items()), key=lambda item: item[1])
            if own <= 0 or len(self.years_of[code]) < 3 or not heat[(code, year)]:
                continue
            factor = (1.10 * cap - (use[key] - own)) / own
            heat_increase = (factor - 1) * fuel_heat[(code, year, fuel)] / heat[(code, year)]
            if factor > 1 and heat_increase < 0.08 and fuel not in ("原煤",):
                options.append((code, year, fuel, league, factor))
        self.rng.shuffle(options)
        leagues_fuels, number = set(), 0
        for code, year, fuel, league, factor in options:
            if number >= PATTERNS["exceeds_yearbook"].cases:
                break
            if code in self.plan.used or (league, fuel) in leagues_fuels:
                continue

            def inflate(r, ref, fuel=fuel, factor=factor):
                for line in r["fuel_combustion"]:
                    if line["fuel"] == fuel:
                        line["consumption"] = _round(line["consumption"] * factor,
                                                     {"t": 2, "GJ": 1}.get(line["unit"], 3))
                return restate(r, ref)
            number += 1
            leagues_fuels.add((league, fuel))
            self.plan.yearbook_guard_exempt.add((league, year, fuel))
            self.plan.add(f"exceeds_yearbook-{number}", "exceeds_yearbook", [(code, year, inflate)],
                          note=f"{fuel} over-reported ×{factor:.1f} so that {league}'s enterprises burn 110 % of the "
                          f"yearbook's {fuel} in {year}")

    # -- statistics
    def _statistics(self) -> None:
        def many_items(code, year, report):
            items = [line for line in report["fuel_combustion"] if line["consumption"] > 0]
            return len(items) >= 48 and len({(line["unit_id"], line["fuel"]) for line in items}) >= 4

        def rounding(code, year, report, rng):
            series = sorted({(line["unit_id"], line["fuel"]) for line in report["fuel_combustion"]})
            total = sum(1 for line in report["fuel_combustion"] if line["consumption"] > 0)
            chosen, covered = [], 0
            for key in rng.sample(series, len(series)):
                chosen.append(key)
                covered += sum(1 for line in report["fuel_combustion"]
                               if (line["unit_id"], line["fuel"]) == key and line["consumption"] >= 100)
                if covered >= 0.5 * total:
                    break

            def apply(r, ref):
                for line in r["fuel_combustion"]:
                    if (line["unit_id"], line["fuel"]) in chosen and line["consumption"] >= 100:
                        step = 100 if line["consumption"] >= 2000 else 10
                        line["consumption"] = float(int(line["consumption"] / step + 0.5) * step)
                return restate(r, ref)
            return apply
        self._take("round_numbers", many_items, rounding)

        def preference(code, year, report, rng):
            def apply(r, ref):
                for line in r["fuel_combustion"]:
                    value = line["consumption"]
                    if value <= 0 or rng.random() > 0.85:
                        continue
                    places = 2 if line["unit"] == "t" else 1 if line["unit"] == "GJ" else 3
                    scaled = round(value * 10**places)
                    scaled = scaled - scaled % 10 + rng.choice((3, 7))
                    line["consumption"] = scaled / 10**places
                return restate(r, ref)
            return apply
        self._take("digit_preference", many_items, preference)

        def steady(code, year, report):
            company = self.companies[code]
            others = [self.reports[(code, y)] for y in self.years_of[code] if y != year]
            if company.kind == "power" or len(others) < 3 or _main_output(report) <= 0:
                return False
            median = statistics.median(_main_output(o) for o in others)
            fuel = sum(line["consumption"] for line in report["fuel_combustion"])
            return median > 0 and abs(_main_output(report) / median - 1) <= 0.05 and fuel > 0

        def jump(code, year, report, rng):
            factor = rng.uniform(0.60, 0.70)

            def apply(r, ref):
                for line in r["fuel_combustion"]:
                    line["consumption"] = _round(line["consumption"] * factor,
                                                 {"t": 2, "GJ": 1}.get(line["unit"], 3))
                return restate(r, ref)
            return apply
        self._take("intensity_jump", steady, jump)


# ----------------------------------------------------------------------------------------------
# the hook


class FalsificationInjector:
    """A generator hook `(report, context) -> report` applying the plan; `truth` lists what it
    injected, `yearbook_guard_exempt` the (league, year, fuel) it lets exceed the yearbook."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        facts = gen.yearbook_facts(seed)
        companies = gen.build_enterprises(seed, facts)
        clean = gen.build_reports(seed, enterprises=companies)
        self.plan = Planner(seed, companies, clean, facts, load()).build()
        self.applied: list[tuple[str, int, str]] = []

    @property
    def yearbook_guard_exempt(self) -> set[tuple[str, int, str]]:
        return self.plan.yearbook_guard_exempt

    @property
    def truth(self) -> list[dict]:
        return sorted(self.plan.truth, key=lambda r: (r["case_id"], r["credit_code"], r["report_year"], r["rule_id"]))

    def __call__(self, report: dict, context: gen.ReportContext) -> dict:
        key = (report["enterprise"]["credit_code"], report["report_year"])
        for action in self.plan.actions.get(key, []):
            report = action.apply(copy.deepcopy(report), context.reference)
            context.labels.setdefault("falsification", []).append(action.pattern)
            self.applied.append((*key, action.pattern))
        return report


def truth_path(out_dir: Path | str) -> Path:
    """The truth file of a landing directory: next to it, never inside (`data/sample` →
    `data/sample_truth/falsification_truth.csv`)."""
    out = Path(out_dir).resolve()
    return out.parent / TRUTH_DIR / TRUTH_FILE


def write_truth(rows: list[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def generate(out_dir: Path | str, seed: int = DEFAULT_SEED, truth: Path | str | None = None) -> list[Path]:
    """The sample enterprise reports with the labelled falsifications (`enterprises.generate` with
    the injector as its hook) and the truth file (default `truth_path(out_dir)`)."""
    injector = FalsificationInjector(seed)
    paths = gen.generate(out_dir, seed, hooks=[injector])
    planned = {(r["credit_code"], r["report_year"]) for r in injector.truth}
    applied = {(code, year) for code, year, _ in injector.applied}
    if planned != applied:
        raise RuntimeError(f"falsifications planned but not applied: {sorted(planned - applied)[:5]}")
    return [*paths, write_truth(injector.truth, Path(truth) if truth else truth_path(out_dir))]


__all__ = ["PATTERNS", "FalsificationInjector", "claimed_emissions", "generate", "truth_path", "write_truth"]
