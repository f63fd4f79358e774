{#-
  Source / medium semantics. Defaults follow GA4's default channel group rules (simplified to source and medium);
  var channel_overrides (list of {source, medium, channel_group, platform_code}) replaces them per tenant.
-#}

{% macro _search_sources() %}('google', 'bing', 'yahoo', 'duckduckgo', 'baidu', 'yandex', 'ecosia', 'naver'){% endmacro %}
{% macro _social_sources() %}('facebook', 'fb', 'instagram', 'ig', 'meta', 'tiktok', 'pinterest', 'linkedin', 'twitter', 'x', 't.co', 'reddit', 'snapchat', 'facebook.com', 'm.facebook.com', 'l.facebook.com', 'lm.facebook.com', 'instagram.com', 'l.instagram.com', 'pinterest.com', 'linkedin.com', 'lnkd.in', 'twitter.com', 'x.com', 'reddit.com', 'tiktok.com', 'snapchat.com'){% endmacro %}
{% macro _video_sources() %}('youtube', 'youtube.com', 'm.youtube.com', 'vimeo', 'vimeo.com', 'twitch', 'twitch.tv'){% endmacro %}

{#- The "source / medium" key as GA4 prints it. -#}
{% macro source_medium_key(source, medium) -%}
    {{ dbt.concat(["coalesce(" ~ source ~ ", '(not set)')", "' / '", "coalesce(" ~ medium ~ ", '(not set)')"]) }}
{%- endmacro %}

{% macro ga4_channel_group(source, medium) -%}
    {%- set s = 'lower(coalesce(' ~ source ~ ", ''))" -%}
    {%- set m = 'lower(coalesce(' ~ medium ~ ", ''))" -%}
    {%- set overrides = var('channel_overrides', []) -%}
    case
        {%- for o in overrides if o.get('channel_group') %}
        when {{ s }} = lower('{{ o.source }}') and {{ m }} = lower('{{ o.medium }}') then '{{ o.channel_group }}'
        {%- endfor %}
        when {{ s }} = '(direct)' and {{ m }} in ('(none)', '(not set)', '') then 'Direct'
        when {{ m }} in ('cpc', 'ppc', 'paid', 'paidsearch', 'paid_search') and {{ s }} in {{ _search_sources() }} then 'Paid Search'
        when {{ m }} in ('cpc', 'ppc', 'paid', 'paid_social', 'paidsocial', 'cpm') and {{ s }} in {{ _social_sources() }} then 'Paid Social'
        when {{ m }} in ('display', 'banner', 'cpm', 'interstitial') then 'Display'
        when {{ m }} in ('cpc', 'ppc', 'paid', 'cpv') and {{ s }} in {{ _video_sources() }} then 'Paid Video'
        when {{ m }} in ('cpc', 'ppc', 'paid', 'cpv', 'cpa', 'cpp', 'content-text') then 'Paid Other'
        when {{ m }} = 'organic' or {{ s }} in {{ _search_sources() }} then 'Organic Search'
        when {{ m }} in ('social', 'social-network', 'social-media', 'sm', 'social network', 'social media')
            or {{ s }} in {{ _social_sources() }} then 'Organic Social'
        when {{ m }} in ('video', 'organic_video') or {{ s }} in {{ _video_sources() }} then 'Organic Video'
        when {{ m }} in ('email', 'e-mail', 'e_mail', 'e mail') or {{ s }} in ('klaviyo', 'email') then 'Email'
        when {{ m }} = 'sms' then 'SMS'
        when {{ m }} = 'affiliate' then 'Affiliates'
        when {{ m }} = 'referral' then 'Referral'
        when {{ m }} in ('audio') then 'Audio'
        else 'Unassigned'
    end
{%- endmacro %}

{#- The ad or email platform a session / conversion is attributed to, or null (organic, direct, referral...). -#}
{% macro source_medium_platform(source, medium) -%}
    {%- set s = 'lower(coalesce(' ~ source ~ ", ''))" -%}
    {%- set m = 'lower(coalesce(' ~ medium ~ ", ''))" -%}
    {%- set overrides = var('channel_overrides', []) -%}
    case
        {%- for o in overrides if 'platform_code' in o %}
        when {{ s }} = lower('{{ o.source }}') and {{ m }} = lower('{{ o.medium }}') then
            {%- if o.platform_code %} '{{ o.platform_code }}'{% else %} null{% endif %}
        {%- endfor %}
        when {{ s }} = 'google' and {{ m }} in ('cpc', 'ppc', 'paid', 'display', 'cpm', 'video') then 'google_ads'
        when {{ s }} in ('facebook', 'fb', 'instagram', 'ig', 'meta', 'facebook.com', 'm.facebook.com', 'l.facebook.com',
                         'lm.facebook.com', 'instagram.com', 'l.instagram.com')
            and {{ m }} in ('cpc', 'ppc', 'paid', 'paid_social', 'paidsocial', 'cpm') then 'meta'
        when {{ s }} = 'klaviyo' or {{ m }} in ('email', 'sms') then 'klaviyo'
    end
{%- endmacro %}
