-- Enterprise purchased-heat CO2 per month: purchased GJ × the 热力 factor of
-- ref_indirect_emission_factors (0.11 t CO2/GJ). Sold heat is not deducted from the enterprise
-- total (it is reported; the purchased-heat rule of the guidelines counts purchases only).
select
    heat.credit_code,
    heat.year,
    heat.month,
    heat.purchased_gj,
    heat.sold_gj,
    factors.t_co2_per_unit as t_co2_per_gj,
    heat.purchased_gj * factors.t_co2_per_unit as t_co2,
    factors.factor_version,
    heat.source_file,
    heat.json_path
from {{ ref('stg_enterprise__heat') }} as heat
left join {{ current_factors('ref_indirect_emission_factors') }} as factors on factors.carrier = '热力'
