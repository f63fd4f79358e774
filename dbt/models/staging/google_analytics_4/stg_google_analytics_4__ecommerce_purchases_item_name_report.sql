with source as (
    select * from {{ source('google_analytics_4', 'ecommerce_purchases_item_name_report') }}
)

select
    replace(property, 'properties/', '') as property_id,
    {{ raw_col('date') }} as date_day,
    item_name,
    _fivetran_id,
    items_viewed,
    items_added_to_cart,
    items_purchased,
    item_revenue,
    _fivetran_synced
from source
