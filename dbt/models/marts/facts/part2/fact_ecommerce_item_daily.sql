-- GA4 e-commerce items. Grain: date_day x property_id x item_id (row_key) from the custom report
-- ecommerce_items_report. Revenue in the property's currency (var ga4_currency).
select
    {{ row_key(['i.date_day', 'i.property_id', 'i.item_id']) }} as row_key,
    i.date_day,
    'ga4' as platform_code,
    i.property_id,
    i.item_id,
    i.item_name,
    i.item_category,
    i.items_viewed,
    i.items_added_to_cart,
    i.items_purchased,
    i.item_revenue,
    {{ to_reporting('i.item_revenue') }} as item_revenue_reporting,
    {{ ga4_currency() }} as currency_code,
    fx.reporting_currency,
    fx.fx_rate,
    {{ tenant_id() }} as tenant_id
from {{ ref('stg_google_analytics_4__ecommerce_items_report') }} as i
left join {{ ref('int_fx_rates_forward_filled') }} as fx on fx.date_day = i.date_day and fx.currency_code = {{ ga4_currency() }}
