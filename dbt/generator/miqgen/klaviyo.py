"""klaviyo: metrics, persons (with PII), lists and segments as History Mode intervals, campaigns, flows, templates, and
the event stream (Received/Opened/Clicked/Bounced/Unsubscribed/Spam/Placed Order, SMS) generated set-based from sends.

Persons are numbered in order of creation, so "the persons that exist on day d" is a prefix of the numbering."""

from __future__ import annotations

import itertools
import math
import time
from datetime import timedelta

from miqgen.catalog import FIRST_NAMES, LAST_NAMES, profile, sql_list
from miqgen.core import USD_VALUE, Ctx, insert, q, temp

METRICS = ["Received Email", "Opened Email", "Clicked Email", "Bounced Email", "Unsubscribed", "Marked Email as Spam",
           "Placed Order", "Received SMS", "Clicked SMS", "Unsubscribed from SMS", "Subscribed to List", "Started Checkout"]
LISTS = [  # name, join probability, yearly churn hazard, kind
    ("Newsletter", 0.9, 0.10, "email"), ("SMS Subscribers", 0.3, 0.12, "sms"), ("Customers", 0.35, 0.03, "email"),
    ("Spring Promo Signups", 0.25, 0.0, "churn"), ("VIP Early Access", 0.08, 0.05, "email"),
    ("Garden Tips Weekly", 0.4, 0.08, "email"),
]
STATIC_SEGMENTS = [("All customers", 0.35), ("Vegetable growers", 0.3), ("Flower growers", 0.25), ("Herb growers", 0.2),
                   ("Main-market subscribers", 0.8), ("SMS consented", 0.3), ("Never purchased", 0.6), ("VIP Customers", 0.06)]
DYNAMIC_SEGMENTS = [("Engaged 30 days", 0.3), ("Engaged 90 days", 0.22), ("Recent purchasers 60 days", 0.05),
                    ("Cart abandoners 30 days", 0.08), ("Winback candidates", 0.05)]
FLOWS = [  # name, trigger type, [(message name, channel, delay hours)], daily trigger rate per existing person
    ("Welcome Series", "Added to List", [("Welcome 1: Hello", "email", 0), ("Welcome 2: Our story", "email", 48),
                                         ("Welcome 3: Best sellers", "email", 120)], None),
    ("Abandoned Cart", "Metric", [("Cart reminder", "email", 4), ("Cart last call", "email", 26)], 0.004),
    ("Browse Abandonment", "Metric", [("Still looking?", "email", 2)], 0.005),
    ("Post-Purchase", "Metric", [("Thank you", "email", 72), ("How is it growing?", "email", 336)], 0.0014),
    ("Winback", "Segment", [("We miss you", "email", 0)], 0.0008),
    ("SMS Welcome", "Added to List", [("SMS welcome", "sms", 0)], None),
]
SUBJECTS = ["New arrivals are here", "Last chance: {t} sale", "Our {t} guide", "Staff picks: {t}", "{t} restocked",
            "Free shipping this weekend", "5 tips for {t}", "Just for you: {t}", "Weekly digest", "Back in stock: {t}"]


def _tok(expr: str, n: int = 26) -> str:
    return f"upper(substr(md5({expr}), 1, {n}))"


