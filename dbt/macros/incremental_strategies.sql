{#-
  Incremental strategy `synced_delete_insert` for models whose rows carry the `_fivetran_synced` of the source row
  they come from (the membership intervals and their start / end rows): delete+insert by unique_key, except that a
  row whose key is already in the target with the same `_fivetran_synced` is left as it is (Fivetran stamps every
  row it writes, so the same stamp means the same source row, and these models derive a row from its source row
  alone). The lookback re-reads every row synced in the last days; most of them are unchanged, and inserting only
  the new and changed ones saves writing (compressing) a few hundred thousand rows per run at scale 1.0.
  DuckDB only; other adapters run the plain delete+insert (the same result).
-#}
{% macro get_incremental_synced_delete_insert_sql(arg_dict) -%}
    {{ return(adapter.dispatch('synced_delete_insert_sql', 'marketing_iq')(arg_dict)) }}
{%- endmacro %}

{% macro default__synced_delete_insert_sql(arg_dict) -%}
    {{ return(get_incremental_delete_insert_sql(arg_dict)) }}
{%- endmacro %}

{% macro duckdb__synced_delete_insert_sql(arg_dict) -%}
    {%- set key = arg_dict['unique_key'] -%}
    delete from {{ arg_dict['temp_relation'] }} as s
    using {{ arg_dict['target_relation'] }} as t
    where t.{{ key }} = s.{{ key }}
        and t._fivetran_synced = s._fivetran_synced
        and t._fivetran_synced >= (select min(_fivetran_synced) from {{ arg_dict['temp_relation'] }});
    {{ get_incremental_delete_insert_sql(arg_dict) }}
{%- endmacro %}
