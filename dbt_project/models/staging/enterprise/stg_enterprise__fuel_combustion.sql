-- 化石燃料燃烧: one row per fuel line (unit × month × fuel) as reported, every lab field kept;
-- typing and renaming only.
select
    credit_code,
    cast(report_year as integer) as year,
    cast(month as integer) as month,
    unit_id,
    fuel,
    cast(consumption as double) as consumption_reported,
    unit as consumption_unit,
    cast(ncv_gj_per_unit as double) as ncv_reported_gj_per_unit,
    ncv_source,
    cast(carbon_content_tc_per_gj as double) as carbon_content_reported_tc_per_gj,
    carbon_content_source,
    cast(oxidation_rate as double) as oxidation_rate_reported,
    lab_report_id,
    lab_name,
    cast(sample_date as date) as sample_date,
    source_file,
    json_path,
    cast(line_index as integer) as line_index
from {{ source('enterprise_reports', 'enterprise_fuel_combustion') }}
