"""The whole dbt project (models + data tests) through dbt-snowflake against fakesnow, per tenant."""

from __future__ import annotations

import json

import pytest
from conftest import client_database, connect, duckdb_target, tenants


@pytest.mark.parametrize("tenant", tenants())
def test_whole_project_builds_and_tests_pass_on_snowflake_dialect(tenant, snowflake_builds):
    code, results, log = snowflake_builds[tenant]
    failed = [(r["unique_id"], r["status"], (r.get("message") or "")[:300]) for r in results["results"]
              if r["status"] not in ("success", "pass")]
    assert code == 0 and not failed, f"dbt-snowflake build failed for {tenant}: {failed}\n{log}"
    # Same nodes as the DuckDB build of the same project (nothing silently disabled for Snowflake).
    duck = json.loads((duckdb_target(tenant) / "run_results.json").read_text())
    assert sorted(r["unique_id"] for r in results["results"]) == sorted(r["unique_id"] for r in duck["results"])
    models = [r for r in results["results"] if r["unique_id"].startswith("model.")]
    tests = [r for r in results["results"] if r["unique_id"].startswith("test.")]
    assert len(models) >= 20 and len(tests) >= 100


@pytest.mark.parametrize("tenant", tenants())
def test_objects_are_unquoted_upper_case_in_the_tenant_database(tenant, built_port):
    """dbt-snowflake creates unquoted names: Snowflake stores them upper-case, which the API's compiler relies on."""
    db = client_database(tenant)
    with connect(built_port, db) as c:
        cur = c.cursor()
        cur.execute(f"show tables in schema {db}.MARTS")
        names = [r[1] for r in cur.fetchall()]
        assert "FACT_CAMPAIGN_PERFORMANCE_DAILY" in names and all(n == n.upper() for n in names)
        cur.execute(f'select "TENANT_ID", "DATE_DAY" from "{db}"."MARTS"."FACT_CAMPAIGN_PERFORMANCE_DAILY" limit 1')
        assert [d[0] for d in cur.description] == ["TENANT_ID", "DATE_DAY"]
        assert cur.fetchone()[0] == tenant
