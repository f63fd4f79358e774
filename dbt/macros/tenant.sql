{#- Per-tenant settings of this build: vars, defaulted from the environment (scripts/warehouse.sh sets them). -#}
{% macro tenant_id() -%}
    {%- set t = var('tenant_id') -%}
    {%- if execute and (t is none or t | trim == '') -%}
        {{ exceptions.raise_compiler_error("var tenant_id is empty: set MIQ_TENANT (or --vars '{tenant_id: ...}')") }}
    {%- endif -%}
    '{{ t | trim }}'
{%- endmacro %}

{#- The bare ISO code (no quotes), validated. -#}
{% macro currency_var(name, fallback=none) -%}
    {%- set c = var(name) | string | trim | upper -%}
    {%- if (c == '' or c == 'NONE') and fallback is not none -%}
        {%- set c = var(fallback) | string | trim | upper -%}
    {%- endif -%}
    {%- if execute and not (c | length == 3 and c.isalpha()) -%}
        {{ exceptions.raise_compiler_error("var " ~ name ~ " must be an ISO 4217 code (got '" ~ c ~ "'): set MIQ_REPORTING_CURRENCY from tenants.json, as scripts/warehouse.sh does") }}
    {%- endif -%}
    {{ return(c) }}
{%- endmacro %}

{% macro reporting_currency() -%}
    '{{ currency_var('reporting_currency') }}'
{%- endmacro %}

{#- GA4 and Klaviyo raw tables carry no currency: the property's / account's currency comes from a var. -#}
{% macro ga4_currency() -%}
    '{{ currency_var('ga4_currency', 'reporting_currency') }}'
{%- endmacro %}

{% macro klaviyo_currency() -%}
    '{{ currency_var('klaviyo_currency', 'reporting_currency') }}'
{%- endmacro %}

{#- IANA time zone in which Klaviyo event timestamps (UTC) are bucketed into days. -#}
{% macro klaviyo_time_zone() -%}
    {%- set tz = var('klaviyo_time_zone') | string | trim -%}
    {%- if execute and not modules.re.match('^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$', tz) -%}
        {{ exceptions.raise_compiler_error("var klaviyo_time_zone is not an IANA time zone name: '" ~ tz ~ "'") }}
    {%- endif -%}
    {{ return(tz) }}
{%- endmacro %}
