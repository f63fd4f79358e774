-- Bidding changes: the bidding configuration in effect from each change day until the next one (join on a date:
-- valid_from_date <= d and (valid_to_date is null or d < valid_to_date)). Entities (bidding_entity_key):
-- Google campaign-level strategies ('google_ads:campaign:<id>', campaign_bidding_strategy_history), Google portfolio
-- strategies ('google_ads:portfolio:<id>', bidding_strategy_history; = dim_bidding_strategy.bidding_strategy_key) and
-- Meta campaigns ('meta:campaign:<id>', campaign_history versions where bid_strategy changed).
-- Grain: bidding_entity_key x change day (date_day), the day's last version (row_key).
with meta_versions as (
    select
        campaign_id, account_id, valid_from, bid_strategy,
        lag(bid_strategy) over (partition by campaign_id order by valid_from, _fivetran_synced) as previous_bid_strategy,
        row_number() over (partition by campaign_id order by valid_from, _fivetran_synced) as version_number
    from {{ scd_versions(ref('stg_facebook_ads__campaign_history')) }}
),

versions as (
    select
        {{ dbt.concat(["'google_ads:campaign:'", 'b.campaign_id']) }} as bidding_entity_key,
        'campaign' as entity_type,
        'google_ads' as platform_code,
        {{ entity_key('google_ads', 'b.campaign_id') }} as campaign_key,
        cast(null as {{ dbt.type_string() }}) as bidding_strategy_id,
        b.bidding_strategy_type,
        b.target_cpa,
        b.target_roas,
        b.cpc_bid_ceiling,
        b.valid_from
    from {{ scd_versions(ref('stg_google_ads__campaign_bidding_strategy_history')) }} as b
    union all
    select
        {{ dbt.concat(["'google_ads:portfolio:'", 'p.bidding_strategy_id']) }} as bidding_entity_key,
        'portfolio' as entity_type,
        'google_ads' as platform_code,
        cast(null as {{ dbt.type_string() }}) as campaign_key,
        p.bidding_strategy_id,
        p.bidding_strategy_type,
        p.target_cpa,
        p.target_roas_target_roas as target_roas,
        cast(null as {{ type_double() }}) as cpc_bid_ceiling,
        p.valid_from
    from {{ scd_versions(ref('stg_google_ads__bidding_strategy_history')) }} as p
    union all
    select
        {{ dbt.concat(["'meta:campaign:'", 'm.campaign_id']) }} as bidding_entity_key,
        'campaign' as entity_type,
        'meta' as platform_code,
        {{ entity_key('meta', 'm.campaign_id') }} as campaign_key,
        cast(null as {{ dbt.type_string() }}) as bidding_strategy_id,
        m.bid_strategy as bidding_strategy_type,
        cast(null as {{ type_double() }}) as target_cpa,
        cast(null as {{ type_double() }}) as target_roas,
        cast(null as {{ type_double() }}) as cpc_bid_ceiling,
        m.valid_from
    from meta_versions as m
    where m.version_number = 1 or m.bid_strategy <> m.previous_bid_strategy
        or (m.bid_strategy is null) <> (m.previous_bid_strategy is null)
),

changes as (
    {{ change_days('versions', 'bidding_entity_key',
        ['entity_type', 'platform_code', 'campaign_key', 'bidding_strategy_id', 'bidding_strategy_type', 'target_cpa',
         'target_roas', 'cpc_bid_ceiling']) }}
)

select
    {{ row_key(['bidding_entity_key', 'date_day']) }} as row_key,
    date_day,
    bidding_entity_key,
    entity_type,
    platform_code,
    campaign_key,
    bidding_strategy_id,
    bidding_strategy_type,
    lag(bidding_strategy_type) over (partition by bidding_entity_key order by valid_from) as previous_bidding_strategy_type,
    target_cpa,
    target_roas,
    cpc_bid_ceiling,
    valid_from,
    valid_to,
    is_current,
    valid_from_date,
    valid_to_date,
    {{ tenant_id() }} as tenant_id
from changes
