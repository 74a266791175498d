"""Every setting in one place: environment variables with documented defaults.

Nothing here is read at import time except fixed project paths; `Settings.from_env()` reads
the environment when a run starts, so tests and run config can point at other directories.

| variable | meaning | default |
|---|---|---|
| DUALCTL_DATA_DIR | landing directory | data/sample |
| DUALCTL_WAREHOUSE | working DuckDB file (single writer) | data/warehouse/dualctl.duckdb |
| DUALCTL_PUBLISHED_DIR | published read-only files for analysts/inspectors | data/published |
| DUALCTL_FACTOR_VERSION | factor version the models select | 2026.1 |
| DUALCTL_DISPOSITIONS | inspectors' decisions on flags (append-only, outside the warehouse) | data/dispositions/dispositions.jsonl |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
SEEDS_DIR = DBT_PROJECT_DIR / "seeds"
SAMPLE_DATA_DIR = PROJECT_ROOT / "data" / "sample"

DEFAULTS = {
    "DUALCTL_DATA_DIR": str(SAMPLE_DATA_DIR),
    "DUALCTL_WAREHOUSE": str(PROJECT_ROOT / "data" / "warehouse" / "dualctl.duckdb"),
    "DUALCTL_PUBLISHED_DIR": str(PROJECT_ROOT / "data" / "published"),
    "DUALCTL_FACTOR_VERSION": "2026.1",
    "DUALCTL_DISPOSITIONS": str(PROJECT_ROOT / "data" / "dispositions" / "dispositions.jsonl"),
}

ANALYTICS_FILE = "analytics.duckdb"
# Storage format of published files: readable by DuckDB >= 1.0 (analysts' BI tools lag behind).
PUBLISHED_STORAGE_VERSION = "v1.0.0"
RESTRICTED_FILE = "restricted.duckdb"


def _resolve(value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (Path.cwd() / path).resolve()


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    warehouse: Path
    published_dir: Path
    factor_version: str
    dispositions: Path = PROJECT_ROOT / "data" / "dispositions" / "dispositions.jsonl"

    @classmethod
    def from_env(cls) -> Settings:
        get = lambda name: os.environ.get(name) or DEFAULTS[name]
        return cls(
            data_dir=_resolve(get("DUALCTL_DATA_DIR")),
            warehouse=_resolve(get("DUALCTL_WAREHOUSE")),
            published_dir=_resolve(get("DUALCTL_PUBLISHED_DIR")),
            factor_version=get("DUALCTL_FACTOR_VERSION"),
            dispositions=_resolve(get("DUALCTL_DISPOSITIONS")),
        )
