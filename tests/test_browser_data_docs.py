"""The published Data Docs, opened in headless Chromium as an inspector would (offline), and the
browser helper itself (tests/browser.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from orchestration.quality.gx_runner import data_docs_index, load_suites
from tests.browser import PNG_SIGNATURE, png_size, render, require_chromium, screenshot, tables


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_chromium()


@pytest.fixture(scope="module")
def index(sample_run) -> Path:
    path = data_docs_index(sample_run.settings.published_dir)
    assert path.is_file(), "the sample run published no Data Docs"
    return path


# ---------------------------------------------------------------------------------------------
# the helper


def test_helper_returns_the_dom_after_scripts_ran(chromium, tmp_path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        """<!doctype html><html><head><meta charset="utf-8"><script src="https://cdn.example.com/lib.js"></script></head>
        <body><div id="chart"></div><script>
          setTimeout(function () {  // drawn later, like a JavaScript chart
            document.getElementById("chart").innerHTML =
              "<table id='t'><tr><th>盟市</th><th>Mt</th></tr><tr><td>鄂尔多斯市</td><td>240.4</td></tr></table>";
            document.title = typeof window.remoteLibrary;
          }, 1500);
          notDefined();
        </script></body></html>""",
        encoding="utf-8",
    )
    rendered = render(page, chromium=chromium)
    (table,) = tables(rendered.dom)
    assert table.id == "t"
    assert table.header == ["盟市", "Mt"] and table.rows == [["鄂尔多斯市", "240.4"]]
    assert "<title>undefined</title>" in rendered.dom  # offline: the CDN script never loaded
    assert any("notDefined" in error for error in rendered.script_errors)


def test_missing_browser_skips_locally_and_fails_on_ci(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("DUALCTL_CHROMIUM", str(tmp_path / "no-such-chromium"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="make browser"):
        require_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required on CI"):
        require_chromium()


# ---------------------------------------------------------------------------------------------
# the Data Docs site


def test_data_docs_index_renders_the_validation_table(chromium, index) -> None:
    page = render(index, chromium=chromium)
    assert page.script_errors == []
    assert "Data Docs" in page.text
    by_class = {cls: t for t in tables(page.dom) for cls in t.classes}
    validations = by_class["ge-index-page-validation-results-table"]
    assert validations.header[:1] == ["Status"]
    suites = {suite.name for suite in load_suites() if suite.audience == "analytics"}  # restricted: own site
    assert len(validations.rows) == len(suites)
    asset = validations.header.index("Asset Name")
    assert {row[asset] for row in validations.rows} == suites
    assert all("passed" in row[0] for row in validations.rows)
    assert len(validations.links) >= len(suites)
    expectation_suites = by_class["ge-index-page-expectation_suites-table"]
    assert {row[0] for row in expectation_suites.rows} == suites


def test_a_validation_page_shows_its_statistics(chromium, index) -> None:
    page = render(index, chromium=chromium)
    validations = next(t for t in tables(page.dom) if "ge-index-page-validation-results-table" in t.classes)
    link = next(link for link in validations.links if link.startswith("validations/"))
    detail = render(index.parent / unquote(link), chromium=chromium)
    assert detail.script_errors == []
    statistics = {row[0]: row[1] for t in tables(detail.dom) for row in t.rows if len(row) == 2}
    evaluated = int(statistics["Evaluated Expectations"])
    assert evaluated >= 15
    assert statistics["Unsuccessful Expectations"] == "0"
    assert "Succeeded" in detail.text


def test_data_docs_screenshot(chromium, index, tmp_path) -> None:
    png = screenshot(index, tmp_path / "shots" / "data_docs_index.png", chromium=chromium, window=(1280, 900))
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    assert png_size(png) == (1280, 900)
    # a blank 1280×900 page compresses to a few kB; the rendered tables and text make it larger
    assert png.stat().st_size > 10_000
