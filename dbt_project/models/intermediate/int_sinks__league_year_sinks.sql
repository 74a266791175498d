-- Rule 4: the annual ecosystem sink per league × data year × land class (t CO2, positive =
-- removal; net = gross − CCUS − sink, so a stock loss raises net emissions).
--   stock classes (乔木林, 疏林地, 灌木林, 草地): the annual sink of the pair of consecutive waves
--     (t1, t2) is assigned to the years t1+1 … t2 (sink_method stock_difference); years after the
--     last wave carry the last pair's annual sink forward (sink_method carried_forward); years up
--     to the first wave, or with fewer than two waves present, have no row (the marts show NULL).
--     activity = annual stock change (t C/yr), factor = 44/12 t CO2/t C.
--   湿地 (area_rate): area of the latest wave at or before the year × the 湿地 sink_rate of
--     ref_ecosystem_params (t C/ha/yr) × 44/12; activity = area (ha), factor = rate × 44/12
--     (t CO2/ha/yr), for the same years as the stock classes.
-- Every league has a row per land class for a covered year (0 when it has no plot of the class).
with waves as (select * from {{ ref('int_sinks__survey_waves') }}),

pairs as (
    select previous_survey_year as start_year, survey_year as end_year
    from waves
    where previous_survey_year is not null
),

last_pair as (
    select * from pairs qualify row_number() over (order by end_year desc) = 1
),

years as (
    select distinct year from {{ ref('int_league_years') }}
),

year_pairs as (
    select years.year, pairs.start_year, pairs.end_year, 'stock_difference' as sink_method
    from years
    inner join pairs on years.year > pairs.start_year and years.year <= pairs.end_year
    union all
    select years.year, last_pair.start_year, last_pair.end_year, 'carried_forward' as sink_method
    from years
    cross join last_pair
    where years.year > last_pair.end_year
),

stock_items as (
    select
        year_pairs.year,
        changes.league_code,
        changes.land_class,
        year_pairs.sink_method,
        'stock_difference' as calculation,
        year_pairs.start_year,
        year_pairs.end_year,
        changes.n_permanent_plots as n_plots,
        changes.annual_stock_change_t_c as activity_value,
        't C/yr' as activity_unit,
        {{ co2_per_carbon() }} as factor_value,
        't CO2/t C' as factor_unit,
        changes.annual_sink_t_co2 as sink_t_co2,
        changes.factor_version,
        'stock difference ' || cast(year_pairs.start_year as varchar) || '→' || cast(year_pairs.end_year as varchar)
            || ' of ' || cast(changes.n_permanent_plots as varchar) || ' permanent plots: '
            || cast(round(changes.start_stock_t_c, 1) as varchar) || ' → '
            || cast(round(changes.end_stock_t_c, 1) as varchar) || ' t C over '
            || cast(changes.years_between as varchar) || ' yr × 44/12'
            || case when year_pairs.sink_method = 'carried_forward' then ' (carried forward after the last wave)' else '' end
            as basis
    from year_pairs
    inner join {{ ref('int_sinks__stock_changes') }} as changes
        on year_pairs.start_year = changes.start_year and year_pairs.end_year = changes.end_year
),

rates as (
    select land_class, try_cast(value as double) as sink_rate_t_c_per_ha_yr, factor_version
    from {{ current_factors('ref_ecosystem_params') }}
    where parameter = 'sink_rate'
),

area_items as (
    select
        year_pairs.year,
        stocks.league_code,
        stocks.land_class,
        year_pairs.sink_method,
        'area_rate' as calculation,
        year_pairs.start_year,
        year_pairs.end_year,
        stocks.survey_year as area_survey_year,
        stocks.n_plots,
        stocks.area_ha,
        rates.sink_rate_t_c_per_ha_yr,
        rates.factor_version
    from year_pairs
    inner join {{ ref('int_sinks__league_stocks') }} as stocks
        on stocks.carbon_method = 'area_rate' and stocks.survey_year <= year_pairs.year
    inner join rates on stocks.land_class = rates.land_class
    qualify row_number() over (
        partition by year_pairs.year, stocks.league_code, stocks.land_class order by stocks.survey_year desc
    ) = 1
)

select
    year, league_code, land_class, sink_method, calculation, start_year, end_year, n_plots,
    activity_value, activity_unit, factor_value, factor_unit, sink_t_co2, factor_version, basis
from stock_items
union all
select
    year,
    league_code,
    land_class,
    sink_method,
    calculation,
    start_year,
    end_year,
    n_plots,
    area_ha as activity_value,
    'ha' as activity_unit,
    sink_rate_t_c_per_ha_yr * {{ co2_per_carbon() }} as factor_value,
    't CO2/ha/yr' as factor_unit,
    area_ha * sink_rate_t_c_per_ha_yr * {{ co2_per_carbon() }} as sink_t_co2,
    factor_version,
    'area of the ' || cast(area_survey_year as varchar) || ' survey × sink rate '
        || cast(sink_rate_t_c_per_ha_yr as varchar) || ' t C/ha/yr × 44/12' as basis
from area_items
