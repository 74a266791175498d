"""Great Expectations suites over the warehouse tables, with a published Data Docs site.

One suite per table, one JSON file per suite in `expectations/suites/<table>.json` (GX's own suite
format; see expectations/README.md). Adding a suite is adding a file: the Dagster check
(`orchestration/assets/expectations.py`) picks up every file whose table is an asset of the
code location.

How a run works (`validate_warehouse`):
1. every table is read as a pandas frame from the DuckDB warehouse, through one read-only
   connection that the runner opens and closes (GX's SQL datasource over DuckDB is broken:
   fivetran/great_expectations#10738, #11579). A suite may declare *derived columns*, SQL
   expressions over the table (aliased `t`) added to the frame, for what GX cannot express on
   floats (identities within a tolerance, cross-table sums, counts per group);
2. an *ephemeral* GX context (in-memory stores: nothing is written under the repository) runs one
   checkpoint per suite;
3. the Data Docs site is built once into a temporary directory next to
   `$DUALCTL_PUBLISHED_DIR/quality/data_docs/`, made to work offline and swapped in: GX's pages
   load jQuery, bootstrap-table and font-awesome from CDNs and fill their tables with JavaScript,
   so offline the index lists nothing. The templates in `expectations/data_docs/` (searched
   before GX's own, by the view classes below) render the tables as HTML and draw the icons with
   CSS, and the remaining CDN <link>/<script> tags are removed from the pages.

GX is imported inside the functions (it takes ~7 s and pulls in pandas, scipy, altair …): importing
this module, or the Dagster code location, does not import it.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import shutil
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from orchestration.settings import PROJECT_ROOT

if TYPE_CHECKING:
    import pandas as pd

EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
SUITES_DIR = EXPECTATIONS_DIR / "suites"
DATA_DOCS_TEMPLATES = EXPECTATIONS_DIR / "data_docs"  # our templates, searched before GX's own
DATA_DOCS_SUBDIR = Path("quality") / "data_docs"
# Suites of enterprise-level tables (meta.dualctl.audience = "restricted") publish their own site:
# Data Docs show sample unexpected values, which must not reach the analysts' site.
AUDIENCE_SUBDIRS = {"analytics": DATA_DOCS_SUBDIR, "restricted": Path("restricted_quality") / "data_docs"}
DATA_DOCS_SITE = "dualctl_data_docs"
DATASOURCE = "warehouse"
DEFAULT_SCHEMA = "marts"
TABLE_ALIAS = "t"
MAX_UNEXPECTED_LISTED = 10
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# stylesheets and scripts GX's page templates load from CDNs (removed: the site must work offline)
_REMOTE_CSS_URL = re.compile(r"""url\(\s*["']?https?://[^)]*\)""", re.IGNORECASE)  # background logos
_REMOTE_ASSET = re.compile(
    r"""<link\b[^>]*\bhref=["']https?://[^"']*["'][^>]*>|<script\b[^>]*\bsrc=["']https?://[^"']*["'][^>]*>\s*</script>""",
    re.IGNORECASE,
)


def data_docs_dir(published_dir: Path, audience: str = "analytics") -> Path:
    """Where the Data Docs site of a run is published for an audience (analytics | restricted)."""
    return Path(published_dir) / AUDIENCE_SUBDIRS[audience]


def data_docs_index(published_dir: Path, audience: str = "analytics") -> Path:
    """The site's entry page (exists once a run validated at least one suite of the audience)."""
    return data_docs_dir(published_dir, audience) / "index.html"


# ----------------------------------------------------------------------------------------------
# suite files (plain JSON: no GX import)


@dataclass(frozen=True)
class SuiteDefinition:
    """A suite file: `name` (= the file stem = the table), the table it validates, the derived
    columns the runner adds to the frame, and the GX suite itself (`payload`)."""

    name: str
    path: Path
    schema: str
    table: str
    derived_columns: Mapping[str, str]
    payload: Mapping[str, Any]

    @property
    def asset_key_path(self) -> list[str]:
        """The Dagster asset key of the table (dbt models: [schema, table])."""
        return [self.schema, self.table]

    @property
    def qualified_table(self) -> str:
        return f"{self.schema}.{self.table}"

    @property
    def expectation_count(self) -> int:
        return len(self.payload["expectations"])

    @property
    def description(self) -> str:
        return str(self.payload.get("meta", {}).get("dualctl", {}).get("description", ""))

    @property
    def audience(self) -> str:
        """analytics (default) or restricted: which Data Docs site the suite's results go to."""
        audience = str(self.payload.get("meta", {}).get("dualctl", {}).get("audience", "analytics"))
        if audience not in AUDIENCE_SUBDIRS:
            raise ValueError(f"{self.path}: meta.dualctl.audience must be one of {sorted(AUDIENCE_SUBDIRS)}")
        return audience

    def notes_for_data_docs(self) -> list[str]:
        """The suite's notes, plus where the frame comes from and what its derived columns are."""
        notes = self.payload.get("notes") or []
        notes = [notes] if isinstance(notes, str) else list(notes)
        notes.append(f"数据 Data: `{self.qualified_table}` read from the DuckDB warehouse (`{self.path.name}`).")
        if self.derived_columns:
            notes.append(
                "派生列 Derived columns (SQL over the table, aliased `t`):\n\n"
                + "\n".join(f"- `{name}` = `{expression}`" for name, expression in self.derived_columns.items())
            )
        return notes

    def select_sql(self) -> str:
        derived = "".join(
            f', {expression} as "{column}"' for column, expression in self.derived_columns.items()
        )
        return f'select {TABLE_ALIAS}.*{derived} from "{self.schema}"."{self.table}" as {TABLE_ALIAS}'


def load_suite(path: Path) -> SuiteDefinition:
    """Read and check one suite file (a ValueError names the file and the problem)."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a readable JSON suite: {error}") from error
    problems = []
    if payload.get("name") != path.stem:
        problems.append(f"'name' must be the file name without .json ({path.stem!r}), not {payload.get('name')!r}")
    expectations = payload.get("expectations")
    if not isinstance(expectations, list) or not expectations:
        problems.append("'expectations' must be a non-empty list")
    else:
        for number, expectation in enumerate(expectations, 1):
            if not isinstance(expectation, dict) or not str(expectation.get("type", "")).startswith("expect_"):
                problems.append(f"expectation {number} has no 'type' expect_…")
            elif not isinstance(expectation.get("kwargs", {}), dict):
                problems.append(f"expectation {number}: 'kwargs' must be an object")
    options = payload.get("meta", {}).get("dualctl", {})
    qualified = str(options.get("table") or f"{DEFAULT_SCHEMA}.{path.stem}")
    schema, _, table = qualified.rpartition(".")
    schema = schema or DEFAULT_SCHEMA
    derived = options.get("derived_columns", {})
    for name in (schema, table, *derived):
        if not _IDENTIFIER.match(name):
            problems.append(f"{name!r} is not a plain SQL identifier")
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))
    return SuiteDefinition(path.stem, path, schema, table, dict(derived), payload)


def load_suites(directory: Path = SUITES_DIR) -> list[SuiteDefinition]:
    """Every `*.json` suite of the directory, by file name."""
    return [load_suite(path) for path in sorted(Path(directory).glob("*.json"))]


# ----------------------------------------------------------------------------------------------
# results


@dataclass(frozen=True)
class FailedExpectation:
    """One unmet expectation, with a summary of its unexpected values."""

    expectation_type: str
    kwargs: Mapping[str, Any]
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    element_count: int | None = None
    partial_unexpected: tuple[Any, ...] = ()
    observed_value: Any = None
    exception: str | None = None

    @property
    def target(self) -> str:
        """The column(s) the expectation is about ('' for table-level expectations)."""
        for key in ("column", "column_A", "column_list"):
            value = self.kwargs.get(key)
            if value is not None:
                if key == "column_A":
                    return f"{value}, {self.kwargs.get('column_B')}"
                return ", ".join(value) if isinstance(value, list) else str(value)
        return ""

    def describe(self) -> str:
        """'expect_column_values_to_be_between(gross_t_co2): 1 of 60 unexpected (1.7 %), e.g. -5.0'."""
        text = f"{self.expectation_type}({self.target})" if self.target else self.expectation_type
        if self.exception:
            return f"{text}: error 错误 {self.exception}"
        details = []
        if self.unexpected_count is not None:
            of = f" of {self.element_count}" if self.element_count is not None else ""
            percent = f" ({self.unexpected_percent:.1f} %)" if self.unexpected_percent is not None else ""
            details.append(f"{self.unexpected_count}{of} unexpected{percent}")
        if self.partial_unexpected:
            details.append("e.g. " + ", ".join(_short(value) for value in self.partial_unexpected[:5]))
        if self.observed_value is not None:
            details.append(f"observed {_short(self.observed_value)}")
        return text + (": " + ", ".join(details) if details else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "expectation_type": self.expectation_type,
            "target": self.target,
            "kwargs": _jsonable(dict(self.kwargs)),
            "unexpected_count": self.unexpected_count,
            "unexpected_percent": self.unexpected_percent,
            "element_count": self.element_count,
            "partial_unexpected": _jsonable(list(self.partial_unexpected)),
            "observed_value": _jsonable(self.observed_value),
            "exception": self.exception,
        }


@dataclass(frozen=True)
class SuiteResult:
    """The outcome of one suite on one table."""

    suite: str
    table: str
    success: bool
    rows: int | None
    evaluated: int
    successful: int
    unsuccessful: int
    failed: tuple[FailedExpectation, ...] = ()
    error: str | None = None  # the table could not be read / validated at all
    data_docs_page: Path | None = None

    @property
    def success_percent(self) -> float:
        return 100.0 * self.successful / self.evaluated if self.evaluated else 0.0

    @property
    def statistics(self) -> dict[str, Any]:
        return {
            "evaluated_expectations": self.evaluated,
            "successful_expectations": self.successful,
            "unsuccessful_expectations": self.unsuccessful,
            "success_percent": round(self.success_percent, 2),
            "rows": self.rows,
        }

    def describe(self) -> str:
        if self.error:
            return f"{self.suite}: 无法验证 could not validate {self.table}: {self.error}"
        if self.success:
            return f"{self.suite}: {self.successful}/{self.evaluated} expectations met 全部通过 ({self.rows} rows)"
        return (
            f"{self.suite}: {self.unsuccessful} of {self.evaluated} expectations not met 未通过: "
            + "; ".join(f.describe() for f in self.failed)
        )


@dataclass(frozen=True)
class ValidationRun:
    results: tuple[SuiteResult, ...]
    data_docs_index: Path | None
    seconds: float
    seconds_gx_import: float = 0.0
    timings: Mapping[str, float] = field(default_factory=dict)

    @property
    def success(self) -> bool:
        return all(result.success for result in self.results)

    def result(self, suite: str) -> SuiteResult:
        return next(result for result in self.results if result.suite == suite)


def _short(value: Any, width: int = 60) -> str:
    text = json.dumps(_jsonable(value), ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= width else text[: width - 1] + "…"


def _jsonable(value: Any) -> Any:
    """Plain JSON values: numpy scalars unwrapped, tuples/sets as lists, NaN as None."""
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(item) for item in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# ----------------------------------------------------------------------------------------------
# reading the warehouse


def read_frames(warehouse: Path, suites: Sequence[SuiteDefinition]) -> dict[str, pd.DataFrame | str]:
    """{suite name: pandas frame of its table with the derived columns, or an error message}."""
    frames: dict[str, pd.DataFrame | str] = {}
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for suite in suites:
            try:
                frames[suite.name] = con.execute(suite.select_sql()).df()
            except duckdb.Error as error:
                frames[suite.name] = f"{type(error).__name__}: {error}".splitlines()[0]
    finally:
        con.close()
    return frames


def validate_warehouse(
    warehouse: Path,
    published_dir: Path | None,
    suites: Sequence[SuiteDefinition] | None = None,
    run_name: str = "dualctl",
) -> ValidationRun:
    """Validate every suite (default: all files in expectations/suites) on the warehouse tables and
    publish the Data Docs to `published_dir`/quality/data_docs — and the restricted suites' to
    `published_dir`/restricted_quality/data_docs — (none without a published_dir)."""
    started = time.perf_counter()
    suites = load_suites() if suites is None else list(suites)
    frames = read_frames(Path(warehouse), suites)
    read_seconds = time.perf_counter() - started
    results: dict[str, SuiteResult] = {}
    index: Path | None = None
    gx_import, timings = 0.0, {"read_warehouse": read_seconds}
    for audience in AUDIENCE_SUBDIRS:  # one site per audience; analytics first
        group = [suite for suite in suites if suite.audience == audience]
        if not group:
            continue
        site = data_docs_dir(Path(published_dir), audience) if published_dir is not None else None
        run = validate_frames({s.name: frames[s.name] for s in group}, group, site, f"{run_name}-{audience}")
        results.update({result.suite: result for result in run.results})
        index = index or run.data_docs_index
        gx_import += run.seconds_gx_import
        timings.update({f"{key} ({audience})": value for key, value in run.timings.items()})
    return ValidationRun(
        tuple(results[suite.name] for suite in suites),
        index,
        time.perf_counter() - started,
        gx_import,
        timings,
    )


# ----------------------------------------------------------------------------------------------
# GX


def _register_offline_views() -> None:
    """Define the GX view classes of the Data Docs site, once, in this module (GX instantiates them
    from the module and class names in the site config), without importing GX at module import.

    GX's own `plugins/custom_data_docs/views` mechanism cannot override a built-in template (its
    loader comes last), so these views put `expectations/data_docs/` first."""
    if "OfflinePageView" in globals():
        return
    from great_expectations.render import view as gx_view
    from jinja2 import ChoiceLoader, FileSystemLoader

    def offline(base: type, name: str) -> type:
        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            base.__init__(self, *args, **kwargs)
            self.env.loader = ChoiceLoader([FileSystemLoader(str(DATA_DOCS_TEMPLATES)), self.env.loader])

        return type(name, (base,), {"__init__": __init__, "__module__": __name__,
                                    "__doc__": f"{base.__name__} with the templates of expectations/data_docs first."})

    globals()["OfflineIndexPageView"] = offline(gx_view.DefaultJinjaIndexPageView, "OfflineIndexPageView")
    globals()["OfflinePageView"] = offline(gx_view.DefaultJinjaPageView, "OfflinePageView")


def _gx_context(site_dir: Path | None) -> Any:
    """An ephemeral context (in-memory stores), with a filesystem Data Docs site in `site_dir`."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    sites = {}
    if site_dir is not None:
        _register_offline_views()
        page_view = {"view": {"module_name": __name__, "class_name": "OfflinePageView"}}
        sites[DATA_DOCS_SITE] = {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(site_dir)},
            "site_index_builder": {
                "class_name": "DefaultSiteIndexBuilder",
                "view": {"module_name": __name__, "class_name": "OfflineIndexPageView"},
            },
            "site_section_builders": {"expectations": page_view, "validations": page_view, "profiling": page_view},
        }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        data_docs_sites=sites,
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _failed(result: Any) -> FailedExpectation:
    config = result.expectation_config
    details = result.result or {}
    exception = None
    info = result.exception_info or {}
    if info.get("raised_exception"):
        exception = str(info.get("exception_message") or "exception").splitlines()[0]
    kwargs = {key: value for key, value in dict(config.kwargs).items() if key != "batch_id"}
    partial = details.get("partial_unexpected_list") or ()
    return FailedExpectation(
        expectation_type=config.type,
        kwargs=kwargs,
        unexpected_count=details.get("unexpected_count"),
        unexpected_percent=details.get("unexpected_percent"),
        element_count=details.get("element_count"),
        partial_unexpected=tuple(partial[:MAX_UNEXPECTED_LISTED]),
        observed_value=details.get("observed_value"),
        exception=exception,
    )


