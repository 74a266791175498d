-- Rule 4 (生态系统碳储量): carbon stock of every survey plot in every wave present.
--   乔木林, 疏林地 (method volume_expansion, species parameters of the plot's species group;
--     疏林地 uses the 乔木林 parameters, ref_ecosystem_params):
--       above-ground biomass t/ha = stock volume m3/ha × wood density t/m3 × biomass expansion factor
--   灌木林 (method biomass): above-ground biomass t/ha = shrub dry biomass t/ha
--   草地 (method biomass):   above-ground biomass t/ha = dry AGB g/m2 × 0.01 (unit conversion:
--       1 g/m2 = 10,000 g/ha = 0.01 t/ha)
--   carbon density t C/ha = above-ground biomass × (1 + root:shoot) × carbon fraction
--   plot stock t C        = carbon density × area_ha (the expansion area the plot represents)
--   湿地 (method area_rate): no stock parameter exists; density and stock are NULL and the wetland
--       enters the sink as area × sink rate (int_sinks__league_year_sinks).
with plots as (
    select *
    from {{ ref('stg_forestry__plots') }}
    where survey_year in (select survey_year from {{ ref('int_sinks__survey_waves') }})
),

classes as (
    select land_class, carbon_method from {{ ref('ref_survey_land_classes') }}
),

species as (
    select
        species_group,
        wood_density_t_per_m3,
        biomass_expansion_factor,
        root_shoot_ratio,
        carbon_fraction,
        factor_version
    from {{ current_factors('ref_forest_species_params') }}
),

ecosystem as (
    select
        land_class,
        max(case when parameter = 'root_shoot_ratio' then try_cast(value as double) end) as root_shoot_ratio,
        max(case when parameter = 'carbon_fraction' then try_cast(value as double) end) as carbon_fraction,
        max(factor_version) as factor_version
    from {{ current_factors('ref_ecosystem_params') }}
    group by land_class
),

parameters as (
    select
        plots.*,
        classes.carbon_method,
        case classes.carbon_method
            when 'volume_expansion' then plots.stock_volume_m3_per_ha
            when 'biomass' then coalesce(plots.shrub_biomass_t_per_ha, plots.grass_agb_dry_g_per_m2)
        end as measure_value,
        case classes.carbon_method
            when 'volume_expansion' then 'm3/ha'
            when 'biomass' then case when plots.shrub_biomass_t_per_ha is not null then 't/ha' else 'g/m2' end
        end as measure_unit,
        case classes.carbon_method
            when 'volume_expansion'
                then plots.stock_volume_m3_per_ha * species.wood_density_t_per_m3 * species.biomass_expansion_factor
            when 'biomass'
                then coalesce(plots.shrub_biomass_t_per_ha, plots.grass_agb_dry_g_per_m2 * 0.01)
        end as aboveground_biomass_t_per_ha,
        species.wood_density_t_per_m3,
        species.biomass_expansion_factor,
        case classes.carbon_method
            when 'volume_expansion' then species.root_shoot_ratio
            when 'biomass' then ecosystem.root_shoot_ratio
        end as root_shoot_ratio,
        case classes.carbon_method
            when 'volume_expansion' then species.carbon_fraction
            when 'biomass' then ecosystem.carbon_fraction
        end as carbon_fraction,
        coalesce(species.factor_version, ecosystem.factor_version, '{{ var("factor_version") }}') as factor_version
    from plots
    inner join classes on plots.land_class = classes.land_class
    left join species on classes.carbon_method = 'volume_expansion' and plots.species_group = species.species_group
    left join ecosystem on classes.carbon_method = 'biomass' and plots.land_class = ecosystem.land_class
)

select
    survey_year,
    plot_id,
    league_code,
    land_class,
    carbon_method,
    species_group,
    area_ha,
    measure_value,
    measure_unit,
    wood_density_t_per_m3,
    biomass_expansion_factor,
    aboveground_biomass_t_per_ha,
    root_shoot_ratio,
    carbon_fraction,
    aboveground_biomass_t_per_ha * (1 + root_shoot_ratio) * carbon_fraction as carbon_density_t_c_per_ha,
    aboveground_biomass_t_per_ha * (1 + root_shoot_ratio) * carbon_fraction * area_ha as stock_t_c,
    factor_version,
    source_file,
    source_row
from parameters
