-- Bidding configurations of Google Ads as SCD-2 versions: portfolio strategies (bidding_strategy_history, key
-- 'google_ads:portfolio:<id>') and campaign-level (standard) strategies (campaign_bidding_strategy_history, key
-- 'google_ads:campaign:<campaign id>'). Grain: bidding_strategy_key x valid_from; one current row per key.
with portfolio as (
    select
        {{ dbt.concat(["'google_ads:portfolio:'", 'bidding_strategy_id']) }} as bidding_strategy_key,
        bidding_strategy_id,
        'portfolio' as strategy_scope,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        account_id,
        name as bidding_strategy_name,
        bidding_strategy_type,
        status as bidding_strategy_status,
        target_cpa,
        target_roas_target_roas as target_roas,
        cast(null as {{ type_double() }}) as cpc_bid_ceiling,
        currency_code,
        valid_from,
        valid_to
    from {{ scd_versions(ref('stg_google_ads__bidding_strategy_history')) }}
),

campaign_level as (
    select
        {{ dbt.concat(["'google_ads:campaign:'", 'b.campaign_id']) }} as bidding_strategy_key,
        cast(null as {{ dbt.type_string() }}) as bidding_strategy_id,
        'campaign' as strategy_scope,
        b.campaign_id,
        c.account_id,
        b.name as bidding_strategy_name,
        b.bidding_strategy_type,
        b.status as bidding_strategy_status,
        b.target_cpa,
        b.target_roas,
        b.cpc_bid_ceiling,
        a.currency_code,
        b.valid_from,
        b.valid_to
    from {{ scd_versions(ref('stg_google_ads__campaign_bidding_strategy_history')) }} as b
    left join {{ ref('stg_google_ads__campaign_history') }} as c on c.campaign_id = b.campaign_id and c.is_current
    left join {{ ref('stg_google_ads__account_history') }} as a on a.account_id = c.account_id and a.is_current
),

unioned as (
    select * from portfolio
    union all
    select * from campaign_level
)

select
    {{ row_key(['bidding_strategy_key', 'valid_from']) }} as bidding_strategy_version_key,
    bidding_strategy_key,
    bidding_strategy_id,
    strategy_scope,
    'google_ads' as platform_code,
    campaign_id,
    case when campaign_id is not null then {{ entity_key('google_ads', 'campaign_id') }} end as campaign_key,
    account_id,
    {{ entity_key('google_ads', 'account_id') }} as account_key,
    bidding_strategy_name,
    bidding_strategy_type,
    bidding_strategy_status,
    target_cpa,
    target_roas,
    cpc_bid_ceiling,
    currency_code,
    valid_from,
    valid_to,
    valid_to is null as is_current,
    {{ tenant_id() }} as tenant_id
from unioned
