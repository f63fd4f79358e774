"""google_ads: accounts, campaigns, ad groups, ads, keywords, audiences, history tables and stats reports.

Performance is generated once at the finest grain (ad x day x device x network; Performance Max campaigns at campaign
level) and summed upwards, so campaign_stats = sum(ad_group_stats) = sum(ad_stats) exactly. Keywords, hours, search
terms are exact integer splits of their parent rows (largest-remainder via cumulative integer weights)."""

from __future__ import annotations

import math
from datetime import date, timedelta

from miqgen.catalog import COUNTRY_NAMES, profile, sql_list
from miqgen.core import split, USD_VALUE, Ctx, insert, q, temp

TYPES = [  # type, campaigns at scale 1, floor, ad groups per campaign, ads per ad group
    ("SEARCH", 30, 4, 20, 2),
    ("SHOPPING", 10, 1, 5, 1),
    ("DISPLAY", 8, 1, 6, 2),
    ("VIDEO", 6, 1, 4, 2),
    ("PERFORMANCE_MAX", 6, 1, 0, 0),
]
ISO_NUM = {"US": 840, "CA": 124, "GB": 826, "AU": 36, "MX": 484, "DE": 276, "NZ": 554, "IE": 372, "FR": 250,
           "NL": 528, "SE": 752, "JP": 392, "PR": 630, "ZA": 710, "NO": 578, "DK": 208, "FI": 246, "AT": 40, "CH": 756}
HOUR_PROFILE = [14, 9, 6, 4, 4, 6, 14, 28, 42, 52, 58, 62, 64, 62, 60, 60, 62, 66, 72, 78, 80, 70, 50, 28]



def entities(ctx: Ctx) -> None:
    p = profile(ctx.tid)
    accts = ctx.accounts("google_ads")
    shop = next((i for i, a in enumerate(accts) if "shopping" in a["name"].lower()), None)
    other = next((i for i, a in enumerate(accts) if i != shop), 0)
    acct_vals = ", ".join(f"({i}, {int(a['id'])}, {q(a['name'])}, {q(a['currency'])}, {USD_VALUE[a['currency']]})"
                          for i, a in enumerate(accts))
    temp(ctx, "g_acct", f"SELECT * FROM (VALUES {acct_vals}) v(acct_idx, customer_id, name, currency, usd)")
    if shop is None:
        acct_expr = f"(idx % {len(accts)})"
    else:
        acct_expr = f"CASE WHEN ctype IN ('SHOPPING','PERFORMANCE_MAX') THEN {shop} ELSE {other} END"
    # ad groups per campaign shrink at small scales (tests) so that the row counts stay roughly proportional
    agf = min(1.0, 5 * ctx.scale)
    type_vals = ", ".join(f"({q(t)}, {ctx.n(b, f)}, {o}, {max(min(2, ag), round(ag * agf))}, {ad})"
                          for o, (t, b, f, ag, ad) in enumerate(TYPES))
    themes = sql_list(p["themes"])
    label = "CASE ctype WHEN 'SEARCH' THEN 'Search' WHEN 'SHOPPING' THEN 'Shopping' WHEN 'DISPLAY' THEN 'Display' " \
            "WHEN 'VIDEO' THEN 'YouTube' ELSE 'PMax' END"
    temp(
        ctx,
        "g_camp",
        f"""
        WITH t(ctype, n, ord, n_ag, n_ad) AS (VALUES {type_vals}),
        c AS (
          SELECT (row_number() OVER (ORDER BY ord, r.i) - 1)::INT AS idx, ctype, r.i::INT AS k, n_ag, n_ad
          FROM t, range(t.n) r(i)
        )
        SELECT c.*, a.customer_id, a.currency, a.usd,
               (17000000000 + {ctx.tkey}::BIGINT * 10000000 + idx * 1000 + hash({ctx.seed}, 'gc', idx) % 1000)::BIGINT AS id,
               (9000000000 + {ctx.tkey}::BIGINT * 1000000 + idx * 10 + hash({ctx.seed}, 'gb', idx) % 10)::BIGINT AS budget_id,
               {label} || ' - ' || list_element({themes}, (k % len({themes})) + 1)
                 || CASE WHEN k >= len({themes}) THEN ' ' || (k // len({themes}) + 1)::VARCHAR ELSE '' END AS name,
               -- base daily budget in USD, roughly lognormal; Search and PMax carry most of the money
               round(CASE ctype WHEN 'SEARCH' THEN 70 WHEN 'SHOPPING' THEN 90 WHEN 'PERFORMANCE_MAX' THEN 120
                     WHEN 'DISPLAY' THEN 35 ELSE 40 END * exp(0.5 * nz2('gcb', idx)), 0) AS budget_usd,
               0.78 + 0.14 * u2('gcu', idx) AS util,
               CASE ctype WHEN 'SEARCH' THEN 1.15 WHEN 'SHOPPING' THEN 0.55 WHEN 'DISPLAY' THEN 0.45
                    WHEN 'VIDEO' THEN 0.12 ELSE 0.7 END * exp(0.2 * nz2('gcc', idx)) AS cpc_usd,
               CASE ctype WHEN 'SEARCH' THEN 0.055 WHEN 'SHOPPING' THEN 0.012 WHEN 'DISPLAY' THEN 0.004
                    WHEN 'VIDEO' THEN 0.009 ELSE 0.015 END * exp(0.2 * nz2('gct', idx)) AS ctr,
               CASE ctype WHEN 'SEARCH' THEN 0.08 WHEN 'SHOPPING' THEN 0.05 WHEN 'DISPLAY' THEN 0.008
                    WHEN 'VIDEO' THEN 0.003 ELSE 0.06 END * exp(0.15 * nz2('gcv', idx)) AS cvr,
               {p['aov_usd']} * exp(0.1 * nz2('gca', idx)) AS aov_usd,
               -- 80% run since before the range; the rest start inside it; a few stop
               CASE WHEN u2('gcs', idx) < 0.8 OR k < 4 THEN {ctx.lit(ctx.start)} - (30 + (u2('gcs2', idx) * 600)::INT)
                    ELSE {ctx.lit(ctx.start)} + (u2('gcs2', idx) * 220)::INT END AS start_d,
               CASE WHEN k >= 4 AND u2('gce', idx) < 0.08 THEN {ctx.lit(ctx.start)} + (230 + u2('gce2', idx) * 120)::INT
                    END AS end_d,
               CASE ctype WHEN 'SEARCH' THEN ['MANUAL_CPC', 'TARGET_CPA', 'MAXIMIZE_CONVERSIONS'][1 + k % 3]
                    WHEN 'SHOPPING' THEN 'TARGET_ROAS' WHEN 'DISPLAY' THEN 'MAXIMIZE_CONVERSIONS'
                    WHEN 'VIDEO' THEN 'TARGET_CPM' ELSE 'MAXIMIZE_CONVERSION_VALUE' END AS bid0,
               CASE WHEN ctype = 'SHOPPING' THEN (5000000000 + {ctx.tkey}::BIGINT * 1000 + 1)::BIGINT END AS portfolio_id
        FROM c JOIN g_acct a ON a.acct_idx = {acct_expr}
        """,
    )
    kws = sql_list(p["keywords"])
    temp(
        ctx,
        "g_ag",
        f"""
        SELECT (row_number() OVER (ORDER BY c.idx, r.i) - 1)::INT AS ag_idx, r.i::INT AS j, c.id AS campaign_id,
               c.idx AS camp_idx, c.ctype, c.name AS campaign_name, c.customer_id, c.n_ad,
               (130000000000 + {ctx.tkey}::BIGINT * 100000000 + (row_number() OVER (ORDER BY c.idx, r.i) - 1) * 100
                 + hash({ctx.seed}, 'ga', c.idx, r.i) % 100)::BIGINT AS id,
               CASE WHEN c.ctype = 'SEARCH' THEN list_element({kws}, ((c.k * 7 + r.i) % len({kws})) + 1)
                    ELSE c.name || ' - Group ' || (r.i + 1)::VARCHAR END AS name,
               exp(0.6 * nz2('gaw', c.idx * 1000 + r.i)) AS w,
               exp(0.1 * nz2('gac', c.idx * 1000 + r.i)) AS cpc_m,
               exp(0.15 * nz2('gav', c.idx * 1000 + r.i)) AS cvr_m,
               CASE WHEN c.bid0 = 'MANUAL_CPC' THEN (c.cpc_usd * c.usd * 1e6 / 10000)::BIGINT * 10000 END AS cpc_bid_micros
        FROM g_camp c, range(c.n_ag) r(i)
        """,
    )
    temp(ctx, "g_ag", "SELECT *, w / sum(w) OVER (PARTITION BY campaign_id) AS share FROM g_ag")
    temp(
        ctx,
        "g_ad",
        f"""
        SELECT (row_number() OVER (ORDER BY g.ag_idx, r.i) - 1)::INT AS ad_idx, g.id AS ad_group_id, g.campaign_id,
               g.customer_id, g.ctype, g.share AS ag_share, g.cpc_m, g.cvr_m, r.i::INT AS j,
               (600000000000 + {ctx.tkey}::BIGINT * 1000000000 + (row_number() OVER (ORDER BY g.ag_idx, r.i) - 1) * 100
                 + hash({ctx.seed}, 'gad', g.ag_idx, r.i) % 100)::BIGINT AS id,
               exp(0.4 * nz2('gadw', g.ag_idx * 100 + r.i)) AS w,
               exp(0.12 * nz2('gadt', g.ag_idx * 100 + r.i)) AS ctr_m,
               CASE g.ctype WHEN 'SEARCH' THEN 'RESPONSIVE_SEARCH_AD' WHEN 'SHOPPING' THEN 'SHOPPING_PRODUCT_AD'
                    WHEN 'DISPLAY' THEN 'RESPONSIVE_DISPLAY_AD' ELSE 'VIDEO_RESPONSIVE_AD' END AS type,
               g.name || ' - Ad ' || chr(65 + r.i::INT) AS name
        FROM g_ag g, range(g.n_ad) r(i)
        """,
    )
    temp(ctx, "g_ad", "SELECT *, ag_share * w / sum(w) OVER (PARTITION BY ad_group_id) AS share FROM g_ad")
    # Units: ads, plus one unit per Performance Max campaign (no ad groups there).
    temp(
        ctx,
        "g_unit",
        """
        SELECT id AS ad_id, ad_group_id, campaign_id, share, cpc_m, cvr_m, ctr_m FROM g_ad
        UNION ALL
        SELECT NULL, NULL, id, 1.0, 1.0, 1.0, 1.0 FROM g_camp WHERE n_ag = 0
        """,
    )
    temp(
        ctx,
        "g_kw",
        f"""
        SELECT (row_number() OVER (ORDER BY g.ag_idx, r.i) - 1)::INT AS kw_idx, g.id AS ad_group_id,
               g.campaign_id, g.customer_id, r.i::INT AS j,
               (300000000000 + {ctx.tkey}::BIGINT * 1000000000 + (row_number() OVER (ORDER BY g.ag_idx, r.i) - 1) * 100
                 + hash({ctx.seed}, 'gkw', g.ag_idx, r.i) % 100)::BIGINT AS id,
               list_element({kws}, ((g.ag_idx * 3 + r.i * 5) % len({kws})) + 1) AS text,
               ['EXACT', 'PHRASE', 'BROAD', 'PHRASE'][r.i + 1] AS match_type,
               1 + (400 * exp(0.7 * nz2('gkww', g.ag_idx * 10 + r.i)))::BIGINT AS w,
               exp(0.25 * nz2('gkwv', g.ag_idx * 10 + r.i)) AS cvr_m,
               (4 + u2('gkq', g.ag_idx * 10 + r.i) * 6)::BIGINT AS quality_score
        FROM g_ag g, range(4) r(i) WHERE g.ctype = 'SEARCH'
        """,
    )
    temp(
        ctx,
        "g_list",
        f"""
        SELECT (7000000000 + {ctx.tkey}::BIGINT * 10000 + i)::BIGINT AS id, i::INT AS i,
               ['All visitors (540 days)', 'Cart abandoners (30 days)', 'Past purchasers', 'Newsletter subscribers (Customer Match)',
                'Product viewers (90 days)', 'In-market: Home & Garden'][i + 1] AS name,
               ['REMARKETING', 'REMARKETING', 'REMARKETING', 'CRM_BASED', 'REMARKETING', 'SIMILAR'][i + 1] AS type,
               (20000 + u2('gls', i) * 400000)::BIGINT AS size
        FROM range(6) r(i)
        """,
    )


