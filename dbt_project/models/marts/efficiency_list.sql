-- Inspector mart (restricted.duckdb): the energy-efficiency list (能效清单) of high-energy
-- enterprises, one row per enterprise × year × main product with efficiency levels (see
-- int_enterprise__efficiency for the route of each product and the unit consumption).
-- Lower consumption is better: at_or_above_level_1 (≤ level 1, the advanced value),
-- between_levels, below_level_3 (> level 3, the limit: exit candidate, 淘汰类).
select
    cast(efficiency.credit_code as varchar) as credit_code,
    cast(reports.enterprise_name as varchar) as enterprise_name,
    cast(reports.league_code as varchar) as league_code,
    cast(reports.industry as varchar) as industry,
    cast(reports.park as varchar) as park,
    cast(efficiency.year as integer) as year,
    cast(efficiency.product as varchar) as product,
    cast(efficiency.level_product as varchar) as level_product,
    cast(efficiency.indicator as varchar) as indicator,
    cast(efficiency.route as varchar) as route,
    cast(efficiency.output as double) as output,
    cast(efficiency.output_unit as varchar) as output_unit,
    cast(efficiency.n_units as integer) as n_units,
    cast(efficiency.output_per_unit as double) as output_per_unit,
    cast(efficiency.energy_consumption_tce as double) as energy_consumption_tce,
    cast(efficiency.electricity_consumption_mwh as double) as electricity_consumption_mwh,
    cast(efficiency.unit_consumption as double) as unit_consumption,
    cast(efficiency.indicator_unit as varchar) as indicator_unit,
    cast(efficiency.level1 as double) as level1,
    cast(efficiency.level2 as double) as level2,
    cast(efficiency.level3 as double) as level3,
    cast(efficiency.standard as varchar) as standard,
    cast(efficiency.efficiency_class as varchar) as efficiency_class,
    cast(efficiency.best_level_met as integer) as best_level_met,
    cast(efficiency.efficiency_class = 'below_level_3' as boolean) as is_exit_candidate,
    cast(efficiency.not_classified_reason as varchar) as not_classified_reason,
    cast(efficiency.factor_version as varchar) as factor_version
from {{ ref('int_enterprise__efficiency') }} as efficiency
inner join {{ ref('stg_enterprise__reports') }} as reports
    on efficiency.credit_code = reports.credit_code and efficiency.year = reports.year
