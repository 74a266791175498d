{#- Schemas are named after the layer exactly (raw, staging, intermediate, marts, reference),
    not prefixed with the target schema, so analysts see `marts.league_emissions`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
