-- Klaviyo email templates. Klaviyo syncs templates as current state (no history): one open SCD version per template,
-- valid from its creation. Grain: email_template_key. The HTML body is not carried into the marts.
select
    {{ entity_key('klaviyo', 'template_id') }} as email_template_key,
    template_id,
    name as template_name,
    editor_type,
    is_deleted,
    created as created_at,
    updated as updated_at,
    created as valid_from,
    cast(null as {{ dbt.type_timestamp() }}) as valid_to,
    true as is_current,
    {{ tenant_id() }} as tenant_id
from {{ ref('stg_klaviyo__email_template') }}
