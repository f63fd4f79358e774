{#-
  Small cross-adapter helpers. dbt's own cross-database macros (dbt.hash, dbt.concat, dbt.type_string, dbt.dateadd,
  dbt.date_trunc, dbt.safe_cast ...) are used directly in models; what they do not cover is dispatched here with
  duckdb__ / snowflake__ / default__ variants. No packages (no `dbt deps`).
-#}

{#- A string identifier from a raw id of any type (Meta ids exceed 2^53: never through a float). -#}
{% macro as_id(expr) -%}
    cast({{ expr }} as {{ dbt.type_string() }})
{%- endmacro %}

{#- md5 of the grain columns: the row_key of a mart. Nulls become an explicit token so (a, null) != (a, ''). -#}
{% macro row_key(columns) -%}
    {%- set parts = [] -%}
    {%- for c in columns -%}
        {%- do parts.append("coalesce(cast(" ~ c ~ " as " ~ dbt.type_string() ~ "), '<null>')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

{#- Platform-qualified entity key: 'google_ads:7261940385'. -#}
{% macro entity_key(platform_code, id_expr) -%}
    {{ dbt.concat(["'" ~ platform_code ~ ":'", as_id(id_expr)]) }}
{%- endmacro %}

{#- A number from text that may be empty or malformed (null instead of an error). -#}
{% macro try_to_double(expr) -%}
    {{ return(adapter.dispatch('try_to_double', 'marketing_iq')(expr)) }}
{%- endmacro %}
{% macro default__try_to_double(expr) -%}
    {{ dbt.safe_cast(expr, type_double()) }}
{%- endmacro %}
{% macro duckdb__try_to_double(expr) -%}
    try_cast(nullif(trim(cast({{ expr }} as varchar)), '') as double)
{%- endmacro %}
{% macro snowflake__try_to_double(expr) -%}
    try_to_double(nullif(trim(to_varchar({{ expr }})), ''))
{%- endmacro %}

{#- A scalar value, as text, from a JSON document stored as text (or a variant on Snowflake). -#}
{% macro json_text(expr, key) -%}
    {{ return(adapter.dispatch('json_text', 'marketing_iq')(expr, key)) }}
{%- endmacro %}
{% macro default__json_text(expr, key) -%}
    json_extract_path_text({{ expr }}, '{{ key }}')
{%- endmacro %}
{% macro duckdb__json_text(expr, key) -%}
    json_extract_string(try_cast({{ expr }} as json), '$."{{ key }}"')
{%- endmacro %}
{% macro snowflake__json_text(expr, key) -%}
    get_path(try_parse_json(to_varchar({{ expr }})), '"{{ key }}"')::varchar
{%- endmacro %}

{#- A timestamp (without time zone, UTC) from text or a timestamp. -#}
{% macro to_timestamp_utc(expr) -%}
    {{ return(adapter.dispatch('to_timestamp_utc', 'marketing_iq')(expr)) }}
{%- endmacro %}
{% macro default__to_timestamp_utc(expr) -%}
    cast({{ expr }} as {{ dbt.type_timestamp() }})
{%- endmacro %}
{% macro duckdb__to_timestamp_utc(expr) -%}
    cast({{ expr }} as timestamp)
{%- endmacro %}
{% macro snowflake__to_timestamp_utc(expr) -%}
    convert_timezone('UTC', try_to_timestamp_tz(to_varchar({{ expr }})))::timestamp_ntz
{%- endmacro %}

{#- A boolean from text or a boolean column. -#}
{% macro to_boolean(expr) -%}
    {{ return(adapter.dispatch('to_boolean', 'marketing_iq')(expr)) }}
{%- endmacro %}
{% macro default__to_boolean(expr) -%}
    cast({{ expr }} as {{ dbt.type_boolean() }})
{%- endmacro %}
{% macro snowflake__to_boolean(expr) -%}
    try_to_boolean(to_varchar({{ expr }}))
{%- endmacro %}

{#- Consecutive integers 0..n-1 as column `n`, without a table (date and hour spines). -#}
{% macro integer_series(n) -%}
    {{ return(adapter.dispatch('integer_series', 'marketing_iq')(n)) }}
{%- endmacro %}
{% macro default__integer_series(n) -%}
    select cast(n as {{ dbt.type_int() }}) as n from generate_series(0, {{ n }} - 1) as s(n)
{%- endmacro %}
{% macro duckdb__integer_series(n) -%}
    select cast(range as integer) as n from range(0, {{ n }})
{%- endmacro %}
{% macro snowflake__integer_series(n) -%}
    select row_number() over (order by seq4()) - 1 as n from table(generator(rowcount => {{ n }}))
{%- endmacro %}

{#- ISO day of week, 1 = Monday .. 7 = Sunday. -#}
{% macro iso_day_of_week(expr) -%}
    {{ return(adapter.dispatch('iso_day_of_week', 'marketing_iq')(expr)) }}
{%- endmacro %}
{% macro default__iso_day_of_week(expr) -%}
    cast(extract(isodow from {{ expr }}) as {{ dbt.type_int() }})
{%- endmacro %}
{% macro snowflake__iso_day_of_week(expr) -%}
    dayofweekiso({{ expr }})
{%- endmacro %}

{#- SQL list literal from a list var: ('a', 'b'). -#}
{% macro sql_list(values) -%}
    ({%- for v in values -%}'{{ v | replace("'", "''") }}'{%- if not loop.last %}, {% endif -%}{%- endfor -%})
{%- endmacro %}

{#- The local calendar date of a UTC timestamp (without time zone) in an IANA time zone. -#}
{% macro local_date(expr, time_zone) -%}
    {{ return(adapter.dispatch('local_date', 'marketing_iq')(expr, time_zone)) }}
{%- endmacro %}
{% macro default__local_date(expr, time_zone) -%}
    cast(({{ expr }} at time zone 'UTC') at time zone '{{ time_zone }}' as date)
{%- endmacro %}
{% macro duckdb__local_date(expr, time_zone) -%}
    cast(timezone('{{ time_zone }}', timezone('UTC', {{ expr }})) as date)
{%- endmacro %}
{% macro snowflake__local_date(expr, time_zone) -%}
    cast(convert_timezone('UTC', '{{ time_zone }}', {{ expr }}) as date)
{%- endmacro %}

{#- Last non-null value in a window (IGNORE NULLS sits inside the call in DuckDB, after it in standard SQL). -#}
{% macro last_value_ignore_nulls(expr, window) -%}
    {{ return(adapter.dispatch('last_value_ignore_nulls', 'marketing_iq')(expr, window)) }}
{%- endmacro %}
{% macro default__last_value_ignore_nulls(expr, window) -%}
    last_value({{ expr }}) ignore nulls over ({{ window }})
{%- endmacro %}
{% macro duckdb__last_value_ignore_nulls(expr, window) -%}
    last_value({{ expr }} ignore nulls) over ({{ window }})
{%- endmacro %}

{#- 64-bit floating point (type_double() is a 4-byte FLOAT in DuckDB). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'marketing_iq')()) }}
{%- endmacro %}
{% macro default__type_double() -%}
    double precision
{%- endmacro %}
{% macro duckdb__type_double() -%}
    double
{%- endmacro %}
{% macro snowflake__type_double() -%}
    float
{%- endmacro %}

{#- Start of the 15-minute interval containing a timestamp (every UTC offset in use is a multiple of 15 minutes). -#}
{% macro quarter_hour(expr) -%}
    {{ return(adapter.dispatch('quarter_hour', 'marketing_iq')(expr)) }}
{%- endmacro %}
{% macro default__quarter_hour(expr) -%}
    {{ dbt.dateadd('minute', '15 * floor(extract(minute from ' ~ expr ~ ') / 15)', dbt.date_trunc('hour', expr)) }}
{%- endmacro %}
{% macro duckdb__quarter_hour(expr) -%}
    time_bucket(interval '15 minutes', {{ expr }})
{%- endmacro %}
{% macro snowflake__quarter_hour(expr) -%}
    time_slice({{ expr }}, 15, 'MINUTE')
{%- endmacro %}

{#-
  A lookup of every 15-minute UTC interval of the days of dim_date between two date expressions to its local date in
  a time zone: (bucket_start, date_day). Joining millions of events to it on quarter_hour(ts) is far cheaper than
  converting each timestamp (time zone rules are evaluated 96 times a day instead of once per event).
-#}
{% macro local_date_buckets(time_zone, from_day_sql, to_day_sql) -%}
    select bucket_start, {{ local_date('bucket_start', time_zone) }} as date_day
    from (
        select {{ dbt.dateadd('minute', '15 * q.n', 'cast(d.date_day as ' ~ dbt.type_timestamp() ~ ')') }} as bucket_start
        from {{ ref('dim_date') }} as d
        cross join ({{ integer_series(96) }}) as q
        where d.date_day between ({{ from_day_sql }}) and ({{ to_day_sql }})
    ) as buckets
{%- endmacro %}
