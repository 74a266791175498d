{#- Physical constants and factor-version selection used by the accounting models. -#}

{#- Molecular-weight ratio CO2 : C (44/12), a stoichiometric constant, not an emission factor. -#}
{% macro co2_per_carbon() -%}(44.0 / 12.0){%- endmacro %}

{#- Rows of a reference seed that belong to the selected factor version. -#}
{% macro current_factors(seed_name) -%}
    (select * from {{ ref(seed_name) }} where factor_version = '{{ var("factor_version") }}')
{%- endmacro %}
