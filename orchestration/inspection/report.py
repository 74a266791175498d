"""The inspectors' report: a static HTML site built from the published restricted.duckdb.

    $DUALCTL_PUBLISHED_DIR/inspection/index.html                         enterprises by risk score
    $DUALCTL_PUBLISHED_DIR/inspection/enterprise/<credit_code>-<year>.html  one page per enterprise × year

Chinese first, English beside on every label. Fully self-contained (inline CSS, a few lines of
inline JavaScript for the filters, charts as inline SVG from `charts.py`): it is read offline on
the intranet. The index lists every reporting enterprise × year by risk score (filters: year,
league, industry, status, text), the flags counted by rule, severity and status, and links to the
Data Docs; an enterprise page shows each flag with its severity, status and decision, the
bilingual evidence sentence, a chart where it helps and the evidence rows.

Statuses come from the published flags (the screening asset applied the decisions recorded before
the run); with `dispositions` (the CLI: `report`, `dispose`) the decisions file is applied again
(`dispositions.apply`) so that a decision recorded since the run shows at once, and each flag
lists its decision history. Risk scores are those of the last run.

The site is built in a temporary directory next to the target and swapped in, so a reader never
sees half a site. Every text from the data is escaped.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from orchestration.inspection import charts
from orchestration.inspection import dispositions as disp
from orchestration.settings import RESTRICTED_FILE, SEEDS_DIR

REPORT_SUBDIR = "inspection"
ENTERPRISE_SUBDIR = "enterprise"
SEVERITIES = ("high", "medium", "low")
SEVERITY_LABELS = {"high": "高 high", "medium": "中 medium", "low": "低 low"}
STATUS_LABELS = {
    "open": "待处理 open", "reopened": "重新打开 reopened", "confirmed": "已确认 confirmed",
    "cleared": "已排除 cleared", "none": "无疑点 no flags",
}
STATUS_ORDER = ("open", "reopened", "confirmed", "cleared")
DECISION_LABELS = {"confirmed": "确认属实 confirmed", "cleared": "排除 cleared"}
FLAG_DECISION_COLUMNS = ("status", "decision", "decision_reason", "decided_by", "decided_at")
HIGH_RISK = 50.0  # one high-severity flag alone scores 50 (falsification_rules.yml: score)
NOT_PUBLISHED_HINT = "run `make run` first 请先运行 make run"


class ReportError(RuntimeError):
    """The report cannot be built or a flag cannot be found (message for the inspector)."""


def report_dir(published_dir: Path) -> Path:
    return Path(published_dir) / REPORT_SUBDIR


def report_index(published_dir: Path) -> Path:
    """Entry page of the inspectors' report (exists once a run or `report` built it)."""
    return report_dir(published_dir) / "index.html"


def enterprise_page_name(credit_code: str, report_year: int) -> str:
    return f"{re.sub(r'[^0-9A-Za-z]', '_', str(credit_code))}-{int(report_year)}.html"


def data_docs_links(published_dir: Path) -> tuple[Path, Path | None]:
    """The Data Docs sites the report links to: the analysts' site, and the site of the
    enterprise-level (restricted) suites when there is such a suite or a run published one."""
    from orchestration.quality.gx_runner import data_docs_index, load_suites  # (does not import GX)

    restricted = data_docs_index(published_dir, "restricted")
    has_restricted = restricted.exists() or any(suite.audience == "restricted" for suite in load_suites())
    return data_docs_index(published_dir), restricted if has_restricted else None


def restricted_path(published_dir: Path) -> Path:
    return Path(published_dir) / RESTRICTED_FILE


def require_restricted(restricted_db: Path) -> Path:
    if not Path(restricted_db).is_file():
        raise ReportError(f"no published restricted file at {restricted_db}: {NOT_PUBLISHED_HINT}")
    return Path(restricted_db)


# ----------------------------------------------------------------------------------------------
# reading the published file


@dataclass
class ReportData:
    flags: list[dict]
    evidence: dict[str, list[dict]]
    enterprises: list[dict]  # one per enterprise × year, with risk and flag counts
    emissions: dict[tuple[str, int], dict]
    published_at: str | None
    has_screening: bool
    history: dict[str, list[dict]] = field(default_factory=dict)


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {f"{s}.{t}" for s, t in con.execute("select schema_name, table_name from duckdb_tables()").fetchall()}


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame()


def apply_dispositions(flags: list[dict], dispositions: pl.DataFrame) -> list[dict]:
    """The published flags with the statuses of the decisions file (dispositions.apply), for a
    decision recorded after the run that published them."""
    if not flags:
        return flags
    frame = pl.DataFrame(
        [{k: v for k, v in f.items() if k not in FLAG_DECISION_COLUMNS} for f in flags], infer_schema_length=None
    )
    return disp.apply(frame, dispositions).to_dicts()


