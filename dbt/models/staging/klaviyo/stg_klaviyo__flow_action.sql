with source as (
    select * from {{ source('klaviyo', 'flow_action') }}
)

select
    {{ as_id('id') }} as flow_action_id,
    {{ as_id('flow_id') }} as flow_id,
    action_type,
    status,
    settings,
    created,
    updated,
    coalesce(_fivetran_deleted, false) as is_deleted,
    _fivetran_synced
from source
