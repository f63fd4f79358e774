{#-
  Wall-clock time of a UTC timestamp in an IANA time zone (beside local_date in cross_db.sql). Dispatched like the
  cross_db helpers: duckdb__ / snowflake__ / default__ variants.
-#}

{#- The local timestamp (without time zone) of a UTC timestamp (without time zone) in an IANA time zone. -#}
{% macro local_timestamp(expr, time_zone) -%}
    {{ return(adapter.dispatch('local_timestamp', 'marketing_iq')(expr, time_zone)) }}
{%- endmacro %}
{% macro default__local_timestamp(expr, time_zone) -%}
    (({{ expr }} at time zone 'UTC') at time zone '{{ time_zone }}')
{%- endmacro %}
{% macro duckdb__local_timestamp(expr, time_zone) -%}
    timezone('{{ time_zone }}', timezone('UTC', {{ expr }}))
{%- endmacro %}
{% macro snowflake__local_timestamp(expr, time_zone) -%}
    convert_timezone('UTC', '{{ time_zone }}', {{ expr }})
{%- endmacro %}

{#- Local hour of day, 0-23, of a UTC timestamp (without time zone) in an IANA time zone. -#}
{% macro local_hour(expr, time_zone) -%}
    cast(extract(hour from {{ local_timestamp(expr, time_zone) }}) as {{ dbt.type_int() }})
{%- endmacro %}

{#- Local ISO day of week, 1 = Monday .. 7 = Sunday, of a UTC timestamp (without time zone) in an IANA time zone. -#}
{% macro local_iso_day_of_week(expr, time_zone) -%}
    {{ iso_day_of_week(local_timestamp(expr, time_zone)) }}
{%- endmacro %}
