-- Meta videos (ad_video_history) as SCD-2 versions (updated_time). Grain: video_key x valid_from; one current row
-- per video_key.
select
    {{ row_key(['video_id', 'valid_from']) }} as video_version_key,
    {{ entity_key('meta', 'video_id') }} as video_key,
    video_id,
    'meta' as platform_code,
    {{ entity_key('meta', 'account_id') }} as account_key,
    title as video_title,
    video_length_seconds,
    video_format,
    published as is_published,
    created_time as created_at,
    valid_from,
    valid_to,
    valid_to is null as is_current,
    {{ tenant_id() }} as tenant_id
from {{ scd_versions(ref('stg_facebook_ads__ad_video_history')) }}
