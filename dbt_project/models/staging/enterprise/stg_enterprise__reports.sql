-- 重点排放单位年度排放报告: one row per accepted report (enterprise × year); typing and renaming only.
select
    credit_code,
    cast(report_year as integer) as year,
    enterprise_name,
    league_code,
    industry,
    park,
    cast(energy_consumption_tce as double) as energy_consumption_tce,
    cast(reported_combustion_t_co2 as double) as reported_combustion_t_co2,
    cast(reported_process_t_co2 as double) as reported_process_t_co2,
    cast(reported_purchased_electricity_t_co2 as double) as reported_electricity_t_co2,
    cast(reported_purchased_heat_t_co2 as double) as reported_heat_t_co2,
    cast(reported_total_t_co2 as double) as reported_total_t_co2,
    verifier,
    cast(verified_total_t_co2 as double) as verified_total_t_co2,
    verification_conclusion,
    schema_version,
    source_file,
    file_sha256
from {{ source('enterprise_reports', 'enterprise_reports') }}
