-- Rule 4: the survey waves present (a loaded forestry_survey file for the year in
-- raw.ingest_log) with the previous and next wave, so consecutive waves pair up for the
-- stock-difference method. A wave whose file was rejected is absent: pairs skip it.
with waves as (
    select year as survey_year from {{ loaded_years('forestry_survey') }}
)

select
    survey_year,
    lag(survey_year) over (order by survey_year) as previous_survey_year,
    lead(survey_year) over (order by survey_year) as next_survey_year
from waves
