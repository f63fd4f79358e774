{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='date_day') }}
-- Meta reactions per ad. Grain: date_day x ad_key x reaction_type (row_key) from the custom report
-- ad_reactions_report (breakdown action_reaction) and its post_reaction actions.
{#- The ad's campaign, ad set come from its current dim_ad row: when a stored row no longer matches it (a new
    or changed ad), an incremental run reads the whole history again (incremental_window's recheck). -#}
{%- set ads_changed -%}
    select count(*) from {{ this }} as f
    left join {{ ref('dim_ad') }} as d on d.ad_id = f.ad_id and d.is_current and d.platform_code = 'meta'
    where f.campaign_key is distinct from d.campaign_key or f.campaign_id is distinct from d.campaign_id
        or f.ad_set_key is distinct from d.parent_key
{%- endset %}
{%- set window = incremental_window('date_day', recheck=ads_changed) %}
with report as (
    select date_day, account_id, ad_id, action_reaction, cast(sum(impressions) as {{ dbt.type_bigint() }}) as impressions
    from {{ ref('stg_facebook_ads__ad_reactions_report') }}
    where {{ window }}
    group by date_day, account_id, ad_id, action_reaction
),

reactions as (
    select date_day, ad_id, action_reaction, sum(action_count) as reactions
    from {{ ref('stg_facebook_ads__ad_reactions_report_actions') }}
    where action_type = 'post_reaction' and {{ window }}
    group by date_day, ad_id, action_reaction
),

ads as (
    select ad_id, campaign_key, campaign_id, parent_key as ad_set_key
    from {{ ref('dim_ad') }}
    where is_current and platform_code = 'meta'
)

select
    {{ row_key(['r.date_day', "'meta:' || r.ad_id", 'r.action_reaction']) }} as row_key,
    r.date_day,
    'meta' as platform_code,
    {{ entity_key('meta', 'r.account_id') }} as account_key,
    r.account_id,
    ads.campaign_key,
    ads.campaign_id,
    ads.ad_set_key,
    {{ entity_key('meta', 'r.ad_id') }} as ad_key,
    r.ad_id,
    lower(r.action_reaction) as reaction_type,
    r.impressions,
    coalesce(x.reactions, 0) as reactions,
    {{ tenant_id() }} as tenant_id
from report as r
left join reactions as x
    on x.date_day = r.date_day and x.ad_id = r.ad_id and x.action_reaction = r.action_reaction
left join ads on ads.ad_id = r.ad_id
