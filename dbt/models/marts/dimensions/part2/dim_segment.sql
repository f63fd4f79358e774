-- Klaviyo segments (current state, no history in the connector: one open SCD version per segment). Sizes on any
-- date come from fact_segment_membership. Grain: segment_key.
select
    {{ entity_key('klaviyo', 'segment_id') }} as segment_key,
    segment_id,
    name as segment_name,
    definition as segment_definition,
    is_active,
    is_starred,
    is_deleted,
    created as created_at,
    updated as updated_at,
    created as valid_from,
    cast(null as {{ dbt.type_timestamp() }}) as valid_to,
    true as is_current,
    {{ tenant_id() }} as tenant_id
from {{ ref('stg_klaviyo__segment') }}
