-- Enterprise purchased-electricity CO2 per month, with two factors kept apart:
--   fossil-attributable purchase = purchased − green purchases (绿电交易 counts as zero-carbon);
--   regional t CO2 = that × the inner_mongolia factor, ets t CO2 = that × the national ETS factor
--   (scopes by role in ref_enterprise_electricity_scopes), each the report year's factor or the
--   nearest year's (factor years in regional_factor_year / ets_factor_year).
-- Electricity use of the enterprise = purchased + generated − sold.
with electricity as (
    select * from {{ ref('stg_enterprise__electricity') }}
),

years as (
    select distinct year from electricity
),

factors as (
    select
        years.year,
        scopes.role,
        grid.t_co2_per_mwh,
        cast(grid.year as integer) as factor_year
    from years
    cross join {{ current_factors('ref_enterprise_electricity_scopes') }} as scopes
    inner join {{ current_factors('ref_grid_emission_factors') }} as grid on grid.scope = scopes.scope
    qualify row_number() over (
        partition by years.year, scopes.role order by abs(grid.year - years.year), grid.year
    ) = 1
)

select
    electricity.credit_code,
    electricity.year,
    electricity.month,
    electricity.purchased_mwh,
    electricity.green_purchased_mwh,
    electricity.generated_mwh,
    electricity.supplied_mwh,
    electricity.sold_mwh,
    electricity.purchased_mwh - electricity.green_purchased_mwh as fossil_purchased_mwh,
    electricity.purchased_mwh + electricity.generated_mwh - electricity.sold_mwh as consumption_mwh,
    regional.t_co2_per_mwh as regional_factor_t_co2_per_mwh,
    regional.factor_year as regional_factor_year,
    ets.t_co2_per_mwh as ets_factor_t_co2_per_mwh,
    ets.factor_year as ets_factor_year,
    (electricity.purchased_mwh - electricity.green_purchased_mwh) * regional.t_co2_per_mwh as regional_t_co2,
    (electricity.purchased_mwh - electricity.green_purchased_mwh) * ets.t_co2_per_mwh as ets_t_co2,
    '{{ var("factor_version") }}' as factor_version,
    electricity.source_file,
    electricity.json_path
from electricity
left join factors as regional on electricity.year = regional.year and regional.role = 'regional'
left join factors as ets on electricity.year = ets.year and ets.role = 'ets'
