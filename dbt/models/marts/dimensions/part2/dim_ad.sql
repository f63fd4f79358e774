-- Ads of Google Ads (ad_history) and Meta (ad_history with the creative current at the ad version's start) as SCD-2
-- versions. Grain: ad_key x valid_from (ad_version_key); one is_current row per ad_key. parent_key is the Google ad
-- group or the Meta ad set.
with google_groups as (
    select ad_group_id, campaign_id
    from {{ scd_versions(ref('stg_google_ads__ad_group_history')) }}
    where is_current
),

google_campaigns as (
    select campaign_id, account_id
    from {{ scd_versions(ref('stg_google_ads__campaign_history')) }}
    where is_current
),

creatives as (
    select creative_id, name, title, object_type, video_id, call_to_action_type
    from {{ scd_versions(ref('stg_facebook_ads__creative_history')) }}
    where is_current
),

google as (
    select
        {{ entity_key('google_ads', 'a.ad_id') }} as ad_key,
        a.ad_id,
        'google_ads' as platform_code,
        {{ entity_key('google_ads', 'a.ad_group_id') }} as parent_key,
        a.ad_group_id as parent_id,
        'ad_group' as parent_type,
        {{ entity_key('google_ads', 'g.campaign_id') }} as campaign_key,
        g.campaign_id,
        {{ entity_key('google_ads', 'c.account_id') }} as account_key,
        a.name as ad_name,
        a.ad_type,
        a.status as ad_status,
        a.display_url,
        cast(null as {{ dbt.type_string() }}) as creative_id,
        cast(null as {{ dbt.type_string() }}) as creative_title,
        cast(null as {{ dbt.type_string() }}) as video_id,
        cast(null as {{ dbt.type_string() }}) as call_to_action_type,
        a.valid_from,
        a.valid_to
    from {{ scd_versions(ref('stg_google_ads__ad_history')) }} as a
    left join google_groups as g on g.ad_group_id = a.ad_group_id
    left join google_campaigns as c on c.campaign_id = g.campaign_id
),

meta as (
    select
        {{ entity_key('meta', 'a.ad_id') }} as ad_key,
        a.ad_id,
        'meta' as platform_code,
        {{ entity_key('meta', 'a.ad_set_id') }} as parent_key,
        a.ad_set_id as parent_id,
        'ad_set' as parent_type,
        {{ entity_key('meta', 'a.campaign_id') }} as campaign_key,
        a.campaign_id,
        {{ entity_key('meta', 'a.account_id') }} as account_key,
        a.name as ad_name,
        lower(cr.object_type) as ad_type,
        a.status as ad_status,
        cast(null as {{ dbt.type_string() }}) as display_url,
        a.creative_id,
        cr.title as creative_title,
        cr.video_id,
        cr.call_to_action_type,
        a.valid_from,
        a.valid_to
    from {{ scd_versions(ref('stg_facebook_ads__ad_history')) }} as a
    left join creatives as cr on cr.creative_id = a.creative_id
),

unioned as (
    select * from google
    union all
    select * from meta
)

select
    {{ row_key(['ad_key', 'valid_from']) }} as ad_version_key,
    unioned.*,
    case when video_id is not null then {{ entity_key('meta', 'video_id') }} end as video_key,
    valid_to is null as is_current,
    {{ tenant_id() }} as tenant_id
from unioned
