"""Part-2 marts: all 21 dimensions and 22 facts exist and hold rows; SCD intervals; membership sizes on a date equal a
count over the raw History Mode tables; the budget in effect on a day equals the raw budget history; large facts add
up to the raw reports. Expectations are plain SQL over raw.duckdb (attached as `raw`), never the dbt models."""

from __future__ import annotations

import pytest

from conftest import rows

DIMS = [
    "dim_date", "dim_hour", "dim_platform", "dim_device", "dim_account", "dim_campaign", "dim_geography",
    "dim_source_medium", "dim_conversion_action", "dim_email_campaign", "dim_email_flow",
    "dim_ad_group", "dim_ad_set", "dim_ad", "dim_keyword", "dim_email_template", "dim_segment", "dim_list",
    "dim_bidding_strategy", "dim_audience", "dim_video",
]
FACTS = [
    "fact_campaign_performance_daily", "fact_ga4_traffic_daily", "fact_ga4_conversions_daily",
    "fact_email_campaign_daily", "fact_email_flow_daily",
    "fact_campaign_hourly", "fact_ad_group_performance_daily", "fact_ad_set_performance_daily",
    "fact_ad_performance_daily", "fact_video_performance_daily", "fact_ad_reactions_daily",
    "fact_keyword_performance_daily", "fact_search_term_daily", "fact_ecommerce_item_daily",
    "fact_segment_membership", "fact_list_membership", "fact_demographics_daily", "fact_audience_daily",
    "fact_campaign_settings_history", "fact_ad_group_settings_history", "fact_bidding_changes_history",
    "fact_budget_changes_history",
]
# SCD-2 dimensions / histories: (relation, key expression)
SCD = [
    ("dim_ad_group", "ad_group_key"), ("dim_ad_set", "ad_set_key"), ("dim_ad", "ad_key"),
    ("dim_keyword", "keyword_key"), ("dim_bidding_strategy", "bidding_strategy_key"),
    ("dim_audience", "audience_key"), ("dim_video", "video_key"), ("dim_email_template", "email_template_key"),
    ("dim_segment", "segment_key"), ("dim_list", "list_key"),
    ("fact_budget_changes_history", "campaign_key"), ("fact_bidding_changes_history", "bidding_entity_key"),
    ("fact_campaign_settings_history", "campaign_key"), ("fact_ad_group_settings_history", "ad_group_key"),
    ("fact_list_membership", "list_key || '|' || member_key"),
    ("fact_segment_membership", "segment_key || '|' || member_key"),
]


def test_counts_of_the_plan():
    assert len(DIMS) == 21 and len(set(DIMS)) == 21
    assert len(FACTS) == 22 and len(set(FACTS)) == 22


def test_every_dimension_and_fact_exists_and_has_rows(con):
    present = {
        t for (t,) in rows(con, "select table_name from information_schema.tables "
                                "where table_catalog = 'marts' and table_schema = 'marts'")
    }
    missing = [t for t in DIMS + FACTS if t not in present]
    assert not missing, f"missing marts: {missing}"
    empty = [t for t in DIMS + FACTS if rows(con, f"select count(*) from marts.marts.{t}")[0][0] == 0]
    assert not empty, f"empty marts: {empty}"


@pytest.mark.parametrize("relation,key", SCD)
def test_scd_intervals_do_not_overlap_and_one_current_row(con, relation, key):
    overlaps = rows(con, f"""
        select k, valid_from, valid_to, next_from from (
            select {key} as k, valid_from, valid_to,
                lead(valid_from) over (partition by {key} order by valid_from) as next_from
            from marts.marts.{relation}
        ) where next_from is not null and (valid_to is null or valid_to > next_from) limit 5""")
    assert not overlaps, f"{relation}: overlapping intervals {overlaps}"
    current = rows(con, f"""
        select {key}, count(*) filter (where is_current) from marts.marts.{relation}
        group by all having count(*) filter (where is_current) <> 1 limit 5""")
    if relation.endswith("_membership"):
        # a membership that ended has no current row; one that is open has exactly one
        current = [c for c in current if c[1] > 1]
    assert not current, f"{relation}: keys without exactly one current row {current}"
    inconsistent = rows(con, f"""
        select count(*) from marts.marts.{relation}
        where (valid_to is null) <> is_current or valid_to < valid_from""")
    assert inconsistent == [(0,)], f"{relation}: valid_to / is_current disagree"


def _sample_days(con, table: str) -> list:
    (lo, hi), = rows(con, f"select min(cast(_fivetran_start as date)), max(cast(_fivetran_start as date)) from {table}")
    days = [d for (d,) in rows(con, f"""
        select cast(d as date) from range(cast(? as timestamp), cast(? as timestamp) + interval 1 day,
                                          interval 37 day) as t(d)""", [lo, hi])]
    return days + [hi]


