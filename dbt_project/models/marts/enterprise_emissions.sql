-- Inspector mart (restricted.duckdb): enterprise × year emissions recomputed by the platform,
-- next to the reported and verified totals.
--   total = combustion + process + electricity (regional factor) + heat;
--   electricity_t_co2 is the regional (inner_mongolia) figure; the national ETS figure is in
--   electricity_ets_t_co2 and total_ets_electricity_t_co2, never swapped into the total.
select
    cast(reports.credit_code as varchar) as credit_code,
    cast(reports.enterprise_name as varchar) as enterprise_name,
    cast(reports.league_code as varchar) as league_code,
    cast(reports.industry as varchar) as industry,
    cast(reports.year as integer) as year,
    cast(annual.combustion_t_co2 as double) as combustion_t_co2,
    cast(annual.process_t_co2 as double) as process_t_co2,
    cast(annual.electricity_regional_t_co2 as double) as electricity_t_co2,
    cast(annual.heat_t_co2 as double) as heat_t_co2,
    cast(annual.total_t_co2 as double) as total_t_co2,
    cast(reports.reported_total_t_co2 as double) as reported_total_t_co2,
    cast(reports.verified_total_t_co2 as double) as verified_total_t_co2,
    cast(leagues.league_name as varchar) as league_name,
    cast(reports.park as varchar) as park,
    cast(annual.electricity_regional_t_co2 as double) as electricity_regional_t_co2,
    cast(annual.electricity_ets_t_co2 as double) as electricity_ets_t_co2,
    cast(annual.total_ets_electricity_t_co2 as double) as total_ets_electricity_t_co2,
    cast(annual.regional_factor_t_co2_per_mwh as double) as electricity_regional_factor_t_co2_per_mwh,
    cast(annual.regional_factor_year as integer) as electricity_regional_factor_year,
    cast(annual.ets_factor_t_co2_per_mwh as double) as electricity_ets_factor_t_co2_per_mwh,
    cast(annual.ets_factor_year as integer) as electricity_ets_factor_year,
    cast(annual.purchased_mwh as double) as purchased_mwh,
    cast(annual.green_purchased_mwh as double) as green_purchased_mwh,
    cast(annual.fossil_purchased_mwh as double) as fossil_purchased_mwh,
    cast(annual.electricity_consumption_mwh as double) as electricity_consumption_mwh,
    cast(annual.purchased_heat_gj as double) as purchased_heat_gj,
    cast(annual.sold_heat_gj as double) as sold_heat_gj,
    cast(reports.energy_consumption_tce as double) as energy_consumption_tce,
    cast(annual.n_fuel_lines as integer) as n_fuel_lines,
    cast(annual.n_defaulted_lines as integer) as n_defaulted_lines,
    cast(annual.n_untested_coal_lines as integer) as n_untested_coal_lines,
    cast(annual.combustion_defaulted_t_co2 as double) as combustion_defaulted_t_co2,
    cast(annual.defaulted_combustion_share as double) as defaulted_combustion_share,
    cast(annual.defaulted_values as varchar) as defaulted_values,
    cast(reports.verification_conclusion as varchar) as verification_conclusion,
    cast('{{ var("factor_version") }}' as varchar) as factor_version,
    cast(reports.source_file as varchar) as source_file
from {{ ref('stg_enterprise__reports') }} as reports
inner join {{ ref('int_enterprise__annual') }} as annual
    on reports.credit_code = annual.credit_code and reports.year = annual.year
left join {{ ref('int_leagues') }} as leagues on reports.league_code = leagues.league_code
