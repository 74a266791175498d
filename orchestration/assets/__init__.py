"""Dagster assets of the code location, one module per stage."""
