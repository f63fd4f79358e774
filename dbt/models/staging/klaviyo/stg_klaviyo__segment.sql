with source as (
    select * from {{ source('klaviyo', 'segment') }}
)

select
    {{ as_id('id') }} as segment_id,
    name,
    definition,
    is_active,
    is_starred,
    created,
    updated,
    coalesce(_fivetran_deleted, false) as is_deleted,
    _fivetran_synced
from source
