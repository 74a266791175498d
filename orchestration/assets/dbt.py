"""dbt models as Dagster assets. The manifest is prepared in the build/test step (`make
manifest`), never parsed when the code location loads."""


import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

from orchestration.assets.yearbook import WAREHOUSE_POOL
from orchestration.resources import WarehouseResource
from orchestration.settings import DBT_PROJECT_DIR

MANIFEST_PATH = DBT_PROJECT_DIR / "target" / "manifest.json"


class ManifestMissing(RuntimeError):
    pass


class DualctlTranslator(DagsterDbtTranslator):
    """Keys are [schema, name] (raw.x, staging.x, marts.x, reference.x) and groups follow the
    layer, so the asset graph reads like the warehouse."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = manifest["nodes"].get(unique_id) or manifest["sources"].get(unique_id)
        if node is None:
            return spec
        if node["resource_type"] == "source":
            # raw.<table>: the key of the Python ingestion asset that writes the table
            return spec.replace_attributes(key=dg.AssetKey([node["schema"], node["name"]]))
        schema = node.get("schema") or "main"
        return spec.replace_attributes(key=dg.AssetKey([schema, node["name"]]), group_name=schema)


def dbt_executable() -> str:
    """The dbt of this environment (the venv's bin), whether or not it is on PATH."""
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(
        project_dir=str(DBT_PROJECT_DIR), profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable()
    )


def build_dbt_assets(manifest_path: Path = MANIFEST_PATH) -> dg.AssetsDefinition:
    if not manifest_path.exists():
        raise ManifestMissing(
            f"{manifest_path} is missing: prepare the dbt manifest first with `make manifest` "
            "(dbt parse), which the run and test commands do for you."
        )
    translator = DualctlTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    @dbt_assets(manifest=manifest_path, dagster_dbt_translator=translator, pool=WAREHOUSE_POOL, name="dbt_models")
    def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
        """Seeds, staging, intermediate and marts with their tests (`dbt build`)."""
        warehouse.export_for_dbt()
        yield from dbt.cli(["build"], context=context).stream()

    return dbt_models
