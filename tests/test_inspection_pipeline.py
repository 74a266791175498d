"""The inspectors' report as the pipeline builds it on the embedded sample (asset
`published/inspection_report`), opened in headless Chromium; the run summary names it."""

from __future__ import annotations

import re
from pathlib import Path

import dagster as dg
import pytest

from orchestration.cli import main
from orchestration.inspection.report import ENTERPRISE_SUBDIR, enterprise_page_name, report_index
from orchestration.settings import RESTRICTED_FILE
from tests.browser import render, require_chromium, tables
from tests.conftest import query


@pytest.fixture(scope="module")
def index(sample_run) -> Path:
    path = report_index(sample_run.settings.published_dir)
    assert path.is_file(), "the sample run built no inspectors' report"
    return path


@pytest.fixture(scope="module")
def restricted(sample_run) -> Path:
    return sample_run.settings.published_dir / RESTRICTED_FILE


def test_the_report_asset_reads_the_published_restricted_file() -> None:
    from orchestration.definitions import build_definitions
    from orchestration.settings import Settings

    graph = build_definitions(Settings.from_env()).resolve_asset_graph()
    key = dg.AssetKey(["published", "inspection_report"])
    assert key in graph.get_all_asset_keys()
    assert dg.AssetKey(["published", "restricted"]) in graph.get(key).parent_keys
    assert graph.get(key).group_name == "published"


def test_index_lists_every_reporting_enterprise(index, restricted) -> None:
    html = index.read_text(encoding="utf-8")
    risk = next(t for t in tables(html) if t.id == "risk-table")
    (reports,) = query(restricted, "select count(*) from marts.enterprise_emissions")[0]
    assert len(risk.rows) == reports > 100
    assert len(list((index.parent / ENTERPRISE_SUBDIR).glob("*.html"))) == reports
    href = re.search(r'class="data-docs-link" href="([^"]+)"', html).group(1)
    assert href == "../quality/data_docs/index.html" and (index.parent / href).resolve().is_file()


def test_every_published_flag_is_on_its_enterprise_page(index, restricted) -> None:
    flags = query(restricted, "select flag_id, credit_code, report_year, status from marts.falsification_flags")
    assert flags, "the sample has falsified reports: the screening must flag some"
    for flag_id, code, year, status in flags:
        html = (index.parent / ENTERPRISE_SUBDIR / enterprise_page_name(code, year)).read_text(encoding="utf-8")
        assert f'data-flag-id="{flag_id}" data-status="{status}"' in html


def test_report_in_chromium(index, restricted) -> None:
    chromium = require_chromium()
    page = render(index, chromium=chromium)
    assert page.script_errors == []
    risk = next(t for t in tables(page.dom) if t.id == "risk-table")
    assert risk.rows
    # the enterprise with the most charted flags
    (code, year), = query(restricted, """select credit_code, report_year from marts.falsification_flags
        where chart <> 'none' group by all order by count(*) desc, credit_code limit 1""")
    enterprise = render(index.parent / ENTERPRISE_SUBDIR / enterprise_page_name(code, year), chromium=chromium)
    assert enterprise.script_errors == []
    evidence = [t for t in tables(enterprise.dom) if "evidence-table" in t.classes]
    assert evidence and all(t.rows for t in evidence)
    svgs = re.findall(r'<svg class="chart chart-\w+".*?</svg>', enterprise.dom, re.DOTALL)
    assert svgs and all(re.search(r'class="(point|bar)', svg) for svg in svgs)


def test_run_summary_names_the_report(sample_run, monkeypatch, capsys) -> None:
    settings = sample_run.settings
    for variable, value in (("DUALCTL_DATA_DIR", settings.data_dir), ("DUALCTL_WAREHOUSE", settings.warehouse),
                            ("DUALCTL_PUBLISHED_DIR", settings.published_dir)):
        monkeypatch.setenv(variable, str(value))  # restored after the test (main sets them)
    monkeypatch.setattr("orchestration.cli.run_pipeline", lambda *args, **kwargs: sample_run)
    assert main(["run", "--published-dir", str(settings.published_dir)]) == 0
    out = capsys.readouterr().out
    assert f"检查报告 Inspectors' report (restricted): {report_index(settings.published_dir)}" in out


def test_dispose_and_sample_on_the_sample_run(restricted, tmp_path, capsys) -> None:
    """On a copy of the published file: a decision on a real flag shows in the rebuilt report, and a
    sample of 2023 covers every league with the flagged enterprises over-represented."""
    import shutil

    from orchestration.inspection import sampling

    published = tmp_path / "published"
    published.mkdir()
    shutil.copy(restricted, published / RESTRICTED_FILE)
    decisions = tmp_path / "dispositions.jsonl"
    (flag_id, code, year, digest), = query(restricted, """select flag_id, credit_code, report_year, evidence_hash
        from marts.falsification_flags order by severity = 'high' desc, flag_id limit 1""")
    assert main(["dispose", "--flag", flag_id, "--decision", "cleared", "--reason", "现场核查无误 checked on site",
                 "--inspector", "张三", "--published-dir", str(published), "--dispositions", str(decisions)]) == 0
    assert f'"evidence_hash": "{digest}"' in decisions.read_text(encoding="utf-8")
    html = (published / "inspection" / ENTERPRISE_SUBDIR / enterprise_page_name(code, year)).read_text(encoding="utf-8")
    assert f'data-flag-id="{flag_id}" data-status="cleared"' in html and "现场核查无误 checked on site" in html

    population, _ = sampling.read_population(published / RESTRICTED_FILE, 2023)
    flagged = {u["credit_code"] for u in population if u["n_flags"]}
    sample = sampling.draw(population, 2023, 24, seed=2023)
    assert {u.stratum for u in sample.units} == {u["league_code"] for u in population}  # all 12 leagues
    drawn_flagged = sum(u.credit_code in flagged for s in range(200)
                        for u in sampling.draw(population, 2023, 24, seed=s).units) / (200 * 24)
    assert drawn_flagged > 2 * len(flagged) / len(population)
