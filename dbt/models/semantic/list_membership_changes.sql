-- List membership as daily changes for the embed API's catalog (issue 5): one row per membership start (+1) and
-- end (-1), so additions, removals and net growth are sums over one fact. A table (views do not survive the API's attach under another name) over fact_list_membership in
-- schema marts (the API reads marts only); the semantic model is list_membership_changes__semantic.yml.
-- Incremental (macros/incremental.sql): the membership rows synced since the last complete run (the raw table's
-- watermark, macros/incremental_changes.sql; without one, within var incremental_lookback_days of the newest sync
-- already here) are read again from the fact and their start / end rows replaced (by row_key), as the fact does.
{{ config(materialized='incremental', incremental_strategy='synced_delete_insert', unique_key='row_key', schema='marts') }}
with members as (
    select row_key, valid_from_date, valid_to_date, list_key, _fivetran_synced, tenant_id
    from {{ ref('fact_list_membership') }}
    where {{ incremental_synced_window('_fivetran_synced', source_table=source('klaviyo', 'list_person')) }}
)

select
    row_key || ':start' as row_key,
    valid_from_date as date_day,
    list_key,
    1 as added,
    0 as removed,
    1 as net_change,
    _fivetran_synced,
    tenant_id
from members
union all
select
    row_key || ':end' as row_key,
    valid_to_date as date_day,
    list_key,
    0 as added,
    1 as removed,
    -1 as net_change,
    _fivetran_synced,
    tenant_id
from members
where valid_to_date is not null
