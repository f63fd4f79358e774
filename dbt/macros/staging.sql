{#- Helpers for the staging layer. -#}

{#-
  A raw column whose name is a keyword somewhere (date, index, value, type, ...), quoted as the connector writes it:
  lower case in DuckDB (the generator), upper case in Snowflake (Fivetran's Snowflake destination).
-#}
{% macro raw_col(name) -%}
    {{ return(adapter.dispatch('raw_col', 'marketing_iq')(name)) }}
{%- endmacro %}
{% macro default__raw_col(name) -%}
    "{{ name }}"
{%- endmacro %}
{% macro snowflake__raw_col(name) -%}
    "{{ name | upper }}"
{%- endmacro %}

{#-
  SCD columns for a history table with one row per version: valid_from (the version's timestamp), valid_to (the next
  version's timestamp, null for the latest) and is_current (the latest version; exactly one per key). Ties on the
  version timestamp are broken by _fivetran_synced. Fivetran's own _fivetran_active (false on every version of an
  entity deleted in the source) is kept as is_active_in_source.
-#}
{% macro history_flags(key_columns, order_column, active_column=none) -%}
    {%- set keys = key_columns | join(', ') -%}
    {{ order_column }} as valid_from,
    lead({{ order_column }}) over (partition by {{ keys }} order by {{ order_column }}, _fivetran_synced) as valid_to,
    row_number() over (partition by {{ keys }} order by {{ order_column }} desc, _fivetran_synced desc) = 1 as is_current
    {%- if active_column %},
    coalesce({{ active_column }}, true) as is_active_in_source
    {%- endif %}
{%- endmacro %}

{#- Fivetran History Mode writes '9999-12-31 23:59:59' as the end of an open interval: null instead. -#}
{% macro history_mode_end(column) -%}
    case when {{ column }} >= cast('9999-01-01' as {{ dbt.type_timestamp() }}) then null else {{ column }} end
{%- endmacro %}
