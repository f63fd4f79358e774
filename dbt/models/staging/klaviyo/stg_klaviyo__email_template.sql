with source as (
    select * from {{ source('klaviyo', 'email_template') }}
)

select
    {{ as_id('id') }} as template_id,
    name,
    editor_type,
    html,
    {{ raw_col('text') }} as text_body,
    created,
    updated,
    coalesce(_fivetran_deleted, false) as is_deleted,
    _fivetran_synced
from source
