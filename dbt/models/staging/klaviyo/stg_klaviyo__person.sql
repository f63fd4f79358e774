with source as (
    select * from {{ source('klaviyo', 'person') }}
)

select
    {{ as_id('id') }} as person_id,
    email,
    phone_number,
    first_name,
    last_name,
    organization,
    title,
    address_1,
    address_2,
    city,
    region,
    country,
    zip,
    timezone,
    latitude,
    longitude,
    created,
    updated,
    last_event_date,
    coalesce(_fivetran_deleted, false) as is_deleted,
    _fivetran_synced
from source
