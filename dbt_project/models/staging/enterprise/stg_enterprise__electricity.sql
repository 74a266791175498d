-- 电力: monthly electricity (MWh); typing and renaming only.
select
    credit_code,
    cast(report_year as integer) as year,
    cast(month as integer) as month,
    cast(purchased_mwh as double) as purchased_mwh,
    cast(green_purchased_mwh as double) as green_purchased_mwh,
    cast(generated_mwh as double) as generated_mwh,
    cast(supplied_mwh as double) as supplied_mwh,
    cast(sold_mwh as double) as sold_mwh,
    source_file,
    json_path
from {{ source('enterprise_reports', 'enterprise_electricity') }}
