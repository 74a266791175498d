-- 能源消费: typing and renaming only.
select
    cast(data_year as integer) as year,
    league_code,
    use_category,
    fuel,
    cast(quantity as double) as quantity,
    unit,
    source_file,
    source_row
from {{ source('yearbook', 'yearbook_energy_consumption') }}
