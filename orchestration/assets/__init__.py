"""Dagster assets of the code location, one module per stage.

Note for asset modules: Dagster resolves `Config` and resource annotations when the decorator
runs, so these modules must not use `from __future__ import annotations` (the annotations would
be strings and a `Config` class "cannot be resolved").
"""
