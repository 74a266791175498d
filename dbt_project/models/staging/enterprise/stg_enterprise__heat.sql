-- 热力: monthly purchased and sold heat (GJ); typing and renaming only.
select
    credit_code,
    cast(report_year as integer) as year,
    cast(month as integer) as month,
    cast(purchased_gj as double) as purchased_gj,
    cast(sold_gj as double) as sold_gj,
    source_file,
    json_path
from {{ source('enterprise_reports', 'enterprise_heat') }}