def read_restricted(restricted_db: Path, dispositions: Path | None = None) -> ReportData:
    """Flags, evidence, risk and emissions of the published restricted file (read-only)."""
    con = duckdb.connect(str(require_restricted(restricted_db)), read_only=True)
    try:
        tables = _tables(con)
        has_screening = {"marts.falsification_flags", "marts.enterprise_risk"} <= tables
        flags = _rows(con, "select * from marts.falsification_flags") if "marts.falsification_flags" in tables else []
        evidence: dict[str, list[dict]] = defaultdict(list)
        if "marts.falsification_evidence" in tables:
            for row in _rows(con, "select * from marts.falsification_evidence order by flag_id, row_number"):
                row["detail"] = _parse_detail(row.get("detail"))
                evidence[row["flag_id"]].append(row)
        risk = _rows(con, "select * from marts.enterprise_risk") if "marts.enterprise_risk" in tables else []
        emissions = {}
        if "marts.enterprise_emissions" in tables:
            for row in _rows(con, "select * from marts.enterprise_emissions"):
                emissions[(row["credit_code"], int(row["year"]))] = row
        published_at = None
        if "quality.publication" in tables:
            found = con.execute("select max(published_at) from quality.publication").fetchone()
            published_at = found[0].isoformat(timespec="seconds") if found and found[0] else None
    finally:
        con.close()
    history: dict[str, list[dict]] = {}
    if dispositions is not None:
        decisions = disp.load(dispositions)
        flags = apply_dispositions(flags, decisions)
        for entry in decisions.to_dicts():
            history.setdefault(entry["flag_id"], []).append(entry)
    for flag in flags:
        flag["status"] = flag.get("status") or "open"
    return ReportData(flags, dict(evidence), _enterprise_rows(risk, emissions, flags), emissions, published_at,
                      has_screening, history)


def _parse_detail(value: Any) -> dict:
    if isinstance(value, dict):
        return value
    if not value:
        return {}
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return {"detail": str(value)}
    return parsed if isinstance(parsed, dict) else {"detail": parsed}


def _enterprise_rows(risk: list[dict], emissions: dict[tuple[str, int], dict], flags: list[dict]) -> list[dict]:
    """One row per enterprise × year: every reporting enterprise (enterprise_emissions) and every
    enterprise with a risk row, with its risk, flag counts by severity and by current status."""
    by_key: dict[tuple[str, int], dict] = {}
    for row in risk:
        by_key[(row["credit_code"], int(row["report_year"]))] = dict(row)
    for (code, year), row in emissions.items():
        base = by_key.setdefault((code, year), {"credit_code": code, "report_year": year, "risk_score": None})
        for key in ("enterprise_name", "league_code", "industry", "league_name"):
            base[key] = base.get(key) or row.get(key)
    flags_of: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for flag in flags:
        flags_of[(flag["credit_code"], int(flag["report_year"]))].append(flag)
        base = by_key.setdefault((flag["credit_code"], int(flag["report_year"])),
                                 {"credit_code": flag["credit_code"], "report_year": int(flag["report_year"]),
                                  "risk_score": None})
        for key in ("enterprise_name", "league_code", "industry"):
            base[key] = base.get(key) or flag.get(key)
    rows = []
    for key, row in by_key.items():
        mine = flags_of.get(key, [])
        row["report_year"] = int(row["report_year"])
        row["n_flags"] = len(mine)
        for severity in SEVERITIES:
            row[f"n_{severity}"] = sum(f.get("severity") == severity for f in mine)
        row["statuses"] = Counter(f["status"] for f in mine)
        if not row.get("top_rule_id") and mine:
            row["top_rule_id"] = min(mine, key=_flag_order)["rule_id"]
        rows.append(row)
    rows.sort(key=lambda r: (-r["report_year"], -(r.get("risk_score") or -1), -r["n_flags"], r["credit_code"]))
    return rows


def _flag_order(flag: dict) -> tuple:
    severity = SEVERITIES.index(flag["severity"]) if flag.get("severity") in SEVERITIES else len(SEVERITIES)
    status = STATUS_ORDER.index(flag["status"]) if flag.get("status") in STATUS_ORDER else len(STATUS_ORDER)
    return severity, status, str(flag.get("rule_id"))


