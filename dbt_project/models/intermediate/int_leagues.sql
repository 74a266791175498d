-- The 12 leagues/cities (the region row 150000 excluded) with their grid region.
select
    league_code,
    name_zh as league_name,
    name_en as league_name_en,
    kind,
    grid_region
from {{ current_factors('ref_leagues') }}
where kind <> 'region'
