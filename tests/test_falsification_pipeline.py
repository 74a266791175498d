"""The falsification screening in the code location and on the sample run: the asset and its
dependencies, the three tables in restricted.duckdb only (with their comments), evidence hashes and
risk rows consistent, the Great Expectations suites, and decisions applied across runs."""

from __future__ import annotations

import json
import shutil

import dagster as dg
import duckdb

from orchestration.assets.publish import RESTRICTED_MARTS
from orchestration.assets.screening import INPUT_KEYS, SCREENING_KEYS, falsification_screening
from orchestration.definitions import build_definitions
from orchestration.inspection import dispositions
from orchestration.quality import falsification as f
from orchestration.quality.gx_runner import data_docs_index
from orchestration.resources import InspectionResource, WarehouseResource
from orchestration.settings import RESTRICTED_FILE, Settings
from tests.conftest import query

TABLES = ("falsification_flags", "falsification_evidence", "enterprise_risk")


def restricted(run):
    return run.settings.published_dir / RESTRICTED_FILE


def test_the_screening_asset_in_the_code_location(tmp_path):
    defs = build_definitions(Settings(tmp_path, tmp_path / "wh.duckdb", tmp_path / "pub", "2026.1",
                                      dispositions=tmp_path / "decisions.jsonl"))
    graph = defs.resolve_asset_graph()
    for table, key in SCREENING_KEYS.items():
        node = graph.get(key)
        assert key.path == ["marts", table] and node.group_name == "quality"
        assert set(INPUT_KEYS) <= node.parent_keys, table
    assert {dg.AssetKey(["marts", "enterprise_emissions"]), dg.AssetKey(["intermediate", "int_enterprise__combustion"]),
            dg.AssetKey(["staging", "stg_enterprise__production"])} <= set(INPUT_KEYS)
    assert all(graph.has(key) for key in INPUT_KEYS)  # every input is a dbt model of the location
    assert set(SCREENING_KEYS.values()) <= graph.get(dg.AssetKey(["published", "restricted"])).parent_keys
    assert not set(SCREENING_KEYS.values()) & graph.get(dg.AssetKey(["published", "analytics"])).parent_keys
    assert set(TABLES) <= RESTRICTED_MARTS
    assert falsification_screening.op.pool == "dualctl_warehouse"
    assert defs.resources["inspection"].dispositions_path == str(tmp_path / "decisions.jsonl")
    checks = {(k.asset_key.path[-1], k.name) for k in graph.asset_check_keys}
    assert {("falsification_flags", "great_expectations"), ("enterprise_risk", "great_expectations")} <= checks


def test_the_tables_are_in_the_restricted_file_only_with_their_comments(sample_run):
    for table, schema in zip(TABLES, (f.FLAG_SCHEMA, f.EVIDENCE_SCHEMA, f.RISK_SCHEMA), strict=True):
        columns = query(restricted(sample_run), """
            select column_name, comment from duckdb_columns() where schema_name = 'marts' and table_name = ?
            order by column_index""", [table])
        assert [name for name, _ in columns] == list(schema), table
        assert all(comment for _, comment in columns), table
        (comment,), = query(restricted(sample_run), "select comment from duckdb_tables() where table_name = ?", [table])
        assert comment == f.TABLE_COMMENTS[table]
    assert query(sample_run.analytics, f"""select table_name from duckdb_tables()
        where table_name in {TABLES} or table_name like '%risk%' or table_name like '%falsif%'""") == []


def test_flags_evidence_and_risk_are_consistent(sample_run):
    path = restricted(sample_run)
    flags = query(path, "select flag_id, credit_code, report_year, rule_id, evidence_hash, status, rule_version from marts.falsification_flags")
    assert len(flags) >= 100
    evidence: dict[str, list[dict]] = {}
    con = duckdb.connect(str(path), read_only=True)
    try:
        cursor = con.execute("select * from marts.falsification_evidence order by flag_id, row_number")
        names = [c[0] for c in cursor.description]
        for row in cursor.fetchall():
            record = dict(zip(names, row, strict=True))
            json.loads(record["detail"])  # JSON objects
            evidence.setdefault(record["flag_id"], []).append(record)
    finally:
        con.close()
    for flag_id, code, year, rule_id, digest, status, version in flags:
        assert flag_id == dispositions.flag_id(code, year, rule_id)
        assert digest == f.hash_evidence(evidence[flag_id]), flag_id  # the hash is over the published rows
        assert [r["row_number"] for r in evidence[flag_id]] == list(range(1, len(evidence[flag_id]) + 1))
        assert version == f.load_rules().version
    assert set(evidence) == {flag[0] for flag in flags}
    (reports, risk_rows, flagged), = query(path, """
        select (select count(*) from marts.enterprise_emissions), count(*), count(*) filter (where n_flags > 0)
        from marts.enterprise_risk""")
    assert reports == risk_rows == 1131 and flagged == len({(c, y) for _, c, y, *_ in flags})
    assert query(path, "select min(risk_score), max(risk_score) from marts.enterprise_risk")[0][0] == 0.0


def test_the_suites_of_the_screening_tables_pass_on_the_restricted_site(sample_run):
    assert not [w for w in sample_run.check_warnings + sample_run.check_errors
                if "falsification_flags" in w or "enterprise_risk" in w]
    index = data_docs_index(sample_run.settings.published_dir, "restricted")
    site = "".join(p.read_text(encoding="utf-8") for p in index.parent.rglob("*.html"))
    assert "falsification_flags" in site and "enterprise_risk" in site
    analysts = data_docs_index(sample_run.settings.published_dir)
    assert "falsification_flags" not in "".join(p.read_text(encoding="utf-8") for p in analysts.parent.rglob("*.html"))


def test_a_cleared_flag_stays_cleared_until_its_evidence_changes(sample_run, tmp_path):
    """Re-materialise the screening asset (only) on a copy of the sample warehouse with a decisions file."""
    warehouse = tmp_path / "wh.duckdb"
    shutil.copy(sample_run.settings.warehouse, warehouse)
    store = tmp_path / "decisions.jsonl"
    (flag_id, code, year, digest), = query(restricted(sample_run), """
        select flag_id, credit_code, report_year, evidence_hash from marts.falsification_flags
        where rule_id = 'LAB-LATE' order by flag_id limit 1""")
    dispositions.record(store, flag_id, digest, "cleared", "retained sample tested late, lab backlog", "王检查")
    resources = {"warehouse": WarehouseResource(path=str(warehouse)),
                 "inspection": InspectionResource(dispositions_path=str(store))}

    def screen_again():
        assert dg.materialize([falsification_screening], resources=resources).success
        status, = query(warehouse, "select status from marts.falsification_flags where flag_id = ?", [flag_id])[0]
        score, cleared = query(warehouse, """select risk_score, n_cleared from marts.enterprise_risk
                                             where credit_code = ? and report_year = ?""", [code, year])[0]
        return status, score, cleared

    before, = query(restricted(sample_run), "select risk_score from marts.enterprise_risk where credit_code = ? and report_year = ?",
                    [code, year])[0]
    status, score, cleared = screen_again()
    assert (status, cleared) == ("cleared", 1) and score == round(before - 25.0, 1) == 0.0
    # the lab record behind the flag changes (the late sample taken one day later): the flag reopens
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("""update raw.enterprise_fuel_combustion set sample_date = sample_date + 1
                       where credit_code = ? and report_year = ?
                         and sample_date > last_day(make_date(report_year, month, 1)) + 40""", [code, year])
    finally:
        con.close()
    status, score, cleared = screen_again()
    assert (status, score, cleared) == ("reopened", before, 0)
