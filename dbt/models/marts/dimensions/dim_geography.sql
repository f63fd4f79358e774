-- Countries seen in any source: Google Ads geo targets, GA4 reports and Meta's country breakdown.
-- Grain: one row per geo_key (ISO 3166-1 alpha-2 country code; 'ZZ' = unknown / not set).
with named as (
    select upper(country_code) as country_code, name as country_name, 1 as preference
    from {{ ref('stg_google_ads__geo_target') }}
    where target_type = 'Country' and country_code is not null
    union all
    select country_code, max(country) as country_name, 2 as preference
    from {{ ref('stg_google_analytics_4__traffic_source_medium_country_device') }}
    where country_code is not null and country_code <> ''
    group by country_code
    union all
    select distinct country_code, cast(null as {{ dbt.type_string() }}) as country_name, 3 as preference
    from {{ ref('stg_facebook_ads__campaign_country_report') }}
    where country_code is not null
    union all
    select 'ZZ' as country_code, 'Unknown' as country_name, 0 as preference
),

ranked as (
    select
        country_code,
        country_name,
        row_number() over (
            partition by country_code
            order by case when country_name is null then 1 else 0 end, preference, country_name
        ) as name_rank
    from named
)

select
    country_code as geo_key,
    country_code,
    coalesce(country_name, country_code) as country_name,
    {{ country_region('country_code') }} as region,
    {{ tenant_id() }} as tenant_id
from ranked
where name_rank = 1
