-- Verified reduction measures (减排措施) for the carbon budget ledger (DESIGN rule 8): only rows
-- with verified = true. None of them is added to league_emissions: energy saving, capacity exit
-- and structure change already show in the yearbook of later years, and sinks and CCUS are
-- accounted from their own sources (counting the measure as well would double count them).
select
    measures.year,
    measures.measure_id,
    measures.league_code,
    measures.kind,
    kinds.name_en as kind_en,
    measures.reduction_t_co2,
    measures.energy_saving_tce,
    cast(kinds.in_league_emissions as boolean) as in_league_emissions,
    measures.source_file,
    measures.source_row
from {{ ref('stg_measures__measures') }} as measures
inner join {{ ref('ref_measure_kinds') }} as kinds on measures.kind = kinds.kind
where measures.verified
  and measures.year in (select year from {{ loaded_years('measures') }})
