-- Survey plots: typing and renaming only (one row per survey year × plot).
select
    cast(survey_year as integer) as survey_year,
    plot_id,
    league_code,
    land_class,
    species_group,
    area_ha,
    stock_volume_m3_per_ha,
    shrub_biomass_t_per_ha,
    grass_agb_dry_g_per_m2,
    wetland_type,
    source_file,
    source_row
from {{ source('forestry_survey', 'forestry_survey_plots') }}
