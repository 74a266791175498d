-- Rule 4 (stock-difference method): carbon stock change per pair of consecutive survey waves
-- (t1, t2) × league × land class, over the permanent plots only: plots surveyed in both waves
-- with the same plot_id and league, and a stock in both (so wetlands, which have no stock, are
-- out). Plots surveyed in one wave of the pair only are left out (they are reported by the
-- ingestion: raw.quarantine reason plot_in_one_wave), so new or lost plots never show up as a
-- fake gain or loss.
--   stock change t C       = Σ (stock_t2 − stock_t1) over the permanent plots
--   annual stock change    = stock change ÷ (t2 − t1)            (t C per year)
--   annual sink t CO2      = annual stock change × 44/12          (positive = removal)
-- A plot whose land class changed between the waves counts under its class at t2 (IPCC:
-- land converted to a use is reported under the new use); n_land_class_changed says how many.
-- The sampling error of the change uses the paired differences (same estimator as the stocks):
--   SE = sqrt(n) × stddev_samp(stock_t2 − stock_t1).
with pairs as (
    select previous_survey_year as start_year, survey_year as end_year
    from {{ ref('int_sinks__survey_waves') }}
    where previous_survey_year is not null
),

grid as (
    select leagues.league_code, pairs.start_year, pairs.end_year, classes.land_class
    from {{ ref('int_leagues') }} as leagues
    cross join pairs
    cross join {{ ref('ref_survey_land_classes') }} as classes
    where classes.carbon_method <> 'area_rate'
),

permanent as (
    select
        pairs.start_year,
        pairs.end_year,
        later.league_code,
        later.land_class,
        later.plot_id,
        earlier.land_class as start_land_class,
        earlier.stock_t_c as start_stock_t_c,
        later.stock_t_c as end_stock_t_c,
        later.factor_version
    from pairs
    inner join {{ ref('int_sinks__plot_carbon') }} as later on later.survey_year = pairs.end_year
    inner join {{ ref('int_sinks__plot_carbon') }} as earlier
        on earlier.survey_year = pairs.start_year
        and earlier.plot_id = later.plot_id
        and earlier.league_code = later.league_code
    where earlier.stock_t_c is not null and later.stock_t_c is not null
),

changes as (
    select
        start_year,
        end_year,
        league_code,
        land_class,
        count(*) as n_permanent_plots,
        count(*) filter (where start_land_class <> land_class) as n_land_class_changed,
        sum(start_stock_t_c) as start_stock_t_c,
        sum(end_stock_t_c) as end_stock_t_c,
        sum(end_stock_t_c - start_stock_t_c) as stock_change_t_c,
        sqrt(count(*)) * stddev_samp(end_stock_t_c - start_stock_t_c) as stock_change_se_t_c,
        max(factor_version) as factor_version
    from permanent
    group by start_year, end_year, league_code, land_class
)

select
    grid.league_code,
    grid.start_year,
    grid.end_year,
    grid.end_year - grid.start_year as years_between,
    grid.land_class,
    coalesce(changes.n_permanent_plots, 0) as n_permanent_plots,
    coalesce(changes.n_land_class_changed, 0) as n_land_class_changed,
    coalesce(changes.start_stock_t_c, 0) as start_stock_t_c,
    coalesce(changes.end_stock_t_c, 0) as end_stock_t_c,
    coalesce(changes.stock_change_t_c, 0) as stock_change_t_c,
    changes.stock_change_se_t_c,
    coalesce(changes.stock_change_t_c, 0) / (grid.end_year - grid.start_year) as annual_stock_change_t_c,
    coalesce(changes.stock_change_t_c, 0) / (grid.end_year - grid.start_year) * {{ co2_per_carbon() }}
        as annual_sink_t_co2,
    changes.stock_change_se_t_c / (grid.end_year - grid.start_year) * {{ co2_per_carbon() }}
        as annual_sink_se_t_co2,
    coalesce(changes.factor_version, '{{ var("factor_version") }}') as factor_version
from grid
left join changes
    on grid.league_code = changes.league_code
    and grid.start_year = changes.start_year
    and grid.land_class = changes.land_class
