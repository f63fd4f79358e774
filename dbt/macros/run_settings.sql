{#-
  on-run-start (dbt_project.yml): DuckDB settings for an incremental run. When the marts already hold the large
  incremental facts and the run is not a --full-refresh, DuckDB runs each query on env
  MIQ_DUCKDB_INCREMENTAL_THREADS threads (default 1) instead of the profile's MIQ_DUCKDB_THREADS (default 2): the
  incremental queries are small (the lookback days), dbt runs two models at a time, and splitting each query over two
  threads only added coordination (about 1 s of CPU per run at scale 1.0, no shorter wall time). A first build into an
  empty file and a full refresh keep the profile's threads (large queries on the critical path). DuckDB only; the
  setting is global to the file's database instance, which all of dbt's connections share.
-#}
{% macro duckdb_incremental_run_settings() -%}
    {%- if execute and target.type == 'duckdb' and flags.WHICH in ('run', 'build') and not flags.FULL_REFRESH -%}
        {%- set built = adapter.get_relation(database=target.database, schema='marts',
                                             identifier='fact_search_term_daily') -%}
        {%- if built is not none -%}
            set threads = {{ env_var('MIQ_DUCKDB_INCREMENTAL_THREADS', '1') | int }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
