with source as (
    select * from {{ source('google_analytics_4', 'ecommerce_items_report') }}
)

select
    replace(property, 'properties/', '') as property_id,
    {{ raw_col('date') }} as date_day,
    {{ as_id('item_id') }} as item_id,
    item_name,
    item_category,
    _fivetran_id,
    items_viewed,
    items_added_to_cart,
    items_purchased,
    item_revenue,
    _fivetran_synced
from source
