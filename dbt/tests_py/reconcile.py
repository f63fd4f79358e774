"""Comparison of two aggregates computed in SQL: the expectation (plain SQL over raw.duckdb) and the marts."""

from __future__ import annotations

import duckdb

REL_TOL = 1e-6


def mismatches(
    con: duckdb.DuckDBPyConnection,
    expected_sql: str,
    actual_sql: str,
    keys: list[str],
    measures: list[str],
    limit: int = 10,
) -> tuple[int, list[tuple]]:
    """Rows (keys, expected, actual per measure) where the two queries disagree, and the expected row count.

    Both queries return the key columns and the measure columns. A key present on one side only is a mismatch; a
    measure differs when |expected - actual| > REL_TOL * max(1, |expected|).
    """
    on = " and ".join(f"e.{k} is not distinct from a.{k}" for k in keys)
    differs = " or ".join(
        f"abs(coalesce(e.{m}, 0) - coalesce(a.{m}, 0)) > {REL_TOL} * greatest(1, abs(coalesce(e.{m}, 0)))"
        for m in measures
    )
    select_keys = ", ".join(f"coalesce(e.{k}, a.{k}) as {k}" for k in keys)
    select_measures = ", ".join(f"e.{m} as expected_{m}, a.{m} as actual_{m}" for m in measures)
    sql = f"""
        with e as ({expected_sql}), a as ({actual_sql})
        select {select_keys}, {select_measures}, e.{keys[0]} is null as missing_expected,
            a.{keys[0]} is null as missing_actual
        from e full outer join a on {on}
        where e.{keys[0]} is null or a.{keys[0]} is null or {differs}
        order by all
        limit {limit}
    """
    bad = con.execute(sql).fetchall()
    expected_rows = con.execute(f"select count(*) from ({expected_sql})").fetchone()[0]
    return expected_rows, bad


def assert_reconciles(con, expected_sql: str, actual_sql: str, keys: list[str], measures: list[str]) -> int:
    expected_rows, bad = mismatches(con, expected_sql, actual_sql, keys, measures)
    assert expected_rows > 0, "the raw side is empty: nothing was reconciled"
    assert not bad, f"{len(bad)}+ mismatching rows (keys {keys}, measures {measures}); first: {bad[:5]}"
    return expected_rows
