with source as (
    select * from {{ source('google_ads', 'campaign_history') }}
)

select
    {{ as_id('id') }} as campaign_id,
    updated_at,
    {{ as_id('customer_id') }} as account_id,
    name,
    status,
    serving_status,
    advertising_channel_type,
    advertising_channel_subtype,
    bidding_strategy_type,
    {{ as_id('bidding_strategy_id') }} as bidding_strategy_id,
    {{ as_id('campaign_budget_id') }} as campaign_budget_id,
    start_date,
    end_date,
    tracking_url_template,
    network_settings_target_google_search,
    network_settings_target_search_network,
    network_settings_target_content_network,
    geo_target_type_setting_positive_geo_target_type,
    _fivetran_synced,
    {{ history_flags(['id'], 'updated_at', '_fivetran_active') }}
from source
