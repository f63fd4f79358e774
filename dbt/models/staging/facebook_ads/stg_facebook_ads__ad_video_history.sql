with source as (
    select * from {{ source('facebook_ads', 'ad_video_history') }}
)

select
    {{ as_id('id') }} as video_id,
    updated_time,
    {{ as_id('account_id') }} as account_id,
    title,
    description,
    {{ raw_col('length') }} as video_length_seconds,
    {{ raw_col('format') }} as video_format,
    created_time,
    published,
    _fivetran_synced,
    {{ history_flags(['id'], 'updated_time', none) }}
from source
