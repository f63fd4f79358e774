"""Reconciliation of the marts with the raw Fivetran tables, independent of the dbt models.

Every expectation is plain SQL over raw.duckdb (attached as `raw`), written here; only the marts' output is read
from the dbt build. Money is compared in the account's currency and, through the raw FX table, in the tenant's
reporting currency.
"""

from __future__ import annotations

from conftest import rows
from reconcile import assert_reconciles

ADS_MEASURES = ["impressions", "clicks", "spend", "conversions", "conversion_value"]


def _in_list(values: list[str]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def _raw_ads_per_account_day(meta_types: list[str]) -> str:
    """Per platform, account and day from the raw tables: Google campaign_stats (cost_micros / 1e6); Meta
    basic_campaign (spend, inline_link_clicks) and the purchase rows of the raw action tables."""
    types = _in_list(meta_types)
    return f"""
        select 'google_ads' as platform_code, cast(customer_id as varchar) as account_id, date as date_day,
            sum(impressions) as impressions, sum(clicks) as clicks, sum(cost_micros) / 1e6 as spend,
            sum(conversions) as conversions, sum(conversions_value) as conversion_value
        from raw.google_ads.campaign_stats
        group by all
        union all
        select 'meta', cast(c.account_id as varchar), c.date, c.impressions, c.clicks, c.spend,
            coalesce(a.conversions, 0), coalesce(v.conversion_value, 0)
        from (
            select account_id, date, sum(impressions) as impressions, sum(inline_link_clicks) as clicks,
                sum(spend) as spend
            from raw.facebook_ads.basic_campaign group by all
        ) as c
        left join (
            select r.account_id, x.date, sum(x.value) as conversions
            from raw.facebook_ads.ad_device_report_actions as x
            join (select distinct ad_id, date, device_platform, account_id from raw.facebook_ads.ad_device_report) as r
                using (ad_id, date, device_platform)
            where x.action_type in {types}
            group by all
        ) as a on a.account_id = c.account_id and a.date = c.date
        left join (
            select r.account_id, x.date, sum(x.value) as conversion_value
            from raw.facebook_ads.ad_device_report_action_values as x
            join (select distinct ad_id, date, device_platform, account_id from raw.facebook_ads.ad_device_report) as r
                using (ad_id, date, device_platform)
            where x.action_type in {types}
            group by all
        ) as v on v.account_id = c.account_id and v.date = c.date
    """


def test_ads_per_account_and_day_equal_raw_in_account_currency(con, project_vars):
    meta_types = project_vars["meta_conversion_action_types"]
    assert_reconciles(
        con,
        _raw_ads_per_account_day(meta_types),
        f"""select platform_code, account_id, date_day, {", ".join(f"sum({m}) as {m}" for m in ADS_MEASURES)}
            from marts.marts.fact_campaign_performance_daily group by all""",
        ["platform_code", "account_id", "date_day"],
        ADS_MEASURES,
    )


def test_meta_conversions_from_basic_ad_actions_equal_the_device_report(con, project_vars):
    """The prebuilt basic_ad_actions table and the custom device report count the same purchases per account-day."""
    types = _in_list(project_vars["meta_conversion_action_types"])
    assert_reconciles(
        con,
        f"""select cast(b.account_id as varchar) as account_id, x.date as date_day, sum(x.value) as conversions
            from raw.facebook_ads.basic_ad_actions as x
            join raw.facebook_ads.basic_ad as b using (ad_id, date)
            where x.action_type in {types} group by all""",
        """select account_id, date_day, sum(conversions) as conversions
            from marts.marts.fact_campaign_performance_daily where platform_code = 'meta' group by all
            having sum(conversions) <> 0""",
        ["account_id", "date_day"],
        ["conversions"],
    )


def _raw_account_currency() -> str:
    return """
        select 'google_ads' as platform_code, cast(id as varchar) as account_id, currency_code
        from raw.google_ads.account_history where _fivetran_active
        union all
        select 'meta', cast(id as varchar), currency
        from raw.facebook_ads.account_history where _fivetran_active
    """


def _raw_rate(amount_table: str, currency_col: str, date_col: str, reporting: str) -> str:
    """ASOF join to the raw FX table: the latest published rate on or before the day; before the first published
    rate, the first one; 1 for the reporting currency itself."""
    pairs = f"select * from raw.miq_reference.fx_rates_daily where quote_currency = '{reporting}'"
    return f"""
        select t.*, case when t.{currency_col} = '{reporting}' then 1.0 else coalesce(fx.rate, first.rate) end as rate
        from {amount_table} as t
        asof left join ({pairs}) as fx on fx.base_currency = t.{currency_col} and t.{date_col} >= fx.date
        left join (select base_currency, arg_min(rate, date) as rate from ({pairs}) group by all) as first
            on first.base_currency = t.{currency_col}
    """


def test_ads_reporting_currency_totals_equal_raw_amounts_times_raw_fx(con, project_vars, settings):
    reporting = settings["MIQ_REPORTING_CURRENCY"]
    raw = f"""
        select r.*, c.currency_code
        from ({_raw_ads_per_account_day(project_vars["meta_conversion_action_types"])}) as r
        join ({_raw_account_currency()}) as c using (platform_code, account_id)
    """
    converted = _raw_rate(f"({raw})", "currency_code", "date_day", reporting)
    n = assert_reconciles(
        con,
        f"""select date_day, sum(spend * rate) as spend_reporting,
                sum(conversion_value * rate) as conversion_value_reporting
            from ({converted}) group by all""",
        """select date_day, sum(spend_reporting) as spend_reporting,
                sum(conversion_value_reporting) as conversion_value_reporting
            from marts.marts.fact_campaign_performance_daily group by all""",
        ["date_day"],
        ["spend_reporting", "conversion_value_reporting"],
    )
    assert n > 0
    currencies = rows(con, "select distinct reporting_currency from marts.marts.fact_campaign_performance_daily")
    assert currencies == [(reporting,)]


def test_account_currency_of_each_fact_row_is_the_raw_account_currency(con):
    bad = rows(
        con,
        f"""select f.platform_code, f.account_id, f.currency_code, c.currency_code
            from (select distinct platform_code, account_id, currency_code
                  from marts.marts.fact_campaign_performance_daily) as f
            left join ({_raw_account_currency()}) as c using (platform_code, account_id)
            where c.currency_code is distinct from f.currency_code""",
    )
    assert not bad


def test_ga4_traffic_per_property_and_day_equals_raw(con, settings):
    reporting = settings["MIQ_REPORTING_CURRENCY"]
    ga4_currency = settings["MIQ_GA4_CURRENCY"]
    raw = f"""
        select replace(property, 'properties/', '') as property_id, date as date_day, '{ga4_currency}' as currency,
            sum(sessions) as sessions, sum(engaged_sessions) as engaged_sessions, sum(new_users) as new_users,
            sum(total_revenue) as total_revenue
        from raw.google_analytics_4.traffic_source_medium_country_device group by all
    """
    converted = _raw_rate(f"({raw})", "currency", "date_day", reporting)
    assert_reconciles(
        con,
        f"""select property_id, date_day, sessions, engaged_sessions, new_users, total_revenue,
                total_revenue * rate as total_revenue_reporting from ({converted})""",
        """select property_id, date_day, sum(sessions) as sessions, sum(engaged_sessions) as engaged_sessions,
                sum(new_users) as new_users, sum(total_revenue) as total_revenue,
                sum(total_revenue_reporting) as total_revenue_reporting
            from marts.marts.fact_ga4_traffic_daily group by all""",
        ["property_id", "date_day"],
        ["sessions", "engaged_sessions", "new_users", "total_revenue", "total_revenue_reporting"],
    )


def test_ga4_traffic_sessions_equal_the_prebuilt_source_medium_report(con):
    """The custom report the fact is built from adds up to GA4's prebuilt report, per source / medium and day."""
    assert_reconciles(
        con,
        """select date as date_day, session_source as source, session_medium as medium, sum(sessions) as sessions,
                sum(total_revenue) as total_revenue
            from raw.google_analytics_4.traffic_acquisition_session_source_medium_report group by all""",
        """select date_day, source, medium, sum(sessions) as sessions, sum(total_revenue) as total_revenue
            from marts.marts.fact_ga4_traffic_daily group by all""",
        ["date_day", "source", "medium"],
        ["sessions", "total_revenue"],
    )


def test_ga4_conversions_per_event_and_day_equal_the_raw_key_events_report(con):
    assert_reconciles(
        con,
        """select date as date_day, event_name, sum(key_events) as conversions, sum(total_revenue) as total_revenue
            from raw.google_analytics_4.conversions_report group by all""",
        """select date_day, event_name, sum(conversions) as conversions, sum(total_revenue) as total_revenue
            from marts.marts.fact_ga4_conversions_daily group by all""",
        ["date_day", "event_name"],
        ["conversions", "total_revenue"],
    )


def _raw_klaviyo_sends(attribution: str, settings: dict[str, str]) -> str:
    """Per send (campaign, or flow message) and local day, from raw.klaviyo.event: recipients = received + bounced,
    orders and revenue (property_value is text)."""
    tz = settings["MIQ_TIME_ZONE"]
    return f"""
        select {attribution}, cast((e.timestamp at time zone 'UTC') at time zone '{tz}' as date) as date_day,
            count(*) filter (where e.type in ('Received Email', 'Received SMS', 'Bounced Email')) as recipients,
            count(*) filter (where e.type = 'Opened Email') as opens,
            count(*) filter (where e.type = 'Placed Order') as conversions,
            coalesce(sum(try_cast(e.property_value as double)) filter (where e.type = 'Placed Order'), 0) as revenue
        from raw.klaviyo.event as e
        where not coalesce(e._fivetran_deleted, false)
        group by all
    """


def test_klaviyo_campaign_recipients_and_revenue_equal_raw_events(con, settings):
    reporting = settings["MIQ_REPORTING_CURRENCY"]
    raw = f"""select *, '{settings["MIQ_KLAVIYO_CURRENCY"]}' as currency
              from ({_raw_klaviyo_sends("e.campaign_id", settings)}) where campaign_id is not null"""
    converted = _raw_rate(f"({raw})", "currency", "date_day", reporting)
    assert_reconciles(
        con,
        f"""select campaign_id, date_day, recipients, opens, conversions, revenue, revenue * rate as revenue_reporting
            from ({converted})""",
        """select campaign_id, date_day, sum(recipients) as recipients, sum(opens) as opens,
                sum(conversions) as conversions, sum(revenue) as revenue, sum(revenue_reporting) as revenue_reporting
            from marts.marts.fact_email_campaign_daily group by all""",
        ["campaign_id", "date_day"],
        ["recipients", "opens", "conversions", "revenue", "revenue_reporting"],
    )


def test_klaviyo_flow_recipients_and_revenue_equal_raw_events(con, settings):
    raw = f"""select * from ({_raw_klaviyo_sends("e.flow_message_id, e.campaign_id", settings)})
              where flow_message_id is not null and campaign_id is null"""
    assert_reconciles(
        con,
        f"select flow_message_id, date_day, recipients, opens, conversions, revenue from ({raw})",
        """select flow_message_id, date_day, sum(recipients) as recipients, sum(opens) as opens,
                sum(conversions) as conversions, sum(revenue) as revenue
            from marts.marts.fact_email_flow_daily group by all""",
        ["flow_message_id", "date_day"],
        ["recipients", "opens", "conversions", "revenue"],
    )


def test_source_freshness_is_the_latest_raw_sync(con):
    expected = dict(
        rows(
            con,
            """select 'google_ads', max(_fivetran_synced) from raw.google_ads.campaign_stats
               union all select 'klaviyo', max(_fivetran_synced) from raw.klaviyo.event""",
        )
    )
    actual = dict(rows(con, "select source, last_synced_at from marts.marts.source_freshness"))
    assert set(actual) == {"google_ads", "facebook_ads", "google_analytics_4", "klaviyo"}
    for source, synced in expected.items():
        assert actual[source] >= synced
