-- Klaviyo campaign sends per day: events attributed to the campaign, counted on the local day of the event.
-- Grain: date_day x email_campaign_key x message_id (row_key). Revenue = attributed var klaviyo_revenue_metric events.
with daily as (
    select
        date_day,
        campaign_id,
        {{ email_measures() }}
    from {{ ref('int_klaviyo_events_aggregated') }}
    where campaign_id is not null
    group by date_day, campaign_id
),

messages as (
    -- One message per campaign in Klaviyo's v2 model as synced; the first one if there are several.
    select campaign_id, message_id, channel
    from (
        select
            campaign_id, message_id, channel,
            row_number() over (partition by campaign_id order by created, message_id) as message_rank
        from {{ ref('stg_klaviyo__campaign_message') }}
        where not is_deleted
    ) as ranked
    where message_rank = 1
),

campaigns as (
    select campaign_id, channel from {{ ref('stg_klaviyo__campaign') }}
)

select
    {{ row_key(['daily.date_day', entity_key('klaviyo', 'daily.campaign_id'), 'messages.message_id']) }} as row_key,
    daily.date_day,
    {{ entity_key('klaviyo', 'daily.campaign_id') }} as email_campaign_key,
    daily.campaign_id,
    messages.message_id,
    coalesce(messages.channel, campaigns.channel, 'email') as channel,
    cast(daily.recipients as {{ dbt.type_bigint() }}) as recipients,
    cast(daily.delivered as {{ dbt.type_bigint() }}) as delivered,
    cast(daily.opens as {{ dbt.type_bigint() }}) as opens,
    cast(daily.unique_opens as {{ dbt.type_bigint() }}) as unique_opens,
    cast(daily.clicks as {{ dbt.type_bigint() }}) as clicks,
    cast(daily.unique_clicks as {{ dbt.type_bigint() }}) as unique_clicks,
    cast(daily.bounces as {{ dbt.type_bigint() }}) as bounces,
    cast(daily.unsubscribes as {{ dbt.type_bigint() }}) as unsubscribes,
    cast(daily.spam_complaints as {{ dbt.type_bigint() }}) as spam_complaints,
    cast(daily.conversions as {{ dbt.type_bigint() }}) as conversions,
    daily.revenue,
    {{ to_reporting('daily.revenue') }} as revenue_reporting,
    {{ klaviyo_currency() }} as currency_code,
    fx.reporting_currency,
    fx.fx_rate,
    {{ tenant_id() }} as tenant_id
from daily
left join messages on messages.campaign_id = daily.campaign_id
left join campaigns on campaigns.campaign_id = daily.campaign_id
left join {{ ref('int_fx_rates_forward_filled') }} as fx
    on fx.date_day = daily.date_day and fx.currency_code = {{ klaviyo_currency() }}
