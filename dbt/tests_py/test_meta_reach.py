"""Meta reach at the grain Meta reports it (issue 4): meta_campaign_reach_daily holds, per campaign and day, exactly
Meta's own deduplicated reach of raw facebook_ads.basic_campaign, and no mart offers the sum of ad-level reach as a
campaign's reach. Expectations are plain SQL over raw.duckdb (attached as `raw`), never the dbt models."""

from __future__ import annotations

from conftest import rows
from reconcile import assert_reconciles

RAW_CAMPAIGN_DAYS = """
    select cast(account_id as varchar) as account_id, cast(campaign_id as varchar) as campaign_id, "date" as date_day,
        reach, impressions, frequency
    from raw.facebook_ads.basic_campaign
"""


def test_reach_per_campaign_and_day_equals_basic_campaign(con):
    assert_reconciles(
        con,
        RAW_CAMPAIGN_DAYS,
        """select account_id, campaign_id, date_day, reach, impressions, frequency
           from marts.marts.meta_campaign_reach_daily""",
        ["account_id", "campaign_id", "date_day"],
        ["reach", "impressions", "frequency"],
    )


def test_one_row_per_campaign_and_day_with_the_contract_keys(con, tenant):
    bad = rows(con, """
        select count(*) filter (where account_key is distinct from 'meta:' || account_id),
            count(*) filter (where campaign_key is distinct from 'meta:' || campaign_id),
            count(*) filter (where platform_code is distinct from 'meta'),
            count(*) filter (where tenant_id is distinct from ?),
            count(*) - count(distinct (date_day, campaign_key)),
            count(*) - count(distinct row_key)
        from marts.marts.meta_campaign_reach_daily""", [tenant])
    assert bad == [(0, 0, 0, 0, 0, 0)]
    types = dict(rows(con, """
        select column_name, data_type from information_schema.columns
        where table_catalog = 'marts' and table_schema = 'marts' and table_name = 'meta_campaign_reach_daily'"""))
    assert {c: types.get(c) for c in ("row_key", "account_id", "campaign_id", "date_day", "reach")} == {
        "row_key": "VARCHAR", "account_id": "VARCHAR", "campaign_id": "VARCHAR", "date_day": "DATE",
        "reach": "BIGINT"}


def test_the_summed_ad_level_reach_is_gone_from_the_campaign_fact(con):
    """The sum of ad_device_report reach over a campaign's ads and devices is not its reach: on raw data it is above
    Meta's campaign-day figure for some campaign-days, and fact_campaign_performance_daily no longer carries it."""
    above = rows(con, f"""
        with summed as (
            select cast(campaign_id as varchar) as campaign_id, "date" as date_day, sum(reach) as reach
            from raw.facebook_ads.ad_device_report group by all)
        select count(*) from summed join ({RAW_CAMPAIGN_DAYS}) as b using (campaign_id, date_day)
        where summed.reach > b.reach""")[0][0]
    assert above > 0
    columns = {c for (c,) in rows(con, """
        select column_name from information_schema.columns
        where table_catalog = 'marts' and table_schema = 'marts' and table_name = 'fact_campaign_performance_daily'""")}
    assert "impressions" in columns and "reach" not in columns