def entities(ctx: Ctx) -> None:
    """Everything but events: written in full on generate (and rewritten on append, for memberships)."""
    p = profile(ctx.tid)
    n = ctx.n(400000, 400)
    n_old = int(n * 0.6)
    horizon = (ctx.gen_end - ctx.start).days + 60
    seedt = f"'{ctx.seed}{ctx.tid}'"
    first, last = sql_list(FIRST_NAMES), sql_list(LAST_NAMES)
    countries = sql_list([c for c, _ in p["countries"]])
    cw = sql_list([w for _, w in p["countries"]])
    temp(
        ctx,
        "k_person",
        f"""
        WITH x AS (
          SELECT i::INT AS idx,
                 CASE WHEN i < {n_old} THEN {ctx.lit(ctx.start)}::TIMESTAMP - INTERVAL 1500 DAY + to_seconds((i / {n_old} * 1500 * 86400)::BIGINT)
                      ELSE {ctx.lit(ctx.start)}::TIMESTAMP + to_seconds((pow((i - {n_old}) / {n - n_old}, 0.8) * {horizon} * 86400)::BIGINT)
                 END AS created
          FROM range({n}) r(i)
        )
        SELECT idx, '01' || {_tok(f"{seedt} || 'p' || idx::VARCHAR", 24)} AS id, created,
               list_element({first}, (hash({ctx.seed}, 'kf', idx) % len({first}))::INT + 1) AS first_name,
               list_element({last}, (hash({ctx.seed}, 'kl', idx) % len({last}))::INT + 1) AS last_name,
               u2('kc', idx) AS uc, u2('kph', idx) < 0.4 AS has_phone,
               0.6 + 0.8 * u2('keng', idx) AS engagement
        FROM x WHERE created < {ctx.lit(ctx.end + timedelta(days=1))}
        """,
    )
    # country by cumulative weight
    temp(
        ctx,
        "k_person",
        f"""SELECT p.*, coalesce(list_element({countries}, (SELECT min(j) FROM range(1, len({cw}) + 1) r(j)
                      WHERE list_sum(list_slice({cw}, 1, j)) >= p.uc * list_sum({cw}))::INT), {countries}[1]) AS country
            FROM k_person p""",
    )
    temp(ctx, "k_pcount", "SELECT created::DATE AS d, max(idx) + 1 AS n FROM k_person GROUP BY 1")
    temp(
        ctx,
        "k_metric",
        f"""SELECT i::INT AS i, name, {_tok(f"{seedt} || 'm' || name", 6)} AS id FROM
            (SELECT i, list_element({sql_list(METRICS)}, i::INT + 1) AS name FROM range({len(METRICS)}) r(i))""",
    )
    temp(
        ctx,
        "k_list",
        "SELECT * FROM (VALUES " + ", ".join(
            f"({i}, '{nm}', {pj}, {hz}, '{kd}', {_tok(f'{seedt} || ' + q('l' + nm), 6)})" for i, (nm, pj, hz, kd) in enumerate(LISTS)
        ) + ") v(i, name, pjoin, hazard, kind, id)",
    )
    eg = ctx.lit(ctx.gen_end)
    end_excl = f"{ctx.lit(ctx.end + timedelta(days=1))}::TIMESTAMP"
    temp(
        ctx,
        "k_lm",
        f"""
        WITH j AS (
          SELECT l.id AS list_id, l.i, l.kind, l.hazard, p.idx, p.id AS person_id,
                 CASE WHEN l.kind = 'churn' THEN p.created + INTERVAL 1 HOUR
                      WHEN l.i = 2 THEN p.created + to_seconds((u3('kcust', p.idx, 1) * 200 * 86400)::BIGINT)
                      ELSE p.created + to_seconds((u3('kjo', p.idx, l.i) * 3600)::BIGINT) END AS s
          FROM k_person p, k_list l
          WHERE u3('kj', p.idx, l.i) < l.pjoin
            AND (l.kind <> 'churn' OR p.created < {ctx.lit(ctx.start + timedelta(days=120))})
        ),
        e AS (
          SELECT *, CASE
                 WHEN kind = 'churn' AND u3('kch', idx, i) < 0.55 THEN {eg}::TIMESTAMP - to_seconds((u3('kce', idx, i) * 120 * 86400)::BIGINT)
                 WHEN kind = 'churn' THEN NULL
                 ELSE s + to_seconds((-ln(greatest(u3('kh', idx, i), 1e-9)) / hazard * 365 * 86400)::BIGINT) END AS e
          FROM j
        ),
        r AS (  -- 15% of leavers come back 30-200 days later
          SELECT list_id, i, kind, hazard, idx, person_id, s, e FROM e
          UNION ALL
          SELECT list_id, i, kind, hazard, idx, person_id, e + to_seconds(((30 + u3('kr', idx, i) * 170) * 86400)::BIGINT), NULL
          FROM e WHERE e IS NOT NULL AND kind <> 'churn' AND u3('krb', idx, i) < 0.15
        )
        SELECT list_id, i, person_id, idx, s, e FROM r WHERE s < {end_excl} AND (e IS NULL OR e > s)
        """,
    )
    temp(
        ctx,
        "k_segment",
        "SELECT * FROM (VALUES " + ", ".join(
            f"({i}, '{nm}', {pj}, {str(i >= len(STATIC_SEGMENTS)).lower()}, {_tok(f'{seedt} || ' + q('s' + nm), 6)})"
            for i, (nm, pj) in enumerate(STATIC_SEGMENTS + DYNAMIC_SEGMENTS)
        ) + ") v(i, name, p, dynamic, id)",
    )
    vip = len(STATIC_SEGMENTS) - 1
    sc = ctx.inj.setdefault("segment_change", {
        "kind": "segment_change", "platform": "klaviyo", "segment_name": STATIC_SEGMENTS[vip][0],
        "date": str(ctx.gen_end - timedelta(days=21)), "removed_share": 0.4})
    sc_ts = f"DATE '{sc['date']}'::TIMESTAMP + INTERVAL 3 HOUR"
    periods = (ctx.gen_end - ctx.start).days // 30 + 4
    temp(
        ctx,
        "k_sm",
        f"""
        WITH st AS (
          SELECT s.id AS segment_id, s.i, p.idx, p.id AS person_id,
                 p.created + to_seconds(((1 + u3('kso', p.idx, s.i) * 60) * 86400)::BIGINT) AS s,
                 CASE WHEN s.name = 'Never purchased' AND u3('knp', p.idx, 0) < 0.35
                        THEN p.created + to_seconds(((61 + u3('knpe', p.idx, 0) * 400) * 86400)::BIGINT)
                      WHEN u3('ksl', p.idx, s.i) < 0.2
                        THEN p.created + to_seconds(((61 + u3('ksle', p.idx, s.i) * 700) * 86400)::BIGINT) END AS e
          FROM k_person p, k_segment s WHERE NOT s.dynamic AND u3('ksj', p.idx, s.i) < s.p
        ),
        st2 AS (  -- the injected drop: 30% of the segment's members leave on one day
          SELECT segment_id, i, idx, person_id, s,
                 CASE WHEN i = {vip} AND s < {sc_ts} AND (e IS NULL OR e > {sc_ts}) AND u3('kvip', idx, 0) < {sc['removed_share']}
                      THEN {sc_ts} + to_seconds((u3('kvipt', idx, 0) * 3 * 3600)::BIGINT) ELSE e END AS e
          FROM st
        ),
        dy AS (
          SELECT s.id AS segment_id, s.i, p.idx, p.id AS person_id,
                 {ctx.lit(ctx.start)}::TIMESTAMP + to_seconds((((r.k - 3) * 30 + u4('kds', p.idx, s.i, r.k) * 5) * 86400)::BIGINT) AS s,
                 {ctx.lit(ctx.start)}::TIMESTAMP + to_seconds((((r.k - 3) * 30 + 27 - u4('kde', p.idx, s.i, r.k) * 3) * 86400)::BIGINT) AS e
          FROM k_person p, k_segment s, range({periods}) r(k)
          WHERE s.dynamic AND u4('kdj', p.idx, s.i, r.k) < s.p * p.engagement
        )
        SELECT segment_id, i, person_id, idx, s, e FROM st2 WHERE s < {end_excl} AND (e IS NULL OR e > s)
        UNION ALL
        SELECT dy.segment_id, dy.i, dy.person_id, dy.idx, greatest(dy.s, p.created), dy.e FROM dy JOIN k_person p ON p.idx = dy.idx
        WHERE dy.s < {end_excl} AND dy.e > p.created
        """,
    )
    # lists: churn and growth situations for the manifest
    ctx.inj.setdefault("list_churn", {"kind": "list_churn", "platform": "klaviyo", "list_name": "Spring Promo Signups",
                                      "date_from": str(ctx.gen_end - timedelta(days=120)), "date_to": str(ctx.gen_end)})
    ctx.inj.setdefault("list_growth", {"kind": "list_growth", "platform": "klaviyo", "list_name": "Newsletter",
                                       "date_from": str(ctx.start), "date_to": str(ctx.gen_end)})
    for key in ("list_churn", "list_growth"):
        ctx.inj[key]["list_id"] = ctx.con.execute(f"SELECT id FROM k_list WHERE name = {q(ctx.inj[key]['list_name'])}").fetchone()[0]
    ctx.inj["segment_change"]["segment_id"] = ctx.con.execute(
        f"SELECT id FROM k_segment WHERE name = {q(sc['segment_name'])}").fetchone()[0]
    # templates, campaigns (Tue/Thu email, Sat SMS), flows
    temp(
        ctx,
        "k_template",
        f"""SELECT i::INT AS i, {_tok(f"{seedt} || 'tpl' || i::VARCHAR", 6)} AS id,
                   ['Classic newsletter', 'Product grid', 'Single hero', 'Plain text', 'Seasonal promo', 'Story layout',
                    'Flow: welcome', 'Flow: cart', 'Flow: browse', 'Flow: post-purchase', 'Flow: winback', 'SMS text'][i + 1] AS name
            FROM range(12) r(i)""",
    )
    themes = sql_list(p["themes"])
    subjects = sql_list(SUBJECTS)
    temp(
        ctx,
        "k_campaign",
        f"""
        SELECT cal.d, cal.t, {_tok(f"{seedt} || 'c' || cal.d::VARCHAR", 26)} AS id,
               CASE WHEN cal.dow = 6 THEN 'sms' ELSE 'email' END AS channel,
               replace(list_element({subjects}, (hash({ctx.seed}, 'ksub', cal.t) % len({subjects}))::INT + 1), '{{t}}',
                       list_element({themes}, (hash({ctx.seed}, 'kth', cal.t) % len({themes}))::INT + 1)) AS subject,
               [9, 10, 14, 18][(hash({ctx.seed}, 'khr', cal.t) % 4)::INT + 1] AS send_hour,
               CASE WHEN cal.dow = 6 THEN 11 ELSE (hash({ctx.seed}, 'ktp', cal.t) % 6)::INT END AS tpl_i,
               CASE WHEN cal.dow = 6 THEN 1.0 ELSE 0.55 + 0.4 * u2('kfr', cal.t) END AS frac,
               (0.36 + 0.06 * u2('kop', cal.t)) AS p_open, 0.1 + 0.03 * u2('kcl', cal.t) AS p_click,
               0.0025 * (0.8 + 0.4 * u2('kun', cal.t)) AS p_unsub
        FROM cal WHERE cal.dow IN (2, 4, 6, 7) AND cal.d >= {ctx.lit(ctx.start)}
        """,
    )
    if "email_low_open_rate" not in ctx.inj:
        for key, kind, days, field, mult in (("email_low_open_rate", "email_low_open_rate", 9, "p_open", 0.4),
                                             ("unsubscribe_spike", "unsubscribe_spike", 16, "p_unsub", 6.0)):
            row = ctx.con.execute(
                f"""SELECT id, d, subject FROM k_campaign WHERE channel = 'email' AND d <= {ctx.lit(ctx.gen_end - timedelta(days=days))}
                    ORDER BY d DESC LIMIT 1"""
            ).fetchone()
            ctx.inj[key] = {"kind": kind, "platform": "klaviyo", "campaign_id": row[0], "date": str(row[1]), "subject": row[2],
                            "field": field, "multiplier": mult}
    lo, us = ctx.inj["email_low_open_rate"], ctx.inj["unsubscribe_spike"]
    temp(
        ctx,
        "k_campaign",
        f"""SELECT * REPLACE (
                 CASE WHEN id = {q(lo['campaign_id'])} THEN p_open * {lo['multiplier']} ELSE p_open END AS p_open,
                 CASE WHEN id = {q(us['campaign_id'])} THEN p_unsub * {us['multiplier']} ELSE p_unsub END AS p_unsub)
            FROM k_campaign""",
    )
    fl_rows, fm_rows = [], []
    for fi, (name, trig, msgs, _) in enumerate(FLOWS):
        fl_rows.append(f"({fi}, {q(name)}, {q(trig)}, {_tok(f'{seedt} || ' + q('f' + name), 6)})")
        for mi, (mname, ch, delay) in enumerate(msgs):
            fm_rows.append(f"({fi}, {mi}, {q(mname)}, '{ch}', {delay}, {_tok(f'{seedt} || ' + q('fm' + name + mname), 6)})")
    temp(ctx, "k_flow", f"SELECT * FROM (VALUES {', '.join(fl_rows)}) v(fi, name, trigger_type, id)")
    temp(ctx, "k_fmsg", f"SELECT * FROM (VALUES {', '.join(fm_rows)}) v(fi, mi, name, channel, delay_h, id)")
    if "flow_rpr_drop" not in ctx.inj:
        # Both situations cover the last 30 days (gen_end - 29 .. gen_end), the window the lifecycle agent compares with
        # the 30 days before; their size is set from the tenant's volume so that sampling noise cannot hide them.
        d_from = ctx.gen_end - timedelta(days=FLOW_WINDOW - 1)
        ctx.inj["flow_rpr_drop"] = {"kind": "flow_rpr_drop", "platform": "klaviyo", "flow_name": "Abandoned Cart",
                                    "date_from": str(d_from), "order_rate_multiplier": _rpr_multiplier(ctx, d_from)}
        ctx.inj["flow_step_bounces"] = {"kind": "flow_step_bounces", "platform": "klaviyo", "flow_name": "Welcome Series",
                                        "flow_message_name": "Welcome 2: Our story", "date_from": str(d_from),
                                        "bounce_rate": _step_bounce_rate(ctx, d_from)}
        for key in ("flow_rpr_drop", "flow_step_bounces"):
            ctx.inj[key]["flow_id"] = ctx.con.execute(f"SELECT id FROM k_flow WHERE name = {q(ctx.inj[key]['flow_name'])}").fetchone()[0]
        ctx.inj["flow_step_bounces"]["flow_message_id"] = ctx.con.execute(
            "SELECT m.id FROM k_fmsg m JOIN k_flow f USING (fi) WHERE f.name = 'Welcome Series' AND m.mi = 1").fetchone()[0]


