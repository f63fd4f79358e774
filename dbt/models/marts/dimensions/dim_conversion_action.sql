-- Conversion actions of every platform: GA4 key events, Google Ads conversion actions (current version) and Meta
-- action types. Grain: one row per conversion_action_key ('ga4:purchase', 'google_ads:<id>', 'meta:<action_type>').
with ga4_events as (
    select event_name from {{ ref('stg_google_analytics_4__conversions_report') }}
    union
    select event_name from {{ ref('stg_google_analytics_4__conversions_source_medium_report') }}
),

ga4 as (
    select
        {{ dbt.concat(["'ga4:'", 'event_name']) }} as conversion_action_key,
        'ga4' as platform_code,
        event_name as conversion_action_id,
        event_name as conversion_action_name,
        case
            when event_name in ('purchase', 'in_app_purchase') then 'purchase'
            when event_name = 'add_to_cart' then 'add_to_cart'
            when event_name = 'begin_checkout' then 'begin_checkout'
            when event_name in ('sign_up', 'newsletter_signup') then 'signup'
            when event_name in ('generate_lead', 'form_submit') then 'lead'
            else 'other'
        end as category,
        event_name in {{ sql_list(var('ga4_counted_conversion_events')) }} as is_counted
    from ga4_events
    where event_name is not null
),

google as (
    select
        {{ entity_key('google_ads', 'conversion_action_id') }} as conversion_action_key,
        'google_ads' as platform_code,
        conversion_action_id,
        name as conversion_action_name,
        lower(category) as category,
        coalesce(include_in_conversions_metric, false) as is_counted
    from {{ ref('stg_google_ads__conversion_action_history') }}
    where is_current
),

meta_action_types as (
    select action_type from {{ ref('stg_facebook_ads__basic_ad_actions') }}
    union
    select action_type from {{ ref('stg_facebook_ads__ad_device_report_actions') }}
),

meta as (
    select
        {{ dbt.concat(["'meta:'", 'action_type']) }} as conversion_action_key,
        'meta' as platform_code,
        action_type as conversion_action_id,
        action_type as conversion_action_name,
        case
            when action_type like '%purchase%' then 'purchase'
            when action_type like '%add_to_cart%' then 'add_to_cart'
            when action_type like '%lead%' then 'lead'
            when action_type = 'landing_page_view' then 'page_view'
            when action_type = 'link_click' then 'click'
            when action_type like '%video%' then 'video_view'
            else 'engagement'
        end as category,
        action_type in {{ sql_list(var('meta_conversion_action_types')) }} as is_counted
    from meta_action_types
    where action_type is not null
)

select *, {{ tenant_id() }} as tenant_id from ga4
union all
select *, {{ tenant_id() }} as tenant_id from google
union all
select *, {{ tenant_id() }} as tenant_id from meta
