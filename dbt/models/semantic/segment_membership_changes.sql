-- Segment membership as daily changes for the embed API's catalog (issue 5): one row per membership start (+1) and
-- end (-1), so additions, removals and net growth are sums over one fact. A table (views do not survive the API's attach under another name) over fact_segment_membership in
-- schema marts (the API reads marts only); the semantic model is segment_membership_changes__semantic.yml.
{{ config(materialized='table', schema='marts') }}
select
    row_key || ':start' as row_key,
    valid_from_date as date_day,
    segment_key,
    1 as added,
    0 as removed,
    1 as net_change,
    tenant_id
from {{ ref('fact_segment_membership') }}
union all
select
    row_key || ':end' as row_key,
    valid_to_date as date_day,
    segment_key,
    0 as added,
    1 as removed,
    -1 as net_change,
    tenant_id
from {{ ref('fact_segment_membership') }}
where valid_to_date is not null
