"""Enterprise report ingestion (unit level, no Dagster): every bad-input kind is rejected with the
file, the JSON path and a clear message; a broken file never stops the others; re-running never
duplicates; the source is optional.

The good report is the hand-written fixture A (tests/fixtures/enterprise_reports/2022/...); each
case changes one thing in a copy of it.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.enterprise_reports import describe, parse_report
from orchestration.ingest.enterprise_reports_load import TABLES, ingest_enterprise_reports

FIXTURES = Path(__file__).parent / "fixtures" / "enterprise_reports"
CODE_A = "91150624MA0HANDA19"
GOOD_A = FIXTURES / "2022" / f"{CODE_A}.json"
CODE_OTHER = "91150602MA0HANDD4R"  # valid check character, used for a second report


def good_report() -> dict:
    return json.loads(GOOD_A.read_text(encoding="utf-8"))


def write(landing: Path, report: dict | str | bytes, year: int | str = 2022, name: str | None = None) -> Path:
    code = report["enterprise"]["credit_code"] if isinstance(report, dict) and name is None else None
    path = landing / "enterprise_reports" / str(year) / (name or f"{code}.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(report, bytes):
        path.write_bytes(report)
    else:
        path.write_text(report if isinstance(report, str) else json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return path


def ingest(landing: Path):
    con = duckdb.connect()
    return ingest_enterprise_reports(landing, con), con


def _set(path: tuple, value):
    def change(report: dict) -> dict:
        target = report
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return report
    return change


def _delete(path: tuple):
    def change(report: dict) -> dict:
        target = report
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
        return report
    return change


def _drop_line(index: int):
    def change(report: dict) -> dict:
        del report["fuel_combustion"][index]
        return report
    return change


def _duplicate_line(index: int):
    def change(report: dict) -> dict:
        report["fuel_combustion"].append(copy.deepcopy(report["fuel_combustion"][index]))
        return report
    return change


# (case id, change to the good report, reason code, JSON path, text the message must contain)
CASES: list[tuple[str, Callable[[dict], dict], str, str, str]] = [
    ("schema_version", _set(("schema_version",), "2.0"), "unknown_schema_version", "$.schema_version",
     "schema_version '2.0' is not supported"),
    ("missing section", _delete(("heat",)), "missing_field", "$.heat", "required field 'heat' is missing"),
    ("unknown field", _set(("fuel_combustion", 0, "consumtion"), 5), "unknown_field",
     "$.fuel_combustion[0].consumtion", "unknown field 'consumtion'"),
    ("number as text", _set(("fuel_combustion", 0, "consumption"), "1000"), "wrong_type",
     "$.fuel_combustion[0].consumption", "consumption must be a number, got 1000"),
    ("month as float", _set(("electricity", 0, "month"), 1.5), "wrong_type", "$.electricity[0].month",
     "month must be an integer"),
    ("boolean amount", _set(("heat", 0, "purchased_gj"), True), "wrong_type", "$.heat[0].purchased_gj",
     "purchased_gj must be a number"),
    ("enterprise not an object", _set(("enterprise",), "x"), "wrong_type", "$.enterprise",
     "enterprise must be an object, got x"),
    ("bad check character", _set(("enterprise", "credit_code"), "91150624MA0HANDA18"), "bad_credit_code",
     "$.enterprise.credit_code", "fails the GB 32100 check character"),
    ("unknown league", _set(("enterprise", "league_code"), "150000"), "unknown_league",
     "$.enterprise.league_code", "league_code '150000' is not one of the 12 leagues"),
    ("unknown industry", _set(("enterprise", "industry"), "mining"), "unknown_industry", "$.enterprise.industry",
     "industry 'mining' is not one of power | steel"),
    ("unknown park", _set(("enterprise", "park"), "不存在园区"), "unknown_park", "$.enterprise.park",
     "park '不存在园区' is not in reference/parks.csv"),
    ("park of another league", _set(("enterprise", "park"), "达茂零碳园区"), "park_not_in_league", "$",
     "park 达茂零碳园区 lies in league 150200, not in the report's league 150600"),
    ("unknown fuel", _set(("fuel_combustion", 2, "fuel"), "褐煤"), "unknown_fuel", "$.fuel_combustion[2].fuel",
     "fuel '褐煤' is not a reference fuel"),
    ("unknown unit", _set(("fuel_combustion", 0, "unit"), "kg"), "unknown_unit", "$.fuel_combustion[0].unit",
     "unit 'kg' is not one of the report units"),
    ("gas in tonnes", _set(("fuel_combustion", 12, "unit"), "t"), "unit_fuel_mismatch", "$.fuel_combustion[12]",
     "unit t does not fit fuel 天然气 (base unit m3): use 10k_m3 | m3 | GJ"),
    ("coal in m3", _set(("fuel_combustion", 0, "unit"), "m3"), "unit_fuel_mismatch", "$.fuel_combustion[0]",
     "unit m3 does not fit fuel 原煤 (base unit t): use t | GJ"),
    ("NCV on a heat line", _set(("fuel_combustion", 24, "ncv_gj_per_unit"), 5.2), "ncv_on_heat_line",
     "$.fuel_combustion[24]", "a line in GJ is already heat"),
    ("negative amount", _set(("fuel_combustion", 3, "consumption"), -5), "negative_amount",
     "$.fuel_combustion[3].consumption", "consumption = -5 is negative"),
    ("negative electricity", _set(("electricity", 0, "purchased_mwh"), -1), "negative_amount",
     "$.electricity[0].purchased_mwh", "purchased_mwh = -1 is negative"),
    ("negative reported total", _set(("reported_emissions_t", "total"), -1), "negative_amount",
     "$.reported_emissions_t.total", "is negative"),
    ("zero NCV", _set(("fuel_combustion", 0, "ncv_gj_per_unit"), 0), "bad_value", "$.fuel_combustion[0].ncv_gj_per_unit",
     "must be > 0"),
    ("oxidation above 1", _set(("fuel_combustion", 0, "oxidation_rate"), 1.2), "bad_oxidation_rate",
     "$.fuel_combustion[0].oxidation_rate", "oxidation_rate 1.2 must be in (0, 1]"),
    ("unknown value source", _set(("fuel_combustion", 0, "ncv_source"), "estimated"), "unknown_value_source",
     "$.fuel_combustion[0].ncv_source", "ncv_source 'estimated' must be measured or default"),
    ("bad sample date", _set(("fuel_combustion", 0, "sample_date"), "2022-13-01"), "bad_date",
     "$.fuel_combustion[0].sample_date", "sample_date '2022-13-01' is not a date YYYY-MM-DD"),
    ("month 13", _set(("process", 11, "month"), 13), "bad_month", "$.process[11].month", "month 13 is outside 1-12"),
    ("missing month", _drop_line(4), "missing_month", "$.fuel_combustion",
     "fuel_combustion series 1#锅炉 / 原煤 must have the months 1-12 once each: missing month(s) 5"),
    ("duplicate month", _duplicate_line(0), "duplicate_month", "$.fuel_combustion[36]",
     "month 1 appears 2 times ($.fuel_combustion[0], $.fuel_combustion[36])"),
    ("unknown process product", _set(("process", 0, "product"), "水泥"), "unknown_product", "$.process[0].product",
     "product '水泥' is not a reference product"),
    ("product in the wrong unit", _set(("production", 0, "unit"), "MWh"), "unit_product_mismatch", "$.production[0]",
     "product 电石 is reported in MWh, expected t"),
    ("green above purchased", _set(("electricity", 0, "green_purchased_mwh"), 20000), "green_exceeds_purchased",
     "$.electricity[0]", "green_purchased_mwh 20,000 exceeds purchased_mwh 10,000"),
    ("supplied above generated", _set(("electricity", 1, "supplied_mwh"), 5), "supplied_exceeds_generated",
     "$.electricity[1]", "supplied_mwh 5 exceeds generated_mwh 0"),
    ("verification conclusion", _set(("verification", "conclusion"), "ok"), "unknown_conclusion",
     "$.verification.conclusion", "verification conclusion 'ok' must be one of pass | fail | pending"),
    ("year of another folder", _set(("report_year",), 2021), "year_mismatch", "$.report_year",
     "report_year 2021 does not match the folder 2022"),
    ("huge month", _set(("heat", 2, "month"), 10**40), "out_of_range", "$.heat[2].month", "is out of range"),
    ("huge amount", _set(("heat", 2, "purchased_gj"), 10**400), "out_of_range", "$.heat[2].purchased_gj",
     "purchased_gj is too large for a number"),
]


@pytest.mark.parametrize("change, code, path, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_rejected_with_file_path_and_message(tmp_path, change, code, path, message):
    report = change(good_report())
    name = f"{CODE_A}.json"
    file = write(tmp_path, report, name=name)
    result, con = ingest(tmp_path)
    assert result.reports_loaded == 0 and result.reports_rejected == 1
    found = [r for r in result.rejections if r.reason_code == code]
    assert found, [describe(r) for r in result.rejections]
    rejection = found[0]
    assert rejection.source_file == str(file)
    assert rejection.sheet == path
    assert message in rejection.reason, rejection.reason
    assert describe(rejection).startswith(f"{file} {path}: ")
    # quarantined with the JSON path, the whole report rejected, nothing loaded
    rows = con.execute("""select source, source_file, sheet, reason_code, is_fatal from raw.quarantine
                          where reason_code = ?""", [code]).fetchall()
    assert ("enterprise_reports", str(file), path, code, True) in rows
    assert con.execute("select status, rows_loaded from raw.ingest_log").fetchall() == [("rejected", 0)]
    for table in TABLES:
        assert con.execute(f"select count(*) from raw.{table}").fetchone() == (0,)


@pytest.mark.parametrize("content, code, message", [
    (b'{"schema_version": "1.0",', "invalid_json", "not valid JSON: Expecting property name"),
    (b"", "invalid_json", "not valid JSON"),
    (b"\xff\xfe{}", "not_utf8", "the file is not UTF-8 text"),
    (b"[1, 2]", "wrong_type", "$ must be an object, got list"),
    (b'{"schema_version": NaN}', "invalid_json", "NaN is not a number JSON allows"),
])
def test_unreadable_files(tmp_path, content, code, message):
    file = write(tmp_path, content, name=f"{CODE_A}.json")
    result, _ = ingest(tmp_path)
    rejection = next(r for r in result.rejections if r.reason_code == code)
    assert rejection.source_file == str(file) and message in rejection.reason


def test_file_name_and_folder(tmp_path):
    report = good_report()
    wrong_name = write(tmp_path, report, name="report.json")
    other_code = write(tmp_path, report, name=f"{CODE_OTHER}.json")
    (tmp_path / "enterprise_reports" / "misc").mkdir()
    stray = tmp_path / "enterprise_reports" / "misc" / f"{CODE_A}.json"
    stray.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    top = tmp_path / "enterprise_reports" / "notes.txt"
    top.write_text("not a report", encoding="utf-8")
    (tmp_path / "enterprise_reports" / "2022" / ".DS_Store").write_text("ignored")
    result, _ = ingest(tmp_path)
    reasons = {(Path(r.source_file).name, r.reason_code) for r in result.rejections}
    assert ("report.json", "bad_file_name") in reasons
    assert (f"{CODE_OTHER}.json", "credit_code_mismatch") in reasons
    assert (f"{CODE_A}.json", "bad_folder") in reasons  # misc/ is not a year
    assert ("notes.txt", "bad_folder") in reasons and ("notes.txt", "bad_file_name") in reasons
    assert result.reports_loaded == 0 and result.reports_rejected == 4  # .DS_Store is ignored
    mismatch = next(r for r in result.rejections if r.reason_code == "credit_code_mismatch")
    assert mismatch.reason == f"credit code {CODE_A} does not match the file name {CODE_OTHER}.json"
    assert wrong_name.exists() and other_code.exists()


def test_all_problems_of_a_report_are_listed(tmp_path):
    report = good_report()
    report["fuel_combustion"][0]["fuel"] = "褐煤"
    report["fuel_combustion"][1]["consumption"] = -1
    report["enterprise"]["industry"] = "mining"
    write(tmp_path, report)
    result, con = ingest(tmp_path)
    assert {r.reason_code for r in result.rejections} >= {"unknown_fuel", "negative_amount", "unknown_industry"}
    (count,), = con.execute("select count(*) from raw.quarantine").fetchall()
    assert count == len(result.rejections) >= 3
    assert con.execute("select rows_quarantined from raw.ingest_log").fetchone() == (count,)


def test_a_broken_file_never_stops_the_others(tmp_path):
    good = write(tmp_path, good_report())
    broken = good_report()
    broken["enterprise"]["credit_code"] = CODE_OTHER
    broken["fuel_combustion"][5]["consumption"] = -1
    write(tmp_path, broken)
    write(tmp_path, b"{oops", name="91150100MA0HANDB2T.json", year=2021)
    result, con = ingest(tmp_path)
    assert result.reports_loaded == 1 and result.reports_rejected == 2
    assert con.execute("select credit_code, report_year from raw.enterprise_reports").fetchall() == [(CODE_A, 2022)]
    assert con.execute("select count(*) from raw.enterprise_fuel_combustion").fetchone() == (36,)
    assert con.execute("select distinct source_file from raw.enterprise_fuel_combustion").fetchall() == [(str(good),)]
    statuses = dict(con.execute("select source_file, status from raw.ingest_log").fetchall())
    assert sorted(statuses.values()) == ["loaded", "rejected", "rejected"]


def test_good_report_is_loaded_completely_and_reingesting_does_not_duplicate(tmp_path):
    write(tmp_path, good_report())
    con = duckdb.connect()
    for _ in range(2):
        result = ingest_enterprise_reports(tmp_path, con)
    assert result.rejections == [] and result.reports_loaded == 1
    counts = {table: con.execute(f"select count(*) from raw.{table}").fetchone()[0] for table in TABLES}
    assert counts == {"enterprise_reports": 1, "enterprise_fuel_combustion": 36, "enterprise_process": 12,
                      "enterprise_electricity": 12, "enterprise_heat": 12, "enterprise_production": 12}
    assert con.execute("select count(*) from raw.ingest_log").fetchone() == (1,)
    header = con.execute("""select enterprise_name, league_code, industry, park, reported_total_t_co2,
                                   verified_total_t_co2, verification_conclusion from raw.enterprise_reports""").fetchone()
    assert header == ("鄂托克手算示例电石有限公司", "150600", "chemical", "鄂托克低碳园区", 42671.78, 42671.78, "pass")
    lab = con.execute("""select lab_report_id, lab_name, cast(sample_date as varchar), json_path
                         from raw.enterprise_fuel_combustion where month = 7 and fuel = '原煤'""").fetchone()
    assert lab == ("HC-202207-001", "手算煤质检测中心", "2022-08-05", "$.fuel_combustion[6]")  # kept as reported


def test_no_enterprise_directory_gives_empty_tables(tmp_path):
    result, con = ingest(tmp_path)
    assert not result.directory_found and result.reports_loaded == 0 and result.rejections == []
    for table in TABLES:
        assert con.execute(f"select count(*) from raw.{table}").fetchone() == (0,)


def test_parse_report_never_raises(tmp_path):
    missing = parse_report(tmp_path / "2022" / f"{CODE_A}.json", 2022)
    assert missing.rejections[0].reason_code == "unreadable_file"