def validate_frames(
    frames: Mapping[str, pd.DataFrame | str],
    suites: Sequence[SuiteDefinition],
    data_docs: Path | None = None,
    run_name: str = "dualctl",
) -> ValidationRun:
    """Run one checkpoint per suite on its frame (`frames[suite.name]`; a string is a read error)
    and, with `data_docs`, publish the Data Docs site there (replacing the previous one)."""
    started = time.perf_counter()
    import great_expectations as gx  # lazy: see the module docstring

    gx_import_seconds = time.perf_counter() - started
    staging = None
    if data_docs is not None:
        data_docs.parent.mkdir(parents=True, exist_ok=True)
        staging = data_docs.with_name(f".{data_docs.name}.{uuid.uuid4().hex}.tmp")
    try:
        context = _gx_context(staging)
        datasource = context.data_sources.add_pandas(DATASOURCE)
        run_id = gx.RunIdentifier(run_name=run_name)
        results = []
        for suite in suites:
            frame = frames.get(suite.name, f"no frame for suite {suite.name}")
            if isinstance(frame, str):
                results.append(SuiteResult(suite.name, suite.qualified_table, False, None, 0, 0, 0, error=frame))
                continue
            try:
                results.append(_run_suite(gx, context, datasource, suite, frame, run_id))
            except Exception as error:  # noqa: BLE001 — a broken suite must not hide the others' results
                message = f"{type(error).__name__}: {error}".splitlines()[0]
                results.append(SuiteResult(suite.name, suite.qualified_table, False, len(frame), 0, 0, 0, error=message))
        validated = time.perf_counter()
        index = None
        if data_docs is not None and staging is not None:
            context.build_data_docs(site_names=[DATA_DOCS_SITE])
            _make_offline(staging)
            _swap_in(staging, data_docs)
            index = data_docs / "index.html"
            results = [_with_page(result, data_docs) for result in results]
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)  # still there only when something failed
    finished = time.perf_counter()
    return ValidationRun(
        tuple(results),
        index,
        finished - started,
        gx_import_seconds,
        {"gx_import": gx_import_seconds, "validate": validated - started - gx_import_seconds,
         "data_docs": finished - validated},
    )


