"""Inline SVG charts for the inspectors' report: no JavaScript library, no network, no fonts to fetch.

One function per `chart` value of `marts.falsification_flags`; each takes the flag's evidence rows
(`marts.falsification_evidence` as dicts: label, month, date, value, unit, reference_low,
reference_high, detail as a dict) and returns an `<svg>` string, or None when the rows do not carry
what the chart needs (the report then shows the evidence table alone). What each chart reads:

| chart | x | y | band / reference | optional `detail` keys |
|---|---|---|---|---|
| lab_timeline | `date` (sample date) | `month` the value is reported for | the reported month's own days (shaded) | `lab_report_id`, `lab_name` (tooltip) |
| carbon_vs_ncv | NCV from `detail` (`ncv`, `ncv_gj_per_t`, `ncv_gj_per_unit`, `x`) | `value` | `reference_low`..`reference_high`, else `fitted` ± 3 × `rmse` | `fitted`, `rmse`, `slope` + `intercept` |
| monthly_series | `month` (else row order) | `value`, one line per `label` | `reference_low`..`reference_high` | – |
| peer_distribution | `value` of every peer | – (strip) | `reference_low`..`reference_high` of a row, else the flag's expected range | `is_subject` / `subject` / `self` marks the enterprise; else the flag's `observed` |
| digits | `label` (digit 1-9, 10-99 or 0-9) | `value` (share or count) | expected share: `detail.expected`, else Benford (1-9, 10-99) or uniform (0-9) | `expected` |

Every text is escaped; points are `<circle class="point">` with a `<title>` tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from html import escape
from itertools import pairwise
from typing import Any

WIDTH, HEIGHT = 680, 320
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 72, 20, 28, 56
COLORS = {
    "point": "#2f6db5", "alert": "#c62828", "band": "#d9e7f5", "line": "#1b4f8a", "grid": "#e3e3e3",
    "axis": "#555", "expected": "#222", "subject": "#c62828", "muted": "#9aa5b1",
}
SERIES_COLORS = ("#2f6db5", "#e08a00", "#2e8b57", "#8e44ad", "#795548", "#00838f")
NCV_KEYS = ("ncv", "ncv_gj_per_t", "ncv_gj_per_unit", "ncv_applied_gj_per_base_unit", "x")
SUBJECT_KEYS = ("is_subject", "subject", "self", "is_self")
# boolean `detail` keys a rule sets on the rows it found wrong: the points drawn in red
MARK_KEYS = {"outside": "超出 outside", "repeated": "重复 repeated", "in_cluster": "扎堆 clustered"}
CHART_TYPES = ("lab_timeline", "carbon_vs_ncv", "monthly_series", "peer_distribution", "digits")


# ----------------------------------------------------------------------------------------------
# small helpers


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _detail_number(row: dict, keys: Sequence[str]) -> float | None:
    detail = row.get("detail") or {}
    for key in keys:
        if key in detail and _number(detail[key]) is not None:
            return _number(detail[key])
    return None


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def fmt(value: float | None, digits: int = 4) -> str:
    """A number for people: up to `digits` significant digits, thousands separators, no exponent
    below 1e-4 … 1e12."""
    if value is None:
        return "–"
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 1e12 or magnitude < 1e-4:
        return f"{value:.{digits - 1}e}"
    decimals = max(digits - 1 - math.floor(math.log10(magnitude)), 0)
    return f"{value:,.{decimals}f}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 5 × 10^k steps) covering [low, high]."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw_step = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw_step))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw_step)
    first = math.ceil(low / step - 1e-9) * step
    ticks, tick = [], first
    while tick <= high + step * 1e-9:
        ticks.append(round(tick, 12))
        tick += step
    return ticks


def _padded(values: Sequence[float], share: float = 0.08) -> tuple[float, float]:
    low, high = min(values), max(values)
    span = high - low or (abs(high) * 0.1 or 1.0)
    return low - span * share, high + span * share


class _Frame:
    """Plot area with linear scales; SVG pieces are appended to `parts`."""

    def __init__(self, x_range: tuple[float, float], y_range: tuple[float, float], title: str,
                 width: int = WIDTH, height: int = HEIGHT) -> None:
        self.width, self.height = width, height
        self.x0, self.x1 = x_range
        self.y0, self.y1 = y_range
        self.left, self.right = MARGIN_LEFT, width - MARGIN_RIGHT
        self.top, self.bottom = MARGIN_TOP, height - MARGIN_BOTTOM
        self.title = title
        self.parts: list[str] = []

    def x(self, value: float) -> float:
        span = (self.x1 - self.x0) or 1.0
        return self.left + (value - self.x0) / span * (self.right - self.left)

    def y(self, value: float) -> float:
        span = (self.y1 - self.y0) or 1.0
        return self.bottom - (value - self.y0) / span * (self.bottom - self.top)

    def add(self, svg: str) -> None:
        self.parts.append(svg)

    def axes(self, x_label: str, y_label: str, x_ticks: list[tuple[float, str]] | None = None,
             y_ticks: list[tuple[float, str]] | None = None) -> None:
        x_ticks = x_ticks if x_ticks is not None else [(t, fmt(t, 3)) for t in nice_ticks(self.x0, self.x1)]
        y_ticks = y_ticks if y_ticks is not None else [
            (t, fmt(t, 3)) for t in nice_ticks(min(self.y0, self.y1), max(self.y0, self.y1))]
        axis = []
        for value, label in y_ticks:
            if min(self.y0, self.y1) <= value <= max(self.y0, self.y1):
                y = self.y(value)
                axis.append(f'<line class="grid" x1="{self.left}" x2="{self.right}" y1="{y:.1f}" y2="{y:.1f}" '
                            f'stroke="{COLORS["grid"]}"/>')
                axis.append(f'<text x="{self.left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                            f'fill="{COLORS["axis"]}">{escape(label)}</text>')
        for value, label in x_ticks:
            if min(self.x0, self.x1) <= value <= max(self.x0, self.x1):
                x = self.x(value)
                axis.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{self.bottom}" y2="{self.bottom + 5}" '
                            f'stroke="{COLORS["axis"]}"/>')
                axis.append(f'<text x="{x:.1f}" y="{self.bottom + 18}" text-anchor="middle" font-size="11" '
                            f'fill="{COLORS["axis"]}">{escape(label)}</text>')
        axis.append(f'<line x1="{self.left}" x2="{self.right}" y1="{self.bottom}" y2="{self.bottom}" '
                    f'stroke="{COLORS["axis"]}"/>')
        axis.append(f'<line x1="{self.left}" x2="{self.left}" y1="{self.top}" y2="{self.bottom}" '
                    f'stroke="{COLORS["axis"]}"/>')
        axis.append(f'<text class="axis-label" x="{(self.left + self.right) / 2:.1f}" y="{self.height - 12}" '
                    f'text-anchor="middle" font-size="12" fill="{COLORS["axis"]}">{escape(x_label)}</text>')
        middle = (self.top + self.bottom) / 2
        axis.append(f'<text class="axis-label" x="14" y="{middle:.1f}" text-anchor="middle" font-size="12" '
                    f'fill="{COLORS["axis"]}" transform="rotate(-90 14 {middle:.1f})">{escape(y_label)}</text>')
        self.parts[:0] = axis  # under the data

    def point(self, x: float, y: float, tooltip: str, alert: bool = False, color: str | None = None,
              radius: float = 4.5) -> None:
        fill = COLORS["alert"] if alert else (color or COLORS["point"])
        css = "point alert" if alert else "point"
        self.add(f'<circle class="{css}" cx="{self.x(x):.1f}" cy="{self.y(y):.1f}" r="{radius}" fill="{fill}" '
                 f'fill-opacity="0.85" stroke="#fff" stroke-width="0.8"><title>{escape(tooltip)}</title></circle>')

    def polyline(self, points: list[tuple[float, float]], color: str, css: str = "line", dash: str = "",
                 width: float = 1.8) -> None:
        if len(points) < 2:
            return
        coords = " ".join(f"{self.x(x):.1f},{self.y(y):.1f}" for x, y in points)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.add(f'<polyline class="{css}" points="{coords}" fill="none" stroke="{color}" '
                 f'stroke-width="{width}"{dashes}/>')

    def band(self, lower: list[tuple[float, float]], upper: list[tuple[float, float]], tooltip: str) -> None:
        if len(lower) < 2 or len(upper) < 2:
            return
        coords = [f"{self.x(x):.1f},{self.y(y):.1f}" for x, y in lower]
        coords += [f"{self.x(x):.1f},{self.y(y):.1f}" for x, y in reversed(upper)]
        self.add(f'<polygon class="band" points="{" ".join(coords)}" fill="{COLORS["band"]}" '
                 f'stroke="none"><title>{escape(tooltip)}</title></polygon>')

    def legend(self, items: list[tuple[str, str]]) -> None:
        """Legend on the top line: (colour, text) pairs."""
        x = self.left
        for color, text in items:
            self.add(f'<rect x="{x}" y="8" width="10" height="10" fill="{color}"/>')
            self.add(f'<text x="{x + 14}" y="17" font-size="11" fill="{COLORS["axis"]}">{escape(text)}</text>')
            x += 24 + 7 * sum(2 if ord(c) > 0x2E80 else 1 for c in text)

    def svg(self, chart: str) -> str:
        return (
            f'<svg class="chart chart-{chart}" xmlns="http://www.w3.org/2000/svg" role="img" '
            f'width="{self.width}" height="{self.height}" viewBox="0 0 {self.width} {self.height}" '
            f'aria-label="{escape(self.title)}"><title>{escape(self.title)}</title>'
            + "".join(self.parts) + "</svg>"
        )


def _outside(value: float, low: float | None, high: float | None) -> bool:
    return (low is not None and value < low) or (high is not None and value > high)


def _unit(rows: Sequence[dict]) -> str:
    units = {str(r["unit"]) for r in rows if r.get("unit")}
    return units.pop() if len(units) == 1 else ""


def _with_unit(label: str, unit: str) -> str:
    return f"{label} ({unit})" if unit else label


# ----------------------------------------------------------------------------------------------
# the charts


def lab_timeline(rows: Sequence[dict], report_year: int | None = None) -> str | None:
    """Lab sample dates on a calendar (x) against the month each result is reported for (y). A
    genuine monthly test falls in its month's shaded cell; one batch test passed off as monthly
    results shows as a vertical line of points on one date."""
    points = [(d, r) for r in rows if (d := _date(r.get("date"))) is not None]
    if not points:
        return None
    months = [int(m) for _, r in points if (m := _number(r.get("month"))) is not None and 1 <= m <= 12]
    year = report_year or min(d for d, _ in points).year
    start = min([date(year, 1, 1)] + [d for d, _ in points])
    end = max([date(year, 12, 31)] + [d for d, _ in points])
    start, end = date(start.year, start.month, 1), _month_end(end)
    has_month = len(months) == len(points)
    frame = _Frame((0, (end - start).days + 1), (12.6, 0.4) if has_month else (1.5, -0.5),
                   "化验采样日期 Lab sample dates")
    day = lambda d: (d - start).days + 0.5
    if has_month:
        for month in range(1, 13):
            first = date(year, month, 1)
            cell = f"{year}-{month:02d} 当月 its own month"
            frame.add(f'<rect class="band" x="{frame.x(day(first) - 0.5):.1f}" y="{frame.y(month - 0.45):.1f}" '
                      f'width="{frame.x(day(_month_end(first)) + 0.5) - frame.x(day(first) - 0.5):.1f}" '
                      f'height="{frame.y(month + 0.45) - frame.y(month - 0.45):.1f}" fill="{COLORS["band"]}">'
                      f'<title>{escape(cell)}</title></rect>')
    seen: dict[tuple[date, int], int] = {}
    outside = 0
    for sample_date, row in points:
        month = int(_number(row.get("month"))) if has_month else 1
        stacked = seen.get((sample_date, month), 0)
        seen[(sample_date, month)] = stacked + 1
        alert = has_month and (sample_date.year, sample_date.month) != (year, month)
        outside += alert
        detail = row.get("detail") or {}
        extra = " ".join(str(detail[k]) for k in ("lab_report_id", "lab_name") if detail.get(k))
        tooltip = (f"{row.get('label') or ''} 报告月 month {year}-{month:02d} · 采样 sampled {sample_date.isoformat()}"
                   + (f" · {extra}" if extra else "")).strip()
        frame.point(day(sample_date) + stacked * 1.5, month if has_month else 0, tooltip, alert=alert)
    ticks, cursor = [], start
    while cursor <= end:
        ticks.append((day(cursor) - 0.5, f"{cursor.year % 100:02d}-{cursor.month:02d}"))
        cursor = _month_end(cursor) + timedelta(days=1)
    step = max(1, math.ceil(len(ticks) / 14))
    y_ticks = [(m, f"{m}月") for m in range(1, 13)] if has_month else []
    frame.axes("采样日期 sample date (yy-mm)", "报告月份 reported month" if has_month else "", ticks[::step], y_ticks)
    legend = [(COLORS["band"], "当月 the reported month"), (COLORS["point"], "采样日 sample date")]
    if outside:
        legend.append((COLORS["alert"], f"不在当月 outside its month: {outside}"))
    frame.legend(legend)
    return frame.svg("lab_timeline")


def _month_end(day: date) -> date:
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def carbon_vs_ncv(rows: Sequence[dict]) -> str | None:
    """Carbon content (y) against NCV (x) of each measured line, with the fitted line and the
    ±3 RMSE band of the regression; points outside the band in red. Rows of different fits (one
    regression per fuel: different `slope`/`intercept`) get one chart each."""
    fits: dict[tuple, list[dict]] = {}
    for row in rows:
        detail = row.get("detail") or {}
        fits.setdefault((_number(detail.get("intercept")), _number(detail.get("slope"))), []).append(row)
    if len(fits) > 1:
        charts = [chart for group in fits.values() if (chart := _carbon_vs_ncv(group)) is not None]
        return "".join(charts) or None
    return _carbon_vs_ncv(rows)


def _carbon_vs_ncv(rows: Sequence[dict]) -> str | None:
    points = []
    for row in rows:
        x, y = _detail_number(row, NCV_KEYS), _number(row.get("value"))
        if x is None or y is None:
            continue
        detail = row.get("detail") or {}
        fitted = _number(detail.get("fitted"))
        if fitted is None and _number(detail.get("slope")) is not None and _number(detail.get("intercept")) is not None:
            fitted = _number(detail["intercept"]) + _number(detail["slope"]) * x
        rmse = _number(detail.get("rmse"))
        low, high = _number(row.get("reference_low")), _number(row.get("reference_high"))
        if low is None and fitted is not None and rmse is not None:
            low, high = fitted - 3 * rmse, fitted + 3 * rmse
        points.append((x, y, fitted, low, high, row))
    if not points:
        return None
    xs = [p[0] for p in points]
    x_range = _padded(xs, 0.15)
    line = _regression(rows)  # (intercept, slope, rmse, k) of the fit, when the rows carry it
    if line is not None:  # the fitted line and its band over the whole plotted range
        intercept, slope, rmse, k = line
        ends = [(x, intercept + slope * x) for x in x_range]
        fitted_line = ends
        lower = [(x, y - k * rmse) for x, y in ends] if rmse is not None else []
        upper = [(x, y + k * rmse) for x, y in ends] if rmse is not None else []
    else:  # per point: fitted value and reference range of each row
        ordered = sorted(points, key=lambda p: p[0])
        fitted_line = [(p[0], p[2]) for p in ordered if p[2] is not None]
        lower = [(p[0], p[3]) for p in ordered if p[3] is not None and p[4] is not None]
        upper = [(p[0], p[4]) for p in ordered if p[3] is not None and p[4] is not None]
    ys = [v for p in points for v in (p[1], p[2], p[3], p[4]) if v is not None] + [y for _, y in fitted_line + lower + upper]
    labels = sorted({str((r.get("detail") or {}).get("fuel") or "") for r in rows} - {""})
    frame = _Frame(x_range, _padded(ys), "含碳量与低位发热量 Carbon content vs NCV" + (f" · {', '.join(labels)}" if labels else ""))
    banded = lower
    frame.band(lower, upper, "±3 RMSE 回归带 regression band")
    frame.polyline(fitted_line, COLORS["line"], css="fitted")
    outside = 0
    for x, y, _, low, high, row in points:
        marked = (row.get("detail") or {}).get("outside")
        alert = bool(marked) if isinstance(marked, bool) else _outside(y, low, high)
        outside += alert
        month = _number(row.get("month"))
        frame.point(x, y, f"{row.get('label') or ''} {f'{month:.0f}月 ' if month else ''}NCV {fmt(x)} · "
                    f"{fmt(y)}" + (f" (区间 range {fmt(low)} – {fmt(high)})" if low is not None else ""), alert)
    ncv_unit = next((str(r["detail"].get("ncv_unit")) for r in rows if (r.get("detail") or {}).get("ncv_unit")), "GJ/t")
    frame.axes(f"低位发热量 NCV ({ncv_unit})", _with_unit("含碳量 carbon content", _unit(rows)))
    legend = [(COLORS["point"], "化验值 lab value")]
    if fitted_line:
        legend.append((COLORS["line"], "回归线 fitted"))
    if banded:
        legend.append((COLORS["band"], "±3 RMSE"))
    if outside:
        legend.append((COLORS["alert"], f"带外 outside: {outside}"))
    frame.legend(legend)
    return frame.svg("carbon_vs_ncv")


def _regression(rows: Sequence[dict]) -> tuple[float, float, float | None, float] | None:
    for row in rows:
        detail = row.get("detail") or {}
        intercept, slope = _number(detail.get("intercept")), _number(detail.get("slope"))
        if intercept is not None and slope is not None:
            k = _detail_number(row, ("band_rmse", "max_residual_rmse", "k")) or 3.0
            return intercept, slope, _number(detail.get("rmse")), k
    return None


def monthly_series(rows: Sequence[dict]) -> str | None:
    """Monthly values (one line per label) with the reference band; points outside it in red."""
    series: dict[str, list[tuple[float, float, dict]]] = {}
    for index, row in enumerate(rows, start=1):
        value = _number(row.get("value"))
        if value is None:
            continue
        month = _number(row.get("month"))
        series.setdefault(str(row.get("label") or ""), []).append((month if month is not None else index, value, row))
    if not series:
        return None
    xs = [x for points in series.values() for x, _, _ in points]
    bounds = [v for r in rows for v in (_number(r.get("reference_low")), _number(r.get("reference_high"))) if v is not None]
    ys = [v for points in series.values() for _, v, _ in points] + bounds
    is_months = all(r.get("month") is not None for r in rows if _number(r.get("value")) is not None)
    x_range = (0.5, 12.5) if is_months and min(xs) >= 1 and max(xs) <= 12 else (min(xs) - 0.5, max(xs) + 0.5)
    low_y, high_y = _padded(ys)
    frame = _Frame(x_range, (min(low_y, 0) if min(ys) >= 0 and low_y < 0 else low_y, high_y),
                   "月度数据 Monthly series")
    band_rows = sorted(
        {x: (lo, hi) for points in series.values() for x, _, r in points
         if (lo := _number(r.get("reference_low"))) is not None and (hi := _number(r.get("reference_high"))) is not None}.items()
    )
    if len(band_rows) >= 2:
        frame.band([(x, lo) for x, (lo, _) in band_rows], [(x, hi) for x, (_, hi) in band_rows], "参考区间 reference range")
    elif len(band_rows) == 1:
        _, (lo, hi) = band_rows[0]
        frame.band([(x_range[0], lo), (x_range[1], lo)], [(x_range[0], hi), (x_range[1], hi)], "参考区间 reference range")
    outside = 0
    legend = []
    marker = next((key for key in MARK_KEYS if any(isinstance((r.get("detail") or {}).get(key), bool) for r in rows)), None)
    for number, (label, points) in enumerate(series.items()):
        color = SERIES_COLORS[number % len(SERIES_COLORS)]
        points.sort(key=lambda p: p[0])
        run = [points[0][:2]] if points else []
        for (x0, _, _), (x, y, _) in pairwise(points):  # lines join consecutive months only
            if x - x0 > 1:
                frame.polyline(run, color)
                run = []
            run.append((x, y))
        frame.polyline(run, color)
        for x, y, row in points:
            if marker is not None:
                alert = (row.get("detail") or {}).get(marker) is True
            else:
                alert = _outside(y, _number(row.get("reference_low")), _number(row.get("reference_high")))
            outside += alert
            frame.point(x, y, f"{label} {f'{x:.0f}月' if is_months else f'#{x:.0f}'}: {fmt(y)} {row.get('unit') or ''}".strip(),
                        alert, color=color)
        if label and len(series) > 1:
            legend.append((color, label[:24]))
    x_ticks = [(m, f"{m}月") for m in range(1, 13)] if is_months else None
    frame.axes("月份 month" if is_months else "序号 row", _with_unit("数值 value", _unit(rows)), x_ticks)
    if band_rows:
        legend.append((COLORS["band"], "参考区间 reference"))
    if outside:
        legend.append((COLORS["alert"], f"{MARK_KEYS.get(marker, '超出 outside')}: {outside}"))
    frame.legend(legend)
    return frame.svg("monthly_series")


def peer_distribution(rows: Sequence[dict], observed: float | None = None, expected_low: float | None = None,
                      expected_high: float | None = None, subject_names: Sequence[str] = ()) -> str | None:
    """The peers' values as a strip, the enterprise marked (red diamond) and the expected range shaded."""
    peers, subject = [], []
    names = {str(n) for n in subject_names if n}
    for row in rows:
        value = _number(row.get("value"))
        if value is None:
            continue
        detail = row.get("detail") or {}
        if any(detail.get(k) in (True, 1, "true", "yes") for k in SUBJECT_KEYS) or (names and str(row.get("label")) in names):
            subject.append((value, row))
        else:
            peers.append((value, row))
    if not subject and observed is not None:
        subject = [(observed, {"label": "本企业 this enterprise"})]
    if not peers and not subject:
        return None
    low = next((v for r in rows if (v := _number(r.get("reference_low"))) is not None), expected_low)
    high = next((v for r in rows if (v := _number(r.get("reference_high"))) is not None), expected_high)
    values = [v for v, _ in peers + subject] + [v for v in (low, high) if v is not None]
    frame = _Frame(_padded(values), (0, 1), "同行比较 Peer comparison", height=200)
    if low is not None or high is not None:
        left, right = low if low is not None else frame.x0, high if high is not None else frame.x1
        frame.add(f'<rect class="band" x="{frame.x(left):.1f}" y="{frame.top}" width="{frame.x(right) - frame.x(left):.1f}" '
                  f'height="{frame.bottom - frame.top}" fill="{COLORS["band"]}"><title>合理区间 expected range '
                  f'{escape(fmt(low))} – {escape(fmt(high))}</title></rect>')
    for index, (value, row) in enumerate(sorted(peers, key=lambda p: p[0])):
        jitter = 0.25 + 0.5 * ((index * 0.618034) % 1)  # deterministic spread, no overlap on ties
        who = " ".join(str(v) for v in (row.get("label") or "同行 peer", (row.get("detail") or {}).get("credit_code")) if v)
        frame.point(value, jitter, f"{who}: {fmt(value)} {row.get('unit') or ''}".strip(),
                    color=COLORS["muted"], radius=4)
    for value, row in subject:
        x, y = frame.x(value), frame.y(0.5)
        frame.add(f'<path class="point subject" d="M{x:.1f},{y - 9:.1f} L{x + 7:.1f},{y:.1f} L{x:.1f},{y + 9:.1f} '
                  f'L{x - 7:.1f},{y:.1f} Z" fill="{COLORS["subject"]}" stroke="#fff"><title>'
                  f'{escape(str(row.get("label") or "本企业 this enterprise"))}: {escape(fmt(value))}</title></path>')
        frame.add(f'<text x="{x:.1f}" y="{y - 13:.1f}" text-anchor="middle" font-size="11" '
                  f'fill="{COLORS["subject"]}">本企业 this enterprise</text>')
    frame.axes(_with_unit("数值 value", _unit(rows)), "", None, [])
    legend = [(COLORS["muted"], f"同行 peers: {len(peers)}"), (COLORS["subject"], "本企业 this enterprise")]
    if low is not None or high is not None:
        legend.append((COLORS["band"], "合理区间 expected"))
    frame.legend(legend)
    return frame.svg("peer_distribution")


