"""What gets injected, and when. Dates are fixed relative to the generation's end date from hash(seed, tenant, kind);
entities are resolved later (per platform module) with SQL over the generated entities."""

from __future__ import annotations

from datetime import date, timedelta

from miqgen.core import phash

# The smallest effect a detector / agent rule must catch; documented in the manifest next to every event.
MIN_EFFECT = {
    "spend_spike": {"metric": "tenant daily spend of the platform vs weekday baseline", "min_relative_change": 0.3},
    "conversion_drop": {"metric": "tenant daily ad-platform conversions vs weekday baseline", "min_relative_change": 0.25},
    "tracking_outage": {"metric": "GA4 daily sessions vs weekday baseline", "min_relative_change": 0.5},
    "budget_overspend": {"metric": "projected month-end spend / monthly budget", "threshold": 1.1},
    "budget_change": {"metric": "budget changed within the last 7 days", "threshold": 7},
    "cpa_jump_after_bidding_change": {"metric": "CPA 14 days after / 14 days before", "threshold": 1.2},
    "wasted_search_term": {"metric": "search-term cost (account currency) over the last 30 days with 0 conversions",
                           "threshold": "cost >= 2 x the account's average CPA"},
    "missed_search_term": {"metric": "conversions over the last 30 days of a search term that is not a keyword",
                           "threshold": "conversions >= 5 and CPA <= account average"},
    "ad_fatigue": {"metric": "CTR change over the last 14 days while frequency rises", "threshold": -0.25},
    "video_dropoff": {"metric": "share of plays that stop before 25%", "threshold": 0.6},
    "audience_cpa_outlier": {"metric": "segment CPA / account average CPA", "threshold": "< 0.7 or > 1.5"},
    "bad_daypart": {"metric": "hour-of-day CPA / daily average CPA", "threshold": 1.5},
    "platform_overclaim": {"metric": "platform conversions / GA4-attributed conversions", "threshold": 1.3},
    "email_low_open_rate": {"metric": "open rate vs the tenant's 90-day median", "threshold": -0.3},
    "unsubscribe_spike": {"metric": "unsubscribe rate vs the tenant's 90-day median", "threshold": 3.0},
    "flow_rpr_drop": {"metric": "flow revenue per recipient, last 30 days vs previous 30", "threshold": -0.3},
    "flow_step_bounces": {"metric": "bounce rate of a flow message", "threshold": 0.05},
    "list_churn": {"metric": "net list size change over the last 90 days", "threshold": "< 0"},
    "list_growth": {"metric": "net list size change over the last 90 days", "threshold": "> 0"},
    "segment_change": {"metric": "segment size change within one week", "threshold": 0.2},
}


def plan(seed: int, tenant_id: str, start: date, gen_end: date) -> dict:
    """Dates of every injected event (entities are filled in by the platform modules)."""

    def back(kind: str, lo: int, span: int) -> date:
        return gen_end - timedelta(days=lo + phash(seed, tenant_id, kind) % span)

    cd = back("conversion_drop", 8, 6)
    to = back("tracking_outage", 24, 8)
    month_start = gen_end.replace(day=1)
    return {
        "spend_spike_large": {"kind": "spend_spike", "platform": "google_ads", "date": str(back("spike_l", 17, 6)),
                              "target_platform_change": 0.8, "must_detect": True},
        "spend_spike_medium": {"kind": "spend_spike", "platform": "meta", "date": str(back("spike_m", 38, 12)),
                               "target_platform_change": 0.6, "must_detect": True},
        "spend_spike_small": {"kind": "spend_spike", "platform": "google_ads", "date": str(back("spike_s", 58, 20)),
                              "target_platform_change": 0.1, "must_detect": False},
        "conversion_drop": {"kind": "conversion_drop", "platform": "all", "date_from": str(cd),
                            "date_to": str(cd + timedelta(days=2)), "multiplier": 0.7, "must_detect": True},
        "tracking_outage": {"kind": "tracking_outage", "platform": "ga4", "date_from": str(to),
                            "date_to": str(to + timedelta(days=1)), "multiplier": 0.05, "must_detect": True},
        "budget_overspend": {"kind": "budget_overspend", "platform": "google_ads", "date_from": str(month_start),
                             "spend_to_budget": 1.4},
        "budget_change": {"kind": "budget_change", "platform": "google_ads", "date": str(gen_end - timedelta(days=4)),
                          "factor": 1.4},
        "bidding_cpa_jump": {"kind": "cpa_jump_after_bidding_change", "platform": "google_ads",
                             "date": str(back("bid_jump", 16, 5)), "from": "MANUAL_CPC", "to": "TARGET_CPA",
                             "cvr_multiplier": 0.62, "cpc_multiplier": 1.06},
        "bidding_ok": {"kind": "bidding_change_without_cpa_jump", "platform": "google_ads",
                       "date": str(back("bid_ok", 40, 10)), "from": "MANUAL_CPC", "to": "MAXIMIZE_CONVERSIONS",
                       "cvr_multiplier": 1.08, "cpc_multiplier": 1.0},
        "ad_fatigue": {"kind": "ad_fatigue", "platform": "meta", "date_from": str(gen_end - timedelta(days=14)),
                       "ctr_multiplier_at_end": 0.55, "frequency_from": 1.5, "frequency_to": 3.6},
        "video_dropoff": {"kind": "video_dropoff", "platform": "meta", "p25_retention": 0.3},
        "bad_daypart": {"kind": "bad_daypart", "platform": "google_ads",
                        "hours": [(21 + phash(seed, tenant_id, "daypart") % 3 + i) % 24 for i in range(3)],
                        "cvr_multiplier": 0.42},
        "platform_overclaim": {"kind": "platform_overclaim", "platform": "meta", "ratio": 1.8,
                               "google_ads_ratio": 1.1},
        "conversion_drop_dates": [str(cd + timedelta(days=i)) for i in range(3)],
    }
