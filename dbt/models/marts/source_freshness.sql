-- Data freshness: the latest Fivetran sync per connector, over every table the project reads from it.
-- Grain: one row per source (google_ads, facebook_ads, google_analytics_4, klaviyo).
with synced as (
    {%- for source_name, tables in fivetran_tables().items() %}
    {%- set outer_loop = loop %}
    {%- for table in tables %}
    select '{{ source_name }}' as source, max(_fivetran_synced) as last_synced_at, count(*) as row_count
    from {{ source(source_name, table) }}
    {% if not (outer_loop.last and loop.last) %}union all{% endif %}
    {%- endfor %}
    {%- endfor %}
)

select
    source,
    max(last_synced_at) as last_synced_at,
    cast(sum(row_count) as {{ dbt.type_bigint() }}) as row_count,
    {{ tenant_id() }} as tenant_id
from synced
group by source
