"""facebook_ads: accounts, campaigns, ad sets, ads, creatives, videos, audiences, history tables, prebuilt and
custom insight reports. Generated at ad x day x device_platform (the custom report ad_device_report) and summed up."""

from __future__ import annotations

from datetime import timedelta

from miqgen.catalog import profile, sql_list
from miqgen.core import split, USD_VALUE, Ctx, insert, q, temp

AGES = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
AGE_W = [8, 20, 22, 19, 16, 15]
GENDERS = ["female", "male", "unknown"]
GENDER_W = [58, 40, 2]


def entities(ctx: Ctx) -> None:
    p = profile(ctx.tid)
    accts = ctx.accounts("facebook_ads")
    vals = ", ".join(f"({i}, {int(a['id'])}, {q(a['name'])}, {q(a['currency'])}, {USD_VALUE[a['currency']]})"
                     for i, a in enumerate(accts))
    temp(ctx, "m_acct", f"SELECT * FROM (VALUES {vals}) v(acct_idx, account_id, name, currency, usd)")
    themes = sql_list(p["themes"])
    n = ctx.n(20, 4)
    temp(
        ctx,
        "m_camp",
        f"""
        SELECT r.i::INT AS idx, a.account_id, a.currency, a.usd,
               (120200000000000000 + {ctx.tkey}::BIGINT * 1000000000000 + r.i * 100003 + hash({ctx.seed}, 'mc', r.i) % 100003)::BIGINT AS id,
               CASE WHEN r.i % 5 = 4 THEN 'OUTCOME_AWARENESS' WHEN r.i % 5 = 3 THEN 'OUTCOME_TRAFFIC' ELSE 'OUTCOME_SALES' END AS objective,
               CASE WHEN r.i % 5 = 4 THEN 'Awareness' WHEN r.i % 5 = 3 THEN 'Traffic' ELSE 'Sales' END || ' | '
                 || list_element({themes}, (r.i % len({themes})) + 1) || CASE WHEN r.i % 2 = 1 THEN ' | Retargeting' ELSE ' | Prospecting' END
                 AS name,
               round(CASE WHEN r.i % 5 = 4 THEN 40 ELSE 85 END * exp(0.45 * nz2('mcb', r.i)), 0) AS budget_usd,
               0.82 + 0.12 * u2('mcu', r.i) AS util,
               CASE WHEN r.i % 5 = 4 THEN 6.5 ELSE 11.0 END * exp(0.15 * nz2('mcm', r.i)) AS cpm_usd,
               CASE WHEN r.i % 5 = 4 THEN 0.004 WHEN r.i % 5 = 3 THEN 0.016 ELSE 0.011 END * exp(0.15 * nz2('mct', r.i)) AS ctr,
               CASE WHEN r.i % 5 = 4 THEN 0.004 WHEN r.i % 5 = 3 THEN 0.015 ELSE 0.045 END * exp(0.12 * nz2('mcv', r.i)) AS cvr,
               {p['aov_usd']} * exp(0.1 * nz2('mca', r.i)) AS aov_usd,
               CASE WHEN u2('mcs', r.i) < 0.8 OR r.i < 3 THEN {ctx.lit(ctx.start)} - (20 + (u2('mcs2', r.i) * 400)::INT)
                    ELSE {ctx.lit(ctx.start)} + (u2('mcs2', r.i) * 250)::INT END AS start_d,
               CASE WHEN r.i >= 3 AND u2('mce', r.i) < 0.1 THEN {ctx.lit(ctx.start)} + (260 + u2('mce2', r.i) * 100)::INT END AS end_d
        FROM range({n}) r(i) JOIN m_acct a ON a.acct_idx = r.i % {len(accts)}
        """,
    )
    temp(
        ctx,
        "m_aud",
        f"""SELECT (23850000000000000 + {ctx.tkey}::BIGINT * 1000000000 + i * 1009 + hash({ctx.seed}, 'mau', i) % 1009)::BIGINT AS id, i::INT AS i,
                   ['Website visitors 30d', 'Purchasers 180d', 'Lookalike 1% purchasers', 'Lookalike 5% engagers',
                    'Newsletter list', 'Video viewers 50%'][i + 1] AS name,
                   ['WEBSITE', 'WEBSITE', 'LOOKALIKE', 'LOOKALIKE', 'CUSTOM', 'ENGAGEMENT'][i + 1] AS subtype,
                   (5000 + u2('maus', i) * 900000)::BIGINT AS size
            FROM range(6) r(i)""",
    )
    temp(
        ctx,
        "m_adset",
        f"""
        SELECT (row_number() OVER (ORDER BY c.idx, r.i) - 1)::INT AS as_idx, r.i::INT AS j, c.id AS campaign_id, c.idx AS camp_idx,
               c.account_id, c.objective,
               (120200000000000000 + {ctx.tkey}::BIGINT * 1000000000000 + 300000000000 + (c.idx * 10 + r.i) * 100003
                 + hash({ctx.seed}, 'mas', c.idx, r.i) % 100003)::BIGINT AS id,
               c.name || ' | ' || ['Broad', 'Interests', 'Lookalike', 'Retargeting', 'Advantage+'][r.i % 5 + 1] AS name,
               exp(0.4 * nz3('masw', c.idx, r.i)) AS w,
               exp(0.1 * nz3('masv', c.idx, r.i)) AS cvr_m,
               (SELECT id FROM m_aud WHERE i = (c.idx + r.i) % 6) AS aud_id,
               CASE WHEN r.i % 5 IN (2, 3) THEN 1 ELSE 0 END AS has_aud,
               CASE WHEN r.i % 3 = 0 THEN 18 ELSE 25 END AS age_min
        FROM m_camp c, range(4) r(i)
        """,
    )
    temp(ctx, "m_adset", "SELECT *, w / sum(w) OVER (PARTITION BY campaign_id) AS share FROM m_adset")
    nv = ctx.n(40, 4)
    temp(
        ctx,
        "m_video",
        f"""SELECT (1100000000000000 + {ctx.tkey}::BIGINT * 1000000000 + i * 1009 + hash({ctx.seed}, 'mv', i) % 1009)::BIGINT AS id, i::INT AS i,
                   list_element({themes}, (i % len({themes})) + 1) || ' video ' || (i // len({themes}) + 1)::VARCHAR AS title,
                   round(8 + u2('mvl', i) * 50, 2) AS length,
                   0.5 + 0.2 * u2('mvr', i) AS r25
            FROM range({nv}) r(i)""",
    )
    temp(
        ctx,
        "m_ad",
        f"""
        SELECT (row_number() OVER (ORDER BY s.as_idx, r.i) - 1)::INT AS ad_idx, r.i::INT AS j, s.id AS adset_id, s.campaign_id,
               s.account_id, s.share AS as_share, s.cvr_m, s.name AS adset_name,
               (120200000000000000 + {ctx.tkey}::BIGINT * 1000000000000 + 600000000000 + (s.as_idx * 10 + r.i) * 100003
                 + hash({ctx.seed}, 'mad', s.as_idx, r.i) % 100003)::BIGINT AS id,
               (120200000000000000 + {ctx.tkey}::BIGINT * 1000000000000 + 900000000000 + (s.as_idx * 10 + r.i) * 100003
                 + hash({ctx.seed}, 'mcr', s.as_idx, r.i) % 100003)::BIGINT AS creative_id,
               s.objective = 'OUTCOME_AWARENESS' OR r.i = 3 AS is_video,
               exp(0.35 * nz3('madw', s.as_idx, r.i)) AS w,
               exp(0.15 * nz3('madt', s.as_idx, r.i)) AS ctr_m,
               1.2 + 0.3 * u3('madf', s.as_idx, r.i) AS freq,
               ['Carousel', 'Static', 'UGC', 'Video'][r.i + 1] || ' ' || (s.as_idx + 1)::VARCHAR || chr(65 + r.i::INT) AS name
        FROM m_adset s, range(4) r(i)
        """,
    )
    temp(
        ctx,
        "m_ad",
        f"""SELECT a.*, a.as_share * a.w / sum(a.w) OVER (PARTITION BY a.adset_id) AS share,
                   CASE WHEN a.is_video THEN (SELECT id FROM m_video v WHERE v.i = hash({ctx.seed}, 'madv', a.ad_idx) % {nv}) END AS video_id
            FROM m_ad a""",
    )


