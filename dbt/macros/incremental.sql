{#-
  Incremental models. A model declares `materialized='incremental', incremental_strategy='delete+insert',
  unique_key=<day column>` and filters its source rows with incremental_window(): on an incremental run only the last
  var incremental_lookback_days days before the newest day already built are read again, and those whole days are
  replaced. The lookback covers the platforms' restatements (Google/Meta restate the last days; the generator's
  append-day restates 3 days by default). A full refresh (`--full-refresh`) rebuilds everything.

  The cutoff is looked up once when the model runs and written into the SQL as a constant
  (`date_day >= cast('2026-11-18' as date)`), not as a subquery: a constant filter is pushed through the staging views
  into the raw table scans (DuckDB skips row groups by their min/max; Snowflake prunes micro-partitions), a subquery is
  not. A target without rows reads everything.

  recheck (optional): SQL for a number computed over the target `t` (e.g. rows whose denormalised dimension attributes
  no longer match the dimension); when it is above 0 the whole history is read again, so that the incremental result
  stays equal to a full refresh.
-#}
{% macro incremental_window(day_column, this_day_column='date_day', recheck=none) -%}
    {%- set cutoff = incremental_cutoff(this_day_column, 'date', recheck) -%}
    {%- if cutoff is none -%}
        1 = 1
    {%- else -%}
        {{ day_column }} >= {{ cutoff }}
    {%- endif -%}
{%- endmacro %}

{#- Same for change-stamped rows (membership intervals): rows synced within the lookback before the newest sync. -#}
{% macro incremental_synced_window(synced_column, this_synced_column='_fivetran_synced', source_table=none) -%}
    {%- set cutoff = incremental_cutoff(this_synced_column, dbt.type_timestamp(), changed_days=false,
                                        synced_since_source=source_table) -%}
    {%- if cutoff is none -%}
        1 = 1
    {%- else -%}
        {{ synced_column }} >= {{ cutoff }}
    {%- endif -%}
{%- endmacro %}

{#-
  The cutoff as a SQL constant of data_type (`cast('<value>' as <data_type>)`): var incremental_lookback_days days
  before max(this_column) of the target; none on a full build, while parsing, for an empty target, or when recheck
  finds stale rows (read everything).
  changed_days (day columns; DuckDB): when this run knows which days changed since the last complete run
  (macros/incremental_changes.sql), the cutoff moves up to the first changed day (less extra_days), never before the
  lookback window; with no changed day at all it is the day after the newest one (nothing is read).
  synced_since_source (a source relation; synced windows; DuckDB): the cutoff is that table's watermark, the newest
  `_fivetran_synced` of the last complete run (rows synced since then; >= re-reads the rows stamped with it, which the
  synced_delete_insert strategy leaves in place), when it is known.
-#}
{% macro incremental_cutoff(this_column, data_type, recheck=none, extra_days=0, changed_days=true,
                            synced_since_source=none) -%}
    {%- if not (execute and is_incremental()) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set days = -1 * ((var('incremental_lookback_days') | int) + extra_days) -%}
    {%- set changes = miq_incremental_relation('miq_incremental_run')
        if (changed_days or synced_since_source is not none) and target.type == 'duckdb' else none -%}
    {%- if changes is not none and adapter.get_relation(changes.database, changes.schema, changes.identifier) is none -%}
        {%- set changes = none -%}
    {%- endif -%}
    {%- set lookback_cutoff = dbt.dateadd('day', days, 'max(' ~ this_column ~ ')') -%}
    {%- set query -%}
        select
            {%- if changes is none %}
            cast(cast({{ lookback_cutoff }} as {{ data_type }}) as {{ dbt.type_string() }}) as cutoff
            {%- elif synced_since_source is not none %}
            {%- set table_key = (synced_since_source.database ~ '.' ~ synced_since_source.schema ~ '.'
                                 ~ synced_since_source.identifier) | lower %}
            {%- set since = '(select max(synced_before) from ' ~ changes ~ " where source_table = '" ~ table_key
                            ~ "' and known)" %}
            cast(cast(coalesce({{ since }}, {{ lookback_cutoff }}) as {{ data_type }}) as {{ dbt.type_string() }}) as cutoff
            {%- else %}
            {%- set known = '(select coalesce(bool_and(known), false) from ' ~ changes ~ ')' %}
            {%- set changed_from = '(select min(changed_from) from ' ~ changes ~ ')' %}
            cast(cast(case
                when not {{ known }} then {{ lookback_cutoff }}
                when {{ changed_from }} is null then {{ dbt.dateadd('day', 1, 'max(' ~ this_column ~ ')') }}
                else greatest({{ lookback_cutoff }}, {{ dbt.dateadd('day', -1 * extra_days, changed_from) }})
            end as {{ data_type }}) as {{ dbt.type_string() }}) as cutoff
            {%- endif %}
            {%- if recheck %},
            ({{ recheck }}) as stale
            {%- endif %}
        from {{ this }} as t
    {%- endset -%}
    {%- set row = run_query(query).rows[0] -%}
    {%- if row[0] is none or (recheck and row[1] | int > 0) -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return("cast('" ~ row[0] ~ "' as " ~ data_type ~ ")") }}
{%- endmacro %}
