-- Analyst mart (rule 4): ecosystem carbon stock per league × survey year × land class, with the
-- sampling error of the estimate. stock = Σ plot carbon density × expansion area over the plots
-- of the wave; stock_se = sqrt(n/(n−1) · Σ (x_i − x̄)²) over the plot stocks x_i (plots as a
-- with-replacement sample of expansion units; see int_sinks__league_stocks). Every league ×
-- survey wave present × land class has a row (stock 0 with n_plots 0 when the league has no
-- plot of the class). 湿地 has no stock parameter: its stock and SE are NULL, its area is given
-- (its sink is area × rate, see league_emissions_detail). Stocks are vegetation (above- and
-- below-ground biomass) carbon; dead wood, litter and soil are not surveyed.
select
    cast(league_code as varchar) as league_code,
    cast(survey_year as integer) as survey_year,
    cast(land_class as varchar) as land_class,
    cast(stock_t_c as double) as stock_t_c,
    cast(stock_se_t_c as double) as stock_se_t_c,
    cast(league_name as varchar) as league_name,
    cast(n_plots as integer) as n_plots,
    cast(area_ha as double) as area_ha,
    cast(stock_t_c / nullif(area_ha, 0) as double) as carbon_density_t_c_per_ha,
    cast(100.0 * stock_se_t_c / nullif(stock_t_c, 0) as double) as stock_relative_se_pct,
    cast(stock_t_c * {{ co2_per_carbon() }} as double) as stock_t_co2,
    cast(carbon_method as varchar) as carbon_method,
    cast(factor_version as varchar) as factor_version
from {{ ref('int_sinks__league_stocks') }}