def resolve(ctx: Ctx) -> None:
    inj = ctx.inj
    running = f"c.start_d < {ctx.lit(ctx.start)} AND c.end_d IS NULL"
    c = ctx.con.execute(
        f"SELECT id, name, account_id FROM m_camp c WHERE {running} AND objective = 'OUTCOME_SALES' ORDER BY budget_usd DESC, id"
    ).fetchall()
    sm = inj["spend_spike_medium"]
    sm.update({"campaign_id": str(c[0][0]), "campaign_name": c[0][1], "account_id": str(c[0][2])})
    share = ctx.con.execute(
        f"""SELECT max(budget_usd * util) FILTER (WHERE id = {sm['campaign_id']}) / sum(budget_usd * util) FROM m_camp
            WHERE start_d <= DATE '{sm['date']}' AND (end_d IS NULL OR end_d > DATE '{sm['date']}')"""
    ).fetchone()[0]
    sm["multiplier"] = round(min(15.0, max(1.2, 1 + sm["target_platform_change"] / share)), 2)
    ad = ctx.con.execute(
        f"""SELECT a.id, a.name, a.adset_id, a.campaign_id, a.account_id FROM m_ad a JOIN m_camp c ON c.id = a.campaign_id
            WHERE {running} AND c.objective = 'OUTCOME_SALES' AND NOT a.is_video AND a.campaign_id <> {c[0][0]}
            ORDER BY a.share DESC, a.id LIMIT 1"""
    ).fetchone()
    inj["ad_fatigue"].update({"ad_id": str(ad[0]), "ad_name": ad[1], "ad_set_id": str(ad[2]), "campaign_id": str(ad[3]),
                              "account_id": str(ad[4])})
    v = ctx.con.execute(
        f"""SELECT a.video_id, v.title, a.id FROM m_ad a JOIN m_camp c ON c.id = a.campaign_id JOIN m_video v ON v.id = a.video_id
            WHERE {running} AND a.is_video ORDER BY a.share DESC, a.id LIMIT 1"""
    ).fetchone()
    ads = [str(r[0]) for r in ctx.con.execute(f"SELECT id FROM m_ad WHERE video_id = {v[0]} ORDER BY id").fetchall()]
    inj["video_dropoff"].update({"video_id": str(v[0]), "video_title": v[1], "ad_ids": ads})
    inj["demographic_high_cpa"] = {"kind": "audience_cpa_outlier", "platform": "meta", "age": "65+", "gender": "male",
                                   "conversion_weight": 0.42, "date_from": str(ctx.start)}
    inj["demographic_low_cpa"] = {"kind": "audience_cpa_outlier", "platform": "meta", "age": "25-34", "gender": "female",
                                  "conversion_weight": 1.9, "date_from": str(ctx.start)}


