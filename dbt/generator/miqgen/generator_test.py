"""Tests for the generator: column contract, determinism, bad input, manifest sanity (effects re-measured with plain SQL
over the raw tables), append-day. Small scale; the whole file runs in well under a minute."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

GEN_DIR = Path(__file__).resolve().parents[1]
CONTRACT = json.loads((GEN_DIR / "contract" / "fivetran_columns.json").read_text())
END = "2026-11-24"
SEED = os.environ.get("MIQGEN_TEST_SEED", "7")  # the injected effects are checked for other seeds too by setting this
TENANTS = ["rare-seeds", "nordic-knits", "kiwi-outdoors"]
# columns that are legitimately NULL in every generated row
ALL_NULL_OK = {
    "google_ads.campaign_budget_history.total_amount_micros", "google_ads.ad_group_history.target_cpa_micros",
    "google_ads.bidding_strategy_history.target_cpa_target_cpa_micros", "google_ads.geo_target.parent_geo_target_id",
    "facebook_ads.campaign_history.lifetime_budget", "facebook_ads.ad_set_history.daily_budget",
    "facebook_ads.ad_set_history.lifetime_budget", "facebook_ads.ad_set_history.budget_remaining",
    "klaviyo.event._variation", "klaviyo.person.organization", "klaviyo.person.title", "klaviyo.person.address_2",
    "google_ads.ad_group_criterion_history.age_range_type", "google_ads.ad_group_criterion_history.gender_type",
    "facebook_ads.campaign_history.stop_time", "facebook_ads.ad_set_history.end_time", "klaviyo.person.region", "klaviyo.person.latitude", "klaviyo.person.longitude", "klaviyo.person.last_event_date",
}
for f in ["video_play_actions", "video_p25_watched_actions", "video_p50_watched_actions", "video_p75_watched_actions",
          "video_p95_watched_actions", "video_p100_watched_actions", "video_thruplay_watched_actions",
          "video_avg_time_watched_actions"]:
    for c in ("_1_d_view", "_7_d_click", "inline"):
        ALL_NULL_OK.add(f"facebook_ads.ad_video_report_{f}.{c}")
for c in ("_1_d_view", "inline"):
    ALL_NULL_OK.add(f"facebook_ads.ad_reactions_report_actions.{c}")
for t in ("campaign_age_gender_report", "campaign_country_report"):
    for s in ("actions", "action_values"):
        ALL_NULL_OK.add(f"facebook_ads.{t}_{s}.inline")
for t in ("basic_ad_action_values", "ad_device_report_action_values"):
    ALL_NULL_OK.add(f"facebook_ads.{t}.inline")


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(GEN_DIR)}
    p = subprocess.run([sys.executable, "-m", "miqgen", *args], capture_output=True, text=True, env=env, timeout=300)
    if check and p.returncode != 0:
        raise AssertionError(f"miqgen {' '.join(args)} failed ({p.returncode}): {p.stderr[-2000:]}")
    return p


@pytest.fixture(scope="module")
def wh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wh")
    run("generate", "--out", str(out), "--tenants", ",".join(TENANTS), "--scale", "0.02", "--seed", SEED, "--end-date", END,
        "--quiet")
    return out


@pytest.fixture(scope="module")
def manifest(wh: Path) -> dict:
    return json.loads((wh / "manifest.json").read_text())


def con(wh: Path, tenant: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(wh / tenant / "raw.duckdb"), read_only=True)


def checksums(path: Path) -> dict[str, tuple[int, int]]:
    c = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for schema, tables in CONTRACT.items():
            if schema.startswith("_"):
                continue
            for t in tables:
                out[f"{schema}.{t}"] = c.execute(f"SELECT count(*), coalesce(sum(hash(x)), 0) FROM {schema}.{t} x").fetchone()
        return out
    finally:
        c.close()


# ---------------------------------------------------------------- contract

@pytest.mark.parametrize("tenant", TENANTS)
def test_every_contract_table_exists_with_exactly_its_columns_and_types(wh: Path, tenant: str) -> None:
    c = con(wh, tenant)
    actual: dict[str, list[tuple[str, str]]] = {}
    for schema, table, column, dtype in c.execute(
        """SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns
           WHERE table_catalog = current_database() ORDER BY table_schema, table_name, ordinal_position"""
    ).fetchall():
        actual.setdefault(f"{schema}.{table}", []).append((column, dtype.lower()))
    expected = {f"{s}.{t}": [(col, typ.lower()) for col, typ in spec["columns"].items()]
                for s, tables in CONTRACT.items() if not s.startswith("_") for t, spec in tables.items()}
    type_alias = {"varchar": "varchar", "bigint": "bigint", "double": "double", "boolean": "boolean", "date": "date",
                  "timestamp": "timestamp"}
    assert sorted(actual) == sorted(expected), "generated tables differ from the contract"
    for name, cols in expected.items():
        assert actual[name] == [(col, type_alias[typ]) for col, typ in cols], name


@pytest.mark.parametrize("tenant", TENANTS)
def test_no_contract_table_is_empty_and_no_column_is_all_null(wh: Path, tenant: str) -> None:
    c = con(wh, tenant)
    for s, tables in CONTRACT.items():
        if s.startswith("_"):
            continue
        for t, spec in tables.items():
            n = c.execute(f"SELECT count(*) FROM {s}.{t}").fetchone()[0]
            assert n > 0, f"{s}.{t} is empty"
            exprs = ", ".join(f'count("{col}")' for col in spec["columns"])
            counts = c.execute(f"SELECT {exprs} FROM {s}.{t}").fetchone()
            for col, k in zip(spec["columns"], counts, strict=True):
                if f"{s}.{t}.{col}" not in ALL_NULL_OK:
                    assert k > 0, f"{s}.{t}.{col} is NULL in every row"


# ---------------------------------------------------------------- determinism

def test_same_seed_gives_identical_tables_and_another_seed_does_not(tmp_path: Path) -> None:
    short = ["--tenants", "kiwi-outdoors", "--scale", "0.01", "--end-date", END, "--days", "150", "--quiet"]
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        run("generate", "--out", str(tmp_path / name), "--seed", seed, *short)
    a, b, c = (checksums(tmp_path / n / "kiwi-outdoors" / "raw.duckdb") for n in "abc")
    diff = [t for t in a if a[t] != b[t]]
    assert not diff, f"tables differ between two runs with the same seed: {diff}"
    assert c["google_ads.campaign_stats"] != a["google_ads.campaign_stats"]
    assert c["klaviyo.event"] != a["klaviyo.event"]


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize(
    "args,needle",
    [
        (["--tenants", "nope", "--scale", "0.01"], "unknown tenant"),
        (["--tenants", "kiwi-outdoors", "--scale", "-1"], "scale"),
        (["--tenants", "kiwi-outdoors", "--scale", "0"], "scale"),
        (["--tenants", "kiwi-outdoors", "--scale", "abc"], "scale"),
        (["--tenants", "kiwi-outdoors", "--scale", "0.01", "--end-date", "2026-13-40"], "bad date"),
        (["--tenants", "kiwi-outdoors", "--scale", "0.01", "--days", "10"], "days"),
    ],
)
def test_bad_input_fails_with_one_line_and_leaves_the_warehouse_alone(tmp_path: Path, args: list[str], needle: str) -> None:
    out = tmp_path / "w"
    out.mkdir()
    (out / "manifest.json").write_text('{"previous": true}')
    p = run("generate", "--out", str(out), *args, check=False)
    assert p.returncode != 0
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0], p.stderr
    assert sorted(x.name for x in out.iterdir()) == ["manifest.json"]
    assert (out / "manifest.json").read_text() == '{"previous": true}'


def test_unwritable_output_path_fails_clearly(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    p = run("generate", "--out", str(blocker / "sub"), "--tenants", "kiwi-outdoors", "--scale", "0.01", check=False)
    assert p.returncode != 0
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "cannot write" in lines[0], p.stderr


def test_failure_midway_keeps_the_previous_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(GEN_DIR))
    from miqgen import generate as gen
    from miqgen import klaviyo

    out = tmp_path / "w"
    gen.generate(out, ["kiwi-outdoors"], 0.01, 3, date(2026, 11, 24), 150, quiet=True)
    before = checksums(out / "kiwi-outdoors" / "raw.duckdb")
    manifest_before = (out / "manifest.json").read_text()

    def boom(ctx: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(klaviyo, "events", boom)
    with pytest.raises(RuntimeError):
        gen.generate(out, ["kiwi-outdoors"], 0.01, 4, date(2026, 11, 24), 150, quiet=True)
    assert checksums(out / "kiwi-outdoors" / "raw.duckdb") == before
    assert (out / "manifest.json").read_text() == manifest_before
    leftovers = [p.name for p in out.rglob("*") if "tmp" in p.name]
    assert not leftovers, leftovers


def test_append_day_for_unknown_tenant_fails(wh: Path) -> None:
    p = run("append-day", "--out", str(wh), "--tenant", "nope", check=False)
    assert p.returncode == 2 and "not in" in p.stderr


def test_summary_says_marts_are_missing(wh: Path) -> None:
    p = run("summary", "--warehouse", str(wh), check=False)
    assert p.returncode == 1
    assert "marts missing" in p.stdout


# ---------------------------------------------------------------- consistency between grains

@pytest.mark.parametrize("tenant", ["rare-seeds", "nordic-knits"])
def test_grains_add_up(wh: Path, tenant: str) -> None:
    c = con(wh, tenant)
    q = c.execute
    camp = q("SELECT sum(cost_micros), sum(clicks), sum(conversions) FROM google_ads.campaign_stats").fetchone()
    hourly = q("SELECT sum(cost_micros), sum(clicks), sum(conversions) FROM google_ads.campaign_hourly_stats").fetchone()
    assert camp == hourly
    ag = q("""SELECT sum(cost_micros) FROM google_ads.ad_group_stats""").fetchone()[0]
    pmax = q("""SELECT sum(s.cost_micros) FROM google_ads.campaign_stats s JOIN google_ads.campaign_history h
                ON h.id = s.id AND h._fivetran_active WHERE h.advertising_channel_type = 'PERFORMANCE_MAX'""").fetchone()[0]
    assert ag + pmax == camp[0]
    assert q("SELECT sum(cost_micros) FROM google_ads.ad_stats").fetchone()[0] == ag
    kw = q("SELECT sum(cost_micros), sum(clicks) FROM google_ads.keyword_stats").fetchone()
    st = q("SELECT sum(cost_micros), sum(clicks) FROM google_ads.search_term_keyword_stats").fetchone()
    assert kw == st
    m1 = q("SELECT round(sum(spend), 2), sum(impressions), sum(inline_link_clicks) FROM facebook_ads.basic_ad").fetchone()
    m2 = q("SELECT round(sum(spend), 2), sum(impressions), sum(inline_link_clicks) FROM facebook_ads.ad_device_report").fetchone()
    m3 = q("SELECT round(sum(spend), 2), sum(impressions), sum(inline_link_clicks) FROM facebook_ads.basic_campaign").fetchone()
    m4 = q("SELECT round(sum(spend), 2), sum(impressions), sum(inline_link_clicks) FROM facebook_ads.campaign_age_gender_report").fetchone()
    assert m1 == m2 == m3 == m4
    g1 = q("SELECT sum(sessions), round(sum(total_revenue), 2) FROM google_analytics_4.traffic_source_medium_country_device").fetchone()
    g2 = q("SELECT sum(sessions), round(sum(total_revenue), 2) FROM google_analytics_4.traffic_acquisition_session_source_medium_report").fetchone()
    assert g1 == g2
    # one current row per history key; fx covers every account currency on every day
    for t, key in (("google_ads.campaign_history", "id"), ("google_ads.campaign_budget_history", "id"),
                   ("google_ads.ad_group_history", "id"), ("google_ads.campaign_bidding_strategy_history", "campaign_id")):
        bad = q(f"SELECT count(*) FROM (SELECT {key} FROM {t} GROUP BY 1 HAVING count(*) FILTER (WHERE _fivetran_active) <> 1)").fetchone()[0]
        assert bad == 0, t
    missing = q("""WITH d AS (SELECT DISTINCT date, currency_code AS c FROM google_ads.campaign_stats s
                              JOIN google_ads.account_history a ON a.id = s.customer_id)
                   SELECT count(*) FROM d LEFT JOIN miq_reference.fx_rates_daily f ON f.date = d.date AND f.base_currency = d.c
                   WHERE f.rate IS NULL""").fetchone()[0]
    assert missing == 0


# ---------------------------------------------------------------- manifest sanity: entities exist, effects are visible

def events(manifest: dict, tenant: str) -> dict[str, dict]:
    return {e["id"]: e for e in manifest["events"] if e["tenant"] == tenant}


def test_manifest_header(manifest: dict) -> None:
    assert manifest["seed"] == int(SEED) and manifest["scale"] == 0.02 and manifest["end_date"] == END
    assert manifest["start_date"] == str(date.fromisoformat(END) - timedelta(days=424))
    assert sorted(manifest["tenants"]) == sorted(TENANTS)
    kinds = {e["kind"] for e in manifest["events"]}
    for k in ("spend_spike", "conversion_drop", "tracking_outage", "budget_overspend", "cpa_jump_after_bidding_change",
              "wasted_search_term", "missed_search_term", "ad_fatigue", "video_dropoff", "audience_cpa_outlier", "bad_daypart",
              "platform_overclaim", "email_low_open_rate", "unsubscribe_spike", "flow_rpr_drop", "flow_step_bounces",
              "list_churn", "list_growth", "segment_change", "budget_change"):
        assert k in kinds, k
    for e in manifest["events"]:
        assert e["min_effect"] is not None or e["kind"] == "bidding_change_without_cpa_jump", e["id"]


@pytest.mark.parametrize("tenant", TENANTS)
def test_injected_entities_exist(wh: Path, manifest: dict, tenant: str) -> None:
    c = con(wh, tenant)
    ev = events(manifest, tenant)

    def exists(sql: str, *params: object) -> bool:
        return c.execute(f"SELECT count(*) > 0 FROM ({sql})", list(params)).fetchone()[0]

    for key in ("spend_spike_large", "spend_spike_small", "budget_overspend", "bidding_cpa_jump", "bidding_ok", "budget_change"):
        assert exists("SELECT 1 FROM google_ads.campaign_history WHERE id = ?", int(ev[key]["campaign_id"])), key
    assert exists("SELECT 1 FROM facebook_ads.campaign_history WHERE id = ?", int(ev["spend_spike_medium"]["campaign_id"]))
    assert exists("SELECT 1 FROM facebook_ads.ad_history WHERE id = ?", int(ev["ad_fatigue"]["ad_id"]))
    assert exists("SELECT 1 FROM facebook_ads.ad_video_history WHERE id = ?", int(ev["video_dropoff"]["video_id"]))
    for key in ("wasted_search_terms", "missed_search_terms"):
        for t in ev[key]["terms"]:
            assert exists("SELECT 1 FROM google_ads.ad_group_criterion_history WHERE id = ? AND ad_group_id = ?",
                          int(t["keyword_id"]), int(t["ad_group_id"]))
    assert exists("SELECT 1 FROM google_ads.user_list_history WHERE id = ?", int(ev["audience_low_cpa"]["user_list_id"]))
    for key in ("email_low_open_rate", "unsubscribe_spike"):
        assert exists("SELECT 1 FROM klaviyo.campaign WHERE id = ?", ev[key]["campaign_id"])
    assert exists("SELECT 1 FROM klaviyo.flow WHERE id = ?", ev["flow_rpr_drop"]["flow_id"])
    assert exists("SELECT 1 FROM klaviyo.flow_message WHERE id = ?", ev["flow_step_bounces"]["flow_message_id"])
    assert exists("SELECT 1 FROM klaviyo.list WHERE id = ?", ev["list_churn"]["list_id"])
    assert exists("SELECT 1 FROM klaviyo.segment WHERE id = ?", ev["segment_change"]["segment_id"])


@pytest.mark.parametrize("tenant", TENANTS)
def test_ad_platform_effects_are_visible(wh: Path, manifest: dict, tenant: str) -> None:
    c = con(wh, tenant)
    ev = events(manifest, tenant)
    one = lambda sql, *p: c.execute(sql, list(p)).fetchone()[0]  # noqa: E731

    # spend spike: the campaign's spend that day vs the median of the same weekday in the 4 weeks before
    for key, table, idcol, spend, cast in (("spend_spike_large", "google_ads.campaign_stats", "id", "cost_micros / 1e6", int),
                                           ("spend_spike_medium", "facebook_ads.basic_campaign", "campaign_id", "spend", str)):
        e = ev[key]
        ratio = one(f"""WITH d AS (SELECT date, sum({spend}) AS v FROM {table} WHERE {idcol} = ? GROUP BY 1)
                        SELECT (SELECT v FROM d WHERE date = ?::DATE) / median(v) FROM d
                        WHERE date IN (?::DATE - 7, ?::DATE - 14, ?::DATE - 21, ?::DATE - 28)""",
                    cast(e["campaign_id"]), e["date"], e["date"], e["date"], e["date"], e["date"])
        assert ratio > 0.6 * e["multiplier"], (key, ratio)
        assert e["observed_relative_change"] >= 0.3, e
    # conversion drop: three days vs the same weekdays one and two weeks before (Google + Meta purchases)
    cd = ev["conversion_drop"]
    conv = """(SELECT date, sum(conversions) AS v FROM google_ads.campaign_stats GROUP BY 1 UNION ALL
               SELECT date, sum(value) FROM facebook_ads.basic_ad_actions WHERE action_type = 'offsite_conversion.fb_pixel_purchase'
               GROUP BY 1)"""
    during = one(f"SELECT sum(v) FROM {conv} WHERE date BETWEEN ?::DATE AND ?::DATE", cd["date_from"], cd["date_to"])
    before = one(f"SELECT sum(v) / 2 FROM {conv} WHERE date BETWEEN ?::DATE - 14 AND ?::DATE - 14 OR date BETWEEN ?::DATE - 7 AND ?::DATE - 7",
                 cd["date_from"], cd["date_to"], cd["date_from"], cd["date_to"])
    assert during / before < 0.85, (during, before)
    # ... and on at least one of its days it is at least the documented minimum (25 %) below the median of the same
    # weekday over the 6 weeks before (the alert detector's baseline), whatever the tenant's volume
    worst = one(f"""WITH v AS (SELECT date, sum(v) AS v FROM {conv} GROUP BY 1)
                    SELECT min(a.v / (SELECT median(b.v) FROM v b WHERE b.date IN (a.date - 7, a.date - 14, a.date - 21,
                                      a.date - 28, a.date - 35, a.date - 42)) - 1)
                    FROM v a WHERE a.date BETWEEN ?::DATE AND ?::DATE""", cd["date_from"], cd["date_to"])
    assert worst <= -0.25, worst
    # tracking outage: GA4 sessions collapse while ad clicks do not
    to = ev["tracking_outage"]
    ses = "SELECT sum(sessions) FROM google_analytics_4.traffic_acquisition_session_source_medium_report WHERE date BETWEEN ?::DATE AND ?::DATE"
    assert one(ses, to["date_from"], to["date_to"]) < 0.2 * c.execute(
        ses.replace("?::DATE AND ?::DATE", "?::DATE - 7 AND ?::DATE - 7"), [to["date_from"], to["date_to"]]).fetchone()[0]
    # budget overspend: month-to-date spend vs the daily budget in effect each day
    ov = ev["budget_overspend"]
    ratio = one("""WITH s AS (SELECT date, sum(cost_micros) AS cost FROM google_ads.campaign_stats WHERE id = ? AND date >= ?::DATE GROUP BY 1),
                        b AS (SELECT campaign_id, updated_at::DATE AS d, amount_micros FROM google_ads.campaign_budget_history WHERE campaign_id = ?)
                   SELECT sum(s.cost) / sum(b.amount_micros) FROM s ASOF JOIN b ON s.date >= b.d""",
                int(ov["campaign_id"]), ov["date_from"], int(ov["campaign_id"]))
    assert ratio > 1.1, ratio
    bc = ev["budget_change"]
    assert one("SELECT count(*) FROM google_ads.campaign_budget_history WHERE campaign_id = ? AND updated_at::DATE = ?::DATE",
               int(bc["campaign_id"]), bc["date"]) == 1
    # the new amount is the documented factor times the budget in effect the day before (the latest earlier step)
    new_amount, prev_amount = c.execute(
        """SELECT (SELECT amount_micros FROM google_ads.campaign_budget_history WHERE campaign_id = ? AND updated_at::DATE = ?::DATE),
                  (SELECT amount_micros FROM google_ads.campaign_budget_history WHERE campaign_id = ? AND updated_at::DATE < ?::DATE
                   ORDER BY updated_at DESC LIMIT 1)""",
        [int(bc["campaign_id"]), bc["date"], int(bc["campaign_id"]), bc["date"]]).fetchone()
    # both amounts are rounded to whole currency units: at most 0.5 + factor x 0.5 units apart
    assert abs(new_amount - bc["factor"] * prev_amount) <= (0.5 + 0.5 * bc["factor"]) * 1e6, (new_amount, prev_amount, bc["factor"])
    # bidding: CPA 14 days after vs 14 days before the change
    for key, jump in (("bidding_cpa_jump", True), ("bidding_ok", False)):
        e = ev[key]
        assert one("""SELECT type FROM google_ads.campaign_bidding_strategy_history WHERE campaign_id = ? AND updated_at::DATE = ?::DATE""",
                   int(e["campaign_id"]), e["date"]) == e["to"]
        cpa = one("""SELECT (sum(cost_micros) FILTER (WHERE date >= ?::DATE) / sum(conversions) FILTER (WHERE date >= ?::DATE))
                          / (sum(cost_micros) FILTER (WHERE date < ?::DATE) / sum(conversions) FILTER (WHERE date < ?::DATE))
                     FROM google_ads.campaign_stats WHERE id = ? AND date BETWEEN ?::DATE - 14 AND ?::DATE + 13""",
                  e["date"], e["date"], e["date"], e["date"], int(e["campaign_id"]), e["date"], e["date"])
        assert (cpa > 1.2) == jump, (key, cpa)
    # search terms over the last 30 days
    for t in ev["wasted_search_terms"]["terms"]:
        cost, conv_ = c.execute("""SELECT sum(cost_micros) / 1e6, sum(conversions) FROM google_ads.search_term_keyword_stats
                                   WHERE search_term = ? AND keyword_ad_group_criterion LIKE '%~' || ? AND date > ?::DATE - 30""",
                                [t["search_term"], t["keyword_id"], END]).fetchone()
        avg_cpa = one("""SELECT sum(cost_micros) / 1e6 / sum(conversions) FROM google_ads.search_term_keyword_stats
                         WHERE date > ?::DATE - 30 AND customer_id = ?""", END, int(t["account_id"]))
        assert conv_ == 0 and cost >= 2 * avg_cpa, (t, cost, avg_cpa)
    for t in ev["missed_search_terms"]["terms"]:
        conv_, cost, status = c.execute("""SELECT sum(conversions), sum(cost_micros) / 1e6, max(status) FROM google_ads.search_term_keyword_stats
                                           WHERE search_term = ? AND date > ?::DATE - 30""", [t["search_term"], END]).fetchone()
        assert status == "NONE" and conv_ >= 5, (t, conv_)
        assert one("SELECT count(*) FROM google_ads.ad_group_criterion_history WHERE keyword_text = ?", t["search_term"]) == 0
    # bad daypart: CPA in the bad hours vs overall (last 90 days)
    hours = ev["bad_daypart"]["hours"]
    r = one(f"""SELECT (sum(cost_micros) FILTER (WHERE hour IN ({','.join(map(str, hours))})) /
                        sum(conversions) FILTER (WHERE hour IN ({','.join(map(str, hours))})))
                       / (sum(cost_micros) / sum(conversions))
                FROM google_ads.campaign_hourly_stats WHERE date > ?::DATE - 90""", END)
    assert r > 1.5, r
    # Google audience with low CPA
    la = ev["audience_low_cpa"]
    r = one("""SELECT (sum(cost_micros) FILTER (WHERE user_list_id = ?) / sum(conversions) FILTER (WHERE user_list_id = ?))
                      / (sum(cost_micros) / sum(conversions)) FROM google_ads.ad_group_audience_stats""",
            int(la["user_list_id"]), int(la["user_list_id"]))
    assert r < 0.7, r


@pytest.mark.parametrize("tenant", TENANTS)
def test_meta_and_ga4_effects_are_visible(wh: Path, manifest: dict, tenant: str) -> None:
    c = con(wh, tenant)
    ev = events(manifest, tenant)
    one = lambda sql, *p: c.execute(sql, list(p)).fetchone()[0]  # noqa: E731
    fa = ev["ad_fatigue"]
    first, last = c.execute(
        """SELECT sum(inline_link_clicks) FILTER (WHERE date < ?::DATE + 7) / sum(impressions) FILTER (WHERE date < ?::DATE + 7),
                  sum(inline_link_clicks) FILTER (WHERE date >= ?::DATE + 7) / sum(impressions) FILTER (WHERE date >= ?::DATE + 7)
           FROM facebook_ads.basic_ad WHERE ad_id = ? AND date >= ?::DATE""",
        [fa["date_from"]] * 4 + [fa["ad_id"], fa["date_from"]]).fetchone()
    assert last / first < 0.8, (first, last)
    f0, f1 = c.execute("""SELECT avg(frequency) FILTER (WHERE date < ?::DATE + 3), avg(frequency) FILTER (WHERE date > ?::DATE + 11)
                          FROM facebook_ads.basic_ad WHERE ad_id = ? AND date >= ?::DATE""",
                       [fa["date_from"], fa["date_from"], fa["ad_id"], fa["date_from"]]).fetchone()
    assert f1 > f0 * 1.5
    # video: share of plays that stop before 25%
    drop = """SELECT 1 - sum(p.value) / sum(v.value) FROM facebook_ads.ad_video_report_video_play_actions v
              JOIN facebook_ads.ad_video_report_video_p25_watched_actions p USING (date, ad_id)
              JOIN facebook_ads.ad_history a ON a.id = v.ad_id::BIGINT JOIN facebook_ads.creative_history cr ON cr.id = a.creative_id
              WHERE cr.video_id {} ?"""
    vid = int(ev["video_dropoff"]["video_id"])
    assert one(drop.format("="), vid) > 0.6
    assert one(drop.format("<>"), vid) < 0.6
    # demographics: CPA of the injected cells vs the whole account
    cpa = """WITH s AS (SELECT age, gender, sum(spend) AS spend FROM facebook_ads.campaign_age_gender_report GROUP BY ALL),
                  a AS (SELECT age, gender, sum(value) AS conv FROM facebook_ads.campaign_age_gender_report_actions
                        WHERE action_type = 'offsite_conversion.fb_pixel_purchase' GROUP BY ALL)
             SELECT (sum(spend) FILTER (WHERE age = ? AND gender = ?) / sum(conv) FILTER (WHERE age = ? AND gender = ?))
                    / (sum(spend) / sum(conv)) FROM s JOIN a USING (age, gender)"""
    hi, lo = ev["demographic_high_cpa"], ev["demographic_low_cpa"]
    assert one(cpa, hi["age"], hi["gender"], hi["age"], hi["gender"]) > 1.5
    assert one(cpa, lo["age"], lo["gender"], lo["age"], lo["gender"]) < 0.7
    # over-claim: Meta purchases vs GA4 paid-social purchases over the last 30 days; Google stays below the threshold
    meta = one("""SELECT sum(value) FROM facebook_ads.basic_ad_actions WHERE action_type = 'offsite_conversion.fb_pixel_purchase'
                  AND date > ?::DATE - 30""", END)
    ga_meta = one("""SELECT sum(key_events) FROM google_analytics_4.conversions_source_medium_report WHERE event_name = 'purchase'
                     AND session_medium = 'paid' AND session_source IN ('facebook', 'instagram') AND date > ?::DATE - 30""", END)
    google = one("SELECT sum(conversions) FROM google_ads.campaign_stats WHERE date > ?::DATE - 30", END)
    ga_google = one("""SELECT sum(key_events) FROM google_analytics_4.conversions_source_medium_report WHERE event_name = 'purchase'
                       AND session_source = 'google' AND session_medium = 'cpc' AND date > ?::DATE - 30""", END)
    assert meta / ga_meta > 1.3 and google / ga_google < 1.3, (meta, ga_meta, google, ga_google)


@pytest.mark.parametrize("tenant", TENANTS)
def test_klaviyo_effects_are_visible(wh: Path, manifest: dict, tenant: str) -> None:
    c = con(wh, tenant)
    ev = events(manifest, tenant)
    one = lambda sql, *p: c.execute(sql, list(p)).fetchone()[0]  # noqa: E731
    rates = """WITH e AS (SELECT ev.campaign_id, m.name AS mname, count(DISTINCT ev.person_id) AS n FROM klaviyo.event ev
                          JOIN klaviyo.metric m ON m.id = ev.metric_id WHERE ev.campaign_id IS NOT NULL GROUP BY ALL),
                    r AS (SELECT c.id, c.send_time, max(n) FILTER (WHERE mname = 'Received Email') AS rcv,
                                 max(n) FILTER (WHERE mname = 'Opened Email') AS opn, max(n) FILTER (WHERE mname = 'Unsubscribed') AS uns
                          FROM klaviyo.campaign c JOIN e ON e.campaign_id = c.id WHERE c.channel = 'email' GROUP BY ALL)
               SELECT (SELECT {m} FROM r WHERE id = ?) / median({m}) FROM r WHERE send_time > ?::DATE - 90"""
    lo, us = ev["email_low_open_rate"], ev["unsubscribe_spike"]
    assert one(rates.format(m="opn / rcv"), lo["campaign_id"], END) < 0.7
    assert one(rates.format(m="coalesce(uns, 0) / rcv"), us["campaign_id"], END) > 3
    # flow revenue per recipient, last 30 days vs the 30 before
    rp = ev["flow_rpr_drop"]
    r = one("""WITH e AS (SELECT ev.timestamp::DATE AS d, m.name, ev.property_value FROM klaviyo.event ev JOIN klaviyo.metric m
                          ON m.id = ev.metric_id WHERE ev.flow_id = ?)
               SELECT (sum(property_value::DOUBLE) FILTER (WHERE name = 'Placed Order' AND d >= ?::DATE)
                       / count(*) FILTER (WHERE name = 'Received Email' AND d >= ?::DATE))
                    / (sum(property_value::DOUBLE) FILTER (WHERE name = 'Placed Order' AND d BETWEEN ?::DATE - 30 AND ?::DATE - 1)
                       / count(*) FILTER (WHERE name = 'Received Email' AND d BETWEEN ?::DATE - 30 AND ?::DATE - 1)) FROM e""",
            rp["flow_id"], *[rp["date_from"]] * 6)
    assert r < 0.7, r
    fb = ev["flow_step_bounces"]
    b = one("""SELECT count(*) FILTER (WHERE m.name = 'Bounced Email') / count(*) FROM klaviyo.event ev JOIN klaviyo.metric m
               ON m.id = ev.metric_id WHERE ev.flow_message_id = ? AND ev.timestamp >= ?::DATE
               AND m.name IN ('Bounced Email', 'Received Email')""", fb["flow_message_id"], fb["date_from"])
    assert b > 0.05, b
    # the whole Welcome flow over the window bounces more than 2 % (the lifecycle agent's floor) on every tenant
    fb_flow = one("""SELECT count(*) FILTER (WHERE m.name = 'Bounced Email') / count(*) FROM klaviyo.event ev
                     JOIN klaviyo.metric m ON m.id = ev.metric_id WHERE ev.flow_id = ? AND ev.timestamp >= ?::DATE
                     AND m.name IN ('Bounced Email', 'Received Email')""", fb["flow_id"], fb["date_from"])
    assert fb_flow > 0.02, fb_flow
    # both flow situations start 29 days before the end: the agent's 30-day window, none of it in the period before
    assert rp["date_from"] == fb["date_from"] == str(date.fromisoformat(END) - timedelta(days=29))
    # list and segment sizes from the History Mode intervals
    size = """SELECT count(*) FROM klaviyo.{t} WHERE {k} = ? AND _fivetran_start::DATE <= ?::DATE AND _fivetran_end::DATE > ?::DATE"""
    lc, lg = ev["list_churn"], ev["list_growth"]
    s_end = one(size.format(t="list_person", k="list_id"), lc["list_id"], END, END)
    s_90 = one(size.format(t="list_person", k="list_id"), lc["list_id"], str(date.fromisoformat(END) - timedelta(days=90)),
               str(date.fromisoformat(END) - timedelta(days=90)))
    assert s_end < s_90
    g_end = one(size.format(t="list_person", k="list_id"), lg["list_id"], END, END)
    g_90 = one(size.format(t="list_person", k="list_id"), lg["list_id"], str(date.fromisoformat(END) - timedelta(days=90)),
               str(date.fromisoformat(END) - timedelta(days=90)))
    assert g_end > g_90
    sc = ev["segment_change"]
    d = date.fromisoformat(sc["date"])
    before = one(size.format(t="segment_person", k="segment_id"), sc["segment_id"], str(d - timedelta(days=3)), str(d - timedelta(days=3)))
    after = one(size.format(t="segment_person", k="segment_id"), sc["segment_id"], str(d + timedelta(days=3)), str(d + timedelta(days=3)))
    assert after < 0.8 * before, (before, after)
    overlaps = one("""SELECT count(*) FROM (SELECT list_id, person_id, _fivetran_start AS s, _fivetran_end AS e,
                             lead(_fivetran_start) OVER (PARTITION BY list_id, person_id ORDER BY _fivetran_start) AS ns
                      FROM klaviyo.list_person) WHERE ns < e""")
    assert overlaps == 0


# ---------------------------------------------------------------- append-day

def test_append_day_adds_a_day_and_restates_the_previous_ones(tmp_path: Path) -> None:
    out = tmp_path / "w"
    run("generate", "--out", str(out), "--tenants", "kiwi-outdoors", "--scale", "0.01", "--seed", "5", "--end-date", END,
        "--days", "150", "--quiet")
    raw = out / "kiwi-outdoors" / "raw.duckdb"
    snap = """SELECT date, id, device, ad_network_type, cost_micros, clicks, _fivetran_synced FROM google_ads.campaign_stats"""
    c = duckdb.connect(str(raw), read_only=True)
    before = {r[:4]: r[4:] for r in c.execute(snap).fetchall()}
    ev_before = c.execute("SELECT count(*), sum(hash(e)) FROM klaviyo.event e").fetchone()
    c.close()
    run("append-day", "--out", str(out), "--tenant", "kiwi-outdoors", "--restate-days", "3", "--quiet")
    c = duckdb.connect(str(raw), read_only=True)
    after = {r[:4]: r[4:] for r in c.execute(snap).fetchall()}
    end = date.fromisoformat(END)
    new_day = end + timedelta(days=1)
    assert c.execute("SELECT max(date) FROM google_ads.campaign_stats").fetchone()[0] == new_day
    assert c.execute("SELECT max(date) FROM facebook_ads.basic_ad").fetchone()[0] == new_day
    assert c.execute("SELECT max(date) FROM google_analytics_4.conversions_report").fetchone()[0] == new_day
    assert c.execute("SELECT max(date) FROM miq_reference.fx_rates_daily").fetchone()[0] == new_day
    assert c.execute("SELECT max(timestamp)::DATE FROM klaviyo.event").fetchone()[0] == new_day
    old = {k: v for k, v in before.items() if k[0] < end - timedelta(days=2)}
    assert all(after[k] == v for k, v in old.items()), "rows outside the restatement window changed"
    window = [k for k in before if k[0] >= end - timedelta(days=2)]
    changed = [k for k in window if k in after and after[k][:2] != before[k][:2]]
    assert changed, "restated rows have the same numbers"
    assert all(after[k][2] > before[k][2] for k in window if k in after), "restated rows need a newer _fivetran_synced"
    # restated grains still add up
    assert c.execute("SELECT sum(cost_micros), sum(clicks) FROM google_ads.campaign_stats").fetchone() == \
        c.execute("SELECT sum(cost_micros), sum(clicks) FROM google_ads.campaign_hourly_stats").fetchone()
    assert c.execute("SELECT round(sum(spend), 2) FROM facebook_ads.basic_ad").fetchone() == \
        c.execute("SELECT round(sum(spend), 2) FROM facebook_ads.ad_device_report").fetchone()
    dups = c.execute("""SELECT count(*) FROM (SELECT date, id, device, ad_network_type FROM google_ads.campaign_stats
                        GROUP BY ALL HAVING count(*) > 1)""").fetchone()[0]
    assert dups == 0
    ev_after = c.execute("SELECT count(*) FROM klaviyo.event WHERE timestamp::DATE <= ?", [end]).fetchone()[0]
    assert ev_after == ev_before[0], "events of earlier days are immutable"
    m = json.loads((out / "manifest.json").read_text())
    assert m["tenants"]["kiwi-outdoors"]["end_date"] == str(new_day) and m["tenants"]["kiwi-outdoors"]["appends"] == 1
