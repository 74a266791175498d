-- Reduction measures: typing and renaming only (one row per year × measure).
select
    cast(year as integer) as year,
    measure_id,
    league_code,
    kind,
    reduction_t_co2,
    energy_saving_tce,
    cast(verified as boolean) as verified,
    source_file,
    source_row
from {{ source('measures', 'reduction_measures') }}