def resolve(ctx: Ctx) -> None:
    """Pick the Google campaigns the injected situations happen to (always-running, never stopped)."""
    inj = ctx.inj
    rows = ctx.con.execute(
        f"""SELECT id, ctype, name, customer_id FROM g_camp
            WHERE start_d < {ctx.lit(ctx.start)} AND end_d IS NULL
            ORDER BY CASE ctype WHEN 'SEARCH' THEN 0 ELSE 1 END, budget_usd DESC, id"""
    ).fetchall()
    search = [r for r in rows if r[1] == "SEARCH"]
    other = [r for r in rows if r[1] != "SEARCH"]

    def put(key: str, r: tuple) -> None:
        inj[key].update({"campaign_id": str(r[0]), "campaign_name": r[2], "account_id": str(r[3])})

    # biggest search campaign spikes; the 2nd overspends; 3rd/4th change bidding; a non-search one spikes a little
    put("spend_spike_large", search[0])
    put("budget_overspend", search[1 % len(search)])
    put("bidding_cpa_jump", search[2 % len(search)])
    put("bidding_ok", search[-1] if len(search) > 3 else other[-1])
    put("spend_spike_small", other[0] if other else search[0])
    put("budget_change", other[-1] if other else search[0])
    # spike sizes: the campaign multiplier that moves the tenant's Google spend by the target share that day
    for key in ("spend_spike_large", "spend_spike_small"):
        e = inj[key]
        share = ctx.con.execute(
            f"""SELECT max(budget_usd * util) FILTER (WHERE id = {e['campaign_id']}) / sum(budget_usd * util) FROM g_camp
                WHERE start_d <= DATE '{e['date']}' AND (end_d IS NULL OR end_d > DATE '{e['date']}')"""
        ).fetchone()[0]
        e["multiplier"] = round(min(15.0, max(1.2, 1 + e["target_platform_change"] / share)), 2)


