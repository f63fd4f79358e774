"""Incremental models equal a full refresh after the generator appends a day (with restatements).

Works on a copy of one tenant's raw.duckdb in a temporary directory (never the shared warehouse): dbt run of the
incremental models with everything they need and feed (selector @config.materialized:incremental), then
`python -m miqgen append-day` (appends a day and restates the previous 3 days with new numbers), then an incremental
`dbt run` of the incremental models and everything they need, then a full refresh of the same selection into a second
marts file. Every incremental model (and the email facts over the Klaviyo aggregate) must hold exactly the same rows in
both; so must every other table of the selection (what the incremental models feed). DOUBLE columns are compared
rounded to 9 decimals (sums in a different order may differ in the last bit).

The incremental models are found from their config in dbt/models (a model made incremental is covered without editing
this file). Before the incremental run one Meta video ad also gets a new version with another creative (another
video): the facts that carry the ad's current attributes must notice it and match the full refresh too."""

from __future__ import annotations

import json
import os
import pathlib
import re
import datetime
import shutil
import subprocess

import duckdb
import pytest

from conftest import REPO
from tenant_env import tenant_env

TENANT = "kiwi-outdoors"  # the smallest tenant: the test runs dbt three times
SELECTOR = "@config.materialized:incremental"  # the incremental models, what they feed and all their parents
MODELS = REPO / "dbt" / "models"
INCREMENTAL = sorted(
    p.stem for p in MODELS.rglob("*.sql") if re.search(r"materialized\s*=\s*'incremental'", p.read_text()))
# the large facts that must stay incremental (a guard against the scan above finding nothing)
REQUIRED = {
    "int_klaviyo_events_aggregated", "fact_campaign_hourly", "fact_search_term_daily", "fact_list_membership",
    "fact_segment_membership", "fact_keyword_performance_daily", "fact_ad_group_performance_daily",
    "fact_ad_performance_daily", "fact_video_performance_daily", "fact_demographics_daily", "fact_ga4_traffic_daily",
    "segment_membership_changes", "list_membership_changes", "int_meta_ad_device_report_joined",
}
DOWNSTREAM = ["fact_email_campaign_daily", "fact_email_flow_daily"]
# not models: the changed-days bookkeeping of incremental runs (macros/incremental_changes.sql)
BOOKKEEPING = {"miq_incremental_run", "miq_incremental_state"}


def _dbt(work: pathlib.Path, *args: str, marts: pathlib.Path) -> None:
    env = {
        **os.environ,
        **tenant_env(TENANT),
        "MIQ_WAREHOUSE_DIR": str(work),
        "MIQ_TENANT": TENANT,
        "MIQ_MARTS_PATH": str(marts),
        "MIQ_DBT_THREADS": "1",
        "MIQ_DUCKDB_THREADS": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    cmd = [str(REPO / ".venv" / "bin" / "dbt"), *args, "--project-dir", str(REPO / "dbt"), "--profiles-dir",
           str(REPO / "dbt"), "--target-path", str(work / "target"), "--log-path", str(work / "logs"), "--quiet"]
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-2000:]}"


def _tables(marts: pathlib.Path) -> dict[str, str]:
    """model name -> schema.name of every table in the marts file."""
    con = duckdb.connect(str(marts), read_only=True)
    try:
        return {n: f"{s}.{n}" for s, n in con.execute(
            "select table_schema, table_name from information_schema.tables where table_catalog = current_database() "
            "and table_type = 'BASE TABLE'").fetchall()}
    finally:
        con.close()


def _rows(marts: pathlib.Path, relation: str) -> list[tuple]:
    con = duckdb.connect(str(marts), read_only=True)
    try:
        cols = con.execute(
            "select column_name, data_type from information_schema.columns where table_catalog = current_database() "
            "and table_schema = ? and table_name = ? order by ordinal_position", relation.split(".")).fetchall()
        exprs = [f"round({c}, 9)" if t in ("DOUBLE", "FLOAT") else c for c, t in cols]
        return con.execute(f"select {', '.join(exprs)} from {marts.stem}.{relation} order by all").fetchall()
    finally:
        con.close()