def changes(ctx: Ctx) -> None:
    last = ctx.gen_end - timedelta(days=10)
    temp(
        ctx,
        "m_budget",
        f"""
        WITH v AS (
          SELECT c.id AS campaign_id, c.usd, c.budget_usd, r.i::INT AS k,
                 CASE WHEN r.i = 0 THEN c.start_d ELSE c.start_d + (45 + r.i * 90 + u3('mbd', c.idx, r.i) * 40)::INT END AS d,
                 CASE WHEN r.i = 0 THEN 0.0 ELSE ln(0.85 + u3('mbf', c.idx, r.i) * 0.4) END AS lf
          FROM m_camp c, range(5) r(i)
        )
        SELECT campaign_id, d, d::TIMESTAMP + INTERVAL 9 HOUR + to_minutes((u2('mbt', campaign_id + k) * 500)::BIGINT) AS ts,
               (round(budget_usd * exp(sum(lf) OVER (PARTITION BY campaign_id ORDER BY k)) * usd, 0) * 100)::BIGINT AS budget_cents
        FROM v WHERE k = 0 OR d <= {ctx.lit(last)}
        """,
    )


def history(ctx: Ctx) -> None:
    sync = ctx.sync_ts
    insert(
        ctx,
        "facebook_ads.account_history",
        f"""SELECT account_id AS id, true AS _fivetran_active, name, 'ACTIVE' AS account_status,
                   {q(ctx.tenant.get('country', 'US'))} AS business_country_code, currency,
                   {q(ctx.tenant['time_zone'])} AS timezone_name, TIMESTAMP '{ctx.start - timedelta(days=900)} 10:00:00' AS created_time,
                   {sync} AS _fivetran_synced FROM m_acct""",
    )
    last = ctx.gen_end - timedelta(days=10)
    insert(
        ctx,
        "facebook_ads.campaign_history",
        f"""
        WITH ver AS (
          SELECT campaign_id, ts, budget_cents, false AS stopped FROM m_budget
          UNION ALL
          SELECT c.id, c.end_d::TIMESTAMP + INTERVAL 7 HOUR, NULL, true FROM m_camp c WHERE c.end_d IS NOT NULL
        ),
        f AS (
          SELECT v.*, last_value(budget_cents IGNORE NULLS) OVER (PARTITION BY campaign_id ORDER BY ts) AS budget
          FROM ver v
        )
        SELECT c.id, f.ts AS updated_time, c.account_id, c.name,
               CASE WHEN f.stopped THEN 'PAUSED' ELSE 'ACTIVE' END AS status, c.objective, 'AUCTION' AS buying_type,
               'LOWEST_COST_WITHOUT_CAP' AS bid_strategy, f.budget AS daily_budget, NULL::BIGINT AS lifetime_budget,
               round(f.budget * 0.4, 0) AS budget_remaining,
               c.start_d::TIMESTAMP + INTERVAL 8 HOUR AS created_time, c.start_d::TIMESTAMP + INTERVAL 8 HOUR AS start_time,
               CASE WHEN f.stopped THEN f.ts END AS stop_time, f.ts + INTERVAL 2 HOUR AS _fivetran_synced
        FROM f JOIN m_camp c ON c.id = f.campaign_id
        """,
    )
    auds = "'[' || '{\"id\":\"' || a.id::VARCHAR || '\",\"name\":\"' || a.name || '\"}' || ']'"
    insert(
        ctx,
        "facebook_ads.ad_set_history",
        f"""
        WITH ver AS (
          SELECT s.*, c.start_d, c.end_d, 0 AS k, c.start_d::TIMESTAMP + INTERVAL 8 HOUR + INTERVAL 3 MINUTE AS ts
          FROM m_adset s JOIN m_camp c ON c.id = s.campaign_id
          UNION ALL  -- background optimisation-goal / bid strategy changes
          SELECT s.*, c.start_d, c.end_d, 1, (c.start_d + (70 + u2('masc', s.as_idx) * 250)::INT)::TIMESTAMP + INTERVAL 13 HOUR
          FROM m_adset s JOIN m_camp c ON c.id = s.campaign_id
          WHERE u2('masx', s.as_idx) < 0.25 AND c.start_d + (70 + u2('masc', s.as_idx) * 250)::INT <= {ctx.lit(last)}
          UNION ALL
          SELECT s.*, c.start_d, c.end_d, 2, c.end_d::TIMESTAMP + INTERVAL 7 HOUR FROM m_adset s JOIN m_camp c ON c.id = s.campaign_id
          WHERE c.end_d IS NOT NULL
        )
        SELECT v.id, v.ts AS updated_time, v.account_id, v.campaign_id, v.name,
               CASE WHEN max(v.k) OVER (PARTITION BY v.id ORDER BY v.ts) = 2 THEN 'PAUSED' ELSE 'ACTIVE' END AS status,
               CASE WHEN max(v.k) OVER (PARTITION BY v.id ORDER BY v.ts) >= 1 THEN 'COST_CAP' ELSE 'LOWEST_COST_WITHOUT_CAP' END AS bid_strategy,
               'IMPRESSIONS' AS billing_event,
               CASE v.objective WHEN 'OUTCOME_SALES' THEN 'OFFSITE_CONVERSIONS' WHEN 'OUTCOME_TRAFFIC' THEN 'LANDING_PAGE_VIEWS'
                    ELSE 'THRUPLAY' END AS optimization_goal,
               NULL::BIGINT AS daily_budget, NULL::BIGINT AS lifetime_budget, NULL::DOUBLE AS budget_remaining,
               v.start_d::TIMESTAMP + INTERVAL 8 HOUR AS created_time, v.start_d::TIMESTAMP + INTERVAL 8 HOUR AS start_time,
               CASE WHEN v.k = 2 THEN v.ts END AS end_time, v.age_min AS targeting_age_min, 65 AS targeting_age_max,
               CASE WHEN v.has_aud = 1 THEN {auds} ELSE '[]' END AS targeting_custom_audiences,
               v.ts + INTERVAL 2 HOUR AS _fivetran_synced
        FROM ver v LEFT JOIN m_aud a ON a.id = v.aud_id
        """,
    )
    insert(
        ctx,
        "facebook_ads.ad_history",
        f"""SELECT a.id, c.start_d::TIMESTAMP + INTERVAL 8 HOUR + INTERVAL 6 MINUTE AS updated_time, a.account_id, a.adset_id AS ad_set_id,
                   a.campaign_id, a.creative_id, a.name,
                   CASE WHEN c.end_d IS NULL THEN 'ACTIVE' ELSE 'PAUSED' END AS status,
                   c.start_d::TIMESTAMP + INTERVAL 8 HOUR AS created_time, {sync} AS _fivetran_synced
            FROM m_ad a JOIN m_camp c ON c.id = a.campaign_id""",
    )
    insert(
        ctx,
        "facebook_ads.creative_history",
        f"""SELECT a.creative_id AS id, md5(a.creative_id::VARCHAR) AS _fivetran_id, a.account_id, a.name || ' creative' AS name,
                   a.name AS title, 'Shop the collection at ' || {q(ctx.tid)} || '.example' AS body,
                   CASE WHEN a.is_video THEN 'VIDEO' WHEN a.j = 0 THEN 'SHARE' ELSE 'PHOTO' END AS object_type,
                   a.video_id, 'SHOP_NOW' AS call_to_action_type,
                   'utm_source=facebook&utm_medium=paid&utm_campaign={{{{campaign.id}}}}' AS url_tags,
                   'https://' || {q(ctx.tid)} || '.example/' AS page_link, {sync} AS _fivetran_synced
            FROM m_ad a""",
    )
    insert(
        ctx,
        "facebook_ads.ad_video_history",
        f"""SELECT v.id, TIMESTAMP '{ctx.start - timedelta(days=30)} 12:00:00' AS updated_time,
                   (SELECT min(account_id) FROM m_acct) AS account_id, v.title, 'Product video: ' || v.title AS description,
                   v.length, 'mp4' AS format, TIMESTAMP '{ctx.start - timedelta(days=30)} 12:00:00' AS created_time,
                   true AS published, {sync} AS _fivetran_synced FROM m_video v""",
    )
    insert(
        ctx,
        "facebook_ads.custom_audience_history",
        f"""SELECT a.id, x.account_id, a.name, a.subtype, a.name AS description, a.size AS approximate_count_lower_bound,
                   (a.size * 1.15)::BIGINT AS approximate_count_upper_bound,
                   TIMESTAMP '{ctx.start - timedelta(days=200)} 12:00:00' AS time_created,
                   TIMESTAMP '{ctx.gen_end - timedelta(days=3)} 04:00:00' AS time_updated, {sync} AS _fivetran_synced
            FROM m_aud a, m_acct x""",
    )


