"""Calendar and reference data shared by all platforms."""

from __future__ import annotations

from datetime import timedelta

from miqgen.catalog import profile
from miqgen.core import USD_VALUE, Ctx, insert, q, temp


def build_calendar(ctx: Ctx) -> None:
    """cal: one row per day of the whole range with seasonality, weekday factors and tenant-wide injected effects."""
    p = profile(ctx.tid)
    inj = ctx.inj
    cd = inj["conversion_drop"]
    to = inj["tracking_outage"]
    temp(
        ctx,
        "cal",
        f"""
        SELECT d::DATE AS d,
               (d::DATE - {ctx.lit(ctx.start)})::INT AS t,
               isodow(d)::INT AS dow,
               1 + {p['season_amp']} * cos(2 * pi() * (dayofyear(d) - {p['season_peak_doy']}) / 365.25) AS season,
               1 + 0.16 * (d::DATE - {ctx.lit(ctx.start)}) / 365.0 AS trend,
               [1.04, 1.05, 1.03, 1.01, 0.96, 0.92, 0.95][isodow(d)] AS wk_ads,
               [1.06, 1.05, 1.03, 1.0, 0.93, 0.9, 0.98][isodow(d)] AS wk_web,
               exp(0.035 * nz2('tday_g', d)) AS tn_g,
               exp(0.035 * nz2('tday_m', d)) AS tn_m,
               exp(0.03 * nz2('tday_w', d)) AS tn_w,
               CASE WHEN d::DATE BETWEEN DATE '{cd['date_from']}' AND DATE '{cd['date_to']}'
                    THEN {cd['multiplier']} ELSE 1.0 END AS conv_mult,
               CASE WHEN d::DATE BETWEEN DATE '{to['date_from']}' AND DATE '{to['date_to']}'
                    THEN {to['multiplier']} ELSE 1.0 END AS ga4_mult
        FROM range({ctx.lit(ctx.start)}, {ctx.lit(ctx.end + timedelta(days=1))}, INTERVAL 1 DAY) r(d)
        """,
    )


def fx(ctx: Ctx) -> None:
    rep = ctx.tenant["reporting_currency"]
    ccys = sorted({a["currency"] for accts in ctx.tenant["accounts"].values() for a in accts} | {rep})
    vals = ", ".join(f"({q(c)}, {USD_VALUE.get(c, 1.0)})" for c in ccys)
    insert(
        ctx,
        "miq_reference.fx_rates_daily",
        f"""
        WITH c(ccy, usd) AS (VALUES {vals}),
        daily AS (
          SELECT cal.d, c.ccy,
                 CASE WHEN c.ccy = 'USD' THEN 1.0 ELSE c.usd * (1 + 0.025 * sin(2 * pi() * cal.t / 190.0 + u2('fxp', c.ccy) * 6)
                      + 0.004 * nz2('fx', c.ccy || cal.d::VARCHAR)) END AS per_usd
          FROM cal, c WHERE cal.d BETWEEN {ctx.lit(ctx.w0)} AND {ctx.lit(ctx.w1)}
        )
        SELECT a.d AS date, a.ccy AS base_currency, b.ccy AS quote_currency,
               CASE WHEN a.ccy = b.ccy THEN 1.0 ELSE round(b.per_usd / a.per_usd, 6) END AS rate
        FROM daily a JOIN daily b ON a.d = b.d AND b.ccy = {q(rep)}
        """,
    )
