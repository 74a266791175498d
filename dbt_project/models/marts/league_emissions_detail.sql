-- Analyst mart: every emission item behind league_emissions with its activity and factor, so a
-- figure can be traced and recomputed: t_co2 = activity_value × factor_value.
--   energy_direct:        item = fuel, activity = combusted amount (base unit), factor = t CO2 per unit
--   electricity_indirect: item = 化石能源电力净调入, activity = net transfer (MWh), factor = fossil
--                         share × fossil factor (t CO2 per MWh of net transfer)
--   process:              item = product, activity = output (t), factor = t CO2 per t
--   sink (rule 4):        item = land class; 乔木林/疏林地/灌木林/草地: activity = annual stock change
--                         (t C/yr, stock difference of the permanent plots between two survey
--                         waves, or carried forward after the last wave), factor = 44/12 t CO2/t C;
--                         湿地: activity = area (ha), factor = sink rate × 44/12 (t CO2/ha/yr).
--                         Only land classes with plots in the league are listed.
--   ccus (rule 5):        item = project id and name, activity = stored + permanently utilised −
--                         leakage (t CO2 retained), factor = net reduction ÷ retained (t CO2 reduced
--                         per t retained, i.e. 1 − capture-energy CO2 ÷ retained; NULL when nothing
--                         is retained, e.g. food-grade CO2, whose t_co2 is then minus its capture
--                         energy CO2); basis spells out every term.
-- Sign convention: t_co2 of energy_direct, electricity_indirect and process are emissions; t_co2
-- of sink and ccus are removals/reductions (positive = removal, negative = a stock loss or a
-- project whose capture energy exceeds what it retains). sign_in_net says how an item enters
-- net emissions: net_t_co2 = Σ t_co2 × sign_in_net.
with energy as (
    select
        league_code, year, 'energy_direct' as category, fuel as item,
        combusted_quantity as activity_value, unit as activity_unit,
        t_co2_per_unit as factor_value, 't CO2/' || unit as factor_unit,
        t_co2, factor_version,
        'NCV ' || cast(ncv_gj_per_base_unit as varchar) || ' GJ/' || unit
            || ' × carbon ' || cast(carbon_content_tc_per_tj as varchar) || ' tC/TJ × oxidation '
            || cast(oxidation_rate as varchar) || ' × 44/12' as basis
    from {{ ref('int_emissions__energy_direct') }}
    where combusted_quantity is not null
),

electricity as (
    select
        league_code, year, 'electricity_indirect' as category, '化石能源电力净调入' as item,
        net_transfer_mwh as activity_value, 'MWh' as activity_unit,
        applied_fossil_share * applied_fossil_t_co2_per_mwh as factor_value, 't CO2/MWh' as factor_unit,
        electricity_indirect_t_co2 as t_co2,
        '{{ var("factor_version") }}' as factor_version,
        'fossil share ' || cast(round(applied_fossil_share, 4) as varchar)
            || ' × fossil factor ' || cast(round(applied_fossil_t_co2_per_mwh, 4) as varchar)
            || ' t/MWh (' || factor_basis || ')' as basis
    from {{ ref('int_electricity__transfers') }}
    where net_transfer_mwh is not null
),

process as (
    select
        league_code, year, 'process' as category, product as item,
        output_t as activity_value, 't' as activity_unit,
        t_co2_per_t as factor_value, 't CO2/t' as factor_unit,
        t_co2, factor_version,
        'process factor of ' || product_name_en as basis
    from {{ ref('int_emissions__process') }}
    where output_t is not null
),

sink as (
    select
        league_code, year, 'sink' as category, land_class as item,
        activity_value, activity_unit, factor_value, factor_unit,
        sink_t_co2 as t_co2, factor_version, basis
    from {{ ref('int_sinks__league_year_sinks') }}
    where n_plots > 0
),

ccus as (
    select
        league_code, year, 'ccus' as category, project_id || ' ' || coalesce(project_name, '') as item,
        retained_t_co2 as activity_value, 't CO2' as activity_unit,
        net_reduction_t_co2 / nullif(retained_t_co2, 0) as factor_value,
        't CO2 reduced/t CO2 retained' as factor_unit,
        net_reduction_t_co2 as t_co2, factor_version,
        'stored ' || cast(stored_t as varchar)
            || ' + utilised ' || cast(utilized_t as varchar)
            || coalesce(' (' || utilization_type || ', '
                || case when utilization_counts_as_permanent then 'permanent' else 'not counted' end || ')', '')
            || ' − leakage ' || cast(leakage_t as varchar)
            || ' − electricity ' || cast(capture_electricity_mwh as varchar) || ' MWh × '
            || cast(grid_t_co2_per_mwh as varchar) || ' t/MWh (' || cast(grid_factor_year as varchar)
            || case when grid_factor_is_nearest_year then ' factor, nearest year' else ' factor' end || ')'
            || ' − heat ' || cast(capture_heat_gj as varchar) || ' GJ × ' || cast(heat_t_co2_per_gj as varchar)
            || ' t/GJ' as basis
    from {{ ref('int_ccus__project_reductions') }}
),

items as (
    select * from energy
    union all
    select * from electricity
    union all
    select * from process
    union all
    select * from sink
    union all
    select * from ccus
)

select
    cast(league_code as varchar) as league_code,
    cast(year as integer) as year,
    cast(category as varchar) as category,
    cast(item as varchar) as item,
    cast(activity_value as double) as activity_value,
    cast(activity_unit as varchar) as activity_unit,
    cast(factor_value as double) as factor_value,
    cast(factor_unit as varchar) as factor_unit,
    cast(t_co2 as double) as t_co2,
    cast(factor_version as varchar) as factor_version,
    cast(basis as varchar) as basis,
    cast(case when category in ('sink', 'ccus') then -1 else 1 end as integer) as sign_in_net
from items
