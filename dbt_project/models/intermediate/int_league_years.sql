-- Every league × every data year present in the yearbook: the grid of the league marts, so that a
-- league missing from a sheet shows NULL measures (never a silent absence or a fake zero).
with years as (
    select year from {{ ref('stg_yearbook__energy_consumption') }}
    union
    select year from {{ ref('stg_yearbook__electricity') }}
    union
    select year from {{ ref('stg_yearbook__gdp') }}
    union
    select year from {{ ref('stg_yearbook__industrial_output') }}
)

select
    leagues.league_code,
    leagues.league_name,
    leagues.grid_region,
    years.year
from {{ ref('int_leagues') }} as leagues
cross join years
