{#-
  Changed days (DuckDB): an incremental run recomputes only the days whose source rows changed since the last
  complete run, not the whole lookback window.

  A Fivetran sync writes every row it adds or restates with a new `_fivetran_synced`. The last complete run's newest
  `_fivetran_synced` per source table is kept in `main.miq_incremental_state` (the watermark). At the start of a run
  (on-run-start), `main.miq_incremental_run` gets, per source table with `_fivetran_synced` and a day (`date`; Klaviyo
  events: the UTC day of `timestamp`, one day earlier since a local day starts up to 14 h before its UTC day), the
  first day with a row synced after the table's watermark (`changed_from`) and its newest `_fivetran_synced` now.
  Per table, not per connector: a build that reads a connector while its sync is still loading sees some tables
  loaded and others not; a table not yet loaded keeps its old watermark, so its rows are found by the next run even if
  Fivetran stamped the whole sync with one time (assumed: one table's load becomes visible at once).
  incremental_cutoff() (macros/incremental.sql) then starts at the earliest changed day of all source tables, but never
  before the lookback window (var incremental_lookback_days before the newest day built): a daily sync that
  restates 3 days and adds one makes the incremental models read 4 days instead of 8. With no watermark (the first
  run, a new connector) or on a full refresh, `known` is false and the lookback window applies as before.

  At the end of the run (on-run-end) the watermark moves to the run's newest `_fivetran_synced` only when every
  incremental model of the project ran and succeeded in it; after a failed run or a run of a selection, the next run
  looks for changes since the old watermark again (re-reading a day is harmless: delete+insert replaces it).

  Tables without a day (History Mode memberships): their watermark gives the membership models the rows synced since
  the last complete run (incremental_synced_window(..., source_table=...)), instead of all rows synced in the lookback.

  Not seen: a change without a new `_fivetran_synced` (FX rates in the `miq_reference` schema carry none; they change
  with the ad platforms' days that use them) and a restatement older than the lookback window (as before).
  Other adapters: nothing here; incremental models read the whole lookback window.
-#}
{% macro record_incremental_changes() -%}
    {{ return(adapter.dispatch('record_incremental_changes', 'marketing_iq')()) }}
{%- endmacro %}

{% macro default__record_incremental_changes() -%}
{%- endmacro %}

{% macro miq_incremental_relation(name) -%}
    {{ return(api.Relation.create(database=target.database, schema=target.schema, identifier=name, type='table')) }}
{%- endmacro %}

{% macro duckdb__record_incremental_changes() -%}
    {%- if not execute or flags.WHICH not in ('run', 'build') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set state = miq_incremental_relation('miq_incremental_state') -%}
    {%- set run = miq_incremental_relation('miq_incremental_run') -%}
    {%- set marks = {} -%}
    {%- if adapter.get_relation(state.database, state.schema, state.identifier) is not none -%}
        {%- for row in run_query('select source_table, cast(synced_through as varchar) from ' ~ state).rows -%}
            {%- do marks.update({row[0]: row[1]}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set sources = {} -%}
    {%- for s in graph.sources.values() -%}
        {%- do sources.update({(s.database ~ '.' ~ s.schema ~ '.' ~ s.identifier) | lower: s}) -%}
    {%- endfor -%}
    {%- set databases = sources.values() | map(attribute='database') | unique | list -%}
    {#- source tables with _fivetran_synced (day_column: their day, if they have one) -#}
    {%- set catalog -%}
        select database_name || '.' || schema_name || '.' || table_name as name,
            max(case when column_name = 'date' then 'date' when column_name = 'timestamp' then 'timestamp' end) as day_column
        from duckdb_columns()
        where database_name in ('{{ databases | join("', '") }}')
        group by all
        having bool_or(column_name = '_fivetran_synced')
        order by name
    {%- endset -%}
    {%- set parts = [] -%}
    {%- for row in run_query(catalog).rows if (row[0] | lower) in sources -%}
        {%- set s = sources[row[0] | lower] -%}
        {%- set rel = source(s.source_name, s.name) -%}
        {%- set day = 'cast(' ~ adapter.quote(row[1]) ~ ' as date)' if row[1] else none -%}
        {%- set mark = none if flags.FULL_REFRESH else marks.get(row[0] | lower) -%}
        {%- set shift = ' - interval 1 day' if row[1] == 'timestamp' else '' -%}
        {%- set sql -%}
            select '{{ s.source_name }}' as connector, '{{ row[0] | lower }}' as source_table,
                max(_fivetran_synced) as synced_now,
                {%- if mark is not none and day is not none %}
                min({{ day }}{{ shift }}) as changed_from,
                {%- else %}
                cast(null as date) as changed_from,
                {%- endif %}
                {{ 'true' if mark is not none else 'false' }} as known,
                cast({{ "'" ~ mark ~ "'" if mark is not none else 'null' }} as timestamp) as synced_before
            from {{ rel }}
            {%- if mark is not none %}
            -- only rows synced since (a constant: DuckDB skips the row groups written before by their min/max)
            where _fivetran_synced > cast('{{ mark }}' as timestamp)
            {%- endif %}
        {%- endset -%}
        {%- do parts.append(sql) -%}
    {%- endfor -%}
    {#- one aggregate per table (a union of the rows themselves took 2-3x as long at scale 1.0) -#}
    {%- set create -%}
    create or replace table {{ run }} as
    select connector, source_table, synced_now, cast(changed_from as date) as changed_from, known, synced_before
    from (
        {%- if parts %}
        {{ parts | join('\n        union all\n') }}
        {%- else %}
        select cast(null as varchar) as connector, cast(null as varchar) as source_table,
            cast(null as timestamp) as synced_now, cast(null as date) as changed_from, false as known,
            cast(null as timestamp) as synced_before
        where false
        {%- endif %}
    )
    {%- endset -%}
    {#- run here and committed (a hook's own SQL would run inside the transaction dbt opened for the lookups above) -#}
    {%- do run_query(create) -%}
    {%- do adapter.commit() -%}
    {%- do adapter.cache_added(run) -%}
{%- endmacro %}

{#- on-run-end: the watermark moves on when every incremental model ran and succeeded in this run. -#}
{% macro advance_incremental_watermark(results) -%}
    {{ return(adapter.dispatch('advance_incremental_watermark', 'marketing_iq')(results)) }}
{%- endmacro %}

{% macro default__advance_incremental_watermark(results) -%}
{%- endmacro %}

{% macro duckdb__advance_incremental_watermark(results) -%}
    {%- if not execute or flags.WHICH not in ('run', 'build') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set succeeded = [] -%}
    {%- for r in results if r.status == 'success' -%}
        {%- do succeeded.append(r.node.unique_id) -%}
    {%- endfor -%}
    {%- for n in graph.nodes.values() if n.resource_type == 'model' and n.config.materialized == 'incremental' -%}
        {%- if n.unique_id not in succeeded -%}
            {{ return('') }}
        {%- endif -%}
    {%- endfor -%}
    {%- set state = miq_incremental_relation('miq_incremental_state') -%}
    {%- set run = miq_incremental_relation('miq_incremental_run') -%}
    {%- set has_state = adapter.get_relation(state.database, state.schema, state.identifier) is not none -%}
    {%- set create -%}
    create or replace table {{ state }} as
    select connector, source_table, max(synced_through) as synced_through
    from (
        select connector, source_table, synced_now as synced_through from {{ run }} where synced_now is not null
        {%- if has_state and not flags.FULL_REFRESH %}
        union all
        select connector, source_table, synced_through from {{ state }}
        {%- endif %}
    )
    group by connector, source_table
    {%- endset -%}
    {%- do run_query(create) -%}
    {%- do adapter.commit() -%}
    {%- do adapter.cache_added(state) -%}
{%- endmacro %}
