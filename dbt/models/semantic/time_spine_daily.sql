-- Daily time spine MetricFlow requires (one row per day). The semantic layer of the embed API does not read it; it
-- exists so that `dbt parse` validates the semantic models and writes target/semantic_manifest.json.
{{ config(materialized='table', schema='marts') }}
select cast(d as date) as date_day
from range(date '2015-01-01', date '2040-01-01', interval 1 day) as t(d)