FLOW_WINDOW = 30  # days of the flow situations' window (and of the period before it)


def _poisson_pmf(mu: float, count: int) -> list[float]:
    """P(X = i) for i < count, X ~ Poisson(mu), mu > 0."""
    return [math.exp(i * math.log(mu) - mu - math.lgamma(i + 1)) for i in range(count)]


def _rpr_multiplier(ctx: Ctx, d_from) -> float:
    """Order-rate multiplier of the Abandoned Cart drop: 0.45, or lower for a tenant whose flow has so few orders that
    the window's revenue per recipient could stay above 0.7 of the previous window by chance. The previous window's
    expected orders n come from the flow's trigger rate (as in `events`) and its message rates (as in `dims`); the
    multiplier m is the largest of 0.45, 0.44, ... for which P(orders now >= 0.6 x orders before) < 0.2 %, orders
    Poisson(m n) and Poisson(n) (0.6, not 0.7: order values vary, sigma 0.35 in logs)."""
    rate = next(r for name, _, _, r in FLOWS if name == "Abandoned Cart")
    triggers = ctx.con.execute(
        f"""SELECT sum(pc.n * {rate} * (0.7 + 0.3 * cal.season) * cal.wk_web) FROM cal ASOF JOIN k_pcount pc ON cal.d >= pc.d
            WHERE cal.d BETWEEN {ctx.lit(d_from - timedelta(days=FLOW_WINDOW))} AND {ctx.lit(d_from - timedelta(days=1))}"""
    ).fetchone()[0] or 0.0
    # two messages; an order needs an open (0.55) and then a click (0.25) and p_order 0.3, or p_order x 0.04 without
    n = max(1.0, 2 * triggers * 0.55 * (0.25 * 0.3 + 0.3 * 0.04))
    kmax = int(n * 4) + 20
    prev = _poisson_pmf(n, kmax)
    m = 0.45
    while m > 0.05:
        cdf = list(itertools.accumulate(_poisson_pmf(m * n, math.ceil(0.6 * kmax) + 1)))  # cdf[j] = P(now <= j)
        miss = sum(pk * max(0.0, 1.0 - cdf[math.ceil(0.6 * k) - 1]) for k, pk in enumerate(prev) if k > 0)
        if miss < 0.002:
            break
        m = round(m - 0.01, 2)
    return m


