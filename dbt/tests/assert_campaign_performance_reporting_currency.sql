-- Reporting-currency amounts of fact_campaign_performance_daily = account-currency amounts x the same day's published
-- rate in the staged FX table (pair currency -> reporting currency; 1 for the reporting currency itself), per tenant
-- and day. A day without a published rate shows up as a difference.
{%- set rate = "coalesce(fx.rate, case when f.currency_code = " ~ reporting_currency() ~ " then 1.0 end)" %}
{{ reconcile_daily(
    "select f.tenant_id, f.date_day, sum(f.spend * " ~ rate ~ ") as spend_reporting,
        sum(f.conversion_value * " ~ rate ~ ") as conversion_value_reporting
     from " ~ ref('fact_campaign_performance_daily') ~ " as f
     left join " ~ ref('stg_miq_reference__fx_rates_daily') ~ " as fx
        on fx.date_day = f.date_day and fx.base_currency = f.currency_code
        and fx.quote_currency = " ~ reporting_currency() ~ "
     group by f.tenant_id, f.date_day",
    "select tenant_id, date_day, sum(spend_reporting) as spend_reporting,
        sum(conversion_value_reporting) as conversion_value_reporting
     from " ~ ref('fact_campaign_performance_daily') ~ " group by tenant_id, date_day",
    ['spend_reporting', 'conversion_value_reporting']
) }}
