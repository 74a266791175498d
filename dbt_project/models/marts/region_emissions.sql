-- Analyst mart: the region (内蒙古自治区, 150000) per year, as the sum of the 12 leagues.
-- A measure is NULL unless all 12 leagues report it (a partial sum would understate silently);
-- n_leagues_complete says how many leagues have a complete gross figure.
-- Region GDP at 2020 prices is the sum of the leagues' chain-linked GDP.
-- Sinks and CCUS are summed like the other measures (NULL for a year their source does not
-- cover); the sink method and survey period are the same for every league of a year.
{% set additive = [
    'energy_direct_t_co2', 'electricity_indirect_t_co2', 'process_t_co2', 'gross_t_co2',
    'ccus_reduction_t_co2', 'sink_t_co2', 'net_t_co2', 'gdp_current_10k_yuan',
    'gdp_2020_prices_10k_yuan', 'energy_tce', 'feedstock_tce', 'renewable_consumption_mwh',
    'controlled_energy_tce', 'net_electricity_transfer_mwh'] %}
with leagues as (select * from {{ ref('league_emissions') }}),

region as (
    select
        year,
        {% for column in additive -%}
        case when count({{ column }}) = count(*) then sum({{ column }}) end as {{ column }},
        {% endfor -%}
        count(gross_t_co2) as n_leagues_complete,
        count(*) as n_leagues,
        max(sink_method) as sink_method,
        max(sink_survey_period) as sink_survey_period
    from leagues
    group by year
)

select
    cast(regions.league_code as varchar) as league_code,
    cast(regions.name_zh as varchar) as league_name,
    cast(region.year as integer) as year,
    region.energy_direct_t_co2,
    region.electricity_indirect_t_co2,
    region.process_t_co2,
    region.gross_t_co2,
    region.ccus_reduction_t_co2,
    region.sink_t_co2,
    region.net_t_co2,
    region.gdp_current_10k_yuan,
    region.gdp_2020_prices_10k_yuan,
    region.net_t_co2 / nullif(region.gdp_2020_prices_10k_yuan, 0) as carbon_intensity_t_per_10k_yuan,
    region.gross_t_co2 / nullif(region.gdp_2020_prices_10k_yuan, 0) as gross_carbon_intensity_t_per_10k_yuan,
    region.energy_tce,
    region.feedstock_tce,
    region.renewable_consumption_mwh,
    region.controlled_energy_tce,
    region.energy_tce / nullif(region.gdp_2020_prices_10k_yuan, 0) as energy_intensity_tce_per_10k_yuan,
    region.net_electricity_transfer_mwh,
    cast(region.n_leagues_complete as integer) as n_leagues_complete,
    cast('{{ var("factor_version") }}' as varchar) as factor_version,
    cast(region.sink_method as varchar) as sink_method,
    cast(region.sink_survey_period as varchar) as sink_survey_period
from region
cross join (
    select league_code, name_zh from {{ current_factors('ref_leagues') }} where kind = 'region'
) as regions
