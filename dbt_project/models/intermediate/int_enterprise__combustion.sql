-- Enterprise combustion CO2 per fuel line:
--   heat (GJ)  = quantity (base unit) × NCV (GJ per base unit)        [a GJ line: the consumption]
--   t CO2      = heat × carbon content (tC/GJ) × oxidation rate × 44/12
-- NCV:            the measured value when valid (int_enterprise__fuel_lines), else ref_fuels.
-- Carbon content: the measured value when valid; else, for coal (ref_enterprise_fuel_rules.is_coal),
--                 the conservative high default of the power-sector guideline
--                 (ref_ets_power_parameters.coal_carbon_content_default_untested) of the edition
--                 in force for the report year (ref_untested_coal_default_editions: ≤ 2021 → 2021
--                 edition, ≥ 2022 → 2022 edition), applied per unit heat, whether the NCV is
--                 measured or not; for other fuels ref_fuels (tC/TJ ÷ 1000).
-- Oxidation:      the reported rate, else ref_fuels.
-- A line is defaulted when its NCV or its carbon content is not a valid measurement.
with lines as (
    select * from {{ ref('int_enterprise__fuel_lines') }}
),

fuels as (
    select
        fuel,
        ncv_gj_per_base_unit as default_ncv_gj_per_base_unit,
        carbon_content_tc_per_tj / 1000.0 as default_carbon_content_tc_per_gj,
        oxidation_rate as default_oxidation_rate,
        factor_version
    from {{ current_factors('ref_fuels') }}
),

coal_default as (
    select
        cast(editions.report_year_from as integer) as report_year_from,
        cast(editions.report_year_to as integer) as report_year_to,
        cast(cast(editions.edition as integer) as varchar) as edition,
        cast(parameters.value as double) as carbon_content_tc_per_gj
    from {{ current_factors('ref_untested_coal_default_editions') }} as editions
    inner join {{ current_factors('ref_ets_power_parameters') }} as parameters
        on parameters.parameter = 'coal_carbon_content_default_untested'
        and cast(parameters.edition as integer) = cast(editions.edition as integer)
),

applied as (
    select
        lines.*,
        fuels.default_ncv_gj_per_base_unit,
        fuels.default_carbon_content_tc_per_gj,
        fuels.default_oxidation_rate,
        fuels.factor_version,
        case
            when lines.consumption_unit = 'GJ' then null
            when lines.ncv_default_reason is null then lines.ncv_reported_gj_per_base_unit
            else fuels.default_ncv_gj_per_base_unit
        end as ncv_applied_gj_per_base_unit,
        case
            when lines.consumption_unit = 'GJ' then 'heat_reported'
            when lines.ncv_default_reason is null then 'measured'
            else 'default'
        end as ncv_basis,
        case
            when lines.carbon_default_reason is null then lines.carbon_content_reported_tc_per_gj
            when lines.is_coal then coal_default.carbon_content_tc_per_gj
            else fuels.default_carbon_content_tc_per_gj
        end as carbon_content_applied_tc_per_gj,
        case
            when lines.carbon_default_reason is null then 'measured'
            when lines.is_coal then 'untested_coal_high_default'
            else 'default'
        end as carbon_content_basis,
        case when lines.carbon_default_reason is not null and lines.is_coal then coal_default.edition end
            as untested_coal_default_edition,
        coalesce(lines.oxidation_rate_reported, fuels.default_oxidation_rate) as oxidation_rate_applied,
        case when lines.oxidation_rate_reported is not null then 'reported' else 'default' end as oxidation_basis
    from lines
    left join fuels on lines.fuel = fuels.fuel
    left join coal_default on lines.year between coal_default.report_year_from and coal_default.report_year_to
)

select
    *,
    case when consumption_unit = 'GJ' then consumption_reported else quantity_base * ncv_applied_gj_per_base_unit end
        as heat_gj,
    -- physical amount for comparisons with the yearbook: a GJ line at the default NCV
    coalesce(quantity_base, consumption_reported / default_ncv_gj_per_base_unit) as quantity_base_equivalent,
    case when consumption_unit = 'GJ' then consumption_reported else quantity_base * ncv_applied_gj_per_base_unit end
        * carbon_content_applied_tc_per_gj * oxidation_rate_applied * {{ co2_per_carbon() }} as t_co2,
    ncv_basis = 'default' or carbon_content_basis <> 'measured' as is_defaulted
from applied
