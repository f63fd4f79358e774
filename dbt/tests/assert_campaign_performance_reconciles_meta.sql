-- Meta rows of fact_campaign_performance_daily = the staged ad_device_report and its action child tables (action types
-- of var meta_conversion_action_types), per tenant and day.
{%- set types = sql_list(var('meta_conversion_action_types')) %}
{{ reconcile_daily(
    "select " ~ tenant_id() ~ " as tenant_id, r.date_day, sum(r.impressions) as impressions, sum(r.clicks) as clicks,
        sum(r.spend) as spend, max(a.conversions) as conversions, max(v.conversion_value) as conversion_value
     from " ~ ref('stg_facebook_ads__ad_device_report') ~ " as r
     left join (select date_day, sum(action_count) as conversions from " ~ ref('stg_facebook_ads__ad_device_report_actions') ~ "
                where action_type in " ~ types ~ " group by date_day) as a on a.date_day = r.date_day
     left join (select date_day, sum(action_value) as conversion_value from " ~ ref('stg_facebook_ads__ad_device_report_action_values') ~ "
                where action_type in " ~ types ~ " group by date_day) as v on v.date_day = r.date_day
     group by r.date_day",
    "select tenant_id, date_day, sum(impressions) as impressions, sum(clicks) as clicks, sum(spend) as spend,
        sum(conversions) as conversions, sum(conversion_value) as conversion_value
     from " ~ ref('fact_campaign_performance_daily') ~ " where platform_code = 'meta' group by tenant_id, date_day",
    ['impressions', 'clicks', 'spend', 'conversions', 'conversion_value']
) }}
