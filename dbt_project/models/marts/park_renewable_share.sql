-- Analyst mart (park level, analytics.duckdb): renewable share of the electricity used by the
-- reporting enterprises of each zero-/low-carbon park (ref_parks) and year, against the park's
-- target (零碳园区 80 %, 低碳园区 50 %):
--   share = (green purchases + own renewable generation consumed) ÷ electricity use
-- (int_enterprise__renewables: use = purchased + generated − sold; own generation counts as
-- renewable only above the fossil bound of the enterprise's combusted fuel).
-- One row per park and year with enterprise reports; a park without reporting enterprises that
-- year shows 0 enterprises and NULL shares.
with years as (
    select distinct year from {{ ref('stg_enterprise__reports') }}
),

parks as (
    select park, league_code, kind, cast(renewable_share_target as double) as target_share
    from {{ current_factors('ref_parks') }}
),

usage as (
    select
        park,
        year,
        count(*) as n_enterprises,
        sum(electricity_consumption_mwh) as electricity_use_mwh,
        sum(green_purchased_mwh) as green_purchased_mwh,
        sum(own_renewable_consumed_mwh) as own_renewable_consumed_mwh,
        sum(renewable_consumed_mwh) as renewable_consumed_mwh,
        sum(generated_mwh) as generated_mwh
    from {{ ref('int_enterprise__renewables') }}
    where park is not null
    group by park, year
)

select
    cast(parks.park as varchar) as park,
    cast(parks.league_code as varchar) as league_code,
    cast(leagues.league_name as varchar) as league_name,
    cast(parks.kind as varchar) as kind,
    cast(years.year as integer) as year,
    cast(coalesce(usage.n_enterprises, 0) as integer) as n_enterprises,
    cast(usage.electricity_use_mwh as double) as electricity_use_mwh,
    cast(usage.green_purchased_mwh as double) as green_purchased_mwh,
    cast(usage.generated_mwh as double) as own_generation_mwh,
    cast(usage.own_renewable_consumed_mwh as double) as own_renewable_consumed_mwh,
    cast(usage.renewable_consumed_mwh as double) as renewable_consumed_mwh,
    cast(usage.renewable_consumed_mwh / nullif(usage.electricity_use_mwh, 0) as double) as renewable_share,
    cast(parks.target_share as double) as target_share,
    cast(100.0 * (usage.renewable_consumed_mwh / nullif(usage.electricity_use_mwh, 0) - parks.target_share) as double)
        as gap_to_target_pp,
    cast(usage.renewable_consumed_mwh / nullif(usage.electricity_use_mwh, 0) >= parks.target_share as boolean)
        as meets_target
from parks
cross join years
left join usage on parks.park = usage.park and years.year = usage.year
left join {{ ref('int_leagues') }} as leagues on parks.league_code = leagues.league_code
