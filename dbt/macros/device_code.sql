{#-
  Maps a source's device value onto dim_device's codes (desktop, mobile, tablet, other).
  Google Ads segments.device: DESKTOP, MOBILE, TABLET, CONNECTED_TV, OTHER, UNKNOWN; GA4 deviceCategory: desktop,
  mobile, tablet, smart tv; Meta impression_device / device_platform: desktop, iphone, android_smartphone, ipad,
  android_tablet, mobile_app, mobile_web, other.
-#}
{% macro device_code(expr) -%}
    case
        when {{ expr }} is null then 'other'
        when lower({{ expr }}) in ('desktop', 'computer') then 'desktop'
        when lower({{ expr }}) in ('mobile', 'mobile_app', 'mobile_web', 'iphone', 'android_smartphone', 'smartphone',
                                   'high_end_mobile_devices')
            then 'mobile'
        when lower({{ expr }}) in ('tablet', 'ipad', 'android_tablet') then 'tablet'
        else 'other'
    end
{%- endmacro %}
