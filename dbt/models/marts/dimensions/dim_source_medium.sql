-- Traffic sources as GA4 reports them (session source / medium), with the channel group and the ad or email platform
-- they belong to. Grain: one row per source_medium_key ('google / cpc').
with pairs as (
    select source, medium from {{ ref('stg_google_analytics_4__traffic_source_medium_country_device') }}
    union
    select source, medium from {{ ref('stg_google_analytics_4__traffic_acquisition_session_source_medium_report') }}
    union
    select source, medium from {{ ref('stg_google_analytics_4__conversions_source_medium_report') }}
),

normalized as (
    select distinct coalesce(source, '(not set)') as source, coalesce(medium, '(not set)') as medium
    from pairs
)

select
    {{ source_medium_key('source', 'medium') }} as source_medium_key,
    source,
    medium,
    {{ ga4_channel_group('source', 'medium') }} as channel_group,
    {{ source_medium_platform('source', 'medium') }} as platform_code,
    {{ tenant_id() }} as tenant_id
from normalized