def changes(ctx: Ctx) -> None:
    """Budget, bidding and settings changes (background ones from hashes, injected ones from ctx.inj)."""
    inj = ctx.inj
    last = ctx.gen_end - timedelta(days=10)
    bc = inj["budget_change"]
    temp(
        ctx,
        "g_budget",
        f"""
        WITH bg AS (
          SELECT c.id AS campaign_id, c.budget_id, c.currency, c.usd, c.budget_usd, r.i::INT AS k,
                 c.start_d + (60 + r.i * 75 + u3('gbd', c.idx, r.i) * 45)::INT AS d,
                 CASE WHEN r.i = 0 THEN 0.0 ELSE ln(0.85 + u3('gbf', c.idx, r.i) * 0.45) END AS lf
          FROM g_camp c, range(6) r(i)
        ),
        steps AS (
          SELECT *, sum(lf) OVER (PARTITION BY campaign_id ORDER BY k) AS clf FROM bg
          WHERE k = 0 OR d <= {ctx.lit(last)}
        ),
        v AS (
          SELECT campaign_id, budget_id, currency, usd,
                 CASE WHEN k = 0 THEN (SELECT start_d FROM g_camp x WHERE x.id = campaign_id) ELSE d END AS d,
                 budget_usd * exp(clf) AS amount_usd
          FROM steps
        ),
        inj AS (
          SELECT campaign_id, budget_id, currency, usd, DATE '{bc['date']}' AS d, amount_usd * {bc['factor']}
          FROM v WHERE campaign_id = {bc['campaign_id']} AND v.d <= DATE '{bc['date']}'
          ORDER BY v.d DESC LIMIT 1  -- v.d: the bare d would be the output column (the constant injection date)
        )
        SELECT campaign_id, budget_id, currency,
               d::TIMESTAMP + INTERVAL 9 HOUR + to_minutes((u2('gbt', campaign_id * 1000 + (d - DATE '2000-01-01'))
                 * 480)::BIGINT) AS ts,
               d,
               (round(amount_usd * usd, 0) * 1000000)::BIGINT AS amount_micros
        FROM (SELECT * FROM v UNION ALL SELECT * FROM inj)
        """,
    )
    bj, bo = inj["bidding_cpa_jump"], inj["bidding_ok"]
    temp(
        ctx,
        "g_bid",
        f"""
        WITH base AS (
          SELECT id AS campaign_id, start_d AS d, bid0 AS type, cpc_usd, usd, cvr, aov_usd, idx FROM g_camp
        ),
        bg AS (  -- background: 20% of Search campaigns switch strategy once, with no effect on CPA
          SELECT id, {ctx.lit(ctx.start)} + (100 + u2('gbgd', idx) * 200)::INT AS d,
                 CASE WHEN bid0 = 'TARGET_CPA' THEN 'MAXIMIZE_CONVERSIONS' ELSE 'TARGET_CPA' END AS type,
                 cpc_usd, usd, cvr, aov_usd, idx
          FROM g_camp WHERE ctype = 'SEARCH' AND u2('gbg', idx) < 0.2
            AND id NOT IN ({bj['campaign_id']}, {bo['campaign_id']})
        ),
        inj AS (
          SELECT id, DATE '{bj['date']}', '{bj['to']}', cpc_usd, usd, cvr, aov_usd, idx FROM g_camp
          WHERE id = {bj['campaign_id']}
          UNION ALL
          SELECT id, DATE '{bo['date']}', '{bo['to']}', cpc_usd, usd, cvr, aov_usd, idx FROM g_camp
          WHERE id = {bo['campaign_id']}
        ),
        allv AS (
          SELECT campaign_id, d, CASE WHEN campaign_id IN ({bj['campaign_id']}, {bo['campaign_id']}) AND d < {ctx.lit(ctx.start)}
                 THEN 'MANUAL_CPC' ELSE type END AS type, cpc_usd, usd, cvr, aov_usd, idx FROM base
          UNION ALL SELECT * FROM bg UNION ALL SELECT * FROM inj
        )
        SELECT campaign_id, d,
               CASE WHEN d = (SELECT start_d FROM g_camp x WHERE x.id = campaign_id) THEN d::TIMESTAMP + INTERVAL 8 HOUR
                    ELSE d::TIMESTAMP + INTERVAL 10 HOUR + to_minutes((u2('gbidt', campaign_id + (d - DATE '2000-01-01')) * 400)::BIGINT)
               END AS ts,
               type,
               CASE WHEN type = 'TARGET_CPA' THEN (round(cpc_usd / cvr * usd, 0) * 1000000)::BIGINT END AS target_cpa_micros,
               CASE WHEN type = 'TARGET_ROAS' THEN 4.0 END AS target_roas,
               CASE WHEN type = 'MAXIMIZE_CONVERSIONS' THEN (round(cpc_usd * 3 * usd, 2) * 1000000)::BIGINT END
                 AS cpc_bid_ceiling_micros
        FROM allv
        """,
    )
    # campaign settings changes: network/geo toggles (background) and the one before the big spike; stops
    sl = inj["spend_spike_large"]
    spike_prev = f"DATE '{sl['date']}' - 1"
    temp(
        ctx,
        "g_setting",
        f"""
        SELECT id AS campaign_id, start_d + (90 + u2('gsd', idx) * 250)::INT AS d, 'geo_target_type' AS field
        FROM g_camp WHERE u2('gs', idx) < 0.3 AND start_d + (90 + u2('gsd', idx) * 250)::INT <= {ctx.lit(last)}
        UNION ALL
        SELECT {sl['campaign_id']}, {spike_prev}, 'content_network'
        """,
    )
    sl["related_changes"] = [{"kind": "campaign_setting", "campaign_id": sl["campaign_id"],
                              "date": str(date.fromisoformat(sl["date"]) - timedelta(days=1)),
                              "field": "network_settings_target_content_network", "old": False, "new": True}]
    ss = inj["spend_spike_small"]
    ctx.con.execute(f"CREATE OR REPLACE TEMP TABLE g_ag_inj AS SELECT id FROM g_ag WHERE campaign_id = {ss['campaign_id']} ORDER BY share DESC LIMIT 1")
    row = ctx.con.execute("SELECT id FROM g_ag_inj").fetchone()
    ss["related_changes"] = []
    if row:
        ss["related_changes"].append({"kind": "ad_group_setting", "ad_group_id": str(row[0]),
                                      "date": str(date.fromisoformat(ss["date"]) - timedelta(days=1)),
                                      "field": "cpc_bid_micros", "change": "+60%"})


