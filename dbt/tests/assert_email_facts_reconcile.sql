-- fact_email_campaign_daily + fact_email_flow_daily = the staged Klaviyo events attributed to a campaign or a flow
-- message (not deleted), counted on the local day, per tenant and day: sends, opens, clicks, orders and revenue.
{%- set day = 'd.date_day' %}
{%- set metric = var('klaviyo_revenue_metric') %}
{{ reconcile_daily(
    "select " ~ tenant_id() ~ " as tenant_id, " ~ day ~ " as date_day,
        sum(case when e.metric_name in ('Received Email', 'Received SMS', 'Bounced Email') then 1 else 0 end) as recipients,
        sum(case when e.metric_name = 'Opened Email' then 1 else 0 end) as opens,
        sum(case when e.metric_name in ('Clicked Email', 'Clicked SMS') then 1 else 0 end) as clicks,
        sum(case when e.metric_name = '" ~ metric ~ "' then 1 else 0 end) as conversions,
        sum(case when e.metric_name = '" ~ metric ~ "' then coalesce(e.event_value, 0) else 0 end) as revenue
     from " ~ ref('stg_klaviyo__event') ~ " as e
     join (" ~ local_date_buckets(klaviyo_time_zone(), "select cast(min(occurred_at) as date) from " ~ ref('stg_klaviyo__event'), "select cast(max(occurred_at) as date) from " ~ ref('stg_klaviyo__event')) ~ ") as d on d.bucket_start = " ~ quarter_hour('e.occurred_at') ~ "
     where not e.is_deleted and (e.campaign_id is not null or e.flow_message_id is not null)
     group by " ~ day,
    "select tenant_id, date_day, sum(recipients) as recipients, sum(opens) as opens, sum(clicks) as clicks,
        sum(conversions) as conversions, sum(revenue) as revenue
     from (
        select tenant_id, date_day, recipients, opens, clicks, conversions, revenue from " ~ ref('fact_email_campaign_daily') ~ "
        union all
        select tenant_id, date_day, recipients, opens, clicks, conversions, revenue from " ~ ref('fact_email_flow_daily') ~ "
     ) as facts
     group by tenant_id, date_day",
    ['recipients', 'opens', 'clicks', 'conversions', 'revenue']
) }}
