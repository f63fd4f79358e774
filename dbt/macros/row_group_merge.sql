{#-
  on-run-start (dbt_project.yml): an incremental run on DuckDB does not merge row groups at its checkpoint.

  Every incremental run deletes its lookback days from the end of each large fact and inserts them again. At the
  checkpoint (when dbt closes the file) DuckDB then merges the tail row groups the deletes left part-empty ("vacuum"),
  rewriting and recompressing them: ~1.2 s of a ~8 s daily run at scale 1.0, 0.7 s for the search terms alone. With
  `max_vacuum_tasks = 0` it skips the merge; row groups left wholly empty are still dropped, and the part-empty ones
  keep their deleted rows marked until a later run compacts them. The run that compacts: `--full-refresh`, or
  `--vars '{compact_marts: true}'` (the refresh loop passes it every few rebuilds).
  Other adapters: nothing (no statement is sent).
-#}
{% macro skip_row_group_merge() -%}
    {{ return(adapter.dispatch('skip_row_group_merge', 'marketing_iq')()) }}
{%- endmacro %}

{% macro default__skip_row_group_merge() -%}
{%- endmacro %}

{% macro duckdb__skip_row_group_merge() -%}
    {%- if execute and not flags.FULL_REFRESH and not var('compact_marts', false) -%}
        set global max_vacuum_tasks = 0
    {%- endif -%}
{%- endmacro %}
