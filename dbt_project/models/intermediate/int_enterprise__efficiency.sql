-- Efficiency list (能效清单) step: unit energy consumption of each enterprise-year main product
-- against the levels of ref_efficiency_levels (level 1 = advanced value, level 3 = the limit;
-- lower is better). The indicator (route) of a product comes from ref_efficiency_routes:
--   product       the product names its row (硅铁, 锰硅合金, 电石 …);
--   stricter_row  铁合金 without a route is classed against the stricter silicomanganese row;
--   unit_size     电力: the average annual net supply per generating unit (units = distinct unit_id
--                 of the fuel lines burning something) chooses the 600 MW ultra-supercritical row
--                 (≥ min_output_per_unit) or the 300 MW subcritical row (< max_output_per_unit);
--   not_comparable 粗钢: the level is the blast-furnace process, reports carry whole-plant energy.
-- Unit consumption = energy_consumption_tce × 1000 ÷ output (kgce/t; gce/kWh with output in MWh)
-- or electricity use (purchased + generated − sold) × 1000 ÷ output (kWh/t, 原铝).
-- An enterprise-year with several products that have levels is not classed (one energy figure).
with production as (
    select credit_code, year, product, any_value(output_unit) as output_unit, sum(output) as output
    from {{ ref('stg_enterprise__production') }}
    group by credit_code, year, product
),

units as (
    select credit_code, year, count(distinct unit_id) as n_units
    from {{ ref('stg_enterprise__fuel_combustion') }}
    where consumption_reported > 0
    group by credit_code, year
),

routes as (
    select
        product,
        indicator,
        route,
        cast(min_output_per_unit as double) as min_output_per_unit,
        cast(max_output_per_unit as double) as max_output_per_unit,
        note as route_note
    from {{ current_factors('ref_efficiency_routes') }}
),

matched as (
    select
        production.*,
        coalesce(units.n_units, 0) as n_units,
        production.output / greatest(coalesce(units.n_units, 0), 1) as output_per_unit,
        routes.indicator,
        routes.route,
        routes.route_note
    from production
    inner join routes on production.product = routes.product
    left join units on production.credit_code = units.credit_code and production.year = units.year
    where routes.route <> 'unit_size'
        or (
            (routes.min_output_per_unit is null
                or production.output / greatest(coalesce(units.n_units, 0), 1) >= routes.min_output_per_unit)
            and (routes.max_output_per_unit is null
                or production.output / greatest(coalesce(units.n_units, 0), 1) < routes.max_output_per_unit)
        )
),

levels as (
    select
        indicator,
        product as level_product,
        unit as indicator_unit,
        cast(level1 as double) as level1,
        cast(level2 as double) as level2,
        cast(level3 as double) as level3,
        standard,
        factor_version
    from {{ current_factors('ref_efficiency_levels') }}
),

measured as (
    select
        matched.*,
        levels.level_product,
        levels.indicator_unit,
        levels.level1,
        levels.level2,
        levels.level3,
        levels.standard,
        levels.factor_version,
        reports.energy_consumption_tce,
        annual.electricity_consumption_mwh,
        count(*) filter (where matched.route <> 'not_comparable')
            over (partition by matched.credit_code, matched.year) as n_products_with_levels,
        case
            when matched.output <= 0 then null
            when levels.indicator_unit in ('kgce/t', 'gce/kWh')
                then reports.energy_consumption_tce * 1000.0 / matched.output
            when levels.indicator_unit = 'kWh/t' then annual.electricity_consumption_mwh * 1000.0 / matched.output
        end as unit_consumption
    from matched
    left join levels on matched.indicator = levels.indicator
    inner join {{ ref('stg_enterprise__reports') }} as reports
        on matched.credit_code = reports.credit_code and matched.year = reports.year
    left join {{ ref('int_enterprise__annual') }} as annual
        on matched.credit_code = annual.credit_code and matched.year = annual.year
),

reasoned as (
    select
        *,
        case
            when route = 'not_comparable' then 'not comparable: ' || route_note
            when n_products_with_levels > 1 then 'several products with efficiency levels share one energy figure'
            when output <= 0 then 'no output in the year'
            when unit_consumption is null then 'no energy or electricity figure'
        end as not_classified_reason
    from measured
)

select
    *,
    case
        when not_classified_reason is not null then 'not_classified'
        when unit_consumption <= level1 then 'at_or_above_level_1'
        when unit_consumption > level3 then 'below_level_3'
        else 'between_levels'
    end as efficiency_class,
    case
        when not_classified_reason is not null then null
        when unit_consumption <= level1 then 1
        when level2 is not null and unit_consumption <= level2 then 2
        when unit_consumption <= level3 then 3
    end as best_level_met
from reasoned
