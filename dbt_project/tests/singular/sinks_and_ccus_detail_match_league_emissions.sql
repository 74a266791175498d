-- The sink and ccus items of league_emissions_detail add up to sink_t_co2 and
-- ccus_reduction_t_co2 of league_emissions, and net = gross − ccus − sink (rows returned fail).
with detail as (
    select
        league_code,
        year,
        sum(t_co2) filter (where category = 'sink') as sink_t_co2,
        sum(t_co2) filter (where category = 'ccus') as ccus_t_co2
    from {{ ref('league_emissions_detail') }}
    group by league_code, year
)

select league.league_code, league.year, league.sink_t_co2, detail.sink_t_co2 as detail_sink_t_co2,
    league.ccus_reduction_t_co2, detail.ccus_t_co2 as detail_ccus_t_co2
from {{ ref('league_emissions') }} as league
left join detail on league.league_code = detail.league_code and league.year = detail.year
where abs(coalesce(league.sink_t_co2, 0) - coalesce(detail.sink_t_co2, 0)) > 1e-6
   or abs(coalesce(league.ccus_reduction_t_co2, 0) - coalesce(detail.ccus_t_co2, 0)) > 1e-6
   or (league.sink_t_co2 is null and detail.sink_t_co2 is not null)
   or (league.ccus_reduction_t_co2 is null and detail.ccus_t_co2 is not null)
   or abs(league.net_t_co2 - (league.gross_t_co2 - league.ccus_reduction_t_co2 - league.sink_t_co2)) > 1e-6