def find_flag(restricted_db: Path, flag_id: str) -> dict:
    """The published flag `flag_id` (with its current evidence hash); ReportError when unknown."""
    con = duckdb.connect(str(require_restricted(restricted_db)), read_only=True)
    try:
        if "marts.falsification_flags" not in _tables(con):
            raise ReportError(f"{restricted_db} has no falsification flags (marts.falsification_flags): "
                              f"{NOT_PUBLISHED_HINT}")
        found = _rows(con, "select * from marts.falsification_flags where flag_id = ?", [flag_id.strip()])
        if not found:
            similar = [r[0] for r in con.execute(
                "select flag_id from marts.falsification_flags where flag_id like ? order by 1 limit 5",
                [flag_id.strip()[:6] + "%"]).fetchall()]
    finally:
        con.close()
    if not found:
        hint = f" (similar: {', '.join(similar)})" if similar else ""
        raise ReportError(f"unknown flag id 未知疑点编号 {flag_id!r} in {restricted_db}{hint}; the flag ids are on the "
                          "enterprise pages of the inspectors' report and in marts.falsification_flags")
    return found[0]


# ----------------------------------------------------------------------------------------------
# labels and formatting


def _reference_names(seed: str, key: str) -> dict[str, dict]:
    path = SEEDS_DIR / seed
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}


LEAGUES = _reference_names("ref_leagues.csv", "league_code")
INDUSTRIES = _reference_names("ref_enterprise_industries.csv", "industry")


def league_label(code: str | None, name: str | None = None) -> str:
    if not code:
        return "–"
    ref = LEAGUES.get(str(code), {})
    zh = ref.get("name_zh") or name or ""
    en = ref.get("name_en") or ""
    return " ".join(part for part in (zh, en) if part) or str(code)


def industry_label(industry: str | None) -> str:
    if not industry:
        return "–"
    zh = INDUSTRIES.get(str(industry), {}).get("name_zh")
    return f"{zh} {industry.replace('_', ' ')}" if zh else str(industry)


