-- Rule 6: GDP at constant prices of the base year (var gdp_base_year, 2020), chain-linked from
-- the yearbook volume index (上年=100):
--   GDP_t = GDP_base(current prices) × Π_{base<y≤t} index_y / 100     for t > base,
--   GDP_t = GDP_base(current prices) ÷ Π_{t<y≤base} index_y / 100     for t < base.
-- The product is computed as exp(Σ ln) over a running window; it is NULL unless every index
-- between the base year and t is reported (no silent gaps).
{% set base_year = var('gdp_base_year') %}
with gdp as (
    select year, league_code, gdp_current_10k_yuan, gdp_index_prev_year_100
    from {{ ref('stg_yearbook__gdp') }}
    where league_code in (select league_code from {{ ref('int_leagues') }})
),

running as (
    select
        *,
        sum(ln(gdp_index_prev_year_100 / 100.0)) over chain as running_log_index,
        count(gdp_index_prev_year_100) over chain as running_index_count
    from gdp
    window chain as (partition by league_code order by year rows between unbounded preceding and current row)
),

base as (
    select
        league_code,
        gdp_current_10k_yuan as base_gdp_current_10k_yuan,
        coalesce(running_log_index, 0) as base_log_index,
        running_index_count as base_index_count
    from running
    where year = {{ base_year }}
)

select
    running.year,
    running.league_code,
    running.gdp_current_10k_yuan,
    running.gdp_index_prev_year_100,
    case
        when abs(running.running_index_count - base.base_index_count) = abs(running.year - {{ base_year }})
            then base.base_gdp_current_10k_yuan
                * exp(coalesce(running.running_log_index, 0) - base.base_log_index)
    end as gdp_2020_prices_10k_yuan
from running
left join base on running.league_code = base.league_code
