-- Klaviyo flow sends per day: events attributed to a flow message, counted on the local day of the event.
-- Grain: date_day x email_flow_key x flow_message_id (row_key).
with daily as (
    select
        date_day,
        flow_message_id,
        max(flow_id) as event_flow_id,
        {{ email_measures() }}
    from {{ ref('int_klaviyo_events_aggregated') }}
    where flow_message_id is not null and campaign_id is null
    group by date_day, flow_message_id
),

flow_messages as (
    select flow_message_id, flow_id, name as flow_message_name, channel
    from {{ ref('stg_klaviyo__flow_message') }}
)

select
    {{ row_key(['daily.date_day', entity_key('klaviyo', 'coalesce(flow_messages.flow_id, daily.event_flow_id)'),
                'daily.flow_message_id']) }} as row_key,
    daily.date_day,
    {{ entity_key('klaviyo', 'coalesce(flow_messages.flow_id, daily.event_flow_id)') }} as email_flow_key,
    coalesce(flow_messages.flow_id, daily.event_flow_id) as flow_id,
    daily.flow_message_id,
    flow_messages.flow_message_name,
    coalesce(flow_messages.channel, 'email') as channel,
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
left join flow_messages on flow_messages.flow_message_id = daily.flow_message_id
left join {{ ref('int_fx_rates_forward_filled') }} as fx
    on fx.date_day = daily.date_day and fx.currency_code = {{ klaviyo_currency() }}