def _daily_spend(marts: pathlib.Path) -> dict:
    con = duckdb.connect(str(marts), read_only=True)
    try:
        return {str(d): s for d, s in con.execute(
            f"select date_day, sum(spend) from {marts.stem}.marts.fact_search_term_daily group by 1").fetchall()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def appended(warehouse: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("incremental")
    (work / TENANT).mkdir()
    shutil.copy(warehouse / TENANT / "raw.duckdb", work / TENANT / "raw.duckdb")
    shutil.copy(warehouse / "manifest.json", work / "manifest.json")
    incremental, full = work / TENANT / "marts.duckdb", work / TENANT / "marts_full.duckdb"
    _dbt(work, "run", "-s", SELECTOR, marts=incremental)
    before = _daily_spend(incremental)
    with duckdb.connect(str(incremental), read_only=True) as con:
        watermarks_before = dict(con.execute(
            "select source_table, cast(synced_through as varchar) from marts.main.miq_incremental_state").fetchall())
    views_before = _staging_views(incremental, probe=True)
    gen = subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), "-m", "miqgen", "append-day", "--out", str(work), "--tenant", TENANT,
         "--quiet"],
        env={**os.environ, "PYTHONPATH": str(REPO / "dbt" / "generator")}, cwd=REPO, capture_output=True, text=True)
    assert gen.returncode == 0, gen.stderr
    changed_ad = _change_a_video_ads_creative(work / TENANT / "raw.duckdb")
    closed = _close_old_memberships(work / TENANT / "raw.duckdb")
    _add_a_raw_column(work / TENANT / "raw.duckdb")
    _dbt(work, "run", "-s", SELECTOR, marts=incremental)
    compiled = work / "target" / "compiled" / "marketing_iq" / "models" / "marts" / "facts" / "part2"
    search_terms_sql = (compiled / "fact_search_term_daily.sql").read_text()
    segment_sql = (compiled / "fact_segment_membership.sql").read_text()
    views_after = _staging_views(incremental)
    _dbt(work, "run", "--full-refresh", "-s", SELECTOR, marts=full)
    manifest = json.loads((work / "manifest.json").read_text())["tenants"][TENANT]
    return {"incremental": incremental, "full": full, "before": before, "restated": manifest["restated"][-1],
            "changed_ad": changed_ad, "closed": closed, "views_before": views_before, "views_after": views_after,
            "search_terms_sql": search_terms_sql, "segment_sql": segment_sql, "watermarks_before": watermarks_before,
            "work": work}


def _staging_views(marts: pathlib.Path, probe: bool = False) -> dict[str, tuple[str | None, int]]:
    """Each staging view's probe (a comment on its first column, set with probe=True: recreating the view drops it)
    and its row count (the view still answers)."""
    con = duckdb.connect(str(marts))
    try:
        con.execute(f"attach '{marts.parent / 'raw.duckdb'}' as raw (read_only)")
        names = [n for (n,) in con.execute(
            "select view_name from duckdb_views() where database_name = ? and schema_name = 'staging'",
            [marts.stem]).fetchall()]
        found = {}
        for n in names:
            first = con.execute(
                "select column_name from duckdb_columns() where database_name = ? and schema_name = 'staging' "
                "and table_name = ? order by column_index limit 1", [marts.stem, n]).fetchone()[0]
            if probe:
                con.execute(f'comment on column {marts.stem}.staging."{n}"."{first}" is \'probe\'')
            comment = con.execute(
                "select comment from duckdb_columns() where database_name = ? and schema_name = 'staging' "
                "and table_name = ? and column_name = ?", [marts.stem, n, first]).fetchone()[0]
            found[n] = (comment, con.execute(f'select count(*) from {marts.stem}.staging."{n}"').fetchone()[0])
        return found
    finally:
        con.close()