ACTION_COLS = """md5(k || action_type) AS _fivetran_id, (row_number() OVER (PARTITION BY k ORDER BY action_type) - 1) AS index,
       action_type, value, value - floor(value * 0.2) AS _7_d_click, floor(value * 0.2) AS _1_d_view,
       CASE WHEN action_type = 'link_click' THEN value END AS inline"""


def _spike_multiplier(ctx: Ctx, sm: dict) -> float:
    """The campaign multiplier that lifts the platform's spend that day by `target_platform_change` over the median of
    the same weekday in the 6 weeks before (the alert detector's baseline) and in the 4 weeks before (the manifest's),
    from the expected campaign-day spend in USD (budget in effect, pacing, the day's noise; the ad-level noise averages
    out). A share of the initial budgets misses budget changes and the day's noise (seen: +35 % for a 60 % target)."""
    d = f"DATE '{sm['date']}'"
    row = ctx.con.execute(
        f"""WITH cd AS (
              SELECT c.id, cal.d, b.budget_cents / 100.0 / c.usd * least(1.6, c.util * (0.75 + 0.25 * cal.season) * cal.wk_ads
                       * cal.tn_m * exp(0.07 * nz2('mcd', c.idx * 100000 + cal.t))) AS usd
              FROM m_camp c JOIN cal ON cal.d >= c.start_d AND (c.end_d IS NULL OR cal.d < c.end_d)
              ASOF JOIN m_budget b ON b.campaign_id = c.id AND cal.d >= b.d
              WHERE cal.d <= {d} AND cal.d >= {d} - 42 AND isodow(cal.d) = isodow({d})),
            t AS (SELECT d, sum(usd) AS tot, sum(usd) FILTER (WHERE id = {sm['campaign_id']}) AS camp FROM cd GROUP BY d)
            SELECT max(tot) FILTER (WHERE d = {d}), max(camp) FILTER (WHERE d = {d}),
                   greatest(median(tot) FILTER (WHERE d < {d}), median(tot) FILTER (WHERE d < {d} AND d >= {d} - 28)) FROM t"""
    ).fetchone()
    tot, camp, base = row
    if not tot or not camp or not base:
        return sm["multiplier"]
    return round(min(15.0, max(1.2, 1 + ((1 + sm["target_platform_change"]) * base - tot) / camp)), 2)


