{#- Every Fivetran table the project reads, per connector schema (source freshness scans them all). -#}
{% macro fivetran_tables() -%}
    {{ return({
        'google_ads': [
            'account_history', 'campaign_history', 'campaign_budget_history', 'campaign_bidding_strategy_history',
            'bidding_strategy_history', 'ad_group_history', 'ad_history', 'ad_group_criterion_history',
            'user_list_history', 'conversion_action_history', 'geo_target', 'campaign_stats', 'campaign_hourly_stats',
            'ad_group_stats', 'ad_stats', 'keyword_stats', 'search_term_keyword_stats', 'ad_group_audience_stats',
        ],
        'facebook_ads': [
            'account_history', 'campaign_history', 'ad_set_history', 'ad_history', 'creative_history',
            'ad_video_history', 'custom_audience_history', 'basic_ad', 'basic_ad_actions', 'basic_ad_action_values',
            'basic_ad_set', 'basic_campaign', 'ad_device_report', 'ad_device_report_actions',
            'ad_device_report_action_values', 'campaign_age_gender_report', 'campaign_age_gender_report_actions',
            'campaign_age_gender_report_action_values', 'campaign_country_report', 'campaign_country_report_actions',
            'campaign_country_report_action_values', 'ad_video_report', 'ad_video_report_video_play_actions',
            'ad_video_report_video_p25_watched_actions', 'ad_video_report_video_p50_watched_actions',
            'ad_video_report_video_p75_watched_actions', 'ad_video_report_video_p95_watched_actions',
            'ad_video_report_video_p100_watched_actions', 'ad_video_report_video_thruplay_watched_actions',
            'ad_video_report_video_avg_time_watched_actions', 'ad_reactions_report', 'ad_reactions_report_actions',
        ],
        'google_analytics_4': [
            'traffic_acquisition_session_source_medium_report', 'traffic_source_medium_country_device',
            'conversions_report', 'conversions_source_medium_report', 'ecommerce_purchases_item_name_report',
            'ecommerce_items_report', 'demographic_country_report',
        ],
        'klaviyo': [
            'metric', 'event', 'campaign', 'campaign_message', 'flow', 'flow_action', 'flow_message',
            'email_template', 'person', 'list', 'list_person', 'segment', 'segment_person',
        ],
    }) }}
{%- endmacro %}
