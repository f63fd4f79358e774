-- Campaign budget changes: the daily budget in effect from each change day until the next one (what budget pacing
-- joins on a date: valid_from_date <= d and (valid_to_date is null or d < valid_to_date)).
-- Google: campaign_budget_history (budget_amount; the budget's campaign_id). Meta: campaign_history versions where
-- the campaign daily budget changed (minor units into the account currency); Meta ad-set budgets (ABO) are in
-- dim_ad_set. Grain: campaign_key x change day (date_day), the day's last version (row_key).
-- daily_budget_reporting uses the rate of the change day.
with accounts as (
    select account_key, currency_code from {{ ref('dim_account') }} where is_current
),

google as (
    select
        {{ entity_key('google_ads', 'b.campaign_id') }} as campaign_key,
        'google_ads' as platform_code,
        b.campaign_id,
        {{ entity_key('google_ads', 'c.account_id') }} as account_key,
        b.budget_id,
        b.budget_amount as daily_budget,
        lower(b.budget_period) as budget_period,
        lower(b.delivery_method) as delivery_method,
        b.valid_from
    from {{ scd_versions(ref('stg_google_ads__campaign_budget_history')) }} as b
    left join {{ ref('stg_google_ads__campaign_history') }} as c on c.campaign_id = b.campaign_id and c.is_current
    where b.campaign_id is not null
),

meta_versions as (
    select
        campaign_id, account_id, valid_from, daily_budget_minor_units,
        lag(daily_budget_minor_units) over (partition by campaign_id order by valid_from, _fivetran_synced)
            as previous_minor_units,
        row_number() over (partition by campaign_id order by valid_from, _fivetran_synced) as version_number
    from {{ scd_versions(ref('stg_facebook_ads__campaign_history')) }}
),

meta as (
    select
        {{ entity_key('meta', 'm.campaign_id') }} as campaign_key,
        'meta' as platform_code,
        m.campaign_id,
        {{ entity_key('meta', 'm.account_id') }} as account_key,
        cast(null as {{ dbt.type_string() }}) as budget_id,
        cast(m.daily_budget_minor_units as {{ type_double() }}) / {{ meta_minor_unit_divisor('a.currency_code') }} as daily_budget,
        'daily' as budget_period,
        cast(null as {{ dbt.type_string() }}) as delivery_method,
        m.valid_from
    from meta_versions as m
    left join accounts as a on a.account_key = {{ entity_key('meta', 'm.account_id') }}
    where m.version_number = 1 or m.daily_budget_minor_units <> m.previous_minor_units
        or (m.daily_budget_minor_units is null) <> (m.previous_minor_units is null)
),

versions as (
    select * from google
    union all
    select * from meta
),

changes as (
    {{ change_days('versions', 'campaign_key',
        ['platform_code', 'campaign_id', 'account_key', 'budget_id', 'daily_budget', 'budget_period', 'delivery_method']) }}
)

select
    {{ row_key(['ch.campaign_key', 'ch.date_day']) }} as row_key,
    ch.date_day,
    ch.platform_code,
    ch.account_key,
    ch.campaign_key,
    ch.campaign_id,
    ch.budget_id,
    ch.budget_period,
    ch.delivery_method,
    a.currency_code,
    fx.reporting_currency,
    fx.fx_rate,
    ch.daily_budget,
    {{ to_reporting('ch.daily_budget') }} as daily_budget_reporting,
    lag(ch.daily_budget) over (partition by ch.campaign_key order by ch.valid_from) as previous_daily_budget,
    ch.valid_from,
    ch.valid_to,
    ch.is_current,
    ch.valid_from_date,
    ch.valid_to_date,
    {{ tenant_id() }} as tenant_id
from changes as ch
left join accounts as a on a.account_key = ch.account_key
left join {{ ref('int_fx_rates_forward_filled') }} as fx on fx.date_day = ch.date_day and fx.currency_code = a.currency_code