# The raw table whose columns change before the incremental run (a connector adding a column).
WIDENED = ("klaviyo", "metric", "stg_klaviyo__metric")


def _add_a_raw_column(raw: pathlib.Path) -> None:
    con = duckdb.connect(str(raw))
    try:
        con.execute(f"alter table {WIDENED[0]}.{WIDENED[1]} add column miq_test_extra varchar")
    finally:
        con.close()


def _change_a_video_ads_creative(raw: pathlib.Path) -> tuple[str, str, str]:
    """A new version of a Meta ad with video stats, an hour after its latest, with a creative of another video."""
    con = duckdb.connect(str(raw))
    try:
        ad_id, old_video, new_creative, new_video = con.execute("""
            with latest_creative as (
                select id, video_id from facebook_ads.creative_history
                qualify row_number() over (partition by id order by _fivetran_synced desc) = 1
            ),
            latest_ad as (
                select id, creative_id from facebook_ads.ad_history
                qualify row_number() over (partition by id order by updated_time desc) = 1
            )
            select a.id, c.video_id, o.id, o.video_id
            from latest_ad as a
            join latest_creative as c on c.id = a.creative_id and c.video_id is not null
            join latest_creative as o on o.video_id is not null and o.video_id <> c.video_id
            where cast(a.id as varchar) in (select ad_id from facebook_ads.ad_video_report)
            order by a.id, o.id limit 1""").fetchone()
        con.execute("""
            insert into facebook_ads.ad_history
            select * replace (updated_time + interval 1 hour as updated_time, ? as creative_id,
                              _fivetran_synced + interval 1 hour as _fivetran_synced)
            from facebook_ads.ad_history where id = ? order by updated_time desc limit 1""", [new_creative, ad_id])
        return str(ad_id), str(old_video), str(new_video)
    finally:
        con.close()


def _close_old_memberships(raw: pathlib.Path) -> dict[str, tuple[str, str, str]]:
    """One open segment and one open list membership end now, as History Mode records it: the open row (synced long
    before the lookback) gets its _fivetran_end and a new _fivetran_synced, after the newest sync in the table."""
    con = duckdb.connect(str(raw))
    closed = {}
    try:
        for table, key in (("segment_person", "segment_id"), ("list_person", "list_id")):
            newest = con.execute(f"select max(_fivetran_synced) from klaviyo.{table}").fetchone()[0]
            row = con.execute(f"""
                select {key}, person_id, _fivetran_start from klaviyo.{table}
                where _fivetran_active and _fivetran_synced < ? - interval 30 day
                order by _fivetran_start, person_id limit 1""", [newest]).fetchone()
            assert row, f"no open {table} row synced before the lookback"
            con.execute(f"""
                update klaviyo.{table}
                set _fivetran_end = ? + interval 1 minute, _fivetran_active = false,
                    _fivetran_synced = ? + interval 2 minute
                where {key} = ? and person_id = ? and _fivetran_start = ?""", [newest, newest, *row])
            closed[table] = tuple(str(v) for v in row)
    finally:
        con.close()
    return closed


def test_the_incremental_models_are_found():
    assert REQUIRED <= set(INCREMENTAL), f"not incremental: {sorted(REQUIRED - set(INCREMENTAL))}"


@pytest.mark.parametrize("model", INCREMENTAL + DOWNSTREAM)
def test_incremental_run_equals_full_refresh(appended, model):
    relation = _tables(appended["full"]).get(model)
    assert relation, f"{model} was not built"
    incremental = _rows(appended["incremental"], relation)
    full = _rows(appended["full"], relation)
    assert incremental, f"{relation} is empty"
    assert len(incremental) == len(full), f"{relation}: {len(incremental)} rows incremental, {len(full)} full refresh"
    assert incremental == full, f"{relation}: incremental rows differ from a full refresh"


