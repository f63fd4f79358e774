with source as (
    select * from {{ source('klaviyo', 'flow') }}
)

select
    {{ as_id('id') }} as flow_id,
    name,
    status,
    trigger_type,
    archived,
    created,
    updated,
    coalesce(_fivetran_deleted, false) as is_deleted,
    _fivetran_synced
from source
