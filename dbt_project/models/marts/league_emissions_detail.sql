-- Analyst mart: every emission item behind league_emissions with its activity and factor, so a
-- figure can be traced and recomputed: t_co2 = activity_value × factor_value.
--   energy_direct:        item = fuel, activity = combusted amount (base unit), factor = t CO2 per unit
--   electricity_indirect: item = 化石能源电力净调入, activity = net transfer (MWh), factor = fossil
--                         share × fossil factor (t CO2 per MWh of net transfer)
--   process:              item = product, activity = output (t), factor = t CO2 per t
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

items as (
    select * from energy
    union all
    select * from electricity
    union all
    select * from process
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
    cast(basis as varchar) as basis
from items
