with source as (
    select * from {{ source('google_ads', 'ad_history') }}
)

select
    {{ as_id('ad_group_id') }} as ad_group_id,
    {{ as_id('id') }} as ad_id,
    updated_at,
    name,
    {{ raw_col('type') }} as ad_type,
    status,
    display_url,
    final_urls,
    _fivetran_synced,
    {{ history_flags(['ad_group_id', 'id'], 'updated_at', '_fivetran_active') }}
from source
