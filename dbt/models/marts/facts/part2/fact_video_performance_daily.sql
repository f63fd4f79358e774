{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='date_day') }}
-- Meta video performance. The plan's grain is video x day; Meta reports video metrics per ad (custom report
-- ad_video_report and its video_* action child tables), so the grain here is date_day x ad_key (row_key) with the
-- ad's video_key (through its creative); sum over a video's ads for video totals. avg_watch_seconds is Meta's average
-- for the row: non-additive.
{%- set video_fields = {
    'video_plays': 'video_play_actions',
    'video_p25_watched': 'video_p25_watched_actions',
    'video_p50_watched': 'video_p50_watched_actions',
    'video_p75_watched': 'video_p75_watched_actions',
    'video_p95_watched': 'video_p95_watched_actions',
    'video_p100_watched': 'video_p100_watched_actions',
    'thruplays': 'video_thruplay_watched_actions',
    'avg_watch_seconds': 'video_avg_time_watched_actions',
} %}
{#- The ad's campaign, ad set and video come from its current dim_ad row: when a stored row no longer matches it (a new
    or changed ad), an incremental run reads the whole history again (incremental_window's recheck). -#}
{%- set ads_changed -%}
    select count(*) from {{ this }} as f
    left join {{ ref('dim_ad') }} as d on d.ad_id = f.ad_id and d.is_current and d.platform_code = 'meta'
    where f.campaign_key is distinct from d.campaign_key or f.campaign_id is distinct from d.campaign_id
        or f.ad_set_key is distinct from d.parent_key or f.video_key is distinct from d.video_key
{%- endset %}
{%- set window = incremental_window('date_day', recheck=ads_changed) %}
with report as (
    select date_day, account_id, ad_id, cast(sum(impressions) as {{ dbt.type_bigint() }}) as impressions, sum(spend) as spend
    from {{ ref('stg_facebook_ads__ad_video_report') }}
    where {{ window }}
    group by date_day, account_id, ad_id
),
{%- for measure, table in video_fields.items() %}

{{ measure }} as (
    select date_day, ad_id, {% if measure == 'avg_watch_seconds' %}avg{% else %}sum{% endif %}(action_count) as {{ measure }}
    from {{ ref('stg_facebook_ads__ad_video_report_' ~ table) }}
    where {{ window }}
    group by date_day, ad_id
),
{%- endfor %}

ads as (
    select ad_key, ad_id, campaign_key, campaign_id, parent_key as ad_set_key, video_key
    from {{ ref('dim_ad') }}
    where is_current and platform_code = 'meta'
)

select
    {{ row_key(['r.date_day', "'meta:' || r.ad_id"]) }} as row_key,
    r.date_day,
    'meta' as platform_code,
    {{ entity_key('meta', 'r.account_id') }} as account_key,
    r.account_id,
    ads.campaign_key,
    ads.campaign_id,
    ads.ad_set_key,
    {{ entity_key('meta', 'r.ad_id') }} as ad_key,
    r.ad_id,
    ads.video_key,
    a.currency_code,
    fx.reporting_currency,
    fx.fx_rate,
    r.impressions,
    r.spend,
    {{ to_reporting('r.spend') }} as spend_reporting,
    {%- for measure in video_fields %}
    coalesce({{ measure }}.{{ measure }}, 0) as {{ measure }},
    {%- endfor %}
    {{ tenant_id() }} as tenant_id
from report as r
{%- for measure in video_fields %}
left join {{ measure }} on {{ measure }}.date_day = r.date_day and {{ measure }}.ad_id = r.ad_id
{%- endfor %}
left join ads on ads.ad_id = r.ad_id
left join {{ ref('dim_account') }} as a on a.account_key = {{ entity_key('meta', 'r.account_id') }} and a.is_current
left join {{ ref('int_fx_rates_forward_filled') }} as fx on fx.date_day = r.date_day and fx.currency_code = a.currency_code
