"""google_analytics_4: report tables. Paid traffic follows the ad platforms (sessions from clicks, purchases from the
platforms' conversions divided by their over-claim ratio); other channels follow seasonality. Everything is split
exactly from source/medium x day totals into country x device cells, and the prebuilt reports are sums of those."""

from __future__ import annotations

from miqgen.catalog import COUNTRY_NAMES, profile
from miqgen.core import split, USD_VALUE, Ctx, insert, temp

# source, medium, base sessions/day at scale 1 (rare-seeds size), conversion rate, engagement rate
SOURCES = [
    ("google", "organic", 2600, 0.018, 0.66), ("(direct)", "(none)", 1500, 0.024, 0.58), ("bing", "organic", 160, 0.02, 0.64),
    ("duckduckgo", "organic", 70, 0.02, 0.65), ("klaviyo", "email", 420, 0.03, 0.7), ("facebook.com", "referral", 110, 0.006, 0.45),
    ("instagram.com", "referral", 90, 0.005, 0.42), ("pinterest.com", "referral", 120, 0.008, 0.55),
    ("gardenblog.example", "referral", 45, 0.012, 0.6), ("chatgpt.com", "referral", 25, 0.02, 0.7),
    ("youtube.com", "referral", 35, 0.004, 0.5),
]
DEVICES = [("desktop", 40, 1.35), ("mobile", 53, 0.8), ("tablet", 6, 1.0), ("smart tv", 1, 0.3)]