def performance(ctx: Ctx) -> None:
    inj = ctx.inj
    sm, fa = inj["spend_spike_medium"], inj["ad_fatigue"]
    if ctx.version == 0:
        sm["multiplier"] = _spike_multiplier(ctx, sm)
    restate = ""
    if ctx.version > 0:
        restate = f"* (1 + 0.03 * (u4('mrestate', {ctx.version}, c.idx, cal.t) - 0.4))"
    prog = f"least(1.0, greatest(0.0, (cal.d - DATE '{fa['date_from']}') / 14.0))"
    temp(
        ctx,
        "m_ad_day",
        f"""
        WITH cd AS (
          SELECT c.id AS campaign_id, c.idx, c.account_id, c.usd, cal.d, cal.t, cal.conv_mult,
                 b.budget_cents / 100.0 * least(1.6, c.util * (0.75 + 0.25 * cal.season) * cal.wk_ads * cal.tn_m
                   * exp(0.07 * nz2('mcd', c.idx * 100000 + cal.t)))
                   * CASE WHEN c.id = {sm['campaign_id']} AND cal.d = DATE '{sm['date']}' THEN {sm['multiplier']} ELSE 1 END
                   {restate} AS spend,
                 c.cpm_usd * c.usd AS cpm, c.ctr, c.cvr * (0.85 + 0.15 * cal.season) * cal.conv_mult AS cvr, c.aov_usd * c.usd AS aov,
                 {prog} AS prog
          FROM m_camp c
          JOIN cal ON cal.d >= c.start_d AND (c.end_d IS NULL OR cal.d < c.end_d) AND cal.d BETWEEN {ctx.lit(ctx.w0)} AND {ctx.lit(ctx.w1)}
          ASOF JOIN m_budget b ON b.campaign_id = c.id AND cal.d >= b.d
        ),
        dv(device, share, cvr_m) AS (VALUES ('mobile_app', 0.78, 0.9), ('mobile_web', 0.12, 0.85), ('desktop', 0.10, 1.5)),
        x AS (
          SELECT cd.d AS date, cd.t, a.account_id, a.campaign_id, a.adset_id, a.id AS ad_id, a.is_video, a.video_id, dv.device,
                 cd.spend * a.share * dv.share * exp(0.12 * nz4('mud', a.id, dv.device, cd.t)) AS spend,
                 cd.cpm * exp(0.05 * nz4('mum', a.id, dv.device, cd.t)) AS cpm,
                 cd.ctr * a.ctr_m * exp(0.07 * nz4('mut', a.id, dv.device, cd.t))
                   * CASE WHEN a.id = {fa['ad_id']} THEN 1 - (1 - {fa['ctr_multiplier_at_end']}) * cd.prog ELSE 1 END AS ctr,
                 cd.cvr * a.cvr_m * dv.cvr_m AS cvr, cd.aov,
                 CASE WHEN a.id = {fa['ad_id']} THEN {fa['frequency_from']} + ({fa['frequency_to']} - {fa['frequency_from']}) * cd.prog
                      ELSE a.freq END * exp(0.03 * nz4('muf', a.id, dv.device, cd.t)) AS freq
          FROM cd JOIN m_ad a ON a.campaign_id = cd.campaign_id, dv
        ),
        y AS (
          SELECT *, round(spend * 100)::BIGINT AS spend_cents, sround(spend / cpm * 1000, ad_id, date, 'mi' || device) AS impressions
          FROM x
        ),
        z AS (
          SELECT *, sround(impressions * ctr, ad_id, date, 'mc' || device) AS clicks FROM y WHERE impressions > 0
        ),
        w AS (
          SELECT *, sround(clicks * cvr + impressions * 0.00002, ad_id, date, 'mp' || device) AS purchases,
                 greatest(1, sround(impressions / freq, ad_id, date, 'mr' || device)) AS reach
          FROM z
        )
        SELECT date, t, account_id, campaign_id, adset_id, ad_id, is_video, video_id, device, impressions, clicks, spend_cents,
               reach, purchases,
               CASE WHEN purchases > 0 THEN round(purchases * aov * exp(0.12 * nz4('mpv', ad_id, device, t)) * 100)::BIGINT ELSE 0 END
                 AS value_cents,
               sround(clicks * 0.82, ad_id, date, 'mlp' || device) AS lpv,
               sround(clicks * 0.09, ad_id, date, 'mat' || device) AS atc,
               CASE WHEN is_video THEN sround(impressions * 0.24, ad_id, date, 'mvv' || device) ELSE 0 END AS video_plays
        FROM w
        """,
    )
    temp(
        ctx,
        "m_act",
        """
        SELECT date, ad_id, device, a.action_type, a.value, a.vcents FROM m_ad_day,
          LATERAL (VALUES ('link_click', clicks::DOUBLE, NULL::BIGINT), ('landing_page_view', lpv::DOUBLE, NULL),
                          ('offsite_conversion.fb_pixel_add_to_cart', atc::DOUBLE, NULL),
                          ('offsite_conversion.fb_pixel_purchase', purchases::DOUBLE, value_cents),
                          ('omni_purchase', purchases::DOUBLE, value_cents), ('video_view', video_plays::DOUBLE, NULL))
            a(action_type, value, vcents)
        WHERE a.value > 0
        """,
    )
    sync = ctx.synced_expr
    base = "impressions, clicks AS inline_link_clicks, spend_cents / 100.0 AS spend, reach, round(impressions / reach, 6) AS frequency, " \
           "round(spend_cents / 100.0 / nullif(clicks, 0), 6) AS cpc, round(spend_cents / 10.0 / nullif(impressions, 0), 6) AS cpm, " \
           "round(clicks * 100.0 / nullif(impressions, 0), 6) AS ctr"
    insert(
        ctx,
        "facebook_ads.ad_device_report",
        f"""SELECT date, account_id, campaign_id::VARCHAR AS campaign_id, adset_id::VARCHAR AS adset_id, ad_id::VARCHAR AS ad_id,
                   device AS device_platform, md5(ad_id::VARCHAR || device || date::VARCHAR) AS _fivetran_id, {base},
                   video_plays AS video_play_actions, {sync('date', 'ad_id')} AS _fivetran_synced
            FROM m_ad_day""",
    )
    for tbl, val in (("ad_device_report_actions", "value"), ("ad_device_report_action_values", "vcents / 100.0")):
        insert(
            ctx,
            f"facebook_ads.{tbl}",
            f"""SELECT date, ad_id::VARCHAR AS ad_id, device AS device_platform, {ACTION_COLS}, {sync('date', 'ad_id')} AS _fivetran_synced
                FROM (SELECT date, ad_id, device, action_type, {val} AS value, ad_id::VARCHAR || device || date::VARCHAR AS k
                      FROM m_act WHERE {'vcents IS NOT NULL' if 'values' in tbl else 'true'})""",
        )
    # prebuilt reports: sums over devices / ads; reach de-duplicated (not additive)
    temp(
        ctx,
        "m_ad_tot",
        """SELECT date, t, account_id, campaign_id, adset_id, ad_id, any_value(is_video) AS is_video, any_value(video_id) AS video_id,
                  sum(impressions) AS impressions, sum(clicks) AS clicks, sum(spend_cents) AS spend_cents,
                  greatest(1, round(sum(reach) * 0.93))::BIGINT AS reach, sum(purchases) AS purchases, sum(value_cents) AS value_cents,
                  sum(video_plays) AS video_plays
           FROM m_ad_day GROUP BY date, t, account_id, campaign_id, adset_id, ad_id""",
    )
    insert(
        ctx,
        "facebook_ads.basic_ad",
        f"""SELECT t.ad_id::VARCHAR AS ad_id, t.date, t.account_id, md5(t.ad_id::VARCHAR || t.date::VARCHAR) AS _fivetran_id,
                   a.name AS ad_name, a.adset_name, {base}, {sync('t.date', 't.ad_id')} AS _fivetran_synced
            FROM m_ad_tot t JOIN m_ad a ON a.id = t.ad_id""",
    )
    for tbl, val in (("basic_ad_actions", "sum(value)"), ("basic_ad_action_values", "sum(vcents) / 100.0")):
        insert(
            ctx,
            f"facebook_ads.{tbl}",
            f"""SELECT date, ad_id::VARCHAR AS ad_id, {ACTION_COLS}, {sync('date', 'ad_id')} AS _fivetran_synced
                FROM (SELECT date, ad_id, action_type, {val} AS value, ad_id::VARCHAR || date::VARCHAR AS k
                      FROM m_act WHERE {'vcents IS NOT NULL' if 'values' in tbl else 'true'} GROUP BY date, ad_id, action_type)""",
        )
    insert(
        ctx,
        "facebook_ads.basic_ad_set",
        f"""SELECT adset_id::VARCHAR AS adset_id, date, x.account_id, md5(adset_id::VARCHAR || date::VARCHAR) AS _fivetran_id,
                   s.name AS adset_name, c.name AS campaign_name, {base.replace('reach, ', 'reach, ')},
                   {sync('date', 'adset_id')} AS _fivetran_synced
            FROM (SELECT date, account_id, campaign_id, adset_id, sum(impressions) AS impressions, sum(clicks) AS clicks,
                         sum(spend_cents) AS spend_cents, greatest(1, round(sum(reach) * 0.88))::BIGINT AS reach
                  FROM m_ad_tot GROUP BY ALL) x
            JOIN m_adset s ON s.id = x.adset_id JOIN m_camp c ON c.id = x.campaign_id""",
    )
    temp(
        ctx,
        "m_camp_day",
        """SELECT date, t, account_id, campaign_id, sum(impressions) AS impressions, sum(clicks) AS clicks, sum(spend_cents) AS spend_cents,
                  greatest(1, round(sum(reach) * 0.85))::BIGINT AS reach, sum(purchases) AS purchases, sum(value_cents) AS value_cents,
                  u3('phb', campaign_id, t) AS ph
           FROM m_ad_tot GROUP BY ALL""",
    )
    insert(
        ctx,
        "facebook_ads.basic_campaign",
        f"""SELECT campaign_id::VARCHAR AS campaign_id, date, x.account_id, md5(campaign_id::VARCHAR || date::VARCHAR) AS _fivetran_id,
                   c.name AS campaign_name, {base}, {sync('date', 'campaign_id')} AS _fivetran_synced
            FROM m_camp_day x JOIN m_camp c ON c.id = x.campaign_id""",
    )
    demographics(ctx)
    video(ctx)
    reactions(ctx)