def number(value: Any, digits: int = 6) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "是 yes" if value else "否 no"
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        text = charts.fmt(value, digits)
        if "." in text and "e" not in text:
            text = text.rstrip("0").rstrip(".")
        return text
    return str(value)


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _detail_value(value: Any) -> str:
    if isinstance(value, (bool, float)):
        return number(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(_detail_value(v) for v in value)
    return str(value)  # ints (years, counts) without separators


def _detail_text(detail: dict) -> str:
    return " · ".join(f"{key}: {_detail_value(value)}" for key, value in detail.items()
                      if value is not None and value != "")


def _range(low: Any, high: Any) -> str:
    if low is None and high is None:
        return "–"
    if low is None:
        return f"≤ {number(high)}"
    if high is None:
        return f"≥ {number(low)}"
    return f"{number(low)} – {number(high)}"


def _badge(kind: str, value: str, label: str) -> str:
    return f'<span class="badge {kind}-{_e(value)}">{_e(label)}</span>'


def _status_badge(status: str) -> str:
    return _badge("status", status, STATUS_LABELS.get(status, status))


def _severity_badge(severity: str) -> str:
    return _badge("sev", severity, SEVERITY_LABELS.get(severity, severity))


def _risk_cell(score: Any) -> str:
    if score is None:
        return '<td class="num risk" data-sort="-1">–</td>'
    level = "high" if score >= HIGH_RISK else "medium" if score >= 25 else "low" if score > 0 else "none"
    return (f'<td class="num risk" data-sort="{float(score):.3f}"><span class="riskbar risk-{level}" '
            f'style="width:{max(min(float(score), 100), 0):.0f}%"></span><span class="riskvalue">{float(score):.1f}'
            "</span></td>")


CSS = """
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",
 "Helvetica Neue",Arial,sans-serif;margin:0;color:#1f2933;background:#f5f7fa;font-size:14px;line-height:1.5}
header{background:#123b63;color:#fff;padding:14px 28px}
header h1{margin:0;font-size:21px;font-weight:600}
header .sub{opacity:.85;font-size:13px}
header a{color:#cfe3ff}
header code{background:rgba(255,255,255,.15);color:#fff}
main{padding:18px 28px;max-width:1500px}
section{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:14px 18px;margin-bottom:18px}
h2{font-size:17px;margin:0 0 10px}
h3{font-size:15px;margin:0 0 6px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e5e9ef;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef2f7;font-weight:600;position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr:hover td{background:#f8fbff}
td.nowrap,td code{white-space:nowrap}
td.detail{font-size:12px;color:#3e4c59;min-width:320px}
a{color:#1c5fa8;text-decoration:none} a:hover{text-decoration:underline}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;white-space:nowrap;margin-right:4px}
.sev-high{background:#fde2e1;color:#a61b1b;border:1px solid #f5b5b3}
.sev-medium{background:#fff0d6;color:#8a5300;border:1px solid #f3d199}
.sev-low{background:#e6f0fb;color:#1d4f86;border:1px solid #bcd3ee}
.status-open{background:#fff;color:#a61b1b;border:1px solid #e39a98}
.status-reopened{background:#a61b1b;color:#fff;border:1px solid #a61b1b}
.status-confirmed{background:#5b1a1a;color:#fff;border:1px solid #5b1a1a}
.status-cleared{background:#e3f4e8;color:#1f6b36;border:1px solid #a9d8b6}
.status-none{background:#f1f3f5;color:#667;border:1px solid #dde}
td.risk{position:relative;min-width:90px}
.riskbar{position:absolute;left:0;top:4px;bottom:4px;opacity:.35;border-radius:2px}
.riskvalue{position:relative}
.risk-high{background:#c62828}.risk-medium{background:#ef8f00}.risk-low{background:#2f6db5}.risk-none{background:#ccc}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px}
.card{border:1px solid #dde3ea;border-radius:6px;padding:8px 12px;background:#fbfcfe}
.card .v{font-size:22px;font-weight:600}.card .k{font-size:12px;color:#556}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-bottom:10px}
.filters label{font-size:13px}
.filters select,.filters input{font:inherit;padding:2px 4px}
.muted{color:#667;font-size:12px}
.flag{border-left:5px solid #bcd3ee}
.flag.sev-high{border-left-color:#c62828;background:#fff;color:inherit;border-top:1px solid #dde3ea;border-right:1px solid #dde3ea;border-bottom:1px solid #dde3ea}
.flag.sev-medium{border-left-color:#ef8f00;background:#fff;color:inherit;border-top:1px solid #dde3ea;border-right:1px solid #dde3ea;border-bottom:1px solid #dde3ea}
.flag.sev-low{border-left-color:#2f6db5;background:#fff;color:inherit;border-top:1px solid #dde3ea;border-right:1px solid #dde3ea;border-bottom:1px solid #dde3ea}
.evidence-sentence{font-size:15px;margin:6px 0 10px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0 0 10px;font-size:13px}
dl.facts dt{color:#556}dl.facts dd{margin:0}
.decision{background:#f6f8fa;border:1px solid #e1e6ec;border-radius:4px;padding:6px 10px;margin:8px 0;font-size:13px}
figure{margin:10px 0;overflow-x:auto}
figcaption{font-size:12px;color:#556}
code,pre{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:12px;background:#f1f3f5;padding:1px 4px;border-radius:3px}
pre{padding:6px 8px;white-space:pre-wrap}
details summary{cursor:pointer;color:#1c5fa8;font-size:13px}
nav a{margin-right:14px}
"""

FILTER_JS = """
(function () {
  var table = document.getElementById('risk-table');
  if (!table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var year = document.getElementById('filter-year'), league = document.getElementById('filter-league'),
      industry = document.getElementById('filter-industry'), status = document.getElementById('filter-status'),
      text = document.getElementById('filter-text'), flagged = document.getElementById('filter-flagged'),
      shown = document.getElementById('shown-count');
  function apply() {
    var q = text.value.trim().toLowerCase(), n = 0;
    rows.forEach(function (row) {
      var d = row.dataset, statuses = d.status.split(' ');
      var ok = (!year.value || d.year === year.value) && (!league.value || d.league === league.value) &&
        (!industry.value || d.industry === industry.value) &&
        (!status.value || statuses.indexOf(status.value) >= 0 ||
         (status.value === 'todo' && (statuses.indexOf('open') >= 0 || statuses.indexOf('reopened') >= 0))) &&
        (!flagged.checked || d.flags !== '0') && (!q || d.search.indexOf(q) >= 0);
      row.hidden = !ok;
      if (ok) n += 1;
    });
    shown.textContent = String(n);
  }
  [year, league, industry, status, flagged].forEach(function (el) { el.addEventListener('change', apply); });
  text.addEventListener('input', apply);
  if (year.dataset.default) year.value = year.dataset.default;
  apply();
})();
"""


def _page(title: str, header: str, body: str, script: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        f"<header>{header}</header><main>{body}</main>"
        + (f"<script>{script}</script>" if script else "")
        + "</body></html>\n"
    )


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(Path(target).resolve(), Path(start).resolve())).as_posix()


# ----------------------------------------------------------------------------------------------
# the index


