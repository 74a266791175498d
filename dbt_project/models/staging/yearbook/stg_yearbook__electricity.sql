-- 电力: typing and renaming only (all MWh).
select
    cast(data_year as integer) as year,
    league_code,
    generation_mwh,
    thermal_generation_mwh,
    hydro_generation_mwh,
    wind_generation_mwh,
    solar_generation_mwh,
    other_generation_mwh,
    consumption_mwh,
    imported_mwh,
    exported_mwh,
    plant_use_and_losses_mwh,
    source_file,
    source_row
from {{ source('yearbook', 'yearbook_electricity') }}
