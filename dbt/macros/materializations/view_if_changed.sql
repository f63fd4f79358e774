{#-
  Views on DuckDB: recreated only when they would change. A view's definition does not depend on the data, yet dbt's
  view materialization drops and recreates it on every run (create, two renames, drop, commit): for the 72 staging
  views that is a second or more of every incremental run. This override stores a fingerprint in the view's comment
  (`miq-view:<md5 of the relation name and the compiled SQL>:<md5 of the columns of the raw tables it reads>`) and
  leaves the view alone when the fingerprint is unchanged; the columns part makes a changed raw table (a column added,
  a type widened by the connector) recreate the view, which DuckDB would otherwise refuse to query once the types it
  recorded differ. `--full-refresh` recreates every view. Anything else (a new view, another SQL, a table in the way)
  goes to dbt's own view materialization, and so does a view that reads other models (their columns are not in the
  fingerprint). Other adapters keep dbt's materialization as it is.
-#}
{% materialization view, adapter='duckdb' -%}
    {%- set target_relation = this.incorporate(type='view') -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set sql_md5 = local_md5(target_relation.render() ~ '\n' ~ sql) -%}
    {%- set read_tables = [] -%}
    {%- for s in model.sources -%}
        {%- set r = source(s[0], s[1]) -%}
        {%- do read_tables.append("('" ~ r.database ~ "', '" ~ r.schema ~ "', '" ~ r.identifier ~ "')") -%}
    {%- endfor -%}
    {%- set columns_md5_sql -%}
        select md5(coalesce(string_agg(database_name || '.' || schema_name || '.' || table_name || '.' || column_name
                                       || ' ' || data_type, ',' order by database_name, schema_name, table_name,
                                       column_index), ''))
        from duckdb_columns()
        {%- if read_tables %}
        where (database_name, schema_name, table_name) in ({{ read_tables | join(', ') }})
        {%- else %}
        where false
        {%- endif %}
    {%- endset -%}

    {#- a view over other models is always recreated: only raw tables' columns are in the fingerprint -#}
    {%- if existing_relation is not none and existing_relation.is_view and not should_full_refresh()
          and model.refs | length == 0 -%}
        {%- call statement('main', fetch_result=True) -%}
            select coalesce((
                select comment from duckdb_views()
                where database_name = '{{ target_relation.database }}' and schema_name = '{{ target_relation.schema }}'
                    and view_name = '{{ target_relation.identifier }}'
            ) = 'miq-view:{{ sql_md5 }}:' || ({{ columns_md5_sql }}), false) as unchanged
        {%- endcall -%}
        {%- if load_result('main')['data'][0][0] -%}
            {{ return({'relations': [target_relation]}) }}
        {%- endif -%}
    {%- endif -%}

    {%- set result = materialization_view_default() -%}
    {%- set columns_md5 = run_query(columns_md5_sql).columns[0].values()[0] -%}
    {%- call statement('view_fingerprint', auto_begin=True) -%}
        comment on view {{ target_relation }} is 'miq-view:{{ sql_md5 }}:{{ columns_md5 }}'
    {%- endcall -%}
    {%- do adapter.commit() -%}
    {{ return(result) }}
{%- endmaterialization %}
