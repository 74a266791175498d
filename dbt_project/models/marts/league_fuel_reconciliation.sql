-- Analyst mart (league level, analytics.duckdb): per league × year × fuel, the sum of the fuel the
-- reporting enterprises burned against the yearbook's use in the rows enterprises fall under
-- (ref_enterprise_yearbook_scope: 火力发电 + 供热 + 工业), in base units (t or m3; enterprise lines
-- in GJ converted at the default NCV). statistical_gap = yearbook − enterprises; a negative gap
-- (enterprises above the statistics) is a falsification screen signal.
-- Rows exist for the years with enterprise reports (none without the source); a league without
-- reporting enterprises in such a year shows 0 enterprise use (the source is there).
with report_years as (
    select distinct year from {{ ref('stg_enterprise__reports') }}
),

reports as (
    select credit_code, year, league_code from {{ ref('stg_enterprise__reports') }}
),

enterprise as (
    select
        reports.league_code,
        lines.year,
        lines.fuel,
        sum(lines.quantity_base_equivalent) as enterprise_quantity,
        count(distinct lines.credit_code) filter (where lines.consumption_reported > 0) as n_enterprises
    from {{ ref('int_enterprise__combustion') }} as lines
    inner join reports on lines.credit_code = reports.credit_code and lines.year = reports.year
    group by reports.league_code, lines.year, lines.fuel
),

yearbook as (
    select energy.league_code, energy.year, energy.fuel, sum(energy.quantity) as yearbook_quantity
    from {{ ref('stg_yearbook__energy_consumption') }} as energy
    inner join {{ current_factors('ref_enterprise_yearbook_scope') }} as scope
        on energy.use_category = scope.use_category
    where energy.year in (select year from report_years)
        and energy.fuel in (select fuel from {{ current_factors('ref_fuels') }})
    group by energy.league_code, energy.year, energy.fuel
    having count(energy.quantity) > 0
),

fuels as (
    select fuel, base_unit from {{ current_factors('ref_fuels') }}
),

keys as (
    select league_code, year, fuel from yearbook
    union
    select league_code, year, fuel from enterprise
)

select
    cast(keys.league_code as varchar) as league_code,
    cast(leagues.league_name as varchar) as league_name,
    cast(keys.year as integer) as year,
    cast(keys.fuel as varchar) as fuel,
    cast(fuels.base_unit as varchar) as unit,
    cast(coalesce(enterprise.enterprise_quantity, 0.0) as double) as enterprise_quantity,
    cast(coalesce(enterprise.n_enterprises, 0) as integer) as n_enterprises,
    cast(yearbook.yearbook_quantity as double) as yearbook_quantity,
    cast(yearbook.yearbook_quantity - coalesce(enterprise.enterprise_quantity, 0.0) as double) as statistical_gap,
    cast(
        100.0 * (yearbook.yearbook_quantity - coalesce(enterprise.enterprise_quantity, 0.0))
        / nullif(yearbook.yearbook_quantity, 0) as double
    ) as statistical_gap_pct,
    cast(100.0 * coalesce(enterprise.enterprise_quantity, 0.0) / nullif(yearbook.yearbook_quantity, 0) as double)
        as enterprise_share_pct,
    cast(coalesce(enterprise.enterprise_quantity, 0.0) > coalesce(yearbook.yearbook_quantity, 0.0) as boolean)
        as enterprise_exceeds_yearbook,
    cast((select string_agg(use_category, ' + ' order by cast(sort_order as integer))
          from {{ current_factors('ref_enterprise_yearbook_scope') }}) as varchar) as yearbook_scope
from keys
left join enterprise on keys.league_code = enterprise.league_code and keys.year = enterprise.year
    and keys.fuel = enterprise.fuel
left join yearbook on keys.league_code = yearbook.league_code and keys.year = yearbook.year
    and keys.fuel = yearbook.fuel
left join fuels on keys.fuel = fuels.fuel
left join {{ ref('int_leagues') }} as leagues on keys.league_code = leagues.league_code
where keys.league_code in (select league_code from {{ ref('int_leagues') }})
