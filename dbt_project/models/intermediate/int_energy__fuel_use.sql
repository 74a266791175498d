-- Rule 1 (能源活动): per league × year × fuel, the amounts the accounting needs, using the
-- weights of ref_yearbook_use_categories:
--   combusted  = 火力发电 + 供热 + (工业 − 其中：用作原料、材料) + all other final-use rows
--                (炼焦, 炼油及煤制油, 制气 are transformation: weight 0);
--   energy use = 火力发电 + 供热 + 工业 + other final-use rows (feedstock stays in; it is
--                subtracted only from controlled energy);
--   feedstock  = the 其中：用作原料、材料 row.
-- A NULL quantity is a cell the yearbook did not report; sums skip it.
with energy as (
    select
        energy.year,
        energy.league_code,
        energy.fuel,
        energy.unit,
        energy.quantity,
        uses.role,
        cast(uses.combustion_weight as double) as combustion_weight,
        cast(uses.energy_use_weight as double) as energy_use_weight,
        cast(uses.is_feedstock as boolean) as is_feedstock
    from {{ ref('stg_yearbook__energy_consumption') }} as energy
    inner join {{ ref('ref_yearbook_use_categories') }} as uses
        on energy.use_category = uses.use_category
    where energy.league_code in (select league_code from {{ ref('int_leagues') }})
)

select
    year,
    league_code,
    fuel,
    unit,
    sum(quantity * combustion_weight) as combusted_quantity,
    sum(quantity * energy_use_weight) as energy_use_quantity,
    sum(case when is_feedstock then quantity end) as feedstock_quantity,
    sum(case when role = 'power_generation' then quantity end) as power_generation_quantity,
    count(quantity) as n_reported_cells
from energy
group by year, league_code, fuel, unit
