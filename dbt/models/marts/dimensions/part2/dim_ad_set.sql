-- Meta ad sets as SCD-2 versions of ad_set_history (updated_time). Budgets from Meta's minor units into the account
-- currency. Grain: ad_set_key x valid_from (ad_set_version_key); one is_current row per ad_set_key.
with accounts as (
    select account_key, currency_code from {{ ref('dim_account') }} where is_current
)

select
    {{ row_key(["s.ad_set_id", "s.valid_from"]) }} as ad_set_version_key,
    {{ entity_key('meta', 's.ad_set_id') }} as ad_set_key,
    s.ad_set_id,
    'meta' as platform_code,
    {{ entity_key('meta', 's.campaign_id') }} as campaign_key,
    s.campaign_id,
    {{ entity_key('meta', 's.account_id') }} as account_key,
    s.account_id,
    s.name as ad_set_name,
    s.status as ad_set_status,
    s.bid_strategy,
    s.billing_event,
    s.optimization_goal,
    cast(s.daily_budget_minor_units as {{ type_double() }}) / {{ meta_minor_unit_divisor('a.currency_code') }} as daily_budget,
    cast(s.lifetime_budget_minor_units as {{ type_double() }}) / {{ meta_minor_unit_divisor('a.currency_code') }} as lifetime_budget,
    a.currency_code,
    s.targeting_age_min,
    s.targeting_age_max,
    s.targeting_custom_audiences,
    cast(s.start_time as date) as start_date,
    cast(s.end_time as date) as end_date,
    s.valid_from,
    s.valid_to,
    s.valid_to is null as is_current,
    {{ tenant_id() }} as tenant_id
from {{ scd_versions(ref('stg_facebook_ads__ad_set_history')) }} as s
left join accounts as a on a.account_key = {{ entity_key('meta', 's.account_id') }}