def performance(ctx: Ctx) -> None:
    p = profile(ctx.tid)
    prop = ctx.accounts("google_analytics_4")[0]
    pccy = prop["currency"]
    oc = ctx.inj["platform_overclaim"]
    s = ctx.scale
    src_vals = ", ".join(f"('{a}', '{b}', {n * s:.4f}, {c}, {e})" for a, b, n, c, e in SOURCES)
    # ad platform totals per day, converted to the property currency with the static rates
    g_ccy = " ".join(f"WHEN {int(a['id'])} THEN {USD_VALUE[pccy] / USD_VALUE[a['currency']]}" for a in ctx.accounts("google_ads"))
    m_ccy = " ".join(f"WHEN {int(a['id'])} THEN {USD_VALUE[pccy] / USD_VALUE[a['currency']]}" for a in ctx.accounts("facebook_ads"))
    temp(
        ctx,
        "w_smday",
        f"""
        WITH src(source, medium, base, cvr, er) AS (VALUES {src_vals}),
        other AS (
          SELECT cal.d AS date, cal.t, src.source, src.medium, src.er,
                 sround(src.base * cal.season * cal.trend * cal.wk_web * cal.tn_w * exp(0.06 * nz3('wsd', src.source, cal.t))
                        * cal.ga4_mult, src.source, cal.d, 'ses') AS sessions,
                 src.cvr * cal.conv_mult * (0.9 + 0.1 * cal.season) AS cvr
          FROM cal, src WHERE cal.d BETWEEN {ctx.lit(ctx.w0)} AND {ctx.lit(ctx.w1)}
        ),
        g AS (
          SELECT date, sum(clicks) AS clicks, sum(conversions) AS conv,
                 sum(conversions_value * CASE customer_id {g_ccy} ELSE 1 END) AS value
          FROM g_camp_day GROUP BY date
        ),
        m AS (
          SELECT date, sum(clicks) AS clicks, sum(purchases) AS conv,
                 sum(value_cents / 100.0 * CASE account_id {m_ccy} ELSE 1 END) AS value
          FROM m_camp_day GROUP BY date
        ),
        paid AS (
          SELECT cal.d AS date, cal.t, 'google' AS source, 'cpc' AS medium, 0.62 AS er,
                 sround(coalesce(g.clicks, 0) * 0.9 * cal.ga4_mult, 'g', cal.d, 'ses') AS sessions,
                 coalesce(g.conv, 0) / {oc['google_ads_ratio']} * cal.ga4_mult AS exp_conv, coalesce(g.value / nullif(g.conv, 0), 0) AS aov
          FROM cal LEFT JOIN g ON g.date = cal.d WHERE cal.d BETWEEN {ctx.lit(ctx.w0)} AND {ctx.lit(ctx.w1)}
          UNION ALL
          SELECT cal.d, cal.t, x.source, 'paid', 0.48,
                 sround(coalesce(m.clicks, 0) * 0.8 * x.share * cal.ga4_mult, x.source, cal.d, 'ses'),
                 coalesce(m.conv, 0) / {oc['ratio']} * x.share * cal.ga4_mult, coalesce(m.value / nullif(m.conv, 0), 0)
          FROM cal LEFT JOIN m ON m.date = cal.d, (VALUES ('facebook', 0.72), ('instagram', 0.28)) x(source, share)
          WHERE cal.d BETWEEN {ctx.lit(ctx.w0)} AND {ctx.lit(ctx.w1)}
        )
        SELECT date, t, source, medium, er, sessions, sround(sessions * cvr, source, date, 'pur') AS purchases,
               {p['aov_usd'] * USD_VALUE[pccy]} AS aov
        FROM other
        UNION ALL
        SELECT date, t, source, medium, er, sessions, least(sessions, sround(exp_conv, source, date, 'pur')) AS purchases,
               CASE WHEN aov > 0 THEN aov ELSE {p['aov_usd'] * USD_VALUE[pccy]} END
        FROM paid
        """,
    )
    temp(
        ctx,
        "w_smday",
        """SELECT *, CASE WHEN purchases > 0 THEN round(purchases * aov * exp(0.1 * nz3('wrv', source || medium, t)) * 100)::BIGINT
                          ELSE 0 END AS revenue_cents, u3('phc', source || medium, t) AS ph
           FROM w_smday""",
    )
    cvals = ", ".join(f"({i}, '{cc}', '{COUNTRY_NAMES.get(cc, cc)}', {w})" for i, (cc, w) in enumerate(p["countries"]))
    dvals = ", ".join(f"({i}, '{d}', {w}, {cf})" for i, (d, w, cf) in enumerate(DEVICES))
    temp(
        ctx,
        "w_cell",
        f"""
        WITH cells AS (
          SELECT c.i * 10 + d.i AS ord, c.cc, c.name AS country, d.device, c.w * d.w AS bw, d.cf
          FROM (VALUES {cvals}) c(i, cc, name, w), (VALUES {dvals}) d(i, device, w, cf)
        ),
        x AS (
          SELECT s.*, cells.*, (cells.bw * (0.8 + 0.4 * u4('wcw', s.source || s.medium, cells.ord, s.t)) * 1000)::BIGINT + 1 AS w
          FROM w_smday s, cells
        ),
        y AS (SELECT *, (w * cf)::BIGINT + 1 AS wc FROM x),
        c AS (
          SELECT *, sum(w) OVER p AS cw, sum(w) OVER q AS sw, sum(wc) OVER p AS cwc, sum(wc) OVER q AS swc FROM y
          WINDOW p AS (PARTITION BY source, medium, date ORDER BY ord), q AS (PARTITION BY source, medium, date)
        ),
        z AS (
          SELECT date, t, source, medium, cc, country, device, er, ord,
                 {split('sessions', 'cw', 'w', 'sw')} AS sessions, {split('purchases', 'cwc', 'wc', 'swc')} AS purchases,
                 {split('revenue_cents', 'cwc', 'wc', 'swc')} AS revenue_cents
          FROM c
        )
        SELECT *, least(sessions, sround(sessions * er, source || ord, date, 'eng')) AS engaged_sessions,
               greatest(least(sessions, 1), sround(sessions * 0.82, source || ord, date, 'usr')) AS total_users,
               sround(sessions * 0.5, source || ord, date, 'new') AS new_users_raw,
               sround(sessions * 3.1, source || ord, date, 'spv') AS screen_page_views,
               sround(sessions * 0.008, source || ord, date, 'sig') AS sign_ups
        FROM z WHERE sessions > 0
        """,
    )
    sync = ctx.synced_expr
    prop_s = f"'properties/{prop['id']}'"
    insert(
        ctx,
        "google_analytics_4.traffic_source_medium_country_device",
        f"""SELECT {prop_s} AS property, date, source AS session_source, medium AS session_medium, cc AS country_id, country,
                   device AS device_category, md5(source || medium || cc || device || date::VARCHAR) AS _fivetran_id,
                   sessions, engaged_sessions, total_users, least(total_users, new_users_raw) AS new_users, screen_page_views,
                   engaged_sessions * 68 + sessions * 9 AS user_engagement_duration,
                   screen_page_views * 2 + sessions * 3 + purchases * 6 AS event_count,
                   (purchases + sign_ups)::DOUBLE AS key_events, revenue_cents / 100.0 AS total_revenue,
                   {sync('date', "hash(source, cc, device)")} AS _fivetran_synced
            FROM w_cell""",
    )
    insert(
        ctx,
        "google_analytics_4.traffic_acquisition_session_source_medium_report",
        f"""SELECT {prop_s} AS property, date, session_source, session_medium,
                   md5(session_source || session_medium || date::VARCHAR) AS _fivetran_id, sum(sessions) AS sessions,
                   sum(engaged_sessions) AS engaged_sessions, round(sum(total_users) * 0.96)::BIGINT AS total_users,
                   sum(new_users) AS new_users, sum(screen_page_views) AS screen_page_views,
                   sum(user_engagement_duration) AS user_engagement_duration, sum(event_count) AS event_count,
                   sum(key_events) AS key_events, round(sum(total_revenue), 2) AS total_revenue,
                   {sync('date', 'hash(session_source)')} AS _fivetran_synced
            FROM google_analytics_4.traffic_source_medium_country_device
            WHERE date BETWEEN {ctx.lit(ctx.w0)} AND {ctx.lit(ctx.w1)} GROUP BY date, session_source, session_medium""",
    )
    insert(
        ctx,
        "google_analytics_4.demographic_country_report",
        f"""SELECT {prop_s} AS property, date, country, md5(country || date::VARCHAR) AS _fivetran_id, sum(sessions) AS sessions,
                   sum(engaged_sessions) AS engaged_sessions, round(sum(total_users) * 0.9)::BIGINT AS total_users,
                   sum(new_users) AS new_users, sum(key_events) AS key_events, round(sum(total_revenue), 2) AS total_revenue,
                   {sync('date', 'hash(country)')} AS _fivetran_synced
            FROM google_analytics_4.traffic_source_medium_country_device
            WHERE date BETWEEN {ctx.lit(ctx.w0)} AND {ctx.lit(ctx.w1)} GROUP BY date, country""",
    )
    temp(
        ctx,
        "w_conv",
        """SELECT date, source, medium, 'purchase' AS event_name, sum(purchases)::DOUBLE AS n, sum(revenue_cents) / 100.0 AS value,
                  sum(revenue_cents) / 100.0 AS revenue
           FROM w_cell GROUP BY ALL HAVING sum(purchases) > 0
           UNION ALL
           SELECT date, source, medium, 'sign_up', sum(sign_ups)::DOUBLE, 0.0, 0.0
           FROM w_cell GROUP BY ALL HAVING sum(sign_ups) > 0""",
    )
    insert(
        ctx,
        "google_analytics_4.conversions_source_medium_report",
        f"""SELECT {prop_s} AS property, date, event_name, source AS session_source, medium AS session_medium,
                   md5(event_name || source || medium || date::VARCHAR) AS _fivetran_id, n AS key_events, value AS event_value,
                   revenue AS total_revenue, {sync('date', 'hash(source, event_name)')} AS _fivetran_synced
            FROM w_conv""",
    )
    insert(
        ctx,
        "google_analytics_4.conversions_report",
        f"""SELECT {prop_s} AS property, date, event_name, md5(event_name || date::VARCHAR) AS _fivetran_id, sum(n) AS key_events,
                   round(sum(revenue), 2) AS total_revenue, sum(n)::BIGINT AS total_users, sum(n)::BIGINT AS event_count,
                   {sync('date', 'hash(event_name)')} AS _fivetran_synced
            FROM w_conv GROUP BY date, event_name""",
    )
    items = ", ".join(f"({i}, 'SKU-{1000 + i}', '{n.replace(chr(39), '')}', '{c}', {1.0 / (1 + i) ** 0.7:.5f})"
                      for i, (n, c) in enumerate(p["products"]))
    temp(
        ctx,
        "w_item",
        f"""
        WITH d AS (SELECT date, t, sum(sessions) AS sessions, sum(purchases) AS purchases, sum(revenue_cents) AS revenue_cents,
                          u2('phi', t) AS ph
                   FROM w_cell GROUP BY date, t),
        it(i, item_id, item_name, item_category, bw) AS (VALUES {items}),
        x AS (SELECT d.*, it.*, (it.bw * (0.7 + 0.6 * u3('wit', it.i, d.t)) * 1000)::BIGINT + 1 AS w FROM d, it),
        c AS (SELECT *, sum(w) OVER (PARTITION BY date ORDER BY i) AS cw, sum(w) OVER (PARTITION BY date) AS sw FROM x)
        SELECT date, item_id, item_name, item_category,
               {split('round(sessions * 0.9)', 'cw', 'w', 'sw')} AS items_viewed,
               {split('round(sessions * 0.11)', 'cw', 'w', 'sw')} AS items_added_to_cart,
               {split('round(purchases * 1.7)', 'cw', 'w', 'sw')} AS items_purchased,
               {split('revenue_cents', 'cw', 'w', 'sw')} AS revenue_cents
        FROM c
        """,
    )
    insert(
        ctx,
        "google_analytics_4.ecommerce_items_report",
        f"""SELECT {prop_s} AS property, date, item_id, item_name, item_category, md5(item_id || date::VARCHAR) AS _fivetran_id,
                   items_viewed, items_added_to_cart, items_purchased, revenue_cents / 100.0 AS item_revenue,
                   {sync('date', 'hash(item_id)')} AS _fivetran_synced
            FROM w_item WHERE items_viewed > 0 OR items_purchased > 0""",
    )
    insert(
        ctx,
        "google_analytics_4.ecommerce_purchases_item_name_report",
        f"""SELECT {prop_s} AS property, date, item_name, md5(item_name || date::VARCHAR) AS _fivetran_id,
                   sum(items_viewed) AS items_viewed, sum(items_added_to_cart) AS items_added_to_cart,
                   sum(items_purchased) AS items_purchased, sum(revenue_cents) / 100.0 AS item_revenue,
                   {sync('date', 'hash(item_name)')} AS _fivetran_synced
            FROM w_item WHERE items_viewed > 0 OR items_purchased > 0 GROUP BY date, item_name""",
    )
