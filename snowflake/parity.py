"""Row-level comparison of the marts dbt-snowflake built on fakesnow with the marts dbt-duckdb built from the same raw
data. Values are normalised to JSON-like Python values first (Decimal/int/float -> float rounded, date/datetime ->
ISO text, naive UTC), then whole tables are compared as multisets of rows: stronger than counts and totals, and the
counts and per-column totals are reported as well so a failure says where it differs."""

from __future__ import annotations

import datetime as dt
import decimal
import math
from typing import Any, Iterable

# Floating-point sums (spend, fx conversion) may differ in the last bits between engines and aggregation orders.
REL_TOL = 1e-9


def norm(v: Any) -> Any:
    """A value as the API would send it in JSON (the type mapping under test)."""
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, decimal.Decimal, float)):
        f = float(v)
        if math.isnan(f):
            return "NaN"
        return f + 0.0
    if isinstance(v, dt.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return v.isoformat(sep="T", timespec="microseconds")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def unmatched(a_rows: Iterable[list], b_rows: Iterable[list]) -> tuple[list[tuple], list[tuple]]:
    """Rows of a without an equal row in b and vice versa (multisets). Exact on text, dates and booleans; numbers
    equal within REL_TOL (pairs sorted within each group of rows that agree on every non-numeric value)."""

    def split(rows: Iterable[list]) -> dict[tuple, list[tuple]]:
        groups: dict[tuple, list[tuple]] = {}
        for r in rows:
            n = tuple(norm(v) for v in r)
            key = tuple("<num>" if isinstance(v, float) else v for v in n)
            groups.setdefault(key, []).append(n)
        return groups

    ga, gb = split(a_rows), split(b_rows)
    only_a: list[tuple] = []
    only_b: list[tuple] = []
    for key in set(ga) | set(gb):
        xs = sorted(ga.get(key, []), key=_sort_key)
        ys = sorted(gb.get(key, []), key=_sort_key)
        for x, y in zip(xs, ys):
            if not all(v == w or (isinstance(v, float) and isinstance(w, float) and close(v, w)) for v, w in zip(x, y)):
                only_a.append(x)
                only_b.append(y)
        only_a += xs[len(ys):]
        only_b += ys[len(xs):]
    return only_a, only_b


def _sort_key(r: tuple) -> tuple:
    return tuple((0, v) if isinstance(v, float) else (1, 0.0) for v in r)


def totals(columns: list[str], rows: list[tuple]) -> dict[str, float]:
    """Sum of every numeric column (bool excluded)."""
    out: dict[str, float] = {}
    for i, c in enumerate(columns):
        vals = [r[i] for r in rows if r[i] is not None]
        if vals and all(isinstance(v, (int, float, decimal.Decimal)) and not isinstance(v, bool) for v in vals):
            out[c] = float(sum(float(v) for v in vals))
    return out


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-6)


def diff_tables(name: str, s_cols: list[str], s_rows: list[tuple], d_cols: list[str], d_rows: list[tuple]) -> list[str]:
    """Problems found comparing the Snowflake-built table with the DuckDB-built one (empty = identical)."""
    problems: list[str] = []
    s_cols = [c.lower() for c in s_cols]
    d_cols = [c.lower() for c in d_cols]
    if sorted(s_cols) != sorted(d_cols):
        problems.append(f"{name}: columns differ: only snowflake {sorted(set(s_cols) - set(d_cols))}, "
                        f"only duckdb {sorted(set(d_cols) - set(s_cols))}")
        return problems
    if len(s_rows) != len(d_rows):
        problems.append(f"{name}: row count snowflake {len(s_rows)} != duckdb {len(d_rows)}")
    st, dtt = totals(s_cols, s_rows), totals(d_cols, d_rows)
    for c in sorted(set(st) | set(dtt)):
        if c not in st or c not in dtt or not close(st[c], dtt[c]):
            problems.append(f"{name}.{c}: total snowflake {st.get(c)} != duckdb {dtt.get(c)}")
    order = sorted(s_cols)
    si = [s_cols.index(c) for c in order]
    di = [d_cols.index(c) for c in order]
    only_s, only_d = unmatched([[r[i] for i in si] for r in s_rows], [[r[i] for i in di] for r in d_rows])
    if only_s or only_d:
        named = lambda r: tuple(zip(order, r))  # noqa: E731
        problems.append(f"{name}: {len(only_s)} rows only in snowflake, e.g. {[named(r) for r in only_s[:3]]}; "
                        f"{len(only_d)} only in duckdb, e.g. {[named(r) for r in only_d[:3]]}")
    return problems
