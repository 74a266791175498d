-- Inspector mart (restricted.duckdb): the detail behind enterprise_emissions, one row per
-- enterprise × year × month × category × unit × item, with what was applied and why:
--   combustion:  one row per fuel line (unit_id × fuel); activity = the reported consumption in its
--                unit; the reported and the applied NCV, carbon content and oxidation, the basis
--                of each (measured | default | untested_coal_high_default), the reason a measured
--                value was not used, and the full lab record (report id, lab, sample date);
--   process:     product × month, activity = output (t);
--   electricity: month, activity = fossil-attributable purchase (purchased − green, MWh), t_co2
--                with the regional factor, t_co2_ets with the national ETS factor;
--   heat:        month, activity = purchased heat (GJ).
-- t_co2 summed over the rows of an enterprise-year gives the components of enterprise_emissions.
with combustion as (
    select
        credit_code, year, month, 'combustion' as category, unit_id, fuel as item,
        consumption_reported as activity_value, consumption_unit as activity_unit,
        t_co2 / nullif(consumption_reported, 0) as factor_value, 't CO2/' || consumption_unit as factor_unit,
        t_co2, cast(null as double) as t_co2_ets, is_defaulted,
        'ncv=' || ncv_basis || '; carbon_content=' || carbon_content_basis
            || coalesce('_' || untested_coal_default_edition, '') || '; oxidation=' || oxidation_basis as value_basis,
        heat_gj,
        ncv_reported_gj_per_unit, ncv_source, ncv_applied_gj_per_base_unit, ncv_basis, ncv_default_reason,
        carbon_content_reported_tc_per_gj, carbon_content_source, carbon_content_applied_tc_per_gj,
        carbon_content_basis, carbon_default_reason, oxidation_rate_reported, oxidation_rate_applied,
        lab_report_id, lab_name, sample_date,
        cast(null as integer) as factor_year, factor_version, source_file, json_path
    from {{ ref('int_enterprise__combustion') }}
),

process as (
    select
        credit_code, year, month, 'process' as category, null as unit_id, product as item,
        output_t as activity_value, 't' as activity_unit, t_co2_per_t as factor_value, 't CO2/t' as factor_unit,
        t_co2, null as t_co2_ets, false as is_defaulted, 'process factor' as value_basis, null as heat_gj,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null as factor_year, factor_version, source_file, json_path
    from {{ ref('int_enterprise__process') }}
),

electricity as (
    select
        credit_code, year, month, 'electricity' as category, null as unit_id, '电力' as item,
        fossil_purchased_mwh as activity_value, 'MWh' as activity_unit,
        regional_factor_t_co2_per_mwh as factor_value, 't CO2/MWh' as factor_unit,
        regional_t_co2 as t_co2, ets_t_co2 as t_co2_ets, false as is_defaulted,
        'purchased ' || cast(purchased_mwh as varchar) || ' MWh − green ' || cast(green_purchased_mwh as varchar)
            || ' MWh; regional factor of ' || cast(regional_factor_year as varchar) || ', ETS factor '
            || cast(ets_factor_t_co2_per_mwh as varchar) || ' of ' || cast(ets_factor_year as varchar) as value_basis,
        null as heat_gj,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        regional_factor_year as factor_year, factor_version, source_file, json_path
    from {{ ref('int_enterprise__electricity') }}
),

heat as (
    select
        credit_code, year, month, 'heat' as category, null as unit_id, '热力' as item,
        purchased_gj as activity_value, 'GJ' as activity_unit, t_co2_per_gj as factor_value,
        't CO2/GJ' as factor_unit, t_co2, null as t_co2_ets, false as is_defaulted,
        'purchased heat (sold heat not deducted)' as value_basis, null as heat_gj,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null as factor_year, factor_version, source_file, json_path
    from {{ ref('int_enterprise__heat') }}
),

items as (
    select * from combustion
    union all
    select * from process
    union all
    select * from electricity
    union all
    select * from heat
)

select
    cast(credit_code as varchar) as credit_code,
    cast(year as integer) as year,
    cast(month as integer) as month,
    cast(category as varchar) as category,
    cast(unit_id as varchar) as unit_id,
    cast(item as varchar) as item,
    cast(activity_value as double) as activity_value,
    cast(activity_unit as varchar) as activity_unit,
    cast(factor_value as double) as factor_value,
    cast(factor_unit as varchar) as factor_unit,
    cast(t_co2 as double) as t_co2,
    cast(t_co2_ets as double) as t_co2_ets,
    cast(is_defaulted as boolean) as is_defaulted,
    cast(value_basis as varchar) as value_basis,
    cast(heat_gj as double) as heat_gj,
    cast(ncv_reported_gj_per_unit as double) as ncv_reported_gj_per_unit,
    cast(ncv_source as varchar) as ncv_source,
    cast(ncv_applied_gj_per_base_unit as double) as ncv_applied_gj_per_base_unit,
    cast(ncv_basis as varchar) as ncv_basis,
    cast(ncv_default_reason as varchar) as ncv_default_reason,
    cast(carbon_content_reported_tc_per_gj as double) as carbon_content_reported_tc_per_gj,
    cast(carbon_content_source as varchar) as carbon_content_source,
    cast(carbon_content_applied_tc_per_gj as double) as carbon_content_applied_tc_per_gj,
    cast(carbon_content_basis as varchar) as carbon_content_basis,
    cast(carbon_default_reason as varchar) as carbon_default_reason,
    cast(oxidation_rate_reported as double) as oxidation_rate_reported,
    cast(oxidation_rate_applied as double) as oxidation_rate_applied,
    cast(lab_report_id as varchar) as lab_report_id,
    cast(lab_name as varchar) as lab_name,
    cast(sample_date as date) as sample_date,
    cast(factor_year as integer) as factor_year,
    cast(factor_version as varchar) as factor_version,
    cast(source_file as varchar) as source_file,
    cast(json_path as varchar) as json_path
from items
