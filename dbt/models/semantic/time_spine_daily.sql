-- Daily time spine MetricFlow requires (one row per day). The semantic layer of the embed API does not read it; it
-- exists so that `dbt parse` validates the semantic models and writes target/semantic_manifest.json.
-- dbt's own cross-database date_spine macro, so it builds on DuckDB and Snowflake alike.
{{ config(materialized='view', schema='semantic') }}
select cast(date_day as date) as date_day
from ({{ dbt.date_spine('day', "cast('2015-01-01' as date)", "cast('2040-01-01' as date)") }}) as spine
