"""Incremental models equal a full refresh after the generator appends a day (with restatements).

Works on a copy of one tenant's raw.duckdb in a temporary directory (never the shared warehouse): dbt run of the
incremental models with everything they need and feed (selector @config.materialized:incremental), then
`python -m miqgen append-day` (appends a day and restates the previous 3 days with new numbers), then an incremental
`dbt run` of the incremental models and everything they need, then a full refresh of the same selection into a second
marts file. Every incremental model (and the email facts over the Klaviyo aggregate) must hold exactly the same rows in
both. DOUBLE columns are compared rounded to 9 decimals (sums in a different order may differ in the last bit)."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess

import duckdb
import pytest

from conftest import REPO
from tenant_env import tenant_env

TENANT = "kiwi-outdoors"  # the smallest tenant: the test runs dbt three times
SELECTOR = "@config.materialized:incremental"  # the incremental models, what they feed and all their parents
INCREMENTAL = [
    "intermediate.int_klaviyo_events_aggregated", "marts.fact_campaign_hourly", "marts.fact_search_term_daily",
    "marts.fact_list_membership", "marts.fact_segment_membership", "marts.fact_keyword_performance_daily",
    "marts.fact_ad_group_performance_daily", "marts.fact_ad_performance_daily",
]
DOWNSTREAM = ["marts.fact_email_campaign_daily", "marts.fact_email_flow_daily"]


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
    gen = subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), "-m", "miqgen", "append-day", "--out", str(work), "--tenant", TENANT,
         "--quiet"],
        env={**os.environ, "PYTHONPATH": str(REPO / "dbt" / "generator")}, cwd=REPO, capture_output=True, text=True)
    assert gen.returncode == 0, gen.stderr
    _dbt(work, "run", "-s", SELECTOR, marts=incremental)
    _dbt(work, "run", "--full-refresh", "-s", SELECTOR, marts=full)
    manifest = json.loads((work / "manifest.json").read_text())["tenants"][TENANT]
    return {"incremental": incremental, "full": full, "before": before, "restated": manifest["restated"][-1]}


@pytest.mark.parametrize("relation", INCREMENTAL + DOWNSTREAM)
def test_incremental_run_equals_full_refresh(appended, relation):
    incremental = _rows(appended["incremental"], relation)
    full = _rows(appended["full"], relation)
    assert incremental, f"{relation} is empty"
    assert len(incremental) == len(full), f"{relation}: {len(incremental)} rows incremental, {len(full)} full refresh"
    assert incremental == full, f"{relation}: incremental rows differ from a full refresh"


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
