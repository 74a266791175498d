-- Rule 2: indirect CO2 of the fossil part of net electricity transfers, and the renewable
-- consumption used by the energy rules.
--   net transfer = 调入 − 调出 (negative for exporters; NULL only when both are unreported);
--   exporter (net < 0): the league's own fossil share and factor;
--   importer (net ≥ 0): its grid region's, all leagues of the region pooled;
--   fossil share = 火电 ÷ 发电量; fossil factor = CO2 of the 火力发电 row ÷ 火电 generation;
--   where there is no thermal generation the published grid factor of the grid region's
--   fallback scope (ref_grid_regions → ref_grid_emission_factors, nearest year) is used.
--   indirect t CO2 = net transfer × fossil share × fossil factor.
--   renewable consumption = non-fossil generation + net transfer × (1 − fossil share).
with power as (
    select
        electricity.year,
        electricity.league_code,
        leagues.grid_region,
        electricity.generation_mwh,
        electricity.thermal_generation_mwh,
        electricity.generation_mwh - electricity.thermal_generation_mwh as non_fossil_generation_mwh,
        electricity.imported_mwh,
        electricity.exported_mwh,
        case
            when electricity.imported_mwh is null and electricity.exported_mwh is null then null
            else coalesce(electricity.imported_mwh, 0) - coalesce(electricity.exported_mwh, 0)
        end as net_transfer_mwh
    from {{ ref('stg_yearbook__electricity') }} as electricity
    inner join {{ ref('int_leagues') }} as leagues on electricity.league_code = leagues.league_code
),

power_co2 as (
    select year, league_code, sum(power_generation_t_co2) as thermal_power_t_co2
    from {{ ref('int_emissions__energy_direct') }}
    group by year, league_code
),

league as (
    select
        power.*,
        power_co2.thermal_power_t_co2,
        power.thermal_generation_mwh / nullif(power.generation_mwh, 0) as own_fossil_share,
        power_co2.thermal_power_t_co2 / nullif(power.thermal_generation_mwh, 0) as own_fossil_t_co2_per_mwh
    from power
    left join power_co2 on power.year = power_co2.year and power.league_code = power_co2.league_code
),

pool as (
    select
        year,
        grid_region,
        sum(thermal_generation_mwh) / nullif(sum(generation_mwh), 0) as pool_fossil_share,
        sum(thermal_power_t_co2) / nullif(sum(thermal_generation_mwh), 0) as pool_fossil_t_co2_per_mwh
    from league
    group by year, grid_region
),

fallback as (
    select
        regions.grid_region,
        years.year,
        factors.t_co2_per_mwh as fallback_t_co2_per_mwh,
        factors.scope as fallback_scope,
        factors.year as fallback_factor_year
    from {{ current_factors('ref_grid_regions') }} as regions
    cross join (select distinct year from power) as years
    inner join {{ current_factors('ref_grid_emission_factors') }} as factors
        on factors.scope = regions.fallback_factor_scope
    qualify row_number() over (
        partition by regions.grid_region, years.year
        order by abs(factors.year - years.year), factors.year
    ) = 1
),

applied as (
    select
        league.*,
        pool.pool_fossil_share,
        pool.pool_fossil_t_co2_per_mwh,
        fallback.fallback_t_co2_per_mwh,
        fallback.fallback_scope,
        fallback.fallback_factor_year,
        case when league.net_transfer_mwh < 0 then 'own' else 'grid_region_pool' end as share_basis,
        case
            when league.net_transfer_mwh < 0 then league.own_fossil_share
            else pool.pool_fossil_share
        end as applied_fossil_share,
        case
            when league.net_transfer_mwh < 0 then league.own_fossil_t_co2_per_mwh
            else pool.pool_fossil_t_co2_per_mwh
        end as computed_fossil_t_co2_per_mwh
    from league
    left join pool on league.year = pool.year and league.grid_region = pool.grid_region
    left join fallback on league.year = fallback.year and league.grid_region = fallback.grid_region
)

select
    year,
    league_code,
    grid_region,
    generation_mwh,
    thermal_generation_mwh,
    non_fossil_generation_mwh,
    imported_mwh,
    exported_mwh,
    net_transfer_mwh,
    thermal_power_t_co2,
    own_fossil_share,
    own_fossil_t_co2_per_mwh,
    pool_fossil_share,
    pool_fossil_t_co2_per_mwh,
    share_basis,
    applied_fossil_share,
    coalesce(computed_fossil_t_co2_per_mwh, fallback_t_co2_per_mwh) as applied_fossil_t_co2_per_mwh,
    case
        when computed_fossil_t_co2_per_mwh is not null then share_basis
        else 'published_fallback:' || fallback_scope || ':' || cast(fallback_factor_year as varchar)
    end as factor_basis,
    case
        when net_transfer_mwh = 0 then 0.0  -- no transfer: nothing to attribute, whatever the shares
        else net_transfer_mwh * applied_fossil_share
            * coalesce(computed_fossil_t_co2_per_mwh, fallback_t_co2_per_mwh)
    end as electricity_indirect_t_co2,
    non_fossil_generation_mwh
        + case when net_transfer_mwh = 0 then 0.0 else net_transfer_mwh * (1 - applied_fossil_share) end
        as renewable_consumption_mwh
from applied