def history(ctx: Ctx) -> None:
    sync = ctx.sync_ts
    insert(
        ctx,
        "google_ads.account_history",
        f"""SELECT customer_id AS id, TIMESTAMP '{ctx.start - timedelta(days=700)} 08:00:00' AS updated_at,
                   true AS _fivetran_active, name AS descriptive_name, currency AS currency_code,
                   {q(ctx.tenant['time_zone'])} AS time_zone, true AS auto_tagging_enabled, false AS manager,
                   false AS test_account, {sync} AS _fivetran_synced FROM g_acct""",
    )
    sl = ctx.inj["spend_spike_large"]
    insert(
        ctx,
        "google_ads.campaign_history",
        f"""
        WITH ver AS (
          SELECT id AS campaign_id, start_d::TIMESTAMP + INTERVAL 8 HOUR AS ts FROM g_camp
          UNION SELECT campaign_id, ts FROM g_bid
          UNION SELECT campaign_id, d::TIMESTAMP + INTERVAL 11 HOUR FROM g_setting
          UNION SELECT id, end_d::TIMESTAMP + INTERVAL 7 HOUR FROM g_camp WHERE end_d IS NOT NULL
        ),
        v AS (
          SELECT v.campaign_id, v.ts, b.type AS bidding_strategy_type
          FROM ver v ASOF JOIN g_bid b ON v.campaign_id = b.campaign_id AND v.ts >= b.ts
        )
        SELECT c.id, v.ts AS updated_at,
               v.ts = max(v.ts) OVER (PARTITION BY c.id) AS _fivetran_active,
               c.customer_id, c.name,
               CASE WHEN c.end_d IS NOT NULL AND v.ts >= c.end_d THEN 'PAUSED' ELSE 'ENABLED' END AS status,
               CASE WHEN c.end_d IS NOT NULL AND v.ts >= c.end_d THEN 'SERVING' ELSE 'SERVING' END AS serving_status,
               c.ctype AS advertising_channel_type,
               CASE c.ctype WHEN 'SEARCH' THEN 'SEARCH_STANDARD' WHEN 'SHOPPING' THEN 'SHOPPING_SMART_ADS'
                    WHEN 'VIDEO' THEN 'VIDEO_ACTION' ELSE NULL END AS advertising_channel_subtype,
               v.bidding_strategy_type, c.portfolio_id AS bidding_strategy_id, c.budget_id AS campaign_budget_id,
               strftime(c.start_d, '%Y-%m-%d') AS start_date, coalesce(strftime(c.end_d, '%Y-%m-%d'), '2037-12-30') AS end_date,
               '{{lpurl}}?utm_source=google&utm_medium=cpc&utm_campaign=' || c.id::VARCHAR AS tracking_url_template,
               c.ctype IN ('SEARCH', 'SHOPPING') AS network_settings_target_google_search,
               c.ctype = 'SEARCH' AS network_settings_target_search_network,
               CASE WHEN c.ctype = 'DISPLAY' THEN true
                    WHEN c.id = {sl['campaign_id']} AND v.ts >= (DATE '{sl['date']}' - 1)::TIMESTAMP + INTERVAL 11 HOUR THEN true
                    ELSE false END AS network_settings_target_content_network,
               CASE WHEN (SELECT count(*) FROM g_setting s WHERE s.campaign_id = c.id AND s.field = 'geo_target_type'
                          AND v.ts >= s.d::TIMESTAMP + INTERVAL 11 HOUR) > 0 THEN 'PRESENCE' ELSE 'PRESENCE_OR_INTEREST' END
                 AS geo_target_type_setting_positive_geo_target_type,
               v.ts + INTERVAL 3 HOUR AS _fivetran_synced
        FROM v JOIN g_camp c ON c.id = v.campaign_id
        """,
    )
    insert(
        ctx,
        "google_ads.campaign_budget_history",
        f"""SELECT b.budget_id AS id, b.ts AS updated_at, b.ts = max(b.ts) OVER (PARTITION BY b.budget_id) AS _fivetran_active,
                   b.campaign_id, c.name || ' budget' AS name, b.amount_micros, NULL::BIGINT AS total_amount_micros,
                   'STANDARD' AS delivery_method, 'DAILY' AS period, 'ENABLED' AS status, 'STANDARD' AS type,
                   false AS explicitly_shared, 1 AS reference_count, b.ts + INTERVAL 2 HOUR AS _fivetran_synced
            FROM g_budget b JOIN g_camp c ON c.id = b.campaign_id""",
    )
    insert(
        ctx,
        "google_ads.campaign_bidding_strategy_history",
        """SELECT campaign_id, ts AS updated_at, ts = max(ts) OVER (PARTITION BY campaign_id) AS _fivetran_active,
                  type || ' (campaign)' AS name, type, 'ENABLED' AS status, target_cpa_micros, target_roas,
                  cpc_bid_ceiling_micros, false AS enhanced_cpc_enabled, ts + INTERVAL 2 HOUR AS _fivetran_synced
           FROM g_bid""",
    )
    insert(
        ctx,
        "google_ads.bidding_strategy_history",
        f"""
        WITH p AS (SELECT DISTINCT portfolio_id, customer_id, currency FROM g_camp WHERE portfolio_id IS NOT NULL),
        v AS (SELECT *, r.i FROM p, range(2) r(i))
        SELECT portfolio_id AS id,
               CASE WHEN i = 0 THEN TIMESTAMP '{ctx.start - timedelta(days=400)} 09:30:00'
                    ELSE TIMESTAMP '{ctx.start + timedelta(days=150)} 14:05:00' END AS updated_at,
               i = 1 AS _fivetran_active, customer_id, 'Shopping - Target ROAS' AS name, 'TARGET_ROAS' AS type,
               'ENABLED' AS status, currency AS currency_code,
               (SELECT count(*) FROM g_camp c WHERE c.portfolio_id = v.portfolio_id) AS campaign_count,
               NULL::BIGINT AS target_cpa_target_cpa_micros, CASE WHEN i = 0 THEN 4.0 ELSE 3.5 END AS target_roas_target_roas,
               {sync} AS _fivetran_synced
        FROM v
        """,
    )
    ss = ctx.inj["spend_spike_small"]
    insert(
        ctx,
        "google_ads.ad_group_history",
        f"""
        WITH c AS (SELECT id, start_d, end_d, bid0, idx FROM g_camp),
        ver AS (
          SELECT g.id, g.campaign_id, 0 AS k, c.start_d::TIMESTAMP + INTERVAL 8 HOUR + INTERVAL 5 MINUTE AS ts FROM g_ag g JOIN c ON c.id = g.campaign_id
          UNION ALL  -- background bid changes on manual-CPC ad groups
          SELECT g.id, g.campaign_id, 1, (c.start_d + (50 + u2('gagc', g.ag_idx) * 300)::INT)::TIMESTAMP + INTERVAL 15 HOUR
          FROM g_ag g JOIN c ON c.id = g.campaign_id
          WHERE g.cpc_bid_micros IS NOT NULL AND u2('gag', g.ag_idx) < 0.25
            AND c.start_d + (50 + u2('gagc', g.ag_idx) * 300)::INT <= {ctx.lit(ctx.gen_end - timedelta(days=10))}
          UNION ALL
          SELECT g.id, g.campaign_id, 2, (DATE '{ss['date']}' - 1)::TIMESTAMP + INTERVAL 16 HOUR FROM g_ag g
          WHERE g.id IN (SELECT id FROM g_ag_inj)
          UNION ALL
          SELECT g.id, g.campaign_id, 3, c.end_d::TIMESTAMP + INTERVAL 7 HOUR FROM g_ag g JOIN c ON c.id = g.campaign_id
          WHERE c.end_d IS NOT NULL
        )
        SELECT v.id, v.ts AS updated_at, v.ts = max(v.ts) OVER (PARTITION BY v.id) AS _fivetran_active,
               v.campaign_id, g.campaign_name, g.name,
               CASE WHEN max(v.k) OVER (PARTITION BY v.id ORDER BY v.ts) = 3 THEN 'PAUSED' ELSE 'ENABLED' END AS status,
               CASE g.ctype WHEN 'SEARCH' THEN 'SEARCH_STANDARD' WHEN 'SHOPPING' THEN 'SHOPPING_PRODUCT_ADS'
                    WHEN 'DISPLAY' THEN 'DISPLAY_STANDARD' ELSE 'VIDEO_RESPONSIVE' END AS type,
               CASE WHEN g.cpc_bid_micros IS NULL AND v.k <> 2 THEN NULL
                    ELSE (coalesce(g.cpc_bid_micros, 800000) * CASE WHEN v.k = 1 THEN 1.15 WHEN v.k = 2 THEN 1.6 ELSE 1.0 END
                          / 10000)::BIGINT * 10000 END AS cpc_bid_micros,
               NULL::BIGINT AS target_cpa_micros, 'OPTIMIZE' AS ad_rotation_mode,
               v.ts + INTERVAL 3 HOUR AS _fivetran_synced
        FROM ver v JOIN g_ag g ON g.id = v.id
        """,
    )
    insert(
        ctx,
        "google_ads.ad_history",
        f"""SELECT a.ad_group_id, a.id, c.start_d::TIMESTAMP + INTERVAL 8 HOUR + INTERVAL 10 MINUTE AS updated_at,
                   true AS _fivetran_active, a.name, a.type, 'ENABLED' AS status,
                   CASE WHEN a.type = 'RESPONSIVE_SEARCH_AD' THEN {q(ctx.tid)} || '.example/shop' END AS display_url,
                   '["https://' || {q(ctx.tid)} || '.example/c/' || a.ad_group_id::VARCHAR || '"]' AS final_urls,
                   {sync} AS _fivetran_synced
            FROM g_ad a JOIN g_camp c ON c.id = a.campaign_id""",
    )
    insert(
        ctx,
        "google_ads.ad_group_criterion_history",
        f"""
        SELECT k.id, k.ad_group_id, c.start_d::TIMESTAMP + INTERVAL 8 HOUR + INTERVAL 15 MINUTE AS updated_at,
               true AS _fivetran_active, k.campaign_id AS base_campaign_id, 'KEYWORD' AS type, 'ENABLED' AS status,
               false AS negative, k.text AS keyword_text, k.match_type AS keyword_match_type,
               CASE WHEN g.cpc_bid_micros IS NOT NULL THEN (g.cpc_bid_micros * (0.8 + 0.5 * u2('gkb', k.kw_idx)) / 10000)::BIGINT * 10000
                    END AS cpc_bid_micros, k.quality_score, NULL::BIGINT AS user_list_id,
               {sync} AS _fivetran_synced
        FROM g_kw k JOIN g_camp c ON c.id = k.campaign_id JOIN g_ag g ON g.id = k.ad_group_id
        UNION ALL
        SELECT 400000000000 + l.i * 10000000 + a.ag_idx, a.id, c.start_d::TIMESTAMP + INTERVAL 8 HOUR + INTERVAL 20 MINUTE,
               true, a.campaign_id, 'USER_LIST', 'ENABLED', false, NULL, NULL, NULL, NULL, l.id, {sync}
        FROM g_ag a JOIN g_camp c ON c.id = a.campaign_id, g_list l
        WHERE a.j = 0 AND a.ctype IN ('SEARCH', 'SHOPPING') AND l.i < 4
        """,
    )
    insert(
        ctx,
        "google_ads.user_list_history",
        f"""SELECT l.id, TIMESTAMP '{ctx.start - timedelta(days=500)} 12:00:00' AS updated_at, true AS _fivetran_active,
                   a.customer_id, l.name, l.type, l.name AS description, 'OPEN' AS membership_status,
                   l.size AS size_for_display, (l.size * 0.6)::BIGINT AS size_for_search, {sync} AS _fivetran_synced
            FROM g_list l, g_acct a""",
    )
    insert(
        ctx,
        "google_ads.conversion_action_history",
        f"""SELECT (800000000 + {ctx.tkey}::BIGINT * 1000 + a.acct_idx * 10 + r.i)::BIGINT AS id,
                   TIMESTAMP '{ctx.start - timedelta(days=600)} 12:00:00' AS updated_at, true AS _fivetran_active,
                   a.customer_id, ['Purchase', 'Add to cart', 'Newsletter signup', 'Phone call'][r.i + 1] AS name,
                   ['PURCHASE', 'ADD_TO_CART', 'SIGNUP', 'PHONE_CALL_LEAD'][r.i + 1] AS category,
                   ['WEBPAGE', 'WEBPAGE', 'WEBPAGE', 'AD_CALL'][r.i + 1] AS type, 'ENABLED' AS status,
                   CASE WHEN r.i = 0 THEN 'MANY_PER_CLICK' ELSE 'ONE_PER_CLICK' END AS counting_type,
                   r.i = 0 AS include_in_conversions_metric, r.i = 0 AS primary_for_goal, {sync} AS _fivetran_synced
            FROM g_acct a, range(4) r(i)""",
    )
    vals = ", ".join(f"({2000 + num}, {q(COUNTRY_NAMES.get(cc, cc))}, {q(cc)})" for cc, num in ISO_NUM.items())
    insert(
        ctx,
        "google_ads.geo_target",
        f"""SELECT id, name, name AS canonical_name, cc AS country_code, 'Country' AS target_type, 'ENABLED' AS status,
                   NULL::BIGINT AS parent_geo_target_id, {sync} AS _fivetran_synced
            FROM (VALUES {vals}) v(id, name, cc)""",
    )


