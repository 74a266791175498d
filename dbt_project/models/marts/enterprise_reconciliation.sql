-- Inspector mart (restricted.duckdb): per enterprise × year, the platform's recomputed total
-- against the enterprise's reported total and the verifier's verified total, component by
-- component, and whether the report's own arithmetic adds up. Feeds the falsification screens.
--   difference = recomputed − reported (or verified − reported, recomputed − verified);
--   percentage = difference ÷ the second figure × 100;
--   totals agree within reconciliation_tolerance_pct (ref_enterprise_parameters) of the reported
--   total (+ 0.01 t); the report's own arithmetic (components vs its total) must hold within
--   reported_arithmetic_tolerance_t (rounding only).
with tolerance as (
    select
        {{ enterprise_parameter('reconciliation_tolerance_pct') }} as tolerance_pct,
        {{ enterprise_parameter('reported_arithmetic_tolerance_t') }} as arithmetic_tolerance_t
),

joined as (
    select
        reports.*,
        emissions.combustion_t_co2,
        emissions.process_t_co2,
        emissions.electricity_t_co2,
        emissions.heat_t_co2,
        emissions.total_t_co2,
        emissions.total_ets_electricity_t_co2,
        reports.reported_combustion_t_co2 + reports.reported_process_t_co2 + reports.reported_electricity_t_co2
            + reports.reported_heat_t_co2 as reported_components_sum_t_co2,
        tolerance.tolerance_pct,
        tolerance.arithmetic_tolerance_t
    from {{ ref('stg_enterprise__reports') }} as reports
    inner join {{ ref('enterprise_emissions') }} as emissions
        on reports.credit_code = emissions.credit_code and reports.year = emissions.year
    cross join tolerance
),

compared as (
    select
        *,
        reported_total_t_co2 - reported_components_sum_t_co2 as reported_arithmetic_gap_t_co2,
        total_t_co2 - reported_total_t_co2 as recomputed_minus_reported_t_co2,
        100.0 * (total_t_co2 - reported_total_t_co2) / nullif(reported_total_t_co2, 0)
            as recomputed_minus_reported_pct,
        verified_total_t_co2 - reported_total_t_co2 as verified_minus_reported_t_co2,
        100.0 * (verified_total_t_co2 - reported_total_t_co2) / nullif(reported_total_t_co2, 0)
            as verified_minus_reported_pct,
        total_t_co2 - verified_total_t_co2 as recomputed_minus_verified_t_co2,
        100.0 * (total_t_co2 - verified_total_t_co2) / nullif(verified_total_t_co2, 0)
            as recomputed_minus_verified_pct,
        total_ets_electricity_t_co2 - reported_total_t_co2 as recomputed_ets_minus_reported_t_co2,
        abs(reported_total_t_co2 - reported_components_sum_t_co2) <= arithmetic_tolerance_t
            as reported_arithmetic_consistent,
        abs(total_t_co2 - reported_total_t_co2)
            <= tolerance_pct / 100.0 * abs(reported_total_t_co2) + 0.01 as recomputed_matches_reported,
        abs(verified_total_t_co2 - reported_total_t_co2)
            <= tolerance_pct / 100.0 * abs(reported_total_t_co2) + 0.01 as verified_matches_reported
    from joined
)

select
    cast(credit_code as varchar) as credit_code,
    cast(enterprise_name as varchar) as enterprise_name,
    cast(league_code as varchar) as league_code,
    cast(industry as varchar) as industry,
    cast(year as integer) as year,
    cast(total_t_co2 as double) as recomputed_total_t_co2,
    cast(reported_total_t_co2 as double) as reported_total_t_co2,
    cast(verified_total_t_co2 as double) as verified_total_t_co2,
    cast(verification_conclusion as varchar) as verification_conclusion,
    cast(recomputed_minus_reported_t_co2 as double) as recomputed_minus_reported_t_co2,
    cast(recomputed_minus_reported_pct as double) as recomputed_minus_reported_pct,
    cast(verified_minus_reported_t_co2 as double) as verified_minus_reported_t_co2,
    cast(verified_minus_reported_pct as double) as verified_minus_reported_pct,
    cast(recomputed_minus_verified_t_co2 as double) as recomputed_minus_verified_t_co2,
    cast(recomputed_minus_verified_pct as double) as recomputed_minus_verified_pct,
    cast(reported_components_sum_t_co2 as double) as reported_components_sum_t_co2,
    cast(reported_arithmetic_gap_t_co2 as double) as reported_arithmetic_gap_t_co2,
    cast(combustion_t_co2 - reported_combustion_t_co2 as double) as combustion_minus_reported_t_co2,
    cast(process_t_co2 - reported_process_t_co2 as double) as process_minus_reported_t_co2,
    cast(electricity_t_co2 - reported_electricity_t_co2 as double) as electricity_minus_reported_t_co2,
    cast(heat_t_co2 - reported_heat_t_co2 as double) as heat_minus_reported_t_co2,
    cast(total_ets_electricity_t_co2 as double) as recomputed_total_ets_electricity_t_co2,
    cast(recomputed_ets_minus_reported_t_co2 as double) as recomputed_ets_minus_reported_t_co2,
    cast(tolerance_pct as double) as tolerance_pct,
    cast(arithmetic_tolerance_t as double) as arithmetic_tolerance_t,
    cast(reported_arithmetic_consistent as boolean) as reported_arithmetic_consistent,
    cast(recomputed_matches_reported as boolean) as recomputed_matches_reported,
    cast(verified_matches_reported as boolean) as verified_matches_reported,
    cast(
        case
            when total_t_co2 is null then 'not_recomputable'
            when not reported_arithmetic_consistent then 'reported_total_not_sum_of_components'
            when not recomputed_matches_reported then 'recomputed_differs_from_reported'
            when verified_total_t_co2 is not null and not verified_matches_reported then 'verified_differs_from_reported'
            else 'consistent'
        end as varchar
    ) as reconciliation_status
from compared