def _run_suite(gx: Any, context: Any, datasource: Any, suite: SuiteDefinition, frame: pd.DataFrame,
               run_id: Any) -> SuiteResult:
    """One checkpoint: the suite on the whole frame, results kept in the context's in-memory store."""
    batch = datasource.add_dataframe_asset(suite.name).add_batch_definition_whole_dataframe("whole_table")
    gx_suite = context.suites.add(
        gx.ExpectationSuite(
            name=suite.name,
            expectations=[dict(expectation) for expectation in suite.payload["expectations"]],
            meta=dict(suite.payload.get("meta", {})),
            notes=suite.notes_for_data_docs(),
        )
    )
    definition = context.validation_definitions.add(gx.ValidationDefinition(data=batch, suite=gx_suite, name=suite.name))
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(name=suite.name, validation_definitions=[definition], result_format="SUMMARY")
    )
    (validation,) = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=run_id).run_results.values()
    statistics = validation.statistics
    return SuiteResult(
        suite=suite.name,
        table=suite.qualified_table,
        success=bool(validation.success),
        rows=len(frame),
        evaluated=int(statistics["evaluated_expectations"]),
        successful=int(statistics["successful_expectations"]),
        unsuccessful=int(statistics["unsuccessful_expectations"]),
        failed=tuple(_failed(result) for result in validation.results if not result.success),
    )


def _with_page(result: SuiteResult, site: Path) -> SuiteResult:
    pages = sorted((site / "validations" / result.suite).rglob("*.html"))
    if not pages:
        return result
    return dataclasses.replace(result, data_docs_page=pages[-1])


def _make_offline(site: Path) -> None:
    """Remove the CDN stylesheets and scripts GX's page templates reference: a page must not wait
    for a network it does not have (the layout comes from expectations/data_docs/*.css)."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        cleaned = _REMOTE_CSS_URL.sub("none", _REMOTE_ASSET.sub("", text))
        if cleaned != text:
            page.write_text(cleaned, encoding="utf-8")


def _swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` (two renames; the old site is removed afterwards)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