def size_conversion_drop(ctx: Ctx) -> None:
    """The conversion drop's multiplier: 0.7 (−30 %), or lower for a tenant with few conversions a day, so that the drop
    stands out of the day-to-day noise the alert detector measures (its threshold: 4 robust standard deviations).
    The noise of a day's conversions in logs is sigma = sqrt(1 / mu + 0.05²) (counts ~ Poisson(mu) plus the pacing
    noise); the drop is at least 6 sigma. mu: expected Google + Meta conversions a day over the 4 weeks before, from
    the campaigns' budgets, pacing, costs and rates (without the ad-level factors). Sets `cal.conv_mult` (read by every
    platform) and the manifest's multiplier; on generate only (appends reuse the manifest's)."""
    cd = ctx.inj["conversion_drop"]
    d0 = f"DATE '{cd['date_from']}'"
    days = f"cal.d BETWEEN {d0} - 28 AND {d0} - 1"
    g = ctx.con.execute(
        f"""SELECT sum(b.amount_micros / 1e6 * least(1.9, c.util * (0.75 + 0.25 * cal.season) * cal.wk_ads) / (c.cpc_usd * c.usd)
                       * c.cvr * (0.85 + 0.15 * cal.season) * (0.95 + 0.1 * cal.trend / 1.16))
            FROM g_camp c JOIN cal ON cal.d >= c.start_d AND (c.end_d IS NULL OR cal.d < c.end_d) AND {days}
            ASOF JOIN g_budget b ON b.campaign_id = c.id AND cal.d >= b.d"""
    ).fetchone()[0] or 0.0
    m = ctx.con.execute(
        f"""SELECT sum(b.budget_cents / 100.0 * least(1.6, c.util * (0.75 + 0.25 * cal.season) * cal.wk_ads) / (c.cpm_usd * c.usd)
                       * 1000 * c.ctr * c.cvr * (0.85 + 0.15 * cal.season))
            FROM m_camp c JOIN cal ON cal.d >= c.start_d AND (c.end_d IS NULL OR cal.d < c.end_d) AND {days}
            ASOF JOIN m_budget b ON b.campaign_id = c.id AND cal.d >= b.d"""
    ).fetchone()[0] or 0.0
    mu = max((g + m) / 28, 1.0)
    sigma = math.sqrt(1 / mu + 0.05 ** 2)
    cd["multiplier"] = round(max(0.1, min(0.7, math.exp(-6 * sigma))), 2)
    cd["expected_daily_conversions"] = round(mu, 1)
    ctx.con.execute(f"UPDATE cal SET conv_mult = {cd['multiplier']} WHERE d BETWEEN {d0} AND DATE '{cd['date_to']}'")


