-- Enterprise process CO2 per month and product: output (t) × ref_process_factors (t CO2/t),
-- the same factors as the league accounting (rule 3).
select
    process.credit_code,
    process.year,
    process.month,
    process.product,
    process.output_t,
    factors.t_co2_per_t,
    process.output_t * factors.t_co2_per_t as t_co2,
    factors.factor_version,
    process.source_file,
    process.json_path
from {{ ref('stg_enterprise__process') }} as process
left join {{ current_factors('ref_process_factors') }} as factors on process.product = factors.product
