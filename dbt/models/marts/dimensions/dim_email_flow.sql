-- Klaviyo flows (automations). Grain: one row per email_flow_key ('klaviyo:<flow id>'), current state as synced.
with messages as (
    select flow_id, count(*) as flow_message_count
    from {{ ref('stg_klaviyo__flow_message') }}
    where not is_deleted
    group by flow_id
)

select
    {{ entity_key('klaviyo', 'f.flow_id') }} as email_flow_key,
    f.flow_id,
    f.name as flow_name,
    f.trigger_type,
    f.status,
    coalesce(m.flow_message_count, 0) as flow_message_count,
    f.archived as is_archived,
    f.is_deleted,
    f.created as created_at,
    f.updated as updated_at,
    {{ tenant_id() }} as tenant_id
from {{ ref('stg_klaviyo__flow') }} as f
left join messages as m on m.flow_id = f.flow_id
