"""Data-quality checks (pure functions over a DuckDB connection) used as Dagster asset checks."""
