with source as (
    select * from {{ source('klaviyo', 'list') }}
)

select
    {{ as_id('id') }} as list_id,
    name,
    opt_in_process,
    created,
    updated,
    coalesce(_fivetran_deleted, false) as is_deleted,
    _fivetran_synced
from source
