-- Google Ads rows of fact_campaign_performance_daily = stg_google_ads__campaign_stats, per tenant and day.
{{ reconcile_daily(
    "select " ~ tenant_id() ~ " as tenant_id, date_day, sum(impressions) as impressions, sum(clicks) as clicks,
        sum(spend) as spend, sum(conversions) as conversions, sum(conversion_value) as conversion_value,
        sum(video_views) as video_views
     from " ~ ref('stg_google_ads__campaign_stats') ~ " group by date_day",
    "select tenant_id, date_day, sum(impressions) as impressions, sum(clicks) as clicks, sum(spend) as spend,
        sum(conversions) as conversions, sum(conversion_value) as conversion_value, sum(video_views) as video_views
     from " ~ ref('fact_campaign_performance_daily') ~ " where platform_code = 'google_ads' group by tenant_id, date_day",
    ['impressions', 'clicks', 'spend', 'conversions', 'conversion_value', 'video_views']
) }}
