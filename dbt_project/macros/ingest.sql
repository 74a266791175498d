{#- The data years of an optional source that have a loaded file in raw.ingest_log. A measure
    from an optional source is NULL for a year not in this set (source missing), and 0 only when
    the year is present but has nothing for the league. -#}
{% macro loaded_years(source_name) -%}
    (
        select distinct cast(data_year as integer) as year
        from {{ source('platform', 'ingest_log') }}
        where source = '{{ source_name }}' and status = 'loaded' and data_year is not null
    )
{%- endmacro %}
