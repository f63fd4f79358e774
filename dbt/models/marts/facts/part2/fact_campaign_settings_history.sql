-- Campaign settings changes of Google Ads and Meta (campaign_history versions). Grain: campaign_key x change day
-- (date_day), the day's last version (row_key); settings in effect from valid_from_date until valid_to_date.
-- (Google's per-setting history tables of the plan are one campaign_history in Fivetran's schema.)
with versions as (
    select
        {{ entity_key('google_ads', 'campaign_id') }} as campaign_key,
        'google_ads' as platform_code,
        campaign_id,
        name as campaign_name,
        status as campaign_status,
        serving_status,
        lower(advertising_channel_type) as channel_type,
        bidding_strategy_type,
        campaign_budget_id as budget_id,
        {{ dbt.safe_cast('start_date', 'date') }} as start_date,
        {{ dbt.safe_cast('end_date', 'date') }} as end_date,
        network_settings_target_google_search as targets_google_search,
        network_settings_target_search_network as targets_search_network,
        network_settings_target_content_network as targets_content_network,
        valid_from
    from {{ scd_versions(ref('stg_google_ads__campaign_history')) }}
    union all
    select
        {{ entity_key('meta', 'campaign_id') }} as campaign_key,
        'meta' as platform_code,
        campaign_id,
        name as campaign_name,
        status as campaign_status,
        cast(null as {{ dbt.type_string() }}) as serving_status,
        lower(objective) as channel_type,
        bid_strategy as bidding_strategy_type,
        cast(null as {{ dbt.type_string() }}) as budget_id,
        cast(start_time as date) as start_date,
        cast(stop_time as date) as end_date,
        cast(null as {{ dbt.type_boolean() }}) as targets_google_search,
        cast(null as {{ dbt.type_boolean() }}) as targets_search_network,
        cast(null as {{ dbt.type_boolean() }}) as targets_content_network,
        valid_from
    from {{ scd_versions(ref('stg_facebook_ads__campaign_history')) }}
),

changes as (
    {{ change_days('versions', 'campaign_key',
        ['platform_code', 'campaign_id', 'campaign_name', 'campaign_status', 'serving_status', 'channel_type',
         'bidding_strategy_type', 'budget_id', 'start_date', 'end_date', 'targets_google_search',
         'targets_search_network', 'targets_content_network']) }}
)

select
    {{ row_key(['campaign_key', 'date_day']) }} as row_key,
    date_day,
    platform_code,
    campaign_key,
    campaign_id,
    campaign_name,
    campaign_status,
    lag(campaign_status) over (partition by campaign_key order by valid_from) as previous_campaign_status,
    serving_status,
    channel_type,
    bidding_strategy_type,
    budget_id,
    start_date,
    end_date,
    targets_google_search,
    targets_search_network,
    targets_content_network,
    valid_from,
    valid_to,
    is_current,
    valid_from_date,
    valid_to_date,
    {{ tenant_id() }} as tenant_id
from changes