def _index(data: ReportData, out_dir: Path, docs: list[tuple[str, Path]]) -> str:
    years = sorted({r["report_year"] for r in data.enterprises}, reverse=True)
    flagged = [r for r in data.enterprises if r["n_flags"]]
    status_counts = Counter(f["status"] for f in data.flags)
    severity_counts = Counter(f.get("severity") for f in data.flags)
    links = ['<a href="#risk">企业风险排序 Enterprises by risk</a>', '<a href="#rules">规则统计 Flags by rule</a>']
    links += [f'<a class="data-docs-link" href="{_e(_relative(path, out_dir))}">{_e(label)} (Great Expectations)</a>'
              for label, path in docs]
    header = (
        "<h1>企业碳排放数据质量检查报告 · Inspectors' report: enterprise carbon data</h1>"
        f'<div class="sub">限内部使用 restricted · 数据发布时间 published {_e(data.published_at or "–")} · '
        f"生成时间 built {datetime.now().astimezone().isoformat(timespec='seconds')}</div>"
        f'<nav class="sub">{" ".join(links)}</nav>'
    )
    cards = [
        ("企业·年 enterprise-years", len(data.enterprises)),
        ("有疑点 flagged", len(flagged)),
        ("疑点 flags", len(data.flags)),
        *((SEVERITY_LABELS[s], severity_counts.get(s, 0)) for s in SEVERITIES),
        *((STATUS_LABELS[s], status_counts.get(s, 0)) for s in STATUS_ORDER),
    ]
    summary = '<section id="summary"><h2>概况 Summary</h2><div class="cards">' + "".join(
        f'<div class="card"><div class="v">{value:,}</div><div class="k">{_e(key)}</div></div>' for key, value in cards
    ) + "</div>"
    if not data.has_screening:
        summary += ('<p class="muted">发布文件中尚无疑点筛查结果 The published file has no screening results yet '
                    "(marts.falsification_flags / enterprise_risk).</p>")
    if not data.enterprises:
        summary += '<p class="muted">无企业报告 No enterprise reports in this run.</p>'
    summary += ('<p class="muted">风险分 0–100 来自最近一次运行；状态含此后记录的决定。Risk scores are those of the last '
                "run; statuses include decisions recorded since.</p></section>")
    return _page("企业碳排放数据质量检查 Inspectors' report", header,
                 summary + _risk_table(data, years) + _rule_table(data), FILTER_JS)


