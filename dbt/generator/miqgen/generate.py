"""generate and append-day: orchestration, atomic file handling, the manifest."""

from __future__ import annotations

import json
import math
import os
import shutil
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb

from miqgen import base, ga4, google, klaviyo, meta, situations
from miqgen.core import Ctx, GenError, create_contract_tables, load_contract, load_tenants, setup_macros

PERF_TABLES = {  # tables restated on append-day (date column 'date')
    "google_ads": ["campaign_stats", "campaign_hourly_stats", "ad_group_stats", "ad_stats", "keyword_stats",
                   "search_term_keyword_stats", "ad_group_audience_stats"],
    "facebook_ads": ["basic_ad", "basic_ad_actions", "basic_ad_action_values", "basic_ad_set", "basic_campaign",
                     "ad_device_report", "ad_device_report_actions", "ad_device_report_action_values",
                     "campaign_age_gender_report", "campaign_age_gender_report_actions",
                     "campaign_age_gender_report_action_values", "campaign_country_report",
                     "campaign_country_report_actions", "campaign_country_report_action_values", "ad_video_report",
                     *[f"ad_video_report_{f}" for f in meta.VIDEO_FIELDS], "ad_reactions_report",
                     "ad_reactions_report_actions"],
    "google_analytics_4": ["traffic_acquisition_session_source_medium_report", "traffic_source_medium_country_device",
                           "conversions_report", "conversions_source_medium_report",
                           "ecommerce_purchases_item_name_report", "ecommerce_items_report", "demographic_country_report"],
    "miq_reference": ["fx_rates_daily"],
}
MEMORY_LIMIT = os.environ.get("MIQGEN_MEMORY_LIMIT", "6GB")
THREADS = int(os.environ.get("MIQGEN_THREADS", "2"))


