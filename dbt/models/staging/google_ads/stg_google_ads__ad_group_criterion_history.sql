with source as (
    select * from {{ source('google_ads', 'ad_group_criterion_history') }}
)

select
    {{ as_id('id') }} as criterion_id,
    {{ as_id('ad_group_id') }} as ad_group_id,
    updated_at,
    {{ as_id('base_campaign_id') }} as base_campaign_id,
    {{ raw_col('type') }} as criterion_type,
    status,
    negative,
    keyword_text,
    keyword_match_type,
    cast(cpc_bid_micros as {{ type_double() }}) / 1000000 as cpc_bid,
    quality_score,
    {{ as_id('user_list_id') }} as user_list_id,
    age_range_type,
    gender_type,
    _fivetran_synced,
    {{ history_flags(['ad_group_id', 'id'], 'updated_at', '_fivetran_active') }}
from source