def _rule_table(data: ReportData) -> str:
    rules: dict[str, dict] = {}
    for flag in data.flags:
        rule = rules.setdefault(flag["rule_id"], {"zh": flag.get("rule_title_zh"), "en": flag.get("rule_title_en"),
                                                 "severity": Counter(), "status": Counter(), "years": Counter(),
                                                 "enterprises": set()})
        rule["severity"][flag.get("severity")] += 1
        rule["status"][flag["status"]] += 1
        rule["years"][int(flag["report_year"])] += 1
        rule["enterprises"].add(flag["credit_code"])
    heads = ["规则 rule", "名称 title", *(SEVERITY_LABELS[s] for s in SEVERITIES), "合计 total",
             *(STATUS_LABELS[s] for s in STATUS_ORDER), "企业数 enterprises", "按年 by year"]
    body = []
    for rule_id, rule in sorted(rules.items(), key=lambda item: (-sum(item[1]["severity"].values()), item[0])):
        cells = [f"<td><code>{_e(rule_id)}</code></td>", f"<td>{_e(rule['zh'])}<br><span class=muted>{_e(rule['en'])}</span></td>"]
        cells += [f'<td class="num">{rule["severity"].get(s, 0)}</td>' for s in SEVERITIES]
        cells.append(f'<td class="num"><b>{sum(rule["severity"].values())}</b></td>')
        cells += [f'<td class="num">{rule["status"].get(s, 0)}</td>' for s in STATUS_ORDER]
        cells.append(f'<td class="num">{len(rule["enterprises"])}</td>')
        cells.append("<td>" + " ".join(f"{y}: {n}" for y, n in sorted(rule["years"].items(), reverse=True)) + "</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(heads)}">无疑点 no flags</td></tr>')
    head = "".join(f'<th class="{"num" if i >= 2 and i < len(heads) - 1 else ""}">{_e(h)}</th>' for i, h in enumerate(heads))
    return (f'<section id="rules"><h2>按规则统计 Flags by rule and severity</h2>'
            f'<table id="rule-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></section>')


def _options(values: list[tuple[str, str]], all_label: str) -> str:
    return f'<option value="">{_e(all_label)}</option>' + "".join(
        f'<option value="{_e(v)}">{_e(label)}</option>' for v, label in values)


def _risk_table(data: ReportData, years: list[int]) -> str:
    leagues = sorted({r.get("league_code") for r in data.enterprises if r.get("league_code")})
    industries = sorted({r.get("industry") for r in data.enterprises if r.get("industry")})
    filters = (
        '<div class="filters">'
        f'<label>年份 year <select id="filter-year" data-default="{years[0] if years else ""}">'
        f'{_options([(str(y), str(y)) for y in years], "全部 all")}</select></label>'
        f'<label>盟市 league <select id="filter-league">{_options([(c, league_label(c)) for c in leagues], "全部 all")}'
        "</select></label>"
        f'<label>行业 industry <select id="filter-industry">'
        f'{_options([(i, industry_label(i)) for i in industries], "全部 all")}</select></label>'
        '<label>状态 status <select id="filter-status">'
        + _options([("todo", "待处理 to do (open + reopened)")] + [(s, STATUS_LABELS[s]) for s in (*STATUS_ORDER, "none")],
                   "全部 all") + "</select></label>"
        '<label><input type="checkbox" id="filter-flagged"> 仅有疑点 flagged only</label>'
        '<label>搜索 search <input type="search" id="filter-text" placeholder="名称/代码 name/code"></label>'
        f'<span class="muted">显示 shown <b id="shown-count">{len(data.enterprises)}</b> / {len(data.enterprises)}</span>'
        "</div>"
    )
    heads = ["风险分 risk", "企业 enterprise", "统一社会信用代码 credit code", "盟市 league", "行业 industry",
             "年份 year", "疑点 flags", "高/中/低 high/medium/low", "主要规则 top rule", "状态 status"]
    body = []
    for row in data.enterprises:
        statuses = row["statuses"]
        status_keys = " ".join(sorted(statuses)) or "none"
        page = f"{ENTERPRISE_SUBDIR}/{enterprise_page_name(row['credit_code'], row['report_year'])}"
        name = row.get("enterprise_name") or row["credit_code"]
        search = f"{name} {row['credit_code']}".lower()
        status_html = " ".join(f"{_status_badge(s)}{statuses[s]}" for s in STATUS_ORDER if statuses.get(s)) or \
            _status_badge("none")
        body.append(
            f'<tr data-year="{row["report_year"]}" data-league="{_e(row.get("league_code") or "")}" '
            f'data-industry="{_e(row.get("industry") or "")}" data-status="{_e(status_keys)}" '
            f'data-flags="{row["n_flags"]}" data-search="{_e(search)}">'
            + _risk_cell(row.get("risk_score"))
            + f'<td><a href="{_e(page)}">{_e(name)}</a></td><td><code>{_e(row["credit_code"])}</code></td>'
            f'<td>{_e(league_label(row.get("league_code"), row.get("league_name")))}</td>'
            f'<td>{_e(industry_label(row.get("industry")))}</td><td class="num">{row["report_year"]}</td>'
            f'<td class="num">{row["n_flags"]}</td>'
            f'<td class="num">{row["n_high"]} / {row["n_medium"]} / {row["n_low"]}</td>'
            + (f'<td><code>{_e(row["top_rule_id"])}</code></td>' if row.get("top_rule_id") else "<td></td>")
            + f"<td>{status_html}</td></tr>"
        )
    head = "".join(f'<th class="{"num" if h.startswith(("风险", "年份", "疑点", "高/")) else ""}">{_e(h)}</th>' for h in heads)
    return (f'<section id="risk"><h2>企业风险排序 Enterprises by risk score</h2>{filters}'
            f'<table id="risk-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></section>')


# ----------------------------------------------------------------------------------------------
# enterprise pages


def _enterprise_page(row: dict, data: ReportData, flags: list[dict], years_of: dict[str, list[int]],
                     page_dir: Path, docs: list[tuple[str, Path]]) -> str:
    code, year = row["credit_code"], row["report_year"]
    name = row.get("enterprise_name") or code
    nav = ['<a href="../index.html">← 返回总表 back to the index</a>']
    nav += [f'<a class="data-docs-link" href="{_e(_relative(path, page_dir))}">{_e(label)}</a>' for label, path in docs]
    others = [y for y in years_of.get(code, []) if y != year]
    if others:
        nav.append("其他年份 other years: " + " ".join(
            f'<a href="{_e(enterprise_page_name(code, y))}">{y}</a>' for y in others))
    header = (f'<nav class="sub">{" ".join(nav)}</nav><h1>{_e(name)} · {year}</h1>'
              f'<div class="sub">统一社会信用代码 credit code <code>{_e(code)}</code> · '
              f'{_e(league_label(row.get("league_code"), row.get("league_name")))} · {_e(industry_label(row.get("industry")))}</div>')
    emissions = data.emissions.get((code, year), {})
    score = row.get("risk_score")
    facts = [
        ("风险分 risk score (0–100)", "–" if score is None else f"{float(score):.1f}"),
        ("疑点 flags", f"{row['n_flags']} (高 high {row['n_high']} · 中 medium {row['n_medium']} · 低 low {row['n_low']})"),
        ("复算排放 recomputed total (t CO2)", number(emissions.get("total_t_co2"), 7)),
        ("报告排放 reported total (t CO2)", number(emissions.get("reported_total_t_co2"), 7)),
        ("核查排放 verified total (t CO2)", number(emissions.get("verified_total_t_co2"), 7)),
    ]
    summary = ('<section id="overview"><h2>概况 Overview</h2><dl class="facts">'
               + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts) + "</dl></section>")
    if not flags:
        summary += ('<section><p>本年度无疑点 No flags for this year.</p><p class="muted">随机抽查可抽中无疑点企业 '
                    "Random sampling can still draw it as a control.</p></section>")
    body = summary + "".join(_flag_section(flag, data) for flag in sorted(flags, key=_flag_order))
    return _page(f"{name} {year} · 质量检查 inspection", header, body)


