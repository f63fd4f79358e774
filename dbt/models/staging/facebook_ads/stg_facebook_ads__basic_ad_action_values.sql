with source as (
    select * from {{ source('facebook_ads', 'basic_ad_action_values') }}
)

select
    {{ as_id('ad_id') }} as ad_id,
    {{ raw_col('date') }} as date_day,
    _fivetran_id,
    {{ raw_col('index') }} as action_index,
    action_type,
    {{ raw_col('value') }} as action_value,
    _1_d_view as action_value_1d_view,
    _7_d_click as action_value_7d_click,
    {{ raw_col('inline') }} as action_value_inline,
    _fivetran_synced
from source
