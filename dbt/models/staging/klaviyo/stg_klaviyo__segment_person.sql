with source as (
    select * from {{ source('klaviyo', 'segment_person') }}
)

select
    {{ as_id('segment_id') }} as segment_id,
    {{ as_id('person_id') }} as person_id,
    _fivetran_start as valid_from,
    {{ history_mode_end('_fivetran_end') }} as valid_to,
    coalesce(_fivetran_active, false) as is_current,
    _fivetran_synced
from source
