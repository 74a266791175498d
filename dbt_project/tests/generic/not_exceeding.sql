{#- Rows where the column exceeds another column of the same row (a ceiling), e.g. enterprise fuel
    use above the yearbook's. A NULL ceiling with a positive value counts as exceeding. -#}
{% test not_exceeding(model, column_name, ceiling_column) %}
select * from {{ model }}
where {{ column_name }} > coalesce({{ ceiling_column }}, 0)
{% endtest %}
