"""Headless Chromium for tests: load a local HTML file (or URL) as a reader's browser would, let its
scripts run, and look at the resulting DOM, console and a screenshot.

    from tests.browser import render, screenshot, tables, require_chromium

    chromium = require_chromium()           # skip locally, fail on CI (CI set) when missing
    page = render(Path("site/index.html"))  # DOM after scripts ran (virtual time budget)
    assert not page.script_errors
    assert tables(page.dom)[0].rows
    screenshot(Path("site/index.html"), tmp_path / "index.png")

Chromium runs with a fresh profile in a temporary directory, without sandbox (tests run as root
in containers), GPU, QUIC, first-run, sync, component updates or background networking, and by
default *offline*: every host name resolves to nothing (`--host-resolver-rules`), so a page that
needs a CDN fails here exactly as it would on the intranet machines the reports are read on.
`--virtual-time-budget` lets timers and scripts (charts drawn by JavaScript) finish before the DOM
is dumped, without waiting in real time.

Installing Chromium: `make browser` (Debian: apt-get install chromium); `.ci/run` does it before
`make test`. Another binary can be named with $DUALCTL_CHROMIUM.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = "install it with `make browser` (Debian: apt-get install -y chromium)"
DEFAULT_WINDOW = (1400, 1000)
DEFAULT_VIRTUAL_TIME_BUDGET_MS = 5000
TIMEOUT_S = 120
_CONSOLE = re.compile(r":CONSOLE(?:\(\d+\))?:?\d*\]\s*(?P<message>.*)$")


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary: $DUALCTL_CHROMIUM, else the first of CANDIDATES on PATH."""
    configured = os.environ.get("DUALCTL_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() or shutil.which(configured) else None
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def require_chromium() -> str:
    """The Chromium binary. Missing: a skip on a developer machine, a *failure* on CI (env CI set),
    so that browser checks never pass silently where they are supposed to run."""
    path = find_chromium()
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"headless Chromium is required on CI (CI is set) but was not found: {INSTALL_HINT}")
    pytest.skip(f"headless Chromium not found: {INSTALL_HINT} (on CI, with CI set, this fails)")


def _url(target: Path | str) -> str:
    if isinstance(target, Path):
        return target.resolve().as_uri()
    return target if "://" in target else Path(target).resolve().as_uri()


def _run(arguments: list[str], *, chromium: str | None, offline: bool, window: tuple[int, int],
         virtual_time_budget_ms: int) -> subprocess.CompletedProcess[str]:
    binary = chromium or require_chromium()
    with tempfile.TemporaryDirectory(prefix="dualctl-chromium-") as profile:
        command = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={profile}",
            f"--window-size={window[0]},{window[1]}",
            f"--virtual-time-budget={virtual_time_budget_ms}",
        ]
        if offline:
            command.append("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost")
        completed = subprocess.run(
            command + arguments, capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
            env={**os.environ, "HOME": profile},  # Chromium writes caches under $HOME
        )
    if completed.returncode != 0:
        raise RuntimeError(
            f"chromium exited with {completed.returncode}: {' '.join(arguments)}\n{completed.stderr[-2000:]}"
        )
    return completed


@dataclass(frozen=True)
class RenderedPage:
    """What a reader's browser shows: the DOM after scripts ran, and the console messages."""

    url: str
    dom: str
    console: tuple[str, ...] = field(default=())

    @property
    def script_errors(self) -> list[str]:
        """Uncaught JavaScript errors (a chart that failed to draw, a missing library …)."""
        return [line for line in self.console if "Uncaught" in line]

    @property
    def text(self) -> str:
        return text_of(self.dom)


def render(target: Path | str, *, chromium: str | None = None, offline: bool = True,
           window: tuple[int, int] = DEFAULT_WINDOW,
           virtual_time_budget_ms: int = DEFAULT_VIRTUAL_TIME_BUDGET_MS) -> RenderedPage:
    """Load `target` (a file path or URL) headless and return the DOM after its scripts ran."""
    url = _url(target)
    completed = _run(["--dump-dom", url], chromium=chromium, offline=offline, window=window,
                     virtual_time_budget_ms=virtual_time_budget_ms)
    console = tuple(
        match.group("message") for line in completed.stderr.splitlines() if (match := _CONSOLE.search(line))
    )
    return RenderedPage(url, completed.stdout, console)


def screenshot(target: Path | str, output: Path, *, chromium: str | None = None, offline: bool = True,
               window: tuple[int, int] = DEFAULT_WINDOW,
               virtual_time_budget_ms: int = DEFAULT_VIRTUAL_TIME_BUDGET_MS) -> Path:
    """Save a PNG of `target` as rendered in a window of `window` pixels; returns `output`."""
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    _run([f"--screenshot={output}", _url(target)], chromium=chromium, offline=offline, window=window,
         virtual_time_budget_ms=virtual_time_budget_ms)
    if not output.exists():
        raise RuntimeError(f"chromium wrote no screenshot to {output}")
    return output


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) of a PNG file (from its IHDR chunk); ValueError when it is not a PNG."""
    data = Path(path).read_bytes()[:24]
    if len(data) < 24 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise ValueError(f"{path} is not a PNG file")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# ----------------------------------------------------------------------------------------------
# reading the DOM (standard library only)


@dataclass
class Table:
    """A <table> of the DOM: its attributes, header cells and body rows as text."""

    attributes: dict[str, str]
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.attributes.get("id", "")

    @property
    def classes(self) -> list[str]:
        return self.attributes.get("class", "").split()


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._stack: list[Table] = []
        self._row: list[str] | None = None
        self._row_is_header = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            table = Table({name: value or "" for name, value in attrs})
            self.tables.append(table)
            self._stack.append(table)
        elif not self._stack:
            return
        elif tag == "tr":
            self._row, self._row_is_header = [], True
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._row_is_header = self._row_is_header and tag == "th"
        elif tag == "a" and self._cell is not None:
            href = dict(attrs).get("href")
            if href:
                self._stack[-1].links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if not self._stack:
            return
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            table = self._stack[-1]
            if self._row_is_header and not table.rows and not table.header:
                table.header = self._row
            elif self._row:
                table.rows.append(self._row)
            self._row = None
        elif tag == "table":
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(dom: str) -> list[Table]:
    """Every <table> of an HTML document, in document order (nested tables too)."""
    parser = _TableParser()
    parser.feed(dom)
    parser.close()
    return parser.tables


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def text_of(dom: str) -> str:
    """The visible text of an HTML document (scripts and styles left out), whitespace collapsed."""
    parser = _TextParser()
    parser.feed(dom)
    parser.close()
    return " ".join(" ".join(parser.parts).split())