def _breakdown(ctx: Ctx, report: str, cells_sql: str, dims: list[str]) -> None:
    """Exact split of campaign-day totals over breakdown cells (w: delivery weight, wc: conversion weight)."""
    dcols = ", ".join(dims)
    temp(
        ctx,
        "m_bd",
        f"""
        WITH x AS (
          SELECT d.*, cl.*, (cl.bw * (0.85 + 0.3 * u4('mbw', d.campaign_id, {' || '.join(dims)}, d.t)) * 100)::BIGINT + 1 AS w
          FROM m_camp_day d, ({cells_sql}) cl
        ),
        y AS (SELECT *, (w * cf)::BIGINT + 1 AS wc FROM x),
        c AS (
          SELECT *, sum(w) OVER p AS cw, sum(w) OVER q AS sw, sum(wc) OVER p AS cwc, sum(wc) OVER q AS swc FROM y
          WINDOW p AS (PARTITION BY campaign_id, date ORDER BY ord), q AS (PARTITION BY campaign_id, date)
        )
        SELECT date, t, account_id, campaign_id, {dcols},
               {split('impressions', 'cw', 'w', 'sw')} AS impressions, {split('clicks', 'cw', 'w', 'sw')} AS clicks,
               {split('spend_cents', 'cw', 'w', 'sw')} AS spend_cents, {split('purchases', 'cwc', 'wc', 'swc')} AS purchases,
               {split('value_cents', 'cwc', 'wc', 'swc')} AS value_cents,
               greatest(1, round(reach * w / sw * 1.05))::BIGINT AS reach
        FROM c
        """,
    )
    sync = ctx.synced_expr
    insert(
        ctx,
        f"facebook_ads.{report}",
        f"""SELECT date, account_id, campaign_id::VARCHAR AS campaign_id, {dcols},
                   md5(campaign_id::VARCHAR || {' || '.join(dims)} || date::VARCHAR) AS _fivetran_id,
                   impressions, clicks AS inline_link_clicks, spend_cents / 100.0 AS spend, reach,
                   {sync('date', 'campaign_id')} AS _fivetran_synced
            FROM m_bd WHERE impressions > 0""",
    )
    for suffix, val, cond in (("actions", "purchases::DOUBLE", "purchases > 0"), ("action_values", "value_cents / 100.0", "value_cents > 0")):
        insert(
            ctx,
            f"facebook_ads.{report}_{suffix}",
            f"""SELECT date, campaign_id::VARCHAR AS campaign_id, {dcols}, {ACTION_COLS}, {sync('date', 'campaign_id')} AS _fivetran_synced
                FROM (SELECT date, campaign_id, {dcols}, a.action_type, {val} AS value,
                             campaign_id::VARCHAR || {' || '.join(dims)} || date::VARCHAR AS k
                      FROM m_bd, (VALUES ('offsite_conversion.fb_pixel_purchase'), ('omni_purchase')) a(action_type) WHERE {cond})""",
        )


