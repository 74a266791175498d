-- Rule 1: direct CO2 of fuel combustion per league × year × fuel:
--   t CO2 = combusted amount × NCV × carbon content per heat × oxidation × 44/12,
-- with NCV in GJ per base unit and carbon content in tC/TJ (÷ 1000 for tC/GJ).
-- Also the CO2 of the fuel burned in the 火力发电 row (needed by rule 2) and tce (GB/T 2589).
-- Only fossil fuels of ref_fuels carry factors; the 电力 and 热力 columns drop out here.
with fuels as (
    select
        fuel,
        name_en as fuel_name_en,
        ncv_gj_per_base_unit,
        carbon_content_tc_per_tj,
        oxidation_rate,
        tce_per_base_unit,
        factor_version,
        ncv_gj_per_base_unit * carbon_content_tc_per_tj / 1000.0 * oxidation_rate
            * {{ co2_per_carbon() }} as t_co2_per_unit
    from {{ current_factors('ref_fuels') }}
)

select
    use.year,
    use.league_code,
    use.fuel,
    fuels.fuel_name_en,
    use.unit,
    use.combusted_quantity,
    use.energy_use_quantity,
    use.feedstock_quantity,
    use.power_generation_quantity,
    fuels.ncv_gj_per_base_unit,
    fuels.carbon_content_tc_per_tj,
    fuels.oxidation_rate,
    fuels.t_co2_per_unit,
    fuels.tce_per_base_unit,
    use.combusted_quantity * fuels.t_co2_per_unit as t_co2,
    use.power_generation_quantity * fuels.t_co2_per_unit as power_generation_t_co2,
    use.energy_use_quantity * fuels.tce_per_base_unit as energy_use_tce,
    use.feedstock_quantity * fuels.tce_per_base_unit as feedstock_tce,
    fuels.factor_version
from {{ ref('int_energy__fuel_use') }} as use
inner join fuels on use.fuel = fuels.fuel
