"""The inspectors' report on the fixture restricted.duckdb: pages, tables and every chart type, in
headless Chromium (offline) as an inspector opens them, plus the SVG chart helpers."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from orchestration.inspection import charts
from orchestration.inspection.report import (
    ReportError,
    build_report,
    enterprise_page_name,
    read_restricted,
)
from tests import inspection_fixture as fx
from tests.browser import render, require_chromium, screenshot, tables, text_of


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_chromium()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    published = tmp_path_factory.mktemp("inspection") / "published"
    restricted = fx.write_restricted(published / "restricted.duckdb")
    docs = published / "quality" / "data_docs" / "index.html"
    docs.parent.mkdir(parents=True)
    docs.write_text("<html><body>Data Docs</body></html>", encoding="utf-8")
    return build_report(restricted, published / "inspection", docs)


def _page(site: Path, rule_id: str) -> Path:
    flag = next(f for f in fx.flags() if f.rule_id == rule_id)
    return site.parent / "enterprise" / enterprise_page_name(flag.credit_code, flag.report_year)


def _svg(dom: str, chart: str) -> str:
    match = re.search(rf'<svg class="chart chart-{chart}".*?</svg>', dom, re.DOTALL)
    assert match, f"no {chart} chart in the page"
    return match.group(0)


# ---------------------------------------------------------------------------------------------
# the index


def test_index_lists_enterprises_by_risk_in_chromium(chromium, site) -> None:
    page = render(site, chromium=chromium)
    assert page.script_errors == []
    by_id = {t.id: t for t in tables(page.dom)}
    risk = by_id["risk-table"]
    assert risk.header[0].startswith("风险分") and "risk" in risk.header[0]
    assert len(risk.rows) == 2 * len(fx.ENTERPRISES)  # every enterprise × year, flagged or not
    scores_2023 = [float(row[0]) for row in risk.rows if row[5] == str(fx.YEAR)]
    assert scores_2023 == sorted(scores_2023, reverse=True) and scores_2023[0] == 92.0
    # the filter script shows the latest year by default
    hidden = re.findall(r'<tr data-year="(\d+)"[^>]*hidden', page.dom)
    assert hidden == [str(fx.YEAR - 1)] * len(fx.ENTERPRISES)
    assert re.search(r'id="shown-count">6<', page.dom)
    assert all(link.startswith("enterprise/") for link in risk.links)
    # counts by rule and severity
    rules = {row[0]: row for row in by_id["rule-table"].rows}
    assert set(rules) == {f.rule_id for f in fx.flags()}
    assert rules["MONTHLY-JUMP"][5] == "2"  # two flags (2022 and 2023)
    assert rules["LAB-DATE-CLUSTER"][2:6] == ["1", "0", "0", "1"]  # high, medium, low, total
    assert "数据质量文档 Data Docs" in page.text


def test_index_links_resolve_and_the_data_docs_link_is_relative(site) -> None:
    html = site.read_text(encoding="utf-8")
    href = re.search(r'class="data-docs-link" href="([^"]+)"', html).group(1)
    assert href == "../quality/data_docs/index.html"
    assert (site.parent / href).resolve().is_file()
    for link in re.findall(r'href="(enterprise/[^"#]+)"', html):
        assert (site.parent / link).is_file(), link


def test_pages_are_self_contained(site) -> None:
    for page in [site, *sorted((site.parent / "enterprise").glob("*.html"))]:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html), page
        assert "@import" not in html and "url(" not in html


# ---------------------------------------------------------------------------------------------
# enterprise pages


def test_enterprise_page_shows_flags_evidence_and_chart(chromium, site) -> None:
    page = render(_page(site, "LAB-DATE-CLUSTER"), chromium=chromium)
    assert page.script_errors == []
    text = page.text
    assert "鄂尔多斯示例发电有限公司 · 2023" in text
    assert "高 high" in text and "待处理 open" in text
    assert "11 个月的化验样品于同一天 2024-01-15 采样 11 monthly lab samples" in text
    evidence = {t.id: t for t in tables(page.dom) if "evidence-table" in t.classes}
    lab = evidence[f"evidence-{fx.flag_id_of('LAB-DATE-CLUSTER')}"]
    assert len(lab.rows) == 12 and lab.header[:2] == ["序号 #", "项目 item"]
    assert lab.rows[0][3] == "2024-01-15"
    svg = _svg(page.dom, "lab_timeline")
    assert len(re.findall(r'<circle class="point', svg)) == 12
    assert len(re.findall(r'<circle class="point alert"', svg)) == 11  # sampled outside their month
    assert len(evidence) == 2  # the carbon-vs-NCV flag of the same enterprise too
    # flags ordered by severity: high first
    assert page.dom.index("LAB-DATE-CLUSTER") < page.dom.index("CARBON-NCV-RESIDUAL")


@pytest.mark.parametrize(("rule_id", "chart", "min_points"), [
    ("LAB-DATE-CLUSTER", "lab_timeline", 12),
    ("CARBON-NCV-RESIDUAL", "carbon_vs_ncv", 12),
    ("MONTHLY-JUMP", "monthly_series", 12),
    ("PEER-INTENSITY", "peer_distribution", 9),
    ("BENFORD-FIRST", "digits", 9),
])
def test_every_chart_type_renders(chromium, site, rule_id, chart, min_points) -> None:
    page = render(_page(site, rule_id), chromium=chromium)
    assert page.script_errors == []
    svg = _svg(page.dom, chart)
    points = len(re.findall(r'class="point', svg)) + len(re.findall(r'class="bar"', svg))
    assert points >= min_points
    assert "<title>" in svg and 'role="img"' in svg


def test_chart_specifics(site) -> None:
    carbon = _svg(_page(site, "CARBON-NCV-RESIDUAL").read_text(encoding="utf-8"), "carbon_vs_ncv")
    assert 'class="fitted"' in carbon and 'class="band"' in carbon
    assert len(re.findall(r'class="point alert"', carbon)) == 1  # July, outside ±3 RMSE
    monthly = _svg(_page(site, "MONTHLY-JUMP").read_text(encoding="utf-8"), "monthly_series")
    assert len(re.findall(r'class="point alert"', monthly)) == 1
    peers = _svg(_page(site, "PEER-INTENSITY").read_text(encoding="utf-8"), "peer_distribution")
    assert peers.count('class="point subject"') == 1 and "本企业 this enterprise" in peers
    digits = _svg(_page(site, "BENFORD-FIRST").read_text(encoding="utf-8"), "digits")
    assert digits.count('class="bar"') == 9 and 'class="expected"' in digits and "本福特 Benford" in digits


def test_a_flag_without_chart_shows_its_table_and_text_is_escaped(chromium, site) -> None:
    path = _page(site, "TOTAL-MISMATCH")
    html = path.read_text(encoding="utf-8")
    assert "<svg" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "乌海示例水泥有限公司 &lt;&amp;&quot;&#x27;&gt;" in html
    page = render(path, chromium=chromium)
    assert page.script_errors == []
    assert "<script>alert(1)</script>" in page.text  # shown as text, never run
    (evidence,) = [t for t in tables(page.dom) if "evidence-table" in t.classes]
    assert evidence.rows[0][1] == "报告总量 reported"


def test_enterprise_without_flags_has_a_page(site) -> None:
    code = fx.ENTERPRISES[5][0]
    html = (site.parent / "enterprise" / enterprise_page_name(code, fx.YEAR)).read_text(encoding="utf-8")
    assert "本年度无疑点 No flags for this year" in text_of(html)


def test_screenshot_of_the_report(chromium, site, tmp_path) -> None:
    png = screenshot(_page(site, "LAB-DATE-CLUSTER"), tmp_path / "enterprise.png", chromium=chromium,
                     window=(1280, 1600))
    assert png.stat().st_size > 20_000  # text, tables and a chart, not a blank page


# ---------------------------------------------------------------------------------------------
# partial or missing inputs


def test_report_without_screening_tables(tmp_path) -> None:
    restricted = fx.write_restricted(tmp_path / "restricted.duckdb")
    con = duckdb.connect(str(restricted))
    con.execute("drop table marts.falsification_flags; drop table marts.falsification_evidence; "
                "drop table marts.enterprise_risk")
    con.close()
    index = build_report(restricted, tmp_path / "inspection")
    html = index.read_text(encoding="utf-8")
    risk = next(t for t in tables(html) if t.id == "risk-table")
    assert len(risk.rows) == 2 * len(fx.ENTERPRISES) and {row[0] for row in risk.rows} == {"–"}
    assert "尚无疑点筛查结果" in html


def test_no_restricted_file_says_run_first(tmp_path) -> None:
    with pytest.raises(ReportError, match="run `make run` first"):
        build_report(tmp_path / "restricted.duckdb", tmp_path / "inspection")
    assert not (tmp_path / "inspection").exists()


def test_rebuild_replaces_the_site(tmp_path) -> None:
    restricted = fx.write_restricted(tmp_path / "restricted.duckdb")
    out = tmp_path / "inspection"
    build_report(restricted, out)
    (out / "enterprise" / "stale.html").write_text("old", encoding="utf-8")
    build_report(restricted, out)
    assert not (out / "enterprise" / "stale.html").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging leftovers


def test_read_restricted_parses_evidence_detail(tmp_path) -> None:
    data = read_restricted(fx.write_restricted(tmp_path / "restricted.duckdb"))
    rows = data.evidence[fx.flag_id_of("CARBON-NCV-RESIDUAL")]
    assert rows[0]["detail"]["rmse"] == pytest.approx(0.00035)
    assert {f["status"] for f in data.flags} == {"open"}


# ---------------------------------------------------------------------------------------------
# chart helpers


def test_charts_degrade_to_none_when_keys_are_missing() -> None:
    rows = [{"label": "x", "value": 1.0, "detail": {}}]
    assert charts.carbon_vs_ncv(rows) is None  # no NCV in detail
    assert charts.lab_timeline(rows) is None  # no dates
    assert charts.digits([{"label": "a", "value": 1.0}]) is None
    assert charts.chart_for({"chart": "none"}, rows) is None
    assert charts.chart_for({"chart": "unknown"}, rows) is None


def test_carbon_chart_uses_slope_and_rmse_when_rows_have_no_band() -> None:
    rows = [{"label": "原煤", "month": m, "value": 0.026 + (0.01 if m == 3 else 0.0),
             "detail": {"ncv_gj_per_t": 20 + m, "slope": -0.0001, "intercept": 0.028, "rmse": 0.0004}}
            for m in range(1, 7)]
    svg = charts.carbon_vs_ncv(rows)
    assert svg and 'class="band"' in svg and 'class="fitted"' in svg
    assert svg.count('class="point alert"') == 1


def test_digits_counts_become_shares_and_terminal_digits_are_uniform() -> None:
    rows = [{"label": str(d), "value": 10.0} for d in range(10)]
    svg = charts.digits(rows)
    assert "末位数字 last digit" in svg and "均匀 uniform" in svg and "10.0%" in svg


def test_peer_chart_marks_the_observed_value_without_subject_row() -> None:
    svg = charts.peer_distribution([{"label": "p", "value": v} for v in (1.0, 1.1, 1.2)], observed=2.0,
                                   expected_low=0.9, expected_high=1.3)
    assert svg.count('class="point subject"') == 1


def test_text_in_charts_is_escaped() -> None:
    svg = charts.monthly_series([{"label": "<b>x</b>", "month": 1, "value": 1.0},
                                 {"label": "<b>x</b>", "month": 2, "value": 2.0}])
    assert "<b>" not in svg and "&lt;b&gt;" in svg


def test_helpers() -> None:
    assert charts.nice_ticks(0, 10) == [0, 2, 4, 6, 8, 10]
    assert charts.fmt(41200.0) == "41,200" and charts.fmt(0.026211, 3) == "0.0262" and charts.fmt(None) == "–"
    assert charts.benford_share("1") == pytest.approx(0.30103, abs=1e-5)
    assert charts.benford_share("10") == pytest.approx(0.041393, abs=1e-6)
    assert charts.benford_share("0") is None


def test_carbon_chart_draws_one_chart_per_fit() -> None:
    rows = [{"label": fuel, "month": m, "value": 0.5 + 0.02 * m, "unit": "tC/t",
             "detail": {"ncv": 20 + m, "slope": slope, "intercept": 0.1, "rmse": 0.01, "fuel": fuel,
                        "outside": m == 2}}
            for fuel, slope in (("原煤", 0.02), ("洗精煤", 0.021)) for m in range(1, 5)]
    svg = charts.chart_for({"chart": "carbon_vs_ncv"}, rows)
    assert svg.count("<svg") == 2 and svg.count('class="point alert"') == 2
    assert "原煤" in svg and "洗精煤" in svg