@pytest.mark.parametrize("kind", ["list", "segment"])
def test_membership_size_on_a_date_equals_raw_count(con, kind):
    """Size at the end of day d (members at d + 1 day 00:00 UTC), per list / segment, for days across the history."""
    days = _sample_days(con, f"raw.klaviyo.{kind}_person")
    assert len(days) >= 10
    day_list = ", ".join(f"date '{d}'" for d in days)
    expected = rows(con, f"""
        select '{'klaviyo:'}' || {kind}_id, d, count(*)
        from raw.klaviyo.{kind}_person, unnest([{day_list}]) as t(d)
        where _fivetran_start <= d + interval 1 day and _fivetran_end > d + interval 1 day
        group by all order by all""")
    actual = rows(con, f"""
        select {kind}_key, d, count(*)
        from marts.marts.fact_{kind}_membership, unnest([{day_list}]) as t(d)
        where valid_from <= d + interval 1 day and (valid_to is null or valid_to > d + interval 1 day)
        group by all order by all""")
    assert sum(n for *_, n in expected) > 0
    assert actual == expected


def test_budget_in_effect_on_each_day_equals_raw_history(con):
    """Google: for every campaign and day with stats, the budget row joined on the date equals the last raw
    campaign_budget_history version updated on or before that day (ties: the later sync)."""
    expected = rows(con, """
        with days as (select distinct id as campaign_id, date from raw.google_ads.campaign_stats),
        versions as (
            select campaign_id, updated_at, amount_micros / 1e6 as budget,
                row_number() over (partition by campaign_id, updated_at order by _fivetran_synced desc) as r
            from raw.google_ads.campaign_budget_history
        )
        select 'google_ads:' || cast(d.campaign_id as varchar), d.date,
            (select budget from versions v
             where v.campaign_id = d.campaign_id and v.r = 1 and cast(v.updated_at as date) <= d.date
             order by v.updated_at desc limit 1) as budget
        from days d order by 1, 2""")
    actual = rows(con, """
        with days as (select distinct id as campaign_id, date from raw.google_ads.campaign_stats)
        select 'google_ads:' || cast(d.campaign_id as varchar) as k, d.date, b.daily_budget
        from days d
        left join marts.marts.fact_budget_changes_history b
            on b.campaign_key = 'google_ads:' || cast(d.campaign_id as varchar)
            and b.valid_from_date <= d.date and (b.valid_to_date is null or d.date < b.valid_to_date)
        order by 1, 2""")
    assert len(actual) == len(expected), "a campaign-day joins more than one budget row"
    mismatched = [(e, a) for e, a in zip(expected, actual) if e[:2] != a[:2] or
                  (e[2] is None) != (a[2] is None) or (e[2] is not None and abs(e[2] - a[2]) > 1e-9)]
    assert not mismatched, mismatched[:5]
    assert any(e[2] is not None for e in expected)


@pytest.mark.parametrize("fact,raw_sql", [
    ("fact_campaign_hourly",
     "select date, sum(impressions), sum(clicks), sum(cost_micros) / 1e6 from raw.google_ads.campaign_hourly_stats group by 1"),
    ("fact_search_term_daily",
     "select date, sum(impressions), sum(clicks), sum(cost_micros) / 1e6 from raw.google_ads.search_term_keyword_stats group by 1"),
    ("fact_keyword_performance_daily",
     "select date, sum(impressions), sum(clicks), sum(cost_micros) / 1e6 from raw.google_ads.keyword_stats group by 1"),
    ("fact_ad_group_performance_daily",
     "select date, sum(impressions), sum(clicks), sum(cost_micros) / 1e6 from raw.google_ads.ad_group_stats group by 1"),
    ("fact_ad_set_performance_daily",
     "select date, sum(impressions), sum(inline_link_clicks), sum(spend) from raw.facebook_ads.ad_device_report group by 1"),
])
def test_large_facts_add_up_to_the_raw_reports(con, fact, raw_sql):
    expected = {d: (i, c, s) for d, i, c, s in rows(con, raw_sql)}
    actual = {d: (i, c, s) for d, i, c, s in rows(
        con, f"select date_day, sum(impressions), sum(clicks), sum(spend) from marts.marts.{fact} group by 1")}
    assert expected.keys() == actual.keys()
    bad = [d for d in expected if expected[d][:2] != actual[d][:2] or abs(expected[d][2] - actual[d][2]) > 1e-6 * max(1, expected[d][2])]
    assert not bad, [(d, expected[d], actual[d]) for d in bad[:3]]
