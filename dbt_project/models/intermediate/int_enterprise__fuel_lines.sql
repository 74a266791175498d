-- Enterprise fuel lines: base units and the validity of the reported lab values.
--   quantity (base unit) = consumption × ref_units multiplier (t, 10k_m3 → m3, m3); a GJ line is
--   already heat and has no physical quantity (NULL).
--   A measured value (NCV or carbon content) is used only when it is valid:
--     source `measured`, value present, a lab record (lab_report_id, lab_name, sample_date all
--     present), sample_date within the report year and not after the month of the line, and the
--     value within the physical bounds of ref_enterprise_fuel_rules.
--   ncv_default_reason / carbon_default_reason say why a value falls back to the default
--   (NULL = the measured value is used). The screening of *suspicious* lab evidence (clustered
--   dates, reused report ids) is not done here.
with lines as (
    select * from {{ ref('stg_enterprise__fuel_combustion') }}
),

units as (
    select unit, base_unit, cast(multiplier_to_base as double) as multiplier_to_base
    from {{ ref('ref_units') }}
),

rules as (
    select
        fuel,
        cast(is_coal as boolean) as is_coal,
        cast(ncv_min_gj_per_base_unit as double) as ncv_min_gj_per_base_unit,
        cast(ncv_max_gj_per_base_unit as double) as ncv_max_gj_per_base_unit,
        cast(carbon_content_min_tc_per_gj as double) as carbon_content_min_tc_per_gj,
        cast(carbon_content_max_tc_per_gj as double) as carbon_content_max_tc_per_gj
    from {{ current_factors('ref_enterprise_fuel_rules') }}
),

converted as (
    select
        lines.*,
        units.base_unit as consumption_base_unit,
        units.multiplier_to_base,
        case when lines.consumption_unit <> 'GJ' then lines.consumption_reported * units.multiplier_to_base end
            as quantity_base,
        case when lines.consumption_unit <> 'GJ' then lines.ncv_reported_gj_per_unit / units.multiplier_to_base end
            as ncv_reported_gj_per_base_unit,
        coalesce(rules.is_coal, false) as is_coal,
        rules.ncv_min_gj_per_base_unit,
        rules.ncv_max_gj_per_base_unit,
        rules.carbon_content_min_tc_per_gj,
        rules.carbon_content_max_tc_per_gj,
        nullif(trim(lines.lab_report_id), '') is not null
            and nullif(trim(lines.lab_name), '') is not null
            and lines.sample_date is not null as has_lab_record,
        lines.sample_date is not null
            and year(lines.sample_date) = lines.year
            and month(lines.sample_date) <= lines.month as sample_date_in_period
    from lines
    left join units on lines.consumption_unit = units.unit
    left join rules on lines.fuel = rules.fuel
),

lab as (
    select
        *,
        case
            when not has_lab_record then 'no complete lab record (lab_report_id, lab_name and sample_date are required)'
            when not sample_date_in_period then 'sample date ' || cast(sample_date as varchar)
                || ' is not within the report year up to the month of the line'
        end as lab_record_problem
    from converted
)

select
    *,
    case
        when consumption_unit = 'GJ' then null
        when ncv_source <> 'measured' then 'reported as default'
        when ncv_reported_gj_per_base_unit is null then 'source measured but no value'
        when lab_record_problem is not null then lab_record_problem
        when ncv_reported_gj_per_base_unit not between ncv_min_gj_per_base_unit and ncv_max_gj_per_base_unit
            then 'NCV ' || cast(round(ncv_reported_gj_per_base_unit, 6) as varchar) || ' GJ/' || consumption_base_unit
                || ' outside the physical bounds ' || cast(ncv_min_gj_per_base_unit as varchar) || '-'
                || cast(ncv_max_gj_per_base_unit as varchar)
    end as ncv_default_reason,
    case
        when carbon_content_source <> 'measured' then 'reported as default'
        when carbon_content_reported_tc_per_gj is null then 'source measured but no value'
        when lab_record_problem is not null then lab_record_problem
        when carbon_content_reported_tc_per_gj not between carbon_content_min_tc_per_gj and carbon_content_max_tc_per_gj
            then 'carbon content ' || cast(carbon_content_reported_tc_per_gj as varchar)
                || ' tC/GJ outside the physical bounds ' || cast(carbon_content_min_tc_per_gj as varchar) || '-'
                || cast(carbon_content_max_tc_per_gj as varchar)
    end as carbon_default_reason
from lab
