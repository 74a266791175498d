-- 工业产品产量: typing and renaming only (output in t).
select
    cast(data_year as integer) as year,
    league_code,
    product,
    output_t,
    source_file,
    source_row
from {{ source('yearbook', 'yearbook_industrial_output') }}