def test_every_other_table_equals_full_refresh(appended):
    """What the incremental models feed and need (rebuilt as tables) is equal as well."""
    full, incremental = _tables(appended["full"]), _tables(appended["incremental"])
    others = sorted(set(full) - set(INCREMENTAL) - set(DOWNSTREAM) - BOOKKEEPING)
    assert len(others) > 10 and set(others) <= set(incremental)
    differ = [m for m in others if _rows(appended["incremental"], full[m]) != _rows(appended["full"], full[m])]
    assert not differ, f"differ from a full refresh: {differ}"


def test_the_changed_ad_moved_to_its_new_video(appended):
    """The ad's new creative reached the video fact on every day (not only the lookback days)."""
    ad_id, old_video, new_video = appended["changed_ad"]
    con = duckdb.connect(str(appended["incremental"]), read_only=True)
    try:
        keys = con.execute(
            "select video_key, count(*), min(date_day) from marts.marts.fact_video_performance_daily where ad_id = ? "
            "group by 1", [ad_id]).fetchall()
        newest = con.execute("select max(date_day) from marts.marts.fact_video_performance_daily").fetchone()[0]
    finally:
        con.close()
    assert [k for k, _, _ in keys] == [f"meta:{new_video}"], keys
    assert (newest - keys[0][2]).days > 7, "the ad's rows all lie inside the lookback: the recheck is not exercised"


def test_unchanged_staging_views_are_kept_and_a_changed_one_recreated(appended):
    """The incremental run leaves a staging view alone when neither its SQL nor its raw table's columns changed
    (macros/materializations/view_if_changed.sql): the probe comment on its first column survived. The view over the
    raw table that got a new column was recreated (probe gone). Every view still answers (the fixture counts rows)."""
    before, after = appended["views_before"], appended["views_after"]
    assert len(before) > 10 and set(after) == set(before)
    assert all(probe == "probe" for probe, _ in before.values())
    recreated = sorted(v for v in before if after[v][0] != "probe")
    assert recreated == [WIDENED[2]], recreated
    assert after[WIDENED[2]][1] == before[WIDENED[2]][1] > 0


def test_the_closed_memberships_are_closed(appended):
    """An interval synced long before the lookback and closed now is closed in the incremental facts (its row was
    replaced, not kept) and has its end row in the membership changes."""
    con = duckdb.connect(str(appended["incremental"]), read_only=True)
    try:
        for table, kind in (("segment_person", "segment"), ("list_person", "list")):
            group_id, person_id, start = appended["closed"][table]
            rows = con.execute(f"""
                select f.valid_to is not null, f.is_current,
                    (select count(*) from marts.marts.{kind}_membership_changes as c
                     where c.row_key = f.row_key || ':end')
                from marts.marts.fact_{kind}_membership as f
                where f.{kind}_id = ? and f.member_key = md5(?) and f.valid_from = cast(? as timestamp)""",
                [group_id, person_id, start]).fetchall()
            assert rows == [(True, False, 1)], f"{kind} membership {group_id}/{person_id}: {rows}"
    finally:
        con.close()


def test_the_append_restated_days_and_added_one(appended):
    """The lookback was exercised: restated days changed in the incremental fact, and the new day arrived."""
    restated, before = appended["restated"], appended["before"]
    after = _daily_spend(appended["incremental"])
    assert restated["new_date"] not in before and restated["new_date"] in after
    window = [d for d in after if restated["date_from"] <= d <= restated["date_to"]]
    assert window, "no restated days in the fact"
    assert any(abs(after[d] - before[d]) > 1e-9 for d in window), "restated days kept their old numbers"
    untouched = [d for d in before if d < restated["date_from"]]
    # recomputed days inside the lookback may differ in the last bits (a different summation order), no more
    assert all(abs(after[d] - before[d]) <= 1e-9 * max(1.0, abs(before[d])) for d in untouched), \
        "days before the restatement window changed"


