-- CCUS projects: typing and renaming only (one row per year × project).
select
    cast(year as integer) as year,
    project_id,
    project_name,
    league_code,
    credit_code,
    captured_t,
    stored_t,
    utilized_t,
    utilization_type,
    capture_electricity_mwh,
    capture_heat_gj,
    leakage_t,
    source_file,
    source_row
from {{ source('ccus', 'ccus_projects') }}
