{#-
  Incremental facts (part 2). A model declares `materialized='incremental', incremental_strategy='delete+insert',
  unique_key=<day column>` and filters its source rows with incremental_window(): on an incremental run only the last
  var incremental_lookback_days days before the newest day already built are read again, and those whole days are
  replaced. The lookback covers the platforms' restatements (Google/Meta restate the last days; the generator's
  append-day restates 3 days by default). A full refresh (`--full-refresh`) rebuilds everything.
-#}
{% macro incremental_window(day_column, this_day_column='date_day') -%}
    {%- if is_incremental() -%}
        {{ day_column }} >= (
            select {{ dbt.dateadd('day', -1 * (var('incremental_lookback_days') | int), 'max(' ~ this_day_column ~ ')') }}
            from {{ this }}
        )
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}

{#- Same for change-stamped rows (membership intervals): rows synced within the lookback before the newest sync. -#}
{% macro incremental_synced_window(synced_column, this_synced_column='_fivetran_synced') -%}
    {%- if is_incremental() -%}
        {{ synced_column }} >= (
            select {{ dbt.dateadd('day', -1 * (var('incremental_lookback_days') | int), 'max(' ~ this_synced_column ~ ')') }}
            from {{ this }}
        )
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}
