"""Great Expectations suites (expectations/suites), their runner and the Dagster check."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import unquote

import dagster as dg
import pandas as pd
import pytest

from orchestration.assets.expectations import (
    CHECK_NAME,
    _check_result,
    build_expectation_checks,
    suites_for,
)
from orchestration.definitions import build_definitions
from orchestration.quality.gx_runner import (
    SUITES_DIR,
    FailedExpectation,
    SuiteResult,
    ValidationRun,
    data_docs_index,
    load_suite,
    load_suites,
    read_frames,
    validate_frames,
)
from orchestration.settings import PROJECT_ROOT, Settings
from tests.browser import tables
from tests.test_pipeline_sample import EXPECTED_SAMPLE_WARNING

ANALYST_SUITES = {"league_emissions", "region_emissions", "league_emissions_detail"}


@pytest.fixture(scope="module")
def suites() -> dict[str, object]:
    return {suite.name: suite for suite in load_suites()}


@pytest.fixture(scope="module")
def mart_keys(tmp_path_factory: pytest.TempPathFactory) -> set[dg.AssetKey]:
    root = tmp_path_factory.mktemp("defs")
    defs = build_definitions(Settings(root, root / "wh.duckdb", root / "pub", "2026.1"))
    return {key for key in defs.resolve_all_asset_keys() if key.path[0] == "marts"}


# ---------------------------------------------------------------------------------------------
# suite files


def test_suites_for_the_analyst_marts(suites) -> None:
    assert ANALYST_SUITES <= set(suites)
    for name in ANALYST_SUITES:
        suite = suites[name]
        assert suite.path == SUITES_DIR / f"{name}.json"
        assert suite.schema == "marts" and suite.table == name
        assert suite.expectation_count >= 15
        types = {e["type"] for e in suite.payload["expectations"]}
        assert "expect_table_columns_to_match_set" in types
        assert types & {"expect_compound_columns_to_be_unique", "expect_column_values_to_be_unique"}


def test_every_suite_validates_a_mart_of_the_code_location(suites, mart_keys) -> None:
    for suite in suites.values():
        assert dg.AssetKey(suite.asset_key_path) in mart_keys, suite.path


def test_suites_are_plain_gx_json(suites) -> None:
    for suite in suites.values():
        payload = json.loads(suite.path.read_text(encoding="utf-8"))
        assert set(payload) <= {"name", "notes", "meta", "expectations"}
        for expectation in payload["expectations"]:
            assert set(expectation) <= {"type", "kwargs", "notes", "meta"}
        import great_expectations as gx  # the file is what GX itself reads

        assert len(gx.ExpectationSuite(**payload).expectations) == suite.expectation_count


def test_nullable_measures_are_not_required(suites) -> None:
    """Sinks, CCUS and net figures are NULL without their source: only ranges apply to them."""
    for name in ("league_emissions", "region_emissions"):
        not_null = {e["kwargs"]["column"] for e in suites[name].payload["expectations"]
                    if e["type"] == "expect_column_values_to_not_be_null"}
        assert not_null & {"sink_t_co2", "ccus_reduction_t_co2", "net_t_co2", "carbon_intensity_t_per_10k_yuan"} == set()


def test_bad_suite_files_name_the_file(tmp_path) -> None:
    cases = {
        "wrong_name": {"name": "other", "expectations": [{"type": "expect_table_row_count_to_be_between", "kwargs": {}}]},
        "empty": {"name": "empty", "expectations": []},
        "no_type": {"name": "no_type", "expectations": [{"kwargs": {}}]},
        "bad_derived": {"name": "bad_derived", "meta": {"dualctl": {"derived_columns": {"x; drop": "1"}}},
                        "expectations": [{"type": "expect_table_row_count_to_be_between", "kwargs": {}}]},
    }
    for name, payload in cases.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(payload), encoding="utf-8")
        with pytest.raises(ValueError, match=name):
            load_suite(path)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.json"):
        load_suite(tmp_path / "broken.json")


def test_adding_a_suite_is_adding_a_file(tmp_path, mart_keys) -> None:
    for name in ("league_emissions", "not_a_model_yet"):
        (tmp_path / f"{name}.json").write_text(json.dumps({
            "name": name, "expectations": [{"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}}],
        }), encoding="utf-8")
    assert [suite.name for suite in suites_for(mart_keys, tmp_path)] == ["league_emissions"]
    (check,) = build_expectation_checks(mart_keys, tmp_path)
    assert {key.asset_key for key in check.check_keys} == {dg.AssetKey(["marts", "league_emissions"])}
    assert build_expectation_checks(set(), tmp_path) == []


# ---------------------------------------------------------------------------------------------
# the code location


def test_gx_is_not_imported_by_the_code_location() -> None:
    script = (
        "import sys\n"
        "import orchestration.definitions as d\n"
        "imported_at_import = 'great_expectations' in sys.modules\n"
        "from orchestration.settings import Settings\n"
        "d.build_definitions(Settings.from_env())\n"
        "print(imported_at_import, 'great_expectations' in sys.modules)\n"
    )
    output = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            check=True, timeout=300).stdout.split()
    assert output[-2:] == ["False", "False"]


def test_one_warn_check_per_suite_table(mart_keys, tmp_path) -> None:
    defs = build_definitions(Settings(tmp_path, tmp_path / "wh.duckdb", tmp_path / "pub", "2026.1"))
    gx_checks = {key.asset_key.to_user_string() for key in defs.resolve_asset_graph().asset_check_keys
                 if key.name == CHECK_NAME}
    assert {f"marts/{name}" for name in ANALYST_SUITES} <= gx_checks
    (check,) = build_expectation_checks(mart_keys)
    assert all(not spec.blocking for spec in check.check_specs)  # warnings, never blocking


def test_check_result_metadata(suites, tmp_path) -> None:
    suite = suites["league_emissions"]
    failed = FailedExpectation("expect_column_values_to_be_between", {"column": "gross_t_co2", "min_value": 0},
                               unexpected_count=1, unexpected_percent=1.6, element_count=61, partial_unexpected=(-5.0,))
    result = SuiteResult("league_emissions", "marts.league_emissions", False, 61, 34, 33, 1, failed=(failed,),
                         data_docs_page=tmp_path / "page.html")
    run = ValidationRun((result,), tmp_path / "index.html", 9.0)
    check = _check_result(suite, result, run)
    assert (check.passed, check.severity, check.check_name) == (False, dg.AssetCheckSeverity.WARN, CHECK_NAME)
    assert check.asset_key == dg.AssetKey(["marts", "league_emissions"])
    assert "expect_column_values_to_be_between(gross_t_co2): 1 of 61 unexpected (1.6 %), e.g. -5.0" in check.description
    assert check.metadata["data_docs"] == dg.MetadataValue.path(str(tmp_path / "index.html"))
    assert check.metadata["statistics"].value["unsuccessful_expectations"] == 1
    assert check.metadata["unsuccessful_expectations"].value == 1


# ---------------------------------------------------------------------------------------------
# on the sample run


def test_suites_pass_on_the_sample_and_data_docs_are_published(sample_run) -> None:
    assert not [line for line in sample_run.check_warnings + sample_run.check_errors if CHECK_NAME in line]
    # the one warning of the sample is a dbt test on the labelled falsification cases (test_pipeline_sample)
    assert [w for w in sample_run.check_warnings if EXPECTED_SAMPLE_WARNING not in w] == []
    index = data_docs_index(sample_run.settings.published_dir)
    assert index == sample_run.settings.published_dir / "quality" / "data_docs" / "index.html"
    assert index.is_file()
    # the index is plain HTML (no CDN, no JavaScript needed): one passed row per suite
    html = index.read_text(encoding="utf-8")
    (validations,) = [t for t in tables(html) if "ge-index-page-validation-results-table" in t.classes]
    assert len(validations.rows) == len([s for s in load_suites() if s.audience == "analytics"])
    status = validations.header.index("Status")
    assert all("passed" in row[status] for row in validations.rows)
    assert {row[validations.header.index("Asset Name")] for row in validations.rows} >= ANALYST_SUITES
    for link in validations.links:
        assert (index.parent / unquote(link)).is_file(), link
    for host in ("unpkg.com", "cdnjs.cloudflare.com", "cdn.jsdelivr.net", "bootstrapcdn.com", "code.jquery.com",
                 "great-expectations-web-assets"):
        assert host not in html, host  # nothing to fetch from a network the readers do not have


def test_nothing_is_written_under_the_repository(sample_run) -> None:
    for path in (PROJECT_ROOT / "gx", PROJECT_ROOT / "expectations" / "gx", PROJECT_ROOT / "expectations" / "uncommitted"):
        assert not path.exists(), path
    assert not list((PROJECT_ROOT / "expectations").rglob("__pycache__"))
    assert not list((PROJECT_ROOT / "expectations").rglob("*.html"))


def test_violations_are_reported_naming_the_expectation(sample_run, suites, tmp_path) -> None:
    suite = suites["league_emissions"]
    frame = read_frames(sample_run.settings.warehouse, [suite])["league_emissions"]
    assert {"gross_identity_residual_t_co2", "leagues_in_year"} <= set(frame.columns)  # derived columns
    duplicate = frame.iloc[[0]].copy()
    frame.loc[1, "gross_t_co2"] = -5.0
    bad = pd.concat([frame, duplicate], ignore_index=True)  # a duplicated key
    run = validate_frames({"league_emissions": bad}, [suite], data_docs=tmp_path / "docs")
    result = run.result("league_emissions")
    assert not result.success and result.error is None
    failed = {(f.expectation_type, f.target): f for f in result.failed}
    unique = failed[("expect_compound_columns_to_be_unique", "league_code, year")]
    assert unique.unexpected_count == 2
    assert {"league_code": duplicate.iloc[0]["league_code"], "year": int(duplicate.iloc[0]["year"])} in [
        {"league_code": value["league_code"], "year": int(value["year"])} for value in unique.partial_unexpected
    ]
    gross = failed[("expect_column_values_to_be_between", "gross_t_co2")]
    assert gross.unexpected_count == 1 and gross.partial_unexpected == (-5.0,)
    assert "expect_column_values_to_be_between(gross_t_co2): 1 of 61 unexpected" in result.describe()
    # the Data Docs of that run show the failure
    assert run.data_docs_index == tmp_path / "docs" / "index.html"
    html = run.data_docs_index.read_text(encoding="utf-8")
    (validations,) = [t for t in tables(html) if "ge-index-page-validation-results-table" in t.classes]
    assert "failed" in validations.rows[0][validations.header.index("Status")]
    assert result.data_docs_page is not None and result.data_docs_page.is_file()
    assert not list(tmp_path.glob(".docs.*"))  # no staging directory left behind


def test_a_missing_table_is_a_failed_suite_not_a_crash(sample_run, tmp_path) -> None:
    path = tmp_path / "league_targets.json"
    path.write_text(json.dumps({
        "name": "league_targets",
        "expectations": [{"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}}],
    }), encoding="utf-8")
    suite = load_suite(path)
    frames = read_frames(sample_run.settings.warehouse, [suite])
    assert isinstance(frames["league_targets"], str)
    run = validate_frames(frames, [suite])
    (result,) = run.results
    assert not result.success and "league_targets" in result.error
    assert run.data_docs_index is None


def test_restricted_suites_publish_to_their_own_site(tmp_path):
    """Data Docs show sample unexpected values: an enterprise-level suite must never land in the
    analysts' site."""
    import json

    import duckdb

    from orchestration.quality.gx_runner import data_docs_index, load_suite, validate_warehouse

    warehouse = tmp_path / "wh.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("create schema marts")
    con.execute("create table marts.secret as select '91150600MA0N0000X1' as credit_code, -5.0 as total_t_co2")
    con.execute("create table marts.open_data as select 2020 as year, 1.0 as value")
    con.close()
    for name, audience, column in (("secret", "restricted", "total_t_co2"), ("open_data", "analytics", "value")):
        (tmp_path / f"{name}.json").write_text(json.dumps({
            "name": name, "meta": {"dualctl": {"table": f"marts.{name}", "audience": audience}},
            "expectations": [{"type": "expect_column_values_to_be_between",
                              "kwargs": {"column": column, "min_value": 0}}],
        }), encoding="utf-8")
    suites = [load_suite(tmp_path / "secret.json"), load_suite(tmp_path / "open_data.json")]
    run = validate_warehouse(warehouse, tmp_path / "pub", suites=suites)
    assert [r.success for r in run.results] == [False, True]
    analytics = data_docs_index(tmp_path / "pub")
    restricted = data_docs_index(tmp_path / "pub", "restricted")
    assert analytics.exists() and restricted.exists()
    analysts_site = "".join(p.read_text(encoding="utf-8") for p in analytics.parent.rglob("*.html"))
    assert "secret" not in analysts_site and "open_data" in analysts_site
    assert "secret" in "".join(p.read_text(encoding="utf-8") for p in restricted.parent.rglob("*.html"))
