-- Analyst mart (product level, analytics.duckdb): per efficiency product (the product column of
-- ref_efficiency_levels: 铁合金 pools 硅铁 and 锰硅合金, 电力 both unit classes) and year, the share
-- of capacity at level 1 or better against the work plan's target (30 % by 2025,
-- ref_enterprise_parameters). Capacity proxy: the year's output of the classed enterprises (the
-- reports carry no capacity). Enterprises not classed are left out (n_not_classified says how many).
with listed as (
    select * from {{ ref('efficiency_list') }}
    where level_product is not null and route <> 'not_comparable'
)

select
    cast(level_product as varchar) as product,
    cast(year as integer) as year,
    cast(any_value(output_unit) as varchar) as output_unit,
    cast(count(*) filter (where efficiency_class <> 'not_classified') as integer) as n_enterprises_classified,
    cast(count(*) filter (where efficiency_class = 'not_classified') as integer) as n_not_classified,
    cast(sum(output) filter (where efficiency_class <> 'not_classified') as double) as output_classified,
    cast(coalesce(sum(output) filter (where efficiency_class = 'at_or_above_level_1'), 0) as double)
        as output_at_level_1,
    cast(
        coalesce(sum(output) filter (where efficiency_class = 'at_or_above_level_1'), 0)
        / nullif(sum(output) filter (where efficiency_class <> 'not_classified'), 0) as double
    ) as level_1_capacity_share,
    cast({{ enterprise_parameter('level1_capacity_share_target') }} as double) as target_share,
    cast({{ enterprise_parameter('level1_capacity_share_target_year') }} as integer) as target_year,
    cast(
        coalesce(sum(output) filter (where efficiency_class = 'at_or_above_level_1'), 0)
        / nullif(sum(output) filter (where efficiency_class <> 'not_classified'), 0)
        >= {{ enterprise_parameter('level1_capacity_share_target') }} as boolean
    ) as meets_target,
    cast(count(*) filter (where efficiency_class = 'below_level_3') as integer) as n_exit_candidates,
    cast(coalesce(sum(output) filter (where efficiency_class = 'below_level_3'), 0) as double)
        as output_exit_candidates,
    cast('output of the year as the capacity proxy' as varchar) as capacity_basis
from listed
group by level_product, year
