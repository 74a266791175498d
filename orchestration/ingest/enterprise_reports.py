"""Parse one enterprise emission report `enterprise_reports/<YYYY>/<credit_code>.json` (CONTRACTS).

This module checks what only the JSON itself can tell: the file name, that the text is JSON, the
structure (required and unknown keys, objects and arrays) and the type of every field (numbers
are JSON numbers, months integers, dates `YYYY-MM-DD`). It flattens a report into rows, each with
its file and JSON path, for the value contracts of `enterprise_schemas.py` and the series checks
(months 1-12 without gaps or duplicates) of `enterprise_reports_load.py`.

Every problem is a `Rejection` naming the file and the JSON path (`$.fuel_combustion[17].unit`);
a report with any problem is rejected as a whole (an emission report is an accounting unit: a
partial report would give a wrong total silently), and the other files load.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from orchestration.ingest.quarantine import Rejection

FOLDER = "enterprise_reports"
YEAR_DIR = re.compile(r"^\d{4}$")
FILE_NAME = re.compile(r"^(?P<code>[0-9A-Z]{18})\.json$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

NUMBER = "number"
NUMBER_OR_NULL = "number|null"
INTEGER = "integer"
STRING = "string"
STRING_OR_NULL = "string|null"
DATE_OR_NULL = "date|null"

# JSON field -> type, per part of the report (CONTRACTS enterprise_reports).
TOP_LEVEL = {
    "schema_version": STRING, "report_year": INTEGER, "enterprise": "object", "fuel_combustion": "array",
    "process": "array", "electricity": "array", "heat": "array", "production": "array",
    "energy_consumption_tce": NUMBER, "reported_emissions_t": "object", "verification": "object|null",
}
ENTERPRISE = {"credit_code": STRING, "name": STRING, "league_code": STRING, "industry": STRING,
              "park": STRING_OR_NULL}
SECTIONS: dict[str, dict[str, str]] = {
    "fuel_combustion": {
        "month": INTEGER, "unit_id": STRING, "fuel": STRING, "consumption": NUMBER, "unit": STRING,
        "ncv_gj_per_unit": NUMBER_OR_NULL, "ncv_source": STRING,
        "carbon_content_tc_per_gj": NUMBER_OR_NULL, "carbon_content_source": STRING,
        "oxidation_rate": NUMBER_OR_NULL, "lab_report_id": STRING_OR_NULL, "lab_name": STRING_OR_NULL,
        "sample_date": DATE_OR_NULL,
    },
    "process": {"month": INTEGER, "product": STRING, "output_t": NUMBER},
    "electricity": {"month": INTEGER, "purchased_mwh": NUMBER, "green_purchased_mwh": NUMBER,
                    "generated_mwh": NUMBER, "supplied_mwh": NUMBER, "sold_mwh": NUMBER},
    "heat": {"month": INTEGER, "purchased_gj": NUMBER, "sold_gj": NUMBER},
    "production": {"month": INTEGER, "product": STRING, "output": NUMBER, "unit": STRING},
}
REPORTED = {"combustion": NUMBER, "process": NUMBER, "purchased_electricity": NUMBER,
            "purchased_heat": NUMBER, "total": NUMBER}
VERIFICATION = {"verifier": STRING, "verified_total_t": NUMBER_OR_NULL, "conclusion": STRING}

# Header column (raw.enterprise_reports) -> JSON path, for messages about header values.
HEADER_PATHS = {
    "schema_version": "$.schema_version", "report_year": "$.report_year",
    "credit_code": "$.enterprise.credit_code", "enterprise_name": "$.enterprise.name",
    "league_code": "$.enterprise.league_code", "industry": "$.enterprise.industry",
    "park": "$.enterprise.park", "energy_consumption_tce": "$.energy_consumption_tce",
    "reported_combustion_t_co2": "$.reported_emissions_t.combustion",
    "reported_process_t_co2": "$.reported_emissions_t.process",
    "reported_purchased_electricity_t_co2": "$.reported_emissions_t.purchased_electricity",
    "reported_purchased_heat_t_co2": "$.reported_emissions_t.purchased_heat",
    "reported_total_t_co2": "$.reported_emissions_t.total",
    "verifier": "$.verification.verifier", "verified_total_t_co2": "$.verification.verified_total_t",
    "verification_conclusion": "$.verification.conclusion",
}


@dataclass
class ReportExtract:
    """What one report file yields: a header row, section rows and the problems found."""

    source_file: str
    file_sha256: str
    report_year: int | None = None
    credit_code: str | None = None
    header: dict[str, Any] | None = None
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejections

    @property
    def rows(self) -> int:
        return (1 if self.header else 0) + sum(len(rows) for rows in self.sections.values())

    def reject(self, path: str | None, column: str | None, value: Any, code: str, reason: str,
               content: Any = None) -> None:
        self.rejections.append(Rejection(
            source_file=self.source_file, sheet=path, row_number=None, column_name=column,
            value=None if value is None else _text(value), reason_code=code, reason=reason,
            row_content=None if content is None else json.dumps(content, ensure_ascii=False, default=str),
        ))


def describe(rejection: Rejection) -> str:
    """`<file> <JSON path>: <reason>`, the message shown in logs and Dagster."""
    where = rejection.source_file + (f" {rejection.sheet}" if rejection.sheet else "")
    return f"{where}: {rejection.reason}"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


_PY_TYPES: dict[str, tuple[type, ...]] = {
    NUMBER: (int, float), NUMBER_OR_NULL: (int, float, type(None)), INTEGER: (int,), STRING: (str,),
    STRING_OR_NULL: (str, type(None)), DATE_OR_NULL: (str, type(None)), "object": (dict,), "array": (list,),
    "object|null": (dict, type(None)),
}


def _type_ok(value: Any, expected: str) -> bool:
    """`type(...) in` rather than isinstance: a JSON true/false is a bool, never a number. NaN and
    infinities are refused when the JSON is read (`_refuse_constant`)."""
    return type(value) in _PY_TYPES[expected]


@dataclass(frozen=True)
class _Spec:
    """A field spec compiled for the fast path of `_check_object`."""

    fields: dict[str, str]
    keys: frozenset[str]
    checks: tuple[tuple[str, tuple[type, ...]], ...]
    required_strings: tuple[str, ...]

    @classmethod
    def of(cls, fields: dict[str, str]) -> _Spec:
        return cls(fields, frozenset(fields), tuple((k, _PY_TYPES[t]) for k, t in fields.items()),
                   tuple(k for k, t in fields.items() if t == STRING))


_TOP = _Spec.of(TOP_LEVEL)
_ENTERPRISE = _Spec.of(ENTERPRISE)
_REPORTED = _Spec.of(REPORTED)
_VERIFICATION = _Spec.of(VERIFICATION)
_SECTION_SPECS = {section: _Spec.of(fields) for section, fields in SECTIONS.items()}

_TYPE_WORDS = {NUMBER: "a number", NUMBER_OR_NULL: "a number or null", INTEGER: "an integer",
               STRING: "a string", STRING_OR_NULL: "a string or null", DATE_OR_NULL: "a date YYYY-MM-DD or null",
               "object": "an object", "array": "an array", "object|null": "an object or null"}


def _check_object(obj: Any, spec: _Spec, path: str, extract: ReportExtract) -> bool:
    """Required keys present, no unknown keys, every value of its type. True when all is well.
    The offending object is kept as row content, except the whole report (too big to repeat)."""
    if (type(obj) is dict and obj.keys() == spec.keys
            and all(type(obj[key]) in types for key, types in spec.checks)
            and all(obj[key].strip() for key in spec.required_strings)):
        return True  # the fast path of the (usual) clean object
    content = None if path == "$" else obj
    fields = spec.fields
    if not isinstance(obj, dict):
        extract.reject(path, None, None if path == "$" else obj, "wrong_type",
                       f"{path} must be an object, got {type(obj).__name__}", content)
        return False
    ok = True
    for key in fields.keys() - obj.keys():
        extract.reject(f"{path}.{key}", key, None, "missing_field", f"required field {key!r} is missing", content)
        ok = False
    for key in obj.keys() - fields.keys():
        extract.reject(f"{path}.{key}", key, obj[key], "unknown_field",
                       f"unknown field {key!r} (expected: {', '.join(fields)})", content)
        ok = False
    for key, expected in fields.items():
        if key not in obj:
            continue
        value = obj[key]
        if not _type_ok(value, expected):
            extract.reject(f"{path}.{key}", key, value, "wrong_type",
                           f"{key} must be {_TYPE_WORDS[expected]}, got {_text(value)[:200]}", content)
            ok = False
        elif isinstance(value, str) and not value.strip() and not expected.endswith("|null"):
            extract.reject(f"{path}.{key}", key, value, "missing_value", f"{key} is empty", content)
            ok = False
    return ok


def _parse_date(value: str | None, path: str, extract: ReportExtract, content: Any) -> date | None:
    if value is None:
        return None
    try:
        if not DATE.match(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        extract.reject(path, "sample_date", value, "bad_date", f"sample_date {value!r} is not a date YYYY-MM-DD",
                       content)
        return None


class _NonFiniteNumber(ValueError):
    pass


def _refuse_constant(name: str) -> float:
    """json.loads accepts NaN, Infinity and -Infinity; the contract does not."""
    raise _NonFiniteNumber(name)


_INT_LIMIT = 2**31


def _int_fits(value: int) -> bool:
    return -_INT_LIMIT < value < _INT_LIMIT


def _fits(row: dict[str, Any], numeric: list[str], path: str, extract: ReportExtract, item: Any) -> bool:
    """Integers fit the warehouse's integer columns and numbers a double (JSON has no limits):
    numbers become floats in place; False (with a rejection) when something does not fit."""
    ok = True
    if type(row["month"]) is int and not _int_fits(row["month"]):
        extract.reject(f"{path}.month", "month", row["month"], "out_of_range", f"month {row['month']} is out of range", item)
        ok = False
    for name in numeric:
        value = row[name]
        if type(value) is int:
            try:
                row[name] = float(value)
            except OverflowError:
                extract.reject(f"{path}.{name}", name, value, "out_of_range", f"{name} is too large for a number", item)
                ok = False
    return ok


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_report(path: Path, folder_year: int | None = None) -> ReportExtract:
    """Parse one report file. Never raises for bad content: problems are returned."""
    source_file = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        extract = ReportExtract(source_file, "")
        extract.reject(None, None, None, "unreadable_file", f"cannot read the file ({exc})")
        return extract
    extract = ReportExtract(source_file, file_sha256(data))

    name = FILE_NAME.match(path.name)
    if not name:
        extract.reject(None, None, path.name, "bad_file_name",
                       f"file name must be <credit_code>.json (18 characters, upper case), got {path.name!r}")
    if folder_year is None:
        extract.reject(None, None, path.parent.name, "bad_folder",
                       f"a report must sit in {FOLDER}/<YYYY>/ (the report year), not in {path.parent.name!r}")
    try:
        report = json.loads(data.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError as exc:
        extract.reject(None, None, None, "not_utf8", f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})")
        return extract
    except json.JSONDecodeError as exc:
        extract.reject(None, None, None, "invalid_json",
                       f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return extract
    except _NonFiniteNumber as exc:
        extract.reject(None, None, str(exc), "invalid_json", f"not valid JSON: {exc} is not a number JSON allows")
        return extract
    if not isinstance(report, dict):
        _check_object(report, _TOP, "$", extract)
        return extract
    _check_object(report, _TOP, "$", extract)
    _parse_content(report, extract, name.group("code") if name else None, folder_year)
    return extract


def _parse_content(report: dict, extract: ReportExtract, file_code: str | None, folder_year: int | None) -> None:
    year = report.get("report_year")
    enterprise = report.get("enterprise")
    enterprise_ok = isinstance(enterprise, dict) and _check_object(enterprise, _ENTERPRISE, "$.enterprise", extract)
    code = enterprise.get("credit_code") if enterprise_ok else None
    if type(year) is int and not _int_fits(year):
        extract.reject("$.report_year", "report_year", year, "out_of_range", f"report_year {year} is out of range")
    elif type(year) is int:
        extract.report_year = year
        if folder_year is not None and year != folder_year:
            extract.reject("$.report_year", "report_year", year, "year_mismatch",
                           f"report_year {year} does not match the folder {folder_year}")
    if isinstance(code, str):
        extract.credit_code = code
        if file_code is not None and code != file_code:
            extract.reject("$.enterprise.credit_code", "credit_code", code, "credit_code_mismatch",
                           f"credit code {code} does not match the file name {file_code}.json")
    key = {"source_file": extract.source_file, "credit_code": extract.credit_code,
           "report_year": extract.report_year}

    reported = report.get("reported_emissions_t")
    reported_ok = isinstance(reported, dict) and _check_object(reported, _REPORTED, "$.reported_emissions_t", extract)
    verification = report.get("verification")
    verification_ok = verification is None or (
        isinstance(verification, dict) and _check_object(verification, _VERIFICATION, "$.verification", extract))

    if enterprise_ok and reported_ok and verification_ok and extract.report_year is not None and all(
        _type_ok(report.get(k), TOP_LEVEL[k]) for k in ("schema_version", "report_year", "energy_consumption_tce")
    ):
        extract.header = {
            **key, "json_path": "$", "file_sha256": extract.file_sha256,
            "schema_version": report["schema_version"], "enterprise_name": enterprise["name"],
            "league_code": enterprise["league_code"], "industry": enterprise["industry"],
            "park": enterprise["park"], "energy_consumption_tce": float(report["energy_consumption_tce"]),
            "reported_combustion_t_co2": float(reported["combustion"]),
            "reported_process_t_co2": float(reported["process"]),
            "reported_purchased_electricity_t_co2": float(reported["purchased_electricity"]),
            "reported_purchased_heat_t_co2": float(reported["purchased_heat"]),
            "reported_total_t_co2": float(reported["total"]),
            "verifier": verification["verifier"] if verification else None,
            "verified_total_t_co2": (None if not verification or verification["verified_total_t"] is None
                                     else float(verification["verified_total_t"])),
            "verification_conclusion": verification["conclusion"] if verification else None,
        }

    for section, fields in SECTIONS.items():
        spec = _SECTION_SPECS[section]
        numeric = [name for name, expected in fields.items() if expected.startswith(NUMBER)]
        items = report.get(section)
        if not isinstance(items, list):
            continue
        rows = []
        for index, item in enumerate(items):
            path = f"$.{section}[{index}]"
            if not _check_object(item, spec, path, extract):
                continue
            row = {**key, "json_path": path, "line_index": index, **item}
            if not _fits(row, numeric, path, extract, item):
                continue
            if section == "fuel_combustion":
                row["sample_date"] = _parse_date(item["sample_date"], f"{path}.sample_date", extract, item)
            rows.append(row)
        extract.sections[section] = rows