def performance(ctx: Ctx) -> None:
    inj = ctx.inj
    if ctx.version == 0:
        size_conversion_drop(ctx)
    sl, sm, ss = inj["spend_spike_large"], inj["spend_spike_medium"], inj["spend_spike_small"]
    ov, bj, bo = inj["budget_overspend"], inj["bidding_cpa_jump"], inj["bidding_ok"]
    restate = ""
    if ctx.version > 0:
        restate = f"* (1 + 0.03 * (u4('restate', {ctx.version}, c.idx, cal.t) - 0.4))"
    # campaign x day: budget in effect, targets and injected multipliers
    temp(
        ctx,
        "g_cday",
        f"""
        SELECT c.id AS campaign_id, c.idx, c.customer_id, c.ctype, c.usd, cal.d, cal.conv_mult, cal.season,
               b.amount_micros / 1e6 AS budget,
               CASE WHEN c.id = {ov['campaign_id']} AND cal.d >= DATE '{ov['date_from']}' THEN {ov['spend_to_budget']}
                    ELSE least(1.9, c.util * (0.75 + 0.25 * cal.season) * cal.wk_ads * cal.tn_g * exp(0.07 * nz2('gcd', c.idx * 100000 + cal.t))) END
               * CASE WHEN cal.d = DATE '{sl['date']}' AND c.id = {sl['campaign_id']} THEN {sl['multiplier']}
                      WHEN cal.d = DATE '{ss['date']}' AND c.id = {ss['campaign_id']} THEN {ss['multiplier']} ELSE 1 END
               {restate} AS spend_factor,
               c.cpc_usd * c.usd * CASE WHEN c.id = {bj['campaign_id']} AND cal.d >= DATE '{bj['date']}' THEN {bj['cpc_multiplier']}
                                       ELSE 1 END AS cpc,
               c.ctr,
               c.cvr * (0.85 + 0.15 * cal.season) * (0.95 + 0.1 * cal.trend / 1.16) * cal.conv_mult
                 * CASE WHEN c.id = {bj['campaign_id']} AND cal.d >= DATE '{bj['date']}' THEN {bj['cvr_multiplier']}
                        WHEN c.id = {bo['campaign_id']} AND cal.d >= DATE '{bo['date']}' THEN {bo['cvr_multiplier']} ELSE 1 END
                 * CASE WHEN cal.d = DATE '{sl['date']}' AND c.id = {sl['campaign_id']} THEN 0.5 ELSE 1 END AS cvr,
               c.aov_usd * c.usd AS aov
        FROM g_camp c
        JOIN cal ON cal.d >= c.start_d AND (c.end_d IS NULL OR cal.d < c.end_d)
                AND cal.d BETWEEN {ctx.lit(ctx.w0)} AND {ctx.lit(ctx.w1)}
        ASOF JOIN g_budget b ON b.campaign_id = c.id AND cal.d >= b.d
        """,
    )
    del sm
    temp(
        ctx,
        "g_dev",
        """SELECT * FROM (VALUES
          ('SEARCH','DESKTOP','SEARCH',0.34,1.1),('SEARCH','MOBILE','SEARCH',0.50,0.9),('SEARCH','TABLET','SEARCH',0.06,1.0),
          ('SEARCH','DESKTOP','SEARCH_PARTNERS',0.04,1.1),('SEARCH','MOBILE','SEARCH_PARTNERS',0.05,0.9),('SEARCH','TABLET','SEARCH_PARTNERS',0.01,1.0),
          ('SHOPPING','DESKTOP','SEARCH',0.30,1.15),('SHOPPING','MOBILE','SEARCH',0.63,0.9),('SHOPPING','TABLET','SEARCH',0.07,1.0),
          ('DISPLAY','DESKTOP','CONTENT',0.25,1.2),('DISPLAY','MOBILE','CONTENT',0.68,0.9),('DISPLAY','TABLET','CONTENT',0.07,1.0),
          ('VIDEO','DESKTOP','YOUTUBE_WATCH',0.15,1.1),('VIDEO','MOBILE','YOUTUBE_WATCH',0.58,0.95),('VIDEO','TABLET','YOUTUBE_WATCH',0.05,1.0),
          ('VIDEO','CONNECTED_TV','YOUTUBE_WATCH',0.22,0.9),
          ('PERFORMANCE_MAX','DESKTOP','MIXED',0.30,1.1),('PERFORMANCE_MAX','MOBILE','MIXED',0.62,0.92),('PERFORMANCE_MAX','TABLET','MIXED',0.08,1.0)
        ) v(ctype, device, network, share, cvr_m)""",
    )
    temp(
        ctx,
        "g_unit_day",
        """
        WITH x AS (
          SELECT cd.customer_id, cd.d AS date, u.campaign_id, u.ad_group_id, u.ad_id, dv.device, dv.network, cd.ctype,
                 cd.budget * cd.spend_factor * u.share * dv.share
                   * exp(0.12 * nz4('gud', coalesce(u.ad_id, u.campaign_id), dv.device || dv.network, cd.d)) AS spend,
                 cd.cpc * u.cpc_m * CASE dv.device WHEN 'MOBILE' THEN 0.85 ELSE 1.0 END AS cpc,
                 cd.ctr * u.ctr_m * exp(0.08 * nz4('gut', coalesce(u.ad_id, u.campaign_id), dv.device, cd.d)) AS ctr,
                 cd.cvr * u.cvr_m * dv.cvr_m AS cvr, cd.aov,
                 coalesce(u.ad_id, u.campaign_id) AS uid
          FROM g_cday cd JOIN g_unit u ON u.campaign_id = cd.campaign_id JOIN g_dev dv ON dv.ctype = cd.ctype
        ),
        y AS (
          SELECT *, sround(spend / cpc, uid, date, 'clk') AS clicks,
                 sround(spend / (cpc * ctr), uid, date, 'imp' || device || network) AS impressions
          FROM x
        ),
        z AS (
          SELECT *, sround(clicks * cvr, uid, date, 'cv' || device || network)::DOUBLE AS conversions FROM y
          WHERE impressions > 0
        )
        SELECT customer_id, date, campaign_id, ad_group_id, ad_id, device, network, ctype,
               impressions, greatest(clicks, 0)::BIGINT AS clicks,
               (round(spend * 100) * 10000)::BIGINT AS cost_micros,
               conversions,
               CASE WHEN conversions > 0 THEN round(conversions * aov * exp(0.15 * nz4('guv', uid, device || network, date)), 2)
                    ELSE 0 END AS conversions_value,
               CASE WHEN ctype IN ('DISPLAY', 'VIDEO') THEN sround(impressions * 0.00003, uid, date, 'vtc' || device) ELSE 0 END
                 AS view_through_conversions,
               CASE WHEN ctype = 'VIDEO' THEN sround(impressions * 0.28, uid, date, 'vv' || device) ELSE 0 END AS video_views
        FROM z
        """,
    )
    sync = ctx.synced_expr
    insert(
        ctx,
        "google_ads.ad_stats",
        f"""SELECT customer_id, date, md5(ad_id::VARCHAR || device || network || date::VARCHAR) AS _fivetran_id,
                   ad_group_id, ad_id, campaign_id, device, network AS ad_network_type, clicks, impressions, cost_micros,
                   conversions, conversions_value, view_through_conversions, {sync('date', 'ad_id')} AS _fivetran_synced
            FROM g_unit_day WHERE ad_id IS NOT NULL""",
    )
    insert(
        ctx,
        "google_ads.ad_group_stats",
        f"""SELECT customer_id, date, md5(ad_group_id::VARCHAR || device || network || date::VARCHAR) AS _fivetran_id,
                   ad_group_id AS id, campaign_id, device, network AS ad_network_type, sum(clicks) AS clicks,
                   sum(impressions) AS impressions, sum(cost_micros) AS cost_micros, sum(conversions) AS conversions,
                   round(sum(conversions_value), 2) AS conversions_value,
                   sum(view_through_conversions) AS view_through_conversions,
                   {sync('date', 'ad_group_id')} AS _fivetran_synced
            FROM g_unit_day WHERE ad_id IS NOT NULL GROUP BY ALL""",
    )
    temp(
        ctx,
        "g_camp_day",
        """SELECT customer_id, date, campaign_id, device, network, ctype, sum(clicks) AS clicks,
                  sum(impressions) AS impressions, sum(cost_micros) AS cost_micros, sum(conversions) AS conversions,
                  round(sum(conversions_value), 2) AS conversions_value,
                  sum(view_through_conversions) AS view_through_conversions, sum(video_views) AS video_views,
                  u4('phh', campaign_id, device || network, date) AS ph
           FROM g_unit_day GROUP BY ALL""",
    )
    insert(
        ctx,
        "google_ads.campaign_stats",
        f"""SELECT customer_id, date, md5(campaign_id::VARCHAR || device || network || date::VARCHAR) AS _fivetran_id,
                   campaign_id AS id, device, network AS ad_network_type, clicks, impressions, cost_micros, conversions,
                   conversions_value, view_through_conversions, video_views,
                   {sync('date', 'campaign_id')} AS _fivetran_synced
            FROM g_camp_day""",
    )
    # hours: exact split of each campaign x day x device x network row; the bad daypart converts poorly
    bd = inj["bad_daypart"]
    prof = sql_list(HOUR_PROFILE)
    temp(
        ctx,
        "g_hw",
        f"""SELECT c.id AS campaign_id, r.h::INT AS hour,
                   (list_element({prof}, r.h::INT + 1) * (0.85 + 0.3 * u3('ghw', c.idx, r.h)) * 10)::BIGINT AS w,
                   (list_element({prof}, r.h::INT + 1) * (0.85 + 0.3 * u3('ghw', c.idx, r.h))
                     * CASE WHEN r.h IN ({', '.join(map(str, bd['hours']))}) THEN {bd['cvr_multiplier']} ELSE 0.9 + 0.2 * u3('ghc', c.idx, r.h) END
                     * 10)::BIGINT AS wc
            FROM g_camp c, range(24) r(h)""",
    )
    temp(
        ctx,
        "g_hw",
        """SELECT *, sum(w) OVER (PARTITION BY campaign_id ORDER BY hour) AS cw, sum(w) OVER (PARTITION BY campaign_id) AS sw,
                  sum(wc) OVER (PARTITION BY campaign_id ORDER BY hour) AS cwc, sum(wc) OVER (PARTITION BY campaign_id) AS swc
           FROM g_hw""",
    )
    insert(
        ctx,
        "google_ads.campaign_hourly_stats",
        f"""
        WITH s AS (
          SELECT d.customer_id, d.date, h.hour, d.campaign_id, d.device, d.network,
                 {split('d.clicks', 'h.cw', 'h.w', 'h.sw', 'd.ph')} AS clicks,
                 {split('d.impressions', 'h.cw', 'h.w', 'h.sw', 'd.ph')} AS impressions,
                 {split('d.cost_micros // 10000', 'h.cw', 'h.w', 'h.sw', 'd.ph')} * 10000 AS cost_micros,
                 {split('d.conversions::BIGINT', 'h.cwc', 'h.wc', 'h.swc', 'd.ph')}::DOUBLE AS conversions,
                 {split('round(d.conversions_value * 100)::BIGINT', 'h.cwc', 'h.wc', 'h.swc', 'd.ph')} / 100.0 AS conversions_value,
                 {split('d.view_through_conversions', 'h.cw', 'h.w', 'h.sw', 'd.ph')} AS view_through_conversions
          FROM g_camp_day d JOIN g_hw h ON h.campaign_id = d.campaign_id
        )
        SELECT customer_id, date, hour, md5(campaign_id::VARCHAR || device || network || date::VARCHAR || hour::VARCHAR) AS _fivetran_id,
               campaign_id AS id, device, network AS ad_network_type, clicks, impressions, cost_micros, conversions,
               conversions_value, view_through_conversions, {sync('date', 'campaign_id')} AS _fivetran_synced
        FROM s WHERE impressions > 0 OR clicks > 0 OR cost_micros > 0 OR conversions > 0
        """,
    )
    # keywords: exact split of search ad-group rows
    temp(
        ctx,
        "g_agday",
        """SELECT customer_id, date, campaign_id, ad_group_id, device, network, sum(clicks) AS clicks,
                  sum(impressions) AS impressions, sum(cost_micros) AS cost_micros, sum(conversions) AS conversions,
                  round(sum(conversions_value), 2) AS conversions_value, sum(view_through_conversions) AS vtc,
                  u4('phk', ad_group_id, device || network, date) AS ph
           FROM g_unit_day WHERE ctype = 'SEARCH' AND ad_id IS NOT NULL GROUP BY ALL""",
    )
    temp(
        ctx,
        "g_kwday",
        f"""
        WITH w AS (
          SELECT a.*, k.id AS kw_id, k.j, k.text, k.match_type,
                 (k.w * (0.7 + 0.6 * u3('gkd', k.kw_idx, a.date)))::BIGINT + 1 AS w,
                 ((k.w * (0.7 + 0.6 * u3('gkd', k.kw_idx, a.date))) * k.cvr_m)::BIGINT + 1 AS wc
          FROM g_agday a JOIN g_kw k ON k.ad_group_id = a.ad_group_id
        ),
        c AS (
          SELECT *, sum(w) OVER p AS cw, sum(w) OVER q AS sw, sum(wc) OVER p AS cwc, sum(wc) OVER q AS swc FROM w
          WINDOW p AS (PARTITION BY ad_group_id, date, device, network ORDER BY j),
                 q AS (PARTITION BY ad_group_id, date, device, network)
        )
        SELECT customer_id, date, campaign_id, ad_group_id, kw_id, text, match_type, device, network,
               {split('clicks', 'cw', 'w', 'sw')} AS clicks,
               {split('impressions', 'cw', 'w', 'sw')} AS impressions,
               {split('cost_micros // 10000', 'cw', 'w', 'sw')} * 10000 AS cost_micros,
               {split('conversions::BIGINT', 'cwc', 'wc', 'swc')}::DOUBLE AS conversions,
               {split('round(conversions_value * 100)::BIGINT', 'cwc', 'wc', 'swc')} / 100.0 AS conversions_value,
               {split('vtc', 'cw', 'w', 'sw')} AS view_through_conversions
        FROM c
        """,
    )
    insert(
        ctx,
        "google_ads.keyword_stats",
        f"""SELECT customer_id, date, md5(kw_id::VARCHAR || device || network || date::VARCHAR) AS _fivetran_id,
                   kw_id AS ad_group_criterion_criterion_id, ad_group_id, campaign_id, device, network AS ad_network_type,
                   clicks, impressions, cost_micros, conversions, conversions_value, view_through_conversions,
                   {sync('date', 'kw_id')} AS _fivetran_synced
            FROM g_kwday WHERE impressions > 0 OR clicks > 0 OR cost_micros > 0 OR conversions > 0""",
    )
    search_terms(ctx)
    audiences(ctx)


