-- 工业生产过程: monthly output of the process products (t); typing and renaming only.
select
    credit_code,
    cast(report_year as integer) as year,
    cast(month as integer) as month,
    product,
    cast(output_t as double) as output_t,
    source_file,
    json_path
from {{ source('enterprise_reports', 'enterprise_process') }}
