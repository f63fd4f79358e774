-- Campaigns of Google Ads and Meta as SCD-2 versions. Grain: one row per campaign_key x valid_from.
-- Google's daily budget comes from campaign_budget_history: the budget version in effect when the campaign version
-- starts (or its first version, when the campaign version is older), the current budget on the current version;
-- budget changes themselves are in the budget history.
with accounts as (
    select account_key, account_id, currency_code
    from {{ ref('dim_account') }}
    where is_current
),

google_versions as (
    select * from {{ ref('stg_google_ads__campaign_history') }}
),

google_budgets as (
    select
        budget_id, budget_amount, valid_from, valid_to, is_current,
        row_number() over (partition by budget_id order by valid_from) = 1 as is_first
    from {{ ref('stg_google_ads__campaign_budget_history') }}
),

google as (
    select
        {{ entity_key('google_ads', 'c.campaign_id') }} as campaign_key,
        c.campaign_id,
        'google_ads' as platform_code,
        {{ entity_key('google_ads', 'c.account_id') }} as account_key,
        c.account_id,
        c.name as campaign_name,
        c.status as campaign_status,
        case c.advertising_channel_type
            when 'SEARCH' then 'search'
            when 'SHOPPING' then 'shopping'
            when 'DISPLAY' then 'display'
            when 'VIDEO' then 'video'
            when 'PERFORMANCE_MAX' then 'pmax'
            else lower(c.advertising_channel_type)
        end as channel_type,
        c.bidding_strategy_type,
        b.budget_amount as daily_budget,
        {{ dbt.safe_cast('c.start_date', 'date') }} as start_date,
        {{ dbt.safe_cast('c.end_date', 'date') }} as end_date,
        c.valid_from,
        c.valid_to
    from google_versions as c
    left join google_budgets as b
        on b.budget_id = c.campaign_budget_id
        and (
            (c.is_current and b.is_current)
            or (
                not c.is_current
                and (
                    (b.valid_from <= c.valid_from and (b.valid_to is null or b.valid_to > c.valid_from))
                    -- a campaign version older than the budget's first recorded version: that first version
                    or (b.is_first and b.valid_from > c.valid_from)
                )
            )
        )
),

meta as (
    select
        {{ entity_key('meta', 'c.campaign_id') }} as campaign_key,
        c.campaign_id,
        'meta' as platform_code,
        {{ entity_key('meta', 'c.account_id') }} as account_key,
        c.account_id,
        c.name as campaign_name,
        c.status as campaign_status,
        lower(c.objective) as channel_type,
        c.bid_strategy as bidding_strategy_type,
        cast(c.daily_budget_minor_units as {{ type_double() }})
            / {{ meta_minor_unit_divisor('a.currency_code') }} as daily_budget,
        cast(c.start_time as date) as start_date,
        cast(c.stop_time as date) as end_date,
        c.valid_from,
        c.valid_to
    from {{ ref('stg_facebook_ads__campaign_history') }} as c
    left join accounts as a on a.account_key = {{ entity_key('meta', 'c.account_id') }}
),

unioned as (
    select * from google
    union all
    select * from meta
)

select
    {{ row_key(['unioned.campaign_key', 'unioned.valid_from']) }} as campaign_version_key,
    unioned.campaign_key,
    unioned.campaign_id,
    unioned.platform_code,
    unioned.account_key,
    unioned.account_id,
    unioned.campaign_name,
    unioned.campaign_status,
    unioned.channel_type,
    unioned.bidding_strategy_type,
    unioned.daily_budget,
    accounts.currency_code,
    unioned.start_date,
    unioned.end_date,
    unioned.valid_from,
    unioned.valid_to,
    unioned.valid_to is null as is_current,
    {{ tenant_id() }} as tenant_id
from unioned
left join accounts on accounts.account_key = unioned.account_key
