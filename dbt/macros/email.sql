{#-
  Email measures pivoted from int_klaviyo_events_aggregated (metric names as Klaviyo's).
  delivered = Received Email / Received SMS; recipients = delivered + bounced (every send attempted);
  unique_* count distinct people within the row's day (not additive across days).
-#}
{% macro email_measures() -%}
    {%- set received = "('Received Email', 'Received SMS')" -%}
    sum(case when metric_name in {{ received }} or metric_name = 'Bounced Email' then event_count else 0 end) as recipients,
    sum(case when metric_name in {{ received }} then event_count else 0 end) as delivered,
    sum(case when metric_name = 'Opened Email' then event_count else 0 end) as opens,
    sum(case when metric_name = 'Opened Email' then unique_persons else 0 end) as unique_opens,
    sum(case when metric_name in ('Clicked Email', 'Clicked SMS') then event_count else 0 end) as clicks,
    sum(case when metric_name in ('Clicked Email', 'Clicked SMS') then unique_persons else 0 end) as unique_clicks,
    sum(case when metric_name = 'Bounced Email' then event_count else 0 end) as bounces,
    sum(case when metric_name in ('Unsubscribed', 'Unsubscribed from SMS') then event_count else 0 end) as unsubscribes,
    sum(case when metric_name = 'Marked Email as Spam' then event_count else 0 end) as spam_complaints,
    sum(case when metric_name = '{{ var("klaviyo_revenue_metric") }}' then event_count else 0 end) as conversions,
    sum(case when metric_name = '{{ var("klaviyo_revenue_metric") }}' then coalesce(event_value, 0) else 0 end) as revenue
{%- endmacro %}
