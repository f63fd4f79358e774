with source as (
    select * from {{ source('facebook_ads', 'ad_video_report_video_avg_time_watched_actions') }}
)

select
    {{ raw_col('date') }} as date_day,
    {{ as_id('ad_id') }} as ad_id,
    _fivetran_id,
    {{ raw_col('index') }} as action_index,
    action_type,
    {{ raw_col('value') }} as action_count,
    _1_d_view as action_count_1d_view,
    _7_d_click as action_count_7d_click,
    {{ raw_col('inline') }} as action_count_inline,
    _fivetran_synced
from source
