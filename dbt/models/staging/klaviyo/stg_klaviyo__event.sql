with source as (
    select * from {{ source('klaviyo', 'event') }}
)

select
    {{ as_id('id') }} as event_id,
    uuid,
    _variation,
    {{ as_id('campaign_id') }} as campaign_id,
    {{ as_id('flow_id') }} as flow_id,
    {{ as_id('flow_message_id') }} as flow_message_id,
    {{ as_id('metric_id') }} as metric_id,
    {{ as_id('person_id') }} as person_id,
    {{ raw_col('timestamp') }} as occurred_at,
    {{ raw_col('datetime') }} as event_datetime,
    {{ raw_col('type') }} as metric_name,
    {{ try_to_double('property_value') }} as event_value,
    coalesce(_fivetran_deleted, false) as is_deleted,
    _fivetran_synced
from source
