-- 地区生产总值: typing and renaming only (money in 10k yuan).
select
    cast(data_year as integer) as year,
    league_code,
    gdp_current_10k_yuan,
    gdp_index_prev_year_100,
    primary_industry_10k_yuan,
    secondary_industry_10k_yuan,
    tertiary_industry_10k_yuan,
    source_file,
    source_row
from {{ source('yearbook', 'yearbook_gdp') }}
