with source as (
    select * from {{ source('google_ads', 'geo_target') }}
)

select
    {{ as_id('id') }} as geo_target_id,
    name,
    canonical_name,
    country_code,
    target_type,
    status,
    {{ as_id('parent_geo_target_id') }} as parent_geo_target_id,
    _fivetran_synced
from source
