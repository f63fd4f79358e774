-- Google Ads ad group settings changes (ad_group_history versions: status, bids, type). Grain: ad_group_key x change
-- day (date_day), the day's last version (row_key); settings in effect from valid_from_date until valid_to_date.
with versions as (
    select
        {{ entity_key('google_ads', 'ad_group_id') }} as ad_group_key,
        ad_group_id,
        {{ entity_key('google_ads', 'campaign_id') }} as campaign_key,
        campaign_id,
        name as ad_group_name,
        status as ad_group_status,
        ad_group_type,
        cpc_bid,
        target_cpa,
        ad_rotation_mode,
        valid_from
    from {{ scd_versions(ref('stg_google_ads__ad_group_history')) }}
),

changes as (
    {{ change_days('versions', 'ad_group_key',
        ['ad_group_id', 'campaign_key', 'campaign_id', 'ad_group_name', 'ad_group_status', 'ad_group_type', 'cpc_bid',
         'target_cpa', 'ad_rotation_mode']) }}
)

select
    {{ row_key(['ad_group_key', 'date_day']) }} as row_key,
    date_day,
    'google_ads' as platform_code,
    ad_group_key,
    ad_group_id,
    campaign_key,
    campaign_id,
    ad_group_name,
    ad_group_status,
    lag(ad_group_status) over (partition by ad_group_key order by valid_from) as previous_ad_group_status,
    ad_group_type,
    cpc_bid,
    lag(cpc_bid) over (partition by ad_group_key order by valid_from) as previous_cpc_bid,
    target_cpa,
    ad_rotation_mode,
    valid_from,
    valid_to,
    is_current,
    valid_from_date,
    valid_to_date,
    {{ tenant_id() }} as tenant_id
from changes
