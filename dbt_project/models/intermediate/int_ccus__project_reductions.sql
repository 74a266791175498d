-- Rule 5 (碳减排工程减排量): net reduction of each CCUS project and year (t CO2):
--   retained  = stored_t + utilized_t × counts_as_permanent − leakage_t
--   net       = retained − capture electricity MWh × grid factor − capture heat GJ × heat factor
-- Only geological storage and permanent utilisation count (ref_ccus_utilization): for 驱油 (EOR)
-- only stored_t (what stays in the reservoir) counts, food-grade and short-lived chemical use
-- (urea, methanol) count nothing. The capture's own electricity uses the inner_mongolia factor of
-- ref_grid_emission_factors of the same year, or of the nearest year when the seed has none
-- (grid_factor_is_nearest_year flags it); its heat uses the 热力 factor of
-- ref_indirect_emission_factors. A project's net can be negative (capture energy exceeding what
-- is retained): it is reported, never clipped. Years without a loaded ccus file are left out.
{% set capture_grid_scope = 'inner_mongolia' %}
with projects as (
    select * from {{ ref('stg_ccus__projects') }}
    where year in (select year from {{ loaded_years('ccus') }})
),

utilization as (
    select utilization_type, cast(counts_as_permanent as boolean) as counts_as_permanent
    from {{ current_factors('ref_ccus_utilization') }}
),

grid_factor as (
    select years.year, factors.t_co2_per_mwh, factors.year as factor_year
    from (select distinct year from projects) as years
    cross join {{ current_factors('ref_grid_emission_factors') }} as factors
    where factors.scope = '{{ capture_grid_scope }}'
    qualify row_number() over (partition by years.year order by abs(factors.year - years.year), factors.year) = 1
),

heat_factor as (
    select t_co2_per_unit as t_co2_per_gj
    from {{ current_factors('ref_indirect_emission_factors') }}
    where carrier = '热力'
),

accounted as (
    select
        projects.*,
        coalesce(utilization.counts_as_permanent, false) as utilization_counts_as_permanent,
        case when coalesce(utilization.counts_as_permanent, false) then projects.utilized_t else 0 end
            as permanent_utilized_t,
        grid_factor.t_co2_per_mwh as grid_t_co2_per_mwh,
        grid_factor.factor_year as grid_factor_year,
        grid_factor.factor_year <> projects.year as grid_factor_is_nearest_year,
        heat_factor.t_co2_per_gj as heat_t_co2_per_gj
    from projects
    left join utilization on projects.utilization_type = utilization.utilization_type
    left join grid_factor on projects.year = grid_factor.year
    cross join heat_factor
)

select
    year,
    project_id,
    project_name,
    league_code,
    credit_code,
    captured_t,
    stored_t,
    utilized_t,
    utilization_type,
    utilization_counts_as_permanent,
    permanent_utilized_t,
    leakage_t,
    stored_t + permanent_utilized_t - leakage_t as retained_t_co2,
    capture_electricity_mwh,
    grid_t_co2_per_mwh,
    grid_factor_year,
    grid_factor_is_nearest_year,
    capture_electricity_mwh * grid_t_co2_per_mwh as capture_electricity_t_co2,
    capture_heat_gj,
    heat_t_co2_per_gj,
    capture_heat_gj * heat_t_co2_per_gj as capture_heat_t_co2,
    stored_t + permanent_utilized_t - leakage_t
        - capture_electricity_mwh * grid_t_co2_per_mwh
        - capture_heat_gj * heat_t_co2_per_gj as net_reduction_t_co2,
    '{{ var("factor_version") }}' as factor_version,
    source_file,
    source_row
from accounted