def _step_bounce_rate(ctx: Ctx, d_from) -> float:
    """Bounce rate of the broken Welcome step: 0.09, or more for a tenant with few list joins, so that the flow's
    bounce rate over the window stays above 2 % (the lifecycle agent's floor) with ~3 standard deviations to spare:
    expected step bounces b with b - 3 sqrt(b) >= 0.05 x sends + 1 (the flow's 3 messages, 2 of them at 0.5 %)."""
    joins = ctx.con.execute(
        f"""SELECT count(*) FROM k_lm m JOIN k_list l ON l.id = m.list_id WHERE l.name = 'Newsletter'
            AND m.s >= {ctx.lit(ctx.start)}::TIMESTAMP
            AND (m.s + INTERVAL 48 HOUR)::DATE BETWEEN {ctx.lit(d_from)} AND {ctx.lit(ctx.gen_end)}"""
    ).fetchone()[0]
    need = 0.05 * max(joins, 1) + 1
    root = (3 + math.sqrt(9 + 4 * need)) / 2
    return round(min(0.5, max(0.09, root * root / max(joins, 1))), 3)


def dims(ctx: Ctx, replace: bool = False) -> None:
    """Write the Klaviyo dimension / membership tables (on append: rewritten as of the new end date)."""
    sync = ctx.sync_ts
    if replace:
        for t in ("metric", "person", "list", "list_person", "segment", "segment_person", "campaign", "campaign_message", "flow",
                  "flow_action", "flow_message", "email_template"):
            ctx.con.execute(f"DELETE FROM klaviyo.{t}")
    seedt = f"'{ctx.seed}{ctx.tid}'"
    domain = ["example.com", "example.org", "example.net"]
    insert(ctx, "klaviyo.metric", f"""SELECT id, name, CASE WHEN name IN ('Placed Order', 'Started Checkout') THEN 'Shopify' ELSE 'Klaviyo' END
                                          AS integration_name, CASE WHEN name IN ('Placed Order', 'Started Checkout') THEN 'ecommerce'
                                          ELSE 'email' END AS integration_category,
                                          TIMESTAMP '{ctx.start - timedelta(days=1600)} 00:00:00' AS created,
                                          TIMESTAMP '{ctx.start - timedelta(days=1600)} 00:00:00' AS updated, false AS _fivetran_deleted,
                                          {sync} AS _fivetran_synced FROM k_metric""")
    insert(
        ctx,
        "klaviyo.person",
        f"""SELECT id, lower(first_name) || '.' || lower(last_name) || idx::VARCHAR || '@'
                       || list_element({sql_list(domain)}, (idx % 3)::INT + 1) AS email,
                   CASE WHEN has_phone THEN '+1555' || lpad((hash({ctx.seed}, 'kphn', idx) % 10000000)::VARCHAR, 7, '0') END AS phone_number,
                   first_name, last_name, NULL AS organization, NULL AS title,
                   (1 + hash({ctx.seed}, 'kad', idx) % 9000)::VARCHAR || ' ' || list_element(['Oak', 'Maple', 'Cedar', 'Birch', 'Elm'],
                       (idx % 5)::INT + 1) || ' Street' AS address_1, NULL AS address_2,
                   list_element(['Springfield', 'Riverside', 'Fairview', 'Greenville', 'Lakeside'], (hash({ctx.seed}, 'kcity', idx) % 5)::INT + 1)
                     AS city, NULL AS region, country, lpad((hash({ctx.seed}, 'kzip', idx) % 99999)::VARCHAR, 5, '0') AS zip,
                   {q(ctx.tenant['time_zone'])} AS timezone, NULL::DOUBLE AS latitude, NULL::DOUBLE AS longitude,
                   created, created + INTERVAL 1 DAY AS updated, NULL::TIMESTAMP AS last_event_date, false AS _fivetran_deleted,
                   least(created + INTERVAL 1 DAY, {sync}) AS _fivetran_synced
            FROM k_person""",
    )
    insert(ctx, "klaviyo.list", f"""SELECT id, name, CASE WHEN name = 'SMS Subscribers' THEN 'single_opt_in' ELSE 'double_opt_in' END
                                        AS opt_in_process, TIMESTAMP '{ctx.start - timedelta(days=1500)} 00:00:00' AS created,
                                        {sync} - INTERVAL 1 DAY AS updated, false AS _fivetran_deleted, {sync} AS _fivetran_synced FROM k_list""")
    end_excl = f"{ctx.lit(ctx.end + timedelta(days=1))}::TIMESTAMP"
    hm = f"""s AS _fivetran_start,
             CASE WHEN e IS NULL OR e >= {end_excl} THEN TIMESTAMP '9999-12-31 23:59:59' ELSE e END AS _fivetran_end,
             e IS NULL OR e >= {end_excl} AS _fivetran_active,
             CASE WHEN e IS NULL OR e >= {end_excl} THEN s ELSE e END + INTERVAL 20 MINUTE AS _fivetran_synced"""
    insert(ctx, "klaviyo.list_person", f"SELECT list_id, person_id, {hm} FROM k_lm")
    insert(ctx, "klaviyo.segment", f"""SELECT id, name, CASE WHEN dynamic THEN 'engagement-based' ELSE 'profile property' END || ': ' || name
                                           AS definition, true AS is_active, i = 0 AS is_starred,
                                           TIMESTAMP '{ctx.start - timedelta(days=1000)} 00:00:00' AS created, {sync} - INTERVAL 1 DAY AS updated,
                                           false AS _fivetran_deleted, {sync} AS _fivetran_synced FROM k_segment""")
    insert(ctx, "klaviyo.segment_person", f"SELECT segment_id, person_id, {hm} FROM k_sm")
    insert(ctx, "klaviyo.email_template", f"""SELECT id, name, CASE WHEN i = 3 THEN 'CODE' ELSE 'DRAG_AND_DROP' END AS editor_type,
                                                  '<html><body><h1>' || name || '</h1></body></html>' AS html, name AS text,
                                                  TIMESTAMP '{ctx.start - timedelta(days=800)} 00:00:00' AS created,
                                                  TIMESTAMP '{ctx.start - timedelta(days=100)} 00:00:00' AS updated,
                                                  false AS _fivetran_deleted, {sync} AS _fivetran_synced FROM k_template""")
    camp = f"""SELECT c.*, t.id AS template_id, c.d::TIMESTAMP + to_hours(c.send_hour) AS send_ts FROM k_campaign c
               JOIN k_template t ON t.i = c.tpl_i WHERE c.d <= {ctx.lit(ctx.end)}"""
    insert(
        ctx,
        "klaviyo.campaign",
        f"""SELECT id, strftime(d, '%Y-%m-%d') || ' ' || subject AS name, 'Sent' AS status, 'Sent' AS status_label, 'Regular' AS campaign_type,
                   channel, CASE WHEN channel = 'email' THEN subject END AS subject,
                   'hello@' || {q(ctx.tid)} || '.example' AS from_email, {q(ctx.tenant['name'])} AS from_name, template_id AS email_template_id,
                   send_ts AS send_time, send_ts + INTERVAL 4 MINUTE AS sent_at, send_ts AS scheduled,
                   send_ts - INTERVAL 3 DAY AS created, send_ts + INTERVAL 1 HOUR AS updated, false AS archived, false AS _fivetran_deleted,
                   least(send_ts + INTERVAL 2 HOUR, {sync}) AS _fivetran_synced
            FROM ({camp})""",
    )
    insert(
        ctx,
        "klaviyo.campaign_message",
        f"""SELECT {_tok(f"{seedt} || 'cm' || id", 26)} AS id, id AS campaign_id, subject AS label, channel,
                   CASE WHEN channel = 'email' THEN subject END AS content_subject, 'Read more inside' AS content_preview_text,
                   'hello@' || {q(ctx.tid)} || '.example' AS content_from_email, {q(ctx.tenant['name'])} AS content_from_label,
                   template_id, '[{{"datetime":"' || strftime(send_ts, '%Y-%m-%dT%H:%M:%S') || '"}}]' AS send_times,
                   send_ts - INTERVAL 3 DAY AS created, send_ts + INTERVAL 1 HOUR AS updated, false AS _fivetran_deleted,
                   least(send_ts + INTERVAL 2 HOUR, {sync}) AS _fivetran_synced
            FROM ({camp})""",
    )
    created = f"TIMESTAMP '{ctx.start - timedelta(days=700)} 10:00:00'"
    insert(ctx, "klaviyo.flow", f"""SELECT id, name, 'live' AS status, trigger_type, false AS archived, {created} AS created,
                                        {created} + INTERVAL 30 DAY AS updated, false AS _fivetran_deleted, {sync} AS _fivetran_synced FROM k_flow""")
    insert(
        ctx,
        "klaviyo.flow_action",
        f"""SELECT {_tok(f"{seedt} || 'fa' || m.id", 8)} AS id, f.id AS flow_id,
                   CASE WHEN m.channel = 'sms' THEN 'SEND_SMS' ELSE 'SEND_EMAIL' END AS action_type, 'live' AS status,
                   '{{"delay_hours":' || m.delay_h::VARCHAR || '}}' AS settings, {created} AS created, {created} + INTERVAL 30 DAY AS updated,
                   false AS _fivetran_deleted, {sync} AS _fivetran_synced
            FROM k_fmsg m JOIN k_flow f USING (fi)""",
    )
    insert(
        ctx,
        "klaviyo.flow_message",
        f"""SELECT m.id, {_tok(f"{seedt} || 'fa' || m.id", 8)} AS flow_action_id, f.id AS flow_id, m.name, m.channel,
                   CASE WHEN m.channel = 'email' THEN m.name END AS content_subject,
                   'hello@' || {q(ctx.tid)} || '.example' AS content_from_email,
                   (SELECT id FROM k_template WHERE i = 6 + least(m.fi, 4)) AS template_id,
                   {created} AS created, {created} + INTERVAL 30 DAY AS updated, false AS _fivetran_deleted, {sync} AS _fivetran_synced
            FROM k_fmsg m JOIN k_flow f USING (fi)""",
    )


