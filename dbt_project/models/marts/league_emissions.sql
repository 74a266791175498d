-- Analyst mart: one row per league × year (rules 1–6).
-- A category total sums the reported items; it is NULL when the league has no row in the sheet
-- it comes from (missing source), never a fake zero. Sinks (rule 4) and CCUS (rule 5) come from
-- optional sources: NULL for a year the source does not cover (no ccus file of the year; a year up
-- to the first survey wave), 0 when it covers the year but has nothing for the league. Positive
-- sink and CCUS are removals/reductions: net = gross − CCUS − sink (rule 6), NULL while either is
-- NULL, and the carbon intensity is on net. Verified reduction measures are NOT added here (they
-- would double count sinks, CCUS and what the yearbook already shows): see
-- int_measures__verified_reductions.
with energy as (
    select
        year,
        league_code,
        coalesce(sum(t_co2), 0) as energy_direct_t_co2,
        max(factor_version) as factor_version
    from {{ ref('int_emissions__energy_direct') }}
    group by year, league_code
),

process as (
    select year, league_code, coalesce(sum(t_co2), 0) as process_t_co2
    from {{ ref('int_emissions__process') }}
    group by year, league_code
),

sinks as (
    select
        year,
        league_code,
        sum(sink_t_co2) as sink_t_co2,
        max(sink_method) as sink_method,
        max(cast(start_year as varchar) || '-' || cast(end_year as varchar)) as sink_survey_period
    from {{ ref('int_sinks__league_year_sinks') }}
    group by year, league_code
),

combined as (
    select
        league_years.league_code,
        league_years.league_name,
        league_years.year,
        energy.energy_direct_t_co2,
        transfers.electricity_indirect_t_co2,
        process.process_t_co2,
        energy.energy_direct_t_co2 + transfers.electricity_indirect_t_co2 + process.process_t_co2
            as gross_t_co2,
        ccus.ccus_reduction_t_co2,
        sinks.sink_t_co2,
        sinks.sink_method,
        sinks.sink_survey_period,
        gdp.gdp_current_10k_yuan,
        gdp.gdp_2020_prices_10k_yuan,
        consumption.energy_tce,
        consumption.feedstock_tce,
        consumption.renewable_consumption_mwh,
        consumption.controlled_energy_tce,
        transfers.net_transfer_mwh as net_electricity_transfer_mwh
    from {{ ref('int_league_years') }} as league_years
    left join energy on league_years.year = energy.year and league_years.league_code = energy.league_code
    left join process on league_years.year = process.year and league_years.league_code = process.league_code
    left join {{ ref('int_electricity__transfers') }} as transfers
        on league_years.year = transfers.year and league_years.league_code = transfers.league_code
    left join {{ ref('int_economy__gdp_constant_prices') }} as gdp
        on league_years.year = gdp.year and league_years.league_code = gdp.league_code
    left join {{ ref('int_energy__consumption') }} as consumption
        on league_years.year = consumption.year and league_years.league_code = consumption.league_code
    left join {{ ref('int_ccus__league_reductions') }} as ccus
        on league_years.year = ccus.year and league_years.league_code = ccus.league_code
    left join sinks on league_years.year = sinks.year and league_years.league_code = sinks.league_code
)

select
    cast(league_code as varchar) as league_code,
    cast(league_name as varchar) as league_name,
    cast(year as integer) as year,
    energy_direct_t_co2,
    electricity_indirect_t_co2,
    process_t_co2,
    gross_t_co2,
    ccus_reduction_t_co2,
    sink_t_co2,
    gross_t_co2 - ccus_reduction_t_co2 - sink_t_co2 as net_t_co2,
    gdp_current_10k_yuan,
    gdp_2020_prices_10k_yuan,
    (gross_t_co2 - ccus_reduction_t_co2 - sink_t_co2) / nullif(gdp_2020_prices_10k_yuan, 0)
        as carbon_intensity_t_per_10k_yuan,
    gross_t_co2 / nullif(gdp_2020_prices_10k_yuan, 0) as gross_carbon_intensity_t_per_10k_yuan,
    energy_tce,
    feedstock_tce,
    renewable_consumption_mwh,
    controlled_energy_tce,
    energy_tce / nullif(gdp_2020_prices_10k_yuan, 0) as energy_intensity_tce_per_10k_yuan,
    net_electricity_transfer_mwh,
    cast('{{ var("factor_version") }}' as varchar) as factor_version,
    cast(sink_method as varchar) as sink_method,
    cast(sink_survey_period as varchar) as sink_survey_period
from combined
