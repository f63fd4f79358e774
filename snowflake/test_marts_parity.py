"""Every mart built by dbt-snowflake on fakesnow equals the mart dbt-duckdb built from the same raw data: same columns,
row count, per-column totals and the same rows (as multisets, numbers to 1e-6)."""

from __future__ import annotations

import duckdb
import pytest
from conftest import check_dir, client_database, connect, tenants
from parity import diff_tables

# Snowflake connector type codes (snowflake.connector.constants.FIELD_TYPES) of TIMESTAMP_NTZ/LTZ/TZ.
TIMESTAMP_TYPE_CODES = {6, 7, 8}


def duckdb_marts(tenant: str) -> list[str]:
    with duckdb.connect(str(check_dir() / tenant / "marts.duckdb"), read_only=True) as d:
        return [r[0] for r in d.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]


def cases() -> list[tuple[str, str]]:
    return [(t, m) for t in tenants() for m in duckdb_marts(t)]


def snowflake_rows(port: int, tenant: str, mart: str) -> tuple[list[str], list[tuple]]:
    """All rows of a mart through the Python connector. Timestamp columns carry a server-side null flag: fakesnow
    returns a null TIMESTAMP_NTZ as 1970-01-01 over the wire (see test_fakesnow_gaps.py), the flag restores null."""
    db = client_database(tenant)
    with connect(port, db) as c:
        cur = c.cursor()
        cur.execute(f"select * from {db}.MARTS.{mart.upper()} limit 0")
        cols = [d[0] for d in cur.description]
        ts = [d[0] for d in cur.description if d[1] in TIMESTAMP_TYPE_CODES]
        flags = "".join(f', {c} is null as "__NULL_{c}"' for c in ts)
        cur.execute(f"select *{flags} from {db}.MARTS.{mart.upper()}")
        rows = cur.fetchall()
    idx = {c: i for i, c in enumerate(cols)}
    fixed = []
    for r in rows:
        r = list(r[: len(cols)]) + list(r[len(cols):])
        for k, c in enumerate(ts):
            if r[len(cols) + k]:
                r[idx[c]] = None
        fixed.append(tuple(r[: len(cols)]))
    return cols, fixed


@pytest.mark.parametrize(("tenant", "mart"), cases())
def test_mart_equals_duckdb_build(tenant, mart, built_port):
    s_cols, s_rows = snowflake_rows(built_port, tenant, mart)
    with duckdb.connect(str(check_dir() / tenant / "marts.duckdb"), read_only=True) as d:
        r = d.execute(f'select * from marts.marts."{mart}"')
        d_cols = [x[0] for x in r.description]
        d_rows = r.fetchall()
    assert d_rows or mart == "source_freshness", f"{mart} is empty in DuckDB: comparison would be vacuous"
    problems = diff_tables(mart, s_cols, s_rows, d_cols, d_rows)
    assert not problems, "\n".join(problems)


def test_every_contract_mart_is_compared():
    """The parity cases cover the marts of the contract (CONTRIBUTING.md), not whatever happens to exist."""
    contract = {
        "dim_date", "dim_hour", "dim_platform", "dim_device", "dim_account", "dim_campaign", "dim_geography",
        "dim_source_medium", "dim_conversion_action", "dim_email_campaign", "dim_email_flow",
        "fact_campaign_performance_daily", "fact_ga4_traffic_daily", "fact_ga4_conversions_daily",
        "fact_email_campaign_daily", "fact_email_flow_daily", "source_freshness",
    }
    for t in tenants():
        assert contract <= set(duckdb_marts(t))
