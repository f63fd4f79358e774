{{ config(materialized='incremental', incremental_strategy='synced_delete_insert', unique_key='row_key') }}
-- Klaviyo list membership as intervals (not persons x days), from the History Mode table list_person: one row
-- per membership interval [valid_from, valid_to) of a person in a list; valid_to is null while the person is a
-- member. The list's size at an instant t is the number of rows with valid_from <= t and (valid_to is null or
-- valid_to > t); its size at the end of day d is that count at t = d + 1 day 00:00 UTC.
-- Grain: list_key x member_key x valid_from (row_key). Incremental: rows synced since
-- the last complete run (the raw table's watermark, macros/incremental_changes.sql; without one, within var
-- incremental_lookback_days of the newest sync already built) are replaced (an interval closing is a re-synced row).
select
    {{ row_key(['m.list_id', 'm.person_id', 'm.valid_from']) }} as row_key,
    {{ entity_key('klaviyo', 'm.list_id') }} as list_key,
    m.list_id,
    -- pseudonymous member key (md5 of the Klaviyo person id): no personal data leaves staging
    {{ dbt.hash('m.person_id') }} as member_key,
    m.valid_from,
    m.valid_to,
    m.valid_to is null as is_current,
    cast(m.valid_from as date) as valid_from_date,
    cast(m.valid_to as date) as valid_to_date,
    m._fivetran_synced,
    {{ tenant_id() }} as tenant_id
from {{ ref('stg_klaviyo__list_person') }} as m
where {{ incremental_synced_window('m._fivetran_synced', source_table=source('klaviyo', 'list_person')) }}
