-- One row per source platform (fixed list).
select platform_code, platform_name, platform_type, source_schema, {{ tenant_id() }} as tenant_id
from (
    {%- for p in [
        ('google_ads', 'Google Ads', 'ads', 'google_ads'),
        ('meta', 'Meta Ads', 'ads', 'facebook_ads'),
        ('ga4', 'Google Analytics 4', 'analytics', 'google_analytics_4'),
        ('klaviyo', 'Klaviyo', 'email', 'klaviyo'),
    ] %}
    select '{{ p[0] }}' as platform_code, '{{ p[1] }}' as platform_name, '{{ p[2] }}' as platform_type,
        '{{ p[3] }}' as source_schema
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
) as platforms