def events(ctx: Ctx) -> None:
    """Events whose time falls in [w0, w1]; sends start up to 4 days earlier (opens and orders trail the send).
    Sends are kept compact (integer keys, flags drawn once); strings are joined in only when the events are written."""
    p = profile(ctx.tid)
    ccy = ctx.accounts("klaviyo")[0]["currency"]
    aov = p["aov_usd"] * USD_VALUE[ccy]
    s0 = ctx.w0 - timedelta(days=4)
    win = f"BETWEEN {ctx.lit(s0)} AND {ctx.lit(ctx.w1)}"
    end_ts = f"{ctx.lit(ctx.end + timedelta(days=1))}::TIMESTAMP"
    rpr, fb = ctx.inj["flow_rpr_drop"], ctx.inj["flow_step_bounces"]
    nl = "(SELECT id FROM k_list WHERE name = 'Newsletter')"
    sms = "(SELECT id FROM k_list WHERE name = 'SMS Subscribers')"
    flow_rates = ", ".join(f"({fi}, {rate})" for fi, (_, _, _, rate) in enumerate(FLOWS) if rate is not None)
    temp(
        ctx,
        "k_fm",
        f"""SELECT m.fi * 10 + m.mi AS fmi, m.fi, m.delay_h, m.channel = 'sms' AS is_sms, f.name AS flow_name, f.id AS flow_id,
                   m.id AS flow_message_id,
                   CASE WHEN f.name = 'Abandoned Cart' THEN 0.55 ELSE 0.45 END AS p_open,
                   CASE WHEN f.name = 'Abandoned Cart' THEN 0.25 ELSE 0.14 END AS p_click,
                   CASE f.name WHEN 'Abandoned Cart' THEN 0.3 WHEN 'Browse Abandonment' THEN 0.05 WHEN 'Welcome Series' THEN 0.08
                        WHEN 'Post-Purchase' THEN 0.04 ELSE 0.05 END AS p_order
            FROM k_fmsg m JOIN k_flow f USING (fi)""",
    )
    t0 = time.perf_counter()
    temp(
        ctx,
        "k_send",
        f"""
        WITH camp AS (
          SELECT c.t, c.channel = 'sms' AS is_sms, c.frac, c.p_open, c.p_click, c.p_unsub, c.d::TIMESTAMP + to_hours(c.send_hour) AS ts,
                 CASE WHEN c.channel = 'sms' THEN {sms} ELSE {nl} END AS list_id
          FROM k_campaign c WHERE c.d {win}
        ),
        cs AS (
          SELECT c.t AS cidx, NULL::INT AS fmi, c.is_sms, m.idx, c.ts + to_seconds((u3('kst', m.idx, c.t) * 1200)::BIGINT) AS ts,
                 c.p_open, c.p_click, c.p_unsub, 0.006 AS p_bounce, 0.06 AS p_order
          FROM camp c JOIN k_lm m ON m.list_id = c.list_id AND m.s <= c.ts AND (m.e IS NULL OR m.e > c.ts)
          WHERE u3('ksamp', m.idx, c.t) < c.frac
        ),
        trig_join AS (  -- list-join flows: welcome (newsletter) and SMS welcome
          SELECT f.fi, m.idx, m.s AS ts0 FROM k_lm m
          JOIN k_flow f ON (f.name = 'Welcome Series' AND m.list_id = {nl}) OR (f.name = 'SMS Welcome' AND m.list_id = {sms})
          WHERE m.s::DATE BETWEEN {ctx.lit(s0 - timedelta(days=6))} AND {ctx.lit(ctx.w1)} AND m.s >= {ctx.lit(ctx.start)}::TIMESTAMP
        ),
        fr(fi, rate) AS (VALUES {flow_rates}),
        trig_metric AS (  -- behaviour-triggered flows: a daily number of existing persons, picked by hash
          SELECT fr.fi, (hash({ctx.seed}, 'kft', fr.fi, cal.t, r.k) % pc.n)::INT AS idx,
                 cal.d::TIMESTAMP + to_seconds((u4('kftt', fr.fi, cal.t, r.k) * 86400)::BIGINT) AS ts0
          FROM cal JOIN fr ON true
          ASOF JOIN k_pcount pc ON cal.d >= pc.d,
          range(sround(pc.n * fr.rate * (0.7 + 0.3 * cal.season) * cal.wk_web, fr.fi, cal.d, 'kfn')) r(k)
          WHERE cal.d BETWEEN {ctx.lit(s0 - timedelta(days=15))} AND {ctx.lit(ctx.w1)}
        ),
        fs AS (
          SELECT NULL::INT AS cidx, m.fmi, m.is_sms, t.idx, t.ts0 + to_hours(m.delay_h) AS ts, m.p_open, m.p_click, 0.002 AS p_unsub,
                 CASE WHEN m.flow_message_id = {q(fb['flow_message_id'])} AND (t.ts0 + to_hours(m.delay_h))::DATE >= DATE '{fb['date_from']}'
                      THEN {fb['bounce_rate']} ELSE 0.005 END AS p_bounce,
                 m.p_order * CASE WHEN m.flow_id = {q(rpr['flow_id'])} AND (t.ts0 + to_hours(m.delay_h))::DATE >= DATE '{rpr['date_from']}'
                                  THEN {rpr['order_rate_multiplier']} ELSE 1 END AS p_order
          FROM (SELECT * FROM trig_join UNION ALL SELECT * FROM trig_metric) t JOIN k_fm m ON m.fi = t.fi
        ),
        x AS (
          SELECT *, hash({ctx.seed}, coalesce(cidx, -fmi - 1), idx, ts) AS sk FROM (SELECT * FROM cs UNION ALL SELECT * FROM fs)
          WHERE ts::DATE {win} AND ts < {end_ts}
        )
        SELECT cidx, fmi, is_sms, idx, ts, sk, u2(sk, 'b') < p_bounce AS bounced, u2(sk, 'o') < p_open AS opened,
               u2(sk, 'c') < p_click AS clicked, u2(sk, 'u') < p_unsub AS unsub, u2(sk, 's') < 0.0003 AS spam,
               u2(sk, 'p') AS up, p_order::FLOAT AS p_order, (1 + (u2(sk, 'n') * u2(sk, 'n2') * 4)::INT)::TINYINT AS n_opens
        FROM x
        """,
    )
    n = ctx.con.execute("SELECT count(*) FROM k_send").fetchone()[0]
    dt = time.perf_counter() - t0
    ctx.log(f"  {ctx.tid:<14} {'(klaviyo sends, temporary)':<58} {n:>11,} rows {dt:7.2f}s {n / max(dt, 1e-6):>12,.0f} rows/s")
    lo, hi = ctx.lit(ctx.w0), ctx.lit(ctx.w1)
    order_value = f"round({aov} * exp(0.35 * nz2(sk, 'ov')), 2)::VARCHAR"
    parts = [
        "SELECT sk, cidx, fmi, idx, 0 AS k, CASE WHEN is_sms THEN 'Received SMS' ELSE 'Received Email' END AS mname, ts, NULL AS pv "
        "FROM k_send WHERE NOT bounced",
        "SELECT sk, cidx, fmi, idx, 1, 'Bounced Email', ts + INTERVAL 30 SECOND, NULL FROM k_send WHERE bounced AND NOT is_sms",
        "SELECT sk, cidx, fmi, idx, 10 + r.i, 'Opened Email', ts + to_seconds((60 + pow(u3(sk, 'ot', r.i), 3) * 250000)::BIGINT), NULL "
        "FROM k_send, range(n_opens) r(i) WHERE NOT bounced AND opened AND NOT is_sms",
        "SELECT sk, cidx, fmi, idx, 2, CASE WHEN is_sms THEN 'Clicked SMS' ELSE 'Clicked Email' END, "
        "ts + to_seconds((120 + pow(u2(sk, 'ct'), 3) * 200000)::BIGINT), NULL FROM k_send WHERE NOT bounced AND clicked AND (opened OR is_sms)",
        "SELECT sk, cidx, fmi, idx, 3, CASE WHEN is_sms THEN 'Unsubscribed from SMS' ELSE 'Unsubscribed' END, "
        "ts + to_seconds((300 + u2(sk, 'ut') * 90000)::BIGINT), NULL FROM k_send WHERE NOT bounced AND unsub",
        "SELECT sk, cidx, fmi, idx, 4, 'Marked Email as Spam', ts + to_seconds((600 + u2(sk, 'st') * 90000)::BIGINT), NULL "
        "FROM k_send WHERE NOT bounced AND spam AND NOT is_sms",
        f"SELECT sk, cidx, fmi, idx, 5, 'Placed Order', ts + to_seconds((900 + pow(u2(sk, 'pt'), 2) * 250000)::BIGINT), {order_value} "
        "FROM k_send WHERE NOT bounced AND ((clicked AND (opened OR is_sms) AND up < p_order) OR (opened AND up > 1 - p_order * 0.04))",
        # orders nobody attributes to email (other channels)
        f"""SELECT hash({ctx.seed}, 'ko', cal.t, r.k), NULL, NULL, (hash({ctx.seed}, 'kop', cal.t, r.k) % pc.n)::INT, 99, 'Placed Order',
                   cal.d::TIMESTAMP + to_seconds((u3('kot', cal.t, r.k) * 86399)::BIGINT),
                   round({aov} * exp(0.35 * nz3('kov', cal.t, r.k)), 2)::VARCHAR
            FROM cal ASOF JOIN k_pcount pc ON cal.d >= pc.d,
                 range(sround(pc.n * 0.0012 * cal.season * cal.conv_mult, 'ko', cal.d, 'n')) r(k)
            WHERE cal.d BETWEEN {lo} AND {hi}""",
    ]
    # Fivetran appends events as they are synced, so the table is in (roughly) time order and a time filter skips
    # most row groups by their min/max; generated in one piece per flow and campaign, the rows of any week were spread
    # over nearly every row group (the incremental Klaviyo model scanned 458 of 544 at scale 1.0). Sorted here, with
    # insertion order kept for this statement only.
    ctx.con.execute("SET preserve_insertion_order = true")
    insert(
        ctx,
        "klaviyo.event",
        f"""
        WITH x AS (
          SELECT e.*, hash({ctx.seed}, e.sk, e.k) AS h1, hash({ctx.seed}, e.sk, e.k, 'u') AS h2
          FROM ({' UNION ALL '.join(parts)}) e
          WHERE e.ts::DATE BETWEEN {lo} AND {hi} AND e.ts < {end_ts}
        )
        SELECT lower(hex(h1)) AS id,
               lower(substr(hex(h1), 1, 8) || '-' || substr(hex(h1), 9, 4) || '-4' || substr(hex(h2), 1, 3) || '-a'
                     || substr(hex(h2), 4, 3) || '-' || substr(hex(h2), 7, 10) || substr(hex(h1), 13, 2)) AS uuid,
               NULL AS _variation, c.id AS campaign_id, fm.flow_id, fm.flow_message_id, m.id AS metric_id, p.id AS person_id,
               x.ts AS timestamp, x.ts AS datetime, x.mname AS type, x.pv AS property_value, false AS _fivetran_deleted,
               least(x.ts + INTERVAL 25 MINUTE, {end_ts} + INTERVAL 6 HOUR) AS _fivetran_synced
        FROM x JOIN k_metric m ON m.name = x.mname JOIN k_person p ON p.idx = x.idx
        LEFT JOIN k_campaign c ON c.t = x.cidx LEFT JOIN k_fm fm ON fm.fmi = x.fmi
        ORDER BY timestamp, id
        """,
    )
    ctx.con.execute("SET preserve_insertion_order = false")
