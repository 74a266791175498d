-- Rule 3 (工业生产过程): process CO2 = product output × process factor, for the nine products.
select
    output.year,
    output.league_code,
    output.product,
    factors.name_en as product_name_en,
    output.output_t,
    factors.t_co2_per_t,
    output.output_t * factors.t_co2_per_t as t_co2,
    factors.factor_version
from {{ ref('stg_yearbook__industrial_output') }} as output
inner join {{ current_factors('ref_process_factors') }} as factors on output.product = factors.product
where output.league_code in (select league_code from {{ ref('int_leagues') }})
