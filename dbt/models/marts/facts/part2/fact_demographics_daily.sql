{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='date_day') }}
-- Meta demographics. The plan's grain is campaign x geo x age x gender x day; Meta does not return country together
-- with age x gender in one request, so the connector has two custom reports and this fact holds both, told apart by
-- `breakdown`: 'age_gender' rows (country_code null) and 'country' rows (age, gender null). Never add the two
-- breakdowns together: each one alone covers all of the campaign's delivery.
-- Grain: date_day x campaign_key x breakdown x age x gender x country_code (row_key). reach is non-additive.
{%- set conv = sql_list(var('meta_conversion_action_types')) %}
with age_gender as (
    select
        r.date_day, r.account_id, r.campaign_id, 'age_gender' as breakdown, r.age, lower(r.gender) as gender,
        cast(null as {{ dbt.type_string() }}) as country_code,
        r.impressions, r.clicks, r.spend, r.reach,
        coalesce(x.conversions, 0) as conversions, coalesce(v.conversion_value, 0) as conversion_value
    from {{ ref('stg_facebook_ads__campaign_age_gender_report') }} as r
    left join (
        select date_day, campaign_id, age, gender, sum(action_count) as conversions
        from {{ ref('stg_facebook_ads__campaign_age_gender_report_actions') }}
        where action_type in {{ conv }} and {{ incremental_window('date_day') }}
        group by date_day, campaign_id, age, gender
    ) as x on x.date_day = r.date_day and x.campaign_id = r.campaign_id and x.age = r.age and x.gender = r.gender
    left join (
        select date_day, campaign_id, age, gender, sum(action_value) as conversion_value
        from {{ ref('stg_facebook_ads__campaign_age_gender_report_action_values') }}
        where action_type in {{ conv }} and {{ incremental_window('date_day') }}
        group by date_day, campaign_id, age, gender
    ) as v on v.date_day = r.date_day and v.campaign_id = r.campaign_id and v.age = r.age and v.gender = r.gender
    where {{ incremental_window('r.date_day') }}
),

country as (
    select
        r.date_day, r.account_id, r.campaign_id, 'country' as breakdown,
        cast(null as {{ dbt.type_string() }}) as age, cast(null as {{ dbt.type_string() }}) as gender,
        upper(r.country_code) as country_code,
        r.impressions, r.clicks, r.spend, r.reach,
        coalesce(x.conversions, 0) as conversions, coalesce(v.conversion_value, 0) as conversion_value
    from {{ ref('stg_facebook_ads__campaign_country_report') }} as r
    left join (
        select date_day, campaign_id, country_code, sum(action_count) as conversions
        from {{ ref('stg_facebook_ads__campaign_country_report_actions') }}
        where action_type in {{ conv }} and {{ incremental_window('date_day') }}
        group by date_day, campaign_id, country_code
    ) as x on x.date_day = r.date_day and x.campaign_id = r.campaign_id and x.country_code = r.country_code
    left join (
        select date_day, campaign_id, country_code, sum(action_value) as conversion_value
        from {{ ref('stg_facebook_ads__campaign_country_report_action_values') }}
        where action_type in {{ conv }} and {{ incremental_window('date_day') }}
        group by date_day, campaign_id, country_code
    ) as v on v.date_day = r.date_day and v.campaign_id = r.campaign_id and v.country_code = r.country_code
    where {{ incremental_window('r.date_day') }}
),

unioned as (
    select * from age_gender
    union all
    select * from country
)

select
    {{ row_key(['u.date_day', "'meta:' || u.campaign_id", 'u.breakdown', 'u.age', 'u.gender', 'u.country_code']) }} as row_key,
    u.date_day,
    'meta' as platform_code,
    {{ entity_key('meta', 'u.account_id') }} as account_key,
    u.account_id,
    {{ entity_key('meta', 'u.campaign_id') }} as campaign_key,
    u.campaign_id,
    u.breakdown,
    u.age,
    u.gender,
    u.country_code,
    a.currency_code,
    fx.reporting_currency,
    fx.fx_rate,
    u.impressions,
    u.clicks,
    u.spend,
    {{ to_reporting('u.spend') }} as spend_reporting,
    u.conversions,
    u.conversion_value,
    {{ to_reporting('u.conversion_value') }} as conversion_value_reporting,
    u.reach,
    {{ tenant_id() }} as tenant_id
from unioned as u
left join {{ ref('dim_account') }} as a on a.account_key = {{ entity_key('meta', 'u.account_id') }} and a.is_current
left join {{ ref('int_fx_rates_forward_filled') }} as fx on fx.date_day = u.date_day and fx.currency_code = a.currency_code
