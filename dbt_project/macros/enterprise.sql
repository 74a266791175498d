{#- Physical conversions of the enterprise accounting (not emission factors). -#}

{#- Energy content of one MWh of electricity: 3.6 GJ. -#}
{% macro gj_per_mwh() -%}3.6{%- endmacro %}

{#- A value of a reference parameter seed (parameter, value columns) of the selected factor version. -#}
{% macro enterprise_parameter(name) -%}
    (select cast(value as double) from {{ current_factors('ref_enterprise_parameters') }} where parameter = '{{ name }}')
{%- endmacro %}
