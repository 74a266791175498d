-- Renewable electricity consumed per enterprise-year (for the park shares):
--   electricity use          = purchased + generated − sold;
--   own fossil generation ≤ combusted fuel heat ÷ 3.6 GJ/MWh × max_fossil_generation_efficiency
--                            (ref_enterprise_parameters, 0.6): own generation above that bound
--                            is counted as renewable, the rest as fossil (conservative: the report
--                            does not say which generation is renewable, and a captive coal plant
--                            must not count);
--   own renewable consumed   = own renewable generation − sold (sales are taken from it first);
--   renewable consumed       = green purchases + own renewable consumed.
with annual as (
    select * from {{ ref('int_enterprise__annual') }}
),

bounded as (
    select
        annual.credit_code,
        annual.year,
        reports.league_code,
        reports.park,
        annual.electricity_consumption_mwh,
        annual.purchased_mwh,
        annual.green_purchased_mwh,
        annual.generated_mwh,
        annual.sold_mwh,
        annual.combusted_heat_gj,
        annual.combusted_heat_gj / {{ gj_per_mwh() }} * {{ enterprise_parameter('max_fossil_generation_efficiency') }}
            as fossil_generation_bound_mwh
    from annual
    inner join {{ ref('stg_enterprise__reports') }} as reports
        on annual.credit_code = reports.credit_code and annual.year = reports.year
)

select
    *,
    greatest(generated_mwh - fossil_generation_bound_mwh, 0) as own_renewable_generation_mwh,
    greatest(greatest(generated_mwh - fossil_generation_bound_mwh, 0) - sold_mwh, 0) as own_renewable_consumed_mwh,
    green_purchased_mwh + greatest(greatest(generated_mwh - fossil_generation_bound_mwh, 0) - sold_mwh, 0)
        as renewable_consumed_mwh
from bounded
