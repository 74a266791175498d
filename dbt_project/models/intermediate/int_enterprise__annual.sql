-- Enterprise × year totals of the four components, and what was defaulted.
-- A component is the sum of its monthly rows; 0 when the report's section is an empty list (the
-- enterprise states it has nothing to report), NULL when a row could not be computed (a factor
-- missing for the factor version), never a silent partial sum.
--   total = combustion + process + electricity (regional factor) + heat;
--   total_ets_electricity = the same with the national ETS electricity factor (kept apart).
with reports as (
    select credit_code, year from {{ ref('stg_enterprise__reports') }}
),

defaulted_tokens as (
    select credit_code, year, token
    from (
        select
            credit_code,
            year,
            unnest([
                case when ncv_basis = 'default' then 'ncv=default(' || fuel || ')' end,
                case when carbon_content_basis = 'default' then 'carbon_content=default(' || fuel || ')' end,
                case when carbon_content_basis = 'untested_coal_high_default'
                    then 'carbon_content=untested_coal_high_default_' || untested_coal_default_edition
                        || '(' || fuel || ')' end
            ]) as token
        from {{ ref('int_enterprise__combustion') }}
        where consumption_reported > 0
    )
    where token is not null
),

defaulted as (
    select credit_code, year, string_agg(distinct token, '; ' order by token) as defaulted_values
    from defaulted_tokens
    group by credit_code, year
),

combustion as (
    select
        lines.credit_code,
        lines.year,
        count(*) as n_fuel_lines,
        count(*) - count(lines.t_co2) as n_uncomputed_lines,
        sum(lines.t_co2) as t_co2,
        sum(lines.heat_gj) as heat_gj,
        count(*) filter (where lines.is_defaulted and lines.consumption_reported > 0) as n_defaulted_lines,
        count(*) filter (
            where lines.carbon_content_basis = 'untested_coal_high_default' and lines.consumption_reported > 0
        ) as n_untested_coal_lines,
        coalesce(sum(lines.t_co2) filter (where lines.is_defaulted), 0) as defaulted_t_co2,
        any_value(defaulted.defaulted_values) as defaulted_values
    from {{ ref('int_enterprise__combustion') }} as lines
    left join defaulted on lines.credit_code = defaulted.credit_code and lines.year = defaulted.year
    group by lines.credit_code, lines.year
),

process as (
    select credit_code, year, count(*) as n_rows, count(*) - count(t_co2) as n_uncomputed, sum(t_co2) as t_co2
    from {{ ref('int_enterprise__process') }}
    group by credit_code, year
),

electricity as (
    select
        credit_code,
        year,
        count(*) as n_rows,
        count(*) - count(regional_t_co2) as n_uncomputed_regional,
        count(*) - count(ets_t_co2) as n_uncomputed_ets,
        sum(regional_t_co2) as regional_t_co2,
        sum(ets_t_co2) as ets_t_co2,
        sum(purchased_mwh) as purchased_mwh,
        sum(green_purchased_mwh) as green_purchased_mwh,
        sum(fossil_purchased_mwh) as fossil_purchased_mwh,
        sum(generated_mwh) as generated_mwh,
        sum(sold_mwh) as sold_mwh,
        sum(consumption_mwh) as consumption_mwh,
        max(regional_factor_t_co2_per_mwh) as regional_factor_t_co2_per_mwh,
        max(regional_factor_year) as regional_factor_year,
        max(ets_factor_t_co2_per_mwh) as ets_factor_t_co2_per_mwh,
        max(ets_factor_year) as ets_factor_year
    from {{ ref('int_enterprise__electricity') }}
    group by credit_code, year
),

heat as (
    select
        credit_code, year, count(*) as n_rows, count(*) - count(t_co2) as n_uncomputed, sum(t_co2) as t_co2,
        sum(purchased_gj) as purchased_gj, sum(sold_gj) as sold_gj
    from {{ ref('int_enterprise__heat') }}
    group by credit_code, year
),

components as (
    select
        reports.credit_code,
        reports.year,
        case
            when combustion.credit_code is null then 0.0
            when combustion.n_uncomputed_lines = 0 then combustion.t_co2
        end as combustion_t_co2,
        case when process.credit_code is null then 0.0 when process.n_uncomputed = 0 then process.t_co2 end
            as process_t_co2,
        case when electricity.credit_code is null then 0.0 when electricity.n_uncomputed_regional = 0
            then electricity.regional_t_co2 end as electricity_regional_t_co2,
        case when electricity.credit_code is null then 0.0 when electricity.n_uncomputed_ets = 0
            then electricity.ets_t_co2 end as electricity_ets_t_co2,
        case when heat.credit_code is null then 0.0 when heat.n_uncomputed = 0 then heat.t_co2 end as heat_t_co2,
        coalesce(combustion.n_fuel_lines, 0) as n_fuel_lines,
        coalesce(combustion.n_defaulted_lines, 0) as n_defaulted_lines,
        coalesce(combustion.n_untested_coal_lines, 0) as n_untested_coal_lines,
        coalesce(combustion.defaulted_t_co2, 0.0) as combustion_defaulted_t_co2,
        combustion.defaulted_values,
        coalesce(combustion.heat_gj, 0.0) as combusted_heat_gj,
        coalesce(electricity.purchased_mwh, 0.0) as purchased_mwh,
        coalesce(electricity.green_purchased_mwh, 0.0) as green_purchased_mwh,
        coalesce(electricity.fossil_purchased_mwh, 0.0) as fossil_purchased_mwh,
        coalesce(electricity.generated_mwh, 0.0) as generated_mwh,
        coalesce(electricity.sold_mwh, 0.0) as sold_mwh,
        coalesce(electricity.consumption_mwh, 0.0) as electricity_consumption_mwh,
        electricity.regional_factor_t_co2_per_mwh,
        electricity.regional_factor_year,
        electricity.ets_factor_t_co2_per_mwh,
        electricity.ets_factor_year,
        coalesce(heat.purchased_gj, 0.0) as purchased_heat_gj,
        coalesce(heat.sold_gj, 0.0) as sold_heat_gj
    from reports
    left join combustion on reports.credit_code = combustion.credit_code and reports.year = combustion.year
    left join process on reports.credit_code = process.credit_code and reports.year = process.year
    left join electricity on reports.credit_code = electricity.credit_code and reports.year = electricity.year
    left join heat on reports.credit_code = heat.credit_code and reports.year = heat.year
)

select
    *,
    combustion_t_co2 + process_t_co2 + electricity_regional_t_co2 + heat_t_co2 as total_t_co2,
    combustion_t_co2 + process_t_co2 + electricity_ets_t_co2 + heat_t_co2 as total_ets_electricity_t_co2,
    combustion_defaulted_t_co2 / nullif(combustion_t_co2, 0) as defaulted_combustion_share
from components
