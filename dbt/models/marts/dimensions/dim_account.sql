-- Ad accounts (Google Ads customers, Meta ad accounts) as SCD-2 versions, plus GA4 properties (no history in the
-- source: one open version from the first reported day). Grain: one row per account_key x valid_from.
with google as (
    select
        {{ entity_key('google_ads', 'account_id') }} as account_key,
        account_id,
        'google_ads' as platform_code,
        descriptive_name as account_name,
        currency_code,
        time_zone,
        valid_from,
        valid_to
    from {{ ref('stg_google_ads__account_history') }}
),

meta as (
    select
        {{ entity_key('meta', 'account_id') }} as account_key,
        account_id,
        'meta' as platform_code,
        name as account_name,
        currency as currency_code,
        timezone_name as time_zone,
        -- Versions are sync snapshots: the first one stands from the account's creation on.
        case
            when row_number() over (partition by account_id order by valid_from) = 1 and created_time < valid_from
                then created_time
            else valid_from
        end as valid_from,
        valid_to
    from {{ ref('stg_facebook_ads__account_history') }}
),

ga4_properties as (
    select property_id, min(date_day) as first_day
    from {{ ref('stg_google_analytics_4__traffic_acquisition_session_source_medium_report') }}
    group by property_id
),

ga4 as (
    select
        {{ entity_key('ga4', 'property_id') }} as account_key,
        property_id as account_id,
        'ga4' as platform_code,
        {{ dbt.concat(["'properties/'", 'property_id']) }} as account_name,
        {{ ga4_currency() }} as currency_code,
        cast(null as {{ dbt.type_string() }}) as time_zone,
        cast(first_day as {{ dbt.type_timestamp() }}) as valid_from,
        cast(null as {{ dbt.type_timestamp() }}) as valid_to
    from ga4_properties
),

unioned as (
    select * from google
    union all
    select * from meta
    union all
    select * from ga4
)

select
    {{ row_key(['account_key', 'valid_from']) }} as account_version_key,
    account_key,
    account_id,
    platform_code,
    account_name,
    currency_code,
    time_zone,
    valid_from,
    valid_to,
    valid_to is null as is_current,
    {{ tenant_id() }} as tenant_id
from unioned
