with source as (
    select * from {{ source('klaviyo', 'metric') }}
)

select
    {{ as_id('id') }} as metric_id,
    name,
    integration_name,
    integration_category,
    created,
    updated,
    coalesce(_fivetran_deleted, false) as is_deleted,
    _fivetran_synced
from source