def demographics(ctx: Ctx) -> None:
    hi, lo = ctx.inj["demographic_high_cpa"], ctx.inj["demographic_low_cpa"]
    cells = []
    k = 0
    for ai, a in enumerate(AGES):
        for gi, g in enumerate(GENDERS):
            bw = AGE_W[ai] * GENDER_W[gi] / 100.0
            if a == hi["age"] and g == hi["gender"]:
                bw *= 2.0  # meaningful spend
            cf = hi["conversion_weight"] if (a, g) == (hi["age"], hi["gender"]) else \
                lo["conversion_weight"] if (a, g) == (lo["age"], lo["gender"]) else f"(0.92 + 0.16 * u2('mdg', {k}))"
            cells.append(f"SELECT {k} AS ord, '{a}' AS age, '{g}' AS gender, {bw} AS bw, {cf} AS cf")
            k += 1
    _breakdown(ctx, "campaign_age_gender_report", " UNION ALL ".join(cells), ["age", "gender"])
    p = profile(ctx.tid)
    cells = [f"SELECT {i} AS ord, '{cc}' AS country, {w * 100} AS bw, (0.9 + 0.2 * u2('mcg', {i})) AS cf"
             for i, (cc, w) in enumerate(p["countries"])]
    _breakdown(ctx, "campaign_country_report", " UNION ALL ".join(cells), ["country"])