def benford_share(digits: str) -> float | None:
    """Benford probability of a leading digit (1-9) or leading two digits (10-99)."""
    if not digits.isdigit():
        return None
    number = int(digits)
    return math.log10(1 + 1 / number) if 1 <= number <= 99 and not digits.startswith("0") else None


def digits(rows: Sequence[dict]) -> str | None:
    """Observed digit shares (bars) against the expected ones (Benford, or uniform for 0-9)."""
    observed = []
    for row in rows:
        label, value = str(row.get("label") or "").strip(), _number(row.get("value"))
        if label.isdigit() and value is not None:
            observed.append((label, value, row))
    if not observed:
        return None
    total = sum(v for _, v, _ in observed)
    as_share = total > 1.5  # counts: turn into shares
    labels = [label for label, _, _ in observed]
    uniform = "0" in labels
    bars = []
    for label, value, row in observed:
        share = value / total if as_share and total else value
        expected = _number((row.get("detail") or {}).get("expected"))
        if expected is None:
            expected = 1 / len(observed) if uniform else benford_share(label)
        bars.append((label, share, expected))
    top = max([s for _, s, _ in bars] + [e for _, _, e in bars if e is not None])
    frame = _Frame((0, len(bars)), (0, top * 1.15 or 1), "数字分布 Digit distribution")
    slot = (frame.right - frame.left) / len(bars)
    expected_line = []
    for index, (label, share, expected) in enumerate(bars):
        x, y = frame.left + slot * index + slot * 0.15, frame.y(share)
        frame.add(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{frame.bottom - y:.1f}" '
                  f'fill="{COLORS["point"]}" fill-opacity="0.8"><title>{escape(label)}: 实际 observed {share:.1%}'
                  + (f" · 期望 expected {expected:.1%}" if expected is not None else "") + "</title></rect>")
        if expected is not None:
            expected_line.append((index + 0.5, expected))
    frame.polyline(expected_line, COLORS["expected"], css="expected", dash="4 3")
    for x, expected in expected_line:
        frame.point(x, expected, f"期望 expected {expected:.1%}", color=COLORS["expected"], radius=3)
    step = max(1, math.ceil(len(bars) / 30))
    frame.axes("首位数字 leading digit(s)" if not uniform else "末位数字 last digit",
               "占比 share", [(i + 0.5, label) for i, (label, _, _) in enumerate(bars)][::step],
               [(t, f"{t:.0%}") for t in nice_ticks(0, top * 1.15 or 1)])
    frame.legend([(COLORS["point"], "实际 observed"),
                  (COLORS["expected"], "均匀 uniform" if uniform else "本福特 Benford")])
    return frame.svg("digits")


def chart_for(flag: dict, rows: Sequence[dict]) -> str | None:
    """The chart a flag asks for (`flag["chart"]`), or None (no chart, or the rows cannot carry it)."""
    kind = flag.get("chart") or "none"
    draw: dict[str, Callable[[], str | None]] = {
        "lab_timeline": lambda: lab_timeline(rows, _int(flag.get("report_year"))),
        "carbon_vs_ncv": lambda: carbon_vs_ncv(rows),
        "monthly_series": lambda: monthly_series(rows),
        "peer_distribution": lambda: peer_distribution(
            rows, _number(flag.get("observed")), _number(flag.get("expected_low")), _number(flag.get("expected_high")),
            [flag.get("enterprise_name") or "", flag.get("credit_code") or ""]),
        "digits": lambda: digits(rows),
    }
    if kind not in draw:
        return None
    try:
        return draw[kind]()
    except (ValueError, TypeError, ZeroDivisionError, OverflowError):  # odd evidence: the table still shows it
        return None


def _int(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None
