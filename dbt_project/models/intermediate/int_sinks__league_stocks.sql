-- Rule 4: carbon stock per league × survey year × land class, the sum of the plot stocks (each
-- plot stands for its expansion area), with its sampling error.
--
-- Standard error of a league total. The plots of a league × land class are treated as a
-- with-replacement sample of n expansion units (Hansen-Hurwitz): each plot i alone would
-- estimate the total as n·x_i (x_i = its stock t C), the estimate is the mean of these,
-- T = Σ x_i, and its variance estimator is
--     Var(T) = Σ (n·x_i − T)² / (n (n − 1)) = n/(n − 1) · Σ (x_i − x̄)² = n · s²,
-- so SE = sqrt(n/(n − 1) · Σ (x_i − x̄)²) = sqrt(n) × stddev_samp(x). With equal plot areas A/n
-- this is the familiar A · s_density / sqrt(n). It is conservative for a systematic grid and
-- NULL for fewer than 2 plots (no variance can be estimated).
--
-- Every league × wave present × land class has a row: n_plots 0 and stock 0 when the league has
-- no plot of the class (the source is present but has nothing), never a missing row.
-- 湿地 (carbon_method area_rate) has no stock parameter: stock and SE are NULL, the area is given.
with grid as (
    select leagues.league_code, leagues.league_name, waves.survey_year, classes.land_class,
        classes.sort_order, classes.carbon_method
    from {{ ref('int_leagues') }} as leagues
    cross join {{ ref('int_sinks__survey_waves') }} as waves
    cross join {{ ref('ref_survey_land_classes') }} as classes
),

plots as (
    select
        league_code,
        survey_year,
        land_class,
        count(*) as n_plots,
        sum(area_ha) as area_ha,
        sum(stock_t_c) as stock_t_c,
        sqrt(count(stock_t_c)) * stddev_samp(stock_t_c) as stock_se_t_c,
        max(factor_version) as factor_version
    from {{ ref('int_sinks__plot_carbon') }}
    group by league_code, survey_year, land_class
)

select
    grid.league_code,
    grid.league_name,
    grid.survey_year,
    grid.land_class,
    grid.sort_order,
    grid.carbon_method,
    coalesce(plots.n_plots, 0) as n_plots,
    coalesce(plots.area_ha, 0) as area_ha,
    case when grid.carbon_method <> 'area_rate' then coalesce(plots.stock_t_c, 0) end as stock_t_c,
    case when grid.carbon_method <> 'area_rate' then plots.stock_se_t_c end as stock_se_t_c,
    coalesce(plots.factor_version, '{{ var("factor_version") }}') as factor_version
from grid
left join plots
    on grid.league_code = plots.league_code
    and grid.survey_year = plots.survey_year
    and grid.land_class = plots.land_class
