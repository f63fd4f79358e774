-- Google Ads keywords: the KEYWORD criteria of ad_group_criterion_history as SCD-2 versions (updated_at).
-- keyword_key is 'google_ads:<ad group id>~<criterion id>' (Google's criterion ids are unique only within an ad group;
-- search_term_keyword_stats names keywords the same way). Grain: keyword_key x valid_from; one current row per key.
with groups as (
    select ad_group_id, campaign_id from {{ ref('stg_google_ads__ad_group_history') }} where is_current
)

select
    {{ row_key(['k.ad_group_id', 'k.criterion_id', 'k.valid_from']) }} as keyword_version_key,
    {{ dbt.concat(["'google_ads:'", 'k.ad_group_id', "'~'", 'k.criterion_id']) }} as keyword_key,
    k.criterion_id,
    'google_ads' as platform_code,
    {{ entity_key('google_ads', 'k.ad_group_id') }} as ad_group_key,
    k.ad_group_id,
    {{ entity_key('google_ads', 'coalesce(k.base_campaign_id, g.campaign_id)') }} as campaign_key,
    coalesce(k.base_campaign_id, g.campaign_id) as campaign_id,
    k.keyword_text,
    lower(k.keyword_match_type) as match_type,
    k.status as keyword_status,
    k.negative as is_negative,
    k.cpc_bid,
    k.quality_score,
    k.valid_from,
    k.valid_to,
    k.valid_to is null as is_current,
    {{ tenant_id() }} as tenant_id
from {{ scd_versions(ref('stg_google_ads__ad_group_criterion_history')) }} as k
left join groups as g on g.ad_group_id = k.ad_group_id
where k.criterion_type = 'KEYWORD'
