-- fact_ga4_traffic_daily = the staged custom report, and its additive measures = the prebuilt
-- traffic_acquisition_session_source_medium_report, per tenant and day.
{{ reconcile_daily(
    "select " ~ tenant_id() ~ " as tenant_id, date_day, sum(sessions) as sessions, sum(engaged_sessions) as engaged_sessions,
        sum(new_users) as new_users, sum(screen_page_views) as screen_page_views, sum(key_events) as key_events,
        sum(total_revenue) as total_revenue
     from " ~ ref('stg_google_analytics_4__traffic_acquisition_session_source_medium_report') ~ " group by date_day",
    "select tenant_id, date_day, sum(sessions) as sessions, sum(engaged_sessions) as engaged_sessions,
        sum(new_users) as new_users, sum(screen_page_views) as screen_page_views, sum(key_events) as key_events,
        sum(total_revenue) as total_revenue
     from " ~ ref('fact_ga4_traffic_daily') ~ " group by tenant_id, date_day",
    ['sessions', 'engaged_sessions', 'new_users', 'screen_page_views', 'key_events', 'total_revenue']
) }}