PREFIXES = ["", "buy ", "best ", "organic ", "cheap ", "free "]
SUFFIXES = ["", " online", " near me", " for sale", " bulk", " reviews", " for raised beds", " wholesale"]


def search_terms(ctx: Ctx) -> None:
    """Keyword x search term rows: each keyword-day (summed over device/network) split over the terms seen that day.
    Terms starting with 'free ' never convert; injected wasted terms get a large share of cost and no conversions;
    injected missed terms (not keywords) convert very well."""
    inj = ctx.inj
    pre, suf = sql_list(PREFIXES), sql_list(SUFFIXES)
    npool = len(PREFIXES) * len(SUFFIXES)
    if "wasted_search_terms" not in inj:
        rows = ctx.con.execute(
            f"""SELECT k.id, k.text, k.ad_group_id, k.campaign_id, k.customer_id FROM g_kw k JOIN g_camp c ON c.id = k.campaign_id
                JOIN g_ag g ON g.id = k.ad_group_id
                WHERE c.start_d < {ctx.lit(ctx.start)} AND c.end_d IS NULL
                ORDER BY c.budget_usd * g.share * k.w DESC, k.id LIMIT 6"""
        ).fetchall()
        wasted_i, missed_i = 5 + 6 * 4, 0 + 6 * 6  # 'free <kw> bulk', '<kw> for raised beds'
        inj["wasted_search_terms"] = {
            "kind": "wasted_search_term", "platform": "google_ads", "term_index": wasted_i, "date_from": str(ctx.start),
            "terms": [{"keyword_id": str(r[0]), "ad_group_id": str(r[2]), "campaign_id": str(r[3]), "account_id": str(r[4]),
                       "search_term": PREFIXES[wasted_i % 6] + r[1] + SUFFIXES[wasted_i // 6]} for r in rows[:3]]}
        inj["missed_search_terms"] = {
            "kind": "missed_search_term", "platform": "google_ads", "term_index": missed_i, "date_from": str(ctx.start),
            "terms": [{"keyword_id": str(r[0]), "ad_group_id": str(r[2]), "campaign_id": str(r[3]), "account_id": str(r[4]),
                       "search_term": PREFIXES[missed_i % 6] + r[1] + SUFFIXES[missed_i // 6]} for r in rows[3:6]]}
    ws = inj["wasted_search_terms"]
    ms = inj["missed_search_terms"]
    wk = ", ".join(t["keyword_id"] for t in ws["terms"]) or "NULL"
    mk = ", ".join(t["keyword_id"] for t in ms["terms"]) or "NULL"
    wi, mi = ws["term_index"], ms["term_index"]
    temp(
        ctx,
        "g_kwtot",
        """SELECT customer_id, date, campaign_id, ad_group_id, kw_id, any_value(text) AS text, any_value(match_type) AS match_type,
                  sum(clicks) AS clicks, sum(impressions) AS impressions, sum(cost_micros) AS cost_micros,
                  sum(conversions)::BIGINT AS conversions, round(sum(conversions_value) * 100)::BIGINT AS value_cents,
                  sum(view_through_conversions) AS vtc, u3('phs', kw_id, date) AS ph
           FROM g_kwday GROUP BY customer_id, date, campaign_id, ad_group_id, kw_id""",
    )
    insert(
        ctx,
        "google_ads.search_term_keyword_stats",
        f"""
        WITH t AS (
          SELECT k.*, r.i::INT AS i,
                 (1000.0 / pow(1 + r.i, 0.9) * (0.5 + u3('gstw', k.kw_id, r.i)) * exp(0.3 * nz4('gst', k.kw_id, r.i, k.date))
                   * CASE WHEN k.kw_id IN ({wk}) AND r.i = {wi} THEN 25 WHEN k.kw_id IN ({mk}) AND r.i = {mi} THEN 3 ELSE 1 END
                 )::BIGINT + 1 AS w,
                 CASE WHEN r.i % 6 = 5 THEN 0
                      ELSE ((1000.0 / pow(1 + r.i, 0.9) * (0.5 + u3('gstw', k.kw_id, r.i)) * (0.5 + u3('gstc', k.kw_id, r.i))
                            * CASE WHEN k.kw_id IN ({mk}) AND r.i = {mi} THEN 40 ELSE 1 END))::BIGINT + 1 END AS wc
          FROM g_kwtot k, range({npool}) r(i)
          WHERE r.i = 0 OR (k.kw_id IN ({wk}) AND r.i = {wi}) OR (k.kw_id IN ({mk}) AND r.i = {mi})
             OR u4('gsta', k.kw_id, r.i, k.date) < 0.68 / pow(1 + r.i, 0.35)
        ),
        c AS (
          SELECT *, sum(w) OVER p AS cw, sum(w) OVER q AS sw, sum(wc) OVER p AS cwc, sum(wc) OVER q AS swc FROM t
          WINDOW p AS (PARTITION BY kw_id, date ORDER BY i), q AS (PARTITION BY kw_id, date)
        ),
        s AS (
          SELECT *, {split('impressions', 'cw', 'w', 'sw')} AS imp_t,
                 {split('clicks', 'cw', 'w', 'sw')} AS clk_t,
                 {split('cost_micros // 10000', 'cw', 'w', 'sw')} * 10000 AS cost_t,
                 coalesce({split('conversions', 'cwc', 'wc', 'swc')}, 0) AS conv_t,
                 coalesce({split('value_cents', 'cwc', 'wc', 'swc')}, 0) AS val_t,
                 {split('vtc', 'cw', 'w', 'sw')} AS vtc_t
          FROM c
        )
        SELECT customer_id, date, md5(kw_id::VARCHAR || '~' || i::VARCHAR || date::VARCHAR) AS _fivetran_id,
               campaign_id, ad_group_id,
               'customers/' || customer_id::VARCHAR || '/adGroupCriteria/' || ad_group_id::VARCHAR || '~' || kw_id::VARCHAR
                 AS keyword_ad_group_criterion,
               text AS info_text,
               list_element({pre}, i % 6 + 1) || text || list_element({suf}, i // 6 + 1) AS search_term,
               CASE WHEN i = 0 THEN 'EXACT' WHEN match_type = 'PHRASE' THEN 'PHRASE' ELSE 'BROAD' END AS search_term_match_type,
               CASE WHEN i = 0 THEN 'ADDED' WHEN i % 6 = 5 AND NOT (kw_id IN ({wk}) AND i = {wi}) AND u2('gsex', kw_id * 100 + i) < 0.3
                    THEN 'EXCLUDED' ELSE 'NONE' END AS status,
               clk_t AS clicks, imp_t AS impressions, cost_t AS cost_micros, conv_t::DOUBLE AS conversions,
               val_t / 100.0 AS conversions_value, vtc_t AS view_through_conversions,
               {ctx.synced_expr('date', 'kw_id')} AS _fivetran_synced
        FROM s WHERE imp_t > 0 OR clk_t > 0 OR cost_t > 0 OR conv_t > 0
        """,
    )


def audiences(ctx: Ctx) -> None:
    """Observation audiences on the first ad group of Search/Shopping campaigns; 'Past purchasers' converts cheaply."""
    if "audience_low_cpa" not in ctx.inj:
        name = ctx.con.execute("SELECT id, name FROM g_list WHERE i = 2").fetchone()
        ctx.inj["audience_low_cpa"] = {"kind": "audience_cpa_outlier", "platform": "google_ads", "user_list_id": str(name[0]),
                                       "audience_name": name[1], "cpa_ratio": 0.45, "date_from": str(ctx.start)}
    low = ctx.inj["audience_low_cpa"]["user_list_id"]
    insert(
        ctx,
        "google_ads.ad_group_audience_stats",
        f"""
        WITH a AS (
          SELECT d.customer_id, d.date, d.campaign_id, d.ad_group_id, g.ag_idx, sum(d.clicks) AS clicks, sum(d.impressions) AS impressions,
                 sum(d.cost_micros) AS cost_micros, sum(d.conversions) AS conversions, sum(d.conversions_value) AS value
          FROM g_unit_day d JOIN g_ag g ON g.id = d.ad_group_id
          WHERE g.j = 0 AND g.ctype IN ('SEARCH', 'SHOPPING') GROUP BY ALL
        ),
        x AS (
          SELECT a.*, l.id AS list_id, l.i, (0.06 + 0.1 * u2('galf', l.i)) * exp(0.1 * nz3('galx', a.ad_group_id, l.i)) AS f,
                 CASE WHEN l.id = {low} THEN 2.2 ELSE 0.9 + 0.2 * u2('galc', l.i) END AS cf
          FROM a, g_list l WHERE l.i < 4
        )
        SELECT customer_id, date, md5(ad_group_id::VARCHAR || list_id::VARCHAR || date::VARCHAR) AS _fivetran_id,
               campaign_id, ad_group_id, 400000000000 + i * 10000000 + ag_idx AS criterion_id,
               list_id AS user_list_id, sround(clicks * f, ad_group_id, date, 'alc' || i) AS clicks,
               sround(impressions * f, ad_group_id, date, 'ali' || i) AS impressions,
               (round(cost_micros * f / 10000) * 10000)::BIGINT AS cost_micros,
               sround(conversions * f * cf, ad_group_id, date, 'alv' || i)::DOUBLE AS conversions,
               round(sround(conversions * f * cf, ad_group_id, date, 'alv' || i) * coalesce(value / nullif(conversions, 0), 40), 2)
                 AS conversions_value,
               0 AS view_through_conversions, {ctx.synced_expr('date', 'ad_group_id')} AS _fivetran_synced
        FROM x WHERE sround(impressions * f, ad_group_id, date, 'ali' || i) > 0
        """,
    )