def _flag_section(flag: dict, data: ReportData) -> str:
    fid = flag["flag_id"]
    status = flag["status"]
    rows = data.evidence.get(fid, [])
    title = (f'{_severity_badge(flag.get("severity") or "")}<code>{_e(flag["rule_id"])}</code> '
             f'v{_e(flag.get("rule_version") or "")} · {_e(flag.get("rule_title_zh"))} '
             f'<span class="muted">{_e(flag.get("rule_title_en"))}</span> {_status_badge(status)}')
    low, high = flag.get("expected_low"), flag.get("expected_high")
    facts = [  # (label, HTML)
        ("观测值 observed", _e(number(flag.get("observed")))),
        ("合理区间 expected range", _e(_range(low, high))),
        ("疑点编号 flag id", f"<code>{_e(fid)}</code>"),
        ("证据指纹 evidence hash", f"<code>{_e(flag.get('evidence_hash'))}</code>"),
    ]
    html = [(f'<section class="flag sev-{_e(flag.get("severity"))} status-{_e(status)}" id="flag-{_e(fid)}" '
             f'data-flag-id="{_e(fid)}" data-status="{_e(status)}"><h2>{title}</h2>'),
            f'<p class="evidence-sentence">{_e(flag.get("evidence"))}</p>',
            '<dl class="facts">' + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>",
            _decision_block(flag, data.history.get(fid, []))]
    chart = charts.chart_for(flag, rows) if rows else None
    if chart:
        html.append(f'<figure class="chart-figure">{chart}<figcaption>{_e(_chart_caption(flag.get("chart")))}'
                    "</figcaption></figure>")
    html.append(_evidence_table(fid, rows))
    html.append("</section>")
    return "".join(html)


CHART_CAPTIONS = {
    "lab_timeline": "化验采样日期与报告月份：真实的月度化验落在当月阴影格内 Lab sample dates against the reported month: a "
                    "genuine monthly test falls in its month's shaded cell",
    "carbon_vs_ncv": "含碳量与低位发热量：回归线及 ±3 RMSE 区间 Carbon content against NCV with the fitted line and the "
                     "±3 RMSE band",
    "monthly_series": "月度数据与参考区间 Monthly values and the reference range",
    "peer_distribution": "同行分布，红色菱形为本企业 Peers' values; the red diamond is this enterprise",
    "digits": "数字分布：实际占比与期望占比 Digit shares observed against expected",
}


def _chart_caption(kind: str | None) -> str:
    return CHART_CAPTIONS.get(kind or "", "")


