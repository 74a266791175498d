-- 产品产量: monthly output of the main products (电力 MWh, others t); typing and renaming only.
select
    credit_code,
    cast(report_year as integer) as year,
    cast(month as integer) as month,
    product,
    cast(output as double) as output,
    unit as output_unit,
    source_file,
    json_path
from {{ source('enterprise_reports', 'enterprise_production') }}