def _raw_newest_synced(raw: pathlib.Path) -> dict[str, object]:
    """Per connector, the newest _fivetran_synced of its tables."""
    con = duckdb.connect(str(raw), read_only=True)
    try:
        tables = con.execute("""
            select schema_name, table_name from duckdb_columns() where database_name = current_database()
            group by all
            having bool_or(column_name = '_fivetran_synced')""").fetchall()
        newest: dict[str, object] = {}
        for schema, table in tables:
            value = con.execute(f"select max(_fivetran_synced) from {schema}.{table}").fetchone()[0]
            newest[schema] = max(value, newest.get(schema, value))
        return newest
    finally:
        con.close()


def test_the_incremental_run_read_only_the_changed_days(appended):
    """The daily run recomputed from the first restated day (the generator's manifest says which), not from the start
    of the 7-day lookback window, and the watermark moved to the raw tables' newest sync."""
    restated = appended["restated"]
    con = duckdb.connect(str(appended["incremental"]), read_only=True)
    try:
        run = {c: (str(d) if d else None, k) for c, d, k in con.execute(
            "select connector, min(changed_from), bool_and(known) from marts.main.miq_incremental_run "
            "group by connector").fetchall()}
        state = dict(con.execute("select connector, max(synced_through) from marts.main.miq_incremental_state "
                                 "group by connector").fetchall())
        tables = con.execute("select count(*), count(distinct source_table) from marts.main.miq_incremental_state"
                             ).fetchone()
    finally:
        con.close()
    for connector in ("google_ads", "facebook_ads", "google_analytics_4"):
        assert run[connector] == (restated["date_from"], True), (connector, run)
    # Klaviyo: only the new day's events arrived; a local day may start the UTC day before
    assert run["klaviyo"][1] is True and run["klaviyo"][0] >= restated["date_from"], run
    assert f"date_day >= cast('{restated['date_from']}' as date)" in appended["search_terms_sql"]
    assert state == _raw_newest_synced(appended["work"] / TENANT / "raw.duckdb")
    assert tables[0] == tables[1] > 30, tables  # one watermark per source table
    # The segment memberships re-read the rows synced since segment_person's watermark of the run before, not the last
    # 7 days of syncs.
    mark = appended["watermarks_before"]["raw.klaviyo.segment_person"]
    assert f"_fivetran_synced >= cast('{mark}' as timestamp)" in appended["segment_sql"], mark


def test_a_run_with_no_new_sync_reads_nothing_and_a_selection_keeps_the_watermark(appended, tmp_path):
    """Nothing synced since the watermark: the search-term fact reads no day (and stays equal to the full refresh);
    a run of a selection of the models leaves the watermark where it was."""
    work = appended["work"]
    marts = tmp_path / "marts.duckdb"
    shutil.copy(appended["incremental"], marts)
    _dbt(work, "run", "-s", "fact_search_term_daily", marts=marts)
    sql = (work / "target" / "compiled" / "marketing_iq" / "models" / "marts" / "facts" / "part2"
           / "fact_search_term_daily.sql").read_text()
    con = duckdb.connect(str(marts), read_only=True)
    try:
        newest = con.execute("select max(date_day) from marts.marts.fact_search_term_daily").fetchone()[0]
        run = con.execute("select bool_and(known), max(changed_from) from marts.main.miq_incremental_run").fetchone()
        state = dict(con.execute("select source_table, synced_through from marts.main.miq_incremental_state").fetchall())
    finally:
        con.close()
    assert run == (True, None)
    assert f"date_day >= cast('{newest + datetime.timedelta(days=1)}' as date)" in sql
    assert _rows(marts, "marts.fact_search_term_daily") == _rows(appended["full"], "marts.fact_search_term_daily")
    con = duckdb.connect(str(appended["incremental"]), read_only=True)
    try:
        before = dict(con.execute("select source_table, synced_through from marts.main.miq_incremental_state").fetchall())
    finally:
        con.close()
    assert state == before
