"""The screening engine: the rules file, flags and evidence, dispositions, the risk score, the
warehouse tables and the rule catalogue (no pipeline run)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
import yaml

from orchestration.inspection import dispositions
from orchestration.quality import falsification as f
from orchestration.quality.rules import REGISTRY
from orchestration.settings import PROJECT_ROOT
from tests.test_falsification_rules import CODE_A, CODE_B, CODE_C, coal_line, honest_year

RULES = f.load_rules()


# ----------------------------------------------------------------------------------------------
# the rules file


def test_rules_file_is_complete_and_versioned():
    assert RULES.version and len(RULES.rules) == len(REGISTRY) >= 17
    assert set(RULES.ids) == set(REGISTRY)
    for expected in ("LAB-DATE-CLUSTER", "LAB-LATE", "LAB-ID-REUSE", "LAB-REPEAT", "LAB-CARBON-BAND", "LAB-CARBON-NCV",
                     "ARITH-TOTAL", "PHYS-UNIT-CONSUMPTION", "PEER-ROBUST-Z", "XSRC-YEARBOOK", "XSRC-VERIFIED-GAP",
                     "XSRC-ELEC-OUTPUT", "XSRC-FUEL-GENERATION", "STAT-BENFORD", "STAT-TERMINAL", "STAT-HEAPING",
                     "STAT-YOY-JUMP"):
        assert expected in RULES.ids
    assert RULES.severity_weights == {"high": 0.5, "medium": 0.25, "low": 0.1}
    assert RULES.counted_statuses == ("open", "reopened", "confirmed")
    for rule in RULES.rules:
        assert rule.weight == RULES.severity_weights[rule.severity], rule.id
        assert rule.title_zh and rule.title_en and rule.description_zh and rule.description_en
        for name, parameter in rule.parameters.items():
            assert parameter["why"].strip(), (rule.id, name)


def _write(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(f.RULES_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "rules.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, message", [
    (lambda d: d["rules"].append(dict(d["rules"][0])), "duplicate rule ids: LAB-DATE-CLUSTER"),
    (lambda d: d["rules"][0].update(severity="critical"), "LAB-DATE-CLUSTER: severity must be one of high, medium, low"),
    (lambda d: d["rules"][0]["parameters"]["window_days"].pop("why"), "parameter window_days needs a value and a why"),
    (lambda d: d["rules"][0].update(chart="pie"), "chart must be one of"),
    (lambda d: d["rules"].pop(0), "implemented rules missing from the file: LAB-DATE-CLUSTER"),
    (lambda d: d["rules"][0].update(id="LAB-NEW"), "rules without an implementation: LAB-NEW"),
    (lambda d: d["rules"][0].update(weight=1.0), "weight must lie in [0, 1)"),
])
def test_a_bad_rules_file_names_the_problem(tmp_path, change, message):
    path = _write(tmp_path, change)
    with pytest.raises(f.RulesFileError, match=r".*") as error:
        f.load_rules(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_the_catalogue_in_docs_is_generated_from_the_rules_file():
    catalogue = (PROJECT_ROOT / "docs" / "falsification_rules.md").read_text(encoding="utf-8")
    assert catalogue == f.render_catalogue(RULES), "regenerate: python -m orchestration.quality.falsification --catalogue docs/falsification_rules.md"
    assert f"version **{RULES.version}**" in catalogue and "| `window_days` | 14 | days |" in catalogue


# ----------------------------------------------------------------------------------------------
# the risk score


def test_risk_score_formula_by_hand():
    assert f.risk_score([]) == 0.0
    assert f.risk_score([0.5]) == 50.0                      # one high flag
    assert f.risk_score([0.5, 0.25]) == 62.5                # 1 − 0.5 × 0.75
    assert f.risk_score([0.5, 0.25, 0.25]) == 71.9          # 1 − 0.5 × 0.75 × 0.75 = 0.71875
    assert f.risk_score([0.1] * 3) == 27.1                  # 1 − 0.9³ = 0.271
    assert f.risk_score([0.5] * 20) == 100.0                # bounded


def _flags(rows: list[tuple[str, int, str, str, float, str]]) -> pl.DataFrame:
    return pl.DataFrame([{"credit_code": c, "report_year": y, "rule_id": r, "severity": s, "weight": w, "status": st}
                         for c, y, r, s, w, st in rows])


def test_risk_rows_for_every_report_and_cleared_flags_do_not_count():
    reports = f.input_frame("reports", [
        {"credit_code": code, "report_year": 2023, "enterprise_name": name, "league_code": "150600", "industry": "power"}
        for code, name in ((CODE_A, "甲"), (CODE_B, "乙"), (CODE_C, "丙"))])
    flags = _flags([
        (CODE_A, 2023, "LAB-REPEAT", "medium", 0.25, "open"),
        (CODE_A, 2023, "LAB-ID-REUSE", "high", 0.5, "reopened"),
        (CODE_A, 2023, "STAT-HEAPING", "low", 0.1, "cleared"),
        (CODE_B, 2023, "ARITH-TOTAL", "high", 0.5, "cleared"),
        (CODE_B, 2023, "STAT-TERMINAL", "low", 0.1, "confirmed"),
    ])
    risk = {r["credit_code"]: r for r in f.risk_scores(flags, reports, RULES).iter_rows(named=True)}
    assert set(risk) == {CODE_A, CODE_B, CODE_C}
    a, b, c = risk[CODE_A], risk[CODE_B], risk[CODE_C]
    assert (a["risk_score"], a["n_flags"], a["n_high"], a["n_medium"], a["n_low"], a["n_cleared"], a["top_rule_id"]) == (
        62.5, 2, 1, 1, 0, 1, "LAB-ID-REUSE")
    assert (b["risk_score"], b["n_flags"], b["n_low"], b["n_cleared"], b["top_rule_id"]) == (10.0, 1, 1, 1, "STAT-TERMINAL")
    assert (c["risk_score"], c["n_flags"], c["top_rule_id"], c["enterprise_name"]) == (0.0, 0, None, "丙")
    assert list(f.risk_scores(flags, reports, RULES).schema) == list(f.RISK_SCHEMA)


# ----------------------------------------------------------------------------------------------
# flags, evidence and dispositions


def _inputs(late_sample: date) -> f.ScreeningInputs:
    rows = honest_year()
    rows[2] = coal_line(3, late_sample)  # a late March test (LAB-LATE)
    reports = [{"credit_code": CODE_A, "report_year": 2023, "enterprise_name": "示例发电", "league_code": "150600",
                "industry": "power"}]
    return f.ScreeningInputs.of(fuel_lines=rows, reports=reports)


def test_flags_carry_ids_texts_and_the_hash_of_their_evidence():
    screening = f.screen(_inputs(date(2023, 5, 15)), RULES)
    (flag,) = screening.flags.to_dicts()
    assert list(screening.flags.schema) == list(f.FLAG_SCHEMA)
    assert flag["flag_id"] == dispositions.flag_id(CODE_A, 2023, "LAB-LATE")
    assert (flag["rule_id"], flag["severity"], flag["weight"], flag["chart"], flag["rule_version"]) == (
        "LAB-LATE", "medium", 0.25, "lab_timeline", RULES.version)
    assert (flag["observed"], flag["expected_high"], flag["observed_unit"]) == (45.0, 40.0, "days after month end")
    assert flag["enterprise_name"] == "示例发电" and flag["status"] == "open" and flag["decision"] is None
    assert flag["evidence"].index("报告必然逾期") < flag["evidence"].index("necessarily late")  # Chinese first
    evidence = screening.evidence.to_dicts()
    assert list(screening.evidence.schema) == list(f.EVIDENCE_SCHEMA)
    assert [(e["flag_id"], e["row_number"], e["month"], e["date"]) for e in evidence] == [(flag["flag_id"], 1, 3, "2023-05-15")]
    assert '"lab_report_id"' in evidence[0]["detail"]
    assert flag["evidence_hash"] == f.hash_evidence(evidence) == dispositions.evidence_hash(
        [{k: e[k] for k in f.EVIDENCE_HASH_COLUMNS} for e in evidence])
    # the same data give the same hash (a cleared flag stays cleared), other data another one
    assert f.screen(_inputs(date(2023, 5, 15)), RULES).flags["evidence_hash"][0] == flag["evidence_hash"]
    assert f.screen(_inputs(date(2023, 5, 20)), RULES).flags["evidence_hash"][0] != flag["evidence_hash"]


def test_dispositions_clear_confirm_and_reopen(tmp_path):
    store = tmp_path / "dispositions.jsonl"
    first = f.screen(_inputs(date(2023, 5, 15)), RULES)
    (flag,) = first.flags.to_dicts()
    assert first.risk["risk_score"][0] == 25.0
    dispositions.record(store, flag["flag_id"], flag["evidence_hash"], "cleared", "retained sample, lab backlog",
                        "王检查", datetime(2026, 1, 5, tzinfo=UTC))
    cleared = f.screen(_inputs(date(2023, 5, 15)), RULES, dispositions.load(store))
    assert cleared.flags.select("status", "decision", "decision_reason", "decided_by").row(0) == (
        "cleared", "cleared", "retained sample, lab backlog", "王检查")
    assert cleared.flags["decided_at"][0] == "2026-01-05T00:00:00+00:00"
    assert cleared.risk.select("risk_score", "n_flags", "n_cleared", "top_rule_id").row(0) == (0.0, 0, 1, None)
    # the evidence changes (another sample date): the flag comes back and counts again
    changed = f.screen(_inputs(date(2023, 5, 20)), RULES, dispositions.load(store))
    assert changed.flags["status"][0] == "reopened" and changed.risk["risk_score"][0] == 25.0
    dispositions.record(store, flag["flag_id"], changed.flags["evidence_hash"][0], "confirmed", "", "李检查")
    confirmed = f.screen(_inputs(date(2023, 5, 20)), RULES, dispositions.load(store))
    assert confirmed.flags["status"][0] == "confirmed" and confirmed.risk["n_flags"][0] == 1


def test_empty_inputs_give_empty_typed_tables():
    screening = f.screen(f.ScreeningInputs(), RULES)
    assert screening.flags.is_empty() and screening.evidence.is_empty() and screening.risk.is_empty()
    assert screening.flags.schema == pl.Schema(f.FLAG_SCHEMA) and screening.risk.schema == pl.Schema(f.RISK_SCHEMA)


def test_tables_are_replaced_with_their_comments(tmp_path):
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    try:
        for late in (date(2023, 5, 15), date(2023, 5, 20)):  # twice: replaced, not appended
            rows = f.write_tables(con, f.screen(_inputs(late), RULES))
        assert rows == {"falsification_flags": 1, "falsification_evidence": 1, "enterprise_risk": 1}
        for table, schema in ((f.FLAGS_TABLE, f.FLAG_SCHEMA), (f.EVIDENCE_TABLE, f.EVIDENCE_SCHEMA), (f.RISK_TABLE, f.RISK_SCHEMA)):
            columns = con.execute(
                "select column_name, data_type, comment from duckdb_columns() where schema_name = 'marts' and table_name = ? "
                "order by column_index", [table]).fetchall()
            assert [c[0] for c in columns] == list(schema)
            assert all(comment for _, _, comment in columns), table
            assert con.execute("select comment from duckdb_tables() where table_name = ?", [table]).fetchone()[0]
            assert con.execute(f"select count(*) from marts.{table}").fetchone()[0] == 1
        types = dict(con.execute("select column_name, data_type from duckdb_columns() where table_name = 'falsification_flags'").fetchall())
        assert (types["report_year"], types["observed"], types["evidence"]) == ("INTEGER", "DOUBLE", "VARCHAR")
        assert con.execute("select date from marts.falsification_evidence").fetchone()[0] == "2023-05-20"
    finally:
        con.close()
