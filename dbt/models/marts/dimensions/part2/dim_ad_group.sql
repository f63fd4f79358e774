-- Google Ads ad groups as SCD-2 versions of ad_group_history (updated_at). Grain: ad_group_key x valid_from
-- (ad_group_version_key); one is_current row per ad_group_key.
with campaigns as (
    select campaign_id, account_id, account_key
    from {{ ref('dim_campaign') }}
    where is_current and platform_code = 'google_ads'
),

accounts as (
    select account_key, currency_code from {{ ref('dim_account') }} where is_current
)

select
    {{ row_key(["g.ad_group_id", "g.valid_from"]) }} as ad_group_version_key,
    {{ entity_key('google_ads', 'g.ad_group_id') }} as ad_group_key,
    g.ad_group_id,
    'google_ads' as platform_code,
    {{ entity_key('google_ads', 'g.campaign_id') }} as campaign_key,
    g.campaign_id,
    c.account_key,
    c.account_id,
    g.name as ad_group_name,
    g.status as ad_group_status,
    g.ad_group_type,
    g.cpc_bid,
    g.target_cpa,
    accounts.currency_code,
    g.ad_rotation_mode,
    g.valid_from,
    g.valid_to,
    g.valid_to is null as is_current,
    {{ tenant_id() }} as tenant_id
from {{ scd_versions(ref('stg_google_ads__ad_group_history')) }} as g
left join campaigns as c on c.campaign_id = g.campaign_id
left join accounts on accounts.account_key = c.account_key
