-- Klaviyo events attributed to a campaign or a flow message, counted per local day (var klaviyo_time_zone), send and
-- metric. The email facts pivot this. Deleted events are left out. Local days come from a 15-minute lookup
-- (macro local_date_buckets) rather than a time zone conversion per event.
-- Grain: date_day x campaign_id x flow_id x flow_message_id x metric_name.
-- Incremental (macros/incremental.sql): whole local days from var incremental_lookback_days before the newest day
-- are recomputed (events of a day can arrive late); events are read from one more day back (UTC vs local day).
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='date_day') }}
{%- set events_relation = ref('stg_klaviyo__event') %}
{#- incremental: events from one more day back than the lookback (a local day starts up to 14 h before its UTC day) -#}
{%- set events_from = incremental_cutoff('date_day', dbt.type_timestamp(), extra_days=1) %}
with local_days as (
    {%- if events_from is none %}
    {{ local_date_buckets(
        klaviyo_time_zone(),
        'select cast(min(occurred_at) as date) from ' ~ events_relation,
        'select cast(max(occurred_at) as date) from ' ~ events_relation
    ) }}
    {%- else %}
    {{ local_date_buckets(
        klaviyo_time_zone(),
        'select cast(' ~ events_from ~ ' as date)',
        'select cast(max(occurred_at) as date) from ' ~ events_relation ~ ' where occurred_at >= ' ~ events_from
    ) }}
    {%- endif %}
),

-- The metric names are joined before the local days: written the other way round, DuckDB built the metric join's
-- hash table on the ~2M events of the lookback rather than on the dozen metrics (twice the time of the model).
named_events as (
    select
        e.campaign_id,
        e.flow_id,
        e.flow_message_id,
        coalesce(m.name, e.metric_name) as metric_name,
        e.person_id,
        e.event_value,
        e.occurred_at
    from {{ ref('stg_klaviyo__event') }} as e
    left join {{ ref('stg_klaviyo__metric') }} as m on m.metric_id = e.metric_id
    where not e.is_deleted
        and (e.campaign_id is not null or e.flow_message_id is not null)
        {%- if events_from is not none %}
        and e.occurred_at >= {{ events_from }}
        {%- endif %}
),

events as (
    select
        local_days.date_day,
        e.campaign_id,
        e.flow_id,
        e.flow_message_id,
        e.metric_name,
        e.person_id,
        e.event_value
    from named_events as e
    -- Events outside dim_date's range find no bucket: date_day null, which the facts' not_null tests report.
    left join local_days on local_days.bucket_start = {{ quarter_hour('e.occurred_at') }}
)

select
    date_day,
    campaign_id,
    flow_id,
    flow_message_id,
    metric_name,
    cast(count(*) as {{ dbt.type_bigint() }}) as event_count,
    cast(count(distinct person_id) as {{ dbt.type_bigint() }}) as unique_persons,
    sum(event_value) as event_value
from events
where {{ incremental_window('date_day') }}
group by date_day, campaign_id, flow_id, flow_message_id, metric_name