def _decision_block(flag: dict, history: list[dict]) -> str:
    status, decision = flag["status"], flag.get("decision")
    if decision:
        prefix = "上次决定 previous decision" if status == "reopened" else "决定 decision"
        text = (f"<b>{_e(prefix)}:</b> {_e(DECISION_LABELS.get(decision, decision))} · "
                f"理由 reason: {_e(flag.get('decision_reason') or '–')} · 检查人员 inspector: {_e(flag.get('decided_by'))}"
                f" · 时间 at: {_e(flag.get('decided_at'))}")
        if status == "reopened":
            text += "<br><b>证据已变化，需重新判断 The evidence changed since this decision: decide again.</b>"
    else:
        text = "尚无决定 No decision yet."
    command = (f'python -m orchestration dispose --flag {flag["flag_id"]} --decision cleared '
               f'--reason "理由 reason" --inspector 姓名')
    block = (f'<div class="decision" data-decision="{_e(decision or "")}">{text}'
             f"<details><summary>记录决定 Record a decision</summary><pre>{_e(command)}</pre>"
             '<span class="muted">--decision confirmed | cleared（排除须说明理由 cleared needs a reason）</span></details>')
    if history:
        block += ('<details class="history"><summary>决定记录 decision history '
                  f"({len(history)})</summary><table><thead><tr><th>时间 at</th><th>决定 decision</th><th>检查人员 inspector</th>"
                  "<th>理由 reason</th><th>证据指纹 evidence hash</th></tr></thead><tbody>"
                  + "".join(f"<tr><td>{_e(h['decided_at'])}</td><td>{_e(DECISION_LABELS.get(h['decision'], h['decision']))}"
                            f"</td><td>{_e(h['inspector'])}</td><td>{_e(h['reason'])}</td><td><code>{_e(h['evidence_hash'])}"
                            f"</code>{'' if h['evidence_hash'] == flag.get('evidence_hash') else ' ≠ 现 now'}</td></tr>"
                            for h in history)
                  + "</tbody></table></details>")
    return block + "</div>"


EVIDENCE_COLUMNS = (
    ("row_number", "序号 #"), ("label", "项目 item"), ("month", "月份 month"), ("date", "日期 date"),
    ("value", "数值 value"), ("unit", "单位 unit"), ("reference_low", "参考下限 ref. low"),
    ("reference_high", "参考上限 ref. high"), ("detail", "详情 detail"),
)


def _evidence_table(fid: str, rows: list[dict]) -> str:
    if not rows:
        return '<p class="muted">无证据行 No evidence rows.</p>'
    always = {"row_number", "label", "value"}
    columns = [(key, head) for key, head in EVIDENCE_COLUMNS
               if key in always or any(r.get(key) not in (None, "", {}) for r in rows)]
    body = []
    for row in rows:
        cells = []
        for key, _ in columns:
            value = row.get(key)
            if key == "detail":
                cells.append(f'<td class="detail">{_e(_detail_text(value or {}))}</td>')
            elif key in ("value", "reference_low", "reference_high") or (key == "month" and value is not None):
                cells.append(f'<td class="num nowrap">{_e(number(value))}</td>')
            else:
                cells.append(f'<td class="nowrap">{_e("" if value is None else value)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f"<th>{_e(h)}</th>" for _, h in columns)
    return (f'<h3>证据 Evidence ({len(rows)})</h3><table class="evidence-table" id="evidence-{_e(fid)}">'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


# ----------------------------------------------------------------------------------------------
# building the site


def build_report(restricted_db: Path, out_dir: Path, data_docs: Path | None = None,
                 dispositions: Path | None = None, restricted_data_docs: Path | None = None) -> Path:
    """Write the site into `out_dir` (replaced as a whole) from the published `restricted_db`;
    `data_docs` is the Data Docs index to link to (relative link) and `restricted_data_docs` the
    site of the enterprise-level suites, `dispositions` the decisions file to apply over the
    published statuses. Returns the index page."""
    data = read_restricted(restricted_db, dispositions)
    docs = [(label, path) for label, path in (("数据质量文档 Data Docs", data_docs),
                                              ("企业数据质量文档 Data Docs, enterprise tables", restricted_data_docs))
            if path is not None]
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.with_name(f".{out_dir.name}.{uuid.uuid4().hex}.tmp")
    try:
        # pages are written as if they were already in out_dir (relative links are computed there)
        page_dir = out_dir / ENTERPRISE_SUBDIR
        (staging / ENTERPRISE_SUBDIR).mkdir(parents=True)
        (staging / "index.html").write_text(_index(data, out_dir, docs), encoding="utf-8")
        flags_of: dict[tuple[str, int], list[dict]] = defaultdict(list)
        for flag in data.flags:
            flags_of[(flag["credit_code"], int(flag["report_year"]))].append(flag)
        years_of: dict[str, list[int]] = defaultdict(list)
        for row in data.enterprises:
            years_of[row["credit_code"]].append(row["report_year"])
        for years in years_of.values():
            years.sort()
        for row in data.enterprises:
            key = (row["credit_code"], row["report_year"])
            html = _enterprise_page(row, data, flags_of.get(key, []), years_of, page_dir, docs)
            (staging / ENTERPRISE_SUBDIR / enterprise_page_name(*key)).write_text(html, encoding="utf-8")
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir / "index.html"


def _swap(staging: Path, target: Path) -> None:
    """Replace directory `target` by `staging` (two renames; the old site is removed after)."""
    old = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
