-- Audience definitions: Google Ads user lists (user_list_history) and Meta custom audiences
-- (custom_audience_history) as SCD-2 versions. Sizes are the platforms' approximate figures of the version.
-- Grain: audience_key x valid_from (audience_version_key); one current row per audience_key.
with unioned as (
    select
        {{ entity_key('google_ads', 'user_list_id') }} as audience_key,
        user_list_id as audience_id,
        'google_ads' as platform_code,
        {{ entity_key('google_ads', 'account_id') }} as account_key,
        name as audience_name,
        lower(user_list_type) as audience_type,
        membership_status as audience_status,
        size_for_search as approximate_size,
        size_for_display as approximate_size_display,
        valid_from,
        valid_to
    from {{ scd_versions(ref('stg_google_ads__user_list_history')) }}
    union all
    select
        {{ entity_key('meta', 'audience_id') }} as audience_key,
        audience_id,
        'meta' as platform_code,
        {{ entity_key('meta', 'account_id') }} as account_key,
        name as audience_name,
        lower(subtype) as audience_type,
        cast(null as {{ dbt.type_string() }}) as audience_status,
        approximate_count_lower_bound as approximate_size,
        approximate_count_upper_bound as approximate_size_display,
        valid_from,
        valid_to
    from {{ scd_versions(ref('stg_facebook_ads__custom_audience_history')) }}
)

select
    {{ row_key(['audience_key', 'valid_from']) }} as audience_version_key,
    unioned.*,
    valid_to is null as is_current,
    {{ tenant_id() }} as tenant_id
from unioned
