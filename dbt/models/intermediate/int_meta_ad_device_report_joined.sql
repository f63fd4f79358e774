{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='date_day') }}
-- Meta ad x day x device_platform performance (custom report ad_device_report) with its conversions and conversion
-- value attached: the action rows (child tables) whose action_type is in var meta_conversion_action_types.
-- Grain: one row per date_day x ad_id x device_platform (as the parent report).
with actions as (
    select date_day, ad_id, device_platform, sum(action_count) as conversions
    from {{ ref('stg_facebook_ads__ad_device_report_actions') }}
    where {{ incremental_window('date_day') }} and action_type in {{ sql_list(var('meta_conversion_action_types')) }}
    group by date_day, ad_id, device_platform
),

action_values as (
    select date_day, ad_id, device_platform, sum(action_value) as conversion_value
    from {{ ref('stg_facebook_ads__ad_device_report_action_values') }}
    where {{ incremental_window('date_day') }} and action_type in {{ sql_list(var('meta_conversion_action_types')) }}
    group by date_day, ad_id, device_platform
)

select
    report.date_day,
    report.account_id,
    report.campaign_id,
    report.adset_id as ad_set_id,
    report.ad_id,
    report.device_platform,
    report.device_code,
    report.impressions,
    report.clicks,
    report.spend,
    report.reach,
    report.video_play_actions as video_views,
    coalesce(actions.conversions, 0) as conversions,
    coalesce(action_values.conversion_value, 0) as conversion_value,
    report._fivetran_synced
from {{ ref('stg_facebook_ads__ad_device_report') }} as report
left join actions
    on actions.date_day = report.date_day
    and actions.ad_id = report.ad_id
    and actions.device_platform = report.device_platform
left join action_values
    on action_values.date_day = report.date_day
    and action_values.ad_id = report.ad_id
    and action_values.device_platform = report.device_platform
where {{ incremental_window('report.date_day') }}
