-- fact_ga4_conversions_daily = the prebuilt key-events report (conversions_report), per tenant and day.
{{ reconcile_daily(
    "select " ~ tenant_id() ~ " as tenant_id, date_day, sum(key_events) as conversions, sum(total_revenue) as total_revenue
     from " ~ ref('stg_google_analytics_4__conversions_report') ~ " group by date_day",
    "select tenant_id, date_day, sum(conversions) as conversions, sum(total_revenue) as total_revenue
     from " ~ ref('fact_ga4_conversions_daily') ~ " group by tenant_id, date_day",
    ['conversions', 'total_revenue']
) }}
