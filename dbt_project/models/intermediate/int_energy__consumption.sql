-- Rule 2 (energy side), per league × year, in tce (coal-equivalent method):
--   energy use        = fuels of 火力发电 + 供热 + 工业 + other final-use rows × GB/T 2589 tce
--                       + (non-fossil generation + net transfer) × coal-equivalent factor;
--   feedstock         = the 其中：用作原料、材料 row × tce;
--   controlled energy = energy use − feedstock − renewable consumption × coal-equivalent factor
--                       (原料用能和可再生能源消费不纳入能耗总量和强度控制).
-- The coal-equivalent factor (gce/kWh, ÷ 1000 for tce/MWh) is that year's, or the nearest year's
-- when the seed has no value for the year (coal_equivalent_factor_year says which).
with fuels as (
    select
        year,
        league_code,
        coalesce(sum(energy_use_tce), 0) as fuel_energy_use_tce,
        coalesce(sum(feedstock_tce), 0) as feedstock_tce
    from {{ ref('int_emissions__energy_direct') }}
    group by year, league_code
),

coal_equivalent as (
    select
        years.year,
        factors.gce_per_kwh / 1000.0 as tce_per_mwh,
        factors.year as factor_year
    from (select distinct year from {{ ref('int_league_years') }}) as years
    cross join {{ current_factors('ref_electricity_coal_equivalent') }} as factors
    qualify row_number() over (partition by years.year order by abs(factors.year - years.year), factors.year) = 1
)

select
    league_years.year,
    league_years.league_code,
    fuels.fuel_energy_use_tce,
    fuels.feedstock_tce,
    transfers.non_fossil_generation_mwh,
    transfers.net_transfer_mwh,
    transfers.renewable_consumption_mwh,
    coal_equivalent.tce_per_mwh as electricity_tce_per_mwh,
    coal_equivalent.factor_year as coal_equivalent_factor_year,
    (transfers.non_fossil_generation_mwh + transfers.net_transfer_mwh) * coal_equivalent.tce_per_mwh
        as electricity_energy_use_tce,
    fuels.fuel_energy_use_tce
        + (transfers.non_fossil_generation_mwh + transfers.net_transfer_mwh) * coal_equivalent.tce_per_mwh
        as energy_tce,
    fuels.fuel_energy_use_tce
        + (transfers.non_fossil_generation_mwh + transfers.net_transfer_mwh) * coal_equivalent.tce_per_mwh
        - fuels.feedstock_tce
        - transfers.renewable_consumption_mwh * coal_equivalent.tce_per_mwh
        as controlled_energy_tce
from {{ ref('int_league_years') }} as league_years
left join fuels on league_years.year = fuels.year and league_years.league_code = fuels.league_code
left join {{ ref('int_electricity__transfers') }} as transfers
    on league_years.year = transfers.year and league_years.league_code = transfers.league_code
left join coal_equivalent on league_years.year = coal_equivalent.year
