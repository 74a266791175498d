-- Rule 5: CCUS net reduction per league × year = Σ of its projects' net reductions (t CO2).
-- One row per league for every year with a loaded ccus file: 0 when the file has no project in
-- the league; years without a ccus file have no row (league_emissions shows NULL).
with grid as (
    select leagues.league_code, years.year
    from {{ ref('int_leagues') }} as leagues
    cross join {{ loaded_years('ccus') }} as years
),

projects as (
    select
        year,
        league_code,
        count(*) as n_projects,
        sum(captured_t) as captured_t,
        sum(retained_t_co2) as retained_t_co2,
        sum(capture_electricity_t_co2 + capture_heat_t_co2) as capture_energy_t_co2,
        sum(net_reduction_t_co2) as net_reduction_t_co2
    from {{ ref('int_ccus__project_reductions') }}
    group by year, league_code
)

select
    grid.league_code,
    grid.year,
    coalesce(projects.n_projects, 0) as n_projects,
    coalesce(projects.captured_t, 0) as captured_t,
    coalesce(projects.retained_t_co2, 0) as retained_t_co2,
    coalesce(projects.capture_energy_t_co2, 0) as capture_energy_t_co2,
    coalesce(projects.net_reduction_t_co2, 0) as ccus_reduction_t_co2
from grid
left join projects on grid.league_code = projects.league_code and grid.year = projects.year
