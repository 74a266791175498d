# Two commands do everything on a fresh machine with only Python 3.11+ and make:
#   make run    run the whole pipeline on the embedded sample (or $DUALCTL_DATA_DIR)
#   make test   run the test suite (what .ci/run calls)
# Both bootstrap a pinned uv and the locked environment (uv.lock) on first use.

SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANIFEST := dbt_project/target/manifest.json
DBT_SOURCES := $(shell find dbt_project/models dbt_project/macros dbt_project/seeds dbt_project/tests -type f) dbt_project/dbt_project.yml dbt_project/profiles.yml

# uv must never download a Python build (offline/intranet machines): use the system Python.
export UV_PYTHON_DOWNLOADS := never
export DAGSTER_TELEMETRY_DISABLED := 1
export DO_NOT_TRACK := 1

.PHONY: run test dev bench sample docs manifest env lint clean browser

run: $(MANIFEST)  ## run the pipeline (DUALCTL_DATA_DIR / DUALCTL_WAREHOUSE / DUALCTL_PUBLISHED_DIR)
	$(PY) -m orchestration run

test: $(MANIFEST)  ## run the tests
	$(PY) -m pytest -q

dev: $(MANIFEST)  ## start the Dagster UI on http://127.0.0.1:3000
	DAGSTER_HOME=$(CURDIR)/dagster_home $(VENV)/bin/dagster dev -w workspace.yaml

bench: $(MANIFEST)  ## time the sample run per stage, report ingestion, detection rates -> docs/
	$(PY) scripts/bench.py
	$(PY) scripts/bench_enterprise_ingest.py
	$(PY) scripts/bench_detection.py

sample: env  ## regenerate the embedded sample (deterministic)
	$(PY) -m sample_generator --out data/sample

docs: $(MANIFEST)  ## dbt docs site of the working warehouse (after make run) -> dbt_project/target/index.html
	cd dbt_project && DUALCTL_WAREHOUSE=$${DUALCTL_WAREHOUSE:-$(CURDIR)/data/warehouse/dualctl.duckdb} \
		../$(VENV)/bin/dbt docs generate --profiles-dir . --quiet
	@echo "dbt docs: dbt_project/target/index.html (serve: cd dbt_project && ../$(VENV)/bin/dbt docs serve --profiles-dir .)"

browser:  ## install headless Chromium for the browser tests (Debian; needs root)
	command -v chromium || (apt-get update && apt-get install -y chromium)

manifest: $(MANIFEST)

env: $(VENV)/.synced

lint: env
	$(VENV)/bin/ruff check orchestration sample_generator tests scripts

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --locked --python $(PYTHON)
	touch $@

# The dbt manifest is prepared here (build step), never when the code location loads.
$(MANIFEST): $(VENV)/.synced $(DBT_SOURCES)
	cd dbt_project && ../$(VENV)/bin/dbt parse --profiles-dir . --quiet
	touch $@

clean:
	rm -rf dbt_project/target dbt_project/logs data/warehouse data/published
