{#-
  Tables on DuckDB: one `create or replace table ... as` inside the model's transaction.

  dbt-duckdb's table materialization builds an intermediate table, looks up foreign keys and indexes, renames the old
  table to a backup, renames the new one into place, drops the backup and persists docs: nine or more statements and
  catalog lookups per model, and ~40-60 ms of Python and Jinja each. A daily incremental run rebuilds the 31 small
  tables (dimensions, histories, the email facts, source_freshness), so that overhead was a second or more of its
  CPU. DuckDB replaces a table atomically inside a transaction, and nothing in this project needs what the long path
  is for: no model contracts, indexes, foreign keys, grants, docs persisted to the database or Python models. A
  relation of another type in the way (a view, after a model changed its materialization) is dropped first.
  Other adapters keep dbt's own table materialization.
-#}
{% materialization table, adapter='duckdb' -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='table') -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- if existing_relation is not none and not existing_relation.is_table %}
        {{ adapter.drop_relation(existing_relation) }}
    {%- endif %}

    {% call statement('main') -%}
        create or replace table {{ target_relation }} as (
            {{ compiled_code }}
        );
    {%- endcall %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}
{%- endmaterialization %}
