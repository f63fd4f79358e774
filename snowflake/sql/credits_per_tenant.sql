-- Credits per tenant, from Snowflake's per-query cost attribution (ACCOUNT_USAGE.QUERY_ATTRIBUTION_HISTORY: compute
-- credits per query, excluding warehouse idle time; up to 8 h latency; 365 days). Binds: ? = start (inclusive),
-- ? = end (exclusive), as TIMESTAMP_LTZ-comparable strings, e.g. '2026-11-01' and '2026-12-01'.
-- The tenant comes from QUERY_TAG: the embed API sets {"app":"marketing-iq","tenant":"<id>"} on every statement
-- (embed-api/src/warehouse/snowflake/snowflake-warehouse.ts), dbt sets marketing_iq:<id> (dbt/profiles.yml).
-- Idle time of a warehouse dedicated to one tenant or partner is on WAREHOUSE_METERING_HISTORY (not included here).
with tagged as (
    select
        coalesce(
            try_parse_json(query_tag):tenant::varchar,
            iff(startswith(query_tag, 'marketing_iq:'), substr(query_tag, 14), null)
        ) as tenant_id,
        iff(startswith(query_tag, 'marketing_iq:'), 'dbt', 'api') as workload,
        warehouse_name,
        credits_attributed_compute + coalesce(credits_used_query_acceleration, 0) as credits
    from snowflake.account_usage.query_attribution_history
    where start_time >= ? and start_time < ?
)
select tenant_id, workload, warehouse_name, count(*) as queries, sum(credits) as credits
from tagged
where tenant_id is not null and tenant_id <> ''
group by tenant_id, workload, warehouse_name
order by credits desc, tenant_id, workload, warehouse_name
