"""Ingestion: landing files -> validated frames + quarantine records -> DuckDB raw schema."""
