"""Semantic-layer SQL in Snowflake's dialect (compiled by the API's own compiler) executed on fakesnow through the
Python connector, against the marts dbt-snowflake built, compared with the DuckDB results of the same queries through
the API's DuckDB warehouse: same rows in the same order, same numbers, same JSON types after the wire mapping."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import subprocess
from collections import Counter

import pytest
from conftest import ROOT, check_dir, connect, duckdb_target, tenants

QUERY_NAMES_MIN = 21  # 12 golden examples + 5 extra + 4 dashboard panels (snowflake/semantic-queries.ts)


@pytest.fixture(scope="session")
def compiled():
    manifest = duckdb_target(tenants()[0]) / "semantic_manifest.json"
    p = subprocess.run(
        ["node", "--import", "tsx", "snowflake/semantic-queries.ts", "--manifest", str(manifest),
         "--warehouse-dir", str(check_dir()), "--tenants", ",".join(tenants())],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout)


def wire(v, kind: str):
    """Snowflake value -> the JSON value the API sends (embed-api shape.ts + snowflake-warehouse.ts mapping)."""
    if v is None:
        return None
    if kind in ("measure", "total"):
        f = float(v)
        return f if math.isfinite(f) else None
    if isinstance(v, bool):
        return v
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (int, decimal.Decimal, float)):
        return float(v)
    return str(v)


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return math.isclose(a, float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b and type(a) is type(b)


def run_snowflake(port: int, entry: dict) -> tuple[list[str], list[tuple]]:
    with connect(port) as c:
        cur = c.cursor()
        cur.execute(entry["sql"], entry["parameters"])
        return [d[0] for d in cur.description], cur.fetchall()


def compare(entry: dict, cols: list[str], rows: list[tuple]) -> list[str]:
    name = f"{entry['tenant']}/{entry['query']}/{entry['role']}"
    expected = entry["duckdb"]["rows"]
    if entry["role"] == "freshness":
        got = Counter((r[0], r[1].isoformat(timespec="seconds")) for r in rows)
        want = Counter((r["source"], r["last_synced_at"][:19]) for r in expected)
        return [] if got == want else [f"{name}: freshness {dict(got)} != {dict(want)}"]
    pos = {c.upper(): i for i, c in enumerate(cols)}
    problems = []
    if len(rows) != len(expected):
        problems.append(f"{name}: {len(rows)} rows on snowflake, {len(expected)} on duckdb")
    keyed = [c for c in entry["columns"] if c["kind"] != "total"]
    got_rows = [{c["key"]: wire(r[pos[c["alias"].upper()]], c["kind"]) for c in keyed} for r in rows]
    if " order by " not in entry["sql"].lower():
        # No ORDER BY (the comparison-period query; the API matches its rows by key): row order is unspecified on
        # both engines, so compare in the order of the dimension values.
        dims = [c["key"] for c in keyed if c["kind"] != "measure"]
        by_dims = lambda row: tuple(str(row.get(k)) for k in dims)  # noqa: E731
        got_rows, expected = sorted(got_rows, key=by_dims), sorted(expected, key=by_dims)
    for i, (r, e) in enumerate(zip(got_rows, expected)):
        for col in keyed:
            got = r[col["key"]]
            want = e.get(col["key"])
            if not same(got, want):
                problems.append(f"{name} row {i} {col['key']}: snowflake {got!r} != duckdb {want!r}")
    total = next((c for c in entry["columns"] if c["kind"] == "total"), None)
    if total and rows:
        got = wire(rows[0][pos[total["alias"].upper()]], "total")
        if not same(got, entry["duckdb"]["total"]):
            problems.append(f"{name}: total snowflake {got} != duckdb {entry['duckdb']['total']}")
    return problems[:20]


@pytest.mark.parametrize("tenant", tenants())
def test_every_query_returns_the_duckdb_rows_on_snowflake(tenant, compiled, built_port):
    entries = [e for e in compiled if e["tenant"] == tenant]
    assert len({e["query"] for e in entries}) >= QUERY_NAMES_MIN
    problems, compared_rows = [], 0
    for e in entries:
        cols, rows = run_snowflake(built_port, e)
        compared_rows += len(rows)
        problems += compare(e, cols, rows)
    assert not problems, "\n".join(problems)
    assert compared_rows > 200, "the comparison would be vacuous"


def test_snowflake_sql_uses_upper_case_quoted_identifiers_and_qmark_binds(compiled):
    for e in compiled:
        assert '"MARTS"."' in e["sql"] and "?" in e["sql"] and '"marts"' not in e["sql"]
        assert e["sql"].count("?") == len(e["parameters"]), e["query"]
        assert e["tenant"] in e["parameters"]


def test_a_wrong_result_is_detected(compiled, built_port):
    """The comparison is not vacuous: a Snowflake result for another date range differs from the DuckDB rows."""
    e = next(x for x in compiled if x["query"] == "weekly" and x["role"] == "current")
    bad = {**e, "parameters": [p if p != "2026-10-25" else "2026-10-18" for p in e["parameters"]]}
    assert bad["parameters"] != e["parameters"]
    cols, rows = run_snowflake(built_port, bad)
    assert compare(e, cols, rows)