VIDEO_FIELDS = ["video_play_actions", "video_p25_watched_actions", "video_p50_watched_actions", "video_p75_watched_actions",
                "video_p95_watched_actions", "video_p100_watched_actions", "video_thruplay_watched_actions",
                "video_avg_time_watched_actions"]


def video(ctx: Ctx) -> None:
    vd = ctx.inj["video_dropoff"]
    temp(
        ctx,
        "m_vid",
        f"""
        SELECT t.date, t.t, t.account_id, t.ad_id, t.video_id, t.impressions, t.spend_cents, t.video_plays AS plays,
               CASE WHEN t.video_id = {vd['video_id']} THEN {vd['p25_retention']} ELSE v.r25 END
                 * exp(0.04 * nz3('mv25', t.ad_id, t.t)) AS r25, v.length
        FROM m_ad_tot t JOIN m_video v ON v.id = t.video_id WHERE t.is_video AND t.video_plays > 0
        """,
    )
    temp(
        ctx,
        "m_vid",
        """SELECT *, least(plays, sround(plays * r25, ad_id, date, 'p25')) AS p25 FROM m_vid""",
    )
    temp(
        ctx,
        "m_vid",
        """SELECT *, sround(p25 * 0.62, ad_id, date, 'p50') AS p50, sround(p25 * 0.62 * 0.7, ad_id, date, 'p75') AS p75,
                  sround(p25 * 0.62 * 0.7 * 0.72, ad_id, date, 'p95') AS p95, sround(p25 * 0.62 * 0.7 * 0.72 * 0.85, ad_id, date, 'p100') AS p100,
                  sround(p25 * 0.55, ad_id, date, 'thru') AS thru,
                  round(length * (0.12 + 0.5 * p25 / plays), 2) AS avg_time
           FROM m_vid""",
    )
    sync = ctx.synced_expr
    insert(
        ctx,
        "facebook_ads.ad_video_report",
        f"""SELECT date, account_id, ad_id::VARCHAR AS ad_id, md5('v' || ad_id::VARCHAR || date::VARCHAR) AS _fivetran_id,
                   impressions, spend_cents / 100.0 AS spend, {sync('date', 'ad_id')} AS _fivetran_synced FROM m_vid""",
    )
    cols = ["plays", "p25", "p50", "p75", "p95", "p100", "thru", "avg_time"]
    for field, col in zip(VIDEO_FIELDS, cols, strict=True):
        insert(
            ctx,
            f"facebook_ads.ad_video_report_{field}",
            f"""SELECT date, ad_id::VARCHAR AS ad_id, md5('{col}' || ad_id::VARCHAR || date::VARCHAR) AS _fivetran_id, 0 AS index,
                       'video_view' AS action_type, {col}::DOUBLE AS value, NULL::DOUBLE AS _1_d_view, NULL::DOUBLE AS _7_d_click,
                       NULL::DOUBLE AS inline, {sync('date', 'ad_id')} AS _fivetran_synced
                FROM m_vid WHERE {col} > 0""",
        )


def reactions(ctx: Ctx) -> None:
    sync = ctx.synced_expr
    temp(
        ctx,
        "m_react",
        """SELECT t.date, t.account_id, t.ad_id, t.impressions, r.reaction, r.i,
                  sround(t.impressions * 0.0025 * r.share * exp(0.2 * nz3('mrx', t.ad_id, t.t)), t.ad_id, t.date, 'r' || r.reaction) AS n
           FROM m_ad_tot t, (VALUES ('like', 0, 0.72), ('love', 1, 0.16), ('haha', 2, 0.04), ('wow', 3, 0.04), ('sad', 4, 0.02),
                                    ('angry', 5, 0.02)) r(reaction, i, share)""",
    )
    insert(
        ctx,
        "facebook_ads.ad_reactions_report",
        f"""SELECT date, account_id, ad_id::VARCHAR AS ad_id, reaction AS action_reaction,
                   md5('r' || ad_id::VARCHAR || reaction || date::VARCHAR) AS _fivetran_id, impressions,
                   {sync('date', 'ad_id')} AS _fivetran_synced FROM m_react WHERE n > 0""",
    )
    insert(
        ctx,
        "facebook_ads.ad_reactions_report_actions",
        f"""SELECT date, ad_id::VARCHAR AS ad_id, reaction AS action_reaction,
                   md5('ra' || ad_id::VARCHAR || reaction || date::VARCHAR) AS _fivetran_id, 0 AS index,
                   'post_reaction' AS action_type, n::DOUBLE AS value, NULL::DOUBLE AS _1_d_view, n::DOUBLE AS _7_d_click,
                   NULL::DOUBLE AS inline, {sync('date', 'ad_id')} AS _fivetran_synced FROM m_react WHERE n > 0""",
    )
