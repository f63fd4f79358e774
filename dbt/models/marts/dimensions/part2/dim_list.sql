-- Klaviyo lists (current state, no history in the connector: one open SCD version per list). Sizes on any date come
-- from fact_list_membership. Grain: list_key.
select
    {{ entity_key('klaviyo', 'list_id') }} as list_key,
    list_id,
    name as list_name,
    opt_in_process,
    is_deleted,
    created as created_at,
    updated as updated_at,
    created as valid_from,
    cast(null as {{ dbt.type_timestamp() }}) as valid_to,
    true as is_current,
    {{ tenant_id() }} as tenant_id
from {{ ref('stg_klaviyo__list') }}