def connect(path: Path, temp_dir: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute(f"SET threads = {THREADS}")
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute(f"SET temp_directory = '{temp_dir}'")
    con.execute("SET preserve_insertion_order = false")
    return con


def validate(tenants: list[str], scale: float, seed: int, days: int) -> dict[str, dict]:
    known = load_tenants()
    unknown = [t for t in tenants if t not in known]
    if not tenants or unknown:
        raise GenError(f"unknown tenant(s) {', '.join(unknown) or '(none given)'}; known: {', '.join(known)}")
    if len(set(tenants)) != len(tenants):
        raise GenError("a tenant is listed twice")
    if not math.isfinite(scale) or scale <= 0 or scale > 20:
        raise GenError(f"scale must be a number in (0, 20], got {scale}")
    if seed < 0:
        raise GenError(f"seed must be a non-negative integer, got {seed}")
    if days < 120 or days > 3000:
        raise GenError(f"days must be between 120 and 3000, got {days}")
    return {t: known[t] for t in tenants}


def ensure_writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".miqgen-probe-{os.getpid()}"
        probe.write_text("ok")
        probe.unlink()
    except OSError as e:
        raise GenError(f"cannot write to {out}: {e.strerror or e}") from e


def build_tenant(ctx: Ctx, contract: dict) -> None:
    setup_macros(ctx.con, ctx.seed, ctx.tid)
    create_contract_tables(ctx.con, contract)
    base.build_calendar(ctx)
    base.fx(ctx)
    google.entities(ctx)
    google.resolve(ctx)
    google.changes(ctx)
    google.history(ctx)
    meta.entities(ctx)
    meta.resolve(ctx)
    meta.changes(ctx)
    meta.history(ctx)
    klaviyo.entities(ctx)
    google.performance(ctx)
    meta.performance(ctx)
    ga4.performance(ctx)
    klaviyo.dims(ctx)
    klaviyo.events(ctx)


def changes_log(ctx: Ctx) -> list[dict]:
    """Every budget / bidding / settings change after the start of the range, for the manifest."""
    con = ctx.con
    out = []
    for cid, d, amt, ccy in con.execute(
        f"""SELECT b.campaign_id, b.d, b.amount_micros, b.currency FROM g_budget b JOIN g_camp c ON c.id = b.campaign_id
            WHERE b.d > c.start_d AND b.d >= {ctx.lit(ctx.start)} ORDER BY b.d, b.campaign_id"""
    ).fetchall():
        out.append({"kind": "budget_change", "platform": "google_ads", "campaign_id": str(cid), "date": str(d),
                    "new_amount": amt / 1e6, "currency": ccy})
    for cid, d, typ in con.execute(
        f"""SELECT b.campaign_id, b.d, b.type FROM g_bid b JOIN g_camp c ON c.id = b.campaign_id
            WHERE b.d > c.start_d AND b.d >= {ctx.lit(ctx.start)} ORDER BY b.d, b.campaign_id"""
    ).fetchall():
        out.append({"kind": "bidding_change", "platform": "google_ads", "campaign_id": str(cid), "date": str(d), "new_type": typ})
    for cid, d, field in con.execute(
        f"SELECT campaign_id, d, field FROM g_setting WHERE d >= {ctx.lit(ctx.start)} ORDER BY d, campaign_id"
    ).fetchall():
        out.append({"kind": "campaign_setting_change", "platform": "google_ads", "campaign_id": str(cid), "date": str(d),
                    "field": field})
    for agid, cid, d, bid, status in con.execute(
        f"""SELECT id, campaign_id, updated_at::DATE, cpc_bid_micros, status FROM (
              SELECT *, row_number() OVER (PARTITION BY id ORDER BY updated_at) AS v FROM google_ads.ad_group_history)
            WHERE v > 1 AND updated_at >= {ctx.lit(ctx.start)} ORDER BY updated_at, id"""
    ).fetchall():
        out.append({"kind": "ad_group_setting_change", "platform": "google_ads", "ad_group_id": str(agid),
                    "campaign_id": str(cid), "date": str(d), "cpc_bid_micros": bid, "status": status})
    for asid, cid, d, strategy, status in con.execute(
        f"""SELECT id, campaign_id, updated_time::DATE, bid_strategy, status FROM (
              SELECT *, row_number() OVER (PARTITION BY id ORDER BY updated_time) AS v FROM facebook_ads.ad_set_history)
            WHERE v > 1 AND updated_time >= {ctx.lit(ctx.start)} ORDER BY updated_time, id"""
    ).fetchall():
        out.append({"kind": "ad_set_setting_change", "platform": "meta", "ad_set_id": str(asid), "campaign_id": str(cid),
                    "date": str(d), "bid_strategy": strategy, "status": status})
    for plat, tbl in (("google_ads", "g_camp"), ("meta", "m_camp")):
        for cid, sd, ed in con.execute(
            f"""SELECT id, start_d, end_d FROM {tbl} WHERE start_d >= {ctx.lit(ctx.start)} OR end_d IS NOT NULL ORDER BY id"""
        ).fetchall():
            if sd >= ctx.start:
                out.append({"kind": "campaign_start", "platform": plat, "campaign_id": str(cid), "date": str(sd)})
            if ed is not None and ed <= ctx.end:
                out.append({"kind": "campaign_stop", "platform": plat, "campaign_id": str(cid), "date": str(ed)})
    for cid, d, cents in con.execute(
        f"""SELECT b.campaign_id, b.d, b.budget_cents FROM m_budget b JOIN m_camp c ON c.id = b.campaign_id
            WHERE b.d > c.start_d AND b.d >= {ctx.lit(ctx.start)} ORDER BY b.d, b.campaign_id"""
    ).fetchall():
        out.append({"kind": "budget_change", "platform": "meta", "campaign_id": str(cid), "date": str(d), "new_amount": cents / 100})
    return out


def observed_effects(ctx: Ctx) -> None:
    """Measured tenant-level size of each anomaly: the day's value vs the median of the same weekday in the 4 weeks before."""
    inj = ctx.inj
    con = ctx.con

    def rel(sql_daily: str, day: str) -> float | None:
        row = con.execute(
            f"""WITH d AS ({sql_daily}),
                b AS (SELECT median(v) AS m FROM d WHERE day IN (DATE '{day}' - 7, DATE '{day}' - 14, DATE '{day}' - 21, DATE '{day}' - 28))
                SELECT (SELECT v FROM d WHERE day = DATE '{day}') / nullif(b.m, 0) - 1 FROM b"""
        ).fetchone()
        return None if row is None or row[0] is None else round(row[0], 4)

    # money summed across accounts in the reporting currency (accounts may use different currencies)
    gspend = """SELECT s.date AS day, sum(s.cost_micros / 1e6 * f.rate) AS v FROM google_ads.campaign_stats s
                JOIN google_ads.account_history a ON a.id = s.customer_id AND a._fivetran_active
                JOIN miq_reference.fx_rates_daily f ON f.date = s.date AND f.base_currency = a.currency_code GROUP BY 1"""
    mspend = """SELECT s.date AS day, sum(s.spend * f.rate) AS v FROM facebook_ads.basic_ad s
                JOIN facebook_ads.account_history a ON a.id = s.account_id AND a._fivetran_active
                JOIN miq_reference.fx_rates_daily f ON f.date = s.date AND f.base_currency = a.currency GROUP BY 1"""
    for key in ("spend_spike_large", "spend_spike_small", "spend_spike_medium"):
        e = inj[key]
        e["observed_relative_change"] = rel(gspend if e["platform"] == "google_ads" else mspend, e["date"])
    conv = ("SELECT day, sum(v) AS v FROM (SELECT date AS day, sum(conversions) AS v FROM google_ads.campaign_stats GROUP BY 1 "
            "UNION ALL SELECT date, sum(value) FROM facebook_ads.basic_ad_actions "
            "WHERE action_type = 'offsite_conversion.fb_pixel_purchase' GROUP BY 1) GROUP BY day")
    inj["conversion_drop"]["observed_relative_change"] = [rel(conv, d) for d in inj["conversion_drop_dates"]]
    ses = "SELECT date AS day, sum(sessions) AS v FROM google_analytics_4.traffic_acquisition_session_source_medium_report GROUP BY 1"
    to = inj["tracking_outage"]
    to["observed_relative_change"] = [rel(ses, to["date_from"]), rel(ses, to["date_to"])]


def manifest_events(ctx: Ctx) -> list[dict]:
    events = []
    for key, e in ctx.inj.items():
        if not isinstance(e, dict):
            continue
        ev = {"id": key, "tenant": ctx.tid, **e}
        ev["min_effect"] = situations.MIN_EFFECT.get(e.get("kind"), None)
        events.append(ev)
    return events


def generate(out: Path, tenants: list[str], scale: float, seed: int, end: date | None, days: int, quiet: bool = False) -> dict:
    cfgs = validate(tenants, scale, seed, days)
    end = end or (datetime.now(timezone.utc).date() - timedelta(days=1))
    start = end - timedelta(days=days - 1)
    out = Path(out)
    ensure_writable(out)
    contract = load_contract()
    pid = os.getpid()
    tmp_dir = out / f".miqgen-tmp-{pid}"
    staged: list[tuple[Path, Path]] = []
    manifest = {
        "generator": "miqgen", "format": 1, "seed": seed, "scale": scale, "days": days, "start_date": str(start),
        "end_date": str(end), "generated_end_date": str(end), "tables": sorted(f"{s}.{t}" for s in contract if not s.startswith("_")
                                                                             for t in contract[s]),
        "min_effects": situations.MIN_EFFECT, "tenants": {}, "events": [],
    }
    t_all = time.perf_counter()
    try:
        tmp_dir.mkdir(exist_ok=True)
        for tid, cfg in cfgs.items():
            t0 = time.perf_counter()
            tdir = out / tid
            tdir.mkdir(parents=True, exist_ok=True)
            tmp = tdir / f"raw.duckdb.tmp-{pid}"
            staged.append((tmp, tdir / "raw.duckdb"))
            con = connect(tmp, tmp_dir)
            eff = scale * float(cfg.get("scale", 1.0))
            ctx = Ctx(con=con, seed=seed, tenant=cfg, scale=eff, start=start, end=end, gen_end=end, w0=start, w1=end,
                      inj=situations.plan(seed, tid, start, end), quiet=quiet)
            ctx.log(f"miqgen: {tid} (scale {eff:g}, {start} .. {end})")
            build_tenant(ctx, contract)
            observed_effects(ctx)
            changes = changes_log(ctx)
            rows = {f"{s}.{t}": con.execute(f"SELECT count(*) FROM {s}.{t}").fetchone()[0]
                    for s in contract if not s.startswith("_") for t in contract[s]}
            con.execute("CHECKPOINT")
            con.close()
            manifest["tenants"][tid] = {
                "name": cfg["name"], "reporting_currency": cfg["reporting_currency"], "time_zone": cfg["time_zone"],
                "effective_scale": eff, "start_date": str(start), "end_date": str(end), "appends": 0,
                "accounts": cfg["accounts"], "rows": rows, "injections": ctx.inj, "changes": changes,
                "seconds": round(time.perf_counter() - t0, 2),
            }
            manifest["events"].extend(manifest_events(ctx))
            ctx.log(f"miqgen: {tid} done in {time.perf_counter() - t0:.1f}s, {sum(rows.values()):,} rows")
        # all tenants built: move them into place, then the manifest
        for tmp, final in staged:
            os.replace(tmp, final)
            for stale in (final.with_name(final.name + ".wal"),):
                if stale.exists():
                    stale.unlink()
        write_json(out / "manifest.json", manifest)
    except BaseException:
        for tmp, _ in staged:
            for f in (tmp, tmp.with_name(tmp.name + ".wal")):
                if f.exists():
                    f.unlink()
        raise
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
    if not quiet:
        print(f"miqgen: generated {len(cfgs)} tenant(s) in {time.perf_counter() - t_all:.1f}s into {out}", flush=True)
    return manifest


def write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    with open(tmp, "w") as f:
        json.dump(data, f, indent=1, default=str)
    os.replace(tmp, path)


def read_manifest(out: Path) -> dict:
    path = Path(out) / "manifest.json"
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError as e:
        raise GenError(f"no manifest at {path}: run `python -m miqgen generate` first") from e
    except json.JSONDecodeError as e:
        raise GenError(f"manifest {path} is not valid JSON: {e}") from e


def append_day(out: Path, tenant: str, restate_days: int = 3, quiet: bool = False) -> dict:
    """Append the next day and restate the previous `restate_days` days of the report tables, in one transaction."""
    if restate_days < 0 or restate_days > 30:
        raise GenError(f"restate-days must be between 0 and 30, got {restate_days}")
    out = Path(out)
    manifest = read_manifest(out)
    if tenant not in manifest["tenants"]:
        raise GenError(f"tenant {tenant!r} is not in {out / 'manifest.json'} (has: {', '.join(manifest['tenants'])})")
    cfg = load_tenants().get(tenant)
    if cfg is None:
        raise GenError(f"unknown tenant {tenant!r}")
    tm = manifest["tenants"][tenant]
    raw = out / tenant / "raw.duckdb"
    if not raw.exists():
        raise GenError(f"no raw warehouse at {raw}")
    start = date.fromisoformat(tm["start_date"])
    new_end = date.fromisoformat(tm["end_date"]) + timedelta(days=1)
    gen_end = date.fromisoformat(manifest["generated_end_date"])
    version = int(tm.get("appends", 0)) + 1
    w0 = max(start, new_end - timedelta(days=restate_days))
    tmp_dir = out / f".miqgen-tmp-{os.getpid()}"
    tmp_dir.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    con = connect(raw, tmp_dir)
    try:
        ctx = Ctx(con=con, seed=int(manifest["seed"]), tenant=cfg, scale=float(tm["effective_scale"]), start=start, end=new_end,
                  gen_end=gen_end, w0=w0, w1=new_end, version=version, inj=tm["injections"], quiet=quiet)
        ctx.log(f"miqgen: append {new_end} to {tenant}, restating {w0} .. {new_end - timedelta(days=1)}")
        setup_macros(con, ctx.seed, tenant)
        con.execute("BEGIN TRANSACTION")
        base.build_calendar(ctx)
        for schema, tables in PERF_TABLES.items():
            for t in tables:
                con.execute(f"DELETE FROM {schema}.{t} WHERE date BETWEEN {ctx.lit(w0)} AND {ctx.lit(new_end)}")
        base.fx(ctx)
        google.entities(ctx)
        google.changes(ctx)
        meta.entities(ctx)
        meta.changes(ctx)
        klaviyo.entities(ctx)
        google.performance(ctx)
        meta.performance(ctx)
        ga4.performance(ctx)
        klaviyo.dims(ctx, replace=True)
        ctx.w0 = new_end
        klaviyo.events(ctx)
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        raise
    finally:
        con.close()
        shutil.rmtree(tmp_dir, ignore_errors=True)
    tm["end_date"] = str(new_end)
    tm["appends"] = version
    tm.setdefault("restated", []).append({"append": version, "date_from": str(w0), "date_to": str(new_end - timedelta(days=1)),
                                          "new_date": str(new_end)})
    manifest["end_date"] = max(t["end_date"] for t in manifest["tenants"].values())
    write_json(out / "manifest.json", manifest)
    if not quiet:
        print(f"miqgen: appended {new_end} to {tenant} in {time.perf_counter() - t0:.1f}s", flush=True)
    return manifest
